//! Property tests: on arbitrary text `annotate` never panics and every guarantee holds
//! (see `tests/invariants/mod.rs` for the full list: spans inside the text and on char
//! boundaries, sorted, no overlaps within a category, consistent entity groups, cues and
//! sources inside the text, UTF-16 and code point views selecting the same text as the
//! byte offsets, determinism, categories independent).
//!
//! Inputs mix three shapes: raw Unicode (emoji with skin tones and ZWJ, flags, CJK,
//! combining marks, right-to-left text, CRLF, tabs, NUL, BOM), "article-like" text built
//! from the words the detectors key on (names, titles, months, "may", "said", numbers,
//! quotes, periods), and both spliced together. Options vary too: article date or none,
//! any subset of categories, user entities and claim phrases (including odd ones).
//!
//! `PROPTEST_CASES=5000 cargo test --release --test properties` runs a longer search.

mod invariants;

use article_annotator::{Category, Kind, Options};
use proptest::prelude::*;

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => proptest::sample::select(invariants::ARTICLE_PIECES).prop_map(str::to_string),
        2 => proptest::sample::select(invariants::UNICODE_PIECES).prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
        1 => "[A-Z][a-z]{0,8}",
        1 => "[0-9]{1,5}",
    ]
}

fn separator() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        12 => Just(" "),
        1 => Just(""),
        1 => Just("\n"),
        1 => Just("\n\n"),
        1 => Just("  "),
        1 => Just("\r\n"),
        1 => Just("\t"),
    ]
}

/// Text assembled from pieces and separators: article-like, with some Unicode mixed in.
fn article_like() -> impl Strategy<Value = String> {
    proptest::collection::vec((piece(), separator()), 0..120).prop_map(|parts| {
        let mut s = String::new();
        for (p, sep) in parts {
            s.push_str(&p);
            s.push_str(sep);
        }
        s
    })
}

/// Any text: raw strings, article-like text, or one spliced into the other.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => any::<String>(),
        2 => "\\PC{0,200}",
        6 => article_like(),
        2 => (article_like(), any::<String>(), any::<prop::sample::Index>()).prop_map(
            |(a, b, at)| {
                let mut cut = at.index(a.len() + 1);
                while !a.is_char_boundary(cut) {
                    cut -= 1;
                }
                format!("{}{}{}", &a[..cut], b, &a[cut..])
            }
        ),
    ]
}

fn user_word() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(invariants::ARTICLE_PIECES).prop_map(str::to_string),
        proptest::sample::select(invariants::UNICODE_PIECES).prop_map(str::to_string),
        "[A-Za-z' .-]{0,12}",
        any::<String>(),
    ]
}

fn options() -> impl Strategy<Value = Options> {
    let date = prop_oneof![
        Just(None),
        Just(Some("2024-08-13")),
        Just(Some("1998-02-28")),
        Just(Some("2000-02-29")),
        Just(Some("0001-01-01")),
        Just(Some("9999-12-31")),
    ];
    let categories = proptest::collection::vec(any::<bool>(), 3);
    let entity_kinds =
        proptest::sample::select(&[Kind::Person, Kind::Org, Kind::Loc, Kind::Norp][..]);
    let users = proptest::collection::vec((user_word(), entity_kinds), 0..3);
    let phrases = proptest::collection::vec(user_word(), 0..3);
    (date, categories, users, phrases).prop_map(|(date, cats, users, phrases)| {
        let chosen: Vec<Category> = Category::ALL
            .into_iter()
            .zip(cats)
            .filter_map(|(c, on)| on.then_some(c))
            .collect();
        let mut o = Options::new()
            .with_article_date(date.unwrap_or(""))
            .expect("valid test date")
            .with_categories(&chosen);
        for (name, kind) in users {
            o = o.with_user_entity(&name, kind).expect("entity kind");
        }
        for p in phrases {
            o = o.with_user_claim_phrase(&p);
        }
        o
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Every invariant, default options (all categories, no date: datelines are used).
    #[test]
    fn invariants_hold_with_default_options(text in any_text()) {
        if let Err(e) = invariants::check(&text, &Options::new()) {
            prop_assert!(false, "{e}\ninput: {text:?}");
        }
    }

    /// Every invariant, with varied options (date, categories, user words).
    #[test]
    fn invariants_hold_with_any_options(text in article_like(), options in options()) {
        if let Err(e) = invariants::check(&text, &options) {
            prop_assert!(false, "{e}\ninput: {text:?}\noptions: {options:?}");
        }
    }

    /// Article-like text several paragraphs long, with a dateline on top.
    #[test]
    fn invariants_hold_on_longer_articles(
        city in "[A-Z]{3,9}",
        date in proptest::sample::select(&["Aug. 12", "March 3", "Sept. 30, 2023", "(AP) —", "Jan. 1"][..]),
        paragraphs in proptest::collection::vec(article_like(), 1..6),
    ) {
        let text = format!("{city}, {date} — {}", paragraphs.join("\n\n"));
        if let Err(e) = invariants::check(&text, &Options::new()) {
            prop_assert!(false, "{e}\ninput: {text:?}");
        }
    }

    /// Any string given as the article date (the page and the CLI pass user input
    /// through) is accepted or rejected, never a panic; what is accepted has the
    /// documented `YYYY-MM-DD` shape.
    #[test]
    fn any_article_date_string_is_handled(
        date in prop_oneof![
            any::<String>(),
            "[0-9+-]{0,12}[T ]?[0-9:]{0,8}",
            "[0-9]{4}-[0-9]{2}-[0-9]{2}.{0,3}",
            "(19|20)[0-9]{2}(0[1-9]|1[0-2])[0-2][1-9]",
            "[+-]?[0-9]{4,6}-?[01][0-9]-?[0-3][0-9]([T ][0-9:]{0,8})?",
        ]
    ) {
        if let Ok(o) = Options::new().with_article_date(&date) {
            let d = date.trim();
            prop_assert!(d.is_empty() || o.article_date().is_some());
            if let Some(day) = o.article_date() {
                let shown = day.to_string();
                prop_assert_eq!(d.get(..10), Some(shown.as_str()));
            }
        }
    }

    /// The hand-written `YYYY-MM-DD` parser and printer agree with jiff's on every date.
    #[test]
    fn article_dates_round_trip(y in 0i16..=9999, m in 1i8..=12, d in 1i8..=31) {
        let text = format!("{y:04}-{m:02}-{d:02}");
        let ours = Options::new().with_article_date(&text).ok().and_then(|o| o.article_date());
        let jiffs = text.parse::<jiff::civil::Date>().ok();
        let ymd = |d: article_annotator::Date| (d.year(), d.month(), d.day());
        prop_assert_eq!(ours.map(ymd), jiffs.map(|d| (d.year(), d.month(), d.day())));
        if let Some(date) = ours {
            prop_assert_eq!(article_annotator::format_ymd(date), text);
        }
    }

    /// Slicing at any char boundary leaves valid input: annotating every prefix of a text
    /// never panics (truncated words, half an abbreviation, a lone quote).
    #[test]
    fn prefixes_are_valid_input(text in article_like(), cut in any::<prop::sample::Index>()) {
        let mut at = cut.index(text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let prefix = &text[..at];
        if let Err(e) = invariants::check(prefix, &Options::new()) {
            prop_assert!(false, "{e}\ninput: {prefix:?}");
        }
    }
}

/// Hand-picked shapes that generators reach rarely.
#[test]
fn edge_shapes_hold() {
    let cases = [
        "",
        " ",
        ".",
        "\0",
        "\u{feff}",
        "\u{200d}",
        "👨\u{200d}",
        "a\u{200d}",
        "\u{301}",
        "U.S",
        "U.S.",
        "U.S.A.B.C.D.E.F.G.H.",
        "a.b.c.d.e.f.g.h.i.j.k.l.m.n.",
        "é.é.",
        "1,",
        "1,000,",
        "1,0000",
        "8:",
        "3.",
        "'",
        "O'",
        "-",
        "a-",
        "Mr.",
        "Mr. ",
        ". . .",
        "?!?!?!\"\"\")",
        "\r\n\r\n\r\n",
        "May may MAY mAy",
        "said said said",
        "“",
        "”.",
        "Jan. 32, 2024",
        "2024-13-45",
        "Feb. 29, 2023",
        "99999999999999999999999 years ago",
        "in 0000",
        "the 99999999999th",
        "🇺🇸🇺🇸🇺🇸",
        "👍🏽👍🏽",
    ];
    for text in cases {
        for options in [
            Options::new(),
            Options::new().with_article_date("2024-08-13").unwrap(),
        ] {
            if let Err(e) = invariants::check(text, &options) {
                panic!("{e}\ninput: {text:?}");
            }
        }
    }
}
