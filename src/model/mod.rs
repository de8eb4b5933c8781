//! The snapshot model: a vendor-neutral view of the server. Parsers fill it; rules read it.

mod certificate;
mod evidence;
mod registry;
mod server;
mod service;
mod spanned;

pub use certificate::Certificate;
pub use evidence::{
    EventLog, LogFile, LogKind, LogRecord, Manifest, ManifestFile, QuietChannel, SystemInfo,
    WinHttpProxy,
};
pub use registry::{RegData, RegKey, RegValue, canonical_key_path};
pub use server::{
    AdAccount, AppPool, Event, Feature, HttpRequest, IisApplication, IisBinding, IisConfig,
    IisSite, LocalGroup, Probe, ProxyBlob, RequestLimits, SslBinding, TimeStatus, UserRight,
};
pub use service::Service;
pub use spanned::Spanned;
mod build;
mod proxy_blob;

pub use proxy_blob::decode as decode_proxy_blob;
mod snapshot;

pub use build::{EvidenceSet, build, channel_from_command, channel_from_name, store_from_path};
pub use snapshot::{Meta, ProxyView, Snapshot, TimeSource, UserProxy};
pub mod facts;
pub mod schema;
