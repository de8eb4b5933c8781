//! The registry keys a bundle exports, as the sample servers have them.

use time::OffsetDateTime;

use super::clock::local;
use super::host::{DC_IP, DOMAIN, HOST, IP, Os, Server, Unified};
use crate::reg::{RegData, RegKey};
use crate::winfmt::WinHttpProxy;

const HKLM: &str = "HKEY_LOCAL_MACHINE";
/// IIS's application ID in HTTP.sys bindings.
pub const IIS_APP_ID: &str = "{4dc3e181-e14b-4a21-b022-59fc669b0914}";

fn sz(text: &str) -> RegData {
    RegData::Sz(text.to_owned())
}

/// `HKLM\SOFTWARE\Microsoft\Cryptography\MSCEP` as NDES setup and the connector leave it.
pub fn mscep(template: &str, ndes_policy_thumbprint: Option<&str>) -> RegKey {
    let mut key = RegKey::new(format!(r"{HKLM}\SOFTWARE\Microsoft\Cryptography\MSCEP"))
        .value("EncryptionTemplate", sz(template))
        .value("GeneralPurposeTemplate", sz(template))
        .value("SignatureTemplate", sz(template))
        .subkey("CAType", |k| k.default_value(RegData::Dword(1)))
        .subkey("CertsInMYStore", |k| k.default_value(RegData::Dword(1)))
        .subkey("EnforcePassword", |k| k.default_value(RegData::Dword(0)))
        .subkey("UseSinglePassword", |k| k.default_value(RegData::Dword(0)));
    if let Some(thumbprint) = ndes_policy_thumbprint {
        key = key.subkey("Modules", |k| {
            k.subkey("NDESPolicy", |k| {
                k.value("NDESCertThumbprint", sz(thumbprint))
            })
        });
    }
    key
}

/// `HKLM\SOFTWARE\Microsoft\MicrosoftIntune` of the current connector. Reconstructed from
/// the scripts that read it: the identity certificate's thumbprint, the KB5014754 SID switch
/// turned on, and a `CA*` subkey saying the connector runs as SYSTEM.
pub fn microsoft_intune(unified: &Unified) -> RegKey {
    RegKey::new(format!(r"{HKLM}\SOFTWARE\Microsoft\MicrosoftIntune")).subkey(
        "PFXCertificateConnector",
        |k| {
            k.value("EncryptionCertThumbprint", sz(&unified.identity.thumbprint))
                .value("EnableSidSecurityExtension", RegData::Dword(1))
                .subkey("CA", |k| {
                    k.value("UseSystemAccount", RegData::Dword(1))
                        .value("Username", sz(""))
                })
        },
    )
}

/// A self-relative security descriptor `D:(A;;GX;;;WD)`: what `netsh http add urlacl`
/// stores for "Everyone may listen".
fn everyone_listen_sd() -> Vec<u8> {
    let mut sd = vec![1, 0, 0x04, 0x80];
    sd.extend_from_slice(&[0; 12]);
    sd.extend_from_slice(&20u32.to_le_bytes());
    // ACL: revision 2, size 28, one ACE.
    sd.extend_from_slice(&[2, 0, 28, 0, 1, 0, 0, 0]);
    // ACCESS_ALLOWED_ACE, size 20, GENERIC_EXECUTE, S-1-1-0.
    sd.extend_from_slice(&[0, 0, 20, 0]);
    sd.extend_from_slice(&0x2000_0000u32.to_le_bytes());
    sd.extend_from_slice(&[1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
    sd
}

/// A GUID in the little-endian layout Windows stores binary GUIDs in.
fn guid_bytes(guid: &str) -> Vec<u8> {
    let hex: String = guid.chars().filter(char::is_ascii_hexdigit).collect();
    let bytes: Vec<u8> = (0..16)
        .map(|i| u8::from_str_radix(&hex[i * 2..i * 2 + 2], 16).expect("hex"))
        .collect();
    let mut out = Vec::with_capacity(16);
    out.extend(bytes[0..4].iter().rev());
    out.extend(bytes[4..6].iter().rev());
    out.extend(bytes[6..8].iter().rev());
    out.extend_from_slice(&bytes[8..16]);
    out
}

fn hex_to_bytes(hex: &str) -> Vec<u8> {
    (0..hex.len() / 2)
        .map(|i| u8::from_str_radix(&hex[i * 2..i * 2 + 2], 16).expect("hex"))
        .collect()
}

/// `HKLM\SYSTEM\CurrentControlSet\Services\HTTP\Parameters`: the long-URL limits NDES
/// needs, the IIS TLS binding and the URL reservations Windows makes.
pub fn http_parameters(web_thumbprint: &str) -> RegKey {
    let url_acl = [
        "http://*:2869/",
        "http://*:5357/",
        "http://+:47001/wsman/",
        "http://+:5985/wsman/",
        "http://+:80/Temporary_Listen_Addresses/",
        "https://*:5358/",
        "https://+:5986/wsman/",
    ];
    RegKey::new(format!(
        r"{HKLM}\SYSTEM\CurrentControlSet\Services\HTTP\Parameters"
    ))
    .value("MaxFieldLength", RegData::Dword(65534))
    .value("MaxRequestBytes", RegData::Dword(65534))
    .subkey("SslBindingInfo", |k| {
        k.subkey("0.0.0.0:443", |k| {
            k.value("SslCertHash", RegData::Binary(hex_to_bytes(web_thumbprint)))
                .value("AppId", RegData::Binary(guid_bytes(IIS_APP_ID)))
                .value("DefaultSslCertCheckMode", RegData::Dword(0))
                .value("DefaultSslRevocationFreshnessTime", RegData::Dword(0))
                .value("DefaultSslRevocationUrlRetrievalTimeout", RegData::Dword(0))
                .value("DefaultFlags", RegData::Dword(0))
                .value("SslCertStoreName", sz("MY"))
        })
    })
    .subkey("UrlAclInfo", |mut k| {
        for url in url_acl {
            k = k.value(url, RegData::Binary(everyone_listen_sd()));
        }
        k
    })
}

/// `...\SCHANNEL\Protocols`: the Windows default SSL 2.0 client key, plus TLS 1.2 enabled
/// explicitly for client and server as the connector prerequisites ask.
pub fn schannel_protocols() -> RegKey {
    let tls12 = |k: RegKey| {
        k.value("Enabled", RegData::Dword(1))
            .value("DisabledByDefault", RegData::Dword(0))
    };
    RegKey::new(format!(
        r"{HKLM}\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols"
    ))
    .subkey("SSL 2.0", |k| {
        k.subkey("Client", |k| {
            k.value("DisabledByDefault", RegData::Dword(1))
        })
    })
    .subkey("TLS 1.2", |k| {
        k.subkey("Client", tls12).subkey("Server", tls12)
    })
}

/// `HKLM\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full`.
pub fn ndp_v4_full(os: &Os) -> RegKey {
    let values = |k: RegKey| {
        k.value("CBS", RegData::Dword(1))
            .value("Install", RegData::Dword(1))
            .value("Release", RegData::Dword(os.netfx_release))
            .value("Servicing", RegData::Dword(0))
            .value("TargetVersion", sz("4.0.0"))
            .value("Version", sz(os.netfx_version))
    };
    values(
        RegKey::new(format!(
            r"{HKLM}\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full"
        ))
        .value(
            "InstallPath",
            sz(r"C:\Windows\Microsoft.NET\Framework64\v4.0.30319\"),
        ),
    )
    .subkey("1033", values)
}

/// `HKLM\SOFTWARE[\WOW6432Node]\Microsoft\.NETFramework\v4.0.30319` with strong crypto on.
pub fn netfx_v4(wow64: bool) -> RegKey {
    let node = if wow64 { r"\WOW6432Node" } else { "" };
    let sku = |name: &'static str| move |k: RegKey| k.subkey(name, |k| k);
    RegKey::new(format!(
        r"{HKLM}\SOFTWARE{node}\Microsoft\.NETFramework\v4.0.30319"
    ))
    .value("SchUseStrongCrypto", RegData::Dword(1))
    .value("SystemDefaultTlsVersions", RegData::Dword(1))
    .subkey("SKUs", |k| {
        [
            ".NETFramework,Version=v4.0",
            ".NETFramework,Version=v4.5",
            ".NETFramework,Version=v4.6",
            ".NETFramework,Version=v4.7",
            ".NETFramework,Version=v4.7.2",
            ".NETFramework,Version=v4.8",
            "client",
            "default",
        ]
        .into_iter()
        .fold(k, |k, name| sku(name)(k))
    })
}

/// `HKLM\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters`.
pub fn tcpip_parameters() -> RegKey {
    let interface = "{5b2e8f31-7c4d-4a9e-b1f0-3d6c8e2a9f14}";
    RegKey::new(format!(
        r"{HKLM}\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters"
    ))
    .value("NV Hostname", sz(HOST))
    .value(
        "DataBasePath",
        RegData::ExpandSz(r"%SystemRoot%\System32\drivers\etc".into()),
    )
    .value("NameServer", sz(""))
    .value("ForwardBroadcasts", RegData::Dword(0))
    .value("IPEnableRouter", RegData::Dword(0))
    .value("Domain", sz(DOMAIN))
    .value("Hostname", sz(HOST))
    .value("SearchList", sz(""))
    .value("UseDomainNameDevolution", RegData::Dword(1))
    .value("EnableICMPRedirect", RegData::Dword(1))
    .value("DeadGWDetectDefault", RegData::Dword(1))
    .value("DontAddDefaultGatewayDefault", RegData::Dword(0))
    .value("EnableWsd", RegData::Dword(0))
    .value("NV Domain", sz(DOMAIN))
    .value("SyncDomainWithMembership", RegData::Dword(1))
    .subkey("Adapters", |k| k)
    .subkey("DNSRegisteredAdapters", |k| k)
    .subkey("Interfaces", |k| {
        k.subkey(interface, |k| {
            k.value("EnableDHCP", RegData::Dword(0))
                .value("Domain", sz(""))
                .value("NameServer", sz(&format!("{DC_IP},10.0.0.11")))
                .value("IPAddress", RegData::MultiSz(vec![IP.into()]))
                .value("SubnetMask", RegData::MultiSz(vec!["255.255.255.0".into()]))
                .value("DefaultGateway", RegData::MultiSz(vec!["10.0.0.1".into()]))
                .value("DefaultGatewayMetric", RegData::MultiSz(vec!["0".into()]))
                .value("RegisterAdapterName", RegData::Dword(0))
                .value("RegistrationEnabled", RegData::Dword(1))
        })
    })
    .subkey("NsiObjectSecurity", |k| k)
    .subkey("PersistentRoutes", |k| k)
    .subkey("Winsock", |k| {
        k.value(
            "HelperDllName",
            RegData::ExpandSz(r"%SystemRoot%\System32\wshtcpip.dll".into()),
        )
        .value("MaxSockAddrLength", RegData::Dword(0x10))
        .value("MinSockAddrLength", RegData::Dword(0x10))
        .value("UseDelayedAcceptance", RegData::Dword(0))
    })
}

/// `HKLM\SYSTEM\CurrentControlSet\Services\W32Time\Parameters` of a domain member.
pub fn w32time_parameters() -> RegKey {
    RegKey::new(format!(
        r"{HKLM}\SYSTEM\CurrentControlSet\Services\W32Time\Parameters"
    ))
    .value(
        "ServiceDll",
        RegData::ExpandSz(r"%systemroot%\system32\w32time.dll".into()),
    )
    .value("ServiceMain", sz("SvchostEntry_W32Time"))
    .value("ServiceDllUnloadOnStop", RegData::Dword(1))
    .value("NtpServer", sz("time.windows.com,0x8"))
    .value("Type", sz("NT5DS"))
}

/// `reg query "HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion"` (no `/s`), without the
/// `DigitalProductId` lines the collector filters out: text lines before encoding.
pub fn windows_nt_current_version(os: &Os) -> Vec<String> {
    let path = format!(r"{HKLM}\SOFTWARE\Microsoft\Windows NT\CurrentVersion");
    let install = os.installed.unix_timestamp();
    // InstallTime is a FILETIME: 100 ns ticks since 1601.
    let install_time = (install + 11_644_473_600) as u64 * 10_000_000;
    let mut values: Vec<(&str, &str, String)> = vec![
        ("SystemRoot", "REG_SZ", r"C:\Windows".into()),
        ("BuildBranch", "REG_SZ", os.branch.into()),
        (
            "BuildGUID",
            "REG_SZ",
            "ffffffff-ffff-ffff-ffff-ffffffffffff".into(),
        ),
        ("BuildLab", "REG_SZ", os.build_lab.into()),
        ("BuildLabEx", "REG_SZ", os.build_lab_ex()),
        ("CompositionEditionID", "REG_SZ", "ServerStandard".into()),
        ("CurrentBuild", "REG_SZ", os.build.to_string()),
        ("CurrentBuildNumber", "REG_SZ", os.build.to_string()),
        ("CurrentMajorVersionNumber", "REG_DWORD", "0xa".into()),
        ("CurrentMinorVersionNumber", "REG_DWORD", "0x0".into()),
        ("CurrentType", "REG_SZ", "Multiprocessor Free".into()),
        ("CurrentVersion", "REG_SZ", "6.3".into()),
    ];
    if let Some(display) = os.display_version {
        values.push(("DisplayVersion", "REG_SZ", display.into()));
    }
    values.extend([
        ("EditionID", "REG_SZ", "ServerStandard".into()),
        ("EditionSubManufacturer", "REG_SZ", String::new()),
        ("EditionSubstring", "REG_SZ", String::new()),
        ("EditionSubVersion", "REG_SZ", String::new()),
        ("InstallationType", "REG_SZ", "Server".into()),
        ("InstallDate", "REG_DWORD", format!("{install:#x}")),
        ("ProductName", "REG_SZ", os.product_name.into()),
        ("ReleaseId", "REG_SZ", os.release_id.into()),
        ("SoftwareType", "REG_SZ", "System".into()),
        ("UBR", "REG_DWORD", format!("{:#x}", os.ubr)),
        ("PathName", "REG_SZ", r"C:\Windows".into()),
        ("ProductId", "REG_SZ", os.product_id.into()),
        ("RegisteredOrganization", "REG_SZ", String::new()),
        ("RegisteredOwner", "REG_SZ", "Windows User".into()),
        ("InstallTime", "REG_QWORD", format!("{install_time:#x}")),
    ]);
    let mut lines = vec![String::new(), path.clone()];
    for (name, kind, data) in values {
        lines.push(format!("    {name}    {kind}    {data}"));
    }
    lines.push(String::new());
    for subkey in [
        "Accessibility",
        "AdaptiveDisplayBrightness",
        "AeDebug",
        "AppCompatFlags",
        "ASR",
        "Audit",
        "BackgroundModel",
        "ClipSVC",
        "Compatibility32",
        "Console",
        "CorruptedFileRecovery",
        "DefaultProductKey",
        "DefaultProductKey2",
        "DeviceDisplayObjects",
        "DiskDiagnostics",
        "drivers.desc",
        "Drivers32",
        "EFS",
        "Event Viewer",
        "Font Drivers",
        "Font Management",
        "FontDPI",
        "FontLink",
        "FontMapper",
        "FontMapperFamilyFallback",
        "Fonts",
        "FontSubstitutes",
        "GRE_Initialize",
        "ICM",
        "Image File Execution Options",
        "IniFileMapping",
        "KnownFunctionTableDlls",
        "KnownManagedDebuggingDlls",
        "LanguagePack",
        "LicensingDiag",
        "MCI Extensions",
        "MCI32",
        "MiniDumpAuxiliaryDlls",
        "MsiCorruptedFileRecovery",
        "Multimedia",
        "NetworkCards",
        "NetworkList",
        "NoImeModeImes",
        "Notifications",
        "OpenGLDrivers",
        "PeerDist",
        "Perflib",
        "PerHwIdStorage",
        "Ports",
        "Prefetcher",
        "Print",
        "ProfileList",
        "ProfileNotification",
        "ProfileService",
        "related.desc",
        "RemoteRegistry",
        "S-1-5-18",
        "SchedulingAgent",
        "SecEdit",
        "Sensor",
        "setup",
        "SoftwareProtectionPlatform",
        "SRUM",
        "Superfetch",
        "Svchost",
        "SystemRestore",
        "Terminal Server",
        "TileDataModel",
        "Time Zones",
        "Tracing",
        "UAC",
        "UnattendSettings",
        "Userinstallable.drivers",
        "VersionsList",
        "Virtualization",
        "VolatileNotifications",
        "WbemPerf",
        "WiFiDirectAPI",
        "Windows",
        "Winlogon",
        "Winsat",
        "WinSATAPI",
        "WirelessDocking",
        "WUDF",
    ] {
        lines.push(format!(r"{path}\{subkey}"));
    }
    lines
}

/// `yyyyMMdd` as the `InstallDate` of an Uninstall entry.
fn install_date(instant: OffsetDateTime) -> String {
    let l = local(instant);
    format!("{:04}{:02}{:02}", l.year(), u8::from(l.month()), l.day())
}

/// An MSI product's Uninstall entry.
struct Product {
    code: &'static str,
    name: String,
    version: String,
    publisher: &'static str,
    installed: OffsetDateTime,
    location: &'static str,
    size_kb: u32,
    hidden: bool,
}

impl Product {
    fn key(&self, uninstall: RegKey) -> RegKey {
        let (major, minor) = {
            let mut parts = self
                .version
                .split('.')
                .map(|p| p.parse::<u32>().unwrap_or(0));
            (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
        };
        // Windows Installer packs major.minor.build into 8.8.16 bits.
        let build = self
            .version
            .split('.')
            .nth(2)
            .and_then(|p| p.parse::<u32>().ok())
            .unwrap_or(0);
        let version_dword = (major << 24) | ((minor & 0xff) << 16) | (build & 0xffff);
        uninstall.subkey(self.code, |k| {
            let k = k
                .value("AuthorizedCDFPrefix", sz(""))
                .value("Comments", sz(""))
                .value("Contact", sz(""))
                .value("DisplayVersion", sz(&self.version))
                .value("HelpLink", sz(""))
                .value("HelpTelephone", sz(""))
                .value("InstallDate", sz(&install_date(self.installed)))
                .value("InstallLocation", sz(self.location))
                .value("InstallSource", sz(r"C:\Windows\Temp\"))
                .value(
                    "ModifyPath",
                    RegData::ExpandSz(format!("MsiExec.exe /I{}", self.code)),
                )
                .value("NoModify", RegData::Dword(1))
                .value("Publisher", sz(self.publisher))
                .value("Readme", sz(""))
                .value("Size", sz(""))
                .value("EstimatedSize", RegData::Dword(self.size_kb))
                .value(
                    "UninstallString",
                    RegData::ExpandSz(format!("MsiExec.exe /X{}", self.code)),
                )
                .value("URLInfoAbout", sz(""))
                .value("URLUpdateInfo", sz(""))
                .value("VersionMajor", RegData::Dword(major))
                .value("VersionMinor", RegData::Dword(minor))
                .value("WindowsInstaller", RegData::Dword(1))
                .value("Version", RegData::Dword(version_dword))
                .value("Language", RegData::Dword(1033))
                .value("DisplayName", sz(&self.name));
            if self.hidden {
                k.value("SystemComponent", RegData::Dword(1))
            } else {
                k
            }
        })
    }
}

/// The legacy placeholder subkeys every Windows Server has under Uninstall.
fn windows_uninstall_placeholders(mut key: RegKey) -> RegKey {
    for name in [
        "AddressBook",
        "Connection Manager",
        "DirectDrawEx",
        "DXM_Runtime",
        "Fontcore",
        "IE40",
        "IE4Data",
        "IE5BAKEX",
        "IEData",
        "MobileOptionPack",
        "MPlayer2",
        "SchedulingAgent",
        "WIC",
    ] {
        key = key.subkey(name, |k| {
            if name == "Connection Manager" {
                k.value("SystemComponent", RegData::Dword(1))
            } else {
                k
            }
        });
    }
    key
}

const VMWARE_TOOLS: &str = "{9DC6F5B2-1D86-4E11-A9A4-5EC41DB34E27}";
const CONNECTOR_PRODUCT: &str = "{2B7E4A1C-95D3-4F08-8C6E-1A3F5D7B9E20}";
const LEGACY_CONNECTOR_PRODUCT: &str = "{6A5C3A1D-4E0B-4C1F-9E4D-2B7F0C8A1E35}";
const AGENT_UPDATER_PRODUCT: &str = "{4C0E7D12-8B6A-4F3E-A5D9-0E2C4B6A8D31}";

/// `HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall` (64-bit view).
pub fn uninstall(server: &Server) -> RegKey {
    let mut products = vec![Product {
        code: VMWARE_TOOLS,
        name: "VMware Tools".into(),
        version: "12.5.2.24594507".into(),
        publisher: "VMware, Inc.",
        installed: server.os.installed,
        location: r"C:\Program Files\VMware\VMware Tools\",
        size_kb: 121_468,
        hidden: false,
    }];
    if let Some(unified) = server.unified() {
        products.push(Product {
            code: AGENT_UPDATER_PRODUCT,
            name: "Microsoft Azure AD Connect Agent Updater".into(),
            version: "1.1.1150.0".into(),
            publisher: "Microsoft Corporation",
            installed: unified.installed,
            location: r"C:\Program Files\Microsoft Azure AD Connect Agent Updater\",
            size_kb: 1_924,
            hidden: false,
        });
    }
    if server.legacy().is_some() {
        products.push(Product {
            code: LEGACY_CONNECTOR_PRODUCT,
            name: "Microsoft Intune Connector".into(),
            version: "6.1711.4.0".into(),
            publisher: "Microsoft Corporation",
            installed: super::clock::utc(2026, 3, 3, 9, 14, 22),
            location: r"C:\Program Files\Microsoft Intune\",
            size_kb: 14_836,
            hidden: false,
        });
    }
    for (code, name) in [
        (
            "{7D3F1B2A-6E4C-4D5B-9A8F-0C2E4A6B8D13}",
            "Microsoft Visual C++ 2022 X64 Minimum Runtime - 14.40.33816",
        ),
        (
            "{8E2B4C6D-1A3F-4E5B-B7C9-2D4F6A8B0C25}",
            "Microsoft Visual C++ 2022 X64 Additional Runtime - 14.40.33816",
        ),
    ] {
        products.push(Product {
            code,
            name: name.into(),
            version: "14.40.33816".into(),
            publisher: "Microsoft Corporation",
            installed: server.os.installed,
            location: "",
            size_kb: 2_248,
            hidden: true,
        });
    }
    let key = windows_uninstall_placeholders(RegKey::new(format!(
        r"{HKLM}\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall"
    )));
    let key = products.iter().fold(key, |key, product| product.key(key));
    match server.unified() {
        Some(unified) => connector_bundle(key, unified.version, &install_date(unified.installed)),
        None => key,
    }
}

/// The current connector's setup (`IntuneCertificateConnector.exe`) is a WiX bundle: its
/// Uninstall entry is the bundle's, not an MSI product's.
pub fn connector_bundle(uninstall: RegKey, version: &str, installed: &str) -> RegKey {
    let cache =
        format!(r"C:\ProgramData\Package Cache\{CONNECTOR_PRODUCT}\IntuneCertificateConnector.exe");
    uninstall.subkey(CONNECTOR_PRODUCT, |k| {
        k.value("BundleCachePath", sz(&cache))
            .value(
                "BundleUpgradeCode",
                RegData::MultiSz(vec!["{8C3B5E1F-2A4D-4F6B-9E7C-1D3A5B7C9E02}".into()]),
            )
            .value("BundleAddonCode", RegData::MultiSz(Vec::new()))
            .value("BundleDetectCode", RegData::MultiSz(Vec::new()))
            .value("BundlePatchCode", RegData::MultiSz(Vec::new()))
            .value("BundleVersion", sz(version))
            .value("BundleProviderKey", sz(CONNECTOR_PRODUCT))
            .value("BundleTag", sz(""))
            .value("EngineVersion", sz("3.14.1.8722"))
            .value("DisplayIcon", sz(&format!("{cache},0")))
            .value(
                "DisplayName",
                sz("Certificate Connector for Microsoft Intune"),
            )
            .value("DisplayVersion", sz(version))
            .value("Publisher", sz("Microsoft Corporation"))
            .value(
                "HelpLink",
                sz("https://go.microsoft.com/fwlink/?linkid=2168535"),
            )
            .value(
                "URLInfoAbout",
                sz("https://go.microsoft.com/fwlink/?linkid=2168535"),
            )
            .value("NoElevateOnModify", RegData::Dword(1))
            .value("ModifyPath", sz(&format!(r#""{cache}"  /modify"#)))
            .value(
                "QuietUninstallString",
                sz(&format!(r#""{cache}" /uninstall /quiet"#)),
            )
            .value("UninstallString", sz(&format!(r#""{cache}"  /uninstall"#)))
            .value("EstimatedSize", RegData::Dword(61_412))
            .value("Installed", RegData::Dword(1))
            .value("InstallDate", sz(installed))
    })
}

/// `HKLM\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall` (32-bit view):
/// the Visual C++ redistributable VMware Tools brings along (its bundle registers here).
pub fn uninstall_wow64(os: &Os) -> RegKey {
    let key = windows_uninstall_placeholders(RegKey::new(format!(
        r"{HKLM}\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall"
    )));
    Product {
        code: "{4A5C9D6B-0F1E-4B3A-8C72-9D1E6F5A3B40}",
        name: "Microsoft Visual C++ 2015-2022 Redistributable (x64) - 14.40.33816".into(),
        version: "14.40.33816.0".into(),
        publisher: "Microsoft Corporation",
        installed: os.installed,
        location: "",
        size_kb: 20_480,
        hidden: false,
    }
    .key(key)
}

/// One of the two IE Enhanced Security Configuration components, switched off.
pub fn ie_esc(admins: bool) -> RegKey {
    let (guid, entry) = if admins {
        ("{A509B1A7-37EF-4b3f-8CFC-4F3A74704073}", "IEHardenAdmin")
    } else {
        ("{A509B1A8-37EF-4b3f-8CFC-4F3A74704073}", "IEHardenUser")
    };
    RegKey::new(format!(
        r"{HKLM}\SOFTWARE\Microsoft\Active Setup\Installed Components\{guid}"
    ))
    .value("IsInstalled", RegData::Dword(0))
    .value("Locale", sz("*"))
    .value(
        "StubPath",
        RegData::ExpandSz(format!(
            r#""%SystemRoot%\system32\rundll32.exe" "%SystemRoot%\system32\iesetup.dll",{entry}"#
        )),
    )
    .value("Version", sz("1,1,1,0"))
}

/// Microsoft Defender's exclusions: the connector's request queues, as Microsoft's PKCS
/// troubleshooting guide recommends.
pub fn defender_exclusions() -> RegKey {
    crate::fixtures::registry::defender_exclusions(&[
        r"C:\Program Files\Microsoft Intune\PfxRequest",
        r"C:\Program Files\Microsoft Intune\CertificateRequestStatus",
        r"C:\Program Files\Microsoft Intune\CertificateRevocationStatus",
    ])
}

/// The `WinHttpSettings` blob: Windows' never-set default, or what `netsh winhttp set proxy`
/// writes.
fn winhttp_settings(proxy: &WinHttpProxy) -> Vec<u8> {
    match proxy {
        WinHttpProxy::Direct => vec![
            0x18, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ],
        WinHttpProxy::Named { server, bypass } => {
            let mut blob = vec![0x28, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0];
            for text in [server.as_str(), bypass.as_deref().unwrap_or("")] {
                blob.extend_from_slice(&(text.len() as u32).to_le_bytes());
                blob.extend_from_slice(text.as_bytes());
            }
            blob
        }
    }
}

/// `HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Internet Settings`, trimmed to the values
/// and subkeys that matter here, with `Connections\WinHttpSettings` for `winhttp`.
pub fn internet_settings_machine(winhttp: &WinHttpProxy) -> RegKey {
    RegKey::new(format!(
        r"{HKLM}\SOFTWARE\Microsoft\Windows\CurrentVersion\Internet Settings"
    ))
    .value("ActiveXCache", sz(r"C:\Windows\Downloaded Program Files"))
    .value("CodeBaseSearchPath", sz("CODEBASE"))
    .value("EnablePunycode", RegData::Dword(1))
    .value("MinorVersion", sz("0"))
    .value("WarnOnIntranet", RegData::Dword(1))
    .subkey("Connections", |k| {
        k.value(
            "WinHttpSettings",
            RegData::Binary(winhttp_settings(winhttp)),
        )
    })
    .subkey("ZoneMap", |k| {
        k.value("IEHarden", RegData::Dword(0))
            .subkey("Domains", |k| k)
            .subkey("EscDomains", |k| k)
            .subkey("ProtocolDefaults", |k| {
                k.value("@ivt", RegData::Dword(1))
                    .value("about", RegData::Dword(4))
                    .value("file", RegData::Dword(3))
                    .value("ftp", RegData::Dword(3))
                    .value("http", RegData::Dword(3))
                    .value("https", RegData::Dword(3))
                    .value("knownfolder", RegData::Dword(0))
                    .value("shell", RegData::Dword(0))
            })
            .subkey("Ranges", |k| k)
    })
}
