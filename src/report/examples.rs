//! Worked examples for the rule reference: each rule's finding on the first of its own test
//! bundles where it fires, so the page shows a fix filled in from real facts.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::{DateTime, FixedOffset};

use crate::engine::Finding;
use crate::pipeline::{BundleReport, CheckOptions, check_path};
use crate::rules::RuleSet;

/// When the generated sample bundles were taken. A bundle without a manifest would be judged
/// as of its files' times, which differ from one checkout to the next, so examples from such
/// bundles are judged as of this time.
pub const SAMPLES_TAKEN_AT: &str = "2026-11-20T09:14:03+01:00";

/// One rule's finding on a sample bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleExample {
    /// The bundle, as the rule's `tests.invalid` names it.
    pub bundle: String,
    /// The finding's message.
    pub message: String,
    /// The finding's fix, placeholders filled in.
    pub help: String,
}

impl RuleExample {
    /// The example `finding` gives on `bundle`.
    pub fn new(bundle: String, finding: &Finding) -> Self {
        RuleExample {
            bundle,
            message: finding.message.clone(),
            help: finding.help.clone(),
        }
    }
}

/// The example of every rule that fires on one of its test bundles (below `root`).
pub fn rule_examples(rules: &RuleSet, root: &Path) -> BTreeMap<String, RuleExample> {
    let pinned = DateTime::<FixedOffset>::parse_from_rfc3339(SAMPLES_TAKEN_AT).ok();
    let mut reports: HashMap<String, Option<BundleReport>> = HashMap::new();
    let mut examples = BTreeMap::new();
    for rule in &rules.rules {
        for sample in &rule.tests.invalid {
            let path = root.join(sample);
            let dated = path.is_file() || path.join("manifest.json").is_file();
            let options = CheckOptions {
                as_of: if dated { None } else { pinned },
                ..CheckOptions::default()
            };
            let report = reports
                .entry(sample.clone())
                .or_insert_with(|| check_path(&path, rules, &options).ok());
            let finding = report
                .as_ref()
                .and_then(|r| r.evaluation.findings.iter().find(|f| f.rule.id == rule.id));
            if let Some(finding) = finding {
                examples.insert(rule.id.clone(), RuleExample::new(sample.clone(), finding));
                break;
            }
        }
    }
    examples
}
