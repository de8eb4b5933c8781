//! `w32tm /query /status` text: where the Windows Time service gets its time.
//!
//! A domain member synchronized from a DC:
//!
//! ```text
//! Leap Indicator: 0(no warning)
//! Stratum: 4 (secondary reference - syncd by (S)NTP)
//! Precision: -23 (119.209ns per tick)
//! Root Delay: 0.0312500s
//! Root Dispersion: 0.1095764s
//! ReferenceId: 0x0A00000A (source IP:  10.0.0.10)
//! Last Successful Sync Time: 11/20/2026 8:55:12 AM
//! Source: DC01.corp.contoso.com
//! Poll Interval: 10 (1024s)
//! ```
//!
//! A machine that never synchronized says `Leap Indicator: 3(not synchronized)`,
//! `Last Successful Sync Time: unspecified` and `Source: Free-running System Clock` (or
//! `Local CMOS Clock` when it trusts its own hardware clock). Each line is `Label: value`,
//! split on the first colon; `/verbose` adds more labels, which are ignored.

use super::ParseError;
use super::reg::excerpt;
use super::textlog::us_time;
use crate::model::{Spanned, TimeStatus};
use crate::source::Source;

const LEAP: &str = "Leap Indicator";
const STRATUM: &str = "Stratum";
const LAST_SYNC: &str = "Last Successful Sync Time";
const SOURCE: &str = "Source";

/// Recognizes `w32tm /query /status` output by its `Leap Indicator:` and `Stratum:` lines.
pub fn sniff(text: &str) -> bool {
    let has = |label: &str| {
        text.lines()
            .any(|l| field(l).is_some_and(|(l, _)| l == label))
    };
    has(LEAP) && has(STRATUM)
}

/// Parses `w32tm /query /status` output.
///
/// `Last Successful Sync Time` is the server's local time in US order (`11/20/2026 8:55:12
/// AM`, as on en-US systems) without a zone, and is read as UTC; other date orders, and
/// `unspecified`, leave it `None`.
pub fn parse(source: &Source) -> Result<TimeStatus, ParseError> {
    let mut status = TimeStatus::default();
    for (label, value) in source.text.lines().filter_map(field) {
        if value.is_empty() {
            continue;
        }
        let spanned = || Spanned::new(value.to_string(), source.span_of(value));
        match label {
            LEAP => status.leap_indicator = Some(spanned()),
            STRATUM => status.stratum = Some(stratum(source, value)?),
            LAST_SYNC => {
                status.last_sync = us_time(value).map(|t| Spanned::new(t, source.span_of(value)));
            }
            SOURCE => status.source = Some(spanned()),
            _ => {}
        }
    }
    if status.leap_indicator.is_none() && status.stratum.is_none() {
        return Err(ParseError::whole_file(
            "not `w32tm /query /status` output: no `Leap Indicator:` or `Stratum:` line",
        ));
    }
    if status.source.is_none() {
        return Err(ParseError::whole_file(
            "the w32tm status has no `Source:` line — was the output cut off?",
        ));
    }
    Ok(status)
}

/// `Label: value` at the start of a line (labels contain no colon; values may).
fn field(line: &str) -> Option<(&str, &str)> {
    if line.starts_with(char::is_whitespace) {
        return None;
    }
    let (label, value) = line.split_once(':')?;
    Some((label.trim(), value.trim()))
}

/// `4 (secondary reference - syncd by (S)NTP)`: the leading number, spanned on its digits.
fn stratum(source: &Source, value: &str) -> Result<Spanned<i64>, ParseError> {
    let digits_end = value
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(value.len());
    let digits = value.get(..digits_end).unwrap_or_default();
    match digits.parse::<i64>() {
        Ok(n) => Ok(Spanned::new(n, source.span_of(digits))),
        Err(_) => Err(ParseError::at(
            format!("`Stratum: {}` does not start with a number", excerpt(value)),
            source.span_of(value),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceId;

    fn src(lines: &[&str]) -> Source {
        let text: String = lines.iter().map(|l| format!("{l}\r\n")).collect();
        Source::text(SourceId(0), "w32tm.txt", text, None)
    }

    const SYNCED: &[&str] = &[
        "Leap Indicator: 0(no warning)",
        "Stratum: 4 (secondary reference - syncd by (S)NTP)",
        "Precision: -23 (119.209ns per tick)",
        "Root Delay: 0.0312500s",
        "Root Dispersion: 0.1095764s",
        "ReferenceId: 0x0A00000A (source IP:  10.0.0.10)",
        "Last Successful Sync Time: 11/20/2026 8:55:12 AM",
        "Source: DC01.corp.contoso.com",
        "Poll Interval: 10 (1024s)",
        "",
    ];

    #[test]
    fn synced_from_a_domain_controller() {
        let source = src(SYNCED);
        assert!(sniff(&source.text));
        let status = parse(&source).unwrap();
        let src_field = status.source.unwrap();
        assert_eq!(src_field.value, "DC01.corp.contoso.com");
        assert_eq!(source.line_col(src_field.span.unwrap().start), (8, 9));
        let stratum = status.stratum.unwrap();
        assert_eq!(stratum.value, 4);
        assert_eq!(source.slice(stratum.span.unwrap()), "4");
        let sync = status.last_sync.unwrap();
        assert_eq!(sync.value.to_rfc3339(), "2026-11-20T08:55:12+00:00");
        assert_eq!(source.slice(sync.span.unwrap()), "11/20/2026 8:55:12 AM");
        assert_eq!(status.leap_indicator.unwrap().value, "0(no warning)");
    }

    #[test]
    fn free_running_clock() {
        let source = src(&[
            "Leap Indicator: 3(not synchronized)",
            "Stratum: 0 (unspecified)",
            "Precision: -23 (119.209ns per tick)",
            "Root Delay: 0.0000000s",
            "Root Dispersion: 0.0000000s",
            "ReferenceId: 0x00000000 (unspecified)",
            "Last Successful Sync Time: unspecified",
            "Source: Free-running System Clock",
            "Poll Interval: 10 (1024s)",
        ]);
        let status = parse(&source).unwrap();
        assert_eq!(status.source.unwrap().value, "Free-running System Clock");
        assert_eq!(status.stratum.unwrap().value, 0);
        assert_eq!(status.last_sync, None);
    }

    #[test]
    fn cut_off_and_malformed() {
        let err = parse(&src(&SYNCED[..6])).unwrap_err();
        assert!(err.reason.contains("no `Source:`"), "{err}");
        let source = src(&[
            "Leap Indicator: 0(no warning)",
            "Stratum: four",
            "Source: x",
        ]);
        let err = parse(&source).unwrap_err();
        assert_eq!(source.slice(err.span.unwrap()), "four");
        assert!(parse(&src(&["hello"])).is_err());
        assert!(!sniff("Stratum: 4\r\n"));
    }
}
