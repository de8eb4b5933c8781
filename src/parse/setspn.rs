//! `setspn -L <account>` text.

use super::ParseError;
use crate::model::AdAccount;
use crate::source::Source;

/// Recognizes `setspn -L <account>` text.
pub fn sniff(_text: &str) -> bool {
    false
}

/// Parses `setspn -L <account>` text.
pub fn parse(_source: &Source) -> Result<AdAccount, ParseError> {
    Err(ParseError::whole_file("not read yet"))
}
