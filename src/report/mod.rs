//! Rendering checked bundles: human (miette), JSON and SARIF 2.1.0.

pub mod examples;
mod facts;
mod human;
mod json;
pub mod ruledocs;
mod sarif;

pub use facts::{FactsFormat, render_facts};
pub use human::{HumanOptions, render_human};
pub use json::render_json;
pub use sarif::render_sarif;

use crate::engine::Outcome;
use crate::pipeline::{BundleReport, FileStatus};
use crate::rules::{Severity, evidence};
use crate::source::{Origin, Span};

/// A span as a file location.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Place {
    /// Bundle path of the file, `/`-separated.
    pub path: String,
    /// The location is in scepter's decoded view of a binary file.
    pub decoded_view: bool,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// 1-based line of the end.
    pub end_line: usize,
    /// 1-based column just past the end.
    pub end_column: usize,
    /// The underlined text.
    pub snippet: String,
}

/// Where a span points, in words a report can print.
pub fn place(report: &BundleReport, span: Span) -> Option<Place> {
    let source = report.sources.get(span.source)?;
    let (line, column) = source.line_col(span.start);
    let (end_line, end_column) = source.line_col(span.end);
    Some(Place {
        path: source.path.clone(),
        decoded_view: source.origin == Origin::DecodedView,
        line,
        column,
        end_line,
        end_column,
        snippet: source.slice(span).to_string(),
    })
}

/// Counts of a report, for its summary.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Counts {
    /// Files in the bundle (read or skipped).
    pub files: usize,
    /// Files a parser read.
    pub parsed: usize,
    /// Files no parser recognized.
    pub unrecognized: usize,
    /// Files recognized but unreadable.
    pub unreadable: usize,
    /// Entries skipped by a limit or as unsafe.
    pub skipped: usize,
    /// Rules evaluated.
    pub rules: usize,
    /// Findings of severity error.
    pub errors: usize,
    /// Findings of severity warning.
    pub warnings: usize,
    /// Findings of severity info.
    pub infos: usize,
}

/// Counts files, rules and findings.
pub fn counts(report: &BundleReport) -> Counts {
    let mut c = Counts {
        rules: report.evaluation.results.len(),
        ..Counts::default()
    };
    for file in &report.files {
        c.files += 1;
        match file.status {
            FileStatus::Parsed(_) => c.parsed += 1,
            FileStatus::Unrecognized => c.unrecognized += 1,
            FileStatus::Unreadable(..) => c.unreadable += 1,
            FileStatus::Skipped(_) => c.skipped += 1,
        }
    }
    for finding in &report.evaluation.findings {
        match finding.severity() {
            Severity::Error => c.errors += 1,
            Severity::Warning => c.warnings += 1,
            Severity::Info => c.infos += 1,
        }
    }
    c
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Rule outcomes, counted, and what to collect to decide the inconclusive ones.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Coverage {
    /// Rules evaluated.
    pub rules: usize,
    /// Rules that passed.
    pub pass: usize,
    /// Rules with findings.
    pub fail: usize,
    /// Rules that do not apply to this server.
    pub not_applicable: usize,
    /// Rules the bundle lacks evidence for.
    pub inconclusive: usize,
    /// Rules that could not be evaluated.
    pub errors: usize,
    /// What to collect, each with the rules it would decide.
    pub collect: Vec<(String, Vec<String>)>,
}

/// Counts the rules' outcomes and gathers the collection hints.
pub fn coverage(report: &BundleReport) -> Coverage {
    let mut c = Coverage {
        rules: report.evaluation.results.len(),
        ..Coverage::default()
    };
    // Requirements with alternatives come second: one that another rule's request already
    // satisfies joins that line instead of asking for the same evidence twice.
    let mut either = Vec::new();
    for result in &report.evaluation.results {
        match &result.outcome {
            Outcome::Pass => c.pass += 1,
            Outcome::Fail(_) => c.fail += 1,
            Outcome::NotApplicable => c.not_applicable += 1,
            Outcome::Error(_) => c.errors += 1,
            Outcome::Inconclusive(missing) => {
                c.inconclusive += 1;
                for (name, collect) in missing {
                    if name.contains(evidence::ALTERNATIVES) {
                        either.push((name, collect, &result.rule.id));
                    } else {
                        ask(&mut c.collect, collect, &result.rule.id);
                    }
                }
            }
        }
    }
    for (name, collect, rule) in either {
        let hints = evidence::alternative_hints(name);
        let asked = c
            .collect
            .iter()
            .find(|(hint, _)| hints.contains(hint))
            .map(|(hint, _)| hint.clone());
        ask(&mut c.collect, asked.as_ref().unwrap_or(collect), rule);
    }
    for (_, rules) in &mut c.collect {
        rules.sort();
    }
    c
}

/// Adds `rule` to the line asking for `collect`, or a new line.
fn ask(lines: &mut Vec<(String, Vec<String>)>, collect: &str, rule: &str) {
    match lines.iter_mut().find(|(hint, _)| hint == collect) {
        Some((_, rules)) => {
            if !rules.iter().any(|r| r == rule) {
                rules.push(rule.to_string());
            }
        }
        None => lines.push((collect.to_string(), vec![rule.to_string()])),
    }
}

/// "7 rules: 5 pass, 1 fail, 1 not applicable, 0 inconclusive".
pub fn coverage_line(c: &Coverage) -> String {
    let mut line = format!(
        "{}: {} pass, {} fail, {} not applicable, {} inconclusive",
        plural(c.rules, "rule", "rules"),
        c.pass,
        c.fail,
        c.not_applicable,
        c.inconclusive
    );
    if c.errors > 0 {
        line.push_str(&format!(", {} could not be evaluated", c.errors));
    }
    line
}

/// An outcome in words: `pass`, `fail`, `not applicable`, `inconclusive: needs …`, `error: …`.
pub fn describe_outcome(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Pass => "pass".to_string(),
        Outcome::Fail(_) => "fail".to_string(),
        Outcome::NotApplicable => "not applicable".to_string(),
        Outcome::Inconclusive(missing) => format!("inconclusive: {}", needs(missing)),
        Outcome::Error(e) => format!("error: {e}"),
    }
}

/// `needs a, b`: the evidence an inconclusive rule lacks.
fn needs(missing: &[(String, String)]) -> String {
    let names: Vec<&str> = missing.iter().map(|(name, _)| name.as_str()).collect();
    format!("needs {}", names.join(", "))
}

/// Wraps prose at word boundaries (help texts keep their own line breaks instead).
pub(crate) fn wrap(text: &str, width: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines.join("\n")
}

/// The one-paragraph summary every format shares.
pub fn summary_line(report: &BundleReport) -> String {
    let c = counts(report);
    format!(
        "{} read ({} parsed, {} not recognized, {} unreadable, {} skipped); {} evaluated; findings: {}, {}, {} info; evaluation took {:.1} ms",
        plural(c.files, "file", "files"),
        c.parsed,
        c.unrecognized,
        c.unreadable,
        c.skipped,
        plural(c.rules, "rule", "rules"),
        plural(c.errors, "error", "errors"),
        plural(c.warnings, "warning", "warnings"),
        c.infos,
        report.evaluation.elapsed.as_secs_f64() * 1000.0,
    )
}
