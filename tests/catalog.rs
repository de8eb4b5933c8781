//! The rule documentation stays true: `docs/catalog.md` maps every known check to the rules
//! that carry it out, or says why no rule can (the rules it names exist, and no built-in rule
//! is left out), and every evidence kind is explained in `docs/writing-rules.md`.

mod common;

use std::collections::BTreeSet;

use common::root;
use scepter::rules::RuleSet;

/// One row of the table: the check, the rule ids it names, its note.
struct Row {
    check: String,
    rules: Vec<String>,
    note: String,
}

fn rows() -> Vec<Row> {
    let text = std::fs::read_to_string(root().join("docs/catalog.md")).unwrap();
    text.lines()
        .filter(|line| {
            line.starts_with("| ") && !line.starts_with("| check") && !line.starts_with("| ---")
        })
        .map(|line| {
            let cells: Vec<&str> = line.trim_matches('|').split(" | ").map(str::trim).collect();
            assert_eq!(
                cells.len(),
                3,
                "a row has a check, its rules and a note: {line}"
            );
            let rules = cells[1]
                .split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_string)
                .collect();
            Row {
                check: cells[0].to_string(),
                rules,
                note: cells[2].to_string(),
            }
        })
        .collect()
}

#[test]
fn every_check_names_existing_rules_or_says_why_not() {
    let rules = RuleSet::builtin().unwrap();
    let known: BTreeSet<&str> = rules.rules.iter().map(|r| r.id.as_str()).collect();
    let rows = rows();
    assert!(rows.len() >= 75, "only {} checks listed", rows.len());
    let mut checks = BTreeSet::new();
    for row in &rows {
        assert!(
            checks.insert(row.check.as_str()),
            "{} is listed twice",
            row.check
        );
        for rule in &row.rules {
            assert!(
                known.contains(rule.as_str()),
                "{}: no rule `{rule}`",
                row.check
            );
        }
        if row.rules.is_empty() {
            assert!(
                row.note.len() > 40,
                "{} names no rule, so it must say why: {:?}",
                row.check,
                row.note
            );
        }
    }
}

#[test]
fn every_rule_carries_out_a_listed_check() {
    let rules = RuleSet::builtin().unwrap();
    let named: BTreeSet<String> = rows().into_iter().flat_map(|row| row.rules).collect();
    let missing: Vec<&str> = rules
        .rules
        .iter()
        .map(|r| r.id.as_str())
        .filter(|id| !named.contains(*id))
        .collect();
    assert!(missing.is_empty(), "not in docs/catalog.md: {missing:?}");
}

#[test]
fn every_evidence_kind_is_explained_to_rule_authors() {
    let doc = std::fs::read_to_string(root().join("docs/writing-rules.md")).unwrap();
    let missing: Vec<&str> = scepter::rules::evidence::KINDS
        .iter()
        .map(|k| k.name)
        .filter(|name| !doc.contains(&format!("`{name}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/writing-rules.md lacks: {missing:?}"
    );
}
