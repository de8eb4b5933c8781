//! What folder and zip reading share: reading one entry under the limits, and gathering the
//! files and problems of a bundle.

use std::cell::Cell;
use std::collections::HashSet;
use std::io::{ErrorKind, Read};
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::{Bundle, BundleFile, BundleKind, BundleProblem, Limits, ProblemKind};

/// How much is inflated between two limit checks: it bounds how far past a limit we read.
const CHUNK: usize = 64 * 1024;

/// Gathers the files and problems of one bundle while enforcing the limits.
pub(super) struct Collector<'a> {
    limits: &'a Limits,
    files: Vec<BundleFile>,
    problems: Vec<BundleProblem>,
    total_bytes: u64,
    paths: HashSet<String>,
    chunk: Vec<u8>,
}

impl<'a> Collector<'a> {
    /// An empty collector for one bundle.
    pub(super) fn new(limits: &'a Limits) -> Self {
        Collector {
            limits,
            files: Vec::new(),
            problems: Vec::new(),
            total_bytes: 0,
            paths: HashSet::new(),
            chunk: vec![0; CHUNK],
        }
    }

    /// The limits this bundle is read under.
    pub(super) fn limits(&self) -> &'a Limits {
        self.limits
    }

    /// Records that the entry named `raw` (or the bundle, for `None`) was not read.
    pub(super) fn problem(&mut self, raw: Option<&str>, kind: ProblemKind) {
        self.problems.push(BundleProblem {
            path: raw.map(str::to_owned),
            kind,
        });
    }

    /// Whether a file was already read at `path` (a later entry with that path is refused,
    /// so that a path names one content only).
    pub(super) fn has_path(&self, path: &str) -> bool {
        self.paths.contains(path)
    }

    /// Reads `reader` to its end under the per-entry, total and ratio limits.
    ///
    /// `compressed` counts the compressed bytes consumed so far for a zip entry; the ratio is
    /// measured against it rather than against the header, which may lie.
    pub(super) fn read_entry(
        &mut self,
        reader: &mut dyn Read,
        compressed: Option<&Cell<u64>>,
    ) -> Result<Vec<u8>, ProblemKind> {
        let mut bytes = Vec::new();
        loop {
            let n = match reader.read(&mut self.chunk) {
                Ok(0) => return Ok(bytes),
                Ok(n) => n,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => {
                    return Err(ProblemKind::Unreadable {
                        reason: e.to_string(),
                    });
                }
            };
            let Some(read) = self.chunk.get(..n) else {
                return Err(ProblemKind::Unreadable {
                    reason: "the reader returned more bytes than asked".to_owned(),
                });
            };
            bytes.extend_from_slice(read);
            let inflated = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
            self.check(inflated, compressed.map(Cell::get))?;
        }
    }

    /// Checks an entry that has inflated to `inflated` bytes so far.
    fn check(&self, inflated: u64, compressed: Option<u64>) -> Result<(), ProblemKind> {
        let limits = self.limits;
        if inflated > limits.max_entry_bytes {
            return Err(ProblemKind::EntryTooLarge {
                limit: limits.max_entry_bytes,
            });
        }
        if self.total_bytes.saturating_add(inflated) > limits.max_total_bytes {
            return Err(ProblemKind::TotalTooLarge {
                limit: limits.max_total_bytes,
            });
        }
        if let Some(compressed) = compressed
            && inflated > limits.ratio_floor_bytes
            && inflated > compressed.max(1).saturating_mul(limits.max_ratio)
        {
            return Err(ProblemKind::CompressionRatio {
                limit: limits.max_ratio,
            });
        }
        Ok(())
    }

    /// Keeps a file read by [`Collector::read_entry`], unless another file has its path.
    pub(super) fn add_file(
        &mut self,
        raw: &str,
        path: String,
        bytes: Vec<u8>,
        modified: Option<DateTime<Utc>>,
    ) {
        if self.has_path(&path) {
            self.problem(Some(raw), ProblemKind::DuplicatePath);
            return;
        }
        let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
        self.total_bytes = self.total_bytes.saturating_add(size);
        self.paths.insert(path.clone());
        self.files.push(BundleFile {
            path,
            bytes: Arc::from(bytes),
            modified,
        });
    }

    /// The bundle gathered so far.
    pub(super) fn finish(self, name: &str, kind: BundleKind) -> Bundle {
        Bundle {
            name: name.to_owned(),
            kind,
            files: self.files,
            problems: self.problems,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small_limits() -> Limits {
        Limits {
            max_entry_bytes: 100,
            max_total_bytes: 250,
            ratio_floor_bytes: 10,
            max_ratio: 5,
            ..Limits::default()
        }
    }

    #[test]
    fn an_entry_past_the_entry_limit_is_refused() {
        let limits = small_limits();
        let mut collector = Collector::new(&limits);
        let got = collector.read_entry(&mut &[b'x'; 101][..], None);
        assert_eq!(got, Err(ProblemKind::EntryTooLarge { limit: 100 }));
    }

    #[test]
    fn the_total_counts_kept_files_only() {
        let limits = small_limits();
        let mut collector = Collector::new(&limits);
        for (i, expected_ok) in [true, true, false].into_iter().enumerate() {
            let got = collector.read_entry(&mut &[b'x'; 100][..], None);
            assert_eq!(got.is_ok(), expected_ok, "entry {i}");
            if let Ok(bytes) = got {
                collector.add_file("raw", format!("f{i}"), bytes, None);
            }
        }
        // 50 bytes are still free.
        assert!(collector.read_entry(&mut &[b'x'; 50][..], None).is_ok());
    }

    #[test]
    fn the_ratio_applies_above_the_floor_only() {
        let limits = small_limits();
        let mut collector = Collector::new(&limits);
        let compressed = Cell::new(1);
        assert!(
            collector
                .read_entry(&mut &[0; 10][..], Some(&compressed))
                .is_ok()
        );
        assert_eq!(
            collector.read_entry(&mut &[0; 11][..], Some(&compressed)),
            Err(ProblemKind::CompressionRatio { limit: 5 })
        );
        compressed.set(3);
        assert!(
            collector
                .read_entry(&mut &[0; 15][..], Some(&compressed))
                .is_ok()
        );
    }

    #[test]
    fn a_second_file_with_the_same_path_is_a_problem() {
        let limits = Limits::default();
        let mut collector = Collector::new(&limits);
        collector.add_file("a\\b", "a/b".to_owned(), vec![1], None);
        collector.add_file("a/b", "a/b".to_owned(), vec![2], None);
        let bundle = collector.finish("x", BundleKind::Zip);
        assert_eq!(bundle.files.len(), 1);
        assert_eq!(
            bundle.problems,
            vec![BundleProblem {
                path: Some("a/b".to_owned()),
                kind: ProblemKind::DuplicatePath
            }]
        );
    }
}
