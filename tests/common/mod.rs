//! Shared by the integration tests: the example article the page shows under "Try an
//! example" (written for this project, not taken from any publication).
#![allow(dead_code)]

use article_annotator::{annotate, Annotations, Kind, Options, Span};

/// The page's example article.
pub const EXAMPLE: &str = include_str!("../../www/example-article.txt");

/// The date the page passes with the example (a Tuesday).
pub const EXAMPLE_DATE: &str = "2024-08-13";

/// Annotates the example article with its date.
pub fn annotate_example() -> Annotations {
    let options = Options::new().with_article_date(EXAMPLE_DATE).unwrap();
    annotate(EXAMPLE, &options)
}

/// The spans of `kind`, as (text, value-or-canonical) pairs, in text order.
pub fn texts_of<'a>(text: &'a str, spans: &'a [Span], kind: Kind) -> Vec<&'a str> {
    spans
        .iter()
        .filter(|s| s.kind() == kind)
        .map(|s| &text[s.range()])
        .collect()
}
