//! `Get-ADUser svc-ndes -Properties Enabled,LockedOut,PasswordExpired,PasswordNeverExpires,
//! AccountExpirationDate,PasswordLastSet,ServicePrincipalName,UserPrincipalName | ConvertTo-Json`.
//!
//! Windows PowerShell 5.1 writes dates as `\/Date(ms)\/` (abridged):
//!
//! ```text
//! {
//!     "AccountExpirationDate":  null,
//!     "DistinguishedName":  "CN=svc-ndes,OU=Service Accounts,DC=contoso,DC=com",
//!     "Enabled":  true,
//!     "LockedOut":  false,
//!     "PasswordExpired":  false,
//!     "PasswordLastSet":  "\/Date(1717405200000)\/",
//!     "PasswordNeverExpires":  true,
//!     "SamAccountName":  "svc-ndes",
//!     "ServicePrincipalName":  [
//!                                  "HTTP/ndes.contoso.com",
//!                                  "HTTP/ndes01.contoso.com"
//!                              ],
//!     "UserPrincipalName":  "svc-ndes@contoso.com"
//! }
//! ```
//!
//! PowerShell 7 writes ISO 8601 dates. `ServicePrincipalName` may also come as a single
//! string or as an `ADPropertyValueCollection` object (`{"Value": [...], "ValueList": [...]}`,
//! as `servicePrincipalName` when the LDAP name was asked for). Several accounts give an array.

use chrono::{DateTime, FixedOffset};
use jsonc_parser::ast::{Object, Value};

use super::{ParseError, json};
use crate::model::{AdAccount, Spanned};
use crate::source::Source;

/// Recognizes `Get-ADUser` (and `Get-ADServiceAccount`) objects by the keys of the first one.
pub fn sniff(text: &str) -> bool {
    let t = text.trim_start();
    if !(t.starts_with('{') || t.starts_with('[')) {
        return false;
    }
    let props = json::first_object_scalars(t);
    let has = |key: &str| props.iter().any(|p| p.key.eq_ignore_ascii_case(key));
    has("SamAccountName") && (has("DistinguishedName") || has("ObjectClass"))
}

/// Parses `Get-ADUser … | ConvertTo-Json` output.
pub fn parse(source: &Source) -> Result<Vec<AdAccount>, ParseError> {
    json::objects(source, "an AD account object", |object, item| {
        account(source, object, item)
    })
}

fn account(
    source: &Source,
    object: &Object<'_>,
    item: &Value<'_>,
) -> Result<AdAccount, ParseError> {
    let sam_account_name = json::string(source, object, "SamAccountName").ok_or_else(|| {
        ParseError::at(
            "AD account entry has no `SamAccountName` string",
            json::span(source, item),
        )
    })?;
    Ok(AdAccount {
        sam_account_name,
        user_principal_name: json::string(source, object, "UserPrincipalName"),
        enabled: json::boolean(source, object, "Enabled"),
        locked_out: json::boolean(source, object, "LockedOut"),
        password_expired: json::boolean(source, object, "PasswordExpired"),
        password_never_expires: json::boolean(source, object, "PasswordNeverExpires"),
        account_expires: date(source, object, "AccountExpirationDate")?,
        password_last_set: date(source, object, "PasswordLastSet")?,
        sid: sid(source, object),
        spns: json::get(object, "ServicePrincipalName")
            .map(|value| spns(source, value))
            .unwrap_or_default(),
    })
}

/// A date property: `null` or absent is unknown; text that is not a date is an error at it.
fn date(
    source: &Source,
    object: &Object<'_>,
    key: &str,
) -> Result<Option<Spanned<DateTime<FixedOffset>>>, ParseError> {
    let text = match json::get_present(object, key) {
        None => return Ok(None),
        // A `Get-Date`-style value carries extra properties around its `value`.
        Some(Value::Object(wrapped)) => json::string(source, wrapped, "value"),
        Some(_) => json::string(source, object, key),
    };
    let Some(text) = text else {
        let value = json::get(object, key);
        let span = value.map(|v| json::span(source, v));
        return Err(ParseError {
            reason: format!("`{key}` is not a date string"),
            span,
        });
    };
    match json::powershell_date(&text.value) {
        Some(parsed) => Ok(Some(Spanned {
            value: parsed,
            span: text.span,
        })),
        None => Err(ParseError {
            reason: format!("`{key}` is not a date: `{}`", text.value),
            span: text.span,
        }),
    }
}

/// The account's SID: PowerShell serializes a `SecurityIdentifier` as an object whose `Value`
/// is the SID text; `Select-Object @{n='SID';e={$_.SID.Value}}` gives the string itself.
fn sid(source: &Source, object: &Object<'_>) -> Option<Spanned<String>> {
    let text = match json::get_present(object, "SID")? {
        Value::Object(wrapped) => json::string(source, wrapped, "Value"),
        _ => json::string(source, object, "SID"),
    }?;
    let upper = text.value.trim().to_ascii_uppercase();
    upper.starts_with("S-1-").then_some(Spanned {
        value: upper,
        span: text.span,
    })
}

/// SPNs from an array, a single string, or an `ADPropertyValueCollection` object.
fn spns(source: &Source, value: &Value<'_>) -> Vec<Spanned<String>> {
    match value {
        Value::StringLit(lit) if !lit.value.trim().is_empty() => {
            vec![Spanned::new(
                lit.value.to_string(),
                json::span(source, value),
            )]
        }
        Value::Array(array) => array
            .elements
            .iter()
            .filter_map(|element| match element {
                Value::StringLit(lit) if !lit.value.trim().is_empty() => Some(Spanned::new(
                    lit.value.to_string(),
                    json::span(source, element),
                )),
                _ => None,
            })
            .collect(),
        Value::Object(collection) => ["ValueList", "Value"]
            .iter()
            .filter_map(|key| json::get_present(collection, key))
            .find(|inner| !matches!(inner, Value::Object(_)))
            .map(|inner| spns(source, inner))
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceId;

    fn src(text: &str) -> Source {
        Source::text(SourceId(0), "aduser.json", text.to_string(), None)
    }

    #[test]
    fn spn_forms() {
        let s = src(
            r#"[{"SamAccountName": "a", "ObjectClass": "user", "ServicePrincipalName": "HTTP/x"},
                {"SamAccountName": "b", "ObjectClass": "user", "servicePrincipalName": {"Value": "HTTP/y", "ValueList": ["HTTP/y", "HTTP/z"], "Count": 2}},
                {"SamAccountName": "c", "ObjectClass": "user", "ServicePrincipalName": {"Value": ["HTTP/w"]}},
                {"SamAccountName": "d", "ObjectClass": "user", "ServicePrincipalName": null}]"#,
        );
        assert!(sniff(&s.text));
        let accounts = parse(&s).unwrap();
        let names =
            |i: usize| -> Vec<&str> { accounts[i].spns.iter().map(|s| s.value.as_str()).collect() };
        assert_eq!(names(0), ["HTTP/x"]);
        assert_eq!(names(1), ["HTTP/y", "HTTP/z"]);
        assert_eq!(names(2), ["HTTP/w"]);
        assert!(names(3).is_empty());
        assert_eq!(s.slice(accounts[1].spns[1].span.unwrap()), "HTTP/z");
    }

    #[test]
    fn dates_in_every_form() {
        let s = src(r#"{"SamAccountName": "a", "ObjectClass": "user",
                "PasswordLastSet": {"value": "\/Date(0)\/", "DisplayHint": 2},
                "AccountExpirationDate": "2030-01-01T00:00:00+01:00"}"#);
        let account = &parse(&s).unwrap()[0];
        let last_set = account.password_last_set.as_ref().unwrap();
        assert_eq!(last_set.value.timestamp(), 0);
        assert_eq!(s.slice(last_set.span.unwrap()), "\\/Date(0)\\/");
        assert_eq!(
            account.account_expires.as_ref().unwrap().value.timestamp(),
            1_893_452_400
        );
    }

    #[test]
    fn sid_as_object_or_string() {
        let s = src(r#"[{"SamAccountName": "a", "ObjectClass": "user",
                "SID": {"BinaryLength": 28, "AccountDomainSid": "S-1-5-21-1-2-3", "Value": "S-1-5-21-1-2-3-1112"}},
                {"SamAccountName": "b", "ObjectClass": "user", "SID": "s-1-5-21-1-2-3-1113"},
                {"SamAccountName": "c", "ObjectClass": "user", "SID": "not a sid"}]"#);
        let accounts = parse(&s).unwrap();
        let first = accounts[0].sid.as_ref().unwrap();
        assert_eq!(first.value, "S-1-5-21-1-2-3-1112");
        assert_eq!(s.slice(first.span.unwrap()), "S-1-5-21-1-2-3-1112");
        assert_eq!(
            accounts[1].sid.as_ref().unwrap().value,
            "S-1-5-21-1-2-3-1113"
        );
        assert!(accounts[2].sid.is_none());
    }

    #[test]
    fn errors() {
        let s = src(r#"{"SamAccountName": "a", "PasswordLastSet": "yesterday"}"#);
        let error = parse(&s).unwrap_err();
        assert_eq!(s.slice(error.span.unwrap()), "yesterday");
        assert!(parse(&src(r#"{"SamAccountName": "a", "PasswordLastSet": 5}"#)).is_err());
        assert!(parse(&src(r#"{"Name": "a"}"#)).is_err());
        assert!(parse(&src("[1]")).is_err());
        assert!(!sniff(r#"{"SamAccountName": "a"}"#));
    }
}
