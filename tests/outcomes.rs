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
fn an_unknown_alternative_is_reported_at_its_column() {
    let text = "id: demo\ntitle: t\nseverity: info\narea: a\ndocs: https://example.com\nrequires: [services | sslcerts]\nassert: 'true'\nmessage: m\nhelp: h\n";
    let errors: Vec<RuleError> =
        RuleSet::from_texts([("demo.yaml".to_string(), text.to_string())]).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(
        (errors[0].line, errors[0].column),
        (6, 23),
        "{:?}",
        errors[0]
    );
    assert!(
        errors[0].message.contains("`sslcerts`"),
        "{}",
        errors[0].message
    );
}

#[test]
fn either_alternative_decides_a_rule() {
    // The legacy connector's trace alone (no event export) is enough for a rule that reads
    // either; with neither, the rule is inconclusive and names both ways to collect.
    let text = "id: demo\ntitle: t\nseverity: info\narea: a\ndocs: https://example.com\nrequires: [connector-events | connector-logs]\nassert: 'true'\nmessage: m\nhelp: h\n";
    let rules = RuleSet::from_texts([("demo.yaml".to_string(), text.to_string())]).unwrap();
    let options = CheckOptions::default();
    let with_logs = check_path(
        &root().join("tests/bundles/events/pkcs-legacy-pending"),
        &rules,
        &options,
    )
    .unwrap();
    assert_eq!(outcome(&with_logs, "demo"), &Outcome::Pass);
    let without = check_path(
        &root().join("tests/bundles/system/services-healthy"),
        &rules,
        &options,
    )
    .unwrap();
    let Outcome::Inconclusive(missing) = outcome(&without, "demo") else {
        panic!("{:?}", outcome(&without, "demo"));
    };
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert!(missing[0].1.contains(", or "), "{missing:?}");
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

fn check_bundle(path: &str) -> scepter::pipeline::BundleReport {
    check_path(
        &root().join(path),
        &RuleSet::builtin().unwrap(),
        &CheckOptions::default(),
    )
    .unwrap()
}

#[test]
fn a_rule_on_ndesplugin_log_is_inconclusive_when_only_other_logs_were_collected() {
    let report = check_bundle("tests/bundles/events/ndesplugin-log-missing");
    let kinds: Vec<&str> = report
        .snapshot
        .log_files
        .iter()
        .map(|f| f.kind.value.as_str())
        .collect();
    assert_eq!(kinds, ["iis", "connector"]);
    let Outcome::Inconclusive(missing) = outcome(&report, "ndesplugin-error-12175-cert-cn-invalid")
    else {
        panic!(
            "{:?}",
            outcome(&report, "ndesplugin-error-12175-cert-cn-invalid")
        );
    };
    let names: Vec<&str> = missing.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["ndesplugin-log"]);
    assert!(missing[0].1.contains("NDESPlugin.log"), "{}", missing[0].1);
    // The IIS log alone decides the rules that accept it.
    assert_eq!(outcome(&report, "iis-log-device-requests"), &Outcome::Pass);
    assert_eq!(
        outcome(&report, "ndesplugin-403-intermediate-in-root"),
        &Outcome::Pass
    );
}

#[test]
fn empty_connector_channels_count_as_collected() {
    let report = check_bundle("tests/bundles/events/connector-empty-channels");
    assert!(report.snapshot.events.is_empty());
    assert_eq!(outcome(&report, "connector-event-logs"), &Outcome::Pass);
    assert_eq!(
        outcome(&report, "connector-event-log-single-failures"),
        &Outcome::Pass
    );
    // Still inconclusive: the rule also reads the Application log, which is not there.
    let Outcome::Inconclusive(missing) = outcome(&report, "event-log-connector-errors") else {
        panic!("{:?}", outcome(&report, "event-log-connector-errors"));
    };
    let names: Vec<&str> = missing.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["application-log"]);
}

#[test]
fn the_channel_of_an_empty_export_comes_from_the_manifest_command() {
    let report = check_bundle("tests/bundles/events/connector-empty-channels");
    let logs = &report.snapshot.event_logs;
    assert_eq!(logs.len(), 2);
    let admin = &logs[0];
    assert_eq!(admin.file.value, "events/CertificateConnectors-Admin.evtx");
    assert_eq!(admin.events.value, 0);
    let channel = admin.channel.as_ref().unwrap();
    assert_eq!(
        channel.value,
        "Microsoft-Intune-CertificateConnectors/Admin"
    );
    // It points at the manifest's command for the file, not at the (empty) export.
    let source = report.sources.get(channel.span.unwrap().source).unwrap();
    assert_eq!(source.path, "manifest.json");
    assert!(
        source
            .slice(channel.span.unwrap())
            .starts_with("wevtutil epl"),
        "{}",
        source.slice(channel.span.unwrap())
    );
}

#[test]
fn an_empty_export_without_a_manifest_is_named_by_its_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("events")).unwrap();
    // `Get-WinEvent ... | ConvertTo-Json > events\Application.json` in Windows PowerShell 5.1
    // when nothing matches: the error goes to the console, the file gets only its BOM.
    std::fs::write(dir.path().join("events/Application.json"), [0xff, 0xfe]).unwrap();
    let report = check_path(
        dir.path(),
        &RuleSet::builtin().unwrap(),
        &CheckOptions::default(),
    )
    .unwrap();
    let logs = &report.snapshot.event_logs;
    assert_eq!(logs.len(), 1);
    assert_eq!(logs[0].channel.as_ref().unwrap().value, "Application");
    assert_eq!(logs[0].events.value, 0);
    assert_eq!(
        outcome(&report, "ndes-application-log-events"),
        &Outcome::Pass
    );
}

#[test]
fn channels_from_commands_and_names() {
    use scepter::model::{channel_from_command, channel_from_name};
    assert_eq!(
        channel_from_command(
            "Get-WinEvent -LogName 'Microsoft-Intune-CertificateConnectors/Admin' -MaxEvents 500 | ConvertTo-Json"
        )
        .as_deref(),
        Some("Microsoft-Intune-CertificateConnectors/Admin")
    );
    assert_eq!(
        channel_from_command(
            "Get-WinEvent -FilterHashtable @{LogName='Application'; ProviderName='Application Error'} | ConvertTo-Json"
        )
        .as_deref(),
        Some("Application")
    );
    assert_eq!(
        channel_from_command("wevtutil qe \"Microsoft Intune Connector\" /c:500 /rd:true /f:text")
            .as_deref(),
        Some("Microsoft Intune Connector")
    );
    assert_eq!(
        channel_from_command("wevtutil qe System /f:text").as_deref(),
        Some("System")
    );
    assert_eq!(channel_from_command("Get-Service | ConvertTo-Json"), None);
    assert_eq!(
        channel_from_name("events/CertificateConnectors-Operational.json").as_deref(),
        Some("Microsoft-Intune-CertificateConnectors/Operational")
    );
    assert_eq!(
        channel_from_name("Microsoft-Intune-CertificateConnectors%4Admin.evtx").as_deref(),
        Some("Microsoft-Intune-CertificateConnectors/Admin")
    );
    assert_eq!(channel_from_name("events/export.json"), None);
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
    assert_eq!(names, ["crl-probes"]);
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

#[test]
fn a_channel_the_collector_found_quiet_counts_as_collected() {
    // collect-bundle.ps1 writes no file for a channel without matching events, only a note
    // in the manifest's `skipped[]`: the channel was read, and it was quiet.
    let manifest = |skipped: &str| {
        format!(
            r#"{{"format": "scepter-bundle/1", "collected_at": "2026-11-20T09:14:03+01:00",
                "files": [], "errors": [], "skipped": [{skipped}]}}"#
        )
    };
    let rules = RuleSet::builtin().unwrap();
    let check = |skipped: &str| {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("manifest.json"), manifest(skipped)).unwrap();
        let report = check_path(dir.path(), &rules, &CheckOptions::default()).unwrap();
        outcome(&report, "legacy-connector-event-ids").clone()
    };
    let quiet = r#"{"step": "events/IntuneConnector.json", "reason": "no matching events in Microsoft Intune Connector"}"#;
    assert_eq!(check(quiet), Outcome::Pass);
    let absent = r#"{"step": "events/IntuneConnector.json", "reason": "event channel not present: Microsoft Intune Connector"}"#;
    assert!(
        matches!(check(absent), Outcome::Inconclusive(_)),
        "{:?}",
        check(absent)
    );
}

#[test]
fn a_label_can_underline_a_parameter_inside_a_long_message() {
    let rules = RuleSet::builtin().unwrap();
    let report = check_path(
        &root().join("tests/bundles/events/ndes-install-ksp"),
        &rules,
        &CheckOptions::default(),
    )
    .unwrap();
    let finding = report
        .evaluation
        .findings
        .iter()
        .find(|f| f.rule.id == "ndes-install-csp")
        .expect("ndes-install-csp fires");
    let underlined = |evidence: &scepter::engine::Evidence| {
        report
            .sources
            .get(evidence.span.source)
            .unwrap()
            .slice(evidence.span)
            .to_string()
    };
    // The event message is one JSON string; the underline is the parameter as JSON wrote it.
    assert_eq!(
        underlined(finding.primary.as_ref().unwrap()),
        r#"-SigningProviderName \"Microsoft Software Key Storage Provider\""#
    );
    assert!(
        finding
            .related
            .iter()
            .any(|r| underlined(r).starts_with(r#"-EncryptionProviderName \""#)),
        "{:?}",
        finding.related.iter().map(underlined).collect::<Vec<_>>()
    );
}
