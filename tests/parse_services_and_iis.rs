//! The services, system and IIS parsers on their fixtures (`tests/fixtures/<format>/`):
//! detected format, values and spans, plus damaged inputs that must be unreadable, not panics.

use std::path::Path;
use std::sync::Arc;

use scepter::model::{AdAccount, Feature, IisConfig, RequestLimits, Service, Spanned, SystemInfo};
use scepter::parse::{Evidence, Format, Outcome, ParseContext, parse_source};
use scepter::source::{Decoded, Source, SourceMap, TextEncoding, decode};

/// A fixture, decoded and parsed as the pipeline does.
struct Parsed {
    source: Arc<Source>,
    outcome: Outcome,
}

fn fixture(format: &str, name: &str) -> Parsed {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(format)
        .join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let Decoded::Text { text, encoding } = decode(&bytes) else {
        panic!("{} is not text", path.display());
    };
    parse_text(&format!("{format}/{name}"), text, encoding)
}

fn parse_text(path: &str, text: String, encoding: TextEncoding) -> Parsed {
    let mut map = SourceMap::new();
    let source = map.add_text(path, text, encoding);
    let outcome = parse_source(&source, &mut map.views(), &ParseContext::default());
    Parsed { source, outcome }
}

impl Parsed {
    fn evidence(&self, expected: Format) -> &Evidence {
        match &self.outcome {
            Outcome::Parsed { format, evidence } => {
                assert_eq!(*format, expected, "{}", self.source.path);
                evidence
            }
            other => panic!("{}: {other:?}", self.source.path),
        }
    }

    fn services(&self, expected: Format) -> &[Service] {
        match self.evidence(expected) {
            Evidence::Services(services) => services,
            other => panic!("not services: {other:?}"),
        }
    }

    /// The reason of an `Unreadable` outcome of the expected format.
    fn unreadable(&self, expected: Format) -> String {
        match &self.outcome {
            Outcome::Unreadable { format, error } => {
                assert_eq!(*format, expected);
                error.reason.clone()
            }
            other => panic!("{}: expected unreadable, got {other:?}", self.source.path),
        }
    }

    /// Checks a value's span covers `text` on `line`; returns its column.
    fn at<T>(&self, value: &Spanned<T>, text: &str, line: usize) -> usize {
        let span = value.span.expect("spanned");
        assert_eq!(self.source.slice(span), text, "{}", self.source.path);
        let (at_line, column) = self.source.line_col(span.start);
        assert_eq!(at_line, line, "line of `{text}` in {}", self.source.path);
        column
    }

    /// The fixture's text cut to its first `fraction` (in chars), parsed again.
    fn truncated(&self, keep: f64) -> Parsed {
        let chars = self.source.text.chars().count();
        let cut: String = self
            .source
            .text
            .chars()
            .take((chars as f64 * keep) as usize)
            .collect();
        parse_text("truncated", cut, TextEncoding::Utf8)
    }
}

fn named<'a>(services: &'a [Service], name: &str) -> &'a Service {
    services
        .iter()
        .find(|s| s.name.value == name)
        .unwrap_or_else(|| panic!("no service {name}"))
}

fn value<T: Clone>(field: &Option<Spanned<T>>) -> T {
    field.as_ref().expect("present").value.clone()
}

// ----------------------------------------------------------------------------------------
// Win32_Service JSON

#[test]
fn win32_service_select_object_ps51() {
    let parsed = fixture("win32-service-json", "ps51-select.json");
    assert_eq!(parsed.source.encoding, Some(TextEncoding::Utf16LeBom));
    let services = parsed.services(Format::Win32ServiceJson);
    assert_eq!(services.len(), 4);
    let pfx = named(services, "PFXCertificateConnectorSvc");
    assert_eq!(parsed.at(&pfx.name, "PFXCertificateConnectorSvc", 3), 19);
    let status = pfx.status.as_ref().unwrap();
    assert_eq!(status.value, "StartPending");
    assert_eq!(parsed.at(status, "Start Pending", 5), 20);
    let start = pfx.start_type.as_ref().unwrap();
    assert_eq!(start.value, "Automatic", "delayed start is still Automatic");
    parsed.at(start, "Auto", 6);
    assert_eq!(value(&pfx.account), "LocalSystem");
    let revoke = named(services, "PkiRevokeConnectorSvc");
    assert_eq!(value(&revoke.status), "Stopped");
    assert_eq!(value(&revoke.start_type), "Disabled");
    let account = revoke.account.as_ref().unwrap();
    assert_eq!(account.value, "CONTOSO\\svc-intunecon");
    parsed.at(account, "CONTOSO\\\\svc-intunecon", 16);
    let http = named(services, "HTTP");
    assert_eq!(value(&http.start_type), "Manual");
    assert_eq!(http.account, None, "a driver's StartName is null");
}

#[test]
fn win32_service_single_object_ps7() {
    let parsed = fixture("win32-service-json", "ps7-select-one.json");
    assert_eq!(parsed.source.encoding, Some(TextEncoding::Utf8));
    let services = parsed.services(Format::Win32ServiceJson);
    assert_eq!(services.len(), 1);
    let revoke = &services[0];
    assert_eq!(revoke.name.value, "PkiRevokeConnectorSvc");
    assert_eq!(
        value(&revoke.display_name),
        "PKI Revoke Connector for Microsoft Intune"
    );
    parsed.at(revoke.start_type.as_ref().unwrap(), "Disabled", 5);
}

#[test]
fn win32_service_without_select_object_ignores_the_cim_noise() {
    let parsed = fixture("win32-service-json", "ps51-cim-full.json");
    let services = parsed.services(Format::Win32ServiceJson);
    let names: Vec<&str> = services.iter().map(|s| s.name.value.as_str()).collect();
    assert_eq!(
        names,
        ["PFXCertificateConnectorSvc", "PkiRevokeConnectorSvc"]
    );
    let pfx = &services[0];
    // `Status` is WMI's health ("OK"); the state is `State`.
    let status = pfx.status.as_ref().unwrap();
    assert_eq!(status.value, "StartPending");
    let line = parsed.source.line_col(status.span.unwrap().start).0;
    assert!(
        parsed
            .source
            .text
            .lines()
            .nth(line - 1)
            .unwrap()
            .starts_with("        \"State\""),
        "the top-level State, not a nested CimInstanceProperties entry"
    );
    assert_eq!(value(&pfx.start_type), "Automatic");
    assert_eq!(value(&pfx.account), "LocalSystem");
}

#[test]
fn win32_service_cut_mid_object_is_unreadable() {
    let parsed = fixture("win32-service-json", "ps51-select.json").truncated(0.6);
    let reason = parsed.unreadable(Format::Win32ServiceJson);
    assert!(reason.starts_with("not valid JSON"), "{reason}");
}

// ----------------------------------------------------------------------------------------
// sc.exe

#[test]
fn sc_qc_and_query_of_one_service_merge() {
    let parsed = fixture("sc-text", "qc-and-query-ps51.txt");
    assert_eq!(parsed.source.encoding, Some(TextEncoding::Utf16LeBom));
    let services = parsed.services(Format::ScText);
    assert_eq!(
        services.len(),
        2,
        "qc + query of the PFX service are one service"
    );
    let pfx = named(services, "PFXCertificateConnectorSvc");
    assert_eq!(parsed.at(&pfx.name, "PFXCertificateConnectorSvc", 3), 15);
    let start = pfx.start_type.as_ref().unwrap();
    assert_eq!(start.value, "Automatic");
    assert_eq!(parsed.at(start, "2   AUTO_START  (DELAYED)", 5), 30);
    let status = pfx.status.as_ref().unwrap();
    assert_eq!(status.value, "Stopped");
    parsed.at(status, "1  STOPPED", 17);
    parsed.at(pfx.account.as_ref().unwrap(), "LocalSystem", 12);
    parsed.at(
        pfx.display_name.as_ref().unwrap(),
        "PFX Certificate Connector for Microsoft Intune",
        10,
    );
    let w3svc = named(services, "W3SVC");
    assert_eq!(value(&w3svc.start_type), "Automatic");
    assert_eq!(w3svc.status, None, "only `sc qc` of W3SVC was captured");
}

#[test]
fn sc_queryex_missing_service_and_disabled_one() {
    let parsed = fixture("sc-text", "queryex-and-qc-cmd.txt");
    assert_eq!(parsed.source.encoding, Some(TextEncoding::Utf8));
    let services = parsed.services(Format::ScText);
    let names: Vec<&str> = services.iter().map(|s| s.name.value.as_str()).collect();
    // NDESConnectorSvc failed with 1060: it yields no service.
    assert_eq!(names, ["W3SVC", "PkiRevokeConnectorSvc"]);
    let w3svc = &services[0];
    assert_eq!(value(&w3svc.status), "Running");
    parsed.at(w3svc.status.as_ref().unwrap(), "4  RUNNING", 4);
    let revoke = &services[1];
    assert_eq!(value(&revoke.start_type), "Disabled");
    assert_eq!(value(&revoke.account), "CONTOSO\\svc-intunecon");
}

#[test]
fn sc_enumeration_with_french_prose() {
    let parsed = fixture("sc-text", "query-fr-utf8.txt");
    let services = parsed.services(Format::ScText);
    assert_eq!(services.len(), 1);
    let certsvc = &services[0];
    let display = certsvc.display_name.as_ref().unwrap();
    assert_eq!(display.value, "Services de certificats Active Directory");
    assert_eq!(
        parsed.at(display, &display.value, 3),
        15,
        "column-0 DISPLAY_NAME"
    );
    assert_eq!(value(&certsvc.status), "Running");
    assert_eq!(value(&certsvc.start_type), "Manual");
}

#[test]
fn sc_only_failures_is_read_as_no_service() {
    let text = "[SC] OpenService FAILED 1060:\r\n\r\nThe specified service does not exist as an installed service.\r\n\r\n";
    let parsed = parse_text("sc.txt", text.to_string(), TextEncoding::Utf8);
    assert!(parsed.services(Format::ScText).is_empty());
    let parsed = parse_text(
        "sc.txt",
        "SERVICE_NAME: \r\n        STATE : 4 RUNNING\r\n".to_string(),
        TextEncoding::Utf8,
    );
    assert!(
        parsed
            .unreadable(Format::ScText)
            .contains("without a service name")
    );
}

// ----------------------------------------------------------------------------------------
// Export-Csv

#[test]
fn services_csv_ps51_with_type_line_in_both_encodings() {
    for (name, encoding) in [
        ("ps51-typed-ascii.csv", TextEncoding::Utf8),
        ("ps51-typed-unicode.csv", TextEncoding::Utf16LeBom),
    ] {
        let parsed = fixture("services-csv", name);
        assert_eq!(parsed.source.encoding, Some(encoding));
        let services = parsed.services(Format::ServicesCsv);
        assert_eq!(services.len(), 3, "{name}");
        let pfx = &services[0];
        assert_eq!(parsed.at(&pfx.name, "PFXCertificateConnectorSvc", 3), 2);
        let status = pfx.status.as_ref().unwrap();
        assert_eq!(status.value, "Running");
        parsed.at(status, "Running", 3);
        assert_eq!(value(&pfx.start_type), "Automatic");
        assert_eq!(pfx.account, None, "PS 5.1 has no UserName column");
        let was = &services[2];
        assert_eq!(value(&was.status), "StopPending");
        assert_eq!(value(&was.start_type), "Manual");
    }
}

#[test]
fn services_csv_ps7_with_quotes_and_line_breaks_in_fields() {
    let parsed = fixture("services-csv", "ps7.csv");
    let services = parsed.services(Format::ServicesCsv);
    assert_eq!(services.len(), 2);
    let pfx = &services[0];
    parsed.at(pfx.account.as_ref().unwrap(), "CONTOSO\\svc-intunecon", 2);
    assert_eq!(value(&pfx.status), "Running");
    let updater = &services[1];
    assert_eq!(updater.name.value, "AzureADConnectAgentUpdater");
    // The PFX row's description spans two lines, so this row starts on line 4.
    parsed.at(&updater.name, "AzureADConnectAgentUpdater", 4);
    assert_eq!(value(&updater.status), "Stopped");
    assert_eq!(value(&updater.account), "NT AUTHORITY\\NetworkService");
}

#[test]
fn services_csv_use_culture_semicolons() {
    let parsed = fixture("services-csv", "de-usculture-utf8bom.csv");
    assert_eq!(parsed.source.encoding, Some(TextEncoding::Utf8Bom));
    let services = parsed.services(Format::ServicesCsv);
    assert_eq!(services.len(), 2);
    parsed.at(
        services[0].display_name.as_ref().unwrap(),
        "WWW-Publishingdienst",
        3,
    );
    assert_eq!(value(&services[1].start_type), "Disabled");
}

#[test]
fn services_csv_of_win32_service() {
    let parsed = fixture("services-csv", "win32-cim.csv");
    let services = parsed.services(Format::ServicesCsv);
    assert_eq!(services.len(), 4);
    let pfx = &services[0];
    assert_eq!(value(&pfx.status), "StartPending");
    parsed.at(pfx.status.as_ref().unwrap(), "Start Pending", 3);
    assert_eq!(value(&pfx.start_type), "Automatic");
    assert_eq!(services[3].account, None, "empty unquoted field is null");
}

#[test]
fn services_csv_cut_inside_a_quoted_field_is_unreadable() {
    let parsed = fixture("services-csv", "ps51-typed-unicode.csv").truncated(0.7);
    let reason = parsed.unreadable(Format::ServicesCsv);
    assert!(reason.contains("never closed"), "{reason}");
}

// ----------------------------------------------------------------------------------------
// Get-ComputerInfo

fn system_info(parsed: &Parsed) -> &SystemInfo {
    match parsed.evidence(Format::ComputerInfoJson) {
        Evidence::SystemInfo(info) => info,
        other => panic!("{other:?}"),
    }
}

#[test]
fn computer_info_ps51_numbers() {
    let parsed = fixture("computer-info-json", "ps51.json");
    let info = system_info(&parsed);
    parsed.at(info.host_name.as_ref().unwrap(), "NDES01", 20);
    parsed.at(info.domain.as_ref().unwrap(), "contoso.com", 16);
    let role = info.domain_role.as_ref().unwrap();
    assert_eq!(role.value, "MemberServer");
    assert_eq!(parsed.at(role, "3", 17), 22);
    parsed.at(
        info.os_name.as_ref().unwrap(),
        "Microsoft Windows Server 2019 Standard",
        34,
    );
    parsed.at(info.os_version.as_ref().unwrap(), "10.0.17763", 37);
    parsed.at(info.os_build.as_ref().unwrap(), "17763", 38);
    parsed.at(info.installation_type.as_ref().unwrap(), "Server", 5);
}

#[test]
fn computer_info_ps7_enums_as_strings() {
    let parsed = fixture("computer-info-json", "ps7-enums-as-strings.json");
    let info = system_info(&parsed);
    let role = info.domain_role.as_ref().unwrap();
    assert_eq!(role.value, "MemberServer");
    parsed.at(role, "MemberServer", 17);
    assert_eq!(value(&info.host_name), "NDES01");
    assert_eq!(value(&info.os_build), "17763");
}

#[test]
fn computer_info_truncated_is_unreadable() {
    let parsed = fixture("computer-info-json", "ps51.json").truncated(0.5);
    assert!(
        parsed
            .unreadable(Format::ComputerInfoJson)
            .starts_with("not valid JSON")
    );
}

// ----------------------------------------------------------------------------------------
// Get-WindowsFeature

fn features(parsed: &Parsed) -> &[Feature] {
    match parsed.evidence(Format::WindowsFeatureJson) {
        Evidence::Features(features) => features,
        other => panic!("{other:?}"),
    }
}

#[test]
fn windows_features_ps51_full_objects() {
    let parsed = fixture("windows-feature-json", "ps51-full.json");
    let features = features(&parsed);
    let installed: Vec<(&str, bool)> = features
        .iter()
        .map(|f| (f.name.value.as_str(), f.installed.value))
        .collect();
    assert_eq!(
        installed,
        [
            ("ADCS-Cert-Authority", false),
            ("ADCS-Device-Enrollment", true),
            ("Web-Filtering", true),
            ("NET-WCF-HTTP-Activation45", false),
        ]
    );
    let ndes = &features[1];
    parsed.at(&ndes.name, "ADCS-Device-Enrollment", 36);
    assert_eq!(parsed.at(&ndes.installed, "true", 39), 23);
    assert_eq!(
        value(&ndes.display_name),
        "Network Device Enrollment Service"
    );
}

#[test]
fn windows_features_ps7_select_with_install_state() {
    let parsed = fixture("windows-feature-json", "ps7-select.json");
    let features = features(&parsed);
    assert_eq!(features.len(), 5);
    assert!(features[1].installed.value);
    let pending = &features[4];
    assert_eq!(pending.name.value, "Web-Asp-Net45");
    assert!(
        !pending.installed.value,
        "InstallPending is not installed yet"
    );
    let line = parsed
        .source
        .line_col(pending.installed.span.unwrap().start)
        .0;
    parsed.at(&pending.installed, "InstallPending", line);
}

// ----------------------------------------------------------------------------------------
// Get-ADUser

fn accounts(parsed: &Parsed) -> &[AdAccount] {
    match parsed.evidence(Format::AdUserJson) {
        Evidence::AdAccounts(accounts) => accounts,
        other => panic!("{other:?}"),
    }
}

#[test]
fn ad_user_ps51_dates_and_spn_array() {
    let parsed = fixture("ad-user-json", "ps51.json");
    let accounts = accounts(&parsed);
    assert_eq!(accounts.len(), 1);
    let ndes = &accounts[0];
    parsed.at(&ndes.sam_account_name, "svc-ndes", 13);
    assert!(value(&ndes.enabled));
    assert!(!value(&ndes.locked_out));
    assert!(value(&ndes.password_never_expires));
    assert_eq!(ndes.account_expires, None);
    let last_set = ndes.password_last_set.as_ref().unwrap();
    assert_eq!(last_set.value.to_rfc3339(), "2024-06-03T09:00:00+00:00");
    parsed.at(last_set, "\\/Date(1717405200000)\\/", 11);
    let spns: Vec<&str> = ndes.spns.iter().map(|s| s.value.as_str()).collect();
    assert_eq!(
        spns,
        [
            "HTTP/ndes.contoso.com",
            "HTTP/ndes01.contoso.com",
            "HTTP/ndes01"
        ]
    );
    assert_eq!(parsed.at(&ndes.spns[1], "HTTP/ndes01.contoso.com", 16), 35);
    assert_eq!(value(&ndes.user_principal_name), "svc-ndes@contoso.com");
}

#[test]
fn ad_user_ps7_iso_dates_and_collection_object() {
    let parsed = fixture("ad-user-json", "ps7-two-accounts.json");
    let accounts = accounts(&parsed);
    assert_eq!(accounts.len(), 2);
    let ndes = &accounts[0];
    let last_set = ndes.password_last_set.as_ref().unwrap();
    assert_eq!(last_set.value.to_rfc3339(), "2024-06-03T11:00:00+02:00");
    assert_eq!(ndes.spns.len(), 3, "from the ADPropertyValueCollection");
    let connector = &accounts[1];
    assert_eq!(connector.sam_account_name.value, "svc-intunecon");
    assert!(!value(&connector.enabled));
    assert!(value(&connector.locked_out));
    assert!(value(&connector.password_expired));
    let expires = connector.account_expires.as_ref().unwrap();
    assert_eq!(expires.value.to_rfc3339(), "2024-09-30T00:00:00+02:00");
    let line = parsed.source.line_col(expires.span.unwrap().start).0;
    parsed.at(expires, "2024-09-30T00:00:00+02:00", line);
    assert!(connector.spns.is_empty());
    assert_eq!(connector.user_principal_name, None);
}

#[test]
fn ad_user_bad_date_is_unreadable_at_the_date() {
    let parsed = fixture("ad-user-json", "ps7-two-accounts.json");
    let text = parsed
        .source
        .text
        .replace("2023-01-15T08:30:00.1234567+01:00", "last Tuesday");
    let parsed = parse_text("aduser.json", text, TextEncoding::Utf8);
    let reason = parsed.unreadable(Format::AdUserJson);
    assert!(reason.contains("PasswordLastSet"), "{reason}");
}

// ----------------------------------------------------------------------------------------
// IIS

fn iis(parsed: &Parsed) -> &IisConfig {
    match parsed.evidence(Format::ApplicationHostConfig) {
        Evidence::Iis(config) => config,
        other => panic!("{other:?}"),
    }
}

fn limits_for<'a>(config: &'a IisConfig, location: &str) -> &'a RequestLimits {
    config
        .request_limits
        .iter()
        .find(|l| l.location.value == location)
        .unwrap_or_else(|| panic!("no limits for `{location}`"))
}

#[test]
fn application_host_config_of_an_ndes_server() {
    let parsed = fixture("applicationhost-config", "applicationHost.config");
    assert_eq!(parsed.source.encoding, Some(TextEncoding::Utf8Bom));
    let config = iis(&parsed);

    let site = &config.sites[0];
    assert_eq!(config.sites.len(), 1);
    assert_eq!(parsed.at(&site.name, "Default Web Site", 83), 16);
    assert_eq!(value(&site.id), 1);
    parsed.at(site.id.as_ref().unwrap(), "1", 83);

    let https: Vec<_> = site
        .bindings
        .iter()
        .filter(|b| b.protocol.value == "https")
        .collect();
    assert_eq!(https.len(), 2);
    assert_eq!(value(&https[0].port), 443);
    assert_eq!(https[0].host, None, "*:443: has no host header");
    parsed.at(&https[0].binding_information, "*:443:", 98);
    let sni = https[1];
    parsed.at(sni.port.as_ref().unwrap(), "443", 99);
    parsed.at(sni.host.as_ref().unwrap(), "ndes.contoso.com", 99);
    let hash = sni.cert_hash.as_ref().unwrap();
    assert_eq!(hash.value, "5A1C0F3E9B7D2C4A6E8F0B1D3C5E7A9B2D4F6A8C");
    parsed.at(hash, "5a1c0f3e9b7d2c4a6e8f0b1d3c5e7a9b2d4f6a8c", 99);
    assert_eq!(value(&sni.cert_store), "My");

    let apps: Vec<(&str, &str)> = site
        .applications
        .iter()
        .map(|a| {
            (
                a.path.value.as_str(),
                a.app_pool.as_ref().unwrap().value.as_str(),
            )
        })
        .collect();
    assert_eq!(
        apps,
        [
            ("/", "DefaultAppPool"),
            ("/CertSrv/mscep", "SCEP"),
            ("/CertSrv/mscep_admin", "SCEP"),
            ("/CertificateRegistrationSvc", "SCEP"),
        ]
    );
    // The root application's pool is inherited from <applicationDefaults>.
    parsed.at(
        site.applications[0].app_pool.as_ref().unwrap(),
        "DefaultAppPool",
        106,
    );
    parsed.at(site.applications[1].app_pool.as_ref().unwrap(), "SCEP", 87);

    let scep = config
        .app_pools
        .iter()
        .find(|p| p.name.value == "SCEP")
        .unwrap();
    parsed.at(scep.identity_type.as_ref().unwrap(), "SpecificUser", 64);
    parsed.at(scep.user_name.as_ref().unwrap(), "CONTOSO\\svc-ndes", 64);
    assert_eq!(value(&scep.runtime), "v4.0");
    assert!(value(&scep.auto_start));
    let default_pool = &config.app_pools[0];
    assert_eq!(default_pool.name.value, "DefaultAppPool");
    // Inherited from <applicationPoolDefaults>, spanned there.
    parsed.at(
        default_pool.identity_type.as_ref().unwrap(),
        "ApplicationPoolIdentity",
        67,
    );
    assert_eq!(default_pool.auto_start, None);
    assert!(
        !format!("{config:?}").contains("enc:IISWASOnlyCngProvider"),
        "the password is never read"
    );

    assert_eq!(config.request_limits.len(), 2);
    let server = limits_for(config, "");
    parsed.at(&server.location, "<requestLimits", 138);
    assert_eq!(value(&server.max_url), 65534);
    assert_eq!(server.max_allowed_content_length, None);
    let mscep = limits_for(config, "Default Web Site/CertSrv/mscep");
    parsed.at(&mscep.location, "Default Web Site/CertSrv/mscep", 149);
    parsed.at(mscep.max_url.as_ref().unwrap(), "65534", 153);
    parsed.at(mscep.max_query_string.as_ref().unwrap(), "65534", 153);
}

#[test]
fn site_web_config_in_utf16() {
    let parsed = fixture("applicationhost-config", "mscep-web.config");
    assert_eq!(parsed.source.encoding, Some(TextEncoding::Utf16LeBom));
    let config = iis(&parsed);
    assert!(config.sites.is_empty() && config.app_pools.is_empty());
    let limits = limits_for(config, "web.config");
    parsed.at(&limits.location, "<requestLimits", 6);
    parsed.at(limits.max_url.as_ref().unwrap(), "8192", 6);
    assert_eq!(value(&limits.max_query_string), 4096);
    assert_eq!(value(&limits.max_allowed_content_length), 30_000_000);
}

#[test]
fn application_host_config_damaged() {
    let parsed = fixture("applicationhost-config", "applicationHost.config");
    let cut = parsed.truncated(0.5);
    let reason = cut.unreadable(Format::ApplicationHostConfig);
    assert!(reason.starts_with("not well-formed XML"), "{reason}");

    let bad_entity = parsed
        .source
        .text
        .replace("CONTOSO\\svc-ndes", "CONTOSO&svc;");
    let bad = parse_text("applicationHost.config", bad_entity, TextEncoding::Utf8);
    let reason = bad.unreadable(Format::ApplicationHostConfig);
    assert!(reason.contains("svc"), "{reason}");
    let Outcome::Unreadable { error, .. } = &bad.outcome else {
        unreachable!()
    };
    assert_eq!(bad.source.line_col(error.span.unwrap().start).0, 64);

    let bomb = "<?xml version=\"1.0\"?>\r\n<!DOCTYPE configuration [\r\n<!ENTITY a \"aaaaaaaaaa\">\r\n<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\r\n]>\r\n<configuration><system.webServer>&b;</system.webServer></configuration>\r\n";
    let bomb = parse_text("bomb.config", bomb.to_string(), TextEncoding::Utf8);
    assert!(
        bomb.unreadable(Format::ApplicationHostConfig)
            .contains("DTD")
    );
}
