//! The services of the sample servers: `Get-Service | Select-Object ...` and
//! `Get-CimInstance Win32_Service | Select-Object ...` as JSON.

use super::host::Server;
use super::shell::enum_value;
use crate::json::Json;

/// How a service starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// Automatic.
    Auto,
    /// Automatic (Delayed Start).
    Delayed,
    /// Manual (demand start).
    Manual,
    /// Disabled.
    Disabled,
}

/// Which account a service logs on as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Account {
    /// LocalSystem.
    System,
    /// NT AUTHORITY\LocalService.
    Local,
    /// NT AUTHORITY\NetworkService.
    Network,
}

/// One service.
#[derive(Debug, Clone)]
pub struct Svc {
    /// Short name.
    pub name: &'static str,
    /// Display name.
    pub display: &'static str,
    /// Running (else stopped).
    pub running: bool,
    /// Start mode.
    pub start: Start,
    /// Logon account.
    pub account: Account,
    /// Binary path with arguments.
    pub path: &'static str,
}

const fn svc(
    name: &'static str,
    display: &'static str,
    running: bool,
    start: Start,
    account: Account,
    path: &'static str,
) -> Svc {
    Svc {
        name,
        display,
        running,
        start,
        account,
        path,
    }
}

use Account::{Local, Network, System};
use Start::{Auto, Delayed, Disabled, Manual};

/// The services of a Windows Server with Desktop Experience and IIS, as a member server
/// runs them.
const WINDOWS: &[Svc] = &[
    svc(
        "ALG",
        "Application Layer Gateway Service",
        false,
        Manual,
        Local,
        r"C:\Windows\System32\alg.exe",
    ),
    svc(
        "AppHostSvc",
        "Application Host Helper Service",
        true,
        Auto,
        System,
        r"C:\Windows\system32\svchost.exe -k apphost",
    ),
    svc(
        "AppIDSvc",
        "Application Identity",
        false,
        Manual,
        Local,
        r"C:\Windows\system32\svchost.exe -k LocalServiceNetworkRestricted",
    ),
    svc(
        "Appinfo",
        "Application Information",
        true,
        Manual,
        System,
        r"C:\Windows\system32\svchost.exe -k netsvcs",
    ),
    svc(
        "AppMgmt",
        "Application Management",
        false,
        Manual,
        System,
        r"C:\Windows\system32\svchost.exe -k netsvcs",
    ),
    svc(
        "AppReadiness",
        "App Readiness",
        false,
        Manual,
        System,
        r"C:\Windows\System32\svchost.exe -k AppReadiness",
    ),
    svc(
        "AppXSvc",
        "AppX Deployment Service (AppXSVC)",
        false,
        Manual,
        System,
        r"C:\Windows\system32\svchost.exe -k wsappx",
    ),
    svc(
        "AudioEndpointBuilder",
        "Windows Audio Endpoint Builder",
        false,
        Manual,
        System,
        r"C:\Windows\System32\svchost.exe -k LocalSystemNetworkRestricted",
    ),
    svc(
        "Audiosrv",
        "Windows Audio",
        false,
        Manual,
        Local,
        r"C:\Windows\System32\svchost.exe -k LocalServiceNetworkRestricted",
    ),
    svc(
        "BFE",
        "Base Filtering Engine",
        true,
        Auto,
        Local,
        r"C:\Windows\system32\svchost.exe -k LocalServiceNoNetwork",
    ),
    svc(
        "BITS",
        "Background Intelligent Transfer Service",
        false,
        Manual,
        System,
        r"C:\Windows\System32\svchost.exe -k netsvcs",
    ),
    svc(
        "BrokerInfrastructure",
        "Background Tasks Infrastructure Service",
        true,
        Auto,
        System,
        r"C:\Windows\system32\svchost.exe -k DcomLaunch",
    ),
    svc(
        "CDPSvc",
        "Connected Devices Platform Service",
        true,
        Delayed,
        Local,
        r"C:\Windows\system32\svchost.exe -k LocalService",
    ),
    svc(
        "CertPropSvc",
        "Certificate Propagation",
        false,
        Manual,
        System,
        r"C:\Windows\system32\svchost.exe -k netsvcs",
    ),
    svc(
        "COMSysApp",
        "COM+ System Application",
        false,
        Manual,
        System,
        r"C:\Windows\system32\dllhost.exe /Processid:{02D4B3F1-FD88-11D1-960D-00805FC79235}",
    ),
    svc(
        "CoreMessagingRegistrar",
        "CoreMessaging",
        true,
        Auto,
        Local,
        r"C:\Windows\system32\svchost.exe -k LocalServiceNoNetwork",
    ),
    svc(
        "CryptSvc",
        "Cryptographic Services",
        true,
        Auto,
        Network,
        r"C:\Windows\system32\svchost.exe -k NetworkService",
    ),
    svc(
        "DcomLaunch",
        "DCOM Server Process Launcher",
        true,
        Auto,
        System,
        r"C:\Windows\system32\svchost.exe -k DcomLaunch",
    ),
    svc(
        "defragsvc",
        "Optimize drives",
        false,
        Manual,
        System,
        r"C:\Windows\system32\svchost.exe -k defragsvc",
    ),
    svc(
        "DeviceInstall",
        "Device Install Service",
        false,
        Manual,
        System,
        r"C:\Windows\system32\svchost.exe -k DcomLaunch",
    ),
    svc(
        "Dhcp",
        "DHCP Client",
        true,
        Auto,
        Local,
        r"C:\Windows\system32\svchost.exe -k LocalServiceNetworkRestricted",
    ),
    svc(
        "DiagTrack",
        "Connected User Experiences and Telemetry",
        true,
        Auto,
        System,
        r"C:\Windows\System32\svchost.exe -k utcsvc",
    ),
    svc(
        "Dnscache",
        "DNS Client",
        true,
        Auto,
        Network,
        r"C:\Windows\system32\svchost.exe -k NetworkService",
    ),
    svc(
        "dot3svc",
        "Wired AutoConfig",
        false,
        Manual,
        System,
        r"C:\Windows\system32\svchost.exe -k LocalSystemNetworkRestricted",
    ),
    svc(
        "DPS",
        "Diagnostic Policy Service",
        true,
        Auto,
        Local,
        r"C:\Windows\System32\svchost.exe -k LocalServiceNoNetwork",
    ),
    svc(
        "DsmSvc",
        "Device Setup Manager",
        false,
        Manual,
        System,
        r"C:\Windows\system32\svchost.exe -k netsvcs",
    ),
    svc(
        "Eaphost",
        "Extensible Authentication Protocol",
        false,
        Manual,
        System,
        r"C:\Windows\System32\svchost.exe -k netsvcs",
    ),
    svc(
        "EFS",
        "Encrypting File System (EFS)",
        false,
        Manual,
        System,
        r"C:\Windows\System32\lsass.exe",
    ),
    svc(
        "EventLog",
        "Windows Event Log",
        true,
        Auto,
        Local,
        r"C:\Windows\System32\svchost.exe -k LocalServiceNetworkRestricted",
    ),
    svc(
        "EventSystem",
        "COM+ Event System",
        true,
        Auto,
        Local,
        r"C:\Windows\system32\svchost.exe -k LocalService",
    ),
    svc(
        "FontCache",
        "Windows Font Cache Service",
        true,
        Auto,
        Local,
        r"C:\Windows\system32\svchost.exe -k LocalService",
    ),
    svc(
        "gpsvc",
        "Group Policy Client",
        true,
        Auto,
        System,
        r"C:\Windows\system32\svchost.exe -k netsvcs",
    ),
    svc(
        "hidserv",
        "Human Interface Device Service",
        false,
        Manual,
        System,
        r"C:\Windows\system32\svchost.exe -k LocalSystemNetworkRestricted",
    ),
    svc(
        "IKEEXT",
        "IKE and AuthIP IPsec Keying Modules",
        true,
        Auto,
        System,
        r"C:\Windows\system32\svchost.exe -k netsvcs",
    ),
    svc(
        "iphlpsvc",
        "IP Helper",
        true,
        Auto,
        System,
        r"C:\Windows\System32\svchost.exe -k NetSvcs",
    ),
    svc(
        "KeyIso",
        "CNG Key Isolation",
        true,
        Manual,
        System,
        r"C:\Windows\system32\lsass.exe",
    ),
    svc(
        "LanmanServer",
        "Server",
        true,
        Auto,
        System,
        r"C:\Windows\system32\svchost.exe -k netsvcs",
    ),
    svc(
        "LanmanWorkstation",
        "Workstation",
        true,
        Auto,
        Network,
        r"C:\Windows\System32\svchost.exe -k NetworkService",
    ),
    svc(
        "lmhosts",
        "TCP/IP NetBIOS Helper",
        true,
        Manual,
        Local,
        r"C:\Windows\system32\svchost.exe -k LocalServiceNetworkRestricted",
    ),
    svc(
        "LSM",
        "Local Session Manager",
        true,
        Auto,
        System,
        r"C:\Windows\system32\svchost.exe -k DcomLaunch",
    ),
    svc(
        "MpsSvc",
        "Windows Firewall",
        true,
        Auto,
        Local,
        r"C:\Windows\system32\svchost.exe -k LocalServiceNoNetwork",
    ),
    svc(
        "MSDTC",
        "Distributed Transaction Coordinator",
        true,
        Auto,
        Network,
        r"C:\Windows\System32\msdtc.exe",
    ),
    svc(
        "msiserver",
        "Windows Installer",
        false,
        Manual,
        System,
        r"C:\Windows\system32\msiexec.exe /V",
    ),
    svc(
        "Netlogon",
        "Netlogon",
        true,
        Auto,
        System,
        r"C:\Windows\system32\lsass.exe",
    ),
    svc(
        "Netman",
        "Network Connections",
        false,
        Manual,
        System,
        r"C:\Windows\System32\svchost.exe -k LocalSystemNetworkRestricted",
    ),
    svc(
        "netprofm",
        "Network List Service",
        true,
        Manual,
        Local,
        r"C:\Windows\System32\svchost.exe -k LocalService",
    ),
    svc(
        "NetTcpPortSharing",
        "Net.Tcp Port Sharing Service",
        false,
        Disabled,
        Local,
        r"C:\Windows\Microsoft.NET\Framework64\v4.0.30319\SMSvcHost.exe",
    ),
    svc(
        "NlaSvc",
        "Network Location Awareness",
        true,
        Auto,
        Network,
        r"C:\Windows\System32\svchost.exe -k NetworkService",
    ),
    svc(
        "nsi",
        "Network Store Interface Service",
        true,
        Auto,
        Local,
        r"C:\Windows\system32\svchost.exe -k LocalService",
    ),
    svc(
        "PlugPlay",
        "Plug and Play",
        true,
        Manual,
        System,
        r"C:\Windows\system32\svchost.exe -k DcomLaunch",
    ),
    svc(
        "PolicyAgent",
        "IPsec Policy Agent",
        true,
        Manual,
        Network,
        r"C:\Windows\system32\svchost.exe -k NetworkServiceNetworkRestricted",
    ),
    svc(
        "Power",
        "Power",
        true,
        Auto,
        System,
        r"C:\Windows\system32\svchost.exe -k DcomLaunch",
    ),
    svc(
        "ProfSvc",
        "User Profile Service",
        true,
        Auto,
        System,
        r"C:\Windows\system32\svchost.exe -k netsvcs",
    ),
    svc(
        "RemoteRegistry",
        "Remote Registry",
        true,
        Auto,
        Local,
        r"C:\Windows\system32\svchost.exe -k localService",
    ),
    svc(
        "RpcEptMapper",
        "RPC Endpoint Mapper",
        true,
        Auto,
        Network,
        r"C:\Windows\system32\svchost.exe -k RPCSS",
    ),
    svc(
        "RpcLocator",
        "Remote Procedure Call (RPC) Locator",
        false,
        Manual,
        Network,
        r"C:\Windows\system32\locator.exe",
    ),
    svc(
        "RpcSs",
        "Remote Procedure Call (RPC)",
        true,
        Auto,
        Network,
        r"C:\Windows\system32\svchost.exe -k rpcss",
    ),
    svc(
        "SamSs",
        "Security Accounts Manager",
        true,
        Auto,
        System,
        r"C:\Windows\system32\lsass.exe",
    ),
    svc(
        "Schedule",
        "Task Scheduler",
        true,
        Auto,
        System,
        r"C:\Windows\system32\svchost.exe -k netsvcs",
    ),
    svc(
        "SENS",
        "System Event Notification Service",
        true,
        Auto,
        System,
        r"C:\Windows\system32\svchost.exe -k netsvcs",
    ),
    svc(
        "SessionEnv",
        "Remote Desktop Configuration",
        true,
        Manual,
        System,
        r"C:\Windows\System32\svchost.exe -k netsvcs",
    ),
    svc(
        "ShellHWDetection",
        "Shell Hardware Detection",
        true,
        Auto,
        System,
        r"C:\Windows\System32\svchost.exe -k netsvcs",
    ),
    svc(
        "Spooler",
        "Print Spooler",
        false,
        Disabled,
        System,
        r"C:\Windows\System32\spoolsv.exe",
    ),
    svc(
        "sppsvc",
        "Software Protection",
        false,
        Delayed,
        Network,
        r"C:\Windows\system32\sppsvc.exe",
    ),
    svc(
        "SstpSvc",
        "Secure Socket Tunneling Protocol Service",
        true,
        Manual,
        Local,
        r"C:\Windows\system32\svchost.exe -k LocalService",
    ),
    svc(
        "StateRepository",
        "State Repository Service",
        true,
        Manual,
        System,
        r"C:\Windows\system32\svchost.exe -k appmodel",
    ),
    svc(
        "SystemEventsBroker",
        "System Events Broker",
        true,
        Auto,
        System,
        r"C:\Windows\system32\svchost.exe -k DcomLaunch",
    ),
    svc(
        "TermService",
        "Remote Desktop Services",
        true,
        Manual,
        Network,
        r"C:\Windows\System32\svchost.exe -k NetworkService",
    ),
    svc(
        "Themes",
        "Themes",
        true,
        Auto,
        System,
        r"C:\Windows\System32\svchost.exe -k netsvcs",
    ),
    svc(
        "TimeBrokerSvc",
        "Time Broker",
        true,
        Manual,
        Local,
        r"C:\Windows\system32\svchost.exe -k LocalServiceNetworkRestricted",
    ),
    svc(
        "TrustedInstaller",
        "Windows Modules Installer",
        false,
        Manual,
        System,
        r"C:\Windows\servicing\TrustedInstaller.exe",
    ),
    svc(
        "UALSVC",
        "User Access Logging Service",
        true,
        Delayed,
        System,
        r"C:\Windows\system32\svchost.exe -k netsvcs",
    ),
    svc(
        "UmRdpService",
        "Remote Desktop Services UserMode Port Redirector",
        true,
        Manual,
        System,
        r"C:\Windows\System32\svchost.exe -k LocalSystemNetworkRestricted",
    ),
    svc(
        "UserManager",
        "User Manager",
        true,
        Auto,
        System,
        r"C:\Windows\system32\svchost.exe -k netsvcs",
    ),
    svc(
        "UsoSvc",
        "Update Orchestrator Service",
        true,
        Delayed,
        System,
        r"C:\Windows\system32\svchost.exe -k netsvcs",
    ),
    svc(
        "VaultSvc",
        "Credential Manager",
        true,
        Manual,
        System,
        r"C:\Windows\system32\lsass.exe",
    ),
    svc(
        "VGAuthService",
        "VMware Alias Manager and Ticket Service",
        true,
        Auto,
        System,
        r#""C:\Program Files\VMware\VMware Tools\VMware VGAuth\VGAuthService.exe""#,
    ),
    svc(
        "VMTools",
        "VMware Tools",
        true,
        Auto,
        System,
        r#""C:\Program Files\VMware\VMware Tools\vmtoolsd.exe""#,
    ),
    svc(
        "VSS",
        "Volume Shadow Copy",
        false,
        Manual,
        System,
        r"C:\Windows\system32\vssvc.exe",
    ),
    svc(
        "W32Time",
        "Windows Time",
        true,
        Auto,
        Local,
        r"C:\Windows\system32\svchost.exe -k LocalService",
    ),
    svc(
        "W3SVC",
        "World Wide Web Publishing Service",
        true,
        Auto,
        System,
        r"C:\Windows\system32\svchost.exe -k iissvcs",
    ),
    svc(
        "WAS",
        "Windows Process Activation Service",
        true,
        Manual,
        System,
        r"C:\Windows\system32\svchost.exe -k iissvcs",
    ),
    svc(
        "WdiServiceHost",
        "Diagnostic Service Host",
        true,
        Manual,
        Local,
        r"C:\Windows\System32\svchost.exe -k LocalService",
    ),
    svc(
        "WinDefend",
        "Windows Defender Antivirus Service",
        true,
        Auto,
        System,
        r#""C:\ProgramData\Microsoft\Windows Defender\platform\4.18.25090.3009-0\MsMpEng.exe""#,
    ),
    svc(
        "WinHttpAutoProxySvc",
        "WinHTTP Web Proxy Auto-Discovery Service",
        true,
        Manual,
        Local,
        r"C:\Windows\system32\svchost.exe -k LocalService",
    ),
    svc(
        "Winmgmt",
        "Windows Management Instrumentation",
        true,
        Auto,
        System,
        r"C:\Windows\system32\svchost.exe -k netsvcs",
    ),
    svc(
        "WinRM",
        "Windows Remote Management (WS-Management)",
        true,
        Auto,
        Network,
        r"C:\Windows\System32\svchost.exe -k NetworkService",
    ),
    svc(
        "wmiApSrv",
        "WMI Performance Adapter",
        false,
        Manual,
        System,
        r"C:\Windows\system32\wbem\WmiApSrv.exe",
    ),
    svc(
        "WMSVC",
        "Web Management Service",
        false,
        Manual,
        Local,
        r"C:\Windows\system32\inetsrv\WMSvc.exe",
    ),
    svc(
        "wuauserv",
        "Windows Update",
        true,
        Manual,
        System,
        r"C:\Windows\system32\svchost.exe -k netsvcs",
    ),
];

/// The current connector's services, all running as LocalSystem.
const UNIFIED: &[Svc] = &[
    svc(
        "AzureADConnectAgentUpdater",
        "Microsoft Azure AD Connect Agent Updater",
        true,
        Auto,
        System,
        r#""C:\Program Files\Microsoft Azure AD Connect Agent Updater\AzureADConnectAgentUpdater.exe""#,
    ),
    svc(
        "PFXCertificateConnectorSvc",
        "PFX Certificate Connector for Microsoft Intune",
        true,
        Auto,
        System,
        r#""C:\Program Files\Microsoft Intune\PFXCertificateConnector\ConnectorSvc\PFXCertificateConnectorSvc.exe""#,
    ),
    svc(
        "PfxCreateLegacyConnectorSvc",
        "PFX Create Legacy Connector for Microsoft Intune",
        true,
        Auto,
        System,
        r#""C:\Program Files\Microsoft Intune\PFXCertificateConnector\ConnectorSvc\PfxCreateLegacyConnectorSvc.exe""#,
    ),
    svc(
        "PkiCreateConnectorSvc",
        "PFX Create Certificate Connector for Microsoft Intune",
        true,
        Auto,
        System,
        r#""C:\Program Files\Microsoft Intune\PFXCertificateConnector\ConnectorSvc\PkiCreateConnectorSvc.exe""#,
    ),
    svc(
        "PkiRevokeConnectorSvc",
        "PFX Revoke Certificate Connector for Microsoft Intune",
        true,
        Auto,
        System,
        r#""C:\Program Files\Microsoft Intune\PFXCertificateConnector\ConnectorSvc\PkiRevokeConnectorSvc.exe""#,
    ),
];

/// The legacy connector's service.
const LEGACY: &[Svc] = &[svc(
    "NDESConnectorSvc",
    "Intune Connector Service",
    true,
    Auto,
    System,
    r#""C:\Program Files\Microsoft Intune\NDESConnectorSvc\NDESConnectorSvc.exe""#,
)];

/// Every service of `server`, sorted by name as both cmdlets list them.
pub fn services(server: &Server) -> Vec<Svc> {
    let connector = if server.unified().is_some() {
        UNIFIED
    } else {
        LEGACY
    };
    let mut all: Vec<Svc> = WINDOWS.iter().chain(connector).cloned().collect();
    // Defender's names changed from one release to the next.
    let build = server.os.build;
    for s in &mut all {
        s.display = match (s.name, build) {
            ("WinDefend", b) if b >= 20348 => "Microsoft Defender Antivirus Service",
            ("WinDefend", b) if b < 17763 => "Windows Defender Service",
            ("MpsSvc", b) if b >= 17763 => "Windows Defender Firewall",
            _ => s.display,
        };
    }
    all.sort_by_key(|s| s.name.to_lowercase());
    all
}

/// `Get-Service | Select-Object Name,DisplayName,Status,StartType | ConvertTo-Json`.
pub fn get_service(services: &[Svc], enums_as_strings: bool) -> Json {
    Json::Array(
        services
            .iter()
            .map(|s| {
                let (status, status_name) = if s.running {
                    (4, "Running")
                } else {
                    (1, "Stopped")
                };
                let (start, start_name) = match s.start {
                    Start::Auto | Start::Delayed => (2, "Automatic"),
                    Start::Manual => (3, "Manual"),
                    Start::Disabled => (4, "Disabled"),
                };
                Json::object([
                    ("Name", Json::str(s.name)),
                    ("DisplayName", Json::str(s.display)),
                    ("Status", enum_value(enums_as_strings, status, status_name)),
                    ("StartType", enum_value(enums_as_strings, start, start_name)),
                ])
            })
            .collect(),
    )
}

/// `Get-CimInstance Win32_Service | Select-Object Name,DisplayName,State,StartMode,StartName,
/// DelayedAutoStart,PathName | ConvertTo-Json` (the values are strings in every shell).
pub fn win32_service(services: &[Svc]) -> Json {
    Json::Array(
        services
            .iter()
            .map(|s| {
                let mode = match s.start {
                    Start::Auto | Start::Delayed => "Auto",
                    Start::Manual => "Manual",
                    Start::Disabled => "Disabled",
                };
                let account = match s.account {
                    Account::System => "LocalSystem",
                    Account::Local => r"NT AUTHORITY\LocalService",
                    Account::Network => r"NT AUTHORITY\NetworkService",
                };
                Json::object([
                    ("Name", Json::str(s.name)),
                    ("DisplayName", Json::str(s.display)),
                    (
                        "State",
                        Json::str(if s.running { "Running" } else { "Stopped" }),
                    ),
                    ("StartMode", Json::str(mode)),
                    ("StartName", Json::str(account)),
                    ("DelayedAutoStart", Json::Bool(s.start == Start::Delayed)),
                    ("PathName", Json::str(s.path)),
                ])
            })
            .collect(),
    )
}
