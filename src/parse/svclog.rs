//! The legacy NDES connector's WCF `.svclog` traces (`NDESConnector_*.svclog`,
//! `CertificateRegistrationPoint_*.svclog`).
//!
//! `XmlWriterTraceListener` appends one `E2ETraceEvent` element per trace, with no root element
//! around them (so the file is a sequence of XML fragments, not a document):
//!
//! ```text
//! <E2ETraceEvent xmlns="http://schemas.microsoft.com/2004/06/E2ETraceEvent"><System xmlns="http://schemas.microsoft.com/2004/06/windows/eventlog/system"><EventID>0</EventID><Type>3</Type><SubType Name="Error">0</SubType><Level>2</Level><TimeCreated SystemTime="2026-11-20T08:01:33.1234567Z" /><Source Name="CertificateRegistrationPoint" /><Correlation ActivityID="{00000000-0000-0000-0000-000000000000}" /><Execution ProcessName="w3wp" ProcessID="4242" ThreadID="17" /><Channel /><Computer>NDES01</Computer></System><ApplicationData>Signing certificate could not be retrieved. System.Security.Cryptography.CryptographicException: m_safeCertContext is an invalid handle.</ApplicationData></E2ETraceEvent>
//! ```
//!
//! `ApplicationData` holds the message as text, or (for `TraceData`) a `TraceData/DataItem/
//! TraceRecord` tree with a `Description` and an `Exception`.
//!
//! Each fragment is parsed on its own, so spans stay in the file's text: `time` covers the
//! `SystemTime` value, `level` the `SubType` name (or the `Level` number), and `message` the
//! content of `ApplicationData`.

use std::ops::Range;

use roxmltree::{Document, Node};

use super::{ParseError, textlog};
use crate::model::{LogRecord, Spanned};
use crate::source::Source;

const OPEN: &str = "<E2ETraceEvent";
const CLOSE: &str = "</E2ETraceEvent>";
/// Elements of a `TraceRecord` that describe the trace itself rather than say what happened.
const METADATA: [&str; 2] = ["TraceIdentifier", "AppDomain"];

/// Recognizes a trace file: its first element is an `E2ETraceEvent`.
pub fn sniff(text: &str) -> bool {
    after_declaration(text.trim_start())
        .trim_start()
        .starts_with(OPEN)
}

/// The text after a leading `<?xml …?>` declaration, if there is one.
fn after_declaration(text: &str) -> &str {
    if !text.starts_with("<?xml") {
        return text;
    }
    text.find("?>")
        .and_then(|end| text.get(end + 2..))
        .unwrap_or(text)
}

/// Parses an `.svclog` file into one record per `E2ETraceEvent`.
pub fn parse(source: &Source) -> Result<Vec<LogRecord>, ParseError> {
    let text = source.text.as_str();
    let mut at = text.len() - after_declaration(text.trim_start()).len();
    let mut records = Vec::new();
    loop {
        let rest = text.get(at..).unwrap_or_default();
        let skipped = rest.len() - rest.trim_start().len();
        at += skipped;
        let rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        if !rest.starts_with(OPEN) {
            let junk = rest.lines().next().unwrap_or_default();
            let shown: String = junk.chars().take(40).collect();
            return Err(ParseError::at(
                format!("expected an `<E2ETraceEvent>` element here, found `{shown}`"),
                source.span(at..at + junk.len()),
            ));
        }
        let Some(close) = rest.find(CLOSE) else {
            return Err(ParseError::at(
                "this trace event has no `</E2ETraceEvent>` (the file was cut short?)",
                source.span(at..at + OPEN.len()),
            ));
        };
        let end = close + CLOSE.len();
        let fragment = rest.get(..end).unwrap_or_default();
        records.push(record(source, fragment, at)?);
        at += end;
    }
    Ok(records)
}

/// One `E2ETraceEvent` fragment starting at byte `base` of the source.
fn record(source: &Source, fragment: &str, base: usize) -> Result<LogRecord, ParseError> {
    let document = Document::parse(fragment).map_err(|error| {
        let offset = base + byte_offset(fragment, error.pos());
        ParseError::at(
            format!("not valid XML: {error}"),
            source.span(offset..offset),
        )
    })?;
    let root = document.root_element();
    let span = |range: Range<usize>| source.span(base + range.start..base + range.end);
    let system = child(root, "System");
    let time = system
        .and_then(|s| child(s, "TimeCreated"))
        .and_then(|t| t.attribute_node("SystemTime"))
        .and_then(|attribute| {
            let value = textlog::timestamp(attribute.value())?;
            Some(Spanned::new(value, span(attribute.range_value())))
        });
    let level = system
        .and_then(|s| level(s))
        .map(|(name, range)| Spanned::new(name.to_string(), span(range)));
    let message = match child(root, "ApplicationData") {
        Some(data) => {
            let range = trimmed(fragment, content_range(data));
            Spanned::new(message_text(data), span(range))
        }
        None => Spanned::new(String::new(), span(0..OPEN.len())),
    };
    Ok(LogRecord {
        file: source.path.clone(),
        line: source.line_col(base).0,
        time,
        level,
        message,
        request: None,
    })
}

/// The first child element with this local name.
fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

/// The level from `SubType Name="Error"`, else from the `TraceEventType` number in `Level`.
fn level(system: Node<'_, '_>) -> Option<(&'static str, Range<usize>)> {
    let subtype = child(system, "SubType").and_then(|s| s.attribute_node("Name"));
    if let Some((name, level)) = subtype.and_then(|n| Some((n, level_of_name(n.value())?))) {
        return Some((level, name.range_value()));
    }
    let number = child(system, "Level")?;
    let text = number.first_child().filter(|t| t.is_text())?;
    let level = match text.text()?.trim() {
        "1" | "2" => "error",
        "4" => "warning",
        "8" | "16" => "info",
        _ => return None,
    };
    Some((level, text.range()))
}

/// `TraceEventType` names; activity markers (`Start`, `Stop`, `Transfer`...) are informational.
fn level_of_name(name: &str) -> Option<&'static str> {
    Some(match name {
        "Critical" | "Error" => "error",
        "Warning" => "warning",
        "Information" | "Verbose" | "Start" | "Stop" | "Suspend" | "Resume" | "Transfer" => "info",
        _ => return None,
    })
}

/// The text of `ApplicationData`: its own text, or the non-blank texts of its `TraceRecord`
/// (description, exception type, message, stack) one per line.
fn message_text(data: Node<'_, '_>) -> String {
    let parts: Vec<&str> = data
        .descendants()
        .filter(|n| n.is_text())
        .filter(|n| {
            !n.ancestors()
                .any(|a| a.is_element() && METADATA.contains(&a.tag_name().name()))
        })
        .filter_map(|n| n.text())
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect();
    parts.join("\n")
}

/// From the start of an element's first child to the end of its last one (its start tag's
/// end when it is empty).
fn content_range(node: Node<'_, '_>) -> Range<usize> {
    match (node.first_child(), node.last_child()) {
        (Some(first), Some(last)) => first.range().start..last.range().end,
        _ => node.range(),
    }
}

/// `range` without the white space at its ends.
fn trimmed(text: &str, range: Range<usize>) -> Range<usize> {
    let Some(inner) = text.get(range.clone()) else {
        return range;
    };
    let start = range.start + (inner.len() - inner.trim_start().len());
    let end = range.end - (inner.len() - inner.trim_end().len());
    start..end.max(start)
}

/// The byte offset of roxmltree's 1-based row and column (in characters).
fn byte_offset(text: &str, pos: roxmltree::TextPos) -> usize {
    let row = usize::try_from(pos.row).unwrap_or(usize::MAX);
    let col = usize::try_from(pos.col).unwrap_or(usize::MAX);
    let line_start = if row <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(row - 2)
            .map_or(text.len(), |(at, _)| at + 1)
    };
    let line = text.get(line_start..).unwrap_or_default();
    let within = line
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(line.len(), |(at, _)| at);
    line_start + within
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceId;
    use chrono::{DateTime, FixedOffset};

    fn time_of(record: &LogRecord) -> Option<DateTime<FixedOffset>> {
        record.time.as_ref().map(|t| t.value)
    }

    fn src(text: &str) -> Source {
        Source::text(SourceId(5), "CRP.svclog", text.to_string(), None)
    }

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    const SIMPLE: &str = r#"<E2ETraceEvent xmlns="http://schemas.microsoft.com/2004/06/E2ETraceEvent"><System xmlns="http://schemas.microsoft.com/2004/06/windows/eventlog/system"><EventID>0</EventID><Type>3</Type><SubType Name="Information">0</SubType><Level>8</Level><TimeCreated SystemTime="2026-11-20T08:01:33.1234567Z" /><Source Name="CertificateRegistrationPoint" /><Correlation ActivityID="{00000000-0000-0000-0000-000000000000}" /><Execution ProcessName="w3wp" ProcessID="4242" ThreadID="17" /><Channel /><Computer>NDES01</Computer></System><ApplicationData>VerifyRequest Finished with status True &amp; done</ApplicationData></E2ETraceEvent>"#;

    const RECORD: &str = r#"<E2ETraceEvent xmlns="http://schemas.microsoft.com/2004/06/E2ETraceEvent">
<System xmlns="http://schemas.microsoft.com/2004/06/windows/eventlog/system">
<EventID>0</EventID>
<Type>3</Type>
<Level>2</Level>
<TimeCreated SystemTime="2026-11-20T08:01:34Z" />
<Source Name="CertificateRegistrationPoint" />
</System>
<ApplicationData>
  <TraceData><DataItem><TraceRecord xmlns="http://schemas.microsoft.com/2004/10/E2ETraceEvent/TraceRecord" Severity="Error"><TraceIdentifier>http://msdn.microsoft.com/x</TraceIdentifier><Description>Handling an exception.</Description><AppDomain>/LM/W3SVC/1/ROOT/CertificateRegistrationSvc</AppDomain><Exception><ExceptionType>System.Security.Cryptography.CryptographicException</ExceptionType><Message>m_safeCertContext is an invalid handle.</Message></Exception></TraceRecord></DataItem></TraceData>
</ApplicationData>
</E2ETraceEvent>"#;

    #[test]
    fn fragments_in_sequence() {
        let text = format!("{SIMPLE}\r\n{RECORD}\r\n");
        let s = src(&text);
        assert!(sniff(&s.text));
        let records = parse(&s).unwrap();
        assert_eq!(records.len(), 2);
        let first = &records[0];
        assert_eq!(first.line, 1);
        assert_eq!(time_of(first), Some(at("2026-11-20T08:01:33.1234567Z")));
        assert_eq!(
            s.slice(first.time.as_ref().unwrap().span.unwrap()),
            "2026-11-20T08:01:33.1234567Z"
        );
        let level = first.level.as_ref().unwrap();
        assert_eq!(level.value, "info");
        assert_eq!(s.slice(level.span.unwrap()), "Information");
        assert_eq!(
            first.message.value,
            "VerifyRequest Finished with status True & done"
        );
        assert_eq!(
            s.slice(first.message.span.unwrap()),
            "VerifyRequest Finished with status True &amp; done"
        );

        let second = &records[1];
        assert_eq!(second.line, 2);
        let level = second.level.as_ref().unwrap();
        assert_eq!(level.value, "error");
        assert_eq!(s.slice(level.span.unwrap()), "2");
        assert_eq!(
            second.message.value,
            "Handling an exception.\nSystem.Security.Cryptography.CryptographicException\nm_safeCertContext is an invalid handle."
        );
        let span = second.message.span.unwrap();
        assert!(s.slice(span).starts_with("<TraceData>"));
        assert!(s.slice(span).ends_with("</TraceData>"));
        assert_eq!(s.line_col(span.start), (11, 3));
    }

    #[test]
    fn bad_entity_is_an_error_at_its_position() {
        let bad = SIMPLE.replace("&amp;", "&nbsp;");
        let text = format!("{SIMPLE}\n{bad}\n");
        let s = src(&text);
        let error = parse(&s).unwrap_err();
        assert!(
            error.reason.starts_with("not valid XML"),
            "{}",
            error.reason
        );
        let offset = error.span.unwrap().start;
        assert_eq!(s.line_col(offset).0, 2);
        assert!(
            s.text[offset..].starts_with("&nbsp;"),
            "{}",
            &s.text[offset..]
        );
    }

    #[test]
    fn cut_off_and_junk() {
        let cut = &SIMPLE[..200];
        let s = src(cut);
        assert!(sniff(&s.text));
        let error = parse(&s).unwrap_err();
        assert!(error.reason.contains("cut short"), "{}", error.reason);

        let s = src(&format!("{SIMPLE}\r\ngarbage here\r\n"));
        let error = parse(&s).unwrap_err();
        assert_eq!(s.slice(error.span.unwrap()), "garbage here");

        let s = src(&format!("<?xml version=\"1.0\"?>\r\n{SIMPLE}"));
        assert!(sniff(&s.text));
        assert_eq!(parse(&s).unwrap().len(), 1);
        assert!(parse(&src("")).unwrap().is_empty());
    }

    #[test]
    fn missing_parts_are_none() {
        let s = src(
            "<E2ETraceEvent><System><SubType Name=\"Odd\"/><Level>x</Level></System></E2ETraceEvent>",
        );
        let record = &parse(&s).unwrap()[0];
        assert_eq!(record.time, None);
        assert_eq!(record.level, None);
        assert_eq!(record.message.value, "");
        assert_eq!(s.slice(record.message.span.unwrap()), "<E2ETraceEvent");
    }

    #[test]
    fn sniffing() {
        assert!(!sniff("<configuration></configuration>"));
        assert!(!sniff("text <E2ETraceEvent"));
    }
}
