//! `wevtutil qe <channel> /f:text`.
//!
//! One block per event: an `Event[N]:` line at column 0, English labels indented two spaces
//! (values are localized), and the description from the line after `Description:` up to the
//! next `Event[N]:` line (it may hold blank lines and `Label: value` lines of its own):
//!
//! ```text
//! Event[0]:
//!   Log Name: Microsoft-Intune-CertificateConnectors/Admin
//!   Source: Microsoft-Intune-CertificateConnectors
//!   Date: 2024-11-12T08:00:00.123
//!   Event ID: 2
//!   Task: N/A
//!   Level: Error
//!   Opcode: Info
//!   Keyword: N/A
//!   User: S-1-5-18
//!   User Name: NT AUTHORITY\SYSTEM
//!   Computer: NDES01.contoso.com
//!   Description:
//! Failed to send request to Intune service.
//! ```
//!
//! `Date` is local time with milliseconds and no zone on Windows Server 2019 and earlier, and
//! UTC with seven digits and `Z` on newer builds (`2024-01-31T04:26:39.0170000Z`). The older
//! form does not say which zone it is in, so it is read as UTC: its events may be off by the
//! server's UTC offset.
//!
//! Every value is spanned on its text after the label; `message` covers the description lines
//! and `record` the whole block.

use super::{ParseError, textlog, winevent};
use crate::model::{Event, Spanned};
use crate::source::{Source, Span};

/// Recognizes `wevtutil qe /f:text` output: an `Event[N]:` line, then `  Log Name:`.
pub fn sniff(text: &str) -> bool {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let (Some(first), Some(second)) = (lines.next(), lines.next()) else {
        return false;
    };
    is_block_header(first) && second.starts_with("  Log Name:")
}

/// `Event[12]:`, alone on its line at column 0.
fn is_block_header(line: &str) -> bool {
    line.trim_end()
        .strip_prefix("Event[")
        .and_then(|rest| rest.strip_suffix("]:"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Parses `wevtutil qe /f:text` output.
pub fn parse(source: &Source) -> Result<Vec<Event>, ParseError> {
    let lines: Vec<&str> = source.text.lines().collect();
    let starts: Vec<usize> = (0..lines.len())
        .filter(|&i| lines.get(i).is_some_and(|l| is_block_header(l)))
        .collect();
    if starts.is_empty() {
        if source.text.trim().is_empty() {
            // `wevtutil qe` of an empty channel prints nothing.
            return Ok(Vec::new());
        }
        return Err(ParseError::whole_file(
            "no `Event[0]:` line: not `wevtutil qe /f:text` output",
        ));
    }
    let ends = starts.iter().skip(1).copied().chain([lines.len()]);
    starts
        .iter()
        .zip(ends)
        .map(|(&start, end)| event(source, lines.get(start..end).unwrap_or_default()))
        .collect()
}

/// The labeled values of one block and where its description starts.
#[derive(Default)]
struct Block<'s> {
    labels: Vec<(&'s str, &'s str)>,
    /// The description lines, starting with any text on the `Description:` line itself.
    description: Vec<&'s str>,
}

impl<'s> Block<'s> {
    fn read(body: &[&'s str]) -> Self {
        let mut block = Block::default();
        let mut rest = body.iter();
        for line in rest.by_ref() {
            let Some((label, value)) = line.strip_prefix("  ").and_then(|l| l.split_once(':'))
            else {
                continue;
            };
            let label = label.trim();
            let value = value.trim();
            if label == "Description" {
                block.description.push(value);
                break;
            }
            block.labels.push((label, value));
        }
        block.description.extend(rest);
        block
    }

    /// A label's value, when it is there and not empty.
    fn get(&self, label: &str) -> Option<&'s str> {
        self.labels
            .iter()
            .find(|(l, _)| *l == label)
            .map(|(_, v)| *v)
            .filter(|v| !v.is_empty())
    }
}

/// One `Event[N]:` block: `lines` starts with its header.
fn event(source: &Source, lines: &[&str]) -> Result<Event, ParseError> {
    let header = lines.first().copied().unwrap_or_default();
    let block = Block::read(lines.get(1..).unwrap_or_default());
    let spanned = |value: &str| Spanned::new(value.to_string(), source.span_of(value));
    let record_span = block_span(source, lines);
    let id_text = block.get("Event ID").ok_or_else(|| {
        ParseError::at(
            format!(
                "`{}` has no `Event ID:` line (was the file cut short?)",
                header.trim()
            ),
            source.span_of(header),
        )
    })?;
    let id = id_text.parse::<i64>().map_err(|_| {
        ParseError::at(
            format!("`Event ID: {id_text}` is not a number"),
            source.span_of(id_text),
        )
    })?;
    let time = match block.get("Date") {
        None => None,
        Some(date) => {
            let value = textlog::timestamp(date).ok_or_else(|| {
                ParseError::at(
                    format!("`Date: {date}` is not a date"),
                    source.span_of(date),
                )
            })?;
            Some(Spanned::new(value, source.span_of(date)))
        }
    };
    let level = block.get("Level").map(|text| {
        let name = winevent::level_name(text).unwrap_or(text);
        Spanned::new(name.to_string(), source.span_of(text))
    });
    Ok(Event {
        file: source.path.clone(),
        channel: block.get("Log Name").map(spanned),
        provider: block.get("Source").map(spanned),
        id: Spanned::new(id, source.span_of(id_text)),
        level,
        time,
        message: description(source, &block.description),
        record: Spanned::new(source.slice(record_span).to_string(), record_span),
    })
}

/// The description: from its first to its last non-blank line, as written.
fn description(source: &Source, lines: &[&str]) -> Option<Spanned<String>> {
    let mut text = lines.iter().filter(|l| !l.trim().is_empty());
    let first = source.span_of(text.next()?);
    let last = text.next_back().map_or(first, |l| source.span_of(l));
    let span = first.to(last);
    Some(Spanned::new(source.slice(span).to_string(), span))
}

/// The block from its header to its last non-blank line.
fn block_span(source: &Source, lines: &[&str]) -> Span {
    let first = source.span_of(lines.first().copied().unwrap_or_default());
    let last = lines
        .iter()
        .rev()
        .find(|l| !l.trim().is_empty())
        .map_or(first, |l| source.span_of(l));
    first.to(last)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceId;
    use chrono::{DateTime, FixedOffset};

    fn src(text: &str) -> Source {
        Source::text(SourceId(4), "events.txt", text.replace('\n', "\r\n"), None)
    }

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    /// The formats.md 8b sample.
    const SAMPLE: &str = "Event[0]:
  Log Name: Microsoft-Intune-CertificateConnectors/Admin
  Source: Microsoft-Intune-CertificateConnectors
  Date: 2024-11-12T08:00:00.123
  Event ID: 2
  Task: N/A
  Level: Error
  Opcode: Info
  Keyword: N/A
  User: S-1-5-18
  User Name: NT AUTHORITY\\SYSTEM
  Computer: NDES01.contoso.com
  Description: 
Failed to send request to Intune service.

Event[1]:
  Log Name: Application
  Source: Microsoft-Windows-CertificationAuthority
  Date: 2024-01-31T04:26:39.0170000Z
  Event ID: 26
  Task: N/A
  Level: Сведения
  Opcode: N/A
  Keyword: Classic
  User: N/A
  User Name: N/A
  Computer: NDES01.contoso.com
  Description: 
Active Directory Certificate Services for Contoso Issuing CA 01 was started.

Details:
  Event[7] is mentioned here: not a header.
";

    #[test]
    fn documented_sample() {
        let s = src(SAMPLE);
        assert!(sniff(&s.text));
        let events = parse(&s).unwrap();
        assert_eq!(events.len(), 2);
        let first = &events[0];
        assert_eq!(first.id.value, 2);
        assert_eq!(s.line_col(first.id.span.unwrap().start), (5, 13));
        assert_eq!(
            first.channel.as_ref().unwrap().value,
            "Microsoft-Intune-CertificateConnectors/Admin"
        );
        assert_eq!(
            first.provider.as_ref().unwrap().value,
            "Microsoft-Intune-CertificateConnectors"
        );
        let time = first.time.as_ref().unwrap();
        assert_eq!(time.value, at("2024-11-12T08:00:00.123Z"));
        assert_eq!(s.slice(time.span.unwrap()), "2024-11-12T08:00:00.123");
        assert_eq!(first.level.as_ref().unwrap().value, "Error");
        let message = first.message.as_ref().unwrap();
        assert_eq!(message.value, "Failed to send request to Intune service.");
        assert_eq!(s.line_col(message.span.unwrap().start), (14, 1));
        assert!(first.record.value.starts_with("Event[0]:\r\n"));
        assert!(first.record.value.ends_with("Intune service."));

        let second = &events[1];
        assert_eq!(
            second.time.as_ref().unwrap().value,
            at("2024-01-31T04:26:39.017Z")
        );
        let level = second.level.as_ref().unwrap();
        assert_eq!(level.value, "Information");
        assert_eq!(s.slice(level.span.unwrap()), "Сведения");
        let message = &second.message.as_ref().unwrap().value;
        assert!(message.starts_with("Active Directory"));
        assert!(message.ends_with("Event[7] is mentioned here: not a header."));
    }

    #[test]
    fn description_on_the_label_line_and_lf_endings() {
        let text = "Event[0]:\n  Log Name: System\n  Source: Service Control Manager\n  Event ID: 7000\n  Description: The service did not start.\n";
        let s = Source::text(SourceId(0), "x", text.to_string(), None);
        let event = &parse(&s).unwrap()[0];
        assert_eq!(
            event.message.as_ref().unwrap().value,
            "The service did not start."
        );
        assert_eq!(event.time, None);
        assert_eq!(event.level, None);
    }

    #[test]
    fn malformed_blocks() {
        let cut = src(
            "Event[0]:\n  Log Name: Application\n  Source: X\n  Date: 2024-11-12T08:00:00.123\n",
        );
        assert!(sniff(&cut.text));
        let error = parse(&cut).unwrap_err();
        assert!(error.reason.contains("no `Event ID:`"), "{}", error.reason);
        assert_eq!(cut.slice(error.span.unwrap()), "Event[0]:");

        let bad = src("Event[0]:\n  Log Name: A\n  Event ID: two\n");
        assert!(parse(&bad).unwrap_err().reason.contains("not a number"));
        let bad = src("Event[0]:\n  Log Name: A\n  Date: 12/11/2024\n  Event ID: 2\n");
        let error = parse(&bad).unwrap_err();
        assert_eq!(bad.slice(error.span.unwrap()), "12/11/2024");

        assert!(parse(&src("")).unwrap().is_empty());
        assert!(parse(&src("hello")).is_err());
    }

    #[test]
    fn sniffing() {
        assert!(!sniff("Event[0]:\r\n  Source: X\r\n"));
        assert!(!sniff("Event[x]:\r\n  Log Name: X\r\n"));
        assert!(!sniff("Event[0]:"));
        assert!(sniff("\r\nEvent[3]:\r\n  Log Name: X\r\n"));
    }
}
