//! Plain text logs (connector and installer logs).

use super::ParseError;
use crate::model::LogRecord;
use crate::source::Source;

/// Recognizes a text log: a `.log` file name.
pub fn sniff(path: &str, _text: &str) -> bool {
    path.to_ascii_lowercase().ends_with(".log")
}

/// Parses a text log into one record per line.
pub fn parse(_source: &Source) -> Result<Vec<LogRecord>, ParseError> {
    Err(ParseError::whole_file("not read yet"))
}
