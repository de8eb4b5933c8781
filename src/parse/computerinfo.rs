//! `Get-ComputerInfo | ConvertTo-Json`.

use super::ParseError;
use crate::model::SystemInfo;
use crate::source::Source;

/// Recognizes `Get-ComputerInfo | ConvertTo-Json`.
pub fn sniff(_text: &str) -> bool {
    false
}

/// Parses `Get-ComputerInfo | ConvertTo-Json`.
pub fn parse(_source: &Source) -> Result<SystemInfo, ParseError> {
    Err(ParseError::whole_file("not read yet"))
}
