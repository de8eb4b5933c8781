//! Every rule ends as pass, fail, not applicable or inconclusive; missing evidence is never a
//! finding by itself, and the report says what to collect.

mod common;

use common::root;
use scepter::engine::Outcome;
use scepter::pipeline::{CheckOptions, check_path};
use scepter::rules::{RuleError, RuleSet};

fn outcome<'a>(report: &'a scepter::pipeline::BundleReport, id: &str) -> &'a Outcome {
    &report
        .evaluation
        .results
        .iter()
        .find(|r| r.rule.id == id)
        .unwrap()
        .outcome
}

#[test]
fn a_bundle_with_only_the_mscep_key_leaves_the_certificate_rules_inconclusive() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("samples/healthy/registry/MSCEP.reg"),
        dir.path().join("MSCEP.reg"),
    )
    .unwrap();
    let report = check_path(
        dir.path(),
        &RuleSet::builtin().unwrap(),
        &CheckOptions::default(),
    )
    .unwrap();
    assert!(
        report.evaluation.findings.is_empty(),
        "missing evidence must not be a finding"
    );
    assert_eq!(outcome(&report, "mscep-templates-default"), &Outcome::Pass);
    assert_eq!(
        outcome(&report, "connector-proxy-not-set-for-system"),
        &Outcome::NotApplicable
    );
    let Outcome::Inconclusive(missing) = outcome(&report, "client-auth-cert-expired") else {
        panic!("{:?}", outcome(&report, "client-auth-cert-expired"));
    };
    let names: Vec<&str> = missing.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["machine-store", "services"]);
    let human = scepter::report::render_human(
        &report,
        scepter::report::HumanOptions {
            color: false,
            width: 100,
        },
    );
    let total = RuleSet::builtin().unwrap().rules.len();
    assert!(
        human.contains(&format!("{total} rules: 1 pass, 0 fail, ")),
        "{human}"
    );
    assert!(human.contains("certutil -store -v my"), "{human}");
}

#[test]
fn an_unknown_evidence_name_is_a_rule_error() {
    let text = "id: demo\ntitle: t\nseverity: info\narea: a\ndocs: https://example.com\nrequires: [services, sslcerts]\nassert: 'true'\nmessage: m\nhelp: h\n";
    let errors: Vec<RuleError> =
        RuleSet::from_texts([("demo.yaml".to_string(), text.to_string())]).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].line, 6);
    assert!(
        errors[0].message.contains("unknown evidence `sslcerts`"),
        "{}",
        errors[0].message
    );
}

#[test]
fn time_is_the_bundles_not_todays() {
    // The expired sample, but taken in 2025: its certificate (valid 2024-10-09 to 2026-10-09)
    // was valid then, so nothing may be reported expired.
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(&root().join("samples/client-auth-cert-expired"), dir.path());
    let manifest_path = dir.path().join("manifest.json");
    let manifest = std::fs::read(&manifest_path).unwrap();
    let text = String::from_utf8(manifest)
        .unwrap()
        .replace("2026-11-20T09:14:03+01:00", "2025-11-20T09:14:03+01:00");
    std::fs::write(&manifest_path, text).unwrap();
    let report = check_path(
        dir.path(),
        &RuleSet::builtin().unwrap(),
        &CheckOptions::default(),
    )
    .unwrap();
    assert_eq!(
        report.snapshot.meta.collected_at.value.to_rfc3339(),
        "2025-11-20T09:14:03+01:00"
    );
    assert!(
        report.evaluation.findings.is_empty(),
        "{:?}",
        report
            .evaluation
            .findings
            .iter()
            .map(|f| &f.message)
            .collect::<Vec<_>>()
    );
    assert_eq!(outcome(&report, "client-auth-cert-expired"), &Outcome::Pass);
}
