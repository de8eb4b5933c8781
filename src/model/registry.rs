//! Registry keys and values, as read from `.reg` exports.

use super::Spanned;
use crate::source::Span;

/// A registry key with its values.
#[derive(Debug, Clone, PartialEq)]
pub struct RegKey {
    /// Canonical path: root abbreviated (`HKLM`, `HKU`, `HKCU`, `HKCR`, `HKCC`), the rest as
    /// written; the span covers the path between the header's brackets.
    pub path: Spanned<String>,
    /// The values written under the key, in file order.
    pub values: Vec<RegValue>,
    /// `[-HKEY_...]`: the file deletes this key.
    pub deleted: bool,
}

/// One registry value.
#[derive(Debug, Clone, PartialEq)]
pub struct RegValue {
    /// The value's name; empty for the default value (`@`).
    pub name: Spanned<String>,
    /// The value's data; `None` when the file deletes the value (`"Name"=-`).
    pub data: Option<Spanned<RegData>>,
    /// The whole value line (continuation lines included).
    pub span: Span,
}

/// Typed registry data.
#[derive(Debug, Clone, PartialEq)]
pub enum RegData {
    /// REG_SZ.
    Sz(String),
    /// REG_EXPAND_SZ (unexpanded).
    ExpandSz(String),
    /// REG_MULTI_SZ.
    MultiSz(Vec<String>),
    /// REG_DWORD.
    Dword(u32),
    /// REG_QWORD.
    Qword(u64),
    /// REG_BINARY.
    Binary(Vec<u8>),
    /// REG_NONE.
    None(Vec<u8>),
    /// Any other type code, as raw bytes.
    Other {
        /// The registry type code.
        kind: u32,
        /// The raw bytes.
        bytes: Vec<u8>,
    },
}

impl RegData {
    /// The registry type name (`REG_SZ`, `REG_DWORD`, ...).
    pub fn type_name(&self) -> String {
        match self {
            RegData::Sz(_) => "REG_SZ".into(),
            RegData::ExpandSz(_) => "REG_EXPAND_SZ".into(),
            RegData::MultiSz(_) => "REG_MULTI_SZ".into(),
            RegData::Dword(_) => "REG_DWORD".into(),
            RegData::Qword(_) => "REG_QWORD".into(),
            RegData::Binary(_) => "REG_BINARY".into(),
            RegData::None(_) => "REG_NONE".into(),
            RegData::Other { kind, .. } => format!("REG_TYPE_{kind:#x}"),
        }
    }
}

/// Canonical form of a key path: `HKEY_LOCAL_MACHINE\X` becomes `HKLM\X` (roots matched
/// case-insensitively; short roots accepted as they are).
pub fn canonical_key_path(path: &str) -> String {
    let path = path.trim().trim_end_matches('\\');
    let (root, rest) = match path.split_once('\\') {
        Some((root, rest)) => (root, Some(rest)),
        None => (path, None),
    };
    let short = match root.to_ascii_uppercase().as_str() {
        "HKEY_LOCAL_MACHINE" | "HKLM" => "HKLM",
        "HKEY_USERS" | "HKU" => "HKU",
        "HKEY_CURRENT_USER" | "HKCU" => "HKCU",
        "HKEY_CLASSES_ROOT" | "HKCR" => "HKCR",
        "HKEY_CURRENT_CONFIG" | "HKCC" => "HKCC",
        _ => root,
    };
    match rest {
        Some(rest) => format!("{short}\\{rest}"),
        None => short.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_are_abbreviated() {
        assert_eq!(
            canonical_key_path("HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP"),
            "HKLM\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP"
        );
        assert_eq!(
            canonical_key_path("hkey_users\\S-1-5-18\\"),
            "HKU\\S-1-5-18"
        );
        assert_eq!(canonical_key_path("HKCU"), "HKCU");
    }
}
