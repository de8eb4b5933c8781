//! `sc.exe query <name>`, `sc.exe queryex <name>` and `sc.exe qc <name>` text, one or several
//! outputs per file (customers concatenate them).
//!
//! ```text
//! [SC] QueryServiceConfig SUCCESS
//!
//! SERVICE_NAME: PFXCertificateConnectorSvc
//!         TYPE               : 10  WIN32_OWN_PROCESS
//!         START_TYPE         : 2   AUTO_START  (DELAYED)
//!         ERROR_CONTROL      : 1   NORMAL
//!         BINARY_PATH_NAME   : "C:\Program Files\Microsoft Intune\PFXconnector\...\PFXCertificateConnectorSvc.exe"
//!         DISPLAY_NAME       : PFX Certificate Connector for Microsoft Intune
//!         DEPENDENCIES       :
//!         SERVICE_START_NAME : LocalSystem
//!
//! SERVICE_NAME: W3SVC
//!         TYPE               : 20  WIN32_SHARE_PROCESS
//!         STATE              : 4  RUNNING
//!                                 (STOPPABLE, PAUSABLE, ACCEPTS_SHUTDOWN)
//! ```
//!
//! Labels are English on every locale; the `[SC] ...` lines and error prose are localized and
//! only delimit outputs. `sc query` without a name puts `DISPLAY_NAME:` at column 0, so labels
//! are read whatever their indentation. `[SC] OpenService FAILED 1060:` (no such service)
//! yields no service. The `query` and `qc` outputs of one service merge into one [`Service`].
//! `STATE` and `START_TYPE` are normalized (`RUNNING` → `Running`, `AUTO_START` →
//! `Automatic`, also when `(DELAYED)`); their spans cover the whole value (`4  RUNNING`).

use super::ParseError;
use super::win32service::{start_type_name, status_name};
use crate::model::{Service, Spanned};
use crate::source::Source;

/// `SERVICE_STATUS.dwCurrentState` values, for a `STATE` line whose name is missing.
const STATE_NUMBERS: [(&str, &str); 7] = [
    ("1", "Stopped"),
    ("2", "StartPending"),
    ("3", "StopPending"),
    ("4", "Running"),
    ("5", "ContinuePending"),
    ("6", "PausePending"),
    ("7", "Paused"),
];

/// `dwStartType` values, for a `START_TYPE` line whose name is missing.
const START_NUMBERS: [(&str, &str); 5] = [
    ("0", "Boot"),
    ("1", "System"),
    ("2", "Automatic"),
    ("3", "Manual"),
    ("4", "Disabled"),
];

/// Recognizes `sc.exe` output: a `SERVICE_NAME:` line, or a first line `[SC] ...` (a
/// `FAILED` query of a missing service has no service block at all).
pub fn sniff(text: &str) -> bool {
    let first = text.lines().map(str::trim).find(|l| !l.is_empty());
    first.is_some_and(|l| l.starts_with("[SC] "))
        || text
            .lines()
            .any(|l| l.trim_start().starts_with("SERVICE_NAME:"))
}

/// Parses `sc.exe query` / `queryex` / `qc` output.
pub fn parse(source: &Source) -> Result<Vec<Service>, ParseError> {
    let mut services: Vec<Service> = Vec::new();
    let mut current: Option<Service> = None;
    let mut saw_sc_line = false;
    for line in source.text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("[SC]") {
            saw_sc_line = true;
            flush(&mut services, current.take());
            continue;
        }
        let Some((label, value)) = field(trimmed) else {
            continue;
        };
        if label == "SERVICE_NAME" {
            flush(&mut services, current.take());
            if value.is_empty() {
                return Err(ParseError::at(
                    "`SERVICE_NAME:` line without a service name",
                    source.span_of(trimmed),
                ));
            }
            current = Some(Service {
                name: spanned(source, value),
                display_name: None,
                status: None,
                start_type: None,
                account: None,
            });
            continue;
        }
        let Some(service) = current.as_mut() else {
            continue;
        };
        if value.is_empty() {
            continue;
        }
        match label {
            "DISPLAY_NAME" => service.display_name = Some(spanned(source, value)),
            "STATE" => service.status = Some(coded(source, value, status_name, &STATE_NUMBERS)),
            "START_TYPE" => {
                service.start_type = Some(coded(source, value, start_type_name, &START_NUMBERS));
            }
            "SERVICE_START_NAME" => service.account = Some(spanned(source, value)),
            _ => {}
        }
    }
    flush(&mut services, current);
    if services.is_empty() && !saw_sc_line {
        return Err(ParseError::whole_file(
            "no `SERVICE_NAME:` line: not `sc.exe query` or `sc.exe qc` output",
        ));
    }
    Ok(services)
}

/// Splits `LABEL   : value` (labels are upper-case words with underscores). Continuation
/// lines (`: WAS` under `DEPENDENCIES`) and the accepted-controls line have no label.
fn field(line: &str) -> Option<(&str, &str)> {
    let (label, value) = line.split_once(':')?;
    let label = label.trim();
    let is_label = !label.is_empty()
        && label
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
    is_label.then_some((label, value.trim()))
}

fn spanned(source: &Source, value: &str) -> Spanned<String> {
    Spanned::new(value.to_string(), source.span_of(value))
}

/// `4  RUNNING` / `2   AUTO_START  (DELAYED)`: the symbolic name decides, the number is the
/// fallback; an unknown value is kept as written.
fn coded(
    source: &Source,
    value: &str,
    canonical: fn(&str) -> Option<&'static str>,
    numbers: &[(&str, &'static str)],
) -> Spanned<String> {
    let mut words = value.split_whitespace();
    let number = words.next().unwrap_or_default();
    let name = words.next().and_then(canonical).or_else(|| {
        numbers
            .iter()
            .find(|(n, _)| *n == number)
            .map(|(_, name)| *name)
    });
    let span = source.span_of(value);
    Spanned::new(name.map_or_else(|| value.to_string(), str::to_string), span)
}

/// Adds a finished block, merging it into an earlier block of the same service (`sc query`
/// then `sc qc` of one name): what one output lacks, the other fills.
fn flush(services: &mut Vec<Service>, block: Option<Service>) {
    let Some(block) = block else {
        return;
    };
    match services
        .iter_mut()
        .find(|s| s.name.value.eq_ignore_ascii_case(&block.name.value))
    {
        Some(known) => {
            known.display_name = known.display_name.take().or(block.display_name);
            known.status = known.status.take().or(block.status);
            known.start_type = known.start_type.take().or(block.start_type);
            known.account = known.account.take().or(block.account);
        }
        None => services.push(block),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceId;

    fn src(lines: &[&str]) -> Source {
        let text: String = lines.iter().map(|l| format!("{l}\r\n")).collect();
        Source::text(SourceId(0), "sc.txt", text, None)
    }

    #[test]
    fn query_and_qc_of_one_service_merge() {
        let s = src(&[
            "",
            "SERVICE_NAME: W3SVC",
            "        TYPE               : 20  WIN32_SHARE_PROCESS",
            "        STATE              : 4  RUNNING",
            "                                (STOPPABLE, PAUSABLE, ACCEPTS_SHUTDOWN)",
            "        WIN32_EXIT_CODE    : 0  (0x0)",
            "",
            "[SC] QueryServiceConfig SUCCESS",
            "",
            "SERVICE_NAME: W3SVC",
            "        START_TYPE         : 2   AUTO_START  (DELAYED)",
            "        BINARY_PATH_NAME   : C:\\Windows\\system32\\svchost.exe -k iissvcs",
            "        DISPLAY_NAME       : World Wide Web Publishing Service",
            "        DEPENDENCIES       : HTTP",
            "                           : WAS",
            "        SERVICE_START_NAME : LocalSystem",
        ]);
        assert!(sniff(&s.text));
        let services = parse(&s).unwrap();
        assert_eq!(services.len(), 1);
        let w3svc = &services[0];
        let status = w3svc.status.as_ref().unwrap();
        assert_eq!(status.value, "Running");
        assert_eq!(s.slice(status.span.unwrap()), "4  RUNNING");
        let start = w3svc.start_type.as_ref().unwrap();
        assert_eq!(start.value, "Automatic");
        assert_eq!(s.slice(start.span.unwrap()), "2   AUTO_START  (DELAYED)");
        assert_eq!(w3svc.account.as_ref().unwrap().value, "LocalSystem");
        assert_eq!(
            w3svc.display_name.as_ref().unwrap().value,
            "World Wide Web Publishing Service"
        );
    }

    #[test]
    fn missing_service_gives_nothing() {
        let s = src(&[
            "[SC] OpenService FAILED 1060:",
            "",
            "The specified service does not exist as an installed service.",
            "",
        ]);
        assert!(sniff(&s.text));
        assert_eq!(parse(&s).unwrap(), vec![]);
    }

    #[test]
    fn numbers_without_names_and_unknown_values() {
        let s = src(&[
            "SERVICE_NAME: A",
            "        STATE              : 7",
            "        START_TYPE         : 9   LATER_START",
        ]);
        let services = parse(&s).unwrap();
        assert_eq!(services[0].status.as_ref().unwrap().value, "Paused");
        assert_eq!(
            services[0].start_type.as_ref().unwrap().value,
            "9   LATER_START"
        );
    }

    #[test]
    fn errors() {
        assert!(parse(&src(&["SERVICE_NAME:", "  STATE : 4 RUNNING"])).is_err());
        assert!(parse(&src(&["nothing here"])).is_err());
        assert!(!sniff("the SERVICE_NAME: is W3SVC"));
    }
}
