//! A bundle as `collector/collect-bundle.ps1` writes it under Windows PowerShell 5.1: the
//! same file names, the same command texts in the manifest, the same encodings.

use super::activity::{self, ENROLLMENTS};
use super::certs::{KeyProvider, StoreCert, cert_provider_json, certutil_store_my};
use super::clock::utc;
use super::host::{
    ADMIN, ADMIN_SID, BYPASS, EXTERNAL_FQDN, FQDN, HOST, INET_KEY, PROXY, SERVICE_ACCOUNT, Server,
};
use super::iis;
use super::registry;
use super::services::{get_service, services, win32_service};
use super::shell::Shell;
use super::system;
use crate::bundle::{Bundle, CollectorRun, ManifestHeader};
use crate::fixtures::registry::crl_probe;
use crate::inet::{LanSettings, Profile, internet_settings_key};
use crate::json::Json;
use crate::msilog::{Outcome, setup_msi_log};
use crate::pki::{Cert, ISSUING_CRL, Pki, ROOT_CRL};
use crate::png;
use crate::reg::{self, RegKey};
use crate::winfmt::{CRLF, WinHttpProxy, certutil_encode, crlf_lines, netsh_winhttp_show_proxy};

const SHELL: Shell = Shell::WindowsPowerShell;
const EVENT_FIELDS: &str =
    "TimeCreated,Id,Level,LevelDisplayName,ProviderName,LogName,MachineName,Message";
const CERT_FIELDS: &str = "Subject,Issuer,Thumbprint,SerialNumber,NotBefore,NotAfter,HasPrivateKey,EnhancedKeyUsageList,DnsNameList,PSParentPath";
/// The collector's password redaction, as `ConvertTo-Literal` prints it in the manifest.
const REDACT: &str = r#"-replace '(?i)(password\s*=\s*)("[^"]*"|''[^'']*'')', '$1"[removed]"' -replace '(?i)\b(password|pwd)=(?!["''])[^;"''<>]*', '$1=[removed]'"#;

/// A collection run in progress.
struct Run {
    bundle: Bundle,
    skipped: Vec<(String, String)>,
}

fn windows_path(path: &str) -> String {
    path.replace('/', "\\")
}

impl Run {
    /// `Save-Registry`: `reg export` of `key` (as the script names it).
    fn registry(&mut self, path: &str, key: &str, export: &RegKey) {
        self.bundle.add(
            path,
            &format!(r#"reg export "{key}" "{}" /y"#, windows_path(path)),
            reg::export(export),
        );
    }

    /// `Save-Command`: a command's output through `Out-File`.
    fn command<S: AsRef<str>>(&mut self, path: &str, command: &str, lines: &[S]) {
        self.bundle.add(path, command, SHELL.native_file(lines));
    }

    /// `Save-Command` of a `ConvertTo-Json` pipeline.
    fn json(&mut self, path: &str, command: &str, value: &Json) {
        self.bundle.add(path, command, SHELL.json_file(value));
    }

    fn skip(&mut self, step: &str, reason: &str) {
        self.skipped.push((step.to_owned(), reason.to_owned()));
    }

    /// `Save-Certificates`: each certificate of a store as DER.
    fn certificates(&mut self, store: &str, certs: &[&Cert]) {
        let name = store.rsplit('\\').next().unwrap_or(store);
        for cert in certs {
            let t = &cert.thumbprint;
            let path = format!("certs/LocalMachine/{name}/{t}.cer");
            self.bundle.add_cert(
                &path,
                &format!(
                    r"Export-Certificate -Cert Cert:\{store}\{t} -FilePath {} -Type CERT",
                    windows_path(&path)
                ),
                store,
                cert.der.clone(),
            );
        }
    }

    /// `Save-RedactedCopy` of an IIS configuration file (UTF-8 with BOM, `Set-Content`
    /// adding a line end after the file's own).
    fn redacted(&mut self, path: &str, source: &str, text: &str) {
        self.bundle.add(
            path,
            &format!(
                "(Get-Content -Raw '{source}') {REDACT} | Set-Content -Encoding UTF8 {}",
                windows_path(path)
            ),
            crate::winfmt::utf8_bom(&format!("{text}{CRLF}")),
        );
    }

    /// `Save-NewestFiles`: a log copied byte for byte.
    fn copy(&mut self, folder: &str, path_prefix: &str, name: &str, bytes: Vec<u8>) {
        let path = format!("{path_prefix}/{name}");
        self.bundle.add(
            &path,
            &format!(
                "Copy-Item -LiteralPath '{folder}\\{name}' -Destination {}",
                windows_path(&path)
            ),
            bytes,
        );
    }

    /// `Save-Events`: a channel's newest events as JSON.
    fn events(&mut self, path: &str, log: &str, providers: &[&str], events: &[activity::Event]) {
        let mut command = format!("Get-WinEvent -LogName '{log}'");
        if !providers.is_empty() {
            let names: Vec<String> = providers.iter().map(|p| format!("@Name='{p}'")).collect();
            command.push_str(&format!(
                " -FilterXPath \"*[System[Provider[{}]]]\"",
                names.join(" or ")
            ));
        }
        command.push_str(&format!(
            " -MaxEvents 500 | Select-Object {EVENT_FIELDS} | ConvertTo-Json"
        ));
        self.json(path, &command, &activity::events_json(events, SHELL));
    }
}

/// The certificates of `LocalMachine\My` on `server`, with their keys.
pub fn my_store(pki: &Pki, server: &Server) -> Vec<StoreCert> {
    let mut my = Vec::new();
    if let Some(client_auth) = server.legacy().and_then(|l| l.client_auth.clone()) {
        my.push(StoreCert {
            cert: client_auth,
            key: Some(KeyProvider::Schannel),
        });
    }
    my.push(StoreCert {
        cert: server.web_cert.clone(),
        key: Some(KeyProvider::Schannel),
    });
    if let Some(unified) = server.unified() {
        my.push(StoreCert {
            cert: unified.identity.clone(),
            key: Some(KeyProvider::Software),
        });
    }
    my.push(StoreCert {
        cert: pki.ra_enrollment_agent.clone(),
        key: Some(KeyProvider::StrongSignature),
    });
    my.push(StoreCert {
        cert: pki.ra_cep_encryption.clone(),
        key: Some(KeyProvider::StrongExchange),
    });
    my
}

/// The probe results: the policy module answers the bare SCEP URL with 403, GetCACaps lists
/// NDES's capabilities; Intune's endpoints answer, unless the firewall blocks direct
/// connections (the probes do not use a proxy). The CRLs of the certificates' chain come
/// from the internal web server pki.contoso.com, which answers either way.
pub fn probes_json(ran_as: &str, direct_egress: bool) -> Json {
    let detailed_403 = "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\">\r\n<html xmlns=\"http://www.w3.org/1999/xhtml\">\r\n<head>\r\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"/>\r\n<title>IIS 10.0 Detailed Error - 403.0 - Forbidden</title>\r\n";
    let remote_403 = "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\">\r\n<html xmlns=\"http://www.w3.org/1999/xhtml\">\r\n<head>\r\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"/>\r\n<title>403 - Forbidden: Access is denied.</title>\r\n";
    let first_200 = |text: &str| text.chars().take(200).collect::<String>();
    let http = |target: String, status: i64, detail: String| {
        Json::object([
            ("kind", Json::str("http")),
            ("target", Json::str(target)),
            ("ok", Json::Bool(true)),
            ("status", Json::Int(status)),
            ("detail", Json::str(detail)),
        ])
    };
    let tcp = |host: &str, address: &str| {
        let (ok, detail) = if direct_egress {
            (true, format!("connected to {address}:443"))
        } else {
            (false, "no connection within 5 seconds".to_owned())
        };
        Json::object([
            ("kind", Json::str("tcp")),
            ("target", Json::str(format!("{host}:443"))),
            ("ok", Json::Bool(ok)),
            ("detail", Json::str(detail)),
        ])
    };
    Json::object([
        ("format", Json::str("scepter-probes/1")),
        ("ran_as", Json::str(ran_as)),
        (
            "probes",
            Json::Array(vec![
                http(
                    format!("https://{FQDN}/certsrv/mscep/mscep.dll"),
                    403,
                    first_200(detailed_403),
                ),
                http(
                    format!(
                        "https://{FQDN}/certsrv/mscep/mscep.dll?operation=GetCACaps&message=test"
                    ),
                    200,
                    "POSTPKIOperation\nRenewal\nSHA-512\nSHA-256\nSHA-1\nDES3\n".into(),
                ),
                http(
                    format!("https://{EXTERNAL_FQDN}/certsrv/mscep/mscep.dll"),
                    403,
                    first_200(remote_403),
                ),
                tcp("autoupdate.msappproxy.net", "20.190.181.4"),
                tcp("login.microsoftonline.com", "20.190.151.68"),
                tcp("manage.microsoft.com", "52.168.54.64"),
                crl_probe(
                    ISSUING_CRL,
                    true,
                    Json::Int(200),
                    "1187 bytes (application/pkix-crl)",
                ),
                crl_probe(
                    ROOT_CRL,
                    true,
                    Json::Int(200),
                    "734 bytes (application/pkix-crl)",
                ),
            ]),
        ),
    ])
}

/// The logs of W3SVC1, the HTTP.sys error log and the policy module's log.
fn logs(run: &mut Run) {
    let iis_folder = r"C:\inetpub\logs\LogFiles\W3SVC1";
    for (day, times) in ENROLLMENTS.iter().rev() {
        run.copy(
            iis_folder,
            "logs/IIS/W3SVC1",
            &activity::w3c_name(*day),
            iis::w3c_log(utc(2026, 11, *day, 0, 0, 0), times).into_bytes(),
        );
    }
    run.copy(
        r"C:\Windows\System32\LogFiles\HTTPERR",
        "logs/HTTPERR",
        "httperr1.log",
        activity::httperr_log().into_bytes(),
    );
    run.copy(
        r"C:\Program Files\Microsoft Intune\NDESPolicyModule\Logs",
        "logs/NDESPolicyModule",
        "NDESPlugin.log",
        activity::ndes_plugin_log().into_bytes(),
    );
}

/// A bundle of `server` collected by the collector under Windows PowerShell 5.1 on the
/// morning of 20 November 2026.
pub fn collected_bundle(pki: &Pki, server: &Server) -> Bundle {
    let legacy = server.legacy();
    let winhttp = legacy.map_or(WinHttpProxy::Direct, |l| l.winhttp.clone());
    let direct_egress = legacy.is_none_or(|l| l.direct_egress);
    let mut run = Run {
        bundle: Bundle::collected(ManifestHeader {
            collected_at: "2026-11-20T09:14:03+01:00",
            host_name: HOST,
            host_fqdn: FQDN,
            external_fqdn: EXTERNAL_FQDN,
            powershell: leak(server.os.powershell.clone()),
        }),
        skipped: Vec::new(),
    };

    // Registry.
    let thumbprint = legacy.map(|l| l.policy_thumbprint.as_str());
    run.registry(
        "registry/MSCEP.reg",
        r"HKLM\SOFTWARE\Microsoft\Cryptography\MSCEP",
        &registry::mscep(server.templates, thumbprint),
    );
    if let Some(unified) = server.unified() {
        run.registry(
            "registry/MicrosoftIntune.reg",
            r"HKLM\SOFTWARE\Microsoft\MicrosoftIntune",
            &registry::microsoft_intune(unified),
        );
    }
    run.registry(
        "registry/HTTP-Parameters.reg",
        r"HKLM\SYSTEM\CurrentControlSet\Services\HTTP\Parameters",
        &registry::http_parameters(&server.web_cert.thumbprint),
    );
    run.registry(
        "registry/SCHANNEL-Protocols.reg",
        r"HKLM\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols",
        &registry::schannel_protocols(),
    );
    run.registry(
        "registry/NDP-v4-Full.reg",
        r"HKLM\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full",
        &registry::ndp_v4_full(&server.os),
    );
    run.registry(
        "registry/NETFramework-v4.0.30319.reg",
        r"HKLM\SOFTWARE\Microsoft\.NETFramework\v4.0.30319",
        &registry::netfx_v4(false),
    );
    run.registry(
        "registry/NETFramework-v4.0.30319-WOW6432Node.reg",
        r"HKLM\SOFTWARE\WOW6432Node\Microsoft\.NETFramework\v4.0.30319",
        &registry::netfx_v4(true),
    );
    run.registry(
        "registry/Tcpip-Parameters.reg",
        r"HKLM\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters",
        &registry::tcpip_parameters(),
    );
    run.registry(
        "registry/W32Time-Parameters.reg",
        r"HKLM\SYSTEM\CurrentControlSet\Services\W32Time\Parameters",
        &registry::w32time_parameters(),
    );
    run.command(
        "registry/WindowsNT-CurrentVersion.txt",
        r"reg.exe query 'HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion' | Where-Object { $_ -notmatch '^\s+DigitalProductId' }",
        &registry::windows_nt_current_version(&server.os),
    );
    run.registry(
        "registry/Uninstall.reg",
        r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall",
        &registry::uninstall(server),
    );
    run.registry(
        "registry/Uninstall-WOW6432Node.reg",
        r"HKLM\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall",
        &registry::uninstall_wow64(&server.os),
    );
    run.registry(
        "registry/IE-ESC-Admins.reg",
        r"HKLM\SOFTWARE\Microsoft\Active Setup\Installed Components\{A509B1A7-37EF-4b3f-8CFC-4F3A74704073}",
        &registry::ie_esc(true),
    );
    run.registry(
        "registry/IE-ESC-Users.reg",
        r"HKLM\SOFTWARE\Microsoft\Active Setup\Installed Components\{A509B1A8-37EF-4b3f-8CFC-4F3A74704073}",
        &registry::ie_esc(false),
    );
    run.registry(
        "registry/Defender-Exclusions.reg",
        r"HKLM\SOFTWARE\Microsoft\Windows Defender\Exclusions",
        &registry::defender_exclusions(),
    );
    run.registry(
        "registry/InternetSettings-Machine.reg",
        r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Internet Settings",
        &registry::internet_settings_machine(&winhttp),
    );
    run.skip(
        "registry/InternetSettings-Policies.reg",
        r"registry key not present: HKLM\SOFTWARE\Policies\Microsoft\Windows\CurrentVersion\Internet Settings",
    );
    let (system_lan, admin_lan, counters) = match legacy {
        Some(l) => (
            l.system_lan.clone(),
            LanSettings::manual(PROXY, BYPASS),
            (0x0c, 0x1e),
        ),
        None => (LanSettings::fresh(), LanSettings::fresh(), (0x03, 0x07)),
    };
    for (path, hive) in [
        ("registry/InternetSettings-SYSTEM.reg", r"HKU\S-1-5-18"),
        ("registry/InternetSettings-DEFAULT.reg", r"HKU\.DEFAULT"),
    ] {
        let root = hive.replace("HKU", "HKEY_USERS");
        run.registry(
            path,
            &format!(r"{hive}\{INET_KEY}"),
            &internet_settings_key(&root, Profile::System, &system_lan, counters.0),
        );
    }
    // The legacy samples keep the name an earlier collector gave this export.
    let admin_path = if legacy.is_some() {
        "registry/InternetSettings-Administrator.reg"
    } else {
        "registry/InternetSettings-CurrentUser.reg"
    };
    run.registry(
        admin_path,
        &format!(r"HKU\{ADMIN_SID}\{INET_KEY}"),
        &internet_settings_key(
            &format!(r"HKEY_USERS\{ADMIN_SID}"),
            Profile::Interactive,
            &admin_lan,
            counters.1,
        ),
    );

    // Network and system.
    run.bundle.add(
        "network/winhttp-proxy.txt",
        "netsh.exe winhttp show proxy",
        SHELL.text_file(&netsh_winhttp_show_proxy(&winhttp)),
    );
    run.command(
        "network/http-sslcert.txt",
        "netsh.exe http show sslcert",
        &iis::sslcert(server.os.sslcert, &server.web_cert.thumbprint),
    );
    run.bundle.add(
        "system/systeminfo.txt",
        "systeminfo.exe",
        SHELL.text_file(&system::systeminfo_text(&server.os)),
    );
    run.json(
        "system/computerinfo.json",
        "Get-ComputerInfo | ConvertTo-Json",
        &system::computer_info(&server.os, SHELL),
    );
    run.json(
        "system/windowsfeatures.json",
        "Get-WindowsFeature | ConvertTo-Json",
        &system::windows_features(&server.os, SHELL),
    );
    run.command(
        "system/localgroup-IIS_IUSRS.txt",
        "net.exe localgroup IIS_IUSRS",
        &system::localgroup_iis_iusrs(),
    );
    run.command(
        "system/localgroup-Administrators.txt",
        "net.exe localgroup Administrators",
        &system::localgroup_administrators(),
    );
    // secedit writes the file itself, in UTF-16LE.
    run.bundle.add(
        "system/user-rights.inf",
        r#"secedit.exe /export /areas USER_RIGHTS /cfg "system\user-rights.inf""#,
        crate::winfmt::utf16le_bom(&system::user_rights(&server.os)),
    );
    run.command(
        "system/w32tm-status.txt",
        "w32tm.exe /query /status",
        &system::w32tm_status(),
    );

    // Services.
    let all = services(server);
    run.json(
        "services/services.json",
        "Get-Service | Select-Object Name,DisplayName,Status,StartType | ConvertTo-Json",
        &get_service(&all, false),
    );
    run.json(
        "services/win32-services.json",
        "Get-CimInstance Win32_Service | Select-Object Name,DisplayName,State,StartMode,StartName,DelayedAutoStart,PathName | ConvertTo-Json",
        &win32_service(&all),
    );

    // Certificates.
    let my = my_store(pki, server);
    let my_certs: Vec<&Cert> = my.iter().map(|sc| &sc.cert).collect();
    run.certificates(r"LocalMachine\My", &my_certs);
    if legacy.is_some() {
        // The legacy samples keep their PEM copy of the root, made with certutil -encode.
        let root = &pki.root.thumbprint;
        run.bundle.add_cert(
            &format!("certs/LocalMachine/Root/{root}.cer"),
            &format!(
                r"Export-Certificate -Cert Cert:\LocalMachine\Root\{root} -FilePath $env:TEMP\{root}.der; certutil -encode $env:TEMP\{root}.der certs\LocalMachine\Root\{root}.cer"
            ),
            r"LocalMachine\Root",
            certutil_encode(&pki.root.der).into_bytes(),
        );
    } else {
        run.certificates(r"LocalMachine\Root", &[&pki.root]);
    }
    run.certificates(r"LocalMachine\CA", &[&pki.issuing]);
    let with_key = |certs: &[&Cert]| -> Vec<StoreCert> {
        certs
            .iter()
            .map(|c| StoreCert {
                cert: (*c).clone(),
                key: None,
            })
            .collect()
    };
    for (store, certs) in [
        ("My", my.clone()),
        ("Root", with_key(&[&pki.root])),
        ("CA", with_key(&[&pki.issuing])),
    ] {
        run.json(
            &format!("certs/LocalMachine-{store}.json"),
            &format!(
                r"Get-ChildItem Cert:\LocalMachine\{store} | Select-Object {CERT_FIELDS} | ConvertTo-Json"
            ),
            &cert_provider_json(store, &certs, SHELL),
        );
    }
    run.command(
        "certs/certutil-store-my.txt",
        "certutil.exe -v -store my",
        &certutil_store_my(&my),
    );
    run.skip(
        "certs/CurrentUser/My",
        "the NDES service account's own store is read only when the script runs as that account (see docs/collecting.md)",
    );

    // IIS.
    run.redacted(
        "iis/applicationHost.config",
        r"C:\Windows\System32\inetsrv\config\applicationHost.config",
        &iis::application_host(server),
    );
    run.skip(
        "iis/mscep/web.config",
        r"file not present: C:\Windows\system32\CertSrv\mscep\web.config",
    );
    run.redacted(
        "iis/CertificateRegistrationSvc/web.config",
        &format!(r"{}\web.config", iis::crp_folder(server)),
        &iis::crp_web_config(server),
    );

    // Logs.
    logs(&mut run);
    let connector_logs = r"C:\Program Files\Microsoft Intune\NDESConnectorSvc\Logs\Logs";
    if legacy.is_some() {
        let stamp = activity::svclog_stamp();
        run.copy(
            connector_logs,
            "logs/NDESConnectorSvc",
            &format!("NDESConnector_{stamp}.svclog"),
            activity::connector_svclog().into_bytes(),
        );
        run.copy(
            connector_logs,
            "logs/NDESConnectorSvc",
            &format!("CertificateRegistrationPoint_{stamp}.svclog"),
            activity::crp_svclog().into_bytes(),
        );
    } else {
        for _ in 0..2 {
            run.skip(
                "logs/NDESConnectorSvc/<NAME>",
                &format!("folder not present: {connector_logs}"),
            );
        }
        run.skip(
            "logs/NDESConnectorSetup/<NAME>",
            r"folder not present: C:\NDESConnectorSetup",
        );
    }
    run.skip(
        "logs/Installer/<NAME>",
        r"no *Certificate*Connector*.log in C:\Users\ADMINI~1\AppData\Local\Temp",
    );

    // Events.
    let admin_log = "Microsoft-Intune-CertificateConnectors/Admin";
    let operational_log = "Microsoft-Intune-CertificateConnectors/Operational";
    let updater_log = "Microsoft-AzureADConnect-AgentUpdater/Admin";
    let legacy_log = "Microsoft Intune Connector";
    if legacy.is_some() {
        for (step, log) in [
            ("events/CertificateConnectors-Admin.json", admin_log),
            (
                "events/CertificateConnectors-Operational.json",
                operational_log,
            ),
            ("events/AgentUpdater-Admin.json", updater_log),
        ] {
            run.skip(step, &format!("event channel not present: {log}"));
        }
        run.events(
            "events/IntuneConnector.json",
            legacy_log,
            &[],
            &activity::legacy_connector_log(),
        );
    } else {
        run.events(
            "events/CertificateConnectors-Admin.json",
            admin_log,
            &[],
            &activity::connector_admin(),
        );
        run.events(
            "events/CertificateConnectors-Operational.json",
            operational_log,
            &[],
            &activity::connector_operational(),
        );
        run.skip(
            "events/AgentUpdater-Admin.json",
            &format!("no matching events in {updater_log}"),
        );
        run.skip(
            "events/IntuneConnector.json",
            &format!("event channel not present: {legacy_log}"),
        );
    }
    let failed = legacy.is_some_and(|l| l.install == Outcome::NotElevated);
    run.events(
        "events/Application.json",
        "Application",
        &[
            "Microsoft-Windows-NetworkDeviceEnrollmentService",
            "NDESConnector",
            "PFXCertificateConnectorSvc",
            "PKICertificateConnectorSvc",
            "PkiRevokeConnectorSvc",
            "MsiInstaller",
            "Application Error",
            "ASP.NET 4.0.30319.0",
            ".NET Runtime",
        ],
        &activity::application(server, failed),
    );
    run.events(
        "events/System.json",
        "System",
        &[
            "Service Control Manager",
            "Microsoft-Windows-WAS",
            "Schannel",
            "Microsoft-Windows-Time-Service",
        ],
        &activity::system(server),
    );
    run.events(
        "events/CertificateServices-Deployment.json",
        "Microsoft-Windows-CertificateServices-Deployment/Operational",
        &[],
        &activity::deployment(),
    );
    if legacy.is_some() {
        for step in [
            "events/CertificateConnectors-Admin.evtx",
            "events/CertificateConnectors-Operational.evtx",
        ] {
            let log = if step.contains("Admin") {
                admin_log
            } else {
                operational_log
            };
            run.skip(step, &format!("event channel not present: {log}"));
        }
    }

    // The NDES service account.
    run.json(
        "ad/ndes-service-account.json",
        "Get-ADUser -Identity svc-ndes -Properties * | Select-Object Name,SamAccountName,UserPrincipalName,DistinguishedName,ObjectClass,Enabled,LockedOut,PasswordExpired,PasswordNeverExpires,PasswordLastSet,AccountExpirationDate,ServicePrincipalName,SID | ConvertTo-Json",
        &activity::ad_user(SHELL),
    );
    run.command(
        "ad/setspn.txt",
        &format!("setspn.exe -L {SERVICE_ACCOUNT}"),
        &activity::setspn(),
    );

    // Probes, the report, the legacy installer log and the customer's screenshot.
    run.bundle.add(
        "probes.json",
        &format!("HTTP GET, TCP 443 and CRL download probes run by collect-bundle.ps1 as {ADMIN}"),
        SHELL.json_file(&probes_json(ADMIN, direct_egress)),
    );
    if let Some(legacy) = legacy {
        run.bundle.add(
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
    }
    let mut report = vec![
        format!("collect-bundle.ps1 1.1.0 on {HOST} as {ADMIN}, started 2026-11-20T09:14:03+01:00"),
        String::new(),
        "Failed steps (0); the collection went on without them:".to_owned(),
        String::new(),
        format!(
            "Skipped ({}); not present on this server:",
            run.skipped.len()
        ),
    ];
    report.extend(
        run.skipped
            .iter()
            .map(|(step, reason)| format!("  {step}: {reason}")),
    );
    run.bundle.add(
        "collector-errors.txt",
        "failed and skipped steps of collect-bundle.ps1",
        SHELL.text_file(&crlf_lines(&report)),
    );
    run.bundle
        .add_stray("screenshot.png", png::solid_png([0x1e, 0x4e, 0x79]));
    run.bundle.set_collector_run(CollectorRun {
        ran_as: ADMIN.to_owned(),
        errors: Vec::new(),
        skipped: run.skipped.clone(),
    });
    run.bundle
}

/// `ManifestHeader` wants `'static` text; the generator runs once, so leaking is fine.
fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}
