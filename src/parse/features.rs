//! `Get-WindowsFeature | ConvertTo-Json`, with or without
//! `Select-Object Name,DisplayName,Installed,InstallState`.
//!
//! Windows PowerShell 5.1 (abridged; nested objects are ignored):
//!
//! ```text
//! [
//!     {
//!         "Name":  "ADCS-Device-Enrollment",
//!         "DisplayName":  "Network Device Enrollment Service",
//!         "Installed":  true,
//!         "InstallState":  1,
//!         "FeatureType":  "Role Service",
//!         "Path":  "Active Directory Certificate Services\\Network Device Enrollment Service",
//!         "Depth":  2,
//!         "SubFeatures":  [
//!
//!                         ],
//!     }
//! ]
//! ```
//!
//! `Installed` decides; without it, `InstallState` does (`1` in PS 5.1, `"Installed"` with
//! PowerShell 7's `-EnumsAsStrings`; `0`/`Available`, `InstallPending`, `Removed` are not
//! installed). The span of `installed` covers the value it was read from.

use jsonc_parser::ast::{Object, Value};

use super::{ParseError, json};
use crate::model::{Feature, Spanned};
use crate::source::Source;

/// `InstallState` as a number: `Installed` is 1.
const INSTALLED_NUMBER: &str = "1";

/// Recognizes `Get-WindowsFeature` objects by the keys of the first one.
pub fn sniff(text: &str) -> bool {
    let t = text.trim_start();
    if !(t.starts_with('{') || t.starts_with('[')) {
        return false;
    }
    let props = json::first_object_scalars(t);
    let has = |key: &str| props.iter().any(|p| p.key.eq_ignore_ascii_case(key));
    let service_like = has("Status") || has("StartType") || has("State") || has("StartMode");
    has("Name")
        && (has("Installed") || has("InstallState"))
        && (has("FeatureType") || has("DisplayName"))
        && !service_like
}

/// Parses `Get-WindowsFeature | ConvertTo-Json` output.
pub fn parse(source: &Source) -> Result<Vec<Feature>, ParseError> {
    json::objects(source, "a Windows feature object", |object, item| {
        feature(source, object, item)
    })
}

fn feature(source: &Source, object: &Object<'_>, item: &Value<'_>) -> Result<Feature, ParseError> {
    let name = json::string(source, object, "Name").ok_or_else(|| {
        ParseError::at(
            "Windows feature entry has no `Name` string",
            json::span(source, item),
        )
    })?;
    let installed = installed(source, object).ok_or_else(|| {
        ParseError::at(
            format!(
                "Windows feature `{}` has no `Installed` or `InstallState` value",
                name.value
            ),
            json::span(source, item),
        )
    })?;
    Ok(Feature {
        name,
        display_name: json::string(source, object, "DisplayName"),
        installed,
    })
}

fn installed(source: &Source, object: &Object<'_>) -> Option<Spanned<bool>> {
    if let Some(flag) = json::boolean(source, object, "Installed") {
        return Some(flag);
    }
    if let Some(number) = json::number(source, object, "InstallState") {
        return Some(number.map(|n| n == INSTALLED_NUMBER));
    }
    json::string(source, object, "InstallState")
        .map(|state| state.map(|s| s.trim().eq_ignore_ascii_case("Installed")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceId;

    fn src(text: &str) -> Source {
        Source::text(SourceId(0), "features.json", text.to_string(), None)
    }

    #[test]
    fn installed_from_each_form() {
        let s = src(
            r#"[{"Name": "A", "DisplayName": "a", "Installed": false, "InstallState": 1},
                {"Name": "B", "DisplayName": "b", "InstallState": 1},
                {"Name": "C", "DisplayName": "c", "InstallState": "InstallPending"},
                {"Name": "D", "DisplayName": "d", "InstallState": "Installed"}]"#,
        );
        assert!(sniff(&s.text));
        let features = parse(&s).unwrap();
        let flags: Vec<bool> = features.iter().map(|f| f.installed.value).collect();
        assert_eq!(flags, [false, true, false, true]);
        assert_eq!(s.slice(features[0].installed.span.unwrap()), "false");
        assert_eq!(
            s.slice(features[2].installed.span.unwrap()),
            "InstallPending"
        );
    }

    #[test]
    fn errors_and_other_json() {
        assert!(parse(&src(r#"{"Name": "A"}"#)).is_err());
        assert!(parse(&src(r#"[{"Installed": true}]"#)).is_err());
        assert!(parse(&src("null")).is_err());
        assert!(!sniff(
            r#"{"Name": "W3SVC", "DisplayName": "x", "Installed": true, "Status": 4}"#
        ));
        assert!(!sniff(r#"{"Name": "A", "Installed": true}"#));
    }
}
