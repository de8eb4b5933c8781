//! `scepter facts`: every certificate field, provenance, the documented shape.

mod common;

use common::{root, samples, scepter, time_args};
use scepter::model::facts::snapshot_facts;
use scepter::model::schema::{self, conforms, field_paths};
use scepter::pipeline::{CheckOptions, check_path};
use scepter::rules::RuleSet;

#[test]
fn facts_of_the_legacy_sample_carry_every_certificate_field() {
    let (out, code) = scepter(&[
        "facts".into(),
        "samples/legacy-connector".into(),
        "--format".into(),
        "json".into(),
    ]);
    assert_eq!(code, 0);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let certs = doc["facts"]["certificates"].as_array().unwrap();
    assert_eq!(certs.len(), 6);
    let fields = [
        "subject",
        "subject_cn",
        "issuer",
        "serial",
        "thumbprint",
        "not_before",
        "not_after",
        "san_dns",
        "san_ip",
        "eku",
        "eku_names",
        "key_usage",
        "key_algorithm",
        "key_bits",
        "signature_algorithm",
        "template",
        "is_ca",
        "self_signed",
        "store",
        "has_private_key",
        "source",
    ];
    for cert in certs {
        for field in fields {
            assert!(cert.get(field).is_some(), "{field} missing in {cert}");
        }
    }
    let client = certs
        .iter()
        .find(|c| {
            c["eku_names"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e == "client_auth")
        })
        .unwrap();
    assert_eq!(
        client["thumbprint"],
        "735C7F94EE2D64F41AEDBBD9DB399AE6962E02DB"
    );
    assert_eq!(client["not_after"], "2027-03-02T12:00:00+00:00");
    assert_eq!(client["store"], "LocalMachine\\My");
    assert_eq!(
        client["san_dns"],
        serde_json::json!(["ndes.contoso.com", "ndes01.corp.contoso.com"])
    );
    // Provenance: where the client certificate's expiry was read (its decoded view, line 8).
    let index = certs.iter().position(|c| c == client).unwrap();
    let at = doc["provenance"][format!("certificates[{index}].not_after")]
        .as_str()
        .unwrap();
    assert_eq!(
        at,
        "certs/LocalMachine/My/735C7F94EE2D64F41AEDBBD9DB399AE6962E02DB.cer (decoded):8:21"
    );
    assert_eq!(
        doc["provenance"]["proxy.system.enabled"],
        "registry/InternetSettings-SYSTEM.reg:21:15"
    );
}

#[test]
fn facts_as_yaml() {
    let (out, code) = scepter(&[
        "facts".into(),
        "samples/legacy-connector".into(),
        "--format".into(),
        "yaml".into(),
    ]);
    assert_eq!(code, 0);
    assert!(
        out.contains("thumbprint: 735C7F94EE2D64F41AEDBBD9DB399AE6962E02DB"),
        "{out}"
    );
    assert!(out.contains("provenance:"), "{out}");
}

#[test]
fn every_sample_conforms_to_the_schema() {
    let rules = RuleSet::default();
    for sample in samples() {
        let mut options = CheckOptions::default();
        if !time_args(&sample).is_empty() {
            options.as_of = Some(
                chrono::DateTime::parse_from_rfc3339(scepter::report::examples::SAMPLES_TAKEN_AT)
                    .unwrap(),
            );
        }
        let report = check_path(&sample, &rules, &options).unwrap();
        conforms(&snapshot_facts(&report.snapshot), &schema::snapshot(), "").unwrap();
    }
}

#[test]
fn the_facts_reference_documents_every_field() {
    let doc = std::fs::read_to_string(root().join("docs/facts.md")).unwrap();
    let mut paths = Vec::new();
    field_paths(&schema::snapshot(), "", &mut paths);
    // "`A` has the same fields as `B`" documents A's fields once, under B.
    let aliases: Vec<(String, String)> = doc
        .lines()
        .filter_map(|line| {
            let (a, rest) = line.split_once("` has the same fields as `")?;
            let a = a.rsplit('`').next()?;
            let b = rest.split('`').next()?;
            Some((a.to_string(), b.to_string()))
        })
        .collect();
    let documented = |path: &str| {
        doc.contains(&format!("`{path}`"))
            || aliases.iter().any(|(a, b)| {
                path.strip_prefix(a.as_str())
                    .and_then(|rest| rest.strip_prefix('.'))
                    .is_some_and(|rest| doc.contains(&format!("`{b}.{rest}`")))
            })
    };
    let missing: Vec<&String> = paths.iter().filter(|p| !documented(p)).collect();
    assert!(missing.is_empty(), "docs/facts.md lacks: {missing:#?}");
}

#[test]
#[ignore = "prints the field paths, to help write docs/facts.md"]
fn print_field_paths() {
    let mut paths = Vec::new();
    field_paths(&schema::snapshot(), "", &mut paths);
    println!("{}", paths.join("\n"));
}
