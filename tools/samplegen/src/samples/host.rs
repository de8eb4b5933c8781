//! Who the sample servers are: names, accounts, the Windows release of each, and which
//! connector runs on it.

use time::OffsetDateTime;

use super::clock::utc;
use crate::inet::LanSettings;
use crate::msilog::Outcome;
use crate::pki::Cert;
use crate::winfmt::WinHttpProxy;

/// Short host name.
pub const HOST: &str = "NDES01";
/// The host's FQDN.
pub const FQDN: &str = "ndes01.corp.contoso.com";
/// The AD DNS domain.
pub const DOMAIN: &str = "corp.contoso.com";
/// The NetBIOS domain name.
pub const NETBIOS: &str = "CORP";
/// The host name devices use in the SCEP URL.
pub const EXTERNAL_FQDN: &str = "ndes.contoso.com";
/// The NDES (SCEP application pool) service account.
pub const SERVICE_ACCOUNT: &str = r"CORP\svc-ndes";
/// The domain controller the server logs on to and takes its time from.
pub const DC_FQDN: &str = "DC01.corp.contoso.com";
/// The server's address.
pub const IP: &str = "10.0.0.25";
/// The domain controllers' addresses (DNS servers, time source).
pub const DC_IP: &str = "10.0.0.10";
/// The reverse proxy that publishes NDES to the Internet.
pub const PROXY_IP: &str = "10.0.1.20";
/// The administrator who ran the collector.
pub const ADMIN: &str = r"CORP\Administrator";
/// That administrator's SID (the built-in domain Administrator, RID 500).
pub const ADMIN_SID: &str = "S-1-5-21-1004336348-1177238915-682003330-500";
/// The NDES service account's SID in the same domain.
pub const SERVICE_ACCOUNT_SID: &str = "S-1-5-21-1004336348-1177238915-682003330-1112";
/// The Internet Settings key below a user hive.
pub const INET_KEY: &str = r"Software\Microsoft\Windows\CurrentVersion\Internet Settings";
/// The corporate proxy the legacy server's administrator uses.
pub const PROXY: &str = "proxy.corp.contoso.com:8080";
/// Its bypass list.
pub const BYPASS: &str = "<local>;*.corp.contoso.com";
/// When the collector started (the manifest's `collected_at`), UTC.
pub fn collected_at() -> OffsetDateTime {
    utc(2026, 11, 20, 8, 14, 3)
}
/// The last reboot of every sample server (Patch Tuesday week).
pub fn boot_time() -> OffsetDateTime {
    utc(2026, 11, 2, 5, 2, 11)
}

/// A Windows Server release as the sample servers run it.
#[derive(Debug, Clone)]
pub struct Os {
    /// `Win32_OperatingSystem.Caption`, `systeminfo`'s OS Name.
    pub caption: &'static str,
    /// Registry `ProductName`.
    pub product_name: &'static str,
    /// Build number (14393, 17763, 20348).
    pub build: u32,
    /// Update build revision.
    pub ubr: u32,
    /// `ReleaseId` (`WindowsVersion` in Get-ComputerInfo).
    pub release_id: &'static str,
    /// `DisplayVersion` (2022 only).
    pub display_version: Option<&'static str>,
    /// `BuildBranch`.
    pub branch: &'static str,
    /// `BuildLab` (frozen at RTM).
    pub build_lab: &'static str,
    /// The date-time part of `BuildLabEx` for the installed update.
    pub lab_stamp: &'static str,
    /// `ProductId`.
    pub product_id: &'static str,
    /// When Windows was installed.
    pub installed: OffsetDateTime,
    /// Installed updates, oldest first.
    pub hotfixes: &'static [&'static str],
    /// `$PSVersionTable.PSVersion` of Windows PowerShell.
    pub powershell: String,
    /// .NET Framework 4.x `Release`.
    pub netfx_release: u32,
    /// .NET Framework 4.x `Version`.
    pub netfx_version: &'static str,
    /// How Server Manager names the .NET 4 features (`4.6`, `4.7`, `4.8`).
    pub netfx_features: &'static str,
    /// Which `netsh http show sslcert` fields this build prints.
    pub sslcert: SslcertFields,
}

/// The field sets of `netsh http show sslcert` across releases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslcertFields {
    /// 2016 with current updates: up to `Disable HTTP2`.
    Server2016,
    /// 2019: up to `Reject Connections`, plus the HTTP/2 switch.
    Server2019,
    /// 2022: the `Disable ...` / `Enable ...` switches.
    Server2022,
}

impl Os {
    /// `14393.8594.amd64fre.rs1_release.261007-1705`.
    pub fn build_lab_ex(&self) -> String {
        format!(
            "{}.{}.amd64fre.{}.{}",
            self.build, self.ubr, self.branch, self.lab_stamp
        )
    }

    /// `10.0.14393`.
    pub fn version(&self) -> String {
        format!("10.0.{}", self.build)
    }

    /// Windows Server 2016 Standard with the November 2026 update.
    pub fn server_2016() -> Self {
        Self {
            caption: "Microsoft Windows Server 2016 Standard",
            product_name: "Windows Server 2016 Standard",
            build: 14393,
            ubr: 8594,
            release_id: "1607",
            display_version: None,
            branch: "rs1_release",
            build_lab: "14393.rs1_release.161220-1747",
            lab_stamp: "261007-1705",
            product_id: "00377-60000-00000-AA946",
            installed: utc(2021, 9, 14, 13, 33, 36),
            hotfixes: &[
                "KB3192137",
                "KB4486129",
                "KB5063182",
                "KB5070110",
                "KB5071954",
            ],
            powershell: "5.1.14393.8594".into(),
            netfx_release: 528049,
            netfx_version: "4.8.03761",
            netfx_features: "4.8",
            sslcert: SslcertFields::Server2016,
        }
    }

    /// Windows Server 2019 Standard.
    pub fn server_2019() -> Self {
        Self {
            caption: "Microsoft Windows Server 2019 Standard",
            product_name: "Windows Server 2019 Standard",
            build: 17763,
            ubr: 8027,
            release_id: "1809",
            display_version: None,
            branch: "rs5_release",
            build_lab: "17763.rs5_release.180914-1434",
            lab_stamp: "261006-1602",
            product_id: "00429-70000-00000-AA535",
            installed: utc(2026, 2, 16, 13, 33, 36),
            hotfixes: &["KB5044089", "KB5046270", "KB5066586"],
            powershell: "5.1.17763.5830".into(),
            netfx_release: 528049,
            netfx_version: "4.8.03761",
            netfx_features: "4.7",
            sslcert: SslcertFields::Server2019,
        }
    }

    /// Windows Server 2022 Standard.
    pub fn server_2022() -> Self {
        Self {
            caption: "Microsoft Windows Server 2022 Standard",
            product_name: "Windows Server 2022 Standard",
            build: 20348,
            ubr: 4405,
            release_id: "2009",
            display_version: Some("21H2"),
            branch: "fe_release",
            build_lab: "20348.fe_release.210507-1500",
            lab_stamp: "261009-1718",
            product_id: "00454-40000-00001-AA081",
            installed: utc(2026, 2, 16, 13, 33, 36),
            hotfixes: &["KB5012170", "KB5065431", "KB5066782"],
            powershell: "5.1.20348.4405".into(),
            netfx_release: 528449,
            netfx_version: "4.8.04161",
            netfx_features: "4.8",
            sslcert: SslcertFields::Server2022,
        }
    }
}

/// The Certificate Connector for Microsoft Intune (2021 and later).
#[derive(Debug, Clone)]
pub struct Unified {
    /// `DisplayVersion`.
    pub version: &'static str,
    /// The identity certificate from "Microsoft Intune ImportPFX Connector CA".
    pub identity: Cert,
    /// When it was installed.
    pub installed: OffsetDateTime,
}

/// The retired Microsoft Intune (NDES) Connector.
#[derive(Debug, Clone)]
pub struct Legacy {
    /// Thumbprint written to `Modules\NDESPolicy\NDESCertThumbprint`.
    pub policy_thumbprint: String,
    /// The client-auth certificate exported from `LocalMachine\My`, if any.
    pub client_auth: Option<Cert>,
    /// SYSTEM's LAN settings.
    pub system_lan: LanSettings,
    /// The machine's WinHTTP proxy.
    pub winhttp: WinHttpProxy,
    /// Whether the firewall lets the server reach Intune without the proxy.
    pub direct_egress: bool,
    /// How `SetupMSI.log` ends.
    pub install: Outcome,
}

/// Which connector the server runs.
#[derive(Debug, Clone)]
pub enum Connector {
    /// The current connector.
    Unified(Unified),
    /// The legacy one.
    Legacy(Legacy),
}

/// One sample server.
#[derive(Debug, Clone)]
pub struct Server {
    /// The Windows release.
    pub os: Os,
    /// The connector.
    pub connector: Connector,
    /// The certificate bound to `0.0.0.0:443`.
    pub web_cert: Cert,
    /// The three MSCEP template values.
    pub templates: &'static str,
}

impl Server {
    /// The legacy connector's settings, if that is what runs.
    pub fn legacy(&self) -> Option<&Legacy> {
        match &self.connector {
            Connector::Legacy(legacy) => Some(legacy),
            Connector::Unified(_) => None,
        }
    }

    /// The current connector's settings, if that is what runs.
    pub fn unified(&self) -> Option<&Unified> {
        match &self.connector {
            Connector::Unified(unified) => Some(unified),
            Connector::Legacy(_) => None,
        }
    }
}
