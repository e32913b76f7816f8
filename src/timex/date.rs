//! A civil date (year, month, day) without a time zone, and the calendar arithmetic the
//! detector needs: weekdays, moving by days or months, days between two dates, ISO weeks.
//!
//! Written for this crate in place of `jiff`, whose date type brought about 53 KB of wasm
//! code and error strings for the few operations used here. The arithmetic converts to
//! and from a day count with Howard Hinnant's `days_from_civil` / `civil_from_days`
//! algorithms (public domain, <https://howardhinnant.github.io/date_algorithms.html>);
//! the range is jiff's, years -9999 to 9999, and a property test in `tests/date_vs_jiff.rs`
//! checks every operation against jiff.

use std::fmt;

/// The first and last years a [`Date`] can hold.
const YEARS: std::ops::RangeInclusive<i16> = -9999..=9999;

/// A civil date (year, month, day) without a time zone; always a valid Gregorian
/// (proleptic) calendar date with a year from -9999 to 9999. Orders chronologically.
///
/// ```
/// use article_annotator::Date;
/// let d = Date::new(2024, 2, 29).unwrap();
/// assert_eq!((d.year(), d.month(), d.day()), (2024, 2, 29));
/// assert_eq!(d.weekday(), 4); // a Thursday
/// assert!(Date::new(2023, 2, 29).is_none());
/// assert_eq!(d.to_string(), "2024-02-29");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    // Field order gives the chronological `Ord`.
    year: i16,
    month: i8,
    day: i8,
}

/// Whether `y` is a leap year in the proleptic Gregorian calendar.
fn is_leap(y: i32) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

/// Days in month `m` (1-12) of year `y`.
fn days_in_month(y: i32, m: i32) -> i32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a valid date (Hinnant's `days_from_civil`).
fn days_from_civil(y: i32, m: i32, d: i32) -> i64 {
    let y = i64::from(if m <= 2 { y - 1 } else { y });
    let (m, d) = (i64::from(m), i64::from(d));
    let era = y.div_euclid(400);
    let yoe = y - era * 400; // [0, 399]
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1; // [0, 365], from March 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // [0, 146096]
    era * 146_097 + doe - 719_468
}

/// The date `z` days after 1970-01-01 as (year, month, day) (Hinnant's `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097; // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11], from March
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

impl Date {
    /// The date `year`-`month`-`day`, if it exists (so February 29 only in leap years) and
    /// the year is within -9999..=9999.
    pub fn new(year: i16, month: i8, day: i8) -> Option<Date> {
        let ok = YEARS.contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && i32::from(day) <= days_in_month(i32::from(year), i32::from(month));
        ok.then_some(Date { year, month, day })
    }

    /// The year (-9999 to 9999).
    pub fn year(self) -> i16 {
        self.year
    }

    /// The month (1 to 12).
    pub fn month(self) -> i8 {
        self.month
    }

    /// The day of the month (1 to 31).
    pub fn day(self) -> i8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before it).
    fn to_days(self) -> i64 {
        days_from_civil(
            i32::from(self.year),
            i32::from(self.month),
            i32::from(self.day),
        )
    }

    /// The date `days` days after 1970-01-01, if its year is in range.
    fn from_days(days: i64) -> Option<Date> {
        // Bounds first: far out-of-range counts would overflow the conversion.
        if !(days_from_civil(-9999, 1, 1)..=days_from_civil(9999, 12, 31)).contains(&days) {
            return None;
        }
        let (y, m, d) = civil_from_days(days);
        Date::new(
            i16::try_from(y).ok()?,
            i8::try_from(m).ok()?,
            i8::try_from(d).ok()?,
        )
    }

    /// The day of the week, ISO numbering: 1 = Monday … 7 = Sunday.
    pub fn weekday(self) -> u8 {
        // 1970-01-01 was a Thursday (4).
        (self.to_days() + 3).rem_euclid(7) as u8 + 1
    }

    /// This date moved by `n` days (negative: back), if the result is in range.
    pub fn checked_add_days(self, n: i64) -> Option<Date> {
        Date::from_days(self.to_days().checked_add(n)?)
    }

    /// This date moved by `n` calendar months, the day clamped to the end of a shorter
    /// month (March 31 minus one month is February 28 or 29); `None` out of range.
    pub fn checked_add_months(self, n: i64) -> Option<Date> {
        let index = i64::from(self.year) * 12 + i64::from(self.month) - 1;
        let index = index.checked_add(n)?;
        let year = i16::try_from(index.div_euclid(12)).ok()?;
        let month = (index.rem_euclid(12) + 1) as i8;
        if !YEARS.contains(&year) {
            return None;
        }
        let last = days_in_month(i32::from(year), i32::from(month)) as i8;
        Date::new(year, month, self.day.min(last))
    }

    /// Days from this date to `other` (positive when `other` is later).
    pub fn days_until(self, other: Date) -> i64 {
        other.to_days() - self.to_days()
    }

    /// The `n`th date after this one (`n` > 0) or before it (`n` < 0) falling on
    /// `weekday` (1 = Monday … 7 = Sunday), this date itself never counting; `None` for
    /// `n` = 0, a weekday outside 1-7, or a result out of range.
    pub fn nth_weekday(self, n: i32, weekday: u8) -> Option<Date> {
        if n == 0 || !(1..=7).contains(&weekday) {
            return None;
        }
        let (from, to) = (i64::from(self.weekday()), i64::from(weekday));
        let weeks = i64::from(n.unsigned_abs() - 1) * 7;
        let days = if n > 0 {
            let ahead = (to - from).rem_euclid(7);
            (if ahead == 0 { 7 } else { ahead }) + weeks
        } else {
            let back = (from - to).rem_euclid(7);
            -((if back == 0 { 7 } else { back }) + weeks)
        };
        self.checked_add_days(days)
    }

    /// The `n`th `weekday` (1 = Monday … 7 = Sunday) of this date's month, counted from
    /// its start (`n` > 0) or end (`n` < 0); `None` if the month has no such day.
    pub fn nth_weekday_of_month(self, n: i8, weekday: u8) -> Option<Date> {
        if n == 0 || !(1..=7).contains(&weekday) {
            return None;
        }
        let (y, m) = (i32::from(self.year), i32::from(self.month));
        let last = days_in_month(y, m);
        let wd = i32::from(weekday);
        let day = if n > 0 {
            let first = i32::from(Date::new(self.year, self.month, 1)?.weekday());
            1 + (wd - first).rem_euclid(7) + (i32::from(n) - 1) * 7
        } else {
            let end = i32::from(Date::new(self.year, self.month, last as i8)?.weekday());
            last - (end - wd).rem_euclid(7) - (-i32::from(n) - 1) * 7
        };
        if !(1..=last).contains(&day) {
            return None;
        }
        Date::new(self.year, self.month, day as i8)
    }

    /// The ISO 8601 week: (ISO year, week 1-53). Week 1 holds the year's first Thursday,
    /// so the ISO year can differ from the calendar year around New Year.
    pub fn iso_week(self) -> (i32, u8) {
        let days = self.to_days();
        // The Thursday of this date's week decides the ISO year.
        let thursday = days + 4 - i64::from(self.weekday());
        let (year, _, _) = civil_from_days(thursday);
        let jan1 = days_from_civil(year as i32, 1, 1);
        ((year as i32), ((thursday - jan1) / 7 + 1) as u8)
    }
}

/// `YYYY-MM-DD` (a negative year as `-YYY`, as `format!("{:04}")` writes it).
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::format_ymd(*self))
    }
}

/// As [`Display`](fmt::Display): `2024-08-13`.
impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i16, m: i8, day: i8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn validation() {
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(2023, 2, 29).is_none());
        assert!(Date::new(1900, 2, 29).is_none());
        assert!(Date::new(2000, 2, 29).is_some());
        assert!(Date::new(2024, 4, 31).is_none());
        assert!(Date::new(2024, 13, 1).is_none());
        assert!(Date::new(2024, 0, 1).is_none());
        assert!(Date::new(2024, 1, 0).is_none());
        assert!(Date::new(10000, 1, 1).is_none());
        assert!(Date::new(-9999, 1, 1).is_some());
        assert!(d(1999, 12, 31) < d(2000, 1, 1));
    }

    #[test]
    fn days_round_trip_and_weekdays() {
        assert_eq!(d(1970, 1, 1).to_days(), 0);
        assert_eq!(d(2000, 3, 1).to_days(), 11_017);
        assert_eq!(Date::from_days(-1), Some(d(1969, 12, 31)));
        assert_eq!(d(2024, 8, 13).weekday(), 2);
        assert_eq!(d(2024, 8, 18).weekday(), 7);
        assert_eq!(d(1600, 1, 1).weekday(), 6);
        assert_eq!(Date::from_days(i64::MAX), None);
        assert_eq!(d(9999, 12, 31).checked_add_days(1), None);
        assert_eq!(d(-9999, 1, 1).checked_add_days(-1), None);
    }

    #[test]
    fn months_clamp_the_day() {
        assert_eq!(d(2024, 3, 31).checked_add_months(-1), Some(d(2024, 2, 29)));
        assert_eq!(d(2024, 2, 29).checked_add_months(-12), Some(d(2023, 2, 28)));
        assert_eq!(d(2024, 11, 30).checked_add_months(3), Some(d(2025, 2, 28)));
        assert_eq!(d(9999, 12, 1).checked_add_months(1), None);
        assert_eq!(d(2024, 1, 1).checked_add_months(i64::MAX), None);
    }

    #[test]
    fn weekday_steps_and_iso_weeks() {
        let tue = d(2024, 8, 13);
        assert_eq!(tue.nth_weekday(-1, 2), Some(d(2024, 8, 6)));
        assert_eq!(tue.nth_weekday(1, 2), Some(d(2024, 8, 20)));
        assert_eq!(tue.nth_weekday(1, 5), Some(d(2024, 8, 16)));
        assert_eq!(tue.nth_weekday(-1, 1), Some(d(2024, 8, 12)));
        assert_eq!(tue.nth_weekday(0, 1), None);
        let nov = d(2024, 11, 1);
        assert_eq!(nov.nth_weekday_of_month(4, 4), Some(d(2024, 11, 28)));
        assert_eq!(nov.nth_weekday_of_month(1, 1), Some(d(2024, 11, 4)));
        assert_eq!(nov.nth_weekday_of_month(-1, 6), Some(d(2024, 11, 30)));
        assert_eq!(nov.nth_weekday_of_month(5, 1), None);
        assert_eq!(d(2025, 1, 1).iso_week(), (2025, 1));
        assert_eq!(d(2024, 12, 30).iso_week(), (2025, 1));
        assert_eq!(d(2021, 1, 3).iso_week(), (2020, 53));
        assert_eq!(d(2024, 8, 13).iso_week(), (2024, 33));
        assert_eq!(d(2024, 8, 13).days_until(d(2024, 8, 20)), 7);
    }
}
