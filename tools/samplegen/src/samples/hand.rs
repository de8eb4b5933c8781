//! A bundle a customer put together by hand with PowerShell 7, following a subset of
//! `docs/collecting.md`, and zipped with `Compress-Archive` before sending it.

use std::io::{Cursor, Write};
use std::path::Path;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::certs::{StoreCert, cert_provider_json};
use super::collector::my_store;
use super::host::{ADMIN_SID, INET_KEY, Server};
use super::iis;
use super::registry;
use super::services::{get_service, services, win32_service};
use super::shell::Shell;
use super::system;
use crate::Result;
use crate::bundle::Bundle;
use crate::inet::{LanSettings, Profile, internet_settings_key};
use crate::pki::{Cert, Pki};
use crate::reg;
use crate::winfmt::{CRLF, WinHttpProxy, netsh_winhttp_show_proxy};

const SHELL: Shell = Shell::PowerShell7;
const CERT_FIELDS: &str = "Subject,Issuer,Thumbprint,SerialNumber,NotBefore,NotAfter,HasPrivateKey,EnhancedKeyUsageList,DnsNameList,PSParentPath";

/// The hand-collected files of `server`, in the order they were pasted.
pub fn hand_bundle(pki: &Pki, server: &Server) -> Bundle {
    let mut bundle = Bundle::by_hand();
    // `reg export` writes UTF-16LE whatever shell runs it.
    let mut export = |path: &str, key: &str, data: &crate::reg::RegKey| {
        bundle.add(
            path,
            &format!(r#"reg export "{key}" {} /y"#, path.replace('/', "\\")),
            reg::export(data),
        );
    };
    export(
        "registry/MSCEP.reg",
        r"HKLM\SOFTWARE\Microsoft\Cryptography\MSCEP",
        &registry::mscep(server.templates, None),
    );
    export(
        "registry/HTTP-Parameters.reg",
        r"HKLM\SYSTEM\CurrentControlSet\Services\HTTP\Parameters",
        &registry::http_parameters(&server.web_cert.thumbprint),
    );
    export(
        "registry/Uninstall.reg",
        r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall",
        &registry::uninstall(server),
    );
    export(
        "registry/InternetSettings-SYSTEM.reg",
        &format!(r"HKU\S-1-5-18\{INET_KEY}"),
        &internet_settings_key(
            r"HKEY_USERS\S-1-5-18",
            Profile::System,
            &LanSettings::fresh(),
            0x03,
        ),
    );
    export(
        "registry/InternetSettings-CurrentUser.reg",
        &format!(r"HKU\{ADMIN_SID}\{INET_KEY}"),
        &internet_settings_key(
            &format!(r"HKEY_USERS\{ADMIN_SID}"),
            Profile::Interactive,
            &LanSettings::fresh(),
            0x05,
        ),
    );
    // PowerShell 7.4 passes a native program's bytes through: ASCII here, CRLF, no BOM.
    bundle.add(
        "network/winhttp-proxy.txt",
        r"netsh winhttp show proxy > network\winhttp-proxy.txt",
        netsh_winhttp_show_proxy(&WinHttpProxy::Direct).into_bytes(),
    );
    bundle.add(
        "network/http-sslcert.txt",
        r"netsh http show sslcert > network\http-sslcert.txt",
        SHELL.native_file(&iis::sslcert(
            server.os.sslcert,
            &server.web_cert.thumbprint,
        )),
    );
    bundle.add(
        "system/systeminfo.txt",
        r"systeminfo > system\systeminfo.txt",
        SHELL.text_file(&system::systeminfo_text(&server.os)),
    );
    bundle.add(
        "system/windowsfeatures.json",
        r"Get-WindowsFeature | Select-Object Name,DisplayName,Installed,InstallState | ConvertTo-Json -EnumsAsStrings > system\windowsfeatures.json",
        SHELL.json_file(&system::windows_features(&server.os, SHELL)),
    );
    let all = services(server);
    bundle.add(
        "services/services.json",
        r"Get-Service | Select-Object Name,DisplayName,Status,StartType | ConvertTo-Json -EnumsAsStrings > services\services.json",
        SHELL.json_file(&get_service(&all, true)),
    );
    bundle.add(
        "services/win32-services.json",
        r"Get-CimInstance Win32_Service | Select-Object Name,DisplayName,State,StartMode,StartName,DelayedAutoStart,PathName | ConvertTo-Json > services\win32-services.json",
        SHELL.json_file(&win32_service(&all)),
    );
    let my = my_store(pki, server);
    let stores: [(&str, Vec<StoreCert>); 3] = [
        ("My", my),
        ("Root", without_key(&pki.root)),
        ("CA", without_key(&pki.issuing)),
    ];
    for (store, certs) in &stores {
        for sc in certs {
            let t = &sc.cert.thumbprint;
            let path = format!("certs/LocalMachine/{store}/{t}.cer");
            bundle.add_cert(
                &path,
                &format!(
                    r"Export-Certificate -Cert Cert:\LocalMachine\{store}\{t} -FilePath {} -Type CERT",
                    path.replace('/', "\\")
                ),
                &format!(r"LocalMachine\{store}"),
                sc.cert.der.clone(),
            );
        }
    }
    bundle.add(
        "certs/LocalMachine-My.json",
        &format!(
            r"Get-ChildItem Cert:\LocalMachine\My | Select-Object {CERT_FIELDS} | ConvertTo-Json > certs\LocalMachine-My.json"
        ),
        SHELL.json_file(&cert_provider_json("My", &stores[0].1, SHELL)),
    );
    // PowerShell 7's `-Encoding UTF8` has no BOM; Set-Content adds a line end.
    bundle.add(
        "iis/applicationHost.config",
        r"& $removePasswords (Get-Content -Raw $appHostPath) | Set-Content -Encoding UTF8 iis\applicationHost.config",
        format!("{}{CRLF}", iis::application_host(server)).into_bytes(),
    );
    bundle
}

fn without_key(cert: &Cert) -> Vec<StoreCert> {
    vec![StoreCert {
        cert: cert.clone(),
        key: None,
    }]
}

/// Zips `bundle` the way `Compress-Archive -Path <folder>` does: every file under one
/// top-level folder, deflated, stamped with its write time (local time, no zone). The files
/// were written a few seconds apart, the last at `last` (h, m, s) on 20 November 2026.
pub fn write_zip(bundle: &Bundle, top: &str, last: (u8, u8, u8), path: &Path) -> Result<()> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let files = bundle.files();
    let last_second = u32::from(last.0) * 3600 + u32::from(last.1) * 60 + u32::from(last.2);
    for (i, file) in files.iter().enumerate() {
        // Eight seconds per pasted command (DOS times have a 2-second grain), counted back
        // from the last file.
        let second = last_second - 8 * (files.len() - 1 - i) as u32;
        let time = DateTime::from_date_and_time(
            2026,
            11,
            20,
            (second / 3600) as u8,
            (second / 60 % 60) as u8,
            (second % 60) as u8,
        )?;
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .last_modified_time(time);
        writer.start_file(format!("{top}/{}", file.path), options)?;
        writer.write_all(&file.bytes)?;
    }
    let bytes = writer.finish()?.into_inner();
    std::fs::write(path, bytes)?;
    Ok(())
}
