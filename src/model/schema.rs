//! The shape of the fact tree, so rules can be checked when they are loaded: a rule that
//! names a field the snapshot does not have is an error in the rule file, not a silent null.

use super::facts::{Fact, Node};

/// The shape of one fact.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// Anything (the checker stops here).
    Any,
    /// A boolean.
    Bool,
    /// An integer.
    Int,
    /// A string.
    Str,
    /// A timestamp.
    Time,
    /// A list of elements of one shape.
    List(Box<Shape>),
    /// A map with arbitrary keys (registry paths, value names).
    Dict(Box<Shape>),
    /// A record with known fields.
    Record(Vec<(&'static str, Shape)>),
    /// The shape, or null.
    Nullable(Box<Shape>),
}

impl Shape {
    /// The field `name` of a record (looking through `Nullable`).
    pub fn field(&self, name: &str) -> Option<&Shape> {
        match self {
            Shape::Record(fields) => fields.iter().find(|(n, _)| *n == name).map(|(_, s)| s),
            Shape::Nullable(inner) => inner.field(name),
            _ => None,
        }
    }

    /// The names of a record's fields.
    pub fn field_names(&self) -> Vec<&'static str> {
        match self {
            Shape::Record(fields) => fields.iter().map(|(n, _)| *n).collect(),
            Shape::Nullable(inner) => inner.field_names(),
            _ => Vec::new(),
        }
    }
}

fn opt(shape: Shape) -> Shape {
    Shape::Nullable(Box::new(shape))
}

fn list(shape: Shape) -> Shape {
    Shape::List(Box::new(shape))
}

/// The shape of a certificate.
pub fn certificate() -> Shape {
    use Shape::*;
    Record(vec![
        ("source", Str),
        ("subject", Str),
        ("subject_cn", opt(Str)),
        ("issuer", Str),
        ("serial", Str),
        ("thumbprint", Str),
        ("not_before", Time),
        ("not_after", Time),
        ("san_dns", list(Str)),
        ("san_ip", list(Str)),
        ("eku", list(Str)),
        ("eku_names", list(Str)),
        ("crl_urls", list(Str)),
        ("aia_urls", list(Str)),
        ("ocsp_urls", list(Str)),
        ("key_usage", list(Str)),
        ("key_algorithm", Str),
        ("key_bits", opt(Int)),
        ("signature_algorithm", Str),
        ("template", opt(Str)),
        ("is_ca", Bool),
        ("self_signed", Bool),
        ("store", opt(Str)),
        ("has_private_key", opt(Bool)),
        ("key_provider", opt(Str)),
    ])
}

fn proxy_blob() -> Shape {
    use Shape::*;
    Record(vec![
        ("key", Str),
        ("value_name", Str),
        ("version", opt(Int)),
        ("flags", Int),
        ("direct", Bool),
        ("use_proxy", Bool),
        ("use_autoconfig_url", Bool),
        ("auto_detect", Bool),
        ("proxy", opt(Str)),
        ("bypass", opt(Str)),
        ("autoconfig_url", opt(Str)),
    ])
}

fn iis() -> Shape {
    use Shape::*;
    Record(vec![
        (
            "sites",
            list(Record(vec![
                ("name", Str),
                ("id", opt(Int)),
                (
                    "bindings",
                    list(Record(vec![
                        ("protocol", Str),
                        ("binding_information", Str),
                        ("port", opt(Int)),
                        ("host", opt(Str)),
                        ("cert_hash", opt(Str)),
                        ("cert_store", opt(Str)),
                    ])),
                ),
                (
                    "applications",
                    list(Record(vec![("path", Str), ("app_pool", opt(Str))])),
                ),
            ])),
        ),
        (
            "app_pools",
            list(Record(vec![
                ("name", Str),
                ("identity_type", opt(Str)),
                ("user_name", opt(Str)),
                ("runtime", opt(Str)),
                ("auto_start", opt(Bool)),
            ])),
        ),
        (
            "request_limits",
            list(Record(vec![
                ("location", Str),
                ("max_url", opt(Int)),
                ("max_query_string", opt(Int)),
                ("max_allowed_content_length", opt(Int)),
            ])),
        ),
    ])
}

/// The shape of the server evidence beyond certificates, registry and services.
fn server_fields() -> Vec<(&'static str, Shape)> {
    use Shape::*;
    vec![
        (
            "log_files",
            list(Record(vec![("file", Str), ("kind", Str), ("records", Int)])),
        ),
        (
            "events",
            list(Record(vec![
                ("file", Str),
                ("channel", opt(Str)),
                ("provider", opt(Str)),
                ("id", Int),
                ("level", opt(Str)),
                ("time", opt(Time)),
                ("message", opt(Str)),
            ])),
        ),
        (
            "event_logs",
            list(Record(vec![
                ("file", Str),
                ("channel", opt(Str)),
                ("events", Int),
            ])),
        ),
        ("iis", iis()),
        (
            "http_sslcert",
            list(Record(vec![
                ("endpoint", Str),
                ("cert_hash", Str),
                ("app_id", opt(Str)),
                ("store", opt(Str)),
            ])),
        ),
        (
            "features",
            list(Record(vec![
                ("name", Str),
                ("display_name", opt(Str)),
                ("installed", Bool),
            ])),
        ),
        (
            "local_groups",
            list(Record(vec![("name", Str), ("members", list(Str))])),
        ),
        (
            "user_rights",
            list(Record(vec![("privilege", Str), ("holders", list(Str))])),
        ),
        (
            "ad_accounts",
            list(Record(vec![
                ("sam_account_name", Str),
                ("user_principal_name", opt(Str)),
                ("enabled", opt(Bool)),
                ("locked_out", opt(Bool)),
                ("password_expired", opt(Bool)),
                ("password_never_expires", opt(Bool)),
                ("account_expires", opt(Time)),
                ("password_last_set", opt(Time)),
                ("sid", opt(Str)),
                ("spns", list(Str)),
            ])),
        ),
        (
            "time_service",
            opt(Record(vec![
                ("source", opt(Str)),
                ("stratum", opt(Int)),
                ("last_sync", opt(Time)),
                ("leap_indicator", opt(Str)),
            ])),
        ),
        (
            "probes",
            list(Record(vec![
                ("kind", Str),
                ("target", Str),
                ("as_system", opt(Bool)),
                ("ok", Bool),
                ("status", opt(Int)),
                ("detail", opt(Str)),
            ])),
        ),
    ]
}

fn user_proxy() -> Shape {
    use Shape::*;
    Record(vec![
        ("sid", Str),
        ("account", Str),
        ("is_system", Bool),
        ("key", Str),
        ("enabled", Bool),
        ("server", opt(Str)),
        ("bypass", opt(Str)),
        ("autoconfig_url", opt(Str)),
        ("connection", opt(proxy_blob())),
    ])
}

/// The shape of a registry value (what `reg_value(path, name)` returns).
pub fn reg_value() -> Shape {
    use Shape::*;
    Record(vec![("name", Str), ("type", Str), ("data", Any)])
}

/// The shape of a registry key (what `reg(path)` returns).
pub fn reg_key() -> Shape {
    use Shape::*;
    Record(vec![
        ("path", Str),
        ("deleted", Bool),
        ("values", Dict(Box::new(reg_value()))),
    ])
}

/// The shape of the whole snapshot; its fields are the rules' top-level variables.
pub fn snapshot() -> Shape {
    use Shape::*;
    let reg_key = reg_key();
    Record(
        vec![
            (
                "meta",
                Record(vec![
                    ("hostname", opt(Str)),
                    ("fqdn", opt(Str)),
                    ("external_fqdn", opt(Str)),
                    ("collected_at", Time),
                    ("collected_at_source", Str),
                    ("os_name", opt(Str)),
                    ("os_version", opt(Str)),
                    ("os_build", opt(Str)),
                    ("installation_type", opt(Str)),
                    ("domain_role", opt(Str)),
                    ("domain", opt(Str)),
                    ("last_boot", opt(Time)),
                    ("collector", opt(Str)),
                ]),
            ),
            ("certificates", list(certificate())),
            ("registry", Dict(Box::new(reg_key))),
            (
                "proxy",
                Record(vec![
                    (
                        "winhttp",
                        opt(Record(vec![
                            ("direct", Bool),
                            ("servers", opt(Str)),
                            ("bypass", opt(Str)),
                        ])),
                    ),
                    ("users", list(user_proxy())),
                    ("system", opt(user_proxy())),
                    ("winhttp_registry", opt(proxy_blob())),
                ]),
            ),
            (
                "services",
                list(Record(vec![
                    ("name", Str),
                    ("display_name", opt(Str)),
                    ("status", opt(Str)),
                    ("start_type", opt(Str)),
                    ("account", opt(Str)),
                ])),
            ),
            (
                "logs",
                list(Record(vec![
                    ("file", Str),
                    ("line", Int),
                    ("time", opt(Time)),
                    ("level", opt(Str)),
                    ("message", Str),
                    (
                        "request",
                        opt(Record(vec![
                            ("method", opt(Str)),
                            ("uri_stem", opt(Str)),
                            ("uri_query", opt(Str)),
                            ("status", opt(Int)),
                            ("substatus", opt(Int)),
                            ("win32_status", opt(Int)),
                        ])),
                    ),
                ])),
            ),
        ]
        .into_iter()
        .chain(server_fields())
        .collect(),
    )
}

/// Every field path of a shape, as documented: `meta.fqdn`, `certificates[].not_after`,
/// `registry{}.values{}.data` (`[]` a list element, `{}` a dictionary entry).
pub fn field_paths(shape: &Shape, prefix: &str, out: &mut Vec<String>) {
    match shape {
        Shape::Nullable(inner) => field_paths(inner, prefix, out),
        Shape::List(inner) => field_paths(inner, &format!("{prefix}[]"), out),
        Shape::Dict(inner) => field_paths(inner, &format!("{prefix}{{}}"), out),
        Shape::Record(fields) => {
            for (name, field) in fields {
                let path = if prefix.is_empty() {
                    (*name).to_string()
                } else {
                    format!("{prefix}.{name}")
                };
                out.push(path.clone());
                field_paths(field, &path, out);
            }
        }
        _ => {}
    }
}

/// Checks that a fact tree has exactly the fields the schema declares (used by tests).
pub fn conforms(node: &Node, shape: &Shape, path: &str) -> Result<(), String> {
    match (&node.fact, shape) {
        (_, Shape::Any) | (Fact::Null, Shape::Nullable(_)) => Ok(()),
        (_, Shape::Nullable(inner)) => conforms(node, inner, path),
        (Fact::Bool(_), Shape::Bool)
        | (Fact::Int(_), Shape::Int)
        | (Fact::Str(_), Shape::Str)
        | (Fact::Time(_), Shape::Time) => Ok(()),
        (Fact::List(items), Shape::List(inner)) => items
            .iter()
            .try_for_each(|i| conforms(i, inner, &format!("{path}[]"))),
        (Fact::Dict(map), Shape::Dict(inner)) => map
            .iter()
            .try_for_each(|(k, v)| conforms(v, inner, &format!("{path}[{k}]"))),
        (Fact::Map(map), Shape::Record(fields)) => {
            if map.len() != fields.len() {
                return Err(format!(
                    "{path}: facts have {:?}",
                    map.keys().collect::<Vec<_>>()
                ));
            }
            fields
                .iter()
                .try_for_each(|(name, field)| match map.get(*name) {
                    Some(v) => conforms(v, field, &format!("{path}.{name}")),
                    None => Err(format!("{path}.{name} missing from facts")),
                })
        }
        (fact, shape) => Err(format!("{path}: {fact:?} is not a {shape:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Snapshot;
    use crate::model::facts::snapshot_facts;

    #[test]
    fn empty_snapshot_conforms() {
        let facts = snapshot_facts(&Snapshot::default());
        conforms(&facts, &snapshot(), "").unwrap();
    }
}
