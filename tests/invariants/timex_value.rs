//! The TIMEX3 value grammar (TimeML's TIMEX3 guidelines, ISO 8601 shapes), by type, as
//! regular expressions: a value the detector writes must be one a TimeML tool can read.
//!
//! Stricter than the guidelines in one way: a decimal amount has at most six fraction
//! digits (the detector reads at most six), so binary floating-point noise such as
//! `PT0.36000000000000004S` is a violation.

use article_annotator::Kind;
use regex::Regex;
use std::sync::LazyLock;

/// A year: four digits, unknown (`XXXX`) or before the common era (`BC` and four digits).
const YEAR: &str = "(?:[0-9]{4}|XXXX|BC[0-9]{4})";
const MONTH: &str = "(?:0[1-9]|1[0-2]|XX)";
const DAY: &str = "(?:0[1-9]|[12][0-9]|3[01]|XX)";
const WEEK: &str = "(?:0[1-9]|[1-4][0-9]|5[0-3]|XX)";
/// An amount of a duration: a number (at most six decimals) or unknown.
const AMOUNT: &str = "(?:[0-9]+(?:\\.[0-9]{1,6})?|X)";

/// A calendar date, week, quarter, season or half, at any granularity down to the day;
/// a decade (`199X` or `199`), a century (`19`), or a reference to the present, past or future.
fn date() -> String {
    format!(
        "(?:PRESENT_REF|PAST_REF|FUTURE_REF|[0-9]{{2}}|[0-9]{{3}}X?|{YEAR}(?:-{MONTH}(?:-{DAY})?|-W{WEEK}(?:-(?:[1-7]|WE))?|-Q[1-4X]|-(?:SP|SU|FA|WI)|-H[12X])?)"
    )
}

/// A day (by date or by weekday) and a clock time or a part of the day.
fn time() -> String {
    format!(
        "(?:{YEAR}-{MONTH}-{DAY}|{YEAR}-W{WEEK}-[1-7])T(?:(?:[01][0-9]|2[0-4]):[0-5][0-9](?::[0-5][0-9])?|MO|AF|EV|NI)"
    )
}

/// `P`, then date amounts (years, months, weeks, days, quarters, decades, centuries,
/// millennia), then `T` and clock amounts; at least one amount.
fn duration() -> String {
    format!("P(?:(?:{AMOUNT}[YMWDQELC])+(?:T(?:{AMOUNT}[HMS])+)?|T(?:{AMOUNT}[HMS])+)")
}

static DATE: LazyLock<Regex> = LazyLock::new(|| anchored(&date()));
static TIME: LazyLock<Regex> = LazyLock::new(|| anchored(&time()));
static DURATION: LazyLock<Regex> = LazyLock::new(|| anchored(&duration()));
static SET: LazyLock<Regex> =
    LazyLock::new(|| anchored(&format!("(?:{}|{}|{})", duration(), time(), date())));

fn anchored(pattern: &str) -> Regex {
    Regex::new(&format!("^{pattern}$")).expect("the TIMEX3 grammar compiles")
}

/// Days in `month` of `year` (Gregorian).
fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Checks that `value` is a well-formed TIMEX3 value of type `kind` and, when it names a
/// calendar day, that the day exists (no 30 February).
pub fn check(kind: Kind, value: &str) -> Result<(), String> {
    let grammar = match kind {
        Kind::Date => &DATE,
        Kind::Time => &TIME,
        Kind::Duration => &DURATION,
        Kind::Set => &SET,
        other => return Err(format!("{other:?} is not a TIMEX3 type")),
    };
    if !grammar.is_match(value) {
        return Err(format!("{value:?} is not a TIMEX3 {} value", kind.label()));
    }
    let numbers = |range: std::ops::Range<usize>| value.get(range).and_then(|s| s.parse().ok());
    if let (Some(year), Some(month), Some(day)) = (numbers(0..4), numbers(5..7), numbers(8..10)) {
        if value.get(4..5) == Some("-") && day > days_in_month(year, month) {
            return Err(format!("{value:?} names a day that does not exist"));
        }
    }
    Ok(())
}
