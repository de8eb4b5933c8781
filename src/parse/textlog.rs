//! Plain text logs (connector and installer logs).
//!
//! One record per non-blank line. A leading timestamp and a level are read when the line
//! clearly carries them, e.g. a connector or policy-module log:
//!
//! ```text
//! 2026-11-20 09:14:03.120 [Information] Calling VerifyRequest
//! 2026-11-20 09:14:03.480 [Error] Failed to send http request. Error 12175
//! 11/20/2026 9:14:04 AM Verify challenge returns true
//! ```
//!
//! an MSI verbose log (`SetupMSI.log`; its lines carry a time of day but no date, so they
//! get no time):
//!
//! ```text
//! === Verbose logging started: 11/20/2026  10:41:55  Build type: SHIP UNICODE 5.00.10011.00 ===
//! MSI (s) (A8:1C) [10:42:10:115]: Product: Microsoft Intune Connector -- Installation failed.
//! CustomAction WriteIIS7ConfigChanges returned actual error code 1603
//! ```
//!
//! a WiX Burn bootstrapper log (the unified connector's `IntuneCertificateConnector.exe` writes
//! one to `%TEMP%`; the letter after the time is the level: `i` info, `w` warning, `e` error):
//!
//! ```text
//! [0A4C:1F30][2026-11-20T10:41:55]i001: Burn v3.11.2.4516, Windows v10.0 (Build 17763: Service Pack 0)
//! [0A4C:1F30][2026-11-20T10:42:31]e000: Error 0x80070643: Failed to install MSI package.
//! ```
//!
//! the NDES policy module's `NDESPlugin.log`, whose lines carry no time at all (recognized by
//! its fixed phrases when the file was renamed):
//!
//! ```text
//! Calling VerifyRequest ...
//! Sending request to certificate registration point.
//! Verify challenge returns true
//! ```
//!
//! or a CMTrace log (type 1 info, 2 warning, 3 error; a message may span lines):
//!
//! ```text
//! <![LOG[Validating NDES configuration]LOG]!><time="09:14:03.123+060" date="11-20-2026" component="NDES_Validation" context="" type="1" thread="4242" file="">
//! ```

use std::ops::Range;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, Offset, Utc};

use super::ParseError;
use crate::model::{LogKind, LogRecord, Spanned};
use crate::source::Source;

const CMTRACE_OPEN: &str = "<![LOG[";
const CMTRACE_CLOSE: &str = "]LOG]!>";
/// How many non-blank lines content sniffing looks at: enough to judge, cheap on big logs.
const SNIFF_LINES: usize = 200;

/// Phrases only the NDES policy module writes, each at the start of an `NDESPlugin.log` line.
const NDES_PLUGIN_PHRASES: [&str; 4] = [
    "Calling VerifyRequest",
    "Sending request to certificate registration point",
    "Verify challenge returns",
    "Exiting VerifyRequest with",
];

/// Recognizes a text log: a `.log` file name, an MSI log, an `NDESPlugin.log`, or text whose
/// lines mostly start with a timestamp or are CMTrace or Burn records.
pub fn sniff(path: &str, text: &str) -> bool {
    path.to_ascii_lowercase().ends_with(".log")
        || is_msi_log(text)
        || is_ndes_plugin_log(text)
        || mostly_timestamped(text)
}

/// What a text log is: its content decides first (customers rename files), then its name
/// and folder as the collector and `docs/collecting.md` write them.
pub fn kind(path: &str, text: &str) -> LogKind {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    let first = text.lines().map(str::trim).find(|l| !l.is_empty());
    let in_folder = |folder: &str| lower.split('/').rev().skip(1).any(|f| f == folder);
    if is_ndes_plugin_log(text) || name == "ndesplugin.log" {
        LogKind::NdesPlugin
    } else if is_msi_log(text)
        || first.is_some_and(|l| burn_prefix(l).is_some())
        || name == "setupmsi.log"
        || in_folder("ndesconnectorsetup")
        || in_folder("installer")
    {
        LogKind::Installer
    } else if first.is_some_and(|l| l.starts_with("#Software: Microsoft HTTP API"))
        || name.starts_with("httperr")
    {
        LogKind::HttpErr
    } else if name.starts_with("ndesconnector")
        || name.starts_with("certificateregistrationpoint")
        || in_folder("ndesconnectorsvc")
    {
        LogKind::Connector
    } else {
        LogKind::Text
    }
}

fn is_ndes_plugin_log(text: &str) -> bool {
    text.lines()
        .map(str::trim_start)
        .filter(|l| !l.is_empty())
        .take(SNIFF_LINES)
        // The policy module writes plain lines or, in newer versions, CMTrace records.
        .map(|l| l.strip_prefix(CMTRACE_OPEN).unwrap_or(l))
        .any(|l| NDES_PLUGIN_PHRASES.iter().any(|p| l.starts_with(p)))
}

fn is_msi_log(text: &str) -> bool {
    let first = text.lines().map(str::trim).find(|l| !l.is_empty());
    first.is_some_and(|l| {
        l.starts_with("=== Verbose logging started") || l.starts_with("=== Logging started")
    })
}

fn mostly_timestamped(text: &str) -> bool {
    let (mut total, mut stamped) = (0usize, 0usize);
    for line in text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(SNIFF_LINES)
    {
        total += 1;
        if line.trim_start().starts_with(CMTRACE_OPEN)
            || leading_timestamp(line).is_some()
            || burn_prefix(line).is_some()
        {
            stamped += 1;
        }
    }
    total >= 3 && stamped * 10 >= total * 6
}

/// Parses a text log into one record per line (one per CMTrace record).
pub fn parse(source: &Source) -> Result<Vec<LogRecord>, ParseError> {
    let lines: Vec<&str> = source.text.lines().collect();
    let mut records = Vec::new();
    let mut i = 0;
    while let Some(&line) = lines.get(i) {
        if line.trim().is_empty() {
            i += 1;
        } else if let Some((record, last)) = cmtrace_record(source, &lines, i) {
            records.push(record);
            i = last + 1;
        } else {
            records.push(plain_record(source, i, line));
            i += 1;
        }
    }
    Ok(records)
}

/// A line of free text: its time and level when it clearly carries them.
fn plain_record(source: &Source, i: usize, line: &str) -> LogRecord {
    if let Some(burn) = burn_prefix(line) {
        return burn_record(source, i, line, &burn);
    }
    let base = source.span_of(line).start;
    let stamp = leading_timestamp(line);
    let message_start = match &stamp {
        Some((_, range)) => range.end,
        None => msi_prefix_len(line).unwrap_or(0),
    };
    let rest = line.get(message_start..).unwrap_or_default();
    let level = level_at(rest, stamp.is_some())
        .map(|(name, word)| Spanned::new(name.to_string(), source.span_of(word)));
    let time = stamp
        .map(|(time, range)| Spanned::new(time, source.span(base + range.start..base + range.end)));
    LogRecord {
        file: source.path.clone(),
        line: i + 1,
        time,
        level,
        message: Spanned::new(line.to_string(), source.span_of(line)),
        request: None,
    }
}

/// The parts of a Burn line's `[0A4C:1F30][2026-11-20T10:41:55]e000: ` prefix.
struct BurnPrefix<'s> {
    /// When, read as UTC (Burn writes local time without a zone).
    time: DateTime<FixedOffset>,
    /// The time's text, inside the second brackets.
    stamp: &'s str,
    /// The level letter and its normalized name, when it is one of `i`, `w`, `e`.
    level: Option<(&'static str, &'s str)>,
}

/// `[PID:TID][yyyy-mm-ddThh:mm:ss]xNNN: `: process and thread ids in hex, then the time, then a
/// level letter and a message number.
fn burn_prefix(line: &str) -> Option<BurnPrefix<'_>> {
    let rest = line.strip_prefix('[')?;
    let (ids, rest) = rest.split_once("][")?;
    let (pid, tid) = ids.split_once(':')?;
    let hex = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit());
    if !(hex(pid) && hex(tid)) {
        return None;
    }
    let (stamp, rest) = rest.split_once(']')?;
    let time = timestamp(stamp)?;
    let letter = rest.get(..1)?;
    let number = rest.get(1..4)?;
    if !(number.bytes().all(|b| b.is_ascii_digit()) && rest.get(4..5) == Some(":")) {
        return None;
    }
    let level = match letter {
        "e" => Some("error"),
        "w" => Some("warning"),
        "i" => Some("info"),
        _ => None,
    };
    Some(BurnPrefix {
        time,
        stamp,
        level: level.map(|name| (name, letter)),
    })
}

fn burn_record(source: &Source, i: usize, line: &str, burn: &BurnPrefix<'_>) -> LogRecord {
    LogRecord {
        file: source.path.clone(),
        line: i + 1,
        time: Some(Spanned::new(burn.time, source.span_of(burn.stamp))),
        level: burn
            .level
            .map(|(name, letter)| Spanned::new(name.to_string(), source.span_of(letter))),
        message: Spanned::new(line.to_string(), source.span_of(line)),
        request: None,
    }
}

/// A whole value that is one timestamp (ISO 8601 or US order); without a zone it reads as UTC.
/// Shared with the event and trace parsers, whose dates are single values.
pub(crate) fn timestamp(text: &str) -> Option<DateTime<FixedOffset>> {
    let (time, range) = leading_timestamp(text)?;
    (range.start == 0 && range.end == text.len()).then_some(time)
}

/// `MSI (s) (A8:1C) [10:41:55:360]: text`: the length of everything before `text`.
fn msi_prefix_len(line: &str) -> Option<usize> {
    if !line.starts_with("MSI (") {
        return None;
    }
    line.find("]: ").map(|at| at + 3)
}

/// A CMTrace record starting on line `i`: the record and the index of its last line.
/// `None` when the line is no record or the record is never closed (then it is plain text).
fn cmtrace_record(source: &Source, lines: &[&str], i: usize) -> Option<(LogRecord, usize)> {
    let message_start = lines.get(i)?.trim_start().strip_prefix(CMTRACE_OPEN)?;
    let mut last = i;
    let (close_line, close) = loop {
        let line = if last == i {
            message_start
        } else {
            *lines.get(last)?
        };
        // A new record before the close marker: this one was cut off.
        if last > i && line.trim_start().starts_with(CMTRACE_OPEN) {
            return None;
        }
        if let Some(at) = line.find(CMTRACE_CLOSE) {
            break (line, at);
        }
        last += 1;
    };
    let start = source.span_of(message_start).start;
    let end = source.span_of(close_line).start + close;
    let message = source.text.get(start..end)?;
    let attributes = close_line.get(close + CMTRACE_CLOSE.len()..)?;
    let record = LogRecord {
        file: source.path.clone(),
        line: i + 1,
        time: cmtrace_time(source, attributes),
        level: cmtrace_level(source, attributes),
        message: Spanned::new(message.to_string(), source.span(start..end)),
        request: None,
    };
    Some((record, last))
}

fn cmtrace_level(source: &Source, attributes: &str) -> Option<Spanned<String>> {
    let kind = attribute(attributes, "type")?;
    let name = match kind.trim() {
        "1" => "info",
        "2" => "warning",
        "3" => "error",
        _ => return None,
    };
    Some(Spanned::new(name.to_string(), source.span_of(kind)))
}

/// `time="09:14:03.123+060" date="11-20-2026"`: the span covers both attribute values.
fn cmtrace_time(source: &Source, attributes: &str) -> Option<Spanned<DateTime<FixedOffset>>> {
    let time = attribute(attributes, "time")?;
    let date = attribute(attributes, "date")?;
    let mut d = Cursor::new(date, 0);
    let month = d.number(1, 2)?;
    d.eat(b'-').then_some(())?;
    let day = d.number(1, 2)?;
    d.eat(b'-').then_some(())?;
    let year = d.number(4, 4)?;
    let mut t = Cursor::new(time, 0);
    let clock = t.clock()?;
    let offset = t.cmtrace_offset()?;
    let value = build(year, month, day, clock, offset)?;
    Some(Spanned::new(
        value,
        source.span_of(time).to(source.span_of(date)),
    ))
}

/// The value of `name="..."` in a CMTrace attribute list.
fn attribute<'s>(attributes: &'s str, name: &str) -> Option<&'s str> {
    let key = format!("{name}=\"");
    let mut from = 0;
    while let Some(found) = attributes.get(from..)?.find(&key) {
        let at = from + found;
        let value_start = at + key.len();
        // `date=` must not match inside `update=`: the key starts the attribute list or
        // follows white space.
        let before = attributes.get(..at)?.chars().next_back();
        if before.is_none_or(|c| c == '<' || c.is_whitespace()) {
            let rest = attributes.get(value_start..)?;
            return rest.get(..rest.find('"')?);
        }
        from = value_start;
    }
    None
}

/// A timestamp at the start of `line` (after white space and an optional `[`): its value
/// and byte range in the line.
fn leading_timestamp(line: &str) -> Option<(DateTime<FixedOffset>, Range<usize>)> {
    let mut start = line.len() - line.trim_start().len();
    if line.get(start..)?.starts_with('[') {
        start += 1;
    }
    for read in [Cursor::iso, Cursor::us] {
        let mut cursor = Cursor::new(line, start);
        if let Some(time) = read(&mut cursor).filter(|_| cursor.at_word_end()) {
            return Some((time, start..cursor.pos));
        }
    }
    None
}

/// A US-order time filling all of `text` (`11/20/2026 8:55:12 AM`); without a zone it is
/// taken as UTC.
pub(crate) fn us_time(text: &str) -> Option<DateTime<FixedOffset>> {
    let mut cursor = Cursor::new(text, 0);
    cursor.us().filter(|_| cursor.pos == text.len())
}

/// A level word right at the start of `rest` (after separators): `[Error]` in any case,
/// `Error:`, or — after a timestamp — a bare `ERROR`/`Error` not followed by a number
/// (`Error 1603` is a message, not a level).
fn level_at(rest: &str, stamped: bool) -> Option<(&'static str, &str)> {
    let s = rest.trim_start_matches(|c: char| c.is_whitespace() || "-|]:,".contains(c));
    if let Some(inner) = s.strip_prefix('[') {
        let (word, after) = split_word(inner);
        if !after.starts_with(']') {
            return None;
        }
        return level_name(word, true).map(|name| (name, word));
    }
    let (word, after) = split_word(s);
    let name = level_name(word, false)?;
    let next = after
        .trim_start_matches([' ', '\t', '|', '-'])
        .chars()
        .next();
    let bare = after.is_empty()
        || (after.starts_with([' ', '\t', '|']) && !next.is_some_and(|c| c.is_ascii_digit()));
    (after.starts_with(':') || (stamped && bare)).then_some((name, word))
}

fn split_word(s: &str) -> (&str, &str) {
    let end = s
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(s.len());
    s.split_at_checked(end).unwrap_or((s, ""))
}

/// The normalized level of a word; unbracketed words must be `Error` or `ERROR`, because
/// prose writes "error" in lower case.
fn level_name(word: &str, any_case: bool) -> Option<&'static str> {
    let name = match word.to_ascii_lowercase().as_str() {
        "error" | "fatal" | "critical" => "error",
        "warning" | "warn" => "warning",
        "information" | "info" => "info",
        _ => return None,
    };
    let upper = word.bytes().all(|b| b.is_ascii_uppercase());
    let mut chars = word.chars();
    let capitalized = chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_lowercase());
    (any_case || upper || capitalized).then_some(name)
}

/// Hour, minute, second, nanosecond.
type Clock = (u32, u32, u32, u32);

/// A byte cursor over ASCII timestamp text.
struct Cursor<'s> {
    bytes: &'s [u8],
    pos: usize,
}

impl<'s> Cursor<'s> {
    fn new(text: &'s str, pos: usize) -> Self {
        Cursor {
            bytes: text.as_bytes(),
            pos,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let hit = self.peek() == Some(byte);
        if hit {
            self.pos += 1;
        }
        hit
    }

    /// `min..=max` decimal digits (as many as there are, up to `max`), and how many.
    fn digits(&mut self, min: usize, max: usize) -> Option<(u32, usize)> {
        let mut value: u32 = 0;
        let mut count = 0;
        while count < max {
            let Some(digit) = self.peek().filter(u8::is_ascii_digit) else {
                break;
            };
            value = value
                .checked_mul(10)?
                .checked_add(u32::from(digit - b'0'))?;
            self.pos += 1;
            count += 1;
        }
        (count >= min).then_some((value, count))
    }

    fn number(&mut self, min: usize, max: usize) -> Option<u32> {
        self.digits(min, max).map(|(value, _)| value)
    }

    /// True when the timestamp is not glued to more letters or digits.
    fn at_word_end(&self) -> bool {
        !self.peek().is_some_and(|b| b.is_ascii_alphanumeric())
    }

    /// `2026-11-20 09:14:03[.fff][Z|±hh:mm]`, also with `T` or `/` separators.
    fn iso(&mut self) -> Option<DateTime<FixedOffset>> {
        let year = self.number(4, 4)?;
        let separator = self.peek().filter(|b| *b == b'-' || *b == b'/')?;
        self.pos += 1;
        let month = self.number(1, 2)?;
        self.eat(separator).then_some(())?;
        let day = self.number(1, 2)?;
        (self.eat(b'T') || self.eat(b' ')).then_some(())?;
        let clock = self.clock()?;
        let offset = self.zone().unwrap_or(utc());
        build(year, month, day, clock, offset)
    }

    /// `11/20/2026 9:14:03 AM` (US order; 24-hour clock when there is no AM/PM).
    fn us(&mut self) -> Option<DateTime<FixedOffset>> {
        let month = self.number(1, 2)?;
        self.eat(b'/').then_some(())?;
        let day = self.number(1, 2)?;
        self.eat(b'/').then_some(())?;
        let year = self.number(4, 4)?;
        self.eat(b',');
        self.eat(b' ').then_some(())?;
        while self.eat(b' ') {}
        let (hour, minute, second, nanos) = self.clock()?;
        let hour = self.meridiem(hour)?;
        build(year, month, day, (hour, minute, second, nanos), utc())
    }

    /// Applies a following ` AM`/` PM` to a 12-hour `hour`; leaves the cursor alone without.
    fn meridiem(&mut self, hour: u32) -> Option<u32> {
        let saved = self.pos;
        while self.eat(b' ') {}
        let word = self
            .bytes
            .get(self.pos..self.pos + 2)
            .map(<[u8]>::to_ascii_uppercase);
        let pm = match word.as_deref() {
            Some(b"AM") => false,
            Some(b"PM") => true,
            _ => {
                self.pos = saved;
                return Some(hour);
            }
        };
        self.pos += 2;
        if !(1..=12).contains(&hour) {
            return None;
        }
        Some(hour % 12 + if pm { 12 } else { 0 })
    }

    /// `9:14:03[.123]`.
    fn clock(&mut self) -> Option<Clock> {
        let hour = self.number(1, 2)?;
        self.eat(b':').then_some(())?;
        let minute = self.number(2, 2)?;
        self.eat(b':').then_some(())?;
        let second = self.number(2, 2)?;
        Some((hour, minute, second, self.fraction()))
    }

    /// `.123` or `,123` as nanoseconds; digits past the ninth are skipped.
    fn fraction(&mut self) -> u32 {
        let mark = self.peek();
        let digit_follows = self.bytes.get(self.pos + 1).is_some_and(u8::is_ascii_digit);
        if !(matches!(mark, Some(b'.' | b',')) && digit_follows) {
            return 0;
        }
        self.pos += 1;
        let (value, count) = self.digits(1, 9).unwrap_or((0, 9));
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        let scale = 10u32.pow(u32::try_from(9 - count.min(9)).unwrap_or(0));
        value.saturating_mul(scale)
    }

    /// `Z`, `±hh:mm`, `±hhmm` or `±hh`; the cursor stays put when there is no zone.
    fn zone(&mut self) -> Option<FixedOffset> {
        if self.eat(b'Z') {
            return Some(utc());
        }
        let saved = self.pos;
        let zone = self.signed_zone();
        if zone.is_none() {
            self.pos = saved;
        }
        zone
    }

    fn signed_zone(&mut self) -> Option<FixedOffset> {
        let sign = match self.peek()? {
            b'+' => 1,
            b'-' => -1,
            _ => return None,
        };
        self.pos += 1;
        let hours = self.number(2, 2)?;
        self.eat(b':');
        let minutes = self.number(2, 2).unwrap_or(0);
        let seconds = i32::try_from(hours * 3600 + minutes * 60).ok()?;
        FixedOffset::east_opt(sign * seconds)
    }

    /// CMTrace writes the UTC offset in minutes after the time (`+060`). The NDES
    /// validation script takes it from a WMI datetime, where it is positive east of UTC.
    fn cmtrace_offset(&mut self) -> Option<FixedOffset> {
        let sign = match self.peek() {
            None => return Some(utc()),
            Some(b'+') => 1,
            Some(b'-') => -1,
            Some(_) => return None,
        };
        self.pos += 1;
        let minutes = i32::try_from(self.number(1, 4)?).ok()?;
        FixedOffset::east_opt(sign * minutes * 60)
    }
}

fn utc() -> FixedOffset {
    Utc.fix()
}

fn build(
    year: u32,
    month: u32,
    day: u32,
    (hour, minute, second, nanos): Clock,
    offset: FixedOffset,
) -> Option<DateTime<FixedOffset>> {
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)?;
    date.and_time(time).and_local_timezone(offset).single()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::source::SourceId;

    fn src(path: &str, lines: &[&str]) -> Source {
        let text: String = lines.iter().map(|l| format!("{l}\r\n")).collect();
        Source::text(SourceId(0), path, text, None)
    }

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    const CONNECTOR: &[&str] = &[
        "2026-11-20 09:14:03.120 [Information] Calling VerifyRequest",
        "",
        "2026-11-20 09:14:03.480 [Error] Failed to send http request /CertificateRegistrationSvc/Certificate/VerifyRequest. Error 12175",
        "2026-11-20T09:14:05Z WARNING certificate expires in 20 days",
        "[2026-11-20 09:14:06+01:00] ERROR: request rejected",
        "11/20/2026 9:14:03 AM Sending request to certificate registration point.",
        "11/20/2026 12:14:04 PM Verify challenge returns true",
        "2026-11-20 09:14:07 Error 1603 while installing",
        "Exiting VerifyRequest with 0x0",
    ];

    #[test]
    fn connector_log_times_levels_and_spans() {
        let source = src("NDESPlugin.log", CONNECTOR);
        let records = parse(&source).unwrap();
        assert_eq!(records.len(), 8);
        let first = &records[0];
        assert_eq!(first.line, 1);
        assert_eq!(first.file, "NDESPlugin.log");
        assert_eq!(first.message.value, CONNECTOR[0]);
        assert_eq!(source.slice(first.message.span.unwrap()), CONNECTOR[0]);
        let time = first.time.as_ref().unwrap();
        assert_eq!(time.value, at("2026-11-20T09:14:03.120Z"));
        assert_eq!(source.slice(time.span.unwrap()), "2026-11-20 09:14:03.120");
        let level = first.level.as_ref().unwrap();
        assert_eq!(level.value, "info");
        assert_eq!(source.slice(level.span.unwrap()), "Information");
        assert_eq!(source.line_col(level.span.unwrap().start), (1, 26));

        let error = &records[1];
        assert_eq!(error.line, 3);
        assert_eq!(error.level.as_ref().unwrap().value, "error");
        assert_eq!(
            records[2].time.as_ref().unwrap().value,
            at("2026-11-20T09:14:05Z")
        );
        assert_eq!(records[2].level.as_ref().unwrap().value, "warning");

        let bracketed = &records[3];
        assert_eq!(
            bracketed.time.as_ref().unwrap().value,
            at("2026-11-20T09:14:06+01:00")
        );
        assert_eq!(
            source.slice(bracketed.time.as_ref().unwrap().span.unwrap()),
            "2026-11-20 09:14:06+01:00"
        );
        assert_eq!(bracketed.level.as_ref().unwrap().value, "error");

        assert_eq!(
            records[4].time.as_ref().unwrap().value,
            at("2026-11-20T09:14:03Z")
        );
        assert_eq!(
            source.slice(records[4].time.as_ref().unwrap().span.unwrap()),
            "11/20/2026 9:14:03 AM"
        );
        assert_eq!(records[4].level, None);
        assert_eq!(
            records[5].time.as_ref().unwrap().value,
            at("2026-11-20T12:14:04Z")
        );
        // "Error 1603" is a message about an error code, not a level.
        assert_eq!(records[6].level, None);
        assert_eq!(records[7].time, None);
        assert_eq!(records[7].level, None);
        assert_eq!(records[7].line, 9);
    }

    const MSI: &[&str] = &[
        r"=== Verbose logging started: 11/20/2026  10:41:55  Build type: SHIP UNICODE 5.00.10011.00  Calling process: C:\Windows\system32\msiexec.exe ===",
        "MSI (c) (A8:1C) [10:41:55:360]: Resetting cached policy values",
        "MSI (s) (A8:1C) [10:42:10:110]: Note: 1: 1708 ",
        "WriteIIS7ConfigChanges:  Error 0x80070002: Site not found for create application",
        "CustomAction WriteIIS7ConfigChanges returned actual error code 1603 (note this may not be 100% accurate if translation happened inside sandbox)",
        "MSI (s) (A8:1C) [10:42:10:115]: Product: Microsoft Intune Connector -- Installation failed.",
        "=== Logging stopped: 11/20/2026  10:42:10 ===",
    ];

    #[test]
    fn msi_log_has_records_without_times() {
        let source = src("install/SetupMSI.txt", MSI);
        assert!(sniff(&source.path, &source.text));
        let records = parse(&source).unwrap();
        assert_eq!(records.len(), 7);
        assert!(
            records
                .iter()
                .all(|r| r.time.is_none() && r.level.is_none())
        );
        assert_eq!(records[3].message.value, MSI[3]);
        assert_eq!(
            source.line_col(records[3].message.span.unwrap().start),
            (4, 1)
        );
    }

    #[test]
    fn msi_line_with_a_clear_level() {
        let source = src(
            "x.log",
            &["MSI (s) (A8:1C) [10:42:10:115]: Error: 1603 fatal"],
        );
        let records = parse(&source).unwrap();
        assert_eq!(records[0].level.as_ref().unwrap().value, "error");
        assert_eq!(records[0].time, None);
    }

    const CMTRACE: &[&str] = &[
        r#"<![LOG[Validating NDES configuration]LOG]!><time="09:14:03.123+060" date="11-20-2026" component="NDES_Validation" context="" type="1" thread="4242" file="">"#,
        r#"<![LOG[The client authentication certificate has expired]LOG]!><time="09:14:04.500+060" date="11-20-2026" component="NDES_Validation" context="" type="3" thread="4242" file="">"#,
        r#"<![LOG[First line"#,
        r#"second line]LOG]!><time="9:14:05.000-300" date="1-2-2026" component="NDES_Validation" context="" type="2" thread="4242" file="">"#,
        r#"<![LOG[cut off"#,
        r#"<![LOG[Done]LOG]!><time="09:14:06.000" date="11-20-2026" component="X" context="" type="9" thread="1" file="">"#,
    ];

    #[test]
    fn cmtrace_records() {
        let source = src("Validate-NDESConfig.txt", CMTRACE);
        assert!(sniff(&source.path, &source.text));
        let records = parse(&source).unwrap();
        assert_eq!(records.len(), 5);

        let first = &records[0];
        assert_eq!(first.message.value, "Validating NDES configuration");
        assert_eq!(
            source.slice(first.message.span.unwrap()),
            "Validating NDES configuration"
        );
        assert_eq!(source.line_col(first.message.span.unwrap().start), (1, 8));
        let time = first.time.as_ref().unwrap();
        assert_eq!(time.value, at("2026-11-20T09:14:03.123+01:00"));
        assert_eq!(
            source.slice(time.span.unwrap()),
            r#"09:14:03.123+060" date="11-20-2026"#
        );
        let level = first.level.as_ref().unwrap();
        assert_eq!(level.value, "info");
        assert_eq!(source.slice(level.span.unwrap()), "1");
        assert_eq!(records[1].level.as_ref().unwrap().value, "error");

        let multi = &records[2];
        assert_eq!(multi.line, 3);
        assert_eq!(multi.message.value, "First line\r\nsecond line");
        assert_eq!(multi.level.as_ref().unwrap().value, "warning");
        assert_eq!(
            multi.time.as_ref().unwrap().value,
            at("2026-01-02T09:14:05-05:00")
        );

        // An unclosed record stays a plain line; the next record is read normally.
        assert_eq!(records[3].line, 5);
        assert_eq!(records[3].message.value, CMTRACE[4]);
        assert_eq!(records[4].message.value, "Done");
        assert_eq!(
            records[4].time.as_ref().unwrap().value,
            at("2026-11-20T09:14:06Z")
        );
        assert_eq!(records[4].level, None);
    }

    #[test]
    fn sniffing() {
        assert!(sniff("logs/NDESConnector.LOG", "anything"));
        let stamped = CONNECTOR.join("\r\n");
        assert!(sniff("connector.txt", &stamped));
        assert!(!sniff(
            "notes.txt",
            "one\r\ntwo\r\n2026-11-20 09:14:03 three\r\n"
        ));
        // Fewer than three lines are too few to judge by content.
        assert!(!sniff(
            "a.txt",
            "2026-11-20 09:14:03 a\r\n2026-11-20 09:14:04 b\r\n"
        ));
        assert!(!sniff("a.txt", ""));
    }

    #[test]
    fn empty_and_blank_logs_have_no_records() {
        assert!(parse(&src("a.log", &[])).unwrap().is_empty());
        assert!(parse(&src("a.log", &["", "   ", ""])).unwrap().is_empty());
    }

    #[test]
    fn impossible_dates_and_glued_text_are_not_times() {
        for line in [
            "2026-13-40 09:14:03 x",
            "2026-11-20 25:14:03 x",
            "13/20/2026 9:14:03 AM x",
            "11/20/2026 13:14:03 PM x",
            "2026-11-20 09:14:03abc",
            "20261120 09:14:03 x",
        ] {
            assert_eq!(leading_timestamp(line), None, "{line}");
        }
        let (time, range) = leading_timestamp("2026-11-20 09:14:03,5-0130 x").unwrap();
        assert_eq!(time, at("2026-11-20T09:14:03.5-01:30"));
        assert_eq!(range, 0..26);
        let (time, _) = leading_timestamp("11/20/2026, 12:00:00 AM midnight").unwrap();
        assert_eq!(time, at("2026-11-20T00:00:00Z"));
    }

    #[test]
    fn levels_are_conservative() {
        assert_eq!(level_at(" [warn] x", true).map(|l| l.0), Some("warning"));
        assert_eq!(level_at("Error: boom", false).map(|l| l.0), Some("error"));
        assert_eq!(level_at("Error boom", false), None);
        assert_eq!(level_at("error: lower case prose", false), None);
        assert_eq!(
            level_at(" - INFO | started", true).map(|l| l.0),
            Some("info")
        );
        assert_eq!(level_at(" Errors were found", true), None);
        assert_eq!(level_at(" [Errors] x", true), None);
    }

    const BURN: &[&str] = &[
        r"[0A4C:1F30][2026-11-20T10:41:55]i001: Burn v3.11.2.4516, Windows v10.0 (Build 17763: Service Pack 0), path: C:\Users\admin\Downloads\IntuneCertificateConnector.exe",
        "[0A4C:1F30][2026-11-20T10:42:31]w343: Prompt for source of package: IntuneCertificateConnector",
        "[0A4C:1F30][2026-11-20T10:42:31]e000: Error 0x80070643: Failed to install MSI package.",
        "[0A4C:1F30][2026-11-20T10:42:32]s001: not a level letter",
        "[xyz:1F30][2026-11-20T10:42:33]e000: not hex ids",
    ];

    #[test]
    fn burn_lines_have_times_and_levels() {
        let source = src("Intune Certificate Connector_20261120104155.txt", BURN);
        assert!(sniff(&source.path, &source.text));
        let records = parse(&source).unwrap();
        assert_eq!(records.len(), 5);
        let time = records[0].time.as_ref().unwrap();
        assert_eq!(time.value, at("2026-11-20T10:41:55Z"));
        assert_eq!(source.slice(time.span.unwrap()), "2026-11-20T10:41:55");
        assert_eq!(records[0].level.as_ref().unwrap().value, "info");
        assert_eq!(records[1].level.as_ref().unwrap().value, "warning");
        let error = records[2].level.as_ref().unwrap();
        assert_eq!(error.value, "error");
        assert_eq!(source.slice(error.span.unwrap()), "e");
        assert_eq!(source.line_col(error.span.unwrap().start), (3, 33));
        assert_eq!(records[3].level, None);
        assert!(records[3].time.is_some());
        assert_eq!(records[4].time, None);
    }

    #[test]
    fn ndes_plugin_log_is_recognized_by_its_phrases() {
        let lines = [
            "Calling VerifyRequest ...",
            "Sending request to certificate registration point.",
            "Verify challenge returns true",
            "Exiting VerifyRequest with 0x0",
        ];
        let source = src("policy-module.txt", &lines);
        assert!(sniff(&source.path, &source.text));
        let records = parse(&source).unwrap();
        assert_eq!(records.len(), 4);
        assert!(
            records
                .iter()
                .all(|r| r.time.is_none() && r.level.is_none())
        );
        assert!(!sniff(
            "notes.txt",
            "Calling a friend\r\nVerify the form\r\n"
        ));
    }

    #[test]
    fn whole_value_timestamps() {
        assert_eq!(
            timestamp("2024-01-31T04:26:39.0170000Z"),
            Some(at("2024-01-31T04:26:39.017Z"))
        );
        assert_eq!(
            timestamp("2016-12-22T05:29:02.512"),
            Some(at("2016-12-22T05:29:02.512Z"))
        );
        assert_eq!(timestamp("2016-12-22T05:29:02 x"), None);
        assert_eq!(timestamp(" 2016-12-22T05:29:02"), None);
        assert_eq!(timestamp("[2016-12-22T05:29:02"), None);
    }
}
