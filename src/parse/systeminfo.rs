//! `systeminfo` text.

use super::ParseError;
use crate::model::SystemInfo;
use crate::source::Source;

/// Recognizes `systeminfo` output.
pub fn sniff(text: &str) -> bool {
    text.contains("Host Name:") && text.contains("OS Name:")
}

/// Parses `systeminfo` output.
pub fn parse(_source: &Source) -> Result<SystemInfo, ParseError> {
    Err(ParseError::whole_file("not read yet"))
}
