//! Named entities: PERSON, ORG, LOC and NORP, with mentions of one entity linked.

use crate::text::Document;
use crate::Span;

/// Finds entity mentions in `doc`. Spans are sorted, never overlap, and carry
/// [`Detail::Entity`](crate::Detail::Entity) with a group id shared by every mention of one
/// entity.
pub fn detect(doc: &Document) -> Vec<Span> {
    let _ = doc;
    Vec::new()
}
