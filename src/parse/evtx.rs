//! Native `.evtx` event logs.

use super::ParseError;
use crate::model::Event;
use crate::source::{Source, ViewSink};

/// Recognizes an `.evtx` file by its `ElfFile\0` magic.
pub fn sniff(bytes: &[u8]) -> bool {
    bytes.starts_with(b"ElfFile\0")
}

/// Parses an `.evtx` file; records point into a decoded view.
pub fn parse(_source: &Source, _views: &mut ViewSink<'_>) -> Result<Vec<Event>, ParseError> {
    Err(ParseError::whole_file("not read yet"))
}
