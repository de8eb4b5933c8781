//! `Get-Service | ConvertTo-Json`, with or without `Select-Object Name,DisplayName,Status,StartType`.
//!
//! Windows PowerShell 5.1 writes enums as numbers (abridged; nested objects are ignored):
//!
//! ```text
//! {
//!     "Name":  "W3SVC",
//!     "RequiredServices":  [ ... ],
//!     "DisplayName":  "World Wide Web Publishing Service",
//!     "ServiceName":  "W3SVC",
//!     "Status":  4,
//!     "StartType":  2
//! }
//! ```
//!
//! PowerShell 7 with `-EnumsAsStrings` writes `"Status": "Running"`, `"StartType": "Automatic"`
//! and adds `"UserName": "LocalSystem"`. One service gives a bare object, several an array.
//!
//! Spans of string values cover the text between the quotes; numbers cover the number.

use jsonc_parser::ast::{Object, Value};

use super::{ParseError, json};
use crate::model::{Service, Spanned};
use crate::source::Source;

/// `ServiceControllerStatus` names, by value.
const STATUS: [(&str, &str); 7] = [
    ("1", "Stopped"),
    ("2", "StartPending"),
    ("3", "StopPending"),
    ("4", "Running"),
    ("5", "ContinuePending"),
    ("6", "PausePending"),
    ("7", "Paused"),
];

/// `ServiceStartMode` names, by value.
const START_TYPE: [(&str, &str); 5] = [
    ("0", "Boot"),
    ("1", "System"),
    ("2", "Automatic"),
    ("3", "Manual"),
    ("4", "Disabled"),
];

/// Recognizes `Get-Service | ConvertTo-Json` output by the keys of its first object.
pub fn sniff(text: &str) -> bool {
    let t = text.trim_start();
    if !(t.starts_with('{') || t.starts_with('[')) {
        return false;
    }
    let props = json::first_object_scalars(t);
    let has = |key: &str| props.iter().any(|p| p.key.eq_ignore_ascii_case(key));
    has("ServiceName") || (has("Name") && has("Status") && has("StartType"))
}

/// Parses `Get-Service | ConvertTo-Json` output.
pub fn parse(source: &Source) -> Result<Vec<Service>, ParseError> {
    let Some(value) = json::parse(source)? else {
        // `ConvertTo-Json` of zero services writes nothing at all.
        return Ok(Vec::new());
    };
    if !matches!(value, Value::Object(_) | Value::Array(_)) {
        return Err(ParseError::at(
            format!(
                "expected a service object or an array of them, found {}",
                json::type_name(&value)
            ),
            json::span(source, &value),
        ));
    }
    json::items(&value)
        .into_iter()
        .map(|item| service(source, item))
        .collect()
}

/// One element of the top-level array (or the top-level object itself).
fn service(source: &Source, item: &Value<'_>) -> Result<Service, ParseError> {
    let Value::Object(object) = item else {
        return Err(ParseError::at(
            format!("expected a service object, found {}", json::type_name(item)),
            json::span(source, item),
        ));
    };
    let name = json::string(source, object, "Name")
        .or_else(|| json::string(source, object, "ServiceName"))
        .ok_or_else(|| {
            ParseError::at(
                "service entry has no `Name` or `ServiceName`",
                json::span(source, item),
            )
        })?;
    Ok(Service {
        name,
        display_name: json::string(source, object, "DisplayName"),
        status: enum_value(source, object, "Status", &STATUS),
        start_type: enum_value(source, object, "StartType", &START_TYPE),
        account: json::string(source, object, "UserName"),
    })
}

/// An enum written as a number (PS 5.1, PS 7 default) or a name (`-EnumsAsStrings`).
///
/// A number without a known name is kept as written, so a newer Windows value still shows.
fn enum_value(
    source: &Source,
    object: &Object<'_>,
    key: &str,
    names: &[(&str, &'static str)],
) -> Option<Spanned<String>> {
    if let Some(number) = json::number(source, object, key) {
        return Some(number.map(|n| {
            names
                .iter()
                .find(|(v, _)| *v == n)
                .map_or(n, |(_, name)| (*name).to_string())
        }));
    }
    json::string(source, object, key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceId;

    fn src(text: &str) -> Source {
        Source::text(SourceId(1), "services.json", text.to_string(), None)
    }

    fn crlf(text: &str) -> String {
        text.replace('\n', "\r\n")
    }

    /// The formats.md 4a sample (Windows PowerShell 5.1 layout).
    const PS51: &str = r#"{
    "Name":  "W3SVC",
    "RequiredServices":  [
                             {
                                 "CanPauseAndContinue":  false,
                                 "CanShutdown":  false,
                                 "CanStop":  true,
                                 "DisplayName":  "Windows Process Activation Service",
                                 "DependentServices":  "W3SVC",
                                 "MachineName":  ".",
                                 "ServiceName":  "WAS",
                                 "ServicesDependedOn":  "RPCSS",
                                 "ServiceHandle":  null,
                                 "Status":  4,
                                 "ServiceType":  32,
                                 "StartType":  3,
                                 "Site":  null,
                                 "Container":  null
                             }
                         ],
    "CanPauseAndContinue":  true,
    "CanShutdown":  true,
    "CanStop":  true,
    "DisplayName":  "World Wide Web Publishing Service",
    "DependentServices":  [

                          ],
    "MachineName":  ".",
    "ServiceName":  "W3SVC",
    "ServicesDependedOn":  [
                               {
                                   "CanPauseAndContinue":  false,
                                   "CanShutdown":  false,
                                   "CanStop":  true,
                                   "DisplayName":  "Windows Process Activation Service",
                                   "DependentServices":  "W3SVC",
                                   "MachineName":  ".",
                                   "ServiceName":  "WAS",
                                   "ServicesDependedOn":  "RPCSS",
                                   "ServiceHandle":  null,
                                   "Status":  4,
                                   "ServiceType":  32,
                                   "StartType":  3,
                                   "Site":  null,
                                   "Container":  null
                               }
                           ],
    "ServiceHandle":  null,
    "Status":  4,
    "ServiceType":  32,
    "StartType":  2,
    "Site":  null,
    "Container":  null
}
"#;

    #[test]
    fn windows_powershell_get_service_sample() {
        let text = crlf(PS51);
        assert!(sniff(&text));
        let s = src(&text);
        let services = parse(&s).unwrap();
        assert_eq!(services.len(), 1);
        let w3svc = &services[0];
        assert_eq!(w3svc.name.value, "W3SVC");
        assert_eq!(s.slice(w3svc.name.span.unwrap()), "W3SVC");
        assert_eq!(s.line_col(w3svc.name.span.unwrap().start), (2, 15));
        let display = w3svc.display_name.as_ref().unwrap();
        assert_eq!(display.value, "World Wide Web Publishing Service");
        assert_eq!(s.line_col(display.span.unwrap().start).0, 24);
        let status = w3svc.status.as_ref().unwrap();
        assert_eq!(status.value, "Running");
        assert_eq!(s.slice(status.span.unwrap()), "4");
        assert_eq!(s.line_col(status.span.unwrap().start), (49, 16));
        let start = w3svc.start_type.as_ref().unwrap();
        assert_eq!(start.value, "Automatic");
        assert_eq!(s.slice(start.span.unwrap()), "2");
        assert_eq!(w3svc.account, None);
    }

    #[test]
    fn select_object_form_with_several_services() {
        let text = crlf(
            r#"[
    {
        "Name":  "PFXCertificateConnectorSvc",
        "DisplayName":  "PFX Certificate Connector for Microsoft Intune",
        "Status":  1,
        "StartType":  4
    },
    {
        "Name":  "Odd",
        "DisplayName":  "Tom \u0026 Jerry\u0027s \u003cservice\u003e",
        "Status":  9,
        "StartType":  3
    }
]
"#,
        );
        assert!(sniff(&text));
        let s = src(&text);
        let services = parse(&s).unwrap();
        assert_eq!(services.len(), 2);
        assert_eq!(services[0].name.value, "PFXCertificateConnectorSvc");
        assert_eq!(services[0].status.as_ref().unwrap().value, "Stopped");
        assert_eq!(services[0].start_type.as_ref().unwrap().value, "Disabled");
        let odd = &services[1];
        assert_eq!(
            odd.display_name.as_ref().unwrap().value,
            "Tom & Jerry's <service>"
        );
        let status = odd.status.as_ref().unwrap();
        assert_eq!(status.value, "9");
        assert_eq!(s.slice(status.span.unwrap()), "9");
        assert_eq!(odd.start_type.as_ref().unwrap().value, "Manual");
    }

    #[test]
    fn powershell_7_enums_as_strings() {
        let text = crlf(
            r#"[
  {
    "UserName": "NT AUTHORITY\\NetworkService",
    "Description": "Intune connector",
    "DelayedAutoStart": false,
    "BinaryPathName": "\"C:\\Program Files\\Microsoft Intune\\PFXconnector\\svc.exe\"",
    "StartupType": "Automatic",
    "Name": "PFXCertificateConnectorSvc",
    "RequiredServices": [],
    "DisplayName": "PFX Certificate Connector for Microsoft Intune",
    "ServiceName": "PFXCertificateConnectorSvc",
    "Status": "StopPending",
    "StartType": "Automatic"
  }
]
"#,
        );
        assert!(sniff(&text));
        let s = src(&text);
        let services = parse(&s).unwrap();
        let svc = &services[0];
        assert_eq!(svc.status.as_ref().unwrap().value, "StopPending");
        assert_eq!(
            s.slice(svc.status.as_ref().unwrap().span.unwrap()),
            "StopPending"
        );
        assert_eq!(svc.start_type.as_ref().unwrap().value, "Automatic");
        let account = svc.account.as_ref().unwrap();
        assert_eq!(account.value, "NT AUTHORITY\\NetworkService");
        assert_eq!(
            s.slice(account.span.unwrap()),
            "NT AUTHORITY\\\\NetworkService"
        );
    }

    #[test]
    fn bare_object_with_service_name_only() {
        let text = "{\"ServiceName\":\"WAS\",\"Status\":4,\"StartType\":3}";
        assert!(sniff(text));
        let services = parse(&src(text)).unwrap();
        assert_eq!(services[0].name.value, "WAS");
        assert_eq!(services[0].start_type.as_ref().unwrap().value, "Manual");
    }

    #[test]
    fn empty_array_and_empty_file_give_no_services() {
        assert_eq!(parse(&src("[\r\n\r\n]\r\n")).unwrap(), vec![]);
        assert_eq!(parse(&src("")).unwrap(), vec![]);
    }

    #[test]
    fn element_without_a_name_is_an_error_at_that_element() {
        let text = "[\n  {\"Name\": \"A\", \"Status\": 4, \"StartType\": 2},\n  {\"Status\": 1}\n]";
        let s = src(text);
        let error = parse(&s).unwrap_err();
        assert!(error.reason.contains("no `Name`"), "{}", error.reason);
        assert_eq!(s.slice(error.span.unwrap()), "{\"Status\": 1}");
    }

    #[test]
    fn json_cut_mid_object_is_an_error_but_still_sniffed() {
        let text = crlf(
            "[\n    {\n        \"Name\":  \"W3SVC\",\n        \"Status\":  4,\n        \"StartType\":  2\n    },\n    {\n        \"Name\":  \"WA",
        );
        assert!(sniff(&text));
        let s = src(&text);
        let error = parse(&s).unwrap_err();
        assert!(
            error.reason.starts_with("not valid JSON"),
            "{}",
            error.reason
        );
        assert_eq!(s.line_col(error.span.unwrap().start).0, 8);
    }

    #[test]
    fn other_json_is_not_sniffed() {
        assert!(!sniff(
            r#"[{"Name": "W3SVC", "State": "Running", "StartMode": "Auto"}]"#
        ));
        assert!(!sniff(r#"{"format": "scepter-bundle/1"}"#));
        assert!(!sniff("Name Status\r\n"));
        let scalar = src("42");
        assert!(parse(&scalar).is_err());
    }
}
