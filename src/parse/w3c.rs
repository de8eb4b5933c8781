//! IIS W3C logs (`u_ex*.log`).

use super::ParseError;
use crate::model::LogRecord;
use crate::source::Source;

/// Recognizes IIS W3C logs (`u_ex*.log`).
pub fn sniff(_text: &str) -> bool {
    false
}

/// Parses IIS W3C logs (`u_ex*.log`).
pub fn parse(_source: &Source) -> Result<Vec<LogRecord>, ParseError> {
    Err(ParseError::whole_file("not read yet"))
}
