//! The page's example article must yield exactly the entities a careful annotator marks,
//! with every mention of one entity linked to one group.

mod common;

use article_annotator::{Category, Kind, Span};
use common::{annotate_example, EXAMPLE};

fn entities() -> Vec<Span> {
    annotate_example()
        .into_spans()
        .into_iter()
        .filter(|s| s.category() == Category::Entity)
        .collect()
}

fn text(s: &Span) -> &'static str {
    &EXAMPLE[s.range()]
}

#[test]
fn exactly_the_expected_entities_in_order() {
    let got: Vec<(&str, Kind)> = entities().iter().map(|s| (text(s), s.kind())).collect();
    let expected = [
        ("BUTLER", Kind::Loc),
        ("Pa.", Kind::Loc),
        ("AP", Kind::Org),
        ("Donald Trump", Kind::Person),
        ("Elon Musk", Kind::Person),
        ("X", Kind::Org),
        ("Musk", Kind::Person),
        ("Trump", Kind::Person),
        ("Butler", Kind::Loc),
        ("Pa.", Kind::Loc),
        ("Elon Musk", Kind::Person),
        ("Florida", Kind::Loc),
        ("Ron DeSantis", Kind::Person),
        ("Russian", Kind::Norp),
        ("Vladimir Putin", Kind::Person),
        ("North Korean", Kind::Norp),
        ("Kim Jong Un", Kind::Person),
        ("NATO", Kind::Org),
    ];
    assert_eq!(got, expected);
}

#[test]
fn mentions_of_one_entity_share_a_group_and_canonical_name() {
    let spans = entities();
    let of = |name: &str| -> Vec<&Span> { spans.iter().filter(|s| text(s) == name).collect() };
    let trump = of("Donald Trump")[0];
    for t in of("Trump") {
        assert_eq!(t.group(), trump.group());
        assert_eq!(t.canonical(), Some("Donald Trump"));
    }
    let musk = of("Elon Musk");
    assert_eq!(musk.len(), 2);
    let musk_group = musk[0].group();
    for s in musk.iter().copied().chain(of("Musk")) {
        assert_eq!(s.group(), musk_group);
        assert_eq!(s.canonical(), Some("Elon Musk"));
    }
    // "Elon Musk's company": the span stops before the possessive.
    let possessive = musk[1];
    assert!(EXAMPLE[possessive.end()..].starts_with("'s company"));
    let pa = of("Pa.");
    assert_eq!(pa.len(), 2);
    assert_eq!(pa[0].group(), pa[1].group());
    // The dateline's "BUTLER" and the later "Butler" are one place.
    assert_eq!(of("BUTLER")[0].group(), of("Butler")[0].group());
    assert_eq!(
        of("BUTLER")[0].canonical(),
        Some("Butler"),
        "not the dateline's capitals"
    );
    assert_ne!(trump.group(), musk_group);
}

#[test]
fn group_ids_are_unique_per_entity() {
    let spans = entities();
    let mut by_group: std::collections::HashMap<u32, &str> = std::collections::HashMap::new();
    for s in &spans {
        let canonical = s.canonical().expect("entity spans carry a canonical name");
        let g = s.group().expect("entity spans carry a group");
        assert_eq!(*by_group.entry(g).or_insert(canonical), canonical);
    }
    // Donald Trump, Elon Musk, BUTLER, Pa., AP, X, Florida, Ron DeSantis, Russian,
    // Vladimir Putin, North Korean, Kim Jong Un, NATO.
    assert_eq!(by_group.len(), 13);
}

#[test]
fn headline_words_and_sentence_starts_are_not_entities() {
    let spans = entities();
    for word in [
        "Livestream",
        "Users",
        "Some",
        "Some experts",
        "Monday",
        "E.T.",
        "Gov.",
        "President",
    ] {
        assert!(
            !spans.iter().any(|s| text(s) == word),
            "{word} marked as an entity"
        );
    }
}

#[test]
fn reasons_explain_the_rule() {
    let spans = entities();
    let reason = |name: &str| {
        spans
            .iter()
            .find(|s| text(s) == name)
            .map(|s| s.reason().to_string())
            .unwrap_or_default()
    };
    assert!(reason("X").contains("platform"), "{}", reason("X"));
    assert!(reason("Musk").contains("Elon Musk"), "{}", reason("Musk"));
    assert!(!reason("NATO").is_empty());
}
