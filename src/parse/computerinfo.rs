//! `Get-ComputerInfo | ConvertTo-Json`.
//!
//! One object of ~180 properties; Windows PowerShell 5.1 writes enums as numbers (abridged):
//!
//! ```text
//! {
//!     "WindowsInstallationType":  "Server",
//!     "WindowsProductName":  "Windows Server 2019 Standard",
//!     "CsDomain":  "contoso.com",
//!     "CsDomainRole":  3,
//!     "CsName":  "NDES01",
//!     "OsName":  "Microsoft Windows Server 2019 Standard",
//!     "OsVersion":  "10.0.17763",
//!     "OsBuildNumber":  "17763",
//! }
//! ```
//!
//! PowerShell 7 with `-EnumsAsStrings` writes `"CsDomainRole": "MemberServer"`.
//! `OsLastBootUpTime` is a date as `ConvertTo-Json` writes it (`"\/Date(1730700131000)\/"`,
//! UTC, in 5.1; ISO 8601 with the offset in 7), so unlike `systeminfo`'s it is exact. `OsName` (the
//! WMI caption, worded like `systeminfo`'s `OS Name`) is preferred to `WindowsProductName`,
//! which comes from the registry and says `Windows 10` on Windows 11. Properties are `null`
//! when the collector was not elevated; those stay unknown.

use chrono::{DateTime, FixedOffset};
use jsonc_parser::ast::{Object, Value};

use super::{ParseError, json};
use crate::model::{Spanned, SystemInfo};
use crate::source::Source;

/// `Win32_ComputerSystem.DomainRole` names, by value.
const DOMAIN_ROLES: [(&str, &str); 6] = [
    ("0", "StandaloneWorkstation"),
    ("1", "MemberWorkstation"),
    ("2", "StandaloneServer"),
    ("3", "MemberServer"),
    ("4", "BackupDomainController"),
    ("5", "PrimaryDomainController"),
];

/// Recognizes `Get-ComputerInfo` output by the keys of its object.
pub fn sniff(text: &str) -> bool {
    let t = text.trim_start();
    if !(t.starts_with('{') || t.starts_with('[')) {
        return false;
    }
    let props = json::first_object_scalars(t);
    let has = |key: &str| props.iter().any(|p| p.key.eq_ignore_ascii_case(key));
    has("WindowsProductName") || has("CsName") || has("OsVersion")
}

/// Parses `Get-ComputerInfo | ConvertTo-Json` output.
pub fn parse(source: &Source) -> Result<SystemInfo, ParseError> {
    let Some(value) = json::parse(source)? else {
        return Err(ParseError::whole_file(
            "the Get-ComputerInfo export is empty",
        ));
    };
    let object = match &value {
        Value::Object(object) => object,
        // `@(Get-ComputerInfo) | ConvertTo-Json` wraps the object in an array.
        Value::Array(array) => match array.elements.first() {
            Some(Value::Object(object)) => object,
            _ => return Err(not_an_object(source, &value)),
        },
        other => return Err(not_an_object(source, other)),
    };
    let text = |keys: &[&str]| keys.iter().find_map(|key| scalar(source, object, key));
    let info = SystemInfo {
        host_name: text(&["CsName", "CsDNSHostName"]),
        domain: text(&["CsDomain"]),
        os_name: text(&["OsName", "WindowsProductName"]),
        os_version: text(&["OsVersion"]),
        os_build: text(&["OsBuildNumber"]),
        installation_type: text(&["WindowsInstallationType", "OsInstallationType"]),
        domain_role: domain_role(source, object),
        last_boot: last_boot(source, object),
        last_boot_from_local: false,
    };
    if info.host_name.is_none() && info.os_name.is_none() && info.os_version.is_none() {
        return Err(ParseError::at(
            "the Get-ComputerInfo object has no `CsName`, `OsName`, `WindowsProductName` or `OsVersion` value",
            json::span(source, &value),
        ));
    }
    Ok(info)
}

fn not_an_object(source: &Source, value: &Value<'_>) -> ParseError {
    ParseError::at(
        format!(
            "expected the Get-ComputerInfo object, found {}",
            json::type_name(value)
        ),
        json::span(source, value),
    )
}

/// A non-empty string, or a number as written (`OsBuildNumber` is a number in some builds).
fn scalar(source: &Source, object: &Object<'_>, key: &str) -> Option<Spanned<String>> {
    json::string(source, object, key)
        .or_else(|| json::number(source, object, key))
        .filter(|s| !s.value.trim().is_empty())
}

/// `CsDomainRole` as a name, whether written as a number (PS 5.1) or a name (`-EnumsAsStrings`).
fn domain_role(source: &Source, object: &Object<'_>) -> Option<Spanned<String>> {
    if let Some(number) = json::number(source, object, "CsDomainRole") {
        return Some(number.map(|n| {
            DOMAIN_ROLES
                .iter()
                .find(|(v, _)| *v == n)
                .map_or(n, |(_, name)| (*name).to_string())
        }));
    }
    scalar(source, object, "CsDomainRole")
}

/// `OsLastBootUpTime`, when it is a date `ConvertTo-Json` could have written.
fn last_boot(source: &Source, object: &Object<'_>) -> Option<Spanned<DateTime<FixedOffset>>> {
    let text = json::string(source, object, "OsLastBootUpTime")?;
    let at = json::powershell_date(&text.value)?;
    Some(Spanned {
        value: at,
        span: text.span,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceId;

    fn src(text: &str) -> Source {
        Source::text(SourceId(0), "computerinfo.json", text.to_string(), None)
    }

    #[test]
    fn numbers_and_names_of_the_domain_role() {
        let s = src(r#"{"CsName": "NDES01", "CsDomainRole": 5, "OsBuildNumber": 17763}"#);
        let info = parse(&s).unwrap();
        let role = info.domain_role.unwrap();
        assert_eq!(role.value, "PrimaryDomainController");
        assert_eq!(s.slice(role.span.unwrap()), "5");
        assert_eq!(info.os_build.unwrap().value, "17763");
        let s = src(r#"[{"CsName": "NDES01", "CsDomainRole": "MemberServer", "OsName": null}]"#);
        let info = parse(&s).unwrap();
        assert_eq!(info.domain_role.unwrap().value, "MemberServer");
        assert_eq!(info.os_name, None);
        let s = src(r#"{"CsName": "X", "CsDomainRole": 9}"#);
        assert_eq!(parse(&s).unwrap().domain_role.unwrap().value, "9");
    }

    #[test]
    fn last_boot_up_time_in_both_date_forms() {
        let s = src(r#"{"CsName": "NDES01", "OsLastBootUpTime": "\/Date(1730700131000)\/"}"#);
        let info = parse(&s).unwrap();
        let boot = info.last_boot.unwrap();
        assert_eq!(boot.value.to_rfc3339(), "2024-11-04T06:02:11+00:00");
        assert_eq!(s.slice(boot.span.unwrap()), r"\/Date(1730700131000)\/");
        assert!(!info.last_boot_from_local);
        let s = src(r#"{"CsName": "NDES01", "OsLastBootUpTime": "2024-11-04T07:02:11.5+01:00"}"#);
        let boot = parse(&s).unwrap().last_boot.unwrap().value;
        assert_eq!(boot.to_rfc3339(), "2024-11-04T07:02:11.500+01:00");
        let s = src(r#"{"CsName": "NDES01", "OsLastBootUpTime": null}"#);
        assert_eq!(parse(&s).unwrap().last_boot, None);
        let s = src(r#"{"CsName": "NDES01", "OsLastBootUpTime": "yesterday"}"#);
        assert_eq!(parse(&s).unwrap().last_boot, None);
    }

    #[test]
    fn windows_product_name_is_the_fallback() {
        let s = src(r#"{"WindowsProductName": "Windows Server 2022 Standard"}"#);
        assert_eq!(
            parse(&s).unwrap().os_name.unwrap().value,
            "Windows Server 2022 Standard"
        );
    }

    #[test]
    fn errors() {
        assert!(parse(&src("")).is_err());
        assert!(parse(&src("[1]")).is_err());
        assert!(parse(&src("\"x\"")).is_err());
        assert!(parse(&src(r#"{"CsName": null, "OsLocale": "en-US"}"#)).is_err());
        assert!(parse(&src(r#"{"CsName": "NDES01", "#)).is_err());
        assert!(sniff(r#"{"CsName": "NDES01", "#));
        assert!(!sniff(r#"{"Name": "NDES01"}"#));
    }
}
