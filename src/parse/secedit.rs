//! `secedit /export /areas USER_RIGHTS /cfg rights.inf`: user rights assignments (an INI
//! file, UTF-16LE on disk).
//!
//! ```text
//! [Unicode]
//! Unicode=yes
//! [Version]
//! signature="$CHICAGO$"
//! Revision=1
//! [Privilege Rights]
//! SeServiceLogonRight = *S-1-5-80-0,svc-ndes
//! SeImpersonatePrivilege = *S-1-5-19,*S-1-5-20,*S-1-5-32-544,*S-1-5-6,IIS_IUSRS
//! ```
//!
//! Holders are SIDs marked with `*`, or account names when secedit could not turn a name
//! into a SID. A right nobody holds is not written. Only `[Privilege Rights]` is read; a full
//! export's other sections are skipped. Holders come out without their `*`, each spanned on
//! its text (the SID without the `*`).

use super::ParseError;
use super::reg::excerpt;
use crate::model::{Spanned, UserRight};
use crate::source::Source;

const SECTION: &str = "[Privilege Rights]";

/// Recognizes a secedit export: a `[Privilege Rights]` section, or the `[Unicode]` section
/// with the `$CHICAGO$` signature every security template carries.
pub fn sniff(text: &str) -> bool {
    let has_line = |wanted: &str| text.lines().any(|l| l.trim().eq_ignore_ascii_case(wanted));
    let signature = text.lines().any(|l| {
        let l = l.trim().to_ascii_lowercase();
        l.replace(' ', "") == "signature=\"$chicago$\""
    });
    has_line(SECTION) || (signature && has_line("[Unicode]"))
}

/// Parses a secedit export's `[Privilege Rights]` section.
pub fn parse(source: &Source) -> Result<Vec<UserRight>, ParseError> {
    let mut in_rights = false;
    let mut seen = false;
    let mut rights = Vec::new();
    for line in source.text.lines() {
        let t = line.trim();
        if t.starts_with('[') {
            in_rights = t.eq_ignore_ascii_case(SECTION);
            seen |= in_rights;
        } else if in_rights && !t.is_empty() && !t.starts_with(';') {
            rights.push(right(source, t)?);
        }
    }
    if !seen {
        return Err(ParseError::whole_file(
            "the security template has no `[Privilege Rights]` section: export it with \
             `secedit /export /areas USER_RIGHTS /cfg rights.inf`",
        ));
    }
    Ok(rights)
}

/// `SeImpersonatePrivilege = *S-1-5-19,IIS_IUSRS`.
fn right(source: &Source, line: &str) -> Result<UserRight, ParseError> {
    let Some((name, holders)) = line.split_once('=') else {
        return Err(ParseError::at(
            format!(
                "malformed line `{}` in [Privilege Rights]: expected `SePrivilege = holders` \
                 — was the file cut off?",
                excerpt(line)
            ),
            source.span_of(line),
        ));
    };
    let name = name.trim();
    if name.is_empty() {
        return Err(ParseError::at(
            format!("line `{}` names no privilege", excerpt(line)),
            source.span_of(line),
        ));
    }
    let holders = holders.trim();
    let holders = if holders.is_empty() {
        Vec::new()
    } else {
        holders
            .split(',')
            .map(|h| holder(source, name, h.trim()))
            .collect::<Result<_, _>>()?
    };
    Ok(UserRight {
        privilege: Spanned::new(name.to_string(), source.span_of(name)),
        holders,
    })
}

/// One holder: `*S-1-5-32-568` (a SID, kept without the `*`) or an account name.
fn holder(source: &Source, privilege: &str, text: &str) -> Result<Spanned<String>, ParseError> {
    let (value, is_sid) = match text.strip_prefix('*') {
        Some(sid) => (sid.trim(), true),
        None => (text, false),
    };
    if value.is_empty() || (is_sid && !is_sid_text(value)) {
        let shown = if text.is_empty() { "(empty)" } else { text };
        let span = if text.is_empty() {
            source.span_of(privilege)
        } else {
            source.span_of(text)
        };
        return Err(ParseError::at(
            format!(
                "holder `{}` of {privilege} is not a SID (`*S-1-5-…`) or an account name",
                excerpt(shown)
            ),
            span,
        ));
    }
    Ok(Spanned::new(value.to_string(), source.span_of(value)))
}

/// `S-1-5-32-568`: `S-1-` then dash-separated decimal numbers.
fn is_sid_text(text: &str) -> bool {
    let Some(rest) = text
        .get(..4)
        .filter(|p| p.eq_ignore_ascii_case("S-1-"))
        .and_then(|_| text.get(4..))
    else {
        return false;
    };
    rest.split('-')
        .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceId;

    fn src(lines: &[&str]) -> Source {
        let text: String = lines.iter().map(|l| format!("{l}\r\n")).collect();
        Source::text(SourceId(0), "rights.inf", text, None)
    }

    const HEAD: &[&str] = &[
        "[Unicode]",
        "Unicode=yes",
        "[Version]",
        "signature=\"$CHICAGO$\"",
        "Revision=1",
    ];

    #[test]
    fn privilege_rights_and_holders() {
        let mut lines = HEAD.to_vec();
        lines.extend_from_slice(&[
            "[Privilege Rights]",
            "SeNetworkLogonRight = *S-1-1-0,*S-1-5-32-544,*S-1-5-32-545,*S-1-5-32-551",
            "SeImpersonatePrivilege = *S-1-5-19,*S-1-5-20,*S-1-5-32-544,*S-1-5-6,IIS_IUSRS",
            "SeTrustedCredManAccessPrivilege = ",
        ]);
        let source = src(&lines);
        assert!(sniff(&source.text));
        let rights = parse(&source).unwrap();
        assert_eq!(rights.len(), 3);
        let impersonate = &rights[1];
        assert_eq!(impersonate.privilege.value, "SeImpersonatePrivilege");
        assert_eq!(
            source.line_col(impersonate.privilege.span.unwrap().start),
            (8, 1)
        );
        let holders: Vec<&str> = impersonate
            .holders
            .iter()
            .map(|h| h.value.as_str())
            .collect();
        assert_eq!(
            holders,
            [
                "S-1-5-19",
                "S-1-5-20",
                "S-1-5-32-544",
                "S-1-5-6",
                "IIS_IUSRS"
            ]
        );
        let sid = impersonate.holders[0].span.unwrap();
        assert_eq!(source.slice(sid), "S-1-5-19");
        assert_eq!(source.line_col(sid.start), (8, 27));
        assert!(rights[2].holders.is_empty());
    }

    #[test]
    fn other_sections_are_skipped_and_sniffing() {
        let source = src(&[
            "[System Access]",
            "MinimumPasswordAge = 1",
            "[Privilege Rights]",
            "SeBatchLogonRight = *S-1-5-32-568",
            "[Registry Values]",
            "MACHINE\\System\\X=4,1",
        ]);
        assert!(sniff(&source.text));
        let rights = parse(&source).unwrap();
        assert_eq!(rights.len(), 1);
        assert!(sniff(&HEAD.join("\r\n")));
        assert!(!sniff("[Unicode]\r\nUnicode=yes\r\n"));
    }

    #[test]
    fn malformed_files_are_errors() {
        let err = parse(&src(HEAD)).unwrap_err();
        assert!(err.reason.contains("no `[Privilege Rights]`"), "{err}");
        for (line, expected, spanned) in [
            ("SeImpersonatePriv", "malformed line", "SeImpersonatePriv"),
            ("= *S-1-5-19", "names no privilege", "= *S-1-5-19"),
            ("SeX = *S-1-5-", "not a SID", "*S-1-5-"),
            ("SeX = *S-1-5-19,", "not a SID", "SeX"),
            ("SeX = *", "not a SID", "*"),
        ] {
            let source = src(&["[Privilege Rights]", line]);
            let err = parse(&source).unwrap_err();
            assert!(err.reason.contains(expected), "{line}: {err}");
            assert_eq!(source.slice(err.span.unwrap()), spanned, "{line}");
        }
    }
}
