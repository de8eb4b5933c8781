//! The same bundle as a folder and as a zip gives the same findings; a corrupt file costs
//! only itself; hostile zips end as clear notes, not crashes.

mod common;

use std::io::{Cursor, Write};

use common::{copy_tree, name, root, samples, scepter, zip_folder};
use scepter::pipeline::{CheckOptions, FileStatus, check_path};
use scepter::report::place;
use scepter::rules::RuleSet;

fn options() -> CheckOptions {
    CheckOptions {
        as_of: Some(
            chrono::DateTime::parse_from_rfc3339(scepter::report::examples::SAMPLES_TAKEN_AT)
                .unwrap(),
        ),
        ..CheckOptions::default()
    }
}

/// Findings as comparable text: rule, message, and every location.
fn findings(report: &scepter::pipeline::BundleReport) -> Vec<String> {
    report
        .evaluation
        .findings
        .iter()
        .map(|f| {
            let at = |e: &scepter::engine::Evidence| {
                place(report, e.span).map(|p| format!("{}:{}:{}", p.path, p.line, p.column))
            };
            format!(
                "{} | {} | {:?} | {:?}",
                f.rule.id,
                f.message,
                f.primary.as_ref().and_then(at),
                f.related.iter().map(at).collect::<Vec<_>>()
            )
        })
        .collect()
}

#[test]
fn folder_and_zip_give_identical_findings() {
    let rules = RuleSet::builtin().unwrap();
    let dir = tempfile::tempdir().unwrap();
    // The zipped samples are zips already: compare the folders.
    for sample in samples().into_iter().filter(|s| s.is_dir()) {
        let zip = dir.path().join(format!("{}.zip", name(&sample)));
        std::fs::write(
            &zip,
            zip_folder(&sample, &format!("NDES01-{}", name(&sample))),
        )
        .unwrap();
        let from_folder = check_path(&sample, &rules, &options()).unwrap();
        let from_zip = check_path(&zip, &rules, &options()).unwrap();
        assert_eq!(
            findings(&from_folder),
            findings(&from_zip),
            "{}",
            name(&sample)
        );
        let paths = |r: &scepter::pipeline::BundleReport| {
            r.files.iter().map(|f| f.path.clone()).collect::<Vec<_>>()
        };
        assert_eq!(paths(&from_folder), paths(&from_zip), "{}", name(&sample));
    }
}

#[test]
fn a_corrupt_file_costs_only_itself() {
    let rules = RuleSet::builtin().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("bundle");
    copy_tree(&root().join("samples/client-auth-cert-expired"), &bundle);
    // Truncate a registry export right after the `\` that continues a wrapped binary value.
    let reg = bundle.join("registry/InternetSettings-Administrator.reg");
    let bytes = std::fs::read(&reg).unwrap();
    let continuation: Vec<u8> = "\\\r\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
    let cut = bytes
        .windows(continuation.len())
        .position(|w| w == continuation)
        .unwrap()
        + 2;
    std::fs::write(&reg, &bytes[..cut]).unwrap();

    let report = check_path(&bundle, &rules, &options()).unwrap();
    let ids: Vec<&str> = report
        .evaluation
        .findings
        .iter()
        .map(|f| f.rule.id.as_str())
        .collect();
    assert_eq!(
        ids,
        ["client-auth-cert-expired", "legacy-connector-retired"]
    );
    let file = report
        .files
        .iter()
        .find(|f| f.path == "registry/InternetSettings-Administrator.reg")
        .unwrap();
    let FileStatus::Unreadable(_, error) = &file.status else {
        panic!("{:?}", file.status)
    };
    assert!(
        error.reason.contains("truncated") || error.reason.contains("ends"),
        "{}",
        error.reason
    );

    let (out, code) = scepter(&[
        "check".into(),
        bundle.display().to_string(),
        "--color".into(),
        "never".into(),
    ]);
    assert_eq!(code, 1);
    assert!(
        out.contains(
            "registry/InternetSettings-Administrator.reg looks like reg-v5 but could not be read"
        ),
        "{out}"
    );
}

fn write_zip(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        writer.start_file(*name, options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

fn check_zip(bytes: Vec<u8>) -> (String, i32) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("customer.zip");
    std::fs::write(&path, bytes).unwrap();
    scepter(&[
        "check".into(),
        path.display().to_string(),
        "--color".into(),
        "never".into(),
        "--format".into(),
        "json".into(),
    ])
}

#[test]
fn a_zip_bomb_is_a_clear_note() {
    let mib = 1024 * 1024;
    let (out, code) = check_zip(write_zip(&[
        ("bomb.txt", vec![b'A'; 64 * mib]),
        ("notes.txt", b"hello".to_vec()),
    ]));
    assert_eq!(code, 0, "{out}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let bomb = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "bomb.txt")
        .unwrap();
    assert_eq!(bomb["status"], "skipped");
    assert!(
        bomb["reason"].as_str().unwrap().contains("zip bomb"),
        "{bomb}"
    );
}

#[test]
fn an_entry_escaping_the_root_is_a_clear_note() {
    let (out, _) = check_zip(write_zip(&[
        ("../../Windows/evil.reg", b"x".to_vec()),
        ("ok.txt", b"fine".to_vec()),
    ]));
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let evil = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "../../Windows/evil.reg")
        .unwrap();
    assert_eq!(evil["status"], "skipped");
    assert!(
        evil["reason"]
            .as_str()
            .unwrap()
            .contains("escapes the bundle root"),
        "{evil}"
    );
}

#[test]
fn twenty_thousand_entries_are_capped_with_a_note() {
    let entries: Vec<(String, Vec<u8>)> = (0..20_000)
        .map(|i| (format!("f/{i:05}.txt"), Vec::new()))
        .collect();
    let refs: Vec<(&str, Vec<u8>)> = entries
        .iter()
        .map(|(n, b)| (n.as_str(), b.clone()))
        .collect();
    let (out, _) = check_zip(write_zip(&refs));
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["summary"]["files"], 10_001);
    let note = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["status"] == "skipped")
        .unwrap();
    assert!(
        note["reason"].as_str().unwrap().contains("20000 entries"),
        "{note}"
    );
}
