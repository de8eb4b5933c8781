//! The command line: extra rule folders, broken rules, bad bundles and exit codes.

mod common;

use common::scepter;

fn write_rule(dir: &std::path::Path, name: &str, text: &str) {
    let area = dir.join("custom");
    std::fs::create_dir_all(&area).unwrap();
    std::fs::write(area.join(format!("{name}.yaml")), text).unwrap();
}

#[test]
fn rules_from_a_folder_are_added() {
    let dir = tempfile::tempdir().unwrap();
    write_rule(
        dir.path(),
        "winhttp-must-use-proxy",
        "id: winhttp-must-use-proxy\n\
         title: the machine's WinHTTP proxy is direct\n\
         severity: warning\n\
         area: custom\n\
         docs: https://learn.microsoft.com/en-us/mem/intune/protect/certificate-connector-install\n\
         applies_if: proxy.winhttp != null\n\
         assert: '!proxy.winhttp.direct'\n\
         message: WinHTTP goes direct\n\
         label: proxy.winhttp.direct\n\
         help: run `netsh winhttp set proxy`\n",
    );
    let (out, code) = scepter(&[
        "check".into(),
        "samples/healthy".into(),
        "--rules".into(),
        dir.path().display().to_string(),
        "--color".into(),
        "never".into(),
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("winhttp-must-use-proxy"), "{out}");
    assert!(out.contains("network/winhttp-proxy.txt:4:5"), "{out}");
    let builtin = scepter::rules::RuleSet::builtin().unwrap().rules.len();
    assert!(
        out.contains(&format!("{} rules evaluated", builtin + 1)),
        "{out}"
    );
}

#[test]
fn a_broken_rule_stops_the_check_with_its_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    write_rule(
        dir.path(),
        "broken",
        "id: broken\ntitle: t\nseverity: error\narea: custom\ndocs: https://example.com\nassert: certificates.size( > 0\nmessage: m\nhelp: h\n",
    );
    let output = assert_cmd::Command::cargo_bin("scepter")
        .unwrap()
        .current_dir(common::root())
        .args(["check", "samples/healthy", "--rules"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("CEL syntax error"), "{stderr}");
    assert!(stderr.contains("broken.yaml:6:"), "{stderr}");
}

#[test]
fn a_missing_bundle_exits_2() {
    let (_, code) = scepter(&["check".into(), "samples/does-not-exist".into()]);
    assert_eq!(code, 2);
}

#[test]
fn a_file_that_is_not_a_zip_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bundle.zip");
    std::fs::write(&path, b"this is not a zip").unwrap();
    let (_, code) = scepter(&["check".into(), path.display().to_string()]);
    assert_eq!(code, 2);
}

#[test]
fn json_output_lists_every_rule_outcome() {
    let (out, code) = scepter(&[
        "check".into(),
        "samples/healthy-2022.zip".into(),
        "--format".into(),
        "json".into(),
        "--as-of".into(),
        "2026-11-20".into(),
    ]);
    assert_eq!(code, 0, "{out}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let outcomes: Vec<&str> = report["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["outcome"].as_str().unwrap())
        .collect();
    assert!(outcomes.contains(&"not_applicable"), "{outcomes:?}");
    assert!(
        outcomes
            .iter()
            .all(|o| ["pass", "not_applicable", "inconclusive"].contains(o)),
        "{outcomes:?}"
    );
    // This hand-collected bundle lacks some evidence (no `netsh http show sslcert`, no logs).
    let inconclusive = outcomes.iter().filter(|o| **o == "inconclusive").count();
    assert!(inconclusive > 0, "{outcomes:?}");
    assert_eq!(
        report["coverage"]["inconclusive"], inconclusive,
        "{}",
        report["coverage"]
    );
    assert_eq!(report["collected_at_source"], "set with --as-of");
}

#[test]
fn the_committed_rule_reference_is_what_the_rules_generate() {
    let rules = scepter::rules::RuleSet::builtin().unwrap();
    let dir = common::root().join("docs/rules");
    let mut committed: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    committed.sort();
    let examples = scepter::report::examples::rule_examples(&rules, &common::root());
    let pages = scepter::report::ruledocs::pages(&rules, &examples);
    let mut generated: Vec<String> = pages.iter().map(|(name, _)| name.clone()).collect();
    generated.sort();
    assert_eq!(
        committed, generated,
        "run `cargo run -- rules docs` and commit docs/rules"
    );
    for (name, text) in pages {
        let on_disk = std::fs::read_to_string(dir.join(&name)).unwrap();
        assert_eq!(
            on_disk, text,
            "docs/rules/{name} is stale: run `cargo run -- rules docs`"
        );
    }
}

#[test]
fn explain_and_list() {
    let (out, code) = scepter(&["explain".into(), "client-auth-cert-expired".into()]);
    assert_eq!(code, 0);
    assert!(out.contains("why it matters:"), "{out}");
    assert!(
        out.contains("source: https://learn.microsoft.com/"),
        "{out}"
    );
    let (out, code) = scepter(&["rules".into(), "list".into()]);
    assert_eq!(code, 0);
    assert_eq!(
        out.lines().count(),
        scepter::rules::RuleSet::builtin().unwrap().rules.len()
    );
    let (_, code) = scepter(&["explain".into(), "no-such-rule".into()]);
    assert_eq!(code, 2);
}

#[test]
fn explain_on_a_bundle_fills_in_the_fix_or_gives_the_outcome() {
    let explain_on = |rule: &str, bundle: &str| {
        let bundle = common::root().join(bundle).display().to_string();
        scepter(&["explain".into(), rule.into(), "--bundle".into(), bundle])
    };
    let (out, code) = explain_on(
        "client-auth-cert-expired",
        "samples/client-auth-cert-expired",
    );
    assert_eq!(code, 0);
    assert!(out.contains("how to fix it there:"), "{out}");
    assert!(!out.contains("{{"), "placeholders must be filled in: {out}");
    assert!(out.contains("ndes.contoso.com"), "{out}");
    let (out, code) = explain_on("client-auth-cert-expired", "samples/healthy");
    assert_eq!(code, 0);
    assert!(out.contains("samples/healthy: not applicable"), "{out}");
    let (out, _) = explain_on("time-sync", "samples/healthy-2022.zip");
    assert!(out.contains("inconclusive: needs time-service"), "{out}");
}
