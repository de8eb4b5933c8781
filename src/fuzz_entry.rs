//! One entry point per fuzz target, shared by `cargo fuzz` (nightly) and the corpus replay
//! test that runs on stable, so both exercise exactly the same code.

use std::sync::Arc;

use crate::source::{Decoded, SourceId, SourceMap, decode};

/// The fuzz targets, by name.
pub const TARGETS: &[&str] = &[
    "bundle_zip",
    "decode",
    "reg",
    "winhttp",
    "services",
    "systeminfo",
    "manifest",
    "textlog",
    "cert_der",
    "cert_pem",
];

/// Feeds `data` to the parser behind `target`. Must never panic, whatever `data` is.
pub fn fuzz_one(target: &str, data: &[u8]) {
    let mut sources = SourceMap::new();
    let text = match decode(data) {
        Decoded::Text { text, .. } => text,
        Decoded::Binary => String::from_utf8_lossy(data).into_owned(),
    };
    let source = crate::source::Source::text(SourceId(0), "fuzz/input.log", text, None);
    match target {
        "bundle_zip" => {
            let _ =
                crate::bundle::open_zip_bytes("fuzz.zip", data, &crate::bundle::Limits::default());
        }
        "decode" => {
            let _ = decode(data);
        }
        "reg" => {
            let _ = crate::parse::reg::parse(&source);
        }
        "winhttp" => {
            let _ = crate::parse::winhttp::parse(&source);
        }
        "services" => {
            let _ = crate::parse::services::parse(&source);
        }
        "systeminfo" => {
            let _ = crate::parse::systeminfo::parse(&source);
        }
        "manifest" => {
            let _ = crate::parse::manifest::parse(&source);
        }
        "textlog" => {
            let _ = crate::parse::textlog::parse(&source);
        }
        "cert_der" => {
            let binary = sources.add_binary("fuzz/input.cer", Arc::from(data));
            let _ = crate::parse::cert::parse_der(&binary, &mut sources.views());
        }
        "cert_pem" => {
            let _ = crate::parse::cert::parse_pem(&source, &mut sources.views());
        }
        _ => {}
    }
}
