//! `reg export` files (version 5 and REGEDIT4).
//!
//! A version 5 export, as `reg export HKLM\...\HTTP\Parameters http.reg` writes it
//! (UTF-16LE on disk, CRLF line endings; long `hex` values wrap with `\`):
//!
//! ```text
//! Windows Registry Editor Version 5.00
//!
//! [HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\HTTP\Parameters]
//! "MaxFieldLength"=dword:0000fffe
//! "Dependencies"=hex(7):52,00,70,00,63,00,53,00,73,00,00,00,48,00,54,00,54,00,50,\
//!   00,00,00,00,00
//! "Quoted"="say \"hi\" C:\\temp\\ndes"
//! @=dword:00000001
//! ```
//!
//! REGEDIT4 files use the same grammar with a `REGEDIT4` header, but their `hex(2)` and
//! `hex(7)` bytes are single-byte ANSI characters instead of UTF-16LE. Hand-written files
//! may also delete keys (`[-HKEY_...]`) and values (`"Name"=-`) and carry `;` comments.

use std::borrow::Cow;

use encoding_rs::{UTF_16LE, WINDOWS_1252};

use super::{Format, ParseError};
use crate::model::{RegData, RegKey, RegValue, Spanned, canonical_key_path};
use crate::source::{Source, Span};

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
pub fn parse(source: &Source) -> Result<Vec<RegKey>, ParseError> {
    let text = source.text.as_str();
    let lines: Vec<&str> = text.lines().collect();
    let header = lines.iter().position(|l| !l.trim().is_empty());
    let format = sniff(text);
    let (Some(header), Some(format)) = (header, format) else {
        return Err(not_a_reg_export(source, &lines));
    };
    let parser = Parser {
        source,
        lines,
        ansi: format == Format::Regedit4,
    };
    parser.run(header + 1)
}

fn not_a_reg_export(source: &Source, lines: &[&str]) -> ParseError {
    let reason = "not a registry export: the first line is neither \
                  `Windows Registry Editor Version 5.00` nor `REGEDIT4`";
    match lines.iter().find(|l| !l.trim().is_empty()) {
        Some(first) => ParseError::at(reason, source.span_of(first)),
        None => ParseError::whole_file(reason),
    }
}

/// Longest piece of input quoted in an error message: hex lines are long.
const EXCERPT_CHARS: usize = 60;

/// The state of one parse: the file's lines and how to decode its string bytes.
struct Parser<'a> {
    source: &'a Source,
    lines: Vec<&'a str>,
    /// REGEDIT4: `hex(2)`/`hex(7)` bytes are Windows-1252, not UTF-16LE.
    ansi: bool,
}

/// The byte text of one line of a `hex` value, with the line's index.
type Piece<'a> = (usize, &'a str);

/// A value's data as read, before it is attached to its name.
struct Data {
    value: Option<Spanned<RegData>>,
    /// One past the last byte of the value's text.
    end: usize,
    /// Index of the line after the value.
    next: usize,
}

impl<'a> Parser<'a> {
    fn run(&self, first: usize) -> Result<Vec<RegKey>, ParseError> {
        let mut keys: Vec<RegKey> = Vec::new();
        let mut i = first;
        while let Some(&line) = self.lines.get(i) {
            let t = line.trim();
            if t.is_empty() || t.starts_with(';') {
                i += 1;
            } else if t.starts_with('[') {
                keys.push(self.key_header(line, t)?);
                i += 1;
            } else if t.starts_with('@') || t.starts_with('"') {
                let Some(key) = keys.last_mut() else {
                    return Err(self.error_at(
                        i,
                        format!(
                            "value line `{}` comes before any `[HKEY_...]` key header",
                            excerpt(t)
                        ),
                    ));
                };
                let (value, next) = self.value(i)?;
                key.values.push(value);
                i = next;
            } else {
                return Err(self.error_at(
                    i,
                    format!(
                        "malformed line `{}`: expected a `[key]` header, a `\"name\"=data` \
                         or `@=data` value, or a `;` comment",
                        excerpt(t)
                    ),
                ));
            }
        }
        Ok(keys)
    }

    fn key_header(&self, line: &str, t: &'a str) -> Result<RegKey, ParseError> {
        let Some(inner) = t.rfind(']').and_then(|close| t.get(1..close)) else {
            return Err(ParseError::at(
                format!("key header `{}` has no closing `]`", excerpt(t)),
                self.source.span_of(line),
            ));
        };
        let (deleted, path) = match inner.strip_prefix('-') {
            Some(path) => (true, path),
            None => (false, inner),
        };
        if path.trim().is_empty() {
            return Err(ParseError::at(
                format!("key header `{t}` names no key"),
                self.source.span_of(line),
            ));
        }
        Ok(RegKey {
            path: Spanned::new(canonical_key_path(path), self.source.span_of(path)),
            values: Vec::new(),
            deleted,
        })
    }

    /// Reads the value starting on line `i`; returns it and the index of the next line.
    fn value(&self, i: usize) -> Result<(RegValue, usize), ParseError> {
        let line = self.lines.get(i).copied().unwrap_or_default();
        let t = line.trim_start();
        let (name_text, name, after_name) = self.name(i, t)?;
        let Some(data) = after_name.trim_start().strip_prefix('=') else {
            return Err(self.error_at(
                i,
                format!(
                    "malformed value line: `=` expected after the name {}",
                    excerpt(name_text)
                ),
            ));
        };
        let data = data.trim_start();
        let parsed = self.data(i, &excerpt(name_text), data)?;
        let start = self.offset(name_text);
        let value = RegValue {
            name: Spanned::new(name, self.source.span_of(name_text)),
            data: parsed.value,
            span: self.source.span(start..parsed.end),
        };
        Ok((value, parsed.next))
    }

    /// Splits `@` or a quoted name off the start of `t`: (name as written, name, rest).
    fn name(&self, i: usize, t: &'a str) -> Result<(&'a str, String, &'a str), ParseError> {
        if let (Some(at), Some(rest)) = (t.get(..1), t.strip_prefix('@')) {
            return Ok((at, String::new(), rest));
        }
        match scan_quoted(t) {
            Some((end, name)) => {
                let (written, rest) = t.split_at_checked(end).unwrap_or((t, ""));
                Ok((written, name, rest))
            }
            None => Err(self.error_at(
                i,
                format!("the value name in `{}` has no closing quote", excerpt(t)),
            )),
        }
    }

    fn data(&self, i: usize, name: &str, data: &'a str) -> Result<Data, ParseError> {
        let start = self.offset(data);
        let trimmed = data.trim_end();
        if trimmed == "-" {
            return Ok(Data {
                value: None,
                end: start + 1,
                next: i + 1,
            });
        }
        if data.starts_with('"') {
            return self.string_data(i, name, start);
        }
        if let Some(digits) = strip_prefix_ignore_case(trimmed, "dword:") {
            let end = start + trimmed.len();
            let Some(number) = parse_dword(digits) else {
                return Err(self.error_at(
                    i,
                    format!(
                        "bad dword `{}` for value {name}: expected 1 to 8 hex digits",
                        excerpt(trimmed)
                    ),
                ));
            };
            let value = Spanned::new(RegData::Dword(number), self.source.span(start..end));
            return Ok(Data {
                value: Some(value),
                end,
                next: i + 1,
            });
        }
        if strip_prefix_ignore_case(trimmed, "hex").is_some() {
            return self.hex_data(i, name, data);
        }
        let reason = if trimmed.is_empty() {
            format!("value {name} has no data after `=`")
        } else {
            format!(
                "malformed data `{}` for value {name}: expected a \"string\", \
                 `dword:`, `hex:`, `hex(N):` or `-`",
                excerpt(trimmed)
            )
        };
        Err(self.error_at(i, reason))
    }

    /// A quoted REG_SZ starting at byte `start`; it may run over several lines, because
    /// exports write strings with embedded line breaks as they are.
    fn string_data(&self, i: usize, name: &str, start: usize) -> Result<Data, ParseError> {
        let rest = self.source.text.get(start..).unwrap_or_default();
        let Some((len, value)) = scan_quoted(rest) else {
            return Err(self.error_at(
                i,
                format!(
                    "the file ends in the middle of the value {name}: its string, opened on \
                     line {}, is never closed — was it truncated?",
                    i + 1
                ),
            ));
        };
        let end = start + len;
        let last = self.line_containing(i, end.saturating_sub(1));
        let line_end = self.line_end(last);
        let trailing = self
            .source
            .text
            .get(end..line_end)
            .unwrap_or_default()
            .trim();
        if !trailing.is_empty() {
            let reason = if last > i {
                format!("the string of value {name} is not closed on its line")
            } else {
                format!(
                    "unexpected text `{}` after the string of value {name}",
                    excerpt(trailing)
                )
            };
            return Err(self.error_at(i, reason));
        }
        Ok(Data {
            value: Some(Spanned::new(
                RegData::Sz(value),
                self.source.span(start..end),
            )),
            end,
            next: last + 1,
        })
    }

    fn hex_data(&self, i: usize, name: &str, data: &'a str) -> Result<Data, ParseError> {
        let start = self.offset(data);
        let Some((kind, bytes_text)) = split_hex_prefix(data) else {
            return Err(self.error_at(
                i,
                format!(
                    "malformed hex data `{}` for value {name}: expected `hex:` or `hex(N):`",
                    excerpt(data.trim_end())
                ),
            ));
        };
        let (pieces, last) = self.continued(i, name, bytes_text)?;
        let bytes = self.hex_bytes(name, &pieces)?;
        let end = self.line_content_end(last);
        let value = typed_data(kind, bytes, self.ansi);
        Ok(Data {
            value: Some(Spanned::new(value, self.source.span(start..end))),
            end,
            next: last + 1,
        })
    }

    /// Follows `\` line continuations from line `i`: the byte text of each line and the
    /// index of the value's last line.
    fn continued(
        &self,
        i: usize,
        name: &str,
        first: &'a str,
    ) -> Result<(Vec<Piece<'a>>, usize), ParseError> {
        let mut pieces = Vec::new();
        let mut piece = first.trim_end();
        let mut line = i;
        while let Some(head) = piece.strip_suffix('\\') {
            pieces.push((line, head));
            let next = self.lines.get(line + 1).map(|l| l.trim());
            match next {
                Some(next) if !next.is_empty() => {
                    line += 1;
                    piece = next;
                }
                _ => return Err(self.cut_continuation(line, name)),
            }
        }
        pieces.push((line, piece));
        Ok((pieces, line))
    }

    fn cut_continuation(&self, line: usize, name: &str) -> ParseError {
        let rest_blank = self
            .lines
            .iter()
            .skip(line + 1)
            .all(|l| l.trim().is_empty());
        let reason = if rest_blank {
            format!(
                "the file ends in the middle of the value {name} (line {} ends with `\\`) — \
                 was it truncated?",
                line + 1
            )
        } else {
            format!(
                "value {name} continues (`\\` at the end of line {}) onto a blank line",
                line + 1
            )
        };
        self.error_at(line, reason)
    }

    /// Reads comma-separated hex bytes spread over continuation pieces.
    fn hex_bytes(&self, name: &str, pieces: &[Piece<'_>]) -> Result<Vec<u8>, ParseError> {
        // Joined first, because a piece ends with `,` when the next line holds the next byte.
        let mut joined = String::new();
        let mut starts = Vec::with_capacity(pieces.len());
        for &(line, piece) in pieces {
            starts.push((joined.len(), line));
            joined.push_str(piece);
        }
        if joined.trim().is_empty() {
            return Ok(Vec::new());
        }
        let line_of = |offset: usize| {
            starts
                .iter()
                .rev()
                .find(|(start, _)| *start <= offset)
                .map_or(0, |(_, line)| *line)
        };
        let mut bytes = Vec::with_capacity(joined.len() / 3 + 1);
        let mut offset = 0;
        let count = joined.split(',').count();
        for (n, token) in joined.split(',').enumerate() {
            let hex = token.trim();
            match parse_hex_byte(hex) {
                Some(byte) => bytes.push(byte),
                None if hex.is_empty() && n + 1 == count => {
                    return Err(self.error_at(
                        line_of(offset),
                        format!(
                            "the hex bytes of value {name} end with `,`: a byte is missing \
                             — was the file truncated?"
                        ),
                    ));
                }
                None => {
                    return Err(self.error_at(
                        line_of(offset),
                        format!(
                            "bad hex byte `{}` in value {name}: expected two hex digits",
                            excerpt(hex)
                        ),
                    ));
                }
            }
            offset += token.len() + 1;
        }
        Ok(bytes)
    }

    /// Index of the line holding byte `offset`, searching forward from line `from`.
    fn line_containing(&self, from: usize, offset: usize) -> usize {
        let mut line = from;
        while self.line_end(line) < offset && line + 1 < self.lines.len() {
            line += 1;
        }
        line
    }

    fn line_end(&self, line: usize) -> usize {
        self.lines.get(line).map_or(0, |l| self.offset(l) + l.len())
    }

    fn line_content_end(&self, line: usize) -> usize {
        self.lines
            .get(line)
            .map_or(0, |l| self.offset(l) + l.trim_end().len())
    }

    fn offset(&self, slice: &str) -> usize {
        self.source.span_of(slice).start
    }

    fn line_span(&self, line: usize) -> Span {
        let text = self.lines.get(line).copied().unwrap_or_default();
        self.source.span_of(text)
    }

    fn error_at(&self, line: usize, reason: impl Into<String>) -> ParseError {
        ParseError::at(reason, self.line_span(line))
    }
}

/// Reads a `"..."` string at the start of `s` (`\\` and `\"` escapes): the length through
/// the closing quote and the unescaped text; `None` when it is never closed.
fn scan_quoted(s: &str) -> Option<(usize, String)> {
    let body = s.strip_prefix('"')?;
    let mut out = String::new();
    let mut chars = body.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => return Some((at + 2, out)),
            '\\' => match body.get(at + 1..).and_then(|r| r.chars().next()) {
                Some(next @ ('\\' | '"')) => {
                    out.push(next);
                    chars.next();
                }
                // Other backslashes are literal: regedit writes no other escapes.
                _ => out.push('\\'),
            },
            _ => out.push(c),
        }
    }
    None
}

/// At most [`EXCERPT_CHARS`] characters of `s`, for quoting input in messages.
pub(crate) fn excerpt(s: &str) -> Cow<'_, str> {
    match s.char_indices().nth(EXCERPT_CHARS) {
        Some((cut, _)) => Cow::Owned(format!("{}…", s.get(..cut).unwrap_or_default())),
        None => Cow::Borrowed(s),
    }
}

fn strip_prefix_ignore_case<'s>(s: &'s str, prefix: &str) -> Option<&'s str> {
    let head = s.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        s.get(prefix.len()..)
    } else {
        None
    }
}

fn parse_dword(digits: &str) -> Option<u32> {
    hex_number(digits.trim(), 8)
}

fn parse_hex_byte(token: &str) -> Option<u8> {
    if token.len() != 2 {
        return None;
    }
    hex_number(token, 2).and_then(|n| u8::try_from(n).ok())
}

/// 1 to `max_digits` hex digits, nothing else (no sign, no `0x`).
fn hex_number(digits: &str, max_digits: usize) -> Option<u32> {
    let ok =
        (1..=max_digits).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_hexdigit());
    if ok {
        u32::from_str_radix(digits, 16).ok()
    } else {
        None
    }
}

/// Splits `hex:` / `hex(N):` off the data: the registry type code and the byte text.
fn split_hex_prefix(data: &str) -> Option<(u32, &str)> {
    let rest = strip_prefix_ignore_case(data, "hex")?;
    if let Some(bytes) = rest.strip_prefix(':') {
        return Some((3, bytes));
    }
    let (kind, bytes) = rest.strip_prefix('(')?.split_once("):")?;
    Some((hex_number(kind, 8)?, bytes))
}

/// Types raw bytes by their registry type code.
pub(crate) fn typed_data(kind: u32, bytes: Vec<u8>, ansi: bool) -> RegData {
    match kind {
        0 => RegData::None(bytes),
        1 => RegData::Sz(
            decode_string(&bytes, ansi)
                .trim_end_matches('\0')
                .to_string(),
        ),
        2 => RegData::ExpandSz(
            decode_string(&bytes, ansi)
                .trim_end_matches('\0')
                .to_string(),
        ),
        3 => RegData::Binary(bytes),
        // REG_DWORD is little-endian; a value of the wrong size keeps its raw bytes.
        4 => match <[u8; 4]>::try_from(bytes.as_slice()) {
            Ok(le) => RegData::Dword(u32::from_le_bytes(le)),
            Err(_) => RegData::Other { kind, bytes },
        },
        7 => RegData::MultiSz(multi_sz(&decode_string(&bytes, ansi))),
        0xb => match <[u8; 8]>::try_from(bytes.as_slice()) {
            Ok(le) => RegData::Qword(u64::from_le_bytes(le)),
            Err(_) => RegData::Other { kind, bytes },
        },
        // REG_DWORD_BIG_ENDIAN (5) stays its own type: programs reading a REG_DWORD do not
        // accept it, so presenting it as a dword would hide a misconfiguration.
        _ => RegData::Other { kind, bytes },
    }
}

fn decode_string(bytes: &[u8], ansi: bool) -> Cow<'_, str> {
    let encoding = if ansi { WINDOWS_1252 } else { UTF_16LE };
    encoding.decode_without_bom_handling(bytes).0
}

/// Splits REG_MULTI_SZ text on NULs; the list's terminating NULs are not entries.
fn multi_sz(text: &str) -> Vec<String> {
    let text = text.trim_end_matches('\0');
    if text.is_empty() {
        return Vec::new();
    }
    text.split('\0').map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceId;

    fn src(text: &str) -> Source {
        Source::text(SourceId(0), "x.reg", text.to_string(), None)
    }

    fn crlf(lines: &[&str]) -> String {
        lines.iter().map(|l| format!("{l}\r\n")).collect()
    }

    fn data<'k>(keys: &'k [RegKey], key: usize, name: &str) -> &'k Spanned<RegData> {
        let value = keys[key]
            .values
            .iter()
            .find(|v| v.name.value == name)
            .unwrap();
        value.data.as_ref().unwrap()
    }

    const MSCEP: &[&str] = &[
        "Windows Registry Editor Version 5.00",
        "",
        r"[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Cryptography\MSCEP]",
        r#""EncryptionTemplate"="IntuneNDES""#,
        r#""GeneralPurposeTemplate"="IntuneNDES""#,
        r#""SignatureTemplate"="IntuneNDES""#,
        "",
        r"[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Cryptography\MSCEP\CAType]",
        "@=dword:00000001",
        "",
        r"[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Cryptography\MSCEP\CertsInMYStore]",
        "@=dword:00000001",
        "",
        r"[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Cryptography\MSCEP\EnforcePassword]",
        "@=dword:00000000",
        "",
        r"[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Cryptography\MSCEP\UseSinglePassword]",
        "@=dword:00000000",
        "",
    ];

    #[test]
    fn mscep_export_keys_values_and_spans() {
        let source = src(&crlf(MSCEP));
        let keys = parse(&source).unwrap();
        assert_eq!(keys.len(), 5);
        let mscep = &keys[0];
        assert_eq!(
            mscep.path.value,
            r"HKLM\SOFTWARE\Microsoft\Cryptography\MSCEP"
        );
        assert_eq!(
            source.slice(mscep.path.span.unwrap()),
            r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Cryptography\MSCEP"
        );
        assert_eq!(source.line_col(mscep.path.span.unwrap().start), (3, 2));
        assert!(!mscep.deleted);
        assert_eq!(mscep.values.len(), 3);
        let first = &mscep.values[0];
        assert_eq!(first.name.value, "EncryptionTemplate");
        assert_eq!(
            source.slice(first.name.span.unwrap()),
            r#""EncryptionTemplate""#
        );
        assert_eq!(
            data(&keys, 0, "EncryptionTemplate").value,
            RegData::Sz("IntuneNDES".into())
        );
        assert_eq!(
            source.slice(first.data.as_ref().unwrap().span.unwrap()),
            r#""IntuneNDES""#
        );
        assert_eq!(
            source.slice(first.span),
            r#""EncryptionTemplate"="IntuneNDES""#
        );
        assert_eq!(source.line_col(first.span.start), (4, 1));

        let ca_type = &keys[1];
        assert_eq!(
            ca_type.path.value,
            r"HKLM\SOFTWARE\Microsoft\Cryptography\MSCEP\CAType"
        );
        let default = &ca_type.values[0];
        assert_eq!(default.name.value, "");
        assert_eq!(source.slice(default.name.span.unwrap()), "@");
        let dword = default.data.as_ref().unwrap();
        assert_eq!(dword.value, RegData::Dword(1));
        assert_eq!(source.slice(dword.span.unwrap()), "dword:00000001");
        assert_eq!(source.line_col(dword.span.unwrap().start), (9, 3));
        assert_eq!(data(&keys, 3, "").value, RegData::Dword(0));
    }

    const HTTP: &[&str] = &[
        "Windows Registry Editor Version 5.00",
        "",
        r"[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\HTTP\Parameters]",
        r#""MaxFieldLength"=dword:0000fffe"#,
        r#""MaxRequestBytes"=dword:0000fffe"#,
        r#""MaxConnections"=dword:0000fde8"#,
        r#""Dependencies"=hex(7):52,00,70,00,63,00,53,00,73,00,00,00,48,00,54,00,54,00,50,\"#,
        "  00,00,00,00,00",
        r#""Path"=hex(2):25,00,53,00,79,00,73,00,74,00,65,00,6d,00,52,00,6f,00,6f,00,74,00,\"#,
        "  25,00,5c,00,73,00,79,00,73,00,74,00,65,00,6d,00,33,00,32,00,00,00",
        r#""InstallTime"=hex(b):e7,d6,c5,b4,a2,f3,d9,01"#,
        r#""Empty"=hex:"#,
        r#""Nothing"=hex(0):"#,
        r#""Quoted"="say \"hi\" C:\\temp\\ndes""#,
        "",
    ];

    #[test]
    fn http_parameters_every_value_type() {
        let source = src(&crlf(HTTP));
        let keys = parse(&source).unwrap();
        assert_eq!(keys.len(), 1);
        assert_eq!(keys[0].values.len(), 9);
        assert_eq!(
            data(&keys, 0, "MaxFieldLength").value,
            RegData::Dword(65534)
        );
        assert_eq!(
            data(&keys, 0, "MaxConnections").value,
            RegData::Dword(65000)
        );
        assert_eq!(
            data(&keys, 0, "Dependencies").value,
            RegData::MultiSz(vec!["RpcSs".into(), "HTTP".into()])
        );
        assert_eq!(
            data(&keys, 0, "Path").value,
            RegData::ExpandSz(r"%SystemRoot%\system32".into())
        );
        assert_eq!(
            data(&keys, 0, "InstallTime").value,
            RegData::Qword(u64::from_le_bytes([
                0xe7, 0xd6, 0xc5, 0xb4, 0xa2, 0xf3, 0xd9, 0x01
            ]))
        );
        assert_eq!(data(&keys, 0, "Empty").value, RegData::Binary(vec![]));
        assert_eq!(data(&keys, 0, "Nothing").value, RegData::None(vec![]));
        assert_eq!(
            data(&keys, 0, "Quoted").value,
            RegData::Sz(r#"say "hi" C:\temp\ndes"#.into())
        );
        assert_eq!(source.slice(data(&keys, 0, "Empty").span.unwrap()), "hex:");

        // A wrapped value spans both of its lines, without the final line ending.
        let deps = &keys[0].values[3];
        assert_eq!(
            source.slice(deps.span),
            format!("{}\r\n{}", HTTP[6], HTTP[7]).as_str()
        );
        let deps_data = deps.data.as_ref().unwrap().span.unwrap();
        assert!(source.slice(deps_data).starts_with("hex(7):52,00"));
        assert!(source.slice(deps_data).ends_with("  00,00,00,00,00"));
        assert_eq!(source.line_col(deps_data.end), (8, 17));
        // The value after a wrapped one starts on the right line.
        assert_eq!(source.line_col(keys[0].values[4].span.start), (9, 1));
    }

    #[test]
    fn wrapped_default_connection_settings() {
        let text = crlf(&[
            "Windows Registry Editor Version 5.00",
            "",
            r"[HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Internet Settings\Connections]",
            r#""DefaultConnectionSettings"=hex:46,00,00,00,0a,00,00,00,07,00,00,00,16,00,00,\"#,
            r"  00,70,72,6f,78,79,2e,63,6f,6e,74,6f,73,6f,2e,63,6f,6d,3a,38,30,38,30,15,00,\",
            r"  00,00,3c,6c,6f,63,61,6c,3e,3b,2a,2e,63,6f,6e,74,6f,73,6f,2e,63,6f,6d,21,00,\",
            r"  00,00,68,74,74,70,3a,2f,2f,77,70,61,64,2e,63,6f,6e,74,6f,73,6f,2e,63,6f,6d,\",
            r"  2f,70,72,6f,78,79,2e,70,61,63,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,\",
            "  00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00",
            "",
        ]);
        let source = src(&text);
        let keys = parse(&source).unwrap();
        assert_eq!(
            keys[0].path.value,
            r"HKCU\Software\Microsoft\Windows\CurrentVersion\Internet Settings\Connections"
        );
        let settings = data(&keys, 0, "DefaultConnectionSettings");
        let RegData::Binary(bytes) = &settings.value else {
            panic!("not binary")
        };
        assert_eq!(bytes.len(), 15 + 4 * 25 + 17);
        assert_eq!(&bytes[..4], &[0x46, 0, 0, 0]);
        assert_eq!(&bytes[16..38], b"proxy.contoso.com:8080");
        let span = settings.span.unwrap();
        assert_eq!(source.line_col(span.start), (4, 29));
        assert_eq!(source.line_col(span.end), (9, 53));
    }

    #[test]
    fn regedit4_strings_are_ansi() {
        let text = crlf(&[
            "REGEDIT4",
            "",
            r"[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Cryptography\MSCEP]",
            r#""EncryptionTemplate"="IntuneNDES""#,
            r#""Path"=hex(2):25,53,79,73,74,65,6d,52,6f,6f,74,25,00"#,
            r#""List"=hex(7):61,00,e9,00,00"#,
            "",
        ]);
        let source = src(&text);
        assert_eq!(sniff(&source.text), Some(Format::Regedit4));
        let keys = parse(&source).unwrap();
        assert_eq!(
            data(&keys, 0, "EncryptionTemplate").value,
            RegData::Sz("IntuneNDES".into())
        );
        assert_eq!(
            data(&keys, 0, "Path").value,
            RegData::ExpandSz("%SystemRoot%".into())
        );
        assert_eq!(
            data(&keys, 0, "List").value,
            RegData::MultiSz(vec!["a".into(), "é".into()])
        );
    }

    #[test]
    fn deletions_comments_and_odd_types() {
        let text = crlf(&[
            "",
            "Windows Registry Editor Version 5.00",
            "; hand-written fix",
            r"[-HKEY_LOCAL_MACHINE\SOFTWARE\Old]",
            "",
            r"[HKEY_USERS\S-1-5-18\Software\Test]",
            r#""Gone"=-"#,
            "   ; indented comment",
            r#""Big"=hex(5):00,00,00,01"#,
            r#""Little"=hex(4):01,00,00,00"#,
            r#""App"=hex(1f):aa,bb"#,
            r#""Sz"=hex(1):68,00,69,00,00,00"#,
            r#""Empty"=hex(7):00,00"#,
            r#""Blank"="""#,
        ]);
        let source = src(&text);
        let keys = parse(&source).unwrap();
        assert_eq!(keys.len(), 2);
        assert!(keys[0].deleted);
        assert_eq!(keys[0].path.value, r"HKLM\SOFTWARE\Old");
        assert_eq!(
            source.slice(keys[0].path.span.unwrap()),
            r"HKEY_LOCAL_MACHINE\SOFTWARE\Old"
        );
        assert_eq!(keys[1].path.value, r"HKU\S-1-5-18\Software\Test");
        let gone = &keys[1].values[0];
        assert_eq!(gone.name.value, "Gone");
        assert!(gone.data.is_none());
        assert_eq!(source.slice(gone.span), r#""Gone"=-"#);
        assert_eq!(
            data(&keys, 1, "Big").value,
            RegData::Other {
                kind: 5,
                bytes: vec![0, 0, 0, 1]
            }
        );
        assert_eq!(data(&keys, 1, "Little").value, RegData::Dword(1));
        assert_eq!(
            data(&keys, 1, "App").value,
            RegData::Other {
                kind: 0x1f,
                bytes: vec![0xaa, 0xbb]
            }
        );
        assert_eq!(data(&keys, 1, "Sz").value, RegData::Sz("hi".into()));
        assert_eq!(data(&keys, 1, "Empty").value, RegData::MultiSz(vec![]));
        assert_eq!(data(&keys, 1, "Blank").value, RegData::Sz(String::new()));
    }

    #[test]
    fn brackets_inside_key_names_and_lf_endings() {
        let text = "REGEDIT4\n\n[HKEY_CURRENT_USER\\A[1]\\B]\n\"x\"=\"y\"\n";
        let source = src(text);
        let keys = parse(&source).unwrap();
        assert_eq!(keys[0].path.value, r"HKCU\A[1]\B");
        assert_eq!(source.slice(keys[0].values[0].span), r#""x"="y""#);
    }

    #[test]
    fn string_with_a_line_break_continues_on_the_next_line() {
        let text = crlf(&[
            "Windows Registry Editor Version 5.00",
            r"[HKEY_LOCAL_MACHINE\SOFTWARE\T]",
            r#""Banner"="first"#,
            r#"second""#,
            r#""Next"=dword:00000002"#,
        ]);
        let source = src(&text);
        let keys = parse(&source).unwrap();
        assert_eq!(
            data(&keys, 0, "Banner").value,
            RegData::Sz("first\r\nsecond".into())
        );
        assert_eq!(data(&keys, 0, "Next").value, RegData::Dword(2));
    }

    #[test]
    fn truncated_continuation_names_the_line() {
        let text = crlf(&HTTP[..7]);
        let source = src(&text);
        let err = parse(&source).unwrap_err();
        assert!(
            err.reason
                .contains("ends in the middle of the value \"Dependencies\""),
            "{err}"
        );
        assert!(err.reason.contains("line 7"), "{err}");
        assert!(err.reason.contains("truncated"), "{err}");
        let span = err.span.unwrap();
        assert_eq!(source.line_col(span.start), (7, 1));
        assert_eq!(source.slice(span), HTTP[6]);
    }

    #[test]
    fn truncated_mid_line_and_mid_string() {
        let cut_bytes =
            "Windows Registry Editor Version 5.00\r\n[HKEY_USERS\\X]\r\n\"A\"=hex:01,02,";
        let err = parse(&src(cut_bytes)).unwrap_err();
        assert!(err.reason.contains("a byte is missing"), "{err}");

        let cut_string = "Windows Registry Editor Version 5.00\r\n[HKEY_USERS\\X]\r\n\"A\"=\"abc";
        let source = src(cut_string);
        let err = parse(&source).unwrap_err();
        assert!(
            err.reason
                .contains("the file ends in the middle of the value \"A\""),
            "{err}"
        );
        assert_eq!(source.line_col(err.span.unwrap().start), (3, 1));
    }

    #[test]
    fn value_before_header_is_an_error() {
        let text = crlf(&[
            "Windows Registry Editor Version 5.00",
            "",
            r#""Orphan"="x""#,
        ]);
        let source = src(&text);
        let err = parse(&source).unwrap_err();
        assert!(err.reason.contains("before any"), "{err}");
        assert_eq!(source.line_col(err.span.unwrap().start), (3, 1));
    }

    #[test]
    fn malformed_lines_are_errors() {
        let cases = [
            (r#""A"=dword:xyz"#, "bad dword"),
            (r#""A"=dword:123456789"#, "bad dword"),
            (r#""A"=hex:0g,00"#, "bad hex byte `0g`"),
            (r#""A"=hex(zz):00"#, "malformed hex data"),
            (r#""A"=bogus"#, "malformed data"),
            (r#""A""#, "`=` expected"),
            (r#""A=1"#, "no closing quote"),
            (r#""A"="x" trailing"#, "unexpected text"),
            ("garbage", "malformed line"),
            ("[HKEY_USERS\\X", "no closing `]`"),
            ("[]", "names no key"),
        ];
        for (line, expected) in cases {
            let text = crlf(&["REGEDIT4", r"[HKEY_USERS\K]", line, ""]);
            let source = src(&text);
            let err = parse(&source).unwrap_err();
            assert!(err.reason.contains(expected), "{line}: {err}");
            assert_eq!(source.slice(err.span.unwrap()), line);
        }
    }

    #[test]
    fn long_input_is_shortened_in_messages() {
        let long = format!(r#""A"=hex:{}zz"#, "00,".repeat(40));
        let text = crlf(&["REGEDIT4", r"[HKEY_USERS\K]", &format!("x{long}"), ""]);
        let err = parse(&src(&text)).unwrap_err();
        assert!(err.reason.contains("…`"), "{err}");
        assert!(err.reason.len() < 200, "{err}");
    }

    #[test]
    fn not_a_registry_export() {
        let err = parse(&src("hello\r\n")).unwrap_err();
        assert!(err.reason.contains("not a registry export"));
        assert!(parse(&src("")).is_err());
    }
}
