//! Property tests: the timing-statement detector never panics, and its spans are sorted,
//! disjoint, inside the text and on char boundaries, on arbitrary text and on text made of
//! the pieces its patterns look for.

use article_annotator::text::Document;
use article_annotator::timex::{detect, find_dateline};
use article_annotator::Date;
use proptest::prelude::*;

const PIECES: &[&str] = &[
    "Monday",
    "night",
    "every",
    "the",
    "past",
    "three",
    "years",
    "ago",
    "Aug",
    ".",
    "12",
    ",",
    "2024",
    "8:45",
    "pm",
    "p.m.",
    "E.T.",
    "GMT",
    "last",
    "week",
    "mid-2024",
    "1990s",
    "'",
    "80s",
    "Q3",
    "quarter",
    "third",
    "June",
    "3-5",
    "2019-21",
    "from",
    "to",
    "about",
    "more",
    "than",
    "an",
    "hour",
    "a",
    "half",
    "1",
    "/",
    "2",
    "noon",
    "midnight",
    "May",
    "March",
    "this",
    "spring",
    "fiscal",
    "early",
    "late",
    "end",
    "of",
    "week",
    "days",
    "twice",
    "times",
    "per",
    "WASHINGTON",
    "(AP)",
    "Published",
    "\n",
    "\n\n",
    "—",
    "€",
    "東京",
    "👍🏽",
    "e\u{301}",
    "0845",
    "24-hour",
    "year-earlier",
    "Thanksgiving",
    "Day",
    "now",
    "’s",
    "'s",
    "2024-08-13",
    "29",
    "Feb",
];

fn check(text: &str, date: Option<Date>) {
    let doc = Document::new(text);
    let _ = find_dateline(&doc);
    let spans = detect(&doc, date);
    let mut end = 0;
    for s in &spans {
        assert!(s.start() >= end, "overlap or unsorted in {text:?}");
        assert!(s.start() < s.end() && s.end() <= text.len());
        assert!(text.is_char_boundary(s.start()) && text.is_char_boundary(s.end()));
        assert!(
            s.value().is_some_and(|v| !v.is_empty()),
            "empty value in {text:?}"
        );
        end = s.end();
    }
}

proptest! {
    #[test]
    fn arbitrary_text(text in any::<String>()) {
        check(&text, Some(Date::new(2024, 8, 13).unwrap()));
        check(&text, None);
    }

    #[test]
    fn time_words(idx in proptest::collection::vec(0..PIECES.len(), 0..40), day in 1i8..=28, month in 1i8..=12) {
        let text = idx.iter().map(|&i| PIECES[i]).collect::<Vec<_>>().join(" ");
        check(&text, Some(Date::new(2000, month, day).unwrap()));
        check(&text, None);
        let glued = idx.iter().map(|&i| PIECES[i]).collect::<String>();
        check(&glued, Some(Date::new(2025, 1, 1).unwrap()));
    }
}
