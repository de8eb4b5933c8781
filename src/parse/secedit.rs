//! `secedit /export /areas USER_RIGHTS` (INI).

use super::ParseError;
use crate::model::UserRight;
use crate::source::Source;

/// Recognizes `secedit /export /areas USER_RIGHTS` (INI).
pub fn sniff(_text: &str) -> bool {
    false
}

/// Parses `secedit /export /areas USER_RIGHTS` (INI).
pub fn parse(_source: &Source) -> Result<Vec<UserRight>, ParseError> {
    Err(ParseError::whole_file("not read yet"))
}
