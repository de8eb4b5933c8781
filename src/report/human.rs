//! The report a support engineer reads: each finding as a miette diagnostic underlining the
//! raw line of the bundle file, then what could not be read, then the summary.

use std::fmt::{self, Write as _};

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan,
};

use super::summary_line;
use crate::engine::{Evidence, Finding};
use crate::pipeline::{BundleReport, FileStatus};
use crate::rules::Severity;
use crate::source::SourceId;

/// How to draw the human report.
#[derive(Debug, Clone, Copy)]
pub struct HumanOptions {
    /// Use colours.
    pub color: bool,
    /// Wrap at this many columns.
    pub width: usize,
}

/// One rendered diagnostic (a finding, its related evidence, or an unreadable file).
#[derive(Debug)]
struct Rendered {
    message: String,
    code: Option<String>,
    severity: miette::Severity,
    url: Option<String>,
    help: Option<String>,
    source: Option<NamedSource<String>>,
    labels: Vec<LabeledSpan>,
    related: Vec<Rendered>,
}

impl fmt::Display for Rendered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Rendered {}

impl Diagnostic for Rendered {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.code
            .as_ref()
            .map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn url<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.url
            .as_ref()
            .map(|u| Box::new(u) as Box<dyn fmt::Display>)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(self.related.iter().map(|r| r as &dyn Diagnostic)))
        }
    }
}

fn miette_severity(severity: Severity) -> miette::Severity {
    match severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    }
}

fn named_source(report: &BundleReport, id: SourceId) -> Option<NamedSource<String>> {
    let source = report.sources.get(id)?;
    Some(NamedSource::new(source.display_name(), source.text.clone()))
}

fn label(evidence: &Evidence) -> LabeledSpan {
    let text = (!evidence.text.is_empty()).then(|| evidence.text.clone());
    LabeledSpan::new_with_span(
        text,
        SourceSpan::from(evidence.span.start..evidence.span.end),
    )
}

fn finding_diagnostic(report: &BundleReport, finding: &Finding, width: usize) -> Rendered {
    let mut rendered = Rendered {
        message: super::wrap(&finding.message, width.saturating_sub(4)),
        code: Some(finding.rule.id.clone()),
        severity: miette_severity(finding.severity()),
        url: Some(finding.rule.docs.clone()),
        help: Some(finding.help.trim_end().to_string()),
        source: None,
        labels: Vec::new(),
        related: Vec::new(),
    };
    let primary_source = finding.primary.as_ref().map(|p| p.span.source);
    if let Some(primary) = &finding.primary {
        rendered.source = named_source(report, primary.span.source);
        rendered.labels.push(label(primary));
    }
    for evidence in &finding.related {
        if Some(evidence.span.source) == primary_source {
            rendered.labels.push(label(evidence));
        } else {
            // One diagnostic holds one source: evidence elsewhere is a related diagnostic.
            rendered.related.push(Rendered {
                message: format!("evidence: {}", evidence.text),
                code: None,
                severity: miette::Severity::Advice,
                url: None,
                help: None,
                source: named_source(report, evidence.span.source),
                labels: vec![label(&Evidence {
                    text: String::new(),
                    ..evidence.clone()
                })],
                related: Vec::new(),
            });
        }
    }
    rendered
}

fn unreadable_diagnostic(
    report: &BundleReport,
    path: &str,
    format: &str,
    reason: &str,
    span: Option<crate::source::Span>,
) -> Rendered {
    let mut rendered = Rendered {
        message: format!("{path} looks like {format} but could not be read: {reason}"),
        code: Some("unreadable-file".to_string()),
        severity: miette::Severity::Warning,
        url: None,
        help: Some(
            "the rest of the bundle was still checked; ask the customer to export this file again"
                .to_string(),
        ),
        source: None,
        labels: Vec::new(),
        related: Vec::new(),
    };
    if let Some(span) = span {
        rendered.source = named_source(report, span.source);
        rendered.labels.push(LabeledSpan::new_with_span(
            Some("here".to_string()),
            SourceSpan::from(span.start..span.end),
        ));
    }
    rendered
}

/// Renders one bundle's report for a terminal.
pub fn render_human(report: &BundleReport, options: HumanOptions) -> String {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(options.width)
        .with_links(false)
        // Help texts hold commands to copy: their line breaks are the rule author's, not ours.
        .with_wrap_lines(false)
        .with_show_related_as_nested(true);
    let mut out = String::new();
    let _ = writeln!(out, "scepter: checking {}", report.name);
    let meta = &report.snapshot.meta;
    let _ = writeln!(
        out,
        "bundle taken at {} ({})\n",
        crate::engine::display_time(&meta.collected_at.value),
        meta.collected_at_source.describe()
    );
    for finding in &report.evaluation.findings {
        let _ = handler.render_report(
            &mut out,
            &finding_diagnostic(report, finding, options.width),
        );
        out.push('\n');
    }
    for file in &report.files {
        if let FileStatus::Unreadable(format, error) = &file.status {
            let d =
                unreadable_diagnostic(report, &file.path, format.name(), &error.reason, error.span);
            let _ = handler.render_report(&mut out, &d);
            out.push('\n');
        }
    }
    render_file_notes(report, &mut out);
    let coverage = super::coverage(report);
    let _ = writeln!(out, "coverage: {}", super::coverage_line(&coverage));
    if !coverage.collect.is_empty() {
        let _ = writeln!(out, "  to decide the inconclusive ones, collect:");
        for (hint, rules) in &coverage.collect {
            let _ = writeln!(out, "    - {hint} ({})", rules.join(", "));
        }
    }
    let _ = writeln!(out, "summary: {}", summary_line(report));
    out
}

fn render_file_notes(report: &BundleReport, out: &mut String) {
    let unrecognized: Vec<&str> = report
        .files
        .iter()
        .filter(|f| f.status == FileStatus::Unrecognized)
        .map(|f| f.path.as_str())
        .collect();
    if !unrecognized.is_empty() {
        let _ = writeln!(
            out,
            "not recognized (no parser claimed them): {}",
            unrecognized.join(", ")
        );
    }
    for file in &report.files {
        if let FileStatus::Skipped(problem) = &file.status {
            let _ = writeln!(out, "skipped {}: {}", file.path, problem.kind);
        }
    }
    for result in &report.evaluation.results {
        if let crate::engine::Outcome::Error(e) = &result.outcome {
            let _ = writeln!(out, "rule {} could not be evaluated: {e}", result.rule.id);
        }
    }
}
