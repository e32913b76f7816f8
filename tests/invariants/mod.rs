//! The invariants every [`annotate`] result must satisfy, checked in one place and shared
//! by the property tests, the adversarial tests and the fuzz drivers (`fuzz/`).
//!
//! [`check`] returns a description of the first violation instead of panicking, so a
//! fuzz driver can save the input before reporting.
#![allow(dead_code)]

use article_annotator::output::{to_output, SpanRecord, Unit};
use article_annotator::text::{Document, TokenKind};
use article_annotator::{annotate, Annotations, Category, Detail, Kind, Options};
use std::collections::HashMap;

pub mod timex_value;

/// Words and marks news text is made of, weighted towards what the detectors look at.
#[rustfmt::skip]
pub const ARTICLE_PIECES: &[&str] = &[
    // names, titles, organizations, places, groups
    "Elon", "Musk", "Maria", "González", "O'Brien", "Jong-un", "al-Assad", "Mr.", "Mrs.", "Dr.",
    "Gov.", "Sen.", "President", "Smith", "Reuters", "NATO", "the", "Federal", "Reserve",
    "Ministry", "of", "Defense", "U.S.", "U.N.", "New", "York", "Paris", "Texas", "Calif.",
    "Democrats", "Russian", "Inc.", "Corp.", "J.", "K.", "Rowling", "X", "AP", "—", "Jr.",
    // time words
    "January", "Jan.", "Feb.", "March", "Sept.", "May", "may", "June", "Aug.", "December",
    "Monday", "Tuesday", "yesterday", "today", "tomorrow", "last", "next", "week", "month",
    "year", "years", "ago", "every", "daily", "weekly", "morning", "night", "noon", "midnight",
    "hours", "minutes", "decade", "1990s", "2024", "1998", "12", "31", "0", "00", "21st",
    "8:45", "p.m.", "a.m.", "E.T.", "GMT", "1,700", "3.5", "2024-08-12", "12/31/2024", "Q3",
    "fiscal", "quarter", "since", "until", "during", "earlier", "later", "this", "that",
    // claim words
    "said", "says", "told", "according", "to", "reportedly", "allegedly", "might", "could",
    "not", "be", "independently", "verified", "confirmed", "claimed", "denied", "false",
    "debunked", "disputed", "experts", "believe", "some", "sources", "suggest", "appears",
    "likely", "possibly", "unconfirmed", "rumors", "officials", "spokesman", "\"", "“", "”",
    "‘", "’", "'", "(", ")", "[", "]", ".", ".", ".", ",", ",", ";", ":", "!", "?", "…", "-",
    "--", "...", "?!", ".\"", ",\"", "’s", "'s",
];

/// Unicode that tends to break byte-offset code: multi-byte, grapheme clusters, controls.
#[rustfmt::skip]
pub const UNICODE_PIECES: &[&str] = &[
    "👍", "👍🏽", "👨‍👩‍👧‍👦", "🇺🇸", "🇫🇷🇩🇪", "🏳️‍🌈", "東京", "習近平", "北京市", "한국어", "e\u{301}",
    "a\u{308}\u{301}", "\u{301}", "\u{200d}", "\u{200d}\u{200d}", "\u{fe0f}", "مرحبا", "שלום",
    "\u{200f}", "\u{202e}", "\u{2066}", "Ελλάδα", "Москва", "€", "£5", "½", "²", "٣", "१२", "ǅ",
    "ß", "İ", "ﬁ", "\u{feff}", "\0", "\r\n", "\r", "\t", "\u{b}", "\u{c}", "\u{85}", "\u{2028}",
    "\u{2029}", "\u{a0}", "\u{3000}", "\u{1f}", "\u{7f}", "\u{10ffff}", "\u{e000}", "\u{e0067}",
    "\u{1f3fb}",
];

/// UTF-16 and code point positions of every byte offset of a text, to check converted
/// offsets against the byte offsets without quadratic work. Offsets inside a character
/// map to `usize::MAX` (nothing may point there).
pub struct Positions {
    utf16: Vec<usize>,
    chars: Vec<usize>,
}

impl Positions {
    /// Indexes every char boundary of `text`.
    pub fn new(text: &str) -> Positions {
        let mut utf16 = vec![usize::MAX; text.len() + 1];
        let mut chars = vec![usize::MAX; text.len() + 1];
        let (mut u, mut n) = (0, 0);
        for (b, c) in text.char_indices() {
            utf16[b] = u;
            chars[b] = n;
            u += c.len_utf16();
            n += 1;
        }
        utf16[text.len()] = u;
        chars[text.len()] = n;
        Positions { utf16, chars }
    }
}

fn check_range(text: &str, what: &str, start: usize, end: usize) -> Result<(), String> {
    if start >= end {
        return Err(format!("{what} {start}..{end} is empty or reversed"));
    }
    if end > text.len() {
        return Err(format!(
            "{what} {start}..{end} ends past the text ({})",
            text.len()
        ));
    }
    if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return Err(format!("{what} {start}..{end} is not on char boundaries"));
    }
    Ok(())
}

/// Checks the text layer: tokens non-empty, sorted, disjoint, on char boundaries and free
/// of whitespace at their ends; sentences sorted, disjoint, each owning a contiguous run
/// of tokens, every token in exactly one sentence.
pub fn check_document(text: &str) -> Result<(), String> {
    let doc = Document::new(text);
    let mut prev_end = 0;
    for (i, t) in doc.tokens().iter().enumerate() {
        check_range(text, &format!("token {i}"), t.start(), t.end())?;
        if t.start() < prev_end {
            return Err(format!(
                "token {i} {}..{} overlaps the previous",
                t.start(),
                t.end()
            ));
        }
        prev_end = t.end();
        let s = &text[t.start()..t.end()];
        if s.starts_with(char::is_whitespace) {
            return Err(format!("token {i} {s:?} starts with whitespace"));
        }
        if t.kind == TokenKind::Number && !s.starts_with(|c: char| c.is_ascii_digit()) {
            return Err(format!(
                "number token {i} {s:?} does not start with a digit"
            ));
        }
    }
    let mut next_token = 0;
    let mut prev_end = 0;
    for (i, s) in doc.sentences().iter().enumerate() {
        check_range(text, &format!("sentence {i}"), s.range.start, s.range.end)?;
        if s.range.start < prev_end {
            return Err(format!("sentence {i} overlaps the previous"));
        }
        prev_end = s.range.end;
        if s.tokens.start != next_token || s.tokens.end <= s.tokens.start {
            return Err(format!(
                "sentence {i} owns tokens {:?}, expected a non-empty run from {next_token}",
                s.tokens
            ));
        }
        for t in doc.sentence_tokens(s) {
            if t.start() < s.range.start || t.end() > s.range.end {
                return Err(format!("sentence {i} does not contain its token"));
            }
        }
        next_token = s.tokens.end;
    }
    if next_token != doc.tokens().len() {
        return Err(format!(
            "sentences own {next_token} of {} tokens",
            doc.tokens().len()
        ));
    }
    Ok(())
}

/// Checks every guarantee of [`Annotations`] and of the output views for `annotations`
/// of `text`.
pub fn check_annotations(text: &str, annotations: &Annotations) -> Result<(), String> {
    let spans = annotations.spans();
    let mut layer_end = [0usize; 3];
    let mut groups: HashMap<u32, (Kind, &str)> = HashMap::new();
    for (i, span) in spans.iter().enumerate() {
        let what = format!("span {i} ({})", span.kind().label());
        check_range(text, &what, span.start(), span.end())?;
        if i > 0 {
            let p = &spans[i - 1];
            let key =
                |s: &article_annotator::Span| (s.start(), s.category(), std::cmp::Reverse(s.end()));
            if key(p) > key(span) {
                return Err(format!("{what} is out of order"));
            }
        }
        let layer = &mut layer_end[span.category() as usize];
        if span.start() < *layer {
            return Err(format!("{what} overlaps an earlier span of its category"));
        }
        *layer = span.end();
        match (span.category(), span.detail()) {
            (Category::Entity, Detail::Entity { group, canonical }) => {
                if canonical.is_empty() {
                    return Err(format!("{what} has an empty canonical name"));
                }
                let seen = groups.entry(*group).or_insert((span.kind(), canonical));
                if *seen != (span.kind(), &**canonical) {
                    return Err(format!(
                        "{what}: group {group} is {:?} elsewhere but {:?} here",
                        seen,
                        (span.kind(), canonical)
                    ));
                }
            }
            (Category::Time, Detail::Time { value }) => {
                timex_value::check(span.kind(), value).map_err(|e| format!("{what}: {e}"))?;
            }
            (
                Category::Claim,
                Detail::Claim {
                    kinds,
                    cues,
                    source,
                },
            ) => {
                if kinds.first() != Some(&span.kind()) {
                    return Err(format!(
                        "{what}: kinds {kinds:?} do not start with its kind"
                    ));
                }
                if kinds.iter().any(|k| k.category() != Category::Claim) {
                    return Err(format!("{what}: kinds {kinds:?} hold a non-claim kind"));
                }
                for (j, cue) in cues.iter().enumerate() {
                    check_range(text, &format!("{what} cue {j}"), cue.start(), cue.end())?;
                    if cue.kind().category() != Category::Claim {
                        return Err(format!("{what} cue {j} has a non-claim kind"));
                    }
                }
                if let Some(r) = source {
                    check_range(text, &format!("{what} source"), r.start, r.end)?;
                }
            }
            (_, detail) => {
                return Err(format!("{what} carries the wrong detail {detail:?}"));
            }
        }
    }
    let entity_spans = spans
        .iter()
        .filter(|s| s.category() == Category::Entity)
        .count();
    let groups_out = annotations.entity_groups();
    if groups_out.iter().map(|g| g.mentions()).sum::<usize>() != entity_spans {
        return Err("entity_groups mention counts do not add up".to_string());
    }
    if groups_out.len() != groups.len() {
        return Err("entity_groups lists a different number of groups".to_string());
    }
    check_output(text, annotations)
}

/// A span record's ranges: the span, then its cues, then its source.
fn ranges<'a>(s: &SpanRecord<'a>) -> Vec<(usize, usize, &'a str)> {
    let mut v = vec![(s.start, s.end, s.text)];
    for c in s.cues.iter().flatten() {
        v.push((c.start, c.end, c.text));
    }
    if let Some(r) = &s.source {
        v.push((r.start, r.end, r.text));
    }
    v
}

/// Checks that the UTF-16 and code point views select exactly the text the byte offsets
/// select, for spans, cues and sources.
pub fn check_output(text: &str, annotations: &Annotations) -> Result<(), String> {
    if annotations.spans().is_empty() {
        return Ok(());
    }
    let positions = Positions::new(text);
    let bytes = to_output(text, annotations, Unit::Byte);
    let utf16 = to_output(text, annotations, Unit::Utf16);
    let chars = to_output(text, annotations, Unit::CodePoint);
    if bytes.spans.len() != annotations.spans().len()
        || utf16.spans.len() != bytes.spans.len()
        || chars.spans.len() != bytes.spans.len()
    {
        return Err("an output view has a different number of spans".to_string());
    }
    for (i, span) in annotations.spans().iter().enumerate() {
        let b = ranges(&bytes.spans[i]);
        let u = ranges(&utf16.spans[i]);
        let c = ranges(&chars.spans[i]);
        if b.len() != u.len() || b.len() != c.len() {
            return Err(format!("span {i}: views disagree on cues or source"));
        }
        if b[0].0 != span.start() || b[0].1 != span.end() {
            return Err(format!("span {i}: byte view moved the span"));
        }
        for k in 0..b.len() {
            let (bs, be, bt) = b[k];
            if text.get(bs..be) != Some(bt) {
                return Err(format!(
                    "span {i} range {k}: text field differs from the slice"
                ));
            }
            if u[k].2 != bt || c[k].2 != bt {
                return Err(format!("span {i} range {k}: views carry different text"));
            }
            let want_u = (positions.utf16.get(bs), positions.utf16.get(be));
            let want_c = (positions.chars.get(bs), positions.chars.get(be));
            if want_u != (Some(&u[k].0), Some(&u[k].1)) {
                return Err(format!(
                    "span {i} range {k}: UTF-16 {}..{} but expected {:?}",
                    u[k].0, u[k].1, want_u
                ));
            }
            if want_c != (Some(&c[k].0), Some(&c[k].1)) {
                return Err(format!(
                    "span {i} range {k}: code points {}..{} but expected {:?}",
                    c[k].0, c[k].1, want_c
                ));
            }
        }
    }
    // What a JavaScript host would do with the UTF-16 offsets: slice the UTF-16 units.
    if !utf16.spans.is_empty() {
        let units: Vec<u16> = text.encode_utf16().collect();
        for (i, s) in utf16.spans.iter().enumerate() {
            let slice = units
                .get(s.start..s.end)
                .map(String::from_utf16)
                .and_then(Result::ok);
            if slice.as_deref() != Some(s.text) {
                return Err(format!("span {i}: UTF-16 slice differs from its text"));
            }
        }
    }
    if utf16.groups.len() != annotations.entity_groups().len() {
        return Err("output groups differ from entity_groups".to_string());
    }
    Ok(())
}

/// Annotates `text` with `options` and checks everything: the text layer, the result's
/// guarantees, the output views, determinism, and that running one category alone gives
/// the same time and entity spans as running all (claims may use entities, nothing else
/// depends on another category).
pub fn check(text: &str, options: &Options) -> Result<(), String> {
    check_document(text)?;
    let annotations = annotate(text, options);
    check_annotations(text, &annotations)?;
    let again = annotate(text, options);
    if again.spans() != annotations.spans() {
        return Err("annotate is not deterministic".to_string());
    }
    for category in [Category::Entity, Category::Time] {
        if !options.runs(category) {
            continue;
        }
        let alone = annotate(text, &options.clone().with_categories(&[category]));
        let only = |a: &Annotations| {
            a.spans()
                .iter()
                .filter(|s| s.category() == category)
                .cloned()
                .collect::<Vec<_>>()
        };
        if alone.spans().iter().any(|s| s.category() != category) {
            return Err(format!("{} alone gave other categories", category.as_str()));
        }
        if only(&alone) != only(&annotations) {
            return Err(format!(
                "{} spans differ when it runs alone",
                category.as_str()
            ));
        }
    }
    Ok(())
}
