//! Closed word classes of English time expressions, all lowercase: months, weekdays,
//! number words, units, parts of the day, time zones, and the fixed phrases in
//! `phrases.tsv`. Written for this project (no third-party lists).

use super::normalize::Unit;

/// Month number for a month name or its AP/common abbreviation ("aug", "sept").
pub(crate) fn month(w: &str) -> Option<u8> {
    Some(match w {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sept" | "sep" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    })
}

/// Whether a month word is an abbreviation (it then usually takes a period).
pub(crate) fn is_month_abbreviation(w: &str) -> bool {
    w.len() <= 4 && !matches!(w, "may" | "june" | "july")
}

/// Weekday number (1 = Monday) for a weekday name, with the plural ("mondays") flagged.
pub(crate) fn weekday(w: &str) -> Option<(u8, bool)> {
    let (stem, plural) = match w.strip_suffix('s') {
        Some(s) if s.ends_with("day") => (s, true),
        _ => (w, false),
    };
    let stem = stem.strip_suffix("'s").unwrap_or(stem);
    let stem = stem.strip_suffix("\u{2019}s").unwrap_or(stem);
    let n = match stem {
        "monday" => 1,
        "tuesday" => 2,
        "wednesday" => 3,
        "thursday" => 4,
        "friday" => 5,
        "saturday" => 6,
        "sunday" => 7,
        _ => return None,
    };
    Some((n, plural))
}

/// Abbreviated weekdays, only trusted before a comma and a date ("Tues., Aug. 13").
pub(crate) fn weekday_abbreviation(w: &str) -> Option<u8> {
    Some(match w {
        "mon" => 1,
        "tue" | "tues" => 2,
        "wed" => 3,
        "thu" | "thur" | "thurs" => 4,
        "fri" => 5,
        "sat" => 6,
        "sun" => 7,
        _ => return None,
    })
}

/// The value of a cardinal number word, including hyphenated tens ("twenty-four").
pub(crate) fn number_word(w: &str) -> Option<f64> {
    if let Some((a, b)) = w.split_once('-') {
        let tens = number_word(a)?;
        let ones = number_word(b)?;
        // "twenty-four": tens from 20 to 90 (integers held exactly in f64), then a digit.
        let t = tens as u32;
        return ((20..=90).contains(&t) && t % 10 == 0 && ones < 10.0).then_some(tens + ones);
    }
    Some(match w {
        "one" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" => 12.0,
        "thirteen" => 13.0,
        "fourteen" => 14.0,
        "fifteen" => 15.0,
        "sixteen" => 16.0,
        "seventeen" => 17.0,
        "eighteen" => 18.0,
        "nineteen" => 19.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" => 40.0,
        "fifty" => 50.0,
        "sixty" => 60.0,
        "seventy" => 70.0,
        "eighty" => 80.0,
        "ninety" => 90.0,
        "hundred" => 100.0,
        "thousand" => 1000.0,
        "dozen" => 12.0,
        _ => return None,
    })
}

/// Ordinal words and numerals up to 31 ("third", "3rd", "21st").
pub(crate) fn ordinal(w: &str) -> Option<u8> {
    let digits: String = w.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty() {
        let rest = &w[digits.len()..];
        return matches!(rest, "st" | "nd" | "rd" | "th")
            .then(|| digits.parse().ok())
            .flatten();
    }
    Some(match w {
        "first" => 1,
        "second" => 2,
        "third" => 3,
        "fourth" => 4,
        "fifth" => 5,
        "sixth" => 6,
        "seventh" => 7,
        "eighth" => 8,
        "ninth" => 9,
        "tenth" => 10,
        "eleventh" => 11,
        "twelfth" => 12,
        "thirteenth" => 13,
        "fourteenth" => 14,
        "fifteenth" => 15,
        "sixteenth" => 16,
        "seventeenth" => 17,
        "eighteenth" => 18,
        "nineteenth" => 19,
        "twentieth" => 20,
        "twenty-first" => 21,
        _ => return None,
    })
}

/// A unit of time and whether the word is plural ("weeks").
pub(crate) fn unit(w: &str) -> Option<(Unit, bool)> {
    Some(match w {
        "second" | "sec" => (Unit::Second, false),
        "seconds" | "secs" => (Unit::Second, true),
        "minute" | "min" => (Unit::Minute, false),
        "minutes" | "mins" => (Unit::Minute, true),
        "hour" | "hr" => (Unit::Hour, false),
        "hours" | "hrs" => (Unit::Hour, true),
        "day" => (Unit::Day, false),
        "days" => (Unit::Day, true),
        "week" => (Unit::Week, false),
        "weeks" => (Unit::Week, true),
        "month" => (Unit::Month, false),
        "months" => (Unit::Month, true),
        "quarter" => (Unit::Quarter, false),
        "quarters" => (Unit::Quarter, true),
        "year" => (Unit::Year, false),
        "years" => (Unit::Year, true),
        "decade" => (Unit::Decade, false),
        "decades" => (Unit::Decade, true),
        "century" => (Unit::Century, false),
        "centuries" => (Unit::Century, true),
        _ => return None,
    })
}

/// TIMEX3 part-of-day code for "morning", "night", …
pub(crate) fn part_of_day(w: &str) -> Option<&'static str> {
    Some(match w {
        "morning" | "mornings" => "MO",
        "afternoon" | "afternoons" => "AF",
        "evening" | "evenings" => "EV",
        "night" | "nights" | "overnight" => "NI",
        _ => None?,
    })
}

/// Time zones as news writes them, case-sensitive ("E.T.", "EDT", "GMT").
pub(crate) fn time_zone(raw: &str) -> bool {
    matches!(
        raw,
        "ET" | "E.T."
            | "EDT"
            | "EST"
            | "E.D.T."
            | "E.S.T."
            | "CT"
            | "C.T."
            | "CDT"
            | "CST"
            | "MT"
            | "MDT"
            | "MST"
            | "PT"
            | "P.T."
            | "PDT"
            | "PST"
            | "AKDT"
            | "AKST"
            | "HST"
            | "GMT"
            | "UTC"
            | "BST"
            | "CET"
            | "CEST"
            | "EET"
            | "EEST"
            | "WET"
            | "MSK"
            | "IST"
            | "JST"
            | "KST"
            | "HKT"
            | "SGT"
            | "AEST"
            | "AEDT"
            | "NZST"
            | "NZDT"
            | "Z"
    )
}

/// Region words that form a zone with "time" ("Eastern time").
pub(crate) fn zone_region(w: &str) -> bool {
    matches!(
        w,
        "eastern" | "central" | "mountain" | "pacific" | "local" | "greenwich" | "atlantic"
    )
}

/// The first month of a season word.
pub(crate) fn season(w: &str) -> Option<u8> {
    Some(match w {
        "spring" => 3,
        "summer" => 6,
        "fall" | "autumn" => 9,
        "winter" => 12,
        _ => return None,
    })
}

/// Approximators that TimeBank includes in a timex ("about two hours", "more than a year").
/// Returns how many tokens the modifier spans (1 or 2) for the words starting at `w0`.
pub(crate) fn approximator(w0: &str, w1: &str) -> usize {
    match (w0, w1) {
        ("more" | "less" | "fewer", "than") => 2,
        ("at", "least" | "most") => 2,
        ("up", "to") => 2,
        ("no", "more" | "less") => 1, // "no more than": "no" then "more than"
        (
            "about" | "around" | "nearly" | "almost" | "approximately" | "roughly" | "some"
            | "over" | "under" | "just" | "only" | "barely" | "exactly" | "precisely" | "approx"
            | "circa" | "within",
            _,
        ) => 1,
        _ => 0,
    }
}

/// A fixed phrase of up to four words with its TIMEX3 type and value, from `phrases.tsv`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Phrase {
    pub(crate) kind: &'static str,
    pub(crate) value: &'static str,
    pub(crate) reason: &'static str,
}

/// Loaded once; the file is kept sorted by key (a unit test checks), so lookups can binary
/// search without sorting at run time.
static PHRASES: std::sync::LazyLock<Vec<(&'static str, Phrase)>> = std::sync::LazyLock::new(|| {
    include_str!("phrases.tsv")
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let mut f = l.split('\t');
            let key = f.next()?;
            let kind = f.next()?;
            let value = f.next()?;
            let reason = f.next().unwrap_or("fixed expression");
            Some((
                key,
                Phrase {
                    kind,
                    value,
                    reason,
                },
            ))
        })
        .collect()
});

/// The fixed phrase spelled `key` (lowercase words joined by single spaces).
pub(crate) fn phrase(key: &str) -> Option<Phrase> {
    let v = &*PHRASES;
    v.binary_search_by(|(k, _)| (*k).cmp(key))
        .ok()
        .and_then(|i| v.get(i))
        .map(|(_, p)| *p)
}

/// Whether some fixed phrase starts with the word `w` (a cheap filter before joining words).
pub(crate) fn phrase_starts_with(w: &str) -> bool {
    let v = &*PHRASES;
    let i = v.partition_point(|(k, _)| *k < w);
    v.get(i).is_some_and(|(k, _)| {
        k.strip_prefix(w)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_weekdays_numbers() {
        assert_eq!(month("sept"), Some(9));
        assert_eq!(month("aug"), Some(8));
        assert_eq!(month("mayday"), None);
        assert_eq!(weekday("mondays"), Some((1, true)));
        assert_eq!(weekday("friday's"), Some((5, false)));
        assert_eq!(weekday("sunday"), Some((7, false)));
        assert_eq!(number_word("twenty-four"), Some(24.0));
        assert_eq!(number_word("four-twenty"), None);
        assert_eq!(ordinal("21st"), Some(21));
        assert_eq!(ordinal("third"), Some(3));
        assert_eq!(ordinal("21"), None);
        assert_eq!(unit("weeks"), Some((Unit::Week, true)));
    }

    #[test]
    fn phrases_load_sorted() {
        let keys: Vec<&str> = PHRASES.iter().map(|(k, _)| *k).collect();
        assert!(
            keys.windows(2).all(|w| w[0] < w[1]),
            "phrases.tsv must stay sorted"
        );
        assert_eq!(phrase("now").unwrap().value, "PRESENT_REF");
        assert_eq!(phrase("the near future").unwrap().value, "FUTURE_REF");
        assert!(phrase_starts_with("the"));
        assert!(!phrase_starts_with("zebra"));
        assert!(time_zone("E.T.") && time_zone("GMT") && !time_zone("et"));
    }
}
