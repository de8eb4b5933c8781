//! Narrows evidence to the text a rule asked to underline inside a fact (`label_find`,
//! `related[].find`): the parameter inside a long event message, the value inside a log line.

use super::Evaluation;
use crate::source::{SourceMap, Span};

/// Narrows every finding's evidence that names text to find inside its fact; evidence whose
/// text is not there keeps the whole fact.
pub fn narrow(evaluation: &mut Evaluation, sources: &SourceMap) {
    for finding in &mut evaluation.findings {
        for evidence in finding.primary.iter_mut().chain(finding.related.iter_mut()) {
            if let Some(needle) = evidence.find.take()
                && let Some(span) = find_in(sources, evidence.span, &needle)
            {
                evidence.span = span;
            }
        }
    }
}

/// Where `needle` first occurs inside `span`: as written, or as JSON writes it (the exports
/// escape quotes, backslashes and line breaks, and Windows PowerShell 5.1 also `<>'&`); ASCII
/// case is ignored when there is no exact match.
fn find_in(sources: &SourceMap, span: Span, needle: &str) -> Option<Span> {
    if needle.is_empty() {
        return None;
    }
    let haystack = sources.get(span.source)?.slice(span);
    let json = json_escaped(needle, false);
    let ps51 = json_escaped(needle, true);
    let candidates = [needle, json.as_str(), ps51.as_str()];
    // ASCII case folding keeps byte offsets, so a match in the folded text is one in the text.
    let folded = haystack.to_ascii_lowercase();
    let exact = candidates
        .iter()
        .find_map(|candidate| haystack.find(candidate).map(|at| (at, candidate.len())));
    let found = exact.or_else(|| {
        candidates.iter().find_map(|candidate| {
            folded
                .find(&candidate.to_ascii_lowercase())
                .map(|at| (at, candidate.len()))
        })
    });
    found.map(|(at, len)| Span {
        source: span.source,
        start: span.start + at,
        end: span.start + at + len,
    })
}

/// `text` as a JSON string's contents.
fn json_escaped(text: &str, ps51: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '\'' | '&' if ps51 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_each_powershell_writes() {
        assert_eq!(
            json_escaped(r#"-CAConfig "A\B""#, false),
            r#"-CAConfig \"A\\B\""#
        );
        assert_eq!(json_escaped("a<b>", true), "a\\u003cb\\u003e");
        assert_eq!(json_escaped("a<b>", false), "a<b>");
    }

    #[test]
    fn finds_the_text_inside_the_span_only() {
        let mut sources = SourceMap::new();
        let text = r#"{"Message": "x -Name \"A\\B\" y", "Other": "-Name \"A\\B\""}"#;
        let source = sources.add_text(
            "e.json",
            text.to_string(),
            crate::source::TextEncoding::Utf8,
        );
        let message = source.span(13..31);
        let found = find_in(&sources, message, r#"-Name "A\B""#).unwrap();
        assert_eq!(source.slice(found), r#"-Name \"A\\B\""#);
        assert!(found.start >= message.start && found.end <= message.end);
        assert!(find_in(&sources, message, "absent").is_none());
        let folded = find_in(&sources, message, r#"-name "a\b""#).unwrap();
        assert_eq!(folded, found);
        assert!(find_in(&sources, message, "").is_none());
    }
}
