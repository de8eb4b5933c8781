//! The collector's `manifest.json` (`scepter-bundle/1`):
//!
//! ```text
//! {
//!   "format": "scepter-bundle/1",
//!   "collected_at": "2026-11-20T09:14:03+01:00",
//!   "host": { "name": "NDES01", "fqdn": "ndes01.corp.contoso.com" },
//!   "external_fqdn": "ndes.contoso.com",
//!   "collector": { "name": "collect-bundle.ps1", "version": "1.0.0", "powershell": "5.1.17763.5830" },
//!   "files": [
//!     { "path": "certs/LocalMachine/My/5A1C0F.cer", "command": "Export-Certificate ...", "store": "LocalMachine\\My" }
//!   ]
//! }
//! ```
//!
//! Every field is optional and unknown fields are ignored, but a known field of the wrong JSON
//! type (or a date that is not RFC 3339) makes the manifest unreadable: it is machine-written,
//! so that means it was damaged. String spans cover the text between the quotes.

use chrono::DateTime;
use jsonc_parser::ast::{Object, Value};

use super::{ParseError, json};
use crate::model::{Manifest, ManifestFile, QuietChannel, Spanned};
use crate::source::Source;

/// Recognizes the manifest: a JSON object whose `format` starts with `scepter-bundle/`.
pub fn sniff(text: &str) -> bool {
    if !text.trim_start().starts_with('{') {
        return false;
    }
    json::first_object_scalars(text).iter().any(|p| {
        p.key.eq_ignore_ascii_case("format") && p.value.trim_start().starts_with("scepter-bundle/")
    })
}

/// Parses the manifest.
pub fn parse(source: &Source) -> Result<Manifest, ParseError> {
    let value =
        json::parse(source)?.ok_or_else(|| ParseError::whole_file("the manifest is empty"))?;
    let Value::Object(root) = &value else {
        return Err(json::wrong_type(
            source,
            "the manifest",
            "an object",
            &value,
        ));
    };
    let host = object(source, root, "host")?;
    Ok(Manifest {
        collected_at: collected_at(source, root)?,
        host_name: host
            .map(|h| json::strict_string(source, h, "name"))
            .transpose()?
            .flatten(),
        host_fqdn: host
            .map(|h| json::strict_string(source, h, "fqdn"))
            .transpose()?
            .flatten(),
        external_fqdn: json::strict_string(source, root, "external_fqdn")?,
        collector: collector(source, root)?,
        files: files(source, root)?,
        quiet_channels: quiet_channels(source, root)?,
        pfx_password: json::strict_string(source, root, "pfx_password")?.map(|p| p.value),
    })
}

/// `collected_at`, an RFC 3339 date with its offset.
fn collected_at(
    source: &Source,
    root: &Object<'_>,
) -> Result<Option<Spanned<DateTime<chrono::FixedOffset>>>, ParseError> {
    let Some(text) = json::strict_string(source, root, "collected_at")? else {
        return Ok(None);
    };
    let parsed = DateTime::parse_from_rfc3339(text.value.trim()).map_err(|error| {
        let reason = format!(
            "`collected_at` is not an RFC 3339 date ({error}): {:?}",
            text.value
        );
        match text.span {
            Some(span) => ParseError::at(reason, span),
            None => ParseError::whole_file(reason),
        }
    })?;
    Ok(Some(text.map(|_| parsed)))
}

/// `collector`: `{ "name": ..., "version": ... }` as one string `name version`; a plain
/// string is accepted as it is. The span covers the whole value.
fn collector(source: &Source, root: &Object<'_>) -> Result<Option<Spanned<String>>, ParseError> {
    let Some(value) = json::get_present(root, "collector") else {
        return Ok(None);
    };
    let Value::Object(collector) = value else {
        return json::strict_string(source, root, "collector");
    };
    let name = json::strict_string(source, collector, "name")?.map(|s| s.value);
    let version = json::strict_string(source, collector, "version")?.map(|s| s.value);
    let text = [name, version]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    if text.is_empty() {
        return Ok(None);
    }
    Ok(Some(Spanned::new(text, json::span(source, value))))
}

/// `files[]`; entries without a `path` say nothing about any file and are skipped.
fn files(source: &Source, root: &Object<'_>) -> Result<Vec<ManifestFile>, ParseError> {
    let Some(value) = json::get_present(root, "files") else {
        return Ok(Vec::new());
    };
    let Value::Array(array) = value else {
        return Err(json::wrong_type(source, "`files`", "an array", value));
    };
    let mut files = Vec::new();
    for element in &array.elements {
        let Value::Object(entry) = element else {
            return Err(json::wrong_type(
                source,
                "a `files` entry",
                "an object",
                element,
            ));
        };
        let Some(path) = json::strict_string(source, entry, "path")? else {
            continue;
        };
        files.push(ManifestFile {
            path: bundle_path(&path.value),
            command: json::strict_string(source, entry, "command")?,
            store: json::strict_string(source, entry, "store")?,
            password: json::strict_string(source, entry, "password")?.map(|p| p.value),
        });
    }
    Ok(files)
}

/// The reason the collector gives when a channel it queried had no matching events.
const NO_EVENTS: &str = "no matching events in ";

/// `skipped[]` entries for event channels that were read and were quiet: the collector writes
/// no file for them, but the channel was collected. Other skip notes say nothing about
/// evidence that is there.
fn quiet_channels(source: &Source, root: &Object<'_>) -> Result<Vec<QuietChannel>, ParseError> {
    let Some(value) = json::get_present(root, "skipped") else {
        return Ok(Vec::new());
    };
    let Value::Array(array) = value else {
        return Err(json::wrong_type(source, "`skipped`", "an array", value));
    };
    let mut quiet = Vec::new();
    for element in &array.elements {
        let Value::Object(entry) = element else {
            continue;
        };
        let (Some(step), Some(reason)) = (
            json::strict_string(source, entry, "step")?,
            json::strict_string(source, entry, "reason")?,
        ) else {
            continue;
        };
        let Some(channel) = reason.value.strip_prefix(NO_EVENTS) else {
            continue;
        };
        let channel = channel.trim();
        if channel.is_empty() {
            continue;
        }
        quiet.push(QuietChannel {
            step: bundle_path(&step.value),
            channel: Spanned {
                value: channel.to_string(),
                span: reason.span,
            },
        });
    }
    Ok(quiet)
}

/// A bundle path as the rest of scepter writes it: `/`-separated, no leading `./`, because
/// a collector running on Windows may write `certs\LocalMachine\My\x.cer`.
fn bundle_path(path: &str) -> String {
    let path = path.trim().replace('\\', "/");
    let mut rest = path.as_str();
    while let Some(stripped) = rest.strip_prefix("./") {
        rest = stripped;
    }
    rest.trim_start_matches('/').to_string()
}

/// An optional object-valued property.
fn object<'v, 'a>(
    source: &Source,
    parent: &'v Object<'a>,
    key: &str,
) -> Result<Option<&'v Object<'a>>, ParseError> {
    match json::get_present(parent, key) {
        None => Ok(None),
        Some(Value::Object(object)) => Ok(Some(object)),
        Some(other) => Err(json::wrong_type(
            source,
            &format!("`{key}`"),
            "an object",
            other,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceId;

    fn src(text: &str) -> Source {
        Source::text(SourceId(2), "manifest.json", text.to_string(), None)
    }

    const SAMPLE: &str = r#"{
  "format": "scepter-bundle/1",
  "collected_at": "2026-11-20T09:14:03+01:00",
  "host": { "name": "NDES01", "fqdn": "ndes01.corp.contoso.com" },
  "external_fqdn": "ndes.contoso.com",
  "collector": { "name": "collect-bundle.ps1", "version": "1.0.0", "powershell": "5.1.17763.5830" },
  "files": [
    { "path": "certs/LocalMachine/My/5A1C0F.cer", "command": "Export-Certificate ...", "store": "LocalMachine\\My" }
  ]
}
"#;

    #[test]
    fn bundle_md_sample() {
        assert!(sniff(SAMPLE));
        let s = src(SAMPLE);
        let m = parse(&s).unwrap();
        let at = m.collected_at.unwrap();
        assert_eq!(at.value.to_rfc3339(), "2026-11-20T09:14:03+01:00");
        assert_eq!(s.slice(at.span.unwrap()), "2026-11-20T09:14:03+01:00");
        assert_eq!(m.host_name.as_ref().unwrap().value, "NDES01");
        assert_eq!(s.slice(m.host_name.unwrap().span.unwrap()), "NDES01");
        assert_eq!(m.host_fqdn.unwrap().value, "ndes01.corp.contoso.com");
        assert_eq!(m.external_fqdn.unwrap().value, "ndes.contoso.com");
        let collector = m.collector.unwrap();
        assert_eq!(collector.value, "collect-bundle.ps1 1.0.0");
        assert!(s.slice(collector.span.unwrap()).starts_with("{ \"name\""));
        assert_eq!(m.files.len(), 1);
        let file = &m.files[0];
        assert_eq!(file.path, "certs/LocalMachine/My/5A1C0F.cer");
        assert_eq!(
            file.command.as_ref().unwrap().value,
            "Export-Certificate ..."
        );
        let store = file.store.as_ref().unwrap();
        assert_eq!(store.value, "LocalMachine\\My");
        assert_eq!(s.slice(store.span.unwrap()), "LocalMachine\\\\My");
    }

    #[test]
    fn bad_date_is_an_error_at_its_span() {
        let text = SAMPLE.replace("2026-11-20T09:14:03+01:00", "20/11/2026 09:14");
        let s = src(&text);
        let error = parse(&s).unwrap_err();
        assert!(error.reason.contains("collected_at"), "{}", error.reason);
        assert_eq!(s.slice(error.span.unwrap()), "20/11/2026 09:14");
        assert_eq!(s.line_col(error.span.unwrap().start), (3, 20));
    }

    #[test]
    fn every_field_is_optional_and_unknown_fields_are_ignored() {
        let text =
            "{\"format\" : \"scepter-bundle/2\", \"extra\": [1, {\"x\": null}], \"host\": null}";
        assert!(sniff(text));
        assert_eq!(parse(&src(text)).unwrap(), Manifest::default());
    }

    #[test]
    fn wrong_types_are_errors_and_windows_paths_are_normalized() {
        let s = src("{\"format\": \"scepter-bundle/1\", \"host\": {\"name\": 5}}");
        let error = parse(&s).unwrap_err();
        assert_eq!(s.slice(error.span.unwrap()), "5");
        let s = src(
            "{\"files\": [{\"path\": \".\\\\certs\\\\a.cer\"}, {\"command\": \"x\"}], \"collector\": \"hand 0.1\"}",
        );
        let m = parse(&s).unwrap();
        assert_eq!(m.files.len(), 1);
        assert_eq!(m.files[0].path, "certs/a.cer");
        assert_eq!(m.collector.unwrap().value, "hand 0.1");
    }

    #[test]
    fn truncated_manifest_is_sniffed_and_an_error() {
        let text = &SAMPLE[..120];
        assert!(sniff(text));
        assert!(parse(&src(text)).is_err());
    }

    #[test]
    fn other_json_is_not_a_manifest() {
        assert!(!sniff(
            "{\"Name\": \"W3SVC\", \"note\": \"scepter-bundle/1\"}"
        ));
        assert!(!sniff("[{\"format\": \"scepter-bundle/1\"}]"));
        assert!(!sniff("format: scepter-bundle/1"));
    }
}
