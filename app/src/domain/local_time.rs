//! Wall-clock times as `<input type="datetime-local">` sends them (`YYYY-MM-DDTHH:MM`), turned
//! into UTC milliseconds with the browser's offset, and back.

use crate::{error::AppError, i18n::td_string, locale::current_locale};

const MINUTE_MS: i64 = 60_000;
const DAY_MS: i64 = 24 * 60 * MINUTE_MS;

/// `local` is a wall-clock time; `utc_offset_minutes` is what the browser's
/// `Date.getTimezoneOffset()` returns (minutes to add to local time to reach UTC). `field` names
/// the field in the message, in the request's language (e.g. "The opening time").
pub fn parse_local(local: &str, utc_offset_minutes: i64, field: &str) -> Result<i64, AppError> {
    let invalid = || {
        AppError::invalid(
            td_string!(
                current_locale(),
                errors.date_time_format,
                field,
                got = format!("{:?}", local.trim())
            )
            .to_string(),
        )
    };
    let (date, time) = local.trim().split_once('T').ok_or_else(invalid)?;
    let days = parse_date(date).ok_or_else(invalid)?;
    // Seconds are optional: some browsers send `HH:MM:SS`.
    let mut time_parts = time.split(':').map(str::parse::<i64>);
    let (Some(Ok(hour)), Some(Ok(minute))) = (time_parts.next(), time_parts.next()) else {
        return Err(invalid());
    };
    let valid =
        (0..24).contains(&hour) && (0..60).contains(&minute) && utc_offset_minutes.abs() <= 18 * 60;
    if !valid {
        return Err(invalid());
    }
    let local_ms = days * DAY_MS + (hour * 60 + minute) * MINUTE_MS;
    Ok(local_ms + utc_offset_minutes * MINUTE_MS)
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date, as `<input type="date">` sends it.
pub fn parse_date(date: &str) -> Option<i64> {
    let mut parts = date.trim().split('-').map(str::parse::<i64>);
    let (Some(Ok(year)), Some(Ok(month)), Some(Ok(day)), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    let valid = (1970..=9999).contains(&year)
        && (1..=12).contains(&month)
        && (1..=days_in_month(year, month)).contains(&day);
    valid.then(|| days_from_civil(year, month, day))
}

/// The value for a `datetime-local` input showing `instant_ms` at the given offset.
pub fn format_local(instant_ms: i64, utc_offset_minutes: i64) -> String {
    // The wall-clock time at the offset is the UTC time of the shifted instant.
    let (year, month, day, hour, minute) = civil_utc(instant_ms - utc_offset_minutes * MINUTE_MS);
    format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}")
}

/// A UTC instant in words, e.g. `2030-01-31 17:00 UTC`; the browser replaces it with local time.
pub fn format_utc(instant_ms: i64) -> String {
    format!("{} UTC", format_local(instant_ms, 0).replace('T', " "))
}

/// Year, month, day, hour and minute of a UTC instant.
pub fn civil_utc(instant_ms: i64) -> (i64, u32, u32, i64, i64) {
    let days = instant_ms.div_euclid(DAY_MS);
    let minutes = instant_ms.rem_euclid(DAY_MS) / MINUTE_MS;
    let (year, month, day) = civil_from_days(days);
    (year, month as u32, day as u32, minutes / 60, minutes % 60)
}

/// How long until `until_ms` as days, hours and minutes, rounded up to the minute ("closes in
/// 3 days 4 h" once put into words).
pub fn duration_parts(from_ms: i64, until_ms: i64) -> (i64, i64, i64) {
    let minutes = ((until_ms - from_ms).max(0) + MINUTE_MS - 1) / MINUTE_MS;
    (minutes / (24 * 60), minutes / 60 % 24, minutes % 60)
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// Year, month (1–12) and day (1–31) of a count of days since 1970-01-01, in the proleptic
/// Gregorian calendar (Howard Hinnant's `civil_from_days`).
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_days_since_the_epoch() {
        assert_eq!(parse_date("1970-01-02"), Some(1));
        assert_eq!(parse_date("2025-11-22"), Some(20_414));
        assert_eq!(parse_date("2025-02-29"), None);
        assert_eq!(parse_date("22/11/2025"), None);
        assert_eq!(civil_from_days(20_414), (2025, 11, 22));
    }

    #[test]
    fn local_times_become_utc_instants() {
        // 2030-01-31 17:00 in UTC+1 (offset -60) is 16:00 UTC.
        let instant = parse_local("2030-01-31T17:00", -60, "Opens").unwrap();
        assert_eq!(instant, 1_896_105_600_000);
        assert_eq!(format_utc(instant), "2030-01-31 16:00 UTC");
        assert_eq!(format_local(instant, -60), "2030-01-31T17:00");
        assert_eq!(
            parse_local("2030-01-31T17:00:00", 0, "Opens").unwrap(),
            instant + 3_600_000
        );
    }

    #[test]
    fn round_trips_across_leap_days() {
        for local in ["2028-02-29T23:59", "1970-01-01T00:00", "2100-03-01T12:30"] {
            let instant = parse_local(local, 300, "x").unwrap();
            assert_eq!(format_local(instant, 300), local);
        }
    }

    #[test]
    fn nonsense_is_rejected_with_the_field_name() {
        for bad in [
            "",
            "2030-02-30T10:00",
            "2030-13-01T10:00",
            "tomorrow",
            "2030-01-01T25:00",
        ] {
            let error = parse_local(bad, 0, "Closes").unwrap_err().to_string();
            assert!(
                error.starts_with("Closes must be a date and time"),
                "{bad}: {error}"
            );
        }
    }

    #[test]
    fn durations_read_naturally() {
        let minute = MINUTE_MS;
        assert_eq!(duration_parts(0, 45 * minute), (0, 0, 45));
        assert_eq!(duration_parts(0, 125 * minute), (0, 2, 5));
        assert_eq!(duration_parts(0, DAY_MS + 60 * minute), (1, 1, 0));
        assert_eq!(duration_parts(0, 3 * DAY_MS + 1), (3, 0, 1));
        assert_eq!(duration_parts(10, 0), (0, 0, 0));
    }
}
