//! The hard limits that keep a hostile bundle from exhausting memory.

/// Hard limits applied while reading a bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Most entries read from one bundle (files, symlinks and refused entries; not folders).
    pub max_entries: usize,
    /// Most bytes one entry may inflate to.
    pub max_entry_bytes: u64,
    /// Most bytes the whole bundle may inflate to.
    pub max_total_bytes: u64,
    /// Highest compression ratio (uncompressed / compressed) accepted for a zip entry, once it
    /// has inflated past `ratio_floor_bytes`.
    pub max_ratio: u64,
    /// Inflated size below which `max_ratio` is not applied (1 MiB by default): small text
    /// files such as a log full of one repeated line legitimately compress past 200:1, and
    /// holding a few of them costs nothing, whereas a bomb only hurts once it is large.
    pub ratio_floor_bytes: u64,
    /// Deepest folder nesting accepted.
    pub max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_entries: 10_000,
            max_entry_bytes: 256 * 1024 * 1024,
            max_total_bytes: 1024 * 1024 * 1024,
            max_ratio: 200,
            ratio_floor_bytes: 1024 * 1024,
            max_depth: 32,
        }
    }
}
