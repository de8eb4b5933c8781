//! The snapshot: everything the rules can see about one server, built from the evidence of
//! every parsed file.

use chrono::{DateTime, FixedOffset};

use super::{
    AdAccount, Certificate, Event, EventLog, Feature, IisConfig, LocalGroup, LogFile, LogRecord,
    Probe, ProxyBlob, RegKey, Service, Spanned, SslBinding, TimeStatus, UserRight, WinHttpProxy,
};

/// The whole server as the rules see it.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// Facts about the server and the bundle.
    pub meta: Meta,
    /// Every certificate found anywhere in the bundle.
    pub certificates: Vec<Certificate>,
    /// Registry keys, merged across files (case-insensitive paths).
    pub registry: Vec<RegKey>,
    /// The proxy settings that matter to the connector.
    pub proxy: ProxyView,
    /// Windows services.
    pub services: Vec<Service>,
    /// Records of every text log.
    pub logs: Vec<LogRecord>,
    /// Event-log records from every export.
    pub events: Vec<Event>,
    /// Every log file, with what it is and how many records it gave (even none).
    pub log_files: Vec<LogFile>,
    /// Every event export, per channel, with how many events it gave (even none).
    pub event_logs: Vec<EventLog>,
    /// IIS configuration (merged when several files carry it).
    pub iis: IisConfig,
    /// HTTP.sys TLS bindings.
    pub http_sslcert: Vec<SslBinding>,
    /// Windows features.
    pub features: Vec<Feature>,
    /// Local groups and their members.
    pub local_groups: Vec<LocalGroup>,
    /// User rights assignments.
    pub user_rights: Vec<UserRight>,
    /// Active Directory accounts (merged by `SamAccountName`).
    pub ad_accounts: Vec<AdAccount>,
    /// The time service's status, when collected.
    pub time_service: Option<TimeStatus>,
    /// The collector's probes.
    pub probes: Vec<Probe>,
}

/// Where the collection time came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimeSource {
    /// The manifest's `collected_at`.
    Manifest,
    /// The newest modification time of the bundle's entries.
    NewestEntry,
    /// The clock of the machine running scepter (nothing else was known).
    #[default]
    Now,
    /// `--as-of` on the command line.
    AsOf,
}

impl TimeSource {
    /// Words for reports.
    pub fn describe(self) -> &'static str {
        match self {
            TimeSource::Manifest => "from manifest.json",
            TimeSource::NewestEntry => "assumed: the newest file time in the bundle",
            TimeSource::Now => "assumed: now (the bundle does not say when it was taken)",
            TimeSource::AsOf => "set with --as-of",
        }
    }
}

/// Facts about the server and the bundle itself.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    /// Host short name.
    pub hostname: Option<Spanned<String>>,
    /// Internal FQDN (manifest, else systeminfo host name + domain).
    pub fqdn: Option<Spanned<String>>,
    /// External FQDN devices use (manifest only).
    pub external_fqdn: Option<Spanned<String>>,
    /// When the bundle was taken.
    pub collected_at: Spanned<DateTime<FixedOffset>>,
    /// Where `collected_at` came from.
    pub collected_at_source: TimeSource,
    /// OS name (systeminfo).
    pub os_name: Option<Spanned<String>>,
    /// OS version (systeminfo).
    pub os_version: Option<Spanned<String>>,
    /// OS build number.
    pub os_build: Option<Spanned<String>>,
    /// `Server` or `Server Core`.
    pub installation_type: Option<Spanned<String>>,
    /// The machine's domain role (`MemberServer`, ...).
    pub domain_role: Option<Spanned<String>>,
    /// The Active Directory domain the machine belongs to (or its workgroup), as Windows says.
    pub domain: Option<Spanned<String>>,
    /// When Windows last started.
    pub last_boot: Option<Spanned<DateTime<FixedOffset>>>,
    /// The collector that made the bundle, if the manifest says.
    pub collector: Option<Spanned<String>>,
}

impl Default for Spanned<DateTime<FixedOffset>> {
    fn default() -> Self {
        Spanned::unlocated(DateTime::<FixedOffset>::default())
    }
}

/// Proxy settings seen from the connector's side.
#[derive(Debug, Clone, Default)]
pub struct ProxyView {
    /// The machine's WinHTTP proxy, when the bundle has it.
    pub winhttp: Option<WinHttpProxy>,
    /// Every account's WinINET ("Internet Options") proxy found in the registry.
    pub users: Vec<UserProxy>,
    /// The machine's WinHTTP proxy as the registry stores it (`WinHttpSettings`), decoded.
    pub winhttp_registry: Option<ProxyBlob>,
}

/// One account's WinINET proxy settings (`...\Internet Settings`).
#[derive(Debug, Clone)]
pub struct UserProxy {
    /// The SID (`S-1-5-18`), `.DEFAULT`, or `HKCU`.
    pub sid: String,
    /// The account's well-known name where the SID says it (`SYSTEM`).
    pub account: String,
    /// LocalSystem's settings (`S-1-5-18` or `.DEFAULT`).
    pub is_system: bool,
    /// The `Internet Settings` key (its header line).
    pub key: Spanned<String>,
    /// `ProxyEnable` = 1; located at the value (or the key, when the value is absent).
    pub enabled: Spanned<bool>,
    /// `ProxyServer`.
    pub server: Option<Spanned<String>>,
    /// `ProxyOverride` (bypass list).
    pub bypass: Option<Spanned<String>>,
    /// `AutoConfigURL`.
    pub autoconfig_url: Option<Spanned<String>>,
    /// The decoded `Connections\DefaultConnectionSettings`, which Windows treats as the truth
    /// when it disagrees with the values above.
    pub connection: Option<ProxyBlob>,
}
