//! The claims the page's example article (`www/example-article.txt`, dated 2024-08-13) must
//! show, and the sentences it must leave alone.

mod common;

use article_annotator::{Category, Kind, Span};
use common::{annotate_example, EXAMPLE};

fn claims() -> Vec<Span> {
    annotate_example()
        .into_spans()
        .into_iter()
        .filter(|s| s.category() == Category::Claim)
        .collect()
}

/// The claim whose text contains `needle`.
fn claim_with(claims: &[Span], needle: &str) -> Span {
    claims
        .iter()
        .find(|s| EXAMPLE[s.range()].contains(needle))
        .unwrap_or_else(|| panic!("no claim contains {needle:?}"))
        .clone()
}

fn cue_texts(span: &Span) -> Vec<&'static str> {
    span.cues().iter().map(|c| &EXAMPLE[c.range()]).collect()
}

fn source(span: &Span) -> Option<&'static str> {
    span.source().map(|r| &EXAMPLE[r])
}

#[test]
fn musk_attribution_is_attributed_and_unverified() {
    let c = claim_with(&claims(), "Musk attributed the outage");
    assert_eq!(c.kind(), Kind::Attributed);
    assert_eq!(c.claim_kinds(), [Kind::Attributed, Kind::Unverified]);
    assert_eq!(source(&c), Some("Musk"));
    let cues = cue_texts(&c);
    assert!(cues.contains(&"attributed"), "{cues:?}");
    assert!(
        cues.contains(&"could not be independently verified"),
        "{cues:?}"
    );
    // One sentence, both clauses: the judgement belongs to the claim it judges.
    assert!(EXAMPLE[c.range()].ends_with("could not be independently verified."));
    assert!(c.reason().contains("source: Musk"), "{}", c.reason());
}

#[test]
fn users_reported_is_attributed_to_users() {
    let c = claim_with(&claims(), "Users reported error messages");
    assert_eq!(c.claim_kinds(), [Kind::Attributed]);
    assert_eq!(source(&c), Some("Users"));
    assert_eq!(cue_texts(&c), ["reported"]);
    // The clause after ", and" states a fact and is not part of the claim.
    assert!(!EXAMPLE[c.range()].contains("the audio finally began"));
}

#[test]
fn repeated_claims_are_disputed() {
    let c = claim_with(&claims(), "repeated claims about the 2020 election");
    assert_eq!(c.kind(), Kind::Disputed);
    assert_eq!(c.claim_kinds(), [Kind::Disputed]);
    let cues = cue_texts(&c);
    for cue in ["repeated claims", "unfounded", "debunked"] {
        assert!(cues.contains(&cue), "{cue:?} missing from {cues:?}");
    }
    assert_eq!(source(&c), Some("Trump"));
}

#[test]
fn may_have_been_caused_is_hedged_with_the_company_as_source() {
    let c = claim_with(&claims(), "may have been caused");
    assert_eq!(c.claim_kinds(), [Kind::Hedged]);
    assert_eq!(cue_texts(&c), ["may"]);
    assert_eq!(source(&c), Some("Elon Musk's company"));
}

#[test]
fn some_experts_say_is_unsourced_and_hedged() {
    let c = claim_with(&claims(), "Some experts say");
    assert_eq!(c.kind(), Kind::Unsourced);
    assert_eq!(c.claim_kinds(), [Kind::Unsourced, Kind::Hedged]);
    assert_eq!(cue_texts(&c), ["Some experts say", "could"]);
    assert_eq!(source(&c), None);
}

#[test]
fn headline_dates_and_plain_statements_are_not_claims() {
    let claims = claims();
    for not_a_claim in [
        "Livestream outage leaves campaign scrambling",
        "went dark on Monday night",
        "The conversation also touched on",
        "Florida Gov. Ron DeSantis said last week",
        "the campaign said it would hold",
    ] {
        assert!(
            !claims
                .iter()
                .any(|s| EXAMPLE[s.range()].contains(not_a_claim)),
            "{not_a_claim:?} was flagged"
        );
    }
    assert_eq!(claims.len(), 5, "exactly the five claims above");
}

#[test]
fn claims_stay_inside_one_sentence() {
    let doc = article_annotator::text::Document::new(EXAMPLE);
    for c in claims() {
        assert!(
            doc.sentences()
                .iter()
                .any(|s| s.range.start <= c.start() && c.end() <= s.range.end),
            "{:?} crosses a sentence boundary",
            &EXAMPLE[c.range()]
        );
    }
}
