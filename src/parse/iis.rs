//! IIS `applicationHost.config`.

use super::ParseError;
use crate::model::IisConfig;
use crate::source::Source;

/// Recognizes IIS `applicationHost.config`.
pub fn sniff(_text: &str) -> bool {
    false
}

/// Parses IIS `applicationHost.config`.
pub fn parse(_source: &Source) -> Result<IisConfig, ParseError> {
    Err(ParseError::whole_file("not read yet"))
}
