//! `reg query <key> /s` text.
//!
//! Each key is its full path (long root name) at column 0, then one line per value: four
//! spaces, the name, four spaces, the type, four spaces, the data; a blank line ends the key:
//!
//! ```text
//!
//! HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Cryptography\MSCEP
//!     EncryptionTemplate    REG_SZ    IntuneNDES
//!     GeneralPurposeTemplate    REG_SZ    IntuneNDES
//!
//! HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Cryptography\MSCEP\CAType
//!     (Default)    REG_DWORD    0x1
//!
//! HKEY_USERS\S-1-5-18\Software\Microsoft\Windows\CurrentVersion\Internet Settings\Connections
//!     DefaultConnectionSettings    REG_BINARY    4600000003000000090000000000000000000000…
//!
//! End of search: 4 match(es) found.
//! ```
//!
//! Separators are exactly four spaces and names may contain spaces, so a value line is split
//! on its first `    REG_`. Data: `0x…` for REG_DWORD/REG_QWORD, contiguous upper-case hex
//! for REG_BINARY, REG_MULTI_SZ items joined by the two characters `\0`, REG_EXPAND_SZ
//! unexpanded; an empty value ends right after its type. The default value shows as
//! `(Default)` — localized `(Standard)`, `(par défaut)`, `(Predeterminado)` — and becomes the
//! empty name, as `@` does in `.reg` files. A default value that was never set
//! (`(value not set)`) is left out, as `reg export` leaves it out.
//!
//! Without `/s`, the subkeys are listed after the values as bare paths, one per line with no
//! blank line between them; such a run of paths says nothing about the subkeys' values, so
//! it gives no keys. (A single listed subkey looks exactly like a key without values in `/s`
//! output and is read as one.)
//!
//! Spans: a key's path covers the path line; a value's name covers the name as written
//! (`(Default)` included); its data covers the data text (for an empty value, the type).

use super::ParseError;
use super::reg::{excerpt, typed_data};
use crate::model::{RegData, RegKey, RegValue, Spanned, canonical_key_path};
use crate::source::{Source, Span};

/// How `reg query` names the default value, in the locales seen in bundles.
const DEFAULT_NAMES: &[&str] = &[
    "(Default)",
    "(Standard)",
    "(par défaut)",
    "(Predeterminado)",
];

/// What `reg query /ve` prints as the data of a default value that was never set.
const NOT_SET: &[&str] = &[
    "(value not set)",
    "(Wert nicht festgelegt)",
    "(valeur non définie)",
    "(valor no establecido)",
];

/// The separator between a value's name, type and data.
const SEPARATOR: &str = "    ";

/// Recognizes `reg query` output: it starts with a `HKEY_…` path, and some path line is
/// directly followed by a `    name    REG_…` value line.
pub fn sniff(text: &str) -> bool {
    let starts_with_key = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .is_some_and(is_key_line);
    starts_with_key
        && text
            .lines()
            .zip(text.lines().skip(1))
            .any(|(key, value)| is_key_line(key) && split_value_line(value).is_some())
}

/// Parses `reg query` output.
pub fn parse(source: &Source) -> Result<Vec<RegKey>, ParseError> {
    let lines: Vec<&str> = source.text.lines().collect();
    let Some(first) = lines.iter().position(|l| !l.trim().is_empty()) else {
        return Err(ParseError::whole_file(
            "the file is empty: no `reg query` output in it",
        ));
    };
    let first_line = lines.get(first).copied().unwrap_or_default();
    if !is_key_line(first_line) {
        return Err(ParseError::at(
            format!(
                "not `reg query` output: the first line `{}` is not a `HKEY_…` key path",
                excerpt(first_line.trim())
            ),
            source.span_of(first_line.trim()),
        ));
    }
    let last = lines
        .iter()
        .rposition(|l| !l.trim().is_empty())
        .unwrap_or(first);
    let parser = Parser {
        source,
        lines,
        last,
    };
    parser.run(first)
}

/// A key as read, and whether it was only listed as a subkey (no `/s`).
struct Entry {
    key: RegKey,
    listed_only: bool,
}

/// The state of one parse.
struct Parser<'a> {
    source: &'a Source,
    lines: Vec<&'a str>,
    /// Index of the last non-blank line (where the `End of search` trailer may be).
    last: usize,
}

/// A value line split into its parts (all borrowed from the line).
struct ValueLine<'a> {
    name: &'a str,
    kind: &'a str,
    data: &'a str,
}

impl Parser<'_> {
    fn run(&self, first: usize) -> Result<Vec<RegKey>, ParseError> {
        let mut entries: Vec<Entry> = Vec::new();
        let mut i = first;
        while let Some(&line) = self.lines.get(i) {
            if line.trim().is_empty() {
                i += 1;
            } else if is_key_line(line) {
                let after_bare_key = i
                    .checked_sub(1)
                    .and_then(|p| self.lines.get(p))
                    .is_some_and(|p| is_key_line(p));
                let listed_only = match entries.last_mut() {
                    Some(previous) if after_bare_key && previous.key.values.is_empty() => {
                        previous.listed_only = true;
                        true
                    }
                    _ => false,
                };
                entries.push(Entry {
                    key: self.key(line),
                    listed_only,
                });
                i += 1;
            } else if let Some(parts) = split_value_line(line) {
                let (value, next) = self.value(i, &parts)?;
                if let (Some(entry), Some(value)) = (entries.last_mut(), value) {
                    entry.key.values.push(value);
                }
                i = next;
            } else if i == self.last && is_trailer(line) {
                i += 1;
            } else {
                return Err(self.unexpected(i, line));
            }
        }
        Ok(entries
            .into_iter()
            .filter(|e| !e.listed_only)
            .map(|e| e.key)
            .collect())
    }

    fn key(&self, line: &str) -> RegKey {
        let path = line.trim_end();
        RegKey {
            path: Spanned::new(canonical_key_path(path), self.source.span_of(path)),
            values: Vec::new(),
            deleted: false,
        }
    }

    /// Reads the value on line `i` (and the lines a multi-line string runs over); returns it
    /// (`None` for an unset default value) and the index of the next line.
    fn value(
        &self,
        i: usize,
        parts: &ValueLine<'_>,
    ) -> Result<(Option<RegValue>, usize), ParseError> {
        let is_default = DEFAULT_NAMES.contains(&parts.name);
        let name = if is_default { "" } else { parts.name };
        let is_string = matches!(parts.kind, "REG_SZ" | "REG_EXPAND_SZ");
        let last_line = if is_string { self.string_end(i) } else { i };
        let data_text = if last_line > i {
            let start = self.offset(parts.data);
            let end = self.line_end(last_line);
            self.source.text.get(start..end).unwrap_or(parts.data)
        } else {
            parts.data
        };
        if is_default && parts.kind == "REG_SZ" && NOT_SET.contains(&data_text.trim()) {
            return Ok((None, i + 1));
        }
        let data = to_data(parts.kind, data_text).map_err(|reason| {
            self.error_at(i, format!("value `{}`: {reason}", excerpt(parts.name)))
        })?;
        let data_span = if data_text.trim().is_empty() {
            self.source.span_of(parts.kind)
        } else if is_string {
            self.span(data_text)
        } else {
            self.span(data_text.trim())
        };
        let start = self.offset(parts.name);
        let value = RegValue {
            name: Spanned::new(name.to_string(), self.source.span_of(parts.name)),
            data: Some(Spanned::new(data, data_span)),
            span: self.source.span(start..data_span.end.max(start)),
        };
        Ok((Some(value), last_line + 1))
    }

    /// The last line of a string value starting on line `i`: `reg query` prints strings
    /// with embedded line breaks as they are, so unindented lines that are neither paths,
    /// values nor the trailer continue it.
    fn string_end(&self, i: usize) -> usize {
        let mut last = i;
        while let Some(&next) = self.lines.get(last + 1) {
            let ends = next.trim().is_empty()
                || next.starts_with(SEPARATOR)
                || is_key_line(next)
                || (last + 1 == self.last && is_trailer(next));
            if ends {
                break;
            }
            last += 1;
        }
        last
    }

    fn unexpected(&self, i: usize, line: &str) -> ParseError {
        let reason = if line.starts_with(SEPARATOR) {
            format!(
                "malformed value line `{}`: no `    REG_…` type after the name — was the output \
                 cut off?",
                excerpt(line.trim())
            )
        } else {
            format!(
                "unexpected line `{}`: expected a `HKEY_…` key path, an indented \
                 `name    REG_TYPE    data` value line or a blank line",
                excerpt(line.trim())
            )
        };
        self.error_at(i, reason)
    }

    fn offset(&self, slice: &str) -> usize {
        self.source.span_of(slice).start
    }

    fn span(&self, slice: &str) -> Span {
        self.source.span_of(slice)
    }

    fn line_end(&self, line: usize) -> usize {
        self.lines.get(line).map_or(0, |l| self.offset(l) + l.len())
    }

    fn error_at(&self, line: usize, reason: impl Into<String>) -> ParseError {
        let text = self.lines.get(line).copied().unwrap_or_default();
        ParseError::at(reason, self.source.span_of(text.trim()))
    }
}

/// A key path line: `HKEY_…` at column 0.
fn is_key_line(line: &str) -> bool {
    line.starts_with("HKEY_")
}

/// `    name    REG_TYPE    data`, split on the first `    REG_` after the name.
fn split_value_line(line: &str) -> Option<ValueLine<'_>> {
    let body = line.strip_prefix(SEPARATOR)?;
    // The name has at least one character, so the search starts after it.
    let first = body.chars().next()?.len_utf8();
    let at = body.get(first..)?.find("    REG_")? + first;
    let name = body.get(..at)?;
    let rest = body.get(at + SEPARATOR.len()..)?;
    let (kind, data) = rest.split_once(SEPARATOR).unwrap_or((rest.trim_end(), ""));
    let well_formed = kind
        .bytes()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
    well_formed.then_some(ValueLine { name, kind, data })
}

/// `End of search: 4 match(es) found.` (and its translations): a sentence with a count.
fn is_trailer(line: &str) -> bool {
    let t = line.trim_end();
    !line.starts_with(' ') && t.ends_with('.') && t.bytes().any(|b| b.is_ascii_digit())
}

/// Types the data text of one value by its type name.
fn to_data(kind: &str, text: &str) -> Result<RegData, String> {
    Ok(match kind {
        "REG_SZ" => RegData::Sz(text.to_string()),
        "REG_EXPAND_SZ" => RegData::ExpandSz(text.to_string()),
        "REG_MULTI_SZ" => RegData::MultiSz(multi_sz(text)),
        "REG_DWORD" => RegData::Dword(dword(kind, text)?),
        "REG_QWORD" => RegData::Qword(number(text, 16).ok_or_else(|| bad_number(kind, text))?),
        // Kept apart from REG_DWORD, as `reg::typed_data` does: programs reading a REG_DWORD
        // do not accept it.
        "REG_DWORD_BIG_ENDIAN" => RegData::Other {
            kind: 5,
            bytes: dword(kind, text)?.to_be_bytes().to_vec(),
        },
        _ => {
            let code = hex_type_code(kind)
                .ok_or_else(|| format!("unknown registry type `{}`", excerpt(kind)))?;
            typed_data(code, hex_bytes(text)?, false)
        }
    })
}

/// Type codes of the types `reg query` prints as contiguous hex.
fn hex_type_code(kind: &str) -> Option<u32> {
    Some(match kind {
        "REG_NONE" => 0,
        "REG_BINARY" => 3,
        "REG_LINK" => 6,
        "REG_RESOURCE_LIST" => 8,
        "REG_FULL_RESOURCE_DESCRIPTOR" => 9,
        "REG_RESOURCE_REQUIREMENTS_LIST" => 0xa,
        _ => return None,
    })
}

fn dword(kind: &str, text: &str) -> Result<u32, String> {
    number(text, 8)
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| bad_number(kind, text))
}

fn bad_number(kind: &str, text: &str) -> String {
    format!(
        "bad {kind} data `{}`: expected `0x` and hex digits",
        excerpt(text.trim())
    )
}

/// `0x1f` (up to `max_digits` hex digits after `0x`).
fn number(text: &str, max_digits: usize) -> Option<u64> {
    let t = text.trim();
    let digits = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X"))?;
    let ok =
        (1..=max_digits).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_hexdigit());
    if ok {
        u64::from_str_radix(digits, 16).ok()
    } else {
        None
    }
}

/// Contiguous hex (`46000000…`) as bytes.
fn hex_bytes(text: &str) -> Result<Vec<u8>, String> {
    let t = text.trim();
    if let Some(bad) = t.chars().find(|c| !c.is_ascii_hexdigit()) {
        return Err(format!("`{bad}` in hex data: expected only hex digits"));
    }
    if !t.len().is_multiple_of(2) {
        return Err(format!(
            "the hex data has an odd number of digits ({}) — was the output cut off?",
            t.len()
        ));
    }
    (0..t.len())
        .step_by(2)
        .map(|at| {
            t.get(at..at + 2)
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
                .ok_or_else(|| "bad hex byte".to_string())
        })
        .collect()
}

/// REG_MULTI_SZ items, joined by the two characters `\0`; empty trailing items are the
/// list's terminator, not entries.
fn multi_sz(text: &str) -> Vec<String> {
    let mut items: Vec<String> = text.split("\\0").map(str::to_string).collect();
    while items.last().is_some_and(String::is_empty) {
        items.pop();
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceId;

    fn src(text: &str) -> Source {
        Source::text(SourceId(0), "q.txt", text.to_string(), None)
    }

    fn crlf(lines: &[&str]) -> String {
        lines.iter().map(|l| format!("{l}\r\n")).collect()
    }

    const MSCEP: &[&str] = &[
        "",
        r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Cryptography\MSCEP",
        "    EncryptionTemplate    REG_SZ    IntuneNDES",
        "    GeneralPurposeTemplate    REG_SZ    IntuneNDES",
        "    SignatureTemplate    REG_SZ    IntuneNDES",
        "",
        r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Cryptography\MSCEP\CAType",
        "    (Default)    REG_DWORD    0x1",
        "",
        r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Cryptography\MSCEP\EnforcePassword",
        "    (Default)    REG_DWORD    0x0",
        "",
    ];

    #[test]
    fn formats_md_sample() {
        let text = crlf(MSCEP);
        assert!(sniff(&text));
        let source = src(&text);
        let keys = parse(&source).unwrap();
        assert_eq!(keys.len(), 3);
        assert_eq!(
            keys[0].path.value,
            r"HKLM\SOFTWARE\Microsoft\Cryptography\MSCEP"
        );
        assert_eq!(source.slice(keys[0].path.span.unwrap()), MSCEP[1]);
        assert_eq!(source.line_col(keys[0].path.span.unwrap().start), (2, 1));
        let first = &keys[0].values[0];
        assert_eq!(first.name.value, "EncryptionTemplate");
        assert_eq!(source.slice(first.name.span.unwrap()), "EncryptionTemplate");
        let data = first.data.as_ref().unwrap();
        assert_eq!(data.value, RegData::Sz("IntuneNDES".into()));
        assert_eq!(source.slice(data.span.unwrap()), "IntuneNDES");
        assert_eq!(source.line_col(data.span.unwrap().start), (3, 37));
        assert_eq!(source.slice(first.span), MSCEP[2].trim_start());
        let default = &keys[1].values[0];
        assert_eq!(default.name.value, "");
        assert_eq!(source.slice(default.name.span.unwrap()), "(Default)");
        let dword = default.data.as_ref().unwrap();
        assert_eq!(dword.value, RegData::Dword(1));
        assert_eq!(source.slice(dword.span.unwrap()), "0x1");
        assert_eq!(
            keys[2].values[0].data.as_ref().unwrap().value,
            RegData::Dword(0)
        );
    }

    #[test]
    fn every_type_and_empty_values() {
        let text = crlf(&[
            "",
            r"HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\HTTP\Parameters",
            "    MaxFieldLength    REG_DWORD    0xfffe",
            "    Dependencies    REG_MULTI_SZ    RpcSs\\0HTTP",
            "    Path    REG_EXPAND_SZ    %SystemRoot%\\system32",
            "    InstallTime    REG_QWORD    0x1d9f3a2b4c5d6e7",
            "    Blob    REG_BINARY    46000000FF",
            "    Empty    REG_SZ    ",
            "    Stripped    REG_BINARY",
            "    Nothing    REG_NONE    ",
            "    Big    REG_DWORD_BIG_ENDIAN    0x1",
            "    Name with    spaces    REG_SZ    a  b ",
            "    NoList    REG_MULTI_SZ    ",
            "",
            "End of search: 11 match(es) found.",
        ]);
        let source = src(&text);
        let keys = parse(&source).unwrap();
        let data = |name: &str| {
            keys[0]
                .values
                .iter()
                .find(|v| v.name.value == name)
                .unwrap()
                .data
                .clone()
                .unwrap()
        };
        assert_eq!(data("MaxFieldLength").value, RegData::Dword(65534));
        assert_eq!(
            data("Dependencies").value,
            RegData::MultiSz(vec!["RpcSs".into(), "HTTP".into()])
        );
        assert_eq!(
            data("Path").value,
            RegData::ExpandSz(r"%SystemRoot%\system32".into())
        );
        assert_eq!(
            data("InstallTime").value,
            RegData::Qword(0x01d9_f3a2_b4c5_d6e7)
        );
        assert_eq!(
            data("Blob").value,
            RegData::Binary(vec![0x46, 0, 0, 0, 0xff])
        );
        assert_eq!(source.slice(data("Blob").span.unwrap()), "46000000FF");
        assert_eq!(data("Empty").value, RegData::Sz(String::new()));
        assert_eq!(source.slice(data("Empty").span.unwrap()), "REG_SZ");
        assert_eq!(data("Stripped").value, RegData::Binary(vec![]));
        assert_eq!(data("Nothing").value, RegData::None(vec![]));
        assert_eq!(
            data("Big").value,
            RegData::Other {
                kind: 5,
                bytes: vec![0, 0, 0, 1]
            }
        );
        assert_eq!(
            data("Name with    spaces").value,
            RegData::Sz("a  b ".into())
        );
        assert_eq!(data("NoList").value, RegData::MultiSz(vec![]));
    }

    #[test]
    fn localized_default_and_unset_default() {
        let text = crlf(&[
            r"HKEY_USERS\S-1-5-18\Software\Test",
            "    (Standard)    REG_SZ    (Wert nicht festgelegt)",
            "    (par défaut)    REG_SZ    x",
            "    (Predeterminado)    REG_DWORD    0x2",
        ]);
        let keys = parse(&src(&text)).unwrap();
        assert_eq!(keys[0].path.value, r"HKU\S-1-5-18\Software\Test");
        assert_eq!(keys[0].values.len(), 2);
        assert!(keys[0].values.iter().all(|v| v.name.value.is_empty()));
    }

    #[test]
    fn subkey_listing_without_s_gives_no_keys() {
        let text = crlf(&[
            "",
            r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Cryptography\MSCEP",
            "    SignatureTemplate    REG_SZ    IntuneNDES",
            "",
            r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Cryptography\MSCEP\CAType",
            r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Cryptography\MSCEP\CertsInMYStore",
            r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Cryptography\MSCEP\EnforcePassword",
        ]);
        let keys = parse(&src(&text)).unwrap();
        assert_eq!(keys.len(), 1);
        assert_eq!(keys[0].values.len(), 1);
    }

    #[test]
    fn multi_line_strings_continue() {
        let text =
            "HKEY_USERS\\X\n    Banner    REG_SZ    first\nsecond\n    Next    REG_DWORD    0x2\n";
        let source = src(text);
        let keys = parse(&source).unwrap();
        let banner = keys[0].values[0].data.as_ref().unwrap();
        assert_eq!(banner.value, RegData::Sz("first\nsecond".into()));
        assert_eq!(
            keys[0].values[1].data.as_ref().unwrap().value,
            RegData::Dword(2)
        );
    }

    #[test]
    fn malformed_lines_are_errors() {
        let cases = [
            ("    A    REG_DWORD    0xZZ", "bad REG_DWORD"),
            ("    A    REG_DWORD    ", "bad REG_DWORD"),
            ("    A    REG_QWORD    0x11112222333344445", "bad REG_QWORD"),
            ("    A    REG_BINARY    4600000", "odd number"),
            ("    A    REG_BINARY    46 00", "hex digits"),
            ("    A    REG_WHATEVER    00", "unknown registry type"),
            ("    Cut off value", "cut off"),
            ("garbage in the middle", "unexpected line"),
        ];
        for (line, expected) in cases {
            let text = crlf(&[
                r"HKEY_USERS\K",
                "    Ok    REG_DWORD    0x1",
                line,
                "",
                r"HKEY_USERS\L",
            ]);
            let source = src(&text);
            let err = parse(&source).unwrap_err();
            assert!(err.reason.contains(expected), "{line}: {err}");
            assert_eq!(source.slice(err.span.unwrap()), line.trim());
        }
    }

    #[test]
    fn sniffing() {
        assert!(!sniff("Windows Registry Editor Version 5.00\r\n"));
        assert!(!sniff("HKEY_USERS\\X\r\nhello\r\n"));
        assert!(!sniff("hello\r\nHKEY_USERS\\X\r\n    a    REG_SZ    b\r\n"));
        assert!(sniff("\r\nHKEY_USERS\\X\r\n    a    REG_SZ    b\r\n"));
        assert!(parse(&src("")).is_err());
        assert!(
            parse(&src("hello"))
                .unwrap_err()
                .reason
                .contains("not `reg query`")
        );
    }
}
