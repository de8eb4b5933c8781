//! Decoding the binary proxy settings Windows keeps in the registry
//! (`Connections\DefaultConnectionSettings`, `SavedLegacySettings`, `WinHttpSettings`).

use super::{ProxyBlob, RegValue};
use crate::source::Source;

/// Decodes a proxy blob value; each decoded field spans the hex bytes it came from in
/// `source` (the file the value was read from).
pub fn decode(_key: &str, _value: &RegValue, _source: &Source) -> Option<ProxyBlob> {
    None
}
