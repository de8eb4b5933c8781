//! Opening a bundle — a folder or a `.zip` — into memory, under hard limits.
//!
//! Nothing is extracted to disk and nothing is written. Every limit that stops an entry from
//! being read becomes a [`BundleProblem`]; the other entries are still read.

mod collect;
mod dir;
mod limits;
mod zip;

use std::fs::File;
use std::io::Cursor;
use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};

pub use limits::Limits;

/// One file of a bundle, read into memory.
#[derive(Debug, Clone)]
pub struct BundleFile {
    /// Path relative to the bundle root, `/`-separated (for a zip with a single top-level
    /// folder, without that folder).
    pub path: String,
    /// The file's bytes.
    pub bytes: Arc<[u8]>,
    /// Last modification time (file mtime, or the zip entry's time read as UTC).
    pub modified: Option<DateTime<Utc>>,
}

/// Whether a bundle was a folder or a zip.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BundleKind {
    /// A folder on disk.
    Folder,
    /// A `.zip` file.
    Zip,
}

/// A bundle read into memory: its files plus what could not be read.
#[derive(Debug)]
pub struct Bundle {
    /// The path the user gave, as shown in reports.
    pub name: String,
    /// Folder or zip.
    pub kind: BundleKind,
    /// Files read, sorted by path.
    pub files: Vec<BundleFile>,
    /// Entries that were not read, and why.
    pub problems: Vec<BundleProblem>,
}

/// An entry of the bundle that was not read (or not completely).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleProblem {
    /// The entry's name as stored (raw, possibly hostile), when the problem is about one entry.
    pub path: Option<String>,
    /// What went wrong.
    pub kind: ProblemKind,
}

/// Why an entry was not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProblemKind {
    /// The bundle has more entries than the limit; the rest were not read.
    #[error("the bundle has {total} entries; only the first {limit} were read")]
    TooManyEntries {
        /// The limit.
        limit: usize,
        /// How many entries the bundle has.
        total: usize,
    },
    /// One entry inflates past the per-entry limit.
    #[error("entry is larger than the {limit}-byte limit for one file; skipped")]
    EntryTooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// Reading this entry would pass the limit for the whole bundle.
    #[error("reading this entry would pass the {limit}-byte limit for the whole bundle; skipped")]
    TotalTooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// The entry's compression ratio looks like a zip bomb.
    #[error("entry inflates more than {limit}:1 (a zip bomb?); skipped")]
    CompressionRatio {
        /// The limit (uncompressed per compressed byte).
        limit: u64,
    },
    /// The entry's name escapes the bundle root (`..`, absolute path, drive letter).
    #[error("entry name escapes the bundle root; skipped")]
    PathEscapes,
    /// The entry is nested deeper than the limit.
    #[error("entry is nested deeper than {limit} folders; skipped")]
    TooDeep {
        /// The limit.
        limit: usize,
    },
    /// A symbolic link (never followed).
    #[error("symbolic link; not followed")]
    Symlink,
    /// An encrypted zip entry.
    #[error("entry is encrypted; scepter does not read encrypted entries")]
    Encrypted,
    /// Another entry already gave a file at the same path (for example `a\b` and `a/b`).
    #[error("another entry has the same path; only the first one was read")]
    DuplicatePath,
    /// The entry could not be read.
    #[error("could not be read: {reason}")]
    Unreadable {
        /// The reason, from the operating system or the zip reader.
        reason: String,
    },
}

/// Why a bundle could not be opened at all.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    /// The path does not exist or cannot be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The bundle path.
        path: String,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The file is not a readable zip archive.
    #[error("{path} is not a readable zip archive: {reason}")]
    NotAZip {
        /// The bundle path.
        path: String,
        /// What the zip reader said.
        reason: String,
    },
}

/// Opens a folder or a `.zip` file as a bundle.
pub fn open(path: &Path, limits: &Limits) -> Result<Bundle, BundleError> {
    let name = path.display().to_string();
    let io_error = |source| BundleError::Io {
        path: name.clone(),
        source,
    };
    let metadata = std::fs::metadata(path).map_err(io_error)?;
    let mut bundle = if metadata.is_dir() {
        dir::read(path, limits)?
    } else if metadata.is_file() {
        // Read through the file rather than into memory: a bundle zip may be gigabytes.
        let file = File::open(path).map_err(io_error)?;
        zip::read(&name, file, limits)?
    } else {
        return Err(BundleError::NotAZip {
            path: name,
            reason: "neither a folder nor a regular file".to_owned(),
        });
    };
    bundle.files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(bundle)
}

/// Opens a zip held in memory (used by tests and fuzzing).
pub fn open_zip_bytes(name: &str, bytes: &[u8], limits: &Limits) -> Result<Bundle, BundleError> {
    let mut bundle = zip::read(name, Cursor::new(bytes), limits)?;
    bundle.files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(bundle)
}
