//! Serializable views of [`Annotations`] with offsets in a chosen unit.
//!
//! The JS binding uses [`Unit::Utf16`] (what `String.prototype.slice` indexes by); the CLI
//! uses [`Unit::CodePoint`] (what Python's `str` and the gold JSON Lines index by). The
//! conversion is one pass per document through an [`OffsetTable`]. [`view`] serializes
//! without holding a converted copy of every span; [`to_output`] builds that copy.

use crate::offsets::{OffsetTable, Target};
use crate::{Annotations, DateSource, Detail, Kind, Span};
use serde::ser::{SerializeStruct, Serializer};
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

/// Converts byte offsets of one text to the output's unit.
pub(crate) struct Converter<'t> {
    /// `None` for [`Unit::Byte`], which needs no conversion.
    table: Option<OffsetTable<'t>>,
}

impl<'t> Converter<'t> {
    pub(crate) fn new(text: &'t str, unit: Unit) -> Converter<'t> {
        let target = match unit {
            Unit::Byte => None,
            Unit::Utf16 => Some(Target::Utf16),
            Unit::CodePoint => Some(Target::CodePoint),
        };
        Converter {
            table: target.map(|t| OffsetTable::new(text, t)),
        }
    }

    pub(crate) fn convert(&self, byte: usize) -> usize {
        self.table.as_ref().map_or(byte, |t| t.convert(byte))
    }
}

/// The record of one span: its offsets converted, its text and payload borrowed.
fn record<'a>(text: &'a str, span: &'a Span, converter: &Converter) -> SpanRecord<'a> {
    let convert = |byte: usize| converter.convert(byte);
    let slice = |start: usize, end: usize| text.get(start..end).unwrap_or("");
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
}

/// A linked entity as [`GroupRecord`] serializes it, its name borrowed from a span.
#[derive(Serialize)]
pub(crate) struct GroupRef<'a> {
    pub(crate) id: u32,
    /// Serializes as its label ("PERSON", …).
    pub(crate) kind: Kind,
    pub(crate) canonical: &'a str,
    pub(crate) mentions: usize,
}

/// Every linked entity in order of first mention (as [`Annotations::entity_groups`],
/// without copying the names).
///
/// Group ids number the groups in order of first mention (see `entities::linking`), so
/// they index a vector; no hash map (one less in the `.wasm`). An id beyond the number of
/// entity spans cannot occur, and would count as a group of its own, never panic.
pub(crate) fn groups(annotations: &Annotations) -> Vec<GroupRef<'_>> {
    let entity_spans = annotations
        .spans()
        .iter()
        .filter(|s| matches!(s.detail(), Detail::Entity { .. }))
        .count();
    let mut groups: Vec<GroupRef> = Vec::new();
    // Index into `groups` of each group id seen, `usize::MAX` for none yet.
    let mut index_of_group = vec![usize::MAX; entity_spans];
    for span in annotations.spans() {
        if let Detail::Entity { group, canonical } = span.detail() {
            let slot = index_of_group.get_mut(*group as usize);
            let i = match slot {
                Some(i) if *i != usize::MAX => *i,
                _ => {
                    groups.push(GroupRef {
                        id: *group,
                        kind: span.kind(),
                        canonical,
                        mentions: 0,
                    });
                    if let Some(i) = slot {
                        *i = groups.len() - 1;
                    }
                    groups.len() - 1
                }
            };
            if let Some(g) = groups.get_mut(i) {
                g.mentions += 1;
            }
        }
    }
    groups
}

pub(crate) fn article_date(annotations: &Annotations) -> Option<String> {
    annotations
        .article_date()
        .map(|(d, _)| crate::format_ymd(d))
}

pub(crate) fn article_date_source(annotations: &Annotations) -> Option<&'static str> {
    annotations.article_date().map(|(_, s)| match s {
        DateSource::Options => "options",
        DateSource::Dateline => "dateline",
    })
}

/// Converts `annotations` of `text` into an [`Output`] with offsets in `unit`.
///
/// This holds a record of every span at once; to serialize, [`view`] produces the same
/// output converting one span at a time.
pub fn to_output<'a>(text: &'a str, annotations: &'a Annotations, unit: Unit) -> Output<'a> {
    let converter = Converter::new(text, unit);
    Output {
        article_date: article_date(annotations),
        article_date_source: article_date_source(annotations),
        spans: annotations
            .spans()
            .iter()
            .map(|span| record(text, span, &converter))
            .collect(),
        groups: groups(annotations)
            .into_iter()
            .map(|g| GroupRecord {
                id: g.id,
                kind: g.kind.label(),
                canonical: g.canonical.to_string(),
                mentions: g.mentions,
            })
            .collect(),
    }
}

/// `annotations` of `text` with offsets in `unit`, serializing exactly as the [`Output`] of
/// [`to_output`] does, but converting each span as it is written: no second list of every
/// span is built, so serializing a long text needs little memory beyond the annotations.
pub fn view<'a>(text: &'a str, annotations: &'a Annotations, unit: Unit) -> OutputView<'a> {
    OutputView {
        text,
        annotations,
        converter: Converter::new(text, unit),
    }
}

/// See [`view`].
pub struct OutputView<'a> {
    text: &'a str,
    annotations: &'a Annotations,
    converter: Converter<'a>,
}

impl<'a> OutputView<'a> {
    /// The spans with indices in `range` (clamped to the spans there are), serialized as a
    /// sequence of [`SpanRecord`]s: lets a binding serialize a long result in batches.
    pub(crate) fn spans(&self, range: std::ops::Range<usize>) -> SpanRecords<'_, 'a> {
        let all = self.annotations.spans();
        let end = range.end.min(all.len());
        SpanRecords {
            view: self,
            range: range.start.min(end)..end,
        }
    }
}

/// Spans of an [`OutputView`], serialized as a sequence of [`SpanRecord`]s.
pub(crate) struct SpanRecords<'v, 'a> {
    view: &'v OutputView<'a>,
    range: std::ops::Range<usize>,
}

impl Serialize for SpanRecords<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let view = self.view;
        let spans = view.annotations.spans();
        serializer.collect_seq(
            spans
                .get(self.range.clone())
                .unwrap_or_default()
                .iter()
                .map(|span| record(view.text, span, &view.converter)),
        )
    }
}

impl Serialize for OutputView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // The fields and names of `Output`, in its order.
        let mut output = serializer.serialize_struct("Output", 4)?;
        output.serialize_field("articleDate", &article_date(self.annotations))?;
        output.serialize_field("articleDateSource", &article_date_source(self.annotations))?;
        output.serialize_field("spans", &self.spans(0..usize::MAX))?;
        output.serialize_field("groups", &groups(self.annotations))?;
        output.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{annotate, Options};

    #[test]
    fn the_view_serializes_as_the_output_does() {
        let text = "BERLIN, March 3 (AP) \u{2014} Dr. Amara Okafor said on Tuesday the \u{201c}plan\u{201d} \
                    may fail, according to officials. Okafor met NATO in 😀 Brussels.";
        let annotations = annotate(text, &Options::new());
        assert!(annotations.spans().len() > 5);
        for unit in [Unit::Byte, Unit::Utf16, Unit::CodePoint] {
            let whole = serde_json::to_string(&to_output(text, &annotations, unit)).unwrap();
            let viewed = serde_json::to_string(&view(text, &annotations, unit)).unwrap();
            assert_eq!(whole, viewed, "{unit:?}");
        }
    }
}
