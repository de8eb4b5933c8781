//! Mini-bundles of this area (filled in with the area's rules).

use std::path::Path;

use crate::Result;

/// Writes this area's mini-bundles.
pub fn write(_root: &Path) -> Result<()> {
    Ok(())
}
