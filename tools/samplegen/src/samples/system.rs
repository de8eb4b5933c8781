//! System evidence: `systeminfo`, `Get-ComputerInfo`, `Get-WindowsFeature`, `net localgroup`,
//! `secedit` user rights and `w32tm /query /status`.

use super::clock::{local, us_time, utc};
use super::host::{
    ADMIN, DC_FQDN, DC_IP, DOMAIN, HOST, IP, NETBIOS, Os, SERVICE_ACCOUNT, boot_time, collected_at,
};
use super::shell::{Shell, enum_value};
use crate::json::Json;
use crate::winfmt::{SysInfoField, systeminfo};

fn s(text: &str) -> Json {
    Json::str(text)
}

/// `systeminfo` output lines of the sample server.
pub fn systeminfo_text(os: &Os) -> String {
    let one = |label, value: &str| SysInfoField::one(label, value);
    let hotfix_lines: Vec<String> = os
        .hotfixes
        .iter()
        .enumerate()
        .map(|(i, kb)| format!("[{:02}]: {kb}", i + 1))
        .collect();
    let fields = vec![
        one("Host Name", HOST),
        one("OS Name", os.caption),
        one(
            "OS Version",
            &format!("{} N/A Build {}", os.version(), os.build),
        ),
        one("OS Manufacturer", "Microsoft Corporation"),
        one("OS Configuration", "Member Server"),
        one("OS Build Type", "Multiprocessor Free"),
        one("Registered Owner", "Windows User"),
        one("Registered Organization", ""),
        one("Product ID", os.product_id),
        one("Original Install Date", &us_time(os.installed, true)),
        one("System Boot Time", &us_time(boot_time(), true)),
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
            value: format!("{} Hotfix(s) Installed.", os.hotfixes.len()),
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
                format!("      [01]: {IP}"),
                "      [02]: fe80::1c2d:3e4f:5a6b:7c8d".into(),
            ],
        },
        one(
            "Hyper-V Requirements",
            "A hypervisor has been detected. Features required for Hyper-V will not be displayed.",
        ),
    ];
    systeminfo(&fields)
}

/// `Get-ComputerInfo | ConvertTo-Json`, abridged to the properties a support engineer reads
/// (the real object has about 180, most of them `null` on a VM).
pub fn computer_info(os: &Os, shell: Shell) -> Json {
    let e = |n: i64, name: &str| enum_value(false, n, name);
    let uptime = collected_at() - boot_time();
    let seconds = uptime.whole_seconds();
    let timespan = Json::object([
        ("Ticks", Json::Int(seconds * 10_000_000)),
        ("Days", Json::Int(seconds / 86_400)),
        ("Hours", Json::Int(seconds / 3600 % 24)),
        ("Milliseconds", Json::Int(0)),
        ("Minutes", Json::Int(seconds / 60 % 60)),
        ("Seconds", Json::Int(seconds % 60)),
        (
            "TotalDays",
            Json::Raw(format!("{}", seconds as f64 / 86_400.0)),
        ),
        (
            "TotalHours",
            Json::Raw(format!("{}", seconds as f64 / 3600.0)),
        ),
        ("TotalMilliseconds", Json::Int(seconds * 1000)),
        (
            "TotalMinutes",
            Json::Raw(format!("{}", seconds as f64 / 60.0)),
        ),
        ("TotalSeconds", Json::Int(seconds)),
    ]);
    let hotfixes = Json::Array(
        os.hotfixes
            .iter()
            .enumerate()
            .map(|(i, kb)| {
                Json::object([
                    ("HotFixID", s(kb)),
                    (
                        "Description",
                        s(if i % 2 == 0 {
                            "Update"
                        } else {
                            "Security Update"
                        }),
                    ),
                    ("InstalledOn", Json::Null),
                    ("FixComments", Json::Null),
                ])
            })
            .collect(),
    );
    let mut entries = vec![
        ("WindowsBuildLabEx", s(&os.build_lab_ex())),
        ("WindowsCurrentVersion", s("6.3")),
        ("WindowsEditionId", s("ServerStandard")),
        ("WindowsInstallationType", s("Server")),
        ("WindowsInstallDateFromRegistry", shell.date(os.installed)),
        ("WindowsProductId", s(os.product_id)),
        ("WindowsProductName", s(os.product_name)),
        ("WindowsRegisteredOrganization", s("")),
        ("WindowsRegisteredOwner", s("Windows User")),
        ("WindowsSystemRoot", s(r"C:\Windows")),
        ("WindowsVersion", s(os.release_id)),
        (
            "BiosCharacteristics",
            Json::Array(vec![Json::Int(4), Json::Int(7), Json::Int(14)]),
        ),
        (
            "BiosBIOSVersion",
            Json::Array(vec![
                s("INTEL  - 6040000"),
                s("VMW71.00V.16707776.B64.2008070230"),
            ]),
        ),
        ("BiosBuildNumber", Json::Null),
        ("BiosCaption", s("VMW71.00V.16707776.B64.2008070230")),
        ("BiosFirmwareType", e(1, "Bios")),
        ("BiosManufacturer", s("VMware, Inc.")),
        ("BiosName", s("VMW71.00V.16707776.B64.2008070230")),
        ("BiosPrimaryBIOS", Json::Bool(true)),
        ("BiosReleaseDate", shell.date(utc(2020, 8, 7, 0, 0, 0))),
        (
            "BiosSeralNumber",
            s("VMware-42 1c 7e 5a 33 0b 4d 2e-9a 61 f0 3c 5b 8d 2e 71"),
        ),
        (
            "BiosSMBIOSBIOSVersion",
            s("VMW71.00V.16707776.B64.2008070230"),
        ),
        ("BiosVersion", s("INTEL  - 6040000")),
        ("CsAdminPasswordStatus", e(3, "Unknown")),
        ("CsAutomaticManagedPagefile", Json::Bool(true)),
        ("CsBootupState", s("Normal boot")),
        ("CsCaption", s(HOST)),
        ("CsCurrentTimeZone", Json::Int(60)),
        ("CsDaylightInEffect", Json::Bool(false)),
        ("CsDescription", s("AT/AT COMPATIBLE")),
        ("CsDNSHostName", s(HOST)),
        ("CsDomain", s(DOMAIN)),
        ("CsDomainRole", e(3, "MemberServer")),
        ("CsEnableDaylightSavingsTime", Json::Bool(true)),
        ("CsHypervisorPresent", Json::Bool(true)),
        ("CsManufacturer", s("VMware, Inc.")),
        ("CsModel", s("VMware7,1")),
        ("CsName", s(HOST)),
        (
            "CsNetworkAdapters",
            Json::Array(vec![Json::object([
                ("Description", s("vmxnet3 Ethernet Adapter")),
                ("ConnectionID", s("Ethernet0")),
                ("DHCPEnabled", Json::Bool(false)),
                ("DHCPServer", Json::Null),
                ("ConnectionStatus", e(2, "Connected")),
                (
                    "IPAddresses",
                    Json::Array(vec![s(IP), s("fe80::1c2d:3e4f:5a6b:7c8d")]),
                ),
            ])]),
        ),
        ("CsNumberOfLogicalProcessors", Json::Int(2)),
        ("CsNumberOfProcessors", Json::Int(2)),
        ("CsPartOfDomain", Json::Bool(true)),
        ("CsPCSystemType", e(1, "Desktop")),
        ("CsPrimaryOwnerName", s("Windows User")),
        (
            "CsRoles",
            Json::Array(vec![
                s("LM_Workstation"),
                s("LM_Server"),
                s("NT"),
                s("Server_NT"),
            ]),
        ),
        ("CsStatus", s("OK")),
        ("CsSystemType", s("x64-based PC")),
        ("CsTotalPhysicalMemory", Json::Int(8_589_463_552)),
        ("CsPhyicallyInstalledMemory", Json::Int(8_388_608)),
        ("CsUserName", s(ADMIN)),
        ("CsWorkgroup", Json::Null),
        ("OsName", s(os.caption)),
        ("OsType", e(18, "WINNT")),
        ("OsOperatingSystemSKU", e(7, "StandardServerEdition")),
        ("OsVersion", s(&os.version())),
        ("OsCSDVersion", Json::Null),
        ("OsBuildNumber", s(&os.build.to_string())),
        ("OsHotFixes", hotfixes),
        ("OsBootDevice", s(r"\Device\HarddiskVolume1")),
        ("OsSystemDevice", s(r"\Device\HarddiskVolume2")),
        ("OsSystemDirectory", s(r"C:\Windows\system32")),
        ("OsSystemDrive", s("C:")),
        ("OsWindowsDirectory", s(r"C:\Windows")),
        ("OsCountryCode", s("1")),
        ("OsCurrentTimeZone", Json::Int(60)),
        ("OsLocaleID", s("0409")),
        ("OsLocale", s("en-US")),
        ("OsLocalDateTime", shell.date(collected_at())),
        ("OsLastBootUpTime", shell.date(boot_time())),
        ("OsUptime", timespan),
        ("OsBuildType", s("Multiprocessor Free")),
        ("OsCodeSet", s("1252")),
        ("OsInstallDate", shell.date(os.installed)),
        ("OsLanguage", s("en-US")),
        ("OsManufacturer", s("Microsoft Corporation")),
        ("OsOrganization", s("")),
        ("OsArchitecture", s("64-bit")),
        ("OsPortableOperatingSystem", Json::Bool(false)),
        ("OsProductType", e(3, "Server")),
        ("OsRegisteredUser", s("Windows User")),
        ("OsSerialNumber", s(os.product_id)),
        ("OsServerLevel", e(3, "FullServer")),
        ("OsStatus", s("OK")),
        (
            "TimeZone",
            s("(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna"),
        ),
        ("LogonServer", s(r"\\DC01")),
        ("PowerPlatformRole", e(1, "Desktop")),
        ("HyperVisorPresent", Json::Bool(true)),
        (
            "HyperVRequirementDataExecutionPreventionAvailable",
            Json::Null,
        ),
        ("HyperVRequirementSecondLevelAddressTranslation", Json::Null),
        ("HyperVRequirementVirtualizationFirmwareEnabled", Json::Null),
        ("HyperVRequirementVMMonitorModeExtensions", Json::Null),
        ("DeviceGuardSmartStatus", e(0, "Off")),
    ];
    if os.display_version.is_some() {
        entries.insert(
            10,
            ("OSDisplayVersion", s(os.display_version.unwrap_or(""))),
        );
    }
    Json::object(entries)
}

/// One `Get-WindowsFeature` row: name, display name (`{net}` = .NET version), type, path
/// (`{net}` too), depth, parent, installed, depends on.
type FeatureRow = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
    Option<&'static str>,
    bool,
    &'static [&'static str],
);

const ROLE: &str = "Role";
const SERVICE: &str = "Role Service";
const FEATURE: &str = "Feature";

/// The NDES server's features: the AD CS and IIS trees in full, the rest sampled.
const FEATURES: &[FeatureRow] = &[
    (
        "AD-Certificate",
        "Active Directory Certificate Services",
        ROLE,
        "Active Directory Certificate Services",
        1,
        None,
        true,
        &[],
    ),
    (
        "ADCS-Cert-Authority",
        "Certification Authority",
        SERVICE,
        r"Active Directory Certificate Services\Certification Authority",
        2,
        Some("AD-Certificate"),
        false,
        &[],
    ),
    (
        "ADCS-Enroll-Web-Pol",
        "Certificate Enrollment Policy Web Service",
        SERVICE,
        r"Active Directory Certificate Services\Certificate Enrollment Policy Web Service",
        2,
        Some("AD-Certificate"),
        false,
        &[],
    ),
    (
        "ADCS-Enroll-Web-Svc",
        "Certificate Enrollment Web Service",
        SERVICE,
        r"Active Directory Certificate Services\Certificate Enrollment Web Service",
        2,
        Some("AD-Certificate"),
        false,
        &[],
    ),
    (
        "ADCS-Web-Enrollment",
        "Certification Authority Web Enrollment",
        SERVICE,
        r"Active Directory Certificate Services\Certification Authority Web Enrollment",
        2,
        Some("AD-Certificate"),
        false,
        &[],
    ),
    (
        "ADCS-Device-Enrollment",
        "Network Device Enrollment Service",
        SERVICE,
        r"Active Directory Certificate Services\Network Device Enrollment Service",
        2,
        Some("AD-Certificate"),
        true,
        &[
            "Web-Server",
            "Web-Net-Ext45",
            "Web-Asp-Net45",
            "Web-Metabase",
            "Web-WMI",
            "NET-Framework-45-Core",
        ],
    ),
    (
        "ADCS-Online-Cert",
        "Online Responder",
        SERVICE,
        r"Active Directory Certificate Services\Online Responder",
        2,
        Some("AD-Certificate"),
        false,
        &[],
    ),
    (
        "AD-Domain-Services",
        "Active Directory Domain Services",
        ROLE,
        "Active Directory Domain Services",
        1,
        None,
        false,
        &[],
    ),
    (
        "DHCP",
        "DHCP Server",
        ROLE,
        "DHCP Server",
        1,
        None,
        false,
        &[],
    ),
    ("DNS", "DNS Server", ROLE, "DNS Server", 1, None, false, &[]),
    (
        "FileAndStorage-Services",
        "File and Storage Services",
        ROLE,
        "File and Storage Services",
        1,
        None,
        true,
        &[],
    ),
    (
        "File-Services",
        "File and iSCSI Services",
        SERVICE,
        r"File and Storage Services\File and iSCSI Services",
        2,
        Some("FileAndStorage-Services"),
        true,
        &[],
    ),
    (
        "FS-FileServer",
        "File Server",
        SERVICE,
        r"File and Storage Services\File and iSCSI Services\File Server",
        3,
        Some("File-Services"),
        true,
        &[],
    ),
    (
        "Storage-Services",
        "Storage Services",
        SERVICE,
        r"File and Storage Services\Storage Services",
        2,
        Some("FileAndStorage-Services"),
        true,
        &[],
    ),
    (
        "Web-Server",
        "Web Server (IIS)",
        ROLE,
        "Web Server (IIS)",
        1,
        None,
        true,
        &[],
    ),
    (
        "Web-WebServer",
        "Web Server",
        SERVICE,
        r"Web Server (IIS)\Web Server",
        2,
        Some("Web-Server"),
        true,
        &[],
    ),
    (
        "Web-Common-Http",
        "Common HTTP Features",
        SERVICE,
        r"Web Server (IIS)\Web Server\Common HTTP Features",
        3,
        Some("Web-WebServer"),
        true,
        &[],
    ),
    (
        "Web-Default-Doc",
        "Default Document",
        SERVICE,
        r"Web Server (IIS)\Web Server\Common HTTP Features\Default Document",
        4,
        Some("Web-Common-Http"),
        true,
        &[],
    ),
    (
        "Web-Dir-Browsing",
        "Directory Browsing",
        SERVICE,
        r"Web Server (IIS)\Web Server\Common HTTP Features\Directory Browsing",
        4,
        Some("Web-Common-Http"),
        true,
        &[],
    ),
    (
        "Web-Http-Errors",
        "HTTP Errors",
        SERVICE,
        r"Web Server (IIS)\Web Server\Common HTTP Features\HTTP Errors",
        4,
        Some("Web-Common-Http"),
        true,
        &[],
    ),
    (
        "Web-Static-Content",
        "Static Content",
        SERVICE,
        r"Web Server (IIS)\Web Server\Common HTTP Features\Static Content",
        4,
        Some("Web-Common-Http"),
        true,
        &[],
    ),
    (
        "Web-Http-Redirect",
        "HTTP Redirection",
        SERVICE,
        r"Web Server (IIS)\Web Server\Common HTTP Features\HTTP Redirection",
        4,
        Some("Web-Common-Http"),
        false,
        &[],
    ),
    (
        "Web-DAV-Publishing",
        "WebDAV Publishing",
        SERVICE,
        r"Web Server (IIS)\Web Server\Common HTTP Features\WebDAV Publishing",
        4,
        Some("Web-Common-Http"),
        false,
        &[],
    ),
    (
        "Web-Health",
        "Health and Diagnostics",
        SERVICE,
        r"Web Server (IIS)\Web Server\Health and Diagnostics",
        3,
        Some("Web-WebServer"),
        true,
        &[],
    ),
    (
        "Web-Http-Logging",
        "HTTP Logging",
        SERVICE,
        r"Web Server (IIS)\Web Server\Health and Diagnostics\HTTP Logging",
        4,
        Some("Web-Health"),
        true,
        &[],
    ),
    (
        "Web-Custom-Logging",
        "Custom Logging",
        SERVICE,
        r"Web Server (IIS)\Web Server\Health and Diagnostics\Custom Logging",
        4,
        Some("Web-Health"),
        false,
        &[],
    ),
    (
        "Web-Log-Libraries",
        "Logging Tools",
        SERVICE,
        r"Web Server (IIS)\Web Server\Health and Diagnostics\Logging Tools",
        4,
        Some("Web-Health"),
        false,
        &[],
    ),
    (
        "Web-ODBC-Logging",
        "ODBC Logging",
        SERVICE,
        r"Web Server (IIS)\Web Server\Health and Diagnostics\ODBC Logging",
        4,
        Some("Web-Health"),
        false,
        &[],
    ),
    (
        "Web-Request-Monitor",
        "Request Monitor",
        SERVICE,
        r"Web Server (IIS)\Web Server\Health and Diagnostics\Request Monitor",
        4,
        Some("Web-Health"),
        false,
        &[],
    ),
    (
        "Web-Http-Tracing",
        "Tracing",
        SERVICE,
        r"Web Server (IIS)\Web Server\Health and Diagnostics\Tracing",
        4,
        Some("Web-Health"),
        false,
        &[],
    ),
    (
        "Web-Performance",
        "Performance",
        SERVICE,
        r"Web Server (IIS)\Web Server\Performance",
        3,
        Some("Web-WebServer"),
        true,
        &[],
    ),
    (
        "Web-Stat-Compression",
        "Static Content Compression",
        SERVICE,
        r"Web Server (IIS)\Web Server\Performance\Static Content Compression",
        4,
        Some("Web-Performance"),
        true,
        &[],
    ),
    (
        "Web-Dyn-Compression",
        "Dynamic Content Compression",
        SERVICE,
        r"Web Server (IIS)\Web Server\Performance\Dynamic Content Compression",
        4,
        Some("Web-Performance"),
        false,
        &[],
    ),
    (
        "Web-Security",
        "Security",
        SERVICE,
        r"Web Server (IIS)\Web Server\Security",
        3,
        Some("Web-WebServer"),
        true,
        &[],
    ),
    (
        "Web-Filtering",
        "Request Filtering",
        SERVICE,
        r"Web Server (IIS)\Web Server\Security\Request Filtering",
        4,
        Some("Web-Security"),
        true,
        &[],
    ),
    (
        "Web-Basic-Auth",
        "Basic Authentication",
        SERVICE,
        r"Web Server (IIS)\Web Server\Security\Basic Authentication",
        4,
        Some("Web-Security"),
        false,
        &[],
    ),
    (
        "Web-CertProvider",
        "Centralized SSL Certificate Support",
        SERVICE,
        r"Web Server (IIS)\Web Server\Security\Centralized SSL Certificate Support",
        4,
        Some("Web-Security"),
        false,
        &[],
    ),
    (
        "Web-Client-Auth",
        "Client Certificate Mapping Authentication",
        SERVICE,
        r"Web Server (IIS)\Web Server\Security\Client Certificate Mapping Authentication",
        4,
        Some("Web-Security"),
        false,
        &[],
    ),
    (
        "Web-Digest-Auth",
        "Digest Authentication",
        SERVICE,
        r"Web Server (IIS)\Web Server\Security\Digest Authentication",
        4,
        Some("Web-Security"),
        false,
        &[],
    ),
    (
        "Web-Cert-Auth",
        "IIS Client Certificate Mapping Authentication",
        SERVICE,
        r"Web Server (IIS)\Web Server\Security\IIS Client Certificate Mapping Authentication",
        4,
        Some("Web-Security"),
        false,
        &[],
    ),
    (
        "Web-IP-Security",
        "IP and Domain Restrictions",
        SERVICE,
        r"Web Server (IIS)\Web Server\Security\IP and Domain Restrictions",
        4,
        Some("Web-Security"),
        false,
        &[],
    ),
    (
        "Web-Url-Auth",
        "URL Authorization",
        SERVICE,
        r"Web Server (IIS)\Web Server\Security\URL Authorization",
        4,
        Some("Web-Security"),
        false,
        &[],
    ),
    (
        "Web-Windows-Auth",
        "Windows Authentication",
        SERVICE,
        r"Web Server (IIS)\Web Server\Security\Windows Authentication",
        4,
        Some("Web-Security"),
        true,
        &[],
    ),
    (
        "Web-App-Dev",
        "Application Development",
        SERVICE,
        r"Web Server (IIS)\Web Server\Application Development",
        3,
        Some("Web-WebServer"),
        true,
        &[],
    ),
    (
        "Web-Net-Ext",
        ".NET Extensibility 3.5",
        SERVICE,
        r"Web Server (IIS)\Web Server\Application Development\.NET Extensibility 3.5",
        4,
        Some("Web-App-Dev"),
        false,
        &["NET-Framework-Core"],
    ),
    (
        "Web-Net-Ext45",
        ".NET Extensibility {net}",
        SERVICE,
        r"Web Server (IIS)\Web Server\Application Development\.NET Extensibility {net}",
        4,
        Some("Web-App-Dev"),
        true,
        &["NET-Framework-45-Core"],
    ),
    (
        "Web-AppInit",
        "Application Initialization",
        SERVICE,
        r"Web Server (IIS)\Web Server\Application Development\Application Initialization",
        4,
        Some("Web-App-Dev"),
        false,
        &[],
    ),
    (
        "Web-ASP",
        "ASP",
        SERVICE,
        r"Web Server (IIS)\Web Server\Application Development\ASP",
        4,
        Some("Web-App-Dev"),
        false,
        &["Web-ISAPI-Ext"],
    ),
    (
        "Web-Asp-Net",
        "ASP.NET 3.5",
        SERVICE,
        r"Web Server (IIS)\Web Server\Application Development\ASP.NET 3.5",
        4,
        Some("Web-App-Dev"),
        false,
        &["Web-Net-Ext", "Web-ISAPI-Ext", "Web-ISAPI-Filter"],
    ),
    (
        "Web-Asp-Net45",
        "ASP.NET {net}",
        SERVICE,
        r"Web Server (IIS)\Web Server\Application Development\ASP.NET {net}",
        4,
        Some("Web-App-Dev"),
        true,
        &[
            "Web-Net-Ext45",
            "Web-ISAPI-Ext",
            "Web-ISAPI-Filter",
            "NET-Framework-45-ASPNET",
        ],
    ),
    (
        "Web-CGI",
        "CGI",
        SERVICE,
        r"Web Server (IIS)\Web Server\Application Development\CGI",
        4,
        Some("Web-App-Dev"),
        false,
        &[],
    ),
    (
        "Web-ISAPI-Ext",
        "ISAPI Extensions",
        SERVICE,
        r"Web Server (IIS)\Web Server\Application Development\ISAPI Extensions",
        4,
        Some("Web-App-Dev"),
        true,
        &[],
    ),
    (
        "Web-ISAPI-Filter",
        "ISAPI Filters",
        SERVICE,
        r"Web Server (IIS)\Web Server\Application Development\ISAPI Filters",
        4,
        Some("Web-App-Dev"),
        true,
        &[],
    ),
    (
        "Web-Includes",
        "Server Side Includes",
        SERVICE,
        r"Web Server (IIS)\Web Server\Application Development\Server Side Includes",
        4,
        Some("Web-App-Dev"),
        false,
        &[],
    ),
    (
        "Web-WebSockets",
        "WebSocket Protocol",
        SERVICE,
        r"Web Server (IIS)\Web Server\Application Development\WebSocket Protocol",
        4,
        Some("Web-App-Dev"),
        false,
        &[],
    ),
    (
        "Web-Ftp-Server",
        "FTP Server",
        SERVICE,
        r"Web Server (IIS)\FTP Server",
        2,
        Some("Web-Server"),
        false,
        &[],
    ),
    (
        "Web-Mgmt-Tools",
        "Management Tools",
        SERVICE,
        r"Web Server (IIS)\Management Tools",
        2,
        Some("Web-Server"),
        true,
        &[],
    ),
    (
        "Web-Mgmt-Console",
        "IIS Management Console",
        SERVICE,
        r"Web Server (IIS)\Management Tools\IIS Management Console",
        3,
        Some("Web-Mgmt-Tools"),
        true,
        &[],
    ),
    (
        "Web-Mgmt-Compat",
        "IIS 6 Management Compatibility",
        SERVICE,
        r"Web Server (IIS)\Management Tools\IIS 6 Management Compatibility",
        3,
        Some("Web-Mgmt-Tools"),
        true,
        &[],
    ),
    (
        "Web-Metabase",
        "IIS 6 Metabase Compatibility",
        SERVICE,
        r"Web Server (IIS)\Management Tools\IIS 6 Management Compatibility\IIS 6 Metabase Compatibility",
        4,
        Some("Web-Mgmt-Compat"),
        true,
        &[],
    ),
    (
        "Web-Lgcy-Mgmt-Console",
        "IIS 6 Management Console",
        SERVICE,
        r"Web Server (IIS)\Management Tools\IIS 6 Management Compatibility\IIS 6 Management Console",
        4,
        Some("Web-Mgmt-Compat"),
        false,
        &["Web-Metabase"],
    ),
    (
        "Web-Lgcy-Scripting",
        "IIS 6 Scripting Tools",
        SERVICE,
        r"Web Server (IIS)\Management Tools\IIS 6 Management Compatibility\IIS 6 Scripting Tools",
        4,
        Some("Web-Mgmt-Compat"),
        false,
        &["Web-Metabase", "Web-WMI"],
    ),
    (
        "Web-WMI",
        "IIS 6 WMI Compatibility",
        SERVICE,
        r"Web Server (IIS)\Management Tools\IIS 6 Management Compatibility\IIS 6 WMI Compatibility",
        4,
        Some("Web-Mgmt-Compat"),
        true,
        &["Web-Metabase"],
    ),
    (
        "Web-Scripting-Tools",
        "IIS Management Scripts and Tools",
        SERVICE,
        r"Web Server (IIS)\Management Tools\IIS Management Scripts and Tools",
        3,
        Some("Web-Mgmt-Tools"),
        false,
        &[],
    ),
    (
        "Web-Mgmt-Service",
        "Management Service",
        SERVICE,
        r"Web Server (IIS)\Management Tools\Management Service",
        3,
        Some("Web-Mgmt-Tools"),
        false,
        &["NET-Framework-45-ASPNET"],
    ),
    (
        "NET-Framework-Features",
        ".NET Framework 3.5 Features",
        FEATURE,
        ".NET Framework 3.5 Features",
        1,
        None,
        false,
        &[],
    ),
    (
        "NET-Framework-Core",
        ".NET Framework 3.5 (includes .NET 2.0 and 3.0)",
        FEATURE,
        r".NET Framework 3.5 Features\.NET Framework 3.5 (includes .NET 2.0 and 3.0)",
        2,
        Some("NET-Framework-Features"),
        false,
        &[],
    ),
    (
        "NET-HTTP-Activation",
        "HTTP Activation",
        FEATURE,
        r".NET Framework 3.5 Features\HTTP Activation",
        2,
        Some("NET-Framework-Features"),
        false,
        &[],
    ),
    (
        "NET-Non-HTTP-Activ",
        "Non-HTTP Activation",
        FEATURE,
        r".NET Framework 3.5 Features\Non-HTTP Activation",
        2,
        Some("NET-Framework-Features"),
        false,
        &[],
    ),
    (
        "NET-Framework-45-Features",
        ".NET Framework {net} Features",
        FEATURE,
        ".NET Framework {net} Features",
        1,
        None,
        true,
        &[],
    ),
    (
        "NET-Framework-45-Core",
        ".NET Framework {net}",
        FEATURE,
        r".NET Framework {net} Features\.NET Framework {net}",
        2,
        Some("NET-Framework-45-Features"),
        true,
        &[],
    ),
    (
        "NET-Framework-45-ASPNET",
        "ASP.NET {net}",
        FEATURE,
        r".NET Framework {net} Features\ASP.NET {net}",
        2,
        Some("NET-Framework-45-Features"),
        true,
        &["NET-Framework-45-Core"],
    ),
    (
        "NET-WCF-Services45",
        "WCF Services",
        FEATURE,
        r".NET Framework {net} Features\WCF Services",
        2,
        Some("NET-Framework-45-Features"),
        true,
        &[],
    ),
    (
        "NET-WCF-HTTP-Activation45",
        "HTTP Activation",
        FEATURE,
        r".NET Framework {net} Features\WCF Services\HTTP Activation",
        3,
        Some("NET-WCF-Services45"),
        true,
        &[
            "NET-Framework-45-ASPNET",
            "WAS-Process-Model",
            "WAS-Config-APIs",
        ],
    ),
    (
        "NET-WCF-MSMQ-Activation45",
        "Message Queuing (MSMQ) Activation",
        FEATURE,
        r".NET Framework {net} Features\WCF Services\Message Queuing (MSMQ) Activation",
        3,
        Some("NET-WCF-Services45"),
        false,
        &[],
    ),
    (
        "NET-WCF-Pipe-Activation45",
        "Named Pipe Activation",
        FEATURE,
        r".NET Framework {net} Features\WCF Services\Named Pipe Activation",
        3,
        Some("NET-WCF-Services45"),
        false,
        &[],
    ),
    (
        "NET-WCF-TCP-Activation45",
        "TCP Activation",
        FEATURE,
        r".NET Framework {net} Features\WCF Services\TCP Activation",
        3,
        Some("NET-WCF-Services45"),
        false,
        &[],
    ),
    (
        "NET-WCF-TCP-PortSharing45",
        "TCP Port Sharing",
        FEATURE,
        r".NET Framework {net} Features\WCF Services\TCP Port Sharing",
        3,
        Some("NET-WCF-Services45"),
        true,
        &[],
    ),
    (
        "RSAT",
        "Remote Server Administration Tools",
        FEATURE,
        "Remote Server Administration Tools",
        1,
        None,
        true,
        &[],
    ),
    (
        "RSAT-Role-Tools",
        "Role Administration Tools",
        FEATURE,
        r"Remote Server Administration Tools\Role Administration Tools",
        2,
        Some("RSAT"),
        true,
        &[],
    ),
    (
        "RSAT-AD-Tools",
        "AD DS and AD LDS Tools",
        FEATURE,
        r"Remote Server Administration Tools\Role Administration Tools\AD DS and AD LDS Tools",
        3,
        Some("RSAT-Role-Tools"),
        true,
        &[],
    ),
    (
        "RSAT-AD-PowerShell",
        "Active Directory module for Windows PowerShell",
        FEATURE,
        r"Remote Server Administration Tools\Role Administration Tools\AD DS and AD LDS Tools\Active Directory module for Windows PowerShell",
        4,
        Some("RSAT-AD-Tools"),
        true,
        &[],
    ),
    (
        "RSAT-ADCS",
        "Active Directory Certificate Services Tools",
        FEATURE,
        r"Remote Server Administration Tools\Role Administration Tools\Active Directory Certificate Services Tools",
        3,
        Some("RSAT-Role-Tools"),
        true,
        &[],
    ),
    (
        "RSAT-ADCS-Mgmt",
        "Certification Authority Management Tools",
        FEATURE,
        r"Remote Server Administration Tools\Role Administration Tools\Active Directory Certificate Services Tools\Certification Authority Management Tools",
        4,
        Some("RSAT-ADCS"),
        false,
        &[],
    ),
    (
        "PowerShellRoot",
        "Windows PowerShell",
        FEATURE,
        "Windows PowerShell",
        1,
        None,
        true,
        &[],
    ),
    (
        "PowerShell",
        "Windows PowerShell 5.1",
        FEATURE,
        r"Windows PowerShell\Windows PowerShell 5.1",
        2,
        Some("PowerShellRoot"),
        true,
        &["NET-Framework-45-Core"],
    ),
    (
        "PowerShell-V2",
        "Windows PowerShell 2.0 Engine",
        FEATURE,
        r"Windows PowerShell\Windows PowerShell 2.0 Engine",
        2,
        Some("PowerShellRoot"),
        false,
        &[],
    ),
    (
        "PowerShell-ISE",
        "Windows PowerShell ISE",
        FEATURE,
        r"Windows PowerShell\Windows PowerShell ISE",
        2,
        Some("PowerShellRoot"),
        true,
        &[],
    ),
    (
        "WAS",
        "Windows Process Activation Service",
        FEATURE,
        "Windows Process Activation Service",
        1,
        None,
        true,
        &[],
    ),
    (
        "WAS-Process-Model",
        "Process Model",
        FEATURE,
        r"Windows Process Activation Service\Process Model",
        2,
        Some("WAS"),
        true,
        &[],
    ),
    (
        "WAS-NET-Environment",
        ".NET Environment 3.5",
        FEATURE,
        r"Windows Process Activation Service\.NET Environment 3.5",
        2,
        Some("WAS"),
        false,
        &[],
    ),
    (
        "WAS-Config-APIs",
        "Configuration APIs",
        FEATURE,
        r"Windows Process Activation Service\Configuration APIs",
        2,
        Some("WAS"),
        true,
        &[],
    ),
    (
        "Windows-Defender",
        "Windows Defender Antivirus",
        FEATURE,
        "Windows Defender Antivirus",
        1,
        None,
        true,
        &[],
    ),
    (
        "WoW64-Support",
        "WoW64 Support",
        FEATURE,
        "WoW64 Support",
        1,
        None,
        true,
        &[],
    ),
    (
        "XPS-Viewer",
        "XPS Viewer",
        FEATURE,
        "XPS Viewer",
        1,
        None,
        true,
        &[],
    ),
];

/// `Get-WindowsFeature | ConvertTo-Json` (full objects) or, by hand in PowerShell 7,
/// `Get-WindowsFeature | Select-Object Name,DisplayName,Installed,InstallState | ConvertTo-Json
/// -EnumsAsStrings`.
pub fn windows_features(os: &Os, shell: Shell) -> Json {
    let net = |text: &str| {
        let text = text.replace("{net}", os.netfx_features);
        // Server 2022 renamed Windows Defender.
        if os.build >= 20348 {
            text.replace("Windows Defender", "Microsoft Defender")
        } else {
            text
        }
    };
    let children = |name: &str| -> Vec<Json> {
        FEATURES
            .iter()
            .filter(|f| f.5 == Some(name))
            .map(|f| s(f.0))
            .collect()
    };
    Json::Array(
        FEATURES
            .iter()
            .map(
                |&(name, display, kind, path, depth, parent, installed, depends)| {
                    let display = net(display);
                    if shell == Shell::PowerShell7 {
                        return Json::object([
                            ("Name", s(name)),
                            ("DisplayName", s(&display)),
                            ("Installed", Json::Bool(installed)),
                            (
                                "InstallState",
                                s(if installed { "Installed" } else { "Available" }),
                            ),
                        ]);
                    }
                    let services: Vec<Json> = match name {
                        "Web-WebServer" => vec![s("w3svc")],
                        "WAS-Process-Model" => vec![s("was")],
                        "ADCS-Device-Enrollment" => Vec::new(),
                        _ => Vec::new(),
                    };
                    Json::object([
                        ("Name", s(name)),
                        ("DisplayName", s(&display)),
                        ("Description", s(&format!("{display} for Windows Server."))),
                        ("Installed", Json::Bool(installed)),
                        ("InstallState", Json::Int(i64::from(installed))),
                        ("FeatureType", s(kind)),
                        ("Path", s(&net(path))),
                        ("Depth", Json::Int(depth)),
                        (
                            "DependsOn",
                            Json::Array(depends.iter().map(|d| s(d)).collect()),
                        ),
                        ("Parent", parent.map_or(Json::Null, s)),
                        (
                            "ServerComponentDescriptor",
                            s(&format!("ServerComponent_{}", name.replace('-', "_"))),
                        ),
                        ("SubFeatures", Json::Array(children(name))),
                        ("SystemService", Json::Array(services)),
                        ("Notification", Json::Array(Vec::new())),
                        ("BestPracticesModelId", Json::Null),
                        ("EventQuery", Json::Null),
                        ("PostConfigurationNeeded", Json::Bool(false)),
                        (
                            "AdditionalInfo",
                            Json::object([
                                ("MajorVersion", Json::Int(10)),
                                ("MinorVersion", Json::Int(0)),
                                ("NumericId", Json::Int(feature_id(name))),
                                ("InstallName", s(name)),
                            ]),
                        ),
                    ])
                },
            )
            .collect(),
    )
}

/// A stable small number per feature, like Server Manager's numeric ids.
fn feature_id(name: &str) -> i64 {
    FEATURES
        .iter()
        .position(|f| f.0 == name)
        .map_or(0, |i| 2 + i as i64 * 3)
}

const DASHES: &str =
    "-------------------------------------------------------------------------------";

/// `net localgroup <group>` output lines.
fn localgroup(alias: &str, comment: &str, members: &[&str]) -> Vec<String> {
    let mut lines = vec![
        format!("Alias name     {alias}"),
        format!("Comment        {comment}"),
        String::new(),
        "Members".into(),
        String::new(),
        DASHES.into(),
    ];
    lines.extend(members.iter().map(|m| (*m).to_owned()));
    lines.push("The command completed successfully.".into());
    lines.push(String::new());
    lines
}

/// `net localgroup IIS_IUSRS`: the NDES service account is a member.
pub fn localgroup_iis_iusrs() -> Vec<String> {
    localgroup(
        "IIS_IUSRS",
        "Built-in group used by Internet Information Services.",
        &[SERVICE_ACCOUNT],
    )
}

/// `net localgroup Administrators`: the service account is not.
pub fn localgroup_administrators() -> Vec<String> {
    let domain_admins = format!(r"{NETBIOS}\Domain Admins");
    let server_admins = format!(r"{NETBIOS}\Server Admins - NDES");
    localgroup(
        "Administrators",
        "Administrators have complete and unrestricted access to the computer/domain",
        &["Administrator", &domain_admins, &server_admins],
    )
}

/// `IIS APPPOOL\DefaultAppPool`, whose SID IIS adds to two privileges.
const DEFAULT_APP_POOL_SID: &str = "*S-1-5-82-3006700770-424185619-1745488364-794895919-4004696415";

/// `secedit /export /areas USER_RIGHTS`: a member server's defaults plus what IIS setup
/// grants (IIS_IUSRS `*S-1-5-32-568` may impersonate and log on as a batch job). No right
/// names the NDES service account: it gets them through IIS_IUSRS.
pub fn user_rights(os: &Os) -> String {
    let mut rights = vec![
        (
            "SeNetworkLogonRight",
            "*S-1-1-0,*S-1-5-32-544,*S-1-5-32-545,*S-1-5-32-551".to_owned(),
        ),
        (
            "SeBackupPrivilege",
            "*S-1-5-32-544,*S-1-5-32-549,*S-1-5-32-551".into(),
        ),
        (
            "SeChangeNotifyPrivilege",
            "*S-1-1-0,*S-1-5-19,*S-1-5-20,*S-1-5-32-544,*S-1-5-32-545,*S-1-5-32-551,*S-1-5-90-0"
                .into(),
        ),
        (
            "SeSystemtimePrivilege",
            "*S-1-5-19,*S-1-5-32-544,*S-1-5-32-549".into(),
        ),
        ("SeCreatePagefilePrivilege", "*S-1-5-32-544".into()),
        ("SeDebugPrivilege", "*S-1-5-32-544".into()),
        (
            "SeRemoteShutdownPrivilege",
            "*S-1-5-32-544,*S-1-5-32-549".into(),
        ),
        ("SeAuditPrivilege", "*S-1-5-19,*S-1-5-20".into()),
        (
            "SeIncreaseQuotaPrivilege",
            format!("*S-1-5-19,*S-1-5-20,*S-1-5-32-544,{DEFAULT_APP_POOL_SID}"),
        ),
        ("SeIncreaseBasePriorityPrivilege", "*S-1-5-32-544".into()),
        (
            "SeLoadDriverPrivilege",
            "*S-1-5-32-544,*S-1-5-32-550".into(),
        ),
        (
            "SeBatchLogonRight",
            "*S-1-5-32-544,*S-1-5-32-551,*S-1-5-32-559,*S-1-5-32-568".into(),
        ),
        ("SeServiceLogonRight", "*S-1-5-80-0".into()),
        (
            "SeInteractiveLogonRight",
            "*S-1-5-32-544,*S-1-5-32-545,*S-1-5-32-551".into(),
        ),
        ("SeSecurityPrivilege", "*S-1-5-32-544".into()),
        ("SeSystemEnvironmentPrivilege", "*S-1-5-32-544".into()),
        ("SeProfileSingleProcessPrivilege", "*S-1-5-32-544".into()),
        (
            "SeSystemProfilePrivilege",
            "*S-1-5-32-544,*S-1-5-80-3139157870-2983391045-3678747466-658725712-1809340420".into(),
        ),
        (
            "SeAssignPrimaryTokenPrivilege",
            format!("*S-1-5-19,*S-1-5-20,{DEFAULT_APP_POOL_SID}"),
        ),
        (
            "SeRestorePrivilege",
            "*S-1-5-32-544,*S-1-5-32-549,*S-1-5-32-551".into(),
        ),
        (
            "SeShutdownPrivilege",
            "*S-1-5-32-544,*S-1-5-32-549,*S-1-5-32-551".into(),
        ),
        ("SeTakeOwnershipPrivilege", "*S-1-5-32-544".into()),
        ("SeUndockPrivilege", "*S-1-5-32-544".into()),
        ("SeManageVolumePrivilege", "*S-1-5-32-544".into()),
        (
            "SeRemoteInteractiveLogonRight",
            "*S-1-5-32-544,*S-1-5-32-555".into(),
        ),
        (
            "SeImpersonatePrivilege",
            "*S-1-5-19,*S-1-5-20,*S-1-5-32-544,*S-1-5-32-568,*S-1-5-6".into(),
        ),
        (
            "SeCreateGlobalPrivilege",
            "*S-1-5-19,*S-1-5-20,*S-1-5-32-544,*S-1-5-6".into(),
        ),
        ("SeIncreaseWorkingSetPrivilege", "*S-1-5-32-545".into()),
        (
            "SeTimeZonePrivilege",
            "*S-1-5-19,*S-1-5-32-544,*S-1-5-32-549".into(),
        ),
        ("SeCreateSymbolicLinkPrivilege", "*S-1-5-32-544".into()),
    ];
    if os.build >= 17763 {
        rights.push((
            "SeDelegateSessionUserImpersonatePrivilege",
            "*S-1-5-32-544".into(),
        ));
    }
    let mut lines = vec![
        "[Unicode]".to_owned(),
        "Unicode=yes".into(),
        "[Privilege Rights]".into(),
    ];
    lines.extend(
        rights
            .into_iter()
            .map(|(name, sids)| format!("{name} = {sids}")),
    );
    lines.extend([
        "[Version]".to_owned(),
        "signature=\"$CHICAGO$\"".into(),
        "Revision=1".into(),
    ]);
    crate::winfmt::crlf_lines(&lines)
}

/// `w32tm /query /status` of a domain member synced to its DC a few minutes ago.
pub fn w32tm_status() -> Vec<String> {
    let last_sync = collected_at() - time::Duration::seconds(1_142);
    debug_assert!(local(last_sync).offset().whole_hours() == 1);
    vec![
        "Leap Indicator: 0(no warning)".into(),
        "Stratum: 4 (secondary reference - syncd by (S)NTP)".into(),
        "Precision: -23 (119.209ns per tick)".into(),
        "Root Delay: 0.0312618s".into(),
        "Root Dispersion: 0.1064453s".into(),
        format!("ReferenceId: 0x0A00000A (source IP:  {DC_IP})"),
        format!("Last Successful Sync Time: {}", us_time(last_sync, false)),
        format!("Source: {DC_FQDN}"),
        "Poll Interval: 10 (1024s)".into(),
        String::new(),
    ]
}
