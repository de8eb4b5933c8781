//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use zip::ZipWriter;
use zip::write::SimpleFileOptions;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every sample bundle (folders and zips), sorted by name.
pub fn samples() -> Vec<PathBuf> {
    let mut samples: Vec<PathBuf> = std::fs::read_dir(root().join("samples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|e| e == "zip"))
        .collect();
    samples.sort();
    samples
}

/// The sample's folder name.
pub fn name(sample: &Path) -> String {
    sample.file_name().unwrap().to_string_lossy().into_owned()
}

/// Whether the sample says when it was taken: a manifest does, and so do a zip's entry
/// times. A folder without a manifest does not (a fresh checkout gives its files today's
/// time).
pub fn dated(sample: &Path) -> bool {
    sample.is_file() || sample.join("manifest.json").exists()
}

/// Samples that do not say when they were taken get a pinned time, so output is
/// reproducible.
pub fn time_args(sample: &Path) -> Vec<String> {
    if dated(sample) {
        Vec::new()
    } else {
        vec![
            "--as-of".into(),
            scepter::report::examples::SAMPLES_TAKEN_AT.into(),
        ]
    }
}

/// Runs the scepter binary; returns stdout and the exit code.
pub fn scepter(args: &[String]) -> (String, i32) {
    let output = Command::cargo_bin("scepter")
        .unwrap()
        .current_dir(root())
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "scepter panicked: {stderr}");
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        output.status.code().unwrap_or(-1),
    )
}

/// Zips a folder in memory, under a single top-level folder named `top`.
pub fn zip_folder(folder: &Path, top: &str) -> Vec<u8> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let mut files = Vec::new();
    collect(folder, &mut files);
    files.sort();
    for file in files {
        let relative = file
            .strip_prefix(folder)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        writer
            .start_file(format!("{top}/{relative}"), SimpleFileOptions::default())
            .unwrap();
        writer.write_all(&std::fs::read(&file).unwrap()).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Copies a folder tree.
pub fn copy_tree(from: &Path, to: &Path) {
    let mut files = Vec::new();
    collect(from, &mut files);
    for file in files {
        let target = to.join(file.strip_prefix(from).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&file, &target).unwrap();
    }
}
