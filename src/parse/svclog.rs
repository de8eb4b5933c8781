//! the legacy connector's `.svclog` XML traces.

use super::ParseError;
use crate::model::LogRecord;
use crate::source::Source;

/// Recognizes the legacy connector's `.svclog` XML traces.
pub fn sniff(_text: &str) -> bool {
    false
}

/// Parses the legacy connector's `.svclog` XML traces.
pub fn parse(_source: &Source) -> Result<Vec<LogRecord>, ParseError> {
    Err(ParseError::whole_file("not read yet"))
}
