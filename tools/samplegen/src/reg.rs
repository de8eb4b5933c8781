//! `reg export` (Registry Editor version 5) writer, byte-exact including the hex
//! line wrapping.

use crate::winfmt::{CRLF, utf16le_bom};

/// Registry value data, by type.
// The samples need only some types; the rest are kept for the formats.md round-trip tests.
#[cfg_attr(not(test), allow(dead_code))]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegData {
    /// REG_SZ.
    Sz(String),
    /// REG_EXPAND_SZ, stored unexpanded.
    ExpandSz(String),
    /// REG_MULTI_SZ.
    MultiSz(Vec<String>),
    /// REG_DWORD.
    Dword(u32),
    /// REG_QWORD.
    Qword(u64),
    /// REG_BINARY.
    Binary(Vec<u8>),
}

/// One registry key with its values (in creation order) and subkeys.
#[derive(Debug, Clone, Default)]
pub struct RegKey {
    /// Full path with the long root name, e.g. `HKEY_LOCAL_MACHINE\SOFTWARE\...`.
    pub path: String,
    /// `(name, data)`; `None` is the default value `@`.
    pub values: Vec<(Option<String>, RegData)>,
    /// Child keys; export sorts them the way the registry enumerates them.
    pub subkeys: Vec<RegKey>,
}

impl RegKey {
    /// An empty key at `path`.
    pub fn new(path: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            ..Self::default()
        }
    }

    /// Adds a named value.
    pub fn value(mut self, name: &str, data: RegData) -> Self {
        self.values.push((Some(name.to_owned()), data));
        self
    }

    /// Sets the default (`@`) value.
    pub fn default_value(mut self, data: RegData) -> Self {
        self.values.push((None, data));
        self
    }

    /// Adds a subkey named `name` built by `build` from an empty key.
    pub fn subkey(mut self, name: &str, build: impl FnOnce(RegKey) -> RegKey) -> Self {
        let child = build(RegKey::new(format!("{}\\{name}", self.path)));
        self.subkeys.push(child);
        self
    }

    fn leaf_name(&self) -> &str {
        self.path.rsplit('\\').next().unwrap_or(&self.path)
    }
}

/// The text of a `reg export` file for `key` (CRLF line ends, before encoding).
pub fn export_text(key: &RegKey) -> String {
    let mut out = String::from("Windows Registry Editor Version 5.00");
    out.push_str(CRLF);
    out.push_str(CRLF);
    write_key(&mut out, key);
    out
}

/// The bytes of a `reg export` file: UTF-16LE with BOM, always.
pub fn export(key: &RegKey) -> Vec<u8> {
    utf16le_bom(&export_text(key))
}

fn write_key(out: &mut String, key: &RegKey) {
    out.push('[');
    out.push_str(&key.path);
    out.push(']');
    out.push_str(CRLF);
    for (name, data) in &key.values {
        let name = match name {
            Some(name) => format!("\"{}\"", escape(name)),
            None => "@".to_owned(),
        };
        out.push_str(&value_line(&name, data));
        out.push_str(CRLF);
    }
    out.push_str(CRLF);
    // RegEnumKeyEx returns subkeys sorted case-insensitively; export walks them depth-first.
    let mut children: Vec<&RegKey> = key.subkeys.iter().collect();
    children.sort_by_key(|child| child.leaf_name().to_lowercase());
    for child in children {
        write_key(out, child);
    }
}

/// One `name=data` line; `name` already quoted (or `@`).
pub fn value_line(name: &str, data: &RegData) -> String {
    match data {
        RegData::Sz(text) => format!("{name}=\"{}\"", escape(text)),
        RegData::Dword(v) => format!("{name}=dword:{v:08x}"),
        RegData::Binary(bytes) => format!("{name}=hex:{}", hex_bytes(name, bytes)),
        RegData::ExpandSz(text) => {
            format!("{name}=hex(2):{}", hex_bytes(name, &utf16z(text)))
        }
        RegData::MultiSz(items) => {
            let mut bytes: Vec<u8> = items.iter().flat_map(|item| utf16z(item)).collect();
            bytes.extend_from_slice(&[0, 0]);
            format!("{name}=hex(7):{}", hex_bytes(name, &bytes))
        }
        RegData::Qword(v) => format!("{name}=hex(b):{}", hex_bytes(name, &v.to_le_bytes())),
    }
}

/// Only backslash and double quote are escaped in names and REG_SZ data.
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

/// UTF-16LE code units plus the terminating NUL.
fn utf16z(text: &str) -> Vec<u8> {
    text.encode_utf16()
        .chain(std::iter::once(0))
        .flat_map(u16::to_le_bytes)
        .collect()
}

/// Comma-separated lowercase hex with Windows' wrapping: the column counter starts at
/// `len(name) + 1 + 4` (as if the prefix were always `hex:`), each byte adds 3, and once
/// it reaches 76 with more bytes to come the line breaks as `\` CRLF + two spaces.
pub fn hex_bytes(quoted_name: &str, bytes: &[u8]) -> String {
    let mut out = String::new();
    let mut column = quoted_name.chars().count() + 1 + 4;
    for (i, byte) in bytes.iter().enumerate() {
        let more = i + 1 < bytes.len();
        out.push_str(&format!("{byte:02x}"));
        if more {
            out.push(',');
        }
        column += 3;
        if more && column >= 76 {
            out.push('\\');
            out.push_str(CRLF);
            out.push_str("  ");
            column = 2;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<&str> {
        text.split(CRLF).collect()
    }

    #[test]
    fn winhttp_settings_example_wraps_after_18_bytes() {
        let bytes = [
            0x18, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ];
        let line = value_line("\"WinHttpSettings\"", &RegData::Binary(bytes.to_vec()));
        assert_eq!(
            line,
            "\"WinHttpSettings\"=hex:18,00,00,00,00,00,00,00,01,00,00,00,00,00,00,00,00,00,\\\r\n  00,00"
        );
    }

    #[test]
    fn winhttp_settings_named_proxy_example() {
        let mut bytes = vec![0x28, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0x16, 0, 0, 0];
        bytes.extend_from_slice(b"proxy.contoso.com:8080");
        bytes.extend_from_slice(&[7, 0, 0, 0]);
        bytes.extend_from_slice(b"<local>");
        let line = value_line("\"WinHttpSettings\"", &RegData::Binary(bytes));
        assert_eq!(
            lines(&line),
            [
                "\"WinHttpSettings\"=hex:28,00,00,00,00,00,00,00,03,00,00,00,16,00,00,00,70,72,\\",
                "  6f,78,79,2e,63,6f,6e,74,6f,73,6f,2e,63,6f,6d,3a,38,30,38,30,07,00,00,00,3c,\\",
                "  6c,6f,63,61,6c,3e",
            ]
        );
    }

    #[test]
    fn default_connection_settings_takes_15_bytes_then_25() {
        let line = value_line(
            "\"DefaultConnectionSettings\"",
            &RegData::Binary(vec![0; 56]),
        );
        let lines = lines(&line);
        assert_eq!(lines[0].matches(',').count(), 15);
        assert!(lines[0].starts_with("\"DefaultConnectionSettings\"=hex:00,"));
        assert_eq!(lines[1], format!("  {}\\", "00,".repeat(25)));
        assert_eq!(lines[1].len(), 78);
        assert_eq!(lines[2], format!("  {}00", "00,".repeat(15)));
    }

    #[test]
    fn first_line_byte_counts_match_real_exports() {
        let first = |name: &str, data: RegData| {
            let line = value_line(name, &data);
            let first = lines(&line)[0].to_owned();
            first[first.find(':').unwrap() + 1..].matches(',').count()
        };
        assert_eq!(
            first("\"SavedLegacySettings\"", RegData::Binary(vec![0; 60])),
            17
        );
        assert_eq!(
            first("\"FailureActions\"", RegData::Binary(vec![0; 60])),
            19
        );
        let image_path = RegData::ExpandSz("%SystemRoot%\\system32\\svchost.exe -k netsvcs".into());
        assert_eq!(first("\"ImagePath\"", image_path), 20);
    }

    #[test]
    fn formats_md_second_sample_round_trips() {
        let key = RegKey::new(
            "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters",
        )
        .value("MaxFieldLength", RegData::Dword(0xfffe))
        .value(
            "Dependencies",
            RegData::MultiSz(vec!["RpcSs".into(), "HTTP".into()]),
        )
        .value("Path", RegData::ExpandSz("%SystemRoot%\\system32".into()))
        .value("InstallTime", RegData::Qword(0x01d9f3a2b4c5d6e7))
        .value("Empty", RegData::Binary(Vec::new()))
        .value("Quoted", RegData::Sz("say \"hi\" C:\\temp\\ndes".into()));
        let text = export_text(&key);
        let expected = [
            "Windows Registry Editor Version 5.00",
            "",
            "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters]",
            "\"MaxFieldLength\"=dword:0000fffe",
            "\"Dependencies\"=hex(7):52,00,70,00,63,00,53,00,73,00,00,00,48,00,54,00,54,00,50,\\",
            "  00,00,00,00,00",
            "\"Path\"=hex(2):25,00,53,00,79,00,73,00,74,00,65,00,6d,00,52,00,6f,00,6f,00,74,00,\\",
            "  25,00,5c,00,73,00,79,00,73,00,74,00,65,00,6d,00,33,00,32,00,00,00",
            "\"InstallTime\"=hex(b):e7,d6,c5,b4,a2,f3,d9,01",
            "\"Empty\"=hex:",
            "\"Quoted\"=\"say \\\"hi\\\" C:\\\\temp\\\\ndes\"",
            "",
            "",
        ];
        assert_eq!(lines(&text), expected);
    }

    #[test]
    fn subkeys_are_depth_first_in_case_insensitive_order() {
        let key = RegKey::new("HKEY_LOCAL_MACHINE\\X")
            .subkey("beta", |k| k.subkey("Inner", |k| k))
            .subkey("Alpha", |k| k.default_value(RegData::Dword(1)));
        let text = export_text(&key);
        let headers: Vec<&str> = lines(&text)
            .into_iter()
            .filter(|l| l.starts_with('['))
            .collect();
        assert_eq!(
            headers,
            [
                "[HKEY_LOCAL_MACHINE\\X]",
                "[HKEY_LOCAL_MACHINE\\X\\Alpha]",
                "[HKEY_LOCAL_MACHINE\\X\\beta]",
                "[HKEY_LOCAL_MACHINE\\X\\beta\\Inner]",
            ]
        );
        assert!(text.contains("[HKEY_LOCAL_MACHINE\\X\\Alpha]\r\n@=dword:00000001\r\n\r\n"));
    }

    #[test]
    fn export_is_utf16le_and_ends_with_a_blank_line() {
        let bytes = export(&RegKey::new("HKEY_LOCAL_MACHINE\\X"));
        assert_eq!(&bytes[..6], &[0xff, 0xfe, b'W', 0, b'i', 0]);
        assert!(bytes.ends_with(&[0x0d, 0, 0x0a, 0, 0x0d, 0, 0x0a, 0]));
    }
}
