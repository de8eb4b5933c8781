//! Reading a bundle folder.

use std::path::Path;

use super::{Bundle, BundleError, Limits};

/// Reads every file under `root` into memory.
pub fn read(_root: &Path, _limits: &Limits) -> Result<Bundle, BundleError> {
    unimplemented!()
}
