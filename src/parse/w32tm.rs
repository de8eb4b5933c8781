//! `w32tm /query /status` text.

use super::ParseError;
use crate::model::TimeStatus;
use crate::source::Source;

/// Recognizes `w32tm /query /status` text.
pub fn sniff(_text: &str) -> bool {
    false
}

/// Parses `w32tm /query /status` text.
pub fn parse(_source: &Source) -> Result<TimeStatus, ParseError> {
    Err(ParseError::whole_file("not read yet"))
}
