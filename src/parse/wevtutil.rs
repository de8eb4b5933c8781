//! `wevtutil qe … /f:text`.

use super::ParseError;
use crate::model::Event;
use crate::source::Source;

/// Recognizes `wevtutil qe … /f:text`.
pub fn sniff(_text: &str) -> bool {
    false
}

/// Parses `wevtutil qe … /f:text`.
pub fn parse(_source: &Source) -> Result<Vec<Event>, ParseError> {
    Err(ParseError::whole_file("not read yet"))
}
