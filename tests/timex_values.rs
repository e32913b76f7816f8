//! Every TIMEX3 value the detector writes is well formed for its type (the grammar in
//! `tests/invariants/timex_value.rs`, which the property tests and fuzzers also apply), and
//! values built from decimals and from far-past years come out exactly.

mod invariants;

use article_annotator::{annotate, Category, Kind, Options};
use invariants::timex_value::check;

/// Hand-written news sentences covering the value shapes the detector writes.
const SHAPES: &str = "\
On Monday night, around 8:45 pm ET, the council met for an hour. It had met in July, in \
2020, last week and on Aug. 12, 2024; it meets every Monday and twice a year. The plan runs \
for three years and six months, through the third quarter of 2025 and the summer of 2026, \
and was first drafted in the 1990s, in the early 21st century, over the past few decades. \
The winner finished in 1 minute 53.706 seconds, 0.36 seconds ahead, after two and a half \
hours. Officials said the talks could take weeks. The ruins date from more than 4,500 years \
ago; the temple was built about 3,000 years ago. Next spring, on the weekend, this morning \
and tomorrow at noon, the office opens daily at 9 a.m. Nothing happened on Feb. 30.";

fn times(text: &str, date: &str) -> Vec<(String, Kind, String)> {
    let options = Options::new()
        .with_categories(&[Category::Time])
        .with_article_date(date)
        .expect("a valid date");
    annotate(text, &options)
        .spans()
        .iter()
        .map(|s| {
            let value = s.value().unwrap_or_default().to_string();
            (text[s.range()].to_string(), s.kind(), value)
        })
        .collect()
}

#[test]
fn every_value_is_well_formed() {
    let found = times(SHAPES, "2024-08-13");
    assert!(
        found.len() >= 20,
        "only {} timing statements: {found:?}",
        found.len()
    );
    for (text, kind, value) in &found {
        assert_eq!(check(*kind, value), Ok(()), "{text:?}");
    }
}

#[test]
fn decimal_seconds_keep_the_digits_written() {
    let found = times(SHAPES, "2024-08-13");
    let value_of = |phrase: &str| {
        found
            .iter()
            .find(|(t, _, _)| t.contains(phrase))
            .map(|(_, _, v)| v.as_str())
    };
    assert_eq!(value_of("0.36 seconds"), Some("PT0.36S"));
    assert_eq!(value_of("53.706 seconds"), Some("PT1M53.706S"));
}

#[test]
fn grammar_accepts_the_shapes_of_the_guidelines() {
    for (kind, value) in [
        (Kind::Date, "2024-08-12"),
        (Kind::Date, "2024-08"),
        (Kind::Date, "2024"),
        (Kind::Date, "199X"),
        (Kind::Date, "19"),
        (Kind::Date, "2024-W33"),
        (Kind::Date, "2024-W33-WE"),
        (Kind::Date, "2024-Q3"),
        (Kind::Date, "2024-SU"),
        (Kind::Date, "2024-H1"),
        (Kind::Date, "XXXX-08-12"),
        (Kind::Date, "BC0450"),
        (Kind::Date, "PAST_REF"),
        (Kind::Date, "2024-02-29"),
        (Kind::Time, "2024-08-12T20:45"),
        (Kind::Time, "2024-08-12TEV"),
        (Kind::Time, "XXXX-WXX-1T09:00"),
        (Kind::Duration, "PT1H"),
        (Kind::Duration, "P2Y6M"),
        (Kind::Duration, "PT1M53.706S"),
        (Kind::Duration, "PXY"),
        (Kind::Duration, "P1DT12H"),
        (Kind::Set, "P1W"),
        (Kind::Set, "XXXX-WXX-1"),
        (Kind::Set, "XXXX-WXX-1TNI"),
    ] {
        assert_eq!(check(kind, value), Ok(()), "{kind:?} {value}");
    }
}

#[test]
fn grammar_rejects_malformed_values() {
    for (kind, value) in [
        (Kind::Date, "2024-13-01"),
        (Kind::Date, "2023-02-29"),
        (Kind::Date, "2024-04-31"),
        (Kind::Date, "-2480"),
        (Kind::Date, "2024-08-12T20:45"),
        (Kind::Date, ""),
        (Kind::Time, "2024-08-12"),
        (Kind::Time, "2024-08-12T25:00"),
        (Kind::Duration, "P"),
        (Kind::Duration, "PT"),
        (Kind::Duration, "PT0.36000000000000004S"),
        (Kind::Duration, "1H"),
        (Kind::Duration, "P1H"),
        (Kind::Set, "every week"),
        (Kind::Person, "2024"),
    ] {
        assert!(check(kind, value).is_err(), "{kind:?} {value} passed");
    }
}

#[test]
fn values_stay_in_four_digit_years_at_the_ends_of_the_calendar() {
    let text = "The vote is next July. It was delayed last year, two years ago and in May. \
                The talks resume tomorrow at 9 a.m.";
    for date in ["9999-12-31", "0001-01-01", "0000-01-01"] {
        let Ok(options) = Options::new()
            .with_categories(&[Category::Time])
            .with_article_date(date)
        else {
            continue;
        };
        let annotations = annotate(text, &options);
        assert!(annotations.spans().len() >= 4, "{date}");
        for s in annotations.spans() {
            let value = s.value().unwrap_or_default();
            assert_eq!(
                check(s.kind(), value),
                Ok(()),
                "{date}: {:?}",
                &text[s.range()]
            );
        }
    }
    assert_eq!(
        times(text, "9999-12-31")[0],
        ("next July".into(), Kind::Date, "FUTURE_REF".into())
    );
}
