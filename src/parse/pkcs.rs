//! PKCS#7 (`.p7b`) and PFX/PKCS#12 files, each rendered as one decoded view of its
//! certificates (the same listing as a DER certificate, see [`super::cert`]).
//!
//! `Export-Certificate -Type P7B` and `certutil -ca.chain` write a degenerate PKCS#7
//! SignedData (no signers, only certificates), DER:
//!
//! ```text
//! 30 82 0a 3c                                  ContentInfo
//!    06 09 2a 86 48 86 f7 0d 01 07 02          signedData
//!    a0 82 0a 2d 30 82 0a 29                   [0] SignedData
//!       02 01 01  31 00  30 0b 06 09 ... 07 01 version 1, no digests, data
//!       a0 82 0a 11  30 82 05 0d ...           [0] certificates
//!       31 00                                  no signerInfos
//! ```
//!
//! or the same bytes as PEM (`-----BEGIN PKCS7-----`; `certutil -encode` labels them
//! `-----BEGIN CERTIFICATE-----` whatever they hold). A PFX (`Export-PfxCertificate`,
//! `certutil -exportPFX`) starts `30 82 LL LL 02 01 03 30`; it is opened with the passwords of
//! the manifest (`pfx_password`, `files[].password`), then the empty password. Private keys are
//! only matched to certificates (by local key ID) and dropped: no key material is kept,
//! shown or written anywhere.

use p12_keystore::Pkcs12Archive;
use p12_keystore::error::Error as PfxError;
use x509_parser::asn1_rs::{Any, Class, FromBer, Oid, Tag};

use super::cert::{self, Listing};
use super::{ParseContext, ParseError};
use crate::model::Certificate;
use crate::source::{Source, ViewSink};

/// The DER of the `signedData` content type OID (1.2.840.113549.1.7.2).
const SIGNED_DATA_OID: [u8; 11] = [
    0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02,
];
/// PEM labels of PKCS#7 data (OpenSSL, RFC 7468, and the older `PKCS #7 SIGNED DATA`).
const PKCS7_LABELS: [&str; 3] = ["PKCS7", "PKCS #7 SIGNED DATA", "CMS"];
/// Why a PFX that no known password opens is unreadable.
pub const PFX_PASSWORD_REASON: &str = "the PFX is protected by a password the bundle does not give (set `pfx_password` in manifest.json)";
/// Key-derivation rounds a PFX may ask for: Windows and OpenSSL use 2,000 to 600,000; a
/// file asking for more would only keep the linter busy.
const MAX_KDF_ITERATIONS: u64 = 1_000_000;
/// How deep and how many DER elements the iteration check walks.
const MAX_WALK_DEPTH: usize = 16;
const MAX_WALK_NODES: usize = 20_000;

/// Recognizes a DER (or BER) PKCS#7 SignedData: a SEQUENCE that opens with the
/// `signedData` OID.
pub fn sniff_pkcs7(bytes: &[u8]) -> bool {
    ber_content_start(bytes, 0, 0x30)
        .and_then(|at| bytes.get(at..at + SIGNED_DATA_OID.len()))
        .is_some_and(|oid| oid == SIGNED_DATA_OID)
}

/// Recognizes PEM PKCS#7 (`-----BEGIN PKCS7-----`), and a `-----BEGIN CERTIFICATE-----`
/// block whose content is PKCS#7 (what `certutil -encode` makes of a `.p7b`).
pub fn sniff_pkcs7_pem(text: &str) -> bool {
    let mut lines = text.lines().map(str::trim);
    while let Some(line) = lines.next() {
        match cert::begin_label(line) {
            Some(label) if is_pkcs7_label(label) => return true,
            Some("CERTIFICATE") => {
                // 64 Base64 characters are 48 bytes: enough for the outer header and OID.
                let first = lines.next().unwrap_or_default();
                return cert::decode_base64(first).is_some_and(|der| sniff_pkcs7(&der));
            }
            _ => {}
        }
    }
    false
}

/// Recognizes a DER PKCS#12 (PFX): a SEQUENCE whose first element is `INTEGER 3` (the
/// version), followed by a SEQUENCE (the authenticated safe).
pub fn sniff_pkcs12(bytes: &[u8]) -> bool {
    ber_content_start(bytes, 0, 0x30).is_some_and(|at| {
        bytes
            .get(at..at + 4)
            .is_some_and(|v| v == [0x02, 0x01, 0x03, 0x30])
    })
}

/// Where the content of the BER element at `at` starts, when its tag is `tag`: short, long
/// (up to 4 bytes) or indefinite length.
fn ber_content_start(bytes: &[u8], at: usize, tag: u8) -> Option<usize> {
    if *bytes.get(at)? != tag {
        return None;
    }
    match *bytes.get(at + 1)? {
        0..=0x80 => Some(at + 2),
        first @ 0x81..=0x84 => Some(at + 2 + usize::from(first - 0x80)),
        _ => None,
    }
}

fn is_pkcs7_label(label: &str) -> bool {
    PKCS7_LABELS.contains(&label.trim())
}

/// PEM blocks worth decoding in a PKCS#7 text file.
fn is_pkcs7_or_cert_label(label: &str) -> bool {
    is_pkcs7_label(label) || label.trim() == "CERTIFICATE"
}

/// Parses a PKCS#7 file (DER, or PEM text).
pub fn parse_pkcs7(
    source: &Source,
    views: &mut ViewSink<'_>,
) -> Result<Vec<Certificate>, ParseError> {
    match source.bytes.as_deref() {
        Some(bytes) => parse_pkcs7_der(source, views, bytes),
        None => parse_pkcs7_pem(source, views),
    }
}

fn parse_pkcs7_der(
    source: &Source,
    views: &mut ViewSink<'_>,
    bytes: &[u8],
) -> Result<Vec<Certificate>, ParseError> {
    let ders = signed_data_certificates(bytes).map_err(ParseError::whole_file)?;
    let mut listing = Listing::default();
    listing.line(0, &pkcs7_heading(ders.len(), "PKCS#7 SignedData (DER)"));
    let certs = describe_all(&mut listing, &source.path, &ders).map_err(ParseError::whole_file)?;
    Ok(cert::finish(views, &source.path, listing, certs))
}

fn parse_pkcs7_pem(
    source: &Source,
    views: &mut ViewSink<'_>,
) -> Result<Vec<Certificate>, ParseError> {
    let blocks = cert::pem_blocks(source, is_pkcs7_or_cert_label)?;
    if blocks.is_empty() {
        return Err(ParseError::whole_file(
            "no PKCS#7 block found in this PEM file",
        ));
    }
    let mut listing = Listing::default();
    let mut certs = Vec::new();
    for block in &blocks {
        let der = cert::decode_base64(&block.base64).ok_or_else(|| {
            ParseError::at(
                "the Base64 text of this PKCS#7 block cannot be decoded",
                block.begin,
            )
        })?;
        let ders = if sniff_pkcs7(&der) {
            signed_data_certificates(&der).map_err(|reason| ParseError::at(reason, block.begin))?
        } else {
            vec![der.as_slice()]
        };
        if !certs.is_empty() {
            listing.line(0, "");
        }
        let origin = format!("PKCS#7 SignedData, {}", block.origin);
        listing.line(0, &pkcs7_heading(ders.len(), &origin));
        let described = describe_all(&mut listing, &source.path, &ders)
            .map_err(|reason| ParseError::at(reason, block.begin))?;
        certs.extend(described);
    }
    Ok(cert::finish(views, &source.path, listing, certs))
}

fn pkcs7_heading(count: usize, origin: &str) -> String {
    match count {
        1 => format!("{origin}: 1 certificate"),
        n => format!("{origin}: {n} certificates"),
    }
}

/// Writes each certificate into the listing under a numbered heading.
fn describe_all(
    listing: &mut Listing,
    file: &str,
    ders: &[&[u8]],
) -> Result<Vec<Certificate>, String> {
    let count = ders.len();
    ders.iter()
        .enumerate()
        .map(|(index, der)| {
            let number = index + 1;
            let x509 = cert::parse_x509(der)
                .map_err(|reason| format!("certificate {number} of {count}: {reason}"))?;
            listing.line(0, "");
            listing.line(0, &format!("Certificate {number} of {count}"));
            cert::describe(&x509, listing, file).map_err(|e| e.reason)
        })
        .collect()
}

/// The certificates of a PKCS#7 `SignedData`, as the DER of each one.
fn signed_data_certificates(bytes: &[u8]) -> Result<Vec<&[u8]>, String> {
    let read = |input| {
        Any::from_ber(input).map_err(|e| format!("not a readable PKCS#7 file: {}", ber_reason(&e)))
    };
    let (_, content_info) = read(bytes)?;
    let (rest, content_type) = Oid::from_ber(content_info.data)
        .map_err(|e| format!("not a readable PKCS#7 file: {}", ber_reason(&e)))?;
    if content_type.to_id_string() != "1.2.840.113549.1.7.2" {
        return Err(format!(
            "this PKCS#7 holds content of type {content_type}, not SignedData: it has no certificates"
        ));
    }
    let (_, explicit) = read(rest)?;
    let (_, signed_data) = read(explicit.data)?;
    let mut rest = signed_data.data;
    // version, digestAlgorithms, encapContentInfo
    for _ in 0..3 {
        rest = read(rest)?.0;
    }
    if rest.is_empty() {
        return Ok(Vec::new());
    }
    let (_, next) = read(rest)?;
    if next.header.class() != Class::ContextSpecific || next.header.tag() != Tag(0) {
        return Ok(Vec::new());
    }
    let mut certificates = Vec::new();
    let mut items = next.data;
    while !items.is_empty() {
        let (after, item) = read(items)?;
        let raw = items.get(..items.len() - after.len()).unwrap_or_default();
        // Attribute certificates and other choices ([1], [2], [3]) are not X.509.
        if item.header.class() == Class::Universal && item.header.tag() == Tag::Sequence {
            certificates.push(raw);
        }
        items = after;
    }
    Ok(certificates)
}

fn ber_reason(error: &x509_parser::asn1_rs::Err<x509_parser::asn1_rs::Error>) -> String {
    match error {
        x509_parser::asn1_rs::Err::Incomplete(_) => {
            "the data ends early (truncated file?)".to_string()
        }
        x509_parser::asn1_rs::Err::Error(e) | x509_parser::asn1_rs::Err::Failure(e) => {
            e.to_string()
        }
    }
}

/// Parses a PFX, trying the passwords the context gives (then the empty password).
pub fn parse_pkcs12(
    source: &Source,
    views: &mut ViewSink<'_>,
    context: &ParseContext,
) -> Result<Vec<Certificate>, ParseError> {
    let Some(bytes) = source.bytes.as_deref() else {
        return Err(ParseError::whole_file(
            "expected a binary PFX file, found text",
        ));
    };
    let has_mac = check_pfx_structure(bytes).map_err(ParseError::whole_file)?;
    let mut passwords: Vec<&str> = context.pfx_passwords.iter().map(String::as_str).collect();
    passwords.push("");
    let mut failures = Vec::new();
    for (index, password) in passwords.iter().enumerate() {
        match Pkcs12Archive::from_pkcs12(bytes, password) {
            Ok(archive) => {
                let how = if password.is_empty() {
                    "an empty password"
                } else if index < context.pfx_passwords.len() {
                    "a password the manifest gives"
                } else {
                    "a password"
                };
                return Ok(describe_pfx(source, views, archive, how));
            }
            Err(error) => failures.push(error),
        }
    }
    Err(ParseError::whole_file(pfx_failure(&failures, has_mac)))
}

/// Why no password opened the PFX: a wrong password shows as a MAC mismatch (or, in a PFX
/// without a MAC, as undecryptable content); anything else is a damaged or unsupported file.
fn pfx_failure(failures: &[PfxError], has_mac: bool) -> String {
    let other = failures
        .iter()
        .find(|e| !matches!(e, PfxError::MacError(_)));
    match other {
        Some(error) if has_mac => format!("the PFX cannot be read: {error}"),
        _ => PFX_PASSWORD_REASON.to_string(),
    }
}

/// Checks the outer PFX structure (`SEQUENCE { version, authSafe, macData OPTIONAL }`) and
/// the key-derivation rounds it asks for; returns whether it has a MAC.
fn check_pfx_structure(bytes: &[u8]) -> Result<bool, String> {
    let (_, pfx) = Any::from_ber(bytes)
        .map_err(|e| format!("not a readable PFX (PKCS#12) file: {}", ber_reason(&e)))?;
    let mut elements = 0;
    let mut rest = pfx.data;
    while !rest.is_empty() {
        let (after, _) = Any::from_ber(rest)
            .map_err(|e| format!("not a readable PFX (PKCS#12) file: {}", ber_reason(&e)))?;
        rest = after;
        elements += 1;
    }
    if elements < 2 {
        return Err("not a readable PFX (PKCS#12) file: it has no authenticated safe".into());
    }
    let mut budget = MAX_WALK_NODES;
    let iterations = max_iterations(bytes, 0, &mut budget);
    if iterations > MAX_KDF_ITERATIONS {
        return Err(format!(
            "the PFX asks for {iterations} key-derivation iterations; scepter stops at {MAX_KDF_ITERATIONS}"
        ));
    }
    Ok(elements >= 3)
}

/// The largest iteration count in any `SEQUENCE { ..., salt OCTET STRING, iterations
/// INTEGER, ... }` (MAC data, PBES1 and PBKDF2 parameters) outside encrypted content.
fn max_iterations(input: &[u8], depth: usize, budget: &mut usize) -> u64 {
    if depth > MAX_WALK_DEPTH {
        return 0;
    }
    let mut children = Vec::new();
    let mut rest = input;
    while let Ok((after, any)) = Any::from_ber(rest) {
        if *budget == 0 || after.len() >= rest.len() {
            break;
        }
        *budget -= 1;
        rest = after;
        children.push(any);
    }
    let mut max = 0;
    for pair in children.windows(2) {
        if let [salt, count] = pair
            && salt.header.tag() == Tag::OctetString
            && count.header.tag() == Tag::Integer
            && count.header.class() == Class::Universal
        {
            max = max.max(unsigned(count.data));
        }
    }
    for child in &children {
        // A `data` ContentInfo wraps its SafeContents in an OCTET STRING.
        let wrapped = child.header.class() == Class::Universal
            && child.header.tag() == Tag::OctetString
            && child.data.first() == Some(&0x30);
        let nested = child.header.is_constructed() || wrapped;
        if nested {
            max = max.max(max_iterations(child.data, depth + 1, budget));
        }
    }
    max
}

fn unsigned(bytes: &[u8]) -> u64 {
    let digits: Vec<u8> = bytes.iter().copied().skip_while(|b| *b == 0).collect();
    if digits.len() > 8 {
        return u64::MAX;
    }
    digits.iter().fold(0, |n, b| (n << 8) | u64::from(*b))
}

/// Lists an opened PFX: every certificate, and whether a private key in the file matches it.
fn describe_pfx(
    source: &Source,
    views: &mut ViewSink<'_>,
    archive: Pkcs12Archive,
    how: &str,
) -> Vec<Certificate> {
    let Pkcs12Archive { keys, certs, .. } = archive;
    // Only the key IDs are kept; the keys themselves are dropped right here.
    let key_ids: Vec<Vec<u8>> = keys
        .into_iter()
        .filter_map(|key| key.local_key_id.map(|id| id.0))
        .collect();
    let mut listing = Listing::default();
    listing.line(
        0,
        &format!(
            "PFX (PKCS#12), opened with {how}: {} certificate(s), {} private key(s)",
            certs.len(),
            key_ids.len()
        ),
    );
    let count = certs.len();
    let mut described = Vec::with_capacity(count);
    for (index, bag) in certs.iter().enumerate() {
        let number = index + 1;
        listing.line(0, "");
        listing.line(0, &format!("Certificate {number} of {count}"));
        if let Some(name) = &bag.friendly_name {
            listing.line(4, &format!("Friendly name: {name}"));
        }
        let x509 = match cert::parse_x509(bag.cert.as_der()) {
            Ok(x509) => x509,
            Err(reason) => {
                listing.line(4, &format!("cannot be read: {reason}"));
                continue;
            }
        };
        let Ok(mut certificate) = cert::describe(&x509, &mut listing, &source.path) else {
            continue;
        };
        let paired = bag
            .local_key_id
            .as_ref()
            .is_some_and(|id| key_ids.contains(id));
        let shown = if paired {
            "present in this PFX (same local key ID)"
        } else {
            "not in this PFX"
        };
        certificate.has_private_key = Some(listing.spanned(4, "Private key: ", shown, paired));
        described.push(certificate);
    }
    cert::finish(views, &source.path, listing, described)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_structure() {
        let p7b = [
            0x30, 0x82, 0x05, 0x00, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07,
            0x02,
        ];
        assert!(sniff_pkcs7(&p7b));
        assert!(!sniff_pkcs12(&p7b));
        let pfx = [0x30, 0x82, 0x0a, 0x1c, 0x02, 0x01, 0x03, 0x30, 0x82];
        assert!(sniff_pkcs12(&pfx));
        assert!(!sniff_pkcs7(&pfx));
        let cert = [0x30, 0x82, 0x05, 0x00, 0x30, 0x82, 0x04, 0x00, 0xa0, 0x03];
        assert!(!sniff_pkcs7(&cert) && !sniff_pkcs12(&cert));
        assert!(!sniff_pkcs7(&[]) && !sniff_pkcs12(&[0x30]));
    }

    #[test]
    fn pem_sniffing() {
        assert!(sniff_pkcs7_pem(
            "-----BEGIN PKCS7-----\r\nMIIB\r\n-----END PKCS7-----\r\n"
        ));
        // `MIIKPAYJKoZIhvcNAQcC` is `30 82 0a 3c 06 09 2a 86 48 86 f7 0d 01 07 02`.
        assert!(sniff_pkcs7_pem(
            "-----BEGIN CERTIFICATE-----\nMIIKPAYJKoZIhvcNAQcCoIIKLTCCCikCAQExADALBgkqhkiG9w0BBwGgggoRMIIF\n"
        ));
        assert!(!sniff_pkcs7_pem(
            "-----BEGIN CERTIFICATE-----\nMIIFazCCBFOgAwIBAgITGgAAABL0wdKzpOX2BwAAAAAAEjANBgkqhkiG9w0BAQsF\n"
        ));
        assert!(!sniff_pkcs7_pem("hello"));
    }

    #[test]
    fn iteration_counts_are_found_in_nested_parameters() {
        // SEQUENCE { OCTET STRING salt, INTEGER 0x0f4241 (1,000,001) }
        let params = [
            0x30, 0x09, 0x04, 0x02, 0xaa, 0xbb, 0x02, 0x03, 0x0f, 0x42, 0x41,
        ];
        let mut budget = MAX_WALK_NODES;
        assert_eq!(max_iterations(&params, 0, &mut budget), 1_000_001);
        assert_eq!(unsigned(&[0, 0, 1, 0]), 256);
        assert_eq!(unsigned(&[1; 9]), u64::MAX);
    }
}
