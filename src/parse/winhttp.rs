//! `netsh winhttp show proxy`.
//!
//! A header line, then 4-space-indented settings (blank lines around them vary):
//!
//! ```text
//!
//! Current WinHTTP proxy settings:
//!
//!     Proxy Server(s) :  proxy.contoso.com:8080
//!     Bypass List     :  <local>;*.contoso.com
//!
//! ```
//!
//! or, for a machine without a proxy, the single line `    Direct access (no proxy server).`.
//! The text is localized (`Paramètres de proxy WinHTTP actuels :`, `Aktuelle
//! WinHTTP-Proxyeinstellungen:`), so the body is read by its structure: one line without a
//! `label :  value` separator means direct access; otherwise the first `label : value` line
//! is the proxy server and the second the bypass list.

use super::ParseError;
use crate::model::{Spanned, WinHttpProxy};
use crate::source::Source;

/// Header lines of the English, French and German outputs.
const HEADERS: &[&str] = &[
    "Current WinHTTP proxy settings:",
    "Paramètres de proxy WinHTTP actuels :",
    "Aktuelle WinHTTP-Proxyeinstellungen:",
];

/// Recognizes `netsh winhttp show proxy` output.
pub fn sniff(text: &str) -> bool {
    header_index(text.lines()).is_some()
}

/// Parses `netsh winhttp show proxy` output.
pub fn parse(source: &Source) -> Result<WinHttpProxy, ParseError> {
    let lines: Vec<&str> = source.text.lines().collect();
    let Some(header) = header_index(lines.iter().copied()) else {
        return Err(ParseError::whole_file(
            "no `Current WinHTTP proxy settings:` header: not `netsh winhttp show proxy` output",
        ));
    };
    let body: Vec<&str> = lines
        .iter()
        .skip(header + 1)
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect();
    let Some(first) = body.first() else {
        return Err(ParseError::at(
            "the WinHTTP proxy output has its header but no settings below it — was it cut off?",
            source.span_of(lines.get(header).copied().unwrap_or_default()),
        ));
    };
    let Some((_, servers)) = split_setting(first) else {
        return Ok(WinHttpProxy {
            direct: Spanned::new(true, source.span_of(first)),
            servers: None,
            bypass: None,
        });
    };
    if servers.is_empty() {
        return Err(ParseError::at(
            format!("the proxy server line `{first}` has no value"),
            source.span_of(first),
        ));
    }
    let bypass = body
        .iter()
        .skip(1)
        .find_map(|l| split_setting(l))
        .map(|(_, value)| value)
        .filter(|value| !is_none_marker(value));
    Ok(WinHttpProxy {
        direct: Spanned::new(false, source.span_of(first)),
        servers: Some(Spanned::new(servers.to_string(), source.span_of(servers))),
        bypass: bypass.map(|value| Spanned::new(value.to_string(), source.span_of(value))),
    })
}

/// The header line: a known header anywhere, or else a first line that mentions WinHTTP,
/// ends with `:` and is followed by an indented line (other locales).
fn header_index<'a>(lines: impl Iterator<Item = &'a str> + Clone) -> Option<usize> {
    if let Some(known) = lines.clone().position(|l| HEADERS.contains(&l.trim())) {
        return Some(known);
    }
    let mut non_blank = lines.enumerate().filter(|(_, l)| !l.trim().is_empty());
    let (index, first) = non_blank.next()?;
    let (_, second) = non_blank.next()?;
    let first = first.trim();
    // `show advproxy` prints a JSON object at column 0 after its header, never indented text.
    let looks_like =
        first.contains("WinHTTP") && first.ends_with(':') && second.starts_with("    ");
    looks_like.then_some(index)
}

/// Splits `Label :  value` at the first colon followed by white space (or the line's end):
/// proxy values contain colons (`host:8080`, `http://h:p`) but never `: `.
fn split_setting(line: &str) -> Option<(&str, &str)> {
    let colon = line.char_indices().find_map(|(at, c)| {
        let next = line.get(at + 1..)?.chars().next();
        (c == ':' && next.is_none_or(char::is_whitespace)).then_some(at)
    })?;
    let label = line.get(..colon)?.trim();
    let value = line.get(colon + 1..)?.trim();
    (!label.is_empty()).then_some((label, value))
}

/// `(none)`, `(aucun)`, ...: host names never start with `(`, so any parenthesized value is
/// the localized "no bypass list" marker.
fn is_none_marker(value: &str) -> bool {
    value.is_empty() || (value.starts_with('(') && value.ends_with(')'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceId;

    fn src(text: &str) -> Source {
        Source::text(SourceId(0), "winhttp.txt", text.to_string(), None)
    }

    #[test]
    fn direct_access() {
        let text = "\r\nCurrent WinHTTP proxy settings:\r\n\r\n    Direct access (no proxy server).\r\n\r\n";
        assert!(sniff(text));
        let source = src(text);
        let proxy = parse(&source).unwrap();
        assert!(proxy.direct.value);
        let span = proxy.direct.span.unwrap();
        assert_eq!(source.slice(span), "Direct access (no proxy server).");
        assert_eq!(source.line_col(span.start), (4, 5));
        assert_eq!(proxy.servers, None);
        assert_eq!(proxy.bypass, None);
    }

    #[test]
    fn named_proxy_with_bypass() {
        let text = "\r\nCurrent WinHTTP proxy settings:\r\n\r\n    Proxy Server(s) :  proxy.contoso.com:8080\r\n    Bypass List     :  <local>;*.contoso.com\r\n\r\n";
        let source = src(text);
        let proxy = parse(&source).unwrap();
        assert!(!proxy.direct.value);
        assert_eq!(
            source.slice(proxy.direct.span.unwrap()),
            "Proxy Server(s) :  proxy.contoso.com:8080"
        );
        let servers = proxy.servers.unwrap();
        assert_eq!(servers.value, "proxy.contoso.com:8080");
        assert_eq!(
            source.slice(servers.span.unwrap()),
            "proxy.contoso.com:8080"
        );
        assert_eq!(source.line_col(servers.span.unwrap().start), (4, 24));
        let bypass = proxy.bypass.unwrap();
        assert_eq!(bypass.value, "<local>;*.contoso.com");
        assert_eq!(source.line_col(bypass.span.unwrap().start), (5, 24));
    }

    #[test]
    fn per_scheme_proxy_without_bypass() {
        let text = "\r\nCurrent WinHTTP proxy settings:\r\n\r\n    Proxy Server(s) :  http=proxy.contoso.com:8080;https=proxy.contoso.com:8443\r\n    Bypass List     :  (none)\r\n\r\n";
        let proxy = parse(&src(text)).unwrap();
        assert!(!proxy.direct.value);
        assert_eq!(
            proxy.servers.unwrap().value,
            "http=proxy.contoso.com:8080;https=proxy.contoso.com:8443"
        );
        assert_eq!(proxy.bypass, None);
    }

    #[test]
    fn french_and_german_outputs() {
        let direct = "\r\nParamètres de proxy WinHTTP actuels :\r\n\r\n    Accès direct (pas de serveur proxy).\r\n\r\n";
        assert!(sniff(direct));
        let source = src(direct);
        let proxy = parse(&source).unwrap();
        assert!(proxy.direct.value);
        assert_eq!(
            source.slice(proxy.direct.span.unwrap()),
            "Accès direct (pas de serveur proxy)."
        );

        let named = "\r\nParamètres de proxy WinHTTP actuels :\r\n\r\n    Serveur(s) proxy :  proxy.local:8080\r\n    Liste de contournement     :  (aucun)\r\n\r\n";
        let proxy = parse(&src(named)).unwrap();
        assert!(!proxy.direct.value);
        assert_eq!(proxy.servers.unwrap().value, "proxy.local:8080");
        assert_eq!(proxy.bypass, None);

        let german =
            "Aktuelle WinHTTP-Proxyeinstellungen:\n\n    Direkter Zugriff (kein Proxyserver).\n";
        assert!(sniff(german));
        assert!(parse(&src(german)).unwrap().direct.value);
    }

    #[test]
    fn unknown_locale_is_read_by_structure() {
        let text = "\r\nConfiguración actual de proxy de WinHTTP:\r\n\r\n    Servidores proxy :  p:3128\r\n    Lista de omisión :  (ninguno)\r\n";
        assert!(sniff(text));
        let proxy = parse(&src(text)).unwrap();
        assert_eq!(proxy.servers.unwrap().value, "p:3128");
        assert_eq!(proxy.bypass, None);
    }

    #[test]
    fn advproxy_and_other_text_are_not_claimed() {
        assert!(!sniff(
            "\r\nCurrent WinHTTP advanced proxy settings:\r\n\r\n{\r\n\t\"Proxy\":\t\"p:1\"\r\n}\r\n"
        ));
        assert!(!sniff("hello\r\n    world\r\n"));
    }

    #[test]
    fn header_without_body_is_an_error() {
        let source = src("\r\nCurrent WinHTTP proxy settings:\r\n\r\n");
        let err = parse(&source).unwrap_err();
        assert!(err.reason.contains("no settings"), "{err}");
        assert_eq!(source.line_col(err.span.unwrap().start), (2, 1));
        assert!(parse(&src("nothing here")).is_err());
    }

    #[test]
    fn server_line_without_value_is_an_error() {
        let source = src("Current WinHTTP proxy settings:\r\n    Proxy Server(s) :\r\n");
        let err = parse(&source).unwrap_err();
        assert!(err.reason.contains("no value"), "{err}");
    }
}
