//! `Get-CimInstance Win32_Service | Select-Object Name,DisplayName,State,StartMode,StartName,
//! DelayedAutoStart,PathName | ConvertTo-Json`.
//!
//! Values are WMI strings, not .NET enums (Windows PowerShell 5.1 layout):
//!
//! ```text
//! [
//!     {
//!         "Name":  "PFXCertificateConnectorSvc",
//!         "DisplayName":  "PFX Certificate Connector for Microsoft Intune",
//!         "State":  "Start Pending",
//!         "StartMode":  "Auto",
//!         "StartName":  "LocalSystem",
//!         "DelayedAutoStart":  true,
//!         "PathName":  "\"C:\\Program Files\\Microsoft Intune\\PFXconnector\\...\\PFXCertificateConnectorSvc.exe\""
//!     }
//! ]
//! ```
//!
//! Without `Select-Object` every object also carries `CimClass`, `CimInstanceProperties` and
//! `CimSystemProperties` (nested, depth-truncated): only top-level keys are read, so they
//! never get in the way. `State` and `StartMode` are normalized to the names
//! [`Service`] documents (`Start Pending` → `StartPending`, `Auto` → `Automatic`; a delayed
//! start is still `Automatic`, as `Get-Service` reports it); `StartName` is the account.
//! Spans of string values cover the text between the quotes.

use jsonc_parser::ast::{Object, Value};

use super::{ParseError, json};
use crate::model::{Service, Spanned};
use crate::source::Source;

/// Service states by their canonical name, matched ignoring case, spaces and underscores so
/// that WMI (`Start Pending`), `sc.exe` (`START_PENDING`) and .NET (`StartPending`) agree.
const STATUS_NAMES: [&str; 8] = [
    "Stopped",
    "StartPending",
    "StopPending",
    "Running",
    "ContinuePending",
    "PausePending",
    "Paused",
    "Unknown",
];

/// Start types: every spelling Windows uses, with the canonical name.
const START_TYPE_NAMES: [(&str, &str); 11] = [
    ("Boot", "Boot"),
    ("BootStart", "Boot"),
    ("System", "System"),
    ("SystemStart", "System"),
    ("Auto", "Automatic"),
    ("AutoStart", "Automatic"),
    ("Automatic", "Automatic"),
    ("AutomaticDelayedStart", "Automatic"),
    ("Manual", "Manual"),
    ("DemandStart", "Manual"),
    ("Disabled", "Disabled"),
];

/// The canonical service state for any Windows spelling (`Start Pending`, `START_PENDING`,
/// `StartPending`); `None` for a word that is not a state.
pub(crate) fn status_name(raw: &str) -> Option<&'static str> {
    let key = squeeze(raw);
    STATUS_NAMES
        .iter()
        .find(|name| name.eq_ignore_ascii_case(&key))
        .copied()
}

/// The canonical start type for any Windows spelling (`Auto`, `AUTO_START`, `Automatic`,
/// `DEMAND_START`); `None` for a word that is not a start type.
pub(crate) fn start_type_name(raw: &str) -> Option<&'static str> {
    let key = squeeze(raw);
    START_TYPE_NAMES
        .iter()
        .find(|(spelling, _)| spelling.eq_ignore_ascii_case(&key))
        .map(|(_, name)| *name)
}

/// Drops the separators the spellings differ by.
fn squeeze(raw: &str) -> String {
    raw.chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .collect()
}

/// A value normalized by `canonical`, or kept as written when it is unknown (a newer
/// Windows value still shows in reports).
pub(crate) fn normalized(
    value: Spanned<String>,
    canonical: fn(&str) -> Option<&'static str>,
) -> Spanned<String> {
    value.map(|raw| canonical(raw.trim()).map_or(raw, str::to_string))
}

/// Recognizes `Win32_Service` objects by the keys of the first one.
pub fn sniff(text: &str) -> bool {
    let t = text.trim_start();
    if !(t.starts_with('{') || t.starts_with('[')) {
        return false;
    }
    let props = json::first_object_scalars(t);
    let has = |key: &str| props.iter().any(|p| p.key.eq_ignore_ascii_case(key));
    has("Name") && has("State") && has("StartMode")
}

/// Parses `Get-CimInstance Win32_Service | ConvertTo-Json` output.
pub fn parse(source: &Source) -> Result<Vec<Service>, ParseError> {
    json::objects(source, "a Win32_Service object", |object, item| {
        service(source, object, item)
    })
}

/// One `Win32_Service` object.
fn service(source: &Source, object: &Object<'_>, item: &Value<'_>) -> Result<Service, ParseError> {
    let name = json::string(source, object, "Name").ok_or_else(|| {
        ParseError::at(
            "Win32_Service entry has no `Name` string",
            json::span(source, item),
        )
    })?;
    Ok(Service {
        name,
        display_name: json::string(source, object, "DisplayName"),
        status: json::string(source, object, "State").map(|s| normalized(s, status_name)),
        start_type: json::string(source, object, "StartMode")
            .map(|s| normalized(s, start_type_name)),
        account: json::string(source, object, "StartName"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceId;

    fn src(text: &str) -> Source {
        Source::text(SourceId(0), "win32.json", text.to_string(), None)
    }

    #[test]
    fn spellings_normalize_to_the_documented_names() {
        assert_eq!(status_name("Start Pending"), Some("StartPending"));
        assert_eq!(status_name("START_PENDING"), Some("StartPending"));
        assert_eq!(status_name("running"), Some("Running"));
        assert_eq!(status_name("Degraded"), None);
        assert_eq!(start_type_name("Auto"), Some("Automatic"));
        assert_eq!(start_type_name("DEMAND_START"), Some("Manual"));
        assert_eq!(start_type_name("AutomaticDelayedStart"), Some("Automatic"));
        assert_eq!(start_type_name("Sometimes"), None);
    }

    #[test]
    fn reads_select_object_form() {
        let text = "{\r\n    \"Name\":  \"W3SVC\",\r\n    \"State\":  \"Stop Pending\",\r\n    \"StartMode\":  \"Auto\",\r\n    \"StartName\":  null,\r\n    \"DelayedAutoStart\":  true\r\n}";
        assert!(sniff(text));
        let s = src(text);
        let services = parse(&s).unwrap();
        let w3svc = &services[0];
        let status = w3svc.status.as_ref().unwrap();
        assert_eq!(status.value, "StopPending");
        assert_eq!(s.slice(status.span.unwrap()), "Stop Pending");
        let start = w3svc.start_type.as_ref().unwrap();
        assert_eq!(start.value, "Automatic");
        assert_eq!(s.slice(start.span.unwrap()), "Auto");
        assert_eq!(w3svc.account, None);
    }

    #[test]
    fn unknown_values_are_kept_and_bad_shapes_are_errors() {
        let s = src(r#"[{"Name": "X", "State": "Weird", "StartMode": "Later"}]"#);
        let services = parse(&s).unwrap();
        assert_eq!(services[0].status.as_ref().unwrap().value, "Weird");
        assert_eq!(services[0].start_type.as_ref().unwrap().value, "Later");
        assert!(parse(&src(r#"[{"State": "Running"}]"#)).is_err());
        assert!(parse(&src(r#"[1]"#)).is_err());
        assert!(parse(&src("true")).is_err());
        assert_eq!(parse(&src("")).unwrap(), vec![]);
    }

    #[test]
    fn get_service_json_is_not_sniffed() {
        assert!(!sniff(r#"{"Name": "W3SVC", "Status": 4, "StartType": 2}"#));
        assert!(!sniff("Name,State,StartMode"));
    }
}
