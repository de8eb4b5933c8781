//! `ConvertTo-Json` output in the two layouts customers send: Windows PowerShell 5.1
//! (JavaScriptSerializer + its own pretty printer) and PowerShell 7 (Newtonsoft).

use crate::winfmt::CRLF;

/// A JSON value with ordered object keys (property order matters for realism).
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    /// An integer (enums, counts).
    Int(i64),
    /// A string.
    Str(String),
    /// An array.
    Array(Vec<Json>),
    /// An object, keys in insertion order.
    Object(Vec<(String, Json)>),
    /// Written as-is: `null`, `true`, or PowerShell 5.1's `"\/Date(…)\/"`.
    Raw(String),
}

impl Json {
    /// Builds an object from `(key, value)` pairs.
    pub fn object<K: Into<String>>(entries: impl IntoIterator<Item = (K, Json)>) -> Self {
        Json::Object(entries.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// A string value.
    pub fn str(text: impl Into<String>) -> Self {
        Json::Str(text.into())
    }
}

/// Windows PowerShell 5.1 layout: 4-space steps, `"key":  value` (two spaces), nested
/// containers indented from the column where their opening bracket sits. No final
/// newline: `Out-File` adds it.
pub fn ps51(value: &Json) -> String {
    let mut out = String::new();
    write_ps51(&mut out, value, 0);
    out
}

fn write_ps51(out: &mut String, value: &Json, column: usize) {
    match value {
        Json::Array(items) if items.is_empty() => {
            out.push('[');
            out.push_str(CRLF);
            out.push_str(CRLF);
            pad(out, column);
            out.push(']');
        }
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                out.push_str(CRLF);
                pad(out, column + 4);
                write_ps51(out, item, column + 4);
                if i + 1 < items.len() {
                    out.push(',');
                }
            }
            out.push_str(CRLF);
            pad(out, column);
            out.push(']');
        }
        Json::Object(entries) => {
            out.push('{');
            for (i, (key, item)) in entries.iter().enumerate() {
                out.push_str(CRLF);
                pad(out, column + 4);
                let prefix = format!("\"{}\":  ", escape(key, true));
                out.push_str(&prefix);
                write_ps51(out, item, column + 4 + prefix.chars().count());
                if i + 1 < entries.len() {
                    out.push(',');
                }
            }
            out.push_str(CRLF);
            pad(out, column);
            out.push('}');
        }
        scalar => write_scalar(out, scalar, true),
    }
}

/// PowerShell 7 layout (Newtonsoft `Formatting.Indented`): 2-space steps,
/// `"key": value`. No final newline.
pub fn ps7(value: &Json) -> String {
    let mut out = String::new();
    write_ps7(&mut out, value, 0);
    out
}

fn write_ps7(out: &mut String, value: &Json, indent: usize) {
    match value {
        Json::Array(items) if items.is_empty() => out.push_str("[]"),
        Json::Object(entries) if entries.is_empty() => out.push_str("{}"),
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                out.push_str(CRLF);
                pad(out, indent + 2);
                write_ps7(out, item, indent + 2);
                if i + 1 < items.len() {
                    out.push(',');
                }
            }
            out.push_str(CRLF);
            pad(out, indent);
            out.push(']');
        }
        Json::Object(entries) => {
            out.push('{');
            for (i, (key, item)) in entries.iter().enumerate() {
                out.push_str(CRLF);
                pad(out, indent + 2);
                out.push_str(&format!("\"{}\": ", escape(key, false)));
                write_ps7(out, item, indent + 2);
                if i + 1 < entries.len() {
                    out.push(',');
                }
            }
            out.push_str(CRLF);
            pad(out, indent);
            out.push('}');
        }
        scalar => write_scalar(out, scalar, false),
    }
}

fn write_scalar(out: &mut String, value: &Json, html_safe: bool) {
    match value {
        Json::Int(n) => out.push_str(&n.to_string()),
        Json::Raw(text) => out.push_str(text),
        Json::Str(s) => {
            out.push('"');
            out.push_str(&escape(s, html_safe));
            out.push('"');
        }
        Json::Array(_) | Json::Object(_) => unreachable!("containers are handled by the callers"),
    }
}

fn pad(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

/// JSON string escaping. JavaScriptSerializer (PS 5.1) also escapes `<`, `>`, `&`, `'`.
fn escape(text: &str, html_safe: bool) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' | '\'' if html_safe => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ps51_nests_from_the_bracket_column() {
        let value = Json::object([
            ("Name", Json::str("W3SVC")),
            (
                "RequiredServices",
                Json::Array(vec![Json::object([("Status", Json::Int(4))])]),
            ),
            ("DependentServices", Json::Array(Vec::new())),
        ]);
        let expected = [
            "{",
            "    \"Name\":  \"W3SVC\",",
            "    \"RequiredServices\":  [",
            "                             {",
            "                                 \"Status\":  4",
            "                             }",
            "                         ],",
            "    \"DependentServices\":  [",
            "",
            "                          ]",
            "}",
        ];
        assert_eq!(ps51(&value), expected.join("\r\n"));
    }

    #[test]
    fn ps51_escapes_like_javascriptserializer() {
        assert_eq!(
            ps51(&Json::str("<local>'s")),
            "\"\\u003clocal\\u003e\\u0027s\""
        );
        assert_eq!(ps7(&Json::str("<local>'s")), "\"<local>'s\"");
    }

    #[test]
    fn ps7_is_two_space_newtonsoft() {
        let value = Json::Array(vec![Json::object([
            ("Name", Json::str("WAS")),
            ("Status", Json::str("Running")),
        ])]);
        let expected = [
            "[",
            "  {",
            "    \"Name\": \"WAS\",",
            "    \"Status\": \"Running\"",
            "  }",
            "]",
        ];
        assert_eq!(ps7(&value), expected.join("\r\n"));
    }
}
