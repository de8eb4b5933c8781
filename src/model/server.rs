//! Evidence about the server beyond certificates, registry and services: IIS, HTTP.sys,
//! events, Windows features, groups, user rights, AD accounts, time service and probes.

use chrono::{DateTime, FixedOffset};

use super::Spanned;

/// A TLS binding of HTTP.sys (`netsh http show sslcert`).
#[derive(Debug, Clone, PartialEq)]
pub struct SslBinding {
    /// `IP:port` or `Hostname:port` (`0.0.0.0:443`, `ndes.contoso.com:443`).
    pub endpoint: Spanned<String>,
    /// The certificate's SHA-1 hash, upper-case hex.
    pub cert_hash: Spanned<String>,
    /// The owning application's GUID (IIS is `{4dc3e181-e14b-4a21-b022-59fc669b0914}`).
    pub app_id: Option<Spanned<String>>,
    /// The certificate store name (`MY`).
    pub store: Option<Spanned<String>>,
}

/// What `applicationHost.config` says.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct IisConfig {
    /// Web sites.
    pub sites: Vec<IisSite>,
    /// Application pools.
    pub app_pools: Vec<AppPool>,
    /// `requestFiltering/requestLimits`, server level and per `<location>`.
    pub request_limits: Vec<RequestLimits>,
}

/// One IIS site.
#[derive(Debug, Clone, PartialEq)]
pub struct IisSite {
    /// `name` (`Default Web Site`).
    pub name: Spanned<String>,
    /// `id`.
    pub id: Option<Spanned<i64>>,
    /// Its bindings.
    pub bindings: Vec<IisBinding>,
    /// Its applications (`/CertSrv/mscep`), with their pools.
    pub applications: Vec<IisApplication>,
}

/// One site binding.
#[derive(Debug, Clone, PartialEq)]
pub struct IisBinding {
    /// `http` or `https`.
    pub protocol: Spanned<String>,
    /// `bindingInformation` as written (`*:443:`).
    pub binding_information: Spanned<String>,
    /// The port from `bindingInformation`.
    pub port: Option<Spanned<i64>>,
    /// The host name from `bindingInformation` (empty = any).
    pub host: Option<Spanned<String>>,
    /// `certificateHash` (IIS 8+ writes it on the binding for SNI/CCS), upper-case hex.
    pub cert_hash: Option<Spanned<String>>,
    /// `certificateStoreName`.
    pub cert_store: Option<Spanned<String>>,
}

/// One IIS application.
#[derive(Debug, Clone, PartialEq)]
pub struct IisApplication {
    /// `path` (`/CertSrv/mscep`).
    pub path: Spanned<String>,
    /// `applicationPool`.
    pub app_pool: Option<Spanned<String>>,
}

/// One application pool.
#[derive(Debug, Clone, PartialEq)]
pub struct AppPool {
    /// `name` (`SCEP`).
    pub name: Spanned<String>,
    /// `processModel identityType` (`ApplicationPoolIdentity`, `SpecificUser`, ...).
    pub identity_type: Option<Spanned<String>>,
    /// `processModel userName` (never the password).
    pub user_name: Option<Spanned<String>>,
    /// `managedRuntimeVersion`.
    pub runtime: Option<Spanned<String>>,
    /// `autoStart`.
    pub auto_start: Option<Spanned<bool>>,
}

/// Request filtering limits for one location.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestLimits {
    /// The `<location path>` they apply to; empty for the server level.
    pub location: Spanned<String>,
    /// `maxUrl`.
    pub max_url: Option<Spanned<i64>>,
    /// `maxQueryString`.
    pub max_query_string: Option<Spanned<i64>>,
    /// `maxAllowedContentLength`.
    pub max_allowed_content_length: Option<Spanned<i64>>,
}

/// One event-log record.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Bundle path of the file it was read from.
    pub file: String,
    /// The log (`Microsoft-Intune-CertificateConnectors/Admin`, `Application`).
    pub channel: Option<Spanned<String>>,
    /// The provider (source).
    pub provider: Option<Spanned<String>>,
    /// The event id.
    pub id: Spanned<i64>,
    /// `Critical`, `Error`, `Warning`, `Information`, `Verbose`.
    pub level: Option<Spanned<String>>,
    /// When it was logged.
    pub time: Option<Spanned<DateTime<FixedOffset>>>,
    /// The rendered message, when the export has it.
    pub message: Option<Spanned<String>>,
    /// The whole record.
    pub record: Spanned<String>,
}

/// One Windows feature (`Get-WindowsFeature`).
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    /// `Name` (`ADCS-Device-Enrollment`).
    pub name: Spanned<String>,
    /// `DisplayName`.
    pub display_name: Option<Spanned<String>>,
    /// `Installed`.
    pub installed: Spanned<bool>,
}

/// A local group and its members (`net localgroup`).
#[derive(Debug, Clone, PartialEq)]
pub struct LocalGroup {
    /// The group name (`IIS_IUSRS`).
    pub name: Spanned<String>,
    /// Members as listed (`CONTOSO\svc-ndes`, `NT AUTHORITY\IUSR`).
    pub members: Vec<Spanned<String>>,
}

/// One user right and who holds it (`secedit /export /areas USER_RIGHTS`).
#[derive(Debug, Clone, PartialEq)]
pub struct UserRight {
    /// The privilege (`SeImpersonatePrivilege`).
    pub privilege: Spanned<String>,
    /// Holders as written: SIDs without the `*` (`S-1-5-32-568`) or names.
    pub holders: Vec<Spanned<String>>,
}

/// An Active Directory account (`Get-ADUser` / `setspn -L`).
#[derive(Debug, Clone, PartialEq)]
pub struct AdAccount {
    /// `SamAccountName`.
    pub sam_account_name: Spanned<String>,
    /// `UserPrincipalName`.
    pub user_principal_name: Option<Spanned<String>>,
    /// `Enabled`.
    pub enabled: Option<Spanned<bool>>,
    /// `LockedOut`.
    pub locked_out: Option<Spanned<bool>>,
    /// `PasswordExpired`.
    pub password_expired: Option<Spanned<bool>>,
    /// `PasswordNeverExpires`.
    pub password_never_expires: Option<Spanned<bool>>,
    /// `AccountExpirationDate`.
    pub account_expires: Option<Spanned<DateTime<FixedOffset>>>,
    /// `PasswordLastSet`.
    pub password_last_set: Option<Spanned<DateTime<FixedOffset>>>,
    /// `SID` (`S-1-5-21-…`), upper-case, as secedit lists rights holders.
    pub sid: Option<Spanned<String>>,
    /// Service principal names (`servicePrincipalName`, or `setspn -L`).
    pub spns: Vec<Spanned<String>>,
}

/// The time service's status (`w32tm /query /status`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TimeStatus {
    /// `Source` (`DC01.contoso.com`, `Local CMOS Clock`).
    pub source: Option<Spanned<String>>,
    /// `Stratum`.
    pub stratum: Option<Spanned<i64>>,
    /// `Last Successful Sync Time`, when it could be read.
    pub last_sync: Option<Spanned<DateTime<FixedOffset>>>,
    /// `Leap Indicator` as written (`0(no warning)`, `3(not synchronized)`).
    pub leap_indicator: Option<Spanned<String>>,
}

/// One probe the collector ran on the server (`probes.json`).
#[derive(Debug, Clone, PartialEq)]
pub struct Probe {
    /// What was probed: `http`, `tcp`, `crl` (a CRL download) or `crl-not-probed`.
    pub kind: Spanned<String>,
    /// The URL or `host:port`.
    pub target: Spanned<String>,
    /// Whether it ran as SYSTEM.
    pub as_system: Option<Spanned<bool>>,
    /// Whether it succeeded (connected; HTTP: got any response; CRL: downloaded a CRL).
    pub ok: Spanned<bool>,
    /// The HTTP status code.
    pub status: Option<Spanned<i64>>,
    /// Error text or a response snippet.
    pub detail: Option<Spanned<String>>,
}

/// A decoded WinINET/WinHTTP proxy blob (`DefaultConnectionSettings`, `WinHttpSettings`);
/// every field spans the hex bytes it was decoded from.
#[derive(Debug, Clone, PartialEq)]
pub struct ProxyBlob {
    /// Canonical path of the key holding the value.
    pub key: String,
    /// The value's name.
    pub value_name: String,
    /// The structure version (`0x46` WinINET, `0x18`/`0x28` WinHTTP).
    pub version: Option<Spanned<i64>>,
    /// Flags: 1 direct, 2 proxy, 4 auto-config URL, 8 auto-detect.
    pub flags: Spanned<i64>,
    /// The proxy server string.
    pub proxy: Option<Spanned<String>>,
    /// The bypass list.
    pub bypass: Option<Spanned<String>>,
    /// The auto-config (PAC) URL.
    pub autoconfig_url: Option<Spanned<String>>,
}

/// One HTTP request of an IIS W3C log line.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpRequest {
    /// `cs-method`.
    pub method: Option<Spanned<String>>,
    /// `cs-uri-stem`.
    pub uri_stem: Option<Spanned<String>>,
    /// `cs-uri-query`.
    pub uri_query: Option<Spanned<String>>,
    /// `sc-status`.
    pub status: Option<Spanned<i64>>,
    /// `sc-substatus`.
    pub substatus: Option<Spanned<i64>>,
    /// `sc-win32-status`.
    pub win32_status: Option<Spanned<i64>>,
}
