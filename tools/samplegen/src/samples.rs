//! The sample bundles under `samples/`: a healthy legacy-connector server, one
//! variant per fault, and a hand-collected unified-connector server.

use std::fs;
use std::path::Path;

use crate::bundle::{Bundle, ManifestHeader};
use crate::inet::{LanSettings, Profile, internet_settings_key};
use crate::json::{self, Json};
use crate::msilog::{Outcome, setup_msi_log};
use crate::pki::{Cert, ClientAuthSpec, Pki, utc};
use crate::reg::{self, RegData, RegKey};
use crate::winfmt::{
    CRLF, SysInfoField, WinHttpProxy, certutil_encode, netsh_winhttp_show_proxy, systeminfo,
    utf16le_bom,
};
use crate::{Result, png};

const HOST: &str = "NDES01";
const FQDN: &str = "ndes01.corp.contoso.com";
const DOMAIN: &str = "corp.contoso.com";
const EXTERNAL_FQDN: &str = "ndes.contoso.com";
const SERVICE_ACCOUNT: &str = r"CORP\svc-ndes";
const SYSTEM_HIVE: &str = r"HKEY_USERS\S-1-5-18";
const ADMIN_SID: &str = "S-1-5-21-1004336348-1177238915-682003330-500";
const PROXY: &str = "proxy.corp.contoso.com:8080";
const BYPASS: &str = "<local>;*.corp.contoso.com";
const INET_KEY: &str = r"Software\Microsoft\Windows\CurrentVersion\Internet Settings";

/// Every sample folder this generator owns, with the README line describing it.
const SAMPLES: &[(&str, &str)] = &[
    (
        "healthy",
        "Legacy NDES connector on Server 2019, collector bundle (Windows PowerShell 5.1), everything valid. \
         Expected: no fault findings (at most what scepter says about the legacy connector itself, \
         `client-auth-cert-legacy-only`); `screenshot.png` listed as unrecognized.",
    ),
    (
        "installer-not-elevated",
        "`logs/NDESConnector/SetupMSI.log` is a failed, rolled-back install: a custom action line carries \
         \"The password in the certificate request cannot be verified...\", then `Return value 3` and the rollback. \
         Expected: `installer-password-cannot-be-verified`.",
    ),
    (
        "proxy-system-missing",
        "`registry/InternetSettings-SYSTEM.reg`: SYSTEM has `ProxyEnable`=0, no ProxyServer/ProxyOverride and \
         connection blobs with flags 0x09; WinHTTP is direct (`network/winhttp-proxy.txt`); only the Administrator \
         (`registry/InternetSettings-Administrator.reg`) uses proxy.corp.contoso.com:8080. \
         Expected: `connector-proxy-configuration`.",
    ),
    (
        "client-auth-cert-expired",
        "`NDESCertThumbprint` in `registry/MSCEP.reg` names a client-authentication certificate in \
         `certs/LocalMachine/My` that expired 2026-10-09T12:00:00Z, before collected_at (2026-11-20). \
         Expected: `connector-client-auth-certificate` (expired).",
    ),
    (
        "client-auth-cert-missing",
        "`NDESCertThumbprint` in `registry/MSCEP.reg` names a certificate that is not in the bundle; \
         `certs/LocalMachine/My` holds only the two RA certificates. \
         Expected: `connector-client-auth-certificate` (not found).",
    ),
    (
        "client-auth-cert-san-no-external",
        "The client-authentication certificate in `certs/LocalMachine/My` has only `DNS:ndes01.corp.contoso.com` \
         in its SAN (the external ndes.contoso.com is missing). Expected: `connector-client-auth-certificate` \
         (names), cf. `server-auth-cert-names`.",
    ),
    (
        "client-auth-cert-san-no-internal",
        "The client-authentication certificate in `certs/LocalMachine/My` has only `DNS:ndes.contoso.com` \
         in its SAN (the internal ndes01.corp.contoso.com is missing). Expected: `connector-client-auth-certificate` \
         (names), cf. `server-auth-cert-names`.",
    ),
    (
        "mscep-templates-default",
        "`registry/MSCEP.reg`: the three template values are still the install default \
         `IPSECIntermediateOffline`. Expected: `mscep-template-registry`.",
    ),
    (
        "healthy-unified",
        "Unified Certificate Connector on Server 2022, collected by hand with PowerShell 7 (UTF-8 without BOM, \
         no manifest, `-EnumsAsStrings`), no client-auth certificate and no `Modules\\NDESPolicy` key, no proxy \
         anywhere. Expected: no fault findings; client-auth rules must not fire (`client-auth-cert-legacy-only`). \
         With no manifest, collected_at comes from file times: pin it with `--as-of 2026-11-20T09:14:03+01:00`.",
    ),
];

/// What distinguishes the legacy-connector samples from each other.
struct Legacy {
    /// Thumbprint written to `Modules\NDESPolicy\NDESCertThumbprint`.
    policy_thumbprint: String,
    /// The client-auth certificate exported from `LocalMachine\My`, if any.
    client_auth: Option<Cert>,
    /// The three MSCEP template values.
    templates: &'static str,
    /// SYSTEM's LAN settings.
    system_lan: LanSettings,
    /// How `SetupMSI.log` ends.
    install: Outcome,
}

/// Regenerates every sample folder and `samples/README.md` under `samples_dir`.
pub fn write_all(samples_dir: &Path) -> Result<()> {
    let pki = Pki::new()?;
    let healthy_cert = pki.client_auth(&client_auth_spec(0x2c, vec![EXTERNAL_FQDN, FQDN]))?;
    let healthy = || Legacy {
        policy_thumbprint: healthy_cert.thumbprint.clone(),
        client_auth: Some(healthy_cert.clone()),
        templates: "IntuneNDES",
        system_lan: LanSettings::manual(PROXY, BYPASS),
        install: Outcome::Success,
    };

    let expired = pki.client_auth(&ClientAuthSpec {
        key: "ndes-client-auth-2024",
        request_id: 0x17,
        not_before: utc(2024, 10, 9, 12),
        not_after: utc(2026, 10, 9, 12),
        dns_names: vec![EXTERNAL_FQDN, FQDN],
    })?;
    // An earlier certificate the customer deleted; only its thumbprint survives.
    let deleted = pki.client_auth(&ClientAuthSpec {
        key: "ndes-client-auth-2025",
        request_id: 0x1f,
        not_before: utc(2025, 2, 10, 12),
        not_after: utc(2027, 2, 10, 12),
        dns_names: vec![EXTERNAL_FQDN, FQDN],
    })?;
    let no_external = pki.client_auth(&client_auth_spec(0x2d, vec![FQDN]))?;
    let no_internal = pki.client_auth(&client_auth_spec(0x2e, vec![EXTERNAL_FQDN]))?;

    let legacy_samples = [
        ("healthy", healthy()),
        (
            "installer-not-elevated",
            Legacy {
                install: Outcome::NotElevated,
                ..healthy()
            },
        ),
        (
            "proxy-system-missing",
            Legacy {
                system_lan: LanSettings::fresh(),
                ..healthy()
            },
        ),
        (
            "client-auth-cert-expired",
            with_client_auth(healthy(), &expired),
        ),
        (
            "client-auth-cert-missing",
            Legacy {
                policy_thumbprint: deleted.thumbprint.clone(),
                client_auth: None,
                ..healthy()
            },
        ),
        (
            "client-auth-cert-san-no-external",
            with_client_auth(healthy(), &no_external),
        ),
        (
            "client-auth-cert-san-no-internal",
            with_client_auth(healthy(), &no_internal),
        ),
        (
            "mscep-templates-default",
            Legacy {
                templates: "IPSECIntermediateOffline",
                ..healthy()
            },
        ),
    ];
    for (name, legacy) in &legacy_samples {
        legacy_bundle(&pki, legacy).write(&samples_dir.join(name))?;
    }
    unified_bundle(&pki).write(&samples_dir.join("healthy-unified"))?;

    let client_auth_thumbprints = [
        ("healthy client-auth", &healthy_cert),
        ("expired client-auth", &expired),
        (
            "deleted client-auth (named by `client-auth-cert-missing`, not in any bundle)",
            &deleted,
        ),
        ("SAN internal-only client-auth", &no_external),
        ("SAN external-only client-auth", &no_internal),
    ];
    fs::write(
        samples_dir.join("README.md"),
        readme(&pki, &client_auth_thumbprints),
    )?;
    Ok(())
}

/// The healthy certificate's shape with another serial and SAN list (same key: a re-issue).
fn client_auth_spec(request_id: u8, dns_names: Vec<&'static str>) -> ClientAuthSpec {
    ClientAuthSpec {
        key: "ndes-client-auth",
        request_id,
        not_before: utc(2026, 3, 2, 12),
        not_after: utc(2027, 3, 2, 12),
        dns_names,
    }
}

fn with_client_auth(base: Legacy, cert: &Cert) -> Legacy {
    Legacy {
        policy_thumbprint: cert.thumbprint.clone(),
        client_auth: Some(cert.clone()),
        ..base
    }
}

/// A bundle written by the collector under Windows PowerShell 5.1 on Server 2019.
fn legacy_bundle(pki: &Pki, legacy: &Legacy) -> Bundle {
    let mut bundle = Bundle::collected(ManifestHeader {
        collected_at: "2026-11-20T09:14:03+01:00",
        host_name: HOST,
        host_fqdn: FQDN,
        external_fqdn: EXTERNAL_FQDN,
        powershell: "5.1.17763.5830",
    });

    bundle.add(
        "registry/MSCEP.reg",
        r"reg export HKLM\SOFTWARE\Microsoft\Cryptography\MSCEP registry\MSCEP.reg /y",
        reg::export(&mscep_key(
            legacy.templates,
            Some(&legacy.policy_thumbprint),
        )),
    );
    bundle.add(
        "registry/InternetSettings-SYSTEM.reg",
        &format!(r#"reg export "HKU\S-1-5-18\{INET_KEY}" registry\InternetSettings-SYSTEM.reg /y"#),
        reg::export(&internet_settings_key(
            SYSTEM_HIVE,
            Profile::System,
            &legacy.system_lan,
            0x0c,
        )),
    );
    bundle.add(
        "registry/InternetSettings-Administrator.reg",
        &format!(
            r#"reg export "HKU\{ADMIN_SID}\{INET_KEY}" registry\InternetSettings-Administrator.reg /y"#
        ),
        reg::export(&internet_settings_key(
            &format!(r"HKEY_USERS\{ADMIN_SID}"),
            Profile::Interactive,
            &LanSettings::manual(PROXY, BYPASS),
            0x1e,
        )),
    );
    bundle.add(
        "network/winhttp-proxy.txt",
        r"netsh winhttp show proxy > network\winhttp-proxy.txt",
        utf16le_bom(&netsh_winhttp_show_proxy(&WinHttpProxy::Direct)),
    );
    bundle.add(
        "services/services.json",
        r"Get-Service -Name W3SVC,WAS,NDESConnectorSvc | Select-Object Name,DisplayName,Status,StartType | ConvertTo-Json > services\services.json",
        utf16le_bom(&(json::ps51(&services_json(LEGACY_SERVICES, false)) + CRLF)),
    );
    bundle.add(
        "system/systeminfo.txt",
        r"systeminfo > system\systeminfo.txt",
        utf16le_bom(&systeminfo(&server_2019_systeminfo())),
    );

    let mut my = vec![&pki.ra_enrollment_agent, &pki.ra_cep_encryption];
    if let Some(cert) = &legacy.client_auth {
        my.insert(0, cert);
    }
    for cert in my {
        add_der_cert(&mut bundle, "My", cert);
    }
    add_der_cert(&mut bundle, "CA", &pki.issuing);
    let root = &pki.root.thumbprint;
    bundle.add_cert(
        &format!("certs/LocalMachine/Root/{root}.cer"),
        &format!(
            r"Export-Certificate -Cert Cert:\LocalMachine\Root\{root} -FilePath $env:TEMP\{root}.der; certutil -encode $env:TEMP\{root}.der certs\LocalMachine\Root\{root}.cer"
        ),
        r"LocalMachine\Root",
        certutil_encode(&pki.root.der).into_bytes(),
    );

    bundle.add(
        "logs/NDESConnector/SetupMSI.log",
        r"Copy-Item C:\NDESConnectorSetup\SetupMSI.log logs\NDESConnector\SetupMSI.log",
        setup_msi_log(
            legacy.install,
            "3/3/2026",
            (10, 14, 22),
            SERVICE_ACCOUNT,
            &legacy.policy_thumbprint,
        )
        .into_bytes(),
    );
    bundle.add_stray("screenshot.png", png::solid_png([0x1e, 0x4e, 0x79]));
    bundle
}

/// `Export-Certificate` (DER) of `cert` from `LocalMachine\<store>`.
fn add_der_cert(bundle: &mut Bundle, store: &str, cert: &Cert) {
    let t = &cert.thumbprint;
    bundle.add_cert(
        &format!("certs/LocalMachine/{store}/{t}.cer"),
        &format!(
            r"Export-Certificate -Cert Cert:\LocalMachine\{store}\{t} -FilePath certs\LocalMachine\{store}\{t}.cer"
        ),
        &format!(r"LocalMachine\{store}"),
        cert.der.clone(),
    );
}

/// The unified connector's server, collected by hand with PowerShell 7 on Server 2022.
fn unified_bundle(pki: &Pki) -> Bundle {
    let mut bundle = Bundle::by_hand();
    // `reg export` writes UTF-16LE whatever shell runs it.
    bundle.add(
        "mscep.reg",
        r"reg export HKLM\SOFTWARE\Microsoft\Cryptography\MSCEP mscep.reg",
        reg::export(&mscep_key("IntuneSCEP", None)),
    );
    bundle.add(
        "system-inet.reg",
        &format!(r#"reg export "HKU\S-1-5-18\{INET_KEY}" system-inet.reg"#),
        reg::export(&internet_settings_key(
            SYSTEM_HIVE,
            Profile::System,
            &LanSettings::fresh(),
            0x03,
        )),
    );
    // The administrator exported their own settings, so the key reads HKEY_CURRENT_USER.
    bundle.add(
        "admin-inet.reg",
        &format!(r#"reg export "HKCU\{INET_KEY}" admin-inet.reg"#),
        reg::export(&internet_settings_key(
            "HKEY_CURRENT_USER",
            Profile::Interactive,
            &LanSettings::fresh(),
            0x07,
        )),
    );
    // PowerShell 7.4+ passes native output through byte for byte: ASCII here, CRLF, no BOM.
    bundle.add(
        "winhttp.txt",
        "netsh winhttp show proxy > winhttp.txt",
        netsh_winhttp_show_proxy(&WinHttpProxy::Direct).into_bytes(),
    );
    bundle.add(
        "services.json",
        "Get-Service -Name PFXCertificateConnectorSvc,PkiCreateConnectorSvc,PkiRevokeConnectorSvc,AzureADConnectAgentUpdater,W3SVC,WAS | Select-Object Name,DisplayName,Status,StartType | ConvertTo-Json -EnumsAsStrings > services.json",
        (json::ps7(&services_json(UNIFIED_SERVICES, true)) + CRLF).into_bytes(),
    );
    bundle.add(
        "systeminfo.txt",
        "systeminfo > systeminfo.txt",
        systeminfo(&server_2022_systeminfo()).into_bytes(),
    );
    for cert in [&pki.ra_enrollment_agent, &pki.ra_cep_encryption] {
        add_der_cert(&mut bundle, "My", cert);
    }
    add_der_cert(&mut bundle, "CA", &pki.issuing);
    add_der_cert(&mut bundle, "Root", &pki.root);
    bundle.add_stray("screenshot.png", png::solid_png([0x1e, 0x4e, 0x79]));
    bundle
}

/// `HKLM\SOFTWARE\Microsoft\Cryptography\MSCEP` as NDES setup and the connector leave it.
fn mscep_key(template: &str, ndes_policy_thumbprint: Option<&str>) -> RegKey {
    let mut key = RegKey::new(r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Cryptography\MSCEP")
        .value("EncryptionTemplate", RegData::Sz(template.into()))
        .value("GeneralPurposeTemplate", RegData::Sz(template.into()))
        .value("SignatureTemplate", RegData::Sz(template.into()))
        .subkey("CAType", |k| k.default_value(RegData::Dword(1)))
        .subkey("CertsInMYStore", |k| k.default_value(RegData::Dword(1)))
        .subkey("EnforcePassword", |k| k.default_value(RegData::Dword(0)))
        .subkey("UseSinglePassword", |k| k.default_value(RegData::Dword(0)));
    if let Some(thumbprint) = ndes_policy_thumbprint {
        key = key.subkey("Modules", |k| {
            k.subkey("NDESPolicy", |k| {
                k.value("NDESCertThumbprint", RegData::Sz(thumbprint.into()))
            })
        });
    }
    key
}

/// `(Name, DisplayName, Status, StartType)`; Status 4 = Running, StartType 2/3 = Automatic/Manual.
type ServiceRow = (&'static str, &'static str, i64, i64);

// WAS is demand-started by W3SVC, so Windows leaves it on Manual.
const LEGACY_SERVICES: &[ServiceRow] = &[
    ("W3SVC", "World Wide Web Publishing Service", 4, 2),
    ("WAS", "Windows Process Activation Service", 4, 3),
    ("NDESConnectorSvc", "Intune Connector Service", 4, 2),
];

const UNIFIED_SERVICES: &[ServiceRow] = &[
    (
        "PFXCertificateConnectorSvc",
        "PFX Certificate Connector for Microsoft Intune",
        4,
        2,
    ),
    (
        "PkiCreateConnectorSvc",
        "PFX Create Certificate Connector for Microsoft Intune",
        4,
        2,
    ),
    (
        "PkiRevokeConnectorSvc",
        "PFX Revoke Certificate Connector for Microsoft Intune",
        4,
        2,
    ),
    (
        "AzureADConnectAgentUpdater",
        "Microsoft Azure AD Connect Agent Updater",
        4,
        2,
    ),
    ("W3SVC", "World Wide Web Publishing Service", 4, 2),
    ("WAS", "Windows Process Activation Service", 4, 3),
];

/// `Select-Object Name,DisplayName,Status,StartType` rows; enums as names with
/// PowerShell 7's `-EnumsAsStrings`, as numbers otherwise.
fn services_json(rows: &[ServiceRow], enums_as_strings: bool) -> Json {
    let status = |n: i64| match (enums_as_strings, n) {
        (false, n) => Json::Int(n),
        (true, 1) => Json::str("Stopped"),
        (true, _) => Json::str("Running"),
    };
    let start = |n: i64| match (enums_as_strings, n) {
        (false, n) => Json::Int(n),
        (true, 2) => Json::str("Automatic"),
        (true, 3) => Json::str("Manual"),
        (true, _) => Json::str("Disabled"),
    };
    Json::Array(
        rows.iter()
            .map(|&(name, display, st, start_type)| {
                Json::object([
                    ("Name", Json::str(name)),
                    ("DisplayName", Json::str(display)),
                    ("Status", status(st)),
                    ("StartType", start(start_type)),
                ])
            })
            .collect(),
    )
}

/// The fields every `systeminfo` here shares, around the OS-specific ones.
fn systeminfo_fields(
    os_name: &str,
    os_version: &str,
    product_id: &str,
    install_date: &str,
    hotfixes: &[&str],
) -> Vec<SysInfoField<'static>> {
    let one = SysInfoField::one;
    let hotfix_lines: Vec<String> = hotfixes
        .iter()
        .enumerate()
        .map(|(i, kb)| format!("[{:02}]: {kb}", i + 1))
        .collect();
    vec![
        one("Host Name", HOST),
        one("OS Name", os_name),
        one("OS Version", os_version),
        one("OS Manufacturer", "Microsoft Corporation"),
        one("OS Configuration", "Member Server"),
        one("OS Build Type", "Multiprocessor Free"),
        one("Registered Owner", "Windows User"),
        one("Registered Organization", ""),
        one("Product ID", product_id),
        one("Original Install Date", install_date),
        one("System Boot Time", "11/2/2026, 6:02:11 AM"),
        one("System Manufacturer", "VMware, Inc."),
        one("System Model", "VMware7,1"),
        one("System Type", "x64-based PC"),
        SysInfoField {
            label: "Processor(s)",
            value: "2 Processor(s) Installed.".into(),
            more: vec![
                "[01]: Intel64 Family 6 Model 85 Stepping 7 GenuineIntel ~2394 Mhz".into(),
                "[02]: Intel64 Family 6 Model 85 Stepping 7 GenuineIntel ~2394 Mhz".into(),
            ],
        },
        one(
            "BIOS Version",
            "VMware, Inc. VMW71.00V.16707776.B64.2008070230, 8/7/2020",
        ),
        one("Windows Directory", r"C:\Windows"),
        one("System Directory", r"C:\Windows\system32"),
        one("Boot Device", r"\Device\HarddiskVolume1"),
        one("System Locale", "en-us;English (United States)"),
        one("Input Locale", "en-us;English (United States)"),
        one(
            "Time Zone",
            "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna",
        ),
        one("Total Physical Memory", "8,191 MB"),
        one("Available Physical Memory", "4,870 MB"),
        one("Virtual Memory: Max Size", "9,471 MB"),
        one("Virtual Memory: Available", "5,902 MB"),
        one("Virtual Memory: In Use", "3,569 MB"),
        one("Page File Location(s)", r"C:\pagefile.sys"),
        one("Domain", DOMAIN),
        one("Logon Server", r"\\DC01"),
        SysInfoField {
            label: "Hotfix(s)",
            value: format!("{} Hotfix(s) Installed.", hotfixes.len()),
            more: hotfix_lines,
        },
        SysInfoField {
            label: "Network Card(s)",
            value: "1 NIC(s) Installed.".into(),
            more: vec![
                "[01]: vmxnet3 Ethernet Adapter".into(),
                "      Connection Name: Ethernet0".into(),
                "      DHCP Enabled:    No".into(),
                "      IP address(es)".into(),
                "      [01]: 10.0.0.25".into(),
                "      [02]: fe80::1c2d:3e4f:5a6b:7c8d".into(),
            ],
        },
        one(
            "Hyper-V Requirements",
            "A hypervisor has been detected. Features required for Hyper-V will not be displayed.",
        ),
    ]
}

fn server_2019_systeminfo() -> Vec<SysInfoField<'static>> {
    systeminfo_fields(
        "Microsoft Windows Server 2019 Standard",
        "10.0.17763 N/A Build 17763",
        "00429-70000-00000-AA535",
        "2/16/2026, 2:33:36 PM",
        &["KB5044089", "KB5046270", "KB5066586"],
    )
}

fn server_2022_systeminfo() -> Vec<SysInfoField<'static>> {
    systeminfo_fields(
        "Microsoft Windows Server 2022 Standard",
        "10.0.20348 N/A Build 20348",
        "00454-40000-00001-AA081",
        "2/16/2026, 2:33:36 PM",
        &["KB5012170", "KB5065431", "KB5066782"],
    )
}

/// `samples/README.md`: one line per sample plus the certificate thumbprints.
fn readme(pki: &Pki, client_auth: &[(&str, &Cert)]) -> String {
    let mut out = String::from(
        "# Sample bundles\n\n\
         Generated by `cargo run --release -p samplegen`; do not edit by hand. Each legacy sample differs \
         from `healthy` only where its line says.\n\n",
    );
    for (name, what) in SAMPLES {
        out.push_str(&format!("- `{name}`: {what}\n"));
    }
    out.push_str("\n## Certificate thumbprints\n\n");
    let shared = [
        (
            "root CA (`certs/LocalMachine/Root`; PEM in the collector bundles, DER in `healthy-unified`)",
            &pki.root,
        ),
        ("issuing CA (`certs/LocalMachine/CA`)", &pki.issuing),
        (
            "RA, Exchange Enrollment Agent (Offline request)",
            &pki.ra_enrollment_agent,
        ),
        ("RA, CEP Encryption", &pki.ra_cep_encryption),
    ];
    for (label, cert) in shared.iter().chain(client_auth) {
        out.push_str(&format!("- {label}: `{}`\n", cert.thumbprint));
    }
    out
}
