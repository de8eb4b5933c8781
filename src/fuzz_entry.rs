//! One entry point per fuzz target, shared by `cargo fuzz` (nightly) and the corpus replay
//! test that runs on stable, so both exercise exactly the same code.

use std::sync::Arc;

use crate::parse::{self, ParseContext};
use crate::source::{Decoded, Source, SourceId, SourceMap, decode};

/// The fuzz targets, by name.
pub const TARGETS: &[&str] = &[
    "bundle_zip",
    "decode",
    "sniff",
    "reg",
    "regquery",
    "proxy_blob",
    "winhttp",
    "sslcert",
    "services",
    "win32service",
    "sc",
    "servicecsv",
    "systeminfo",
    "computerinfo",
    "features",
    "localgroup",
    "secedit",
    "aduser",
    "setspn",
    "w32tm",
    "probes",
    "manifest",
    "textlog",
    "svclog",
    "w3c",
    "winevent",
    "wevtutil",
    "evtx",
    "iis",
    "cert_der",
    "cert_pem",
    "certutil",
    "certjson",
    "pkcs7",
    "pkcs12",
];

/// Feeds `data` to the parser behind `target`. Must never panic, whatever `data` is.
pub fn fuzz_one(target: &str, data: &[u8]) {
    let mut sources = SourceMap::new();
    let text = match decode(data) {
        Decoded::Text { text, .. } => text,
        Decoded::Binary => String::from_utf8_lossy(data).into_owned(),
    };
    let source = Source::text(SourceId(0), "fuzz/input.log", text, None);
    let binary = sources.add_binary("fuzz/input.bin", Arc::from(data));
    let context = ParseContext {
        pfx_passwords: vec!["password".to_string()],
        ..ParseContext::default()
    };
    match target {
        "bundle_zip" => drop(crate::bundle::open_zip_bytes(
            "fuzz.zip",
            data,
            &crate::bundle::Limits::default(),
        )),
        "decode" => drop(decode(data)),
        "sniff" => {
            drop(parse::parse_source(&source, &mut sources.views(), &context));
            drop(parse::parse_source(&binary, &mut sources.views(), &context));
        }
        "reg" => drop(parse::reg::parse(&source)),
        "regquery" => drop(parse::regquery::parse(&source)),
        "proxy_blob" => {
            if let Ok(keys) = parse::reg::parse(&source) {
                for key in &keys {
                    for value in &key.values {
                        drop(crate::model::decode_proxy_blob(
                            &key.path.value,
                            value,
                            &source,
                        ));
                    }
                }
            }
        }
        "winhttp" => drop(parse::winhttp::parse(&source)),
        "sslcert" => drop(parse::sslcert::parse(&source)),
        "services" => drop(parse::services::parse(&source)),
        "win32service" => drop(parse::win32service::parse(&source)),
        "sc" => drop(parse::sc::parse(&source)),
        "servicecsv" => drop(parse::servicecsv::parse(&source)),
        "systeminfo" => drop(parse::systeminfo::parse(&source)),
        "computerinfo" => drop(parse::computerinfo::parse(&source)),
        "features" => drop(parse::features::parse(&source)),
        "localgroup" => drop(parse::localgroup::parse(&source)),
        "secedit" => drop(parse::secedit::parse(&source)),
        "aduser" => drop(parse::aduser::parse(&source)),
        "setspn" => drop(parse::setspn::parse(&source)),
        "w32tm" => drop(parse::w32tm::parse(&source)),
        "probes" => drop(parse::probes::parse(&source)),
        "manifest" => drop(parse::manifest::parse(&source)),
        "textlog" => drop(parse::textlog::parse(&source)),
        "svclog" => drop(parse::svclog::parse(&source)),
        "w3c" => drop(parse::w3c::parse(&source)),
        "winevent" => drop(parse::winevent::parse(&source)),
        "wevtutil" => drop(parse::wevtutil::parse(&source)),
        "evtx" => drop(parse::evtx::parse(&binary, &mut sources.views())),
        "iis" => drop(parse::iis::parse(&source)),
        "cert_der" => drop(parse::cert::parse_der(&binary, &mut sources.views())),
        "cert_pem" => drop(parse::cert::parse_pem(&source, &mut sources.views())),
        "certutil" => drop(parse::certutil::parse(&source)),
        "certjson" => drop(parse::certjson::parse(&source)),
        "pkcs7" => {
            drop(parse::pkcs::parse_pkcs7(&binary, &mut sources.views()));
            drop(parse::pkcs::parse_pkcs7(&source, &mut sources.views()));
        }
        "pkcs12" => drop(parse::pkcs::parse_pkcs12(
            &binary,
            &mut sources.views(),
            &context,
        )),
        _ => {}
    }
}
