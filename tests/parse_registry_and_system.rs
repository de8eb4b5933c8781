//! The registry-text and small system-text parsers on their fixtures: `reg query`, the proxy
//! blobs inside it, `netsh http show sslcert`, `net localgroup`, secedit user rights,
//! `setspn -L`, `w32tm /query /status` and `probes.json`.

use std::path::PathBuf;
use std::sync::Arc;

use scepter::model::{
    EvidenceSet, LocalGroup, Probe, RegData, RegKey, SslBinding, TimeStatus, UserRight, build,
    decode_proxy_blob,
};
use scepter::parse::{Evidence, Format, Outcome, ParseContext, parse_source};
use scepter::source::{Decoded, Source, SourceMap, TextEncoding, decode};

fn fixture_path(format: &str, name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(format)
        .join(name)
}

/// A fixture decoded and parsed, with the map its source lives in.
struct Read {
    map: SourceMap,
    source: Arc<Source>,
    outcome: Outcome,
}

fn read(format: &str, name: &str) -> Read {
    let bytes = std::fs::read(fixture_path(format, name)).unwrap();
    let Decoded::Text { text, encoding } = decode(&bytes) else {
        panic!("{format}/{name} is not text");
    };
    read_text(&format!("{format}/{name}"), text, encoding)
}

fn read_text(path: &str, text: String, encoding: TextEncoding) -> Read {
    let mut map = SourceMap::new();
    let source = map.add_text(path, text, encoding);
    let outcome = parse_source(&source, &mut map.views(), &ParseContext::default());
    Read {
        map,
        source,
        outcome,
    }
}

/// The fixture's text cut right after the first occurrence of `needle`.
fn cut_after(format: &str, name: &str, needle: &str) -> Read {
    let bytes = std::fs::read(fixture_path(format, name)).unwrap();
    let Decoded::Text { text, encoding } = decode(&bytes) else {
        panic!("not text");
    };
    let end = text.find(needle).unwrap() + needle.len();
    read_text(
        &format!("{format}/{name}"),
        text[..end].to_string(),
        encoding,
    )
}

fn evidence(read: &Read, expected: Format) -> &Evidence {
    match &read.outcome {
        Outcome::Parsed { format, evidence } => {
            assert_eq!(*format, expected, "{}", read.source.path);
            evidence
        }
        other => panic!("{}: {other:?}", read.source.path),
    }
}

/// The reason of an unreadable outcome, after checking its format.
fn unreadable(read: &Read, expected: Format) -> String {
    match &read.outcome {
        Outcome::Unreadable { format, error } => {
            assert_eq!(*format, expected);
            error.reason.clone()
        }
        other => panic!("{}: expected unreadable, got {other:?}", read.source.path),
    }
}

fn registry(read: &Read) -> &[RegKey] {
    match evidence(read, Format::RegQuery) {
        Evidence::Registry(keys) => keys,
        other => panic!("{other:?}"),
    }
}

fn data<'k>(keys: &'k [RegKey], key: &str, name: &str) -> &'k scepter::model::Spanned<RegData> {
    let key = keys.iter().find(|k| k.path.value == key).unwrap();
    let value = key.values.iter().find(|v| v.name.value == name).unwrap();
    value.data.as_ref().unwrap()
}

fn at(read: &Read, span: Option<scepter::source::Span>) -> (&str, (usize, usize)) {
    let span = span.unwrap();
    (read.source.slice(span), read.source.line_col(span.start))
}

/// Both encodings of a fixture parse to the same evidence (their texts are identical).
fn same_in_both_encodings(format: &str, stem: &str, ext: &str, expected: Format) -> Read {
    let utf16 = read(format, &format!("{stem}-utf16le.{ext}"));
    let utf8 = read(format, &format!("{stem}-utf8.{ext}"));
    assert_eq!(utf16.source.text, utf8.source.text);
    assert_eq!(evidence(&utf16, expected), evidence(&utf8, expected));
    utf16
}

// ---------------------------------------------------------------------------------------
// reg query

const MSCEP: &str = r"HKLM\SOFTWARE\Microsoft\Cryptography\MSCEP";

#[test]
fn reg_query_mscep() {
    let r = same_in_both_encodings("reg-query", "mscep", "txt", Format::RegQuery);
    let keys = registry(&r);
    let paths: Vec<&str> = keys.iter().map(|k| k.path.value.as_str()).collect();
    assert_eq!(
        paths,
        [
            MSCEP.to_string(),
            format!(r"{MSCEP}\CAType"),
            format!(r"{MSCEP}\CertsInMYStore"),
            format!(r"{MSCEP}\EnforcePassword"),
            format!(r"{MSCEP}\Modules"),
            format!(r"{MSCEP}\Modules\NDESPolicy"),
            format!(r"{MSCEP}\UseSinglePassword"),
        ]
    );
    assert_eq!(
        at(&r, keys[0].path.span),
        (
            r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Cryptography\MSCEP",
            (2, 1)
        )
    );
    let template = data(keys, MSCEP, "SignatureTemplate");
    assert_eq!(template.value, RegData::Sz("IntuneNDES".into()));
    assert_eq!(at(&r, template.span), ("IntuneNDES", (5, 36)));
    let ca_type = data(keys, &format!(r"{MSCEP}\CAType"), "");
    assert_eq!(ca_type.value, RegData::Dword(1));
    assert_eq!(at(&r, ca_type.span), ("0x1", (8, 31)));
    let default_name = &keys[1].values[0].name;
    assert_eq!(at(&r, default_name.span), ("(Default)", (8, 5)));
    let thumbprint = data(
        keys,
        &format!(r"{MSCEP}\Modules\NDESPolicy"),
        "NDESCertThumbprint",
    );
    assert_eq!(
        thumbprint.value,
        RegData::Sz("5A1C0F3E9B7D2468ACE013579BDF2468ACE01357".into())
    );
    assert!(keys[4].values.is_empty());
}

#[test]
fn reg_query_localized_default_trailer_and_unset_default() {
    let de = read("reg-query", "mscep-de-utf8.txt");
    let keys = registry(&de);
    assert_eq!(
        data(keys, &format!(r"{MSCEP}\CAType"), "").value,
        RegData::Dword(1)
    );
    assert_eq!(
        de.source.slice(keys[1].values[0].name.span.unwrap()),
        "(Standard)"
    );

    let find = same_in_both_encodings("reg-query", "mscep-find", "txt", Format::RegQuery);
    let keys = registry(&find);
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0].values.len(), 3);

    let unset = read("reg-query", "default-not-set-utf8.txt");
    let keys = registry(&unset);
    assert_eq!(keys.len(), 1);
    assert!(keys[0].values.is_empty());
}

#[test]
fn reg_query_every_type_and_subkey_listing() {
    let r = same_in_both_encodings("reg-query", "http-parameters", "txt", Format::RegQuery);
    let keys = registry(&r);
    // Without /s the subkeys are only listed: they are not keys with (no) values.
    assert_eq!(keys.len(), 1);
    let key = r"HKLM\SYSTEM\CurrentControlSet\Services\HTTP\Parameters";
    assert_eq!(
        data(keys, key, "MaxFieldLength").value,
        RegData::Dword(65534)
    );
    assert_eq!(
        data(keys, key, "Dependencies").value,
        RegData::MultiSz(vec!["RpcSs".into(), "HTTP".into()])
    );
    assert_eq!(
        at(&r, data(keys, key, "Dependencies").span),
        (r"RpcSs\0HTTP", (5, 37))
    );
    assert_eq!(
        data(keys, key, "Path").value,
        RegData::ExpandSz(r"%SystemRoot%\system32\drivers\HTTP.sys".into())
    );
    assert_eq!(
        data(keys, key, "InstallTime").value,
        RegData::Qword(0x01d9_f3a2_b4c5_d6e7)
    );
    assert_eq!(
        data(keys, key, "UrlAclVersion").value,
        RegData::Binary(vec![1, 0, 0, 0])
    );
    let empty = data(keys, key, "DisableServerHeader");
    assert_eq!(empty.value, RegData::Sz(String::new()));
    assert_eq!(at(&r, empty.span).0, "REG_SZ");
}

#[test]
fn reg_query_system_proxy_blobs() {
    let r = same_in_both_encodings("reg-query", "system-inet", "txt", Format::RegQuery);
    let keys = registry(&r);
    let settings = r"HKU\S-1-5-18\Software\Microsoft\Windows\CurrentVersion\Internet Settings";
    // REG_SZ data keeps its trailing space.
    assert_eq!(
        data(keys, settings, "MimeExclusionListForCache").value,
        RegData::Sz("multipart/mixed multipart/x-mixed-replace multipart/x-byteranges ".into())
    );
    let connections = keys
        .iter()
        .find(|k| k.path.value == format!(r"{settings}\Connections"))
        .unwrap();
    let blob = |name: &str| {
        let value = connections
            .values
            .iter()
            .find(|v| v.name.value == name)
            .unwrap();
        decode_proxy_blob(&connections.path.value, value, &r.source).unwrap()
    };
    let current = blob("DefaultConnectionSettings");
    assert_eq!(current.version.as_ref().unwrap().value, 0x46);
    assert_eq!(current.flags.value, 0x0b);
    assert_eq!(at(&r, current.flags.span).0, "0B000000");
    let proxy = current.proxy.as_ref().unwrap();
    assert_eq!(proxy.value, "proxy.corp.contoso.com:8080");
    assert_eq!(
        at(&r, proxy.span),
        (
            "70726F78792E636F72702E636F6E746F736F2E636F6D3A38303830",
            (25, 80)
        )
    );
    assert_eq!(
        current.bypass.as_ref().unwrap().value,
        "<local>;*.corp.contoso.com"
    );
    assert_eq!(current.autoconfig_url, None);
    // Remembered but inactive: the proxy bit is clear, the strings are still there.
    let saved = blob("SavedLegacySettings");
    assert_eq!(saved.flags.value, 0x09);
    assert_eq!(saved.proxy.unwrap().value, "proxy.corp.contoso.com:8080");

    // The snapshot gives SYSTEM's view the decoded blob.
    let snapshot = build(
        EvidenceSet {
            items: vec![(r.source.path.clone(), Evidence::Registry(keys.to_vec()))],
            ..EvidenceSet::default()
        },
        &r.map,
    );
    let system = &snapshot.proxy.users[0];
    assert!(system.is_system);
    assert!(system.enabled.value);
    assert_eq!(system.connection.as_ref().unwrap().flags.value, 0x0b);
}

#[test]
fn reg_query_machine_winhttp_settings() {
    let r = same_in_both_encodings("reg-query", "connections-machine", "txt", Format::RegQuery);
    let keys = registry(&r).to_vec();
    let snapshot = build(
        EvidenceSet {
            items: vec![(r.source.path.clone(), Evidence::Registry(keys))],
            ..EvidenceSet::default()
        },
        &r.map,
    );
    let winhttp = snapshot.proxy.winhttp_registry.unwrap();
    assert_eq!(winhttp.value_name, "WinHttpSettings");
    assert_eq!(winhttp.version.as_ref().unwrap().value, 0x28);
    assert_eq!(winhttp.flags.value, 3);
    let proxy = winhttp.proxy.unwrap();
    assert_eq!(proxy.value, "proxy.corp.contoso.com:8080");
    assert_eq!(r.source.line_col(proxy.span.unwrap().start), (3, 70));
    assert_eq!(winhttp.bypass.unwrap().value, "<local>;*.corp.contoso.com");
    assert_eq!(winhttp.autoconfig_url, None);
}

#[test]
fn reg_query_cut_off_is_unreadable() {
    // Cut inside the binary data: an odd number of hex digits.
    let r = cut_after(
        "reg-query",
        "system-inet-utf8.txt",
        "REG_BINARY    460000000C0",
    );
    let reason = unreadable(&r, Format::RegQuery);
    assert!(reason.contains("odd number of digits"), "{reason}");
    assert!(reason.contains("DefaultConnectionSettings"), "{reason}");
    // Cut inside a value line, before its type.
    let r = cut_after("reg-query", "mscep-utf16le.txt", "    SignatureTempl");
    let reason = unreadable(&r, Format::RegQuery);
    assert!(reason.contains("cut off"), "{reason}");
}

// ---------------------------------------------------------------------------------------
// netsh http show sslcert

fn bindings(read: &Read) -> &[SslBinding] {
    match evidence(read, Format::NetshHttpSslcert) {
        Evidence::SslBindings(b) => b,
        other => panic!("{other:?}"),
    }
}

const IIS_HASH: &str = "3F2A9C41D07BE5186C4F0B2E9A7D3C58E1F60B94";
const IIS_APP_ID: &str = "{4dc3e181-e14b-4a21-b022-59fc669b0914}";

#[test]
fn sslcert_2019() {
    let r = same_in_both_encodings(
        "netsh-http-sslcert",
        "2019",
        "txt",
        Format::NetshHttpSslcert,
    );
    let b = bindings(&r);
    assert_eq!(b.len(), 1);
    assert_eq!(b[0].endpoint.value, "0.0.0.0:443");
    assert_eq!(at(&r, b[0].endpoint.span), ("0.0.0.0:443", (5, 36)));
    assert_eq!(b[0].cert_hash.value, IIS_HASH);
    assert_eq!(
        at(&r, b[0].cert_hash.span),
        ("3f2a9c41d07be5186c4f0b2e9a7d3c58e1f60b94", (6, 36))
    );
    assert_eq!(b[0].app_id.as_ref().unwrap().value, IIS_APP_ID);
    assert_eq!(b[0].store.as_ref().unwrap().value, "MY");
}

#[test]
fn sslcert_2022_ip_sni_and_ccs() {
    let r = same_in_both_encodings(
        "netsh-http-sslcert",
        "2022",
        "txt",
        Format::NetshHttpSslcert,
    );
    let b = bindings(&r);
    let endpoints: Vec<&str> = b.iter().map(|b| b.endpoint.value.as_str()).collect();
    assert_eq!(endpoints, ["0.0.0.0:443", "ndes.contoso.com:443", "443"]);
    assert_eq!(b[1].cert_hash.value, IIS_HASH);
    assert_eq!(b[1].store.as_ref().unwrap().value, "My");
    assert_eq!(r.source.line_col(b[1].endpoint.span.unwrap().start).0, 29);
    // Central Certificate Store: no hash, store `(null)`.
    assert_eq!(b[2].cert_hash.value, "");
    assert_eq!(b[2].cert_hash.span, None);
    assert_eq!(b[2].store, None);
    assert_eq!(b[2].app_id.as_ref().unwrap().value, IIS_APP_ID);
}

#[test]
fn sslcert_2025_extended_properties_and_empty() {
    let r = same_in_both_encodings(
        "netsh-http-sslcert",
        "2025",
        "txt",
        Format::NetshHttpSslcert,
    );
    let b = bindings(&r);
    assert_eq!(b.len(), 1);
    assert_eq!(b[0].endpoint.value, "[::]:443");
    let empty = same_in_both_encodings(
        "netsh-http-sslcert",
        "empty",
        "txt",
        Format::NetshHttpSslcert,
    );
    assert!(bindings(&empty).is_empty());
}

#[test]
fn sslcert_cut_off_is_unreadable() {
    let r = cut_after(
        "netsh-http-sslcert",
        "2022-utf8.txt",
        "Hostname:port                : ndes.contoso.com:443",
    );
    let reason = unreadable(&r, Format::NetshHttpSslcert);
    assert!(
        reason.contains("`ndes.contoso.com:443` has no `Certificate Hash`"),
        "{reason}"
    );
    let r = cut_after(
        "netsh-http-sslcert",
        "2019-utf16le.txt",
        "Certificate Hash             : 3f2a9c",
    );
    let reason = unreadable(&r, Format::NetshHttpSslcert);
    assert!(reason.contains("not a SHA-1 thumbprint"), "{reason}");
}

// ---------------------------------------------------------------------------------------
// net localgroup

fn group(read: &Read) -> &LocalGroup {
    match evidence(read, Format::NetLocalgroup) {
        Evidence::LocalGroup(g) => g,
        other => panic!("{other:?}"),
    }
}

fn members(group: &LocalGroup) -> Vec<&str> {
    group.members.iter().map(|m| m.value.as_str()).collect()
}

#[test]
fn localgroup_english_and_german() {
    for lang in ["en", "de"] {
        let stem = format!("iis-iusrs-{lang}");
        let r = same_in_both_encodings("net-localgroup", &stem, "txt", Format::NetLocalgroup);
        let g = group(&r);
        assert_eq!(g.name.value, "IIS_IUSRS");
        assert_eq!(at(&r, g.name.span), ("IIS_IUSRS", (1, 16)));
        assert_eq!(members(g), [r"CONTOSO\svc-ndes", r"NT AUTHORITY\IUSR"]);
        assert_eq!(at(&r, g.members[0].span), (r"CONTOSO\svc-ndes", (7, 1)));
    }
    let admins = read("net-localgroup", "administrators-en-utf8.txt");
    let g = group(&admins);
    assert_eq!(g.name.value, "Administrators");
    assert_eq!(
        members(g),
        [
            "Administrator",
            r"CONTOSO\Domain Admins",
            r"CONTOSO\pki-admins"
        ]
    );
    let empty = read("net-localgroup", "iis-iusrs-empty-utf8.txt");
    assert!(group(&empty).members.is_empty());
}

#[test]
fn localgroup_cut_off_is_unreadable() {
    let r = cut_after(
        "net-localgroup",
        "iis-iusrs-de-utf16le.txt",
        r"NT AUTHORITY\IUSR",
    );
    let reason = unreadable(&r, Format::NetLocalgroup);
    assert!(reason.contains("cut off"), "{reason}");
    let r = cut_after("net-localgroup", "iis-iusrs-en-utf8.txt", &"-".repeat(79));
    let reason = unreadable(&r, Format::NetLocalgroup);
    assert!(
        reason.contains("nothing after the line of dashes"),
        "{reason}"
    );
}

// ---------------------------------------------------------------------------------------
// secedit

fn rights(read: &Read) -> &[UserRight] {
    match evidence(read, Format::SeceditRights) {
        Evidence::UserRights(r) => r,
        other => panic!("{other:?}"),
    }
}

#[test]
fn secedit_user_rights() {
    let r = same_in_both_encodings(
        "secedit-user-rights",
        "rights",
        "inf",
        Format::SeceditRights,
    );
    let all = rights(&r);
    assert_eq!(all.len(), 31);
    let impersonate = all
        .iter()
        .find(|r| r.privilege.value == "SeImpersonatePrivilege")
        .unwrap();
    let holders: Vec<&str> = impersonate
        .holders
        .iter()
        .map(|h| h.value.as_str())
        .collect();
    assert_eq!(
        holders,
        [
            "S-1-5-19",
            "S-1-5-20",
            "S-1-5-32-544",
            "S-1-5-6",
            "IIS_IUSRS"
        ]
    );
    assert_eq!(
        at(&r, impersonate.privilege.span),
        ("SeImpersonatePrivilege", (32, 1))
    );
    assert_eq!(at(&r, impersonate.holders[4].span), ("IIS_IUSRS", (32, 69)));
    let service = all
        .iter()
        .find(|r| r.privilege.value == "SeServiceLogonRight")
        .unwrap();
    assert_eq!(
        service.holders[1].value,
        "S-1-5-21-1004336348-1177238915-682003330-1112"
    );
}

#[test]
fn secedit_cut_off_is_unreadable() {
    let r = cut_after(
        "secedit-user-rights",
        "rights-utf16le.inf",
        "SeImpersonatePriv",
    );
    let reason = unreadable(&r, Format::SeceditRights);
    assert!(
        reason.contains("malformed line `SeImpersonatePriv`"),
        "{reason}"
    );
    let r = cut_after("secedit-user-rights", "rights-utf8.inf", "Revision=1");
    let reason = unreadable(&r, Format::SeceditRights);
    assert!(reason.contains("no `[Privilege Rights]`"), "{reason}");
}

// ---------------------------------------------------------------------------------------
// setspn -L

#[test]
fn setspn_list() {
    let r = same_in_both_encodings("setspn-list", "svc-ndes", "txt", Format::SetspnList);
    let Evidence::AdAccounts(accounts) = evidence(&r, Format::SetspnList) else {
        panic!()
    };
    let account = &accounts[0];
    assert_eq!(account.sam_account_name.value, "svc-ndes");
    assert_eq!(at(&r, account.sam_account_name.span), ("svc-ndes", (1, 41)));
    let spns: Vec<&str> = account.spns.iter().map(|s| s.value.as_str()).collect();
    assert_eq!(
        spns,
        [
            "HTTP/ndes01.corp.contoso.com",
            "HTTP/ndes01",
            "HTTP/ndes.contoso.com"
        ]
    );
    assert_eq!(
        at(&r, account.spns[2].span),
        ("HTTP/ndes.contoso.com", (4, 2))
    );

    let none = read("setspn-list", "no-spns-utf8.txt");
    let Evidence::AdAccounts(accounts) = evidence(&none, Format::SetspnList) else {
        panic!()
    };
    assert_eq!(accounts[0].sam_account_name.value, "svc-pkcs");
    assert!(accounts[0].spns.is_empty());
}

#[test]
fn setspn_cut_off_is_unreadable() {
    let r = cut_after("setspn-list", "svc-ndes-utf8.txt", "OU=Service Acc");
    let reason = unreadable(&r, Format::SetspnList);
    assert!(reason.contains("cut off"), "{reason}");
}

// ---------------------------------------------------------------------------------------
// w32tm /query /status

fn time_status(read: &Read) -> &TimeStatus {
    match evidence(read, Format::W32tmStatus) {
        Evidence::TimeStatus(s) => s,
        other => panic!("{other:?}"),
    }
}

#[test]
fn w32tm_synced_free_running_and_cmos() {
    let r = same_in_both_encodings("w32tm-status", "synced", "txt", Format::W32tmStatus);
    let s = time_status(&r);
    assert_eq!(
        at(&r, s.source.as_ref().unwrap().span),
        ("DC01.corp.contoso.com", (8, 9))
    );
    assert_eq!(s.stratum.as_ref().unwrap().value, 4);
    let sync = s.last_sync.as_ref().unwrap();
    assert_eq!(sync.value.to_rfc3339(), "2026-11-20T08:55:12+00:00");
    assert_eq!(at(&r, sync.span), ("11/20/2026 8:55:12 AM", (7, 28)));
    assert_eq!(s.leap_indicator.as_ref().unwrap().value, "0(no warning)");

    let r = same_in_both_encodings("w32tm-status", "free-running", "txt", Format::W32tmStatus);
    let s = time_status(&r);
    assert_eq!(
        s.source.as_ref().unwrap().value,
        "Free-running System Clock"
    );
    assert_eq!(
        s.leap_indicator.as_ref().unwrap().value,
        "3(not synchronized)"
    );
    assert_eq!(s.last_sync, None);

    let r = read("w32tm-status", "local-cmos-utf8.txt");
    let s = time_status(&r);
    assert_eq!(s.source.as_ref().unwrap().value, "Local CMOS Clock");
    assert_eq!(
        s.last_sync.as_ref().unwrap().value.to_rfc3339(),
        "2026-11-20T14:31:05+00:00"
    );
}

#[test]
fn w32tm_cut_off_is_unreadable() {
    let r = cut_after(
        "w32tm-status",
        "synced-utf16le.txt",
        "Last Successful Sync Time",
    );
    let reason = unreadable(&r, Format::W32tmStatus);
    assert!(reason.contains("no `Source:` line"), "{reason}");
}

// ---------------------------------------------------------------------------------------
// probes.json

fn probes(read: &Read) -> &[Probe] {
    match evidence(read, Format::ProbesJson) {
        Evidence::Probes(p) => p,
        other => panic!("{other:?}"),
    }
}

#[test]
fn probes_in_both_powershell_layouts() {
    let ps51 = read("probes-json", "probes-ps51.json");
    let ps7 = read("probes-json", "probes-ps7.json");
    for r in [&ps51, &ps7] {
        let p = probes(r);
        assert_eq!(p.len(), 5);
        let caps = &p[1];
        assert_eq!(caps.kind.value, "http");
        assert_eq!(
            caps.target.value,
            "https://ndes01.corp.contoso.com/certsrv/mscep/mscep.dll?operation=GetCACaps&message=test"
        );
        assert!(caps.ok.value);
        assert_eq!(caps.status.as_ref().unwrap().value, 200);
        assert!(
            caps.detail
                .as_ref()
                .unwrap()
                .value
                .starts_with("POSTPKIOperation\nRenewal\n")
        );
        let system = caps.as_system.as_ref().unwrap();
        assert!(system.value);
        assert_eq!(at(r, system.span).0, "SYSTEM");
        let tcp = &p[3];
        assert_eq!(tcp.target.value, "autoupdate.msappproxy.net:443");
        assert!(!tcp.ok.value);
        assert_eq!(tcp.status, None);
        assert_eq!(tcp.detail.as_ref().unwrap().value, "timed out after 5 s");
        assert_eq!(p[4].detail, None);
    }
    // PS 5.1 escapes `&`, and the span shows the file as written.
    let target = &probes(&ps51)[1].target;
    assert!(
        at(&ps51, target.span)
            .0
            .ends_with(r"GetCACaps\u0026message=test")
    );
    assert_eq!(at(&ps51, target.span).1, (14, 36));
    let target = &probes(&ps7)[1].target;
    assert!(at(&ps7, target.span).0.ends_with("GetCACaps&message=test"));
    assert_eq!(at(&ps7, target.span).1, (14, 18));
}

#[test]
fn probes_cut_off_is_unreadable() {
    let r = cut_after("probes-json", "probes-ps7.json", "\"kind\": \"tcp\"");
    let reason = unreadable(&r, Format::ProbesJson);
    assert!(reason.contains("not valid JSON"), "{reason}");
}

// ---------------------------------------------------------------------------------------
// Content decides: renamed files are still recognized.

#[test]
fn renamed_files_are_sniffed_by_content() {
    for (format, name, expected) in [
        ("reg-query", "mscep-utf8.txt", Format::RegQuery),
        (
            "netsh-http-sslcert",
            "2022-utf8.txt",
            Format::NetshHttpSslcert,
        ),
        (
            "net-localgroup",
            "iis-iusrs-de-utf8.txt",
            Format::NetLocalgroup,
        ),
        (
            "secedit-user-rights",
            "rights-utf16le.inf",
            Format::SeceditRights,
        ),
        ("setspn-list", "svc-ndes-utf8.txt", Format::SetspnList),
        ("w32tm-status", "synced-utf8.txt", Format::W32tmStatus),
        ("probes-json", "probes-ps51.json", Format::ProbesJson),
    ] {
        let bytes = std::fs::read(fixture_path(format, name)).unwrap();
        let Decoded::Text { text, encoding } = decode(&bytes) else {
            panic!()
        };
        let r = read_text("renamed/output.log", text, encoding);
        assert!(
            matches!(r.outcome, Outcome::Parsed { format, .. } if format == expected),
            "{format}/{name}: {:?}",
            r.outcome
        );
    }
}
