//! The sample bundles under `samples/`: a healthy server with the current Certificate
//! Connector (collector bundle, Server 2016), the same connector on Server 2022 collected by
//! hand and zipped, a healthy server still on the legacy NDES Connector (Server 2019), and one
//! variant of that legacy server per fault.

mod activity;
pub(crate) mod certs;
mod clock;
mod collector;
mod hand;
mod host;
mod iis;
mod md5;
pub(crate) mod registry;
mod services;
mod shell;
mod system;
mod x509;

use std::fs;
use std::path::Path;

use crate::Result;
use crate::inet::LanSettings;
use crate::msilog::Outcome;
use crate::pki::{
    Cert, ClientAuthSpec, Pki, ServerAuthSpec, intune_connector_identity, utc as utc_hour,
};
use crate::winfmt::WinHttpProxy;
use clock::utc;
use host::{BYPASS, Connector, EXTERNAL_FQDN, FQDN, Legacy, Os, PROXY, Server, Unified};

/// Every sample this generator owns, with the README line describing it and the rules of
/// `rules/` it trips.
const SAMPLES: &[(&str, &str, &[&str])] = &[
    (
        "healthy",
        "The current Certificate Connector for Microsoft Intune (SCEP) on Windows Server 2016, collected by \
         `collector/collect-bundle.ps1` under Windows PowerShell 5.1 (UTF-16LE text, 5.1 JSON, manifest with \
         every file). Healthy by every check of the catalog: MSCEP templates `IntuneSCEP` and no NDESPolicy \
         thumbprint, HTTP.sys limits 65534, TLS 1.2 on, .NET 4.8, IE ESC off, no proxy anywhere, IIS bound to a \
         valid server certificate, SCEP pool as `CORP\\svc-ndes` (member of IIS_IUSRS, not an administrator), \
         request filtering 65534, connector services running as LocalSystem, informational events only, \
         successful SCEP requests in the IIS and policy-module logs, probes 403/200. `screenshot.png` is a stray.",
        &[],
    ),
    (
        "healthy-2022.zip",
        "The same connector on Windows Server 2022, collected by hand with PowerShell 7 (UTF-8 without BOM, \
         2-space JSON, ISO dates, `-EnumsAsStrings` on services and features) following `docs/collecting.md`, \
         no manifest, zipped with `Compress-Archive` under `NDES01-2022/`; the newest entry (20 Nov 2026 \
         08:00:00) is when it was taken.",
        &[],
    ),
    (
        "legacy-connector",
        "A well-kept server on the retired Microsoft Intune (NDES) Connector, Windows Server 2019, collector \
         bundle: client-authentication certificate valid and named by `NDESCertThumbprint`, templates \
         `IntuneNDES`, SYSTEM, WinHTTP and the administrator all on proxy.corp.contoso.com:8080 (bypassing \
         `<local>;*.corp.contoso.com`), plus the same healthy IIS/HTTP.sys/TLS/.NET/group evidence as `healthy`. Its only finding in the complete rule pack is \
         that the legacy connector is retired.",
        &[],
    ),
    (
        "installer-not-elevated",
        "`legacy-connector` whose `logs/NDESConnector/SetupMSI.log` is a failed, rolled-back install: a \
         custom action line carries \"The password in the certificate request cannot be verified...\", then \
         `Return value 3` and the rollback (the Application log shows MsiInstaller 11708).",
        &["installer-password-cannot-be-verified"],
    ),
    (
        "proxy-system-missing",
        "`legacy-connector` where SYSTEM (`registry/InternetSettings-SYSTEM.reg` and `-DEFAULT.reg`) has \
         `ProxyEnable`=0, no ProxyServer/ProxyOverride and connection blobs with flags 0x09; WinHTTP is \
         direct; only the administrator (`registry/InternetSettings-Administrator.reg`) uses \
         proxy.corp.contoso.com:8080, and the direct TCP probes to Intune time out (`probes.json`).",
        &["connector-proxy-not-set-for-system"],
    ),
    (
        "client-auth-cert-expired",
        "`legacy-connector` whose `NDESCertThumbprint` names a client-authentication certificate in \
         `certs/LocalMachine/My` that expired 2026-10-09T12:00:00Z, before collected_at (2026-11-20).",
        &["client-auth-cert-expired"],
    ),
    (
        "client-auth-cert-missing",
        "`legacy-connector` whose `NDESCertThumbprint` names a certificate that is not in the bundle; \
         `certs/LocalMachine/My` holds the RA and IIS certificates only.",
        &["client-auth-cert-missing"],
    ),
    (
        "client-auth-cert-san-no-external",
        "`legacy-connector` whose client-authentication certificate has only `DNS:ndes01.corp.contoso.com` \
         in its SAN (the external ndes.contoso.com is missing).",
        &["client-auth-cert-san-missing-external"],
    ),
    (
        "client-auth-cert-san-no-internal",
        "`legacy-connector` whose client-authentication certificate has only `DNS:ndes.contoso.com` in its \
         SAN (the internal ndes01.corp.contoso.com is missing).",
        &["client-auth-cert-san-missing-internal"],
    ),
    (
        "mscep-templates-default",
        "`legacy-connector` whose `registry/MSCEP.reg` template values are still the install default \
         `IPSECIntermediateOffline`.",
        &["mscep-templates-default"],
    ),
];

/// Regenerates every sample and `samples/README.md` under `samples_dir`.
pub fn write_all(samples_dir: &Path) -> Result<()> {
    let pki = Pki::new()?;
    let healthy_cert = pki.client_auth(&client_auth_spec(0x2c, vec![EXTERNAL_FQDN, FQDN]))?;
    let expired = pki.client_auth(&ClientAuthSpec {
        key: "ndes-client-auth-2024",
        request_id: 0x17,
        not_before: utc_hour(2024, 10, 9, 12),
        not_after: utc_hour(2026, 10, 9, 12),
        dns_names: vec![EXTERNAL_FQDN, FQDN],
    })?;
    // An earlier certificate the customer deleted; only its thumbprint survives.
    let deleted = pki.client_auth(&ClientAuthSpec {
        key: "ndes-client-auth-2025",
        request_id: 0x1f,
        not_before: utc_hour(2025, 2, 10, 12),
        not_after: utc_hour(2027, 2, 10, 12),
        dns_names: vec![EXTERNAL_FQDN, FQDN],
    })?;
    let no_external = pki.client_auth(&client_auth_spec(0x2d, vec![FQDN]))?;
    let no_internal = pki.client_auth(&client_auth_spec(0x2e, vec![EXTERNAL_FQDN]))?;

    let healthy = unified_server(&pki, Os::server_2016(), "2016", 0x31)?;
    let web_2019 = web_cert(&pki, "2019", 0x24)?;
    let legacy = |legacy: Legacy| Server {
        os: Os::server_2019(),
        connector: Connector::Legacy(legacy),
        web_cert: web_2019.clone(),
        templates: "IntuneNDES",
    };
    let well_kept = Legacy {
        policy_thumbprint: healthy_cert.thumbprint.clone(),
        client_auth: Some(healthy_cert.clone()),
        system_lan: LanSettings::manual(PROXY, BYPASS),
        winhttp: WinHttpProxy::Named {
            server: PROXY.into(),
            bypass: Some(BYPASS.into()),
        },
        direct_egress: true,
        install: Outcome::Success,
    };
    let with_client_auth = |cert: &Cert| Legacy {
        policy_thumbprint: cert.thumbprint.clone(),
        client_auth: Some(cert.clone()),
        ..well_kept.clone()
    };
    let folders = [
        ("healthy", healthy.clone()),
        ("legacy-connector", legacy(well_kept.clone())),
        (
            "installer-not-elevated",
            legacy(Legacy {
                install: Outcome::NotElevated,
                ..well_kept.clone()
            }),
        ),
        (
            "proxy-system-missing",
            legacy(Legacy {
                system_lan: LanSettings::fresh(),
                winhttp: WinHttpProxy::Direct,
                direct_egress: false,
                ..well_kept.clone()
            }),
        ),
        (
            "client-auth-cert-expired",
            legacy(with_client_auth(&expired)),
        ),
        (
            "client-auth-cert-missing",
            legacy(Legacy {
                policy_thumbprint: deleted.thumbprint.clone(),
                client_auth: None,
                ..well_kept.clone()
            }),
        ),
        (
            "client-auth-cert-san-no-external",
            legacy(with_client_auth(&no_external)),
        ),
        (
            "client-auth-cert-san-no-internal",
            legacy(with_client_auth(&no_internal)),
        ),
        (
            "mscep-templates-default",
            Server {
                templates: "IPSECIntermediateOffline",
                ..legacy(well_kept.clone())
            },
        ),
    ];
    remove_stale(samples_dir)?;
    for (name, server) in &folders {
        collector::collected_bundle(&pki, server).write(&samples_dir.join(name))?;
    }
    let server_2022 = unified_server(&pki, Os::server_2022(), "2022", 0x33)?;
    hand::write_zip(
        &hand::hand_bundle(&pki, &server_2022),
        "NDES01-2022",
        (8, 0, 0),
        &samples_dir.join("healthy-2022.zip"),
    )?;

    let mut certificates = vec![
        (
            "root CA (`certs/LocalMachine/Root`; PEM in the legacy samples)",
            pki.root.clone(),
        ),
        ("issuing CA (`certs/LocalMachine/CA`)", pki.issuing.clone()),
        (
            "RA, Exchange Enrollment Agent (Offline request)",
            pki.ra_enrollment_agent.clone(),
        ),
        ("RA, CEP Encryption", pki.ra_cep_encryption.clone()),
        (
            "IIS server certificate of `healthy`",
            healthy.web_cert.clone(),
        ),
        (
            "IIS server certificate of `healthy-2022.zip`",
            server_2022.web_cert.clone(),
        ),
        ("IIS server certificate of the legacy samples", web_2019),
    ];
    for (label, server) in [("healthy", &healthy), ("healthy-2022.zip", &server_2022)] {
        if let Some(unified) = server.unified() {
            certificates.push((
                if label == "healthy" {
                    "connector identity (Microsoft Intune ImportPFX Connector CA) of `healthy`"
                } else {
                    "connector identity (Microsoft Intune ImportPFX Connector CA) of `healthy-2022.zip`"
                },
                unified.identity.clone(),
            ));
        }
    }
    certificates.extend([
        ("legacy client-auth", healthy_cert),
        ("expired client-auth", expired),
        (
            "deleted client-auth (named by `client-auth-cert-missing`, not in any bundle)",
            deleted,
        ),
        ("SAN internal-only client-auth", no_external),
        ("SAN external-only client-auth", no_internal),
    ]);
    fs::write(samples_dir.join("README.md"), readme(&certificates))?;
    Ok(())
}

/// Removes what an earlier generator version wrote and this one no longer does.
fn remove_stale(samples_dir: &Path) -> Result<()> {
    for entry in fs::read_dir(samples_dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == "README.md"
            || name == ".gitattributes"
            || SAMPLES.iter().any(|(n, ..)| *n == name)
        {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            fs::remove_dir_all(path)?;
        } else {
            fs::remove_file(path)?;
        }
    }
    Ok(())
}

/// The healthy legacy certificate's shape with another serial and SAN list (same key: a
/// re-issue).
fn client_auth_spec(request_id: u8, dns_names: Vec<&'static str>) -> ClientAuthSpec {
    ClientAuthSpec {
        key: "ndes-client-auth",
        request_id,
        not_before: utc_hour(2026, 3, 2, 12),
        not_after: utc_hour(2027, 3, 2, 12),
        dns_names,
    }
}

/// The IIS certificate of the server running `release`.
fn web_cert(pki: &Pki, release: &str, request_id: u8) -> Result<Cert> {
    let key: &'static str = match release {
        "2016" => "ndes01-web-2016",
        "2019" => "ndes01-web-2019",
        _ => "ndes01-web-2022",
    };
    pki.server_auth(&ServerAuthSpec {
        key,
        request_id,
        not_before: utc_hour(2026, 3, 2, 12),
        not_after: utc_hour(2028, 3, 2, 12),
        common_name: EXTERNAL_FQDN,
        dns_names: vec![EXTERNAL_FQDN, FQDN],
    })
}

/// A server with the current connector, installed in October 2026.
fn unified_server(pki: &Pki, os: Os, release: &str, request_id: u8) -> Result<Server> {
    let (connector_id, key) = if release == "2016" {
        (
            "5f0c1e2a-8d47-4b93-a6e1-0c7d3b9f2a58",
            "intune-connector-2016",
        )
    } else {
        (
            "b3a9d6e4-1f25-4c78-9e0a-6d2b8c4f7e13",
            "intune-connector-2022",
        )
    };
    let installed = utc(2026, 10, 14, 9, 12, 40);
    let identity = intune_connector_identity(
        connector_id,
        key,
        utc(2026, 10, 14, 9, 24, 51),
        utc(2027, 10, 14, 9, 24, 51),
    )?;
    Ok(Server {
        os,
        connector: Connector::Unified(Unified {
            version: "6.2609.0.1002",
            identity,
            installed,
        }),
        web_cert: web_cert(pki, release, request_id)?,
        templates: "IntuneSCEP",
    })
}

/// `samples/README.md`: one line per sample with the rules it trips, then the thumbprints.
fn readme(certificates: &[(&str, Cert)]) -> String {
    let mut out = String::from(
        "# Sample bundles\n\n\
         Generated by `cargo run --release -p samplegen`; do not edit by hand. Each fault sample is \
         `legacy-connector` with one thing broken, as its line says. \"Trips\" lists the rules of `rules/` \
         that fire on the sample (`tests/samples.rs` checks it).\n\n",
    );
    for (name, what, rules) in SAMPLES {
        let trips = if rules.is_empty() {
            "none".to_owned()
        } else {
            rules
                .iter()
                .map(|r| format!("`{r}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push_str(&format!("- `{name}` (trips: {trips}): {what}\n"));
    }
    out.push_str("\n## Certificate thumbprints\n\n");
    for (label, cert) in certificates {
        out.push_str(&format!("- {label}: `{}`\n", cert.thumbprint));
    }
    out
}
