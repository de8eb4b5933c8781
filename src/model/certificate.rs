//! X.509 certificates found anywhere in a bundle.

use chrono::{DateTime, Utc};

use super::Spanned;

/// One certificate, every field pointing at where it was read (a decoded view for DER).
#[derive(Debug, Clone, PartialEq)]
pub struct Certificate {
    /// Bundle path of the file the certificate was read from.
    pub file: String,
    /// Subject distinguished name, most significant RDN first as Windows shows it
    /// (`CN=ndes.contoso.com, O=Contoso`).
    pub subject: Spanned<String>,
    /// The subject's common name, if it has one.
    pub subject_cn: Option<Spanned<String>>,
    /// Issuer distinguished name.
    pub issuer: Spanned<String>,
    /// Serial number, upper-case hex.
    pub serial: Spanned<String>,
    /// SHA-1 of the DER encoding, upper-case hex without separators (as Windows shows it).
    pub thumbprint: Spanned<String>,
    /// Start of validity.
    pub not_before: Spanned<DateTime<Utc>>,
    /// End of validity.
    pub not_after: Spanned<DateTime<Utc>>,
    /// DNS names of the subject alternative name extension.
    pub san_dns: Vec<Spanned<String>>,
    /// IP addresses of the subject alternative name extension.
    pub san_ip: Vec<Spanned<String>>,
    /// Extended key usage OIDs (dotted); the span covers the extension's listing.
    pub eku: Vec<Spanned<String>>,
    /// CRL distribution point URLs (2.5.29.31 `fullName` URIs), in certificate order.
    pub crl_urls: Vec<Spanned<String>>,
    /// CA issuers URLs of the authority information access extension (1.3.6.1.5.5.7.1.1).
    pub aia_urls: Vec<Spanned<String>>,
    /// OCSP responder URLs of the authority information access extension.
    pub ocsp_urls: Vec<Spanned<String>>,
    /// Key usage names (`digital_signature`, `key_encipherment`, ...).
    pub key_usage: Vec<Spanned<String>>,
    /// Public key algorithm (`RSA`, `EC`, or the OID).
    pub key_algorithm: Spanned<String>,
    /// Public key size in bits, when known.
    pub key_bits: Option<Spanned<i64>>,
    /// Signature algorithm (`sha256WithRSAEncryption`, or the OID).
    pub signature_algorithm: Spanned<String>,
    /// Certificate template: the V1 name (1.3.6.1.4.1.311.20.2) or the V2 OID (…21.7).
    pub template: Option<Spanned<String>>,
    /// Basic constraints say this is a CA.
    pub is_ca: Spanned<bool>,
    /// Subject equals issuer and the signature verifies with the certificate's own key.
    pub self_signed: bool,
    /// The store it came from (`LocalMachine\My`), when the bundle says.
    pub store: Option<Spanned<String>>,
    /// Whether its private key is present: `None` when the bundle cannot tell.
    pub has_private_key: Option<Spanned<bool>>,
    /// The key's provider (`Microsoft Software Key Storage Provider`, a CSP name), when known.
    pub key_provider: Option<Spanned<String>>,
}
