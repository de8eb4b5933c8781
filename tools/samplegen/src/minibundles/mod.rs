//! Mini-bundles under `tests/bundles/<area>/<case>/`: the smallest realistic bundle that makes
//! one rule fail (or pass), for rules no full sample exercises. Rule files name them in
//! `tests: {invalid: [...], valid: [...]}`.

mod certificates;
mod events;
mod system;

use std::path::Path;

use crate::Result;

/// Writes every mini-bundle below `root` (the repository's `tests/bundles`).
pub fn write_all(root: &Path) -> Result<()> {
    certificates::write(&root.join("certificates"))?;
    system::write(&root.join("system"))?;
    events::write(&root.join("events"))?;
    Ok(())
}
