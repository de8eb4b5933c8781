//! What the sample servers did in the days before the bundle was taken: the same SCEP
//! enrollments show in the IIS logs, the policy module's log, the connector's events and its
//! traces, so every view of a bundle tells one story.

use sha1::{Digest, Sha1};
use time::{Duration, OffsetDateTime};

use super::clock::{local, utc};
use super::host::{
    DC_FQDN, DC_IP, FQDN, HOST, IP, SERVICE_ACCOUNT, SERVICE_ACCOUNT_SID, Server, boot_time,
};
use super::services::services;
use super::shell::Shell;
use crate::fixtures::system::security_identifier;
use crate::json::Json;
use crate::winfmt::crlf_lines;

/// A time of day (UTC): hour, minute, second.
pub type TimeOfDay = (u8, u8, u8);

/// The enrollment times (UTC) per day: 18, 19 and 20 November 2026.
pub const ENROLLMENTS: &[(u8, &[TimeOfDay])] = &[
    (18, &[(7, 12, 44), (9, 31, 2), (13, 5, 17), (15, 48, 39)]),
    (
        19,
        &[
            (6, 58, 11),
            (8, 22, 50),
            (12, 40, 3),
            (16, 11, 26),
            (19, 3, 58),
        ],
    ),
    (20, &[(6, 47, 31), (7, 42, 13)]),
];

/// Every enrollment, oldest first.
pub fn enrollments() -> Vec<OffsetDateTime> {
    ENROLLMENTS
        .iter()
        .flat_map(|(day, times)| {
            times
                .iter()
                .map(move |&(h, m, s)| utc(2026, 11, *day, h, m, s))
        })
        .collect()
}

/// The SCEP transaction ID of the enrollment at `at` (hex, as NDES logs it).
fn transaction_id(at: OffsetDateTime) -> String {
    let digest = Sha1::digest(format!("transaction {}", at.unix_timestamp()).as_bytes());
    digest.iter().take(16).map(|b| format!("{b:02X}")).collect()
}

/// One event-log record.
#[derive(Debug, Clone)]
pub struct Event {
    /// When.
    pub time: OffsetDateTime,
    /// Event ID.
    pub id: i64,
    /// Level (2 error, 3 warning, 4 information).
    pub level: i64,
    /// Provider.
    pub provider: &'static str,
    /// Channel.
    pub log: &'static str,
    /// Rendered message.
    pub message: String,
}

fn info(
    time: OffsetDateTime,
    id: i64,
    provider: &'static str,
    log: &'static str,
    message: String,
) -> Event {
    Event {
        time,
        id,
        level: 4,
        provider,
        log,
        message,
    }
}

/// `Get-WinEvent ... | Select-Object TimeCreated,Id,Level,LevelDisplayName,ProviderName,
/// LogName,MachineName,Message | ConvertTo-Json`: newest first, one object for one event.
pub fn events_json(events: &[Event], shell: Shell) -> Json {
    let mut sorted = events.to_vec();
    sorted.sort_by_key(|e| std::cmp::Reverse(e.time));
    let machine = format!("{HOST}.{}", &FQDN[HOST.len() + 1..]);
    let items: Vec<Json> = sorted
        .iter()
        .map(|e| {
            let level_name = match e.level {
                2 => "Error",
                3 => "Warning",
                _ => "Information",
            };
            Json::object([
                ("TimeCreated", shell.date(e.time)),
                ("Id", Json::Int(e.id)),
                ("Level", Json::Int(e.level)),
                ("LevelDisplayName", Json::str(level_name)),
                ("ProviderName", Json::str(e.provider)),
                ("LogName", Json::str(e.log)),
                ("MachineName", Json::str(&machine)),
                ("Message", Json::str(&e.message)),
            ])
        })
        .collect();
    match <[Json; 1]>::try_from(items) {
        Ok([one]) => one,
        Err(items) => Json::Array(items),
    }
}

const CONNECTOR_PROVIDER: &str = "Microsoft-Intune-CertificateConnectors";
const ADMIN_LOG: &str = "Microsoft-Intune-CertificateConnectors/Admin";
const OPERATIONAL_LOG: &str = "Microsoft-Intune-CertificateConnectors/Operational";

/// The current connector's Admin channel: one `ScepRequestSuccess` per enrollment.
pub fn connector_admin() -> Vec<Event> {
    enrollments()
        .into_iter()
        .map(|at| {
            info(
                at + Duration::milliseconds(3_412),
                4000,
                CONNECTOR_PROVIDER,
                ADMIN_LOG,
                format!(
                    "ScepRequestSuccess: the SCEP certificate request was verified, issued and reported to Intune.\r\nTransaction ID: {}",
                    transaction_id(at)
                ),
            )
        })
        .collect()
}

/// The current connector's Operational channel: received, verified, issued, notified.
pub fn connector_operational() -> Vec<Event> {
    enrollments()
        .into_iter()
        .flat_map(|at| {
            let id = transaction_id(at);
            [
                (
                    1_104,
                    4003,
                    "ScepRequestReceived: a SCEP request was received from the NDES policy module.",
                ),
                (
                    2_245,
                    4004,
                    "ScepVerifySuccess: Intune verified the SCEP challenge.",
                ),
                (
                    2_871,
                    4006,
                    "ScepIssuedSuccess: the certification authority issued the certificate.",
                ),
                (
                    3_390,
                    4008,
                    "ScepNotifySuccess: the issued certificate was reported to Intune.",
                ),
            ]
            .map(|(ms, event_id, text)| {
                info(
                    at + Duration::milliseconds(ms),
                    event_id,
                    CONNECTOR_PROVIDER,
                    OPERATIONAL_LOG,
                    format!("{text}\r\nTransaction ID: {id}"),
                )
            })
        })
        .collect()
}

/// The legacy connector's own event log: the service start after the reboot, then the
/// challenge verifications and notifications of each enrollment.
pub fn legacy_connector_log() -> Vec<Event> {
    const PROVIDER: &str = "Microsoft Intune Connector";
    let mut events = vec![info(
        boot_time() + Duration::seconds(74),
        10010,
        PROVIDER,
        PROVIDER,
        "StartedConnectorService: the Intune Connector Service started.".into(),
    )];
    for at in enrollments() {
        let id = transaction_id(at);
        events.push(info(
            at + Duration::milliseconds(2_244),
            20500,
            PROVIDER,
            PROVIDER,
            format!(
                "CRPVerifyMetric_Success: the SCEP challenge was verified.\r\nTransaction ID: {id}"
            ),
        ));
        events.push(info(
            at + Duration::milliseconds(3_391),
            20600,
            PROVIDER,
            PROVIDER,
            format!("CRPNotifyMetric_Success: the issued certificate was reported to Intune.\r\nTransaction ID: {id}"),
        ));
    }
    events
}

/// `Application`, filtered to the collector's providers: the connector's install.
pub fn application(server: &Server, legacy_failed: bool) -> Vec<Event> {
    const MSI: &str = "MsiInstaller";
    const LOG: &str = "Application";
    let (product, version, at) = match server.unified() {
        Some(unified) => (
            "Certificate Connector for Microsoft Intune",
            unified.version,
            unified.installed,
        ),
        None => (
            "Microsoft Intune Connector",
            "6.1711.4.0",
            utc(2026, 3, 3, 9, 16, 40),
        ),
    };
    if legacy_failed {
        return vec![
            Event {
                time: at,
                id: 11708,
                level: 2,
                provider: MSI,
                log: LOG,
                message: format!("Product: {product} -- Installation operation failed."),
            },
            info(
                at + Duration::milliseconds(15),
                1033,
                MSI,
                LOG,
                format!(
                    "Windows Installer installed the product. Product Name: {product}. Product Version: {version}. Product Language: 1033. Manufacturer: Microsoft Corporation. Installation success or error status: 1603."
                ),
            ),
        ];
    }
    vec![
        info(
            at,
            11707,
            MSI,
            LOG,
            format!("Product: {product} -- Installation completed successfully."),
        ),
        info(
            at + Duration::milliseconds(15),
            1033,
            MSI,
            LOG,
            format!(
                "Windows Installer installed the product. Product Name: {product}. Product Version: {version}. Product Language: 1033. Manufacturer: Microsoft Corporation. Installation success or error status: 0."
            ),
        ),
    ]
}

/// `System`, filtered to the collector's providers: services starting after the reboot and
/// the time service syncing with the DC.
pub fn system(server: &Server) -> Vec<Event> {
    const SCM: &str = "Service Control Manager";
    const TIME: &str = "Microsoft-Windows-Time-Service";
    const LOG: &str = "System";
    let mut events = Vec::new();
    let mut at = boot_time() + Duration::seconds(21);
    for svc in services(server).iter().filter(|s| s.running) {
        events.push(info(
            at,
            7036,
            SCM,
            LOG,
            format!("The {} service entered the running state.", svc.display),
        ));
        at += Duration::milliseconds(387);
    }
    let source = format!("{DC_FQDN} (ntp.d|{IP}:123->{DC_IP}:123)");
    events.push(info(
        boot_time() + Duration::seconds(48),
        37,
        TIME,
        LOG,
        format!(
            "The time provider NtpClient is currently receiving valid time data from {source}."
        ),
    ));
    events.push(info(
        boot_time() + Duration::seconds(49),
        35,
        TIME,
        LOG,
        format!(
            "The time service is now synchronizing the system time with the time source {source} with reference id 167772170. Current local stratum number is 4."
        ),
    ));
    events
}

/// `Microsoft-Windows-CertificateServices-Deployment/Operational`: NDES configured with the
/// CryptoAPI CSP for both RA keys.
pub fn deployment() -> Vec<Event> {
    vec![info(
        utc(2025, 6, 1, 9, 58, 12),
        105,
        "Microsoft-Windows-CertificateServices-Deployment",
        "Microsoft-Windows-CertificateServices-Deployment/Operational",
        format!(
            "Active Directory Certificate Services role service Network Device Enrollment Service was configured.\r\n\r\nInstall-AdcsNetworkDeviceEnrollmentService -ServiceAccountName \"{SERVICE_ACCOUNT}\" -RAName \"NDES01-MSCEP-RA\" -RACountry \"US\" -RACompany \"Contoso\" -CAConfig \"CA01.corp.contoso.com\\Contoso Issuing CA 01\" -SigningProviderName \"Microsoft Strong Cryptographic Provider\" -SigningKeyLength 2048 -EncryptionProviderName \"Microsoft Strong Cryptographic Provider\" -EncryptionKeyLength 2048"
        ),
    )]
}

/// `NDESPlugin.log`: the policy module's successful `VerifyRequest` calls, one block per
/// enrollment, in the CMTrace layout of its Configuration Manager heritage (local time; the
/// number after it is the bias in minutes, UTC = local + bias, so `-060` in CET).
pub fn ndes_plugin_log() -> String {
    let mut lines = Vec::new();
    for at in enrollments() {
        for (ms, text) in [
            (1_098, "Calling VerifyRequest ..."),
            (1_104, "Sending request to certificate registration point."),
            (2_231, "Verify challenge returns true"),
            (2_233, "Exiting VerifyRequest with 0x0"),
        ] {
            let t = local(at + Duration::milliseconds(ms));
            let bias = -i32::from(t.offset().whole_hours()) * 60;
            lines.push(format!(
                "<![LOG[{text}]LOG]!><time=\"{:02}:{:02}:{:02}.{:03}{bias:+04}\" date=\"{:02}-{:02}-{:04}\" component=\"NDESPlugin\" context=\"\" type=\"1\" thread=\"3476\" file=\"\">",
                t.hour(),
                t.minute(),
                t.second(),
                t.millisecond(),
                u8::from(t.month()),
                t.day(),
                t.year()
            ));
        }
    }
    crlf_lines(&lines)
}

/// One `E2ETraceEvent` record of a WCF `.svclog` (one record per line).
fn trace(at: OffsetDateTime, source: &str, process: &str, pid: u32, message: &str) -> String {
    let l = at;
    format!(
        "<E2ETraceEvent xmlns=\"http://schemas.microsoft.com/2004/06/E2ETraceEvent\"><System xmlns=\"http://schemas.microsoft.com/2004/06/windows/eventlog/system\"><EventID>0</EventID><Type>3</Type><SubType Name=\"Information\">0</SubType><Level>8</Level><TimeCreated SystemTime=\"{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:07}Z\" /><Source Name=\"{source}\" /><Correlation ActivityID=\"{{00000000-0000-0000-0000-000000000000}}\" /><Execution ProcessName=\"{process}\" ProcessID=\"{pid}\" ThreadID=\"14\" /><Channel /><Computer>{HOST}</Computer></System><ApplicationData>{message}</ApplicationData></E2ETraceEvent>",
        l.year(),
        u8::from(l.month()),
        l.day(),
        l.hour(),
        l.minute(),
        l.second(),
        l.nanosecond() / 100
    )
}

/// The legacy connector's `CertificateRegistrationPoint_*.svclog`: challenge validations.
pub fn crp_svclog() -> String {
    let mut lines = Vec::new();
    for at in enrollments() {
        let id = transaction_id(at);
        for (ms, text) in [
            (
                1_201,
                format!("VerifyRequest Started. Transaction ID: {id}"),
            ),
            (
                1_877,
                "Validation Phase 1 finished with status True.".to_owned(),
            ),
            (
                2_019,
                "Validation Phase 2 finished with status True.".to_owned(),
            ),
            (
                2_187,
                "Validation Phase 3 finished with status True.".to_owned(),
            ),
            (2_203, "VerifyRequest Finished with status True".to_owned()),
        ] {
            lines.push(trace(
                at + Duration::milliseconds(ms),
                "CertificateRegistrationPoint",
                "w3wp",
                4312,
                &text,
            ));
        }
    }
    crlf_lines(&lines)
}

/// The legacy connector's `NDESConnector_*.svclog`: start-up and its hourly check-ins.
pub fn connector_svclog() -> String {
    let start = boot_time() + Duration::seconds(73);
    let mut lines = vec![
        trace(
            start,
            "NDESConnector",
            "NDESConnectorSvc",
            2968,
            "Intune Connector Service starting.",
        ),
        trace(
            start + Duration::milliseconds(950),
            "NDESConnector",
            "NDESConnectorSvc",
            2968,
            "Connected to the Intune service.",
        ),
    ];
    let mut at = utc(2026, 11, 20, 0, 2, 11);
    while at < super::host::collected_at() {
        lines.push(trace(
            at,
            "NDESConnector",
            "NDESConnectorSvc",
            2968,
            "Checked the Intune service for certificate requests: none pending.",
        ));
        at += Duration::hours(1);
    }
    crlf_lines(&lines)
}

/// `C:\Windows\System32\LogFiles\HTTPERR\httperr1.log`: only idle connections the reverse
/// proxy left open, which HTTP.sys logs as `Timer_ConnectionIdle`.
pub fn httperr_log() -> String {
    let mut lines = vec![
        "#Software: Microsoft HTTP API 2.0".to_owned(),
        "#Version: 1.0".to_owned(),
    ];
    let times: Vec<OffsetDateTime> = enrollments()
        .into_iter()
        .map(|at| at + Duration::seconds(122))
        .collect();
    if let Some(first) = times.first() {
        lines.push(format!("#Date: {}", super::clock::iso_space(*first)));
    }
    lines.push("#Fields: date time c-ip c-port s-ip s-port cs-version cs-method cs-uri streamid sc-status s-siteid s-reason s-queuename".into());
    for (i, at) in times.iter().enumerate() {
        lines.push(format!(
            "{} {} {} {IP} 443 - - - - - - Timer_ConnectionIdle -",
            super::clock::iso_space(*at),
            super::host::PROXY_IP,
            50_112 + i * 17
        ));
    }
    crlf_lines(&lines)
}

/// `Get-ADUser -Identity svc-ndes -Properties * | Select-Object ...`: enabled, not locked,
/// password set last year and never expiring, HTTP SPNs for both names.
pub fn ad_user(shell: Shell) -> Json {
    Json::object([
        ("Name", Json::str("svc-ndes")),
        ("SamAccountName", Json::str("svc-ndes")),
        ("UserPrincipalName", Json::str("svc-ndes@corp.contoso.com")),
        (
            "DistinguishedName",
            Json::str("CN=svc-ndes,OU=Service Accounts,DC=corp,DC=contoso,DC=com"),
        ),
        ("ObjectClass", Json::str("user")),
        ("Enabled", Json::Bool(true)),
        ("LockedOut", Json::Bool(false)),
        ("PasswordExpired", Json::Bool(false)),
        ("PasswordNeverExpires", Json::Bool(true)),
        ("PasswordLastSet", shell.date(utc(2025, 5, 28, 12, 41, 7))),
        ("AccountExpirationDate", Json::Null),
        (
            "ServicePrincipalName",
            Json::Array(spns().iter().map(|s| Json::str(*s)).collect()),
        ),
        ("SID", security_identifier(SERVICE_ACCOUNT_SID)),
    ])
}

fn spns() -> [&'static str; 3] {
    [
        "HTTP/ndes.contoso.com",
        "HTTP/ndes01.corp.contoso.com",
        "HTTP/NDES01",
    ]
}

/// `setspn -L CORP\svc-ndes` output lines.
pub fn setspn() -> Vec<String> {
    let mut lines = vec![
        "Registered ServicePrincipalNames for CN=svc-ndes,OU=Service Accounts,DC=corp,DC=contoso,DC=com:"
            .to_owned(),
    ];
    lines.extend(spns().iter().map(|spn| format!("\t{spn}")));
    lines
}

/// The `u_exYYMMDD.log` name of a day.
pub fn w3c_name(day: u8) -> String {
    format!("u_ex2611{day:02}.log")
}

/// When the legacy connector's traces started (the service start after the reboot), for
/// their `NDESConnector_<date>_<time>.svclog` names.
pub fn svclog_stamp() -> String {
    let l = local(boot_time() + Duration::seconds(73));
    format!(
        "{:04}-{:02}-{:02}_{:02}{:02}{:02}",
        l.year(),
        u8::from(l.month()),
        l.day(),
        l.hour(),
        l.minute(),
        l.second()
    )
}
