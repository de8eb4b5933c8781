//! From decoded sources to evidence: one module per real export format.
//!
//! A file's format is found by *content sniffing first, name second* (customers rename
//! files). Every file ends as exactly one [`Outcome`]: parsed (by which parser),
//! unrecognized, or unreadable (why). Nothing is dropped silently.

pub mod aduser;
pub mod cert;
pub mod certjson;
pub mod certutil;
pub mod computerinfo;
pub mod evtx;
pub mod features;
pub mod iis;
mod json;
pub mod localgroup;
pub mod manifest;
pub mod pkcs;
pub mod probes;
pub mod reg;
pub mod regquery;
pub mod sc;
pub mod secedit;
pub mod servicecsv;
pub mod services;
pub mod setspn;
pub mod sslcert;
pub mod svclog;
pub mod systeminfo;
pub mod textlog;
pub mod w32tm;
pub mod w3c;
pub mod wevtutil;
pub mod win32service;
pub mod winevent;
pub mod winhttp;

use crate::model::{
    AdAccount, Certificate, Event, Feature, IisConfig, LocalGroup, LogKind, LogRecord, Manifest,
    Probe, RegKey, Service, SslBinding, SystemInfo, TimeStatus, UserRight, WinHttpProxy,
};
use crate::source::{Source, Span, ViewSink};

/// The export formats scepter reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// `reg export` / regedit, version 5 (`Windows Registry Editor Version 5.00`).
    RegV5,
    /// `REGEDIT4` export.
    Regedit4,
    /// `netsh winhttp show proxy`.
    NetshWinhttpProxy,
    /// `Get-Service | ConvertTo-Json`.
    GetServiceJson,
    /// A DER-encoded X.509 certificate.
    X509Der,
    /// PEM (or bare Base64) X.509 certificates.
    X509Pem,
    /// The collector's `manifest.json`.
    Manifest,
    /// `systeminfo` text.
    Systeminfo,
    /// A plain text log.
    TextLog,
    /// `reg query … /s` text.
    RegQuery,
    /// `netsh http show sslcert`.
    NetshHttpSslcert,
    /// `net localgroup <group>`.
    NetLocalgroup,
    /// `secedit /export /areas USER_RIGHTS`.
    SeceditRights,
    /// `setspn -L <account>`.
    SetspnList,
    /// `w32tm /query /status`.
    W32tmStatus,
    /// The collector's `probes.json`.
    ProbesJson,
    /// `certutil -store [-v]` or `certutil -dump`.
    Certutil,
    /// `Get-ChildItem Cert:\… | ConvertTo-Json`.
    CertProviderJson,
    /// PKCS#7 (`.p7b`), DER or PEM.
    Pkcs7,
    /// PFX / PKCS#12.
    Pkcs12,
    /// `Get-CimInstance Win32_Service | ConvertTo-Json`.
    Win32ServiceJson,
    /// `sc.exe query` / `sc.exe qc`.
    ScText,
    /// `Get-Service | Export-Csv`.
    ServicesCsv,
    /// `Get-ComputerInfo | ConvertTo-Json`.
    ComputerInfoJson,
    /// `Get-WindowsFeature | ConvertTo-Json`.
    WindowsFeatureJson,
    /// `Get-ADUser … | ConvertTo-Json`.
    AdUserJson,
    /// IIS `applicationHost.config`.
    ApplicationHostConfig,
    /// `Get-WinEvent … | ConvertTo-Json`.
    WinEventJson,
    /// `wevtutil qe … /f:text`.
    WevtutilText,
    /// A native `.evtx` event log.
    Evtx,
    /// The legacy connector's `.svclog` XML traces.
    Svclog,
    /// IIS W3C logs.
    IisW3cLog,
}

impl Format {
    /// A short, stable name for reports.
    pub fn name(self) -> &'static str {
        match self {
            Format::RegV5 => "reg-v5",
            Format::Regedit4 => "regedit4",
            Format::NetshWinhttpProxy => "netsh-winhttp-proxy",
            Format::GetServiceJson => "get-service-json",
            Format::X509Der => "x509-der",
            Format::X509Pem => "x509-pem",
            Format::Manifest => "manifest",
            Format::Systeminfo => "systeminfo",
            Format::TextLog => "text-log",
            Format::RegQuery => "reg-query",
            Format::NetshHttpSslcert => "netsh-http-sslcert",
            Format::NetLocalgroup => "net-localgroup",
            Format::SeceditRights => "secedit-user-rights",
            Format::SetspnList => "setspn-list",
            Format::W32tmStatus => "w32tm-status",
            Format::ProbesJson => "probes-json",
            Format::Certutil => "certutil",
            Format::CertProviderJson => "cert-provider-json",
            Format::Pkcs7 => "pkcs7",
            Format::Pkcs12 => "pkcs12",
            Format::Win32ServiceJson => "win32-service-json",
            Format::ScText => "sc-text",
            Format::ServicesCsv => "services-csv",
            Format::ComputerInfoJson => "computer-info-json",
            Format::WindowsFeatureJson => "windows-feature-json",
            Format::AdUserJson => "ad-user-json",
            Format::ApplicationHostConfig => "applicationhost-config",
            Format::WinEventJson => "get-winevent-json",
            Format::WevtutilText => "wevtutil-text",
            Format::Evtx => "evtx",
            Format::Svclog => "svclog",
            Format::IisW3cLog => "iis-w3c-log",
        }
    }
}

/// What a parser read from one file.
#[derive(Debug, Clone, PartialEq)]
pub enum Evidence {
    /// Registry keys.
    Registry(Vec<RegKey>),
    /// The WinHTTP proxy.
    WinHttpProxy(WinHttpProxy),
    /// Services.
    Services(Vec<Service>),
    /// Certificates.
    Certificates(Vec<Certificate>),
    /// The manifest.
    Manifest(Manifest),
    /// systeminfo.
    SystemInfo(SystemInfo),
    /// A log file: what it is, and its records.
    Log(LogKind, Vec<LogRecord>),
    /// HTTP.sys TLS bindings.
    SslBindings(Vec<SslBinding>),
    /// IIS configuration.
    Iis(IisConfig),
    /// Event-log records.
    Events(Vec<Event>),
    /// Windows features.
    Features(Vec<Feature>),
    /// A local group.
    LocalGroup(LocalGroup),
    /// User rights assignments.
    UserRights(Vec<UserRight>),
    /// Active Directory accounts.
    AdAccounts(Vec<AdAccount>),
    /// The time service's status.
    TimeStatus(TimeStatus),
    /// The collector's probes.
    Probes(Vec<Probe>),
}

/// What parsers may need besides the file itself.
#[derive(Debug, Clone, Default)]
pub struct ParseContext {
    /// Passwords to try on PFX files, in order (the empty password is always tried last).
    pub pfx_passwords: Vec<String>,
    /// The manifest's command for each file it lists: `(bundle path, command)`.
    pub commands: Vec<(String, String)>,
}

/// Why a parser rejected a file it recognized.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{reason}")]
pub struct ParseError {
    /// What is wrong, in words a support engineer understands.
    pub reason: String,
    /// Where in the file, when known.
    pub span: Option<Span>,
}

impl ParseError {
    /// An error at `span`.
    pub fn at(reason: impl Into<String>, span: Span) -> Self {
        ParseError {
            reason: reason.into(),
            span: Some(span),
        }
    }

    /// An error about the whole file.
    pub fn whole_file(reason: impl Into<String>) -> Self {
        ParseError {
            reason: reason.into(),
            span: None,
        }
    }
}

/// How one file ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A parser claimed and read the file.
    Parsed {
        /// Which format it was.
        format: Format,
        /// What it says (boxed: evidence is large, the other outcomes are small).
        evidence: Box<Evidence>,
    },
    /// No parser recognized the file.
    Unrecognized,
    /// A parser recognized the file but could not read it.
    Unreadable {
        /// The format it looked like.
        format: Format,
        /// Why it could not be read.
        error: ParseError,
    },
}

/// Sniffs a source's format and parses it.
pub fn parse_source(source: &Source, views: &mut ViewSink<'_>, context: &ParseContext) -> Outcome {
    let Some(format) = sniff(source).or_else(|| empty_event_export(source, context)) else {
        return Outcome::Unrecognized;
    };
    match parse_as(format, source, views, context) {
        Ok(evidence) => Outcome::Parsed {
            format,
            evidence: Box::new(evidence),
        },
        Err(error) => Outcome::Unreadable { format, error },
    }
}

fn parse_as(
    format: Format,
    source: &Source,
    views: &mut ViewSink<'_>,
    context: &ParseContext,
) -> Result<Evidence, ParseError> {
    Ok(match format {
        Format::RegV5 | Format::Regedit4 => Evidence::Registry(reg::parse(source)?),
        Format::RegQuery => Evidence::Registry(regquery::parse(source)?),
        Format::NetshWinhttpProxy => Evidence::WinHttpProxy(winhttp::parse(source)?),
        Format::GetServiceJson => Evidence::Services(services::parse(source)?),
        Format::Win32ServiceJson => Evidence::Services(win32service::parse(source)?),
        Format::ScText => Evidence::Services(sc::parse(source)?),
        Format::ServicesCsv => Evidence::Services(servicecsv::parse(source)?),
        Format::X509Der => Evidence::Certificates(cert::parse_der(source, views)?),
        Format::X509Pem => Evidence::Certificates(cert::parse_pem(source, views)?),
        Format::Certutil => Evidence::Certificates(certutil::parse(source)?),
        Format::CertProviderJson => Evidence::Certificates(certjson::parse(source)?),
        Format::Pkcs7 => Evidence::Certificates(pkcs::parse_pkcs7(source, views)?),
        Format::Pkcs12 => Evidence::Certificates(pkcs::parse_pkcs12(source, views, context)?),
        Format::Manifest => Evidence::Manifest(manifest::parse(source)?),
        Format::Systeminfo => Evidence::SystemInfo(systeminfo::parse(source)?),
        Format::ComputerInfoJson => Evidence::SystemInfo(computerinfo::parse(source)?),
        Format::TextLog => Evidence::Log(
            textlog::kind(&source.path, &source.text),
            textlog::parse(source)?,
        ),
        Format::Svclog => Evidence::Log(LogKind::Connector, svclog::parse(source)?),
        Format::IisW3cLog => Evidence::Log(LogKind::Iis, w3c::parse(source)?),
        Format::NetshHttpSslcert => Evidence::SslBindings(sslcert::parse(source)?),
        Format::ApplicationHostConfig => Evidence::Iis(iis::parse(source)?),
        Format::WinEventJson => Evidence::Events(winevent::parse(source)?),
        Format::WevtutilText => Evidence::Events(wevtutil::parse(source)?),
        Format::Evtx => Evidence::Events(evtx::parse(source, views)?),
        Format::WindowsFeatureJson => Evidence::Features(features::parse(source)?),
        Format::NetLocalgroup => Evidence::LocalGroup(localgroup::parse(source)?),
        Format::SeceditRights => Evidence::UserRights(secedit::parse(source)?),
        Format::AdUserJson => Evidence::AdAccounts(aduser::parse(source)?),
        Format::SetspnList => Evidence::AdAccounts(vec![setspn::parse(source)?]),
        Format::W32tmStatus => Evidence::TimeStatus(w32tm::parse(source)?),
        Format::ProbesJson => Evidence::Probes(probes::parse(source)?),
    })
}

/// An event export with no events (`Get-WinEvent` of an empty channel writes nothing, or
/// `[]`): content cannot tell what it is, so the manifest's command for the file decides, and
/// without a manifest a `.json` file in an `events` folder (the collector's layout) is taken
/// for a `Get-WinEvent` export. Collected-but-empty is a healthy sign, not a missing file.
fn empty_event_export(source: &Source, context: &ParseContext) -> Option<Format> {
    if source.bytes.is_some() {
        return None;
    }
    let compact: String = source.text.split_whitespace().collect();
    if !(compact.is_empty() || compact == "[]") {
        return None;
    }
    let command = context
        .commands
        .iter()
        .find(|(path, _)| path.eq_ignore_ascii_case(&source.path))
        .map(|(_, command)| command.trim_start().to_ascii_lowercase());
    match command {
        Some(c) if c.starts_with("get-winevent") => Some(Format::WinEventJson),
        Some(c) if compact.is_empty() && c.contains("wevtutil") && c.contains(" qe ") => {
            Some(Format::WevtutilText)
        }
        Some(_) => None,
        None => {
            let lower = source.path.to_ascii_lowercase();
            let mut segments = lower.rsplit('/');
            let name = segments.next().unwrap_or_default();
            let folder = segments.next().unwrap_or_default();
            (folder == "events" && name.ends_with(".json")).then_some(Format::WinEventJson)
        }
    }
}

/// A content check for one text format.
type TextSniffer = fn(&str) -> bool;

/// Finds a source's format from its content; a file's name is consulted only for formats
/// whose content cannot tell (plain text logs).
pub fn sniff(source: &Source) -> Option<Format> {
    if let Some(bytes) = &source.bytes {
        return sniff_binary(bytes);
    }
    let text = source.text.as_str();
    // Most specific signatures first; the plain-text-log fallback last.
    let checks: [(TextSniffer, Format); 27] = [
        (|t| reg::sniff(t) == Some(Format::RegV5), Format::RegV5),
        (
            |t| reg::sniff(t) == Some(Format::Regedit4),
            Format::Regedit4,
        ),
        (regquery::sniff, Format::RegQuery),
        (winhttp::sniff, Format::NetshWinhttpProxy),
        (sslcert::sniff, Format::NetshHttpSslcert),
        (systeminfo::sniff, Format::Systeminfo),
        (localgroup::sniff, Format::NetLocalgroup),
        (secedit::sniff, Format::SeceditRights),
        (setspn::sniff, Format::SetspnList),
        (w32tm::sniff, Format::W32tmStatus),
        (sc::sniff, Format::ScText),
        (servicecsv::sniff, Format::ServicesCsv),
        (certutil::sniff, Format::Certutil),
        (pkcs::sniff_pkcs7_pem, Format::Pkcs7),
        (cert::sniff_pem, Format::X509Pem),
        (wevtutil::sniff, Format::WevtutilText),
        (iis::sniff, Format::ApplicationHostConfig),
        (svclog::sniff, Format::Svclog),
        (w3c::sniff, Format::IisW3cLog),
        (manifest::sniff, Format::Manifest),
        (probes::sniff, Format::ProbesJson),
        (services::sniff, Format::GetServiceJson),
        (win32service::sniff, Format::Win32ServiceJson),
        (certjson::sniff, Format::CertProviderJson),
        (winevent::sniff, Format::WinEventJson),
        (computerinfo::sniff, Format::ComputerInfoJson),
        (features::sniff, Format::WindowsFeatureJson),
    ];
    if let Some((_, format)) = checks.iter().find(|(check, _)| check(text)) {
        return Some(*format);
    }
    if aduser::sniff(text) {
        return Some(Format::AdUserJson);
    }
    textlog::sniff(&source.path, text).then_some(Format::TextLog)
}

fn sniff_binary(bytes: &[u8]) -> Option<Format> {
    if cert::sniff_der(bytes) {
        Some(Format::X509Der)
    } else if pkcs::sniff_pkcs7(bytes) {
        Some(Format::Pkcs7)
    } else if pkcs::sniff_pkcs12(bytes) {
        Some(Format::Pkcs12)
    } else if evtx::sniff(bytes) {
        Some(Format::Evtx)
    } else {
        None
    }
}
