//! Reading a bundle zip through a seekable reader, one entry at a time.
//!
//! The central directory is walked twice: once to check it is whole, count the files and find
//! a single top-level folder, and once to read. Walking it (rather than indexing it, as
//! `ZipArchive` does) keeps memory independent of the entry count and keeps entries that share
//! a name, which an index would silently merge.

use std::cell::Cell;
use std::io::{Read, Seek, SeekFrom};

use chrono::{DateTime, NaiveDate, Utc};
use zip::ZipReadOptions;
use zip::read::{Config, ZipFileEntry};
use zip::unstable::read::ZipIterable;

use super::collect::Collector;
use super::{Bundle, BundleError, BundleKind, Limits, ProblemKind};

/// The file-type bits of a unix mode, and the values that mark a folder and a symbolic link.
const S_IFMT: u32 = 0o170_000;
const S_IFDIR: u32 = 0o040_000;
const S_IFLNK: u32 = 0o120_000;

/// Reads every entry of a zip archive into memory.
pub fn read<R: Read + Seek>(name: &str, reader: R, limits: &Limits) -> Result<Bundle, BundleError> {
    let not_a_zip = |reason: String| BundleError::NotAZip {
        path: name.to_owned(),
        reason,
    };
    let mut archive =
        ZipIterable::try_new(reader, Config::default()).map_err(|e| not_a_zip(e.to_string()))?;
    let survey = survey(&mut archive).map_err(not_a_zip)?;
    let mut collector = Collector::new(limits);
    read_entries(&mut archive, &survey, &mut collector);
    if survey.files > limits.max_entries {
        collector.problem(
            None,
            ProblemKind::TooManyEntries {
                limit: limits.max_entries,
                total: survey.files,
            },
        );
    }
    Ok(collector.finish(name, BundleKind::Zip))
}

/// What the first walk over the central directory learnt.
struct Survey {
    /// Entries that are not folders.
    files: usize,
    /// The one top-level folder every file lives under, if there is one.
    root: Option<String>,
}

/// Walks the whole central directory, so that a damaged one refuses the zip up front.
fn survey<R: Read + Seek>(archive: &mut ZipIterable<R>) -> Result<Survey, String> {
    let mut files = 0usize;
    let mut root = Root::Unknown;
    for entry in archive.files().map_err(|e| e.to_string())? {
        let entry = entry.map_err(|e| e.to_string())?;
        if is_folder(&entry) {
            continue;
        }
        files = files.saturating_add(1);
        if let Ok(parts) = components(&entry_name(&entry)) {
            root = root.with(&parts);
        }
    }
    Ok(Survey {
        files,
        root: root.folder(),
    })
}

/// The search for a single top-level folder.
enum Root {
    /// No file seen yet.
    Unknown,
    /// Every file so far lives under this folder.
    One(String),
    /// A file lives at the top level, or under another folder.
    None,
}

impl Root {
    /// Takes one more file, given as path components, into account.
    fn with(self, parts: &[&str]) -> Root {
        let first = match parts {
            [first, _, ..] => *first,
            _ => return Root::None,
        };
        match self {
            Root::Unknown => Root::One(first.to_owned()),
            Root::One(folder) if folder == first => Root::One(folder),
            Root::One(_) | Root::None => Root::None,
        }
    }

    /// The folder to strip, if every file lives under one.
    fn folder(self) -> Option<String> {
        match self {
            Root::One(folder) => Some(folder),
            Root::Unknown | Root::None => None,
        }
    }
}

/// Reads the first `max_entries` files, recording a problem for each one refused.
fn read_entries<R: Read + Seek>(
    archive: &mut ZipIterable<R>,
    survey: &Survey,
    collector: &mut Collector<'_>,
) {
    let files = match archive.files() {
        Ok(files) => files,
        Err(e) => return unreadable_directory(collector, &e),
    };
    let mut seen = 0usize;
    while let Some(entry) = files.next() {
        let entry = match entry {
            Ok(entry) => entry,
            // Only possible if the archive changed since the survey.
            Err(e) => return unreadable_directory(collector, &e),
        };
        if is_folder(&entry) {
            continue;
        }
        seen = seen.saturating_add(1);
        if seen > collector.limits().max_entries {
            return;
        }
        read_one(entry, files.reader_mut(), survey.root.as_deref(), collector);
    }
}

/// Whether an entry is a folder, which is skipped: its name ends with a separator or, as some
/// Windows tools write folders, its attributes say folder and it holds no bytes at all (so
/// attributes alone never hide data).
fn is_folder(entry: &ZipFileEntry<'_>) -> bool {
    let empty = entry.size() == 0 && entry.compressed_size() == 0;
    let folder_mode = entry
        .unix_mode()
        .is_some_and(|mode| mode & S_IFMT == S_IFDIR);
    entry.is_dir() || (empty && folder_mode)
}

/// Records that the central directory could no longer be walked.
fn unreadable_directory(collector: &mut Collector<'_>, error: &zip::result::ZipError) {
    collector.problem(
        None,
        ProblemKind::Unreadable {
            reason: format!("the central directory could not be read again: {error}"),
        },
    );
}

/// Reads one file entry, or records why it was refused.
fn read_one<R: Read + Seek>(
    entry: ZipFileEntry<'static>,
    reader: &mut R,
    root: Option<&str>,
    collector: &mut Collector<'_>,
) {
    let raw = entry_name(&entry);
    let path = match checked_path(&entry, &raw, root, collector.limits()) {
        Ok(path) => path,
        Err(kind) => return collector.problem(Some(&raw), kind),
    };
    if collector.has_path(&path) {
        return collector.problem(Some(&raw), ProblemKind::DuplicatePath);
    }
    let modified = entry.last_modified().and_then(to_utc);
    match inflate(entry, reader, collector) {
        Ok(bytes) => collector.add_file(&raw, path, bytes, modified),
        Err(kind) => collector.problem(Some(&raw), kind),
    }
}

/// The entry's path inside the bundle, or why it must not be read.
fn checked_path(
    entry: &ZipFileEntry<'_>,
    raw: &str,
    root: Option<&str>,
    limits: &Limits,
) -> Result<String, ProblemKind> {
    let parts = components(raw)?;
    let parts = match (root, parts.split_first()) {
        (Some(root), Some((first, rest))) if *first == root => rest,
        _ => parts.as_slice(),
    };
    if parts.len().saturating_sub(1) > limits.max_depth {
        return Err(ProblemKind::TooDeep {
            limit: limits.max_depth,
        });
    }
    if entry
        .unix_mode()
        .is_some_and(|mode| mode & S_IFMT == S_IFLNK)
    {
        return Err(ProblemKind::Symlink);
    }
    if entry.encrypted() {
        return Err(ProblemKind::Encrypted);
    }
    Ok(parts.join("/"))
}

/// Inflates one entry under the limits, counting the compressed bytes it really consumes.
fn inflate<R: Read + Seek>(
    entry: ZipFileEntry<'_>,
    reader: &mut R,
    collector: &mut Collector<'_>,
) -> Result<Vec<u8>, ProblemKind> {
    let consumed = Cell::new(0);
    let mut counting = Counting {
        inner: reader,
        count: &consumed,
    };
    let mut file = entry
        .with_reader(&mut counting, ZipReadOptions::new())
        .map_err(|e| ProblemKind::Unreadable {
            reason: e.to_string(),
        })?;
    // Opening the entry read its local header, which is not compressed data.
    consumed.set(0);
    collector.read_entry(&mut file, Some(&consumed))
}

/// Counts the bytes read through it, so the ratio is measured, not taken from a header.
struct Counting<'a, R> {
    inner: R,
    count: &'a Cell<u64>,
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let added = u64::try_from(n).unwrap_or(u64::MAX);
        self.count.set(self.count.get().saturating_add(added));
        Ok(n)
    }
}

impl<R: Seek> Seek for Counting<'_, R> {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.inner.seek(pos)
    }
}

/// The entry's name as stored, decoded (UTF-8, else code page 437) but otherwise untouched.
fn entry_name(entry: &ZipFileEntry<'_>) -> String {
    match entry.name() {
        Ok(name) => name.into_owned(),
        Err(_) => String::from_utf8_lossy(entry.name_raw()).into_owned(),
    }
}

/// Splits an entry name into path components, refusing names that could leave the root.
///
/// Windows zips use `\` as separator, so both separators are accepted. `.` and empty
/// components are dropped; `..` is refused anywhere, even where it would stay inside.
fn components(name: &str) -> Result<Vec<&str>, ProblemKind> {
    if name.contains('\0') {
        return Err(ProblemKind::Unreadable {
            reason: "the entry name contains a NUL character".to_owned(),
        });
    }
    if is_absolute(name) {
        return Err(ProblemKind::PathEscapes);
    }
    let parts: Vec<&str> = name
        .split(['/', '\\'])
        .filter(|part| !part.is_empty() && *part != ".")
        .collect();
    if parts.contains(&"..") {
        return Err(ProblemKind::PathEscapes);
    }
    if parts.is_empty() {
        return Err(ProblemKind::Unreadable {
            reason: "the entry name is empty".to_owned(),
        });
    }
    Ok(parts)
}

/// Whether a name is rooted: `/x`, `\x`, `\\server\x`, or has a drive (`C:\x`, `C:/x`, `C:x`).
fn is_absolute(name: &str) -> bool {
    let mut chars = name.chars();
    match (chars.next(), chars.next()) {
        (Some('/' | '\\'), _) => true,
        (Some(drive), Some(':')) => drive.is_ascii_alphabetic(),
        _ => false,
    }
}

/// Reads a zip (MS-DOS) time as UTC: zips carry no time zone.
fn to_utc(time: zip::DateTime) -> Option<DateTime<Utc>> {
    let date = NaiveDate::from_ymd_opt(
        i32::from(time.year()),
        u32::from(time.month()),
        u32::from(time.day()),
    )?;
    let date_time = date.and_hms_opt(
        u32::from(time.hour()),
        u32::from(time.minute()),
        u32::from(time.second()),
    )?;
    Some(date_time.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_separators_are_normalized() {
        assert_eq!(components("a\\b/c.txt"), Ok(vec!["a", "b", "c.txt"]));
        assert_eq!(components("./a//b"), Ok(vec!["a", "b"]));
    }

    #[test]
    fn names_that_leave_the_root_are_refused() {
        for name in [
            "../evil.txt",
            "a/../../b",
            "a/../b",
            "..\\evil.txt",
            "/etc/passwd",
            "\\\\server\\share\\x",
            "\\x",
            "C:\\x",
            "C:/x",
            "c:x",
        ] {
            assert_eq!(components(name), Err(ProblemKind::PathEscapes), "{name}");
        }
    }

    #[test]
    fn odd_but_relative_names_are_kept() {
        assert_eq!(components("..a/b..").as_deref(), Ok(&["..a", "b.."][..]));
        assert_eq!(components("1:x").as_deref(), Ok(&["1:x"][..]));
    }

    #[test]
    fn empty_and_nul_names_are_unreadable() {
        for name in ["", ".", "a\0b"] {
            assert!(
                matches!(components(name), Err(ProblemKind::Unreadable { .. })),
                "{name:?}"
            );
        }
    }

    #[test]
    fn one_top_level_folder_is_found() {
        let root = Root::Unknown.with(&["top", "a"]).with(&["top", "b", "c"]);
        assert_eq!(root.folder().as_deref(), Some("top"));
        let root = Root::Unknown.with(&["top", "a"]).with(&["other", "b"]);
        assert_eq!(root.folder(), None);
        let root = Root::Unknown.with(&["top", "a"]).with(&["b"]);
        assert_eq!(root.folder(), None);
    }

    #[test]
    fn zip_times_are_read_as_utc() {
        let Ok(time) = zip::DateTime::from_date_and_time(2024, 3, 5, 13, 7, 42) else {
            panic!("valid date");
        };
        let utc = to_utc(time).map(|t| t.to_rfc3339());
        assert_eq!(utc.as_deref(), Some("2024-03-05T13:07:42+00:00"));
    }
}
