//! The snapshot as a tree of located facts: what rules evaluate and `scepter facts` prints.
//!
//! Every node keeps the span it was read from, so a rule's label can name any field and the
//! engine can underline where that field came from.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, Utc};

use super::snapshot::{Meta, ProxyView, Snapshot, UserProxy};
use super::{
    AdAccount, AppPool, Certificate, Event, EventLog, Feature, HttpRequest, IisBinding, IisConfig,
    IisSite, LocalGroup, LogFile, LogRecord, Probe, ProxyBlob, RegData, RegKey, RegValue,
    RequestLimits, Service, Spanned, SslBinding, TimeStatus, UserRight, WinHttpProxy,
};
use crate::source::Span;

/// One fact: a value and where it was read.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub fact: Fact,
    /// Where it was read (`None` for derived or absent values).
    pub span: Option<Span>,
}

/// A fact's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Fact {
    /// Absent.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A string.
    Str(String),
    /// A point in time.
    Time(DateTime<FixedOffset>),
    /// A list.
    List(Vec<Node>),
    /// A record: a map with a fixed set of field names.
    Map(BTreeMap<String, Node>),
    /// A dictionary: a map whose keys are data (registry key paths, value names).
    Dict(BTreeMap<String, Node>),
}

impl Node {
    /// A node without a location.
    pub fn unlocated(fact: Fact) -> Node {
        Node { fact, span: None }
    }

    /// The child `key` of a map node.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.fact {
            Fact::Map(map) | Fact::Dict(map) => map.get(key),
            _ => None,
        }
    }
}

/// Anything that can become a fact node.
pub trait ToFact {
    /// The value as a node.
    fn to_fact(&self) -> Node;
}

impl ToFact for String {
    fn to_fact(&self) -> Node {
        Node::unlocated(Fact::Str(self.clone()))
    }
}

impl ToFact for bool {
    fn to_fact(&self) -> Node {
        Node::unlocated(Fact::Bool(*self))
    }
}

impl ToFact for i64 {
    fn to_fact(&self) -> Node {
        Node::unlocated(Fact::Int(*self))
    }
}

impl ToFact for DateTime<FixedOffset> {
    fn to_fact(&self) -> Node {
        Node::unlocated(Fact::Time(*self))
    }
}

impl ToFact for DateTime<Utc> {
    fn to_fact(&self) -> Node {
        Node::unlocated(Fact::Time(self.fixed_offset()))
    }
}

impl<T: ToFact> ToFact for Spanned<T> {
    fn to_fact(&self) -> Node {
        Node {
            span: self.span,
            ..self.value.to_fact()
        }
    }
}

impl<T: ToFact> ToFact for Option<T> {
    fn to_fact(&self) -> Node {
        self.as_ref()
            .map_or(Node::unlocated(Fact::Null), ToFact::to_fact)
    }
}

impl<T: ToFact> ToFact for Vec<T> {
    fn to_fact(&self) -> Node {
        let items: Vec<Node> = self.iter().map(ToFact::to_fact).collect();
        // A list is shown where its elements are, when they sit together in one source.
        let span = match (
            items.first().and_then(|n| n.span),
            items.last().and_then(|n| n.span),
        ) {
            (Some(first), Some(last)) if first.source == last.source => Some(first.to(last)),
            _ => None,
        };
        Node {
            fact: Fact::List(items),
            span,
        }
    }
}

/// Builds a map node from `(key, node)` pairs.
fn map<const N: usize>(entries: [(&str, Node); N]) -> Node {
    Node::unlocated(Fact::Map(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    ))
}

/// The whole snapshot as a fact tree; its top-level keys are the rules' variables.
pub fn snapshot_facts(snapshot: &Snapshot) -> Node {
    map([
        ("meta", meta(&snapshot.meta)),
        ("certificates", list(&snapshot.certificates, certificate)),
        ("registry", registry(&snapshot.registry)),
        ("proxy", proxy(&snapshot.proxy)),
        ("services", list(&snapshot.services, service)),
        ("logs", list(&snapshot.logs, log_record)),
        ("log_files", list(&snapshot.log_files, log_file)),
        ("events", list(&snapshot.events, event)),
        ("event_logs", list(&snapshot.event_logs, event_log)),
        ("iis", iis(&snapshot.iis)),
        ("http_sslcert", list(&snapshot.http_sslcert, ssl_binding)),
        ("features", list(&snapshot.features, feature)),
        ("local_groups", list(&snapshot.local_groups, local_group)),
        ("user_rights", list(&snapshot.user_rights, user_right)),
        ("ad_accounts", list(&snapshot.ad_accounts, ad_account)),
        (
            "time_service",
            snapshot.time_service.as_ref().map_or(null(), time_status),
        ),
        ("probes", list(&snapshot.probes, probe)),
    ])
}

fn null() -> Node {
    Node::unlocated(Fact::Null)
}

/// A record node shown where `span` is.
fn record<const N: usize>(span: Option<Span>, entries: [(&str, Node); N]) -> Node {
    Node {
        span,
        ..map(entries)
    }
}

fn list<T>(items: &[T], f: impl Fn(&T) -> Node) -> Node {
    Node::unlocated(Fact::List(items.iter().map(f).collect()))
}

fn meta(meta: &Meta) -> Node {
    map([
        ("hostname", meta.hostname.to_fact()),
        ("fqdn", meta.fqdn.to_fact()),
        ("external_fqdn", meta.external_fqdn.to_fact()),
        ("collected_at", meta.collected_at.to_fact()),
        (
            "collected_at_source",
            meta.collected_at_source.describe().to_string().to_fact(),
        ),
        ("os_name", meta.os_name.to_fact()),
        ("os_version", meta.os_version.to_fact()),
        ("os_build", meta.os_build.to_fact()),
        ("installation_type", meta.installation_type.to_fact()),
        ("domain_role", meta.domain_role.to_fact()),
        ("domain", meta.domain.to_fact()),
        ("last_boot", meta.last_boot.to_fact()),
        ("collector", meta.collector.to_fact()),
    ])
}

/// Friendly snake_case names of the extended key usages rules ask about.
pub fn eku_name(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "1.3.6.1.5.5.7.3.1" => "server_auth",
        "1.3.6.1.5.5.7.3.2" => "client_auth",
        "1.3.6.1.5.5.7.3.3" => "code_signing",
        "1.3.6.1.5.5.7.3.4" => "email_protection",
        "1.3.6.1.5.5.7.3.8" => "time_stamping",
        "1.3.6.1.5.5.7.3.9" => "ocsp_signing",
        "1.3.6.1.4.1.311.20.2.1" => "certificate_request_agent",
        "1.3.6.1.4.1.311.20.2.2" => "smartcard_logon",
        "2.5.29.37.0" => "any",
        _ => return None,
    })
}

fn certificate(cert: &Certificate) -> Node {
    let eku_names: Vec<Spanned<String>> = cert
        .eku
        .iter()
        .filter_map(|e| {
            eku_name(&e.value).map(|n| Spanned {
                value: n.to_string(),
                span: e.span,
            })
        })
        .collect();
    let node = map([
        ("source", cert.file.to_fact()),
        ("subject", cert.subject.to_fact()),
        ("subject_cn", cert.subject_cn.to_fact()),
        ("issuer", cert.issuer.to_fact()),
        ("serial", cert.serial.to_fact()),
        ("thumbprint", cert.thumbprint.to_fact()),
        ("not_before", cert.not_before.to_fact()),
        ("not_after", cert.not_after.to_fact()),
        ("san_dns", cert.san_dns.to_fact()),
        ("san_ip", cert.san_ip.to_fact()),
        ("eku", cert.eku.to_fact()),
        ("eku_names", eku_names.to_fact()),
        ("crl_urls", cert.crl_urls.to_fact()),
        ("aia_urls", cert.aia_urls.to_fact()),
        ("ocsp_urls", cert.ocsp_urls.to_fact()),
        ("key_usage", cert.key_usage.to_fact()),
        ("key_algorithm", cert.key_algorithm.to_fact()),
        ("key_bits", cert.key_bits.to_fact()),
        ("signature_algorithm", cert.signature_algorithm.to_fact()),
        ("template", cert.template.to_fact()),
        ("is_ca", cert.is_ca.to_fact()),
        ("self_signed", cert.self_signed.to_fact()),
        ("store", cert.store.to_fact()),
        ("has_private_key", cert.has_private_key.to_fact()),
        ("key_provider", cert.key_provider.to_fact()),
    ]);
    // A certificate as a whole is shown where its subject is.
    Node {
        span: cert.subject.span,
        ..node
    }
}

/// `registry` is a map from canonical key path to `{path, deleted, values}`, and `values`
/// a map from value name (`@` for the default value) to `{name, type, data}`.
fn registry(keys: &[RegKey]) -> Node {
    let entries = keys
        .iter()
        .map(|key| {
            let values = key
                .values
                .iter()
                .map(|v| (value_name(v), reg_value(v)))
                .collect();
            let node = Node {
                span: key.path.span,
                ..map([
                    ("path", key.path.to_fact()),
                    ("deleted", key.deleted.to_fact()),
                    (
                        "values",
                        Node {
                            span: key.path.span,
                            fact: Fact::Dict(values),
                        },
                    ),
                ])
            };
            (key.path.value.clone(), node)
        })
        .collect();
    Node::unlocated(Fact::Dict(entries))
}

fn value_name(value: &RegValue) -> String {
    if value.name.value.is_empty() {
        "@".to_string()
    } else {
        value.name.value.clone()
    }
}

fn reg_value(value: &RegValue) -> Node {
    let (kind, data) = match &value.data {
        Some(data) => (
            data.value.type_name(),
            Node {
                span: data.span,
                ..reg_data(&data.value)
            },
        ),
        None => ("deleted".to_string(), Node::unlocated(Fact::Null)),
    };
    Node {
        span: Some(value.span),
        ..map([
            ("name", value.name.to_fact()),
            (
                "type",
                Node {
                    span: Some(value.span),
                    ..kind.to_fact()
                },
            ),
            ("data", data),
        ])
    }
}

fn reg_data(data: &RegData) -> Node {
    let fact = match data {
        RegData::Sz(s) | RegData::ExpandSz(s) => Fact::Str(s.clone()),
        RegData::MultiSz(items) => Fact::List(items.iter().map(ToFact::to_fact).collect()),
        RegData::Dword(n) => Fact::Int(i64::from(*n)),
        RegData::Qword(n) => Fact::Int(i64::try_from(*n).unwrap_or(i64::MAX)),
        RegData::Binary(bytes) | RegData::None(bytes) | RegData::Other { bytes, .. } => {
            Fact::Str(bytes.iter().map(|b| format!("{b:02x}")).collect())
        }
    };
    Node::unlocated(fact)
}

fn proxy(proxy: &ProxyView) -> Node {
    let system = proxy.users.iter().find(|u| u.is_system);
    map([
        (
            "winhttp",
            proxy
                .winhttp
                .as_ref()
                .map_or(Node::unlocated(Fact::Null), winhttp),
        ),
        ("users", list(&proxy.users, user_proxy)),
        (
            "system",
            system.map_or(Node::unlocated(Fact::Null), user_proxy),
        ),
        (
            "winhttp_registry",
            proxy.winhttp_registry.as_ref().map_or(null(), proxy_blob),
        ),
    ])
}

fn winhttp(proxy: &WinHttpProxy) -> Node {
    Node {
        span: proxy.direct.span,
        ..map([
            ("direct", proxy.direct.to_fact()),
            ("servers", proxy.servers.to_fact()),
            ("bypass", proxy.bypass.to_fact()),
        ])
    }
}

fn user_proxy(user: &UserProxy) -> Node {
    Node {
        span: user.key.span,
        ..map([
            ("sid", user.sid.to_fact()),
            ("account", user.account.to_fact()),
            ("is_system", user.is_system.to_fact()),
            ("key", user.key.to_fact()),
            ("enabled", user.enabled.to_fact()),
            ("server", user.server.to_fact()),
            ("bypass", user.bypass.to_fact()),
            ("autoconfig_url", user.autoconfig_url.to_fact()),
            (
                "connection",
                user.connection.as_ref().map_or(null(), proxy_blob),
            ),
        ])
    }
}

fn service(service: &Service) -> Node {
    Node {
        span: service.name.span,
        ..map([
            ("name", service.name.to_fact()),
            ("display_name", service.display_name.to_fact()),
            ("status", service.status.to_fact()),
            ("start_type", service.start_type.to_fact()),
            ("account", service.account.to_fact()),
        ])
    }
}

fn log_record(record: &LogRecord) -> Node {
    Node {
        span: record.message.span,
        ..map([
            ("file", record.file.to_fact()),
            (
                "line",
                i64::try_from(record.line).unwrap_or(i64::MAX).to_fact(),
            ),
            ("time", record.time.to_fact()),
            ("level", record.level.to_fact()),
            ("message", record.message.to_fact()),
            (
                "request",
                record.request.as_ref().map_or(null(), http_request),
            ),
        ])
    }
}

fn log_file(f: &LogFile) -> Node {
    record(
        f.file.span,
        [
            ("file", f.file.to_fact()),
            ("kind", f.kind.to_fact()),
            ("records", f.records.to_fact()),
        ],
    )
}

fn event_log(l: &EventLog) -> Node {
    record(
        l.file.span,
        [
            ("file", l.file.to_fact()),
            ("channel", l.channel.to_fact()),
            ("events", l.events.to_fact()),
        ],
    )
}

fn proxy_blob(blob: &ProxyBlob) -> Node {
    let flag = |bit: i64| Spanned {
        value: blob.flags.value & bit != 0,
        span: blob.flags.span,
    };
    record(
        blob.flags.span,
        [
            ("key", blob.key.to_fact()),
            ("value_name", blob.value_name.to_fact()),
            ("version", blob.version.to_fact()),
            ("flags", blob.flags.to_fact()),
            ("direct", flag(1).to_fact()),
            ("use_proxy", flag(2).to_fact()),
            ("use_autoconfig_url", flag(4).to_fact()),
            ("auto_detect", flag(8).to_fact()),
            ("proxy", blob.proxy.to_fact()),
            ("bypass", blob.bypass.to_fact()),
            ("autoconfig_url", blob.autoconfig_url.to_fact()),
        ],
    )
}

fn event(e: &Event) -> Node {
    record(
        e.record.span,
        [
            ("file", e.file.to_fact()),
            ("channel", e.channel.to_fact()),
            ("provider", e.provider.to_fact()),
            ("id", e.id.to_fact()),
            ("level", e.level.to_fact()),
            ("time", e.time.to_fact()),
            ("message", e.message.to_fact()),
        ],
    )
}

fn iis(config: &IisConfig) -> Node {
    map([
        ("sites", list(&config.sites, iis_site)),
        ("app_pools", list(&config.app_pools, app_pool)),
        (
            "request_limits",
            list(&config.request_limits, request_limits),
        ),
    ])
}

fn iis_site(site: &IisSite) -> Node {
    record(
        site.name.span,
        [
            ("name", site.name.to_fact()),
            ("id", site.id.to_fact()),
            ("bindings", list(&site.bindings, iis_binding)),
            (
                "applications",
                list(&site.applications, |a| {
                    record(
                        a.path.span,
                        [
                            ("path", a.path.to_fact()),
                            ("app_pool", a.app_pool.to_fact()),
                        ],
                    )
                }),
            ),
        ],
    )
}

fn iis_binding(b: &IisBinding) -> Node {
    record(
        b.binding_information.span,
        [
            ("protocol", b.protocol.to_fact()),
            ("binding_information", b.binding_information.to_fact()),
            ("port", b.port.to_fact()),
            ("host", b.host.to_fact()),
            ("cert_hash", b.cert_hash.to_fact()),
            ("cert_store", b.cert_store.to_fact()),
        ],
    )
}

fn app_pool(pool: &AppPool) -> Node {
    record(
        pool.name.span,
        [
            ("name", pool.name.to_fact()),
            ("identity_type", pool.identity_type.to_fact()),
            ("user_name", pool.user_name.to_fact()),
            ("runtime", pool.runtime.to_fact()),
            ("auto_start", pool.auto_start.to_fact()),
        ],
    )
}

fn request_limits(limits: &RequestLimits) -> Node {
    record(
        limits.location.span,
        [
            ("location", limits.location.to_fact()),
            ("max_url", limits.max_url.to_fact()),
            ("max_query_string", limits.max_query_string.to_fact()),
            (
                "max_allowed_content_length",
                limits.max_allowed_content_length.to_fact(),
            ),
        ],
    )
}

fn ssl_binding(b: &SslBinding) -> Node {
    record(
        b.endpoint.span,
        [
            ("endpoint", b.endpoint.to_fact()),
            ("cert_hash", b.cert_hash.to_fact()),
            ("app_id", b.app_id.to_fact()),
            ("store", b.store.to_fact()),
        ],
    )
}

fn feature(f: &Feature) -> Node {
    record(
        f.name.span,
        [
            ("name", f.name.to_fact()),
            ("display_name", f.display_name.to_fact()),
            ("installed", f.installed.to_fact()),
        ],
    )
}

fn local_group(g: &LocalGroup) -> Node {
    record(
        g.name.span,
        [("name", g.name.to_fact()), ("members", g.members.to_fact())],
    )
}

fn user_right(r: &UserRight) -> Node {
    record(
        r.privilege.span,
        [
            ("privilege", r.privilege.to_fact()),
            ("holders", r.holders.to_fact()),
        ],
    )
}

fn ad_account(a: &AdAccount) -> Node {
    record(
        a.sam_account_name.span,
        [
            ("sam_account_name", a.sam_account_name.to_fact()),
            ("user_principal_name", a.user_principal_name.to_fact()),
            ("enabled", a.enabled.to_fact()),
            ("locked_out", a.locked_out.to_fact()),
            ("password_expired", a.password_expired.to_fact()),
            ("password_never_expires", a.password_never_expires.to_fact()),
            ("account_expires", a.account_expires.to_fact()),
            ("password_last_set", a.password_last_set.to_fact()),
            ("sid", a.sid.to_fact()),
            ("spns", a.spns.to_fact()),
        ],
    )
}

fn time_status(t: &TimeStatus) -> Node {
    map([
        ("source", t.source.to_fact()),
        ("stratum", t.stratum.to_fact()),
        ("last_sync", t.last_sync.to_fact()),
        ("leap_indicator", t.leap_indicator.to_fact()),
    ])
}

fn probe(p: &Probe) -> Node {
    record(
        p.target.span,
        [
            ("kind", p.kind.to_fact()),
            ("target", p.target.to_fact()),
            ("as_system", p.as_system.to_fact()),
            ("ok", p.ok.to_fact()),
            ("status", p.status.to_fact()),
            ("detail", p.detail.to_fact()),
        ],
    )
}

fn http_request(r: &HttpRequest) -> Node {
    map([
        ("method", r.method.to_fact()),
        ("uri_stem", r.uri_stem.to_fact()),
        ("uri_query", r.uri_query.to_fact()),
        ("status", r.status.to_fact()),
        ("substatus", r.substatus.to_fact()),
        ("win32_status", r.win32_status.to_fact()),
    ])
}
