//! `Get-Service | Export-Csv`.

use super::ParseError;
use crate::model::Service;
use crate::source::Source;

/// Recognizes `Get-Service | Export-Csv`.
pub fn sniff(_text: &str) -> bool {
    false
}

/// Parses `Get-Service | Export-Csv`.
pub fn parse(_source: &Source) -> Result<Vec<Service>, ParseError> {
    Err(ParseError::whole_file("not read yet"))
}
