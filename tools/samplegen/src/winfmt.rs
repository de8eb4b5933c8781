//! Byte-level encoders for text the way Windows tools write it, plus the small
//! console outputs (`netsh winhttp show proxy`, `systeminfo`, `certutil -encode`).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// Windows line ending.
pub const CRLF: &str = "\r\n";

/// UTF-16LE with a BOM (`FF FE`): `reg export`, Windows PowerShell 5.1 `>` / `Out-File`.
pub fn utf16le_bom(text: &str) -> Vec<u8> {
    let mut out = vec![0xff, 0xfe];
    out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    out
}

/// UTF-8 with a BOM (`EF BB BF`): Windows PowerShell 5.1 `-Encoding UTF8`.
pub fn utf8_bom(text: &str) -> Vec<u8> {
    let mut out = vec![0xef, 0xbb, 0xbf];
    out.extend_from_slice(text.as_bytes());
    out
}

/// Joins lines with CRLF and ends the last one with CRLF too, as `Out-File` and
/// console redirection do.
pub fn crlf_lines<S: AsRef<str>>(lines: &[S]) -> String {
    let mut out = String::new();
    for line in lines {
        out.push_str(line.as_ref());
        out.push_str(CRLF);
    }
    out
}

/// What the WinHTTP machine proxy is set to.
// Every sample is direct today; `Named` is kept (and tested) for proxy scenarios.
#[cfg_attr(not(test), allow(dead_code))]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WinHttpProxy {
    /// `netsh winhttp reset proxy` state.
    Direct,
    /// A named proxy with an optional bypass list.
    Named {
        /// `Proxy Server(s)`.
        server: String,
        /// `Bypass List`; `None` prints `(none)`.
        bypass: Option<String>,
    },
}

/// `netsh winhttp show proxy` output (English), as text with CRLF line ends.
pub fn netsh_winhttp_show_proxy(proxy: &WinHttpProxy) -> String {
    let mut lines = vec![
        String::new(),
        "Current WinHTTP proxy settings:".into(),
        String::new(),
    ];
    match proxy {
        WinHttpProxy::Direct => lines.push("    Direct access (no proxy server).".into()),
        WinHttpProxy::Named { server, bypass } => {
            lines.push(format!("    Proxy Server(s) :  {server}"));
            let bypass = bypass.as_deref().unwrap_or("(none)");
            lines.push(format!("    Bypass List     :  {bypass}"));
        }
    }
    lines.push(String::new());
    crlf_lines(&lines)
}

/// One `systeminfo` field: a label and one or more value lines.
pub struct SysInfoField<'a> {
    /// The label without the colon, e.g. `Host Name`.
    pub label: &'a str,
    /// The first value line (may be empty).
    pub value: String,
    /// Continuation lines, written as-is after the 27-column indent.
    pub more: Vec<String>,
}

impl<'a> SysInfoField<'a> {
    /// A single-line field.
    pub fn one(label: &'a str, value: impl Into<String>) -> Self {
        Self {
            label,
            value: value.into(),
            more: Vec::new(),
        }
    }
}

/// `systeminfo` output: a leading blank line, then `Label:` padded to 27 columns.
pub fn systeminfo(fields: &[SysInfoField<'_>]) -> String {
    const COLUMN: usize = 27;
    let mut lines = vec![String::new()];
    for field in fields {
        let label = format!("{}:", field.label);
        if field.value.is_empty() {
            // An empty value gets no padding (seen on `Registered Organization:`).
            lines.push(label);
        } else {
            lines.push(format!("{label:<COLUMN$}{}", field.value));
        }
        for more in &field.more {
            lines.push(format!("{:COLUMN$}{more}", ""));
        }
    }
    crlf_lines(&lines)
}

/// `certutil -encode` output: base64 in 64-character lines between the CERTIFICATE
/// markers, CRLF, no BOM.
pub fn certutil_encode(der: &[u8]) -> String {
    let b64 = STANDARD.encode(der);
    let mut lines = vec!["-----BEGIN CERTIFICATE-----".to_owned()];
    lines.extend(
        b64.as_bytes()
            .chunks(64)
            .map(|chunk| String::from_utf8_lossy(chunk).into_owned()),
    );
    lines.push("-----END CERTIFICATE-----".to_owned());
    crlf_lines(&lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16le_has_bom_and_crlf_as_two_byte_units() {
        let bytes = utf16le_bom("A\r\n");
        assert_eq!(bytes, [0xff, 0xfe, b'A', 0, 0x0d, 0, 0x0a, 0]);
    }

    #[test]
    fn netsh_direct_matches_the_documented_bytes() {
        let text = netsh_winhttp_show_proxy(&WinHttpProxy::Direct);
        assert_eq!(
            text,
            "\r\nCurrent WinHTTP proxy settings:\r\n\r\n    Direct access (no proxy server).\r\n\r\n"
        );
    }

    #[test]
    fn netsh_named_proxy_aligns_the_colons() {
        let text = netsh_winhttp_show_proxy(&WinHttpProxy::Named {
            server: "proxy.contoso.com:8080".into(),
            bypass: None,
        });
        assert!(text.contains("    Proxy Server(s) :  proxy.contoso.com:8080\r\n"));
        assert!(text.contains("    Bypass List     :  (none)\r\n"));
    }

    #[test]
    fn systeminfo_labels_fill_27_columns() {
        let text = systeminfo(&[
            SysInfoField::one("Host Name", "NDES01"),
            SysInfoField::one("Registered Organization", ""),
            SysInfoField::one("Virtual Memory: Available", "5,902 MB"),
        ]);
        assert_eq!(
            text,
            "\r\nHost Name:                 NDES01\r\nRegistered Organization:\r\nVirtual Memory: Available: 5,902 MB\r\n"
        );
    }

    #[test]
    fn certutil_lines_are_64_wide_with_crlf() {
        let text = certutil_encode(&[0u8; 100]);
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(lines[0], "-----BEGIN CERTIFICATE-----");
        assert_eq!(lines[1].len(), 64);
        assert_eq!(lines[3].len(), 8);
        assert_eq!(lines[4], "-----END CERTIFICATE-----");
        assert!(text.ends_with("-----END CERTIFICATE-----\r\n"));
    }
}
