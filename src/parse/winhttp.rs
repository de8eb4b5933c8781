//! `netsh winhttp show proxy`.

use super::ParseError;
use crate::model::WinHttpProxy;
use crate::source::Source;

/// Recognizes `netsh winhttp show proxy` output.
pub fn sniff(text: &str) -> bool {
    text.contains("Current WinHTTP proxy settings:")
}

/// Parses `netsh winhttp show proxy` output.
pub fn parse(_source: &Source) -> Result<WinHttpProxy, ParseError> {
    Err(ParseError::whole_file("not read yet"))
}
