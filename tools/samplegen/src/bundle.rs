//! A bundle folder in memory: its files, what produced them, and the collector's
//! `manifest.json`.

use std::fs;
use std::path::Path;

use crate::Result;
use crate::json::{self, Json};
use crate::winfmt::{CRLF, utf8_bom};

/// One file of a bundle.
#[derive(Debug, Clone)]
pub struct BundleFile {
    /// Path relative to the bundle root, `/`-separated.
    pub path: String,
    /// Exact bytes on disk.
    pub bytes: Vec<u8>,
    /// The command that produced it; `None` keeps the file out of the manifest
    /// (files a customer added by hand).
    pub command: Option<String>,
    /// Certificate store it came from, e.g. `LocalMachine\My`.
    pub store: Option<String>,
}

/// What the collector writes into `manifest.json` besides the file list.
#[derive(Debug, Clone)]
pub struct ManifestHeader {
    /// `collected_at`, ISO 8601 with the server's offset.
    pub collected_at: &'static str,
    /// `host.name`.
    pub host_name: &'static str,
    /// `host.fqdn`.
    pub host_fqdn: &'static str,
    /// `external_fqdn`.
    pub external_fqdn: &'static str,
    /// `collector.powershell`.
    pub powershell: &'static str,
}

/// What collect-bundle.ps1 1.1.0 adds to its manifest: who ran it and what it skipped.
/// With it, the manifest is written as that script writes it.
#[derive(Debug, Clone, Default)]
pub struct CollectorRun {
    /// `ran_as`.
    pub ran_as: String,
    /// `errors`: `(step, message)`.
    pub errors: Vec<(String, String)>,
    /// `skipped`: `(step, reason)`.
    pub skipped: Vec<(String, String)>,
}

/// A bundle under construction.
#[derive(Debug, Clone, Default)]
pub struct Bundle {
    files: Vec<BundleFile>,
    manifest: Option<ManifestHeader>,
    run: Option<CollectorRun>,
}

impl Bundle {
    /// A collector bundle, which gets a manifest.
    pub fn collected(header: ManifestHeader) -> Self {
        Self {
            files: Vec::new(),
            manifest: Some(header),
            run: None,
        }
    }

    /// A bundle a customer put together by hand: no manifest.
    pub fn by_hand() -> Self {
        Self::default()
    }

    /// Adds a file produced by `command`.
    pub fn add(&mut self, path: &str, command: &str, bytes: Vec<u8>) {
        self.files.push(BundleFile {
            path: path.to_owned(),
            bytes,
            command: Some(command.to_owned()),
            store: None,
        });
    }

    /// Adds a certificate file exported from `store`.
    pub fn add_cert(&mut self, path: &str, command: &str, store: &str, bytes: Vec<u8>) {
        self.files.push(BundleFile {
            path: path.to_owned(),
            bytes,
            command: Some(command.to_owned()),
            store: Some(store.to_owned()),
        });
    }

    /// Adds a file nobody ran a command for.
    pub fn add_stray(&mut self, path: &str, bytes: Vec<u8>) {
        self.files.push(BundleFile {
            path: path.to_owned(),
            bytes,
            command: None,
            store: None,
        });
    }

    /// The files added so far, in order.
    pub fn files(&self) -> &[BundleFile] {
        &self.files
    }

    /// Makes the manifest the one collect-bundle.ps1 1.1.0 writes: `ran_as`, `errors` and
    /// `skipped` after the files, saved by `Out-File` (UTF-16LE with BOM in Windows
    /// PowerShell 5.1).
    pub fn set_collector_run(&mut self, run: CollectorRun) {
        self.run = Some(run);
    }

    /// The manifest of collect-bundle.ps1 1.1.0 (`ConvertTo-Json -Depth 6 | Out-File`).
    fn collector_manifest_bytes(&self, header: &ManifestHeader, run: &CollectorRun) -> Vec<u8> {
        let pairs = |items: &[(String, String)], a: &'static str, b: &'static str| {
            Json::Array(
                items
                    .iter()
                    .map(|(x, y)| Json::object([(a, Json::str(x)), (b, Json::str(y))]))
                    .collect(),
            )
        };
        let manifest = self.manifest_json(
            header,
            vec![
                ("ran_as", Json::str(&run.ran_as)),
                ("files", self.files_json()),
                ("errors", pairs(&run.errors, "step", "message")),
                ("skipped", pairs(&run.skipped, "step", "reason")),
            ],
        );
        crate::winfmt::utf16le_bom(&(json::ps51(&manifest) + CRLF))
    }

    /// The `manifest.json` bytes: `ConvertTo-Json -Depth 4 | Set-Content -Encoding UTF8`
    /// under Windows PowerShell 5.1, i.e. UTF-8 with BOM, 5.1 layout, CRLF.
    fn manifest_bytes(&self, header: &ManifestHeader) -> Vec<u8> {
        let manifest = self.manifest_json(header, vec![("files", self.files_json())]);
        utf8_bom(&(json::ps51(&manifest) + CRLF))
    }

    /// The manifest's header fields, followed by `tail` (the files and what the run adds).
    fn manifest_json(&self, header: &ManifestHeader, tail: Vec<(&'static str, Json)>) -> Json {
        let mut fields = vec![
            ("format", Json::str("scepter-bundle/1")),
            ("collected_at", Json::str(header.collected_at)),
            (
                "host",
                Json::object([
                    ("name", Json::str(header.host_name)),
                    ("fqdn", Json::str(header.host_fqdn)),
                ]),
            ),
            ("external_fqdn", Json::str(header.external_fqdn)),
            (
                "collector",
                Json::object([
                    ("name", Json::str("collect-bundle.ps1")),
                    ("version", Json::str("1.1.0")),
                    ("powershell", Json::str(header.powershell)),
                ]),
            ),
        ];
        fields.extend(tail);
        Json::object(fields)
    }

    /// `files[]`: every file the collector's commands wrote (not the customer's strays).
    fn files_json(&self) -> Json {
        Json::Array(
            self.files
                .iter()
                .filter_map(|file| {
                    let command = file.command.as_ref()?;
                    let mut entry = vec![
                        ("path", Json::str(&file.path)),
                        ("command", Json::str(command)),
                    ];
                    if let Some(store) = &file.store {
                        entry.push(("store", Json::str(store)));
                    }
                    Some(Json::object(entry))
                })
                .collect(),
        )
    }

    /// Replaces `dir` with the bundle's files.
    pub fn write(&self, dir: &Path) -> Result<()> {
        if dir.exists() {
            fs::remove_dir_all(dir)?;
        }
        fs::create_dir_all(dir)?;
        if let Some(header) = &self.manifest {
            let bytes = match &self.run {
                Some(run) => self.collector_manifest_bytes(header, run),
                None => self.manifest_bytes(header),
            };
            fs::write(dir.join("manifest.json"), bytes)?;
        }
        for file in &self.files {
            let path = dir.join(&file.path);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::write(path, &file.bytes)?;
        }
        Ok(())
    }
}
