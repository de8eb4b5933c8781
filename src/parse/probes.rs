//! The collector's `probes.json` (`scepter-probes/1`, described in `docs/probes.md`): what
//! the server saw when it tried the SCEP URLs and the Intune endpoints itself.
//!
//! ```text
//! {
//!   "format": "scepter-probes/1",
//!   "ran_as": "SYSTEM",
//!   "probes": [
//!     { "kind": "http", "target": "https://ndes01.corp.contoso.com/certsrv/mscep/mscep.dll?operation=GetCACaps&message=test",
//!       "ok": true, "status": 200, "detail": "POSTPKIOperation\nRenewal\nSHA-256" },
//!     { "kind": "tcp", "target": "autoupdate.msappproxy.net:443", "ok": false, "detail": "timed out after 5 s" }
//!   ]
//! }
//! ```
//!
//! `kind`, `target` and `ok` are required in every probe; `status`, `detail` and `as_system`
//! are optional (`null` counts as absent), unknown fields are ignored. A probe's `as_system`
//! defaults to whether the top-level `ran_as` is SYSTEM, spanned on `ran_as`. The file is
//! machine-written, so a field of the wrong JSON type makes it unreadable. Both Windows
//! PowerShell 5.1 (`"key":  value`, `\u0026` escapes) and PowerShell 7 layouts are read.

use jsonc_parser::ast::{Object, Value};

use super::{ParseError, json};
use crate::model::{Probe, Spanned};
use crate::source::Source;

/// Recognizes `probes.json`: a JSON object whose `format` starts with `scepter-probes/`.
pub fn sniff(text: &str) -> bool {
    if !text.trim_start().starts_with('{') {
        return false;
    }
    json::first_object_scalars(text).iter().any(|p| {
        p.key.eq_ignore_ascii_case("format") && p.value.trim_start().starts_with("scepter-probes/")
    })
}

/// Parses `probes.json`.
pub fn parse(source: &Source) -> Result<Vec<Probe>, ParseError> {
    let value =
        json::parse(source)?.ok_or_else(|| ParseError::whole_file("probes.json is empty"))?;
    let Value::Object(root) = &value else {
        return Err(json::wrong_type(source, "probes.json", "an object", &value));
    };
    let ran_as_system = json::strict_string(source, root, "ran_as")?.map(|ran_as| {
        let account = ran_as.value.trim();
        let system = account.eq_ignore_ascii_case("SYSTEM")
            || account.eq_ignore_ascii_case("NT AUTHORITY\\SYSTEM");
        ran_as.map(|_| system)
    });
    let elements: Vec<&Value<'_>> = match json::get_present(root, "probes") {
        None => Vec::new(),
        // `ConvertTo-Json` may unwrap a one-element array into its element.
        Some(one @ Value::Object(_)) => vec![one],
        Some(Value::Array(array)) => array.elements.iter().collect(),
        Some(other) => return Err(json::wrong_type(source, "`probes`", "an array", other)),
    };
    elements
        .into_iter()
        .map(|element| probe(source, element, ran_as_system.as_ref()))
        .collect()
}

/// One element of `probes`.
fn probe(
    source: &Source,
    element: &Value<'_>,
    ran_as_system: Option<&Spanned<bool>>,
) -> Result<Probe, ParseError> {
    let Value::Object(object) = element else {
        return Err(json::wrong_type(source, "a probe", "an object", element));
    };
    let required = |key: &str| {
        ParseError::at(
            format!("a probe has no `{key}`"),
            json::span(source, element),
        )
    };
    Ok(Probe {
        kind: json::strict_string(source, object, "kind")?.ok_or_else(|| required("kind"))?,
        target: json::strict_string(source, object, "target")?.ok_or_else(|| required("target"))?,
        as_system: boolean(source, object, "as_system")?.or_else(|| ran_as_system.cloned()),
        ok: boolean(source, object, "ok")?.ok_or_else(|| required("ok"))?,
        status: integer(source, object, "status")?,
        detail: json::strict_string(source, object, "detail")?,
    })
}

/// An optional boolean property.
fn boolean(
    source: &Source,
    object: &Object<'_>,
    key: &str,
) -> Result<Option<Spanned<bool>>, ParseError> {
    match json::get_present(object, key) {
        None => Ok(None),
        Some(Value::BooleanLit(_)) => Ok(json::boolean(source, object, key)),
        Some(other) => Err(json::wrong_type(
            source,
            &format!("`{key}`"),
            "true or false",
            other,
        )),
    }
}

/// An optional integer property (an HTTP status code).
fn integer(
    source: &Source,
    object: &Object<'_>,
    key: &str,
) -> Result<Option<Spanned<i64>>, ParseError> {
    let Some(value) = json::get_present(object, key) else {
        return Ok(None);
    };
    let number = match value {
        Value::NumberLit(_) => json::number(source, object, key),
        _ => None,
    };
    let Some(number) = number else {
        return Err(json::wrong_type(
            source,
            &format!("`{key}`"),
            "a number",
            value,
        ));
    };
    match number.value.parse::<i64>() {
        Ok(n) => Ok(Some(number.map(|_| n))),
        Err(_) => Err(ParseError::at(
            format!("`{key}` should be a whole number, found {}", number.value),
            json::span(source, value),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceId;

    fn src(text: &str) -> Source {
        Source::text(SourceId(0), "probes.json", text.to_string(), None)
    }

    const SAMPLE: &str = r#"{
  "format": "scepter-probes/1",
  "ran_as": "SYSTEM",
  "probes": [
    {
      "kind": "http",
      "target": "https://ndes01.corp.contoso.com/certsrv/mscep/mscep.dll?operation=GetCACaps&message=test",
      "ok": true,
      "status": 200,
      "detail": "POSTPKIOperation\nRenewal\nSHA-256"
    },
    {
      "kind": "tcp",
      "target": "autoupdate.msappproxy.net:443",
      "ok": false,
      "status": null,
      "detail": "timed out after 5 s",
      "as_system": false
    }
  ]
}"#;

    #[test]
    fn documented_sample() {
        assert!(sniff(SAMPLE));
        let source = src(SAMPLE);
        let probes = parse(&source).unwrap();
        assert_eq!(probes.len(), 2);
        let http = &probes[0];
        assert_eq!(http.kind.value, "http");
        assert!(
            http.target
                .value
                .ends_with("operation=GetCACaps&message=test")
        );
        assert!(http.ok.value);
        assert_eq!(source.slice(http.ok.span.unwrap()), "true");
        let status = http.status.as_ref().unwrap();
        assert_eq!(status.value, 200);
        assert_eq!(source.line_col(status.span.unwrap().start), (9, 17));
        assert_eq!(
            http.detail.as_ref().unwrap().value,
            "POSTPKIOperation\nRenewal\nSHA-256"
        );
        let system = http.as_system.as_ref().unwrap();
        assert!(system.value);
        assert_eq!(source.slice(system.span.unwrap()), "SYSTEM");
        let tcp = &probes[1];
        assert!(!tcp.ok.value);
        assert_eq!(tcp.status, None);
        assert!(!tcp.as_system.as_ref().unwrap().value);
        assert_eq!(
            source.slice(tcp.as_system.as_ref().unwrap().span.unwrap()),
            "false"
        );
    }

    #[test]
    fn not_system_single_probe_and_no_probes() {
        let text = r#"{"format": "scepter-probes/1", "ran_as": "CONTOSO\\admin", "probes": {"kind": "tcp", "target": "a:443", "ok": true}}"#;
        let probes = parse(&src(text)).unwrap();
        assert_eq!(probes.len(), 1);
        assert!(!probes[0].as_system.as_ref().unwrap().value);
        let probes = parse(&src(r#"{"format": "scepter-probes/1"}"#)).unwrap();
        assert!(probes.is_empty());
    }

    #[test]
    fn malformed_files_are_errors() {
        for (text, expected) in [
            (
                r#"{"format": "scepter-probes/1", "probes": 5}"#,
                "`probes` should be an array",
            ),
            (
                r#"{"format": "scepter-probes/1", "probes": [{"kind": "tcp", "ok": true}]}"#,
                "no `target`",
            ),
            (
                r#"{"format": "scepter-probes/1", "probes": [{"kind": "tcp", "target": "a", "ok": "yes"}]}"#,
                "`ok` should be true or false",
            ),
            (
                r#"{"format": "scepter-probes/1", "probes": [{"kind": "tcp", "target": "a", "ok": true, "status": 2.5}]}"#,
                "whole number",
            ),
            (
                r#"{"format": "scepter-probes/1", "probes": [3]}"#,
                "a probe should be an object",
            ),
            (
                r#"{"format": "scepter-probes/1", "probes": [{"kind": "tcp""#,
                "not valid JSON",
            ),
            ("[]", "should be an object"),
            ("", "empty"),
        ] {
            let err = parse(&src(text)).unwrap_err();
            assert!(err.reason.contains(expected), "{text}: {err}");
        }
        assert!(sniff(
            r#"{"format": "scepter-probes/1", "probes": [{"kind": "tcp""#
        ));
        assert!(!sniff(r#"{"format": "scepter-bundle/1"}"#));
    }
}
