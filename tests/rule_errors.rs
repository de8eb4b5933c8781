//! A wrong rule file is reported at the rule file's line, with what is wrong.

use scepter::rules::{RuleError, RuleSet};

const GOOD: &str = "\
id: demo-rule
title: a demo rule
severity: warning
area: demo
docs: https://example.com/demo
for: cert in certificates
assert: cert.not_after > meta.collected_at
message: \"{{cert.subject_cn}} expired\"
label: cert.not_after
help: renew it
";

fn load(text: &str) -> Result<RuleSet, Vec<RuleError>> {
    RuleSet::from_texts([("my-rules/demo-rule.yaml".to_string(), text.to_string())])
}

fn only_error(text: &str) -> RuleError {
    let mut errors = load(text).expect_err("the rule must be rejected");
    assert_eq!(errors.len(), 1, "{errors:?}");
    errors.remove(0)
}

#[test]
fn the_good_rule_loads() {
    let rules = load(GOOD).unwrap();
    assert_eq!(rules.rules[0].id, "demo-rule");
}

#[test]
fn unknown_key_is_reported_at_its_line() {
    let text = GOOD.replace("help: renew it", "help: renew it\nseverty: error");
    let error = only_error(&text);
    assert_eq!(error.file, "my-rules/demo-rule.yaml");
    assert_eq!(error.line, 11);
    assert!(error.message.contains("severty"), "{}", error.message);
}

#[test]
fn bad_severity_is_reported_at_its_line() {
    let error = only_error(&GOOD.replace("severity: warning", "severity: critical"));
    assert_eq!(error.line, 3);
    assert!(error.message.contains("critical"), "{}", error.message);
}

#[test]
fn cel_syntax_error_is_reported_at_its_line_and_column() {
    let error = only_error(&GOOD.replace(
        "cert.not_after > meta.collected_at",
        "cert.not_after > > meta.collected_at",
    ));
    assert_eq!(error.file, "my-rules/demo-rule.yaml");
    assert_eq!(error.line, 7);
    // `assert: cert.not_after > ` is 25 characters: the second `>` is column 26.
    assert_eq!(error.column, 26, "{error:?}");
    assert!(
        error.message.starts_with("CEL syntax error"),
        "{}",
        error.message
    );
}

#[test]
fn unknown_placeholder_is_reported_at_its_line_and_column() {
    let error = only_error(&GOOD.replace("{{cert.subject_cn}}", "{{cert.subjet_cn}}"));
    assert_eq!(error.line, 8);
    assert!(
        error.message.contains("unknown field `subjet_cn`"),
        "{}",
        error.message
    );
    assert!(
        error.message.contains("in placeholder"),
        "{}",
        error.message
    );
    assert_eq!(error.column, 18, "{error:?}");
    assert!(error.help.as_deref().unwrap_or("").contains("subject_cn"));
}

#[test]
fn unknown_variable_in_a_block_scalar_points_into_the_block() {
    let text = GOOD.replace(
        "assert: cert.not_after > meta.collected_at",
        "assert: >-\n  cert.not_after >\n    metta.collected_at",
    );
    let error = only_error(&text);
    assert_eq!((error.line, error.column), (9, 5), "{error:?}");
    assert!(
        error.message.contains("unknown variable `metta`"),
        "{}",
        error.message
    );
}

#[test]
fn unterminated_placeholder_is_an_error() {
    let error =
        only_error(&GOOD.replace("{{cert.subject_cn}} expired", "{{cert.subject_cn expired"));
    assert_eq!(error.line, 8);
    assert!(
        error.message.contains("without a closing"),
        "{}",
        error.message
    );
}

#[test]
fn id_must_match_the_file_name() {
    let error = only_error(&GOOD.replace("id: demo-rule", "id: other-rule"));
    assert_eq!(error.line, 1);
    assert!(
        error.message.contains("does not match the file name"),
        "{}",
        error.message
    );
}

#[test]
fn unknown_label_field_is_an_error() {
    let error = only_error(&GOOD.replace("label: cert.not_after", "label: cert.not_afterr"));
    assert_eq!(error.line, 9);
    assert!(error.message.contains("not_afterr"), "{}", error.message);
}

#[test]
fn every_builtin_rule_loads() {
    let rules = RuleSet::builtin().unwrap_or_else(|errors| {
        let shown: Vec<String> = errors
            .iter()
            .map(|e| format!("{}:{}: {}", e.file, e.line, e.message))
            .collect();
        panic!("built-in rules do not load:\n{}", shown.join("\n"))
    });
    assert!(rules.rules.len() >= 7);
}
