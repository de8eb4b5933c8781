//! The collector script and the hand-collection guide must name the same files, and the script
//! must never export a private key. No PowerShell is needed: both are read as text.
//!
//! Conventions (stated in both files): in `collector/collect-bundle.ps1` every written file is
//! the literal `-Path '...'` argument of a `Save-*` call; in `docs/collecting.md` every file is
//! named on a `# file: <path>` line. Placeholders such as `<THUMBPRINT>` compare as written.

use std::collections::BTreeSet;
use std::path::PathBuf;

use scepter::parse::{Evidence, Format, Outcome, ParseContext, parse_source};
use scepter::source::{Decoded, SourceMap, decode};

fn read(relative: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn script() -> String {
    read("collector/collect-bundle.ps1")
}

fn guide() -> String {
    read("docs/collecting.md")
}

/// The script's code: `<# ... #>` blocks and whole-line `#` comments removed, so that the help
/// text may mention anything without counting as a call.
fn code_lines(script: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut in_block = false;
    for line in script.lines() {
        let trimmed = line.trim();
        if in_block {
            in_block = !trimmed.contains("#>");
            continue;
        }
        if trimmed.starts_with("<#") {
            in_block = !trimmed.contains("#>");
            continue;
        }
        if trimmed.starts_with('#') {
            continue;
        }
        lines.push(line.to_string());
    }
    lines
}

/// Every `-Path '...'` literal of a `Save-*` call; panics on a call whose path is not a literal,
/// because such a file could not be compared with the guide.
fn script_files(script: &str) -> Vec<String> {
    let mut files = Vec::new();
    for line in code_lines(script) {
        let mut rest = line.as_str();
        while let Some(at) = rest.find("Save-") {
            let before = rest[..at].trim_end();
            let after = &rest[at + "Save-".len()..];
            let name_len = after
                .find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(after.len());
            let (name, args) = after.split_at(name_len);
            rest = args;
            if before.ends_with("function") {
                continue;
            }
            let literal = args
                .trim_start()
                .strip_prefix("-Path")
                .map(str::trim_start)
                .and_then(|a| a.strip_prefix('\''))
                .and_then(|a| a.split_once('\''))
                .map(|(path, _)| path);
            let Some(path) = literal else {
                panic!("Save-{name} without a literal -Path '...' as its first argument: {line}");
            };
            files.push(path.to_string());
        }
    }
    files
}

/// Every `# file: <path>` line of the guide.
fn guide_files(guide: &str) -> Vec<String> {
    guide
        .lines()
        .filter_map(|line| line.trim().strip_prefix("# file:"))
        .map(|path| path.trim().to_string())
        .collect()
}

#[test]
fn script_and_guide_name_the_same_files() {
    let script: BTreeSet<String> = script_files(&script()).into_iter().collect();
    let guide_list = guide_files(&guide());
    let guide: BTreeSet<String> = guide_list.iter().cloned().collect();
    assert_eq!(
        guide.len(),
        guide_list.len(),
        "a file is named twice in docs/collecting.md"
    );
    let only_script: Vec<_> = script.difference(&guide).collect();
    let only_guide: Vec<_> = guide.difference(&script).collect();
    assert!(
        only_script.is_empty() && only_guide.is_empty(),
        "only in the script: {only_script:?}\nonly in the guide: {only_guide:?}"
    );
    for expected in [
        "manifest.json",
        "probes.json",
        "collector-errors.txt",
        "registry/MSCEP.reg",
        "registry/InternetSettings-SYSTEM.reg",
        "registry/InternetSettings-CurrentUser.reg",
        "network/winhttp-proxy.txt",
        "certs/LocalMachine/My/<THUMBPRINT>.cer",
        "iis/applicationHost.config",
        "logs/NDESPolicyModule/<NAME>",
        "events/CertificateConnectors-Admin.evtx",
    ] {
        assert!(script.contains(expected), "{expected} is not collected");
    }
    assert!(script.len() > 50, "only {} files found", script.len());
}

#[test]
fn file_names_are_relative_and_slash_separated() {
    for path in script_files(&script()) {
        assert!(
            !path.contains('\\') && !path.starts_with('/') && !path.contains(".."),
            "{path}"
        );
        assert!(
            !path.contains(' '),
            "{path}: no spaces, they complicate hand commands"
        );
    }
}

#[test]
fn collecting_the_same_file_name_twice_is_deliberate() {
    // Only the legacy connector's two kinds of trace share a folder pattern.
    let files = script_files(&script());
    let mut seen = BTreeSet::new();
    let repeated: Vec<_> = files.iter().filter(|f| !seen.insert(*f)).collect();
    assert!(
        repeated
            .iter()
            .all(|f| *f == "logs/NDESConnectorSvc/<NAME>" || *f == "ad/ndes-service-account.json"),
        "{repeated:?}"
    );
}

#[test]
fn script_never_exports_a_private_key_or_handles_a_password() {
    for (name, text) in [("collect-bundle.ps1", script()), ("collecting.md", guide())] {
        let lower = text.to_lowercase();
        for forbidden in [
            "export-pfxcertificate",
            "exportpfx",
            "convertto-securestring",
            "get-credential",
        ] {
            assert!(!lower.contains(forbidden), "{name} contains {forbidden}");
        }
        for line in lower.lines().filter(|l| l.contains("certutil")) {
            assert!(
                !line.contains(" -p "),
                "{name}: certutil with a password: {line}"
            );
        }
    }
    let script = script();
    assert!(
        script.contains("-Type CERT"),
        "certificates must be exported as CERT"
    );
    let header = script.split("#>").next().unwrap_or_default();
    assert!(header.contains("No private keys"), "the header must say so");
}

#[test]
fn script_is_ascii_with_crlf_line_ends() {
    // Windows PowerShell 5.1 reads a script without BOM in the ANSI code page, and Notepad
    // before Windows Server 2019 shows LF-only files as one line.
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("collector/collect-bundle.ps1");
    let bytes = std::fs::read(path).unwrap();
    let line_of = |at: usize| bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
    let non_ascii = bytes.iter().position(|b| !b.is_ascii()).map(line_of);
    assert_eq!(non_ascii, None, "non-ASCII byte on line {non_ascii:?}");
    let bare_lf = bytes
        .iter()
        .enumerate()
        .position(|(at, b)| *b == b'\n' && (at == 0 || bytes[at - 1] != b'\r'))
        .map(line_of);
    assert_eq!(bare_lf, None, "line {bare_lf:?} ends without CR");
}

#[test]
fn guide_removes_passwords_with_the_scripts_expressions() {
    let script = script();
    let guide = guide();
    for variable in [
        "$PasswordAttribute = ",
        "$PasswordAttributeReplacement = ",
        "$PasswordInValue = ",
        "$PasswordInValueReplacement = ",
    ] {
        let literal = script
            .lines()
            .find_map(|l| l.trim().strip_prefix(variable))
            .unwrap_or_else(|| panic!("{variable} not found in the script"));
        assert!(
            literal.starts_with('\'') && guide.contains(literal),
            "the guide does not use {variable}{literal}"
        );
    }
}

#[test]
fn script_writes_the_documented_formats() {
    let script = script();
    for expected in [
        "format = 'scepter-probes/1'",
        "format        = 'scepter-bundle/1'",
        "$CollectorName = 'collect-bundle.ps1'",
        "$CollectorVersion = '1.1.0'",
        "Get-Date -Format o",
        "$PSVersionTable.PSVersion.ToString()",
    ] {
        assert!(script.contains(expected), "{expected}");
    }
}

/// Decodes bytes and parses them as the pipeline would.
fn parse_bytes(path: &str, bytes: &[u8]) -> Outcome {
    let mut map = SourceMap::new();
    let Decoded::Text { text, encoding } = decode(bytes) else {
        panic!("{path} should be text");
    };
    let source = map.add_text(path, text, encoding);
    parse_source(&source, &mut map.views(), &ParseContext::default())
}

fn utf16le_bom(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    bytes
}

/// A manifest laid out as Windows PowerShell 5.1 writes the script's (ConvertTo-Json of ordered
/// dictionaries, `Get-Date -Format o` with seven fractional digits, extra fields).
const SCRIPT_MANIFEST: &str = r#"{
    "format":  "scepter-bundle/1",
    "collected_at":  "2026-11-20T09:14:03.1234567+01:00",
    "host":  {
                 "name":  "NDES01",
                 "fqdn":  "ndes01.corp.contoso.com"
             },
    "external_fqdn":  "ndes.contoso.com",
    "collector":  {
                      "name":  "collect-bundle.ps1",
                      "version":  "1.1.0",
                      "powershell":  "5.1.17763.5830"
                  },
    "ran_as":  "CONTOSO\\admin",
    "files":  [
                  {
                      "path":  "registry/MSCEP.reg",
                      "command":  "reg export \"HKLM\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP\" \"registry\\MSCEP.reg\" /y"
                  },
                  {
                      "path":  "certs/LocalMachine/My/09E076F26EDC07CEA95ABB26FABBED89056B10E5.cer",
                      "command":  "Export-Certificate -Cert Cert:\\LocalMachine\\My\\09E076F26EDC07CEA95ABB26FABBED89056B10E5 -FilePath certs\\LocalMachine\\My\\09E076F26EDC07CEA95ABB26FABBED89056B10E5.cer -Type CERT",
                      "store":  "LocalMachine\\My"
                  }
              ],
    "errors":  [
                   {
                       "step":  "system/windowsfeatures.json",
                       "message":  "exit code 1"
                   }
               ],
    "skipped":  [

                ]
}"#;

#[test]
fn the_scripts_manifest_layout_is_read_by_scepter() {
    let outcome = parse_bytes("manifest.json", &utf16le_bom(SCRIPT_MANIFEST));
    let Outcome::Parsed { format, evidence } = outcome else {
        panic!("not parsed: {outcome:?}");
    };
    assert_eq!(format, Format::Manifest);
    let Evidence::Manifest(manifest) = *evidence else {
        panic!("not a manifest");
    };
    let at = manifest.collected_at.unwrap().value;
    assert_eq!(at.to_rfc3339(), "2026-11-20T09:14:03.123456700+01:00");
    assert_eq!(manifest.host_fqdn.unwrap().value, "ndes01.corp.contoso.com");
    assert_eq!(manifest.external_fqdn.unwrap().value, "ndes.contoso.com");
    assert_eq!(
        manifest.collector.unwrap().value,
        "collect-bundle.ps1 1.1.0"
    );
    assert_eq!(manifest.files.len(), 2);
    let cert = &manifest.files[1];
    assert_eq!(
        cert.path,
        "certs/LocalMachine/My/09E076F26EDC07CEA95ABB26FABBED89056B10E5.cer"
    );
    assert_eq!(cert.store.as_ref().unwrap().value, "LocalMachine\\My");
}

#[test]
fn the_guides_manifest_layout_is_read_by_scepter() {
    // PowerShell 7 writes UTF-8 without BOM and no `files`.
    let text = r#"{
  "format": "scepter-bundle/1",
  "collected_at": "2026-11-20T09:14:03.1234567+01:00",
  "host": {
    "name": "NDES01",
    "fqdn": "ndes01.corp.contoso.com"
  },
  "external_fqdn": "ndes.contoso.com",
  "collector": {
    "name": "docs/collecting.md",
    "version": "1.1.0",
    "powershell": "7.4.6"
  },
  "ran_as": "CONTOSO\\admin"
}"#;
    let Outcome::Parsed { evidence, .. } = parse_bytes("manifest.json", text.as_bytes()) else {
        panic!("not parsed");
    };
    let Evidence::Manifest(manifest) = *evidence else {
        panic!("not a manifest");
    };
    assert_eq!(
        manifest.collector.unwrap().value,
        "docs/collecting.md 1.1.0"
    );
    assert!(manifest.files.is_empty());
}
