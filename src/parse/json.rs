//! JSON with byte spans, shared by the parsers of PowerShell `ConvertTo-Json` output.
//!
//! Windows PowerShell 5.1 writes two spaces after the colon and escapes `<>&'`:
//!
//! ```text
//! {
//!     "Name":  "W3SVC",
//!     "DisplayName":  "World Wide Web Publishing Service \u0026 more",
//!     "Status":  4
//! }
//! ```
//!
//! `jsonc-parser` reports every node's range as byte offsets into the text it was given, so
//! parsing `source.text` gives ranges that are valid spans of that source. String values come
//! out unescaped (`\u0026` is `&`); their spans cover the literal *without* its quotes.

use std::borrow::Cow;

use chrono::{DateTime, FixedOffset, NaiveDateTime, Utc};

use jsonc_parser::ast::{Object, Value};
use jsonc_parser::common::{Range, Ranged};
use jsonc_parser::tokens::Token;
use jsonc_parser::{CollectOptions, ParseOptions, Scanner, ScannerOptions};

use super::ParseError;
use crate::model::Spanned;
use crate::source::{Source, Span};

/// Reads a `ConvertTo-Json` list of objects — a bare object for one item, nothing at all for
/// none — handing each object (and its value, for spans) to `read`; `what` names one item in
/// errors (`a Win32_Service object`).
pub fn objects<T>(
    source: &Source,
    what: &str,
    mut read: impl FnMut(&Object<'_>, &Value<'_>) -> Result<T, ParseError>,
) -> Result<Vec<T>, ParseError> {
    let Some(value) = parse(source)? else {
        return Ok(Vec::new());
    };
    if !matches!(value, Value::Object(_) | Value::Array(_)) {
        return Err(ParseError::at(
            format!(
                "expected {what} or an array of them, found {}",
                type_name(&value)
            ),
            span(source, &value),
        ));
    }
    items(&value)
        .into_iter()
        .map(|item| match item {
            Value::Object(object) => read(object, item),
            other => Err(ParseError::at(
                format!("expected {what}, found {}", type_name(other)),
                span(source, other),
            )),
        })
        .collect()
}

/// Parses a whole source as JSON; `Ok(None)` for a text with no value (empty or blank).
pub fn parse(source: &Source) -> Result<Option<Value<'_>>, ParseError> {
    jsonc_parser::parse_to_ast(
        &source.text,
        &CollectOptions::default(),
        &ParseOptions::default(),
    )
    .map(|parsed| parsed.value)
    .map_err(|error| parse_error(source, &error))
}

/// Turns a `jsonc-parser` error into a [`ParseError`] at the error's position.
pub fn parse_error(source: &Source, error: &jsonc_parser::errors::ParseError) -> ParseError {
    let range = error.range();
    let (line, column) = (error.line_display(), error.column_display());
    ParseError::at(
        format!(
            "not valid JSON: {} (line {line}, column {column})",
            error.kind()
        ),
        source.span(range.start..range.end),
    )
}

/// The span of any JSON node; for a string literal, the text between its quotes.
pub fn span(source: &Source, value: &Value<'_>) -> Span {
    match value {
        Value::StringLit(lit) => inner_span(source, lit.range),
        other => range_span(source, other.range()),
    }
}

/// The span of a raw node range.
pub fn range_span(source: &Source, range: Range) -> Span {
    source.span(range.start..range.end)
}

/// A string literal's range without its quotes (both `"` and `'` are one byte).
fn inner_span(source: &Source, range: Range) -> Span {
    if range.end >= range.start + 2 {
        source.span(range.start + 1..range.end - 1)
    } else {
        range_span(source, range)
    }
}

/// The elements of a top-level value: an array's elements, or the value itself.
///
/// `ConvertTo-Json` writes a bare object for one input object and an array for several.
pub fn items<'v, 'a>(value: &'v Value<'a>) -> Vec<&'v Value<'a>> {
    match value {
        Value::Array(array) => array.elements.iter().collect(),
        other => vec![other],
    }
}

/// A property's value by key: exact match first, then ASCII case-insensitive, because
/// PowerShell treats keys case-insensitively and hand-edited files drift.
pub fn get<'v, 'a>(object: &'v Object<'a>, key: &str) -> Option<&'v Value<'a>> {
    let props = &object.properties;
    props
        .iter()
        .find(|p| p.name.as_str() == key)
        .or_else(|| {
            props
                .iter()
                .find(|p| p.name.as_str().eq_ignore_ascii_case(key))
        })
        .map(|p| &p.value)
}

/// A property that is present and not `null`.
pub fn get_present<'v, 'a>(object: &'v Object<'a>, key: &str) -> Option<&'v Value<'a>> {
    get(object, key).filter(|value| !matches!(value, Value::NullKeyword(_)))
}

/// A string property, unescaped, spanned on its text between the quotes.
pub fn string(source: &Source, object: &Object<'_>, key: &str) -> Option<Spanned<String>> {
    match get(object, key)? {
        Value::StringLit(lit) => Some(Spanned::new(
            lit.value.to_string(),
            inner_span(source, lit.range),
        )),
        _ => None,
    }
}

/// A number property as written (`4`, `-1`, `2.5`), spanned on the number.
pub fn number(source: &Source, object: &Object<'_>, key: &str) -> Option<Spanned<String>> {
    match get(object, key)? {
        Value::NumberLit(lit) => Some(Spanned::new(
            lit.value.to_string(),
            range_span(source, lit.range),
        )),
        _ => None,
    }
}

/// A boolean property, spanned on the keyword.
pub fn boolean(source: &Source, object: &Object<'_>, key: &str) -> Option<Spanned<bool>> {
    match get(object, key)? {
        Value::BooleanLit(lit) => Some(Spanned::new(lit.value, range_span(source, lit.range))),
        _ => None,
    }
}

/// A date as `ConvertTo-Json` writes it: Windows PowerShell 5.1's `"\/Date(1717405200000)\/"`
/// (milliseconds since 1970 UTC; unescaped it reads `/Date(…)/`, and some serializers add a
/// `+0200` offset, kept as the display zone) or PowerShell 7's ISO 8601
/// (`2024-06-03T10:20:00.1234567+02:00`; without an offset it is taken as UTC).
pub fn powershell_date(text: &str) -> Option<DateTime<FixedOffset>> {
    let text = text.trim();
    if let Some(inner) = text
        .strip_prefix("/Date(")
        .or_else(|| text.strip_prefix("\\/Date("))
    {
        let inner = inner
            .strip_suffix(")/")
            .or_else(|| inner.strip_suffix(")\\/"))?;
        return epoch_date(inner);
    }
    DateTime::parse_from_rfc3339(text).ok().or_else(|| {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
            .ok()
            .map(|naive| naive.and_utc().fixed_offset())
    })
}

/// `1717405200000` or `1717405200000+0200` (a leading `-` is a date before 1970).
fn epoch_date(inner: &str) -> Option<DateTime<FixedOffset>> {
    let split = inner
        .char_indices()
        .skip(1)
        .find(|(_, c)| matches!(c, '+' | '-'))
        .map_or(inner.len(), |(i, _)| i);
    let (millis, zone) = inner.split_at(split);
    let utc: DateTime<Utc> = DateTime::from_timestamp_millis(millis.parse().ok()?)?;
    let offset = if zone.is_empty() {
        FixedOffset::east_opt(0)?
    } else {
        let (sign, digits) = zone.split_at(1);
        let hours: i32 = digits.get(..2)?.parse().ok()?;
        let minutes: i32 = digits.get(2..)?.parse().ok()?;
        let seconds = (hours * 60 + minutes) * 60;
        FixedOffset::east_opt(if sign == "-" { -seconds } else { seconds })?
    };
    Some(utc.with_timezone(&offset))
}

/// A short description of a value's JSON type, for error messages.
pub fn type_name(value: &Value<'_>) -> &'static str {
    match value {
        Value::StringLit(_) => "a string",
        Value::NumberLit(_) => "a number",
        Value::BooleanLit(_) => "a boolean",
        Value::Object(_) => "an object",
        Value::Array(_) => "an array",
        Value::NullKeyword(_) => "null",
    }
}

/// An error at `found`: `{what} should be {expected}, found <its type>`.
pub fn wrong_type(source: &Source, what: &str, expected: &str, found: &Value<'_>) -> ParseError {
    ParseError::at(
        format!("{what} should be {expected}, found {}", type_name(found)),
        span(source, found),
    )
}

/// An optional string property of a machine-written document: absent or `null` is `None`,
/// any other type is an error at the value (the document was damaged).
pub fn strict_string(
    source: &Source,
    object: &Object<'_>,
    key: &str,
) -> Result<Option<Spanned<String>>, ParseError> {
    match get_present(object, key) {
        None => Ok(None),
        Some(Value::StringLit(_)) => Ok(string(source, object, key)),
        Some(other) => Err(wrong_type(source, &format!("`{key}`"), "a string", other)),
    }
}

/// One scalar property of the first object, as [`first_object_scalars`] finds it.
#[derive(Debug, Clone, PartialEq)]
pub struct ScalarProp<'a> {
    /// The property name, unescaped.
    pub key: Cow<'a, str>,
    /// The value's text for strings (unescaped), numbers, booleans and `null`.
    pub value: Cow<'a, str>,
}

/// Keys (and scalar values) of the first object in a JSON text: the top-level object, or
/// the first element of a top-level array.
///
/// Sniffing uses the scanner instead of a full parse so that a file cut off mid-way is still
/// recognized (and then reported as unreadable rather than unrecognized). Nested values are
/// skipped; object/array-valued properties appear with an empty value.
pub fn first_object_scalars(text: &str) -> Vec<ScalarProp<'_>> {
    let mut scanner = Scanner::new(text, &ScannerOptions::default());
    let mut props = Vec::new();
    if !enter_first_object(&mut scanner) {
        return props;
    }
    // Depth relative to the first object's own braces.
    let mut depth = 1usize;
    let mut pending_key: Option<Cow<'_, str>> = None;
    let mut after_colon = false;
    while let Ok(Some(token)) = scanner.scan() {
        match token {
            Token::OpenBrace | Token::OpenBracket => {
                if depth == 1 {
                    if let (Some(key), true) = (pending_key.take(), after_colon) {
                        props.push(ScalarProp {
                            key,
                            value: Cow::Borrowed(""),
                        });
                    }
                    after_colon = false;
                }
                depth += 1;
            }
            Token::CloseBrace | Token::CloseBracket => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            Token::CommentLine(_) | Token::CommentBlock(_) => {}
            Token::Colon if depth == 1 => after_colon = pending_key.is_some(),
            Token::Comma if depth == 1 => {
                pending_key = None;
                after_colon = false;
            }
            token if depth == 1 => {
                let text = scalar_text(token);
                match (pending_key.take(), after_colon) {
                    (Some(key), true) => props.push(ScalarProp { key, value: text }),
                    _ => pending_key = Some(text),
                }
                after_colon = false;
            }
            _ => {}
        }
    }
    props
}

/// Advances the scanner past the `{` of the first object; `false` when there is none.
fn enter_first_object(scanner: &mut Scanner<'_>) -> bool {
    loop {
        match scanner.scan() {
            Ok(Some(Token::OpenBrace)) => return true,
            Ok(Some(Token::OpenBracket)) => {}
            _ => return false,
        }
    }
}

fn scalar_text(token: Token<'_>) -> Cow<'_, str> {
    match token {
        Token::String(value) => value,
        Token::Word(value) | Token::Number(value) => Cow::Borrowed(value),
        Token::Boolean(true) => Cow::Borrowed("true"),
        Token::Boolean(false) => Cow::Borrowed("false"),
        _ => Cow::Borrowed(""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceId;

    fn src(text: &str) -> Source {
        Source::text(SourceId(3), "x.json", text.to_string(), None)
    }

    #[test]
    fn string_values_are_unescaped_and_spanned_inside_quotes() {
        let s = src("{\r\n    \"DisplayName\":  \"A \\u003cB\\u003e \\u0026 C\\u0027s\"\r\n}");
        let value = parse(&s).unwrap().unwrap();
        let object = value.as_object().unwrap();
        let name = string(&s, object, "displayname").unwrap();
        assert_eq!(name.value, "A <B> & C's");
        let span = name.span.unwrap();
        assert_eq!(span.source, SourceId(3));
        assert_eq!(s.slice(span), "A \\u003cB\\u003e \\u0026 C\\u0027s");
    }

    #[test]
    fn spans_are_byte_offsets_after_multibyte_text() {
        let s = src("{\"é€\": \"ü\", \"n\": 42, \"b\": true}");
        let value = parse(&s).unwrap().unwrap();
        let object = value.as_object().unwrap();
        let n = number(&s, object, "n").unwrap();
        assert_eq!((n.value.as_str(), s.slice(n.span.unwrap())), ("42", "42"));
        let b = boolean(&s, object, "b").unwrap();
        assert_eq!(s.slice(b.span.unwrap()), "true");
        assert_eq!(
            s.slice(string(&s, object, "é€").unwrap().span.unwrap()),
            "ü"
        );
    }

    #[test]
    fn errors_point_at_the_failure() {
        let s = src("{\n  \"a\": 1,\n  \"b\": [1, 2\n");
        let error = parse(&s).unwrap_err();
        assert!(
            error.reason.starts_with("not valid JSON"),
            "{}",
            error.reason
        );
        assert!(error.span.is_some());
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(parse(&src(&deep)).is_err());
        assert!(first_object_scalars(&deep).is_empty());
        let fine = format!("{{\"a\": {}1{}}}", "[".repeat(200), "]".repeat(200));
        assert!(parse(&src(&fine)).unwrap().is_some());
    }

    #[test]
    fn powershell_dates() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
        assert_eq!(
            powershell_date("/Date(1717405200000)/"),
            Some(at("2024-06-03T09:00:00Z"))
        );
        let zoned = powershell_date("/Date(1717405200000+0200)/").unwrap();
        assert_eq!(zoned, at("2024-06-03T11:00:00+02:00"));
        assert_eq!(zoned.offset().local_minus_utc(), 7200);
        assert_eq!(
            powershell_date("/Date(-86400000)/"),
            Some(at("1969-12-31T00:00:00Z"))
        );
        assert_eq!(
            powershell_date("2024-06-03T10:20:00.1234567+02:00"),
            Some(at("2024-06-03T10:20:00.1234567+02:00"))
        );
        assert_eq!(
            powershell_date("2024-06-03T10:20:00"),
            Some(at("2024-06-03T10:20:00Z"))
        );
        for bad in [
            "/Date(abc)/",
            "/Date(1+02)/",
            "/Date(99999999999999999999)/",
            "June",
            "",
        ] {
            assert_eq!(powershell_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn empty_text_has_no_value() {
        assert!(parse(&src("  \r\n")).unwrap().is_none());
    }

    #[test]
    fn items_of_object_and_array() {
        let s = src("[{\"a\": 1}, {\"a\": 2}]");
        let value = parse(&s).unwrap().unwrap();
        assert_eq!(items(&value).len(), 2);
        let s = src("{\"a\": 1}");
        let value = parse(&s).unwrap().unwrap();
        assert_eq!(items(&value).len(), 1);
    }

    #[test]
    fn first_object_scalars_survive_truncation_and_skip_nesting() {
        let text = "[\r\n {\"Name\": \"W3SVC\", \"Req\": [{\"ServiceName\": \"WAS\"}], \"Status\": 4, \"StartType\"";
        let props = first_object_scalars(text);
        let keys: Vec<&str> = props.iter().map(|p| p.key.as_ref()).collect();
        assert_eq!(keys, ["Name", "Req", "Status"]);
        assert_eq!(props[0].value, "W3SVC");
        assert_eq!(props[2].value, "4");
        assert!(first_object_scalars("\"just a string\"").is_empty());
        assert!(first_object_scalars("").is_empty());
    }
}
