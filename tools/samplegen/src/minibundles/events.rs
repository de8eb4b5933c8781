//! Mini-bundles of the event, log, probe and proxy rules: the connector's and NDES's event
//! exports (`Get-WinEvent | ConvertTo-Json` from Windows PowerShell 5.1 and PowerShell 7,
//! `wevtutil qe /f:text`), the policy module's `NDESPlugin.log`, IIS W3C logs, the legacy
//! connector's `.svclog` traces, `probes.json`, and the WinHTTP / SYSTEM proxy settings.
//!
//! Collector bundles are taken at 2026-11-20T09:14:03+01:00 (08:14:03 UTC), like the samples;
//! bundles collected by hand have no manifest and are checked as of that same moment.

use std::path::Path;

use crate::Result;
use crate::bundle::{Bundle, CollectorRun, ManifestHeader};
use crate::fixtures::events::{
    ADMIN, At, CONNECTOR, NDES, WinEvent, evtx, full, selected, trace_event, trace_record,
    wevtutil_block,
};
use crate::fixtures::registry::{
    http_probe, probes_document, sslcert_2019, tcp_probe, winhttp_blob,
};
use crate::fixtures::system::{Ps, computer_info_json, ps51_file};
use crate::inet::{LanSettings, Profile, internet_settings_key};
use crate::json::{Json, ps7, ps51};
use crate::pki::{Cert, ClientAuthSpec, Pki, utc};
use crate::reg::{self, RegData, RegKey};
use crate::samples::certs::{KeyProvider, StoreCert, certutil_store_my};
use crate::winfmt::{
    CRLF, SysInfoField, WinHttpProxy, crlf_lines, netsh_winhttp_show_proxy, systeminfo, utf16le_bom,
};

const HOST: &str = "NDES01";
const FQDN: &str = "ndes01.corp.contoso.com";
const EXTERNAL_FQDN: &str = "ndes.contoso.com";
const PROXY: &str = "proxy.corp.contoso.com:8080";
const BYPASS: &str = "<local>;*.corp.contoso.com";
const LEGACY_LOG: &str = "Microsoft Intune Connector";
const OPERATIONAL: &str = "Microsoft-Intune-CertificateConnectors/Operational";
const INET_KEY: &str = r"Software\Microsoft\Windows\CurrentVersion\Internet Settings";
const MACHINE_INET: &str =
    r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Internet Settings";
const SELECT: &str =
    "Select-Object TimeCreated,Id,Level,LevelDisplayName,ProviderName,LogName,MachineName,Message";

/// Writes this area's mini-bundles.
pub fn write(root: &Path) -> Result<()> {
    let pki = Pki::new()?;
    let bundles = [
        ("legacy-connector-failures", legacy_connector_failures()),
        ("legacy-connector-warnings", legacy_connector_warnings()),
        ("legacy-connector-healthy", legacy_connector_healthy()),
        ("connector-repeated-failures", connector_repeated_failures()),
        ("connector-single-failures", connector_single_failures()),
        ("connector-healthy", connector_healthy()),
        ("connector-other-errors", connector_other_errors()),
        ("pkcs-rpc-unavailable", pkcs_rpc_unavailable()),
        ("pkcs-legacy-pending", pkcs_legacy_pending()),
        ("connector-empty-channels", connector_empty_channels()),
        ("ndes-application-errors", ndes_application_errors()),
        ("ndes-application-healthy", ndes_application_healthy()),
        ("scep-apppool-crash", scep_apppool_crash(&pki)),
        ("scep-apppool-healthy", scep_apppool_healthy(&pki)),
        ("crp-temp-folder", crp_temp_folder()),
        ("crp-temp-folder-healthy", crp_temp_folder_healthy()),
        ("ndesplugin-12175", ndesplugin_12175(&pki)?),
        ("ndesplugin-success", ndesplugin_success()),
        ("ndesplugin-log-missing", ndesplugin_log_missing()),
        ("ndesplugin-403", ndesplugin_403(&pki)),
        ("verifyrequest-false", verifyrequest_false()),
        ("crp-crypto-exception", crp_crypto_exception()),
        ("connector-signin-license", connector_signin_license()),
        ("iis-device-failures", iis_device_failures()),
        ("probes-internal-503", probes_internal_503()),
        (
            "probes-default-page-connector-installed",
            probes_default_page_connector_installed(),
        ),
        ("probes-before-connector", probes_before_connector()),
        (
            "probes-external-gateway-timeout",
            probes_external_gateway_timeout(),
        ),
        ("probes-autoupdate-blocked", probes_autoupdate_blocked()),
        ("probes-healthy", probes_healthy()),
        ("winhttp-registry-mismatch", winhttp_registry_mismatch()),
        ("proxy-consistent", proxy_consistent()),
        (
            "system-proxy-enable-mismatch",
            system_proxy_enable_mismatch(),
        ),
        ("system-proxy-bypass-missing", system_proxy_bypass_missing()),
        ("winhttp-bypass-missing", winhttp_bypass_missing()),
        ("ndes-install-ksp", ndes_install_ksp(&pki)),
        ("ndes-ra-keys-in-ksp", ndes_ra_keys_in_ksp(&pki)),
        ("ndes-install-csp", ndes_install_csp(&pki)),
        ("ndes-ca-other-domain", ndes_ca_other_domain()),
        ("reboot-pending-connector", reboot_pending_connector()),
        ("reboot-pending-ndes-config", reboot_pending_ndes_config()),
        ("reboot-done", reboot_done()),
    ];
    for (name, bundle) in &bundles {
        bundle.write(&root.join(name))?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Bundles and times

/// A collector bundle from Windows PowerShell 5.1.
fn collected() -> Bundle {
    Bundle::collected(header("5.1.17763.5830"))
}

/// A collector bundle from PowerShell 7.
fn collected_ps7() -> Bundle {
    Bundle::collected(header("7.4.6"))
}

fn header(powershell: &'static str) -> ManifestHeader {
    ManifestHeader {
        collected_at: "2026-11-20T09:14:03+01:00",
        host_name: HOST,
        host_fqdn: FQDN,
        external_fqdn: EXTERNAL_FQDN,
        powershell,
    }
}

/// `hours` before the bundle was taken (08:14:03 UTC), with some sub-second noise.
fn before(hours: f64) -> At {
    let taken = At::utc(2026, 11, 20, 8, 14, 3, 0);
    let secs = (hours * 3600.0).round() as i64;
    At {
        ticks: ((secs.unsigned_abs() * 7_919) % 10_000_000) as u32,
        ..taken.plus_secs(-secs)
    }
}

// ---------------------------------------------------------------------------------------------
// Events

/// An event with the usual defaults of its provider.
fn event(
    log: &'static str,
    provider: &'static str,
    id: i64,
    level: i64,
    at: At,
    text: &str,
) -> WinEvent {
    let display = match level {
        1 => "Critical",
        2 => "Error",
        3 => "Warning",
        _ => "Information",
    };
    let classic = log == "Application" || log == "System";
    WinEvent {
        at,
        id,
        level,
        display: Some(display),
        provider,
        log,
        message: Some(text.replace('\n', "\r\n")),
        properties: Vec::new(),
        qualifiers: classic.then_some(0),
        task: 0,
        keywords: if classic {
            "36028797018963968"
        } else {
            "-9223372036854775808"
        },
        record_id: 0,
        user: Some("S-1-5-18"),
    }
}

/// Newest first, numbered the way the channel numbers its records.
fn newest_first(mut events: Vec<WinEvent>, first_record: i64) -> Vec<WinEvent> {
    events.sort_by_key(|e| std::cmp::Reverse((e.at.secs, e.at.ticks)));
    let count = events.len() as i64;
    for (i, e) in events.iter_mut().enumerate() {
        e.record_id = first_record + count - i as i64;
    }
    events
}

/// `Get-WinEvent ... | Select-Object ... | ConvertTo-Json > file`: UTF-16LE from Windows
/// PowerShell 5.1, UTF-8 from PowerShell 7; one event is written as an object, not an array.
fn winevent_json(events: &[WinEvent], ps7_layout: bool) -> Vec<u8> {
    let items: Vec<Json> = events.iter().map(|e| selected(e, ps7_layout)).collect();
    let value = match <[Json; 1]>::try_from(items) {
        Ok([one]) => one,
        Err(items) => Json::Array(items),
    };
    if ps7_layout {
        (ps7(&value) + CRLF).into_bytes()
    } else {
        utf16le_bom(&(ps51(&value) + CRLF))
    }
}

/// `Get-WinEvent ... | ConvertTo-Json` of the whole records (no `Select-Object`).
fn winevent_full_json(events: &[WinEvent]) -> Vec<u8> {
    let value = Json::Array(events.iter().map(|e| full(e, false)).collect());
    utf16le_bom(&(ps51(&value) + CRLF))
}

/// `wevtutil qe <log> /rd:true /f:text`: newer builds print UTC (cmd, UTF-8); older ones
/// local time (here UTC+1) without a zone (Windows PowerShell 5.1 `>`, UTF-16LE).
fn wevtutil_text(events: &[WinEvent], utc_dates: bool) -> Vec<u8> {
    let mut lines = Vec::new();
    for (i, e) in events.iter().enumerate() {
        let keyword = if e.log == "Application" || e.log == "System" {
            "Classic"
        } else {
            "N/A"
        };
        let date = if utc_dates {
            e.at.iso(None, 7)
        } else {
            e.at.plus_secs(3600)
                .iso(None, 3)
                .trim_end_matches('Z')
                .to_string()
        };
        lines.extend(wevtutil_block(i, e, &date, keyword));
    }
    let text = crlf_lines(&lines);
    if utc_dates {
        text.into_bytes()
    } else {
        utf16le_bom(&text)
    }
}

/// Adds `events/<name>.json` as the collector writes it for `log`.
fn add_events(bundle: &mut Bundle, name: &str, log: &str, events: &[WinEvent], ps7_layout: bool) {
    bundle.add(
        &format!("events/{name}.json"),
        &format!(
            "Get-WinEvent -LogName '{log}' -MaxEvents 500 | {SELECT} | ConvertTo-Json > events\\{name}.json"
        ),
        winevent_json(events, ps7_layout),
    );
}

/// A legacy connector event: its name, text and diagnostic code, as the connector writes them.
fn legacy(id: i64, level: i64, at: At, name: &str, text: &str, code: &str) -> WinEvent {
    let message = format!(
        "{name}: {text}\nDevice ID: 6c1f0d2a-93b4-4e57-a0d8-2f5e7b9c1a34\nDiagnostic code: {code}"
    );
    event(LEGACY_LOG, LEGACY_LOG, id, level, at, &message)
}

fn legacy_routine(hours: f64) -> Vec<WinEvent> {
    vec![
        legacy(
            20400,
            4,
            before(hours),
            "Download_Success",
            "Requests were downloaded from the Intune service.",
            "0x00000000",
        ),
        legacy(
            20500,
            4,
            before(hours - 0.2),
            "CRPVerifyMetric_Success",
            "The certificate registration point verified the client challenge.",
            "0x00000000",
        ),
        legacy(
            20600,
            4,
            before(hours - 0.3),
            "CRPNotifyMetric_Success",
            "The certificate registration point sent the certificate to the client device.",
            "0x00000000",
        ),
    ]
}

fn legacy_started(hours: f64) -> WinEvent {
    event(
        LEGACY_LOG,
        LEGACY_LOG,
        10010,
        4,
        before(hours),
        "StartedConnectorService: The Intune Connector Service started.",
    )
}

fn ca_unavailable(hours: f64) -> WinEvent {
    legacy(
        20102,
        2,
        before(hours),
        "PkcsCertIssue_Failure",
        "A PKCS certificate could not be issued.\nCA name: ca01.corp.contoso.com\\Contoso Issuing CA 01\nTemplate: IntunePKCS\nDiagnostic name: PKCS_Issue_CA_Unavailable",
        "0x00000400",
    )
}

fn legacy_connector_failures() -> Bundle {
    let mut events = vec![
        legacy(
            20502,
            2,
            before(0.25),
            "CRPVerifyMetric_Failure",
            "The certificate registration point failed to verify the client challenge.\nDiagnostic name: CRPSCEPSigningCert_NotFound\nDiagnostic message: The signing certificate could not be retrieved.",
            "0x00000409",
        ),
        ca_unavailable(2.0),
        ca_unavailable(20.5),
        ca_unavailable(41.0),
        legacy_started(70.0),
    ];
    events.extend(legacy_routine(30.0));
    let mut bundle = collected();
    add_events(
        &mut bundle,
        "IntuneConnector",
        LEGACY_LOG,
        &newest_first(events, 8_410),
        false,
    );
    bundle
}

fn legacy_connector_warnings() -> Bundle {
    let mut events = vec![
        legacy(
            20501,
            3,
            before(1.5),
            "CRPVerifyMetric_Warning",
            "The certificate registration point completed the request but rejected it.\nDiagnostic name: CRPSCEPChallenge_Expired\nDiagnostic message: The request was denied because the certificate challenge expired.",
            "0x00000411",
        ),
        legacy(
            10301,
            3,
            before(6.0),
            "RetrieveCertificate_Warning",
            "A certificate matching the thumbprint was not found.\nDiagnostic name: CertThumbprint_NotFound",
            "0x00000403",
        ),
        legacy(
            20402,
            2,
            before(30.0),
            "Download_Failure",
            "Requests could not be downloaded from the Intune service.\nDiagnostic name: Unknown_Error",
            "0x0FFFFFFF",
        ),
        legacy_started(96.0),
    ];
    events.extend(legacy_routine(3.0));
    // Collected by hand on Server 2022 with cmd: `wevtutil` prints UTC, UTF-8.
    let mut bundle = Bundle::by_hand();
    bundle.add(
        "IntuneConnector.txt",
        "wevtutil qe \"Microsoft Intune Connector\" /c:500 /rd:true /f:text > IntuneConnector.txt",
        wevtutil_text(&newest_first(events, 512), true),
    );
    bundle
}

fn legacy_connector_healthy() -> Bundle {
    let mut events = vec![
        // A CA outage nine days ago, long fixed.
        ca_unavailable(9.0 * 24.0),
        ca_unavailable(9.0 * 24.0 - 1.0),
        // A restart: stopped, then started again.
        event(
            LEGACY_LOG,
            LEGACY_LOG,
            10020,
            4,
            before(50.0),
            "StoppedConnectorService: The Intune Connector Service stopped.",
        ),
        legacy_started(49.9),
        legacy(
            20100,
            4,
            before(20.0),
            "PkcsCertIssue_Success",
            "A PKCS certificate was issued.\nCA name: ca01.corp.contoso.com\\Contoso Issuing CA 01",
            "0x00000000",
        ),
    ];
    events.extend(legacy_routine(2.0));
    events.extend(legacy_routine(26.0));
    let mut bundle = collected_ps7();
    add_events(
        &mut bundle,
        "IntuneConnector",
        LEGACY_LOG,
        &newest_first(events, 9_120),
        true,
    );
    bundle
}

fn connector_event(log: &'static str, id: i64, level: i64, hours: f64, text: &str) -> WinEvent {
    event(log, CONNECTOR, id, level, before(hours), text)
}

fn scep_success(hours: f64) -> WinEvent {
    connector_event(
        ADMIN,
        4000,
        4,
        hours,
        "ScepRequestSuccess: the certificate for the SCEP request was issued.\nTransactionId: 0B3E9A41-5C7D-4E28-8F60-7A1B2C3D4E5F",
    )
}

fn scep_issued_failure(hours: f64) -> WinEvent {
    connector_event(
        ADMIN,
        4001,
        2,
        hours,
        "ScepRequestIssuedFailure: the certification authority did not issue a certificate for the SCEP request.\nTransactionId: 5D1A0C72-7E2B-4F5B-9C1E-2A7D3E4F5061\nError: The requested certificate template is not supported by this CA. 0x80094800 (-2146875392 CERTSRV_E_UNSUPPORTED_CERT_TYPE)",
    )
}

fn scep_operational(hours: f64) -> Vec<WinEvent> {
    vec![
        connector_event(
            OPERATIONAL,
            4003,
            4,
            hours,
            "ScepRequestReceived: a SCEP request was received from the NDES policy module.",
        ),
        connector_event(
            OPERATIONAL,
            4004,
            4,
            hours - 0.01,
            "ScepVerifySuccess: the SCEP challenge was verified with Intune.",
        ),
        connector_event(
            OPERATIONAL,
            4006,
            4,
            hours - 0.02,
            "ScepIssuedSuccess: the certificate for the SCEP request was issued.",
        ),
    ]
}

fn scep_verify_failure(hours: f64) -> WinEvent {
    connector_event(
        OPERATIONAL,
        4005,
        2,
        hours,
        "ScepVerifyFailure: the SCEP challenge could not be verified with Intune.\nError: The remote server returned an error: (407) Proxy Authentication Required.",
    )
}

fn connector_repeated_failures() -> Bundle {
    let admin = vec![
        scep_issued_failure(0.5),
        scep_issued_failure(3.0),
        scep_issued_failure(27.0),
        scep_success(50.0),
    ];
    let mut operational = scep_operational(50.0);
    operational.extend([scep_verify_failure(1.0), scep_verify_failure(4.5)]);
    let mut bundle = collected();
    add_events(
        &mut bundle,
        "CertificateConnectors-Admin",
        ADMIN,
        &newest_first(admin, 1_190),
        false,
    );
    add_events(
        &mut bundle,
        "CertificateConnectors-Operational",
        OPERATIONAL,
        &newest_first(operational, 20_880),
        false,
    );
    bundle
}

fn connector_single_failures() -> Bundle {
    let admin = vec![
        connector_event(
            ADMIN,
            1001,
            2,
            5.0,
            "PkcsRequestFailure: CCertRequest::Submit: The RPC server is unavailable. 0x800706ba (WIN32: 1722 RPC_S_SERVER_UNAVAILABLE)\nCertificationAuthority: ca01.corp.contoso.com\\Contoso Issuing CA 01",
        ),
        connector_event(
            ADMIN,
            1000,
            4,
            2.0,
            "PkcsRequestSuccess: the PKCS certificate request was issued and uploaded.",
        ),
        scep_success(1.0),
    ];
    let revoke_attempt = |hours| {
        connector_event(
            OPERATIONAL,
            3052,
            3,
            hours,
            "RevokeFailedAttempt: the certificate could not be revoked and will be retried.\nCertificationAuthority: ca01.corp.contoso.com\\Contoso Issuing CA 01\nError: Access is denied. 0x80070005 (WIN32: 5 ERROR_ACCESS_DENIED)",
        )
    };
    let operational = vec![
        revoke_attempt(7.0),
        revoke_attempt(6.0),
        connector_event(
            OPERATIONAL,
            3050,
            4,
            5.5,
            "RevokeSuccess: the certificate was revoked.",
        ),
    ];
    // Collected by hand: `wevtutil` of the Admin log (cmd, UTF-8) and the Operational log
    // through PowerShell 7.
    let mut bundle = Bundle::by_hand();
    bundle.add(
        "admin.txt",
        "wevtutil qe Microsoft-Intune-CertificateConnectors/Admin /c:500 /rd:true /f:text > admin.txt",
        wevtutil_text(&newest_first(admin, 2_001), true),
    );
    bundle.add(
        "operational.json",
        &format!(
            "Get-WinEvent -LogName '{OPERATIONAL}' -MaxEvents 500 | {SELECT} | ConvertTo-Json > operational.json"
        ),
        winevent_json(&newest_first(operational, 7_300), true),
    );
    bundle
}

fn connector_healthy() -> Bundle {
    let admin = vec![
        // Last week's template problem, fixed since.
        scep_issued_failure(8.0 * 24.0),
        scep_issued_failure(8.0 * 24.0 - 2.0),
        scep_success(30.0),
        scep_success(3.0),
        connector_event(
            ADMIN,
            1000,
            4,
            2.0,
            "PkcsRequestSuccess: the PKCS certificate request was issued and uploaded.",
        ),
    ];
    let mut operational = scep_operational(30.0);
    operational.extend(scep_operational(3.0));
    let mut bundle = collected_ps7();
    add_events(
        &mut bundle,
        "CertificateConnectors-Admin",
        ADMIN,
        &newest_first(admin, 3_400),
        true,
    );
    add_events(
        &mut bundle,
        "CertificateConnectors-Operational",
        OPERATIONAL,
        &newest_first(operational, 44_120),
        true,
    );
    bundle
}

/// PKCS requests since this morning fail because the CA's RPC endpoint is blocked; yesterday's
/// went through. NDES was set up against CA01, which the help names.
fn pkcs_rpc_unavailable() -> Bundle {
    let rpc_failure = |hours| {
        connector_event(
            ADMIN,
            1001,
            2,
            hours,
            "PkcsRequestFailure: the PKCS certificate request could not be issued.\nRequestId: 3f6b2c1e-8a4d-4b7e-9c02-5d1e7f3a6b90\nError: CCertRequest::Submit: The RPC server is unavailable. 0x800706ba (WIN32: 1722 RPC_S_SERVER_UNAVAILABLE)",
        )
    };
    let admin = vec![
        rpc_failure(0.4),
        rpc_failure(2.1),
        connector_event(
            ADMIN,
            1000,
            4,
            26.0,
            "PkcsRequestSuccess: the PKCS certificate request was issued and uploaded.",
        ),
    ];
    let deployment = vec![event(
        "Microsoft-Windows-CertificateServices-Deployment/Operational",
        "Microsoft-Windows-CertificateServices-Deployment",
        105,
        4,
        before(24.0 * 170.0),
        "Active Directory Certificate Services role service Network Device Enrollment Service was configured.\n\nInstall-AdcsNetworkDeviceEnrollmentService -ServiceAccountName \"CORP\\svc-ndes\" -RAName \"NDES01-MSCEP-RA\" -RACountry \"US\" -RACompany \"Contoso\" -CAConfig \"CA01.corp.contoso.com\\Contoso Issuing CA 01\" -SigningProviderName \"Microsoft Strong Cryptographic Provider\" -SigningKeyLength 2048 -EncryptionProviderName \"Microsoft Strong Cryptographic Provider\" -EncryptionKeyLength 2048",
    )];
    let mut bundle = collected_ps7();
    add_events(
        &mut bundle,
        "CertificateConnectors-Admin",
        ADMIN,
        &newest_first(admin, 5_210),
        true,
    );
    add_events(
        &mut bundle,
        "CertificateServices-Deployment",
        "Microsoft-Windows-CertificateServices-Deployment/Operational",
        &newest_first(deployment, 12),
        true,
    );
    bundle
}

/// The legacy PFX connector's trace: the CA marks every PKCS request pending.
fn pkcs_legacy_pending() -> Bundle {
    let t = before(3.5);
    let trace = [
        connector_trace(
            t,
            8,
            "IssuePfx - Processing request 9a41c7e2-3d5b-4f68-8e10-6b2c4d7f9a13",
        ),
        connector_trace(
            t.plus_secs(2),
            2,
            "IssuePfx - The submission is pending: Taken Under Submission",
        ),
        connector_trace(
            t.plus_secs(2),
            4,
            "IssuePfx - Request 9a41c7e2-3d5b-4f68-8e10-6b2c4d7f9a13 will be retried",
        ),
    ];
    let mut bundle = collected();
    add_svclog(
        &mut bundle,
        "NDESConnector_2026-11-20_043112.svclog",
        crlf_lines(&trace).into_bytes(),
    );
    bundle
}

fn connector_other_errors() -> Bundle {
    let unreachable = |hours| {
        connector_event(
            ADMIN,
            2,
            2,
            hours,
            "Failed to send request to Intune service.\nException: System.Net.WebException: Unable to connect to the remote server\n   at System.Net.HttpWebRequest.GetResponse()",
        )
    };
    let admin = vec![unreachable(0.4), unreachable(1.4), scep_success(30.0)];
    let service = event(
        "Application",
        "PFXCertificateConnectorSvc",
        0,
        2,
        before(0.9),
        "Service cannot be started. System.Net.WebException: The remote name could not be resolved: 'login.microsoftonline.com'\n   at System.Net.HttpWebRequest.GetResponse()\n   at Microsoft.Management.Services.PfxCertificateConnector.Service.OnStart(String[] args)",
    );
    let mut bundle = collected();
    add_events(
        &mut bundle,
        "CertificateConnectors-Admin",
        ADMIN,
        &newest_first(admin, 1_500),
        false,
    );
    add_events(
        &mut bundle,
        "Application",
        "Application",
        &newest_first(vec![service], 48_300),
        false,
    );
    bundle
}

/// A quiet connector: both channels exist and hold no events. The collector skips their JSON
/// exports ("no matching events") and exports each channel whole with `wevtutil epl`, which
/// writes an `.evtx` with no records.
fn connector_empty_channels() -> Bundle {
    let mut bundle = collected();
    let mut skipped = Vec::new();
    for (name, log) in [
        ("CertificateConnectors-Admin", ADMIN),
        ("CertificateConnectors-Operational", OPERATIONAL),
    ] {
        skipped.push((
            format!("events/{name}.json"),
            format!("no matching events in {log}"),
        ));
        let channel = evtx::Log {
            provider: CONNECTOR,
            provider_guid: "{2c5ac6a5-6a62-4b36-b6f8-2e4a9f1c7d30}",
            channel: log,
            computer: FQDN,
            data_names: &["Message"],
        };
        bundle.add(
            &format!("events/{name}.evtx"),
            &format!(r#"wevtutil epl "{log}" "events\{name}.evtx" /ow:true"#),
            evtx::file(&channel, &[]),
        );
    }
    bundle.set_collector_run(CollectorRun {
        ran_as: r"CORP\Administrator".to_string(),
        errors: Vec::new(),
        skipped,
    });
    bundle
}

fn ndes_event(id: i64, level: i64, hours: f64, text: &str) -> WinEvent {
    WinEvent {
        user: Some("S-1-5-21-1004336348-1177238915-682003330-1112"),
        ..event("Application", NDES, id, level, before(hours), text)
    }
}

fn mscep_key(encrypted_password: bool) -> RegKey {
    let mut key = RegKey::new(r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Cryptography\MSCEP")
        .value("EncryptionTemplate", RegData::Sz("IntuneNDES".into()))
        .value("GeneralPurposeTemplate", RegData::Sz("IntuneNDES".into()))
        .value("SignatureTemplate", RegData::Sz("IntuneNDES".into()));
    if encrypted_password {
        let blob = (0u8..94)
            .map(|i| i.wrapping_mul(37).wrapping_add(0x5c))
            .collect();
        key = key.value("EncryptedPassword", RegData::Binary(blob));
    }
    key.subkey("CAType", |k| k.default_value(RegData::Dword(1)))
        .subkey("CertsInMYStore", |k| k.default_value(RegData::Dword(1)))
        .subkey("EnforcePassword", |k| k.default_value(RegData::Dword(1)))
        .subkey("UseSinglePassword", |k| k.default_value(RegData::Dword(0)))
}

fn ndes_application_errors() -> Bundle {
    let events = vec![
        ndes_event(
            2,
            2,
            0.2,
            "The Network Device Enrollment Service cannot be started (0x8009000b). Key not valid for use in specified state.",
        ),
        ndes_event(
            49,
            2,
            0.21,
            "The Network Device Enrollment Service has failed to decrypt the encrypted password or the decrypted password's length doesn't match the one configured in the registry. Please make sure the password is correct and try again. (0x8009000b)",
        ),
        ndes_event(
            31,
            2,
            26.0,
            "The Network Device Enrollment Service cannot submit the certificate request (The requested certificate template is not supported by this CA.). 0x80004005",
        ),
    ];
    let mut bundle = collected();
    bundle.add(
        "registry/MSCEP.reg",
        r"reg export HKLM\SOFTWARE\Microsoft\Cryptography\MSCEP registry\MSCEP.reg /y",
        reg::export(&mscep_key(true)),
    );
    add_events(
        &mut bundle,
        "Application",
        "Application",
        &newest_first(events, 48_200),
        false,
    );
    bundle
}

fn msi_event(id: i64, hours: f64, text: &str) -> WinEvent {
    WinEvent {
        user: Some("S-1-5-21-1004336348-1177238915-682003330-500"),
        ..event("Application", "MsiInstaller", id, 4, before(hours), text)
    }
}

fn ndes_application_healthy() -> Bundle {
    let events = vec![
        // Twelve days old: the template was fixed the same day.
        ndes_event(
            31,
            2,
            12.0 * 24.0,
            "The Network Device Enrollment Service cannot submit the certificate request (The requested certificate template is not supported by this CA.). 0x80004005",
        ),
        msi_event(
            11707,
            40.0,
            "Product: Certificate Connector for Microsoft Intune -- Installation completed successfully.",
        ),
        msi_event(
            1033,
            40.0,
            "Windows Installer installed the product. Product Name: Certificate Connector for Microsoft Intune. Product Version: 6.2406.0.1001. Product Language: 1033. Manufacturer: Microsoft Corporation. Installation success or error status: 0.",
        ),
    ];
    let mut bundle = collected_ps7();
    bundle.add(
        "registry/MSCEP.reg",
        r"reg export HKLM\SOFTWARE\Microsoft\Cryptography\MSCEP registry\MSCEP.reg /y",
        reg::export(&mscep_key(false)),
    );
    add_events(
        &mut bundle,
        "Application",
        "Application",
        &newest_first(events, 51_000),
        true,
    );
    bundle
}

fn w3wp_crash(hours: f64) -> WinEvent {
    WinEvent {
        task: 100,
        user: None,
        properties: vec![
            "w3wp.exe",
            "10.0.17763.1",
            "cfdb13d8",
            "ntdll.dll",
            "10.0.17763.5830",
            "6a1c7f2e",
            "c0000005",
            "000000000003ae2b",
            "1a3c",
        ],
        ..event(
            "Application",
            "Application Error",
            1000,
            2,
            before(hours),
            "Faulting application name: w3wp.exe, version: 10.0.17763.1, time stamp: 0xcfdb13d8\nFaulting module name: ntdll.dll, version: 10.0.17763.5830, time stamp: 0x6a1c7f2e\nException code: 0xc0000005\nFault offset: 0x000000000003ae2b\nFaulting process id: 0x1a3c\nFaulting application start time: 0x01db5a3f2c7e9d10\nFaulting application path: c:\\windows\\system32\\inetsrv\\w3wp.exe\nFaulting module path: C:\\Windows\\SYSTEM32\\ntdll.dll\nReport Id: 9c41b2d7-0e5f-4a63-8d21-7b3c5e9f0a18",
        )
    }
}

fn was_5009(hours: f64, exit_code: &str) -> WinEvent {
    WinEvent {
        user: None,
        ..event(
            "System",
            "Microsoft-Windows-WAS",
            5009,
            3,
            before(hours),
            &format!(
                "A process serving application pool 'SCEP' terminated unexpectedly. The process id was '6716'. The process exit code was '{exit_code}'."
            ),
        )
    }
}

/// `Export-Certificate` (DER) of `cert` from `LocalMachine\<store>`.
fn add_der_cert(bundle: &mut Bundle, store: &str, cert: &Cert) {
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

fn scep_apppool_crash(pki: &Pki) -> Bundle {
    let mut bundle = collected();
    // The full records, as `Get-WinEvent -FilterHashtable ... | ConvertTo-Json` writes them.
    bundle.add(
        "events/Application.json",
        "Get-WinEvent -FilterHashtable @{LogName='Application'; ProviderName='Application Error'} -MaxEvents 50 | ConvertTo-Json > events\\Application.json",
        winevent_full_json(&newest_first(vec![w3wp_crash(0.6), w3wp_crash(2.1)], 48_260)),
    );
    add_events(
        &mut bundle,
        "System",
        "System",
        &newest_first(
            vec![was_5009(0.6, "0xc0000005"), was_5009(2.1, "0xc0000005")],
            9_870,
        ),
        false,
    );
    // A GPO copied the issuing CA into Trusted Root along with the root.
    add_der_cert(&mut bundle, "Root", &pki.root);
    add_der_cert(&mut bundle, "Root", &pki.issuing);
    add_der_cert(&mut bundle, "CA", &pki.issuing);
    bundle
}

fn scep_apppool_healthy(pki: &Pki) -> Bundle {
    let mut bundle = collected();
    bundle.add(
        "events/Application.json",
        "Get-WinEvent -FilterHashtable @{LogName='Application'; ProviderName='Application Error'} -MaxEvents 50 | ConvertTo-Json > events\\Application.json",
        // One crash ten days ago, before the intermediate was moved out of Root.
        winevent_full_json(&newest_first(vec![w3wp_crash(240.0)], 47_100)),
    );
    add_der_cert(&mut bundle, "Root", &pki.root);
    add_der_cert(&mut bundle, "CA", &pki.issuing);
    bundle
}

/// `11/20/2026 8:26:03 AM`, the way ASP.NET health monitoring prints its event times.
fn us_time(at: At) -> String {
    let iso = at.iso(None, 0);
    let field = |range: std::ops::Range<usize>| iso[range].parse::<u32>().unwrap_or(0);
    let (hour, minute, second) = (field(11..13), field(14..16), field(17..19));
    let (h12, half) = match hour {
        0 => (12, "AM"),
        1..=11 => (hour, "AM"),
        12 => (12, "PM"),
        _ => (hour - 12, "PM"),
    };
    format!(
        "{}/{}/{} {h12}:{minute:02}:{second:02} {half}",
        field(5..7),
        field(8..10),
        &iso[..4]
    )
}

fn aspnet_1310(hours: f64, code: u32, message: &str, detail: &str) -> WinEvent {
    let local = us_time(before(hours).plus_secs(3600));
    let utc_time = us_time(before(hours));
    WinEvent {
        user: None,
        ..event(
            "Application",
            "ASP.NET 4.0.30319.0",
            1310,
            3,
            before(hours),
            &format!(
                "Event code: {code} \nEvent message: {message} \nEvent time: {local} \nEvent time (UTC): {utc_time} \nEvent ID: 4b0c6e8e2f1d4a7bb0f3a5c91d2e7f60 \nEvent sequence: 1 \nEvent occurrence: 1 \nEvent detail code: 0 \n \nApplication information: \n    Application domain: /LM/W3SVC/1/ROOT/CertificateRegistrationSvc-1-134083452210000000 \n    Trust level: Full \n    Application Virtual Path: /CertificateRegistrationSvc \n    Application Path: C:\\Program Files\\Microsoft Intune\\NDESConnectorSvc\\CertificateRegistrationSvc\\ \n    Machine name: {HOST} \n \nProcess information: \n    Process ID: 6716 \n    Process name: w3wp.exe \n    Account name: NT AUTHORITY\\NETWORK SERVICE \n \nException information: \n{detail}",
            ),
        )
    }
}

/// One IIS W3C line of the default field set.
fn w3c_line(
    at: At,
    method: &str,
    stem: &str,
    query: &str,
    client: &str,
    agent: &str,
    status: &str,
) -> String {
    let (date, time) = at.w3c();
    format!("{date} {time} 10.0.0.25 {method} {stem} {query} 443 - {client} {agent} - {status} 187")
}

const ANDROID: &str = "Dalvik/2.1.0+(Linux;+U;+Android+13;+Pixel+7+Build/TQ3A.230901.001)";
const WINDOWS: &str = "Mozilla/4.0+(compatible;+Win32;+NDES+client)";
const PLUGIN_IP: &str = "fe80::f53d:89b8:c3e8:5fec%13";
const VERIFY: &str = "/CertificateRegistrationSvc/Certificate/VerifyRequest";
const PKICLIENT: &str = "/certsrv/mscep/mscep.dll/pkiclient.exe";

/// One device's enrollment as IIS logs it: GetCACaps, GetCACert, the policy module's
/// VerifyRequest, PKIOperation.
fn enrollment(at: At, client: &str, agent: &str, device: &str, verify: &str) -> Vec<String> {
    vec![
        w3c_line(
            at,
            "GET",
            PKICLIENT,
            "operation=GetCACaps&message=default",
            client,
            agent,
            device,
        ),
        w3c_line(
            at.plus_secs(1),
            "GET",
            PKICLIENT,
            "operation=GetCACert&message=default",
            client,
            agent,
            device,
        ),
        w3c_line(
            at.plus_secs(2),
            "POST",
            VERIFY,
            "-",
            PLUGIN_IP,
            "NDES_Plugin",
            verify,
        ),
        w3c_line(
            at.plus_secs(3),
            "POST",
            PKICLIENT,
            "operation=PKIOperation",
            client,
            agent,
            device,
        ),
    ]
}

/// A `u_exYYMMDD.log` (UTF-8, as IIS writes it) opened at `start`.
fn iis_log(start: At, lines: Vec<String>) -> Vec<u8> {
    let (date, time) = start.w3c();
    let mut all = vec![
        "#Software: Microsoft Internet Information Services 10.0".to_string(),
        "#Version: 1.0".to_string(),
        format!("#Date: {date} {time}"),
        "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken".to_string(),
    ];
    all.extend(lines);
    crlf_lines(&all).into_bytes()
}

fn add_iis_log(bundle: &mut Bundle, name: &str, bytes: Vec<u8>) {
    bundle.add(
        &format!("logs/IIS/W3SVC1/{name}"),
        &format!(r"Copy-Item C:\inetpub\logs\LogFiles\W3SVC1\{name} logs\IIS\W3SVC1\{name}"),
        bytes,
    );
}

fn crp_temp_folder() -> Bundle {
    let compile = aspnet_1310(
        0.8,
        3007,
        "A compilation error has occurred.",
        "    Exception type: HttpCompileException \n    Exception message: (0): error CS0016: Could not write to output file 'c:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\Temporary ASP.NET Files\\certificateregistrationsvc\\3d0c5b1e\\App_global.asax.dll' -- 'Access is denied. ' \n   at System.Web.Compilation.AssemblyBuilder.Compile()",
    );
    let mut bundle = collected();
    add_events(
        &mut bundle,
        "Application",
        "Application",
        &newest_first(vec![compile], 48_330),
        false,
    );
    let start = before(1.0);
    let mut lines = enrollment(start, "203.0.113.45", ANDROID, "200 0 0", "500 0 0");
    lines.extend(enrollment(
        start.plus_secs(600),
        "198.51.100.7",
        WINDOWS,
        "200 0 0",
        "500 0 0",
    ));
    add_iis_log(&mut bundle, "u_ex261120.log", iis_log(start, lines));
    bundle
}

fn crp_temp_folder_healthy() -> Bundle {
    let unhandled = aspnet_1310(
        30.0,
        3005,
        "An unhandled exception has occurred.",
        "    Exception type: HttpException \n    Exception message: The remote host closed the connection. The error code is 0x800704CD.",
    );
    let mut bundle = collected();
    add_events(
        &mut bundle,
        "Application",
        "Application",
        &newest_first(vec![unhandled], 48_100),
        false,
    );
    let start = before(2.0);
    add_iis_log(
        &mut bundle,
        "u_ex261120.log",
        iis_log(
            start,
            enrollment(start, "203.0.113.45", ANDROID, "200 0 0", "201 0 0"),
        ),
    );
    bundle
}

// ---------------------------------------------------------------------------------------------
// Logs

const PLUGIN_SUCCESS: [&str; 4] = [
    "Calling VerifyRequest ...",
    "Sending request to certificate registration point.",
    "Verify challenge returns true",
    "Exiting VerifyRequest with 0x0",
];

fn add_plugin_log(bundle: &mut Bundle, lines: &[&str], utf16: bool) {
    let text = crlf_lines(lines);
    bundle.add(
        "logs/NDESPolicyModule/NDESPlugin.log",
        r"Copy-Item 'C:\Program Files\Microsoft Intune\NDESPolicyModule\Logs\NDESPlugin.log' logs\NDESPolicyModule\NDESPlugin.log",
        if utf16 {
            utf16le_bom(&text)
        } else {
            text.into_bytes()
        },
    );
}

fn ndesplugin_12175(pki: &Pki) -> Result<Bundle> {
    let mut lines = PLUGIN_SUCCESS.to_vec();
    lines.extend([
        "Calling VerifyRequest ...",
        "Sending request to certificate registration point.",
        "WINHTTP_CALLBACK_STATUS_FLAG_CERT_CN_INVALID",
        "Failed to send http request /CertificateRegistrationSvc/Certificate/VerifyRequest. Error 12175",
        "Verify challenge returns false",
        "Exiting VerifyRequest with 0x80072f8f",
    ]);
    let mut bundle = collected();
    add_plugin_log(&mut bundle, &lines, false);
    // The web server certificate was renewed with the external name only.
    let web = pki.client_auth(&ClientAuthSpec {
        key: "ndes-client-auth",
        request_id: 0x31,
        not_before: utc(2026, 11, 2, 12),
        not_after: utc(2027, 11, 2, 12),
        dns_names: vec![EXTERNAL_FQDN],
    })?;
    add_der_cert(&mut bundle, "My", &web);
    bundle.add(
        "network/http-sslcert.txt",
        r"netsh http show sslcert > network\http-sslcert.txt",
        utf16le_bom(&sslcert_2019("0.0.0.0:443", &web.thumbprint)),
    );
    Ok(bundle)
}

fn crp_trace(at: At, level: u8, text: &str) -> String {
    let kind = match level {
        2 => "Error",
        4 => "Warning",
        _ => "Information",
    };
    trace_event(
        at,
        kind,
        level,
        "CertificateRegistrationPoint",
        "w3wp",
        text,
    )
}

fn crp_success(at: At) -> Vec<String> {
    vec![
        crp_trace(at, 8, "VerifyRequest Started."),
        crp_trace(
            at.plus_secs(1),
            8,
            "Validation Phase 1 finished with status True.",
        ),
        crp_trace(
            at.plus_secs(1),
            8,
            "Validation Phase 3 finished with status True.",
        ),
        crp_trace(
            at.plus_secs(2),
            8,
            "VerifyRequest Finished with status True",
        ),
    ]
}

fn add_svclog(bundle: &mut Bundle, name: &str, bytes: Vec<u8>) {
    bundle.add(
        &format!("logs/NDESConnectorSvc/{name}"),
        &format!(
            r"Copy-Item 'C:\Program Files\Microsoft Intune\NDESConnectorSvc\Logs\Logs\{name}' logs\NDESConnectorSvc\{name}"
        ),
        bytes,
    );
}

fn connector_trace(at: At, level: u8, text: &str) -> String {
    let kind = match level {
        2 => "Error",
        4 => "Warning",
        _ => "Information",
    };
    trace_event(at, kind, level, "NDESConnector", "NDESConnector", text)
}

fn ndes_connector_key(signing: bool) -> RegKey {
    let mut key =
        RegKey::new(r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\MicrosoftIntune\NDESConnector")
            .value(
                "KeyRecoveryAgentCertificate",
                RegData::Sz("7D3A9E1C5B2F4068A1C3E5F7092B4D6F8A0C2E41".into()),
            )
            .value(
                "PfxSigningCertificate",
                RegData::Sz("2E8B4D6F0A1C3E5F7091B3D5F7A9C1E3B5D7F9A2".into()),
            );
    if signing {
        key = key.value(
            "SigningCertificate",
            RegData::Sz("C4A2E6081B3D5F7092A4C6E8F0B2D4F6A8C0E2B3".into()),
        );
    }
    key
}

fn ndesplugin_success() -> Bundle {
    let mut bundle = collected();
    let mut lines = PLUGIN_SUCCESS.to_vec();
    lines.extend(PLUGIN_SUCCESS);
    add_plugin_log(&mut bundle, &lines, false);
    let start = before(3.0);
    let mut iis = enrollment(start, "203.0.113.45", ANDROID, "200 0 0", "201 0 0");
    iis.extend(enrollment(
        start.plus_secs(1800),
        "198.51.100.7",
        WINDOWS,
        "200 0 0",
        "201 0 0",
    ));
    // A browser check of the plain URL: 403 is the policy module's healthy answer.
    iis.push(w3c_line(
        start.plus_secs(2400),
        "GET",
        "/certsrv/mscep/mscep.dll",
        "-",
        "10.0.5.10",
        "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)",
        "403 0 0",
    ));
    add_iis_log(&mut bundle, "u_ex261120.log", iis_log(start, iis));
    let mut crp = crp_success(start.plus_secs(2));
    crp.extend(crp_success(start.plus_secs(1802)));
    add_svclog(
        &mut bundle,
        "CertificateRegistrationPoint_2026-11-20_051403.svclog",
        crlf_lines(&crp).into_bytes(),
    );
    let connector = [
        connector_trace(before(70.0), 8, "Starting NDES Connector service"),
        connector_trace(
            before(70.0).plus_secs(2),
            8,
            "Writing registry SOFTWARE\\Microsoft\\MicrosoftIntune\\NDESConnector\\ConnectionStatus - IssueDetails with the value 0x0",
        ),
    ];
    add_svclog(
        &mut bundle,
        "NDESConnector_2026-11-17_061403.svclog",
        connector.concat().into_bytes(),
    );
    bundle.add(
        "registry/MicrosoftIntune.reg",
        r"reg export HKLM\SOFTWARE\Microsoft\MicrosoftIntune registry\MicrosoftIntune.reg /y",
        reg::export(&ndes_connector_key(true)),
    );
    bundle
}

/// The IIS log and the legacy connector's traces, but no `NDESPlugin.log`: the policy module's
/// log folder was not collected.
fn ndesplugin_log_missing() -> Bundle {
    let mut bundle = collected();
    let start = before(3.0);
    let iis = enrollment(start, "203.0.113.45", ANDROID, "200 0 0", "201 0 0");
    add_iis_log(&mut bundle, "u_ex261120.log", iis_log(start, iis));
    add_svclog(
        &mut bundle,
        "CertificateRegistrationPoint_2026-11-20_051403.svclog",
        crlf_lines(&crp_success(start.plus_secs(2))).into_bytes(),
    );
    bundle
}

fn ndesplugin_403(pki: &Pki) -> Bundle {
    let mut lines = PLUGIN_SUCCESS.to_vec();
    lines.extend([
        "Calling VerifyRequest ...",
        "Sending request to certificate registration point.",
        "Verify challenge returns <!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\"> <html xmlns=\"http://www.w3.org/1999/xhtml\"> <head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"/>",
        "<title>403 - Forbidden: Access is denied.</title>",
        "Exiting VerifyRequest with 0x80070005",
    ]);
    let mut bundle = collected();
    // The customer opened the log in Notepad and saved it again as "Unicode".
    add_plugin_log(&mut bundle, &lines, true);
    let start = before(4.0);
    let mut iis = enrollment(start, "203.0.113.45", ANDROID, "200 0 0", "201 0 0");
    iis.extend(enrollment(
        start.plus_secs(3000),
        "203.0.113.46",
        ANDROID,
        "200 0 0",
        "403 16 2148204809",
    ));
    add_iis_log(&mut bundle, "u_ex261120.log", iis_log(start, iis));
    add_der_cert(&mut bundle, "Root", &pki.root);
    add_der_cert(&mut bundle, "Root", &pki.issuing);
    bundle
}

fn verifyrequest_false() -> Bundle {
    let mut lines = PLUGIN_SUCCESS.to_vec();
    lines.extend([
        "Calling VerifyRequest ...",
        "Sending request to certificate registration point.",
        "Verify challenge returns false",
        "Exiting VerifyRequest with 0x80004005",
    ]);
    let mut bundle = Bundle::by_hand();
    let text = crlf_lines(&lines);
    bundle.add(
        "NDESPlugin.log",
        r"copy 'C:\Program Files\Microsoft Intune\NDESPolicyModule\Logs\NDESPlugin.log' .",
        text.into_bytes(),
    );
    let start = before(5.0);
    let mut iis = enrollment(start, "203.0.113.45", ANDROID, "200 0 0", "201 0 0");
    iis.extend(enrollment(
        start.plus_secs(900),
        "203.0.113.47",
        ANDROID,
        "200 0 0",
        "201 0 0",
    ));
    bundle.add(
        "u_ex261120.log",
        r"copy C:\inetpub\logs\LogFiles\W3SVC1\u_ex261120.log .",
        iis_log(start, iis),
    );
    bundle
}

fn crp_crypto_exception() -> Bundle {
    let t = before(1.2);
    let stack = [
        "   at System.Security.Cryptography.X509Certificates.X509Certificate.ThrowIfContextInvalid()",
        "   at System.Security.Cryptography.X509Certificates.X509Certificate.GetCertHashString()",
        "   at Microsoft.ConfigurationManager.CertRegPoint.CRPCertificate.RetrieveSigningCert(String certThumbprint)",
        "   at Microsoft.ConfigurationManager.CertRegPoint.Helper.ValidateChallenge(String challenge)",
    ];
    let mut crp = crp_success(t.plus_secs(-3600));
    crp.extend([
        crp_trace(t, 8, "VerifyRequest Started."),
        crp_trace(
            t.plus_secs(1),
            2,
            &trace_record(
                "Cryptography Exception: ChallengeValidation.ValidationPhase1 &lt;CertificateController.VerifyRequest&gt;",
                "System.Security.Cryptography.CryptographicException",
                "m_safeCertContext is an invalid handle.",
                &stack,
            ),
        ),
        crp_trace(t.plus_secs(2), 4, "VerifyRequest Finished with status False"),
    ]);
    let mut bundle = collected();
    add_svclog(
        &mut bundle,
        "CertificateRegistrationPoint_2026-11-20_061203.svclog",
        crlf_lines(&crp).into_bytes(),
    );
    bundle.add(
        "registry/MicrosoftIntune.reg",
        r"reg export HKLM\SOFTWARE\Microsoft\MicrosoftIntune registry\MicrosoftIntune.reg /y",
        reg::export(&ndes_connector_key(false)),
    );
    bundle
}

fn connector_signin_license() -> Bundle {
    let t = before(0.7);
    let connector = [
        connector_trace(t, 8, "Starting NDES Connector service"),
        connector_trace(
            t.plus_secs(1),
            2,
            "NDES Connector certificate could not be found",
        ),
        connector_trace(
            t.plus_secs(1),
            4,
            "Writing registry SOFTWARE\\Microsoft\\MicrosoftIntune\\NDESConnector\\ConnectionStatus - IssueDetails with the value 0x80004003",
        ),
    ];
    let mut bundle = collected();
    // Traces follow each other without line breaks when the listener flushes them together.
    add_svclog(
        &mut bundle,
        "NDESConnector_2026-11-20_073203.svclog",
        connector.concat().into_bytes(),
    );
    bundle
}

fn iis_device_failures() -> Bundle {
    let mut bundle = collected();
    let yesterday = before(30.0);
    let mut old = enrollment(yesterday, "203.0.113.45", ANDROID, "200 0 0", "201 0 0");
    old.extend(enrollment(
        yesterday.plus_secs(400),
        "203.0.113.46",
        ANDROID,
        "200 0 0",
        "201 0 0",
    ));
    add_iis_log(&mut bundle, "u_ex261119.log", iis_log(yesterday, old));
    // Since the service account's password expired this morning, GetCACert fails with 500.
    let today = before(6.0);
    let mut lines = Vec::new();
    for (i, (client, agent)) in [
        ("203.0.113.45", ANDROID),
        ("198.51.100.7", WINDOWS),
        ("203.0.113.48", ANDROID),
    ]
    .iter()
    .enumerate()
    {
        let at = today.plus_secs(i as i64 * 1500);
        lines.push(w3c_line(
            at,
            "GET",
            PKICLIENT,
            "operation=GetCACaps&message=default",
            client,
            agent,
            "200 0 0",
        ));
        lines.push(w3c_line(
            at.plus_secs(1),
            "GET",
            PKICLIENT,
            "operation=GetCACert&message=default",
            client,
            agent,
            "500 0 1346",
        ));
        lines.push(w3c_line(
            at.plus_secs(31),
            "GET",
            PKICLIENT,
            "operation=GetCACert&message=default",
            client,
            agent,
            "500 0 1346",
        ));
    }
    add_iis_log(&mut bundle, "u_ex261120.log", iis_log(today, lines));
    bundle
}

// ---------------------------------------------------------------------------------------------
// Probes

const PAGE_403: &str = "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\">\r\n<html xmlns=\"http://www.w3.org/1999/xhtml\">\r\n<head>\r\n<title>403 - Forbidden: Access is denied.</title>";
const PAGE_NDES: &str = "<HTML><Head><Meta HTTP-Equiv=\"Content-Type\" Content=\"text/html; charset=UTF-8\">\r\n<Title>Network Device Enrollment Service</Title></Head>\r\n<Body BgColor=#FFFFFF><Font ID=locPageFont Face=\"Arial\">\r\n<P ID=locPageTitle><Font Size=+1 Color=#008080><Strong>Network Device Enrollment Service</Strong>";
const PAGE_503: &str = "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\"\"http://www.w3.org/TR/html4/strict.dtd\">\r\n<HTML><HEAD><TITLE>Service Unavailable</TITLE>\r\n<META HTTP-EQUIV=\"Content-Type\" Content=\"text/html; charset=us-ascii\"></HEAD>\r\n<BODY><h2>Service Unavailable</h2>\r\n<hr><p>HTTP Error 503. The service is unavailable.</p>";
const CAPS: &str = "POSTPKIOperation\nRenewal\nSHA-512\nSHA-256\nSHA-1\nDES3\n";

fn internal_url(query: &str) -> String {
    format!("https://{FQDN}/certsrv/mscep/mscep.dll{query}")
}

fn external_url(query: &str) -> String {
    format!("https://{EXTERNAL_FQDN}/certsrv/mscep/mscep.dll{query}")
}

const GETCACAPS: &str = "?operation=GetCACaps&message=test";

fn tcp_ok(name: &str) -> Json {
    tcp_probe(&format!("{name}:443"), true, Json::str("connected"))
}

fn tcp_endpoints(autoupdate_ok: bool) -> Vec<Json> {
    let autoupdate = if autoupdate_ok {
        tcp_ok("autoupdate.msappproxy.net")
    } else {
        tcp_probe(
            "autoupdate.msappproxy.net:443",
            false,
            Json::str("no connection within 5 seconds"),
        )
    };
    vec![
        autoupdate,
        tcp_ok("login.microsoftonline.com"),
        tcp_ok("manage.microsoft.com"),
    ]
}

/// `probes.json` as the collector writes it: UTF-16LE from Windows PowerShell 5.1, UTF-8
/// from PowerShell 7.
fn add_probes(bundle: &mut Bundle, ran_as: &str, probes: Vec<Json>, ps7_layout: bool) {
    let value = probes_document(ran_as, probes);
    let bytes = if ps7_layout {
        (ps7(&value) + CRLF).into_bytes()
    } else {
        utf16le_bom(&(ps51(&value) + CRLF))
    };
    bundle.add(
        "probes.json",
        "ConvertTo-Json -Depth 5 -InputObject ([ordered]@{ format = 'scepter-probes/1'; ran_as = ...; probes = $probes }) > probes.json",
        bytes,
    );
}

/// `(Name, DisplayName, Status, StartType)`: Status 4 = Running, StartType 2 = Automatic.
type ServiceRow = (&'static str, &'static str, i64, i64);

const UNIFIED_SERVICES: &[ServiceRow] = &[
    (
        "PFXCertificateConnectorSvc",
        "PFX Certificate Connector for Microsoft Intune",
        4,
        2,
    ),
    ("W3SVC", "World Wide Web Publishing Service", 4, 2),
    ("WAS", "Windows Process Activation Service", 4, 3),
];

fn add_services(bundle: &mut Bundle, rows: &[ServiceRow], ps7_layout: bool) {
    let value = Json::Array(
        rows.iter()
            .map(|&(name, display, status, start)| {
                Json::object([
                    ("Name", Json::str(name)),
                    ("DisplayName", Json::str(display)),
                    ("Status", Json::Int(status)),
                    ("StartType", Json::Int(start)),
                ])
            })
            .collect(),
    );
    let bytes = if ps7_layout {
        (ps7(&value) + CRLF).into_bytes()
    } else {
        utf16le_bom(&(ps51(&value) + CRLF))
    };
    bundle.add(
        "services/services.json",
        r"Get-Service | Select-Object Name,DisplayName,Status,StartType | ConvertTo-Json > services\services.json",
        bytes,
    );
}

fn healthy_scep_probes() -> Vec<Json> {
    vec![
        http_probe(&internal_url(""), true, Json::Int(403), PAGE_403),
        http_probe(&internal_url(GETCACAPS), true, Json::Int(200), CAPS),
        http_probe(&external_url(""), true, Json::Int(403), PAGE_403),
    ]
}

fn probes_internal_503() -> Bundle {
    let mut probes = vec![
        http_probe(&internal_url(""), true, Json::Int(503), PAGE_503),
        http_probe(&internal_url(GETCACAPS), true, Json::Int(503), PAGE_503),
        // Split DNS: the external name does not resolve inside; not judged.
        http_probe(
            &external_url(""),
            false,
            Json::Null,
            "The remote name could not be resolved: 'ndes.contoso.com'",
        ),
    ];
    probes.extend(tcp_endpoints(true));
    let mut bundle = collected();
    add_probes(&mut bundle, "NT AUTHORITY\\SYSTEM", probes, false);
    bundle
}

fn probes_default_page_connector_installed() -> Bundle {
    let mut probes = vec![
        http_probe(&internal_url(""), true, Json::Int(200), PAGE_NDES),
        http_probe(&internal_url(GETCACAPS), true, Json::Int(200), CAPS),
    ];
    probes.extend(tcp_endpoints(true));
    let mut bundle = collected();
    add_services(&mut bundle, UNIFIED_SERVICES, false);
    add_probes(&mut bundle, "CONTOSO\\admin", probes, false);
    bundle
}

fn probes_before_connector() -> Bundle {
    // NDES is configured, the connector not installed yet: the default page is expected.
    let probes = vec![
        http_probe(&internal_url(""), true, Json::Int(200), PAGE_NDES),
        http_probe(&internal_url(GETCACAPS), true, Json::Int(200), CAPS),
    ];
    let mut bundle = collected_ps7();
    add_services(
        &mut bundle,
        &[
            ("W3SVC", "World Wide Web Publishing Service", 4, 2),
            ("WAS", "Windows Process Activation Service", 4, 3),
        ],
        true,
    );
    add_probes(&mut bundle, "CONTOSO\\admin", probes, true);
    bundle
}

fn probes_external_gateway_timeout() -> Bundle {
    let mut probes = vec![
        http_probe(&internal_url(""), true, Json::Int(403), PAGE_403),
        http_probe(&internal_url(GETCACAPS), true, Json::Int(200), CAPS),
        http_probe(
            &external_url(""),
            true,
            Json::Int(504),
            "<html><head><title>Gateway Timeout</title></head><body>GatewayTimeout: The connector did not respond in time.",
        ),
    ];
    probes.extend(tcp_endpoints(true));
    let mut bundle = collected();
    add_probes(&mut bundle, "NT AUTHORITY\\SYSTEM", probes, false);
    bundle
}

fn probes_autoupdate_blocked() -> Bundle {
    let mut probes = healthy_scep_probes();
    probes.extend(tcp_endpoints(false));
    let mut bundle = collected();
    add_probes(&mut bundle, "CONTOSO\\admin", probes, false);
    bundle
}

fn probes_healthy() -> Bundle {
    let mut probes = healthy_scep_probes();
    probes.extend(tcp_endpoints(true));
    let mut bundle = collected_ps7();
    add_services(&mut bundle, UNIFIED_SERVICES, true);
    add_probes(&mut bundle, "NT AUTHORITY\\SYSTEM", probes, true);
    bundle
}

// ---------------------------------------------------------------------------------------------
// Proxy

fn add_machine_winhttp(bundle: &mut Bundle, blob: Vec<u8>) {
    let key = RegKey::new(MACHINE_INET)
        .value(
            "ActiveXCache",
            RegData::Sz(r"C:\Windows\Downloaded Program Files".into()),
        )
        .value("CodeBaseSearchPath", RegData::Sz("CODEBASE".into()))
        .value("EnablePunycode", RegData::Dword(1))
        .subkey("Connections", |k| {
            k.value("WinHttpSettings", RegData::Binary(blob))
        });
    bundle.add(
        "registry/InternetSettings-Machine.reg",
        r#"reg export "HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Internet Settings" registry\InternetSettings-Machine.reg /y"#,
        reg::export(&key),
    );
}

fn add_netsh_winhttp(bundle: &mut Bundle, proxy: &WinHttpProxy) {
    bundle.add(
        "network/winhttp-proxy.txt",
        r"netsh winhttp show proxy > network\winhttp-proxy.txt",
        utf16le_bom(&netsh_winhttp_show_proxy(proxy)),
    );
}

fn add_system_inet(bundle: &mut Bundle, key: &RegKey) {
    bundle.add(
        "registry/InternetSettings-SYSTEM.reg",
        &format!(r#"reg export "HKU\S-1-5-18\{INET_KEY}" registry\InternetSettings-SYSTEM.reg /y"#),
        reg::export(key),
    );
}

fn system_key(lan: &LanSettings) -> RegKey {
    internet_settings_key(r"HKEY_USERS\S-1-5-18", Profile::System, lan, 0x0c)
}

fn winhttp_registry_mismatch() -> Bundle {
    let mut bundle = collected();
    // `netsh winhttp set proxy` was run from a 32-bit prompt, then reset from a 64-bit one:
    // the registry export and `netsh` disagree.
    add_machine_winhttp(&mut bundle, winhttp_blob(PROXY, BYPASS));
    add_netsh_winhttp(&mut bundle, &WinHttpProxy::Direct);
    bundle
}

fn proxy_consistent() -> Bundle {
    let mut bundle = collected();
    add_machine_winhttp(&mut bundle, winhttp_blob(PROXY, BYPASS));
    add_netsh_winhttp(
        &mut bundle,
        &WinHttpProxy::Named {
            server: PROXY.into(),
            bypass: Some(BYPASS.into()),
        },
    );
    add_system_inet(
        &mut bundle,
        &system_key(&LanSettings::manual(PROXY, BYPASS)),
    );
    bundle
}

fn system_proxy_enable_mismatch() -> Bundle {
    // A script set ProxyEnable and ProxyServer for SYSTEM but left the connection blob as a
    // fresh profile has it: direct, auto-detect.
    let mut key = system_key(&LanSettings::fresh());
    for (name, data) in &mut key.values {
        if name.as_deref() == Some("ProxyEnable") {
            *data = RegData::Dword(1);
        }
    }
    key = key
        .value("ProxyServer", RegData::Sz(PROXY.into()))
        .value("ProxyOverride", RegData::Sz(BYPASS.into()));
    let mut bundle = collected();
    add_system_inet(&mut bundle, &key);
    bundle
}

fn system_proxy_bypass_missing() -> Bundle {
    let mut bundle = collected();
    add_system_inet(
        &mut bundle,
        &system_key(&LanSettings::manual(PROXY, "<local>")),
    );
    bundle
}

fn winhttp_bypass_missing() -> Bundle {
    let mut bundle = collected();
    add_netsh_winhttp(
        &mut bundle,
        &WinHttpProxy::Named {
            server: PROXY.into(),
            bypass: None,
        },
    );
    bundle
}

// ---------------------------------------------------------------------------------------------
// NDES setup: the role service's install parameters, its RA keys, and restarts since

const DEPLOYMENT: &str = "Microsoft-Windows-CertificateServices-Deployment";
const DEPLOYMENT_LOG: &str = "Microsoft-Windows-CertificateServices-Deployment/Operational";
const STRONG_CSP: &str = "Microsoft Strong Cryptographic Provider";
const SOFTWARE_KSP: &str = "Microsoft Software Key Storage Provider";
const CONNECTOR_NAME: &str = "Certificate Connector for Microsoft Intune";

/// Event 105 of the deployment log: NDES configured with these providers and CA.
fn ndes_configured(at: At, signing: &str, encryption: &str, ca_config: &str) -> WinEvent {
    event(
        DEPLOYMENT_LOG,
        DEPLOYMENT,
        105,
        4,
        at,
        &format!(
            "Active Directory Certificate Services role service Network Device Enrollment Service was configured.\n\nInstall-AdcsNetworkDeviceEnrollmentService -ServiceAccountName \"CORP\\svc-ndes\" -RAName \"NDES01-MSCEP-RA\" -RACountry \"US\" -RACompany \"Contoso\" -CAConfig \"{ca_config}\" -SigningProviderName \"{signing}\" -SigningKeyLength 2048 -EncryptionProviderName \"{encryption}\" -EncryptionKeyLength 2048"
        ),
    )
}

const CONTOSO_CA: &str = "CA01.corp.contoso.com\\Contoso Issuing CA 01";

fn add_deployment(bundle: &mut Bundle, events: Vec<WinEvent>) {
    add_events(
        bundle,
        "CertificateServices-Deployment",
        DEPLOYMENT_LOG,
        &newest_first(events, 3),
        false,
    );
}

/// `certutil -v -store my` (Windows PowerShell 5.1 `>`: UTF-16LE) with the two RA
/// certificates, their keys in `signing` and `encryption`.
fn add_ra_store(bundle: &mut Bundle, pki: &Pki, signing: KeyProvider, encryption: KeyProvider) {
    let certs = [
        StoreCert {
            cert: pki.ra_enrollment_agent.clone(),
            key: Some(signing),
        },
        StoreCert {
            cert: pki.ra_cep_encryption.clone(),
            key: Some(encryption),
        },
    ];
    bundle.add(
        "certs/certutil-store-my.txt",
        "certutil -v -store my > certs\\certutil-store-my.txt",
        utf16le_bom(&crlf_lines(&certutil_store_my(&certs))),
    );
}

/// `system/systeminfo.txt` of NDES01 (Server 2019, CET), started at `boot` (local time).
fn add_systeminfo(bundle: &mut Bundle, boot: &str) {
    let one = SysInfoField::one;
    let fields = [
        one("Host Name", HOST),
        one("OS Name", "Microsoft Windows Server 2019 Standard"),
        one("OS Version", "10.0.17763 N/A Build 17763"),
        one("OS Manufacturer", "Microsoft Corporation"),
        one("OS Configuration", "Member Server"),
        one("OS Build Type", "Multiprocessor Free"),
        one("Registered Owner", "Windows User"),
        one("Registered Organization", ""),
        one("Product ID", "00429-70000-00000-AA535"),
        one("Original Install Date", "2/16/2026, 2:33:36 PM"),
        one("System Boot Time", boot),
        one("System Manufacturer", "VMware, Inc."),
        one("System Model", "VMware7,1"),
        one("System Type", "x64-based PC"),
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
        one("Domain", "corp.contoso.com"),
        one("Logon Server", r"\\DC01"),
    ];
    bundle.add(
        "system/systeminfo.txt",
        "systeminfo > system\\systeminfo.txt",
        utf16le_bom(&systeminfo(&fields)),
    );
}

/// `system/computerinfo.json` (Windows PowerShell 5.1) of NDES01, started at `boot`.
fn add_computer_info(bundle: &mut Bundle, boot: At) {
    let info = match computer_info_json(Ps::V51) {
        Json::Object(entries) => Json::Object(
            entries
                .into_iter()
                .map(|(key, value)| match key.as_str() {
                    "CsDomain" => (key, Json::str("corp.contoso.com")),
                    "OsLastBootUpTime" => {
                        let ms = boot.secs * 1000 + i64::from(boot.ticks / 10_000);
                        (key, Json::Raw(format!("\"\\/Date({ms})\\/\"")))
                    }
                    _ => (key, value),
                })
                .collect(),
        ),
        other => other,
    };
    bundle.add(
        "system/computerinfo.json",
        "Get-ComputerInfo | ConvertTo-Json > system\\computerinfo.json",
        ps51_file(&info),
    );
}

/// The connector's Windows Installer events of one installation, `hours` before collection.
fn connector_installed(hours: f64) -> Vec<WinEvent> {
    vec![
        msi_event(
            11707,
            hours,
            &format!("Product: {CONNECTOR_NAME} -- Installation completed successfully."),
        ),
        msi_event(
            1033,
            hours,
            &format!(
                "Windows Installer installed the product. Product Name: {CONNECTOR_NAME}. Product Version: 6.2609.0.1002. Product Language: 1033. Manufacturer: Microsoft Corporation. Installation success or error status: 0."
            ),
        ),
    ]
}

/// `HKLM\...\Uninstall` with the connector's bundle entry, installed on `install_date`.
fn add_uninstall(bundle: &mut Bundle, install_date: &str) {
    let key = crate::samples::registry::connector_bundle(
        RegKey::new(r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall"),
        "6.2609.0.1002",
        install_date,
    );
    bundle.add(
        "registry/Uninstall.reg",
        r#"reg export "HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall" registry\Uninstall.reg /y"#,
        reg::export(&key),
    );
}

/// NDES configured in June 2025 with the CryptoAPI CSP, as on every healthy server.
fn configured_2025() -> WinEvent {
    ndes_configured(
        At::utc(2025, 6, 1, 9, 58, 12, 0),
        STRONG_CSP,
        STRONG_CSP,
        CONTOSO_CA,
    )
}

/// NDES configured two days ago with the software KSP for both RA keys.
fn ndes_install_ksp(pki: &Pki) -> Bundle {
    let mut bundle = collected();
    add_deployment(
        &mut bundle,
        vec![ndes_configured(
            before(50.0),
            SOFTWARE_KSP,
            SOFTWARE_KSP,
            CONTOSO_CA,
        )],
    );
    add_ra_store(
        &mut bundle,
        pki,
        KeyProvider::Software,
        KeyProvider::Software,
    );
    bundle
}

/// Installed correctly long ago; the RA certificates were renewed since with `certreq` and a
/// request file that named no provider, so their new keys went to the software KSP.
fn ndes_ra_keys_in_ksp(pki: &Pki) -> Bundle {
    let mut bundle = collected();
    add_events(
        &mut bundle,
        "Application",
        "Application",
        &newest_first(connector_installed(40.0), 61_200),
        false,
    );
    add_ra_store(
        &mut bundle,
        pki,
        KeyProvider::Software,
        KeyProvider::Software,
    );
    bundle
}

fn ndes_install_csp(pki: &Pki) -> Bundle {
    let mut bundle = collected();
    add_deployment(&mut bundle, vec![configured_2025()]);
    add_ra_store(
        &mut bundle,
        pki,
        KeyProvider::StrongSignature,
        KeyProvider::StrongExchange,
    );
    add_systeminfo(&mut bundle, "11/2/2026, 6:02:11 AM");
    bundle
}

/// NDES in corp.contoso.com pointed at the CA of a partner forest.
fn ndes_ca_other_domain() -> Bundle {
    let mut bundle = collected();
    add_deployment(
        &mut bundle,
        vec![ndes_configured(
            At::utc(2025, 6, 1, 9, 58, 12, 0),
            STRONG_CSP,
            STRONG_CSP,
            "PKI02.fabrikam.com\\Fabrikam Issuing CA",
        )],
    );
    add_systeminfo(&mut bundle, "11/2/2026, 6:02:11 AM");
    bundle
}

/// The connector was installed yesterday; Windows last started on 2 November.
fn reboot_pending_connector() -> Bundle {
    let mut bundle = collected();
    add_systeminfo(&mut bundle, "11/2/2026, 6:02:11 AM");
    add_events(
        &mut bundle,
        "Application",
        "Application",
        &newest_first(connector_installed(20.0), 61_200),
        false,
    );
    add_deployment(&mut bundle, vec![configured_2025()]);
    add_uninstall(&mut bundle, "20261119");
    bundle
}

/// NDES was configured again this morning, after the last boot.
fn reboot_pending_ndes_config() -> Bundle {
    let mut bundle = collected();
    add_computer_info(&mut bundle, At::utc(2026, 11, 2, 5, 2, 11, 4_870_000));
    add_deployment(
        &mut bundle,
        vec![
            configured_2025(),
            ndes_configured(before(3.0), STRONG_CSP, STRONG_CSP, CONTOSO_CA),
        ],
    );
    add_uninstall(&mut bundle, "20261014");
    bundle
}

/// Installed and configured yesterday, restarted this morning.
fn reboot_done() -> Bundle {
    let mut bundle = collected();
    add_computer_info(&mut bundle, At::utc(2026, 11, 20, 6, 31, 47, 2_150_000));
    add_events(
        &mut bundle,
        "Application",
        "Application",
        &newest_first(connector_installed(20.0), 61_200),
        false,
    );
    add_deployment(
        &mut bundle,
        vec![ndes_configured(
            before(21.0),
            STRONG_CSP,
            STRONG_CSP,
            CONTOSO_CA,
        )],
    );
    add_uninstall(&mut bundle, "20261119");
    bundle
}
