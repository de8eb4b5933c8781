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
//!
//! `System Boot Time` is local time in the user's date format (`11/2/2026, 6:02:11 AM` in
//! en-US, `02/11/2026, 06:02:11` in en-GB, `02.11.2026, 06:02:11` in de-DE) and carries no
//! zone. It is converted to UTC with the standard offset of the `Time Zone` line
//! (`(UTC+01:00) Amsterdam, ...`); systeminfo does not say whether daylight saving time was in
//! force, so the result can be an hour late, never early. A date whose day and month cannot
//! be told apart, or a missing zone, leaves the boot time unknown.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};

use super::ParseError;
use crate::model::{Spanned, SystemInfo};
use crate::source::Source;

const HOST_NAME: &str = "Host Name:";
const OS_NAME: &str = "OS Name:";
const OS_VERSION: &str = "OS Version:";
const DOMAIN: &str = "Domain:";
const BOOT_TIME: &str = "System Boot Time:";
const TIME_ZONE: &str = "Time Zone:";

/// Recognizes `systeminfo` output.
pub fn sniff(text: &str) -> bool {
    let has = |label: &str| text.lines().any(|l| l.starts_with(label));
    has(HOST_NAME) && has(OS_NAME)
}

/// Parses `systeminfo` output.
pub fn parse(source: &Source) -> Result<SystemInfo, ParseError> {
    let mut info = SystemInfo::default();
    let mut boot_time = None;
    let mut time_zone = None;
    for line in source.text.lines() {
        for (label, slot) in [
            (HOST_NAME, &mut info.host_name),
            (OS_NAME, &mut info.os_name),
            (OS_VERSION, &mut info.os_version),
            (DOMAIN, &mut info.domain),
            (BOOT_TIME, &mut boot_time),
            (TIME_ZONE, &mut time_zone),
        ] {
            if slot.is_none() {
                *slot = field(source, line, label);
            }
        }
    }
    let offset = time_zone.and_then(|zone| standard_offset(&zone.value));
    info.last_boot = boot_time.and_then(|boot| {
        let at = local_time(&boot.value, offset?)?;
        Some(Spanned {
            value: at,
            span: boot.span,
        })
    });
    info.last_boot_from_local = info.last_boot.is_some();
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

/// The offset of a `Time Zone` value: `(UTC+01:00) Amsterdam, ...`, `(UTC) Coordinated
/// Universal Time`, `(UTC-05:00) Eastern Time (US & Canada)`.
fn standard_offset(zone: &str) -> Option<FixedOffset> {
    let inside = zone.strip_prefix("(UTC")?;
    let (offset, _) = inside.split_once(')')?;
    if offset.is_empty() {
        return FixedOffset::east_opt(0);
    }
    let (sign, hhmm) = offset.split_at_checked(1)?;
    let (hours, minutes) = hhmm.split_once(':')?;
    let seconds = (hours.parse::<i32>().ok()? * 60 + minutes.parse::<i32>().ok()?) * 60;
    match sign {
        "+" => FixedOffset::east_opt(seconds),
        "-" => FixedOffset::west_opt(seconds),
        _ => None,
    }
}

/// A `System Boot Time` value read as local time at `offset`.
fn local_time(text: &str, offset: FixedOffset) -> Option<DateTime<FixedOffset>> {
    let (date, clock) = text.split_once(',')?;
    let (clock, meridiem) = match clock.trim().split_once(' ') {
        Some((clock, word)) => (clock, Some(word.trim())),
        None => (clock.trim(), None),
    };
    let mut parts = clock.split(':').map(|p| p.parse::<u32>().ok());
    let (Some(Some(mut hour)), Some(Some(minute)), Some(Some(second)), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    // Upper-case AM/PM is the en-US format, which writes the month first.
    let us_order = match meridiem {
        Some("AM") | Some("PM") if hour == 0 || hour > 12 => return None,
        Some("AM") => {
            hour %= 12;
            true
        }
        Some("PM") => {
            hour = hour % 12 + 12;
            true
        }
        Some(_) => return None,
        None => false,
    };
    let date = calendar_date(date.trim(), us_order)?;
    let naive = date.and_time(NaiveTime::from_hms_opt(hour, minute, second)?);
    naive.and_local_timezone(offset).single()
}

/// `11/2/2026` (month first when `us_order`), `02/11/2026` (day first, told apart only when
/// one of the two is above 12), `02.11.2026`, or `2026-11-02`.
fn calendar_date(text: &str, us_order: bool) -> Option<NaiveDate> {
    let numbers = |sep: char| -> Option<[u32; 3]> {
        let mut parts = text.split(sep).map(|p| p.parse::<u32>().ok());
        match (parts.next(), parts.next(), parts.next(), parts.next()) {
            (Some(Some(a)), Some(Some(b)), Some(Some(c)), None) => Some([a, b, c]),
            _ => None,
        }
    };
    let ymd = |y: u32, m: u32, d: u32| NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d);
    if let Some([a, b, year]) = numbers('/') {
        let month_first = us_order || (a <= 12 && b > 12);
        let day_first = !us_order && a > 12 && b <= 12;
        return match (month_first, day_first) {
            (true, _) => ymd(year, a, b),
            (_, true) => ymd(year, b, a),
            _ => None,
        };
    }
    if let Some([day, month, year]) = numbers('.') {
        return ymd(year, month, day);
    }
    let [year, month, day] = numbers('-')?;
    ymd(year, month, day)
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
        // 6:02:11 AM at UTC+01:00.
        let boot = info.last_boot.unwrap();
        assert_eq!(boot.value.to_rfc3339(), "2024-11-04T06:02:11+01:00");
        assert_eq!(source.slice(boot.span.unwrap()), "11/4/2024, 6:02:11 AM");
        assert!(info.last_boot_from_local);
    }

    fn boot(value: &str, zone: &str) -> Option<String> {
        let text = format!(
            "Host Name:                 NDES01\r\nSystem Boot Time:          {value}\r\nTime Zone:                 {zone}\r\n"
        );
        let info = parse(&src(&text)).unwrap();
        info.last_boot.map(|t| t.value.to_rfc3339())
    }

    #[test]
    fn boot_time_in_other_formats_and_zones() {
        let cet = "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna";
        let eastern = "(UTC-05:00) Eastern Time (US & Canada)";
        let utc = "(UTC) Coordinated Universal Time";
        let india = "(UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi";
        let at = |s: &str| Some(s.to_string());
        assert_eq!(
            boot("11/2/2026, 6:02:11 PM", eastern),
            at("2026-11-02T18:02:11-05:00")
        );
        assert_eq!(
            boot("11/2/2026, 12:30:00 AM", utc),
            at("2026-11-02T00:30:00+00:00")
        );
        assert_eq!(
            boot("11/2/2026, 12:30:00 PM", india),
            at("2026-11-02T12:30:00+05:30")
        );
        // en-GB: day first, 24-hour clock; told apart only when the day is above 12.
        assert_eq!(
            boot("20/11/2026, 06:02:11", cet),
            at("2026-11-20T06:02:11+01:00")
        );
        assert_eq!(
            boot("11/20/2026, 06:02:11", cet),
            at("2026-11-20T06:02:11+01:00")
        );
        assert_eq!(boot("02/11/2026, 06:02:11", cet), None);
        assert_eq!(
            boot("02.11.2026, 06:02:11", cet),
            at("2026-11-02T06:02:11+01:00")
        );
        assert_eq!(
            boot("2026-11-02, 06:02:11", cet),
            at("2026-11-02T06:02:11+01:00")
        );
        // Lower-case meridiems are day-first locales (en-AU): not guessed.
        assert_eq!(boot("2/11/2026, 6:02:11 am", cet), None);
        assert_eq!(boot("11/2/2026, 13:02:11 PM", cet), None);
        assert_eq!(boot("11/2/2026, 6:02:11 AM", "Pacific"), None);
        assert_eq!(boot("not a date", cet), None);
    }

    #[test]
    fn no_zone_line_leaves_the_boot_time_unknown() {
        let info = parse(&src(
            "Host Name:                 NDES01\r\nSystem Boot Time:          11/2/2026, 6:02:11 AM\r\n",
        ))
        .unwrap();
        assert_eq!(info.last_boot, None);
        assert!(!info.last_boot_from_local);
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
