//! `netsh http show sslcert`.

use super::ParseError;
use crate::model::SslBinding;
use crate::source::Source;

/// Recognizes `netsh http show sslcert`.
pub fn sniff(_text: &str) -> bool {
    false
}

/// Parses `netsh http show sslcert`.
pub fn parse(_source: &Source) -> Result<Vec<SslBinding>, ParseError> {
    Err(ParseError::whole_file("not read yet"))
}
