//! Decoding the binary proxy settings Windows keeps in the registry
//! (`Connections\DefaultConnectionSettings`, `SavedLegacySettings`, `WinHttpSettings`).
//!
//! WinINET's blob (per user; `SavedLegacySettings` has the same layout) is little-endian:
//!
//! ```text
//! 46 00 00 00  0a 00 00 00  07 00 00 00  16 00 00 00   version 0x46, counter, flags, P
//! 70 72 6f 78 79 … 3a 38 30 38 30                      proxy "proxy.contoso.com:8080" (P bytes)
//! 15 00 00 00  3c 6c 6f 63 61 6c 3e …                  B, bypass "<local>;*.contoso.com"
//! 21 00 00 00  68 74 74 70 3a 2f 2f …                  U, PAC URL "http://wpad…/proxy.pac"
//! 00 × 32                                              auto-discovery trailer (ignored)
//! ```
//!
//! WinHTTP's `WinHttpSettings` (version `0x18` by default, `0x28` once `netsh winhttp set
//! proxy` wrote it) stops after the bypass list. Flags: 1 direct, 2 proxy, 4 PAC URL,
//! 8 auto-detect. Windows keeps a string when its checkbox is cleared ("remembered but
//! inactive"), so strings are decoded whatever the flags say: rules read `flags`.
//!
//! Every decoded field spans exactly the hex digits of its bytes in the file the value was
//! read from — across the `\` line continuations of a `.reg` file, or inside the contiguous
//! hex of `reg query` output. A truncated blob keeps the fields that fit.

use encoding_rs::WINDOWS_1252;

use super::{ProxyBlob, RegData, RegValue, Spanned};
use crate::source::{Source, Span};

/// Which blob a value holds, by its name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// WinINET (`DefaultConnectionSettings`, `SavedLegacySettings`): has a PAC URL.
    WinInet,
    /// WinHTTP (`WinHttpSettings`): no PAC URL.
    WinHttp,
}

impl Layout {
    fn of(value_name: &str) -> Option<Layout> {
        let is = |name: &str| value_name.eq_ignore_ascii_case(name);
        if is("DefaultConnectionSettings") || is("SavedLegacySettings") {
            Some(Layout::WinInet)
        } else if is("WinHttpSettings") {
            Some(Layout::WinHttp)
        } else {
            None
        }
    }
}

/// Decodes a proxy blob value; each decoded field spans the hex bytes it came from in
/// `source` (the file the value was read from).
pub fn decode(key: &str, value: &RegValue, source: &Source) -> Option<ProxyBlob> {
    let layout = Layout::of(&value.name.value)?;
    let data = value.data.as_ref()?;
    let RegData::Binary(bytes) = &data.value else {
        return None;
    };
    let blob = Blob {
        bytes,
        hex: hex_positions(source, data.span, bytes.len()),
        source,
        whole: data.span,
    };
    let version = blob.u32_at(0)?;
    let flags = blob.u32_at(8)?;
    let mut strings = StringReader {
        blob: &blob,
        at: 12,
    };
    let proxy = strings.next();
    let bypass = strings.next();
    let autoconfig_url = match layout {
        Layout::WinInet => strings.next(),
        Layout::WinHttp => None,
    };
    Some(ProxyBlob {
        key: key.to_string(),
        value_name: value.name.value.clone(),
        version: Some(version),
        flags,
        proxy,
        bypass,
        autoconfig_url,
    })
}

/// A blob's bytes and where each one is written in the source.
struct Blob<'a> {
    bytes: &'a [u8],
    /// The text range of each byte's two hex digits; empty when the text could not be matched
    /// to the bytes (then fields span the whole value data).
    hex: Vec<(usize, usize)>,
    source: &'a Source,
    whole: Option<Span>,
}

impl Blob<'_> {
    /// The little-endian u32 at byte `at`, spanned on its four bytes.
    fn u32_at(&self, at: usize) -> Option<Spanned<i64>> {
        let raw = self.bytes.get(at..at.checked_add(4)?)?;
        let le = <[u8; 4]>::try_from(raw).ok()?;
        Some(self.spanned(i64::from(u32::from_le_bytes(le)), at, at + 4))
    }

    /// `value`, spanned on bytes `start..end` (`end` > `start`).
    fn spanned<T>(&self, value: T, start: usize, end: usize) -> Spanned<T> {
        let located = self
            .hex
            .get(start)
            .zip(end.checked_sub(1).and_then(|last| self.hex.get(last)));
        let span = match located {
            Some((first, last)) => Some(self.source.span(first.0..last.1)),
            None => self.whole,
        };
        Spanned { value, span }
    }
}

/// Reads the length-prefixed strings one after the other.
struct StringReader<'b, 'a> {
    blob: &'b Blob<'a>,
    /// Offset of the next length field.
    at: usize,
}

impl StringReader<'_, '_> {
    /// The next string: `None` when it is empty or does not fit (and then every later one
    /// is `None` too, as its position is unknown).
    fn next(&mut self) -> Option<Spanned<String>> {
        let length = self.blob.u32_at(self.at)?.value;
        let start = self.at.checked_add(4)?;
        let end = start.checked_add(usize::try_from(length).ok()?)?;
        let text = self.blob.bytes.get(start..end)?;
        self.at = end;
        if text.is_empty() {
            return None;
        }
        let (decoded, _) = WINDOWS_1252.decode_without_bom_handling(text);
        Some(self.blob.spanned(decoded.into_owned(), start, end))
    }
}

/// Where each byte's two hex digits are in the value's data text: `hex:46,00,…` with `\`
/// line continuations in a `.reg` file, or `4600…` in `reg query` output. Empty when the
/// count does not match `expected` (the text is not what the bytes were read from).
fn hex_positions(source: &Source, data: Option<Span>, expected: usize) -> Vec<(usize, usize)> {
    let Some(span) = data.filter(|s| s.source == source.id) else {
        return Vec::new();
    };
    let text = source.slice(span);
    // Skip `hex:` / `hex(3):`: the type code's digits are not data.
    let skip = if text.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("hex")) {
        text.find(':').map_or(text.len(), |colon| colon + 1)
    } else {
        0
    };
    let bytes = text.as_bytes();
    let mut positions = Vec::with_capacity(expected);
    let mut i = skip;
    while let Some(&b) = bytes.get(i) {
        let pair = b.is_ascii_hexdigit() && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit);
        if pair {
            positions.push((span.start + i, span.start + i + 2));
            i += 2;
        } else {
            i += 1;
        }
    }
    if positions.len() == expected {
        positions
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RegKey;
    use crate::parse::reg;
    use crate::source::SourceId;

    fn src(lines: &[&str]) -> Source {
        let text: String = lines.iter().map(|l| format!("{l}\r\n")).collect();
        Source::text(SourceId(4), "x.reg", text, None)
    }

    fn decoded(source: &Source, value: &str) -> ProxyBlob {
        let keys: Vec<RegKey> = reg::parse(source).unwrap();
        let key = &keys[0];
        let value = key.values.iter().find(|v| v.name.value == value).unwrap();
        decode(&key.path.value, value, source).unwrap()
    }

    fn text<'s, T>(source: &'s Source, field: &Spanned<T>) -> &'s str {
        source.slice(field.span.unwrap())
    }

    const HEADER: &str = "Windows Registry Editor Version 5.00";
    const HKLM_CONNECTIONS: &str = r"[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Internet Settings\Connections]";
    const HKCU_CONNECTIONS: &str = r"[HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Internet Settings\Connections]";

    #[test]
    fn winhttp_default_direct() {
        let source = src(&[
            HEADER,
            "",
            HKLM_CONNECTIONS,
            r#""WinHttpSettings"=hex:18,00,00,00,00,00,00,00,01,00,00,00,00,00,00,00,00,00,\"#,
            "  00,00",
            "",
        ]);
        let blob = decoded(&source, "WinHttpSettings");
        assert_eq!(
            blob.key,
            r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Internet Settings\Connections"
        );
        assert_eq!(blob.value_name, "WinHttpSettings");
        let version = blob.version.as_ref().unwrap();
        assert_eq!(version.value, 0x18);
        assert_eq!(text(&source, version), "18,00,00,00");
        assert_eq!(blob.flags.value, 1);
        assert_eq!(text(&source, &blob.flags), "01,00,00,00");
        assert_eq!(source.line_col(blob.flags.span.unwrap().start), (4, 47));
        assert_eq!(blob.proxy, None);
        assert_eq!(blob.bypass, None);
        assert_eq!(blob.autoconfig_url, None);
    }

    #[test]
    fn winhttp_named_proxy() {
        let source = src(&[
            HEADER,
            "",
            HKLM_CONNECTIONS,
            r#""WinHttpSettings"=hex:28,00,00,00,00,00,00,00,03,00,00,00,16,00,00,00,70,72,\"#,
            r"  6f,78,79,2e,63,6f,6e,74,6f,73,6f,2e,63,6f,6d,3a,38,30,38,30,07,00,00,00,3c,\",
            "  6c,6f,63,61,6c,3e",
            "",
        ]);
        let blob = decoded(&source, "WinHttpSettings");
        assert_eq!(blob.version.as_ref().unwrap().value, 0x28);
        assert_eq!(blob.flags.value, 3);
        let proxy = blob.proxy.as_ref().unwrap();
        assert_eq!(proxy.value, "proxy.contoso.com:8080");
        assert_eq!(
            text(&source, proxy),
            "70,72,\\\r\n  6f,78,79,2e,63,6f,6e,74,6f,73,6f,2e,63,6f,6d,3a,38,30,38,30"
        );
        let bypass = blob.bypass.as_ref().unwrap();
        assert_eq!(bypass.value, "<local>");
        assert_eq!(text(&source, bypass), "3c,\\\r\n  6c,6f,63,61,6c,3e");
        assert_eq!(source.line_col(bypass.span.unwrap().start), (5, 75));
        assert_eq!(blob.autoconfig_url, None);
    }

    const DEFAULT_CONNECTION_SETTINGS: &[&str] = &[
        r#""DefaultConnectionSettings"=hex:46,00,00,00,0a,00,00,00,07,00,00,00,16,00,00,\"#,
        r"  00,70,72,6f,78,79,2e,63,6f,6e,74,6f,73,6f,2e,63,6f,6d,3a,38,30,38,30,15,00,\",
        r"  00,00,3c,6c,6f,63,61,6c,3e,3b,2a,2e,63,6f,6e,74,6f,73,6f,2e,63,6f,6d,21,00,\",
        r"  00,00,68,74,74,70,3a,2f,2f,77,70,61,64,2e,63,6f,6e,74,6f,73,6f,2e,63,6f,6d,\",
        r"  2f,70,72,6f,78,79,2e,70,61,63,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,\",
        "  00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00",
    ];

    #[test]
    fn wininet_manual_proxy_bypass_and_pac() {
        let mut lines = vec![HEADER, "", HKCU_CONNECTIONS];
        lines.extend_from_slice(DEFAULT_CONNECTION_SETTINGS);
        lines.extend_from_slice(&[
            r#""SavedLegacySettings"=hex:46,00,00,00,0b,00,00,00,07,00,00,00,16,00,00,00,70,\"#,
            r"  72,6f,78,79,2e,63,6f,6e,74,6f,73,6f,2e,63,6f,6d,3a,38,30,38,30,15,00,00,00,\",
            r"  3c,6c,6f,63,61,6c,3e,3b,2a,2e,63,6f,6e,74,6f,73,6f,2e,63,6f,6d,21,00,00,00,\",
            r"  68,74,74,70,3a,2f,2f,77,70,61,64,2e,63,6f,6e,74,6f,73,6f,2e,63,6f,6d,2f,70,\",
            r"  72,6f,78,79,2e,70,61,63,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,\",
            "  00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00",
            "",
        ]);
        let source = src(&lines);
        for name in ["DefaultConnectionSettings", "SavedLegacySettings"] {
            let blob = decoded(&source, name);
            assert_eq!(blob.version.as_ref().unwrap().value, 0x46, "{name}");
            assert_eq!(blob.flags.value, 7);
            assert_eq!(text(&source, &blob.flags), "07,00,00,00");
            assert_eq!(blob.proxy.as_ref().unwrap().value, "proxy.contoso.com:8080");
            assert_eq!(blob.bypass.as_ref().unwrap().value, "<local>;*.contoso.com");
            assert_eq!(
                blob.autoconfig_url.as_ref().unwrap().value,
                "http://wpad.contoso.com/proxy.pac"
            );
        }
        let blob = decoded(&source, "DefaultConnectionSettings");
        assert_eq!(
            text(&source, blob.proxy.as_ref().unwrap()),
            "70,72,6f,78,79,2e,63,6f,6e,74,6f,73,6f,2e,63,6f,6d,3a,38,30,38,30"
        );
        assert_eq!(
            source.line_col(blob.proxy.as_ref().unwrap().span.unwrap().start),
            (5, 6)
        );
        assert_eq!(
            text(&source, blob.bypass.as_ref().unwrap()),
            "3c,6c,6f,63,61,6c,3e,3b,2a,2e,63,6f,6e,74,6f,73,6f,2e,63,6f,6d"
        );
        assert_eq!(
            text(&source, blob.autoconfig_url.as_ref().unwrap()),
            "68,74,74,70,3a,2f,2f,77,70,61,64,2e,63,6f,6e,74,6f,73,6f,2e,63,6f,6d,\\\r\n  \
             2f,70,72,6f,78,79,2e,70,61,63"
        );
    }

    #[test]
    fn system_fresh_profile_and_direct_only() {
        let source = src(&[
            HEADER,
            "",
            r"[HKEY_USERS\S-1-5-18\Software\Microsoft\Windows\CurrentVersion\Internet Settings\Connections]",
            r#""DefaultConnectionSettings"=hex:46,00,00,00,03,00,00,00,09,00,00,00,00,00,00,\"#,
            r"  00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,\",
            "  00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00",
            "",
        ]);
        let blob = decoded(&source, "DefaultConnectionSettings");
        assert_eq!(blob.flags.value, 9);
        assert_eq!(blob.proxy, None);
        assert_eq!(blob.bypass, None);
        assert_eq!(blob.autoconfig_url, None);
        assert_eq!(
            blob.key,
            r"HKU\S-1-5-18\Software\Microsoft\Windows\CurrentVersion\Internet Settings\Connections"
        );
    }

    #[test]
    fn remembered_but_inactive_proxy_is_kept() {
        // The public blog sample with the proxy checkbox cleared: flags 0x09, strings kept.
        let source = src(&[
            HEADER,
            "",
            HKCU_CONNECTIONS,
            r#""SavedLegacySettings"=hex:46,00,00,00,51,00,00,00,09,00,00,00,0c,00,00,00,31,\"#,
            r"  32,37,2e,30,2e,30,2e,31,3a,38,30,07,00,00,00,3c,6c,6f,63,61,6c,3e,00,00,00,\",
            r"  00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,\",
            "  00,00,00,00,00,00,00,00",
            "",
        ]);
        let blob = decoded(&source, "SavedLegacySettings");
        assert_eq!(blob.flags.value & 2, 0);
        let proxy = blob.proxy.as_ref().unwrap();
        assert_eq!(proxy.value, "127.0.0.1:80");
        assert_eq!(
            text(&source, proxy),
            "31,\\\r\n  32,37,2e,30,2e,30,2e,31,3a,38,30"
        );
        assert_eq!(blob.bypass.as_ref().unwrap().value, "<local>");
        assert_eq!(blob.autoconfig_url, None);
    }

    #[test]
    fn truncated_blobs_keep_what_fits() {
        let source = src(&[
            HEADER,
            "",
            HKCU_CONNECTIONS,
            r#""DefaultConnectionSettings"=hex:46,00,00,00,0a,00,00,00,07,00,00,00,16,00,00,00,70,72"#,
            r#""SavedLegacySettings"=hex:46,00,00,00,0a,00,00,00,03,00,00,00,02,00,00,00,61,62,ff,ff,ff,ff"#,
            r#""WinHttpSettings"=hex:18,00,00,00,00,00,00,00,01,00"#,
            "",
        ]);
        let blob = decoded(&source, "DefaultConnectionSettings");
        assert_eq!(blob.flags.value, 7);
        assert_eq!(blob.proxy, None);
        assert_eq!(blob.bypass, None);
        let blob = decoded(&source, "SavedLegacySettings");
        assert_eq!(blob.proxy.as_ref().unwrap().value, "ab");
        assert_eq!(text(&source, blob.proxy.as_ref().unwrap()), "61,62");
        assert_eq!(blob.bypass, None);
        let keys = reg::parse(&source).unwrap();
        assert_eq!(decode("k", &keys[0].values[2], &source), None);
    }

    #[test]
    fn only_binary_values_with_known_names() {
        let source = src(&[
            HEADER,
            "",
            HKCU_CONNECTIONS,
            r#""Other"=hex:46,00,00,00,0a,00,00,00,07,00,00,00,00,00,00,00"#,
            r#""DefaultConnectionSettings"="text""#,
            "",
        ]);
        let keys = reg::parse(&source).unwrap();
        for value in &keys[0].values {
            assert_eq!(decode("k", value, &source), None);
        }
    }

    #[test]
    fn reg_query_hex_is_spanned_too() {
        let query = "HKEY_USERS\\S-1-5-18\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections\r\n    DefaultConnectionSettings    REG_BINARY    46000000030000000300000004000000703A3830000000000000000000\r\n";
        let source = Source::text(SourceId(1), "q.txt", query.to_string(), None);
        let keys = crate::parse::regquery::parse(&source).unwrap();
        let blob = decode(&keys[0].path.value, &keys[0].values[0], &source).unwrap();
        assert_eq!(blob.flags.value, 3);
        assert_eq!(text(&source, &blob.flags), "03000000");
        let proxy = blob.proxy.unwrap();
        assert_eq!(proxy.value, "p:80");
        assert_eq!(text(&source, &proxy), "703A3830");
        assert_eq!(blob.bypass, None);
        assert_eq!(blob.autoconfig_url, None);
    }
}
