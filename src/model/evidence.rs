//! Small pieces of evidence: WinHTTP proxy, manifest, systeminfo, log records.

use chrono::{DateTime, FixedOffset};

use super::Spanned;

/// The machine's WinHTTP proxy (`netsh winhttp show proxy`).
#[derive(Debug, Clone, PartialEq)]
pub struct WinHttpProxy {
    /// `true` for "Direct access (no proxy server)"; the span covers that line or the server line.
    pub direct: Spanned<bool>,
    /// The proxy server(s), as written (`proxy:8080`, `http=h:p;https=h:p`).
    pub servers: Option<Spanned<String>>,
    /// The bypass list, as written; `None` for `(none)`.
    pub bypass: Option<Spanned<String>>,
}

/// The collector's `manifest.json`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Manifest {
    /// When the bundle was collected.
    pub collected_at: Option<Spanned<DateTime<FixedOffset>>>,
    /// The server's host name.
    pub host_name: Option<Spanned<String>>,
    /// The server's internal FQDN.
    pub host_fqdn: Option<Spanned<String>>,
    /// The external FQDN devices use to reach NDES.
    pub external_fqdn: Option<Spanned<String>>,
    /// The collector's name and version, as one string.
    pub collector: Option<Spanned<String>>,
    /// What the manifest says about individual files.
    pub files: Vec<ManifestFile>,
    /// Event channels the collector read and found without matching events (`skipped[]`).
    pub quiet_channels: Vec<QuietChannel>,
    /// The password of the bundle's PFX files (`pfx_password`), when the collector set one.
    pub pfx_password: Option<String>,
}

/// An event channel the collector queried and found quiet, so it wrote no file.
#[derive(Debug, Clone, PartialEq)]
pub struct QuietChannel {
    /// The file the collector would have written (`events/IntuneConnector.json`).
    pub step: String,
    /// The channel, spanned on the collector's note.
    pub channel: Spanned<String>,
}

/// One `files[]` entry of the manifest.
#[derive(Debug, Clone, PartialEq)]
pub struct ManifestFile {
    /// Bundle path of the file.
    pub path: String,
    /// The command that produced it.
    pub command: Option<Spanned<String>>,
    /// For certificate files: the store they were exported from (`LocalMachine\My`).
    pub store: Option<Spanned<String>>,
    /// For a PFX file: its password, when it differs from the bundle's `pfx_password`.
    pub password: Option<String>,
}

/// `systeminfo` output.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SystemInfo {
    /// `Host Name`.
    pub host_name: Option<Spanned<String>>,
    /// `Domain` (a workgroup name when not joined).
    pub domain: Option<Spanned<String>>,
    /// `OS Name`.
    pub os_name: Option<Spanned<String>>,
    /// `OS Version`.
    pub os_version: Option<Spanned<String>>,
    /// The OS build number (`17763`), when the export gives it apart from the version.
    pub os_build: Option<Spanned<String>>,
    /// `InstallationType` (`Server`, `Server Core`), from `Get-ComputerInfo`.
    pub installation_type: Option<Spanned<String>>,
    /// The domain role (`MemberServer`, `BackupDomainController`, ...), from `Get-ComputerInfo`.
    pub domain_role: Option<Spanned<String>>,
    /// When Windows last started (`System Boot Time`, `OsLastBootUpTime`).
    pub last_boot: Option<Spanned<DateTime<FixedOffset>>>,
    /// `last_boot` was written as local time and converted with the zone's standard offset,
    /// so it may be an hour late in daylight saving time; an exact reading is preferred.
    pub last_boot_from_local: bool,
}

/// One record of a text log.
#[derive(Debug, Clone, PartialEq)]
pub struct LogRecord {
    /// Bundle path of the log file.
    pub file: String,
    /// 1-based line the record starts on.
    pub line: usize,
    /// The record's time, when the line carries one that could be read.
    pub time: Option<Spanned<DateTime<FixedOffset>>>,
    /// The record's level (`error`, `warning`, `info`), when the format has one.
    pub level: Option<Spanned<String>>,
    /// The record's text; its span covers the line (for CMTrace, the text inside `LOG[...]`).
    pub message: Spanned<String>,
    /// For IIS W3C logs: the request the line records.
    pub request: Option<super::HttpRequest>,
}

/// What a text log is, as far as its content and name tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogKind {
    /// An IIS W3C log (`u_ex*.log`).
    Iis,
    /// An HTTP.sys error log (`httperr*.log`).
    HttpErr,
    /// The Intune policy module's `NDESPlugin.log`.
    NdesPlugin,
    /// A connector trace: the legacy connector's `.svclog` files and its log folder.
    Connector,
    /// A setup log: MSI (`SetupMSI.log`), the connector installer's Burn log.
    Installer,
    /// Any other text log.
    Text,
}

impl LogKind {
    /// The name rules see in `log_files[].kind`.
    pub fn name(self) -> &'static str {
        match self {
            LogKind::Iis => "iis",
            LogKind::HttpErr => "httperr",
            LogKind::NdesPlugin => "ndesplugin",
            LogKind::Connector => "connector",
            LogKind::Installer => "installer",
            LogKind::Text => "text",
        }
    }
}

/// One log file the bundle carries, whether or not it holds records.
#[derive(Debug, Clone, PartialEq)]
pub struct LogFile {
    /// Bundle path; the span points at the file's first line.
    pub file: Spanned<String>,
    /// What the log is (located at the file).
    pub kind: Spanned<String>,
    /// How many of `logs` were read from it (located at the file).
    pub records: Spanned<i64>,
}

/// One event-log export the bundle carries (one entry per channel it holds), even when empty.
#[derive(Debug, Clone, PartialEq)]
pub struct EventLog {
    /// Bundle path; the span points at the file's first line.
    pub file: Spanned<String>,
    /// The channel: from the records, else the manifest's command for the file, else its name.
    pub channel: Option<Spanned<String>>,
    /// How many of `events` were read from it for this channel (located at the file).
    pub events: Spanned<i64>,
}
