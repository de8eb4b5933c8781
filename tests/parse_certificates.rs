//! Certificate exports other than single DER/PEM files: certutil text, `Cert:` provider JSON,
//! PKCS#7 and PFX. Every fixture is read the way a bundle file is (decode, sniff, parse) and
//! checked for its facts and where they point.

use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use scepter::model::{Certificate, Spanned};
use scepter::parse::{Evidence, Format, Outcome, ParseContext, parse_source};
use scepter::source::{Decoded, Source, SourceMap, decode};

/// The healthy client-authentication certificate of the sample PKI.
const CLIENT: &str = "735C7F94EE2D64F41AEDBBD9DB399AE6962E02DB";
const CLIENT_SERIAL: &str = "1A0000002CB757DB59957061B500000000002C";
const RA_AGENT: &str = "09E076F26EDC07CEA95ABB26FABBED89056B10E5";
const RA_CEP: &str = "57F17D385605517734C4E095F899FBEE560F6297";
const EXPIRED: &str = "BFB1B4B231B2FDD3FF8FBC9DC3992DC8B10B5C46";
const INTUNE_NDES_OID: &str = "1.3.6.1.4.1.311.21.8.1234567.7654321.1.2.3.4.5.100";
const SERVER_AUTH: &str = "1.3.6.1.5.5.7.3.1";
const CLIENT_AUTH: &str = "1.3.6.1.5.5.7.3.2";
const CERT_REQUEST_AGENT: &str = "1.3.6.1.4.1.311.20.2.1";
const ISSUING_CA: &str = "CN=Contoso Issuing CA 01, O=Contoso, C=US";
/// Where the sample issuing CA publishes its CRL and its certificate.
const ISSUING_CRL: &str = "http://pki.contoso.com/CertEnroll/Contoso%20Issuing%20CA%2001.crl";
const ISSUING_AIA: &str =
    "http://pki.contoso.com/CertEnroll/CA01.corp.contoso.com_Contoso%20Issuing%20CA%2001.crt";
const ROOT_CRL: &str = "http://pki.contoso.com/CertEnroll/Contoso%20Root%20CA.crl";

fn fixture_bytes(format: &str, name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(format)
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Adds bytes to the map as a bundle file would be: decoded text, or binary.
fn add(map: &mut SourceMap, path: &str, bytes: Vec<u8>) -> Arc<Source> {
    match decode(&bytes) {
        Decoded::Text { text, encoding } => map.add_text(path, text, encoding),
        Decoded::Binary => map.add_binary(path, Arc::from(bytes)),
    }
}

/// Parses bytes with `context`; returns the outcome.
fn outcome_of(map: &mut SourceMap, path: &str, bytes: Vec<u8>, context: &ParseContext) -> Outcome {
    let source = add(map, path, bytes);
    parse_source(&source, &mut map.views(), context)
}

/// Parses a fixture that must parse as `format`; returns its certificates.
fn certificates(
    map: &mut SourceMap,
    format: Format,
    name: &str,
    context: &ParseContext,
) -> Vec<Certificate> {
    let path = format!("certs/{name}");
    match outcome_of(map, &path, fixture_bytes(format.name(), name), context) {
        Outcome::Parsed {
            format: got,
            evidence,
        } => {
            assert_eq!(got, format, "{name} sniffed as {got:?}");
            match *evidence {
                Evidence::Certificates(certs) => certs,
                other => panic!("{name}: not certificates: {other:?}"),
            }
        }
        other => panic!("{name}: {other:?}"),
    }
}

/// The text a span covers, in whichever source (file or decoded view) it points into.
fn shown<T>(map: &SourceMap, value: &Spanned<T>) -> String {
    let span = value.span.expect("a spanned value");
    map.get(span.source).unwrap().slice(span).to_string()
}

fn by_thumbprint<'c>(certs: &'c [Certificate], thumbprint: &str) -> &'c Certificate {
    certs
        .iter()
        .find(|c| c.thumbprint.value == thumbprint)
        .unwrap_or_else(|| panic!("no certificate {thumbprint}"))
}

fn utc(y: i32, mo: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, 0, 0).unwrap()
}

fn values(list: &[Spanned<String>]) -> Vec<&str> {
    list.iter().map(|s| s.value.as_str()).collect()
}

fn line_col(map: &SourceMap, value: &Spanned<impl Sized>) -> (usize, usize) {
    let span = value.span.unwrap();
    map.get(span.source).unwrap().line_col(span.start)
}

// ---------------------------------------------------------------------------------------
// certutil

#[test]
fn certutil_store_listing_in_both_encodings() {
    for name in ["store-my.ps51.txt", "store-my.cmd.txt"] {
        let mut map = SourceMap::new();
        let certs = certificates(&mut map, Format::Certutil, name, &ParseContext::default());
        assert_eq!(certs.len(), 4, "{name}");
        let thumbprints: Vec<&str> = certs.iter().map(|c| c.thumbprint.value.as_str()).collect();
        assert_eq!(thumbprints, [CLIENT, RA_AGENT, RA_CEP, EXPIRED]);

        let c = &certs[0];
        assert_eq!(c.file, format!("certs/{name}"));
        assert_eq!(shown(&map, &c.thumbprint), CLIENT.to_ascii_lowercase());
        assert_eq!(line_col(&map, &c.thumbprint), (10, 18));
        assert_eq!(c.serial.value, CLIENT_SERIAL);
        assert_eq!(shown(&map, &c.serial), CLIENT_SERIAL.to_ascii_lowercase());
        assert_eq!(c.subject.value, "CN=ndes.contoso.com, O=Contoso, C=US");
        assert_eq!(shown(&map, &c.subject), c.subject.value);
        let cn = c.subject_cn.as_ref().unwrap();
        assert_eq!(
            (cn.value.as_str(), shown(&map, cn).as_str()),
            ("ndes.contoso.com", "ndes.contoso.com")
        );
        assert_eq!(c.issuer.value, ISSUING_CA);
        assert_eq!(c.not_before.value, utc(2026, 3, 2, 12));
        assert_eq!(shown(&map, &c.not_before), "3/2/2026 12:00 PM");
        assert_eq!(c.not_after.value, utc(2027, 3, 2, 12));
        assert_eq!(line_col(&map, &c.not_after), (6, 12));
        let template = c.template.as_ref().unwrap();
        assert_eq!(
            (template.value.as_str(), shown(&map, template).as_str()),
            ("IntuneNDES", "IntuneNDES")
        );
        let store = c.store.as_ref().unwrap();
        assert_eq!(store.value, "LocalMachine\\My");
        assert_eq!(
            (shown(&map, store).as_str(), line_col(&map, store)),
            ("my", (1, 1))
        );
        let key = c.has_private_key.as_ref().unwrap();
        assert!(key.value);
        assert!(shown(&map, key).starts_with("Key Container = te-IntuneNDES-"));
        let provider = c.key_provider.as_ref().unwrap();
        assert_eq!(provider.value, "Microsoft Software Key Storage Provider");
        assert_eq!(shown(&map, provider), provider.value);
        // Without -v certutil shows no extensions: these stay empty or unknown.
        assert!(c.eku.is_empty() && c.san_dns.is_empty() && c.key_usage.is_empty());
        assert_eq!(c.key_algorithm.value, "");
        assert_eq!(c.key_bits, None);
        assert!(!c.is_ca.value && c.is_ca.span.is_none());
        assert!(!c.self_signed);

        let agent = &certs[1];
        assert_eq!(
            agent.template.as_ref().unwrap().value,
            "EnrollmentAgentOffline"
        );
        assert_eq!(
            shown(&map, agent.template.as_ref().unwrap()),
            "EnrollmentAgentOffline"
        );
        assert_eq!(
            agent.key_provider.as_ref().unwrap().value,
            "Microsoft Strong Cryptographic Provider"
        );
        assert_eq!(certs[2].template.as_ref().unwrap().value, "CEPEncryption");

        let expired = &certs[3];
        let key = expired.has_private_key.as_ref().unwrap();
        assert!(!key.value);
        assert_eq!(shown(&map, key), "No key provider information");
        assert_eq!(expired.key_provider, None);
        assert_eq!(expired.not_after.value, utc(2026, 10, 9, 12));
        assert_eq!(expired.store.as_ref().unwrap().value, "LocalMachine\\My");
    }
}

#[test]
fn certutil_verbose_store_listing_reads_the_extensions() {
    for name in ["store-v-my.ps51.txt", "store-v-my.cmd.txt"] {
        let mut map = SourceMap::new();
        let certs = certificates(&mut map, Format::Certutil, name, &ParseContext::default());
        assert_eq!(certs.len(), 4, "{name}");
        let c = by_thumbprint(&certs, CLIENT);
        assert_eq!(c.serial.value, CLIENT_SERIAL);
        // One RDN per line, joined as Windows shows them; the span covers the RDN lines.
        assert_eq!(c.subject.value, "CN=ndes.contoso.com, O=Contoso, C=US");
        assert_eq!(
            shown(&map, &c.subject).replace("\r\n", "\n"),
            "CN=ndes.contoso.com\n    O=Contoso\n    C=US"
        );
        assert_eq!(
            shown(&map, c.subject_cn.as_ref().unwrap()),
            "ndes.contoso.com"
        );
        assert_eq!(c.issuer.value, ISSUING_CA);
        assert_eq!(c.not_after.value, utc(2027, 3, 2, 12));
        assert_eq!(values(&c.eku), [SERVER_AUTH, CLIENT_AUTH]);
        assert_eq!(
            shown(&map, &c.eku[0]),
            "Server Authentication (1.3.6.1.5.5.7.3.1)"
        );
        assert_eq!(
            values(&c.san_dns),
            ["ndes.contoso.com", "ndes01.corp.contoso.com"]
        );
        assert_eq!(shown(&map, &c.san_dns[1]), "ndes01.corp.contoso.com");
        assert_eq!(
            values(&c.key_usage),
            ["digital_signature", "key_encipherment"]
        );
        assert_eq!(shown(&map, &c.key_usage[1]), "Key Encipherment");
        assert_eq!(values(&c.crl_urls), [ISSUING_CRL]);
        assert_eq!(shown(&map, &c.crl_urls[0]), ISSUING_CRL);
        assert_eq!(values(&c.aia_urls), [ISSUING_AIA]);
        assert_eq!(shown(&map, &c.aia_urls[0]), ISSUING_AIA);
        assert!(c.ocsp_urls.is_empty());
        assert_eq!(c.key_algorithm.value, "RSA");
        assert_eq!(shown(&map, &c.key_algorithm), "1.2.840.113549.1.1.1 RSA");
        let bits = c.key_bits.as_ref().unwrap();
        assert_eq!((bits.value, shown(&map, bits).as_str()), (2048, "2048"));
        assert_eq!(c.signature_algorithm.value, "sha256WithRSAEncryption");
        assert_eq!(
            shown(&map, &c.signature_algorithm),
            "1.2.840.113549.1.1.11 sha256RSA"
        );
        // The V2 template is reported by OID, as a DER file gives it.
        let template = c.template.as_ref().unwrap();
        assert_eq!(
            (template.value.as_str(), shown(&map, template).as_str()),
            (INTUNE_NDES_OID, INTUNE_NDES_OID)
        );
        // No Basic Constraints extension: not a CA, and nothing to point at.
        assert!(!c.is_ca.value && c.is_ca.span.is_none());
        assert_eq!(c.store.as_ref().unwrap().value, "LocalMachine\\My");
        assert!(c.has_private_key.as_ref().unwrap().value);
        assert_eq!(
            c.key_provider.as_ref().unwrap().value,
            "Microsoft Software Key Storage Provider"
        );

        let agent = by_thumbprint(&certs, RA_AGENT);
        assert_eq!(values(&agent.eku), [CERT_REQUEST_AGENT]);
        assert_eq!(
            agent.template.as_ref().unwrap().value,
            "EnrollmentAgentOffline"
        );
        assert_eq!(values(&agent.key_usage), ["digital_signature"]);
        let cep = by_thumbprint(&certs, RA_CEP);
        assert_eq!(values(&cep.key_usage), ["key_encipherment"]);
        assert_eq!(cep.template.as_ref().unwrap().value, "CEPEncryption");
        let expired = by_thumbprint(&certs, EXPIRED);
        assert!(!expired.has_private_key.as_ref().unwrap().value);
    }
}

#[test]
fn certutil_dump_has_no_store_and_no_key_information() {
    for name in ["dump-client-auth.ps51.txt", "dump-client-auth.cmd.txt"] {
        let mut map = SourceMap::new();
        let certs = certificates(&mut map, Format::Certutil, name, &ParseContext::default());
        assert_eq!(certs.len(), 1);
        let c = &certs[0];
        assert_eq!(c.thumbprint.value, CLIENT);
        assert_eq!(
            c.store, None,
            "a -dump does not say where the certificate was"
        );
        assert_eq!(c.has_private_key, None, "a -dump of a .cer cannot tell");
        assert_eq!(values(&c.eku), [SERVER_AUTH, CLIENT_AUTH]);
        assert_eq!(c.template.as_ref().unwrap().value, INTUNE_NDES_OID);
        assert_eq!(line_col(&map, &c.serial), (3, 16));
    }
}

#[test]
fn certutil_text_agrees_with_the_der() {
    let mut map = SourceMap::new();
    let context = ParseContext {
        pfx_passwords: vec!["scepter-fixture".into()],
        ..ParseContext::default()
    };
    let from_pfx = certificates(&mut map, Format::Pkcs12, "ndes-client-auth.pfx", &context);
    let der = by_thumbprint(&from_pfx, CLIENT);
    let text = certificates(&mut map, Format::Certutil, "store-v-my.cmd.txt", &context);
    let text = by_thumbprint(&text, CLIENT);
    assert_eq!(text.subject.value, der.subject.value);
    assert_eq!(text.issuer.value, der.issuer.value);
    assert_eq!(text.serial.value, der.serial.value);
    assert_eq!(
        (text.not_before.value, text.not_after.value),
        (der.not_before.value, der.not_after.value)
    );
    assert_eq!(values(&text.eku), values(&der.eku));
    assert_eq!(values(&text.san_dns), values(&der.san_dns));
    assert_eq!(values(&text.key_usage), values(&der.key_usage));
    assert_eq!(values(&text.crl_urls), values(&der.crl_urls));
    assert_eq!(values(&text.aia_urls), values(&der.aia_urls));
    assert_eq!(values(&text.ocsp_urls), values(&der.ocsp_urls));
    assert_eq!(values(&der.crl_urls), [ISSUING_CRL]);
    assert_eq!(text.key_algorithm.value, der.key_algorithm.value);
    assert_eq!(
        text.signature_algorithm.value,
        der.signature_algorithm.value
    );
    assert_eq!(
        text.template.as_ref().map(|t| &t.value),
        der.template.as_ref().map(|t| &t.value)
    );
}

#[test]
fn certutil_cut_short_is_unreadable_at_the_last_banner() {
    let text = String::from_utf8(fixture_bytes("certutil", "store-v-my.cmd.txt")).unwrap();
    let banner = text.rfind("================ Certificate 3").unwrap();
    let cut = &text[..banner + 400];
    let mut map = SourceMap::new();
    match outcome_of(
        &mut map,
        "certs/cut.txt",
        cut.as_bytes().to_vec(),
        &ParseContext::default(),
    ) {
        Outcome::Unreadable { format, error } => {
            assert_eq!(format, Format::Certutil);
            assert!(
                error.reason.contains("certificate 3 has no"),
                "{}",
                error.reason
            );
            assert!(error.reason.contains("cut short"), "{}", error.reason);
            let span = error.span.unwrap();
            let source = map.get(span.source).unwrap();
            assert_eq!(
                source.slice(span),
                "================ Certificate 3 ================"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn certutil_bad_date_is_unreadable_at_the_date() {
    let text = String::from_utf8(fixture_bytes("certutil", "store-my.cmd.txt")).unwrap();
    let broken = text.replacen("3/2/2027 12:00 PM", "3/2/2027 25:00 PM", 1);
    let mut map = SourceMap::new();
    match outcome_of(
        &mut map,
        "certs/bad.txt",
        broken.into_bytes(),
        &ParseContext::default(),
    ) {
        Outcome::Unreadable { error, .. } => {
            assert!(
                error.reason.contains("cannot read the date"),
                "{}",
                error.reason
            );
            let span = error.span.unwrap();
            assert_eq!(
                map.get(span.source).unwrap().slice(span),
                "3/2/2027 25:00 PM"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn certutil_pasted_pem_fills_what_the_short_listing_lacks() {
    let listing = String::from_utf8(fixture_bytes("certutil", "store-my.cmd.txt")).unwrap();
    let first_entry_end = listing
        .find("\r\n\r\n================ Certificate 1")
        .unwrap();
    let pem = extract_client_pem();
    let text = format!(
        "{}\r\n{pem}\r\nCertUtil: -store command completed successfully.\r\n",
        &listing[..first_entry_end]
    );
    let mut map = SourceMap::new();
    let Outcome::Parsed { evidence, .. } = outcome_of(
        &mut map,
        "c.txt",
        text.into_bytes(),
        &ParseContext::default(),
    ) else {
        panic!("not parsed");
    };
    let Evidence::Certificates(certs) = *evidence else {
        panic!()
    };
    let c = &certs[0];
    assert_eq!(values(&c.eku), [SERVER_AUTH, CLIENT_AUTH]);
    assert_eq!(shown(&map, &c.eku[0]), "-----BEGIN CERTIFICATE-----");
    assert_eq!(c.key_algorithm.value, "RSA");
    // The text's own fields keep their spans on the text.
    assert_eq!(shown(&map, &c.thumbprint), CLIENT.to_ascii_lowercase());
    assert_eq!(c.template.as_ref().unwrap().value, "IntuneNDES");
}

/// The client certificate as PEM, cut out of the PEM PKCS#7 fixture (client first).
fn extract_client_pem() -> String {
    let text = String::from_utf8(fixture_bytes("pkcs7", "ndes-chain.p7b.pem")).unwrap();
    let b64: String = text.lines().filter(|l| !l.starts_with("-----")).collect();
    let p7 = base64_decode(&b64);
    // ContentInfo (30 82 ..), OID (11), [0] (a0 82 ..), SignedData (30 82 ..), version (3),
    // digest algorithms (2), content info (13), certificates (a0 82 ..): then the client.
    let at = 4 + 11 + 4 + 4 + 3 + 2 + 13 + 4;
    assert_eq!(&p7[at..at + 2], [0x30, 0x82]);
    let len = usize::from(p7[at + 2]) * 256 + usize::from(p7[at + 3]) + 4;
    let b64 = base64_encode(&p7[at..at + len]);
    let mut pem = String::from("-----BEGIN CERTIFICATE-----\r\n");
    for chunk in b64.as_bytes().chunks(64) {
        pem.push_str(std::str::from_utf8(chunk).unwrap());
        pem.push_str("\r\n");
    }
    pem.push_str("-----END CERTIFICATE-----");
    pem
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().fold(0u32, |n, b| n << 8 | u32::from(*b)) << (8 * (3 - chunk.len()));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(BASE64[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn base64_decode(text: &str) -> Vec<u8> {
    let digits: Vec<u32> = text
        .bytes()
        .filter(|b| *b != b'=')
        .map(|b| BASE64.iter().position(|c| *c == b).unwrap() as u32)
        .collect();
    let mut out = Vec::new();
    for chunk in digits.chunks(4) {
        let n = chunk.iter().fold(0u32, |n, d| n << 6 | d) << (6 * (4 - chunk.len()));
        out.extend(n.to_be_bytes()[1..chunk.len()].iter());
    }
    out
}

// ---------------------------------------------------------------------------------------
// Get-ChildItem Cert:\ | ConvertTo-Json

#[test]
fn cert_json_select_object_ps51() {
    let mut map = SourceMap::new();
    let certs = certificates(
        &mut map,
        Format::CertProviderJson,
        "my-select.ps51.json",
        &ParseContext::default(),
    );
    assert_eq!(certs.len(), 4);
    let c = by_thumbprint(&certs, CLIENT);
    assert_eq!(shown(&map, &c.thumbprint), CLIENT);
    assert_eq!(line_col(&map, &c.thumbprint), (5, 25));
    assert_eq!(c.subject.value, "CN=ndes.contoso.com, O=Contoso, C=US");
    assert_eq!(
        shown(&map, c.subject_cn.as_ref().unwrap()),
        "ndes.contoso.com"
    );
    assert_eq!(c.issuer.value, ISSUING_CA);
    assert_eq!(c.serial.value, CLIENT_SERIAL);
    assert_eq!(c.not_before.value, utc(2026, 3, 2, 12));
    assert_eq!(shown(&map, &c.not_before), "\\/Date(1772452800000)\\/");
    assert_eq!(c.not_after.value, utc(2027, 3, 2, 12));
    assert_eq!(values(&c.eku), [SERVER_AUTH, CLIENT_AUTH]);
    // Select-Object's properties show no extensions.
    assert!(c.crl_urls.is_empty() && c.aia_urls.is_empty());
    assert_eq!(shown(&map, &c.eku[1]), CLIENT_AUTH);
    assert_eq!(
        values(&c.san_dns),
        ["ndes.contoso.com", "ndes01.corp.contoso.com"]
    );
    assert_eq!(shown(&map, &c.san_dns[0]), "ndes.contoso.com");
    let template = c.template.as_ref().unwrap();
    assert_eq!(
        (template.value.as_str(), shown(&map, template).as_str()),
        (INTUNE_NDES_OID, INTUNE_NDES_OID)
    );
    let key = c.has_private_key.as_ref().unwrap();
    assert!(key.value);
    assert_eq!(shown(&map, key), "true");
    assert_eq!(
        c.store, None,
        "Select-Object dropped PSParentPath: the store is unknown"
    );
    assert_eq!(c.key_algorithm.value, "");

    let agent = by_thumbprint(&certs, RA_AGENT);
    assert_eq!(
        agent.template, None,
        "the V1 template is not in the selected V2 column"
    );
    assert_eq!(values(&agent.eku), [CERT_REQUEST_AGENT]);
    // DnsNameList falls back to the CN for a certificate without a SAN.
    assert_eq!(values(&agent.san_dns), ["NDES01-MSCEP-RA"]);
    let expired = by_thumbprint(&certs, EXPIRED);
    let key = expired.has_private_key.as_ref().unwrap();
    assert!(!key.value);
    assert_eq!(shown(&map, key), "false");
}

#[test]
fn cert_json_full_object_reads_raw_data() {
    let mut map = SourceMap::new();
    let certs = certificates(
        &mut map,
        Format::CertProviderJson,
        "client-auth-full.ps51.json",
        &ParseContext::default(),
    );
    assert_eq!(certs.len(), 1);
    let c = &certs[0];
    assert_eq!(c.thumbprint.value, CLIENT);
    assert_eq!(shown(&map, &c.thumbprint), CLIENT);
    let store = c.store.as_ref().unwrap();
    assert_eq!(store.value, "LocalMachine\\My");
    assert_eq!(shown(&map, store), "LocalMachine\\\\My");
    assert!(c.has_private_key.as_ref().unwrap().value);
    // From RawData: what the JSON shows is spanned there, the rest on the `RawData` key.
    assert_eq!(values(&c.eku), [SERVER_AUTH, CLIENT_AUTH]);
    assert_eq!(shown(&map, &c.eku[0]), SERVER_AUTH);
    assert_eq!(
        values(&c.key_usage),
        ["digital_signature", "key_encipherment"]
    );
    assert_eq!(shown(&map, &c.key_usage[0]), "RawData");
    assert_eq!(c.key_algorithm.value, "RSA");
    assert_eq!(c.key_bits.as_ref().unwrap().value, 2048);
    assert_eq!(shown(&map, c.key_bits.as_ref().unwrap()), "RawData");
    assert_eq!(c.signature_algorithm.value, "sha256WithRSAEncryption");
    assert_eq!(shown(&map, &c.signature_algorithm), "1.2.840.113549.1.1.11");
    assert_eq!(c.template.as_ref().unwrap().value, INTUNE_NDES_OID);
    assert_eq!(shown(&map, c.template.as_ref().unwrap()), "RawData");
    assert_eq!(values(&c.crl_urls), [ISSUING_CRL]);
    assert_eq!(shown(&map, &c.crl_urls[0]), "RawData");
    assert_eq!(values(&c.aia_urls), [ISSUING_AIA]);
    assert_eq!(shown(&map, &c.not_after), "\\/Date(1803988800000)\\/");
    assert_eq!(c.not_after.value, utc(2027, 3, 2, 12));
    assert_eq!(
        shown(&map, &c.subject),
        "CN=ndes.contoso.com, O=Contoso, C=US"
    );
    assert!(!c.is_ca.value);
}

#[test]
fn cert_json_ps7_single_object_with_iso_dates() {
    let mut map = SourceMap::new();
    let certs = certificates(
        &mut map,
        Format::CertProviderJson,
        "client-auth-select.ps7.json",
        &ParseContext::default(),
    );
    assert_eq!(certs.len(), 1);
    let c = &certs[0];
    assert_eq!(c.thumbprint.value, CLIENT);
    assert_eq!(c.not_before.value, utc(2026, 3, 2, 12));
    assert_eq!(shown(&map, &c.not_before), "2026-03-02T13:00:00+01:00");
    assert_eq!(values(&c.eku), [SERVER_AUTH, CLIENT_AUTH]);
    assert_eq!(
        shown(&map, &c.eku[0]),
        "Server Authentication (1.3.6.1.5.5.7.3.1)"
    );
    assert_eq!(
        values(&c.san_dns),
        ["ndes.contoso.com", "ndes01.corp.contoso.com"]
    );
    assert_eq!(c.store.as_ref().unwrap().value, "LocalMachine\\My");
    assert_eq!(c.template.as_ref().unwrap().value, INTUNE_NDES_OID);
    assert!(c.has_private_key.as_ref().unwrap().value);
}

#[test]
fn cert_json_cut_mid_object_is_unreadable() {
    let bytes = fixture_bytes("cert-provider-json", "client-auth-select.ps7.json");
    let cut = bytes[..bytes.len() / 2].to_vec();
    let mut map = SourceMap::new();
    match outcome_of(&mut map, "certs/cut.json", cut, &ParseContext::default()) {
        Outcome::Unreadable { format, error } => {
            assert_eq!(format, Format::CertProviderJson);
            assert!(
                error.reason.starts_with("not valid JSON"),
                "{}",
                error.reason
            );
            assert!(error.span.is_some());
        }
        other => panic!("{other:?}"),
    }
}

// ---------------------------------------------------------------------------------------
// PKCS#7

#[test]
fn pkcs7_der_chain() {
    let mut map = SourceMap::new();
    let certs = certificates(
        &mut map,
        Format::Pkcs7,
        "ca-chain.p7b",
        &ParseContext::default(),
    );
    assert_eq!(certs.len(), 2);
    let issuing = &certs[0];
    assert_eq!(issuing.subject.value, ISSUING_CA);
    assert!(issuing.is_ca.value && !issuing.self_signed);
    assert_eq!(shown(&map, &issuing.is_ca), "CA:TRUE");
    // The issuing CA names its parent's CRL; a root has none.
    assert_eq!(values(&issuing.crl_urls), [ROOT_CRL]);
    assert_eq!(shown(&map, &issuing.crl_urls[0]), ROOT_CRL);
    let root = &certs[1];
    assert!(root.crl_urls.is_empty() && root.aia_urls.is_empty());
    assert_eq!(root.subject.value, "CN=Contoso Root CA, O=Contoso, C=US");
    assert!(root.self_signed);
    assert_eq!(root.store, None);
    assert_eq!(root.has_private_key, None);
    // Both certificates are listed in one decoded view of the file.
    let view = map.get(issuing.subject.span.unwrap().source).unwrap();
    assert_eq!(root.subject.span.unwrap().source, view.id);
    assert_eq!(view.path, "certs/ca-chain.p7b");
    assert!(
        view.text
            .starts_with("PKCS#7 SignedData (DER): 2 certificates\n"),
        "{}",
        view.text
    );
    assert!(view.text.contains("\nCertificate 2 of 2\n"));
    assert_eq!(shown(&map, &root.subject), root.subject.value);
}

#[test]
fn pkcs7_pem_and_certutil_encoded() {
    let mut map = SourceMap::new();
    let certs = certificates(
        &mut map,
        Format::Pkcs7,
        "ndes-chain.p7b.pem",
        &ParseContext::default(),
    );
    assert_eq!(certs.len(), 3);
    let c = &certs[0];
    assert_eq!(c.thumbprint.value, CLIENT);
    assert_eq!(values(&c.eku), [SERVER_AUTH, CLIENT_AUTH]);
    assert_eq!(
        shown(&map, &c.eku[1]),
        "Client Authentication (1.3.6.1.5.5.7.3.2)"
    );
    let view = map.get(c.subject.span.unwrap().source).unwrap();
    assert!(
        view.text
            .starts_with("PKCS#7 SignedData, PEM block at line 1: 3 certificates\n"),
        "{}",
        view.text
    );

    // `certutil -encode` labels PKCS#7 as CERTIFICATE; the content decides.
    let certs = certificates(
        &mut map,
        Format::Pkcs7,
        "ca-chain.certutil-encode.txt",
        &ParseContext::default(),
    );
    assert_eq!(certs.len(), 2);
    assert!(certs[1].self_signed);
}

#[test]
fn pkcs7_truncated_is_unreadable() {
    let bytes = fixture_bytes("pkcs7", "ca-chain.p7b");
    let mut map = SourceMap::new();
    match outcome_of(
        &mut map,
        "certs/cut.p7b",
        bytes[..bytes.len() - 300].to_vec(),
        &ParseContext::default(),
    ) {
        Outcome::Unreadable { format, error } => {
            assert_eq!(format, Format::Pkcs7);
            assert!(error.reason.contains("truncated"), "{}", error.reason);
        }
        other => panic!("{other:?}"),
    }
    // A PEM block cut before its END line points at the BEGIN line.
    let text = String::from_utf8(fixture_bytes("pkcs7", "ndes-chain.p7b.pem")).unwrap();
    let cut: String = text.lines().take(10).map(|l| format!("{l}\n")).collect();
    match outcome_of(
        &mut map,
        "certs/cut.pem",
        cut.into_bytes(),
        &ParseContext::default(),
    ) {
        Outcome::Unreadable { format, error } => {
            assert_eq!(format, Format::Pkcs7);
            assert!(error.reason.contains("no -----END"), "{}", error.reason);
            let span = error.span.unwrap();
            assert_eq!(
                map.get(span.source).unwrap().slice(span),
                "-----BEGIN PKCS7-----"
            );
        }
        other => panic!("{other:?}"),
    }
}

// ---------------------------------------------------------------------------------------
// PFX

#[test]
fn pfx_with_the_manifest_password() {
    let context = ParseContext {
        pfx_passwords: vec!["wrong one first".into(), "scepter-fixture".into()],
        ..ParseContext::default()
    };
    let mut map = SourceMap::new();
    let certs = certificates(&mut map, Format::Pkcs12, "ndes-client-auth.pfx", &context);
    assert_eq!(certs.len(), 3);
    let c = by_thumbprint(&certs, CLIENT);
    let key = c.has_private_key.as_ref().unwrap();
    assert!(key.value);
    assert_eq!(shown(&map, key), "present in this PFX (same local key ID)");
    assert_eq!(values(&c.eku), [SERVER_AUTH, CLIENT_AUTH]);
    assert_eq!(values(&c.crl_urls), [ISSUING_CRL]);
    assert_eq!(shown(&map, &c.crl_urls[0]), ISSUING_CRL);
    assert_eq!(c.store, None);
    for ca in certs.iter().filter(|c| c.thumbprint.value != CLIENT) {
        let key = ca.has_private_key.as_ref().unwrap();
        assert!(!key.value);
        assert_eq!(shown(&map, key), "not in this PFX");
        assert!(ca.is_ca.value);
    }
    let view = map.get(c.subject.span.unwrap().source).unwrap();
    assert!(view.text.starts_with("PFX (PKCS#12), opened with a password the manifest gives: 3 certificate(s), 1 private key(s)\n"), "{}", view.text);
    assert!(
        !view.text.contains("scepter-fixture"),
        "the password is never shown"
    );
    assert!(
        !view.text.contains("PRIVATE KEY"),
        "no key material in the view"
    );
}

#[test]
fn pfx_with_an_empty_password() {
    let mut map = SourceMap::new();
    let certs = certificates(
        &mut map,
        Format::Pkcs12,
        "ra-cep-encryption.empty-password.pfx",
        &ParseContext::default(),
    );
    assert_eq!(certs.len(), 1);
    let c = &certs[0];
    assert_eq!(c.thumbprint.value, RA_CEP);
    assert_eq!(c.template.as_ref().unwrap().value, "CEPEncryption");
    assert!(c.has_private_key.as_ref().unwrap().value);
    let view = map.get(c.subject.span.unwrap().source).unwrap();
    assert!(
        view.text
            .starts_with("PFX (PKCS#12), opened with an empty password"),
        "{}",
        view.text
    );
}

#[test]
fn pfx_with_an_unknown_password_is_unreadable_with_the_password_reason() {
    for passwords in [vec![], vec!["Passw0rd!".to_string()]] {
        let context = ParseContext {
            pfx_passwords: passwords,
            ..ParseContext::default()
        };
        let mut map = SourceMap::new();
        let bytes = fixture_bytes("pkcs12", "ndes-client-auth.pfx");
        match outcome_of(&mut map, "certs/ndes.pfx", bytes, &context) {
            Outcome::Unreadable { format, error } => {
                assert_eq!(format, Format::Pkcs12);
                assert_eq!(
                    error.reason,
                    "the PFX is protected by a password the bundle does not give (set `pfx_password` in manifest.json)"
                );
                assert_eq!(error.span, None);
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn pfx_truncated_is_unreadable() {
    let bytes = fixture_bytes("pkcs12", "ra-cep-encryption.empty-password.pfx");
    let mut map = SourceMap::new();
    match outcome_of(
        &mut map,
        "certs/cut.pfx",
        bytes[..bytes.len() / 2].to_vec(),
        &ParseContext::default(),
    ) {
        Outcome::Unreadable { format, error } => {
            assert_eq!(format, Format::Pkcs12);
            assert!(error.reason.contains("truncated"), "{}", error.reason);
        }
        other => panic!("{other:?}"),
    }
}

// ---------------------------------------------------------------------------------------
// Stores in the snapshot

#[test]
fn export_stores_win_over_folders_and_unknown_stays_unknown() {
    use scepter::model::{EvidenceSet, build};
    let mut map = SourceMap::new();
    let context = ParseContext::default();
    let listing = certificates(&mut map, Format::Certutil, "store-my.cmd.txt", &context);
    let json = certificates(
        &mut map,
        Format::CertProviderJson,
        "my-select.ps51.json",
        &context,
    );
    let mut in_root_folder = listing;
    for c in &mut in_root_folder {
        c.file = "certs/LocalMachine/Root/listing.txt".into();
    }
    let mut in_my_folder = json.clone();
    for c in &mut in_my_folder {
        c.file = "certs/LocalMachine/My/certs.json".into();
    }
    let stores = |items: Vec<(String, Evidence)>| -> Vec<Option<String>> {
        let snapshot = build(
            EvidenceSet {
                items,
                ..EvidenceSet::default()
            },
            &map,
        );
        snapshot
            .certificates
            .iter()
            .map(|c| c.store.as_ref().map(|s| s.value.clone()))
            .collect()
    };
    // The certutil header beats the folder name; the folder fills in for JSON without
    // PSParentPath; the copies of one certificate then merge into one, in LocalMachine\My.
    assert_eq!(
        stores(vec![
            ("a".into(), Evidence::Certificates(in_root_folder)),
            ("b".into(), Evidence::Certificates(in_my_folder)),
            ("c".into(), Evidence::Certificates(json.clone())),
        ]),
        vec![Some("LocalMachine\\My".to_string()); 4]
    );
    // Alone, JSON without PSParentPath in no store folder leaves the store unknown.
    assert_eq!(
        stores(vec![("c".into(), Evidence::Certificates(json))]),
        vec![None; 4]
    );
}
