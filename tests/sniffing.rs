//! Content decides the format: every fixture renamed to `fileNN.txt` in one flat folder gives
//! the same facts; and every file of a bundle ends in exactly one state.

mod common;

use std::path::{Path, PathBuf};

use common::{copy_tree, root};
use scepter::pipeline::{CheckOptions, FileStatus, check_path};
use scepter::report::{FactsFormat, render_facts};
use scepter::rules::RuleSet;

fn files_below(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_below(&path, out);
        } else if path.file_name().is_some_and(|n| n != "README.md") {
            out.push(path);
        }
    }
}

/// Facts with everything that depends on file names removed, lists sorted.
fn comparable_facts(bundle: &Path) -> serde_json::Value {
    let options = CheckOptions {
        as_of: Some(
            chrono::DateTime::parse_from_rfc3339(scepter::report::examples::SAMPLES_TAKEN_AT)
                .unwrap(),
        ),
        ..CheckOptions::default()
    };
    let report = check_path(bundle, &RuleSet::default(), &options).unwrap();
    let mut doc: serde_json::Value =
        serde_json::from_str(&render_facts(&report, FactsFormat::Json)).unwrap();
    let mut facts = doc["facts"].take();
    strip_names(&mut facts);
    facts
}

fn strip_names(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            // Where a fact was read, and the store a folder name implied, depend on names.
            for key in ["source", "file", "store"] {
                map.remove(key);
            }
            map.values_mut().for_each(strip_names);
        }
        serde_json::Value::Array(items) => {
            items.iter_mut().for_each(strip_names);
            items.sort_by_key(|item| item.to_string());
        }
        _ => {}
    }
}

/// Groups of files that belong together: each fixture format's folder (variants of one
/// server's output), and each sample bundle (one server). Mixing servers would make facts
/// that keep the first of several values depend on file order instead of names.
fn groups() -> Vec<Vec<PathBuf>> {
    let mut folders: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures"))
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    folders.sort();
    folders.push(root().join("samples/healthy"));
    folders.push(root().join("samples/legacy-connector"));
    folders
        .iter()
        .map(|folder| {
            let mut files = Vec::new();
            files_below(folder, &mut files);
            files.retain(|f| f.file_name().is_some_and(|n| n != "manifest.json"));
            files.sort();
            files
        })
        .collect()
}

#[test]
fn renamed_files_give_the_same_facts() {
    let mut certificates = 0;
    for group in groups() {
        let dir = tempfile::tempdir().unwrap();
        let named = dir.path().join("named");
        let flat = dir.path().join("flat");
        std::fs::create_dir_all(&flat).unwrap();
        for (i, file) in group.iter().enumerate() {
            let relative = file.strip_prefix(root()).unwrap();
            let target = named.join(relative);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::copy(file, &target).unwrap();
            std::fs::copy(file, flat.join(format!("file{i:02}.txt"))).unwrap();
        }
        let by_name = comparable_facts(&named);
        let by_content = comparable_facts(&flat);
        for key in by_name.as_object().unwrap().keys() {
            assert_eq!(
                by_name[key], by_content[key],
                "facts of `{key}` depend on file names in {group:#?}"
            );
        }
        certificates += by_name["certificates"].as_array().unwrap().len();
    }
    assert!(
        certificates >= 9,
        "only {certificates} certificates compared"
    );
}

#[test]
fn every_file_ends_in_exactly_one_state() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("bundle");
    copy_tree(&root().join("samples/healthy"), &bundle);
    std::fs::write(
        bundle.join("notes.docx"),
        b"PK\x03\x04 not really a document",
    )
    .unwrap();
    std::fs::write(
        bundle.join("readme.txt"),
        "Customer notes: the connector stopped on Monday.\r\n",
    )
    .unwrap();
    let reg = std::fs::read(bundle.join("registry/MSCEP.reg")).unwrap();
    std::fs::write(bundle.join("registry/broken.reg"), &reg[..reg.len() / 3]).unwrap();

    let report = check_path(
        &bundle,
        &RuleSet::builtin().unwrap(),
        &CheckOptions::default(),
    )
    .unwrap();
    let mut paths: Vec<&str> = report.files.iter().map(|f| f.path.as_str()).collect();
    let total = paths.len();
    paths.dedup();
    assert_eq!(paths.len(), total, "a file is accounted twice");
    let on_disk = {
        let mut files = Vec::new();
        files_below(&bundle, &mut files);
        files.len()
    };
    assert_eq!(total, on_disk, "a file was not accounted for");
    let status = |path: &str| &report.files.iter().find(|f| f.path == path).unwrap().status;
    assert!(matches!(status("notes.docx"), FileStatus::Unrecognized));
    assert!(matches!(status("readme.txt"), FileStatus::Unrecognized));
    assert!(matches!(status("screenshot.png"), FileStatus::Unrecognized));
    assert!(matches!(
        status("registry/broken.reg"),
        FileStatus::Unreadable(..)
    ));
    assert!(matches!(
        status("registry/MSCEP.reg"),
        FileStatus::Parsed(_)
    ));

    let human = scepter::report::render_human(
        &report,
        scepter::report::HumanOptions {
            color: false,
            width: 100,
        },
    );
    // The sample has unrecognized files of its own (the collector's report, a screenshot).
    let unrecognized = human
        .lines()
        .find(|l| l.starts_with("not recognized (no parser claimed them): "))
        .unwrap_or_default();
    for name in ["notes.docx", "readme.txt", "screenshot.png"] {
        assert!(unrecognized.contains(name), "{human}");
    }
    assert!(
        human.contains("registry/broken.reg looks like reg-v5 but could not be read"),
        "{human}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&scepter::report::render_json(std::slice::from_ref(&report))).unwrap();
    assert_eq!(json["files"].as_array().unwrap().len(), total);
    let sarif: serde_json::Value = serde_json::from_str(&scepter::report::render_sarif(
        std::slice::from_ref(&report),
        &RuleSet::default(),
    ))
    .unwrap();
    assert_eq!(
        sarif["runs"][0]["artifacts"].as_array().unwrap().len(),
        total
    );
    let notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    // One note per file no parser read: the three added here, the broken copy, and whatever
    // the sample holds that no parser claims.
    let not_read = report
        .files
        .iter()
        .filter(|f| !matches!(f.status, FileStatus::Parsed(_)))
        .count();
    assert!(not_read >= 4);
    assert_eq!(notes.len(), not_read, "{notes:#?}");
}
