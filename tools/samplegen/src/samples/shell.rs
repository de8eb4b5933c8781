//! Which shell wrote a file decides its bytes: Windows PowerShell 5.1 `>` writes UTF-16LE
//! with a BOM, PowerShell 7 UTF-8 without one (and passes native output through as is), and
//! `ConvertTo-Json` lays out and dates values differently in each.

use time::OffsetDateTime;

use super::clock::{ps7_date, ps51_date};
use crate::json::{self, Json};
use crate::winfmt::{CRLF, crlf_lines, utf16le_bom};

/// The shell a file was collected with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shell {
    /// Windows PowerShell 5.1 (the collector on these servers).
    WindowsPowerShell,
    /// PowerShell 7.4+, pasted by hand.
    PowerShell7,
}

impl Shell {
    /// `<cmdlet> | ConvertTo-Json > file`.
    pub fn json_file(self, value: &Json) -> Vec<u8> {
        match self {
            Shell::WindowsPowerShell => utf16le_bom(&(json::ps51(value) + CRLF)),
            Shell::PowerShell7 => (json::ps7(value) + CRLF).into_bytes(),
        }
    }

    /// A console program's output redirected with `>` (or captured and `Out-File`d by the
    /// collector): re-encoded by Windows PowerShell, passed through by PowerShell 7.4.
    pub fn native_file<S: AsRef<str>>(self, lines: &[S]) -> Vec<u8> {
        self.text_file(&crlf_lines(lines))
    }

    /// Text PowerShell itself writes with `>` / `Out-File`.
    pub fn text_file(self, text: &str) -> Vec<u8> {
        match self {
            Shell::WindowsPowerShell => utf16le_bom(text),
            Shell::PowerShell7 => text.as_bytes().to_vec(),
        }
    }

    /// A `DateTime` value in `ConvertTo-Json`.
    pub fn date(self, instant: OffsetDateTime) -> Json {
        match self {
            Shell::WindowsPowerShell => Json::Raw(ps51_date(instant)),
            Shell::PowerShell7 => Json::str(ps7_date(instant)),
        }
    }
}

/// An enum value: its number, or its name under `-EnumsAsStrings`.
pub fn enum_value(as_strings: bool, number: i64, name: &str) -> Json {
    if as_strings {
        Json::str(name)
    } else {
        Json::Int(number)
    }
}
