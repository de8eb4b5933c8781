//! Every rule fires on the samples it names as invalid and stays silent on the valid ones.

mod common;

use common::root;
use scepter::pipeline::{CheckOptions, check_path};
use scepter::rules::RuleSet;

#[test]
fn every_rule_passes_its_own_tests() {
    let rules = RuleSet::builtin().unwrap();
    let options = CheckOptions {
        as_of: None,
        ..CheckOptions::default()
    };
    let mut failures = Vec::new();
    for rule in &rules.rules {
        assert!(
            !rule.tests.invalid.is_empty(),
            "{} names no sample it must fire on",
            rule.id
        );
        assert!(
            !rule.tests.valid.is_empty(),
            "{} names no sample it must stay silent on",
            rule.id
        );
        for (sample, must_fire) in rule
            .tests
            .invalid
            .iter()
            .map(|s| (s, true))
            .chain(rule.tests.valid.iter().map(|s| (s, false)))
        {
            let mut options = options.clone();
            if !common::dated(&root().join(sample)) {
                options.as_of = Some(
                    chrono::DateTime::parse_from_rfc3339(
                        scepter::report::examples::SAMPLES_TAKEN_AT,
                    )
                    .unwrap(),
                );
            }
            let report = check_path(&root().join(sample), &rules, &options).unwrap();
            let fired = report
                .evaluation
                .findings
                .iter()
                .any(|f| f.rule.id == rule.id);
            if fired != must_fire {
                failures.push(format!(
                    "{}: {} on {sample}",
                    rule.id,
                    if must_fire { "missing" } else { "noisy" }
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
