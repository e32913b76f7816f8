//! The page's example article must show exactly these timing statements, with these types
//! and values, against its article date 2024-08-13 (a Tuesday).

mod common;

use article_annotator::{annotate, Category, Kind, Options};
use common::{annotate_example, EXAMPLE};

#[test]
fn example_article_timexes() {
    let annotations = annotate_example();
    let got: Vec<(&str, Kind, &str)> = annotations
        .spans()
        .iter()
        .filter(|s| s.category() == Category::Time)
        .map(|s| (&EXAMPLE[s.range()], s.kind(), s.value().unwrap_or("")))
        .collect();
    let want = [
        ("Monday night", Kind::Time, "2024-08-12TNI"),
        // The clock time has no day of its own: it takes the Monday of the sentence before.
        ("around 8:45 pm E.T.", Kind::Time, "2024-08-12T20:45"),
        ("an hour", Kind::Duration, "PT1H"),
        // TimeML leaves the preposition out: "in July" marks "July".
        ("July", Kind::Date, "2024-07"),
        ("2020", Kind::Date, "2020"),
        ("last week", Kind::Date, "2024-W32"),
        ("Aug. 12, 2024", Kind::Date, "2024-08-12"),
        ("every Monday", Kind::Set, "XXXX-WXX-1"),
    ];
    assert_eq!(got, want);
    // "at the scheduled start time" names no time: it is not a TIMEX3.
    assert!(!got.iter().any(|(t, _, _)| t.contains("start time")));
    // Every span explains itself.
    for s in annotations
        .spans()
        .iter()
        .filter(|s| s.category() == Category::Time)
    {
        assert!(
            !s.reason().is_empty(),
            "{:?} has no reason",
            &EXAMPLE[s.range()]
        );
    }
}

#[test]
fn example_without_a_date_keeps_x_values() {
    let options = Options::new().with_categories(&[Category::Time]);
    let annotations = annotate(EXAMPLE, &options);
    // The example's dateline ("BUTLER, Pa. (AP) —") carries no date, so nothing resolves
    // and nothing falls back to the machine's clock.
    assert_eq!(annotations.article_date(), None);
    let values: Vec<&str> = annotations
        .spans()
        .iter()
        .filter_map(|s| s.value())
        .collect();
    assert_eq!(
        values,
        [
            "XXXX-WXX-1TNI",
            "XXXX-WXX-1T20:45",
            "PT1H",
            "XXXX-07",
            "2020",
            "XXXX-WXX",
            "2024-08-12",
            "XXXX-WXX-1"
        ]
    );
}

#[test]
fn a_dateline_supplies_the_article_date() {
    let text = "WASHINGTON, Aug. 13, 2024 (AP) — The committee met on Monday and will vote Friday.";
    let annotations = annotate(text, &Options::new().with_categories(&[Category::Time]));
    assert_eq!(
        annotations.article_date().map(|(d, _)| d.to_string()),
        Some("2024-08-13".to_string())
    );
    let got: Vec<(&str, &str)> = annotations
        .spans()
        .iter()
        .map(|s| (&text[s.range()], s.value().unwrap_or("")))
        .collect();
    // The dateline's own date is metadata and stays unmarked.
    assert_eq!(got, [("Monday", "2024-08-12"), ("Friday", "2024-08-16")]);
}
