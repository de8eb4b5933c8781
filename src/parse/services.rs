//! `Get-Service | ConvertTo-Json`.

use super::ParseError;
use crate::model::Service;
use crate::source::Source;

/// Recognizes `Get-Service | ConvertTo-Json` output.
pub fn sniff(text: &str) -> bool {
    let t = text.trim_start();
    (t.starts_with('{') || t.starts_with('[')) && t.contains("\"ServiceName\"")
}

/// Parses `Get-Service | ConvertTo-Json` output.
pub fn parse(_source: &Source) -> Result<Vec<Service>, ParseError> {
    Err(ParseError::whole_file("not read yet"))
}
