//! SARIF 2.1.0: findings as results, rules in `tool.driver.rules`, files that could not be
//! read as tool execution notifications (facts about the bundle, not about the server).

use std::collections::BTreeMap;

use serde_sarif::sarif::{
    Artifact, ArtifactLocation, Invocation, Location, Message, MultiformatMessageString,
    Notification, PhysicalLocation, PropertyBag, Region, ReportingDescriptor,
    Result as SarifResult, ResultLevel, Run, Sarif, Tool, ToolComponent,
};

use super::{Place, place, summary_line};
use crate::engine::{Evidence, Outcome};
use crate::pipeline::{BundleReport, FileStatus};
use crate::rules::{RuleSet, Severity};

fn message(text: impl Into<String>) -> Message {
    Message {
        text: Some(text.into()),
        ..Message::default()
    }
}

fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn location_of(place: &Place, label: Option<&str>) -> Location {
    Location {
        physical_location: Some(PhysicalLocation {
            artifact_location: Some(ArtifactLocation {
                uri: Some(uri(&place.path)),
                ..ArtifactLocation::default()
            }),
            // A decoded view's lines are scepter's, not the file's: give only the file.
            region: (!place.decoded_view).then(|| Region {
                start_line: Some(to_i64(place.line)),
                start_column: Some(to_i64(place.column)),
                end_line: Some(to_i64(place.end_line)),
                end_column: Some(to_i64(place.end_column)),
                ..Region::default()
            }),
            ..PhysicalLocation::default()
        }),
        message: location_message(place, label),
        ..Location::default()
    }
}

/// The label; for a decoded view, also what it points at (SARIF has no line to give).
fn location_message(place: &Place, label: Option<&str>) -> Option<Message> {
    let label = label.filter(|l| !l.is_empty());
    if !place.decoded_view {
        return label.map(message);
    }
    let at = format!("decoded view, line {}: {}", place.line, place.snippet);
    Some(message(match label {
        Some(label) => format!("{label} ({at})"),
        None => at,
    }))
}

/// Percent-encodes what a URI reference cannot hold (spaces, `%`, `#`, `?`, non-ASCII).
fn uri(path: &str) -> String {
    let mut out = String::new();
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'.'
            | b'_'
            | b'~'
            | b'/'
            | b'('
            | b')'
            | b'!'
            | b'$'
            | b'&'
            | b'\''
            | b'*'
            | b'+'
            | b','
            | b';'
            | b'='
            | b'@'
            | b':' => out.push(char::from(byte)),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

fn level(severity: Severity) -> ResultLevel {
    match severity {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
        Severity::Info => ResultLevel::Note,
    }
}

fn evidence_location(report: &BundleReport, e: &Evidence) -> Option<Location> {
    place(report, e.span).map(|p| location_of(&p, Some(&e.text)))
}

fn text(text: impl Into<String>) -> MultiformatMessageString {
    MultiformatMessageString::builder()
        .text(text.into())
        .build()
}

fn descriptor(rule: &crate::rules::Rule) -> ReportingDescriptor {
    // The generated types only build through their builders; optional fields are set after.
    let mut d = ReportingDescriptor::builder().id(rule.id.clone()).build();
    d.name = Some(rule.id.clone());
    d.short_description = Some(text(rule.title.clone()));
    d.full_description = rule.why.as_ref().map(|w| text(w.trim()));
    d.help_uri = Some(rule.docs.clone());
    d.properties = Some(PropertyBag {
        tags: Some(vec![rule.area.clone()]),
        additional_properties: BTreeMap::from([(
            "severity".to_string(),
            serde_json::Value::from(rule.severity.name()),
        )]),
    });
    d
}

fn run(report: &BundleReport, rules: &RuleSet) -> Run {
    let results = report
        .evaluation
        .findings
        .iter()
        .map(|f| {
            let mut r = SarifResult::builder()
                .message(message(format!(
                    "{}\nhelp: {}",
                    f.message,
                    f.help.trim_end()
                )))
                .build();
            r.rule_id = Some(f.rule.id.clone());
            r.level = Some(level(f.severity()));
            r.locations = f
                .primary
                .as_ref()
                .and_then(|e| evidence_location(report, e))
                .map(|l| vec![l]);
            r.related_locations = Some(
                f.related
                    .iter()
                    .filter_map(|e| evidence_location(report, e))
                    .collect(),
            )
            .filter(|v: &Vec<Location>| !v.is_empty());
            r
        })
        .collect();
    let notifications: Vec<Notification> = report
        .files
        .iter()
        .filter_map(|file| {
            let (level, text, span) = match &file.status {
                FileStatus::Parsed(_) => return None,
                FileStatus::Unrecognized => (
                    "note",
                    format!("{}: not recognized by any parser", file.path),
                    None,
                ),
                FileStatus::Unreadable(format, e) => (
                    "warning",
                    format!(
                        "{}: looks like {} but could not be read: {}",
                        file.path,
                        format.name(),
                        e.reason
                    ),
                    e.span,
                ),
                FileStatus::Skipped(p) => ("warning", format!("{}: {}", file.path, p.kind), None),
            };
            let location = span
                .and_then(|s| place(report, s))
                .map(|p| location_of(&p, None))
                .unwrap_or_else(|| Location {
                    physical_location: Some(PhysicalLocation {
                        artifact_location: Some(ArtifactLocation {
                            uri: Some(uri(&file.path)),
                            ..Default::default()
                        }),
                        ..Default::default()
                    }),
                    ..Default::default()
                });
            let mut n = Notification::builder().message(message(text)).build();
            n.level = Some(serde_json::Value::from(level));
            n.locations = Some(vec![location]);
            Some(n)
        })
        .collect();
    let outcomes: serde_json::Map<String, serde_json::Value> = report
        .evaluation
        .results
        .iter()
        .map(|r| {
            // SARIF property values keep the machine spelling of "not applicable".
            let outcome = match &r.outcome {
                Outcome::NotApplicable => "not_applicable".to_string(),
                other => super::describe_outcome(other),
            };
            (r.rule.id.clone(), serde_json::Value::from(outcome))
        })
        .collect();
    let meta = &report.snapshot.meta;
    let mut driver = ToolComponent::builder().name("scepter").build();
    driver.version = Some(env!("CARGO_PKG_VERSION").to_string());
    driver.rules = Some(rules.rules.iter().map(|r| descriptor(r)).collect());
    let mut invocation = Invocation::builder().execution_successful(true).build();
    invocation.tool_execution_notifications = Some(notifications).filter(|n| !n.is_empty());
    let mut run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .build();
    run.results = Some(results);
    run.artifacts = Some(
        report
            .files
            .iter()
            .map(|f| Artifact {
                location: Some(ArtifactLocation {
                    uri: Some(uri(&f.path)),
                    ..Default::default()
                }),
                ..Artifact::default()
            })
            .collect(),
    );
    run.invocations = Some(vec![invocation]);
    // Columns count characters (code points), not UTF-16 units.
    run.column_kind = Some(serde_json::Value::from("unicodeCodePoints"));
    run.properties = Some(PropertyBag {
        tags: None,
        additional_properties: BTreeMap::from([
            (
                "bundle".to_string(),
                serde_json::Value::from(report.name.clone()),
            ),
            (
                "collectedAt".to_string(),
                serde_json::Value::from(meta.collected_at.value.to_rfc3339()),
            ),
            (
                "collectedAtSource".to_string(),
                serde_json::Value::from(meta.collected_at_source.describe()),
            ),
            (
                "summary".to_string(),
                serde_json::Value::from(summary_line(report)),
            ),
            (
                "ruleOutcomes".to_string(),
                serde_json::Value::Object(outcomes),
            ),
        ]),
    });
    run
}

/// Renders reports as one SARIF log with one run per bundle.
pub fn render_sarif(reports: &[BundleReport], rules: &RuleSet) -> String {
    let mut log = Sarif::builder()
        .version(serde_json::Value::from("2.1.0"))
        .build();
    log.schema = Some("https://json.schemastore.org/sarif-2.1.0.json".to_string());
    log.runs = reports.iter().map(|r| run(r, rules)).collect();
    serde_json::to_string_pretty(&log)
        .unwrap_or_else(|e| format!("{{\"error\": \"cannot render SARIF: {e}\"}}"))
}
