//! `Get-WinEvent … | ConvertTo-Json`, with or without `Select-Object`.
//!
//! `Get-WinEvent -LogName 'Microsoft-Intune-CertificateConnectors/Admin' | Select-Object
//! TimeCreated,Id,Level,LevelDisplayName,ProviderName,LogName,MachineName,Message |
//! ConvertTo-Json` in Windows PowerShell 5.1:
//!
//! ```text
//! [
//!     {
//!         "TimeCreated":  "\/Date(1731398400123)\/",
//!         "Id":  2,
//!         "Level":  2,
//!         "LevelDisplayName":  "Error",
//!         "ProviderName":  "Microsoft-Intune-CertificateConnectors",
//!         "LogName":  "Microsoft-Intune-CertificateConnectors/Admin",
//!         "MachineName":  "NDES01.contoso.com",
//!         "Message":  "Failed to send request to Intune service.\r\nException: ..."
//!     }
//! ]
//! ```
//!
//! PowerShell 7 writes `"TimeCreated": "2024-11-12T08:00:00.1234567+01:00"` (local time with its
//! offset). Without `Select-Object` every `EventLogRecord` property is there (`Message` first,
//! `Properties` as an array of `{"Value": …}` objects, `Bookmark`, `KeywordsDisplayNames`…);
//! the same keys are read. `LevelDisplayName` and `Message` are `null` when the provider's
//! message resources are missing. One event gives a bare object, several an array.
//!
//! Spans of string values cover the text between the quotes; `record` covers the whole object.

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use jsonc_parser::ast::{Object, Value};

use super::{ParseError, json, textlog};
use crate::model::{Event, Spanned};
use crate::source::Source;

/// `Level` numbers and their English names (`0` is LogAlways, displayed as Information).
const LEVELS: [(i64, &str); 6] = [
    (0, "Information"),
    (1, "Critical"),
    (2, "Error"),
    (3, "Warning"),
    (4, "Information"),
    (5, "Verbose"),
];

/// Level display names as Windows localizes them (en, de, fr, es, ru), by English name.
const LEVEL_NAMES: [(&str, &str); 24] = [
    ("Critical", "Critical"),
    ("Error", "Error"),
    ("Warning", "Warning"),
    ("Information", "Information"),
    ("Verbose", "Verbose"),
    ("Kritisch", "Critical"),
    ("Fehler", "Error"),
    ("Warnung", "Warning"),
    ("Informationen", "Information"),
    ("Ausführlich", "Verbose"),
    ("Critique", "Critical"),
    ("Erreur", "Error"),
    ("Avertissement", "Warning"),
    ("Commentaires", "Verbose"),
    ("Crítico", "Critical"),
    ("Advertencia", "Warning"),
    ("Información", "Information"),
    ("Detallado", "Verbose"),
    ("Критический", "Critical"),
    ("Критическая", "Critical"),
    ("Ошибка", "Error"),
    ("Предупреждение", "Warning"),
    ("Сведения", "Information"),
    ("Подробности", "Verbose"),
];

/// The English name of a level display name, when it is a known (possibly localized) one.
pub(crate) fn level_name(display: &str) -> Option<&'static str> {
    let display = display.trim().to_lowercase();
    LEVEL_NAMES
        .iter()
        .find(|(name, _)| name.to_lowercase() == display)
        .map(|(_, english)| *english)
}

/// The English name of a `Level` number, when it is a standard one.
pub(crate) fn level_from_number(level: i64) -> Option<&'static str> {
    LEVELS
        .iter()
        .find(|(number, _)| *number == level)
        .map(|(_, name)| *name)
}

/// Recognizes `Get-WinEvent | ConvertTo-Json` by the keys of its first object.
pub fn sniff(text: &str) -> bool {
    let t = text.trim_start();
    if !(t.starts_with('{') || t.starts_with('[')) {
        return false;
    }
    let props = json::first_object_scalars(t);
    let has = |key: &str| props.iter().any(|p| p.key.eq_ignore_ascii_case(key));
    has("TimeCreated")
        && has("Id")
        && (has("ProviderName") || has("LevelDisplayName") || has("LogName"))
}

/// Parses `Get-WinEvent | ConvertTo-Json` output.
pub fn parse(source: &Source) -> Result<Vec<Event>, ParseError> {
    let Some(value) = json::parse(source)? else {
        // No events: `Get-WinEvent` writes an error and `ConvertTo-Json` nothing at all.
        return Ok(Vec::new());
    };
    if !matches!(value, Value::Object(_) | Value::Array(_)) {
        return Err(ParseError::at(
            format!(
                "expected an event object or an array of them, found {}",
                json::type_name(&value)
            ),
            json::span(source, &value),
        ));
    }
    json::items(&value)
        .into_iter()
        .map(|item| event(source, item))
        .collect()
}

/// One element of the top-level array (or the top-level object itself).
fn event(source: &Source, item: &Value<'_>) -> Result<Event, ParseError> {
    let Value::Object(object) = item else {
        return Err(ParseError::at(
            format!("expected an event object, found {}", json::type_name(item)),
            json::span(source, item),
        ));
    };
    let record_span = json::span(source, item);
    let id = json::number(source, object, "Id")
        .and_then(|n| {
            let span = n.span?;
            n.value.parse::<i64>().ok().map(|id| Spanned::new(id, span))
        })
        .ok_or_else(|| ParseError::at("event entry has no numeric `Id`", record_span))?;
    Ok(Event {
        file: source.path.clone(),
        channel: present_string(source, object, "LogName"),
        provider: present_string(source, object, "ProviderName"),
        id,
        level: level(source, object),
        time: time_created(source, object)?,
        message: present_string(source, object, "Message"),
        record: Spanned::new(source.slice(record_span).to_string(), record_span),
    })
}

/// A string property that is there and not empty.
fn present_string(source: &Source, object: &Object<'_>, key: &str) -> Option<Spanned<String>> {
    json::string(source, object, key).filter(|s| !s.value.is_empty())
}

/// `LevelDisplayName` when Windows names a known level (localized names too), else the
/// `Level` number's name, else the display name as written.
fn level(source: &Source, object: &Object<'_>) -> Option<Spanned<String>> {
    let display = present_string(source, object, "LevelDisplayName");
    if let Some(known) = display.as_ref().and_then(|d| level_name(&d.value)) {
        return display.map(|d| d.map(|_| known.to_string()));
    }
    let number = json::number(source, object, "Level").map(|n| {
        n.map(
            |text| match text.parse::<i64>().ok().and_then(level_from_number) {
                Some(name) => name.to_string(),
                None => text,
            },
        )
    });
    number.or(display)
}

/// `TimeCreated` as a string (`\/Date(ms)\/` or ISO 8601) or PowerShell 5.1's
/// `{"value": "\/Date(ms)\/", "DisplayHint": 2, "DateTime": "…"}` object.
fn time_created(
    source: &Source,
    object: &Object<'_>,
) -> Result<Option<Spanned<DateTime<FixedOffset>>>, ParseError> {
    let text = match json::get_present(object, "TimeCreated") {
        None => return Ok(None),
        Some(Value::Object(inner)) => json::string(source, inner, "value"),
        Some(_) => json::string(source, object, "TimeCreated"),
    };
    let Some(text) = text else {
        return Ok(None);
    };
    let span = text.span.unwrap_or(source.span(0..0));
    match powershell_date(&text.value) {
        Some(time) => Ok(Some(Spanned::new(time, span))),
        None => Err(ParseError::at(
            format!("`TimeCreated` value `{}` is not a date", text.value),
            span,
        )),
    }
}

/// A date as `ConvertTo-Json` writes it: `/Date(1731398400123)/` (milliseconds since 1970,
/// UTC; WCF-style `/Date(ms+0100)/` too) or ISO 8601 (without a zone read as UTC).
pub(crate) fn powershell_date(text: &str) -> Option<DateTime<FixedOffset>> {
    let Some(inner) = text
        .strip_prefix("/Date(")
        .and_then(|rest| rest.strip_suffix(")/"))
    else {
        return textlog::timestamp(text);
    };
    // The offset suffix only says which zone to show; the milliseconds are UTC either way.
    let sign_at = inner
        .char_indices()
        .skip(1)
        .find(|(_, c)| *c == '+' || *c == '-')
        .map(|(at, _)| at);
    let (millis, offset) = match sign_at {
        Some(at) => (inner.get(..at)?, inner.get(at..)),
        None => (inner, None),
    };
    let utc = Utc.timestamp_millis_opt(millis.parse().ok()?).single()?;
    let zone = match offset {
        Some(offset) => wcf_offset(offset)?,
        None => FixedOffset::east_opt(0)?,
    };
    Some(utc.with_timezone(&zone))
}

/// `+0100` / `-0530`.
fn wcf_offset(text: &str) -> Option<FixedOffset> {
    let sign = if text.starts_with('-') { -1 } else { 1 };
    let digits = text.get(1..)?;
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = digits.get(..2)?.parse().ok()?;
    let minutes: i32 = digits.get(2..)?.parse().ok()?;
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceId;

    fn src(text: &str) -> Source {
        Source::text(SourceId(2), "events.json", text.replace('\n', "\r\n"), None)
    }

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    /// The formats.md 8a sample (Windows PowerShell 5.1 layout).
    const PS51: &str = r#"[
    {
        "TimeCreated":  "\/Date(1731398400123)\/",
        "Id":  2,
        "Level":  2,
        "LevelDisplayName":  "Error",
        "ProviderName":  "Microsoft-Intune-CertificateConnectors",
        "LogName":  "Microsoft-Intune-CertificateConnectors/Admin",
        "MachineName":  "NDES01.contoso.com",
        "Message":  "Failed to send request to Intune service.\r\nException: System.Net.WebException: Unable to connect to the remote server\r\n   at System.Net.HttpWebRequest.GetResponse()"
    },
    {
        "TimeCreated":  "\/Date(1731398100456)\/",
        "Id":  4003,
        "Level":  4,
        "LevelDisplayName":  null,
        "ProviderName":  "Microsoft-Intune-CertificateConnectors",
        "LogName":  "Microsoft-Intune-CertificateConnectors/Operational",
        "MachineName":  "NDES01.contoso.com",
        "Message":  null
    }
]"#;

    #[test]
    fn windows_powershell_sample() {
        let s = src(PS51);
        assert!(sniff(&s.text));
        let events = parse(&s).unwrap();
        assert_eq!(events.len(), 2);
        let first = &events[0];
        assert_eq!(first.id.value, 2);
        assert_eq!(s.slice(first.id.span.unwrap()), "2");
        assert_eq!(s.line_col(first.id.span.unwrap().start), (4, 16));
        let time = first.time.as_ref().unwrap();
        assert_eq!(time.value, at("2024-11-12T08:00:00.123Z"));
        assert_eq!(s.slice(time.span.unwrap()), r"\/Date(1731398400123)\/");
        assert_eq!(first.level.as_ref().unwrap().value, "Error");
        assert_eq!(
            s.slice(first.level.as_ref().unwrap().span.unwrap()),
            "Error"
        );
        assert_eq!(
            first.channel.as_ref().unwrap().value,
            "Microsoft-Intune-CertificateConnectors/Admin"
        );
        let message = first.message.as_ref().unwrap();
        assert!(message.value.starts_with(
            "Failed to send request to Intune service.\r\nException: System.Net.WebException"
        ));
        assert!(first.record.value.starts_with('{') && first.record.value.ends_with('}'));
        assert_eq!(s.line_col(first.record.span.unwrap().start), (2, 5));

        let second = &events[1];
        assert_eq!(second.message, None);
        // No display name: the level comes from the number.
        let level = second.level.as_ref().unwrap();
        assert_eq!(level.value, "Information");
        assert_eq!(s.slice(level.span.unwrap()), "4");
    }

    #[test]
    fn powershell_7_iso_dates_and_date_objects() {
        let s = src(r#"{
  "Message": "ok",
  "Id": 4004,
  "Level": 4,
  "ProviderName": "Microsoft-Intune-CertificateConnectors",
  "LogName": "Microsoft-Intune-CertificateConnectors/Operational",
  "TimeCreated": "2026-11-20T09:14:03.1234567+01:00",
  "LevelDisplayName": "Informationen"
}"#);
        assert!(sniff(&s.text));
        let events = parse(&s).unwrap();
        let event = &events[0];
        assert_eq!(
            event.time.as_ref().unwrap().value,
            at("2026-11-20T09:14:03.1234567+01:00")
        );
        let level = event.level.as_ref().unwrap();
        assert_eq!(level.value, "Information");
        assert_eq!(s.slice(level.span.unwrap()), "Informationen");

        let s = src(
            r#"{"Id": 7, "ProviderName": "X", "Level": 16, "LevelDisplayName": "Custom",
"TimeCreated": {"value": "\/Date(-1000)\/", "DisplayHint": 2, "DateTime": "Wednesday, December 31, 1969 11:59:59 PM"}}"#,
        );
        let event = &parse(&s).unwrap()[0];
        assert_eq!(
            event.time.as_ref().unwrap().value,
            at("1969-12-31T23:59:59Z")
        );
        // An unknown number with an unknown display name: the number as written.
        assert_eq!(event.level.as_ref().unwrap().value, "16");
    }

    #[test]
    fn dates() {
        assert_eq!(
            powershell_date("/Date(1731398400123+0100)/"),
            Some(at("2024-11-12T09:00:00.123+01:00"))
        );
        assert_eq!(powershell_date("/Date(x)/"), None);
        assert_eq!(powershell_date("/Date(1+01)/"), None);
        assert_eq!(powershell_date("/Date(99999999999999999999)/"), None);
        assert_eq!(
            powershell_date("2026-11-20T09:14:03"),
            Some(at("2026-11-20T09:14:03Z"))
        );
        assert_eq!(powershell_date("yesterday"), None);
    }

    #[test]
    fn errors() {
        let s = src("[{\"Id\": 1, \"ProviderName\": \"X\", \"TimeCreated\": \"soon\"}]");
        let error = parse(&s).unwrap_err();
        assert!(error.reason.contains("not a date"), "{}", error.reason);
        assert_eq!(s.slice(error.span.unwrap()), "soon");

        let s = src("[{\"ProviderName\": \"X\", \"TimeCreated\": null}]");
        let error = parse(&s).unwrap_err();
        assert!(error.reason.contains("no numeric `Id`"), "{}", error.reason);

        let cut = src(
            "[\n    {\n        \"TimeCreated\":  \"\\/Date(1)\\/\",\n        \"Id\":  2,\n        \"ProviderName\":  \"Microsoft\",\n        \"LogName\":  \"Mic",
        );
        assert!(sniff(&cut.text));
        let error = parse(&cut).unwrap_err();
        assert!(
            error.reason.starts_with("not valid JSON"),
            "{}",
            error.reason
        );

        assert!(parse(&src("")).unwrap().is_empty());
        assert!(parse(&src("3")).is_err());
        assert!(parse(&src("[3]")).is_err());
    }

    #[test]
    fn other_json_is_not_sniffed() {
        assert!(!sniff(
            r#"[{"Name": "W3SVC", "Status": 4, "StartType": 2}]"#
        ));
        assert!(!sniff(r#"{"TimeCreated": "x", "Id": 1}"#));
        assert!(!sniff("TimeCreated Id ProviderName"));
    }
}
