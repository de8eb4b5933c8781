//! Machine-readable report: findings with locations, every rule's outcome, every file's fate.

use serde::Serialize;

use super::{Counts, Place, counts, place};
use crate::engine::{Evidence, Outcome, display_time};
use crate::pipeline::{BundleReport, FileStatus};

#[derive(Serialize)]
struct JsonReport<'a> {
    bundle: &'a str,
    collected_at: String,
    collected_at_source: &'static str,
    summary: Counts,
    coverage: super::Coverage,
    evaluation_ms: f64,
    findings: Vec<JsonFinding<'a>>,
    rules: Vec<JsonRule<'a>>,
    files: Vec<JsonFile<'a>>,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    severity: &'static str,
    title: &'a str,
    message: &'a str,
    location: Option<JsonEvidence>,
    related: Vec<JsonEvidence>,
    help: &'a str,
    docs: &'a str,
}

#[derive(Serialize)]
struct JsonEvidence {
    #[serde(flatten)]
    place: Place,
    label: String,
}

#[derive(Serialize)]
struct JsonRule<'a> {
    id: &'a str,
    severity: &'static str,
    outcome: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<String>,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    path: &'a str,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    format: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<Place>,
}

fn evidence(report: &BundleReport, e: &Evidence) -> Option<JsonEvidence> {
    Some(JsonEvidence {
        place: place(report, e.span)?,
        label: e.text.clone(),
    })
}

fn file_json<'a>(report: &BundleReport, path: &'a str, status: &FileStatus) -> JsonFile<'a> {
    let mut file = JsonFile {
        path,
        status: "parsed",
        format: None,
        reason: None,
        location: None,
    };
    match status {
        FileStatus::Parsed(format) => file.format = Some(format.name()),
        FileStatus::Unrecognized => file.status = "unrecognized",
        FileStatus::Unreadable(format, error) => {
            file.status = "unreadable";
            file.format = Some(format.name());
            file.reason = Some(error.reason.clone());
            file.location = error.span.and_then(|s| place(report, s));
        }
        FileStatus::Skipped(problem) => {
            file.status = "skipped";
            file.reason = Some(problem.kind.to_string());
        }
    }
    file
}

/// Renders reports as one JSON document (an array when several bundles were checked).
pub fn render_json(reports: &[crate::pipeline::BundleReport]) -> String {
    let docs: Vec<JsonReport<'_>> = reports.iter().map(report_json).collect();
    let result = match docs.as_slice() {
        [one] => serde_json::to_string_pretty(one),
        many => serde_json::to_string_pretty(many),
    };
    result.unwrap_or_else(|e| format!("{{\"error\": \"cannot render JSON: {e}\"}}"))
}

fn report_json(report: &BundleReport) -> JsonReport<'_> {
    let meta = &report.snapshot.meta;
    JsonReport {
        bundle: &report.name,
        collected_at: display_time(&meta.collected_at.value),
        collected_at_source: meta.collected_at_source.describe(),
        summary: counts(report),
        coverage: super::coverage(report),
        evaluation_ms: (report.evaluation.elapsed.as_secs_f64() * 1e6).round() / 1e3,
        findings: report
            .evaluation
            .findings
            .iter()
            .map(|f| JsonFinding {
                rule: &f.rule.id,
                severity: f.severity().name(),
                title: &f.rule.title,
                message: &f.message,
                location: f.primary.as_ref().and_then(|e| evidence(report, e)),
                related: f
                    .related
                    .iter()
                    .filter_map(|e| evidence(report, e))
                    .collect(),
                help: &f.help,
                docs: &f.rule.docs,
            })
            .collect(),
        rules: report
            .evaluation
            .results
            .iter()
            .map(|r| {
                let (outcome, detail) = match &r.outcome {
                    Outcome::Pass => ("pass", None),
                    Outcome::Fail(n) => ("fail", Some(format!("{n} finding(s)"))),
                    Outcome::NotApplicable => ("not_applicable", None),
                    Outcome::Inconclusive(missing) => ("inconclusive", Some(super::needs(missing))),
                    Outcome::Error(e) => ("error", Some(e.clone())),
                };
                JsonRule {
                    id: &r.rule.id,
                    severity: r.rule.severity.name(),
                    outcome,
                    detail,
                }
            })
            .collect(),
        files: report
            .files
            .iter()
            .map(|f| file_json(report, &f.path, &f.status))
            .collect(),
    }
}
