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
    let count = |wanted: fn(&Outcome) -> bool| {
        report
            .evaluation
            .results
            .iter()
            .filter(|r| wanted(&r.outcome))
            .count()
    };
    let coverage = format!(
        "{} rules: {} pass, 0 fail, {} not applicable, {} inconclusive",
        report.evaluation.results.len(),
        count(|o| *o == Outcome::Pass),
        count(|o| *o == Outcome::NotApplicable),
        count(|o| matches!(o, Outcome::Inconclusive(_))),
    );
    assert!(human.contains(&coverage), "{coverage}\n{human}");
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
    // The collector's manifest is UTF-16LE with a BOM (Windows PowerShell 5.1 `Out-File`).
    let manifest = std::fs::read(&manifest_path).unwrap();
    let units: Vec<u16> = manifest[2..]
        .chunks(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    let text = String::from_utf16(&units)
        .unwrap()
        .replace("2026-11-20T09:14:03+01:00", "2025-11-20T09:14:03+01:00");
    let mut bytes = vec![0xff, 0xfe];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(&manifest_path, bytes).unwrap();
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
    // The sample runs the retired legacy connector, which is reported whatever the date.
    let findings: Vec<&str> = report
        .evaluation
        .findings
        .iter()
        .filter(|f| f.rule.id != "legacy-connector-retired")
        .map(|f| f.message.as_str())
        .collect();
    assert!(findings.is_empty(), "{findings:?}");
    assert_eq!(outcome(&report, "client-auth-cert-expired"), &Outcome::Pass);
}

#[test]
fn crl_reachability_needs_crl_downloads_not_just_probes() {
    let rules = RuleSet::builtin().unwrap();
    let options = CheckOptions::default();
    let check = |bundle: &str| check_path(&root().join(bundle), &rules, &options).unwrap();
    // Probes from a collector that did not download CRLs: nothing to judge, not a pass.
    let report = check("tests/bundles/certificates/crl-probes-missing");
    let Outcome::Inconclusive(missing) = outcome(&report, "crl-cdp-reachability") else {
        panic!("{:?}", outcome(&report, "crl-cdp-reachability"));
    };
    let names: Vec<&str> = missing.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["crl-probes"]);
    // No probes at all.
    let report = check("tests/bundles/certificates/unified-healthy");
    let Outcome::Inconclusive(missing) = outcome(&report, "crl-cdp-reachability") else {
        panic!("{:?}", outcome(&report, "crl-cdp-reachability"));
    };
    let names: Vec<&str> = missing.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["probes", "crl-probes"]);
    let report = check("tests/bundles/certificates/crl-reachable");
    assert_eq!(outcome(&report, "crl-cdp-reachability"), &Outcome::Pass);
    // pki.contoso.com is unreachable: one finding per CRL, the issuing CA's and the root's.
    let report = check("tests/bundles/certificates/crl-unreachable");
    let findings: Vec<&str> = report
        .evaluation
        .findings
        .iter()
        .filter(|f| f.rule.id == "crl-cdp-reachability")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(findings.len(), 2, "{findings:?}");
    assert!(
        findings[0].contains("Contoso%20Issuing%20CA%2001.crl")
            && findings[0].contains("NDES01-MSCEP-RA"),
        "{findings:?}"
    );
    assert!(
        findings[1].contains("Contoso%20Root%20CA.crl")
            && findings[1].contains("Contoso Issuing CA 01"),
        "{findings:?}"
    );
}
