//! Native `.evtx` event logs (`wevtutil epl`, or a copy of
//! `%SystemRoot%\System32\Winevt\Logs\Microsoft-Intune-CertificateConnectors%4Admin.evtx`).
//!
//! The file is binary (a 4 KiB `ElfFile\0` header, then 64 KiB `ElfChnk\0` chunks of Binary XML
//! records), so there is no text to underline: the records are read with the `evtx` crate and
//! rendered as a decoded view, a few lines per record, and every span points into that view:
//!
//! ```text
//! Record 12 — 2026-11-20 08:01:33 UTC — Error — Microsoft-Intune-CertificateConnectors/Admin — Event ID 4001
//!     Provider: Microsoft-Intune-CertificateConnectors
//!     Computer: NDES01.contoso.com
//!     Message: ScepRequestIssuedFailure: the certificate authority denied the request.
//!     TransactionId: 5D1A0C72-7E2B-4F5B-9C1E-2A7D3E4F5061
//! ```
//!
//! A log copied from another machine has no message text (that lives in the provider's
//! resources); the record's `EventData` values stand in for it, one `Name: value` line each.
//! Records that cannot be read are skipped and counted at the end of the view; a file of which
//! no record can be read is an error with the crate's reason.

use std::fmt::Write as _;
use std::ops::Range;

use chrono::{DateTime, FixedOffset, Utc};
use evtx::err::EvtxError;
use evtx::{EvtxParser, ParserSettings, SerializedEvtxRecord};
use serde_json::Value;

use super::{ParseError, textlog, winevent};
use crate::model::{Event, Spanned};
use crate::source::{Source, ViewSink};

/// Indentation of the lines under a record's heading.
const INDENT: &str = "    ";

/// Recognizes an `.evtx` file by its `ElfFile\0` magic.
pub fn sniff(bytes: &[u8]) -> bool {
    bytes.starts_with(b"ElfFile\0")
}

/// Parses an `.evtx` file; records point into a decoded view.
pub fn parse(source: &Source, views: &mut ViewSink<'_>) -> Result<Vec<Event>, ParseError> {
    let Some(bytes) = source.bytes.as_deref() else {
        return Err(ParseError::whole_file(
            "expected a binary .evtx file, found text",
        ));
    };
    let parser = EvtxParser::from_buffer(bytes.to_vec()).map_err(|error| {
        ParseError::whole_file(format!("not a readable .evtx file: {}", reason(&error)))
    })?;
    let mut parser = parser.with_configuration(ParserSettings::new().indent(false));
    let mut read = Vec::new();
    let mut failures = Failures::default();
    for result in parser.records_json_value() {
        match result.map(|record| Summary::read(&record)) {
            Ok(Ok(summary)) => read.push(summary),
            Ok(Err(why)) => failures.record(why),
            Err(error) => failures.add(&error),
        }
    }
    if let (true, Some(first)) = (read.is_empty(), &failures.first) {
        return Err(ParseError::whole_file(format!(
            "no record of this .evtx file could be read: {first}"
        )));
    }
    let mut listing = Listing::default();
    let drafts: Vec<Draft> = read.iter().map(|s| listing.record(s)).collect();
    listing.failures(&failures);
    let view = views.add(&source.path, listing.text);
    let span = |range: &Range<usize>| view.span(range.clone());
    let spanned = |value: &Option<String>, range: &Option<Range<usize>>| {
        Some(Spanned::new(value.clone()?, span(range.as_ref()?)))
    };
    Ok(read
        .iter()
        .zip(drafts)
        .map(|(summary, draft)| Event {
            file: source.path.clone(),
            channel: spanned(&summary.channel, &draft.channel),
            provider: spanned(&summary.provider, &draft.provider),
            id: Spanned::new(summary.id, span(&draft.id)),
            level: spanned(&summary.level, &draft.level),
            time: summary
                .time
                .zip(draft.time.as_ref())
                .map(|(time, range)| Spanned::new(time, span(range))),
            message: spanned(&summary.message(), &draft.message),
            record: Spanned::new(
                view.slice(span(&draft.record)).to_string(),
                span(&draft.record),
            ),
        })
        .collect())
}

/// The error and its causes, e.g. `Failed to parse chunk number 1: chunk header CRC32 invalid`.
fn reason(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(inner) = cause {
        let _ = write!(text, ": {inner}");
        cause = inner.source();
    }
    text
}

/// Records and chunks that could not be read, with the first reason of each kind.
#[derive(Default)]
struct Failures {
    records: usize,
    chunks: usize,
    first_record: Option<String>,
    first_chunk: Option<String>,
    first: Option<String>,
}

impl Failures {
    fn add(&mut self, error: &EvtxError) {
        let why = reason(error);
        if matches!(error, EvtxError::FailedToParseChunk { .. }) {
            self.chunks += 1;
            self.first_chunk.get_or_insert_with(|| why.clone());
            self.first.get_or_insert(why);
        } else {
            self.record(why);
        }
    }

    fn record(&mut self, why: String) {
        self.records += 1;
        self.first_record.get_or_insert_with(|| why.clone());
        self.first.get_or_insert(why);
    }
}

/// What one record says, read from the crate's JSON rendering of it.
struct Summary {
    record_id: u64,
    id: i64,
    time: Option<DateTime<FixedOffset>>,
    level: Option<String>,
    channel: Option<String>,
    provider: Option<String>,
    computer: Option<String>,
    /// The localized message, when the log carries `RenderingInfo`.
    rendered: Option<String>,
    /// `EventData`/`UserData` values: `(name, value)`, the name empty for unnamed `Data`.
    data: Vec<(String, String)>,
}

impl Summary {
    fn read(record: &SerializedEvtxRecord<Value>) -> Result<Summary, String> {
        let event = record.data.get("Event").unwrap_or(&record.data);
        let system = event.get("System");
        let field = |name: &str| system.and_then(|s| s.get(name)).and_then(scalar);
        let id = field("EventID")
            .and_then(|id| id.parse::<i64>().ok())
            .ok_or_else(|| format!("record {} has no EventID", record.event_record_id))?;
        let time = system
            .and_then(|s| s.pointer("/TimeCreated/#attributes/SystemTime"))
            .and_then(Value::as_str)
            .and_then(textlog::timestamp)
            .or_else(|| {
                let header = record.timestamp.to_string();
                DateTime::parse_from_rfc3339(&header).ok()
            });
        let level = field("Level").map(|level| {
            match level.parse().ok().and_then(winevent::level_from_number) {
                Some(name) => name.to_string(),
                None => format!("Level {level}"),
            }
        });
        let provider = system
            .and_then(|s| s.pointer("/Provider/#attributes"))
            .and_then(|a| a.get("Name").or_else(|| a.get("EventSourceName")))
            .and_then(scalar);
        let mut data = Vec::new();
        for section in ["EventData", "UserData"] {
            if let Some(values) = event.get(section) {
                collect_data(values, "", &mut data);
            }
        }
        Ok(Summary {
            record_id: record.event_record_id,
            id,
            time,
            level,
            channel: field("Channel").filter(|c| !c.is_empty()),
            provider: provider.filter(|p| !p.is_empty()),
            computer: field("Computer").filter(|c| !c.is_empty()),
            rendered: event
                .pointer("/RenderingInfo/Message")
                .and_then(scalar)
                .filter(|m| !m.trim().is_empty()),
            data,
        })
    }

    /// The message: the rendered one, else the data lines.
    fn message(&self) -> Option<String> {
        if let Some(rendered) = &self.rendered {
            return Some(normalize(rendered));
        }
        let lines: Vec<String> = self
            .data
            .iter()
            .map(|(name, value)| {
                if name.is_empty() {
                    normalize(value)
                } else {
                    format!("{name}: {}", normalize(value))
                }
            })
            .collect();
        (!lines.is_empty()).then(|| lines.join("\n"))
    }
}

/// A scalar's text (strings, numbers, booleans; an element's `#text`).
fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Object(map) => map.get("#text").and_then(scalar),
        Value::Null | Value::Array(_) => None,
    }
}

/// `Name: value` pairs of an `EventData` / `UserData` tree, in order; unnamed `Data` values
/// (the crate renders them as `"Data": {"#text": [...]}`) get an empty name.
fn collect_data(value: &Value, name: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                if key == "#attributes" {
                    continue;
                }
                let inner_name = if key == "#text" || key == "Data" {
                    name
                } else {
                    key.as_str()
                };
                collect_data(inner, inner_name, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                collect_data(item, name, out);
            }
        }
        Value::Null => {}
        scalar_value => {
            if let Some(text) = scalar(scalar_value) {
                out.push((name.to_string(), text));
            }
        }
    }
}

/// Line ends as `\n`.
fn normalize(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Where a record's fields landed in the view.
struct Draft {
    record: Range<usize>,
    id: Range<usize>,
    time: Option<Range<usize>>,
    level: Option<Range<usize>>,
    channel: Option<Range<usize>>,
    provider: Option<Range<usize>>,
    message: Option<Range<usize>>,
}

/// The decoded view being written.
#[derive(Default)]
struct Listing {
    text: String,
}

impl Listing {
    /// Writes `text` with control characters shown as `?` (same byte length, one line).
    fn push(&mut self, text: &str) -> Range<usize> {
        let start = self.text.len();
        self.text.extend(
            text.chars()
                .map(|c| if c.is_control() && c != '\t' { '?' } else { c }),
        );
        start..self.text.len()
    }

    fn record(&mut self, summary: &Summary) -> Draft {
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        let start = self.text.len();
        self.push(&format!("Record {}", summary.record_id));
        let time = summary.time.map(|time| {
            self.push(" — ");
            let shown = time.with_timezone(&Utc).format("%Y-%m-%d %H:%M:%S UTC");
            self.push(&shown.to_string())
        });
        let segment = |listing: &mut Listing, value: &Option<String>| {
            value.as_ref().map(|value| {
                listing.push(" — ");
                listing.push(value)
            })
        };
        let level = segment(self, &summary.level);
        let channel = segment(self, &summary.channel);
        self.push(" — Event ID ");
        let id = self.push(&summary.id.to_string());
        self.text.push('\n');
        let provider = self.labeled("Provider", summary.provider.as_deref());
        self.labeled("Computer", summary.computer.as_deref());
        let rendered = self.labeled("Message", summary.rendered.as_deref());
        let mut data: Option<Range<usize>> = None;
        for (name, value) in &summary.data {
            let name = (!name.is_empty()).then_some(name.as_str());
            let range = self.value_lines(name, value);
            data = Some(match data {
                Some(all) => all.start..range.end,
                None => range,
            });
        }
        let end = self.text.len().saturating_sub(1);
        Draft {
            record: start..end,
            id,
            time,
            level,
            channel,
            provider,
            message: rendered.or(data),
        }
    }

    /// `    Label: value`, the value's range (the whole value, when it spans lines).
    fn labeled(&mut self, label: &str, value: Option<&str>) -> Option<Range<usize>> {
        let value = value?;
        self.text.push_str(INDENT);
        self.push(label);
        self.push(": ");
        Some(self.lines(value))
    }

    /// A data value, with its name when it has one; the range covers name and value.
    fn value_lines(&mut self, name: Option<&str>, value: &str) -> Range<usize> {
        self.text.push_str(INDENT);
        let start = self.text.len();
        if let Some(name) = name {
            self.push(name);
            self.push(": ");
        }
        let end = self.lines(value).end;
        start..end
    }

    /// A value's lines: the first where the cursor is, the others indented under it.
    fn lines(&mut self, value: &str) -> Range<usize> {
        let start = self.text.len();
        let mut end = start;
        for (i, line) in normalize(value).split('\n').enumerate() {
            if i > 0 {
                self.text.push_str(INDENT);
                self.text.push_str(INDENT);
            }
            end = self.push(line).end;
            self.text.push('\n');
        }
        start..end
    }

    fn failures(&mut self, failures: &Failures) {
        let notes = [
            (failures.records, "record", &failures.first_record),
            (failures.chunks, "chunk", &failures.first_chunk),
        ];
        for (count, what, first) in notes {
            let Some(first) = first else { continue };
            if !self.text.is_empty() {
                self.text.push('\n');
            }
            let plural = if count == 1 { "" } else { "s" };
            self.push(&format!(
                "{count} {what}{plural} could not be read: {first}"
            ));
            self.text.push('\n');
        }
        if self.text.is_empty() {
            self.text.push_str("No records.\n");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceMap;
    use std::sync::Arc;

    #[test]
    fn named_unnamed_and_user_data_values() {
        let event: Value = serde_json::json!({
            "EventData": {
                "#attributes": {"Name": "ignored"},
                "Message": "a\r\nb",
                "Data": {"#text": ["x", 5, null, true]}
            },
            "UserData": {"Wire": {"URL": {"#attributes": {"scheme": "http"}, "#text": "http://crl"}}}
        });
        let mut data = Vec::new();
        for section in ["EventData", "UserData"] {
            collect_data(&event[section], "", &mut data);
        }
        let pairs: Vec<(&str, &str)> = data.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        assert_eq!(
            pairs,
            [
                ("Message", "a\r\nb"),
                ("", "x"),
                ("", "5"),
                ("", "true"),
                ("URL", "http://crl")
            ]
        );
        assert_eq!(scalar(&serde_json::json!({"#text": 7})), Some("7".into()));
        assert_eq!(scalar(&serde_json::json!([1])), None);
    }

    #[test]
    fn view_lines_hide_control_characters() {
        let mut listing = Listing::default();
        let range = listing.lines("one\u{1}\r\ntwo\u{1b}");
        assert_eq!(listing.text, "one?\n        two?\n");
        assert_eq!(&listing.text[range], "one?\n        two?");
    }

    #[test]
    fn text_and_garbage_are_errors() {
        let mut map = SourceMap::new();
        let text = Source::text(crate::source::SourceId(0), "a.evtx", "ElfFile".into(), None);
        assert!(parse(&text, &mut map.views()).is_err());
        let garbage = map.add_binary("b.evtx", Arc::from(&b"ElfFile\0\xff\xff"[..]));
        let error = parse(&garbage, &mut map.views()).unwrap_err();
        assert!(
            error.reason.starts_with("not a readable .evtx file"),
            "{}",
            error.reason
        );
    }
}
