//! X.509 certificates in DER and PEM, each file rendered as a decoded view for its spans.
//!
//! `Export-Certificate` writes raw DER (`30 82 LL LL 30 82 LL LL A0 03 02 01 02 ...`);
//! `certutil -encode` writes PEM with CRLF and 64-character lines:
//!
//! ```text
//! -----BEGIN CERTIFICATE-----
//! MIIFazCCBFOgAwIBAgITGgAAABL0wdKzpOX2BwAAAAAAEjANBgkqhkiG9w0BAQsF
//! ...
//! -----END CERTIFICATE-----
//! ```
//!
//! and `[Convert]::ToBase64String($cert.RawData)` writes the bare Base64 (`MII...`) alone.
//! Neither DER bytes nor Base64 can be underlined usefully, so each file gets one decoded view,
//! an `openssl x509 -text`-like listing, and every field's span points at its value there:
//!
//! ```text
//! Certificate
//!     Subject: CN=ndes.contoso.com, O=Contoso, C=US
//!     Validity
//!         Not Before: 2026-03-02 12:00:00 UTC
//!         Not After : 2026-10-09 12:00:00 UTC
//! ```

use std::net::{Ipv4Addr, Ipv6Addr};
use std::ops::Range;

use chrono::{DateTime, Utc};
use sha1::{Digest, Sha1};
use x509_parser::asn1_rs::{Any, FromDer, Oid, Tag};
use x509_parser::certificate::X509Certificate;
use x509_parser::extensions::{
    DistributionPointName, GeneralName, KeyUsage, ParsedExtension, X509Extension,
};
use x509_parser::x509::X509Name;

use super::ParseError;
use crate::model::{Certificate, Spanned};
use crate::source::{Source, SourceId, Span, ViewSink};

/// Microsoft certificate template name (V1 templates), a BMPString.
const OID_TEMPLATE_NAME: &str = "1.3.6.1.4.1.311.20.2";
/// Microsoft certificate template information (V2+ templates): SEQUENCE { OID, major, minor }.
const OID_TEMPLATE_INFO: &str = "1.3.6.1.4.1.311.21.7";
/// CRL distribution points.
const OID_CRL_DISTRIBUTION_POINTS: &str = "2.5.29.31";
/// Authority information access: where the issuer's certificate and an OCSP responder are.
const OID_AUTHORITY_INFO_ACCESS: &str = "1.3.6.1.5.5.7.1.1";
/// The AIA access method of the issuer's certificate (caIssuers).
const OID_CA_ISSUERS: &str = "1.3.6.1.5.5.7.48.2";
/// The AIA access method of an OCSP responder.
const OID_OCSP: &str = "1.3.6.1.5.5.7.48.1";
/// PEM labels whose content is a certificate.
const CERT_LABELS: [&str; 3] = ["CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE"];
/// Spans are made before the view exists; this id is replaced by the view's own.
const PENDING: SourceId = SourceId(u32::MAX);

/// Recognizes a DER X.509 certificate, but not PKCS#12 (`02 01 03` after the outer header)
/// nor PKCS#7 (an OID there): the to-be-signed part must open with an explicit version, or
/// (old v1 certificates) the whole file must parse. A truncated v3 certificate is still
/// recognized, so it is reported as unreadable rather than unrecognized.
pub fn sniff_der(bytes: &[u8]) -> bool {
    let Some(tbs) = der_content_start(bytes, 0, 0x30) else {
        return false;
    };
    let Some(inner) = der_content_start(bytes, tbs, 0x30) else {
        return false;
    };
    let version = bytes.get(inner..inner + 5);
    matches!(version, Some([0xA0, 0x03, 0x02, 0x01, 0..=2]))
        || x509_parser::parse_x509_certificate(bytes).is_ok()
}

/// Where the content of the DER element at `at` starts, when its tag is `tag` and its
/// length header is well-formed (the length itself is not checked against the data).
fn der_content_start(bytes: &[u8], at: usize, tag: u8) -> Option<usize> {
    if *bytes.get(at)? != tag {
        return None;
    }
    let first = *bytes.get(at + 1)?;
    match first {
        0..=0x7F => Some(at + 2),
        0x81..=0x84 => Some(at + 2 + usize::from(first - 0x80)),
        _ => None,
    }
}

/// The total length (header included) the outer DER element announces.
fn declared_len(bytes: &[u8]) -> Option<usize> {
    let content = der_content_start(bytes, 0, 0x30)?;
    let length = match *bytes.get(1)? {
        short @ 0..=0x7F => usize::from(short),
        _ => bytes.get(2..content)?.iter().fold(0usize, |n, b| {
            n.saturating_mul(256).saturating_add(usize::from(*b))
        }),
    };
    Some(content.saturating_add(length))
}

/// Recognizes PEM certificates (a `-----BEGIN CERTIFICATE-----` line) or a file that is only
/// the Base64 of a DER certificate (`MII...`).
pub fn sniff_pem(text: &str) -> bool {
    text.lines()
        .any(|line| begin_label(line.trim()).is_some_and(is_cert_label))
        || is_bare_base64(text)
}

/// The label of a `-----BEGIN LABEL-----` line.
pub(crate) fn begin_label(line: &str) -> Option<&str> {
    line.strip_prefix("-----BEGIN ")?.strip_suffix("-----")
}

fn is_cert_label(label: &str) -> bool {
    CERT_LABELS.contains(&label.trim())
}

/// A text of nothing but Base64 that starts like a DER SEQUENCE with a 2-byte length.
fn is_bare_base64(text: &str) -> bool {
    let t = text.trim();
    t.starts_with("MII")
        && t.bytes()
            .all(|b| is_base64_byte(b) || b.is_ascii_whitespace())
}

fn is_base64_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=')
}

/// Parses a DER certificate file.
pub fn parse_der(
    source: &Source,
    views: &mut ViewSink<'_>,
) -> Result<Vec<Certificate>, ParseError> {
    let Some(bytes) = source.bytes.as_deref() else {
        return Err(ParseError::whole_file(
            "expected a binary DER file, found text",
        ));
    };
    let x509 = parse_x509(bytes).map_err(|reason| match declared_len(bytes) {
        Some(len) if len > bytes.len() => ParseError::whole_file(format!(
            "{reason}; the file has {} of the {len} bytes its DER header announces (truncated?)",
            bytes.len()
        )),
        _ => ParseError::whole_file(reason),
    })?;
    let mut listing = Listing::default();
    listing.line(0, "Certificate");
    let cert = describe(&x509, &mut listing, &source.path)?;
    Ok(finish(views, &source.path, listing, vec![cert]))
}

/// Parses a PEM file with one or more certificates, or a bare Base64 certificate.
pub fn parse_pem(
    source: &Source,
    views: &mut ViewSink<'_>,
) -> Result<Vec<Certificate>, ParseError> {
    let blocks = if is_bare_base64(&source.text) {
        vec![bare_block(source)]
    } else {
        pem_blocks(source, is_cert_label)?
    };
    if blocks.is_empty() {
        return Err(ParseError::whole_file(
            "no certificate block found in this PEM file",
        ));
    }
    let mut listing = Listing::default();
    let mut certs = Vec::with_capacity(blocks.len());
    let count = blocks.len();
    for (index, block) in blocks.iter().enumerate() {
        let der = decode_base64(&block.base64).ok_or_else(|| {
            ParseError::at(
                "the Base64 text of this certificate cannot be decoded",
                block.begin,
            )
        })?;
        let x509 = parse_x509(&der).map_err(|reason| ParseError::at(reason, block.begin))?;
        if index > 0 {
            listing.line(0, "");
        }
        listing.line(0, &heading(index, count, &block.origin));
        let cert = describe(&x509, &mut listing, &source.path).map_err(|mut error| {
            error.span = Some(block.begin);
            error
        })?;
        certs.push(cert);
    }
    Ok(finish(views, &source.path, listing, certs))
}

fn heading(index: usize, count: usize, origin: &str) -> String {
    if count == 1 {
        format!("Certificate ({origin})")
    } else {
        format!("Certificate {} of {count} ({origin})", index + 1)
    }
}

/// Adds the view and points every span of the certificates at it.
pub(crate) fn finish(
    views: &mut ViewSink<'_>,
    path: &str,
    listing: Listing,
    mut certs: Vec<Certificate>,
) -> Vec<Certificate> {
    let view = views.add(path, listing.text);
    for cert in &mut certs {
        retarget(cert, view.id);
    }
    certs
}

/// Parses one certificate, with x509-parser's reason on failure.
pub(crate) fn parse_x509(der: &[u8]) -> Result<X509Certificate<'_>, String> {
    match x509_parser::parse_x509_certificate(der) {
        Ok((_, cert)) => Ok(cert),
        Err(x509_parser::nom::Err::Incomplete(_)) => {
            Err("not a readable X.509 certificate: the data ends early (truncated file?)".into())
        }
        Err(x509_parser::nom::Err::Error(e) | x509_parser::nom::Err::Failure(e)) => {
            Err(format!("not a readable X.509 certificate: {e}"))
        }
    }
}

/// One certificate block of a PEM file.
pub(crate) struct Block {
    /// The `-----BEGIN` line (or the first line of bare Base64), where errors point.
    pub(crate) begin: Span,
    /// Where the block came from, for the view's heading.
    pub(crate) origin: String,
    /// The Base64 text, whitespace removed.
    pub(crate) base64: String,
}

/// The blocks of a PEM file whose label `accept`s; other blocks (keys, requests) are skipped.
pub(crate) fn pem_blocks(
    source: &Source,
    accept: fn(&str) -> bool,
) -> Result<Vec<Block>, ParseError> {
    let lines: Vec<&str> = source.text.lines().map(str::trim).collect();
    let mut blocks = Vec::new();
    let mut next = 0;
    while let Some(line) = lines.get(next) {
        let number = next + 1;
        next += 1;
        let Some(label) = begin_label(line) else {
            continue;
        };
        let begin = source.span_of(line);
        let mut base64 = String::new();
        let mut ended = false;
        while let Some(body) = lines.get(next) {
            // A new BEGIN means this block's END is missing; leave it for the outer loop.
            if body.starts_with("-----BEGIN") {
                break;
            }
            next += 1;
            if body.starts_with("-----END") {
                ended = true;
                break;
            }
            // RFC 1421 headers (`Proc-Type: ...`) are not part of the Base64.
            if !body.contains(':') {
                base64.extend(body.chars().filter(|c| !c.is_whitespace()));
            }
        }
        if !accept(label) {
            continue;
        }
        if !ended {
            return Err(ParseError::at(
                "this PEM block has no -----END line (the file was cut short?)",
                begin,
            ));
        }
        blocks.push(Block {
            begin,
            origin: format!("PEM block at line {number}"),
            base64,
        });
    }
    Ok(blocks)
}

/// A bare Base64 file as one block; errors point at its first line.
fn bare_block(source: &Source) -> Block {
    let first = source
        .text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    Block {
        begin: source.span_of(first),
        origin: "bare Base64".into(),
        base64: source.text.chars().filter(|c| !c.is_whitespace()).collect(),
    }
}

/// Decodes Base64 through x509-parser's PEM reader, which already carries a decoder.
pub(crate) fn decode_base64(base64: &str) -> Option<Vec<u8>> {
    let pem = format!("-----BEGIN CERTIFICATE-----\n{base64}\n-----END CERTIFICATE-----\n");
    let (_, pem) = x509_parser::pem::parse_x509_pem(pem.as_bytes()).ok()?;
    Some(pem.contents)
}

/// The text of a decoded view being written, with the ranges of the values in it.
#[derive(Default)]
pub(crate) struct Listing {
    text: String,
}

impl Listing {
    /// Writes a line of `indent` spaces and `text`.
    pub(crate) fn line(&mut self, indent: usize, text: &str) {
        self.field(indent, text, "");
    }

    /// Writes `label` then `value` on one line; returns the value's range.
    fn field(&mut self, indent: usize, label: &str, value: &str) -> Range<usize> {
        self.field_then(indent, label, value, "")
    }

    /// Writes `label`, `value`, then `after` on one line; returns the value's range.
    ///
    /// ASCII control characters (a newline in a DNS name...) are shown as `?` so every value
    /// stays on its own line; the replacement keeps byte lengths, so ranges stay valid.
    fn field_then(&mut self, indent: usize, label: &str, value: &str, after: &str) -> Range<usize> {
        self.text.extend(std::iter::repeat_n(' ', indent));
        push_visible(&mut self.text, label);
        let start = self.text.len();
        push_visible(&mut self.text, value);
        let end = self.text.len();
        push_visible(&mut self.text, after);
        self.text.push('\n');
        start..end
    }

    /// Like [`Listing::field`], but a span (of the view still to be added).
    pub(crate) fn spanned<T>(
        &mut self,
        indent: usize,
        label: &str,
        shown: &str,
        value: T,
    ) -> Spanned<T> {
        Spanned::new(value, pending(self.field(indent, label, shown)))
    }
}

fn push_visible(text: &mut String, value: &str) {
    text.extend(
        value
            .chars()
            .map(|c| if c.is_ascii_control() { '?' } else { c }),
    );
}

fn pending(range: Range<usize>) -> Span {
    Span {
        source: PENDING,
        start: range.start,
        end: range.end,
    }
}

/// Points every span of `cert` at the view `id`.
fn retarget(cert: &mut Certificate, id: SourceId) {
    for span in spans_mut(cert).into_iter().flatten() {
        span.source = id;
    }
}

/// Every span of a certificate, for parsers that relocate them all at once.
pub(crate) fn spans_mut(cert: &mut Certificate) -> Vec<&mut Option<Span>> {
    let c = cert;
    let mut spans: Vec<&mut Option<Span>> = vec![
        &mut c.subject.span,
        &mut c.issuer.span,
        &mut c.serial.span,
        &mut c.thumbprint.span,
        &mut c.not_before.span,
        &mut c.not_after.span,
        &mut c.key_algorithm.span,
        &mut c.signature_algorithm.span,
        &mut c.is_ca.span,
    ];
    spans.extend(c.subject_cn.iter_mut().map(|s| &mut s.span));
    spans.extend(c.key_bits.iter_mut().map(|s| &mut s.span));
    spans.extend(c.template.iter_mut().map(|s| &mut s.span));
    spans.extend(c.store.iter_mut().map(|s| &mut s.span));
    spans.extend(c.has_private_key.iter_mut().map(|s| &mut s.span));
    spans.extend(c.key_provider.iter_mut().map(|s| &mut s.span));
    for list in [
        &mut c.san_dns,
        &mut c.san_ip,
        &mut c.eku,
        &mut c.crl_urls,
        &mut c.aia_urls,
        &mut c.ocsp_urls,
        &mut c.key_usage,
    ] {
        spans.extend(list.iter_mut().map(|s| &mut s.span));
    }
    spans
}

/// Reads a DER certificate without a view of its own: every span is `None`, for parsers
/// that point the fields at their own text (a JSON `RawData` property, a certutil dump).
pub(crate) fn certificate_from_der(der: &[u8], file: &str) -> Result<Certificate, String> {
    let x509 = parse_x509(der)?;
    let mut scratch = Listing::default();
    let mut cert = describe(&x509, &mut scratch, file).map_err(|e| e.reason)?;
    for span in spans_mut(&mut cert) {
        *span = None;
    }
    Ok(cert)
}

/// Writes one certificate's listing and reads its fields, spans pointing into the listing.
pub(crate) fn describe(
    x509: &X509Certificate<'_>,
    out: &mut Listing,
    file: &str,
) -> Result<Certificate, ParseError> {
    let subject_dn = format_name(x509.subject());
    let (subject, subject_cn) = write_name(out, "Subject: ", &subject_dn);
    let (issuer, _) = write_name(out, "Issuer: ", &format_name(x509.issuer()));
    let serial = hex_upper(x509.raw_serial());
    let serial = out.spanned(4, "Serial Number: ", &serial, serial.clone());
    let thumbprint = hex_upper(&Sha1::digest(x509.as_raw()));
    let thumbprint = out.spanned(4, "Thumbprint (SHA-1): ", &thumbprint, thumbprint.clone());
    out.line(4, "Validity");
    let not_before = write_time(out, "Not Before: ", x509.validity().not_before.timestamp())?;
    let not_after = write_time(out, "Not After : ", x509.validity().not_after.timestamp())?;
    let (key_algorithm, key_bits) = write_key(out, x509);
    let signature = signature_algorithm_name(&x509.signature_algorithm.algorithm.to_id_string());
    let signature_algorithm =
        out.spanned(4, "Signature Algorithm: ", &signature, signature.clone());
    let extensions = write_extensions(out, x509);
    let self_signed = is_self_signed(x509);
    out.field(4, "Self-signed: ", if self_signed { "yes" } else { "no" });
    Ok(Certificate {
        file: file.to_string(),
        subject,
        subject_cn,
        issuer,
        serial,
        thumbprint,
        not_before,
        not_after,
        san_dns: extensions.san_dns,
        san_ip: extensions.san_ip,
        eku: extensions.eku,
        crl_urls: extensions.crl_urls,
        aia_urls: extensions.aia_urls,
        ocsp_urls: extensions.ocsp_urls,
        key_usage: extensions.key_usage,
        key_algorithm,
        key_bits,
        signature_algorithm,
        template: extensions.template,
        is_ca: extensions.is_ca,
        self_signed,
        store: None,
        has_private_key: None,
        key_provider: None,
    })
}

/// Writes a distinguished name line; returns the name and its CN (spanned inside the line).
fn write_name(
    out: &mut Listing,
    label: &str,
    dn: &Dn,
) -> (Spanned<String>, Option<Spanned<String>>) {
    let shown = if dn.text.is_empty() {
        "(empty)"
    } else {
        dn.text.as_str()
    };
    let at = out.field(4, label, shown);
    let cn = dn.cn.as_ref().map(|(value, range)| {
        Spanned::new(
            value.clone(),
            pending(at.start + range.start..at.start + range.end),
        )
    });
    (Spanned::new(dn.text.clone(), pending(at)), cn)
}

fn write_time(
    out: &mut Listing,
    label: &str,
    timestamp: i64,
) -> Result<Spanned<DateTime<Utc>>, ParseError> {
    let time = DateTime::<Utc>::from_timestamp(timestamp, 0)
        .ok_or_else(|| ParseError::whole_file("a validity date is out of range"))?;
    let shown = time.format("%Y-%m-%d %H:%M:%S UTC").to_string();
    Ok(out.spanned(8, label, &shown, time))
}

/// Writes the public key lines: algorithm and, when known, its size.
fn write_key(
    out: &mut Listing,
    x509: &X509Certificate<'_>,
) -> (Spanned<String>, Option<Spanned<i64>>) {
    let spki = x509.public_key();
    let name = key_algorithm_name(&spki.algorithm.algorithm.to_id_string());
    let algorithm = out.spanned(4, "Public Key Algorithm: ", &name, name.clone());
    let bits = key_bits(x509).map(|bits| {
        let at = out.field_then(8, "Key Size: ", &bits.to_string(), " bits");
        Spanned::new(bits, pending(at))
    });
    (algorithm, bits)
}

/// The public key size: RSA from the modulus, EC from the named curve.
fn key_bits(x509: &X509Certificate<'_>) -> Option<i64> {
    use x509_parser::public_key::PublicKey;
    let spki = x509.public_key();
    let curve = spki
        .algorithm
        .parameters
        .as_ref()
        .and_then(|p| p.as_oid().ok());
    if let Some(bits) = curve.and_then(|oid| curve_bits(&oid.to_id_string())) {
        return Some(bits);
    }
    let bits = match spki.parsed().ok()? {
        PublicKey::RSA(rsa) => unsigned_bits(rsa.modulus),
        other => other.key_size(),
    };
    i64::try_from(bits).ok().filter(|b| *b > 0)
}

fn curve_bits(oid: &str) -> Option<i64> {
    match oid {
        "1.2.840.10045.3.1.7" => Some(256),
        "1.3.132.0.34" => Some(384),
        "1.3.132.0.35" => Some(521),
        "1.3.132.0.10" => Some(256),
        _ => None,
    }
}

/// Bits of a big-endian unsigned integer, leading zeros ignored.
fn unsigned_bits(bytes: &[u8]) -> usize {
    let digits: Vec<u8> = bytes.iter().copied().skip_while(|b| *b == 0).collect();
    match digits.first() {
        Some(first) => digits.len() * 8 - first.leading_zeros() as usize,
        None => 0,
    }
}

/// `RSA`, `EC`, or the dotted OID itself.
pub(crate) fn key_algorithm_name(id: &str) -> String {
    match id {
        "1.2.840.113549.1.1.1" => "RSA".into(),
        "1.2.840.10045.2.1" => "EC".into(),
        _ => id.to_string(),
    }
}

/// The OpenSSL name of a signature algorithm (`sha256WithRSAEncryption`), or the OID itself.
pub(crate) fn signature_algorithm_name(id: &str) -> String {
    let name = match id {
        "1.2.840.113549.1.1.4" => "md5WithRSAEncryption",
        "1.2.840.113549.1.1.5" => "sha1WithRSAEncryption",
        "1.2.840.113549.1.1.10" => "rsassaPss",
        "1.2.840.113549.1.1.11" => "sha256WithRSAEncryption",
        "1.2.840.113549.1.1.12" => "sha384WithRSAEncryption",
        "1.2.840.113549.1.1.13" => "sha512WithRSAEncryption",
        "1.2.840.10045.4.1" => "ecdsa-with-SHA1",
        "1.2.840.10045.4.3.2" => "ecdsa-with-SHA256",
        "1.2.840.10045.4.3.3" => "ecdsa-with-SHA384",
        "1.2.840.10045.4.3.4" => "ecdsa-with-SHA512",
        "1.3.101.112" => "ED25519",
        _ => return id.to_string(),
    };
    name.to_string()
}

/// What the extensions say, spanned in the listing.
struct ExtensionFacts {
    san_dns: Vec<Spanned<String>>,
    san_ip: Vec<Spanned<String>>,
    eku: Vec<Spanned<String>>,
    crl_urls: Vec<Spanned<String>>,
    aia_urls: Vec<Spanned<String>>,
    ocsp_urls: Vec<Spanned<String>>,
    key_usage: Vec<Spanned<String>>,
    template: Option<Spanned<String>>,
    is_ca: Spanned<bool>,
}

/// Writes the extensions section. The first of a duplicated extension wins.
fn write_extensions(out: &mut Listing, x509: &X509Certificate<'_>) -> ExtensionFacts {
    let find = |oid: &str| {
        x509.extensions()
            .iter()
            .find(|e| e.oid.to_id_string() == oid)
    };
    out.line(4, "X509v3 Extensions");
    let is_ca = write_basic_constraints(out, find("2.5.29.19"));
    let key_usage = find("2.5.29.15").map_or_else(Vec::new, |e| write_key_usage(out, e));
    let eku = find("2.5.29.37").map_or_else(Vec::new, |e| write_eku(out, e));
    let (san_dns, san_ip) = find("2.5.29.17").map_or_else(Default::default, |e| write_san(out, e));
    let template = write_template(out, find(OID_TEMPLATE_NAME), find(OID_TEMPLATE_INFO));
    let crl_urls = find(OID_CRL_DISTRIBUTION_POINTS).map_or_else(Vec::new, |e| write_cdp(out, e));
    let (aia_urls, ocsp_urls) =
        find(OID_AUTHORITY_INFO_ACCESS).map_or_else(Default::default, |e| write_aia(out, e));
    write_key_ids(out, find("2.5.29.14"), find("2.5.29.35"));
    write_others(out, x509.extensions());
    ExtensionFacts {
        san_dns,
        san_ip,
        eku,
        crl_urls,
        aia_urls,
        ocsp_urls,
        key_usage,
        template,
        is_ca,
    }
}

fn critical(ext: &X509Extension<'_>) -> &'static str {
    if ext.critical { " (critical)" } else { "" }
}

fn unreadable(out: &mut Listing, label: &str, ext: &X509Extension<'_>) {
    let reason = match ext.parsed_extension() {
        ParsedExtension::ParseError { error } => error.to_string(),
        _ => "unexpected content".to_string(),
    };
    out.line(8, &format!("{label}: cannot be read ({reason})"));
}

/// Basic constraints; an absent extension is written too, so "not a CA" has a location.
fn write_basic_constraints(out: &mut Listing, ext: Option<&X509Extension<'_>>) -> Spanned<bool> {
    let Some(ext) = ext else {
        return out.spanned(8, "Basic Constraints: ", "not present", false);
    };
    let ParsedExtension::BasicConstraints(bc) = ext.parsed_extension() else {
        unreadable(out, "Basic Constraints", ext);
        return Spanned::unlocated(false);
    };
    let shown = if bc.ca { "CA:TRUE" } else { "CA:FALSE" };
    let label = format!("Basic Constraints{}: ", critical(ext));
    let after = bc
        .path_len_constraint
        .map(|len| format!(", pathlen:{len}"))
        .unwrap_or_default();
    let at = out.field_then(8, &label, shown, &after);
    Spanned::new(bc.ca, pending(at))
}

/// Key usage, one name per line; the model gets snake_case names.
fn write_key_usage(out: &mut Listing, ext: &X509Extension<'_>) -> Vec<Spanned<String>> {
    let ParsedExtension::KeyUsage(usage) = ext.parsed_extension() else {
        unreadable(out, "Key Usage", ext);
        return Vec::new();
    };
    out.line(8, &format!("Key Usage{}:", critical(ext)));
    key_usage_names(usage)
        .into_iter()
        .map(|(name, shown)| out.spanned(12, "", shown, name.to_string()))
        .collect()
}

/// The set key usage bits: model name (`key_encipherment`) and display name.
pub(crate) fn key_usage_names(usage: &KeyUsage) -> Vec<(&'static str, &'static str)> {
    [
        (
            usage.digital_signature(),
            "digital_signature",
            "Digital Signature",
        ),
        (
            usage.non_repudiation(),
            "non_repudiation",
            "Non Repudiation",
        ),
        (
            usage.key_encipherment(),
            "key_encipherment",
            "Key Encipherment",
        ),
        (
            usage.data_encipherment(),
            "data_encipherment",
            "Data Encipherment",
        ),
        (usage.key_agreement(), "key_agreement", "Key Agreement"),
        (
            usage.key_cert_sign(),
            "key_cert_sign",
            "Certificate Signing",
        ),
        (usage.crl_sign(), "crl_sign", "CRL Signing"),
        (usage.encipher_only(), "encipher_only", "Encipher Only"),
        (usage.decipher_only(), "decipher_only", "Decipher Only"),
    ]
    .into_iter()
    .filter(|(set, _, _)| *set)
    .map(|(_, name, shown)| (name, shown))
    .collect()
}

/// Extended key usage, in certificate order, one `Name (OID)` line each.
fn write_eku(out: &mut Listing, ext: &X509Extension<'_>) -> Vec<Spanned<String>> {
    // Read the raw SEQUENCE OF OID: x509-parser's parsed form loses the order.
    let Ok((_, oids)) = Vec::<Oid<'_>>::from_der(ext.value) else {
        unreadable(out, "Extended Key Usage", ext);
        return Vec::new();
    };
    out.line(8, &format!("Extended Key Usage{}:", critical(ext)));
    oids.iter()
        .map(|oid| {
            let id = oid.to_id_string();
            let shown = match eku_name(&id) {
                Some(name) => format!("{name} ({id})"),
                None => id.clone(),
            };
            out.spanned(12, "", &shown, id)
        })
        .collect()
}

/// Extended key usages by OID, with the names Windows shows for them.
const EKU_NAMES: [(&str, &str); 15] = [
    ("1.3.6.1.5.5.7.3.1", "Server Authentication"),
    ("1.3.6.1.5.5.7.3.2", "Client Authentication"),
    ("1.3.6.1.5.5.7.3.3", "Code Signing"),
    ("1.3.6.1.5.5.7.3.4", "Secure Email"),
    ("1.3.6.1.5.5.7.3.8", "Time Stamping"),
    ("1.3.6.1.5.5.7.3.9", "OCSP Signing"),
    ("1.3.6.1.5.5.8.2.2", "IP security IKE intermediate"),
    ("1.3.6.1.4.1.311.20.2.1", "Certificate Request Agent"),
    ("1.3.6.1.4.1.311.20.2.2", "Smart Card Logon"),
    ("1.3.6.1.4.1.311.10.3.4", "Encrypting File System"),
    ("1.3.6.1.4.1.311.10.3.12", "Document Signing"),
    ("1.3.6.1.4.1.311.21.5", "Private Key Archival"),
    ("1.3.6.1.4.1.311.21.6", "Key Recovery Agent"),
    ("1.3.6.1.5.2.3.5", "KDC Authentication"),
    ("2.5.29.37.0", "Any Purpose"),
];

/// The name Windows shows for an EKU OID.
pub(crate) fn eku_name(oid: &str) -> Option<&'static str> {
    EKU_NAMES
        .iter()
        .find(|(id, _)| *id == oid)
        .map(|(_, name)| *name)
}

/// The OID of an EKU Windows shows by name only (certutil's `Application Policies`).
pub(crate) fn eku_oid(name: &str) -> Option<&'static str> {
    EKU_NAMES
        .iter()
        .find(|(_, shown)| shown.eq_ignore_ascii_case(name.trim()))
        .map(|(id, _)| *id)
}

type SanLists = (Vec<Spanned<String>>, Vec<Spanned<String>>);

/// Subject alternative names, one per line; DNS names and IP addresses go to the model.
fn write_san(out: &mut Listing, ext: &X509Extension<'_>) -> SanLists {
    let ParsedExtension::SubjectAlternativeName(san) = ext.parsed_extension() else {
        unreadable(out, "Subject Alternative Name", ext);
        return SanLists::default();
    };
    out.line(8, &format!("Subject Alternative Name{}:", critical(ext)));
    let (mut dns, mut ips) = (Vec::new(), Vec::new());
    for name in &san.general_names {
        match name {
            GeneralName::DNSName(host) => dns.push(out.spanned(12, "DNS:", host, host.to_string())),
            GeneralName::IPAddress(bytes) => {
                let ip = ip_text(bytes);
                ips.push(out.spanned(12, "IP Address:", &ip, ip.clone()));
            }
            other => out.line(12, &general_name_text(other)),
        }
    }
    (dns, ips)
}

fn ip_text(bytes: &[u8]) -> String {
    if let Ok(v4) = <[u8; 4]>::try_from(bytes) {
        Ipv4Addr::from(v4).to_string()
    } else if let Ok(v6) = <[u8; 16]>::try_from(bytes) {
        Ipv6Addr::from(v6).to_string()
    } else {
        hex_upper(bytes)
    }
}

fn general_name_text(name: &GeneralName<'_>) -> String {
    match name {
        GeneralName::RFC822Name(mail) => format!("email:{mail}"),
        GeneralName::URI(uri) => format!("URI:{uri}"),
        GeneralName::DirectoryName(dn) => format!("DirName:{}", format_name(dn).text),
        GeneralName::OtherName(oid, _) => format!("othername:{}", oid.to_id_string()),
        GeneralName::RegisteredID(oid) => format!("Registered ID:{}", oid.to_id_string()),
        other => format!("{other:?}").chars().take(120).collect(),
    }
}

/// The template: the V1 name when there is one, else the V2 template OID.
fn write_template(
    out: &mut Listing,
    name: Option<&X509Extension<'_>>,
    info: Option<&X509Extension<'_>>,
) -> Option<Spanned<String>> {
    let name = name.map(|ext| match template_name(ext.value) {
        Some(text) => Some(out.spanned(8, "Certificate Template: ", &text, text.clone())),
        None => {
            unreadable(out, "Certificate Template", ext);
            None
        }
    });
    let info = info.map(|ext| match template_info(ext.value) {
        Some((oid, versions)) => {
            let after = if versions.is_empty() {
                String::new()
            } else {
                format!(" ({versions})")
            };
            let at = out.field_then(8, "Certificate Template OID: ", &oid, &after);
            Some(Spanned::new(oid, pending(at)))
        }
        None => {
            unreadable(out, "Certificate Template OID", ext);
            None
        }
    });
    name.flatten().or(info.flatten())
}

/// CRL distribution points: every `fullName` URI, one per line, in certificate order; other
/// name forms (a directory name, a name relative to the CRL issuer) are listed but not URLs.
fn write_cdp(out: &mut Listing, ext: &X509Extension<'_>) -> Vec<Spanned<String>> {
    let ParsedExtension::CRLDistributionPoints(points) = ext.parsed_extension() else {
        unreadable(out, "CRL Distribution Points", ext);
        return Vec::new();
    };
    out.line(8, &format!("CRL Distribution Points{}:", critical(ext)));
    let mut urls = Vec::new();
    for point in points.iter() {
        match &point.distribution_point {
            Some(DistributionPointName::FullName(names)) => {
                for name in names {
                    match name {
                        GeneralName::URI(uri) => {
                            urls.push(out.spanned(12, "URI:", uri, uri.to_string()));
                        }
                        other => out.line(12, &general_name_text(other)),
                    }
                }
            }
            Some(DistributionPointName::NameRelativeToCRLIssuer(_)) => {
                out.line(12, "(a name relative to the CRL issuer)");
            }
            None => out.line(12, "(no distribution point name)"),
        }
    }
    urls
}

type AiaLists = (Vec<Spanned<String>>, Vec<Spanned<String>>);

/// Authority information access: the CA issuers URIs and the OCSP URIs, one per line.
fn write_aia(out: &mut Listing, ext: &X509Extension<'_>) -> AiaLists {
    let ParsedExtension::AuthorityInfoAccess(aia) = ext.parsed_extension() else {
        unreadable(out, "Authority Information Access", ext);
        return AiaLists::default();
    };
    out.line(
        8,
        &format!("Authority Information Access{}:", critical(ext)),
    );
    let (mut issuers, mut ocsp) = (Vec::new(), Vec::new());
    for access in &aia.accessdescs {
        let method = access.access_method.to_id_string();
        let (label, list) = match method.as_str() {
            OID_CA_ISSUERS => ("CA Issuers - URI:", Some(&mut issuers)),
            OID_OCSP => ("OCSP - URI:", Some(&mut ocsp)),
            _ => ("", None),
        };
        match (&access.access_location, list) {
            (GeneralName::URI(uri), Some(list)) => {
                list.push(out.spanned(12, label, uri, uri.to_string()));
            }
            (location, _) => out.line(12, &format!("{method} - {}", general_name_text(location))),
        }
    }
    (issuers, ocsp)
}

/// The V1 template name: a BMPString (what AD CS writes), or any other string type.
fn template_name(value: &[u8]) -> Option<String> {
    let (_, any) = Any::from_der(value).ok()?;
    directory_string(&any).filter(|s| !s.is_empty())
}

/// The V2 template: `SEQUENCE { templateID OID, majorVersion INTEGER, minorVersion INTEGER }`.
fn template_info(value: &[u8]) -> Option<(String, String)> {
    let (_, seq) = Any::from_der(value).ok()?;
    if seq.header.tag() != Tag::Sequence {
        return None;
    }
    let (rest, oid) = Oid::from_der(seq.data).ok()?;
    let mut versions = Vec::new();
    if let Ok((rest, major)) = u32::from_der(rest) {
        versions.push(format!("major version {major}"));
        if let Ok((_, minor)) = u32::from_der(rest) {
            versions.push(format!("minor version {minor}"));
        }
    }
    Some((oid.to_id_string(), versions.join(", ")))
}

/// Subject and authority key identifiers, for people comparing a chain by eye.
fn write_key_ids(
    out: &mut Listing,
    ski: Option<&X509Extension<'_>>,
    aki: Option<&X509Extension<'_>>,
) {
    if let Some(ParsedExtension::SubjectKeyIdentifier(id)) =
        ski.map(X509Extension::parsed_extension)
    {
        out.line(8, &format!("Subject Key Identifier: {}", hex_upper(id.0)));
    }
    if let Some(ParsedExtension::AuthorityKeyIdentifier(aki)) =
        aki.map(X509Extension::parsed_extension)
        && let Some(id) = &aki.key_identifier
    {
        out.line(8, &format!("Authority Key Identifier: {}", hex_upper(id.0)));
    }
}

/// Extensions the listing does not describe, by OID, so nothing is hidden.
fn write_others(out: &mut Listing, extensions: &[X509Extension<'_>]) {
    const DESCRIBED: [&str; 9] = [
        "2.5.29.19",
        "2.5.29.15",
        "2.5.29.37",
        "2.5.29.17",
        OID_TEMPLATE_NAME,
        OID_TEMPLATE_INFO,
        OID_CRL_DISTRIBUTION_POINTS,
        OID_AUTHORITY_INFO_ACCESS,
        "2.5.29.14",
    ];
    for ext in extensions {
        let id = ext.oid.to_id_string();
        if !DESCRIBED.contains(&id.as_str()) && id != "2.5.29.35" {
            out.line(8, &format!("Extension {id}{}", critical(ext)));
        }
    }
}

/// Subject equals issuer and, where both key identifiers are present, they match. The
/// signature itself is not verified: that needs crypto code scepter does not carry.
fn is_self_signed(x509: &X509Certificate<'_>) -> bool {
    let same_name = x509.subject().as_raw() == x509.issuer().as_raw()
        || format_name(x509.subject()).text == format_name(x509.issuer()).text;
    let find = |oid: &str| {
        x509.extensions()
            .iter()
            .find(|e| e.oid.to_id_string() == oid)
    };
    let ski = find("2.5.29.14").and_then(|e| match e.parsed_extension() {
        ParsedExtension::SubjectKeyIdentifier(id) => Some(id.0),
        _ => None,
    });
    let aki = find("2.5.29.35").and_then(|e| match e.parsed_extension() {
        ParsedExtension::AuthorityKeyIdentifier(aki) => aki.key_identifier.as_ref().map(|id| id.0),
        _ => None,
    });
    let same_key = match (ski, aki) {
        (Some(ski), Some(aki)) => ski == aki,
        _ => true,
    };
    same_name && same_key
}

/// A distinguished name as Windows shows it, and its most specific CN's range in `text`.
struct Dn {
    text: String,
    cn: Option<(String, Range<usize>)>,
}

/// Formats a name most-specific RDN first (the reverse of DER order), as Windows does:
/// `CN=ndes.contoso.com, O=Contoso, C=US`; multi-valued RDNs joined with ` + `.
fn format_name(name: &X509Name<'_>) -> Dn {
    let mut dn = Dn {
        text: String::new(),
        cn: None,
    };
    let rdns: Vec<_> = name.iter_rdn().collect();
    for (i, rdn) in rdns.into_iter().rev().enumerate() {
        for (j, attr) in rdn.iter().enumerate() {
            dn.text.push_str(match (i, j) {
                (0, 0) => "",
                (_, 0) => ", ",
                _ => " + ",
            });
            let id = attr.attr_type().to_id_string();
            dn.text.push_str(&attribute_label(&id));
            dn.text.push('=');
            let value = directory_string(attr.attr_value())
                .unwrap_or_else(|| format!("#{}", hex_upper(attr.attr_value().as_bytes())));
            let range = push_quoted(&mut dn.text, &value);
            if id == "2.5.4.3" && dn.cn.is_none() {
                dn.cn = Some((value, range));
            }
        }
    }
    dn
}

/// Appends a value, quoted the way Windows quotes it; returns the range of the value itself.
fn push_quoted(text: &mut String, value: &str) -> Range<usize> {
    let needs_quotes = value.starts_with(' ')
        || value.ends_with(' ')
        || value.contains([',', '+', '=', '"', '\n', '\r', '<', '>', '#', ';']);
    if needs_quotes {
        text.push('"');
    }
    let start = text.len();
    text.push_str(&value.replace('"', "\"\""));
    let end = text.len();
    if needs_quotes {
        text.push('"');
    }
    start..end
}

fn attribute_label(oid: &str) -> String {
    let label = match oid {
        "2.5.4.3" => "CN",
        "2.5.4.4" => "SN",
        "2.5.4.5" => "SERIALNUMBER",
        "2.5.4.6" => "C",
        "2.5.4.7" => "L",
        "2.5.4.8" => "S",
        "2.5.4.9" => "STREET",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "2.5.4.12" => "T",
        "2.5.4.17" => "PostalCode",
        "2.5.4.42" => "G",
        "2.5.4.43" => "I",
        "2.5.4.46" => "dnQualifier",
        "1.2.840.113549.1.9.1" => "E",
        "0.9.2342.19200300.100.1.25" => "DC",
        "0.9.2342.19200300.100.1.1" => "UID",
        _ => return format!("OID.{oid}"),
    };
    label.to_string()
}

/// The text of an ASN.1 string of any of the types names and templates use.
fn directory_string(any: &Any<'_>) -> Option<String> {
    let data = any.data;
    match any.header.tag() {
        Tag::Utf8String
        | Tag::PrintableString
        | Tag::Ia5String
        | Tag::NumericString
        | Tag::VisibleString => Some(String::from_utf8_lossy(data).into_owned()),
        // T61 in practice carries Latin-1.
        Tag::TeletexString => Some(data.iter().map(|&b| char::from(b)).collect()),
        Tag::BmpString => {
            let units: Vec<u16> = data
                .as_chunks::<2>()
                .0
                .iter()
                .map(|p| u16::from_be_bytes(*p))
                .collect();
            Some(String::from_utf16_lossy(&units))
        }
        Tag::UniversalString => Some(
            data.as_chunks::<4>()
                .0
                .iter()
                .map(|q| {
                    char::from_u32(u32::from_be_bytes(*q)).unwrap_or(char::REPLACEMENT_CHARACTER)
                })
                .collect(),
        ),
        _ => None,
    }
}

/// Upper-case hex without separators, as Windows shows serials and thumbprints.
pub(crate) fn hex_upper(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::Duration;

    use chrono::TimeZone;
    use rcgen::{
        BasicConstraints, CertificateParams, CrlDistributionPoint, CustomExtension,
        DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair, KeyUsagePurpose,
        SerialNumber, date_time_ymd,
    };

    use super::*;
    use crate::source::{Origin, SourceMap};

    const RSA_RA: &[u8] = include_bytes!("../../fuzz/corpus/cert_der/ndes-ra-rsa.cer");
    const RSA_SSL: &[u8] = include_bytes!("../../fuzz/corpus/cert_der/ssl-san-rsa.cer");

    /// A V2 template extension: SEQUENCE { OID, major 100, minor 4 }.
    const V2_TEMPLATE_OID: &str = "1.3.6.1.4.1.311.21.8.8523028.12345678.1.2.3";
    const V2_TEMPLATE_DER: [u8; 30] = [
        0x30, 0x1c, 0x06, 0x14, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x15, 0x08, 0x84, 0x88,
        0x9a, 0x14, 0x85, 0xf1, 0xc2, 0x4e, 0x01, 0x02, 0x03, 0x02, 0x01, 0x64, 0x02, 0x01, 0x04,
    ];

    const LDAP_CDP: &str = "ldap:///CN=Contoso%20Test%20CA,CN=ca01,CN=CDP,CN=Public%20Key%20Services,CN=Services,CN=Configuration,DC=contoso,DC=com?certificateRevocationList?base?objectClass=cRLDistributionPoint";
    const HTTP_CDP: &str = "http://pki.contoso.com/CertEnroll/Contoso%20Test%20CA.crl";
    const CA_ISSUERS: &str = "http://pki.contoso.com/CertEnroll/ca01_Contoso%20Test%20CA.crt";
    const OCSP_URL: &str = "http://ocsp.contoso.com/ocsp";

    /// A DER element with a short length.
    fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
        let mut der = vec![tag, u8::try_from(content.len()).unwrap()];
        der.extend_from_slice(content);
        der
    }

    /// The authority information access extension: CA issuers, then OCSP.
    fn aia_der() -> Vec<u8> {
        let access = |method_tail: u8, uri: &str| {
            let mut inner = tlv(
                0x06,
                &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, method_tail],
            );
            inner.extend(tlv(0x86, uri.as_bytes()));
            tlv(0x30, &inner)
        };
        let mut both = access(2, CA_ISSUERS);
        both.extend(access(1, OCSP_URL));
        tlv(0x30, &both)
    }

    /// A DER BMPString, as AD CS writes the V1 template name.
    fn bmp_string(text: &str) -> Vec<u8> {
        let mut der = vec![0x1e, 0];
        der.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        der[1] = u8::try_from(der.len() - 2).unwrap();
        der
    }

    struct TestPki {
        ca_der: Vec<u8>,
        ca_pem: String,
        leaf_der: Vec<u8>,
        leaf_pem: String,
    }

    /// A test CA and an NDES-like leaf with every field scepter reads.
    fn test_pki() -> TestPki {
        let ca_key = KeyPair::generate().unwrap();
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.distinguished_name = DistinguishedName::new();
        ca_params
            .distinguished_name
            .push(DnType::OrganizationName, "Contoso");
        ca_params
            .distinguished_name
            .push(DnType::CommonName, "Contoso Test CA");
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
        ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let ca = ca_params.self_signed(&ca_key).unwrap();
        let issuer = Issuer::new(ca_params, ca_key);

        let names = ["ndes.contoso.com", "ndes01.corp.contoso.com", "10.0.0.5"].map(String::from);
        let mut params = CertificateParams::new(names.to_vec()).unwrap();
        params.distinguished_name = DistinguishedName::new();
        params.distinguished_name.push(DnType::CountryName, "US");
        params
            .distinguished_name
            .push(DnType::OrganizationName, "Contoso");
        params
            .distinguished_name
            .push(DnType::CommonName, "ndes.contoso.com");
        params.serial_number = Some(SerialNumber::from_slice(&[0x1a, 0x2b, 0x3c, 0x4d]));
        let noon = Duration::from_secs(12 * 3600);
        params.not_before = date_time_ymd(2026, 3, 2) + noon;
        params.not_after = date_time_ymd(2026, 10, 9) + noon;
        params.is_ca = IsCa::ExplicitNoCa;
        params.key_usages = vec![
            KeyUsagePurpose::DigitalSignature,
            KeyUsagePurpose::KeyEncipherment,
        ];
        params.extended_key_usages = vec![
            ExtendedKeyUsagePurpose::ClientAuth,
            ExtendedKeyUsagePurpose::ServerAuth,
        ];
        params.use_authority_key_identifier_extension = true;
        params.crl_distribution_points = vec![CrlDistributionPoint {
            uris: vec![LDAP_CDP.to_string(), HTTP_CDP.to_string()],
        }];
        params.custom_extensions = vec![
            CustomExtension::from_oid_content(
                &[1, 3, 6, 1, 4, 1, 311, 20, 2],
                bmp_string("EnrollmentAgentOffline"),
            ),
            CustomExtension::from_oid_content(
                &[1, 3, 6, 1, 4, 1, 311, 21, 7],
                V2_TEMPLATE_DER.to_vec(),
            ),
            CustomExtension::from_oid_content(&[1, 3, 6, 1, 5, 5, 7, 1, 1], aia_der()),
        ];
        let leaf_key = KeyPair::generate().unwrap();
        let leaf = params.signed_by(&leaf_key, &issuer).unwrap();
        TestPki {
            ca_der: ca.der().to_vec(),
            ca_pem: ca.pem(),
            leaf_der: leaf.der().to_vec(),
            leaf_pem: leaf.pem(),
        }
    }

    fn parse_binary(
        map: &mut SourceMap,
        path: &str,
        der: &[u8],
    ) -> Result<Vec<Certificate>, ParseError> {
        let file = map.add_binary(path, Arc::from(der));
        parse_der(&file, &mut map.views())
    }

    fn parse_text(
        map: &mut SourceMap,
        path: &str,
        text: &str,
    ) -> Result<Vec<Certificate>, ParseError> {
        let file = map.add_text(path, text.to_string(), crate::source::TextEncoding::Utf8);
        parse_pem(&file, &mut map.views())
    }

    /// The view a span points into, and the text it covers.
    fn shown<T>(map: &SourceMap, value: &Spanned<T>) -> String {
        let span = value.span.unwrap();
        map.get(span.source).unwrap().slice(span).to_string()
    }

    fn sha1_hex(der: &[u8]) -> String {
        hex_upper(&Sha1::digest(der))
    }

    #[test]
    fn der_leaf_with_every_field() {
        let pki = test_pki();
        assert!(sniff_der(&pki.leaf_der));
        let mut map = SourceMap::new();
        let path = "certs/LocalMachine/My/leaf.cer";
        let certs = parse_binary(&mut map, path, &pki.leaf_der).unwrap();
        assert_eq!(certs.len(), 1);
        let c = &certs[0];
        let view_id = c.subject.span.unwrap().source;
        let view = map.get(view_id).unwrap();
        assert_eq!(view.origin, Origin::DecodedView);
        assert_eq!(view.path, path);
        assert_ne!(
            view_id,
            SourceId(0),
            "spans belong to the view, not the binary file"
        );

        assert_eq!(c.file, path);
        assert_eq!(c.subject.value, "CN=ndes.contoso.com, O=Contoso, C=US");
        assert_eq!(shown(&map, &c.subject), c.subject.value);
        let cn = c.subject_cn.as_ref().unwrap();
        assert_eq!(
            (cn.value.as_str(), shown(&map, cn).as_str()),
            ("ndes.contoso.com", "ndes.contoso.com")
        );
        assert_eq!(cn.span.unwrap().start, c.subject.span.unwrap().start + 3);
        assert_eq!(c.issuer.value, "CN=Contoso Test CA, O=Contoso");
        assert_eq!(shown(&map, &c.issuer), c.issuer.value);
        assert_eq!(c.serial.value, "1A2B3C4D");
        assert_eq!(shown(&map, &c.serial), "1A2B3C4D");
        assert_eq!(c.thumbprint.value, sha1_hex(&pki.leaf_der));
        assert_eq!(shown(&map, &c.thumbprint), c.thumbprint.value);
        assert_eq!(
            c.not_before.value,
            Utc.with_ymd_and_hms(2026, 3, 2, 12, 0, 0).unwrap()
        );
        assert_eq!(shown(&map, &c.not_before), "2026-03-02 12:00:00 UTC");
        assert_eq!(
            c.not_after.value,
            Utc.with_ymd_and_hms(2026, 10, 9, 12, 0, 0).unwrap()
        );
        assert_eq!(shown(&map, &c.not_after), "2026-10-09 12:00:00 UTC");
        assert!(
            view.text
                .contains("        Not After : 2026-10-09 12:00:00 UTC\n")
        );

        let dns: Vec<_> = c
            .san_dns
            .iter()
            .map(|s| (s.value.clone(), shown(&map, s)))
            .collect();
        let expected =
            ["ndes.contoso.com", "ndes01.corp.contoso.com"].map(|s| (s.to_string(), s.to_string()));
        assert_eq!(dns, expected);
        assert_ne!(c.san_dns[0].span, c.san_dns[1].span);
        assert_eq!(c.san_ip.len(), 1);
        assert_eq!(
            (
                c.san_ip[0].value.as_str(),
                shown(&map, &c.san_ip[0]).as_str()
            ),
            ("10.0.0.5", "10.0.0.5")
        );

        let eku: Vec<_> = c
            .eku
            .iter()
            .map(|s| (s.value.as_str(), shown(&map, s)))
            .collect();
        assert_eq!(
            eku,
            [
                (
                    "1.3.6.1.5.5.7.3.2",
                    "Client Authentication (1.3.6.1.5.5.7.3.2)".to_string()
                ),
                (
                    "1.3.6.1.5.5.7.3.1",
                    "Server Authentication (1.3.6.1.5.5.7.3.1)".to_string()
                ),
            ]
        );
        let usage: Vec<_> = c
            .key_usage
            .iter()
            .map(|s| (s.value.as_str(), shown(&map, s)))
            .collect();
        assert_eq!(
            usage,
            [
                ("digital_signature", "Digital Signature".to_string()),
                ("key_encipherment", "Key Encipherment".to_string())
            ]
        );
        assert_eq!(
            (
                c.key_algorithm.value.as_str(),
                shown(&map, &c.key_algorithm).as_str()
            ),
            ("EC", "EC")
        );
        let bits = c.key_bits.as_ref().unwrap();
        assert_eq!((bits.value, shown(&map, bits).as_str()), (256, "256"));
        assert_eq!(c.signature_algorithm.value, "ecdsa-with-SHA256");
        assert_eq!(shown(&map, &c.signature_algorithm), "ecdsa-with-SHA256");
        let template = c.template.as_ref().unwrap();
        assert_eq!(template.value, "EnrollmentAgentOffline");
        assert_eq!(shown(&map, template), "EnrollmentAgentOffline");
        assert!(view.text.contains(&format!(
            "Certificate Template OID: {V2_TEMPLATE_OID} (major version 100, minor version 4)"
        )));
        assert!(!c.is_ca.value);
        assert_eq!(shown(&map, &c.is_ca), "CA:FALSE");
        assert!(!c.self_signed);
        assert_eq!(c.store, None);
        assert_eq!(c.has_private_key, None);
    }

    #[test]
    fn der_leaf_crl_and_aia_urls_point_into_the_view() {
        let pki = test_pki();
        let mut map = SourceMap::new();
        let certs = parse_binary(&mut map, "leaf.cer", &pki.leaf_der).unwrap();
        let c = &certs[0];
        let urls = |list: &[Spanned<String>]| -> Vec<(String, String)> {
            list.iter()
                .map(|s| (s.value.clone(), shown(&map, s)))
                .collect()
        };
        let same = |list: &[&str]| -> Vec<(String, String)> {
            list.iter()
                .map(|u| (u.to_string(), u.to_string()))
                .collect()
        };
        assert_eq!(urls(&c.crl_urls), same(&[LDAP_CDP, HTTP_CDP]));
        assert_eq!(urls(&c.aia_urls), same(&[CA_ISSUERS]));
        assert_eq!(urls(&c.ocsp_urls), same(&[OCSP_URL]));
        let view = map.get(c.subject.span.unwrap().source).unwrap();
        assert!(
            view.text.contains(&format!(
                "        CRL Distribution Points:\n            URI:{LDAP_CDP}\n            URI:{HTTP_CDP}\n"
            )),
            "{}",
            view.text
        );
        assert!(view.text.contains(&format!(
            "        Authority Information Access:\n            CA Issuers - URI:{CA_ISSUERS}\n            OCSP - URI:{OCSP_URL}\n"
        )));
        assert!(!view.text.contains("Extension 2.5.29.31"));
        assert!(!view.text.contains("Extension 1.3.6.1.5.5.7.1.1"));
    }

    #[test]
    fn der_ca_without_cdp_has_no_urls() {
        let pki = test_pki();
        let mut map = SourceMap::new();
        let certs = parse_binary(&mut map, "ca.cer", &pki.ca_der).unwrap();
        assert!(certs[0].crl_urls.is_empty());
        assert!(certs[0].aia_urls.is_empty() && certs[0].ocsp_urls.is_empty());
    }

    #[test]
    fn der_ca_is_self_signed() {
        let pki = test_pki();
        let mut map = SourceMap::new();
        let certs = parse_binary(&mut map, "ca.cer", &pki.ca_der).unwrap();
        let ca = &certs[0];
        assert!(ca.self_signed);
        assert!(ca.is_ca.value);
        assert_eq!(shown(&map, &ca.is_ca), "CA:TRUE");
        assert_eq!(ca.subject.value, ca.issuer.value);
        assert_eq!(ca.template, None);
        assert!(ca.eku.is_empty() && ca.san_dns.is_empty());
        let usage: Vec<_> = ca.key_usage.iter().map(|s| s.value.as_str()).collect();
        assert_eq!(usage, ["key_cert_sign", "crl_sign"]);
        let view = map.get(ca.subject.span.unwrap().source).unwrap();
        assert!(
            view.text
                .contains("Basic Constraints (critical): CA:TRUE, pathlen:0\n"),
            "{}",
            view.text
        );
    }

    #[test]
    fn rsa_fixture_view_matches_openssl() {
        assert!(sniff_der(RSA_RA));
        let mut map = SourceMap::new();
        let certs = parse_binary(&mut map, "ra.cer", RSA_RA).unwrap();
        let c = &certs[0];
        let view = map.get(c.subject.span.unwrap().source).unwrap();
        // Values as `openssl x509 -text -fingerprint` shows them for this file.
        let expected = "\
Certificate
    Subject: CN=NDES01-MSCEP-RA, OU=PKI, O=Contoso, C=US
    Issuer: CN=Contoso Issuing CA 01, DC=contoso, DC=com
    Serial Number: 1A00000012F4C1D2B3A4E5F607000000000012
    Thumbprint (SHA-1): BEC4A0B9081ABA5A78C4FDA1A7165F0EEB197C51
    Validity
        Not Before: 2026-11-25 12:23:12 UTC
        Not After : 2028-11-24 12:23:12 UTC
    Public Key Algorithm: RSA
        Key Size: 2048 bits
    Signature Algorithm: sha256WithRSAEncryption
    X509v3 Extensions
        Basic Constraints: CA:FALSE
        Key Usage (critical):
            Digital Signature
        Extended Key Usage:
            Certificate Request Agent (1.3.6.1.4.1.311.20.2.1)
        Certificate Template: EnrollmentAgentOffline
        Subject Key Identifier: 0DB01D250B82075354DC9624D282C298DC49E98D
        Authority Key Identifier: EE458325C9927E5AC02CA8B90FEF6904E08D9DCD
    Self-signed: no
";
        assert_eq!(view.text, expected);
        assert_eq!(c.key_bits.as_ref().unwrap().value, 2048);
        assert_eq!(shown(&map, c.key_bits.as_ref().unwrap()), "2048");
        assert_eq!(c.signature_algorithm.value, "sha256WithRSAEncryption");
        assert_eq!(c.eku[0].value, "1.3.6.1.4.1.311.20.2.1");
        assert_eq!(c.subject_cn.as_ref().unwrap().value, "NDES01-MSCEP-RA");
    }

    #[test]
    fn quoted_rdn_and_v2_template_only() {
        let mut map = SourceMap::new();
        let certs = parse_binary(&mut map, "ssl.cer", RSA_SSL).unwrap();
        let c = &certs[0];
        assert_eq!(
            c.subject.value,
            "CN=ndes.contoso.com, O=\"Contoso, Inc.\", C=US"
        );
        assert_eq!(c.template.as_ref().unwrap().value, V2_TEMPLATE_OID);
        assert_eq!(shown(&map, c.template.as_ref().unwrap()), V2_TEMPLATE_OID);
        assert_eq!(c.san_ip[0].value, "10.0.0.5");
    }

    #[test]
    fn pem_with_two_certificates_shares_one_view() {
        let pki = test_pki();
        let text = format!("{}{}", pki.leaf_pem, pki.ca_pem).replace('\n', "\r\n");
        assert!(sniff_pem(&text));
        let mut map = SourceMap::new();
        let certs = parse_text(&mut map, "chain.pem", &text).unwrap();
        assert_eq!(certs.len(), 2);
        let view_id = certs[0].subject.span.unwrap().source;
        assert_eq!(certs[1].subject.span.unwrap().source, view_id);
        assert_ne!(view_id, SourceId(0));
        let view = map.get(view_id).unwrap();
        assert!(
            view.text
                .starts_with("Certificate 1 of 2 (PEM block at line 1)\n"),
            "{}",
            view.text
        );
        assert!(
            view.text
                .contains("\nCertificate 2 of 2 (PEM block at line ")
        );
        assert_eq!(certs[0].thumbprint.value, sha1_hex(&pki.leaf_der));
        assert_eq!(certs[1].thumbprint.value, sha1_hex(&pki.ca_der));
        assert_eq!(
            shown(&map, &certs[1].subject),
            "CN=Contoso Test CA, O=Contoso"
        );
        assert_eq!(
            shown(&map, &certs[1].not_after),
            certs[1]
                .not_after
                .value
                .format("%Y-%m-%d %H:%M:%S UTC")
                .to_string()
        );
        assert_eq!(shown(&map, &certs[0].san_dns[1]), "ndes01.corp.contoso.com");
        assert!(certs[1].self_signed && !certs[0].self_signed);
    }

    #[test]
    fn bare_base64_certificate() {
        let pki = test_pki();
        let bare: String = pki
            .leaf_pem
            .lines()
            .filter(|l| !l.starts_with("-----"))
            .collect();
        assert!(bare.starts_with("MII"));
        assert!(sniff_pem(&bare));
        let mut map = SourceMap::new();
        let certs = parse_text(&mut map, "raw.txt", &format!("{bare}\r\n")).unwrap();
        assert_eq!(certs[0].thumbprint.value, sha1_hex(&pki.leaf_der));
        let view = map.get(certs[0].subject.span.unwrap().source).unwrap();
        assert!(view.text.starts_with("Certificate (bare Base64)\n"));
    }

    #[test]
    fn truncated_der_is_sniffed_and_an_error() {
        let pki = test_pki();
        let cut = &pki.leaf_der[..pki.leaf_der.len() / 2];
        assert!(sniff_der(cut));
        let mut map = SourceMap::new();
        let error = parse_binary(&mut map, "cut.cer", cut).unwrap_err();
        assert!(
            error.reason.starts_with("not a readable X.509 certificate"),
            "{}",
            error.reason
        );
        assert!(error.reason.contains("truncated?"), "{}", error.reason);
        assert_eq!(error.span, None);
    }

    #[test]
    fn half_a_pem_is_an_error_at_the_begin_line() {
        let pki = test_pki();
        let half: String = pki
            .leaf_pem
            .lines()
            .take(4)
            .map(|l| format!("{l}\r\n"))
            .collect();
        let text = format!("Bag Attributes\r\n{half}");
        assert!(sniff_pem(&text));
        let mut map = SourceMap::new();
        let error = parse_text(&mut map, "half.pem", &text).unwrap_err();
        assert!(error.reason.contains("no -----END"), "{}", error.reason);
        let span = error.span.unwrap();
        let file = map.get(span.source).unwrap();
        assert_eq!(file.slice(span), "-----BEGIN CERTIFICATE-----");
        assert_eq!(file.line_col(span.start), (2, 1));
    }

    #[test]
    fn bad_base64_and_bad_der_in_pem_are_errors_at_the_begin_line() {
        let mut map = SourceMap::new();
        let text = "-----BEGIN CERTIFICATE-----\nMIIB!!!\n-----END CERTIFICATE-----\n";
        let error = parse_text(&mut map, "bad.pem", text).unwrap_err();
        assert!(error.reason.contains("Base64"), "{}", error.reason);
        assert_eq!(
            map.get(error.span.unwrap().source)
                .unwrap()
                .slice(error.span.unwrap()),
            "-----BEGIN CERTIFICATE-----"
        );
        let text = "-----BEGIN CERTIFICATE-----\nMIIBAAAA\n-----END CERTIFICATE-----\n";
        let error = parse_text(&mut map, "bad2.pem", text).unwrap_err();
        assert!(
            error.reason.starts_with("not a readable X.509"),
            "{}",
            error.reason
        );
    }

    #[test]
    fn pkcs12_pkcs7_and_other_files_are_not_sniffed() {
        let pfx = [
            0x30, 0x82, 0x0a, 0x1c, 0x02, 0x01, 0x03, 0x30, 0x82, 0x09, 0xe2, 0x06, 0x09,
        ];
        assert!(!sniff_der(&pfx));
        let p7b = [
            0x30, 0x82, 0x05, 0x00, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07,
            0x02,
        ];
        assert!(!sniff_der(&p7b));
        assert!(!sniff_der(&[]));
        assert!(!sniff_der(&[0x30]));
        assert!(!sniff_der(b"hello"));
        assert!(!sniff_pem(
            "-----BEGIN PKCS7-----\nMIIB\n-----END PKCS7-----\n"
        ));
        assert!(!sniff_pem("MII is how this log line starts, not Base64"));
        assert!(!sniff_pem(""));
    }

    #[test]
    fn text_source_given_to_the_der_parser_is_an_error() {
        let mut map = SourceMap::new();
        let file = map.add_text("x.cer", "MII".into(), crate::source::TextEncoding::Utf8);
        assert!(parse_der(&file, &mut map.views()).is_err());
    }
}
