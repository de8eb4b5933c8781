//! The sample PKI: a Contoso root, an issuing CA, the NDES RA certificates and the
//! connector's client-authentication certificate, shaped like what AD CS issues.

use rcgen::{
    BasicConstraints, CertificateParams, CrlDistributionPoint, CustomExtension, DistinguishedName,
    DnType, DnValue, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyIdMethod, KeyPair, KeyUsagePurpose,
    PKCS_RSA_SHA256, SanType, SerialNumber,
};
use rsa::pkcs8::DecodePrivateKey;
use rustls_pki_types::PrivatePkcs8KeyDer;
use sha1::{Digest, Sha1};
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time};

use crate::{Result, der, keys};

/// Certificate Request Agent EKU, carried by both MSCEP RA certificates.
const EKU_CERT_REQUEST_AGENT: &[u64] = &[1, 3, 6, 1, 4, 1, 311, 20, 2, 1];
const EKU_SERVER_AUTH: &[u64] = &[1, 3, 6, 1, 5, 5, 7, 3, 1];
const EKU_CLIENT_AUTH: &[u64] = &[1, 3, 6, 1, 5, 5, 7, 3, 2];
/// szOID_ENROLL_CERTTYPE_EXTENSION: V1 template name as a BMPString.
const OID_V1_TEMPLATE_NAME: &[u64] = &[1, 3, 6, 1, 4, 1, 311, 20, 2];
/// szOID_CERTIFICATE_TEMPLATE: V2 template OID + major/minor version.
const OID_V2_TEMPLATE: &[u64] = &[1, 3, 6, 1, 4, 1, 311, 21, 7];
/// The (invented) OID of the "IntuneNDES" V2 template in the Contoso forest.
const INTUNE_NDES_TEMPLATE: &[u64] = &[
    1, 3, 6, 1, 4, 1, 311, 21, 8, 1234567, 7654321, 1, 2, 3, 4, 5, 100,
];
/// szOID_APPLICATION_CERT_POLICIES: AD CS mirrors the EKUs here for V2 templates.
const OID_APPLICATION_POLICIES: &[u64] = &[1, 3, 6, 1, 4, 1, 311, 21, 10];
/// szOID_CERTSRV_CA_VERSION, present on every AD CS CA certificate.
const OID_CA_VERSION: &[u64] = &[1, 3, 6, 1, 4, 1, 311, 21, 1];
const OID_SUBJECT_KEY_ID: &[u64] = &[2, 5, 29, 14];
const OID_AUTHORITY_INFO_ACCESS: &[u64] = &[1, 3, 6, 1, 5, 5, 7, 1, 1];
const OID_CA_ISSUERS: &[u64] = &[1, 3, 6, 1, 5, 5, 7, 48, 2];

/// Where the root CA publishes its CRL (named by the issuing CA's certificate).
pub const ROOT_CRL: &str = "http://pki.contoso.com/CertEnroll/Contoso%20Root%20CA.crl";
const ROOT_AIA: &str = "http://pki.contoso.com/CertEnroll/ROOTCA_Contoso%20Root%20CA.crt";
/// Where the issuing CA publishes its CRL (named by every certificate it issues).
pub const ISSUING_CRL: &str = "http://pki.contoso.com/CertEnroll/Contoso%20Issuing%20CA%2001.crl";
const ISSUING_AIA: &str =
    "http://pki.contoso.com/CertEnroll/CA01.corp.contoso.com_Contoso%20Issuing%20CA%2001.crt";

/// A finished certificate.
#[derive(Debug, Clone)]
pub struct Cert {
    /// The DER encoding, exactly as `Export-Certificate` writes it.
    pub der: Vec<u8>,
    /// SHA-1 of the DER, upper-case hex: what Windows calls the thumbprint.
    pub thumbprint: String,
}

impl Cert {
    fn from_der(der: Vec<u8>) -> Self {
        let thumbprint = upper_hex(&Sha1::digest(&der));
        Self { der, thumbprint }
    }
}

/// What varies between the client-authentication certificates of the scenarios.
#[derive(Debug, Clone)]
pub struct ClientAuthSpec {
    /// Name of the key under `tools/samplegen/keys/`.
    pub key: &'static str,
    /// AD CS request ID, which also shapes the serial number.
    pub request_id: u8,
    /// `NotBefore`.
    pub not_before: OffsetDateTime,
    /// `NotAfter`.
    pub not_after: OffsetDateTime,
    /// The dNSName entries of the SAN, in order.
    pub dns_names: Vec<&'static str>,
}

/// The certificate template a leaf was issued from, as AD CS records it.
#[derive(Debug, Clone, Copy)]
pub enum Template {
    /// A V1 template, recorded by name (`WebServer`).
    V1(&'static str),
    /// A V2+ template, recorded by OID and version (`Workstation Authentication`).
    V2(&'static [u64]),
}

/// A leaf certificate issued by the Contoso issuing CA, or made by `New-SelfSignedCertificate`.
#[derive(Debug, Clone)]
pub struct LeafSpec {
    /// Name of the key under `tools/samplegen/keys/`.
    pub key: &'static str,
    /// AD CS request ID, which also shapes the serial number.
    pub request_id: u8,
    /// The subject's CN.
    pub common_name: &'static str,
    /// The dNSName entries of the SAN, in order.
    pub dns_names: Vec<&'static str>,
    /// `NotBefore`.
    pub not_before: OffsetDateTime,
    /// `NotAfter`.
    pub not_after: OffsetDateTime,
    /// Carries Server Authentication (1.3.6.1.5.5.7.3.1).
    pub server_auth: bool,
    /// Carries Client Authentication (1.3.6.1.5.5.7.3.2).
    pub client_auth: bool,
    /// Where it came from.
    pub template: Template,
}

/// The OID of the "Workstation Authentication" V2 template in the Contoso forest (invented).
pub const WORKSTATION_TEMPLATE: &[u64] = &[
    1, 3, 6, 1, 4, 1, 311, 21, 8, 1234567, 7654321, 1, 2, 3, 4, 5, 101,
];

/// The Contoso CA hierarchy plus the certificates every scenario shares.
pub struct Pki {
    /// `CN=Contoso Root CA, O=Contoso, C=US`.
    pub root: Cert,
    /// `CN=Contoso Issuing CA 01, O=Contoso, C=US`.
    pub issuing: Cert,
    /// NDES RA certificate from the "Exchange Enrollment Agent (Offline request)" template.
    pub ra_enrollment_agent: Cert,
    /// NDES RA certificate from the "CEP Encryption" template.
    pub ra_cep_encryption: Cert,
    issuing_ca: Issuer<'static, KeyPair>,
}

impl Pki {
    /// Builds the hierarchy and the RA certificates.
    pub fn new() -> Result<Self> {
        let root_key = load_key("root-ca")?;
        let mut root = CertificateParams::default();
        root.distinguished_name = dn("Contoso Root CA");
        root.serial_number = Some(SerialNumber::from_slice(&root_serial("Contoso Root CA")));
        root.not_before = utc(2024, 1, 1, 0);
        root.not_after = utc(2044, 1, 1, 0);
        root.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        root.key_usages = ca_key_usages();
        root.key_identifier_method = KeyIdMethod::PreSpecified(key_id(&root_key));
        root.custom_extensions = vec![ca_version()];
        let root_cert = Cert::from_der(root.self_signed(&root_key)?.der().to_vec());
        let root_ca = Issuer::new(root, root_key);

        let issuing_key = load_key("issuing-ca")?;
        let mut issuing = CertificateParams::default();
        issuing.distinguished_name = dn("Contoso Issuing CA 01");
        issuing.serial_number = Some(SerialNumber::from_slice(&adcs_serial(
            0x61,
            0x02,
            "Contoso Issuing CA 01",
        )));
        issuing.not_before = utc(2024, 1, 1, 0);
        issuing.not_after = utc(2034, 1, 1, 0);
        issuing.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        issuing.key_usages = ca_key_usages();
        issuing.key_identifier_method = KeyIdMethod::PreSpecified(key_id(&issuing_key));
        issuing.use_authority_key_identifier_extension = true;
        issuing.crl_distribution_points = vec![CrlDistributionPoint {
            uris: vec![ROOT_CRL.to_owned()],
        }];
        issuing.custom_extensions = vec![ca_version(), authority_info_access(ROOT_AIA)];
        let issuing_cert =
            Cert::from_der(issuing.signed_by(&issuing_key, &root_ca)?.der().to_vec());
        let issuing_ca = Issuer::new(issuing, issuing_key);

        let ra_enrollment_agent = ra_certificate(
            &issuing_ca,
            "ndes-ra-enrollment-agent",
            0x0b,
            "EnrollmentAgentOffline",
            KeyUsagePurpose::DigitalSignature,
        )?;
        let ra_cep_encryption = ra_certificate(
            &issuing_ca,
            "ndes-ra-cep-encryption",
            0x0c,
            "CEPEncryption",
            KeyUsagePurpose::KeyEncipherment,
        )?;

        Ok(Self {
            root: root_cert,
            issuing: issuing_cert,
            ra_enrollment_agent,
            ra_cep_encryption,
            issuing_ca,
        })
    }

    /// Issues an NDES client-authentication certificate from the "IntuneNDES" V2 template.
    pub fn client_auth(&self, spec: &ClientAuthSpec) -> Result<Cert> {
        let key = load_key(spec.key)?;
        let mut params = base_params(
            dn("ndes.contoso.com"),
            spec.not_before,
            spec.not_after,
            &spec.dns_names,
        )?;
        issued_by_contoso(&mut params, spec.key, spec.request_id);
        params.extended_key_usages = vec![
            ExtendedKeyUsagePurpose::ServerAuth,
            ExtendedKeyUsagePurpose::ClientAuth,
        ];
        params.custom_extensions = vec![
            subject_key_id(&key),
            v2_template(INTUNE_NDES_TEMPLATE, 100, 4),
            application_policies(&[EKU_SERVER_AUTH, EKU_CLIENT_AUTH]),
            authority_info_access(ISSUING_AIA),
        ];
        Ok(Cert::from_der(
            params.signed_by(&key, &self.issuing_ca)?.der().to_vec(),
        ))
    }

    /// Issues a leaf shaped by `spec` (`CN=<name>, O=Contoso, C=US`).
    pub fn leaf(&self, spec: &LeafSpec) -> Result<Cert> {
        let key = load_key(spec.key)?;
        let mut params = leaf_params(spec, dn(spec.common_name))?;
        issued_by_contoso(&mut params, spec.key, spec.request_id);
        let ekus = leaf_ekus(spec);
        params.custom_extensions = vec![subject_key_id(&key)];
        params.custom_extensions.push(match spec.template {
            Template::V1(name) => {
                CustomExtension::from_oid_content(OID_V1_TEMPLATE_NAME, der::bmp_string(name))
            }
            Template::V2(oid) => v2_template(oid, 100, 2),
        });
        if matches!(spec.template, Template::V2(_)) {
            params.custom_extensions.push(application_policies(&ekus));
        }
        params
            .custom_extensions
            .push(authority_info_access(ISSUING_AIA));
        Ok(Cert::from_der(
            params.signed_by(&key, &self.issuing_ca)?.der().to_vec(),
        ))
    }

    /// Issues an MSCEP RA certificate from `template` with its own key and validity (a
    /// renewal, or one left to expire).
    pub fn ra(
        &self,
        key_name: &str,
        request_id: u8,
        template: &str,
        validity: (OffsetDateTime, OffsetDateTime),
    ) -> Result<Cert> {
        let usage = if template == "CEPEncryption" {
            KeyUsagePurpose::KeyEncipherment
        } else {
            KeyUsagePurpose::DigitalSignature
        };
        ra_certificate_valid(
            &self.issuing_ca,
            key_name,
            request_id,
            template,
            usage,
            validity,
        )
    }
}

/// What `New-SelfSignedCertificate -DnsName <names> -CertStoreLocation Cert:\LocalMachine\My`
/// makes: `CN=<first name>`, issuer = subject, no template (`spec.template` is ignored).
pub fn self_signed_leaf(spec: &LeafSpec) -> Result<Cert> {
    let key = load_key(spec.key)?;
    let mut name = DistinguishedName::new();
    name.push(DnType::CommonName, spec.common_name);
    let mut params = leaf_params(spec, name)?;
    params.serial_number = Some(SerialNumber::from_slice(&root_serial(spec.key)));
    params.custom_extensions = vec![subject_key_id(&key)];
    Ok(Cert::from_der(params.self_signed(&key)?.der().to_vec()))
}

/// `cert` re-signed by the key `signer_key` with sha1WithRSAEncryption, as a CA set to
/// `CNGHashAlgorithm = SHA1` signs. The OIDs have the same length and an RSA-2048 signature
/// stays 256 bytes, so every DER length is unchanged.
pub fn resigned_with_sha1(cert: &Cert, signer_key: &str) -> Result<Cert> {
    const SHA256_RSA: &[u8] = &[
        0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b,
    ];
    const SHA1_RSA: &[u8] = &[
        0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x05,
    ];
    // DigestInfo prefix for SHA-1 (RFC 8017, section 9.2, note 1).
    const SHA1_DIGEST_INFO: &[u8] = &[
        0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14,
    ];
    let der = &cert.der;
    let (outer_header, _) = der::header(der, 0)?;
    let (tbs_header, tbs_len) = der::header(der, outer_header)?;
    let tbs_end = outer_header + tbs_header + tbs_len;
    let (alg_header, alg_len) = der::header(der, tbs_end)?;
    let alg_end = tbs_end + alg_header + alg_len;
    let swap = |bytes: &[u8]| -> Result<Vec<u8>> {
        let at = bytes
            .windows(SHA256_RSA.len())
            .position(|w| w == SHA256_RSA)
            .ok_or("no sha256WithRSAEncryption to replace")?;
        let mut out = bytes.to_vec();
        out[at..at + SHA1_RSA.len()].copy_from_slice(SHA1_RSA);
        Ok(out)
    };
    let tbs = swap(&der[outer_header..tbs_end])?;
    let alg = swap(&der[tbs_end..alg_end])?;
    let signer = rsa::RsaPrivateKey::from_pkcs8_der(&keys::pkcs8_der(signer_key)?)?;
    let mut digest_info = SHA1_DIGEST_INFO.to_vec();
    digest_info.extend_from_slice(&Sha1::digest(&tbs));
    let signature = signer.sign(rsa::Pkcs1v15Sign::new_unprefixed(), &digest_info)?;
    let (bits_header, _) = der::header(der, alg_end)?;
    let mut out = der[..outer_header].to_vec();
    out.extend_from_slice(&tbs);
    out.extend_from_slice(&alg);
    // BIT STRING header plus its "no unused bits" byte.
    out.extend_from_slice(&der[alg_end..alg_end + bits_header + 1]);
    out.extend_from_slice(&signature);
    if out.len() != der.len() {
        return Err("re-signing changed the certificate's length".into());
    }
    Ok(Cert::from_der(out))
}

/// Name, validity, SAN and key usage of an end-entity certificate.
fn base_params(
    name: DistinguishedName,
    not_before: OffsetDateTime,
    not_after: OffsetDateTime,
    dns_names: &[&str],
) -> Result<CertificateParams> {
    let mut params = CertificateParams::default();
    params.distinguished_name = name;
    params.not_before = not_before;
    params.not_after = not_after;
    params.subject_alt_names = dns_names
        .iter()
        .map(|name| Ok(SanType::DnsName((*name).try_into()?)))
        .collect::<Result<_>>()?;
    params.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
    ];
    Ok(params)
}

/// What the Contoso issuing CA adds to everything it issues: an AD CS serial number, the
/// authority key identifier and its CRL distribution point.
fn issued_by_contoso(params: &mut CertificateParams, key_name: &str, request_id: u8) {
    params.serial_number = Some(SerialNumber::from_slice(&adcs_serial(
        0x1a, request_id, key_name,
    )));
    params.use_authority_key_identifier_extension = true;
    params.crl_distribution_points = vec![CrlDistributionPoint {
        uris: vec![ISSUING_CRL.to_owned()],
    }];
}

/// Validity, names, key usage and EKUs every leaf shares.
fn leaf_params(spec: &LeafSpec, name: DistinguishedName) -> Result<CertificateParams> {
    let mut params = base_params(name, spec.not_before, spec.not_after, &spec.dns_names)?;
    params.extended_key_usages = leaf_ekus(spec)
        .iter()
        .map(|oid| match *oid {
            EKU_SERVER_AUTH => ExtendedKeyUsagePurpose::ServerAuth,
            EKU_CLIENT_AUTH => ExtendedKeyUsagePurpose::ClientAuth,
            other => ExtendedKeyUsagePurpose::Other(other.to_vec()),
        })
        .collect();
    Ok(params)
}

fn leaf_ekus(spec: &LeafSpec) -> Vec<&'static [u64]> {
    let mut ekus = Vec::new();
    if spec.server_auth {
        ekus.push(EKU_SERVER_AUTH);
    }
    if spec.client_auth {
        ekus.push(EKU_CLIENT_AUTH);
    }
    ekus
}

/// The (invented) OID of the "ContosoWebServer" V2 template, a copy of Web Server.
const CONTOSO_WEB_SERVER_TEMPLATE: &[u64] = &[
    1, 3, 6, 1, 4, 1, 311, 21, 8, 1234567, 7654321, 1, 2, 3, 4, 5, 101,
];

/// What varies between the IIS server-authentication certificates of the sample servers.
#[derive(Debug, Clone)]
pub struct ServerAuthSpec {
    /// Name of the key under `tools/samplegen/keys/`.
    pub key: &'static str,
    /// AD CS request ID, which also shapes the serial number.
    pub request_id: u8,
    /// `NotBefore`.
    pub not_before: OffsetDateTime,
    /// `NotAfter`.
    pub not_after: OffsetDateTime,
    /// The subject CN.
    pub common_name: &'static str,
    /// The dNSName entries of the SAN, in order.
    pub dns_names: Vec<&'static str>,
}

impl Pki {
    /// Issues an IIS TLS certificate (Server Authentication only) from "ContosoWebServer".
    pub fn server_auth(&self, spec: &ServerAuthSpec) -> Result<Cert> {
        let key = load_key(spec.key)?;
        let mut params = base_params(
            dn(spec.common_name),
            spec.not_before,
            spec.not_after,
            &spec.dns_names,
        )?;
        issued_by_contoso(&mut params, spec.key, spec.request_id);
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        params.custom_extensions = vec![
            subject_key_id(&key),
            v2_template(CONTOSO_WEB_SERVER_TEMPLATE, 100, 3),
            application_policies(&[EKU_SERVER_AUTH]),
            authority_info_access(ISSUING_AIA),
        ];
        Ok(Cert::from_der(
            params.signed_by(&key, &self.issuing_ca)?.der().to_vec(),
        ))
    }
}

/// The certificate the current connector enrolls from Microsoft's "Microsoft Intune
/// ImportPFX Connector CA" when it registers: `CN=<connector id>`, Client Authentication.
/// Microsoft's CA is stood in for by a local key; its certificate is in no store.
pub fn intune_connector_identity(
    connector_id: &str,
    key_name: &'static str,
    not_before: OffsetDateTime,
    not_after: OffsetDateTime,
) -> Result<Cert> {
    let ca_key = load_key("intune-importpfx-ca")?;
    let mut ca = CertificateParams::default();
    ca.distinguished_name = cn_only("Microsoft Intune ImportPFX Connector CA");
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.key_usages = ca_key_usages();
    ca.key_identifier_method = KeyIdMethod::PreSpecified(key_id(&ca_key));
    let issuer = Issuer::new(ca, ca_key);

    let key = load_key(key_name)?;
    let mut params = CertificateParams::default();
    params.distinguished_name = cn_only(connector_id);
    params.serial_number = Some(SerialNumber::from_slice(&root_serial(connector_id)));
    params.not_before = not_before;
    params.not_after = not_after;
    params.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
    ];
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
    params.use_authority_key_identifier_extension = true;
    params.custom_extensions = vec![subject_key_id(&key)];
    Ok(Cert::from_der(
        params.signed_by(&key, &issuer)?.der().to_vec(),
    ))
}

/// A name with a CN alone.
fn cn_only(common_name: &str) -> DistinguishedName {
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, common_name);
    dn
}

/// Issues one of the two MSCEP RA certificates (V1 templates, so only the template name).
fn ra_certificate(
    issuing_ca: &Issuer<'_, KeyPair>,
    key_name: &str,
    request_id: u8,
    template: &str,
    usage: KeyUsagePurpose,
) -> Result<Cert> {
    let validity = (utc(2025, 6, 1, 10), utc(2027, 6, 1, 10));
    ra_certificate_valid(issuing_ca, key_name, request_id, template, usage, validity)
}

fn ra_certificate_valid(
    issuing_ca: &Issuer<'_, KeyPair>,
    key_name: &str,
    request_id: u8,
    template: &str,
    usage: KeyUsagePurpose,
    (not_before, not_after): (OffsetDateTime, OffsetDateTime),
) -> Result<Cert> {
    let key = load_key(key_name)?;
    let mut params = CertificateParams::default();
    params.distinguished_name = dn("NDES01-MSCEP-RA");
    issued_by_contoso(&mut params, key_name, request_id);
    params.not_before = not_before;
    params.not_after = not_after;
    params.key_usages = vec![usage];
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::Other(
        EKU_CERT_REQUEST_AGENT.to_vec(),
    )];
    params.custom_extensions = vec![
        CustomExtension::from_oid_content(OID_V1_TEMPLATE_NAME, der::bmp_string(template)),
        subject_key_id(&key),
        authority_info_access(ISSUING_AIA),
    ];
    Ok(Cert::from_der(
        params.signed_by(&key, issuing_ca)?.der().to_vec(),
    ))
}

/// Loads a cached/seeded RSA key into rcgen; ring signs PKCS#1 v1.5, which is deterministic.
fn load_key(name: &str) -> Result<KeyPair> {
    let pkcs8 = keys::pkcs8_der(name)?;
    Ok(KeyPair::from_pkcs8_der_and_sign_algo(
        &PrivatePkcs8KeyDer::from(pkcs8.as_slice()),
        &PKCS_RSA_SHA256,
    )?)
}

/// `CN=<cn>, O=Contoso, C=US` as Windows displays it; the DER order is C, O, CN.
fn dn(common_name: &str) -> DistinguishedName {
    let mut dn = DistinguishedName::new();
    dn.push(
        DnType::CountryName,
        DnValue::PrintableString("US".try_into().expect("printable")),
    );
    dn.push(DnType::OrganizationName, "Contoso");
    dn.push(DnType::CommonName, common_name);
    dn
}

fn ca_key_usages() -> Vec<KeyUsagePurpose> {
    vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
    ]
}

/// RFC 5280 method 1 key identifier (SHA-1 of the subjectPublicKey), which AD CS uses.
fn key_id(key: &KeyPair) -> Vec<u8> {
    Sha1::digest(key.public_key_raw()).to_vec()
}

/// rcgen writes the SKI only for CA certificates; AD CS puts it on every certificate.
fn subject_key_id(key: &KeyPair) -> CustomExtension {
    CustomExtension::from_oid_content(OID_SUBJECT_KEY_ID, der::octet_string(&key_id(key)))
}

fn ca_version() -> CustomExtension {
    CustomExtension::from_oid_content(OID_CA_VERSION, der::uint(0))
}

fn v2_template(template: &[u64], major: u64, minor: u64) -> CustomExtension {
    let value = der::sequence(&[der::oid(template), der::uint(major), der::uint(minor)]);
    CustomExtension::from_oid_content(OID_V2_TEMPLATE, value)
}

fn application_policies(policies: &[&[u64]]) -> CustomExtension {
    let items: Vec<Vec<u8>> = policies
        .iter()
        .map(|policy| der::sequence(&[der::oid(policy)]))
        .collect();
    CustomExtension::from_oid_content(OID_APPLICATION_POLICIES, der::sequence(&items))
}

fn authority_info_access(ca_issuers_uri: &str) -> CustomExtension {
    let access = der::sequence(&[
        der::oid(OID_CA_ISSUERS),
        der::context_uri(6, ca_issuers_uri),
    ]);
    CustomExtension::from_oid_content(OID_AUTHORITY_INFO_ACCESS, der::sequence(&[access]))
}

/// A 19-byte serial in the shape AD CS gives them (`1a000000 12 <8 bytes> 0000000000 12`).
fn adcs_serial(prefix: u8, request_id: u8, label: &str) -> Vec<u8> {
    let digest = Sha1::digest(format!("serial: {label}").as_bytes());
    let mut serial = vec![prefix, 0, 0, 0, request_id];
    serial.extend_from_slice(&digest[..8]);
    serial.extend_from_slice(&[0, 0, 0, 0, 0, request_id]);
    serial
}

/// A 16-byte serial like the random one a self-signed AD CS root gets; top bit clear.
fn root_serial(label: &str) -> Vec<u8> {
    let digest = Sha1::digest(format!("serial: {label}").as_bytes());
    let mut serial = digest[..16].to_vec();
    serial[0] &= 0x7f;
    serial
}

/// A UTC instant on the hour.
pub fn utc(year: i32, month: u8, day: u8, hour: u8) -> OffsetDateTime {
    let month = Month::try_from(month).expect("valid month");
    let date = Date::from_calendar_date(year, month, day).expect("valid date");
    let time = Time::from_hms(hour, 0, 0).expect("valid time");
    PrimitiveDateTime::new(date, time).assume_utc()
}

/// Upper-case hex without separators, as Windows prints thumbprints.
pub fn upper_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adcs_serials_are_positive_and_19_bytes() {
        let serial = adcs_serial(0x1a, 0x2c, "x");
        assert_eq!(serial.len(), 19);
        assert!(serial[0] < 0x80);
        assert_eq!(serial[18], 0x2c);
    }

    #[test]
    fn sha1_resigning_swaps_both_algorithm_identifiers_and_keeps_the_length() {
        let pki = Pki::new().unwrap();
        let resigned = resigned_with_sha1(&pki.issuing, "root-ca").unwrap();
        let sha1_rsa = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x05];
        let count = resigned
            .der
            .windows(sha1_rsa.len())
            .filter(|w| *w == sha1_rsa)
            .count();
        assert_eq!(count, 2);
        assert_eq!(resigned.der.len(), pki.issuing.der.len());
        assert_ne!(resigned.thumbprint, pki.issuing.thumbprint);
    }

    #[test]
    fn thumbprints_are_upper_hex() {
        assert_eq!(upper_hex(&[0x0a, 0xbc]), "0ABC");
    }
}
