//! Certificate views besides the DER files: the `Cert:` provider JSON and
//! `certutil -v -store my`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha1::{Digest, Sha1};

use super::clock::certutil_time;
use super::md5::md5;
use super::shell::Shell;
use super::x509::{X509, children, oid_string, read};
use crate::json::Json;
use crate::pki::Cert;

/// Where a certificate's private key lives, for the lines `certutil` prints about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyProvider {
    /// A CryptoAPI CSP with an exchange key (NDES's RA certificates).
    StrongExchange,
    /// A CryptoAPI CSP with a signature key.
    StrongSignature,
    /// The SChannel CSP a Web Server template uses.
    Schannel,
    /// A CNG key storage provider.
    Software,
}

impl KeyProvider {
    fn name(self) -> &'static str {
        match self {
            KeyProvider::StrongExchange | KeyProvider::StrongSignature => {
                "Microsoft Strong Cryptographic Provider"
            }
            KeyProvider::Schannel => "Microsoft RSA SChannel Cryptographic Provider",
            KeyProvider::Software => "Microsoft Software Key Storage Provider",
        }
    }
}

/// A certificate in a store, with its key if the server holds one.
#[derive(Debug, Clone)]
pub struct StoreCert {
    /// The certificate.
    pub cert: Cert,
    /// The key's provider; `None` when the store has no private key for it.
    pub key: Option<KeyProvider>,
}

fn sha256(data: &[u8]) -> Vec<u8> {
    use sha2::Digest as _;
    sha2::Sha256::digest(data).to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn eku_name(oid: &str) -> &'static str {
    match oid {
        "1.3.6.1.5.5.7.3.1" => "Server Authentication",
        "1.3.6.1.5.5.7.3.2" => "Client Authentication",
        "1.3.6.1.4.1.311.20.2.1" => "Certificate Request Agent",
        _ => "",
    }
}

/// `Get-ChildItem Cert:\LocalMachine\<store> | Select-Object Subject,Issuer,Thumbprint,
/// SerialNumber,NotBefore,NotAfter,HasPrivateKey,EnhancedKeyUsageList,DnsNameList,
/// PSParentPath | ConvertTo-Json`: one object when the store holds one certificate.
pub fn cert_provider_json(store: &str, certs: &[StoreCert], shell: Shell) -> Json {
    let items: Vec<Json> = certs
        .iter()
        .map(|sc| {
            let x = X509::parse(&sc.cert.der);
            let ekus = x
                .ekus()
                .iter()
                .map(|oid| {
                    Json::object([
                        ("FriendlyName", Json::str(eku_name(oid))),
                        ("ObjectId", Json::str(oid)),
                    ])
                })
                .collect();
            let mut names = x.san_dns();
            if names.is_empty() {
                names.extend(x.common_name().map(str::to_owned));
            }
            let dns = names
                .iter()
                .map(|n| Json::object([("Punycode", Json::str(n)), ("Unicode", Json::str(n))]))
                .collect();
            Json::object([
                ("Subject", Json::str(x.subject_text())),
                ("Issuer", Json::str(x.issuer_text())),
                ("Thumbprint", Json::str(&sc.cert.thumbprint)),
                ("SerialNumber", Json::str(x.serial_upper())),
                ("NotBefore", shell.date(x.not_before)),
                ("NotAfter", shell.date(x.not_after)),
                ("HasPrivateKey", Json::Bool(sc.key.is_some())),
                ("EnhancedKeyUsageList", Json::Array(ekus)),
                ("DnsNameList", Json::Array(dns)),
                (
                    "PSParentPath",
                    Json::str(format!(
                        r"Microsoft.PowerShell.Security\Certificate::LocalMachine\{store}"
                    )),
                ),
            ])
        })
        .collect();
    match <[Json; 1]>::try_from(items) {
        Ok([one]) => one,
        Err(items) => Json::Array(items),
    }
}

/// `certutil`'s hex dump: `    0000  30 82 ...  ..` with 8+8 bytes per line.
fn hex_dump(bytes: &[u8], out: &mut Vec<String>) {
    for (i, chunk) in bytes.chunks(16).enumerate() {
        let half = |part: &[u8]| {
            part.iter()
                .map(|b| format!("{b:02x}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let (a, b) = chunk.split_at(chunk.len().min(8));
        let mut line = format!("    {:04x}  {}", i * 16, half(a));
        if !b.is_empty() {
            line.push_str("  ");
            line.push_str(&half(b));
        }
        out.push(line);
    }
}

fn algorithm(oid: &str, name: &str, out: &mut Vec<String>) {
    out.push(format!("    Algorithm ObjectId: {oid} {name}"));
    out.push("    Algorithm Parameters:".into());
    out.push("    05 00".into());
}

fn name_block(label: &str, x_name: &[super::x509::Rdn], der: &[u8], out: &mut Vec<String>) {
    out.push(format!("{label}:"));
    for rdn in x_name.iter().rev() {
        out.push(format!("    {}={}", rdn.label(), rdn.value));
    }
    out.push(format!("  Name Hash(sha1): {}", hex(&Sha1::digest(der))));
    out.push(format!("  Name Hash(md5): {}", hex(&md5(der))));
}

fn key_usage_text(bits: u8) -> String {
    let names = [
        (0x80, "Digital Signature"),
        (0x40, "Non-Repudiation"),
        (0x20, "Key Encipherment"),
        (0x10, "Data Encipherment"),
        (0x08, "Key Agreement"),
        (0x04, "Certificate Signing"),
        (0x02, "Off-line CRL Signing, CRL Signing"),
    ];
    let parts: Vec<&str> = names
        .iter()
        .filter(|(bit, _)| bits & bit != 0)
        .map(|(_, name)| *name)
        .collect();
    format!("{} ({bits:02x})", parts.join(", "))
}

/// The URIs of a GeneralNames sequence's content.
fn uris(content: &[u8]) -> Vec<String> {
    children(content)
        .iter()
        .filter(|n| n.tag == 0x86)
        .map(|n| String::from_utf8_lossy(n.content).into_owned())
        .collect()
}

/// One extension as `certutil -v` prints it.
fn extension(ext: &super::x509::Extension, out: &mut Vec<String>) {
    let flags = if ext.critical { "1(Critical)" } else { "0" };
    out.push(format!(
        "    {}: Flags = {flags}, Length = {:x}",
        ext.oid,
        ext.value.len()
    ));
    let (value, _) = read(&ext.value);
    match ext.oid.as_str() {
        "2.5.29.14" => {
            out.push("    Subject Key Identifier".into());
            out.push(format!("        {}", hex(value.content)));
        }
        "2.5.29.35" => {
            out.push("    Authority Key Identifier".into());
            for part in children(value.content).iter().filter(|p| p.tag == 0x80) {
                out.push(format!("        KeyID={}", hex(part.content)));
            }
        }
        "2.5.29.15" => {
            out.push("    Key Usage".into());
            let bits = value.content.get(1).copied().unwrap_or(0);
            out.push(format!("        {}", key_usage_text(bits)));
        }
        "2.5.29.19" => {
            out.push("    Basic Constraints".into());
            let is_ca = children(value.content)
                .first()
                .is_some_and(|b| b.tag == 0x01 && b.content == [0xff]);
            out.push(format!(
                "        Subject Type={}",
                if is_ca { "CA" } else { "End Entity" }
            ));
            out.push("        Path Length Constraint=None".into());
        }
        "2.5.29.37" => {
            out.push("    Enhanced Key Usage".into());
            for oid in children(value.content) {
                let oid = oid_string(oid.content);
                out.push(format!("        {} ({oid})", eku_name(&oid)));
            }
        }
        "2.5.29.17" => {
            out.push("    Subject Alternative Name".into());
            for name in children(value.content).iter().filter(|n| n.tag == 0x82) {
                out.push(format!(
                    "        DNS Name={}",
                    String::from_utf8_lossy(name.content)
                ));
            }
        }
        "2.5.29.31" => {
            out.push("    CRL Distribution Points".into());
            for (i, point) in children(value.content).iter().enumerate() {
                out.push(format!("        [{}]CRL Distribution Point", i + 1));
                out.push("             Distribution Point Name:".into());
                out.push("                  Full Name:".into());
                let name = children(point.content)[0];
                let full = children(name.content)[0];
                for uri in uris(full.content) {
                    out.push(format!("                       URL={uri}"));
                }
            }
        }
        "1.3.6.1.5.5.7.1.1" => {
            out.push("    Authority Information Access".into());
            for (i, access) in children(value.content).iter().enumerate() {
                let parts = children(access.content);
                out.push(format!("        [{}]Authority Info Access", i + 1));
                out.push(format!(
                    "             Access Method=Certification Authority Issuer ({})",
                    oid_string(parts[0].content)
                ));
                out.push("             Alternative Name:".into());
                out.push(format!(
                    "                  URL={}",
                    String::from_utf8_lossy(parts[1].content)
                ));
            }
        }
        "1.3.6.1.4.1.311.20.2" => {
            out.push("    Certificate Template Name (Certificate Type)".into());
            let name: Vec<u16> = value
                .content
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            out.push(format!("        {}", String::from_utf16_lossy(&name)));
        }
        "1.3.6.1.4.1.311.21.7" => {
            out.push("    Certificate Template Information".into());
            let parts = children(value.content);
            let number = |i: usize| {
                parts[i]
                    .content
                    .iter()
                    .fold(0u64, |acc, &b| (acc << 8) | u64::from(b))
            };
            out.push(format!("        Template={}", oid_string(parts[0].content)));
            out.push(format!("        Major Version Number={}", number(1)));
            out.push(format!("        Minor Version Number={}", number(2)));
        }
        "1.3.6.1.4.1.311.21.10" => {
            out.push("    Application Policies".into());
            for (i, policy) in children(value.content).iter().enumerate() {
                let oid = oid_string(children(policy.content)[0].content);
                out.push(format!(
                    "        [{}]Application Certificate Policy:",
                    i + 1
                ));
                out.push(format!("             Policy Identifier={}", eku_name(&oid)));
            }
        }
        "1.3.6.1.4.1.311.21.1" => {
            out.push("    CA Version".into());
            out.push("        V0.0".into());
        }
        _ => {
            out.push("    Unknown Extension type".into());
            hex_dump(&ext.value, out);
        }
    }
    out.push(String::new());
}

/// A stable GUID-shaped string from `seed`.
fn guid(seed: &str) -> String {
    let d = Sha1::digest(seed.as_bytes());
    let h = hex(&d);
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// The machine GUID CryptoAPI appends to unique container names on this server.
const MACHINE_GUID: &str = "3c2e5a1b-0d9f-4e8a-b7c6-5d4e3f2a1b0c";

/// The full dump of one certificate of `certutil -v -store my`.
fn dump(index: usize, sc: &StoreCert, out: &mut Vec<String>) {
    let x = X509::parse(&sc.cert.der);
    out.push(format!(
        "================ Certificate {index} ================"
    ));
    out.push("X509 Certificate:".into());
    out.push("Version: 3".into());
    out.push(format!("Serial Number: {}", hex(&x.serial)));
    out.push("Signature Algorithm:".into());
    algorithm(&x.signature_algorithm, "sha256RSA", out);
    name_block("Issuer", &x.issuer, &x.issuer_der, out);
    out.push(String::new());
    out.push(format!(" NotBefore: {}", certutil_time(x.not_before)));
    out.push(format!(" NotAfter: {}", certutil_time(x.not_after)));
    out.push(String::new());
    name_block("Subject", &x.subject, &x.subject_der, out);
    out.push(String::new());
    out.push("Public Key Algorithm:".into());
    algorithm("1.2.840.113549.1.1.1", "RSA", out);
    out.push(format!("Public Key Length: {} bits", x.key_bits));
    out.push("Public Key: UnusedBits = 0".into());
    hex_dump(&x.public_key, out);
    out.push(format!("Certificate Extensions: {}", x.extensions.len()));
    for ext in &x.extensions {
        extension(ext, out);
    }
    out.push("Signature Algorithm:".into());
    algorithm(&x.signature_algorithm, "sha256RSA", out);
    out.push("Signature: UnusedBits=0".into());
    hex_dump(&x.signature, out);
    if x.self_issued() {
        out.push("Signature matches Public Key".into());
        out.push("Root Certificate: Subject matches Issuer".into());
    } else {
        out.push("Non-root Certificate".into());
    }
    let spki_sha256 = sha256(&x.spki);
    out.push(format!(
        "Key Id Hash(rfc-sha1): {}",
        hex(&Sha1::digest(&x.public_key))
    ));
    out.push(format!(
        "Key Id Hash(sha1): {}",
        hex(&Sha1::digest(&x.spki))
    ));
    out.push(format!("Key Id Hash(md5): {}", hex(&md5(&x.spki))));
    out.push(format!("Key Id Hash(sha256): {}", hex(&spki_sha256)));
    out.push(format!(
        "Key Id Hash(pin-sha256): {}",
        STANDARD.encode(&spki_sha256)
    ));
    out.push(format!(
        "Key Id Hash(pin-sha256-hex): {}",
        hex(&spki_sha256)
    ));
    out.push(format!("Cert Hash(md5): {}", hex(&md5(&x.der))));
    out.push(format!("Cert Hash(sha1): {}", hex(&Sha1::digest(&x.der))));
    out.push(format!("Cert Hash(sha256): {}", hex(&sha256(&x.der))));
    out.push(format!("Signature Hash: {}", hex(&sha256(&x.tbs))));
    out.push(String::new());
    let thumb = sc.cert.thumbprint.to_lowercase();
    if let Some(provider) = sc.key {
        let container = guid(&format!("container {thumb}"));
        let unique = format!("{}_{MACHINE_GUID}", &hex(&md5(container.as_bytes())));
        let (provider_type, key_spec) = match provider {
            KeyProvider::StrongExchange => ("1", "1 -- AT_KEYEXCHANGE"),
            KeyProvider::StrongSignature => ("1", "2 -- AT_SIGNATURE"),
            KeyProvider::Schannel => ("12", "1 -- AT_KEYEXCHANGE"),
            KeyProvider::Software => ("0", "0"),
        };
        out.push("  CERT_KEY_PROV_INFO_PROP_ID(2):".into());
        out.push(format!("    Key Container = {container}"));
        out.push(format!("    Unique container name: {unique}"));
        out.push(format!("    Provider = {}", provider.name()));
        out.push(format!("    ProviderType = {provider_type}"));
        out.push("    Flags = 20 (32)".into());
        out.push("      CRYPT_MACHINE_KEYSET -- 20 (32)".into());
        out.push(format!("    KeySpec = {key_spec}"));
        out.push(String::new());
    }
    out.push("  CERT_SHA1_HASH_PROP_ID(3):".into());
    out.push(format!("    {thumb}"));
    out.push(String::new());
    if let Some(ski) = x.extension("2.5.29.14") {
        out.push("  CERT_KEY_IDENTIFIER_PROP_ID(20):".into());
        out.push(format!("    {}", hex(read(&ski.value).0.content)));
        out.push(String::new());
    }
    out.push("  CERT_SIGNATURE_HASH_PROP_ID(15) disallowedHash:".into());
    out.push(format!("    {}", hex(&sha256(&x.tbs))));
    out.push(String::new());
    if let Some(provider) = sc.key {
        let container = guid(&format!("container {thumb}"));
        out.push(format!("  Key Container = {container}"));
        out.push(format!(
            "  Unique container name: {}_{MACHINE_GUID}",
            hex(&md5(container.as_bytes()))
        ));
        out.push(format!("  Provider = {}", provider.name()));
        out.push("Private key is NOT exportable".into());
        out.push(
            if provider == KeyProvider::StrongSignature {
                "Signature test passed"
            } else {
                "Encryption test passed"
            }
            .into(),
        );
    } else {
        out.push("No key provider information".into());
        out.push("Cannot find the certificate and private key for decryption.".into());
    }
    out.push(String::new());
}

/// `certutil -v -store my` output lines.
pub fn certutil_store_my(certs: &[StoreCert]) -> Vec<String> {
    let mut out = vec!["my \"Personal\"".to_owned()];
    for (i, sc) in certs.iter().enumerate() {
        dump(i, sc, &mut out);
    }
    // The last entry's blank line is the separator certutil prints before its summary.
    out.push("CertUtil: -store command completed successfully.".into());
    out
}
