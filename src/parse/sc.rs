//! `sc.exe query` / `sc.exe qc` text.

use super::ParseError;
use crate::model::Service;
use crate::source::Source;

/// Recognizes `sc.exe query` / `sc.exe qc` text.
pub fn sniff(_text: &str) -> bool {
    false
}

/// Parses `sc.exe query` / `sc.exe qc` text.
pub fn parse(_source: &Source) -> Result<Vec<Service>, ParseError> {
    Err(ParseError::whole_file("not read yet"))
}
