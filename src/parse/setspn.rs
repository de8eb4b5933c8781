//! `setspn -L <account>` text: the service principal names of one AD account.
//!
//! ```text
//! Registered ServicePrincipalNames for CN=svc-ndes,OU=Service Accounts,DC=contoso,DC=com:
//!         HTTP/ndes01.corp.contoso.com
//!         HTTP/ndes01
//! ```
//!
//! The header names the account by its distinguished name and the SPNs follow, one per
//! line, each indented with a tab. An account without SPNs has the header alone.

use super::ParseError;
use super::reg::excerpt;
use crate::model::{AdAccount, Spanned};
use crate::source::Source;

const HEADER: &str = "Registered ServicePrincipalNames for ";

/// Recognizes `setspn -L` output by its header line.
pub fn sniff(text: &str) -> bool {
    text.lines()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| l.trim_start().starts_with(HEADER))
}

/// Parses `setspn -L` output.
///
/// The account's `sam_account_name` is the CN of the distinguished name in the header, which
/// usually equals the sAMAccountName (setspn does not print the latter); its span covers the
/// CN as written.
pub fn parse(source: &Source) -> Result<AdAccount, ParseError> {
    let mut lines = source.text.lines().filter(|l| !l.trim().is_empty());
    let Some(header) = lines.next() else {
        return Err(ParseError::whole_file(
            "the file is empty: no `setspn -L` output in it",
        ));
    };
    let header_text = header.trim();
    let cut_header = || {
        ParseError::at(
            format!(
                "the header `{}` should be `Registered ServicePrincipalNames for <DN>:` — was \
                 it cut off?",
                excerpt(header_text)
            ),
            source.span_of(header_text),
        )
    };
    let dn = header_text
        .strip_prefix(HEADER)
        .and_then(|rest| rest.strip_suffix(':'))
        .ok_or_else(cut_header)?;
    let (cn_text, cn) = common_name(dn).ok_or_else(|| {
        ParseError::at(
            format!(
                "the account `{}` is not a distinguished name starting with `CN=`",
                excerpt(dn)
            ),
            source.span_of(dn),
        )
    })?;
    let mut spns = Vec::new();
    for line in lines {
        let spn = line.trim();
        if !line.starts_with(char::is_whitespace) || !spn.contains('/') {
            return Err(ParseError::at(
                format!(
                    "unexpected line `{}`: expected an indented SPN such as \
                     `HTTP/ndes01.corp.contoso.com`",
                    excerpt(spn)
                ),
                source.span_of(spn),
            ));
        }
        spns.push(Spanned::new(spn.to_string(), source.span_of(spn)));
    }
    Ok(AdAccount {
        sam_account_name: Spanned::new(cn, source.span_of(cn_text)),
        user_principal_name: None,
        enabled: None,
        locked_out: None,
        password_expired: None,
        password_never_expires: None,
        account_expires: None,
        password_last_set: None,
        sid: None,
        spns,
    })
}

/// The first RDN's value when it is a CN: the text as written and unescaped
/// (`CN=Smith\, John,OU=…` gives `Smith\, John` and `Smith, John`).
fn common_name(dn: &str) -> Option<(&str, String)> {
    let prefix = dn.get(..3).filter(|p| p.eq_ignore_ascii_case("CN="))?;
    let value = dn.get(prefix.len()..)?;
    let mut unescaped = String::new();
    let mut end = value.len();
    let mut chars = value.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' => {
                if let Some((_, next)) = chars.next() {
                    unescaped.push(next);
                }
            }
            ',' => {
                end = at;
                break;
            }
            _ => unescaped.push(c),
        }
    }
    let written = value.get(..end)?;
    (!unescaped.is_empty()).then_some((written, unescaped))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceId;

    fn src(lines: &[&str]) -> Source {
        let text: String = lines.iter().map(|l| format!("{l}\r\n")).collect();
        Source::text(SourceId(0), "spn.txt", text, None)
    }

    #[test]
    fn account_and_spns() {
        let source = src(&[
            "Registered ServicePrincipalNames for CN=svc-ndes,OU=Service Accounts,DC=contoso,DC=com:",
            "\tHTTP/ndes01.corp.contoso.com",
            "\tHTTP/ndes01",
            "",
        ]);
        assert!(sniff(&source.text));
        let account = parse(&source).unwrap();
        assert_eq!(account.sam_account_name.value, "svc-ndes");
        assert_eq!(
            source.line_col(account.sam_account_name.span.unwrap().start),
            (1, 41)
        );
        let spns: Vec<&str> = account.spns.iter().map(|s| s.value.as_str()).collect();
        assert_eq!(spns, ["HTTP/ndes01.corp.contoso.com", "HTTP/ndes01"]);
        assert_eq!(source.line_col(account.spns[1].span.unwrap().start), (3, 2));
    }

    #[test]
    fn escaped_cn_and_no_spns() {
        let source =
            src(&[r"Registered ServicePrincipalNames for CN=Smith\, John,DC=contoso,DC=com:"]);
        let account = parse(&source).unwrap();
        assert_eq!(account.sam_account_name.value, "Smith, John");
        assert_eq!(
            source.slice(account.sam_account_name.span.unwrap()),
            r"Smith\, John"
        );
        assert!(account.spns.is_empty());
    }

    #[test]
    fn malformed_outputs_are_errors() {
        let cut = "Registered ServicePrincipalNames for CN=svc-nd";
        let err = parse(&src(&[cut])).unwrap_err();
        assert!(err.reason.contains("cut off"), "{err}");
        let err = parse(&src(&["Registered ServicePrincipalNames for OU=x:"])).unwrap_err();
        assert!(err.reason.contains("CN="), "{err}");
        let err = parse(&src(&[
            "Registered ServicePrincipalNames for CN=a,DC=b:",
            "\tHTTP/x",
            "Registered ServicePrincipalNames for CN=c,DC=d:",
        ]))
        .unwrap_err();
        assert!(err.reason.contains("unexpected line"), "{err}");
        assert!(parse(&src(&[""])).is_err());
        assert!(!sniff(
            "hello\r\nRegistered ServicePrincipalNames for CN=a:\r\n"
        ));
    }
}
