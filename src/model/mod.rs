//! The snapshot model: a vendor-neutral view of the server. Parsers fill it; rules read it.

mod certificate;
mod evidence;
mod registry;
mod service;
mod spanned;

pub use certificate::Certificate;
pub use evidence::{LogRecord, Manifest, ManifestFile, SystemInfo, WinHttpProxy};
pub use registry::{RegData, RegKey, RegValue, canonical_key_path};
pub use service::Service;
pub use spanned::Spanned;
mod build;
mod snapshot;

pub use build::{EvidenceSet, build, store_from_path};
pub use snapshot::{Meta, ProxyView, Snapshot, TimeSource, UserProxy};
pub mod facts;
pub mod schema;
