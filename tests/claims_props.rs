//! Property tests: the claim detector never panics, and its spans keep the crate's
//! guarantees on arbitrary text and on text made of its own cue words.

use article_annotator::text::Document;
use article_annotator::{claims, Category, Detail, Kind, Span};
use proptest::prelude::*;

const WORDS: &[&str] = &[
    "may",
    "May",
    "could",
    "not",
    "be",
    "independently",
    "verified",
    "according",
    "to",
    "the",
    "campaign",
    "claimed",
    "that",
    "Musk",
    "said",
    "some",
    "experts",
    "say",
    "if",
    "whether",
    "denied",
    "false",
    ",",
    ".",
    "?",
    ";",
    "and",
    "but",
    "\u{201c}",
    "\u{201d}",
    "é",
    "—",
    "_",
    "BUTLER",
    "(AP)",
    "who",
    "was",
    "repeated",
    "claims",
    "unfounded",
    "\n\n",
    "it",
    "is",
    "said",
    "officials",
    "U.S.",
    "attributed",
    "on",
    "of",
    "no",
    "doubt",
    "🙂",
];

fn check(text: &str, entities: &[Span], user: &[String]) {
    let doc = Document::new(text);
    let spans = claims::detect(&doc, entities, user);
    let mut last_end = 0;
    for s in &spans {
        assert_eq!(s.category(), Category::Claim);
        assert!(s.start() < s.end() && s.end() <= text.len());
        assert!(text.is_char_boundary(s.start()) && text.is_char_boundary(s.end()));
        assert!(s.start() >= last_end, "claim spans overlap");
        last_end = s.end();
        assert!(
            doc.sentences()
                .iter()
                .any(|x| x.range.start <= s.start() && s.end() <= x.range.end),
            "a claim crosses a sentence boundary"
        );
        let Detail::Claim {
            kinds,
            cues,
            source,
        } = s.detail()
        else {
            panic!("claim without claim detail");
        };
        assert_eq!(kinds.first(), Some(&s.kind()));
        assert!(!cues.is_empty());
        for c in cues {
            assert!(c.start() < c.end() && c.end() <= text.len());
            assert!(text.is_char_boundary(c.start()) && text.is_char_boundary(c.end()));
            assert!(kinds.contains(&c.kind()));
        }
        if let Some(r) = source {
            assert!(r.start < r.end && r.end <= text.len());
            assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        }
    }
}

fn entity(start: usize, end: usize) -> Span {
    Span::new(
        start,
        end,
        Kind::Person,
        String::new(),
        Detail::Entity {
            group: 0,
            canonical: "".into(),
        },
    )
}

proptest! {
    #[test]
    fn arbitrary_text(text in "\\PC{0,200}") {
        check(&text, &[], &[]);
    }

    #[test]
    fn cue_word_soup(words in proptest::collection::vec(proptest::sample::select(WORDS), 0..60),
                     user in proptest::collection::vec(proptest::sample::select(WORDS), 0..3)) {
        let text = words.join(" ");
        // Entity spans on every capitalized word, as an entity detector might give.
        let mut entities = Vec::new();
        let mut at = 0;
        for w in &words {
            if w.chars().next().is_some_and(char::is_uppercase) {
                entities.push(entity(at, at + w.len()));
            }
            at += w.len() + 1;
        }
        let user: Vec<String> = user.iter().map(|s| s.to_string()).collect();
        check(&text, &entities, &user);
    }
}
