//! Per-user WinINET ("Internet Options") proxy settings: the `Internet Settings` key
//! and the `Connections\DefaultConnectionSettings` blob that goes with it.

use crate::reg::{RegData, RegKey};

/// PROXY_TYPE_DIRECT: always set.
pub const FLAG_DIRECT: u32 = 0x01;
/// PROXY_TYPE_PROXY: "Use a proxy server" ticked.
pub const FLAG_PROXY: u32 = 0x02;
/// PROXY_TYPE_AUTO_DETECT: "Automatically detect settings" ticked.
pub const FLAG_AUTO_DETECT: u32 = 0x08;

/// The LAN settings of one user profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanSettings {
    /// Blob flags (`FLAG_*`).
    pub flags: u32,
    /// Proxy server text; empty when none was ever entered.
    pub proxy: String,
    /// Bypass list text; empty when none.
    pub bypass: String,
}

impl LanSettings {
    /// Manual proxy, auto-detect off (flags 0x03).
    pub fn manual(proxy: &str, bypass: &str) -> Self {
        Self {
            flags: FLAG_DIRECT | FLAG_PROXY,
            proxy: proxy.to_owned(),
            bypass: bypass.to_owned(),
        }
    }

    /// A fresh profile: direct with auto-detect (flags 0x09), no strings.
    pub fn fresh() -> Self {
        Self {
            flags: FLAG_DIRECT | FLAG_AUTO_DETECT,
            proxy: String::new(),
            bypass: String::new(),
        }
    }

    fn proxy_enabled(&self) -> bool {
        self.flags & FLAG_PROXY != 0
    }
}

/// The version-0x46 connection blob (IE7 and later) with a given change counter.
pub fn connection_blob(settings: &LanSettings, counter: u32) -> Vec<u8> {
    let mut blob = Vec::new();
    blob.extend_from_slice(&0x46u32.to_le_bytes());
    blob.extend_from_slice(&counter.to_le_bytes());
    blob.extend_from_slice(&settings.flags.to_le_bytes());
    for field in [settings.proxy.as_str(), settings.bypass.as_str(), ""] {
        blob.extend_from_slice(&(field.len() as u32).to_le_bytes());
        blob.extend_from_slice(field.as_bytes());
    }
    // Auto-discovery trailer: zero unless WPAD ever ran.
    blob.extend_from_slice(&[0u8; 32]);
    blob
}

/// Which profile an export belongs to; the interactive admin has a few more values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// LocalSystem (`HKU\S-1-5-18`).
    System,
    /// An interactive user who has opened Internet Options.
    Interactive,
}

/// The `...\Internet Settings` key of the hive rooted at `hive` (e.g. `HKEY_USERS\S-1-5-18`),
/// trimmed to the values and subkeys that matter, in the order Windows creates them.
pub fn internet_settings_key(
    hive: &str,
    profile: Profile,
    lan: &LanSettings,
    counter: u32,
) -> RegKey {
    let path = format!("{hive}\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings");
    let mut key = RegKey::new(path)
        .value("IE5_UA_Backup_Flag", RegData::Sz("5.0".into()))
        .value(
            "User Agent",
            RegData::Sz("Mozilla/4.0 (compatible; MSIE 8.0; Win32)".into()),
        )
        .value("EmailName", RegData::Sz("User@".into()))
        .value("PrivDiscUiShown", RegData::Dword(1))
        .value("EnableHttp1_1", RegData::Dword(1))
        .value("WarnOnIntranet", RegData::Dword(1))
        .value(
            "MimeExclusionListForCache",
            RegData::Sz("multipart/mixed multipart/x-mixed-replace multipart/x-byteranges ".into()),
        )
        .value("AutoConfigProxy", RegData::Sz("wininet.dll".into()))
        .value("UseSchannelDirectly", RegData::Binary(vec![1, 0, 0, 0]))
        .value("WarnOnPost", RegData::Binary(vec![1, 0, 0, 0]))
        .value("UrlEncoding", RegData::Dword(0))
        .value("SecureProtocols", RegData::Dword(0xa80))
        .value("PrivacyAdvanced", RegData::Dword(1))
        .value(
            "ZonesSecurityUpgrade",
            RegData::Binary(vec![0x6a, 0xc2, 0x55, 0xb1, 0x03, 0x91, 0xd8, 0x01]),
        )
        .value("DisableCachingOfSSLPages", RegData::Dword(0))
        .value("WarnonZoneCrossing", RegData::Dword(0))
        .value("CertificateRevocation", RegData::Dword(1));
    if profile == Profile::Interactive {
        key = key
            .value("EnableNegotiate", RegData::Dword(1))
            .value("MigrateProxy", RegData::Dword(1));
    }
    key = key.value(
        "ProxyEnable",
        RegData::Dword(u32::from(lan.proxy_enabled())),
    );
    // Windows keeps the text values only once somebody entered them.
    if !lan.proxy.is_empty() {
        key = key.value("ProxyServer", RegData::Sz(lan.proxy.clone()));
    }
    if !lan.bypass.is_empty() {
        key = key.value("ProxyOverride", RegData::Sz(lan.bypass.clone()));
    }
    key.subkey("Connections", |k| {
        k.value(
            "DefaultConnectionSettings",
            RegData::Binary(connection_blob(lan, counter)),
        )
        .value(
            "SavedLegacySettings",
            RegData::Binary(connection_blob(lan, counter + 1)),
        )
    })
    .subkey("ZoneMap", |k| {
        k.value("ProxyBypass", RegData::Dword(1))
            .value("IntranetName", RegData::Dword(1))
            .value("UNCAsIntranet", RegData::Dword(1))
            .value("AutoDetect", RegData::Dword(0))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reg::value_line;

    #[test]
    fn empty_blob_is_56_bytes_like_the_documented_one() {
        let lan = LanSettings {
            flags: FLAG_DIRECT,
            proxy: String::new(),
            bypass: String::new(),
        };
        let blob = connection_blob(&lan, 5);
        assert_eq!(blob.len(), 56);
        assert_eq!(&blob[..12], &[0x46, 0, 0, 0, 5, 0, 0, 0, 1, 0, 0, 0]);
    }

    #[test]
    fn system_fresh_profile_matches_formats_md() {
        let line = value_line(
            "\"DefaultConnectionSettings\"",
            &RegData::Binary(connection_blob(&LanSettings::fresh(), 3)),
        );
        assert_eq!(
            line,
            "\"DefaultConnectionSettings\"=hex:46,00,00,00,03,00,00,00,09,00,00,00,00,00,00,\\\r\n  \
             00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,\\\r\n  \
             00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00"
        );
    }

    #[test]
    fn manual_proxy_blob_carries_lengths_and_strings() {
        let lan = LanSettings::manual("proxy.corp.contoso.com:8080", "<local>;*.corp.contoso.com");
        let blob = connection_blob(&lan, 0x0c);
        assert_eq!(&blob[8..16], &[3, 0, 0, 0, 27, 0, 0, 0]);
        assert_eq!(&blob[16..43], b"proxy.corp.contoso.com:8080");
        assert_eq!(&blob[43..47], &[26, 0, 0, 0]);
        assert_eq!(&blob[47..73], b"<local>;*.corp.contoso.com");
        assert_eq!(&blob[73..77], &[0, 0, 0, 0]);
        assert_eq!(blob.len(), 77 + 32);
    }
}
