//! From decoded sources to evidence: one module per real export format.
//!
//! A file's format is found by *content sniffing first, name second* (customers rename
//! files). Every file ends as exactly one [`Outcome`]: parsed (by which parser),
//! unrecognized, or unreadable (why). Nothing is dropped silently.

pub mod cert;
mod json;
pub mod manifest;
pub mod reg;
pub mod services;
pub mod systeminfo;
pub mod textlog;
pub mod winhttp;

use crate::model::{Certificate, LogRecord, Manifest, RegKey, Service, SystemInfo, WinHttpProxy};
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
    /// Log records.
    Log(Vec<LogRecord>),
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
pub fn parse_source(source: &Source, views: &mut ViewSink<'_>) -> Outcome {
    let Some(format) = sniff(source) else {
        return Outcome::Unrecognized;
    };
    let result = match format {
        Format::RegV5 | Format::Regedit4 => reg::parse(source).map(Evidence::Registry),
        Format::NetshWinhttpProxy => winhttp::parse(source).map(Evidence::WinHttpProxy),
        Format::GetServiceJson => services::parse(source).map(Evidence::Services),
        Format::X509Der => cert::parse_der(source, views).map(Evidence::Certificates),
        Format::X509Pem => cert::parse_pem(source, views).map(Evidence::Certificates),
        Format::Manifest => manifest::parse(source).map(Evidence::Manifest),
        Format::Systeminfo => systeminfo::parse(source).map(Evidence::SystemInfo),
        Format::TextLog => textlog::parse(source).map(Evidence::Log),
    };
    match result {
        Ok(evidence) => Outcome::Parsed {
            format,
            evidence: Box::new(evidence),
        },
        Err(error) => Outcome::Unreadable { format, error },
    }
}

/// Finds a source's format from its content, then (for ambiguous text) its name.
pub fn sniff(source: &Source) -> Option<Format> {
    if let Some(bytes) = &source.bytes {
        return cert::sniff_der(bytes).then_some(Format::X509Der);
    }
    let text = source.text.as_str();
    if let Some(format) = reg::sniff(text) {
        return Some(format);
    }
    if winhttp::sniff(text) {
        return Some(Format::NetshWinhttpProxy);
    }
    if systeminfo::sniff(text) {
        return Some(Format::Systeminfo);
    }
    if cert::sniff_pem(text) {
        return Some(Format::X509Pem);
    }
    if manifest::sniff(text) {
        return Some(Format::Manifest);
    }
    if services::sniff(text) {
        return Some(Format::GetServiceJson);
    }
    if textlog::sniff(&source.path, text) {
        return Some(Format::TextLog);
    }
    None
}
