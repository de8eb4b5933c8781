//! `net localgroup <group>` text.

use super::ParseError;
use crate::model::LocalGroup;
use crate::source::Source;

/// Recognizes `net localgroup <group>` text.
pub fn sniff(_text: &str) -> bool {
    false
}

/// Parses `net localgroup <group>` text.
pub fn parse(_source: &Source) -> Result<LocalGroup, ParseError> {
    Err(ParseError::whole_file("not read yet"))
}
