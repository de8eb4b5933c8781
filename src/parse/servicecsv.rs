//! `Get-Service | Export-Csv` (and `Get-CimInstance Win32_Service | Export-Csv`).
//!
//! Windows PowerShell 5.1 starts with a type line; PowerShell 7 omits it:
//!
//! ```text
//! #TYPE System.ServiceProcess.ServiceController
//! "Name","RequiredServices","CanPauseAndContinue","CanShutdown","CanStop","DisplayName","DependentServices","MachineName","ServiceName","ServicesDependedOn","ServiceHandle","Status","ServiceType","StartType","Site","Container"
//! "W3SVC","System.ServiceProcess.ServiceController[]","True","True","True","World Wide Web Publishing Service","System.ServiceProcess.ServiceController[]",".","W3SVC","System.ServiceProcess.ServiceController[]",,"Running","Win32ShareProcess","Automatic",,
//! ```
//!
//! Every field is quoted with `"` doubled inside; an empty *unquoted* field is `$null`. Enums
//! are written as names. `-UseCulture` swaps the delimiter (`;` on de-DE / fr-FR), so it is
//! read from the header line. The Win32_Service form has `State`/`StartMode`/`StartName`
//! columns instead, normalized the same way as its JSON form. Spans cover a field's text
//! inside its quotes.

use std::ops::Range;

use super::ParseError;
use super::win32service::{normalized, start_type_name, status_name};
use crate::model::{Service, Spanned};
use crate::source::Source;

/// Recognizes a services CSV: a `#TYPE` line naming a service type, or a header with the
/// service columns (`Select-Object` on CIM objects gives a type line that names no class).
pub fn sniff(text: &str) -> bool {
    let Some((mut start, mut line)) = first_line(text, 0) else {
        return false;
    };
    if let Some(type_name) = line.strip_prefix("#TYPE ") {
        if is_service_type(type_name) {
            return true;
        }
        let Some(next) = first_line(text, start + line.len()) else {
            return false;
        };
        (start, line) = next;
    }
    let delimiter = delimiter_of(line);
    let Ok((fields, _)) = record(text, start, delimiter) else {
        return false;
    };
    let has = |name: &str| {
        fields.iter().any(|f| {
            f.value
                .as_deref()
                .is_some_and(|v| v.eq_ignore_ascii_case(name))
        })
    };
    has("Name") && ((has("Status") && has("StartType")) || (has("State") && has("StartMode")))
}

/// `System.ServiceProcess.ServiceController`, its `Selected.` form, and the CIM/WMI classes.
fn is_service_type(type_name: &str) -> bool {
    let lower = type_name.to_ascii_lowercase();
    lower.contains("serviceprocess.servicecontroller") || lower.contains("win32_service")
}

/// Parses `Get-Service | Export-Csv` output.
pub fn parse(source: &Source) -> Result<Vec<Service>, ParseError> {
    let text = source.text.as_str();
    let Some((mut start, mut line)) = first_line(text, 0) else {
        return Ok(Vec::new());
    };
    if line.starts_with("#TYPE") {
        let Some(next) = first_line(text, start + line.len()) else {
            return Err(ParseError::at(
                "the CSV has its `#TYPE` line but no header below it",
                source.span_of(line),
            ));
        };
        (start, line) = next;
    }
    let delimiter = delimiter_of(line);
    let (header, mut pos) = record(text, start, delimiter).map_err(|at| unclosed(source, at))?;
    let columns = Columns::find(&header).ok_or_else(|| {
        ParseError::at(
            "the CSV header has no `Name` or `ServiceName` column",
            source.span_of(line),
        )
    })?;
    let mut services = Vec::new();
    while let Some((row_start, _)) = first_line(text, pos) {
        let (fields, next) =
            record(text, row_start, delimiter).map_err(|at| unclosed(source, at))?;
        services.push(columns.service(source, &fields, row_start..next, header.len())?);
        pos = next;
    }
    Ok(services)
}

/// One CSV field: its value (`None` for an empty unquoted field, PowerShell's `$null`) and
/// the byte range of its text (inside the quotes when quoted).
#[derive(Debug)]
struct Field {
    value: Option<String>,
    range: Range<usize>,
}

/// Where the columns scepter reads are in the header.
struct Columns {
    name: usize,
    display_name: Option<usize>,
    status: Option<usize>,
    start_type: Option<usize>,
    account: Option<usize>,
}

impl Columns {
    fn find(header: &[Field]) -> Option<Columns> {
        let index = |names: &[&str]| {
            names.iter().find_map(|name| {
                header.iter().position(|f| {
                    f.value
                        .as_deref()
                        .is_some_and(|v| v.trim().eq_ignore_ascii_case(name))
                })
            })
        };
        Some(Columns {
            name: index(&["Name", "ServiceName"])?,
            display_name: index(&["DisplayName"]),
            status: index(&["Status", "State"]),
            start_type: index(&["StartType", "StartMode"]),
            account: index(&["UserName", "StartName"]),
        })
    }

    /// One data row; `row` spans the whole record for errors.
    fn service(
        &self,
        source: &Source,
        fields: &[Field],
        row: Range<usize>,
        width: usize,
    ) -> Result<Service, ParseError> {
        if fields.len() < width {
            return Err(ParseError::at(
                format!(
                    "this CSV row has {} fields but the header has {width}: was the file cut off?",
                    fields.len()
                ),
                source.span(row.start..row.end),
            ));
        }
        let get = |column: Option<usize>| {
            let field = fields.get(column?)?;
            let value = field.value.as_ref().filter(|v| !v.trim().is_empty())?;
            Some(Spanned::new(
                value.clone(),
                source.span(field.range.clone()),
            ))
        };
        let name = get(Some(self.name)).ok_or_else(|| {
            ParseError::at("this CSV row has no service name", source.span(row.clone()))
        })?;
        Ok(Service {
            name,
            display_name: get(self.display_name),
            status: get(self.status).map(|s| normalized(s, status_name)),
            start_type: get(self.start_type).map(|s| normalized(s, start_type_name)),
            account: get(self.account),
        })
    }
}

fn unclosed(source: &Source, at: usize) -> ParseError {
    ParseError::at(
        "a quoted CSV field is never closed: was the file cut off?",
        source.span(at..at + 1),
    )
}

/// The first non-blank line at or after `pos`, with its start offset (line end excluded).
fn first_line(text: &str, mut pos: usize) -> Option<(usize, &str)> {
    while let Some(rest) = text.get(pos..) {
        if rest.is_empty() {
            return None;
        }
        let end = rest.find('\n').map_or(rest.len(), |i| i + 1);
        let line = rest.get(..end)?.trim_end_matches(['\r', '\n']);
        if !line.trim().is_empty() {
            return Some((pos, line));
        }
        pos += end;
    }
    None
}

/// `,` unless the header shows another delimiter right after its first field (`-UseCulture`).
fn delimiter_of(header: &str) -> u8 {
    let after_first = match header.strip_prefix('"') {
        Some(quoted) => quoted.find('"').and_then(|i| quoted.as_bytes().get(i + 1)),
        None => header
            .bytes()
            .position(|b| matches!(b, b',' | b';' | b'\t'))
            .and_then(|i| header.as_bytes().get(i)),
    };
    match after_first {
        Some(&b) if matches!(b, b';' | b'\t') => b,
        _ => b',',
    }
}

// The `csv` crate gives no byte positions per field, and spans are the point of scepter: this
// small reader keeps them. Quotes, delimiters and line ends are ASCII, so byte scanning never
// splits a UTF-8 character.

/// Reads one record starting at `pos`; returns its fields and the offset after its line end.
/// `Err` holds the offset of a quote that is never closed.
fn record(text: &str, mut pos: usize, delimiter: u8) -> Result<(Vec<Field>, usize), usize> {
    let bytes = text.as_bytes();
    let mut fields = Vec::new();
    loop {
        let field = if bytes.get(pos) == Some(&b'"') {
            let (field, end) = quoted(text, pos)?;
            pos = end;
            // Stray text after a closing quote is not PowerShell's; skip it.
            while let Some(&b) = bytes.get(pos) {
                if b == delimiter || b == b'\r' || b == b'\n' {
                    break;
                }
                pos += 1;
            }
            field
        } else {
            let start = pos;
            while let Some(&b) = bytes.get(pos) {
                if b == delimiter || b == b'\r' || b == b'\n' {
                    break;
                }
                pos += 1;
            }
            let raw = text.get(start..pos).unwrap_or_default();
            Field {
                value: (!raw.is_empty()).then(|| raw.to_string()),
                range: start..pos,
            }
        };
        fields.push(field);
        match bytes.get(pos) {
            Some(&b) if b == delimiter => pos += 1,
            Some(b'\r') if bytes.get(pos + 1) == Some(&b'\n') => return Ok((fields, pos + 2)),
            Some(_) => return Ok((fields, pos + 1)),
            None => return Ok((fields, pos)),
        }
    }
}

/// A quoted field starting at the quote `open`; returns it and the offset after its closing
/// quote. Doubled quotes inside stand for one.
fn quoted(text: &str, open: usize) -> Result<(Field, usize), usize> {
    let start = open + 1;
    let mut value = String::new();
    let mut pos = start;
    loop {
        let rest = text.get(pos..).ok_or(open)?;
        let quote = rest.find('"').ok_or(open)?;
        value.push_str(rest.get(..quote).unwrap_or_default());
        let at = pos + quote;
        if text.as_bytes().get(at + 1) == Some(&b'"') {
            value.push('"');
            pos = at + 2;
        } else {
            let field = Field {
                value: Some(value),
                range: start..at,
            };
            return Ok((field, at + 1));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceId;

    fn src(text: &str) -> Source {
        Source::text(SourceId(0), "services.csv", text.to_string(), None)
    }

    #[test]
    fn quoted_fields_doubled_quotes_nulls_and_newlines() {
        let text = "\"a\",,\"b \"\"x\"\"\",c,\"multi\r\nline\"\r\nnext";
        let (fields, end) = record(text, 0, b',').unwrap();
        let values: Vec<Option<&str>> = fields.iter().map(|f| f.value.as_deref()).collect();
        assert_eq!(
            values,
            [
                Some("a"),
                None,
                Some("b \"x\""),
                Some("c"),
                Some("multi\r\nline")
            ]
        );
        assert_eq!(&text[fields[2].range.clone()], "b \"\"x\"\"");
        assert_eq!(&text[end..], "next");
        assert_eq!(record("\"open,", 0, b',').unwrap_err(), 0);
    }

    #[test]
    fn delimiters() {
        assert_eq!(delimiter_of("\"Name\";\"Status\""), b';');
        assert_eq!(delimiter_of("\"Na,me\",\"Status\""), b',');
        assert_eq!(delimiter_of("Name;Status;StartType"), b';');
        assert_eq!(delimiter_of("Name"), b',');
    }

    #[test]
    fn reads_win32_columns_and_culture_delimiter() {
        let text = "\"Name\";\"State\";\"StartMode\";\"StartName\"\r\n\"W3SVC\";\"Start Pending\";\"Auto\";\"LocalSystem\"\r\n";
        assert!(sniff(text));
        let s = src(text);
        let services = parse(&s).unwrap();
        let status = services[0].status.as_ref().unwrap();
        assert_eq!(status.value, "StartPending");
        assert_eq!(s.slice(status.span.unwrap()), "Start Pending");
        assert_eq!(services[0].start_type.as_ref().unwrap().value, "Automatic");
        assert_eq!(services[0].account.as_ref().unwrap().value, "LocalSystem");
    }

    #[test]
    fn errors_and_non_matches() {
        let s = src("\"Name\",\"Status\",\"StartType\"\r\n\"W3SVC\",\"Running\"\r\n");
        assert!(parse(&s).unwrap_err().reason.contains("cut off"));
        let s = src("\"Name\",\"Status\",\"StartType\"\r\n\"W3SVC\",\"Runn");
        let error = parse(&s).unwrap_err();
        assert_eq!(s.slice(error.span.unwrap()), "\"");
        assert!(parse(&src("#TYPE System.ServiceProcess.ServiceController\r\n")).is_err());
        assert!(parse(&src("\"Status\",\"StartType\"\r\n")).is_err());
        assert!(!sniff("#TYPE System.Diagnostics.Process\r\n"));
        assert!(!sniff("\"Name\",\"Id\"\r\n"));
        assert!(sniff(
            "#TYPE Selected.System.ServiceProcess.ServiceController\r\n"
        ));
    }
}
