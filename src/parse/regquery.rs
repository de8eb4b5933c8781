//! `reg query … /s` text.

use super::ParseError;
use crate::model::RegKey;
use crate::source::Source;

/// Recognizes `reg query … /s` text.
pub fn sniff(_text: &str) -> bool {
    false
}

/// Parses `reg query … /s` text.
pub fn parse(_source: &Source) -> Result<Vec<RegKey>, ParseError> {
    Err(ParseError::whole_file("not read yet"))
}
