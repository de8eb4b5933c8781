//! Instants and the ways Windows prints them: the sample servers sit in Central European
//! time (UTC+1, UTC+2 in summer), and each tool has its own date layout.

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset, Weekday};

/// A UTC instant with seconds.
pub fn utc(year: i32, month: u8, day: u8, hour: u8, minute: u8, second: u8) -> OffsetDateTime {
    let month = Month::try_from(month).expect("valid month");
    let date = Date::from_calendar_date(year, month, day).expect("valid date");
    let time = Time::from_hms(hour, minute, second).expect("valid time");
    PrimitiveDateTime::new(date, time).assume_utc()
}

/// The last Sunday of a month: European summer time starts and ends on one, at 01:00 UTC.
fn last_sunday(year: i32, month: Month) -> Date {
    let mut day = Date::from_calendar_date(year, month, month.length(year)).expect("valid date");
    while day.weekday() != Weekday::Sunday {
        day = day.previous_day().expect("in range");
    }
    day
}

/// The offset of `W. Europe Standard Time` at `instant`.
pub fn cet_offset(instant: OffsetDateTime) -> UtcOffset {
    let year = instant.year();
    let one_am = Time::from_hms(1, 0, 0).expect("valid time");
    let start = PrimitiveDateTime::new(last_sunday(year, Month::March), one_am).assume_utc();
    let end = PrimitiveDateTime::new(last_sunday(year, Month::October), one_am).assume_utc();
    let hours = if instant >= start && instant < end {
        2
    } else {
        1
    };
    UtcOffset::from_hms(hours, 0, 0).expect("valid offset")
}

/// `instant` on the server's wall clock.
pub fn local(instant: OffsetDateTime) -> OffsetDateTime {
    instant.to_offset(cet_offset(instant))
}

/// Milliseconds since the Unix epoch, what Windows PowerShell 5.1 puts in `\/Date(...)\/`.
pub fn unix_ms(instant: OffsetDateTime) -> i64 {
    (instant.unix_timestamp_nanos() / 1_000_000) as i64
}

/// A Windows PowerShell 5.1 JSON date: `"\/Date(1700000000000)\/"` (the JSON text).
pub fn ps51_date(instant: OffsetDateTime) -> String {
    format!("\"\\/Date({})\\/\"", unix_ms(instant))
}

/// A PowerShell 7 JSON date of a local `DateTime`: `2026-11-20T08:00:00+01:00`, fractions
/// only when there are any.
pub fn ps7_date(instant: OffsetDateTime) -> String {
    let l = local(instant);
    let offset = l.offset();
    let fraction = match l.nanosecond() / 100 {
        0 => String::new(),
        ticks => format!(".{ticks:07}"),
    };
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{fraction}{:+03}:{:02}",
        l.year(),
        u8::from(l.month()),
        l.day(),
        l.hour(),
        l.minute(),
        l.second(),
        offset.whole_hours(),
        offset.minutes_past_hour().abs()
    )
}

/// 12-hour clock parts: hour 1-12 and `AM`/`PM`.
fn twelve(hour: u8) -> (u8, &'static str) {
    let suffix = if hour < 12 { "AM" } else { "PM" };
    let hour = match hour % 12 {
        0 => 12,
        h => h,
    };
    (hour, suffix)
}

/// en-US short date: `11/20/2026`.
pub fn us_date(l: OffsetDateTime) -> String {
    format!("{}/{}/{}", u8::from(l.month()), l.day(), l.year())
}

/// `certutil`'s local `M/d/yyyy h:mm AM`.
pub fn certutil_time(instant: OffsetDateTime) -> String {
    let l = local(instant);
    let (hour, suffix) = twelve(l.hour());
    format!("{} {hour}:{:02} {suffix}", us_date(l), l.minute())
}

/// `systeminfo`'s and `w32tm`'s local `M/d/yyyy, h:mm:ss AM` (`w32tm` drops the comma).
pub fn us_time(instant: OffsetDateTime, comma: bool) -> String {
    let l = local(instant);
    let (hour, suffix) = twelve(l.hour());
    let sep = if comma { "," } else { "" };
    format!(
        "{}{sep} {hour}:{:02}:{:02} {suffix}",
        us_date(l),
        l.minute(),
        l.second()
    )
}

/// ISO `yyyy-MM-dd HH:mm:ss` of the UTC instant (IIS logs).
pub fn iso_space(instant: OffsetDateTime) -> String {
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        instant.year(),
        u8::from(instant.month()),
        instant.day(),
        instant.hour(),
        instant.minute(),
        instant.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summer_time_follows_the_eu_rule() {
        assert_eq!(cet_offset(utc(2026, 3, 29, 0, 59, 0)).whole_hours(), 1);
        assert_eq!(cet_offset(utc(2026, 3, 29, 1, 0, 0)).whole_hours(), 2);
        assert_eq!(cet_offset(utc(2026, 10, 25, 0, 59, 0)).whole_hours(), 2);
        assert_eq!(cet_offset(utc(2026, 10, 25, 1, 0, 0)).whole_hours(), 1);
    }

    #[test]
    fn layouts() {
        let t = utc(2026, 11, 20, 8, 14, 3);
        assert_eq!(ps7_date(t), "2026-11-20T09:14:03+01:00");
        assert_eq!(certutil_time(t), "11/20/2026 9:14 AM");
        assert_eq!(us_time(t, true), "11/20/2026, 9:14:03 AM");
        assert_eq!(ps51_date(utc(1970, 1, 1, 0, 0, 1)), "\"\\/Date(1000)\\/\"");
        assert_eq!(certutil_time(utc(2026, 6, 1, 11, 5, 0)), "6/1/2026 1:05 PM");
    }
}
