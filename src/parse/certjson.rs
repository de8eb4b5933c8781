//! `Get-ChildItem Cert:\… | ConvertTo-Json`, with or without `Select-Object`.
//!
//! Windows PowerShell 5.1 writes dates as `\/Date(<ms since 1970, UTC>)\/` (or, for a date
//! carrying note properties, `{"value": "\/Date(…)\/", "DisplayHint": 2, "DateTime": "…"}`)
//! and the EKU / DNS lists as objects:
//!
//! ```text
//! [
//!     {
//!         "Subject":  "CN=ndes.contoso.com, O=Contoso, C=US",
//!         "Thumbprint":  "C0FFEE00C0FFEE00C0FFEE00C0FFEE00C0FFEE00",
//!         "NotAfter":  "\/Date(1803988800000)\/",
//!         "HasPrivateKey":  true,
//!         "EnhancedKeyUsageList":  [
//!                                      {
//!                                          "FriendlyName":  "Server Authentication",
//!                                          "ObjectId":  "1.3.6.1.5.5.7.3.1"
//!                                      }
//!                                  ],
//!         "DnsNameList":  [ { "Punycode":  "ndes.contoso.com", "Unicode":  "ndes.contoso.com" } ],
//!         "Template":  "Template=IntuneNDES(1.3.6.1.4.1.311.21.8.…), Major Version Number=100, Minor Version Number=4"
//!     }
//! ]
//! ```
//!
//! PowerShell 7 writes ISO dates with the local offset (`"2027-03-02T13:00:00+01:00"`); past
//! the `-Depth` both write the lists' items as strings (`"Server Authentication
//! (1.3.6.1.5.5.7.3.1)"`, `"ndes.contoso.com"`). One certificate gives a bare object.
//!
//! Without `Select-Object` each object also has `PSParentPath`
//! (`Microsoft.PowerShell.Security\Certificate::LocalMachine\My`, which gives the store) and
//! `RawData`, the DER as an array of byte values (or Base64): then every field is read from
//! the DER, spanned on the JSON property that shows it where there is one and on the
//! `RawData` key otherwise. Note that `DnsNameList` falls back to the subject's CN when the
//! certificate has no SAN, so without `RawData` a list holding only the CN may not be a SAN.

use chrono::{DateTime, NaiveDateTime, Utc};
use jsonc_parser::ast::{Object, Value};
use jsonc_parser::common::Ranged;

use super::{ParseError, cert, certutil, json};
use crate::model::{Certificate, Spanned};
use crate::source::{Source, Span};

/// Recognizes `Get-ChildItem Cert:\… | ConvertTo-Json` by the keys of its first object.
pub fn sniff(text: &str) -> bool {
    let t = text.trim_start();
    if !(t.starts_with('{') || t.starts_with('[')) {
        return false;
    }
    let props = json::first_object_scalars(t);
    let has = |key: &str| props.iter().any(|p| p.key.eq_ignore_ascii_case(key));
    has("Thumbprint") && (has("NotAfter") || has("Subject"))
}

/// Parses `Get-ChildItem Cert:\… | ConvertTo-Json`.
pub fn parse(source: &Source) -> Result<Vec<Certificate>, ParseError> {
    let Some(value) = json::parse(source)? else {
        // An empty store converts to nothing at all.
        return Ok(Vec::new());
    };
    if !matches!(value, Value::Object(_) | Value::Array(_)) {
        return Err(ParseError::at(
            format!(
                "expected a certificate object or an array of them, found {}",
                json::type_name(&value)
            ),
            json::span(source, &value),
        ));
    }
    json::items(&value)
        .into_iter()
        .map(|item| certificate(source, item))
        .collect()
}

/// What one JSON object says, each value spanned on its property.
struct JsonFacts {
    subject: Option<Spanned<String>>,
    subject_cn: Option<Spanned<String>>,
    issuer: Option<Spanned<String>>,
    serial: Option<Spanned<String>>,
    thumbprint: Spanned<String>,
    not_before: Option<Spanned<DateTime<Utc>>>,
    not_after: Option<Spanned<DateTime<Utc>>>,
    eku: Vec<Spanned<String>>,
    dns: Vec<Spanned<String>>,
    template: Option<Spanned<String>>,
    signature_algorithm: Option<Spanned<String>>,
    store: Option<Spanned<String>>,
    has_private_key: Option<Spanned<bool>>,
}

fn certificate(source: &Source, item: &Value<'_>) -> Result<Certificate, ParseError> {
    let Value::Object(object) = item else {
        return Err(ParseError::at(
            format!(
                "expected a certificate object, found {}",
                json::type_name(item)
            ),
            json::span(source, item),
        ));
    };
    let facts = read_facts(source, object, item)?;
    match raw_data(source, object)? {
        Some((der, raw_span)) => from_raw_data(source, facts, &der, raw_span),
        None => from_json_only(source, facts, item),
    }
}

fn read_facts(
    source: &Source,
    object: &Object<'_>,
    item: &Value<'_>,
) -> Result<JsonFacts, ParseError> {
    let thumbprint = json::string(source, object, "Thumbprint").ok_or_else(|| {
        ParseError::at(
            "certificate entry has no `Thumbprint` string",
            json::span(source, item),
        )
    })?;
    let thumbprint = thumbprint.map(|t| {
        t.chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase()
    });
    let subject = json::string(source, object, "Subject");
    let subject_cn = subject.as_ref().and_then(|s| {
        let range = certutil::cn_range(&s.value)?;
        let cn = s.value.get(range.clone())?.to_string();
        Some(Spanned {
            value: cn,
            span: sub_span(source, s, range.start, range.end),
        })
    });
    Ok(JsonFacts {
        subject,
        subject_cn,
        issuer: json::string(source, object, "Issuer"),
        serial: json::string(source, object, "SerialNumber")
            .map(|s| s.map(|v| v.replace(' ', "").to_ascii_uppercase())),
        thumbprint,
        not_before: date(source, object, "NotBefore")?,
        not_after: date(source, object, "NotAfter")?,
        eku: list(
            source,
            object,
            "EnhancedKeyUsageList",
            &["ObjectId"],
            certutil::eku_oid_of,
        ),
        dns: list(
            source,
            object,
            "DnsNameList",
            &["Unicode", "Punycode"],
            |s| Some(s.to_string()),
        ),
        template: template(source, object),
        signature_algorithm: signature_algorithm(source, object),
        store: store(source, object),
        has_private_key: json::boolean(source, object, "HasPrivateKey"),
    })
}

/// A certificate from the JSON properties alone (a `Select-Object` export).
fn from_json_only(
    source: &Source,
    facts: JsonFacts,
    item: &Value<'_>,
) -> Result<Certificate, ParseError> {
    let missing = |key: &str| {
        ParseError::at(
            format!(
                "certificate entry has no `{key}` (select it too, or export without Select-Object)"
            ),
            facts
                .thumbprint
                .span
                .unwrap_or_else(|| json::span(source, item)),
        )
    };
    let subject = facts.subject.clone().ok_or_else(|| missing("Subject"))?;
    let not_before = facts
        .not_before
        .clone()
        .ok_or_else(|| missing("NotBefore"))?;
    let not_after = facts.not_after.clone().ok_or_else(|| missing("NotAfter"))?;
    let issuer = facts
        .issuer
        .unwrap_or_else(|| Spanned::unlocated(String::new()));
    Ok(Certificate {
        file: source.path.clone(),
        self_signed: !issuer.value.is_empty() && subject.value == issuer.value,
        subject,
        subject_cn: facts.subject_cn,
        issuer,
        serial: facts
            .serial
            .unwrap_or_else(|| Spanned::unlocated(String::new())),
        thumbprint: facts.thumbprint,
        not_before,
        not_after,
        san_dns: facts.dns,
        san_ip: Vec::new(),
        eku: facts.eku,
        // Get-ChildItem's properties do not show the extensions: only RawData would.
        crl_urls: Vec::new(),
        aia_urls: Vec::new(),
        ocsp_urls: Vec::new(),
        key_usage: Vec::new(),
        key_algorithm: Spanned::unlocated(String::new()),
        key_bits: None,
        signature_algorithm: facts
            .signature_algorithm
            .unwrap_or_else(|| Spanned::unlocated(String::new())),
        template: facts.template,
        is_ca: Spanned::unlocated(false),
        store: facts.store,
        has_private_key: facts.has_private_key,
        key_provider: None,
    })
}

/// A certificate read from `RawData`, spanned on the JSON properties that show its fields.
fn from_raw_data(
    source: &Source,
    facts: JsonFacts,
    der: &[u8],
    raw_span: Span,
) -> Result<Certificate, ParseError> {
    let mut c = cert::certificate_from_der(der, &source.path).map_err(|reason| {
        ParseError::at(
            format!("`RawData` is not a readable certificate: {reason}"),
            raw_span,
        )
    })?;
    for span in cert::spans_mut(&mut c) {
        *span = Some(raw_span);
    }
    respan(&mut c.subject, facts.subject.as_ref());
    if let Some(cn) = c.subject_cn.as_mut() {
        respan(cn, facts.subject_cn.as_ref());
    }
    respan(&mut c.issuer, facts.issuer.as_ref());
    respan(&mut c.serial, facts.serial.as_ref());
    respan(&mut c.thumbprint, Some(&facts.thumbprint));
    respan(&mut c.not_before, facts.not_before.as_ref());
    respan(&mut c.not_after, facts.not_after.as_ref());
    for eku in &mut c.eku {
        let shown = facts.eku.iter().find(|e| e.value == eku.value);
        respan(eku, shown);
    }
    for dns in &mut c.san_dns {
        let shown = facts
            .dns
            .iter()
            .find(|d| d.value.eq_ignore_ascii_case(&dns.value));
        respan(dns, shown);
    }
    if let Some(template) = c.template.as_mut() {
        respan(template, facts.template.as_ref());
    }
    respan(
        &mut c.signature_algorithm,
        facts.signature_algorithm.as_ref(),
    );
    c.store = facts.store;
    c.has_private_key = facts.has_private_key;
    Ok(c)
}

/// Points `value` at where the JSON shows it, when it does.
fn respan<T, U>(value: &mut Spanned<T>, shown: Option<&Spanned<U>>) {
    if let Some(span) = shown.and_then(|s| s.span) {
        value.span = Some(span);
    }
}

/// The span of bytes `start..end` of a string value: exact when the literal has no escapes,
/// else the whole literal (escapes shift the offsets).
fn sub_span(source: &Source, whole: &Spanned<String>, start: usize, end: usize) -> Option<Span> {
    let span = whole.span?;
    if source.slice(span) != whole.value {
        return Some(span);
    }
    Some(Span {
        start: span.start + start,
        end: span.start + end,
        ..span
    })
}

/// `RawData`: an array of byte values (Windows PowerShell) or Base64; and the span of its key.
fn raw_data(source: &Source, object: &Object<'_>) -> Result<Option<(Vec<u8>, Span)>, ParseError> {
    let Some(prop) = object
        .properties
        .iter()
        .find(|p| p.name.as_str().eq_ignore_ascii_case("RawData"))
    else {
        return Ok(None);
    };
    let range = prop.name.range();
    let quoted = matches!(prop.name, jsonc_parser::ast::ObjectPropName::String(_));
    let key_span = if quoted && range.end >= range.start + 2 {
        source.span(range.start + 1..range.end - 1)
    } else {
        source.span(range.start..range.end)
    };
    let bad = |why: &str| ParseError::at(format!("`RawData` {why}"), key_span);
    let bytes = match &prop.value {
        Value::NullKeyword(_) => return Ok(None),
        Value::Array(array) => array
            .elements
            .iter()
            .map(|element| match element {
                Value::NumberLit(n) => n.value.parse::<u8>().ok(),
                _ => None,
            })
            .collect::<Option<Vec<u8>>>()
            .ok_or_else(|| bad("holds something other than byte values (0-255)"))?,
        Value::StringLit(lit) => {
            let base64: String = lit.value.chars().filter(|c| !c.is_whitespace()).collect();
            cert::decode_base64(&base64).ok_or_else(|| bad("is not valid Base64"))?
        }
        other => {
            return Err(bad(&format!(
                "should be an array of bytes, found {}",
                json::type_name(other)
            )));
        }
    };
    Ok(Some((bytes, key_span)))
}

/// A date as `\/Date(ms)\/`, the `{value, DisplayHint, DateTime}` object, or ISO 8601.
fn date(
    source: &Source,
    object: &Object<'_>,
    key: &str,
) -> Result<Option<Spanned<DateTime<Utc>>>, ParseError> {
    let Some(found) = json::get_present(object, key) else {
        return Ok(None);
    };
    let text = match found {
        Value::Object(inner) => json::string(source, inner, "value"),
        Value::StringLit(_) => json::string(source, object, key),
        _ => None,
    };
    let Some(text) = text else {
        let what = match found {
            Value::Object(_) => "an object without a `value` date",
            other => json::type_name(other),
        };
        return Err(ParseError::at(
            format!("`{key}` should be a date, found {what}"),
            json::span(source, found),
        ));
    };
    match parse_ps_date(&text.value) {
        Some(time) => Ok(Some(Spanned {
            value: time,
            span: text.span,
        })),
        None => Err(ParseError::at(
            format!(
                "cannot read the date `{}` (expected `\\/Date(ms)\\/` or an ISO 8601 date)",
                text.value
            ),
            text.span.unwrap_or_else(|| source.span(0..0)),
        )),
    }
}

/// `/Date(1736346600000)/` (ms since 1970, UTC; a `+hhmm` suffix does not change it), an
/// ISO date with offset, or one without (read as UTC).
fn parse_ps_date(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Some(inner) = text
        .strip_prefix("/Date(")
        .and_then(|t| t.strip_suffix(")/"))
    {
        let sign_len = usize::from(inner.starts_with('-'));
        let digits_end = inner
            .get(sign_len..)?
            .find(|c: char| !c.is_ascii_digit())
            .map_or(inner.len(), |at| at + sign_len);
        let millis: i64 = inner.get(..digits_end)?.parse().ok()?;
        return DateTime::from_timestamp_millis(millis);
    }
    if let Ok(time) = DateTime::parse_from_rfc3339(text) {
        return Some(time.to_utc());
    }
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .map(|t| t.and_utc())
}

/// A list property whose items are objects (read at the first of `keys`) or strings (their
/// `ToString()` past the JSON depth), each mapped by `read`; `null` and absence are empty.
fn list(
    source: &Source,
    object: &Object<'_>,
    key: &str,
    keys: &[&str],
    read: fn(&str) -> Option<String>,
) -> Vec<Spanned<String>> {
    let items: Vec<&Value<'_>> = match json::get_present(object, key) {
        Some(Value::Array(array)) => array.elements.iter().collect(),
        Some(single @ (Value::StringLit(_) | Value::Object(_))) => vec![single],
        _ => Vec::new(),
    };
    items
        .into_iter()
        .filter_map(|item| {
            let text = match item {
                Value::Object(inner) => keys.iter().find_map(|k| json::string(source, inner, k)),
                Value::StringLit(lit) => Some(Spanned::new(
                    lit.value.to_string(),
                    json::span(source, item),
                )),
                _ => None,
            }?;
            let value = read(&text.value)?;
            Some(Spanned {
                value,
                span: text.span,
            })
        })
        .collect()
}

/// `Template`: the `Format(0)` of the V2 extension (`Template=IntuneNDES(1.3.6…), Major
/// Version Number=100, …`) gives its OID, like the DER; anything else is a V1 name as is.
fn template(source: &Source, object: &Object<'_>) -> Option<Spanned<String>> {
    let whole = json::string(source, object, "Template")?;
    let value = whole.value.trim();
    if value.is_empty() {
        return None;
    }
    let start = whole.value.find(value).unwrap_or(0);
    let (from, to) = match value.strip_prefix("Template=") {
        Some(rest) => {
            let first = rest.split(',').next().unwrap_or(rest).trim_end();
            let inner = first
                .strip_suffix(')')
                .and_then(|f| f.rsplit_once('('))
                .map_or(first, |(_, oid)| oid);
            let offset = start + (inner.as_ptr() as usize - value.as_ptr() as usize);
            (offset, offset + inner.len())
        }
        None => (start, start + value.len()),
    };
    let text = whole.value.get(from..to)?.to_string();
    Some(Spanned {
        value: text,
        span: sub_span(source, &whole, from, to),
    })
}

/// `SignatureAlgorithm`: an `Oid` object (`{"Value": "1.2.840.113549.1.1.11", "FriendlyName":
/// "sha256RSA"}`), named as the DER listing names it.
fn signature_algorithm(source: &Source, object: &Object<'_>) -> Option<Spanned<String>> {
    let Some(Value::Object(oid)) = json::get_present(object, "SignatureAlgorithm") else {
        return None;
    };
    json::string(source, oid, "Value").map(|v| v.map(|id| cert::signature_algorithm_name(&id)))
}

/// The store from `PSParentPath` (`…\Certificate::LocalMachine\My`), else from `PSPath`
/// (`…::LocalMachine\My\<thumbprint>`).
fn store(source: &Source, object: &Object<'_>) -> Option<Spanned<String>> {
    let (whole, is_parent) = match json::string(source, object, "PSParentPath") {
        Some(parent) => (parent, true),
        None => (json::string(source, object, "PSPath")?, false),
    };
    let (_, path) = whole.value.split_once("::")?;
    let path = if is_parent {
        path
    } else {
        path.rsplit_once('\\').map_or(path, |(parent, _)| parent)
    };
    let (location, name) = path.split_once('\\')?;
    let location = ["LocalMachine", "CurrentUser"]
        .into_iter()
        .find(|l| l.eq_ignore_ascii_case(location))?;
    if name.is_empty() || name.contains('\\') {
        return None;
    }
    // The span covers the text after `::` as written (escaped backslashes included).
    let span = whole.span.map(|span| {
        let raw = source.slice(span);
        let after = raw.find("::").map_or(0, |at| at + 2);
        let end = if is_parent {
            raw.len()
        } else {
            raw.rfind('\\')
                .map_or(raw.len(), |at| at.saturating_sub(1).max(after))
        };
        Span {
            start: span.start + after,
            end: span.start + end.max(after),
            ..span
        }
    });
    Some(Spanned {
        value: format!("{location}\\{}", certutil::canonical_store(name)),
        span,
    })
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::source::SourceId;

    fn src(text: &str) -> Source {
        Source::text(SourceId(4), "certs.json", text.replace('\n', "\r\n"), None)
    }

    #[test]
    fn dates_in_every_shape() {
        let at = Utc.with_ymd_and_hms(2025, 1, 8, 14, 30, 0).unwrap();
        assert_eq!(parse_ps_date("/Date(1736346600000)/"), Some(at));
        assert_eq!(parse_ps_date("/Date(1736346600000+0100)/"), Some(at));
        assert_eq!(parse_ps_date("2025-01-08T15:30:00+01:00"), Some(at));
        assert_eq!(parse_ps_date("2025-01-08T14:30:00Z"), Some(at));
        assert_eq!(parse_ps_date("2025-01-08T14:30:00"), Some(at));
        assert!(parse_ps_date("/Date(-1000)/").is_some());
        assert_eq!(parse_ps_date("/Date()/"), None);
        assert_eq!(parse_ps_date("Wednesday, January 8, 2025"), None);
    }

    #[test]
    fn date_object_form_is_spanned_on_its_value() {
        let text = r#"{
    "Subject":  "CN=a",
    "Thumbprint":  "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00",
    "NotBefore":  {
                      "value":  "\/Date(1736346600000)\/",
                      "DisplayHint":  2,
                      "DateTime":  "Wednesday, January 8, 2025 2:30:00 PM"
                  },
    "NotAfter":  "\/Date(1799418600000)\/"
}"#;
        assert!(sniff(text));
        let s = src(text);
        let certs = parse(&s).unwrap();
        let c = &certs[0];
        assert_eq!(
            c.not_before.value,
            Utc.with_ymd_and_hms(2025, 1, 8, 14, 30, 0).unwrap()
        );
        assert_eq!(
            s.slice(c.not_before.span.unwrap()),
            "\\/Date(1736346600000)\\/"
        );
        assert_eq!(
            c.thumbprint.value,
            "C0FFEE00C0FFEE00C0FFEE00C0FFEE00C0FFEE00"
        );
        assert_eq!(c.store, None);
        assert_eq!(c.has_private_key, None);
        assert_eq!(c.issuer.value, "");
        assert!(!c.self_signed);
    }

    #[test]
    fn template_and_store_spans() {
        let text = r#"{
    "PSParentPath":  "Microsoft.PowerShell.Security\\Certificate::localmachine\\My",
    "Subject":  "O=\"Contoso, Inc.\", CN=ndes.contoso.com",
    "Thumbprint":  "C0FFEE00C0FFEE00C0FFEE00C0FFEE00C0FFEE00",
    "NotBefore":  "2025-01-08T15:30:00+01:00",
    "NotAfter":  "2027-01-08T15:30:00+01:00",
    "EnhancedKeyUsageList":  ["Client Authentication (1.3.6.1.5.5.7.3.2)", "Server Authentication"],
    "DnsNameList":  "ndes.contoso.com",
    "Template":  "Template=IntuneNDES(1.3.6.1.4.1.311.21.8.1.2), Major Version Number=100, Minor Version Number=4"
}"#;
        let s = src(text);
        let c = &parse(&s).unwrap()[0];
        let store = c.store.as_ref().unwrap();
        assert_eq!(store.value, "LocalMachine\\My");
        assert_eq!(s.slice(store.span.unwrap()), "localmachine\\\\My");
        let template = c.template.as_ref().unwrap();
        assert_eq!(template.value, "1.3.6.1.4.1.311.21.8.1.2");
        assert_eq!(s.slice(template.span.unwrap()), "1.3.6.1.4.1.311.21.8.1.2");
        let eku: Vec<&str> = c.eku.iter().map(|e| e.value.as_str()).collect();
        assert_eq!(eku, ["1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.1"]);
        assert_eq!(s.slice(c.eku[1].span.unwrap()), "Server Authentication");
        assert_eq!(c.san_dns[0].value, "ndes.contoso.com");
        // The subject has escaped quotes: the CN points at the whole subject.
        let cn = c.subject_cn.as_ref().unwrap();
        assert_eq!(cn.value, "ndes.contoso.com");
        assert_eq!(cn.span, c.subject.span);
    }

    #[test]
    fn missing_and_malformed_fields_are_errors() {
        let s = src(r#"[{"Subject": "CN=a", "Thumbprint": "AB", "NotAfter": "\/Date(1)\/"}]"#);
        let error = parse(&s).unwrap_err();
        assert!(error.reason.contains("`NotBefore`"), "{}", error.reason);
        assert_eq!(s.slice(error.span.unwrap()), "AB");
        let s =
            src(r#"{"Subject": "CN=a", "Thumbprint": "AB", "NotBefore": "soon", "NotAfter": 5}"#);
        let error = parse(&s).unwrap_err();
        assert!(
            error.reason.contains("cannot read the date `soon`"),
            "{}",
            error.reason
        );
        let s = src(r#"{"Thumbprint": "AB", "Subject": "CN=a", "RawData": [48, 300]}"#);
        let error = parse(&s).unwrap_err();
        assert!(error.reason.contains("byte values"), "{}", error.reason);
        assert_eq!(s.slice(error.span.unwrap()), "RawData");
        let s = src(r#"{"Thumbprint": "AB", "Subject": "CN=a", "RawData": [48, 3, 1]}"#);
        let error = parse(&s).unwrap_err();
        assert!(
            error
                .reason
                .starts_with("`RawData` is not a readable certificate"),
            "{}",
            error.reason
        );
        assert!(parse(&src("[1]")).is_err());
        assert!(parse(&src("\"x\"")).is_err());
        assert_eq!(parse(&src("  ")).unwrap(), Vec::new());
    }

    #[test]
    fn sniffing() {
        assert!(sniff("[{\"Thumbprint\": \"AB\", \"NotAfter\": 1"));
        assert!(!sniff("{\"Thumbprint\": \"AB\"}"));
        assert!(!sniff("{\"Name\": \"W3SVC\", \"Status\": 4}"));
        assert!(!sniff("Thumbprint NotAfter Subject"));
    }
}
