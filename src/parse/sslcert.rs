//! `netsh http show sslcert`: HTTP.sys TLS bindings.
//!
//! A header underlined with dashes, then one block per binding, blocks separated by blank
//! lines; every field is `    Label<padding> : value` (Windows Server 2022 shown, abridged):
//!
//! ```text
//!
//! SSL Certificate bindings:
//! -------------------------
//!
//!     IP:port                      : 0.0.0.0:443
//!     Certificate Hash             : c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00
//!     Application ID               : {4dc3e181-e14b-4a21-b022-59fc669b0914}
//!     Certificate Store Name       : MY
//!     Verify Client Certificate Revocation : Enabled
//!     Negotiate Client Certificate : Disabled
//!     Disable TLS1.3               : Not Set
//!
//!     Hostname:port                : ndes.contoso.com:443
//!     Certificate Hash             : c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00
//!     …
//! ```
//!
//! The first field of a block names the endpoint: `IP:port`, `Hostname:port` (SNI),
//! `Central Certificate Store` (the value is the port alone, and there is no hash) or
//! `Scoped CCS`. The list of further fields grows with every Windows release (2016 stops near
//! `Negotiate Client Certificate`; 2022 adds `Disable …` / `Enable …`; 2025 adds
//! `Enable Caching Client Hello` and `Extended Properties:` sub-blocks), so fields are read by
//! label and the others ignored. Values contain colons (`[::]:443`), so a field is split on
//! its first ` : `. A machine without bindings prints only the header and the dashes.
//!
//! The hash is upper-cased; a store of `(null)` (which HTTP.sys reads as `MY`) becomes `None`.
//! Spans cover the values as written.

use super::ParseError;
use super::reg::excerpt;
use crate::model::{Spanned, SslBinding};
use crate::source::Source;

const HEADER: &str = "SSL Certificate bindings:";

/// Endpoint labels of bindings that carry no certificate hash.
const CCS_LABELS: &[&str] = &["Central Certificate Store", "Scoped CCS"];

/// Recognizes `netsh http show sslcert`: its header, then a line of dashes.
pub fn sniff(text: &str) -> bool {
    header_and_dashes(&text.lines().collect::<Vec<_>>()).is_some()
}

/// Parses `netsh http show sslcert`.
pub fn parse(source: &Source) -> Result<Vec<SslBinding>, ParseError> {
    let lines: Vec<&str> = source.text.lines().collect();
    let Some(dashes) = header_and_dashes(&lines) else {
        return Err(ParseError::whole_file(
            "not `netsh http show sslcert` output: no `SSL Certificate bindings:` header \
             underlined with dashes",
        ));
    };
    let blocks = blocks(&lines, dashes + 1);
    let mut bindings = Vec::new();
    for (n, block) in blocks.iter().enumerate() {
        match binding(source, block)? {
            Some(binding) => bindings.push(binding),
            // netsh's own error sentence after the dashes (`The system cannot find the file
            // specified.` for a binding that does not exist) means: no such binding.
            None if n + 1 == blocks.len() && bindings.is_empty() => {}
            None => {
                let line = block.first().copied().unwrap_or_default();
                return Err(ParseError::at(
                    format!(
                        "unexpected line `{}`: expected a `    Label : value` field",
                        excerpt(line.trim())
                    ),
                    source.span_of(line.trim()),
                ));
            }
        }
    }
    Ok(bindings)
}

/// Index of the dashes line under the header (leading blank lines skipped).
fn header_and_dashes(lines: &[&str]) -> Option<usize> {
    let mut non_blank = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let (_, header) = non_blank.next()?;
    let (index, dashes) = non_blank.next()?;
    let dashes = dashes.trim();
    let underlined = dashes.len() >= 3 && dashes.bytes().all(|b| b == b'-');
    (header.trim() == HEADER && underlined).then_some(index)
}

/// The runs of non-blank lines after line `from`.
fn blocks<'a>(lines: &[&'a str], from: usize) -> Vec<Vec<&'a str>> {
    let mut blocks: Vec<Vec<&str>> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for &line in lines.iter().skip(from) {
        if line.trim().is_empty() {
            if !current.is_empty() {
                blocks.push(std::mem::take(&mut current));
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    blocks
}

/// `Label : value`, split on the first ` : ` (trimmed; the value may be empty).
fn field(line: &str) -> Option<(&str, &str)> {
    let (label, value) = match line.split_once(" : ") {
        Some(split) => split,
        None => line.trim_end().strip_suffix(" :").map(|l| (l, ""))?,
    };
    let label = label.trim();
    (!label.is_empty()).then_some((label, value.trim()))
}

/// Reads one block: `None` when its first line is not a field (not a binding at all).
fn binding(source: &Source, lines: &[&str]) -> Result<Option<SslBinding>, ParseError> {
    let Some(&first) = lines.first() else {
        return Ok(None);
    };
    let Some((kind, endpoint)) = field(first) else {
        return Ok(None);
    };
    let block_span = source.span_of(first.trim());
    if endpoint.is_empty() {
        return Err(ParseError::at(
            format!("the binding's `{kind}` line has no value"),
            block_span,
        ));
    }
    let lookup = |label: &str| {
        lines
            .iter()
            .skip(1)
            .filter_map(|l| field(l))
            .find(|(l, _)| l.eq_ignore_ascii_case(label))
            .map(|(_, value)| value)
    };
    let incomplete = |missing: &str| {
        ParseError::at(
            format!("the binding `{endpoint}` has no `{missing}` line — was the output cut off?"),
            block_span,
        )
    };
    let is_ccs = CCS_LABELS.iter().any(|l| l.eq_ignore_ascii_case(kind));
    let cert_hash = match lookup("Certificate Hash") {
        Some(hash) if !is_null(hash) => {
            Spanned::new(checked_hash(source, hash)?, source.span_of(hash))
        }
        Some(null) if is_ccs => Spanned::new(String::new(), source.span_of(null)),
        None if is_ccs => Spanned::unlocated(String::new()),
        Some(null) => {
            return Err(ParseError::at(
                format!("the binding `{endpoint}` has no certificate hash (`{null}`)"),
                source.span_of(null),
            ));
        }
        None => return Err(incomplete("Certificate Hash")),
    };
    let app_id = lookup("Application ID").ok_or_else(|| incomplete("Application ID"))?;
    let store =
        lookup("Certificate Store Name").ok_or_else(|| incomplete("Certificate Store Name"))?;
    let located = |value: &str| {
        (!value.is_empty() && !is_null(value))
            .then(|| Spanned::new(value.to_string(), source.span_of(value)))
    };
    Ok(Some(SslBinding {
        endpoint: Spanned::new(endpoint.to_string(), source.span_of(endpoint)),
        cert_hash,
        app_id: located(app_id),
        store: located(store),
    }))
}

fn is_null(value: &str) -> bool {
    value.eq_ignore_ascii_case("(null)")
}

/// A SHA-1 thumbprint: 40 hex digits, upper-cased.
fn checked_hash(source: &Source, hash: &str) -> Result<String, ParseError> {
    let hex = hash.bytes().all(|b| b.is_ascii_hexdigit());
    if hex && hash.len() == 40 {
        return Ok(hash.to_ascii_uppercase());
    }
    Err(ParseError::at(
        format!(
            "certificate hash `{}` is not a SHA-1 thumbprint (40 hex digits) — was the output \
             cut off?",
            excerpt(hash)
        ),
        source.span_of(hash),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceId;

    fn src(lines: &[&str]) -> Source {
        let text: String = lines.iter().map(|l| format!("{l}\r\n")).collect();
        Source::text(SourceId(0), "sslcert.txt", text, None)
    }

    const HASH: &str = "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00";

    fn block(label: &str, endpoint: &str) -> Vec<String> {
        vec![
            format!("    {label:<29}: {endpoint}"),
            format!("    Certificate Hash             : {HASH}"),
            "    Application ID               : {4dc3e181-e14b-4a21-b022-59fc669b0914}".into(),
            "    Certificate Store Name       : MY".into(),
            "    Verify Client Certificate Revocation : Enabled".into(),
            "    Ctl Identifier               : (null)".into(),
            "    Negotiate Client Certificate : Disabled".into(),
        ]
    }

    fn output(blocks: &[Vec<String>]) -> Vec<String> {
        let mut lines: Vec<String> = vec![
            String::new(),
            HEADER.into(),
            "-------------------------".into(),
            String::new(),
        ];
        for b in blocks {
            lines.extend(b.iter().cloned());
            lines.push(String::new());
        }
        lines.push(String::new());
        lines
    }

    fn as_refs(lines: &[String]) -> Vec<&str> {
        lines.iter().map(String::as_str).collect()
    }

    #[test]
    fn ip_and_hostname_bindings() {
        let lines = output(&[
            block("IP:port", "0.0.0.0:443"),
            block("Hostname:port", "ndes.contoso.com:443"),
            block("IP:port", "[::]:443"),
        ]);
        let source = src(&as_refs(&lines));
        assert!(sniff(&source.text));
        let bindings = parse(&source).unwrap();
        assert_eq!(bindings.len(), 3);
        let first = &bindings[0];
        assert_eq!(first.endpoint.value, "0.0.0.0:443");
        assert_eq!(source.slice(first.endpoint.span.unwrap()), "0.0.0.0:443");
        assert_eq!(source.line_col(first.endpoint.span.unwrap().start), (5, 36));
        assert_eq!(first.cert_hash.value, HASH.to_ascii_uppercase());
        assert_eq!(source.slice(first.cert_hash.span.unwrap()), HASH);
        assert_eq!(
            first.app_id.as_ref().unwrap().value,
            "{4dc3e181-e14b-4a21-b022-59fc669b0914}"
        );
        assert_eq!(first.store.as_ref().unwrap().value, "MY");
        assert_eq!(bindings[1].endpoint.value, "ndes.contoso.com:443");
        assert_eq!(bindings[2].endpoint.value, "[::]:443");
    }

    #[test]
    fn ccs_binding_has_no_hash_and_null_store_is_none() {
        let ccs = vec![
            "    Central Certificate Store    : 443".to_string(),
            "    Application ID               : {4dc3e181-e14b-4a21-b022-59fc669b0914}".into(),
            "    Certificate Store Name       : (null)".into(),
        ];
        let lines = output(&[ccs]);
        let source = src(&as_refs(&lines));
        let bindings = parse(&source).unwrap();
        assert_eq!(bindings[0].endpoint.value, "443");
        assert_eq!(bindings[0].cert_hash.value, "");
        assert_eq!(bindings[0].store, None);
    }

    #[test]
    fn no_bindings_and_missing_binding() {
        let source = src(&["", HEADER, "-------------------------", "", ""]);
        assert!(sniff(&source.text));
        assert_eq!(parse(&source).unwrap(), vec![]);
        let source = src(&[
            "",
            HEADER,
            "-------------------------",
            "",
            "The system cannot find the file specified.",
            "",
        ]);
        assert_eq!(parse(&source).unwrap(), vec![]);
    }

    #[test]
    fn cut_off_blocks_are_errors() {
        let mut cut = block("IP:port", "0.0.0.0:443");
        cut.truncate(2);
        let lines = output(&[cut]);
        let source = src(&as_refs(&lines));
        let err = parse(&source).unwrap_err();
        assert!(err.reason.contains("no `Application ID`"), "{err}");
        assert!(err.reason.contains("cut off"), "{err}");
        assert_eq!(source.line_col(err.span.unwrap().start), (5, 5));

        let mut half_hash = block("IP:port", "0.0.0.0:443");
        half_hash.truncate(2);
        half_hash[1] = "    Certificate Hash             : c0ffee00".into();
        let lines = output(&[half_hash]);
        let source = src(&as_refs(&lines));
        let err = parse(&source).unwrap_err();
        assert!(err.reason.contains("not a SHA-1"), "{err}");
        assert_eq!(source.slice(err.span.unwrap()), "c0ffee00");

        let lines = output(&[block("IP:port", "0.0.0.0:443"), vec!["garbage".into()]]);
        let err = parse(&src(&as_refs(&lines))).unwrap_err();
        assert!(err.reason.contains("unexpected line `garbage`"), "{err}");
    }

    #[test]
    fn other_netsh_http_outputs_are_not_claimed() {
        assert!(!sniff(
            "\r\nURL Reservations:\r\n-----------------\r\n\r\n    Reserved URL            : http://+:80/\r\n"
        ));
        assert!(!sniff("SSL Certificate bindings:\r\nnot dashes\r\n"));
        assert!(parse(&src(&["hello"])).is_err());
    }
}
