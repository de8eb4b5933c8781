//! Reading a bundle folder.
//!
//! The tree is walked depth-first in name order (so "the first `max_entries` files" means the
//! same files on every run), without following symbolic links.

use std::fs::{self, File, Metadata};
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::collect::Collector;
use super::{Bundle, BundleError, BundleKind, Limits, ProblemKind};

/// Reads every file under `root` into memory.
pub fn read(root: &Path, limits: &Limits) -> Result<Bundle, BundleError> {
    let name = root.display().to_string();
    let top = list(root).map_err(|source| BundleError::Io {
        path: name.clone(),
        source,
    })?;
    let mut walk = Walk {
        collector: Collector::new(limits),
        files: 0,
        pending: Vec::new(),
    };
    walk.push_children(top, "");
    while let Some(entry) = walk.pending.pop() {
        walk.visit(&entry);
    }
    if walk.files > limits.max_entries {
        walk.collector.problem(
            None,
            ProblemKind::TooManyEntries {
                limit: limits.max_entries,
                total: walk.files,
            },
        );
    }
    Ok(walk.collector.finish(&name, BundleKind::Folder))
}

/// One folder entry waiting to be visited.
struct Pending {
    /// Where it is on disk.
    path: PathBuf,
    /// Its `/`-separated path relative to the bundle root.
    rel: String,
}

/// The state of one walk over a bundle folder.
struct Walk<'a> {
    collector: Collector<'a>,
    /// Non-folder entries met so far, including those past the limit.
    files: usize,
    /// Entries still to visit; the next one is at the end.
    pending: Vec<Pending>,
}

impl Walk<'_> {
    /// Queues a folder's children so they are visited in name order.
    fn push_children(&mut self, children: Vec<PathBuf>, parent: &str) {
        for path in children.into_iter().rev() {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let rel = if parent.is_empty() {
                name
            } else {
                format!("{parent}/{name}")
            };
            self.pending.push(Pending { path, rel });
        }
    }

    /// Descends into a folder, or reads or refuses anything else.
    fn visit(&mut self, entry: &Pending) {
        // `symlink_metadata` so that a link is seen as a link, never as what it points to.
        let metadata = fs::symlink_metadata(&entry.path);
        if let Ok(metadata) = &metadata
            && metadata.is_dir()
        {
            return self.descend(entry);
        }
        self.files = self.files.saturating_add(1);
        if self.files > self.collector.limits().max_entries {
            return;
        }
        match metadata {
            Ok(metadata) => self.read_file(entry, &metadata),
            Err(e) => self.unreadable(entry, &e),
        }
    }

    /// Queues a folder's children, unless it is too deep or cannot be listed.
    fn descend(&mut self, entry: &Pending) {
        let max_depth = self.collector.limits().max_depth;
        // Files inside a folder are nested as deep as the folder's own component count.
        if entry.rel.split('/').count() > max_depth {
            let kind = ProblemKind::TooDeep { limit: max_depth };
            return self.collector.problem(Some(&entry.rel), kind);
        }
        match list(&entry.path) {
            Ok(children) => self.push_children(children, &entry.rel),
            Err(e) => self.unreadable(entry, &e),
        }
    }

    /// Reads one non-folder entry, or records why it was refused.
    fn read_file(&mut self, entry: &Pending, metadata: &Metadata) {
        let file_type = metadata.file_type();
        if file_type.is_symlink() {
            return self
                .collector
                .problem(Some(&entry.rel), ProblemKind::Symlink);
        }
        if !file_type.is_file() {
            // Opening a FIFO or a device could block forever or never end.
            let reason = "not a regular file".to_owned();
            let kind = ProblemKind::Unreadable { reason };
            return self.collector.problem(Some(&entry.rel), kind);
        }
        if self.collector.has_path(&entry.rel) {
            return self
                .collector
                .problem(Some(&entry.rel), ProblemKind::DuplicatePath);
        }
        let mut file = match File::open(&entry.path) {
            Ok(file) => file,
            Err(e) => return self.unreadable(entry, &e),
        };
        let modified = metadata.modified().ok().map(DateTime::<Utc>::from);
        match self.collector.read_entry(&mut file, None) {
            Ok(bytes) => {
                let rel = entry.rel.clone();
                self.collector.add_file(&entry.rel, rel, bytes, modified);
            }
            Err(kind) => self.collector.problem(Some(&entry.rel), kind),
        }
    }

    /// Records an operating-system error on one entry.
    fn unreadable(&mut self, entry: &Pending, error: &io::Error) {
        let reason = error.to_string();
        let kind = ProblemKind::Unreadable { reason };
        self.collector.problem(Some(&entry.rel), kind);
    }
}

/// A folder's children, sorted by name.
fn list(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut children = fs::read_dir(dir)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<io::Result<Vec<_>>>()?;
    children.sort();
    Ok(children)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_read_with_relative_paths() {
        let Ok(tmp) = tempfile::tempdir() else {
            panic!("temp dir");
        };
        let dir = tmp.path();
        assert!(fs::create_dir_all(dir.join("Logs/Old")).is_ok());
        assert!(fs::write(dir.join("a.txt"), "a").is_ok());
        assert!(fs::write(dir.join("Logs/Old/b.log"), "b").is_ok());
        let Ok(bundle) = read(dir, &Limits::default()) else {
            panic!("readable folder");
        };
        let paths: Vec<&str> = bundle.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["Logs/Old/b.log", "a.txt"]);
        assert!(bundle.files.iter().all(|f| f.modified.is_some()));
        assert!(bundle.problems.is_empty());
    }

    #[test]
    fn folders_past_the_depth_limit_are_not_entered() {
        let Ok(tmp) = tempfile::tempdir() else {
            panic!("temp dir");
        };
        let dir = tmp.path();
        assert!(fs::create_dir_all(dir.join("a/b/c")).is_ok());
        assert!(fs::write(dir.join("a/b/ok.txt"), "ok").is_ok());
        assert!(fs::write(dir.join("a/b/c/deep.txt"), "deep").is_ok());
        let limits = Limits {
            max_depth: 2,
            ..Limits::default()
        };
        let Ok(bundle) = read(dir, &limits) else {
            panic!("readable folder");
        };
        let paths: Vec<&str> = bundle.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["a/b/ok.txt"]);
        assert_eq!(bundle.problems.len(), 1);
        assert_eq!(bundle.problems[0].path.as_deref(), Some("a/b/c"));
        assert_eq!(bundle.problems[0].kind, ProblemKind::TooDeep { limit: 2 });
    }

    #[test]
    fn a_missing_folder_is_an_error() {
        let got = read(Path::new("/definitely/not/here"), &Limits::default());
        assert!(matches!(got, Err(BundleError::Io { .. })));
    }
}
