//! `Get-WindowsFeature | ConvertTo-Json`.

use super::ParseError;
use crate::model::Feature;
use crate::source::Source;

/// Recognizes `Get-WindowsFeature | ConvertTo-Json`.
pub fn sniff(_text: &str) -> bool {
    false
}

/// Parses `Get-WindowsFeature | ConvertTo-Json`.
pub fn parse(_source: &Source) -> Result<Vec<Feature>, ParseError> {
    Err(ParseError::whole_file("not read yet"))
}
