//! Regenerates the sample bundles under `samples/` and the parser fixtures under
//! `tests/fixtures/`.
//!
//! Everything is deterministic (seeded keys, fixed serials, dates and text), so two
//! runs produce byte-identical files and snapshot tests can rely on them.

mod bundle;
mod der;
mod fixtures;
mod inet;
mod json;
mod keys;
mod minibundles;
mod msilog;
mod pki;
mod png;
mod reg;
mod samples;
mod winfmt;

use std::path::Path;

/// The generator's error type: it is a developer tool, so any error just gets printed.
pub type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn main() -> Result<()> {
    let repo_root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let samples_dir = repo_root.join("samples");
    std::fs::create_dir_all(&samples_dir)?;
    samples::write_all(&samples_dir)?;
    println!("wrote samples to {}", samples_dir.display());
    let fixtures_dir = repo_root.join("tests/fixtures");
    fixtures::write_all(&fixtures_dir)?;
    println!("wrote parser fixtures to {}", fixtures_dir.display());
    let bundles_dir = repo_root.join("tests/bundles");
    minibundles::write_all(&bundles_dir)?;
    println!("wrote mini-bundles to {}", bundles_dir.display());
    Ok(())
}
