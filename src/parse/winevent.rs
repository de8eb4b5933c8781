//! `Get-WinEvent … | ConvertTo-Json`.

use super::ParseError;
use crate::model::Event;
use crate::source::Source;

/// Recognizes `Get-WinEvent … | ConvertTo-Json`.
pub fn sniff(_text: &str) -> bool {
    false
}

/// Parses `Get-WinEvent … | ConvertTo-Json`.
pub fn parse(_source: &Source) -> Result<Vec<Event>, ParseError> {
    Err(ParseError::whole_file("not read yet"))
}
