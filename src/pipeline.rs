//! One bundle through the whole pipeline: open, decode, parse, build the snapshot, evaluate.

use std::path::Path;

use chrono::{DateTime, FixedOffset};

use crate::bundle::{self, Bundle, BundleError, BundleProblem, Limits};
use crate::engine::{self, Evaluation};
use crate::model::facts::snapshot_facts;
use crate::model::{EvidenceSet, Snapshot, build};
use crate::parse::{self, Format, Outcome, ParseContext, ParseError};
use crate::rules::RuleSet;
use crate::source::{Decoded, SourceMap, decode};

/// How one file of the bundle ended.
#[derive(Debug, Clone, PartialEq)]
pub enum FileStatus {
    /// Read by a parser.
    Parsed(Format),
    /// No parser recognized it.
    Unrecognized,
    /// Recognized but could not be read.
    Unreadable(Format, ParseError),
    /// Not read because of a bundle limit or an unsafe entry.
    Skipped(BundleProblem),
}

/// One file's accounting.
#[derive(Debug, Clone)]
pub struct FileEntry {
    /// Bundle path (for skipped entries: the raw entry name).
    pub path: String,
    /// How it ended.
    pub status: FileStatus,
}

/// Everything known about one checked bundle.
#[derive(Debug)]
pub struct BundleReport {
    /// The bundle as the user named it.
    pub name: String,
    /// Every decoded source (and decoded view), for rendering spans.
    pub sources: SourceMap,
    /// Every file and how it ended, plus bundle-level problems.
    pub files: Vec<FileEntry>,
    /// The snapshot the rules saw.
    pub snapshot: Snapshot,
    /// The rules' results.
    pub evaluation: Evaluation,
}

impl BundleReport {
    /// Files a parser read.
    pub fn parsed_count(&self) -> usize {
        self.files
            .iter()
            .filter(|f| matches!(f.status, FileStatus::Parsed(_)))
            .count()
    }
}

/// Options for one check.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Overrides the collection time.
    pub as_of: Option<DateTime<FixedOffset>>,
    /// Bundle limits.
    pub limits: Limits,
}

/// What parsers need to know before reading files: the PFX passwords the manifest names, and
/// the command that wrote each file (which tells what an empty export was).
fn parse_context(bundle: &Bundle) -> ParseContext {
    let mut context = ParseContext::default();
    let Some(file) = bundle
        .files
        .iter()
        .find(|f| f.path.eq_ignore_ascii_case("manifest.json"))
    else {
        return context;
    };
    let Decoded::Text { text, encoding } = decode(&file.bytes) else {
        return context;
    };
    let source =
        crate::source::Source::text(crate::source::SourceId(0), &file.path, text, Some(encoding));
    if let Ok(manifest) = parse::manifest::parse(&source) {
        context.pfx_passwords.extend(manifest.pfx_password);
        context.commands.extend(
            manifest
                .files
                .iter()
                .filter_map(|f| Some((f.path.clone(), f.command.as_ref()?.value.clone()))),
        );
        context
            .pfx_passwords
            .extend(manifest.files.into_iter().filter_map(|f| f.password));
    }
    context
}

/// Opens and checks one bundle (folder or zip).
pub fn check_path(
    path: &Path,
    rules: &RuleSet,
    options: &CheckOptions,
) -> Result<BundleReport, BundleError> {
    let bundle = bundle::open(path, &options.limits)?;
    Ok(check_bundle(bundle, rules, options))
}

/// Checks a bundle already in memory.
pub fn check_bundle(bundle: Bundle, rules: &RuleSet, options: &CheckOptions) -> BundleReport {
    let context = parse_context(&bundle);
    let mut sources = SourceMap::new();
    let mut files = Vec::new();
    let mut evidence = EvidenceSet {
        as_of: options.as_of,
        ..EvidenceSet::default()
    };
    for file in &bundle.files {
        evidence.newest_entry = evidence.newest_entry.max(file.modified);
        let source = match decode(&file.bytes) {
            Decoded::Text { text, encoding } => sources.add_text(&file.path, text, encoding),
            Decoded::Binary => sources.add_binary(&file.path, file.bytes.clone()),
        };
        let status = match parse::parse_source(&source, &mut sources.views(), &context) {
            Outcome::Parsed {
                format,
                evidence: e,
            } => {
                evidence.items.push((file.path.clone(), *e));
                FileStatus::Parsed(format)
            }
            Outcome::Unrecognized => FileStatus::Unrecognized,
            Outcome::Unreadable { format, error } => FileStatus::Unreadable(format, error),
        };
        files.push(FileEntry {
            path: file.path.clone(),
            status,
        });
    }
    for problem in bundle.problems {
        let path = problem.path.clone().unwrap_or_else(|| bundle.name.clone());
        files.push(FileEntry {
            path,
            status: FileStatus::Skipped(problem),
        });
    }
    let snapshot = build(evidence, &sources);
    let mut evaluation = engine::evaluate(rules, &snapshot_facts(&snapshot));
    engine::narrow(&mut evaluation, &sources);
    BundleReport {
        name: bundle.name,
        sources,
        files,
        snapshot,
        evaluation,
    }
}
