//! What a support engineer sees for every sample bundle: insta snapshots of the human report
//! and of the SARIF log, and the exit code.

mod common;

use common::{name, samples, scepter, time_args};

/// Each sample and the rules it must trip: its fault, plus `legacy-connector-retired` on every
/// sample that runs the retired legacy NDES Connector (the healthy samples trip none).
const EXPECTED: &[(&str, &[&str])] = &[
    (
        "client-auth-cert-expired",
        &["client-auth-cert-expired", "legacy-connector-retired"],
    ),
    (
        "client-auth-cert-missing",
        &["client-auth-cert-missing", "legacy-connector-retired"],
    ),
    (
        "client-auth-cert-san-no-external",
        &[
            "client-auth-cert-san-missing-external",
            "legacy-connector-retired",
        ],
    ),
    (
        "client-auth-cert-san-no-internal",
        &[
            "client-auth-cert-san-missing-internal",
            "legacy-connector-retired",
        ],
    ),
    ("healthy", &[]),
    ("healthy-2022.zip", &[]),
    (
        "installer-not-elevated",
        &[
            "installer-password-cannot-be-verified",
            "legacy-connector-retired",
        ],
    ),
    ("legacy-connector", &["legacy-connector-retired"]),
    (
        "mscep-templates-default",
        &["legacy-connector-retired", "mscep-templates-default"],
    ),
    (
        "proxy-system-missing",
        &[
            "connector-proxy-not-set-for-system",
            "legacy-connector-retired",
            // The direct TCP probes to Intune time out, as they must without the proxy.
            "connector-autoupdate-connectivity-probe",
        ],
    ),
];

fn args(sample: &std::path::Path, format: &str) -> Vec<String> {
    let mut args = vec![
        "check".to_string(),
        format!("samples/{}", name(sample)),
        "--format".into(),
        format.into(),
        "--color".into(),
        "never".into(),
        "--width".into(),
        "100".into(),
    ];
    args.extend(time_args(sample));
    args
}

fn filters() -> Vec<(&'static str, &'static str)> {
    vec![(r"evaluation took [0-9.]+ ms", "evaluation took [time] ms")]
}

#[test]
fn every_sample_is_in_the_table() {
    let names: Vec<String> = samples().iter().map(|s| name(s)).collect();
    let table: Vec<&str> = EXPECTED.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, table);
}

#[test]
fn each_sample_reports_exactly_its_findings() {
    for sample in samples() {
        let (json, code) = scepter(&args(&sample, "json"));
        let report: serde_json::Value = serde_json::from_str(&json).unwrap();
        let mut rules: Vec<String> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap().to_string())
            .collect();
        rules.dedup();
        let expected = EXPECTED
            .iter()
            .find(|(n, _)| *n == name(&sample))
            .unwrap()
            .1;
        assert_eq!(rules, expected, "{}", name(&sample));
        assert_eq!(
            code,
            if expected.is_empty() { 0 } else { 1 },
            "{}",
            name(&sample)
        );
        for finding in report["findings"].as_array().unwrap() {
            assert!(
                finding["location"]["line"].as_u64().unwrap_or(0) > 0,
                "{}: finding without a line: {finding}",
                name(&sample)
            );
        }
        let files = report["files"].as_array().unwrap();
        let unreadable: Vec<&serde_json::Value> = files
            .iter()
            .filter(|f| f["status"] == "unreadable")
            .collect();
        assert!(unreadable.is_empty(), "{}: {unreadable:?}", name(&sample));
    }
}

#[test]
fn human_reports() {
    for sample in samples() {
        let (out, _) = scepter(&args(&sample, "human"));
        insta::with_settings!({ filters => filters(), prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(format!("human-{}", name(&sample)), out);
        });
    }
}

#[test]
fn sarif_logs() {
    for sample in samples() {
        let (out, _) = scepter(&args(&sample, "sarif"));
        let log: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(log["version"], "2.1.0");
        insta::with_settings!({ filters => filters(), prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(format!("sarif-{}", name(&sample)), out);
        });
    }
}
