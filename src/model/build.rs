//! Building the snapshot from parsed evidence: merging files, deriving views (proxy,
//! certificate stores, host names) and choosing the collection time.

use chrono::{DateTime, FixedOffset, Utc};

use super::snapshot::{Meta, Snapshot, TimeSource, UserProxy};
use super::{
    AdAccount, Certificate, Event, EventLog, IisConfig, LogFile, Manifest, ProxyBlob, RegData,
    RegKey, Service, Spanned, SystemInfo,
};
use crate::parse::Evidence;
use crate::source::{Origin, SourceMap, Span};

/// Everything the parse stage produced, before it is merged into a snapshot.
#[derive(Debug, Default)]
pub struct EvidenceSet {
    /// Evidence per parsed file, with the file's bundle path.
    pub items: Vec<(String, Evidence)>,
    /// The newest modification time among the bundle's entries.
    pub newest_entry: Option<DateTime<Utc>>,
    /// `--as-of`, when given.
    pub as_of: Option<DateTime<FixedOffset>>,
}

/// Merges all evidence into one snapshot; `sources` lets derived facts (decoded registry
/// blobs) point into the files they came from.
pub fn build(evidence: EvidenceSet, sources: &SourceMap) -> Snapshot {
    let mut snapshot = Snapshot::default();
    let mut manifest = Manifest::default();
    let mut systeminfo = SystemInfo::default();
    let mut event_files = Vec::new();
    for (path, item) in evidence.items {
        match item {
            Evidence::Registry(keys) => merge_registry(&mut snapshot.registry, keys),
            Evidence::WinHttpProxy(proxy) => snapshot.proxy.winhttp = Some(proxy),
            Evidence::Services(services) => merge_services(&mut snapshot.services, services),
            Evidence::Certificates(certs) => snapshot.certificates.extend(certs),
            Evidence::Manifest(m) => manifest = m,
            Evidence::SystemInfo(s) => merge_systeminfo(&mut systeminfo, s),
            Evidence::Log(kind, records) => {
                let span = file_span(sources, &path);
                let count = i64::try_from(records.len()).unwrap_or(i64::MAX);
                snapshot.log_files.push(LogFile {
                    kind: Spanned {
                        value: kind.name().to_string(),
                        span,
                    },
                    records: Spanned { value: count, span },
                    file: Spanned { value: path, span },
                });
                snapshot.logs.extend(records);
            }
            Evidence::SslBindings(bindings) => snapshot.http_sslcert.extend(bindings),
            Evidence::Iis(iis) => merge_iis(&mut snapshot.iis, iis),
            Evidence::Events(events) => {
                event_files.push((path, channels(&events)));
                snapshot.events.extend(events);
            }
            Evidence::Features(features) => snapshot.features.extend(features),
            Evidence::LocalGroup(group) => snapshot.local_groups.push(group),
            Evidence::UserRights(rights) => snapshot.user_rights.extend(rights),
            Evidence::AdAccounts(accounts) => merge_accounts(&mut snapshot.ad_accounts, accounts),
            Evidence::TimeStatus(status) => snapshot.time_service = Some(status),
            Evidence::Probes(probes) => snapshot.probes.extend(probes),
        }
    }
    snapshot.event_logs = event_logs(event_files, &manifest, sources);
    assign_stores(&mut snapshot, &manifest);
    snapshot.certificates = merge_certificates(std::mem::take(&mut snapshot.certificates));
    snapshot.proxy.users = user_proxies(&snapshot.registry, sources);
    snapshot.proxy.winhttp_registry = snapshot
        .registry
        .iter()
        .filter(|k| k.path.value.eq_ignore_ascii_case(CONNECTIONS_HKLM))
        .find_map(|k| blob(k, "WinHttpSettings", sources));
    snapshot.meta = meta(&manifest, systeminfo, evidence.newest_entry, evidence.as_of);
    snapshot
}

/// Where a file is, for facts about the file as a whole: its first line (the start of a binary
/// file).
fn file_span(sources: &SourceMap, path: &str) -> Option<Span> {
    let source = sources
        .iter()
        .find(|s| s.origin == Origin::File && s.path == path)?;
    let end = source.text.find(['\r', '\n']).unwrap_or(source.text.len());
    Some(source.span(0..end))
}

/// A channel of one export (`None`: its records do not name it) and how many events it has.
type ChannelCount = (Option<Spanned<String>>, i64);

/// The channels of one export's events, in order of appearance, with how many events each
/// has; events without a channel are counted under `None`.
fn channels(events: &[Event]) -> Vec<ChannelCount> {
    let mut channels: Vec<ChannelCount> = Vec::new();
    for event in events {
        let same = |c: &&mut ChannelCount| match (&c.0, &event.channel) {
            (Some(a), Some(b)) => a.value.eq_ignore_ascii_case(&b.value),
            (None, None) => true,
            _ => false,
        };
        match channels.iter_mut().find(same) {
            Some(known) => known.1 += 1,
            None => channels.push((event.channel.clone(), 1)),
        }
    }
    channels
}

/// One entry per channel of every event export, and one for an export with no events: the
/// bundle then shows that the channel was collected and was empty, not that it is missing.
/// A channel the records do not name comes from the manifest's command for the file, else
/// from the file's name.
fn event_logs(
    files: Vec<(String, Vec<ChannelCount>)>,
    manifest: &Manifest,
    sources: &SourceMap,
) -> Vec<EventLog> {
    let mut logs = Vec::new();
    for (path, mut channels) in files {
        let span = file_span(sources, &path);
        if channels.is_empty() {
            channels.push((None, 0));
        }
        for (channel, count) in channels {
            let channel = channel.or_else(|| {
                let from_command = manifest
                    .files
                    .iter()
                    .find(|f| f.path.eq_ignore_ascii_case(&path))
                    .and_then(|f| f.command.as_ref())
                    .and_then(|c| {
                        channel_from_command(&c.value).map(|value| Spanned {
                            value,
                            span: c.span,
                        })
                    });
                from_command
                    .or_else(|| channel_from_name(&path).map(|value| Spanned { value, span }))
            });
            logs.push(EventLog {
                file: Spanned {
                    value: path.clone(),
                    span,
                },
                channel,
                events: Spanned { value: count, span },
            });
        }
    }
    // Channels the collector read and found quiet wrote no file; they were collected all the
    // same. A file of the same channel (a whole-channel `.evtx`, say) already speaks for it.
    for quiet in &manifest.quiet_channels {
        let known = logs.iter().any(|l| {
            l.channel
                .as_ref()
                .is_some_and(|c| c.value.eq_ignore_ascii_case(&quiet.channel.value))
        });
        if !known {
            logs.push(EventLog {
                file: Spanned {
                    value: quiet.step.clone(),
                    span: quiet.channel.span,
                },
                channel: Some(quiet.channel.clone()),
                events: Spanned {
                    value: 0,
                    span: quiet.channel.span,
                },
            });
        }
    }
    logs
}

/// The channel a command reads: `Get-WinEvent -LogName 'X'`, `-FilterHashtable @{LogName='X'}`,
/// `wevtutil qe X` or `wevtutil epl "X" file`.
pub fn channel_from_command(command: &str) -> Option<String> {
    let lower = command.to_ascii_lowercase();
    let after = |at: usize, skip: usize| command.get(at + skip..).map(str::trim_start);
    let rest = if let Some(at) = lower.find("logname") {
        let rest = after(at, "logname".len())?;
        rest.strip_prefix('=').unwrap_or(rest).trim_start()
    } else {
        let verb = [" qe ", " epl "]
            .iter()
            .filter(|_| lower.contains("wevtutil"))
            .find_map(|verb| lower.find(verb).map(|at| (at, verb.len())))?;
        after(verb.0, verb.1)?
    };
    let channel = match rest.chars().next()? {
        quote @ ('\'' | '"') => rest.get(1..)?.split(quote).next()?,
        _ => rest
            .split(|c: char| c.is_whitespace() || matches!(c, ';' | '}' | ','))
            .next()?,
    };
    (!channel.is_empty() && !channel.starts_with('-')).then(|| channel.to_string())
}

/// The channel a file name stands for: the collector's names (`events/Application.json`,
/// `CertificateConnectors-Admin.json`, `IntuneConnector.json`, ...), or a native log's name,
/// where `%4` stands for `/` (`Microsoft-Intune-CertificateConnectors%4Admin.evtx`).
pub fn channel_from_name(path: &str) -> Option<String> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let known = match stem.to_ascii_lowercase().as_str() {
        "application" => "Application",
        "system" => "System",
        "certificateconnectors-admin" => "Microsoft-Intune-CertificateConnectors/Admin",
        "certificateconnectors-operational" => "Microsoft-Intune-CertificateConnectors/Operational",
        "intuneconnector" => "Microsoft Intune Connector",
        "certificateservices-deployment" => {
            "Microsoft-Windows-CertificateServices-Deployment/Operational"
        }
        "agentupdater-admin" => "Microsoft-AzureADConnect-AgentUpdater/Admin",
        _ => {
            return stem.contains("%4").then(|| stem.replace("%4", "/"));
        }
    };
    Some(known.to_string())
}

/// Keys exported twice (or by two files) are merged; later values of the same name win.
fn merge_registry(registry: &mut Vec<RegKey>, keys: Vec<RegKey>) {
    for key in keys {
        let existing = registry
            .iter_mut()
            .find(|k| k.path.value.eq_ignore_ascii_case(&key.path.value));
        match existing {
            Some(existing) if !key.deleted => {
                for value in key.values {
                    existing
                        .values
                        .retain(|v| !v.name.value.eq_ignore_ascii_case(&value.name.value));
                    existing.values.push(value);
                }
            }
            Some(existing) => *existing = key,
            None => registry.push(key),
        }
    }
}

/// The same service read from several exports (`sc query` and `sc qc`, or a JSON list)
/// becomes one service; what one export lacks, another fills.
fn merge_services(services: &mut Vec<Service>, more: Vec<Service>) {
    for service in more {
        match services
            .iter_mut()
            .find(|s| s.name.value.eq_ignore_ascii_case(&service.name.value))
        {
            Some(known) => {
                known.display_name = known.display_name.take().or(service.display_name);
                known.status = known.status.take().or(service.status);
                known.start_type = known.start_type.take().or(service.start_type);
                known.account = known.account.take().or(service.account);
            }
            None => services.push(service),
        }
    }
}

fn merge_systeminfo(info: &mut SystemInfo, more: SystemInfo) {
    info.host_name = info.host_name.take().or(more.host_name);
    info.domain = info.domain.take().or(more.domain);
    info.os_name = info.os_name.take().or(more.os_name);
    info.os_version = info.os_version.take().or(more.os_version);
    info.os_build = info.os_build.take().or(more.os_build);
    info.installation_type = info.installation_type.take().or(more.installation_type);
    info.domain_role = info.domain_role.take().or(more.domain_role);
    // An exact boot time (Get-ComputerInfo) beats one converted from local time (systeminfo).
    let exact_replaces_local = info.last_boot_from_local && !more.last_boot_from_local;
    if info.last_boot.is_none() || (more.last_boot.is_some() && exact_replaces_local) {
        info.last_boot = more.last_boot;
        info.last_boot_from_local = more.last_boot_from_local;
    }
}

fn merge_iis(iis: &mut IisConfig, more: IisConfig) {
    iis.sites.extend(more.sites);
    iis.app_pools.extend(more.app_pools);
    iis.request_limits.extend(more.request_limits);
}

fn merge_accounts(accounts: &mut Vec<AdAccount>, more: Vec<AdAccount>) {
    for account in more {
        let same = |a: &&mut AdAccount| {
            a.sam_account_name
                .value
                .eq_ignore_ascii_case(&account.sam_account_name.value)
        };
        match accounts.iter_mut().find(same) {
            Some(known) => {
                known.user_principal_name = known
                    .user_principal_name
                    .take()
                    .or(account.user_principal_name);
                known.enabled = known.enabled.take().or(account.enabled);
                known.locked_out = known.locked_out.take().or(account.locked_out);
                known.password_expired = known.password_expired.take().or(account.password_expired);
                known.password_never_expires = known
                    .password_never_expires
                    .take()
                    .or(account.password_never_expires);
                known.account_expires = known.account_expires.take().or(account.account_expires);
                known.password_last_set =
                    known.password_last_set.take().or(account.password_last_set);
                known.sid = known.sid.take().or(account.sid);
                for spn in account.spns {
                    if !known
                        .spns
                        .iter()
                        .any(|s| s.value.eq_ignore_ascii_case(&spn.value))
                    {
                        known.spns.push(spn);
                    }
                }
            }
            None => accounts.push(account),
        }
    }
}

const CONNECTIONS_HKLM: &str =
    "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections";

/// Decodes the binary value `name` of `key`, pointing into the file it was read from.
fn blob(key: &RegKey, name: &str, sources: &SourceMap) -> Option<ProxyBlob> {
    let value = key
        .values
        .iter()
        .find(|v| v.name.value.eq_ignore_ascii_case(name))?;
    let source = sources.get(value.span.source)?;
    super::proxy_blob::decode(&key.path.value, value, source)
}

/// A certificate's store: the manifest's word, else what its export says (`PSParentPath`,
/// the `certutil -store` header), else `<Location>/<Store>` in its path.
fn assign_stores(snapshot: &mut Snapshot, manifest: &Manifest) {
    for cert in &mut snapshot.certificates {
        let from_manifest = manifest
            .files
            .iter()
            .find(|f| f.path.eq_ignore_ascii_case(&cert.file))
            .and_then(|f| f.store.clone());
        cert.store = from_manifest
            .or_else(|| cert.store.take())
            .or_else(|| store_from_path(&cert.file).map(Spanned::unlocated));
    }
}

/// The same certificate read from several exports (its DER file, the store's `Get-ChildItem`
/// JSON, `certutil -store`) is one certificate: the most complete reading is kept, and what it
/// lacks (private-key presence, key provider, store, CRL and AIA URLs) is filled from the
/// others. Copies in different stores stay apart.
fn merge_certificates(mut certs: Vec<Certificate>) -> Vec<Certificate> {
    // Richest first, so the copy kept does not depend on the order files were read in.
    certs.sort_by_key(|c| std::cmp::Reverse(richness(c)));
    let mut merged: Vec<Certificate> = Vec::new();
    for cert in certs {
        let same = |m: &&mut Certificate| {
            m.thumbprint
                .value
                .eq_ignore_ascii_case(&cert.thumbprint.value)
                && match (&m.store, &cert.store) {
                    (Some(a), Some(b)) => a.value.eq_ignore_ascii_case(&b.value),
                    _ => true,
                }
        };
        match merged.iter_mut().find(same) {
            Some(kept) => {
                kept.store = kept.store.take().or(cert.store);
                kept.has_private_key = kept.has_private_key.take().or(cert.has_private_key);
                kept.key_provider = kept.key_provider.take().or(cert.key_provider);
                kept.template = kept.template.take().or(cert.template);
                kept.key_bits = kept.key_bits.take().or(cert.key_bits);
                // A reading without the extensions (Get-ChildItem's properties, a short
                // certutil listing) must not cost the URLs another reading has.
                for (list, other) in [
                    (&mut kept.crl_urls, cert.crl_urls),
                    (&mut kept.aia_urls, cert.aia_urls),
                    (&mut kept.ocsp_urls, cert.ocsp_urls),
                ] {
                    if list.is_empty() {
                        *list = other;
                    }
                }
            }
            None => merged.push(cert),
        }
    }
    merged.sort_by(|a, b| {
        a.file
            .cmp(&b.file)
            .then(a.thumbprint.value.cmp(&b.thumbprint.value))
    });
    merged
}

/// How many facts a reading of a certificate carries.
fn richness(cert: &Certificate) -> usize {
    [
        !cert.key_algorithm.value.is_empty(),
        !cert.signature_algorithm.value.is_empty(),
        cert.key_bits.is_some(),
        cert.template.is_some(),
        !cert.eku.is_empty(),
        !cert.san_dns.is_empty(),
        !cert.key_usage.is_empty(),
        !cert.crl_urls.is_empty() || !cert.aia_urls.is_empty(),
        cert.is_ca.span.is_some(),
        cert.subject_cn.is_some(),
    ]
    .iter()
    .filter(|&&known| known)
    .count()
}

/// `certs/LocalMachine/My/x.cer` → `LocalMachine\My`.
pub fn store_from_path(path: &str) -> Option<String> {
    let segments: Vec<&str> = path.split('/').collect();
    let folders = segments.split_last().map(|(_, folders)| folders)?;
    folders.windows(2).find_map(|pair| match pair {
        [location, store] if is_store_location(location) => {
            Some(format!("{}\\{}", canonical_location(location), store))
        }
        _ => None,
    })
}

fn is_store_location(segment: &str) -> bool {
    segment.eq_ignore_ascii_case("LocalMachine") || segment.eq_ignore_ascii_case("CurrentUser")
}

fn canonical_location(segment: &str) -> &'static str {
    if segment.eq_ignore_ascii_case("LocalMachine") {
        "LocalMachine"
    } else {
        "CurrentUser"
    }
}

const INTERNET_SETTINGS: &str = "\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings";

/// Every `HKU\<sid>\...\Internet Settings` (and HKCU) key becomes one account's proxy view.
fn user_proxies(registry: &[RegKey], sources: &SourceMap) -> Vec<UserProxy> {
    let mut users: Vec<UserProxy> = registry
        .iter()
        .filter_map(user_proxy)
        .map(|mut user| {
            let connections = format!("{}\\Connections", user.key.value);
            user.connection = registry
                .iter()
                .filter(|k| k.path.value.eq_ignore_ascii_case(&connections))
                .find_map(|k| blob(k, "DefaultConnectionSettings", sources));
            user
        })
        .collect();
    // SYSTEM first, so rules and reports meet LocalSystem's settings before anyone else's.
    users.sort_by_key(|u| (!u.is_system, u.sid != "S-1-5-18"));
    users
}

fn user_proxy(key: &RegKey) -> Option<UserProxy> {
    let path = &key.path.value;
    let lower = path.to_ascii_lowercase();
    let suffix = INTERNET_SETTINGS.to_ascii_lowercase();
    let sid = if let Some(rest) = lower.strip_prefix("hku\\") {
        let sid_lower = rest.strip_suffix(&suffix)?;
        path.get(4..4 + sid_lower.len())?.to_string()
    } else if lower == format!("hkcu{suffix}") {
        "HKCU".to_string()
    } else {
        return None;
    };
    if key.deleted || sid.contains('\\') {
        return None;
    }
    let value = |name: &str| {
        key.values
            .iter()
            .find(|v| v.name.value.eq_ignore_ascii_case(name))
            .and_then(|v| v.data.clone())
    };
    let string = |name: &str| {
        value(name).and_then(|d| match d.value {
            RegData::Sz(s) | RegData::ExpandSz(s) => Some(Spanned {
                value: s,
                span: d.span,
            }),
            _ => None,
        })
    };
    let enabled = match value("ProxyEnable") {
        Some(d) => {
            let on = matches!(d.value, RegData::Dword(n) if n != 0);
            Spanned {
                value: on,
                span: d.span,
            }
        }
        None => Spanned {
            value: false,
            span: key.path.span,
        },
    };
    let is_system = sid == "S-1-5-18" || sid.eq_ignore_ascii_case(".DEFAULT");
    Some(UserProxy {
        account: account_name(&sid),
        sid,
        is_system,
        key: key.path.clone(),
        enabled,
        server: string("ProxyServer"),
        bypass: string("ProxyOverride"),
        autoconfig_url: string("AutoConfigURL"),
        connection: None,
    })
}

fn account_name(sid: &str) -> String {
    match sid {
        "S-1-5-18" => "SYSTEM".into(),
        "S-1-5-19" => "LOCAL SERVICE".into(),
        "S-1-5-20" => "NETWORK SERVICE".into(),
        ".DEFAULT" | ".default" => "SYSTEM (.DEFAULT)".into(),
        "HKCU" => "the user who exported it".into(),
        other if other.ends_with("-500") => "Administrator".into(),
        other => other.into(),
    }
}

fn meta(
    manifest: &Manifest,
    systeminfo: SystemInfo,
    newest_entry: Option<DateTime<Utc>>,
    as_of: Option<DateTime<FixedOffset>>,
) -> Meta {
    let (collected_at, collected_at_source) = if let Some(t) = as_of {
        (Spanned::unlocated(t), TimeSource::AsOf)
    } else if let Some(t) = &manifest.collected_at {
        (t.clone(), TimeSource::Manifest)
    } else if let Some(t) = newest_entry {
        (
            Spanned::unlocated(t.fixed_offset()),
            TimeSource::NewestEntry,
        )
    } else {
        (
            Spanned::unlocated(Utc::now().fixed_offset()),
            TimeSource::Now,
        )
    };
    let fqdn = manifest.host_fqdn.clone().or_else(|| {
        let host = systeminfo.host_name.as_ref()?;
        let domain = systeminfo.domain.as_ref()?;
        let fqdn = format!("{}.{}", host.value, domain.value).to_ascii_lowercase();
        Some(Spanned {
            value: fqdn,
            span: host.span,
        })
    });
    Meta {
        domain: systeminfo.domain.clone(),
        last_boot: systeminfo.last_boot,
        hostname: manifest.host_name.clone().or(systeminfo.host_name),
        fqdn,
        external_fqdn: manifest.external_fqdn.clone(),
        collected_at,
        collected_at_source,
        os_name: systeminfo.os_name,
        os_version: systeminfo.os_version,
        os_build: systeminfo.os_build,
        installation_type: systeminfo.installation_type,
        domain_role: systeminfo.domain_role,
        collector: manifest.collector.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_comes_from_location_and_store_folders() {
        assert_eq!(
            store_from_path("certs/localmachine/My/ab.cer").as_deref(),
            Some("LocalMachine\\My")
        );
        assert_eq!(
            store_from_path("x/CurrentUser/Root/c.pem").as_deref(),
            Some("CurrentUser\\Root")
        );
        assert_eq!(store_from_path("certs/ab.cer"), None);
        assert_eq!(store_from_path("LocalMachine/My"), None);
    }

    fn reading(file: &str, crl_urls: &[&str]) -> Certificate {
        let text = |t: &str| Spanned::unlocated(t.to_string());
        let time = Spanned::unlocated(chrono::DateTime::<chrono::Utc>::UNIX_EPOCH);
        Certificate {
            file: file.to_string(),
            subject: text("CN=ndes.contoso.com"),
            subject_cn: Some(text("ndes.contoso.com")),
            issuer: text("CN=Contoso Issuing CA 01"),
            serial: text("01"),
            thumbprint: text("C0FFEE00C0FFEE00C0FFEE00C0FFEE00C0FFEE00"),
            not_before: time.clone(),
            not_after: time,
            san_dns: Vec::new(),
            san_ip: Vec::new(),
            eku: Vec::new(),
            crl_urls: crl_urls.iter().map(|u| text(u)).collect(),
            aia_urls: Vec::new(),
            ocsp_urls: Vec::new(),
            key_usage: Vec::new(),
            key_algorithm: text(""),
            key_bits: None,
            signature_algorithm: text(""),
            template: None,
            is_ca: Spanned::unlocated(false),
            self_signed: false,
            store: None,
            has_private_key: None,
            key_provider: None,
        }
    }

    #[test]
    fn merged_readings_keep_the_crl_urls_of_any_of_them() {
        const URL: &str = "http://pki.contoso.com/CertEnroll/ca.crl";
        // The reading kept is the richer one (it knows the key algorithm) but shows no URLs.
        let mut rich = reading("certs/LocalMachine-My.json", &[]);
        rich.key_algorithm = Spanned::unlocated("RSA".to_string());
        rich.signature_algorithm = Spanned::unlocated("sha256WithRSAEncryption".to_string());
        let merged = merge_certificates(vec![reading("a.txt", &[URL]), rich]);
        assert_eq!(merged.len(), 1);
        let kept = merged.first().map(|c| (c.file.as_str(), c.crl_urls.len()));
        assert_eq!(kept, Some(("certs/LocalMachine-My.json", 1)));
    }
}
