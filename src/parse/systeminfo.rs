//! `systeminfo` text.
//!
//! English output: a 27-column label field, then the value; multi-value items continue on
//! lines indented by 27 spaces. Some labels contain colons themselves.
//!
//! ```text
//!
//! Host Name:                 NDES01
//! OS Name:                   Microsoft Windows Server 2019 Standard
//! OS Version:                10.0.17763 N/A Build 17763
//! Registered Organization:
//! Virtual Memory: Max Size:  9,471 MB
//! Domain:                    contoso.com
//! Hotfix(s):                 3 Hotfix(s) Installed.
//!                            [01]: KB5020627
//! ```
//!
//! Only the labels scepter uses are read, each matched at the start of a line, so indented
//! continuation lines and colon-bearing labels never get in the way.

use super::ParseError;
use crate::model::{Spanned, SystemInfo};
use crate::source::Source;

const HOST_NAME: &str = "Host Name:";
const OS_NAME: &str = "OS Name:";
const OS_VERSION: &str = "OS Version:";
const DOMAIN: &str = "Domain:";

/// Recognizes `systeminfo` output.
pub fn sniff(text: &str) -> bool {
    let has = |label: &str| text.lines().any(|l| l.starts_with(label));
    has(HOST_NAME) && has(OS_NAME)
}

/// Parses `systeminfo` output.
pub fn parse(source: &Source) -> Result<SystemInfo, ParseError> {
    let mut info = SystemInfo::default();
    for line in source.text.lines() {
        for (label, slot) in [
            (HOST_NAME, &mut info.host_name),
            (OS_NAME, &mut info.os_name),
            (OS_VERSION, &mut info.os_version),
            (DOMAIN, &mut info.domain),
        ] {
            if slot.is_none() {
                *slot = field(source, line, label);
            }
        }
    }
    if info.host_name.is_none() && info.os_name.is_none() {
        return Err(ParseError::whole_file(
            "systeminfo output without a `Host Name:` or `OS Name:` line",
        ));
    }
    Ok(info)
}

/// The value of `line` when it starts with `label`; `None` for another label or no value.
fn field(source: &Source, line: &str, label: &str) -> Option<Spanned<String>> {
    let value = line.strip_prefix(label)?.trim();
    (!value.is_empty()).then(|| Spanned::new(value.to_string(), source.span_of(value)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceId;

    const SAMPLE: &[&str] = &[
        "",
        "Host Name:                 NDES01",
        "OS Name:                   Microsoft Windows Server 2019 Standard",
        "OS Version:                10.0.17763 N/A Build 17763",
        "OS Manufacturer:           Microsoft Corporation",
        "OS Configuration:          Member Server",
        "OS Build Type:             Multiprocessor Free",
        "Registered Owner:          Windows User",
        "Registered Organization:",
        "Product ID:                00429-70000-00000-AA535",
        "Original Install Date:     3/7/2022, 2:33:36 AM",
        "System Boot Time:          11/4/2024, 6:02:11 AM",
        "System Manufacturer:       VMware, Inc.",
        "System Model:              VMware7,1",
        "System Type:               x64-based PC",
        "Processor(s):              2 Processor(s) Installed.",
        "                           [01]: Intel64 Family 6 Model 85 Stepping 7 GenuineIntel ~2394 Mhz",
        "                           [02]: Intel64 Family 6 Model 85 Stepping 7 GenuineIntel ~2394 Mhz",
        "BIOS Version:              VMware, Inc. VMW71.00V.16707776.B64.2008070230, 8/7/2020",
        "Windows Directory:         C:\\Windows",
        "System Directory:          C:\\Windows\\system32",
        "Boot Device:               \\Device\\HarddiskVolume1",
        "System Locale:             en-us;English (United States)",
        "Input Locale:              en-us;English (United States)",
        "Time Zone:                 (UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna",
        "Total Physical Memory:     8,191 MB",
        "Available Physical Memory: 4,870 MB",
        "Virtual Memory: Max Size:  9,471 MB",
        "Virtual Memory: Available: 5,902 MB",
        "Virtual Memory: In Use:    3,569 MB",
        "Page File Location(s):     C:\\pagefile.sys",
        "Domain:                    contoso.com",
        "Logon Server:              \\\\DC01",
        "Hotfix(s):                 3 Hotfix(s) Installed.",
        "                           [01]: KB5020627",
        "                           [02]: KB5022286",
        "                           [03]: KB5021085",
        "Network Card(s):           1 NIC(s) Installed.",
        "                           [01]: vmxnet3 Ethernet Adapter",
        "                                 Connection Name: Ethernet0",
        "                                 DHCP Enabled:    No",
        "                                 IP address(es)",
        "                                 [01]: 10.0.0.25",
        "                                 [02]: fe80::1c2d:3e4f:5a6b:7c8d",
        "Hyper-V Requirements:      A hypervisor has been detected. Features required for Hyper-V will not be displayed.",
    ];

    fn src(text: &str) -> Source {
        Source::text(SourceId(0), "systeminfo.txt", text.to_string(), None)
    }

    #[test]
    fn reads_the_sample() {
        let text: String = SAMPLE.iter().map(|l| format!("{l}\r\n")).collect();
        assert!(sniff(&text));
        let source = src(&text);
        let info = parse(&source).unwrap();
        let check = |field: &Option<Spanned<String>>, value: &str, line: usize| {
            let field = field.as_ref().unwrap();
            assert_eq!(field.value, value);
            assert_eq!(source.slice(field.span.unwrap()), value);
            assert_eq!(source.line_col(field.span.unwrap().start), (line, 28));
        };
        check(&info.host_name, "NDES01", 2);
        check(&info.os_name, "Microsoft Windows Server 2019 Standard", 3);
        check(&info.os_version, "10.0.17763 N/A Build 17763", 4);
        check(&info.domain, "contoso.com", 32);
    }

    #[test]
    fn indented_or_embedded_labels_are_not_matched() {
        assert!(!sniff("  Host Name: x\r\nOS Name: y\r\n"));
        assert!(!sniff("The Host Name: x and OS Name: y"));
        let info = parse(&src("Host Name:    H\r\n    Domain: nope\r\n")).unwrap();
        assert_eq!(info.domain, None);
        assert_eq!(info.os_name, None);
    }

    #[test]
    fn neither_host_nor_os_name_is_an_error() {
        assert!(parse(&src("Domain:   contoso.com\r\n")).is_err());
        assert!(parse(&src("Host Name:\r\nOS Name:\r\n")).is_err());
        assert!(parse(&src("")).is_err());
    }
}
