//! Serializable views of [`Annotations`] with offsets in a chosen unit.
//!
//! The JS binding uses [`Unit::Utf16`] (what `String.prototype.slice` indexes by); the CLI
//! uses [`Unit::CodePoint`] (what Python's `str` and the gold JSON Lines index by). The
//! conversion is one pass per document through an [`OffsetTable`].

use crate::offsets::OffsetTable;
use crate::{Annotations, DateSource, Detail, Span};
use serde::Serialize;

/// The unit of every offset in a [`Output`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// UTF-8 bytes, as in the Rust API.
    Byte,
    /// UTF-16 code units, as JavaScript strings index.
    Utf16,
    /// Unicode code points, as Python strings and JSON Lines gold data index.
    CodePoint,
}

/// A range of the text in the output's unit, with the text it covers.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TextRange<'a> {
    /// Start, in the output's [`Unit`].
    pub start: usize,
    /// End (exclusive), in the output's [`Unit`].
    pub end: usize,
    /// The covered text.
    pub text: &'a str,
}

/// One claim cue, offsets in the output's unit.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CueRecord<'a> {
    /// Start, in the output's [`Unit`].
    pub start: usize,
    /// End (exclusive), in the output's [`Unit`].
    pub end: usize,
    /// The cue's words.
    pub text: &'a str,
    /// The claim kind it signals (`"HEDGED"`, …).
    pub kind: &'static str,
}

/// One span, offsets in the output's unit.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct SpanRecord<'a> {
    /// Start, in the output's [`Unit`].
    pub start: usize,
    /// End (exclusive), in the output's [`Unit`].
    pub end: usize,
    /// The covered text.
    pub text: &'a str,
    /// `"entity"`, `"time"` or `"claim"`.
    pub category: &'static str,
    /// `"PERSON"`, `"DATE"`, `"HEDGED"`, …
    pub kind: &'static str,
    /// A human-readable name of the kind ("Attributed, unconfirmed").
    pub description: &'static str,
    /// Why the span was marked: the cue, lexicon or rule.
    pub reason: &'a str,
    /// Entity group id (entities only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<u32>,
    /// Canonical entity name (entities only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub canonical: Option<&'a str>,
    /// TIMEX3 value (times only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<&'a str>,
    /// Every claim kind (claims only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kinds: Option<Vec<&'static str>>,
    /// Cues (claims only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cues: Option<Vec<CueRecord<'a>>>,
    /// Who makes the claim, where the text names it (claims only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<TextRange<'a>>,
}

/// A linked entity with its mention count.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct GroupRecord {
    /// The group id spans refer to.
    pub id: u32,
    /// `"PERSON"`, `"ORG"`, `"LOC"` or `"NORP"`.
    pub kind: &'static str,
    /// Its fullest name in the text.
    pub canonical: String,
    /// Number of mentions.
    pub mentions: usize,
}

/// Everything [`annotate`](crate::annotate) found, ready to serialize.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Output<'a> {
    /// The reference date used for relative expressions (`YYYY-MM-DD`), if any.
    pub article_date: Option<String>,
    /// `"options"` or `"dateline"`: where the article date came from.
    pub article_date_source: Option<&'static str>,
    /// The spans, sorted by start.
    pub spans: Vec<SpanRecord<'a>>,
    /// Linked entities in order of first mention.
    pub groups: Vec<GroupRecord>,
}

fn all_offsets(span: &Span) -> impl Iterator<Item = usize> + '_ {
    let cues = span.cues().iter().flat_map(|c| [c.start, c.end]);
    let source = span.source().into_iter().flat_map(|r| [r.start, r.end]);
    [span.start, span.end].into_iter().chain(cues).chain(source)
}

/// Converts `annotations` of `text` into an [`Output`] with offsets in `unit`.
pub fn to_output<'a>(text: &'a str, annotations: &'a Annotations, unit: Unit) -> Output<'a> {
    let table = OffsetTable::new(text, annotations.spans().iter().flat_map(all_offsets));
    let convert = |byte: usize| match unit {
        Unit::Byte => byte,
        Unit::Utf16 => table.utf16(byte),
        Unit::CodePoint => table.chars(byte),
    };
    let slice = |start: usize, end: usize| text.get(start..end).unwrap_or("");
    let spans = annotations
        .spans()
        .iter()
        .map(|span| {
            let (kinds, cues, source) = match span.detail() {
                Detail::Claim {
                    kinds,
                    cues,
                    source,
                } => (
                    Some(kinds.iter().map(|k| k.label()).collect()),
                    Some(
                        cues.iter()
                            .map(|c| CueRecord {
                                start: convert(c.start),
                                end: convert(c.end),
                                text: slice(c.start, c.end),
                                kind: c.kind.label(),
                            })
                            .collect(),
                    ),
                    source.as_ref().map(|r| TextRange {
                        start: convert(r.start),
                        end: convert(r.end),
                        text: slice(r.start, r.end),
                    }),
                ),
                _ => (None, None, None),
            };
            SpanRecord {
                start: convert(span.start),
                end: convert(span.end),
                text: slice(span.start, span.end),
                category: span.category().as_str(),
                kind: span.kind().label(),
                description: span.kind().description(),
                reason: span.reason(),
                group: span.group(),
                canonical: span.canonical(),
                value: span.value(),
                kinds,
                cues,
                source,
            }
        })
        .collect();
    let groups = annotations
        .entity_groups()
        .into_iter()
        .map(|g| GroupRecord {
            id: g.id(),
            kind: g.kind().label(),
            canonical: g.canonical().to_string(),
            mentions: g.mentions(),
        })
        .collect();
    Output {
        article_date: annotations
            .article_date()
            .map(|(d, _)| crate::format_ymd(d)),
        article_date_source: annotations.article_date().map(|(_, s)| match s {
            DateSource::Options => "options",
            DateSource::Dateline => "dateline",
        }),
        spans,
        groups,
    }
}
