//! Property tests: the entity detector never panics, and its spans keep the crate's
//! guarantees (sorted, non-overlapping, on char boundaries, one group = one canonical name)
//! on arbitrary text and on text made of the words its rules look at.

use article_annotator::text::Document;
use article_annotator::{entities, Category, Kind, Span};
use proptest::prelude::*;
use std::collections::HashMap;

/// Words that trigger the rules: titles, particles, initials, possessives, datelines,
/// agencies, given names that are words, org heads, brands after "platform".
const WORDS: &[&str] = &[
    "Gov.",
    "Mr.",
    "President",
    "former",
    "Elon",
    "Musk",
    "Musk's",
    "Musk\u{2019}s",
    "'s",
    "van",
    "de",
    "al-Rashid",
    "bin",
    "J.",
    "K.",
    "Jr.",
    "Pa.",
    "BUTLER",
    "WASHINGTON",
    ",",
    ".",
    "(",
    ")",
    "AP",
    "—",
    "-",
    "\n",
    "\n\n",
    "the",
    "platform",
    "X",
    "Will",
    "May",
    "Bush",
    "Federal",
    "Reserve",
    "Justice",
    "Department",
    "Bank",
    "of",
    "England",
    "Inc.",
    "Corp",
    "Russian",
    "North",
    "Korean",
    "Democrats",
    "Party",
    "Democratic",
    "near",
    "Near",
    "Palmyra",
    "said",
    "\u{201c}",
    "\u{201d}",
    "é",
    "Ünal",
    "東京",
    "👍🏽",
    "1996-08-30",
    "2024",
    "Monday",
    "We've",
    "Accordingly",
    "Jordanian-born",
    "NATO",
    "North Atlantic Treaty Organization",
    "Joe",
    "Jill",
    "Biden",
];

fn check(text: &str, spans: &[Span]) {
    let mut end = 0;
    let mut canonical_of: HashMap<u32, String> = HashMap::new();
    for s in spans {
        assert_eq!(s.category(), Category::Entity);
        assert!(matches!(
            s.kind(),
            Kind::Person | Kind::Org | Kind::Loc | Kind::Norp
        ));
        assert!(s.start() >= end, "overlap or unsorted at {}", s.start());
        assert!(s.start() < s.end() && s.end() <= text.len());
        assert!(text.is_char_boundary(s.start()) && text.is_char_boundary(s.end()));
        let span_text = &text[s.range()];
        assert_eq!(span_text.trim(), span_text, "span has outer whitespace");
        assert!(!span_text.ends_with("'s"), "possessive kept: {span_text:?}");
        let group = s.group().expect("group");
        let canonical = s.canonical().expect("canonical").to_string();
        assert!(!canonical.is_empty());
        let seen = canonical_of
            .entry(group)
            .or_insert_with(|| canonical.clone());
        assert_eq!(*seen, canonical, "one group, two canonical names");
        end = s.end();
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,300}") {
        let doc = Document::new(&text);
        let spans = entities::detect(&doc, &[("X".into(), Kind::Org)]);
        check(&text, &spans);
    }

    #[test]
    fn rule_words_keep_the_guarantees(words in prop::collection::vec(0..WORDS.len(), 0..60),
                                      user in prop::sample::select(vec!["", "Musk", "Bank of", "é"])) {
        let text = words.iter().map(|&i| WORDS[i]).collect::<Vec<_>>().join(" ");
        let doc = Document::new(&text);
        let users = if user.is_empty() { vec![] } else { vec![(user.to_string(), Kind::Person)] };
        let spans = entities::detect(&doc, &users);
        check(&text, &spans);
        // The user's name is marked wherever it stands alone.
        if !user.is_empty() {
            for s in &spans {
                if &text[s.range()] == user {
                    prop_assert_eq!(s.kind(), Kind::Person);
                }
            }
        }
    }
}

#[test]
fn a_large_input_is_linear_enough() {
    // 2 MB of name-like text with titles and datelines: must finish quickly in a test build.
    let unit = "WASHINGTON (AP) — Gov. Maria van der Berg met Sen. J. K. Lee Jr. near Palmyra \
                and the Federal Reserve Bank of Boston. Berg's aide said Lee would stay.\n";
    let text = unit.repeat(2_000_000 / unit.len());
    let start = std::time::Instant::now();
    let spans = entities::detect(&Document::new(&text), &[]);
    check(&text, &spans);
    assert!(spans.len() > 10_000);
    assert!(start.elapsed().as_secs() < 60, "took {:?}", start.elapsed());
}
