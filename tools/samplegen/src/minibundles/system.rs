//! Mini-bundles of the server itself: Windows roles and version, TLS and .NET registry values,
//! time service, IIS and HTTP.sys, services, and the NDES service account.
//!
//! Each case holds the files the collector writes for the rules it exercises (named and
//! encoded as `collect-bundle.ps1` writes them under Windows PowerShell 5.1), plus the
//! manifest when a rule compares times with the moment the bundle was taken.

use std::path::Path;

use crate::Result;
use crate::bundle::{Bundle, ManifestHeader};
use crate::fixtures::registry::{NET_EN, defender_exclusions, net_localgroup, user_rights_inf};
use crate::fixtures::system::{
    APPLICATION_HOST, FeatureRow, Ps, Win32Row, computer_info_json, feature_full, ps51_file,
    security_identifier, win32_selected,
};
use crate::json::Json;
use crate::reg::{self, RegData, RegKey};
use crate::winfmt::{CRLF, SysInfoField, crlf_lines, systeminfo, utf8_bom, utf16le_bom};

const HOST: &str = "NDES01";
const FQDN: &str = "ndes01.corp.contoso.com";
const DOMAIN: &str = "corp.contoso.com";
const EXTERNAL_FQDN: &str = "ndes.contoso.com";
/// The NDES service account as the SCEP application pool names it.
const SERVICE_ACCOUNT: &str = r"CORP\svc-ndes";
/// Its SID, for rights granted to it explicitly.
const SERVICE_ACCOUNT_SID: &str = "S-1-5-21-1004336348-1177238915-682003330-1112";
const COLLECTED_AT: &str = "2026-11-20T09:14:03+01:00";

/// Writes this area's mini-bundles.
pub fn write(root: &Path) -> Result<()> {
    os_cases(root)?;
    iis_cases(root)?;
    service_cases(root)?;
    account_cases(root)
}

/// A bundle the collector wrote, with its manifest.
fn collected() -> Bundle {
    Bundle::collected(ManifestHeader {
        collected_at: COLLECTED_AT,
        host_name: HOST,
        host_fqdn: FQDN,
        external_fqdn: EXTERNAL_FQDN,
        powershell: "5.1.17763.5830",
    })
}

// ---------------------------------------------------------------------------------------
// Files

/// `Get-WindowsFeature` rows scepter's rules look at: name, display name, type, path, depth,
/// parent (Windows Server 2019 wording).
type FeatureInfo = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
    Option<&'static str>,
);

const FEATURE_INFO: [FeatureInfo; 18] = [
    (
        "AD-Certificate",
        "Active Directory Certificate Services",
        "Role",
        "Active Directory Certificate Services",
        1,
        None,
    ),
    (
        "ADCS-Cert-Authority",
        "Certification Authority",
        "Role Service",
        "Active Directory Certificate Services\\Certification Authority",
        2,
        Some("AD-Certificate"),
    ),
    (
        "ADCS-Device-Enrollment",
        "Network Device Enrollment Service",
        "Role Service",
        "Active Directory Certificate Services\\Network Device Enrollment Service",
        2,
        Some("AD-Certificate"),
    ),
    (
        "Web-Server",
        "Web Server (IIS)",
        "Role",
        "Web Server (IIS)",
        1,
        None,
    ),
    (
        "Web-WebServer",
        "Web Server",
        "Role Service",
        "Web Server (IIS)\\Web Server",
        2,
        Some("Web-Server"),
    ),
    (
        "Web-Security",
        "Security",
        "Role Service",
        "Web Server (IIS)\\Web Server\\Security",
        3,
        Some("Web-WebServer"),
    ),
    (
        "Web-Filtering",
        "Request Filtering",
        "Role Service",
        "Web Server (IIS)\\Web Server\\Security\\Request Filtering",
        4,
        Some("Web-Security"),
    ),
    (
        "Web-App-Dev",
        "Application Development",
        "Role Service",
        "Web Server (IIS)\\Web Server\\Application Development",
        3,
        Some("Web-WebServer"),
    ),
    (
        "Web-Net-Ext45",
        ".NET Extensibility 4.7",
        "Role Service",
        "Web Server (IIS)\\Web Server\\Application Development\\.NET Extensibility 4.7",
        4,
        Some("Web-App-Dev"),
    ),
    (
        "Web-Asp-Net45",
        "ASP.NET 4.7",
        "Role Service",
        "Web Server (IIS)\\Web Server\\Application Development\\ASP.NET 4.7",
        4,
        Some("Web-App-Dev"),
    ),
    (
        "Web-Mgmt-Tools",
        "Management Tools",
        "Role Service",
        "Web Server (IIS)\\Management Tools",
        2,
        Some("Web-Server"),
    ),
    (
        "Web-Mgmt-Compat",
        "IIS 6 Management Compatibility",
        "Role Service",
        "Web Server (IIS)\\Management Tools\\IIS 6 Management Compatibility",
        3,
        Some("Web-Mgmt-Tools"),
    ),
    (
        "Web-Metabase",
        "IIS 6 Metabase Compatibility",
        "Role Service",
        "Web Server (IIS)\\Management Tools\\IIS 6 Management Compatibility\\IIS 6 Metabase Compatibility",
        4,
        Some("Web-Mgmt-Compat"),
    ),
    (
        "Web-WMI",
        "IIS 6 WMI Compatibility",
        "Role Service",
        "Web Server (IIS)\\Management Tools\\IIS 6 Management Compatibility\\IIS 6 WMI Compatibility",
        4,
        Some("Web-Mgmt-Compat"),
    ),
    (
        "NET-Framework-45-Features",
        ".NET Framework 4.7 Features",
        "Feature",
        ".NET Framework 4.7 Features",
        1,
        None,
    ),
    (
        "NET-Framework-45-Core",
        ".NET Framework 4.7",
        "Feature",
        ".NET Framework 4.7 Features\\.NET Framework 4.7",
        2,
        Some("NET-Framework-45-Features"),
    ),
    (
        "NET-WCF-Services45",
        "WCF Services",
        "Feature",
        ".NET Framework 4.7 Features\\WCF Services",
        2,
        Some("NET-Framework-45-Features"),
    ),
    (
        "NET-WCF-HTTP-Activation45",
        "HTTP Activation",
        "Feature",
        ".NET Framework 4.7 Features\\WCF Services\\HTTP Activation",
        3,
        Some("NET-WCF-Services45"),
    ),
];

/// The features an NDES server with IIS has; the certification authority it must not have.
fn ndes_installed(name: &str) -> bool {
    name != "ADCS-Cert-Authority"
}

/// `system/windowsfeatures.json`: every row of [`FEATURE_INFO`], installed per `installed`.
fn add_features(bundle: &mut Bundle, installed: impl Fn(&str) -> bool) {
    write_features(bundle, installed, false);
}

/// The same, but only the installed rows (`Get-WindowsFeature | Where-Object Installed`).
fn add_installed_features(bundle: &mut Bundle, installed: impl Fn(&str) -> bool) {
    write_features(bundle, installed, true);
}

fn write_features(bundle: &mut Bundle, installed: impl Fn(&str) -> bool, only_installed: bool) {
    let rows = FEATURE_INFO
        .iter()
        .filter(|(name, ..)| !only_installed || installed(name))
        .map(|&(name, display, kind, path, depth, parent)| {
            let row: FeatureRow = (name, display, installed(name), kind, path, depth, parent);
            feature_full(&row)
        })
        .collect();
    let command = if only_installed {
        "Get-WindowsFeature | Where-Object Installed | ConvertTo-Json > system\\windowsfeatures.json"
    } else {
        "Get-WindowsFeature | ConvertTo-Json > system\\windowsfeatures.json"
    };
    bundle.add(
        "system/windowsfeatures.json",
        command,
        ps51_file(&Json::Array(rows)),
    );
}

/// Replaces the values of `changes` in a JSON object (`Get-ComputerInfo` of another server).
fn patched(json: Json, changes: &[(&str, Json)]) -> Json {
    match json {
        Json::Object(entries) => Json::Object(
            entries
                .into_iter()
                .map(|(key, value)| {
                    let new = changes.iter().find(|(k, _)| *k == key);
                    (key, new.map_or(value, |(_, v)| v.clone()))
                })
                .collect(),
        ),
        other => other,
    }
}

/// `system/computerinfo.json` of NDES01, a Windows Server 2019 member server, with `changes`.
fn add_computer_info(bundle: &mut Bundle, changes: &[(&str, Json)]) {
    let mut all = vec![
        ("CsDomain", Json::str(DOMAIN)),
        ("CsDNSHostName", Json::str(HOST)),
    ];
    all.extend(changes.iter().cloned());
    bundle.add(
        "system/computerinfo.json",
        "Get-ComputerInfo | ConvertTo-Json > system\\computerinfo.json",
        ps51_file(&patched(computer_info_json(Ps::V51), &all)),
    );
}

/// `system/systeminfo.txt` (Windows PowerShell 5.1 `>`: UTF-16LE) of an older server.
fn add_systeminfo(bundle: &mut Bundle, os_name: &str, os_version: &str) {
    let one = SysInfoField::one;
    let fields = [
        one("Host Name", HOST),
        one("OS Name", os_name),
        one("OS Version", os_version),
        one("OS Manufacturer", "Microsoft Corporation"),
        one("OS Configuration", "Member Server"),
        one("OS Build Type", "Multiprocessor Free"),
        one("Registered Owner", "Windows User"),
        one("Registered Organization", ""),
        one("Product ID", "00184-30000-00001-AA742"),
        one("Original Install Date", "3/14/2016, 10:21:07 AM"),
        one("System Boot Time", "11/2/2026, 6:02:11 AM"),
        one("System Manufacturer", "VMware, Inc."),
        one("System Model", "VMware Virtual Platform"),
        one("System Type", "x64-based PC"),
        one("Windows Directory", r"C:\Windows"),
        one("System Directory", r"C:\Windows\system32"),
        one("System Locale", "en-us;English (United States)"),
        one(
            "Time Zone",
            "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna",
        ),
        one("Total Physical Memory", "8,191 MB"),
        one("Domain", DOMAIN),
        one("Logon Server", r"\\DC01"),
    ];
    bundle.add(
        "system/systeminfo.txt",
        "systeminfo > system\\systeminfo.txt",
        utf16le_bom(&systeminfo(&fields)),
    );
}

/// A `reg export` file.
fn add_reg(bundle: &mut Bundle, file: &str, key: &RegKey) {
    let path = key.path.replacen("HKEY_LOCAL_MACHINE", "HKLM", 1);
    let command = format!("reg export \"{path}\" registry\\{file} /y");
    bundle.add(&format!("registry/{file}"), &command, reg::export(key));
}

const NDP_FULL: &str = r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full";

/// `NDP\v4\Full` as .NET Framework setup leaves it (`Release` and the version it names).
fn ndp_full_key(release: u32, version: &str) -> RegKey {
    let values = |key: RegKey| {
        key.value("CBS", RegData::Dword(1))
            .value("Install", RegData::Dword(1))
            .value(
                "InstallPath",
                RegData::Sz(r"C:\Windows\Microsoft.NET\Framework64\v4.0.30319\".into()),
            )
            .value("Release", RegData::Dword(release))
            .value("Servicing", RegData::Dword(0))
            .value("TargetVersion", RegData::Sz("4.0.0".into()))
            .value("Version", RegData::Sz(version.into()))
    };
    values(RegKey::new(NDP_FULL)).subkey("1033", |k| {
        k.value("CBS", RegData::Dword(1))
            .value("Install", RegData::Dword(1))
            .value("Release", RegData::Dword(release))
            .value("Servicing", RegData::Dword(0))
            .value("TargetVersion", RegData::Sz("4.0.0".into()))
            .value("Version", RegData::Sz(version.into()))
    })
}

const SCHANNEL_PROTOCOLS: &str =
    r"HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols";

/// `SCHANNEL\Protocols`: SSL 2.0's client default (every Windows has it) plus TLS 1.2 set to
/// `(Enabled, DisabledByDefault)` for the client and the server.
fn schannel_key(client: (u32, u32), server: (u32, u32)) -> RegKey {
    let side = |(enabled, disabled): (u32, u32)| {
        move |k: RegKey| {
            k.value("Enabled", RegData::Dword(enabled))
                .value("DisabledByDefault", RegData::Dword(disabled))
        }
    };
    RegKey::new(SCHANNEL_PROTOCOLS)
        .subkey("SSL 2.0", |k| {
            k.subkey("Client", |k| {
                k.value("DisabledByDefault", RegData::Dword(1))
            })
        })
        .subkey("TLS 1.2", |k| {
            k.subkey("Client", side(client))
                .subkey("Server", side(server))
        })
}

/// `.NETFramework\v4.0.30319` (64-bit or WOW6432Node), with the strong-crypto values or not.
fn netfx_key(wow64: bool, strong_crypto: bool) -> RegKey {
    let path = if wow64 {
        r"HKEY_LOCAL_MACHINE\SOFTWARE\WOW6432Node\Microsoft\.NETFramework\v4.0.30319"
    } else {
        r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\.NETFramework\v4.0.30319"
    };
    let mut key = RegKey::new(path);
    if strong_crypto {
        key = key
            .value("SchUseStrongCrypto", RegData::Dword(1))
            .value("SystemDefaultTlsVersions", RegData::Dword(1));
    }
    key.subkey("SKUs", |k| {
        k.subkey(".NETFramework,Version=v4.7.2", |k| k)
            .subkey(".NETFramework,Version=v4.8", |k| k)
    })
}

fn add_netfx(bundle: &mut Bundle, strong_crypto: bool) {
    add_reg(
        bundle,
        "NETFramework-v4.0.30319.reg",
        &netfx_key(false, strong_crypto),
    );
    add_reg(
        bundle,
        "NETFramework-v4.0.30319-WOW6432Node.reg",
        &netfx_key(true, strong_crypto),
    );
}

const ACTIVE_SETUP: &str =
    r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Active Setup\Installed Components";

/// The IE Enhanced Security Configuration components for Administrators (`A7`) and Users (`A8`);
/// `None` leaves out the component's `IsInstalled` value.
fn add_ie_esc(bundle: &mut Bundle, admins: Option<u32>, users: Option<u32>) {
    for (file, guid, stub, on) in [
        (
            "IE-ESC-Admins.reg",
            "{A509B1A7-37EF-4b3f-8CFC-4F3A74704073}",
            "IEHardenAdmin",
            admins,
        ),
        (
            "IE-ESC-Users.reg",
            "{A509B1A8-37EF-4b3f-8CFC-4F3A74704073}",
            "IEHardenUser",
            users,
        ),
    ] {
        let key = RegKey::new(format!(r"{ACTIVE_SETUP}\{guid}"))
            .value("ComponentID", RegData::Sz(stub.into()));
        let key = match on {
            Some(on) => key.value("IsInstalled", RegData::Dword(on)),
            None => key,
        };
        let key = key
            .value("Locale", RegData::Sz("*".into()))
            .value(
                "StubPath",
                RegData::Sz(format!(
                    "\"C:\\Windows\\System32\\rundll32.exe\" \"C:\\Windows\\System32\\iesetup.dll\",{stub}"
                )),
            )
            .value("Version", RegData::Sz("1,1,1,0".into()));
        add_reg(bundle, file, &key);
    }
}

/// `W32Time\Parameters` with the given `Type` and `NtpServer`.
fn w32time_key(kind: &str, ntp_server: &str) -> RegKey {
    RegKey::new(r"HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\W32Time\Parameters")
        .value(
            "ServiceDll",
            RegData::ExpandSz(r"%systemroot%\system32\w32time.dll".into()),
        )
        .value("ServiceMain", RegData::Sz("SvchostEntry_W32Time".into()))
        .value("ServiceDllUnloadOnStop", RegData::Dword(1))
        .value("Type", RegData::Sz(kind.into()))
        .value("NtpServer", RegData::Sz(ntp_server.into()))
}

/// `w32tm /query /status` output.
fn add_w32tm(bundle: &mut Bundle, lines: &[&str]) {
    bundle.add(
        "system/w32tm-status.txt",
        "w32tm /query /status > system\\w32tm-status.txt",
        utf16le_bom(&crlf_lines(lines)),
    );
}

fn w32tm_synced(last_sync: &str) -> Vec<&str> {
    vec![
        "Leap Indicator: 0(no warning)",
        "Stratum: 4 (secondary reference - syncd by (S)NTP)",
        "Precision: -23 (119.209ns per tick)",
        "Root Delay: 0.0312500s",
        "Root Dispersion: 0.1095764s",
        "ReferenceId: 0x0A00000A (source IP:  10.0.0.10)",
        last_sync,
        "Source: DC01.corp.contoso.com",
        "Poll Interval: 10 (1024s)",
        "",
    ]
}

/// `HTTP\Parameters`; `long_urls` adds the two values NDES needs.
fn http_parameters_key(long_urls: bool) -> RegKey {
    let mut key =
        RegKey::new(r"HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\HTTP\Parameters");
    if long_urls {
        key = key
            .value("MaxFieldLength", RegData::Dword(0xfffe))
            .value("MaxRequestBytes", RegData::Dword(0xfffe));
    }
    key.value(
        "UrlAclVersion",
        RegData::Binary(vec![0x01, 0x00, 0x00, 0x00]),
    )
    .subkey("SslBindingInfo", |k| k)
    .subkey("UrlAclInfo", |k| k)
}

/// `Win32_Service` rows as `collect-bundle.ps1` selects them.
fn add_services(bundle: &mut Bundle, rows: &[Win32Row]) {
    let rows = Json::Array(rows.iter().map(win32_selected).collect());
    bundle.add(
        "services/win32-services.json",
        "Get-CimInstance Win32_Service | Select-Object Name,DisplayName,State,StartMode,StartName,DelayedAutoStart,PathName | ConvertTo-Json > services\\win32-services.json",
        ps51_file(&rows),
    );
}

const PFX_PATH: &str = "\"C:\\Program Files\\Microsoft Intune\\PFXconnector\\PFXCertificateConnectorSvc\\PFXCertificateConnectorSvc.exe\"";
const PKI_CREATE_PATH: &str = "\"C:\\Program Files\\Microsoft Intune\\PFXconnector\\PkiCreateConnectorSvc\\PkiCreateConnectorSvc.exe\"";
const PKI_REVOKE_PATH: &str = "\"C:\\Program Files\\Microsoft Intune\\PFXconnector\\PkiRevokeConnectorSvc\\PkiRevokeConnectorSvc.exe\"";
const IIS_PATH: &str = "C:\\Windows\\system32\\svchost.exe -k iissvcs";

fn pfx_service(state: &'static str) -> Win32Row {
    (
        "PFXCertificateConnectorSvc",
        "PFX Certificate Connector for Microsoft Intune",
        state,
        "Auto",
        Some("LocalSystem"),
        Some(true),
        PFX_PATH,
    )
}

fn pki_create_service(state: &'static str) -> Win32Row {
    (
        "PkiCreateConnectorSvc",
        "PKI Create Certificate Connector for Microsoft Intune",
        state,
        "Auto",
        Some("LocalSystem"),
        Some(false),
        PKI_CREATE_PATH,
    )
}

/// Revocation is not configured: the service is installed but disabled.
const PKI_REVOKE_DISABLED: Win32Row = (
    "PkiRevokeConnectorSvc",
    "PKI Revoke Connector for Microsoft Intune",
    "Stopped",
    "Disabled",
    Some("LocalSystem"),
    Some(false),
    PKI_REVOKE_PATH,
);

fn w3svc(state: &'static str) -> Win32Row {
    (
        "W3SVC",
        "World Wide Web Publishing Service",
        state,
        "Auto",
        Some("LocalSystem"),
        Some(false),
        IIS_PATH,
    )
}

const WAS: Win32Row = (
    "WAS",
    "Windows Process Activation Service",
    "Running",
    "Manual",
    Some("LocalSystem"),
    Some(false),
    IIS_PATH,
);

const W32TIME: Win32Row = (
    "W32Time",
    "Windows Time",
    "Running",
    "Manual",
    Some("NT AUTHORITY\\LocalService"),
    Some(false),
    "C:\\Windows\\system32\\svchost.exe -k LocalService",
);

fn app_proxy_service(state: &'static str, mode: &'static str) -> Win32Row {
    (
        "WAPCSvc",
        "Microsoft Entra private network connector",
        state,
        mode,
        Some("NT AUTHORITY\\NetworkService"),
        Some(false),
        "\"C:\\Program Files\\Microsoft Entra private network connector\\ApplicationProxyConnectorService.exe\"",
    )
}

const APP_PROXY_UPDATER: Win32Row = (
    "WAPCUpdaterSvc",
    "Microsoft Entra private network connector updater",
    "Running",
    "Auto",
    Some("LocalSystem"),
    Some(false),
    "\"C:\\Program Files\\Microsoft Entra private network connector Updater\\ApplicationProxyConnectorUpdaterService.exe\"",
);

/// The services of a healthy unified-connector NDES server (SCEP and PKCS configured).
fn healthy_services() -> Vec<Win32Row> {
    vec![
        pfx_service("Running"),
        pki_create_service("Running"),
        PKI_REVOKE_DISABLED,
        w3svc("Running"),
        WAS,
        W32TIME,
    ]
}

/// `HKLM\SOFTWARE\Microsoft\MicrosoftIntune` of the unified connector: which account its
/// services run as, in the `CA` subkey the configuration wizard writes.
fn microsoft_intune_key(use_system: bool, user_name: &str) -> RegKey {
    intune_key(use_system, user_name, Some(1))
}

/// The same key with `EnableSidSecurityExtension` set to `sid_extension`, or absent (the
/// connector's default, which leaves the SID out of PKCS certificates).
fn intune_key(use_system: bool, user_name: &str, sid_extension: Option<u32>) -> RegKey {
    RegKey::new(r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\MicrosoftIntune").subkey(
        "PFXCertificateConnector",
        |k| {
            let k = match sid_extension {
                Some(value) => k.value("EnableSidSecurityExtension", RegData::Dword(value)),
                None => k,
            };
            k.subkey("CA", |k| {
                k.value("UseSystemAccount", RegData::Dword(u32::from(use_system)))
                    .value("Username", RegData::Sz(user_name.into()))
            })
        },
    )
}

/// `iis/applicationHost.config` as the collector copies it (passwords removed, UTF-8 with a
/// BOM, CRLF), after the `(from, to)` replacements.
fn add_application_host(bundle: &mut Bundle, edits: &[(&str, &str)]) {
    let mut text = APPLICATION_HOST
        .replace(
            "password=\"[enc:IISWASOnlyCngProvider:Vv8kQmZ1cGxhY2Vob2xkZXItbm90LWEtcmVhbC1zZWNyZXQ=:enc]\"",
            "password=\"[removed]\"",
        )
        .replace(r"CONTOSO\svc-ndes", SERVICE_ACCOUNT);
    for (from, to) in edits {
        assert!(text.contains(from), "applicationHost.config lacks {from}");
        text = text.replace(from, to);
    }
    bundle.add(
        "iis/applicationHost.config",
        "& $removePasswords (Get-Content -Raw $appHostPath) | Set-Content -Encoding UTF8 iis\\applicationHost.config",
        utf8_bom(&text.replace('\n', CRLF)),
    );
}

const SCEP_POOL: &str = "\t\t\t<add name=\"SCEP\" managedRuntimeVersion=\"v4.0\" autoStart=\"true\">\n\t\t\t\t<processModel identityType=\"SpecificUser\" userName=\"CORP\\svc-ndes\" password=\"[removed]\" loadUserProfile=\"true\" />\n\t\t\t</add>\n";

/// `net localgroup <group>` output.
fn add_local_group(bundle: &mut Bundle, group: &str, members: &[&str]) {
    let comment = if group == "IIS_IUSRS" {
        "Built-in group used by Internet Information Services."
    } else {
        "Administrators have complete and unrestricted access to the computer/domain"
    };
    bundle.add(
        &format!("system/localgroup-{group}.txt"),
        &format!("net localgroup {group} > system\\localgroup-{group}.txt"),
        utf16le_bom(&net_localgroup(&NET_EN, group, comment, members)),
    );
}

fn add_local_groups(bundle: &mut Bundle, iis_iusrs: &[&str], administrators: &[&str]) {
    add_local_group(bundle, "IIS_IUSRS", iis_iusrs);
    add_local_group(bundle, "Administrators", administrators);
}

const ADMINISTRATORS: [&str; 3] = ["Administrator", r"CORP\Domain Admins", r"CORP\pki-admins"];

/// Windows' default holders of SeImpersonatePrivilege once IIS is installed.
const IMPERSONATE_DEFAULT: &str = "*S-1-5-19,*S-1-5-20,*S-1-5-32-544,*S-1-5-32-568,*S-1-5-6";

/// `secedit /export /areas USER_RIGHTS` (UTF-16LE, as secedit writes it).
fn add_user_rights(bundle: &mut Bundle, overrides: &[(&str, &str)]) {
    // The first holder list given for a privilege wins: the case's own, then the default.
    let mut all = overrides.to_vec();
    all.push(("SeImpersonatePrivilege", IMPERSONATE_DEFAULT));
    bundle.add(
        "system/user-rights.inf",
        "secedit /export /areas USER_RIGHTS /cfg system\\user-rights.inf",
        utf16le_bom(&user_rights_inf(&all)),
    );
}

/// How the NDES service account looks in AD.
struct AdState {
    enabled: bool,
    locked_out: bool,
    password_expired: bool,
    /// `AccountExpirationDate` as a .NET epoch-milliseconds value, if set.
    expires_ms: Option<i64>,
}

const AD_HEALTHY: AdState = AdState {
    enabled: true,
    locked_out: false,
    password_expired: false,
    expires_ms: None,
};

/// `ad/ndes-service-account.json`: `Get-ADUser ... | Select-Object ... | ConvertTo-Json`
/// under Windows PowerShell 5.1 (dates as `\/Date(ms)\/`).
fn add_ad_user(bundle: &mut Bundle, state: &AdState, spns: &[&str]) {
    let date = |ms: i64| Json::Raw(format!("\"\\/Date({ms})\\/\""));
    let user = Json::object([
        ("Name", Json::str("svc-ndes")),
        ("SamAccountName", Json::str("svc-ndes")),
        ("UserPrincipalName", Json::str("svc-ndes@corp.contoso.com")),
        (
            "DistinguishedName",
            Json::str("CN=svc-ndes,OU=Service Accounts,DC=corp,DC=contoso,DC=com"),
        ),
        ("ObjectClass", Json::str("user")),
        ("Enabled", Json::Bool(state.enabled)),
        ("LockedOut", Json::Bool(state.locked_out)),
        ("PasswordExpired", Json::Bool(state.password_expired)),
        ("PasswordNeverExpires", Json::Bool(false)),
        // 2026-03-02 10:00:00 UTC.
        ("PasswordLastSet", date(1_772_445_600_000)),
        (
            "AccountExpirationDate",
            state.expires_ms.map_or(Json::Null, date),
        ),
        (
            "ServicePrincipalName",
            Json::Array(spns.iter().map(|s| Json::str(*s)).collect()),
        ),
        ("SID", security_identifier(SERVICE_ACCOUNT_SID)),
    ]);
    bundle.add(
        "ad/ndes-service-account.json",
        "Get-ADUser -Identity svc-ndes -Properties * | Select-Object Name,SamAccountName,UserPrincipalName,DistinguishedName,ObjectClass,Enabled,LockedOut,PasswordExpired,PasswordNeverExpires,PasswordLastSet,AccountExpirationDate,ServicePrincipalName,SID | ConvertTo-Json > ad\\ndes-service-account.json",
        ps51_file(&user),
    );
}

/// `ad/setspn.txt`: `setspn -L CORP\svc-ndes`.
fn add_setspn(bundle: &mut Bundle, spns: &[&str]) {
    let mut lines = vec![
        "Registered ServicePrincipalNames for CN=svc-ndes,OU=Service Accounts,DC=corp,DC=contoso,DC=com:"
            .to_string(),
    ];
    lines.extend(spns.iter().map(|s| format!("\t{s}")));
    bundle.add(
        "ad/setspn.txt",
        "setspn -L CORP\\svc-ndes > ad\\setspn.txt",
        utf16le_bom(&crlf_lines(&lines)),
    );
}

const HEALTHY_SPNS: [&str; 2] = ["HTTP/ndes01.corp.contoso.com", "HTTP/NDES01"];

// ---------------------------------------------------------------------------------------
// Windows: roles, version, .NET, TLS, IE ESC, time

fn os_cases(root: &Path) -> Result<()> {
    // Everything an NDES server with the unified connector should be.
    let mut healthy = collected();
    add_computer_info(&mut healthy, &[]);
    add_features(&mut healthy, ndes_installed);
    add_services(&mut healthy, &healthy_services());
    add_reg(
        &mut healthy,
        "NDP-v4-Full.reg",
        &ndp_full_key(528_049, "4.8.03761"),
    );
    add_reg(
        &mut healthy,
        "SCHANNEL-Protocols.reg",
        &schannel_key((1, 0), (1, 0)),
    );
    add_netfx(&mut healthy, true);
    add_ie_esc(&mut healthy, Some(0), Some(0));
    add_reg(
        &mut healthy,
        "W32Time-Parameters.reg",
        &w32time_key("NT5DS", "time.windows.com,0x8"),
    );
    add_w32tm(
        &mut healthy,
        &w32tm_synced("Last Successful Sync Time: 11/20/2026 8:55:12 AM"),
    );
    healthy.write(&root.join("os-healthy"))?;

    // NDES was never added: IIS is there, the role service is not.
    let mut bundle = Bundle::by_hand();
    add_features(&mut bundle, |name| {
        ndes_installed(name) && name != "ADCS-Device-Enrollment"
    });
    bundle.write(&root.join("ndes-role-missing"))?;

    // Exported by hand with only the installed features: IIS, no NDES.
    let mut bundle = Bundle::by_hand();
    add_installed_features(&mut bundle, |name| {
        ndes_installed(name) && name != "ADCS-Device-Enrollment"
    });
    bundle.write(&root.join("ndes-role-missing-installed-only"))?;

    // NDES is installed, but three of the IIS / .NET features it needs are not.
    let mut bundle = Bundle::by_hand();
    add_features(&mut bundle, |name| {
        ndes_installed(name)
            && !matches!(
                name,
                "Web-Metabase" | "Web-WMI" | "Web-Mgmt-Compat" | "NET-WCF-HTTP-Activation45"
            )
    });
    bundle.write(&root.join("iis-features-missing"))?;

    // NDES on the issuing CA.
    let mut bundle = Bundle::by_hand();
    add_features(&mut bundle, |_| true);
    let mut services = healthy_services();
    services.push((
        "CertSvc",
        "Active Directory Certificate Services",
        "Running",
        "Auto",
        Some("LocalSystem"),
        Some(false),
        "C:\\Windows\\system32\\certsrv.exe",
    ));
    add_services(&mut bundle, &services);
    bundle.write(&root.join("ndes-on-ca"))?;

    // Windows Server 2012 (not R2), read from systeminfo.
    let mut bundle = Bundle::by_hand();
    add_systeminfo(
        &mut bundle,
        "Microsoft Windows Server 2012 Standard",
        "6.2.9200 N/A Build 9200",
    );
    bundle.write(&root.join("os-2012"))?;

    let mut bundle = Bundle::by_hand();
    add_computer_info(
        &mut bundle,
        &[
            ("WindowsInstallationType", Json::str("Server Core")),
            ("OsServerLevel", Json::Int(2)),
        ],
    );
    bundle.write(&root.join("os-server-core"))?;

    let mut bundle = Bundle::by_hand();
    add_computer_info(
        &mut bundle,
        &[
            ("CsDomainRole", Json::Int(5)),
            ("OsProductType", Json::Int(2)),
        ],
    );
    bundle.write(&root.join("os-domain-controller"))?;

    let mut bundle = Bundle::by_hand();
    add_computer_info(
        &mut bundle,
        &[
            (
                "WindowsBuildLabEx",
                Json::str("19041.1.amd64fre.vb_release.191206-1406"),
            ),
            ("WindowsEditionId", Json::str("Enterprise")),
            ("WindowsInstallationType", Json::str("Client")),
            ("WindowsProductName", Json::str("Windows 10 Enterprise")),
            ("WindowsVersion", Json::str("2009")),
            ("CsDomainRole", Json::Int(1)),
            ("OsName", Json::str("Microsoft Windows 10 Enterprise")),
            ("OsOperatingSystemSKU", Json::Int(4)),
            ("OsVersion", Json::str("10.0.19045")),
            ("OsBuildNumber", Json::str("19045")),
            ("OsProductType", Json::Int(1)),
            ("OsServerLevel", Json::Null),
        ],
    );
    bundle.write(&root.join("os-workstation"))?;

    // .NET Framework 4.7.1 on Windows Server 2016.
    let mut bundle = Bundle::by_hand();
    add_reg(
        &mut bundle,
        "NDP-v4-Full.reg",
        &ndp_full_key(461_310, "4.7.02558"),
    );
    bundle.write(&root.join("dotnet-471"))?;

    // A hardening script that disabled TLS 1.2 for outgoing connections.
    let mut bundle = Bundle::by_hand();
    add_reg(
        &mut bundle,
        "SCHANNEL-Protocols.reg",
        &schannel_key((0, 1), (1, 0)),
    );
    bundle.write(&root.join("tls12-client-disabled"))?;

    // Windows Server 2016 without the .NET strong-crypto values.
    let server_2016 = [
        (
            "WindowsBuildLabEx",
            Json::str("14393.693.amd64fre.rs1_release.161220-1747"),
        ),
        (
            "WindowsProductName",
            Json::str("Windows Server 2016 Standard"),
        ),
        ("WindowsVersion", Json::str("1607")),
        (
            "OsName",
            Json::str("Microsoft Windows Server 2016 Standard"),
        ),
        ("OsVersion", Json::str("10.0.14393")),
        ("OsBuildNumber", Json::str("14393")),
    ];
    let mut bundle = Bundle::by_hand();
    add_computer_info(&mut bundle, &server_2016);
    add_netfx(&mut bundle, false);
    bundle.write(&root.join("dotnet-strong-crypto-missing"))?;

    // The same server once the values are set.
    let mut bundle = Bundle::by_hand();
    add_computer_info(&mut bundle, &server_2016);
    add_netfx(&mut bundle, true);
    bundle.write(&root.join("dotnet-strong-crypto-set"))?;

    let mut bundle = Bundle::by_hand();
    add_ie_esc(&mut bundle, Some(1), Some(1));
    bundle.write(&root.join("ie-esc-on"))?;

    // A hardening script deleted the Administrators component's IsInstalled value: Active
    // Setup reads a component without it as installed.
    let mut bundle = Bundle::by_hand();
    add_ie_esc(&mut bundle, None, Some(0));
    bundle.write(&root.join("ie-esc-value-missing"))?;

    let mut bundle = collected();
    add_w32tm(
        &mut bundle,
        &[
            "Leap Indicator: 3(not synchronized)",
            "Stratum: 0 (unspecified)",
            "Precision: -23 (119.209ns per tick)",
            "Root Delay: 0.0000000s",
            "Root Dispersion: 0.0000000s",
            "ReferenceId: 0x00000000 (unspecified)",
            "Last Successful Sync Time: unspecified",
            "Source: Free-running System Clock",
            "Poll Interval: 10 (1024s)",
            "",
        ],
    );
    bundle.write(&root.join("time-free-running"))?;

    // Synchronized from a DC once, seven weeks before the bundle was taken.
    let mut bundle = collected();
    add_w32tm(
        &mut bundle,
        &w32tm_synced("Last Successful Sync Time: 10/2/2026 7:41:09 PM"),
    );
    bundle.write(&root.join("time-stale"))?;

    // A member server pointed at an internet NTP pool instead of the domain hierarchy.
    let mut bundle = Bundle::by_hand();
    add_computer_info(&mut bundle, &[]);
    add_reg(
        &mut bundle,
        "W32Time-Parameters.reg",
        &w32time_key("NTP", "pool.ntp.org,0x9"),
    );
    bundle.write(&root.join("w32time-not-domain-hierarchy"))
}

// ---------------------------------------------------------------------------------------
// IIS and HTTP.sys

fn iis_cases(root: &Path) -> Result<()> {
    let mut healthy = Bundle::by_hand();
    add_features(&mut healthy, ndes_installed);
    add_application_host(&mut healthy, &[]);
    add_reg(
        &mut healthy,
        "HTTP-Parameters.reg",
        &http_parameters_key(true),
    );
    healthy.write(&root.join("iis-healthy"))?;

    let cases: [(&str, &[(&str, &str)]); 7] = [
        ("iis-scep-pool-missing", &[(SCEP_POOL, "")]),
        (
            "iis-scep-pool-stopped",
            &[(
                "name=\"SCEP\" managedRuntimeVersion=\"v4.0\" autoStart=\"true\"",
                "name=\"SCEP\" managedRuntimeVersion=\"v4.0\" autoStart=\"false\"",
            )],
        ),
        (
            "iis-scep-pool-builtin-identity",
            &[(
                "<processModel identityType=\"SpecificUser\" userName=\"CORP\\svc-ndes\" password=\"[removed]\" loadUserProfile=\"true\" />",
                "<processModel identityType=\"ApplicationPoolIdentity\" loadUserProfile=\"true\" />",
            )],
        ),
        // IIS defaults everywhere: nobody raised the limits.
        (
            "iis-request-limits-default",
            &[
                (
                    "\t\t\t\t<requestLimits maxUrl=\"65534\" maxQueryString=\"65534\" />\n\t\t\t\t<verbs",
                    "\t\t\t\t<verbs",
                ),
                (
                    "\t\t\t\t<requestFiltering>\n\t\t\t\t\t<requestLimits maxUrl=\"65534\" maxQueryString=\"65534\" />\n\t\t\t\t</requestFiltering>\n",
                    "",
                ),
            ],
        ),
        // Raised for the server, lowered again on the SCEP application.
        (
            "iis-request-limits-mscep-low",
            &[(
                "\t\t\t\t\t<requestLimits maxUrl=\"65534\" maxQueryString=\"65534\" />",
                "\t\t\t\t\t<requestLimits maxQueryString=\"2048\" />",
            )],
        ),
        (
            "iis-site-renamed",
            &[
                (
                    "<site name=\"Default Web Site\" id=\"1\">",
                    "<site name=\"NDES\" id=\"1\">",
                ),
                (
                    "<location path=\"Default Web Site/",
                    "<location path=\"NDES/",
                ),
            ],
        ),
        (
            "iis-no-https-binding",
            &[
                (
                    "\t\t\t\t\t<binding protocol=\"https\" bindingInformation=\"*:443:\" sslFlags=\"0\" />\n",
                    "",
                ),
                (
                    "\t\t\t\t\t<binding protocol=\"https\" bindingInformation=\"10.0.0.25:443:ndes.contoso.com\" sslFlags=\"1\" certificateHash=\"5a1c0f3e9b7d2c4a6e8f0b1d3c5e7a9b2d4f6a8c\" certificateStoreName=\"My\" />\n",
                    "",
                ),
            ],
        ),
    ];
    for (name, edits) in cases {
        let mut bundle = Bundle::by_hand();
        add_application_host(&mut bundle, edits);
        bundle.write(&root.join(name))?;
    }

    // HTTP.sys left at its defaults on an NDES server.
    let mut bundle = Bundle::by_hand();
    add_features(&mut bundle, ndes_installed);
    add_reg(
        &mut bundle,
        "HTTP-Parameters.reg",
        &http_parameters_key(false),
    );
    bundle.write(&root.join("httpsys-defaults"))
}

// ---------------------------------------------------------------------------------------
// Services

fn service_cases(root: &Path) -> Result<()> {
    let mut healthy = Bundle::by_hand();
    let mut services = healthy_services();
    services.extend([app_proxy_service("Running", "Auto"), APP_PROXY_UPDATER]);
    add_services(&mut healthy, &services);
    add_reg(
        &mut healthy,
        "MicrosoftIntune.reg",
        &microsoft_intune_key(true, ""),
    );
    healthy.write(&root.join("services-healthy"))?;

    // After a reboot nothing came back: the connector, its PKCS service and IIS are stopped.
    let mut bundle = Bundle::by_hand();
    add_services(
        &mut bundle,
        &[
            pfx_service("Stopped"),
            pki_create_service("Stopped"),
            PKI_REVOKE_DISABLED,
            w3svc("Stopped"),
            WAS,
        ],
    );
    bundle.write(&root.join("services-stopped"))?;

    // IIS and NDES, but no Intune connector.
    let mut bundle = Bundle::by_hand();
    add_services(&mut bundle, &[w3svc("Running"), WAS, W32TIME]);
    bundle.write(&root.join("connector-missing"))?;

    // Configured for a domain account, but the service was switched back to LocalSystem.
    let mut bundle = Bundle::by_hand();
    add_services(&mut bundle, &healthy_services());
    add_reg(
        &mut bundle,
        "MicrosoftIntune.reg",
        &microsoft_intune_key(false, r"CORP\svc-intunecon"),
    );
    bundle.write(&root.join("connector-logon-mismatch"))?;

    let mut bundle = Bundle::by_hand();
    let mut services = healthy_services();
    services.extend([app_proxy_service("Stopped", "Manual"), APP_PROXY_UPDATER]);
    add_services(&mut bundle, &services);
    bundle.write(&root.join("app-proxy-connector-stopped"))?;

    // PKCS in use, but the connector was never told to add the SID extension.
    let mut bundle = Bundle::by_hand();
    add_services(&mut bundle, &healthy_services());
    add_reg(
        &mut bundle,
        "MicrosoftIntune.reg",
        &intune_key(true, "", None),
    );
    add_reg(
        &mut bundle,
        "Uninstall.reg",
        &uninstall_connector("6.2409.0.1001"),
    );
    bundle.write(&root.join("pkcs-sid-extension-off"))?;

    // The value is set, but this connector predates the SID extension (6.2406.0.1001).
    let mut bundle = Bundle::by_hand();
    add_services(&mut bundle, &healthy_services());
    add_reg(
        &mut bundle,
        "MicrosoftIntune.reg",
        &microsoft_intune_key(true, ""),
    );
    add_reg(
        &mut bundle,
        "Uninstall.reg",
        &uninstall_connector("6.2311.0.1004"),
    );
    bundle.write(&root.join("pkcs-connector-before-sid"))?;

    // Defender scans the connector's request queues: no path exclusions at all.
    let mut bundle = Bundle::by_hand();
    add_services(&mut bundle, &healthy_services());
    add_reg(
        &mut bundle,
        "Defender-Exclusions.reg",
        &defender_exclusions(&[]),
    );
    bundle.write(&root.join("pkcs-av-no-exclusions"))?;

    // One exclusion of the whole Microsoft Intune folder, written with its variable.
    let mut bundle = Bundle::by_hand();
    add_services(&mut bundle, &healthy_services());
    add_reg(
        &mut bundle,
        "Defender-Exclusions.reg",
        &defender_exclusions(&[r"%ProgramFiles%\Microsoft Intune\"]),
    );
    bundle.write(&root.join("pkcs-av-intune-folder-excluded"))
}

/// The Uninstall entry of the Certificate Connector for Microsoft Intune at `version`.
fn uninstall_connector(version: &str) -> RegKey {
    let sz = |text: &str| RegData::Sz(text.to_owned());
    RegKey::new(r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall").subkey(
        "{5C7C1A5E-2F3D-4B8E-9A61-0D4E7B2C9F18}",
        |k| {
            k.value(
                "DisplayName",
                sz("Certificate Connector for Microsoft Intune"),
            )
            .value("DisplayVersion", sz(version))
            .value("InstallDate", sz("20250603"))
            .value("Publisher", sz("Microsoft Corporation"))
            .value("EstimatedSize", RegData::Dword(102_532))
        },
    )
}

// ---------------------------------------------------------------------------------------
// The NDES service account

fn account_cases(root: &Path) -> Result<()> {
    let build = |ad: &AdState,
                 spns: &[&str],
                 iis_iusrs: &[&str],
                 admins: &[&str],
                 rights: &[(&str, &str)]| {
        let mut bundle = collected();
        add_application_host(&mut bundle, &[]);
        add_ad_user(&mut bundle, ad, spns);
        add_setspn(&mut bundle, spns);
        add_local_groups(&mut bundle, iis_iusrs, admins);
        add_user_rights(&mut bundle, rights);
        bundle
    };
    let iis_iusrs = [SERVICE_ACCOUNT];
    build(&AD_HEALTHY, &HEALTHY_SPNS, &iis_iusrs, &ADMINISTRATORS, &[])
        .write(&root.join("account-healthy"))?;

    let locked = AdState {
        locked_out: true,
        password_expired: true,
        ..AD_HEALTHY
    };
    build(&locked, &HEALTHY_SPNS, &iis_iusrs, &ADMINISTRATORS, &[])
        .write(&root.join("account-locked-out"))?;

    // AccountExpirationDate 2026-10-31 00:00 UTC: three weeks before the bundle.
    let expired = AdState {
        expires_ms: Some(1_793_404_800_000),
        ..AD_HEALTHY
    };
    build(&expired, &HEALTHY_SPNS, &iis_iusrs, &ADMINISTRATORS, &[])
        .write(&root.join("account-expired"))?;

    // Made a local administrator instead of being put into IIS_IUSRS.
    let mut admins = ADMINISTRATORS.to_vec();
    admins.push(SERVICE_ACCOUNT);
    build(
        &AD_HEALTHY,
        &HEALTHY_SPNS,
        &[r"NT AUTHORITY\IUSR"],
        &admins,
        &[],
    )
    .write(&root.join("account-local-admin"))?;

    // Neither in IIS_IUSRS nor granted the logon rights: the pool cannot log on.
    build(
        &AD_HEALTHY,
        &HEALTHY_SPNS,
        &[r"NT AUTHORITY\IUSR"],
        &ADMINISTRATORS,
        &[],
    )
    .write(&root.join("account-no-rights"))?;

    // Not in IIS_IUSRS, but granted the three logon rights by SID (the older documented way).
    let batch =
        format!("*S-1-5-32-544,*S-1-5-32-551,*S-1-5-32-559,*S-1-5-32-568,*{SERVICE_ACCOUNT_SID}");
    let service = format!("*S-1-5-80-0,*{SERVICE_ACCOUNT_SID}");
    let interactive = format!("*S-1-5-32-544,*S-1-5-32-545,*S-1-5-32-551,*{SERVICE_ACCOUNT_SID}");
    build(
        &AD_HEALTHY,
        &HEALTHY_SPNS,
        &[r"NT AUTHORITY\IUSR"],
        &ADMINISTRATORS,
        &[
            ("SeBatchLogonRight", &batch),
            ("SeServiceLogonRight", &service),
            ("SeInteractiveLogonRight", &interactive),
        ],
    )
    .write(&root.join("account-rights-explicit"))?;

    // The three rights went to another domain account (a neighbour's service account, -1187),
    // not to svc-ndes, whose SID Get-ADUser gives.
    let other = "S-1-5-21-1004336348-1177238915-682003330-1187";
    let batch = format!("*S-1-5-32-544,*S-1-5-32-551,*S-1-5-32-559,*S-1-5-32-568,*{other}");
    let service = format!("*S-1-5-80-0,*{other}");
    let interactive = format!("*S-1-5-32-544,*S-1-5-32-545,*S-1-5-32-551,*{other}");
    build(
        &AD_HEALTHY,
        &HEALTHY_SPNS,
        &[r"NT AUTHORITY\IUSR"],
        &ADMINISTRATORS,
        &[
            ("SeBatchLogonRight", &batch),
            ("SeServiceLogonRight", &service),
            ("SeInteractiveLogonRight", &interactive),
        ],
    )
    .write(&root.join("account-rights-other-sid"))?;

    // A GPO that rewrote "Impersonate a client after authentication" without IIS_IUSRS.
    build(
        &AD_HEALTHY,
        &HEALTHY_SPNS,
        &iis_iusrs,
        &ADMINISTRATORS,
        &[(
            "SeImpersonatePrivilege",
            "*S-1-5-19,*S-1-5-20,*S-1-5-32-544,*S-1-5-6",
        )],
    )
    .write(&root.join("iis-iusrs-no-impersonate"))?;

    // Only the external name was registered.
    build(
        &AD_HEALTHY,
        &["HTTP/ndes.contoso.com"],
        &iis_iusrs,
        &ADMINISTRATORS,
        &[],
    )
    .write(&root.join("account-spn-missing"))
}
