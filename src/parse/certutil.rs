//! `certutil -store [-v] <store>` and `certutil -dump` text.

use super::ParseError;
use crate::model::Certificate;
use crate::source::Source;

/// Recognizes `certutil -store [-v] <store>` and `certutil -dump` text.
pub fn sniff(_text: &str) -> bool {
    false
}

/// Parses `certutil -store [-v] <store>` and `certutil -dump` text.
pub fn parse(_source: &Source) -> Result<Vec<Certificate>, ParseError> {
    Err(ParseError::whole_file("not read yet"))
}
