//! `certutil -store [-v] <store>` and `certutil [-v] -dump <file>` text: one file, many
//! certificates.
//!
//! `certutil -store my` prints a header with the store, then one block per certificate:
//!
//! ```text
//! my "Personal"
//! ================ Certificate 0 ================
//! Serial Number: 1a00000012f4c1d2b3a4e5f6070000000012
//! Issuer: CN=Contoso Issuing CA 01, O=Contoso, C=US
//!  NotBefore: 6/1/2025 10:00 AM
//!  NotAfter: 6/1/2027 10:00 AM
//! Subject: CN=NDES01-MSCEP-RA, O=Contoso, C=US
//! Non-root Certificate
//! Template: EnrollmentAgentOffline, Exchange Enrollment Agent (Offline request)
//! Cert Hash(sha1): 3f1c5a0e6b2d4c8f9a7e1b2c3d4e5f60718293a4
//!   Key Container = 2b9f6a1c-8d4e-4f3a-b5c7-0e1d2c3b4a59
//!   Provider = Microsoft Strong Cryptographic Provider
//! Private key is NOT exportable
//! Signature test passed
//! CertUtil: -store command completed successfully.
//! ```
//!
//! With `-v` (and for `certutil -dump file.cer`, which has no header and starts at
//! `X509 Certificate:`) each block is a full dump: names one RDN per line, the public key,
//! and every extension by OID:
//!
//! ```text
//! Issuer:
//!     CN=Contoso Issuing CA 01
//!     O=Contoso
//!     C=US
//! ...
//! Public Key Length: 2048 bits
//! Certificate Extensions: 9
//!     2.5.29.37: Flags = 0, Length = 16
//!     Enhanced Key Usage
//!         Server Authentication (1.3.6.1.5.5.7.3.1)
//! ```
//!
//! Every field is spanned on its value in the text. Dates are printed in the collecting
//! machine's *local* time without a zone (`1/8/2025 2:30 PM`, `08.01.2025 14:30`); scepter
//! reads them as UTC, so they may be off by the server's UTC offset (the DER and JSON exports
//! are exact).
//!
//! The store comes from the header (`my "Personal"` → `LocalMachine\My`; `CurrentUser\…`
//! only when a captured command line shows `-user`: the header does not name the location,
//! and LocalMachine is certutil's default); a `-dump` has no store. The private key is
//! present when the block has key container / provider / key test lines, absent when
//! certutil says `No key provider information` or that the keyset is missing, and unknown
//! when the block has none of them.

use std::ops::Range;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use x509_parser::extensions::KeyUsage;

use super::{ParseError, cert};
use crate::model::{Certificate, Spanned};
use crate::source::{Source, Span};

/// How many lines from the top sniffing looks at.
const SNIFF_LINES: usize = 40;
/// The first line of a `-dump` / `-v` certificate.
const X509_START: &str = "X509 Certificate:";
/// Lines that say a certificate's private key is there.
const KEY_PRESENT: [&str; 5] = [
    "Key Container =",
    "Private key is NOT exportable",
    "Private key is exportable",
    "Encryption test passed",
    "Signature test passed",
];
/// Lines that say it is not (no key provider info, or a container without its keyset).
const KEY_ABSENT: [&str; 4] = [
    "No key provider information",
    "Missing stored keyset",
    "Keyset does not exist",
    "Cannot find the certificate and private key",
];
/// Well-known store names, as Windows spells them.
const STORES: [&str; 12] = [
    "My",
    "Root",
    "CA",
    "Trust",
    "AuthRoot",
    "Disallowed",
    "TrustedPeople",
    "TrustedPublisher",
    "Remote Desktop",
    "SmartCardRoot",
    "WebHosting",
    "REQUEST",
];

/// Recognizes `certutil -store [-v] <store>` and `certutil -dump` text: a
/// `================ Certificate 0 ================` banner or `X509 Certificate:` near the
/// top, or (an empty store) a store header right above certutil's closing line.
pub fn sniff(text: &str) -> bool {
    let lines: Vec<&str> = text.lines().take(SNIFF_LINES).collect();
    lines.iter().enumerate().any(|(index, line)| {
        let t = line.trim();
        banner_number(t).is_some()
            || t == X509_START
            || (store_header(t).is_some() && header_precedes(&lines, index))
    })
}

/// Parses `certutil -store [-v] <store>` and `certutil -dump` text.
pub fn parse(source: &Source) -> Result<Vec<Certificate>, ParseError> {
    let lines: Vec<&str> = source.text.lines().collect();
    split_entries(source, &lines)?
        .iter()
        .map(|entry| read_entry(source, entry))
        .collect()
}

/// One certificate's lines.
struct Entry<'a, 't> {
    /// The banner (or `X509 Certificate:`) line, where errors about the entry point.
    start: &'t str,
    /// The number certutil gave it (`Certificate 2`), or its position for a `-dump`.
    number: usize,
    /// Whether another entry follows (a missing field in the last one means a cut file).
    last: bool,
    /// The lines after `start`, up to the next entry.
    lines: &'a [&'t str],
    /// The store of the header above it.
    store: Option<Spanned<String>>,
}

/// `N` of a `================ Certificate N ================` banner (any language).
fn banner_number(line: &str) -> Option<usize> {
    if !(line.starts_with("=====") && line.ends_with("=====")) {
        return None;
    }
    let inner = line.trim_matches('=').trim();
    let mut words = inner.split_whitespace();
    let (_, number, rest) = (words.next()?, words.next()?, words.next());
    rest.is_none().then_some(())?;
    number.parse().ok()
}

/// certutil's closing line (`CertUtil: -store command completed successfully.`).
fn is_closing(line: &str) -> bool {
    line.starts_with("CertUtil: -") || line.starts_with("CertUtil: - ")
}

/// A command line captured with the output (`PS C:\> certutil -user -store my`): whether it
/// names the current user's stores.
fn command_echo(line: &str) -> Option<bool> {
    let lower = line.to_ascii_lowercase();
    let at = lower.find("certutil")?;
    let args = lower.get(at..)?;
    args.contains("-store").then(|| {
        args.split_whitespace()
            .any(|w| w == "-user" || w == "/user")
    })
}

/// The store name of a `my "Personal"` header line.
fn store_header(line: &str) -> Option<&str> {
    let t = line.trim();
    let (name, display) = t.split_once(" \"")?;
    let name = name.trim();
    let valid = display.ends_with('"')
        && !name.is_empty()
        && !name.contains(['"', ':', '='])
        && !name.starts_with('-');
    valid.then_some(name)
}

/// Cuts the text into certificate entries: at banners when there are any, else at each
/// `X509 Certificate:` (a `-dump`).
fn split_entries<'a, 't>(
    source: &Source,
    lines: &'a [&'t str],
) -> Result<Vec<Entry<'a, 't>>, ParseError> {
    let banners = lines.iter().any(|l| banner_number(l.trim()).is_some());
    let is_start = |line: &str| {
        let t = line.trim();
        if banners {
            banner_number(t).is_some()
        } else {
            t == X509_START
        }
    };
    let mut entries: Vec<Entry<'a, 't>> = Vec::new();
    let mut store: Option<Spanned<String>> = None;
    let mut current_user = false;
    let mut open: Option<(usize, Option<Spanned<String>>)> = None;
    let mut failure = None;
    let close = |entries: &mut Vec<Entry<'a, 't>>, open: &mut Option<_>, end: usize| {
        if let Some((start, store)) = open.take() {
            push_entry(entries, lines, start, end, store);
        }
    };
    for (index, line) in lines.iter().enumerate() {
        let t = line.trim();
        if is_closing(t) {
            close(&mut entries, &mut open, index);
            if t.contains("FAILED") && failure.is_none() {
                failure = Some(*line);
            }
            store = None;
        } else if let Some(user) = command_echo(t) {
            close(&mut entries, &mut open, index);
            current_user = user;
            store = None;
        } else if is_start(line) {
            close(&mut entries, &mut open, index);
            open = Some((index, store.clone()));
        } else if let Some(name) = store_header(line).filter(|_| header_precedes(lines, index)) {
            close(&mut entries, &mut open, index);
            store = Some(Spanned::new(
                store_path(name, current_user),
                source.span_of(name),
            ));
        }
    }
    close(&mut entries, &mut open, lines.len());
    if let (true, Some(line)) = (entries.is_empty(), failure) {
        return Err(ParseError::at(
            format!("certutil failed and listed no certificate: {}", line.trim()),
            source.span_of(line.trim()),
        ));
    }
    if let Some(last) = entries.last_mut() {
        last.last = true;
    }
    Ok(entries)
}

fn push_entry<'a, 't>(
    entries: &mut Vec<Entry<'a, 't>>,
    lines: &'a [&'t str],
    start: usize,
    end: usize,
    store: Option<Spanned<String>>,
) {
    let first = lines.get(start).map_or("", |l| l.trim());
    let number = banner_number(first).unwrap_or(entries.len());
    entries.push(Entry {
        start: first,
        number,
        last: false,
        lines: lines.get(start + 1..end).unwrap_or_default(),
        store,
    });
}

/// A store header is followed (blank lines aside) by a banner or certutil's closing line.
fn header_precedes(lines: &[&str], index: usize) -> bool {
    lines
        .iter()
        .skip(index + 1)
        .map(|l| l.trim())
        .find(|l| !l.is_empty())
        .is_some_and(|next| banner_number(next).is_some() || is_closing(next))
}

/// `LocalMachine\My` from the name typed on the command line (`my`, `MY`, `root`).
fn store_path(name: &str, current_user: bool) -> String {
    let location = if current_user {
        "CurrentUser"
    } else {
        "LocalMachine"
    };
    format!("{location}\\{}", canonical_store(name))
}

/// A store name as Windows spells it (`MY` → `My`); unknown names stay as typed.
pub(crate) fn canonical_store(name: &str) -> &str {
    STORES
        .iter()
        .find(|known| known.eq_ignore_ascii_case(name))
        .copied()
        .unwrap_or(name)
}

/// Reads one entry into a certificate.
fn read_entry(source: &Source, entry: &Entry<'_, '_>) -> Result<Certificate, ParseError> {
    let lines = entry.lines;
    let missing = |label: &str| {
        let why = if entry.last {
            "was the output cut short?"
        } else {
            "is this certutil output in another language?"
        };
        ParseError::at(
            format!("certificate {} has no `{label}` line ({why})", entry.number),
            source.span_of(entry.start),
        )
    };
    let serial = value_of(lines, "Serial Number:").ok_or_else(|| missing("Serial Number:"))?;
    let serial = hex_field(source, serial, "serial number")?;
    let (issuer, _) = name_field(source, lines, "Issuer:").ok_or_else(|| missing("Issuer:"))?;
    let (subject, subject_cn) =
        name_field(source, lines, "Subject:").ok_or_else(|| missing("Subject:"))?;
    let not_before = value_of(lines, "NotBefore:").ok_or_else(|| missing("NotBefore:"))?;
    let not_after = value_of(lines, "NotAfter:").ok_or_else(|| missing("NotAfter:"))?;
    let thumbprint = value_of(lines, "Cert Hash(sha1):")
        .or_else(|| next_line_after(lines, "CERT_SHA1_HASH_PROP_ID(3):"))
        .ok_or_else(|| missing("Cert Hash(sha1):"))?;
    let thumbprint = hex_field(source, thumbprint, "certificate hash")?;
    if thumbprint.value.len() != 40 {
        return Err(ParseError::at(
            "a SHA-1 certificate hash has 40 hex digits",
            thumbprint
                .span
                .unwrap_or_else(|| source.span_of(entry.start)),
        ));
    }
    let extensions = extensions(lines);
    let facts = ExtensionFacts::read(source, &extensions);
    let template = facts.template.or_else(|| template_line(source, lines));
    let self_signed = subject.value == issuer.value;
    let (has_private_key, key_provider) = private_key(source, lines);
    let mut certificate = Certificate {
        file: source.path.clone(),
        subject,
        subject_cn,
        issuer,
        serial,
        thumbprint,
        not_before: date_field(source, not_before)?,
        not_after: date_field(source, not_after)?,
        san_dns: facts.san_dns,
        san_ip: facts.san_ip,
        eku: facts.eku,
        crl_urls: facts.crl_urls,
        aia_urls: facts.aia_urls,
        ocsp_urls: facts.ocsp_urls,
        key_usage: facts.key_usage,
        key_algorithm: algorithm(
            source,
            lines,
            "Public Key Algorithm:",
            cert::key_algorithm_name,
        ),
        key_bits: key_bits(source, lines),
        signature_algorithm: algorithm(
            source,
            lines,
            "Signature Algorithm:",
            cert::signature_algorithm_name,
        ),
        template,
        is_ca: facts.is_ca.unwrap_or_else(|| Spanned::unlocated(false)),
        self_signed,
        store: entry.store.clone(),
        has_private_key,
        key_provider,
    };
    if extensions.is_none() {
        fill_from_embedded_pem(source, lines, &mut certificate);
    }
    Ok(certificate)
}

/// The trimmed text after `label` on the first line that starts with it (indentation aside).
fn value_of<'t>(lines: &[&'t str], label: &str) -> Option<&'t str> {
    lines
        .iter()
        .find_map(|line| line.trim_start().strip_prefix(label))
        .map(str::trim)
}

/// The first non-blank line after the line `label` (certutil `-v` property blocks).
fn next_line_after<'t>(lines: &[&'t str], label: &str) -> Option<&'t str> {
    let at = lines.iter().position(|l| l.trim() == label)?;
    lines
        .iter()
        .skip(at + 1)
        .map(|l| l.trim())
        .find(|l| !l.is_empty())
}

/// Hex printed with or without spaces (older Windows spaces the bytes), upper-cased.
fn hex_field(source: &Source, value: &str, what: &str) -> Result<Spanned<String>, ParseError> {
    let hex: String = value
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    if hex.is_empty() || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ParseError::at(
            format!("the {what} `{value}` is not hexadecimal"),
            source.span_of(value),
        ));
    }
    Ok(Spanned::new(hex, source.span_of(value)))
}

/// A distinguished name, on the label's line (`Issuer: CN=a, O=b`) or one RDN per line
/// below it (`-v`, `-dump`), joined as Windows shows it on one line; and its first CN.
fn name_field(
    source: &Source,
    lines: &[&str],
    label: &str,
) -> Option<(Spanned<String>, Option<Spanned<String>>)> {
    let at = lines
        .iter()
        .position(|l| l.trim_start().starts_with(label))?;
    let line = lines.get(at)?;
    let inline = line.trim_start().strip_prefix(label)?.trim();
    if !inline.is_empty() {
        let cn = cn_range(inline)
            .and_then(|range| inline.get(range))
            .map(|cn| Spanned::new(cn.to_string(), source.span_of(cn)));
        return Some((Spanned::new(inline.to_string(), source.span_of(inline)), cn));
    }
    let indent = indent_of(line);
    let rdns: Vec<&str> = lines
        .iter()
        .skip(at + 1)
        .take_while(|l| {
            let t = l.trim();
            indent_of(l) > indent && t.contains('=') && !t.starts_with("Name Hash")
        })
        .map(|l| l.trim())
        .collect();
    let (Some(first), Some(last)) = (rdns.first(), rdns.last()) else {
        return Some((
            Spanned::new(String::new(), source.span_of(line.trim())),
            None,
        ));
    };
    let joined = rdns.join(", ");
    let span = source.span_of(first).to(source.span_of(last));
    let cn = rdns.iter().find_map(|rdn| {
        let (key, value) = rdn.split_once('=')?;
        key.trim().eq_ignore_ascii_case("CN").then(|| {
            let value = unquote(value.trim());
            Spanned::new(value.to_string(), source.span_of(value))
        })
    });
    Some((Spanned::new(joined, span), cn))
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// The range of the first CN value in a one-line DN (`CN=x, O="a, b"`), quotes excluded.
pub(crate) fn cn_range(dn: &str) -> Option<Range<usize>> {
    let mut start = 0;
    let mut quoted = false;
    let mut rdns = Vec::new();
    for (at, c) in dn.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ',' | '+' if !quoted => {
                rdns.push(start..at);
                start = at + 1;
            }
            _ => {}
        }
    }
    rdns.push(start..dn.len());
    rdns.into_iter().find_map(|range| {
        let rdn = dn.get(range.clone())?;
        let (key, value) = rdn.split_once('=')?;
        if !key.trim().eq_ignore_ascii_case("CN") {
            return None;
        }
        let value = unquote(value.trim());
        let offset = value.as_ptr() as usize - dn.as_ptr() as usize;
        Some(offset..offset + value.len())
    })
}

fn unquote(value: &str) -> &str {
    value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(value)
}

fn date_field(source: &Source, value: &str) -> Result<Spanned<DateTime<Utc>>, ParseError> {
    parse_local_time(value)
        .map(|time| Spanned::new(time, source.span_of(value)))
        .ok_or_else(|| {
            ParseError::at(
                format!("cannot read the date `{value}` (expected e.g. `1/8/2025 2:30 PM`)"),
                source.span_of(value),
            )
        })
}

/// A certutil date in the user's short date and time format, read as UTC: `1/8/2025 2:30 PM`
/// (en-US), `08/01/2025 14:30` (en-GB, fr-FR), `08.01.2025 14:30` (de-DE),
/// `2025-01-08 2:30 PM`. Day and month order follows the separator and the AM/PM marker.
fn parse_local_time(text: &str) -> Option<DateTime<Utc>> {
    // Some builds wrap the date in bidi marks (U+200E); some locales use no-break spaces.
    let cleaned: String = text
        .chars()
        .filter(|c| !matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}'))
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    let mut words = cleaned.split_whitespace();
    let (date, clock) = (words.next()?, words.next()?);
    let meridiem = match words.next().map(str::to_ascii_lowercase).as_deref() {
        None => None,
        Some("am" | "a.m.") => Some(false),
        Some("pm" | "p.m.") => Some(true),
        Some(_) => return None,
    };
    if words.next().is_some() {
        return None;
    }
    let (year, month, day) = date_parts(date, meridiem.is_some())?;
    let mut clock_parts = clock.split(':');
    let hour: u32 = clock_parts.next()?.parse().ok()?;
    let minute: u32 = clock_parts.next()?.parse().ok()?;
    let second: u32 = clock_parts.next().map_or(Some(0), |s| s.parse().ok())?;
    if clock_parts.next().is_some() {
        return None;
    }
    let hour = match meridiem {
        None => hour,
        Some(_) if !(1..=12).contains(&hour) => return None,
        Some(pm) => hour % 12 + if pm { 12 } else { 0 },
    };
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    let time = NaiveTime::from_hms_opt(hour, minute, second)?;
    Some(date.and_time(time).and_utc())
}

/// Year, month and day of a short date.
fn date_parts(date: &str, twelve_hour: bool) -> Option<(i32, u32, u32)> {
    let separator = date.chars().find(|c| !c.is_ascii_digit())?;
    if !matches!(separator, '/' | '.' | '-') {
        return None;
    }
    let parts: Vec<&str> = date.trim_end_matches(separator).split(separator).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let (na, nb, nc): (u32, u32, u32) = (a.parse().ok()?, b.parse().ok()?, c.parse().ok()?);
    let (year, month, day) = if a.len() == 4 {
        (na, nb, nc)
    } else if separator != '/' || na > 12 {
        (nc, nb, na)
    } else if nb > 12 || twelve_hour {
        (nc, na, nb)
    } else {
        (nc, nb, na)
    };
    let year = if year < 100 { year + 2000 } else { year };
    Some((i32::try_from(year).ok()?, month, day))
}

/// One extension of a `-v` / `-dump` listing: `2.5.29.37: Flags = 0, Length = 16`, its
/// name line, then its value lines.
struct Extension<'t> {
    oid: &'t str,
    values: Vec<&'t str>,
}

/// The `Certificate Extensions:` section, or `None` when the entry has none (no `-v`).
fn extensions<'t>(lines: &[&'t str]) -> Option<Vec<Extension<'t>>> {
    let at = lines
        .iter()
        .position(|l| l.trim_start().starts_with("Certificate Extensions:"))?;
    let base = indent_of(lines.get(at)?);
    let mut found: Vec<Extension<'t>> = Vec::new();
    let mut name_pending = false;
    for line in lines.iter().skip(at + 1) {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if indent_of(line) <= base {
            break;
        }
        if let Some(oid) = extension_oid(t) {
            found.push(Extension {
                oid,
                values: Vec::new(),
            });
            name_pending = true;
        } else if let Some(extension) = found.last_mut() {
            if name_pending {
                name_pending = false;
            } else {
                extension.values.push(t);
            }
        }
    }
    Some(found)
}

/// The OID of an extension header line (`2.5.29.15: Flags = 1(Critical), Length = 4`).
fn extension_oid(line: &str) -> Option<&str> {
    let (oid, rest) = line.split_once(": ")?;
    let dotted = oid.contains('.') && oid.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    (dotted && rest.starts_with("Flags")).then_some(oid)
}

/// What the extensions of a `-v` / `-dump` entry say.
#[derive(Default)]
struct ExtensionFacts {
    san_dns: Vec<Spanned<String>>,
    san_ip: Vec<Spanned<String>>,
    eku: Vec<Spanned<String>>,
    crl_urls: Vec<Spanned<String>>,
    aia_urls: Vec<Spanned<String>>,
    ocsp_urls: Vec<Spanned<String>>,
    key_usage: Vec<Spanned<String>>,
    template: Option<Spanned<String>>,
    is_ca: Option<Spanned<bool>>,
}

impl ExtensionFacts {
    fn read(source: &Source, extensions: &Option<Vec<Extension<'_>>>) -> Self {
        let mut facts = ExtensionFacts::default();
        let Some(extensions) = extensions else {
            return facts;
        };
        let find = |oid: &str| extensions.iter().find(|e| e.oid == oid);
        if let Some(ext) = find("2.5.29.37") {
            facts.eku = ext.values.iter().filter_map(|v| eku(source, v)).collect();
        } else if let Some(ext) = find("1.3.6.1.4.1.311.21.10") {
            // AD CS mirrors the EKUs into Application Policies; only a fallback here.
            facts.eku = ext
                .values
                .iter()
                .filter_map(|v| v.strip_prefix("Policy Identifier="))
                .filter_map(|v| eku(source, v))
                .collect();
        }
        if let Some(ext) = find("2.5.29.17") {
            for value in &ext.values {
                if let Some(host) = value.strip_prefix("DNS Name=") {
                    facts.san_dns.push(spanned_text(source, host));
                } else if let Some(ip) = value.strip_prefix("IP Address=") {
                    facts.san_ip.push(spanned_text(source, ip));
                }
            }
        }
        if let Some(ext) = find("2.5.29.31") {
            facts.crl_urls = ext
                .values
                .iter()
                .filter_map(|v| url_value(source, v))
                .collect();
        }
        if let Some(ext) = find("1.3.6.1.5.5.7.1.1") {
            (facts.aia_urls, facts.ocsp_urls) = access_urls(source, &ext.values);
        }
        if let Some(ext) = find("2.5.29.15") {
            facts.key_usage = ext
                .values
                .first()
                .map_or_else(Vec::new, |line| key_usage(source, line));
        }
        facts.is_ca = find("2.5.29.19").and_then(|ext| {
            ext.values.iter().find_map(|v| {
                let kind = v.strip_prefix("Subject Type=")?.trim();
                Some(Spanned::new(
                    kind.eq_ignore_ascii_case("CA"),
                    source.span_of(kind),
                ))
            })
        });
        let v1_name = find("1.3.6.1.4.1.311.20.2")
            .and_then(|ext| ext.values.first())
            .map(|name| spanned_text(source, name));
        let v2_oid = find("1.3.6.1.4.1.311.21.7").and_then(|ext| {
            let value = ext
                .values
                .iter()
                .find_map(|v| v.strip_prefix("Template="))?;
            let oid = value
                .strip_suffix(')')
                .and_then(|v| v.rsplit_once('('))
                .map_or(value, |(_, oid)| oid);
            Some(spanned_text(source, oid))
        });
        facts.template = v1_name.or(v2_oid);
        facts
    }
}

/// The URL of a `URL=http://...` line (certutil's form of a URI general name).
fn url_value(source: &Source, line: &str) -> Option<Spanned<String>> {
    let url = line.trim().strip_prefix("URL=")?.trim();
    (!url.is_empty()).then(|| spanned_text(source, url))
}

/// The URLs of an Authority Information Access listing, by the access method above each:
///
/// ```text
/// [1]Authority Info Access
///      Access Method=Certification Authority Issuer (1.3.6.1.5.5.7.48.2)
///      Alternative Name:
///           URL=http://pki.contoso.com/CertEnroll/ca.crt
/// ```
///
/// The method is read from the OID in parentheses, which does not depend on the language.
/// Returns the CA issuers URLs and the OCSP URLs.
fn access_urls(source: &Source, values: &[&str]) -> (Vec<Spanned<String>>, Vec<Spanned<String>>) {
    let (mut issuers, mut ocsp) = (Vec::new(), Vec::new());
    let mut method = "";
    for value in values {
        if let Some(text) = value.trim().strip_prefix("Access Method=") {
            method = text
                .trim()
                .strip_suffix(')')
                .and_then(|t| t.rsplit_once('('))
                .map_or("", |(_, oid)| oid);
        } else if let Some(url) = url_value(source, value) {
            match method {
                "1.3.6.1.5.5.7.48.2" => issuers.push(url),
                "1.3.6.1.5.5.7.48.1" => ocsp.push(url),
                _ => {}
            }
        }
    }
    (issuers, ocsp)
}

fn spanned_text(source: &Source, text: &str) -> Spanned<String> {
    let text = text.trim();
    Spanned::new(text.to_string(), source.span_of(text))
}

/// An EKU line: `Server Authentication (1.3.6.1.5.5.7.3.1)`, a bare OID, or a known name.
fn eku(source: &Source, line: &str) -> Option<Spanned<String>> {
    let line = line.trim();
    Some(Spanned::new(eku_oid_of(line)?, source.span_of(line)))
}

/// An EKU OID from `1.3.6.1.5.5.7.3.1`, `Server Authentication (1.3.6.1.5.5.7.3.1)` (how
/// Windows writes an EKU) or a known name alone.
pub(crate) fn eku_oid_of(text: &str) -> Option<String> {
    let text = text.trim();
    let in_parens = text
        .strip_suffix(')')
        .and_then(|t| t.rsplit_once('('))
        .map(|(_, oid)| oid);
    match in_parens.filter(|o| is_dotted(o)) {
        Some(oid) => Some(oid.to_string()),
        None if is_dotted(text) => Some(text.to_string()),
        None => cert::eku_oid(text).map(str::to_string),
    }
}

fn is_dotted(text: &str) -> bool {
    text.contains('.') && text.bytes().all(|b| b.is_ascii_digit() || b == b'.')
}

/// `Digital Signature, Key Encipherment (a0)`: the bits from the hex in parentheses (which
/// does not depend on the language), each name spanned where the line shows it.
fn key_usage(source: &Source, line: &str) -> Vec<Spanned<String>> {
    let hex = line
        .strip_suffix(')')
        .and_then(|l| l.rsplit_once('('))
        .map(|(_, hex)| hex);
    let bytes: Option<Vec<u8>> = hex.and_then(|hex| {
        hex.split_whitespace()
            .map(|b| u8::from_str_radix(b, 16).ok())
            .collect()
    });
    let Some(bytes) = bytes.filter(|b| !b.is_empty()) else {
        return Vec::new();
    };
    // DER bit 0 (the top bit of the first byte) is digitalSignature, x509-parser's bit 0.
    let low = bytes.first().map_or(0, |b| b.reverse_bits());
    let high = bytes.get(1).map_or(0, |b| b.reverse_bits());
    let usage = KeyUsage {
        flags: u16::from(low) | (u16::from(high) << 8),
    };
    let hex_text = hex.unwrap_or(line);
    cert::key_usage_names(&usage)
        .into_iter()
        .map(|(name, shown)| {
            let shown = if name == "non_repudiation" {
                "Non-Repudiation"
            } else {
                shown
            };
            // `Off-line CRL Signing, CRL Signing`: the last one is the plain name.
            let at = line
                .rfind(shown)
                .and_then(|at| line.get(at..at + shown.len()));
            Spanned::new(name.to_string(), source.span_of(at.unwrap_or(hex_text)))
        })
        .collect()
}

/// `Template: EnrollmentAgentOffline, Exchange Enrollment Agent (Offline request)` (V1: the
/// name before the friendly name), `Template: IntuneNDES` or the V2 OID; empty means none.
fn template_line(source: &Source, lines: &[&str]) -> Option<Spanned<String>> {
    let value = value_of(lines, "Template:")?;
    let name = value
        .split_once(", ")
        .map_or(value, |(name, _)| name)
        .trim();
    (!name.is_empty()).then(|| spanned_text(source, name))
}

/// `Public Key Algorithm:` / `Signature Algorithm:` and the `Algorithm ObjectId: <oid> <name>`
/// line below; empty (unknown) when the entry has none.
fn algorithm(
    source: &Source,
    lines: &[&str],
    label: &str,
    name_of: fn(&str) -> String,
) -> Spanned<String> {
    let found = lines
        .iter()
        .position(|l| l.trim() == label)
        .and_then(|at| lines.get(at + 1))
        .and_then(|l| l.trim_start().strip_prefix("Algorithm ObjectId:"))
        .map(str::trim)
        .and_then(|value| {
            let oid = value.split_whitespace().next()?;
            Some(Spanned::new(name_of(oid), source.span_of(value)))
        });
    found.unwrap_or_else(|| Spanned::unlocated(String::new()))
}

/// `Public Key Length: 2048 bits`.
fn key_bits(source: &Source, lines: &[&str]) -> Option<Spanned<i64>> {
    let value = value_of(lines, "Public Key Length:")?;
    let number = value.split_whitespace().next()?;
    Some(Spanned::new(number.parse().ok()?, source.span_of(number)))
}

type KeyFacts = (Option<Spanned<bool>>, Option<Spanned<String>>);

/// Private-key presence and provider from the key lines of the entry.
fn private_key(source: &Source, lines: &[&str]) -> KeyFacts {
    let trimmed = || lines.iter().map(|l| l.trim());
    let provider = trimmed()
        .find_map(|l| l.strip_prefix("Provider = "))
        .map(|name| spanned_text(source, name));
    let absent = trimmed().find(|l| KEY_ABSENT.iter().any(|m| l.starts_with(m)));
    let present = trimmed().find(|l| KEY_PRESENT.iter().any(|m| l.starts_with(m)));
    let has_key = match (absent, present) {
        (Some(line), _) => Some(Spanned::new(false, source.span_of(line))),
        (None, Some(line)) => Some(Spanned::new(true, source.span_of(line))),
        (None, None) => None,
    };
    (has_key, provider)
}

/// Fills what a short listing lacks from a PEM copy of the same certificate in the entry
/// (`certutil -encode` output pasted below it), spanned on its `-----BEGIN` line.
fn fill_from_embedded_pem(source: &Source, lines: &[&str], certificate: &mut Certificate) {
    let Some(begin) = lines
        .iter()
        .position(|l| l.trim() == "-----BEGIN CERTIFICATE-----")
    else {
        return;
    };
    let base64: String = lines
        .iter()
        .skip(begin + 1)
        .map(|l| l.trim())
        .take_while(|l| !l.starts_with("-----END"))
        .collect();
    let Some(der) = cert::decode_base64(&base64) else {
        return;
    };
    let Ok(mut decoded) = cert::certificate_from_der(&der, &source.path) else {
        return;
    };
    if decoded.thumbprint.value != certificate.thumbprint.value {
        return;
    }
    let span: Option<Span> = lines.get(begin).map(|l| source.span_of(l.trim()));
    for slot in cert::spans_mut(&mut decoded) {
        *slot = span;
    }
    let c = certificate;
    c.san_dns = decoded.san_dns;
    c.san_ip = decoded.san_ip;
    c.eku = decoded.eku;
    c.crl_urls = decoded.crl_urls;
    c.aia_urls = decoded.aia_urls;
    c.ocsp_urls = decoded.ocsp_urls;
    c.key_usage = decoded.key_usage;
    c.is_ca = decoded.is_ca;
    c.template = c.template.take().or(decoded.template);
    if c.key_algorithm.value.is_empty() {
        c.key_algorithm = decoded.key_algorithm;
    }
    if c.signature_algorithm.value.is_empty() {
        c.signature_algorithm = decoded.signature_algorithm;
    }
    c.key_bits = c.key_bits.take().or(decoded.key_bits);
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::source::SourceId;

    fn src(text: &str) -> Source {
        Source::text(
            SourceId(2),
            "certutil.txt",
            text.replace('\n', "\r\n"),
            None,
        )
    }

    fn shown<'s, T>(source: &'s Source, value: &Spanned<T>) -> &'s str {
        source.slice(value.span.unwrap())
    }

    const STORE: &str = r#"my "Personal"
================ Certificate 0 ================
Serial Number: 5c00000021d4e5f6a7b8c9d0e10000000021
Issuer: CN=Contoso Issuing CA 01, DC=contoso, DC=com
 NotBefore: 1/8/2025 2:30 PM
 NotAfter: 1/8/2027 2:30 PM
Subject: CN=ndes.contoso.com
Non-root Certificate
Template: 1.3.6.1.4.1.311.21.8.8271823.1235431.1234567
Cert Hash(sha1): c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00
  Key Container = te-WebServer-8c1d2e3f-4a5b-6c7d-8e9f-0a1b2c3d4e5f
  Simple container name: te-WebServer-8c1d2e3f-4a5b-6c7d-8e9f-0a1b2c3d4e5f
  Provider = Microsoft RSA SChannel Cryptographic Provider
Encryption test passed

================ Certificate 1 ================
Serial Number: 61 00 00 00 02
Issuer: CN=Contoso Root CA, O=Contoso, C=US
 NotBefore: 08.12.2023 06:16
 NotAfter: 08.12.2033 06:16
Subject: CN=Contoso Root CA, O=Contoso, C=US
Signature matches Public Key
Root Certificate: Subject matches Issuer
Cert Hash(sha1): f6 3a ac 84 00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff
No key provider information
Cannot find the certificate and private key for decryption.
CertUtil: -store command completed successfully.
"#;

    #[test]
    fn store_listing_fields_and_spans() {
        assert!(sniff(STORE));
        let s = src(STORE);
        let certs = parse(&s).unwrap();
        assert_eq!(certs.len(), 2);
        let c = &certs[0];
        assert_eq!(c.serial.value, "5C00000021D4E5F6A7B8C9D0E10000000021");
        assert_eq!(shown(&s, &c.serial), "5c00000021d4e5f6a7b8c9d0e10000000021");
        assert_eq!(c.subject_cn.as_ref().unwrap().value, "ndes.contoso.com");
        assert_eq!(
            c.not_before.value,
            Utc.with_ymd_and_hms(2025, 1, 8, 14, 30, 0).unwrap()
        );
        assert_eq!(shown(&s, &c.not_after), "1/8/2027 2:30 PM");
        assert_eq!(
            c.template.as_ref().unwrap().value,
            "1.3.6.1.4.1.311.21.8.8271823.1235431.1234567"
        );
        assert_eq!(c.store.as_ref().unwrap().value, "LocalMachine\\My");
        assert_eq!(shown(&s, c.store.as_ref().unwrap()), "my");
        let key = c.has_private_key.as_ref().unwrap();
        assert!(key.value);
        assert!(shown(&s, key).starts_with("Key Container = te-WebServer"));
        assert_eq!(
            c.key_provider.as_ref().unwrap().value,
            "Microsoft RSA SChannel Cryptographic Provider"
        );
        assert_eq!(c.key_algorithm.value, "");
        assert!(!c.is_ca.value && c.is_ca.span.is_none());

        let root = &certs[1];
        assert_eq!(root.serial.value, "6100000002");
        assert_eq!(
            root.thumbprint.value,
            "F63AAC8400112233445566778899AABBCCDDEEFF"
        );
        assert_eq!(
            root.not_before.value,
            Utc.with_ymd_and_hms(2023, 12, 8, 6, 16, 0).unwrap()
        );
        assert!(root.self_signed);
        let key = root.has_private_key.as_ref().unwrap();
        assert!(!key.value);
        assert_eq!(shown(&s, key), "No key provider information");
        assert_eq!(root.key_provider, None);
    }

    #[test]
    fn dates_in_several_locales() {
        let at = |y, mo, d, h, mi| Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap();
        assert_eq!(
            parse_local_time("3/14/2024 9:12 AM"),
            Some(at(2024, 3, 14, 9, 12))
        );
        assert_eq!(
            parse_local_time("12/1/2024 12:05 AM"),
            Some(at(2024, 12, 1, 0, 5))
        );
        assert_eq!(
            parse_local_time("14/03/2024 21:12"),
            Some(at(2024, 3, 14, 21, 12))
        );
        assert_eq!(
            parse_local_time("2024-02-26 5:24 PM"),
            Some(at(2024, 2, 26, 17, 24))
        );
        assert_eq!(
            parse_local_time("\u{200e}08.12.2023 06:16:30"),
            Some(Utc.with_ymd_and_hms(2023, 12, 8, 6, 16, 30).unwrap())
        );
        assert_eq!(parse_local_time("13/13/2024 9:12"), None);
        assert_eq!(parse_local_time("3/14/2024 13:12 PM"), None);
        assert_eq!(parse_local_time("yesterday"), None);
        assert_eq!(parse_local_time(""), None);
    }

    #[test]
    fn cn_of_one_line_names() {
        let dn = "O=\"Contoso, Inc.\", CN=\"ndes, external\", C=US";
        assert_eq!(dn.get(cn_range(dn).unwrap()), Some("ndes, external"));
        assert_eq!(cn_range("O=Contoso"), None);
    }

    #[test]
    fn empty_store_and_failed_command() {
        let empty = "Root \"Trusted Root Certification Authorities\"\nCertUtil: -store command completed successfully.\n";
        assert!(sniff(empty));
        assert_eq!(parse(&src(empty)).unwrap(), Vec::new());
        let failed = "my \"Personal\"\nCertUtil: -store command FAILED: 0x80070002 (WIN32: 2 ERROR_FILE_NOT_FOUND)\n";
        let error = parse(&src(failed)).unwrap_err();
        assert!(
            error.reason.contains("FAILED: 0x80070002"),
            "{}",
            error.reason
        );
    }

    #[test]
    fn user_store_from_the_captured_command() {
        let text = "PS C:\\> certutil -user -store my\nmy \"Personal\"\n================ Certificate 0 ================\nSerial Number: 01\nIssuer: CN=a\n NotBefore: 1/8/2025 2:30 PM\n NotAfter: 1/8/2027 2:30 PM\nSubject: CN=a\nCert Hash(sha1): c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00\n";
        let certs = parse(&src(text)).unwrap();
        assert_eq!(certs[0].store.as_ref().unwrap().value, "CurrentUser\\My");
        assert_eq!(certs[0].has_private_key, None);
    }

    #[test]
    fn cut_entry_is_an_error_at_its_banner() {
        let cut: String = STORE.lines().take(20).collect::<Vec<_>>().join("\n");
        let s = src(&cut);
        let error = parse(&s).unwrap_err();
        assert!(
            error.reason.contains("certificate 1 has no `Subject:`"),
            "{}",
            error.reason
        );
        assert!(error.reason.contains("cut short"), "{}", error.reason);
        assert_eq!(
            s.slice(error.span.unwrap()),
            "================ Certificate 1 ================"
        );
    }

    /// A `-v` entry with both kinds of CRL URL and both AIA access methods, as certutil
    /// prints them.
    const VERBOSE_URLS: &str = r#"my "Personal"
================ Certificate 0 ================
X509 Certificate:
Version: 3
Serial Number: 1a0000002cd4e5f6a7b8c9d0e1000000002c
Issuer:
    CN=Contoso Issuing CA 01
 NotBefore: 3/2/2026 12:00 PM
 NotAfter: 3/2/2027 12:00 PM
Subject:
    CN=ndes.contoso.com
Certificate Extensions: 3
    2.5.29.31: Flags = 0, Length = 1a0
    CRL Distribution Points
        [1]CRL Distribution Point
             Distribution Point Name:
                  Full Name:
                       URL=ldap:///CN=Contoso%20Issuing%20CA%2001,CN=ca01,CN=CDP,CN=Public%20Key%20Services,CN=Services,CN=Configuration,DC=contoso,DC=com?certificateRevocationList?base?objectClass=cRLDistributionPoint
                       URL=http://pki.contoso.com/CertEnroll/Contoso%20Issuing%20CA%2001.crl

    1.3.6.1.5.5.7.1.1: Flags = 0, Length = 9e
    Authority Information Access
        [1]Authority Info Access
             Access Method=Certification Authority Issuer (1.3.6.1.5.5.7.48.2)
             Alternative Name:
                  URL=http://pki.contoso.com/CertEnroll/ca01_Contoso%20Issuing%20CA%2001.crt
        [2]Authority Info Access
             Access Method=On-line Certificate Status Protocol (1.3.6.1.5.5.7.48.1)
             Alternative Name:
                  URL=http://ocsp.contoso.com/ocsp

    2.5.29.19: Flags = 0, Length = 2
    Basic Constraints
        Subject Type=End Entity
        Path Length Constraint=None

Cert Hash(sha1): c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00
CertUtil: -store command completed successfully.
"#;

    #[test]
    fn verbose_listing_crl_and_aia_urls() {
        let s = src(VERBOSE_URLS);
        let certs = parse(&s).unwrap();
        let c = &certs[0];
        let values = |list: &[Spanned<String>]| -> Vec<(String, String)> {
            list.iter()
                .map(|u| (u.value.clone(), shown(&s, u).to_string()))
                .collect()
        };
        let crl = values(&c.crl_urls);
        assert_eq!(crl.len(), 2);
        assert!(
            crl[0]
                .0
                .starts_with("ldap:///CN=Contoso%20Issuing%20CA%2001,")
        );
        assert_eq!(
            crl[1].0,
            "http://pki.contoso.com/CertEnroll/Contoso%20Issuing%20CA%2001.crl"
        );
        assert!(crl.iter().all(|(value, shown)| value == shown));
        assert_eq!(
            values(&c.aia_urls),
            [(
                "http://pki.contoso.com/CertEnroll/ca01_Contoso%20Issuing%20CA%2001.crt"
                    .to_string(),
                "http://pki.contoso.com/CertEnroll/ca01_Contoso%20Issuing%20CA%2001.crt"
                    .to_string()
            )]
        );
        assert_eq!(
            values(&c.ocsp_urls),
            [(
                "http://ocsp.contoso.com/ocsp".to_string(),
                "http://ocsp.contoso.com/ocsp".to_string()
            )]
        );
    }

    #[test]
    fn short_listing_has_no_urls() {
        let certs = parse(&src(STORE)).unwrap();
        assert!(
            certs
                .iter()
                .all(|c| c.crl_urls.is_empty() && c.aia_urls.is_empty() && c.ocsp_urls.is_empty())
        );
    }

    #[test]
    fn not_certutil() {
        assert!(!sniff("hello\nworld"));
        assert!(!sniff("==========\nsection\n=========="));
        assert!(!sniff(""));
    }
}
