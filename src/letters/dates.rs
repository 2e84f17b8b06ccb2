//! Dates in letters: today in UK format, and the reply-by dates that follow from it.

/// Today's date in UK format ("22 November 2026"), from the system clock (UTC).
#[cfg(not(target_arch = "wasm32"))]
pub fn uk_date_today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    uk_date(y, m, d)
}

/// "22 November 2026".
pub fn uk_date(year: i64, month: u32, day: u32) -> String {
    let name = MONTHS
        .get(month.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("January");
    format!("{day} {name} {year}")
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// (year, month, day) to days since 1970-01-01 (the inverse of `civil_from_days`).
pub(crate) fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = i64::from(if m > 2 { m - 3 } else { m + 9 });
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "22 November 2026" to (2026, 11, 22); None for anything else, or a day that does
/// not exist.
pub fn parse_uk_date(text: &str) -> Option<(i64, u32, u32)> {
    let mut words = text.split_whitespace();
    let day: u32 = words.next()?.parse().ok()?;
    let month_word = words.next()?;
    let month = MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(month_word))? as u32
        + 1;
    let year: i64 = words.next()?.parse().ok()?;
    if words.next().is_some() || !(1..=9999).contains(&year) {
        return None;
    }
    (day >= 1 && day <= days_in_month(year, month)).then_some((year, month, day))
}

pub(crate) fn days_in_month(year: i64, month: u32) -> u32 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// One calendar month on, as the ICO counts a month for answering a request: the same
/// day of the next month, or its last day if it has no such day (31 January to 28 or
/// 29 February).
pub fn month_later(day: (i64, u32, u32)) -> (i64, u32, u32) {
    months_later(day, 1)
}

/// `months` calendar months on: the same day of the month, or that month's last day.
pub fn months_later((year, month, day): (i64, u32, u32), months: u32) -> (i64, u32, u32) {
    let index = i64::from(month - 1) + i64::from(months);
    let (year, month) = (
        year + index.div_euclid(12),
        (index.rem_euclid(12) + 1) as u32,
    );
    (year, month, day.min(days_in_month(year, month)))
}

/// `days` days on.
pub fn days_later((year, month, day): (i64, u32, u32), days: i64) -> (i64, u32, u32) {
    civil_from_days(days_from_civil(year, month, day) + days)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_on_is_the_same_day_or_the_last_of_a_shorter_month() {
        assert_eq!(month_later((2026, 12, 7)), (2027, 1, 7));
        assert_eq!(month_later((2027, 1, 31)), (2027, 2, 28));
        assert_eq!(month_later((2028, 1, 31)), (2028, 2, 29));
        assert_eq!(month_later((2026, 3, 31)), (2026, 4, 30));
    }

    #[test]
    fn days_on_cross_months_and_years() {
        assert_eq!(days_later((2026, 12, 28), 7), (2027, 1, 4));
        assert_eq!(days_later((2028, 2, 25), 7), (2028, 3, 3));
        for days in [0, 1, 59, 365, 10_000] {
            let (y, m, d) = days_later((2026, 12, 7), days);
            assert_eq!(
                days_from_civil(y, m, d) - days_from_civil(2026, 12, 7),
                days
            );
        }
    }

    #[test]
    fn only_real_uk_dates_are_read() {
        assert_eq!(parse_uk_date("7 December 2026"), Some((2026, 12, 7)));
        assert_eq!(parse_uk_date(" 29 february 2028 "), Some((2028, 2, 29)));
        for not in [
            "29 February 2027",
            "0 May 2026",
            "7 Dec 2026",
            "2026-12-07",
            "7 December",
            "",
        ] {
            assert_eq!(parse_uk_date(not), None, "{not}");
        }
    }
}
