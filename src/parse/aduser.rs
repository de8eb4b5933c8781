//! `Get-ADUser … | ConvertTo-Json`.

use super::ParseError;
use crate::model::AdAccount;
use crate::source::Source;

/// Recognizes `Get-ADUser … | ConvertTo-Json`.
pub fn sniff(_text: &str) -> bool {
    false
}

/// Parses `Get-ADUser … | ConvertTo-Json`.
pub fn parse(_source: &Source) -> Result<Vec<AdAccount>, ParseError> {
    Err(ParseError::whole_file("not read yet"))
}
