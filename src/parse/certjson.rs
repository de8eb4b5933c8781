//! `Get-ChildItem Cert:\\… | ConvertTo-Json`.

use super::ParseError;
use crate::model::Certificate;
use crate::source::Source;

/// Recognizes `Get-ChildItem Cert:\\… | ConvertTo-Json`.
pub fn sniff(_text: &str) -> bool {
    false
}

/// Parses `Get-ChildItem Cert:\\… | ConvertTo-Json`.
pub fn parse(_source: &Source) -> Result<Vec<Certificate>, ParseError> {
    Err(ParseError::whole_file("not read yet"))
}
