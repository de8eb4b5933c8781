//! `reg export` files (version 5 and REGEDIT4).

use super::{Format, ParseError};
use crate::model::RegKey;
use crate::source::Source;

/// Recognizes a registry export by its header line.
pub fn sniff(text: &str) -> Option<Format> {
    let first = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    match first {
        "Windows Registry Editor Version 5.00" => Some(Format::RegV5),
        "REGEDIT4" => Some(Format::Regedit4),
        _ => None,
    }
}

/// Parses a registry export.
pub fn parse(_source: &Source) -> Result<Vec<RegKey>, ParseError> {
    Err(ParseError::whole_file("registry exports are not read yet"))
}
