//! The evidence a rule can require, and how a customer collects it.
//!
//! A rule names what it needs (`requires: [winhttp-proxy, registry:HKLM\SOFTWARE\...]`);
//! when the bundle lacks it the rule is *inconclusive* — never a warning by itself — and the
//! report says which command would decide it. A rule that finds the same symptom in any of
//! several places names them as alternatives (`iis-logs | ndesplugin-log`): one is enough.
//! Event and log kinds are precise (a channel, a kind of log), and an export that was
//! collected but holds no events still counts: the channel was read and was quiet.

/// One kind of evidence: its name in rule files, when a bundle has it (CEL), and how to collect it.
#[derive(Debug, Clone, Copy)]
pub struct EvidenceKind {
    /// The name used in `requires:`.
    pub name: &'static str,
    /// CEL that is true when the bundle carries this evidence.
    pub present: &'static str,
    /// The command that collects it, for the coverage line.
    pub collect: &'static str,
}

/// Every evidence kind rules may require (besides `registry:<key path>`).
pub const KINDS: &[EvidenceKind] = &[
    EvidenceKind {
        name: "certificates",
        present: "size(certificates) > 0",
        collect: "the certificate stores (collect-bundle.ps1, or `certutil -store -v my > certs-my.txt`)",
    },
    EvidenceKind {
        name: "machine-store",
        present: "certificates.exists(c, c.store == 'LocalMachine\\\\My')",
        collect: "`certutil -store -v my > certs-my.txt`",
    },
    EvidenceKind {
        name: "services",
        present: "size(services) > 0",
        collect: "`Get-Service | Select-Object Name,DisplayName,Status,StartType | ConvertTo-Json > services.json`",
    },
    EvidenceKind {
        name: "winhttp-proxy",
        present: "proxy.winhttp != null || proxy.winhttp_registry != null",
        collect: "`netsh winhttp show proxy > winhttp-proxy.txt`",
    },
    EvidenceKind {
        name: "system-proxy",
        present: "proxy.system != null",
        collect: "`reg export \"HKU\\S-1-5-18\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\" InternetSettings-SYSTEM.reg /y`",
    },
    EvidenceKind {
        name: "connector-events",
        present: "event_logs.exists(l, l.channel != null && l.channel.lowerAscii() in ['microsoft-intune-certificateconnectors/admin', 'microsoft-intune-certificateconnectors/operational'])",
        collect: "`Get-WinEvent -LogName 'Microsoft-Intune-CertificateConnectors/Admin' -MaxEvents 500 | ConvertTo-Json > events\\CertificateConnectors-Admin.json`, and the same for `Microsoft-Intune-CertificateConnectors/Operational` into `events\\CertificateConnectors-Operational.json`",
    },
    EvidenceKind {
        name: "legacy-connector-events",
        present: "event_logs.exists(l, l.channel != null && l.channel.lowerAscii() == 'microsoft intune connector')",
        collect: "`Get-WinEvent -LogName 'Microsoft Intune Connector' -MaxEvents 500 | ConvertTo-Json > events\\IntuneConnector.json`",
    },
    EvidenceKind {
        name: "deployment-events",
        present: "event_logs.exists(l, l.channel != null && l.channel.lowerAscii() == 'microsoft-windows-certificateservices-deployment/operational')",
        collect: "`Get-WinEvent -LogName 'Microsoft-Windows-CertificateServices-Deployment/Operational' -MaxEvents 500 | ConvertTo-Json > events\\CertificateServices-Deployment.json`",
    },
    EvidenceKind {
        name: "application-log",
        present: "event_logs.exists(l, l.channel != null && l.channel.lowerAscii() == 'application')",
        collect: "`Get-WinEvent -FilterHashtable @{LogName='Application'; StartTime=(Get-Date).AddDays(-7)} | ConvertTo-Json > events\\Application.json`",
    },
    EvidenceKind {
        name: "system-log",
        present: "event_logs.exists(l, l.channel != null && l.channel.lowerAscii() == 'system')",
        collect: "`Get-WinEvent -FilterHashtable @{LogName='System'; StartTime=(Get-Date).AddDays(-7)} | ConvertTo-Json > events\\System.json`",
    },
    EvidenceKind {
        name: "iis-logs",
        present: "log_files.exists(f, f.kind == 'iis')",
        collect: "the newest IIS logs: copy `%SystemDrive%\\inetpub\\logs\\LogFiles\\W3SVC1\\u_ex*.log` into `logs\\IIS\\W3SVC1`",
    },
    EvidenceKind {
        name: "ndesplugin-log",
        present: "log_files.exists(f, f.kind == 'ndesplugin')",
        collect: "the policy module's log: copy `%ProgramFiles%\\Microsoft Intune\\NDESPolicyModule\\Logs\\NDESPlugin.log` into `logs\\NDESPolicyModule`",
    },
    EvidenceKind {
        name: "connector-logs",
        present: "log_files.exists(f, f.kind == 'connector')",
        collect: "the legacy connector's traces: copy `%ProgramFiles%\\Microsoft Intune\\NDESConnectorSvc\\Logs\\Logs\\*.svclog` into `logs\\NDESConnectorSvc`",
    },
    EvidenceKind {
        name: "installer-log",
        present: "log_files.exists(f, f.kind == 'installer')",
        collect: "the connector's setup logs: copy `%TEMP%\\*Certificate*Connector*.log` into `logs\\Installer` and `%SystemDrive%\\NDESConnectorSetup\\*.log` into `logs\\NDESConnectorSetup`",
    },
    EvidenceKind {
        name: "iis-config",
        present: "size(iis.sites) > 0 || size(iis.request_limits) > 0",
        collect: "a copy of `%windir%\\System32\\inetsrv\\config\\applicationHost.config`",
    },
    EvidenceKind {
        name: "http-sslcert",
        present: "size(http_sslcert) > 0",
        collect: "`netsh http show sslcert > sslcert.txt`",
    },
    EvidenceKind {
        name: "windows-features",
        present: "size(features) > 0",
        collect: "`Get-WindowsFeature | ConvertTo-Json > features.json`",
    },
    EvidenceKind {
        name: "local-groups",
        present: "size(local_groups) > 0",
        collect: "`net localgroup IIS_IUSRS > localgroup-IIS_IUSRS.txt`",
    },
    EvidenceKind {
        name: "user-rights",
        present: "size(user_rights) > 0",
        collect: "`secedit /export /areas USER_RIGHTS /cfg user-rights.inf`",
    },
    EvidenceKind {
        name: "ad-accounts",
        present: "size(ad_accounts) > 0",
        collect: "`Get-ADUser <NDES service account> -Properties * | ConvertTo-Json > ad-user.json`",
    },
    EvidenceKind {
        name: "time-service",
        present: "time_service != null",
        collect: "`w32tm /query /status > w32tm.txt`",
    },
    EvidenceKind {
        name: "probes",
        present: "size(probes) > 0",
        collect: "the collector's probes (collect-bundle.ps1 writes probes.json)",
    },
    EvidenceKind {
        name: "crl-probes",
        present: "probes.exists(p, p.kind == 'crl' || p.kind == 'crl-not-probed')",
        collect: "the collector's CRL downloads (collect-bundle.ps1 fetches the CRL distribution points of the machine's certificates into probes.json; by hand, section 9 of docs/collecting.md)",
    },
    EvidenceKind {
        name: "os-info",
        present: "meta.os_version != null || meta.os_build != null",
        collect: "`systeminfo > systeminfo.txt`",
    },
    EvidenceKind {
        name: "installation-type",
        present: "meta.installation_type != null || reg_value('HKLM\\\\SOFTWARE\\\\Microsoft\\\\Windows NT\\\\CurrentVersion', 'InstallationType') != null",
        collect: "`Get-ComputerInfo | ConvertTo-Json > computerinfo.json`",
    },
    EvidenceKind {
        name: "domain-role",
        present: "meta.domain_role != null",
        collect: "`Get-ComputerInfo | ConvertTo-Json > computerinfo.json`",
    },
];

/// Separates alternatives in one requirement: `iis-logs | ndesplugin-log` is met by either.
pub const ALTERNATIVES: char = '|';

/// The prefix of a registry-key requirement.
pub const REGISTRY_PREFIX: &str = "registry:";

/// The kind named `name`, if any.
pub fn kind(name: &str) -> Option<&'static EvidenceKind> {
    KINDS.iter().find(|k| k.name == name)
}

/// The collect hint of each alternative of a requirement named `name` (`iis-logs |
/// ndesplugin-log` gives two), so a report can ask once for evidence several rules accept.
pub fn alternative_hints(name: &str) -> Vec<String> {
    name.split(ALTERNATIVES)
        .map(str::trim)
        .filter_map(
            |alternative| match alternative.strip_prefix(REGISTRY_PREFIX) {
                Some(path) => Some(registry_requirement(path.trim()).1),
                None => kind(alternative).map(|k| k.collect.to_string()),
            },
        )
        .collect()
}

/// CEL and collect hint for `registry:<key path>`.
pub fn registry_requirement(path: &str) -> (String, String) {
    let escaped = path.replace('\\', "\\\\").replace('\'', "\\'");
    (
        format!("reg('{escaped}') != null"),
        format!("`reg export \"{path}\" export.reg /y`"),
    )
}
