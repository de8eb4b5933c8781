//! PKCS#7 (`.p7b`) and PFX/PKCS#12 files.

use super::{ParseContext, ParseError};
use crate::model::Certificate;
use crate::source::{Source, ViewSink};

/// Recognizes a DER PKCS#7 SignedData.
pub fn sniff_pkcs7(_bytes: &[u8]) -> bool {
    false
}

/// Recognizes PEM PKCS#7 (`-----BEGIN PKCS7-----`).
pub fn sniff_pkcs7_pem(_text: &str) -> bool {
    false
}

/// Recognizes a DER PKCS#12 (PFX).
pub fn sniff_pkcs12(_bytes: &[u8]) -> bool {
    false
}

/// Parses a PKCS#7 file (DER, or PEM text).
pub fn parse_pkcs7(
    _source: &Source,
    _views: &mut ViewSink<'_>,
) -> Result<Vec<Certificate>, ParseError> {
    Err(ParseError::whole_file("not read yet"))
}

/// Parses a PFX, trying the passwords the context gives (then the empty password).
pub fn parse_pkcs12(
    _source: &Source,
    _views: &mut ViewSink<'_>,
    _context: &ParseContext,
) -> Result<Vec<Certificate>, ParseError> {
    Err(ParseError::whole_file("not read yet"))
}
