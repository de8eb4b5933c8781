//! IIS W3C logs (`u_ex261120.log`).
//!
//! Directives start with `#`; `#Fields:` names the space-separated values of the records that
//! follow. IIS writes the directives again, possibly with other fields, after every restart:
//!
//! ```text
//! #Software: Microsoft Internet Information Services 10.0
//! #Version: 1.0
//! #Date: 2026-11-20 08:00:12
//! #Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken
//! 2026-11-20 08:00:13 10.0.0.21 POST /CertificateRegistrationSvc/Certificate/VerifyRequest - 443 - 10.0.0.21 NDES_Plugin - 403 16 2148204809 453
//! ```
//!
//! Values never hold spaces (IIS writes `+`), and `-` means "no value". `date` and `time` are
//! UTC. A record's `message` is its line; status 500 and up is an `error`, 400 and up a
//! `warning`; each request field is spanned on its value.

use chrono::{DateTime, FixedOffset};

use super::{ParseError, textlog};
use crate::model::{HttpRequest, LogRecord, Spanned};
use crate::source::Source;

const SOFTWARE: &str = "#Software: Microsoft Internet Information Services";

/// Recognizes a W3C log by its IIS `#Software:` line or a `#Fields:` line with `cs-uri-stem`.
pub fn sniff(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(8)
        .any(|l| {
            l.starts_with(SOFTWARE)
                || l.strip_prefix("#Fields:")
                    .is_some_and(|f| f.split_whitespace().any(|n| n == "cs-uri-stem"))
        })
}

/// The `#Fields:` in force and where they were declared.
struct Fields<'s> {
    names: Vec<&'s str>,
    line: usize,
}

impl Fields<'_> {
    fn index(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n.eq_ignore_ascii_case(name))
    }
}

/// Parses an IIS W3C log into one record per request line.
pub fn parse(source: &Source) -> Result<Vec<LogRecord>, ParseError> {
    let mut fields: Option<Fields<'_>> = None;
    // `#Date:` gives the day for logs whose fields have a `time` but no `date`.
    let mut directive_date: Option<&str> = None;
    let mut records = Vec::new();
    for (i, line) in source.text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        if let Some(directive) = trimmed.strip_prefix('#') {
            if let Some(names) = directive.strip_prefix("Fields:") {
                fields = Some(Fields {
                    names: names.split_whitespace().collect(),
                    line: i + 1,
                });
            } else if let Some(date) = directive.strip_prefix("Date:") {
                directive_date = date.split_whitespace().next();
            }
            continue;
        }
        let Some(fields) = &fields else {
            return Err(ParseError::at(
                "a log record before any `#Fields:` line: the values cannot be named",
                source.span_of(trimmed),
            ));
        };
        records.push(record(source, i, trimmed, fields, directive_date)?);
    }
    Ok(records)
}

fn record(
    source: &Source,
    i: usize,
    line: &str,
    fields: &Fields<'_>,
    directive_date: Option<&str>,
) -> Result<LogRecord, ParseError> {
    let values: Vec<&str> = line.split([' ', '\t']).filter(|v| !v.is_empty()).collect();
    if values.len() != fields.names.len() {
        return Err(ParseError::at(
            format!(
                "this log line has {} values but the `#Fields:` line (line {}) names {}",
                values.len(),
                fields.line,
                fields.names.len()
            ),
            source.span_of(line),
        ));
    }
    let value = |name: &str| {
        fields
            .index(name)
            .and_then(|at| values.get(at).copied())
            .filter(|v| *v != "-")
    };
    let text = |name: &str| value(name).map(|v| Spanned::new(v.to_string(), source.span_of(v)));
    let number = |name: &str| -> Result<Option<Spanned<i64>>, ParseError> {
        let Some(v) = value(name) else {
            return Ok(None);
        };
        let n = v.parse::<i64>().map_err(|_| {
            ParseError::at(
                format!("`{name}` value `{v}` is not a number"),
                source.span_of(v),
            )
        })?;
        Ok(Some(Spanned::new(n, source.span_of(v))))
    };
    let status = number("sc-status")?;
    let level = status.as_ref().and_then(|s| {
        let name = match s.value {
            500.. => "error",
            400.. => "warning",
            _ => return None,
        };
        Some(Spanned {
            value: name.to_string(),
            span: s.span,
        })
    });
    let request = HttpRequest {
        method: text("cs-method"),
        uri_stem: text("cs-uri-stem"),
        uri_query: text("cs-uri-query"),
        status,
        substatus: number("sc-substatus")?,
        win32_status: number("sc-win32-status")?,
    };
    Ok(LogRecord {
        file: source.path.clone(),
        line: i + 1,
        time: time(source, value("date"), value("time"), directive_date)?,
        level,
        message: Spanned::new(line.to_string(), source.span_of(line)),
        request: Some(request),
    })
}

/// `date` + `time` (UTC); the span covers both when both are on the line.
fn time(
    source: &Source,
    date: Option<&str>,
    time: Option<&str>,
    directive_date: Option<&str>,
) -> Result<Option<Spanned<DateTime<FixedOffset>>>, ParseError> {
    let Some(time) = time else {
        return Ok(None);
    };
    let Some(day) = date.or(directive_date) else {
        return Ok(None);
    };
    let value = textlog::timestamp(&format!("{day} {time}")).ok_or_else(|| {
        ParseError::at(
            format!("`{day} {time}` is not a date and time"),
            source.span_of(time),
        )
    })?;
    let span = match date {
        Some(date) => source.span_of(date).to(source.span_of(time)),
        None => source.span_of(time),
    };
    Ok(Some(Spanned::new(value, span)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceId;

    fn src(lines: &[&str]) -> Source {
        let text: String = lines.iter().map(|l| format!("{l}\r\n")).collect();
        Source::text(SourceId(6), "u_ex261120.log", text, None)
    }

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    const LOG: &[&str] = &[
        "#Software: Microsoft Internet Information Services 10.0",
        "#Version: 1.0",
        "#Date: 2026-11-20 08:00:12",
        "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken",
        "2026-11-20 08:00:12 10.0.0.21 GET /certsrv/mscep/mscep.dll/pkiclient.exe operation=GetCACaps&message=default 443 - 203.0.113.45 Dalvik/2.1.0+(Linux;+U;+Android+13) - 200 0 0 31",
        "2026-11-20 08:00:13 10.0.0.21 POST /CertificateRegistrationSvc/Certificate/VerifyRequest - 443 - 10.0.0.21 NDES_Plugin - 403 16 2148204809 453",
        "#Software: Microsoft Internet Information Services 10.0",
        "#Version: 1.0",
        "#Date: 2026-11-20 09:30:00",
        "#Fields: time cs-method cs-uri-stem sc-status",
        "09:30:01 GET /certsrv/mscep/mscep.dll 500",
    ];

    #[test]
    fn records_with_fields_blocks() {
        let s = src(LOG);
        assert!(sniff(&s.text));
        let records = parse(&s).unwrap();
        assert_eq!(records.len(), 3);
        let first = &records[0];
        assert_eq!(first.line, 5);
        assert_eq!(
            first.time.as_ref().unwrap().value,
            at("2026-11-20T08:00:12Z")
        );
        assert_eq!(
            s.slice(first.time.as_ref().unwrap().span.unwrap()),
            "2026-11-20 08:00:12"
        );
        assert_eq!(first.level, None);
        let request = first.request.as_ref().unwrap();
        assert_eq!(request.method.as_ref().unwrap().value, "GET");
        assert_eq!(
            request.uri_query.as_ref().unwrap().value,
            "operation=GetCACaps&message=default"
        );
        assert_eq!(request.status.as_ref().unwrap().value, 200);

        let denied = &records[1];
        assert_eq!(denied.level.as_ref().unwrap().value, "warning");
        let request = denied.request.as_ref().unwrap();
        assert_eq!(request.uri_query, None);
        assert_eq!(request.substatus.as_ref().unwrap().value, 16);
        let win32 = request.win32_status.as_ref().unwrap();
        assert_eq!(win32.value, 2_148_204_809);
        assert_eq!(s.slice(win32.span.unwrap()), "2148204809");
        assert_eq!(s.line_col(win32.span.unwrap().start), (6, 129));

        let restarted = &records[2];
        assert_eq!(
            restarted.time.as_ref().unwrap().value,
            at("2026-11-20T09:30:01Z")
        );
        assert_eq!(
            s.slice(restarted.time.as_ref().unwrap().span.unwrap()),
            "09:30:01"
        );
        assert_eq!(restarted.level.as_ref().unwrap().value, "error");
        assert_eq!(restarted.request.as_ref().unwrap().substatus, None);
    }

    #[test]
    fn malformed_lines() {
        let s = src(&["#Fields: date time cs-uri-stem", "2026-11-20 08:00:12"]);
        let error = parse(&s).unwrap_err();
        assert!(error.reason.contains("2 values"), "{}", error.reason);
        assert!(
            error.reason.contains("(line 1) names 3"),
            "{}",
            error.reason
        );

        let s = src(&[
            "#Software: Microsoft Internet Information Services 10.0",
            "2026-11-20 08:00:12 /x",
        ]);
        assert!(
            parse(&s)
                .unwrap_err()
                .reason
                .contains("before any `#Fields:`")
        );

        let s = src(&[
            "#Fields: date time cs-uri-stem sc-status",
            "2026-11-20 08:00:12 /x OK",
        ]);
        let error = parse(&s).unwrap_err();
        assert_eq!(s.slice(error.span.unwrap()), "OK");

        let s = src(&["#Fields: date time cs-uri-stem", "2026-13-20 08:00:12 /x"]);
        assert!(parse(&s).unwrap_err().reason.contains("not a date"));
        assert!(parse(&src(&[])).unwrap().is_empty());
    }

    #[test]
    fn sniffing() {
        assert!(sniff("#Version: 1.0\r\n#Fields: date time cs-uri-stem\r\n"));
        assert!(!sniff("#Fields: date time x-whatever\r\n"));
        assert!(!sniff("# Software: something\r\n"));
    }
}
