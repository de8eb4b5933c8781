//! Mini-bundles of the certificate, MSCEP and connector rules: a well-kept server with the
//! legacy NDES Connector, a well-kept server with the current Certificate Connector for
//! Microsoft Intune, and one variant of either per fault.
//!
//! Each bundle is what `collect-bundle.ps1` writes under Windows PowerShell 5.1 on Server
//! 2019, restricted to the files these rules read: the MSCEP, MicrosoftIntune and Uninstall
//! registry exports, `netsh http show sslcert`, `Get-WindowsFeature`, `Get-Service`, the
//! certificates of LocalMachine\My, \CA and \Root, and for the CRL cases `probes.json`.

use std::path::Path;

use sha1::{Digest, Sha1};

use crate::Result;
use crate::bundle::{Bundle, ManifestHeader};
use crate::fixtures::registry::{
    IIS_CERT_HASH, Release, crl_probe, http_probe, probes_document, sslcert_block, sslcert_output,
    tcp_probe,
};
use crate::fixtures::system::{FeatureRow, feature_full};
use crate::json::{self, Json};
use crate::pki::{
    self, Cert, ClientAuthSpec, ISSUING_CRL, LeafSpec, Pki, ROOT_CRL, Template,
    WORKSTATION_TEMPLATE, upper_hex, utc,
};
use crate::reg::{self, RegData, RegKey};
use crate::winfmt::{CRLF, utf16le_bom};

const FQDN: &str = "ndes01.corp.contoso.com";
const EXTERNAL_FQDN: &str = "ndes.contoso.com";
const UNINSTALL: &str = r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall";
const DEFAULT_TEMPLATE: &str = "IPSECIntermediateOffline";

/// The certificates the bundles choose from.
struct Certs {
    pki: Pki,
    /// The legacy connector's client-authentication certificate (also the one the unified
    /// connector's EncryptionCertThumbprint names): server + client authentication.
    client_auth: Cert,
    /// The IIS certificate from the WebServer template: server authentication only.
    web: Cert,
    /// The unified connector's identity from Microsoft Intune ImportPFX Connector CA, issued
    /// when it was registered.
    identity: Cert,
}

/// Which Intune connector the server runs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Connector {
    Legacy,
    Unified,
    None,
}

/// One server's state, as far as these rules look.
#[derive(Clone)]
struct Server {
    connector: Connector,
    /// General purpose, signature and encryption templates; `None`: no MSCEP key at all.
    templates: Option<[String; 3]>,
    /// `Modules\NDESPolicy\NDESCertThumbprint`.
    ndes_policy: Option<String>,
    /// Values of the MicrosoftIntune key's connector subkey.
    intune_values: Vec<(&'static str, RegData)>,
    my: Vec<Cert>,
    ca: Vec<Cert>,
    root: Vec<Cert>,
    /// The certificate hash bound to 0.0.0.0:443.
    iis_cert: String,
    /// The connector's installed product (its version and install date).
    product: Product,
    /// The entries of `probes.json`; none: the bundle has no such file.
    probes: Vec<Json>,
}

/// Writes this area's mini-bundles.
pub fn write(root: &Path) -> Result<()> {
    let certs = certs()?;
    for (name, server) in cases(&certs)? {
        bundle(&server).write(&root.join(name))?;
    }
    Ok(())
}

fn certs() -> Result<Certs> {
    let pki = Pki::new()?;
    // The same certificate as samples/healthy's (same key, serial and dates).
    let client_auth = pki.client_auth(&ClientAuthSpec {
        key: "ndes-client-auth",
        request_id: 0x2c,
        not_before: utc(2026, 3, 2, 12),
        not_after: utc(2027, 3, 2, 12),
        dns_names: vec![EXTERNAL_FQDN, FQDN],
    })?;
    let web = pki.leaf(&web_spec(0x31, vec![EXTERNAL_FQDN, FQDN]))?;
    let identity = identity(utc(2026, 3, 3, 9), utc(2027, 3, 3, 9))?;
    Ok(Certs {
        pki,
        client_auth,
        web,
        identity,
    })
}

/// The unified connector's certificate from Microsoft Intune ImportPFX Connector CA.
fn identity(not_before: time::OffsetDateTime, not_after: time::OffsetDateTime) -> Result<Cert> {
    pki::intune_connector_identity(
        "2d7e4f19-6a3b-4c85-b0e2-9f1a7c3d5e60",
        "intune-connector-2016",
        not_before,
        not_after,
    )
}

/// The IIS certificate's shape with another serial and SAN list.
fn web_spec(request_id: u8, dns_names: Vec<&'static str>) -> LeafSpec {
    LeafSpec {
        key: "ndes-web-server",
        request_id,
        common_name: EXTERNAL_FQDN,
        dns_names,
        not_before: utc(2026, 2, 16, 15),
        not_after: utc(2028, 2, 16, 15),
        server_auth: true,
        client_auth: false,
        template: Template::V1("WebServer"),
    }
}

fn legacy(certs: &Certs) -> Server {
    let pki = &certs.pki;
    Server {
        connector: Connector::Legacy,
        templates: Some(same_template("IntuneNDES")),
        ndes_policy: Some(certs.client_auth.thumbprint.clone()),
        intune_values: vec![
            ("KeyRecoveryAgentCertificate", opaque("key recovery agent")),
            ("PfxSigningCertificate", opaque("pfx signing")),
            ("SigningCertificate", opaque("signing")),
        ],
        my: vec![
            certs.client_auth.clone(),
            certs.web.clone(),
            pki.ra_enrollment_agent.clone(),
            pki.ra_cep_encryption.clone(),
        ],
        ca: vec![pki.issuing.clone()],
        root: vec![pki.root.clone()],
        iis_cert: certs.web.thumbprint.clone(),
        product: LEGACY_CONNECTOR,
        probes: Vec::new(),
    }
}

fn unified(certs: &Certs) -> Server {
    Server {
        connector: Connector::Unified,
        templates: Some(same_template("IntuneSCEP")),
        ndes_policy: None,
        intune_values: vec![
            (
                "EncryptionCertThumbprint",
                RegData::Sz(certs.client_auth.thumbprint.clone()),
            ),
            ("EnableSidSecurityExtension", RegData::Dword(1)),
        ],
        my: [legacy(certs).my, vec![certs.identity.clone()]].concat(),
        product: UNIFIED_CONNECTOR,
        ..legacy(certs)
    }
}

fn same_template(name: &str) -> [String; 3] {
    [name.to_owned(), name.to_owned(), name.to_owned()]
}

/// The legacy connector's certificate values. Their format is not documented (a thumbprint
/// or a blob): the rules only check that they are there and not empty, so a thumbprint-like
/// string stands in.
fn opaque(label: &str) -> RegData {
    RegData::Sz(upper_hex(&Sha1::digest(
        format!("intune: {label}").as_bytes(),
    )))
}

/// Replaces the certificate in `list` that has `old`'s thumbprint by `new`.
fn swap(list: &[Cert], old: &Cert, new: &Cert) -> Vec<Cert> {
    list.iter()
        .map(|c| {
            if c.thumbprint == old.thumbprint {
                new.clone()
            } else {
                c.clone()
            }
        })
        .collect()
}

fn without(list: &[Cert], gone: &Cert) -> Vec<Cert> {
    list.iter()
        .filter(|c| c.thumbprint != gone.thumbprint)
        .cloned()
        .collect()
}

fn cases(certs: &Certs) -> Result<Vec<(&'static str, Server)>> {
    let pki = &certs.pki;
    let legacy = legacy(certs);
    let unified = unified(certs);

    let ra_cep_expired = pki.ra(
        "ndes-ra-cep-encryption",
        0x07,
        "CEPEncryption",
        (utc(2024, 6, 1, 10), utc(2026, 6, 1, 10)),
    )?;
    let ra_agent_expiring = pki.ra(
        "ndes-ra-enrollment-agent",
        0x06,
        "EnrollmentAgentOffline",
        (utc(2024, 12, 10, 10), utc(2026, 12, 10, 10)),
    )?;
    let client_expiring = pki.client_auth(&ClientAuthSpec {
        key: "ndes-client-auth",
        request_id: 0x21,
        not_before: utc(2025, 12, 5, 12),
        not_after: utc(2026, 12, 5, 12),
        dns_names: vec![EXTERNAL_FQDN, FQDN],
    })?;
    // What `New-SelfSignedCertificate -DnsName ndes.contoso.com,ndes01.corp.contoso.com` makes.
    let self_signed = pki::self_signed_leaf(&LeafSpec {
        key: "ndes-self-signed",
        request_id: 0,
        common_name: EXTERNAL_FQDN,
        dns_names: vec![EXTERNAL_FQDN, FQDN],
        not_before: utc(2026, 4, 14, 8),
        not_after: utc(2027, 4, 14, 8),
        server_auth: true,
        client_auth: true,
        // Unused: New-SelfSignedCertificate names no template.
        template: Template::V1(""),
    })?;
    // The computer's own auto-enrolled certificate: client authentication only.
    let workstation = pki.leaf(&LeafSpec {
        key: "ndes01-workstation",
        request_id: 0x12,
        common_name: FQDN,
        dns_names: vec![FQDN],
        not_before: utc(2026, 2, 16, 14),
        not_after: utc(2027, 2, 16, 14),
        server_auth: false,
        client_auth: true,
        template: Template::V2(WORKSTATION_TEMPLATE),
    })?;
    // From the V1 Computer template, which names the server by its AD name only.
    let machine = pki.leaf(&LeafSpec {
        key: "ndes01-machine",
        request_id: 0x0e,
        common_name: FQDN,
        dns_names: vec![FQDN],
        not_before: utc(2026, 1, 12, 9),
        not_after: utc(2027, 1, 12, 9),
        server_auth: true,
        client_auth: true,
        template: Template::V1("Machine"),
    })?;
    let web_expired = pki.leaf(&LeafSpec {
        not_before: utc(2024, 10, 1, 9),
        not_after: utc(2026, 10, 1, 9),
        ..web_spec(0x14, vec![EXTERNAL_FQDN, FQDN])
    })?;
    // A web certificate the customer deleted after binding it: only its hash survives.
    let web_deleted = pki.leaf(&web_spec(0x2a, vec![EXTERNAL_FQDN, FQDN]))?;
    let web_internal_only = pki.leaf(&web_spec(0x32, vec![FQDN]))?;
    let web_external_only = pki.leaf(&web_spec(0x33, vec![EXTERNAL_FQDN]))?;
    let issuing_sha1 = pki::resigned_with_sha1(&pki.issuing, "root-ca")?;
    // A client certificate the connector was configured with and that was deleted since.
    let encryption_deleted = pki.client_auth(&ClientAuthSpec {
        key: "ndes-client-auth-2025",
        request_id: 0x1f,
        not_before: utc(2025, 2, 10, 12),
        not_after: utc(2027, 2, 10, 12),
        dns_names: vec![EXTERNAL_FQDN, FQDN],
    })?;

    // Renewal failed: the connector could not reach Intune since before its certificate's end.
    let identity_expired = identity(utc(2025, 11, 2, 9), utc(2026, 11, 2, 9))?;
    let identity_expiring = identity(utc(2025, 12, 5, 9), utc(2026, 12, 5, 9))?;

    let mut templates_differ = same_template("IntuneSCEP");
    templates_differ[1] = DEFAULT_TEMPLATE.to_owned();

    Ok(vec![
        ("legacy-healthy", legacy.clone()),
        ("unified-healthy", unified.clone()),
        (
            "ra-cert-expired",
            Server {
                my: swap(&unified.my, &pki.ra_cep_encryption, &ra_cep_expired),
                ..unified.clone()
            },
        ),
        (
            "ra-cert-missing",
            Server {
                my: without(&unified.my, &pki.ra_enrollment_agent),
                ..unified.clone()
            },
        ),
        (
            "ra-cert-expiring",
            Server {
                my: swap(&unified.my, &pki.ra_enrollment_agent, &ra_agent_expiring),
                ..unified.clone()
            },
        ),
        (
            "importpfx-cert-expired",
            Server {
                my: swap(&unified.my, &certs.identity, &identity_expired),
                ..unified.clone()
            },
        ),
        (
            "importpfx-cert-missing",
            Server {
                my: without(&unified.my, &certs.identity),
                ..unified.clone()
            },
        ),
        (
            "importpfx-cert-expiring",
            Server {
                my: swap(&unified.my, &certs.identity, &identity_expiring),
                ..unified.clone()
            },
        ),
        (
            // Automatic updates blocked since February 2026.
            "connector-version-deprecated",
            Server {
                product: Product {
                    version: (6, 2602, 0, 1001),
                    install_date: "20260303",
                    ..UNIFIED_CONNECTOR
                },
                ..unified.clone()
            },
        ),
        (
            // Installed in 2024 and never updated.
            "connector-version-2024",
            Server {
                product: Product {
                    version: (6, 2406, 0, 1001),
                    install_date: "20240715",
                    ..UNIFIED_CONNECTOR
                },
                ..unified.clone()
            },
        ),
        (
            "mscep-key-missing",
            Server {
                templates: None,
                ..unified.clone()
            },
        ),
        (
            "mscep-template-differs",
            Server {
                templates: Some(templates_differ),
                ..unified.clone()
            },
        ),
        (
            "mscep-template-display-name",
            Server {
                templates: Some(same_template("Intune SCEP")),
                ..unified.clone()
            },
        ),
        (
            "no-connector",
            Server {
                connector: Connector::None,
                intune_values: Vec::new(),
                ..unified.clone()
            },
        ),
        (
            "client-auth-cert-expiring",
            Server {
                ndes_policy: Some(client_expiring.thumbprint.clone()),
                my: swap(&legacy.my, &certs.client_auth, &client_expiring),
                ..legacy.clone()
            },
        ),
        (
            // The connector was installed choosing the IIS certificate.
            "client-auth-cert-no-client-eku",
            Server {
                ndes_policy: Some(certs.web.thumbprint.clone()),
                my: without(&legacy.my, &certs.client_auth),
                ..legacy.clone()
            },
        ),
        (
            "client-auth-cert-self-signed",
            Server {
                ndes_policy: Some(self_signed.thumbprint.clone()),
                my: swap(&legacy.my, &certs.client_auth, &self_signed),
                ..legacy.clone()
            },
        ),
        (
            "client-auth-cert-v1-template",
            Server {
                ndes_policy: Some(machine.thumbprint.clone()),
                my: swap(&legacy.my, &certs.client_auth, &machine),
                ..legacy.clone()
            },
        ),
        (
            "iis-cert-missing",
            Server {
                iis_cert: web_deleted.thumbprint.clone(),
                ..unified.clone()
            },
        ),
        (
            "iis-cert-expired",
            Server {
                iis_cert: web_expired.thumbprint.clone(),
                my: swap(&unified.my, &certs.web, &web_expired),
                ..unified.clone()
            },
        ),
        (
            "iis-cert-not-server-auth",
            Server {
                iis_cert: workstation.thumbprint.clone(),
                my: swap(&unified.my, &certs.web, &workstation),
                ..unified.clone()
            },
        ),
        (
            "iis-cert-self-signed",
            Server {
                iis_cert: self_signed.thumbprint.clone(),
                my: swap(&unified.my, &certs.web, &self_signed),
                ..unified.clone()
            },
        ),
        (
            "server-cert-no-internal",
            Server {
                iis_cert: web_external_only.thumbprint.clone(),
                my: swap(&unified.my, &certs.web, &web_external_only),
                ..unified.clone()
            },
        ),
        (
            "server-cert-no-external",
            Server {
                iis_cert: web_internal_only.thumbprint.clone(),
                my: swap(&unified.my, &certs.web, &web_internal_only),
                ..unified.clone()
            },
        ),
        (
            "intermediate-in-root",
            Server {
                root: vec![pki.root.clone(), pki.issuing.clone()],
                ..unified.clone()
            },
        ),
        (
            "sha1-chain",
            Server {
                ca: vec![issuing_sha1],
                ..unified.clone()
            },
        ),
        (
            "encryption-cert-missing",
            Server {
                intune_values: vec![
                    (
                        "EncryptionCertThumbprint",
                        RegData::Sz(encryption_deleted.thumbprint.clone()),
                    ),
                    ("EnableSidSecurityExtension", RegData::Dword(1)),
                ],
                ..unified.clone()
            },
        ),
        (
            "legacy-signing-cert-empty",
            Server {
                intune_values: vec![
                    ("KeyRecoveryAgentCertificate", opaque("key recovery agent")),
                    ("PfxSigningCertificate", opaque("pfx signing")),
                    ("SigningCertificate", RegData::Sz(String::new())),
                ],
                ..legacy.clone()
            },
        ),
        (
            "crl-reachable",
            Server {
                probes: with_crl_probes(true),
                ..unified.clone()
            },
        ),
        (
            // pki.contoso.com does not answer from this server (a firewall between the NDES
            // server's subnet and the web server that publishes the CRLs).
            "crl-unreachable",
            Server {
                probes: with_crl_probes(false),
                ..legacy.clone()
            },
        ),
        (
            // An older collector: probes, but no CRL downloads.
            "crl-probes-missing",
            Server {
                probes: scep_probes(),
                ..unified.clone()
            },
        ),
        (
            "legacy-registry-certs-missing",
            Server {
                intune_values: vec![("SigningCertificate", opaque("signing"))],
                ..legacy
            },
        ),
    ])
}

/// The collector's bundle of `server`.
fn bundle(server: &Server) -> Bundle {
    let mut bundle = Bundle::collected(ManifestHeader {
        collected_at: "2026-11-20T09:14:03+01:00",
        host_name: "NDES01",
        host_fqdn: FQDN,
        external_fqdn: EXTERNAL_FQDN,
        powershell: "5.1.17763.5830",
    });
    if let Some(templates) = &server.templates {
        add_registry(
            &mut bundle,
            "MSCEP",
            r"HKLM\SOFTWARE\Microsoft\Cryptography\MSCEP",
            &mscep_key(templates, server.ndes_policy.as_deref()),
        );
    }
    if let Some(key) = intune_key(server) {
        add_registry(
            &mut bundle,
            "MicrosoftIntune",
            r"HKLM\SOFTWARE\Microsoft\MicrosoftIntune",
            &key,
        );
    }
    add_registry(
        &mut bundle,
        "Uninstall",
        r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall",
        &uninstall_key(server.connector, server.product),
    );
    bundle.add(
        "network/http-sslcert.txt",
        "netsh.exe http show sslcert",
        utf16le_bom(&sslcert(&server.iis_cert)),
    );
    bundle.add(
        "system/windowsfeatures.json",
        "Get-WindowsFeature | ConvertTo-Json",
        ps51_file(&Json::Array(FEATURES.iter().map(feature_full).collect())),
    );
    bundle.add(
        "services/services.json",
        "Get-Service | Select-Object Name,DisplayName,Status,StartType | ConvertTo-Json",
        ps51_file(&services_json(server.connector)),
    );
    if !server.probes.is_empty() {
        bundle.add(
            "probes.json",
            "HTTP GET, TCP 443 and CRL download probes run by collect-bundle.ps1 as CONTOSO\\admin",
            ps51_file(&probes_document(r"CONTOSO\admin", server.probes.clone())),
        );
    }
    for (store, certs) in [
        ("My", &server.my),
        ("Root", &server.root),
        ("CA", &server.ca),
    ] {
        for cert in certs {
            let t = &cert.thumbprint;
            bundle.add_cert(
                &format!("certs/LocalMachine/{store}/{t}.cer"),
                &format!(
                    r"Export-Certificate -Cert Cert:\LocalMachine\{store}\{t} -FilePath certs\LocalMachine\{store}\{t}.cer -Type CERT"
                ),
                &format!(r"LocalMachine\{store}"),
                cert.der.clone(),
            );
        }
    }
    bundle
}

/// The SCEP URL and Intune endpoint probes of a server where both answer.
fn scep_probes() -> Vec<Json> {
    let page_403 = "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\">\r\n<html xmlns=\"http://www.w3.org/1999/xhtml\">\r\n<head>\r\n<title>403 - Forbidden: Access is denied.</title>";
    let scep = format!("https://{FQDN}/certsrv/mscep/mscep.dll");
    vec![
        http_probe(&scep, true, Json::Int(403), page_403),
        http_probe(
            &format!("{scep}?operation=GetCACaps&message=test"),
            true,
            Json::Int(200),
            "POSTPKIOperation\nRenewal\nSHA-512\nSHA-256\nSHA-1\nDES3\n",
        ),
        http_probe(
            &format!("https://{EXTERNAL_FQDN}/certsrv/mscep/mscep.dll"),
            true,
            Json::Int(403),
            page_403,
        ),
        tcp_probe(
            "autoupdate.msappproxy.net:443",
            true,
            Json::str("connected to 20.190.181.4:443"),
        ),
        tcp_probe(
            "login.microsoftonline.com:443",
            true,
            Json::str("connected to 20.190.151.68:443"),
        ),
        tcp_probe(
            "manage.microsoft.com:443",
            true,
            Json::str("connected to 52.168.54.64:443"),
        ),
    ]
}

/// [`scep_probes`] and the downloads of the issuing and root CAs' CRLs, in the collector's
/// order (the chain of the first certificate of LocalMachine\My, from the leaf up).
fn with_crl_probes(reachable: bool) -> Vec<Json> {
    let mut probes = scep_probes();
    for (url, size) in [(ISSUING_CRL, 1187), (ROOT_CRL, 734)] {
        probes.push(if reachable {
            crl_probe(
                url,
                true,
                Json::Int(200),
                &format!("{size} bytes (application/pkix-crl)"),
            )
        } else {
            crl_probe(
                url,
                false,
                Json::Null,
                "Exception calling \"GetResponse\" with \"0\" argument(s): \"Unable to connect to the remote server\" -> Unable to connect to the remote server -> A connection attempt failed because the connected party did not properly respond after a period of time, or established connection failed because connected host has failed to respond 10.20.0.15:80",
            )
        });
    }
    probes
}

/// `ConvertTo-Json` output written by Windows PowerShell 5.1's `Out-File`.
fn ps51_file(value: &Json) -> Vec<u8> {
    utf16le_bom(&format!("{}{CRLF}", json::ps51(value)))
}

fn add_registry(bundle: &mut Bundle, name: &str, key: &str, content: &RegKey) {
    bundle.add(
        &format!("registry/{name}.reg"),
        &format!(r#"reg export "{key}" "registry\{name}.reg" /y"#),
        reg::export(content),
    );
}

/// `HKLM\SOFTWARE\Microsoft\Cryptography\MSCEP` as NDES setup and the connector leave it.
fn mscep_key(templates: &[String; 3], ndes_policy: Option<&str>) -> RegKey {
    let [general, signature, encryption] = templates;
    let mut key = RegKey::new(r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Cryptography\MSCEP")
        .value("EncryptionTemplate", RegData::Sz(encryption.clone()))
        .value("GeneralPurposeTemplate", RegData::Sz(general.clone()))
        .value("SignatureTemplate", RegData::Sz(signature.clone()))
        .subkey("CAType", |k| k.default_value(RegData::Dword(1)))
        .subkey("CertsInMYStore", |k| k.default_value(RegData::Dword(1)))
        .subkey("EnforcePassword", |k| k.default_value(RegData::Dword(0)))
        .subkey("UseSinglePassword", |k| k.default_value(RegData::Dword(0)));
    if let Some(thumbprint) = ndes_policy {
        key = key.subkey("Modules", |k| {
            k.subkey("NDESPolicy", |k| {
                k.value("NDESCertThumbprint", RegData::Sz(thumbprint.into()))
            })
        });
    }
    key
}

/// `HKLM\SOFTWARE\Microsoft\MicrosoftIntune` with the connector's subkey, if any.
fn intune_key(server: &Server) -> Option<RegKey> {
    let subkey = match server.connector {
        Connector::Legacy => "NDESConnector",
        Connector::Unified => "PFXCertificateConnector",
        Connector::None => return None,
    };
    let values = server.intune_values.clone();
    Some(
        RegKey::new(r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\MicrosoftIntune").subkey(
            subkey,
            |mut k| {
                for (name, data) in values {
                    k = k.value(name, data);
                }
                k
            },
        ),
    )
}

/// An installed product as Windows Installer registers it.
#[derive(Clone, Copy)]
struct Product {
    code: &'static str,
    name: &'static str,
    /// Major, minor, build and revision; the connector's minor is its release's YYMM.
    version: (u32, u32, u32, u32),
    publisher: &'static str,
    install_date: &'static str,
    size_kb: u32,
}

const VMWARE_TOOLS: Product = Product {
    code: "{0D2F4F4D-C1C6-4C37-9A27-0A5D3F1C9E4B}",
    name: "VMware Tools",
    version: (12, 4, 0, 0),
    publisher: "VMware, Inc.",
    install_date: "20260216",
    size_kb: 101_584,
};

const LEGACY_CONNECTOR: Product = Product {
    code: "{5E1A93C2-7B84-4F0D-A6B3-D2C9F14E8A27}",
    name: "Microsoft Intune Connector",
    version: (6, 1905, 8, 0),
    publisher: "Microsoft Corporation",
    install_date: "20260303",
    size_kb: 48_212,
};

const UNIFIED_CONNECTOR: Product = Product {
    code: "{A3C5D9E1-2F64-4B8A-9C17-6E0D4B2F8A95}",
    name: "Certificate Connector for Microsoft Intune",
    version: (6, 2609, 0, 1002),
    publisher: "Microsoft Corporation",
    install_date: "20261014",
    size_kb: 62_904,
};

/// The Uninstall key of Server 2019 with VMware Tools and the server's connector.
fn uninstall_key(connector: Connector, product: Product) -> RegKey {
    let mut key = RegKey::new(UNINSTALL);
    for name in [
        "AddressBook",
        "DirectDrawEx",
        "Fontcore",
        "IE40",
        "IE4Data",
        "IE5BAKEX",
        "IEData",
        "MobileOptionPack",
        "SchedulingAgent",
    ] {
        key = key.subkey(name, |k| k);
    }
    for name in ["Connection Manager", "WIC"] {
        key = key.subkey(name, |k| k.value("SystemComponent", RegData::Dword(1)));
    }
    key = key.subkey(VMWARE_TOOLS.code, |k| msi_entry(k, &VMWARE_TOOLS));
    match connector {
        Connector::None => key,
        Connector::Legacy => key.subkey(product.code, |k| msi_entry(k, &product)),
        // The current connector's setup is a WiX bundle, whose entry carries the full version
        // (an MSI product's packed version has no room for a YYMM minor).
        Connector::Unified => {
            let (major, minor, build, revision) = product.version;
            crate::samples::registry::connector_bundle(
                key,
                &format!("{major}.{minor}.{build}.{revision}"),
                product.install_date,
            )
        }
    }
}

fn msi_entry(key: RegKey, p: &Product) -> RegKey {
    let (major, minor, build, revision) = p.version;
    let sz = |text: &str| RegData::Sz(text.to_owned());
    key.value("AuthorizedCDFPrefix", sz(""))
        .value("Comments", sz(""))
        .value("Contact", sz(""))
        .value(
            "DisplayVersion",
            sz(&format!("{major}.{minor}.{build}.{revision}")),
        )
        .value("HelpLink", sz(""))
        .value("HelpTelephone", sz(""))
        .value("InstallDate", sz(p.install_date))
        .value("InstallLocation", sz(""))
        .value(
            "InstallSource",
            sz(r"C:\Windows\TEMP\{7F0A7B9E-3C2D-4E51-8B6A-1D9C0E4F2A63}\"),
        )
        .value(
            "ModifyPath",
            RegData::ExpandSz(format!("MsiExec.exe /I{}", p.code)),
        )
        .value("NoModify", RegData::Dword(1))
        .value("Publisher", sz(p.publisher))
        .value("Readme", sz(""))
        .value("Size", sz(""))
        .value("EstimatedSize", RegData::Dword(p.size_kb))
        .value(
            "UninstallString",
            RegData::ExpandSz(format!("MsiExec.exe /X{}", p.code)),
        )
        .value("URLInfoAbout", sz(""))
        .value("URLUpdateInfo", sz(""))
        .value("VersionMajor", RegData::Dword(major))
        .value("VersionMinor", RegData::Dword(minor))
        .value("WindowsInstaller", RegData::Dword(1))
        .value(
            "Version",
            // Windows Installer packs major.minor.build into 8.8.16 bits.
            RegData::Dword((major << 24) | ((minor & 0xff) << 16) | (build & 0xffff)),
        )
        .value("Language", RegData::Dword(1033))
        .value("DisplayName", sz(p.name))
}

/// `netsh http show sslcert` with IIS's 0.0.0.0:443 binding to `thumbprint` (netsh prints
/// it in lower case).
fn sslcert(thumbprint: &str) -> String {
    let block: Vec<String> = sslcert_block(Release::Server2019, "IP:port", "0.0.0.0:443", "MY")
        .into_iter()
        .map(|line| line.replace(IIS_CERT_HASH, &thumbprint.to_lowercase()))
        .collect();
    sslcert_output(&[block])
}

const FEATURES: [FeatureRow; 8] = [
    (
        "AD-Certificate",
        "Active Directory Certificate Services",
        true,
        "Role",
        "Active Directory Certificate Services",
        1,
        None,
    ),
    (
        "ADCS-Cert-Authority",
        "Certification Authority",
        false,
        "Role Service",
        "Active Directory Certificate Services\\Certification Authority",
        2,
        Some("AD-Certificate"),
    ),
    (
        "ADCS-Device-Enrollment",
        "Network Device Enrollment Service",
        true,
        "Role Service",
        "Active Directory Certificate Services\\Network Device Enrollment Service",
        2,
        Some("AD-Certificate"),
    ),
    (
        "Web-Server",
        "Web Server (IIS)",
        true,
        "Role",
        "Web Server (IIS)",
        1,
        None,
    ),
    (
        "Web-WebServer",
        "Web Server",
        true,
        "Role Service",
        "Web Server (IIS)\\Web Server",
        2,
        Some("Web-Server"),
    ),
    (
        "Web-Filtering",
        "Request Filtering",
        true,
        "Role Service",
        "Web Server (IIS)\\Web Server\\Security\\Request Filtering",
        4,
        Some("Web-Security"),
    ),
    (
        "NET-Framework-45-Core",
        ".NET Framework 4.7",
        true,
        "Feature",
        ".NET Framework 4.7 Features\\.NET Framework 4.7",
        2,
        Some("NET-Framework-45-Features"),
    ),
    (
        "NET-WCF-HTTP-Activation45",
        "HTTP Activation",
        true,
        "Feature",
        ".NET Framework 4.7 Features\\WCF Services\\HTTP Activation",
        3,
        Some("NET-WCF-Services45"),
    ),
];

/// `(Name, DisplayName, StartType)`; all running. StartType 2/3 = Automatic/Manual.
type ServiceRow = (&'static str, &'static str, i64);

const COMMON_SERVICES: &[ServiceRow] = &[
    ("CertPropSvc", "Certificate Propagation", 3),
    ("EventLog", "Windows Event Log", 2),
    ("W32Time", "Windows Time", 2),
    ("W3SVC", "World Wide Web Publishing Service", 2),
    ("WAS", "Windows Process Activation Service", 3),
    ("WinRM", "Windows Remote Management (WS-Management)", 2),
];

const LEGACY_SERVICES: &[ServiceRow] = &[("NDESConnectorSvc", "Intune Connector Service", 2)];

const UNIFIED_SERVICES: &[ServiceRow] = &[
    (
        "AzureADConnectAgentUpdater",
        "Microsoft Azure AD Connect Agent Updater",
        2,
    ),
    (
        "PFXCertificateConnectorSvc",
        "PFX Certificate Connector for Microsoft Intune",
        2,
    ),
    (
        "PkiCreateConnectorSvc",
        "PFX Create Certificate Connector for Microsoft Intune",
        2,
    ),
    (
        "PkiRevokeConnectorSvc",
        "PFX Revoke Certificate Connector for Microsoft Intune",
        2,
    ),
];

/// `Get-Service | Select-Object Name,DisplayName,Status,StartType` rows in name order;
/// Windows PowerShell 5.1 writes the enums as numbers (Status 4 = Running).
fn services_json(connector: Connector) -> Json {
    let mut rows: Vec<ServiceRow> = COMMON_SERVICES.to_vec();
    match connector {
        Connector::Legacy => rows.extend_from_slice(LEGACY_SERVICES),
        Connector::Unified => rows.extend_from_slice(UNIFIED_SERVICES),
        Connector::None => {}
    }
    rows.sort_by_key(|(name, ..)| name.to_lowercase());
    Json::Array(
        rows.iter()
            .map(|&(name, display, start)| {
                Json::object([
                    ("Name", Json::str(name)),
                    ("DisplayName", Json::str(display)),
                    ("Status", Json::Int(4)),
                    ("StartType", Json::Int(start)),
                ])
            })
            .collect(),
    )
}
