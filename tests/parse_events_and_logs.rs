//! The event and log parsers on their fixtures: `Get-WinEvent` JSON, `wevtutil` text, `.evtx`,
//! `.svclog` traces, IIS W3C logs and text logs, through content sniffing, with values and
//! spans; and malformed copies of them.

use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset};
use scepter::model::{Event, LogRecord};
use scepter::parse::{Evidence, Format, Outcome, ParseContext, parse_source};
use scepter::source::{Decoded, Origin, Source, SourceMap, Span, TextEncoding, decode};

fn fixture_path(format: &str, name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(format)
        .join(name)
}

/// A file's bytes through decoding and parsing, as the pipeline does it.
struct Parsed {
    map: SourceMap,
    source: Arc<Source>,
    outcome: Outcome,
}

impl Parsed {
    fn of_bytes(path: &str, bytes: &[u8]) -> Parsed {
        let mut map = SourceMap::new();
        let source = match decode(bytes) {
            Decoded::Text { text, encoding } => map.add_text(path, text, encoding),
            Decoded::Binary => map.add_binary(path, Arc::from(bytes)),
        };
        let outcome = parse_source(&source, &mut map.views(), &ParseContext::default());
        Parsed {
            map,
            source,
            outcome,
        }
    }

    fn of(format: &str, name: &str) -> Parsed {
        let bytes = std::fs::read(fixture_path(format, name)).unwrap();
        Parsed::of_bytes(&format!("{format}/{name}"), &bytes)
    }

    fn evidence(&self, expected: Format) -> &Evidence {
        match &self.outcome {
            Outcome::Parsed { format, evidence } => {
                assert_eq!(*format, expected, "{}", self.source.path);
                evidence
            }
            other => panic!("{}: {other:?}", self.source.path),
        }
    }

    fn events(&self, expected: Format) -> &[Event] {
        match self.evidence(expected) {
            Evidence::Events(events) => events,
            other => panic!("{other:?}"),
        }
    }

    fn log(&self, expected: Format) -> &[LogRecord] {
        match self.evidence(expected) {
            Evidence::Log(_, records) => records,
            other => panic!("{other:?}"),
        }
    }

    fn unreadable(&self, expected: Format) -> &scepter::parse::ParseError {
        match &self.outcome {
            Outcome::Unreadable { format, error } => {
                assert_eq!(*format, expected);
                error
            }
            other => panic!("{}: {other:?}", self.source.path),
        }
    }

    /// The text a span covers, in whichever source (file or decoded view) it points into.
    fn slice(&self, span: Option<Span>) -> &str {
        let span = span.expect("a located value");
        self.map.get(span.source).unwrap().slice(span)
    }

    /// 1-based line and column of a span's start.
    fn line_col(&self, span: Option<Span>) -> (usize, usize) {
        let span = span.expect("a located value");
        self.map.get(span.source).unwrap().line_col(span.start)
    }
}

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn text_of<T: Clone>(value: &Option<scepter::model::Spanned<T>>) -> T {
    value.as_ref().expect("a value").value.clone()
}

// ---------------------------------------------------------------------------------------------
// Get-WinEvent | ConvertTo-Json

#[test]
fn winevent_select_windows_powershell() {
    let parsed = Parsed::of("get-winevent-json", "admin-select-ps51.json");
    assert_eq!(parsed.source.encoding, Some(TextEncoding::Utf16LeBom));
    let events = parsed.events(Format::WinEventJson);
    assert_eq!(events.len(), 5);
    let first = &events[0];
    assert_eq!(first.file, "get-winevent-json/admin-select-ps51.json");
    assert_eq!(first.id.value, 4001);
    assert_eq!(parsed.slice(first.id.span), "4001");
    assert_eq!(parsed.line_col(first.id.span), (4, 16));
    let time = first.time.as_ref().unwrap();
    // PowerShell 5.1 keeps milliseconds only.
    assert_eq!(time.value, at("2026-11-20T08:14:05.412Z"));
    assert_eq!(parsed.slice(time.span), r"\/Date(1795162445412)\/");
    assert_eq!(text_of(&first.level), "Error");
    assert_eq!(parsed.slice(first.level.as_ref().unwrap().span), "Error");
    assert_eq!(
        text_of(&first.channel),
        "Microsoft-Intune-CertificateConnectors/Admin"
    );
    assert_eq!(
        text_of(&first.provider),
        "Microsoft-Intune-CertificateConnectors"
    );
    let message = first.message.as_ref().unwrap();
    assert!(message.value.contains(
        "\r\nError: The requested certificate template is not supported by this CA. 0x80094800"
    ));
    assert!(
        parsed
            .slice(message.span)
            .starts_with("ScepRequestIssuedFailure: ")
    );
    assert_eq!(parsed.line_col(first.record.span), (2, 5));
    assert!(first.record.value.ends_with('}'));

    // Missing provider resources: no display name, no message; the level from the number.
    let last = &events[4];
    assert_eq!(last.id.value, 1000);
    assert_eq!(last.message, None);
    assert_eq!(text_of(&last.level), "Information");
    assert_eq!(parsed.slice(last.level.as_ref().unwrap().span), "4");
}

#[test]
fn winevent_select_powershell_7() {
    let parsed = Parsed::of("get-winevent-json", "admin-select-ps7.json");
    assert_eq!(parsed.source.encoding, Some(TextEncoding::Utf8));
    let events = parsed.events(Format::WinEventJson);
    assert_eq!(events.len(), 5);
    let time = events[0].time.as_ref().unwrap();
    assert_eq!(time.value, at("2026-11-20T08:14:05.4120331Z"));
    assert_eq!(parsed.slice(time.span), "2026-11-20T09:14:05.4120331+01:00");
    assert_eq!(parsed.line_col(time.span), (3, 21));
    assert_eq!(
        events[2].time.as_ref().unwrap().value,
        at("2026-11-20T08:01:33.123Z")
    );
    let message = &events[2].message.as_ref().unwrap().value;
    assert!(message.starts_with(
        "Failed to send request to Intune service.\r\nException: System.Net.WebException"
    ));
}

#[test]
fn winevent_full_objects_in_both_layouts() {
    for name in ["application-full-ps51.json", "application-full-ps7.json"] {
        let parsed = Parsed::of("get-winevent-json", name);
        let events = parsed.events(Format::WinEventJson);
        assert_eq!(events.len(), 3, "{name}");
        let submit = &events[0];
        assert_eq!(submit.id.value, 31);
        assert_eq!(
            text_of(&submit.provider),
            "Microsoft-Windows-NetworkDeviceEnrollmentService"
        );
        assert_eq!(text_of(&submit.channel), "Application");
        assert_eq!(text_of(&submit.level), "Error");
        assert_eq!(
            submit.time.as_ref().unwrap().value,
            at("2026-11-20T08:12:44.512Z")
        );
        assert!(text_of(&submit.message).starts_with(
            "The Network Device Enrollment Service cannot submit the certificate request"
        ));
        // The whole object, nested `Properties` and `UserId` included.
        assert!(submit.record.value.contains("\"Properties\""));
        assert!(
            submit
                .record
                .value
                .contains("S-1-5-21-3623811015-3361044348-30300820-1105")
        );
        assert_eq!(
            parsed.line_col(submit.record.span),
            (2, if name.contains("ps51") { 5 } else { 3 })
        );
        let crash = &events[1];
        assert_eq!(
            (crash.id.value, text_of(&crash.provider).as_str()),
            (1000, "Application Error")
        );
        assert!(text_of(&crash.message).contains("Exception code: 0xc0000005"));
        assert_eq!(events[2].id.value, 2);
    }
}

#[test]
fn winevent_cut_mid_object_is_unreadable() {
    let bytes = std::fs::read(fixture_path("get-winevent-json", "admin-select-ps7.json")).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let cut = &text[..text
        .find("\"ProviderName\": \"Microsoft-Intune-CertificateConnectors\",\r\n    \"LogName\"")
        .unwrap()
        + 30];
    let parsed = Parsed::of_bytes("cut.json", cut.as_bytes());
    let error = parsed.unreadable(Format::WinEventJson);
    assert!(
        error.reason.starts_with("not valid JSON"),
        "{}",
        error.reason
    );
    assert!(error.reason.contains("line 7"), "{}", error.reason);
    assert_eq!(parsed.line_col(error.span).0, 7);
}

// ---------------------------------------------------------------------------------------------
// wevtutil qe /f:text

#[test]
fn wevtutil_old_local_dates_utf16() {
    let parsed = Parsed::of("wevtutil-text", "application-local-ps51.txt");
    assert_eq!(parsed.source.encoding, Some(TextEncoding::Utf16LeBom));
    let events = parsed.events(Format::WevtutilText);
    assert_eq!(events.len(), 3);
    let submit = &events[0];
    assert_eq!(submit.id.value, 31);
    assert_eq!(parsed.line_col(submit.id.span), (5, 13));
    // Local time without a zone is read as UTC: the server was at UTC+1.
    let time = submit.time.as_ref().unwrap();
    assert_eq!(time.value, at("2026-11-20T09:12:44.512Z"));
    assert_eq!(parsed.slice(time.span), "2026-11-20T09:12:44.512");
    assert_eq!(text_of(&submit.level), "Error");
    assert_eq!(
        text_of(&submit.provider),
        "Microsoft-Windows-NetworkDeviceEnrollmentService"
    );
    let crash = &events[1];
    let message = crash.message.as_ref().unwrap();
    assert!(
        message
            .value
            .starts_with("Faulting application name: w3wp.exe")
    );
    assert!(
        message
            .value
            .ends_with("Faulting module path: C:\\Windows\\SYSTEM32\\ntdll.dll")
    );
    assert_eq!(message.value.lines().count(), 7);
    assert_eq!(parsed.line_col(message.span), (29, 1));
    assert!(crash.record.value.starts_with("Event[1]:"));
}

#[test]
fn wevtutil_new_utc_dates_utf8() {
    let parsed = Parsed::of("wevtutil-text", "admin-utc.txt");
    assert_eq!(parsed.source.encoding, Some(TextEncoding::Utf8));
    let events = parsed.events(Format::WevtutilText);
    assert_eq!(events.len(), 5);
    let first = &events[0];
    assert_eq!(first.id.value, 4001);
    assert_eq!(
        first.time.as_ref().unwrap().value,
        at("2026-11-20T08:14:05.4120331Z")
    );
    assert_eq!(
        text_of(&first.channel),
        "Microsoft-Intune-CertificateConnectors/Admin"
    );
    assert_eq!(text_of(&first.message).lines().count(), 3);
    let last = &events[4];
    assert_eq!(
        text_of(&last.message),
        "The description for Event ID 1000 from source Microsoft-Intune-CertificateConnectors cannot be found."
    );
}

// ---------------------------------------------------------------------------------------------
// .evtx

fn evtx_bytes() -> Vec<u8> {
    std::fs::read(fixture_path(
        "evtx",
        "Microsoft-Intune-CertificateConnectors%4Admin.evtx",
    ))
    .unwrap()
}

const FILE_HEADER: usize = 4096;
const CHUNK: usize = 65536;

/// The last record number of chunk `n`, from its header.
fn last_record_of_chunk(bytes: &[u8], n: usize) -> u64 {
    let at = FILE_HEADER + n * CHUNK + 16;
    u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap())
}

#[test]
fn evtx_records_point_into_a_decoded_view() {
    let bytes = evtx_bytes();
    let parsed = Parsed::of_bytes("events/Admin.evtx", &bytes);
    let events = parsed.events(Format::Evtx);
    assert_eq!(events.len(), 130);
    assert!(
        last_record_of_chunk(&bytes, 0) < 130,
        "the fixture spans two chunks"
    );

    let first = &events[0];
    assert_eq!(first.file, "events/Admin.evtx");
    let view = parsed.map.get(first.id.span.unwrap().source).unwrap();
    assert_eq!(view.origin, Origin::DecodedView);
    assert_eq!(view.display_name(), "events/Admin.evtx (decoded)");
    assert!(view.text.starts_with(
        "Record 1 — 2026-11-19 08:00:03 UTC — Information — Microsoft-Intune-CertificateConnectors/Admin — Event ID 4000\n"
    ), "{}", &view.text[..200]);
    assert_eq!(first.id.value, 4000);
    assert_eq!(parsed.slice(first.id.span), "4000");
    let time = first.time.as_ref().unwrap();
    assert_eq!(time.value, at("2026-11-19T08:00:03.1234567Z"));
    assert_eq!(parsed.slice(time.span), "2026-11-19 08:00:03 UTC");
    assert_eq!(
        parsed.slice(first.level.as_ref().unwrap().span),
        "Information"
    );
    assert_eq!(
        parsed.slice(first.channel.as_ref().unwrap().span),
        "Microsoft-Intune-CertificateConnectors/Admin"
    );
    let provider = first.provider.as_ref().unwrap();
    assert_eq!(provider.value, "Microsoft-Intune-CertificateConnectors");
    assert_eq!(parsed.line_col(provider.span), (2, 15));
    let message = first.message.as_ref().unwrap();
    assert!(message.value.starts_with("Message: ScepRequestSuccess: the certificate for the SCEP request was issued.\nTransactionId: "));
    assert_eq!(parsed.line_col(message.span), (4, 5));
    assert!(
        parsed
            .slice(message.span)
            .starts_with("Message: ScepRequestSuccess")
    );
    assert!(first.record.value.starts_with("Record 1 — "));
    assert!(
        first
            .record
            .value
            .contains("\n    Computer: NDES01.contoso.com\n")
    );

    let failure = &events[3];
    assert_eq!(
        (failure.id.value, text_of(&failure.level).as_str()),
        (4001, "Error")
    );
    let message = text_of(&failure.message);
    assert!(
        message.contains(
            "\nError: The requested certificate template is not supported by this CA. 0x80094800"
        ),
        "{message}"
    );
    // A multi-line value continues on indented lines of the view.
    assert!(
        view.text
            .contains("\n        Error: The requested certificate template")
    );

    let last = &events[129];
    assert_eq!(last.id.value, 4001);
    assert!(parsed.slice(last.record.span).starts_with("Record 130 — "));
    assert!(!view.text.contains("could not be read"));
}

#[test]
fn evtx_broken_second_chunk_keeps_the_first() {
    let mut bytes = evtx_bytes();
    let in_first = usize::try_from(last_record_of_chunk(&bytes, 0)).unwrap();
    // Overwrite the Binary XML of the second chunk's records (past its first record's header).
    let start = FILE_HEADER + CHUNK + 512 + 24;
    for byte in &mut bytes[start..start + 2000] {
        *byte = 0xEE;
    }
    let parsed = Parsed::of_bytes("broken.evtx", &bytes);
    let events = parsed.events(Format::Evtx);
    assert_eq!(events.len(), in_first);
    let view = parsed.map.get(events[0].id.span.unwrap().source).unwrap();
    let note = view.text.lines().last().unwrap();
    assert!(note.contains("could not be read: "), "{note}");
}

#[test]
fn evtx_with_nothing_readable_is_unreadable() {
    let mut bytes = evtx_bytes();
    for chunk in 0..2 {
        let at = FILE_HEADER + chunk * CHUNK;
        bytes[at..at + 8].copy_from_slice(b"NotChnk\0");
    }
    let parsed = Parsed::of_bytes("dead.evtx", &bytes);
    let error = parsed.unreadable(Format::Evtx);
    assert!(
        error.reason.starts_with(
            "no record of this .evtx file could be read: Failed to parse chunk number 0"
        ),
        "{}",
        error.reason
    );

    let truncated = &evtx_bytes()[..3000];
    let parsed = Parsed::of_bytes("short.evtx", truncated);
    let error = parsed.unreadable(Format::Evtx);
    assert!(
        error.reason.starts_with("not a readable .evtx file: "),
        "{}",
        error.reason
    );
}

// ---------------------------------------------------------------------------------------------
// .svclog

#[test]
fn svclog_traces_utf8_and_resaved_utf16() {
    for name in [
        "CertificateRegistrationPoint_2026-11-20_080133.svclog",
        "crp-resaved-utf16.svclog",
    ] {
        let parsed = Parsed::of("svclog", name);
        let records = parsed.log(Format::Svclog);
        assert_eq!(records.len(), 8, "{name}");
        let first = &records[0];
        assert_eq!(first.line, 1);
        assert_eq!(first.message.value, "VerifyRequest Started.");
        assert_eq!(parsed.slice(first.message.span), "VerifyRequest Started.");
        let time = first.time.as_ref().unwrap();
        assert_eq!(time.value, at("2026-11-20T08:01:33.1234567Z"));
        assert_eq!(parsed.slice(time.span), "2026-11-20T08:01:33.1234567Z");
        assert_eq!(text_of(&first.level), "info");
        assert_eq!(
            parsed.slice(first.level.as_ref().unwrap().span),
            "Information"
        );

        let signing = &records[5];
        assert_eq!(signing.line, 6);
        assert_eq!(text_of(&signing.level), "error");
        assert!(signing.message.value.starts_with("Signing certificate could not be retrieved. System.Security.Cryptography.CryptographicException: m_safeCertContext is an invalid handle."));

        let traced = &records[6];
        assert!(traced.message.value.starts_with("Cryptography Exception: ChallengeValidation.ValidationPhase1 <CertificateController.VerifyRequest>\nSystem.Security.Cryptography.CryptographicException, mscorlib"), "{}", traced.message.value);
        assert!(
            traced
                .message
                .value
                .contains("\nm_safeCertContext is an invalid handle.\n")
        );
        assert!(!traced.message.value.contains("msdn.microsoft.com"));
        assert!(
            parsed
                .slice(traced.message.span)
                .starts_with("<TraceData><DataItem>")
        );

        assert_eq!(
            records[7].message.value,
            "VerifyRequest Finished with status False"
        );
        assert_eq!(text_of(&records[7].level), "warning");
    }
}

#[test]
fn svclog_without_line_breaks() {
    let parsed = Parsed::of("svclog", "NDESConnector_2026-11-20_070133.svclog");
    let records = parsed.log(Format::Svclog);
    assert_eq!(records.len(), 3);
    assert!(records.iter().all(|r| r.line == 1));
    assert_eq!(
        records[1].message.value,
        "NDES Connector certificate could not be found"
    );
    assert_eq!(text_of(&records[1].level), "error");
    assert_eq!(parsed.line_col(records[1].message.span).0, 1);
    assert!(
        records[2]
            .message
            .value
            .ends_with("IssueDetails with the value 0x80004003")
    );
}

#[test]
fn svclog_bad_entity_is_unreadable_at_its_position() {
    let text = std::fs::read_to_string(fixture_path(
        "svclog",
        "CertificateRegistrationPoint_2026-11-20_080133.svclog",
    ))
    .unwrap();
    let broken = text.replace("&lt;", "&bogus;");
    let parsed = Parsed::of_bytes("broken.svclog", broken.as_bytes());
    let error = parsed.unreadable(Format::Svclog);
    assert!(
        error.reason.starts_with("not valid XML: "),
        "{}",
        error.reason
    );
    assert_eq!(parsed.line_col(error.span).0, 7);
    let offset = error.span.unwrap().start;
    assert!(parsed.source.text[offset..].starts_with("&bogus;"));
}

// ---------------------------------------------------------------------------------------------
// IIS W3C

#[test]
fn w3c_log_utf8_and_resaved_utf16() {
    for name in ["u_ex261120.log", "u_ex261120-resaved-utf16.log"] {
        let parsed = Parsed::of("iis-w3c-log", name);
        let records = parsed.log(Format::IisW3cLog);
        assert_eq!(records.len(), 8, "{name}");
        let first = &records[0];
        assert_eq!(first.line, 5);
        let time = first.time.as_ref().unwrap();
        assert_eq!(time.value, at("2026-11-20T08:00:12Z"));
        assert_eq!(parsed.slice(time.span), "2026-11-20 08:00:12");
        assert_eq!(first.level, None);
        let request = first.request.as_ref().unwrap();
        assert_eq!(text_of(&request.method), "GET");
        assert_eq!(
            text_of(&request.uri_stem),
            "/certsrv/mscep/mscep.dll/pkiclient.exe"
        );
        assert_eq!(
            text_of(&request.uri_query),
            "operation=GetCACaps&message=default"
        );
        assert_eq!(text_of(&request.status), 200);

        let verify = records[2].request.as_ref().unwrap();
        assert_eq!(
            text_of(&verify.uri_stem),
            "/CertificateRegistrationSvc/Certificate/VerifyRequest"
        );
        assert_eq!(verify.uri_query, None);
        assert_eq!(text_of(&verify.status), 201);

        let impersonation = &records[4];
        assert_eq!(text_of(&impersonation.level), "error");
        assert_eq!(
            text_of(&impersonation.request.as_ref().unwrap().win32_status),
            1346
        );

        let forbidden = &records[5];
        assert_eq!(text_of(&forbidden.level), "warning");
        let request = forbidden.request.as_ref().unwrap();
        assert_eq!(text_of(&request.substatus), 16);
        let win32 = request.win32_status.as_ref().unwrap();
        assert_eq!(win32.value, 2_148_204_809);
        assert_eq!(parsed.slice(win32.span), "2148204809");
        assert_eq!(parsed.line_col(win32.span), (10, 148));

        // After the restart, the extra `sc-bytes cs-bytes` fields do not shift the others.
        let after = &records[6];
        assert_eq!(after.line, 15);
        assert_eq!(
            after.time.as_ref().unwrap().value,
            at("2026-11-20T09:30:15Z")
        );
        let request = after.request.as_ref().unwrap();
        assert_eq!(
            (text_of(&request.status), text_of(&request.win32_status)),
            (500, 0)
        );
        assert_eq!(text_of(&after.level), "error");
        assert_eq!(parsed.slice(after.message.span), after.message.value);
    }
}

#[test]
fn w3c_line_cut_short_is_unreadable() {
    let text = std::fs::read_to_string(fixture_path("iis-w3c-log", "u_ex261120.log")).unwrap();
    let cut = &text[..text.len() - 12];
    let parsed = Parsed::of_bytes("u_ex.log", cut.as_bytes());
    let error = parsed.unreadable(Format::IisW3cLog);
    assert!(
        error
            .reason
            .contains("values but the `#Fields:` line (line 14) names 17"),
        "{}",
        error.reason
    );
    assert_eq!(parsed.line_col(error.span), (16, 1));
}

// ---------------------------------------------------------------------------------------------
// Text logs

#[test]
fn ndes_plugin_logs() {
    let parsed = Parsed::of("text-log", "ndesplugin-success.log");
    let records = parsed.log(Format::TextLog);
    let lines: Vec<&str> = records.iter().map(|r| r.message.value.as_str()).collect();
    assert_eq!(
        lines,
        [
            "Calling VerifyRequest ...",
            "Sending request to certificate registration point.",
            "Verify challenge returns true",
            "Exiting VerifyRequest with 0x0",
        ]
    );

    let parsed = Parsed::of("text-log", "ndesplugin-12175.log");
    let records = parsed.log(Format::TextLog);
    let failed = &records[3];
    assert_eq!(failed.line, 4);
    assert!(failed.message.value.ends_with("VerifyRequest. Error 12175"));
    assert_eq!(parsed.line_col(failed.message.span), (4, 1));
    // "Error 12175" is a message about an error code, not a level marker.
    assert_eq!(failed.level, None);
    assert_eq!(
        records[2].message.value,
        "WINHTTP_CALLBACK_STATUS_FLAG_CERT_CN_INVALID"
    );

    // Renamed to .txt and re-saved as UTF-16: recognized by its phrases.
    let parsed = Parsed::of("text-log", "ndesplugin-403-resaved.txt");
    assert_eq!(parsed.source.encoding, Some(TextEncoding::Utf16LeBom));
    let records = parsed.log(Format::TextLog);
    assert_eq!(records.len(), 5);
    assert!(
        records[2]
            .message
            .value
            .starts_with("Verify challenge returns <!DOCTYPE html")
    );
    assert_eq!(
        records[3].message.value,
        "<title>403 - Forbidden: Access is denied.</title>"
    );
}

#[test]
fn connector_installer_burn_log() {
    let parsed = Parsed::of("text-log", "connector-install-burn.log");
    let records = parsed.log(Format::TextLog);
    assert_eq!(records.len(), 10);
    let first = &records[0];
    assert_eq!(
        first.time.as_ref().unwrap().value,
        at("2026-11-20T10:41:55Z")
    );
    assert_eq!(
        parsed.slice(first.time.as_ref().unwrap().span),
        "2026-11-20T10:41:55"
    );
    assert_eq!(text_of(&first.level), "info");
    assert_eq!(text_of(&records[5].level), "warning");
    let failed = &records[6];
    assert_eq!(text_of(&failed.level), "error");
    assert_eq!(
        parsed.line_col(failed.level.as_ref().unwrap().span),
        (7, 33)
    );
    assert!(
        failed
            .message
            .value
            .ends_with("Error 0x80070643: Failed to install MSI package.")
    );
}
