//! `net localgroup <group>` text.
//!
//! ```text
//! Alias name     IIS_IUSRS
//! Comment        Built-in group used by Internet Information Services.
//!
//! Members
//!
//! -------------------------------------------------------------------------------
//! CONTOSO\svc-ndes
//! NT AUTHORITY\IUSR
//! The command completed successfully.
//!
//! ```
//!
//! The labels are localized (de-DE: `Aliasname`, `Beschreibung`, `Mitglieder`,
//! `Der Befehl wurde erfolgreich ausgeführt.`), so the output is read by its structure: the
//! first line is a label, spaces and the group name; the members are the lines between the
//! line of 79 dashes and the closing sentence, which is the last line and ends with a period
//! (account names cannot). An empty group has nothing between the two.

use super::ParseError;
use super::reg::excerpt;
use crate::model::{LocalGroup, Spanned};
use crate::source::Source;

/// The rule `net` prints above the member list.
const DASHES: usize = 79;

/// Recognizes `net localgroup <group>`: a `<label>  <group>` first line, a short label line
/// (`Members`) and then the line of 79 dashes.
pub fn sniff(text: &str) -> bool {
    let lines: Vec<&str> = text.lines().collect();
    let Some(first) = lines.iter().position(|l| !l.trim().is_empty()) else {
        return false;
    };
    let Some(dashes) = dashes_index(&lines) else {
        return false;
    };
    let header_ok = lines
        .get(first)
        .is_some_and(|l| label_and_value(l).is_some());
    let members_label = lines
        .get(first..dashes)
        .and_then(|head| head.iter().rev().find(|l| !l.trim().is_empty()))
        .is_some_and(|l| !l.starts_with(' ') && !l.trim().contains("  ") && l.len() < 40);
    header_ok && members_label && dashes - first <= 8
}

/// Parses `net localgroup <group>`.
pub fn parse(source: &Source) -> Result<LocalGroup, ParseError> {
    let lines: Vec<&str> = source.text.lines().collect();
    let Some(first) = lines.iter().find(|l| !l.trim().is_empty()) else {
        return Err(ParseError::whole_file(
            "the file is empty: no `net localgroup` output in it",
        ));
    };
    let Some((_, group)) = label_and_value(first) else {
        return Err(ParseError::at(
            format!(
                "the first line `{}` does not name a group (`Alias name     <group>`)",
                excerpt(first.trim())
            ),
            source.span_of(first.trim()),
        ));
    };
    let Some(dashes) = dashes_index(&lines) else {
        return Err(ParseError::at(
            "no line of dashes above the member list — was the output cut off?",
            source.span_of(first.trim()),
        ));
    };
    let after: Vec<&str> = lines
        .iter()
        .skip(dashes + 1)
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect();
    let Some((closing, members)) = after.split_last() else {
        return Err(cut_off(source, &lines, dashes));
    };
    if !is_closing_sentence(closing) {
        return Err(ParseError::at(
            format!(
                "the member list does not end with `The command completed successfully.` \
                 (last line: `{}`) — was the output cut off?",
                excerpt(closing)
            ),
            source.span_of(closing),
        ));
    }
    Ok(LocalGroup {
        name: Spanned::new(group.to_string(), source.span_of(group)),
        members: members
            .iter()
            .map(|m| Spanned::new((*m).to_string(), source.span_of(m)))
            .collect(),
    })
}

fn cut_off(source: &Source, lines: &[&str], dashes: usize) -> ParseError {
    let line = lines.get(dashes).copied().unwrap_or_default();
    ParseError::at(
        "nothing after the line of dashes, not even `The command completed successfully.` — \
         was the output cut off?",
        source.span_of(line.trim()),
    )
}

/// Index of the line of 79 dashes.
fn dashes_index(lines: &[&str]) -> Option<usize> {
    lines.iter().position(|l| {
        let t = l.trim_end();
        t.len() == DASHES && t.bytes().all(|b| b == b'-')
    })
}

/// `Alias name     IIS_IUSRS`: the label, padded with spaces, then the value (which may
/// contain single spaces: `Remote Desktop Users`).
fn label_and_value(line: &str) -> Option<(&str, &str)> {
    let line = line.trim_end();
    if line.starts_with(char::is_whitespace) {
        return None;
    }
    let (label, value) = line.split_once("  ")?;
    let value = value.trim_start();
    (!label.is_empty() && !value.is_empty()).then_some((label, value))
}

/// `The command completed successfully.` in any language: a sentence, so it ends with a
/// full stop, which account names never do.
fn is_closing_sentence(line: &str) -> bool {
    line.ends_with('.') || line.ends_with('。')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceId;

    fn src(lines: &[&str]) -> Source {
        let text: String = lines.iter().map(|l| format!("{l}\r\n")).collect();
        Source::text(SourceId(0), "group.txt", text, None)
    }

    fn dashes() -> String {
        "-".repeat(DASHES)
    }

    #[test]
    fn english_group_with_members() {
        let d = dashes();
        let lines = [
            "Alias name     IIS_IUSRS",
            "Comment        Built-in group used by Internet Information Services.",
            "",
            "Members",
            "",
            d.as_str(),
            r"CONTOSO\svc-ndes",
            r"NT AUTHORITY\IUSR",
            "The command completed successfully.",
            "",
        ];
        let source = src(&lines);
        assert!(sniff(&source.text));
        let group = parse(&source).unwrap();
        assert_eq!(group.name.value, "IIS_IUSRS");
        assert_eq!(source.line_col(group.name.span.unwrap().start), (1, 16));
        let members: Vec<&str> = group.members.iter().map(|m| m.value.as_str()).collect();
        assert_eq!(members, [r"CONTOSO\svc-ndes", r"NT AUTHORITY\IUSR"]);
        assert_eq!(
            source.line_col(group.members[1].span.unwrap().start),
            (8, 1)
        );
    }

    #[test]
    fn german_empty_group_with_spaces_in_its_name() {
        let d = dashes();
        let lines = [
            "Aliasname      Remotedesktopbenutzer Gruppe",
            "Beschreibung   Mitglieder dieser Gruppe dürfen sich remote anmelden.",
            "",
            "Mitglieder",
            "",
            d.as_str(),
            "Der Befehl wurde erfolgreich ausgeführt.",
        ];
        let source = src(&lines);
        assert!(sniff(&source.text));
        let group = parse(&source).unwrap();
        assert_eq!(group.name.value, "Remotedesktopbenutzer Gruppe");
        assert!(group.members.is_empty());
    }

    #[test]
    fn truncated_outputs_are_errors() {
        let d = dashes();
        let head = ["Alias name     IIS_IUSRS", "", "Members", "", d.as_str()];
        let err = parse(&src(&head)).unwrap_err();
        assert!(
            err.reason.contains("nothing after the line of dashes"),
            "{err}"
        );

        let mut cut = head.to_vec();
        cut.push(r"CONTOSO\svc-nd");
        let source = src(&cut);
        let err = parse(&source).unwrap_err();
        assert!(err.reason.contains("cut off"), "{err}");
        assert_eq!(source.slice(err.span.unwrap()), r"CONTOSO\svc-nd");

        let err = parse(&src(&["Alias name     IIS_IUSRS", "Comment"])).unwrap_err();
        assert!(err.reason.contains("no line of dashes"), "{err}");
        assert!(parse(&src(&[""])).is_err());
        assert!(parse(&src(&["    indented"])).is_err());
    }

    #[test]
    fn other_text_is_not_claimed() {
        let d = dashes();
        assert!(!sniff(&format!("hello\r\n{d}\r\n")));
        assert!(!sniff("Alias name     IIS_IUSRS\r\n"));
        assert!(!sniff(&format!(
            "Alias name     IIS_IUSRS\r\nMembers\r\n{}\r\n",
            "-".repeat(78)
        )));
    }
}
