//! Rule documentation from the rule files: `scepter explain`, `scepter rules list`, and the
//! generated `docs/rules/` pages.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::examples::RuleExample;
use crate::rules::{Piece, Rule, RuleSet};

/// A template's text with each placeholder shown as `{{expression}}`.
fn template_text(pieces: &[Piece<crate::rules::Cel>]) -> String {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Text(t) => t.clone(),
            Piece::Expr(cel) => format!("{{{{{}}}}}", cel.text),
        })
        .collect()
}

/// `scepter explain RULE`: title, rationale, symptom, fix and source, for a terminal; with a
/// finding of the rule on a bundle, that finding's fix filled in from the bundle.
pub fn explain(rule: &Rule, on_bundle: Option<&RuleExample>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} ({}, {})", rule.id, rule.severity.name(), rule.area);
    let _ = writeln!(out, "{}\n", rule.title);
    if let Some(why) = &rule.why {
        let _ = writeln!(out, "why it matters:\n{}\n", prose(why));
    }
    if let Some(symptom) = &rule.symptom {
        let _ = writeln!(out, "what the customer sees:\n{}\n", prose(symptom));
    }
    if !rule.requires.is_empty() {
        let needs: Vec<&str> = rule.requires.iter().map(|r| r.name.as_str()).collect();
        let _ = writeln!(out, "evidence it needs: {}\n", needs.join(", "));
    }
    match on_bundle {
        Some(example) => {
            let _ = writeln!(
                out,
                "on {}:\n{}\n\nhow to fix it there:\n{}\n",
                example.bundle,
                prose(&example.message),
                indent(&example.help)
            );
        }
        None => {
            let _ = writeln!(
                out,
                "how to fix it (placeholders are filled from the bundle):\n{}\n",
                indent(&template_text(&rule.help))
            );
        }
    }
    let _ = writeln!(out, "source: {}", rule.docs);
    let _ = writeln!(out, "rule file: {}", rule.file);
    out
}

fn indent(text: &str) -> String {
    text.trim_end()
        .lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Prose (folded YAML gives one long line) wrapped for a terminal, indented.
fn prose(text: &str) -> String {
    indent(&super::wrap(text, 90))
}

/// `scepter rules list`: one line per rule.
pub fn list(rules: &RuleSet) -> String {
    let width = rules.rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let mut out = String::new();
    for rule in &rules.rules {
        let _ = writeln!(
            out,
            "{:<width$}  {:<7}  {:<12}  {}",
            rule.id,
            rule.severity.name(),
            rule.area,
            rule.title
        );
    }
    out
}

/// The generated reference: `(file name, markdown)` for the index and each rule, with each
/// rule's worked example where it has one.
pub fn pages(rules: &RuleSet, examples: &BTreeMap<String, RuleExample>) -> Vec<(String, String)> {
    let mut index = String::from(
        "# Rule reference\n\nGenerated from `rules/` by `scepter rules docs`; do not edit by hand.\n\n| rule | severity | area | title |\n| --- | --- | --- | --- |\n",
    );
    let mut pages = Vec::new();
    for rule in &rules.rules {
        let _ = writeln!(
            index,
            "| [{0}]({0}.md) | {1} | {2} | {3} |",
            rule.id,
            rule.severity.name(),
            rule.area,
            rule.title
        );
        pages.push((
            format!("{}.md", rule.id),
            page(rule, examples.get(&rule.id)),
        ));
    }
    pages.insert(0, ("README.md".to_string(), index));
    pages
}

fn page(rule: &Rule, example: Option<&RuleExample>) -> String {
    let mut out = format!("# {}\n\n{}\n\n", rule.id, rule.title);
    let _ = writeln!(
        out,
        "- severity: **{}**\n- area: {}\n- source: <{}>",
        rule.severity.name(),
        rule.area,
        rule.docs
    );
    if !rule.requires.is_empty() {
        let needs: Vec<String> = rule
            .requires
            .iter()
            .map(|r| format!("`{}`", r.name))
            .collect();
        let _ = writeln!(out, "- evidence: {}", needs.join(", "));
    }
    let _ = writeln!(out, "- rule file: `{}`\n", rule.file);
    if let Some(why) = &rule.why {
        let _ = writeln!(out, "## Why it matters\n\n{}\n", why.trim_end());
    }
    if let Some(symptom) = &rule.symptom {
        let _ = writeln!(out, "## What the customer sees\n\n{}\n", symptom.trim_end());
    }
    let _ = writeln!(
        out,
        "## How to fix it\n\n```text\n{}\n```\n",
        template_text(&rule.help).trim_end()
    );
    let _ = writeln!(
        out,
        "Placeholders `{{{{...}}}}` are filled from the bundle's facts in a real report."
    );
    if let Some(example) = example {
        let _ = writeln!(
            out,
            "\n## Example\n\nOn the sample bundle `{}`:\n\n```text\n{}\n\nhelp:\n{}\n```",
            example.bundle,
            super::wrap(&example.message, 96),
            indent(&example.help)
        );
    }
    out
}
