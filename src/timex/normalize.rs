//! TIMEX3 values: calendar arithmetic (through [`Date`]) and value formatting.

use crate::Date;

/// A unit of time as written ("three *weeks*").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

impl Unit {
    /// The TIMEX3 duration designator and whether it sits after the `T`.
    fn designator(self) -> (&'static str, bool) {
        match self {
            Unit::Second => ("S", true),
            Unit::Minute => ("M", true),
            Unit::Hour => ("H", true),
            Unit::Day => ("D", false),
            Unit::Week => ("W", false),
            Unit::Month => ("M", false),
            Unit::Quarter => ("Q", false),
            Unit::Year | Unit::Decade | Unit::Century => ("Y", false),
        }
    }

    /// How many of the designator's unit one of `self` is (a decade is ten years).
    fn multiplier(self) -> f64 {
        match self {
            Unit::Decade => 10.0,
            Unit::Century => 100.0,
            _ => 1.0,
        }
    }

    /// The next smaller unit and how many of it make one `self`, for fractions ("2 1/2 years").
    fn smaller(self) -> Option<(Unit, f64)> {
        match self {
            Unit::Year => Some((Unit::Month, 12.0)),
            Unit::Week => Some((Unit::Day, 7.0)),
            Unit::Day => Some((Unit::Hour, 24.0)),
            Unit::Hour => Some((Unit::Minute, 60.0)),
            Unit::Minute => Some((Unit::Second, 60.0)),
            _ => None,
        }
    }
}

/// A TIMEX3 duration value: `P3Y`, `PT1H`, `P2Y6M`, `PT1H30M`; `None` amount gives `PXY`.
pub(crate) fn duration(amount: Option<f64>, unit: Unit) -> String {
    let (d, t) = unit.designator();
    let tee = if t { "T" } else { "" };
    let Some(n) = amount else {
        return "P".and(tee).and("X").and(d);
    };
    let n = n * unit.multiplier();
    let whole = n.trunc();
    let frac = n - whole;
    if frac.abs() > 1e-9 {
        if let Some((small, per)) = unit.smaller() {
            let rest = (frac * per).round();
            let (d2, t2) = small.designator();
            let mut out = String::from("P");
            if t {
                out.push('T');
            }
            if whole > 0.0 {
                out = out.num(whole as i64, 0).and(d);
            }
            if t2 && !t {
                out.push('T');
            }
            return out.num(rest as i64, 0).and(d2);
        }
        return "P".and(tee).and(&shortest_decimal(n)).and(d);
    }
    "P".and(tee).num(whole as i64, 0).and(d)
}

/// Whether a duration in `outer` units may carry a remainder in `inner` units in one
/// value ("1 hour 30 minutes", "two years and six months"; not weeks, quarters or decades).
pub(crate) fn is_part_of(inner: Unit, outer: Unit) -> bool {
    use Unit::*;
    matches!(
        (outer, inner),
        (Year, Month | Day)
            | (Month, Day)
            | (Day, Hour | Minute)
            | (Hour, Minute | Second)
            | (Minute, Second)
    )
}

/// A TIMEX3 duration of `whole` `outer` units and `part` `inner` units: `PT1H30M`,
/// `P2Y6M`, `P1DT12H`, `PT1M53.706S`.
pub(crate) fn two_part_duration(whole: f64, outer: Unit, part: f64, inner: Unit) -> String {
    let (d1, t1) = outer.designator();
    let (d2, t2) = inner.designator();
    let tee = |t: bool| if t { "T" } else { "" };
    let out = "P"
        .and(tee(t1))
        .num(whole as i64, 0)
        .and(d1)
        .and(tee(t2 && !t1));
    if part.fract() == 0.0 {
        out.num(part as i64, 0).and(d2)
    } else {
        out.and(&shortest_decimal(part)).and(d2)
    }
}

/// `x` as `format!("{x}")` writes it (the shortest decimal that reads back as `x`, no
/// exponent), for finite amounts from 2^-60 to 2^53, with integer shifts and multiplies:
/// core's float formatter, needed for nothing else, cost the wasm about 6 KB gzipped.
fn shortest_decimal(x: f64) -> String {
    let bits = x.to_bits();
    let sign = if x < 0.0 { "-" } else { "" };
    let biased = ((bits >> 52) & 0x7ff) as u32;
    let fraction = u128::from(bits & ((1u64 << 52) - 1));
    // |x| = m / 2^s.
    let (m, s) = (fraction | 1 << 52, 1075 - i64::from(biased));
    if !x.is_finite() || biased == 0 || !(1..=112).contains(&s) {
        // Integers and the unused extremes: the whole part is as close as this gets.
        return digits(sign.into(), false, x.abs().trunc() as u64, 0);
    }
    let mask = (1u128 << s) - 1;
    let half = 1u128 << (s - 1);
    // A power of two has a closer neighbour below it: half the gap on that side.
    let factor = if fraction == 0 && biased > 1 { 4 } else { 2 };
    let mut whole = (m >> s) as u64;
    // After k digits: the fraction digits so far, and the rest of m / 2^s times 10^k
    // (in units of 2^-s); the candidate is those digits, rounded by the rest.
    let mut fraction_digits = [0u8; 22];
    let mut rest = m & mask;
    let mut ten_k: u128 = 1;
    let mut k = 0;
    loop {
        let up = rest >= half;
        // Does the candidate read back as x: within half the gap to a neighbour
        // (inclusive when x's mantissa is even, as round-half-even reading gives x then)?
        let (diff, below) = if up {
            ((1u128 << s) - rest, false)
        } else {
            (rest, true)
        };
        let limit = if below { factor } else { 2 };
        let reads_back = diff
            .checked_mul(limit)
            .is_some_and(|d| d < ten_k || d == ten_k && m % 2 == 0);
        if reads_back || k == fraction_digits.len() {
            if up {
                let mut carry = true;
                for d in fraction_digits.iter_mut().take(k).rev() {
                    if *d == 9 {
                        *d = 0;
                    } else {
                        *d += 1;
                        carry = false;
                        break;
                    }
                }
                if carry {
                    whole += 1;
                }
            }
            let mut out = digits(sign.into(), false, whole, 0);
            if k > 0 {
                out.push('.');
                out.extend(
                    fraction_digits
                        .iter()
                        .take(k)
                        .map(|&d| char::from(b'0' + d)),
                );
            }
            return out;
        }
        rest *= 10;
        if let Some(d) = fraction_digits.get_mut(k) {
            *d = (rest >> s) as u8;
        }
        rest &= mask;
        ten_k *= 10;
        k += 1;
    }
}

/// Strings built piece by piece: values and reasons take a few simple shapes, and
/// `format!` would bring the formatting machinery to every call site and core's integer
/// formatters into the wasm.
pub(crate) trait Put {
    /// `self` followed by `s`.
    fn and(self, s: &str) -> String;
    /// `self` followed by `n` as `{n:0width$}` writes it (a minus sign counts in the width).
    fn num(self, n: i64, width: usize) -> String;
}

impl Put for String {
    #[inline(never)]
    fn and(mut self, s: &str) -> String {
        self.push_str(s);
        self
    }

    fn num(self, n: i64, width: usize) -> String {
        digits(self, n < 0, n.unsigned_abs(), width)
    }
}

/// `out` followed by `v` (after a minus sign if `negative`) in at least `width` chars,
/// sign included, zeros in front.
#[inline(never)]
fn digits(mut out: String, negative: bool, v: u64, width: usize) -> String {
    if negative {
        out.push('-');
    }
    let mut div = 1u64;
    let mut len = 1;
    while v / div >= 10 {
        div *= 10;
        len += 1;
    }
    for _ in len + usize::from(negative)..width {
        out.push('0');
    }
    while div > 0 {
        out.push(char::from(b'0' + (v / div % 10) as u8));
        div /= 10;
    }
    out
}

impl Put for &str {
    #[inline(never)]
    fn and(self, s: &str) -> String {
        crate::text::concat(&[self, s])
    }

    #[inline(never)]
    fn num(self, n: i64, width: usize) -> String {
        String::from(self).num(n, width)
    }
}

/// `YYYY` (`{y:04}`).
pub(crate) fn year(y: i32) -> String {
    "".num(y.into(), 4)
}

/// `YYYY-MM`.
pub(crate) fn ym(y: i32, m: u8) -> String {
    year(y).and("-").num(m.into(), 2)
}

/// `YYYY-MM-DD`.
pub(crate) fn day(d: Date) -> String {
    crate::format_ymd(d)
}

/// `YYYY-MM`.
pub(crate) fn month_of(d: Date) -> String {
    ym(d.year().into(), d.month() as u8)
}

/// `YYYY-Www` (ISO week; the ISO year may differ from the calendar year around New Year).
pub(crate) fn week_of(d: Date) -> String {
    let (year, week) = d.iso_week();
    self::year(year).and("-W").num(week.into(), 2)
}

/// `YYYY-Qn`.
pub(crate) fn quarter_of(d: Date) -> String {
    year(d.year().into()).and("-Q").num(quarter(d).into(), 0)
}

/// The quarter (1–4) `d` falls in.
pub(crate) fn quarter(d: Date) -> i8 {
    (d.month() - 1) / 3 + 1
}

/// `d` moved by `n` of `unit` (month and year steps clamp the day, as calendars do).
pub(crate) fn shift(d: Date, n: i64, unit: Unit) -> Option<Date> {
    // One call of each kind (a copy per unit cost the wasm about 1 KB).
    let (days, months) = match unit {
        Unit::Second | Unit::Minute | Unit::Hour => return Some(d),
        Unit::Day => (1, 0),
        Unit::Week => (7, 0),
        Unit::Month => (0, 1),
        Unit::Quarter => (0, 3),
        Unit::Year => (0, 12),
        Unit::Decade => (0, 120),
        Unit::Century => (0, 1200),
    };
    if months == 0 {
        d.checked_add_days(n.checked_mul(days)?)
    } else {
        d.checked_add_months(n.checked_mul(months)?)
    }
}

/// The value of the date `n` units from `d`, at the granularity of the unit: "two years
/// ago" is a year, "three weeks ago" a week, "ten days ago" a day.
///
/// Before year 1 ("4,500 years ago") a year is written as TIMEX3 writes years before the
/// common era, `BC` and four digits (1 BC is year 0); any finer or coarser granularity that
/// far back is only the past (`PAST_REF`).
pub(crate) fn at_granularity(d: Date, unit: Unit) -> String {
    if d.year() < 1 {
        return match unit {
            Unit::Year => "BC".num((1 - i32::from(d.year())).into(), 4),
            _ => "PAST_REF".into(),
        };
    }
    match unit {
        Unit::Second | Unit::Minute | Unit::Hour | Unit::Day => day(d),
        Unit::Week => week_of(d),
        Unit::Month => month_of(d),
        Unit::Quarter => quarter_of(d),
        Unit::Year => year(d.year().into()),
        Unit::Decade => "".num(d.year().div_euclid(10).into(), 3).and("X"),
        Unit::Century => "".num(d.year().div_euclid(100).into(), 2),
    }
}

/// `FUTURE_REF` for a value whose year has five digits, `PAST_REF` for a negative one:
/// TIMEX3 years have four (an article dated near 9999-12-31 can reach "next July" in
/// 10000). `None` for every other value.
pub(crate) fn beyond_four_digit_years(value: &str) -> Option<&'static str> {
    if value.starts_with('-') {
        return Some("PAST_REF");
    }
    let digits = value.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 4).then_some("FUTURE_REF")
}

/// Weekday number as in TIMEX3 (`1` = Monday … `7` = Sunday), kept in range.
pub(crate) fn weekday(n: u8) -> u8 {
    n.clamp(1, 7)
}

/// Which occurrence of a weekday a text means relative to the article date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    /// The most recent, possibly the article date itself (past-tense news).
    OnOrBefore,
    /// Strictly before ("last Friday").
    Before,
    /// The next, possibly the article date itself (future tense).
    OnOrAfter,
    /// Strictly after ("next Friday").
    After,
    /// In the article date's own ISO week ("this Friday").
    SameWeek,
}

/// The date of weekday `wd` (1 = Monday) relative to `dct` in `dir`.
pub(crate) fn resolve_weekday(dct: Date, wd: u8, dir: Direction) -> Option<Date> {
    let target = weekday(wd);
    let same = dct.weekday() == target;
    match dir {
        Direction::OnOrBefore if same => Some(dct),
        Direction::OnOrAfter if same => Some(dct),
        Direction::OnOrBefore | Direction::Before => dct.nth_weekday(-1, target),
        Direction::OnOrAfter | Direction::After => dct.nth_weekday(1, target),
        Direction::SameWeek => {
            let offset = i64::from(target) - i64::from(dct.weekday());
            shift(dct, offset, Unit::Day)
        }
    }
}

/// A date from year, month and day, if it exists (so Feb. 29 only in leap years).
pub(crate) fn ymd(y: i32, m: u8, d: u8) -> Option<Date> {
    Date::new(i16::try_from(y).ok()?, m as i8, d as i8)
}

/// Of the month-day `m`/`d` in the years around `dct`, the one closest to it; with
/// `lean` > 0 (future tense) the closest on or after it, with `lean` < 0 (past tense) the
/// closest on or before it. A lean of ±2 (a tense cue) decides among dates within about
/// nine months of `dct`, ±1 (a guess) within about half a year.
pub(crate) fn closest_year(dct: Date, m: u8, d: u8, lean: i8) -> Option<Date> {
    let y = i32::from(dct.year());
    let mut best: Option<(i64, Date)> = None;
    let mut any: Option<(i64, Date)> = None;
    for cand in [y - 1, y, y + 1] {
        let Some(date) = ymd(cand, m, d) else {
            continue;
        };
        // `dist` > 0: the date lies before the article date.
        let dist = date.days_until(dct);
        let a = dist.abs();
        if any.map_or(true, |(b, _)| a < b) {
            any = Some((a, date));
        }
        let window = if lean.abs() >= 2 { 280 } else { 183 };
        if (lean > 0 && dist > 0) || (lean < 0 && dist < 0) || a > window {
            continue;
        }
        if best.map_or(true, |(b, _)| a < b) {
            best = Some((a, date));
        }
    }
    best.or(any).map(|(_, d)| d)
}

/// The two-letter TIMEX3 season code for a season word's first month (3 = spring, …).
pub(crate) fn season_code(start_month: u8) -> &'static str {
    match start_month {
        3 => "SP",
        6 => "SU",
        9 => "FA",
        _ => "WI",
    }
}

/// The year of the season starting in `start_month` that "last"/"this"/"next" (`step` −1, 0,
/// +1) picks relative to `dct`. Winter starts in December and is named by that year.
pub(crate) fn season_year(dct: Date, start_month: u8, step: i32) -> i32 {
    let y = i32::from(dct.year());
    let m = dct.month() as u8;
    // The season occurrence in progress or most recently started on `dct`.
    let started_this_year = m >= start_month;
    let current_or_last = if started_this_year { y } else { y - 1 };
    let in_season = {
        let months_in = (i32::from(m) - i32::from(start_month)).rem_euclid(12);
        months_in < 3
    };
    match step {
        s if s < 0 => {
            if in_season {
                current_or_last - 1
            } else {
                current_or_last
            }
        }
        0 => {
            if in_season {
                current_or_last
            } else {
                y
            }
        }
        _ => {
            if started_this_year {
                y + 1
            } else {
                y
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Put;

    #[test]
    fn num_pads_like_format() {
        for n in [
            0i64,
            1,
            5,
            9,
            10,
            99,
            100,
            999,
            2024,
            12345,
            -1,
            -5,
            -10,
            -99,
            -2024,
            i64::MIN,
            i64::MAX,
        ] {
            for width in 0..6 {
                assert_eq!("x".num(n, width), format!("x{n:0width$}"));
            }
        }
        assert_eq!(super::year(-5), "-005");
        assert_eq!(super::ym(2024, 8), "2024-08");
        assert_eq!(
            super::digits(String::new(), false, u64::MAX, 0),
            u64::MAX.to_string()
        );
    }

    #[test]
    fn shortest_decimal_writes_floats_like_display() {
        let mut values = vec![
            0.5,
            1.5,
            2.25,
            3.3,
            0.1,
            1e-5,
            123456789012.5,
            4503599627370495.5,
        ];
        values.extend([
            3.0 + 3.0 * 0.1,
            2.0 + 1.0 / 3.0,
            0.1 + 0.2,
            1.0 / 3.0,
            2.0 / 3.0,
        ]);
        // Decimals as parse_number builds them, and pseudo-random doubles.
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let whole = (seed >> 40) % 5000;
            let mut v = whole as f64;
            let mut scale = 0.1;
            for d in 0..(seed % 7) {
                v += ((seed >> (d * 4)) % 10) as f64 * scale;
                scale /= 10.0;
            }
            values.push(v);
            values.push(f64::from_bits(
                0x3ee0_0000_0000_0000 + (seed >> 4) % 0x0450_0000_0000_0000,
            ));
        }
        for x in values {
            if x.fract() != 0.0 {
                assert_eq!(super::shortest_decimal(x), format!("{x}"), "{:e}", x);
            }
        }
    }

    use super::*;

    fn d(s: &str) -> Date {
        crate::parse_ymd(s).unwrap()
    }

    #[test]
    fn durations() {
        assert_eq!(duration(Some(1.0), Unit::Hour), "PT1H");
        assert_eq!(duration(Some(3.0), Unit::Year), "P3Y");
        assert_eq!(duration(None, Unit::Week), "PXW");
        assert_eq!(duration(Some(2.0), Unit::Decade), "P20Y");
        assert_eq!(duration(Some(2.5), Unit::Year), "P2Y6M");
        assert_eq!(duration(Some(1.5), Unit::Hour), "PT1H30M");
        assert_eq!(duration(Some(0.5), Unit::Hour), "PT30M");
        assert_eq!(duration(Some(1.5), Unit::Day), "P1DT12H");
        for (whole, outer, part, inner, value) in [
            (1.0, Unit::Hour, 30.0, Unit::Minute, "PT1H30M"),
            (2.0, Unit::Year, 6.0, Unit::Month, "P2Y6M"),
            (1.0, Unit::Day, 12.0, Unit::Hour, "P1DT12H"),
            (1.0, Unit::Minute, 53.706, Unit::Second, "PT1M53.706S"),
        ] {
            assert_eq!(two_part_duration(whole, outer, part, inner), value);
        }
        assert!(is_part_of(Unit::Minute, Unit::Hour));
        assert!(!is_part_of(Unit::Day, Unit::Week));
        assert!(!is_part_of(Unit::Hour, Unit::Minute));
    }

    #[test]
    fn years_beyond_four_digits() {
        assert_eq!(beyond_four_digit_years("10000-07"), Some("FUTURE_REF"));
        assert_eq!(beyond_four_digit_years("-001-05"), Some("PAST_REF"));
        assert_eq!(beyond_four_digit_years("9999-07"), None);
        assert_eq!(beyond_four_digit_years("PT1H"), None);
        assert_eq!(beyond_four_digit_years("19"), None);
    }

    #[test]
    fn years_before_the_common_era() {
        let d = |y: i16| Date::new(y, 6, 1).unwrap();
        assert_eq!(at_granularity(d(1), Unit::Year), "0001");
        assert_eq!(at_granularity(d(0), Unit::Year), "BC0001");
        assert_eq!(at_granularity(d(-2476), Unit::Year), "BC2477");
        assert_eq!(at_granularity(d(-2476), Unit::Day), "PAST_REF");
    }

    #[test]
    fn weeks_cross_year_boundaries() {
        // 2025-01-01 is a Wednesday in ISO week 2025-W01; a week before is in 2024-W52.
        assert_eq!(week_of(d("2025-01-01")), "2025-W01");
        let before = shift(d("2025-01-01"), -1, Unit::Week).unwrap();
        assert_eq!(week_of(before), "2024-W52");
        // 2024-12-30 (Monday) already belongs to 2025-W01.
        assert_eq!(week_of(d("2024-12-30")), "2025-W01");
        // 2021-01-03 (Sunday) still belongs to 2020-W53.
        assert_eq!(week_of(d("2021-01-03")), "2020-W53");
    }

    #[test]
    fn leap_years_and_month_ends() {
        assert!(ymd(2024, 2, 29).is_some());
        assert!(ymd(2023, 2, 29).is_none());
        assert!(ymd(1900, 2, 29).is_none());
        assert!(ymd(2000, 2, 29).is_some());
        assert_eq!(
            day(shift(d("2024-02-29"), -1, Unit::Year).unwrap()),
            "2023-02-28"
        );
        assert_eq!(
            day(shift(d("2024-03-31"), -1, Unit::Month).unwrap()),
            "2024-02-29"
        );
        assert_eq!(
            day(shift(d("2024-03-01"), -1, Unit::Day).unwrap()),
            "2024-02-29"
        );
    }

    #[test]
    fn weekdays_relative_to_the_article_date() {
        let tue = d("2024-08-13");
        let r = |wd, dir| day(resolve_weekday(tue, wd, dir).unwrap());
        assert_eq!(r(1, Direction::OnOrBefore), "2024-08-12");
        assert_eq!(r(2, Direction::OnOrBefore), "2024-08-13");
        assert_eq!(r(2, Direction::Before), "2024-08-06");
        assert_eq!(r(5, Direction::OnOrAfter), "2024-08-16");
        assert_eq!(r(2, Direction::After), "2024-08-20");
        assert_eq!(r(7, Direction::SameWeek), "2024-08-18");
        assert_eq!(r(5, Direction::OnOrBefore), "2024-08-09");
        // Across a year boundary.
        assert_eq!(
            day(resolve_weekday(d("2025-01-01"), 5, Direction::OnOrBefore).unwrap()),
            "2024-12-27"
        );
    }

    #[test]
    fn granularities() {
        let x = d("1998-08-07");
        assert_eq!(at_granularity(x, Unit::Year), "1998");
        assert_eq!(at_granularity(x, Unit::Month), "1998-08");
        assert_eq!(at_granularity(x, Unit::Quarter), "1998-Q3");
        assert_eq!(at_granularity(x, Unit::Decade), "199X");
        assert_eq!(at_granularity(x, Unit::Century), "19");
        assert_eq!(quarter_of(d("2024-07-01")), "2024-Q3");
        assert_eq!(quarter_of(d("2024-12-31")), "2024-Q4");
    }

    #[test]
    fn closest_year_for_month_days() {
        let x = d("2000-01-05");
        assert_eq!(day(closest_year(x, 12, 28, 0).unwrap()), "1999-12-28");
        assert_eq!(day(closest_year(x, 1, 3, 0).unwrap()), "2000-01-03");
        assert_eq!(day(closest_year(x, 1, 3, 1).unwrap()), "2000-01-03");
        // Future tense in July: next January.
        assert_eq!(
            day(closest_year(d("2000-07-05"), 1, 3, 1).unwrap()),
            "2001-01-03"
        );
        // Past tense: October named in May is last October.
        assert_eq!(
            day(closest_year(d("1999-05-06"), 10, 23, -2).unwrap()),
            "1998-10-23"
        );
        assert_eq!(
            day(closest_year(d("1999-05-06"), 10, 23, 0).unwrap()),
            "1999-10-23"
        );
        assert!(closest_year(d("2023-06-01"), 2, 29, 0).is_some_and(|d| d.year() == 2024));
        // Past tense a few days before a date does not push it back a whole year.
        assert_eq!(
            day(closest_year(d("2000-01-05"), 1, 14, -1).unwrap()),
            "2000-01-14"
        );
    }

    #[test]
    fn seasons() {
        let aug = d("2024-08-13");
        assert_eq!(season_year(aug, 6, 0), 2024); // this summer
        assert_eq!(season_year(aug, 6, -1), 2023); // last summer (we are in it)
        assert_eq!(season_year(aug, 3, -1), 2024); // last spring
        assert_eq!(season_year(aug, 9, -1), 2023); // last fall
        assert_eq!(season_year(aug, 9, 1), 2024); // next fall
        assert_eq!(season_year(aug, 3, 1), 2025); // next spring
        assert_eq!(season_code(9), "FA");
        let jan = d("2024-01-10");
        assert_eq!(season_year(jan, 12, 0), 2023); // this winter started Dec 2023
        assert_eq!(season_year(jan, 9, -1), 2023); // last fall
    }
}
