//! # Article Annotator
//!
//! Finds three things in a news article and says why:
//!
//! 1. **Named entities** — people, organizations, places and groups, with every mention of
//!    one entity linked to a group and a canonical name;
//! 2. **Timing statements** — TIMEX3 DATE, TIME, DURATION and SET expressions, normalized to
//!    a value against the article's date;
//! 3. **Unverified claims** — hedged, attributed, explicitly unverified, disputed and
//!    unsourced statements, each with its cues and, where the text names one, its source.
//!
//! Every offset in this crate is a **UTF-8 byte offset** into the annotated text, end
//! exclusive, always on a `char` boundary. The bindings convert them to the unit their host
//! indexes by (see [`offsets`]).
//!
//! ```
//! use article_annotator::{annotate, Kind, Options};
//!
//! let text = "Elon Musk said on Aug. 12, 2024 that the outage may have been an attack.";
//! let options = Options::new().with_article_date("2024-08-13").unwrap();
//! let annotations = annotate(text, &options);
//!
//! let date = annotations.spans().iter().find(|s| s.kind() == Kind::Date).unwrap();
//! assert_eq!(&text[date.range()], "Aug. 12, 2024");
//! assert_eq!(date.value(), Some("2024-08-12"));
//! ```
//!
//! Nothing here panics on any input: the property tests in `tests/` check every invariant
//! above on arbitrary strings.

#[cfg(any(all(target_arch = "wasm32", not(target_feature = "atomics")), test))]
mod alloc_cache;
pub mod claims;
pub mod entities;
mod hash;
pub mod offsets;
pub mod output;
mod span;
pub mod text;
pub mod timex;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use span::{Category, Cue, Detail, Kind, Span};
use std::fmt;
use text::Document;

pub use timex::Date;

/// Which categories to run and what the article's date is.
///
/// ```
/// use article_annotator::{Category, Options};
/// let options = Options::new()
///     .with_article_date("1998-03-01").unwrap()
///     .with_categories(&[Category::Time]);
/// assert!(options.runs(Category::Time));
/// assert!(!options.runs(Category::Entity));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    article_date: Option<Date>,
    categories: [bool; 3],
    user_entities: Vec<(String, Kind)>,
    user_claim_phrases: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options::new()
    }
}

impl Options {
    /// All categories, no article date (a dateline in the text is used if found).
    pub fn new() -> Options {
        Options {
            article_date: None,
            categories: [true; 3],
            user_entities: Vec::new(),
            user_claim_phrases: Vec::new(),
        }
    }

    /// Sets the date relative expressions ("yesterday", "last week") resolve against.
    /// Accepts `YYYY-MM-DD`, optionally followed by a time (`1998-01-08T18:30:00`), which
    /// is ignored. An empty string clears the date.
    ///
    /// # Errors
    /// When `date` is neither empty nor a valid calendar date in that form.
    pub fn with_article_date(mut self, date: &str) -> Result<Options, Error> {
        let date = date.trim();
        if date.is_empty() {
            self.article_date = None;
            return Ok(self);
        }
        // Check the shape first: the date parser also takes other forms ("20240801"),
        // and slicing by the assumed length must not panic on them.
        let parsed = match (date.get(..10), date.get(10..)) {
            (Some(day), Some(rest)) if rest.is_empty() || rest.starts_with(['T', ' ']) => {
                parse_ymd(day)
            }
            _ => None,
        };
        match parsed {
            Some(d) => {
                self.article_date = Some(d);
                Ok(self)
            }
            // Built by hand, not with `format!("{date:?}")`: Debug-escaping a string pulls
            // Unicode tables into the wasm.
            None => Err(Error::new(
                [
                    "article date \"",
                    date,
                    "\" is not a date of the form YYYY-MM-DD",
                ]
                .concat(),
            )),
        }
    }

    /// Sets the article date from a [`Date`].
    pub fn with_date(mut self, date: Option<Date>) -> Options {
        self.article_date = date;
        self
    }

    /// Runs only the given categories.
    pub fn with_categories(mut self, categories: &[Category]) -> Options {
        self.categories = [false; 3];
        for &c in categories {
            self.categories[c as usize] = true;
        }
        self
    }

    /// Adds names the user wants marked as entities of `kind` wherever they occur
    /// (matched case-sensitively on word boundaries), on top of the built-in lexicons.
    ///
    /// # Errors
    /// When `kind` is not an entity kind (PERSON, ORG, LOC, NORP).
    pub fn with_user_entity(mut self, name: &str, kind: Kind) -> Result<Options, Error> {
        if kind.category() != Category::Entity {
            return Err(Error::new(
                [
                    kind.label(),
                    " is not an entity type: expected PERSON, ORG, LOC or NORP",
                ]
                .concat(),
            ));
        }
        let name = name.trim();
        if !name.is_empty() {
            self.user_entities.push((name.to_string(), kind));
        }
        Ok(self)
    }

    /// Adds a phrase that marks a sentence as a hedged claim wherever it occurs (matched
    /// case-insensitively on word boundaries), on top of the built-in cue lists.
    pub fn with_user_claim_phrase(mut self, phrase: &str) -> Options {
        let phrase = phrase.trim();
        if !phrase.is_empty() {
            self.user_claim_phrases.push(phrase.to_string());
        }
        self
    }

    /// The user's entity names with their kinds.
    pub fn user_entities(&self) -> &[(String, Kind)] {
        &self.user_entities
    }

    /// The user's claim phrases.
    pub fn user_claim_phrases(&self) -> &[String] {
        &self.user_claim_phrases
    }

    /// The article date given, if any.
    pub fn article_date(&self) -> Option<Date> {
        self.article_date
    }

    /// Whether `category` runs.
    pub fn runs(&self, category: Category) -> bool {
        self.categories[category as usize]
    }
}

/// An error in the options given to [`annotate`]; its message says what was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    message: String,
}

impl Error {
    fn new(message: String) -> Error {
        Error { message }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// Parses exactly `YYYY-MM-DD` into a valid calendar date.
pub fn parse_ymd(day: &str) -> Option<Date> {
    let b = day.as_bytes();
    let shape = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !shape {
        return None;
    }
    // The shape check above made every byte in these ranges a digit.
    let number = |r: std::ops::Range<usize>| {
        b.get(r)
            .unwrap_or(&[])
            .iter()
            .fold(0i16, |n, c| n * 10 + i16::from(c - b'0'))
    };
    let (y, m, d) = (number(0..4), number(5..7), number(8..10));
    Date::new(y, i8::try_from(m).ok()?, i8::try_from(d).ok()?)
}

/// Formats a date as `YYYY-MM-DD`; a negative year (only from arithmetic, never parsed)
/// as `-YYY-MM-DD`, the way `format!("{:04}")` writes it. Digits by hand: no `core::fmt`.
pub fn format_ymd(date: Date) -> String {
    fn digits(out: &mut String, n: u32, width: u32) {
        let mut div = 10u32.pow(width.max(1) - 1);
        // Wider numbers keep all their digits.
        while n / div >= 10 {
            div *= 10;
        }
        while div > 0 {
            out.push(char::from(b'0' + (n / div % 10) as u8));
            div /= 10;
        }
    }
    let mut out = String::with_capacity(11);
    let year = i32::from(date.year());
    if year < 0 {
        out.push('-');
        digits(&mut out, year.unsigned_abs(), 3);
    } else {
        digits(&mut out, year.unsigned_abs(), 4);
    }
    out.push('-');
    digits(&mut out, date.month().unsigned_abs().into(), 2);
    out.push('-');
    digits(&mut out, date.day().unsigned_abs().into(), 2);
    out
}

/// Where the reference date for relative expressions came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateSource {
    /// Given in [`Options`].
    Options,
    /// Found in a dateline at the top of the text.
    Dateline,
}

/// One linked entity: all mentions sharing a group id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityGroup {
    id: u32,
    kind: Kind,
    canonical: String,
    mentions: usize,
}

impl EntityGroup {
    /// The group id, as in [`Span::group`].
    pub fn id(&self) -> u32 {
        self.id
    }
    /// The entity type of its mentions.
    pub fn kind(&self) -> Kind {
        self.kind
    }
    /// Its fullest name in the text ("Elon Musk" for "Musk").
    pub fn canonical(&self) -> &str {
        &self.canonical
    }
    /// How many mentions it has.
    pub fn mentions(&self) -> usize {
        self.mentions
    }
}

/// The result of [`annotate`].
///
/// Guarantees: spans are sorted by start (then by category, then longer first); every span
/// has `start < end`, lies inside the text and on char boundaries; spans of one category
/// never overlap.
#[derive(Debug, Clone, Default)]
pub struct Annotations {
    spans: Vec<Span>,
    article_date: Option<(Date, DateSource)>,
}

impl Annotations {
    /// Every span, sorted as described on [`Annotations`].
    pub fn spans(&self) -> &[Span] {
        &self.spans
    }

    /// Takes the spans out.
    pub fn into_spans(self) -> Vec<Span> {
        self.spans
    }

    /// The reference date used for relative expressions, and where it came from.
    pub fn article_date(&self) -> Option<(Date, DateSource)> {
        self.article_date
    }

    /// Every linked entity with its mention count, in order of first mention.
    pub fn entity_groups(&self) -> Vec<EntityGroup> {
        output::groups(self)
            .into_iter()
            .map(|g| EntityGroup {
                id: g.id,
                kind: g.kind,
                canonical: g.canonical.to_string(),
                mentions: g.mentions,
            })
            .collect()
    }
}

/// Annotates `text`. Never panics; linear in the length of the text.
///
/// See the [crate docs](crate) for an example and [`Annotations`] for what the result
/// guarantees.
pub fn annotate(text: &str, options: &Options) -> Annotations {
    let doc = Document::new(text);
    // Without a date in the options the head is read for a dateline here, once: it gives the
    // article date, and the timex detector reuses it.
    let dateline = match options.article_date {
        Some(_) => None,
        None => Some(timex::Dateline::find(&doc)),
    };
    let article_date = match (options.article_date, &dateline) {
        (Some(d), _) => Some((d, DateSource::Options)),
        (None, found) => found
            .as_ref()
            .and_then(Option::as_ref)
            .map(|d| (d.date(), DateSource::Dateline)),
    };
    let entities = if options.runs(Category::Entity) {
        entities::detect(&doc, options.user_entities())
    } else {
        Vec::new()
    };
    let times = if options.runs(Category::Time) {
        let date = article_date.map(|(d, _)| d);
        match &dateline {
            Some(found) => timex::detect_with_dateline(&doc, date, found.as_ref()),
            None => timex::detect(&doc, date),
        }
    } else {
        Vec::new()
    };
    let claims = if options.runs(Category::Claim) {
        claims::detect(&doc, &entities, options.user_claim_phrases())
    } else {
        Vec::new()
    };
    // The tokens and sentences are no longer needed: free them before the spans are joined.
    drop(doc);
    Annotations {
        spans: assemble(text, [entities, times, claims]),
        article_date,
    }
}

/// Sorts `items` by `key`, stably (equal keys keep their order), through one sort of
/// `u128`s shared by every caller: each `sort_by_key` closure would otherwise compile to its
/// own few kilobytes of sorting code in the `.wasm`. `key` may use the high 96 bits' worth
/// of value (it is shifted left by 32; higher bits are lost). Needs 16 bytes an item while it
/// runs; the items move in place.
pub(crate) fn sort_by_u128_key<T>(items: &mut [T], key: impl Fn(&T) -> u128) {
    if items.len() < 2 {
        return;
    }
    // The index in the low 32 bits makes the keys distinct and the sort stable.
    let mut order: Vec<u128> = items
        .iter()
        .enumerate()
        .map(|(i, t)| (key(t) << 32) | (i as u32 as u128))
        .collect();
    sort_keys(&mut order);
    // `order[p]` now names the item that belongs at `p`: apply that permutation in place,
    // one cycle at a time, marking each visited slot with `u128::MAX`.
    for i in 0..order.len() {
        let mut at = i;
        while let Some(&k) = order.get(at) {
            if k == u128::MAX {
                break;
            }
            let from = k as u32 as usize;
            if let Some(slot) = order.get_mut(at) {
                *slot = u128::MAX;
            }
            if from == i {
                break;
            }
            if at < items.len() && from < items.len() {
                items.swap(at, from);
            }
            at = from;
        }
    }
}

/// The one instance of the sort behind [`sort_by_u128_key`] (not inlined into callers): a
/// natural merge sort. The keys come as a few sorted runs (mentions in text order, or each
/// detector's spans one after another), which it merges in a pass or two, linear then,
/// O(n log n) whatever the order; a few hundred bytes of wasm where `sort_unstable` on
/// `u128` was 1.5 KB gzipped. Extra memory: a copy of the shorter run of each merge.
#[inline(never)]
fn sort_keys(keys: &mut [u128]) {
    // Where each maximal ascending run starts, and the end.
    let mut bounds = vec![0];
    bounds.extend((1..keys.len()).filter(|&i| keys.get(i - 1) > keys.get(i)));
    bounds.push(keys.len());
    let mut buf = Vec::new();
    // Merge neighbouring runs pairwise until one is left.
    while bounds.len() > 2 {
        let mut merged = Vec::with_capacity(bounds.len() / 2 + 2);
        merged.push(0);
        for pair in bounds.get(1..).unwrap_or_default().chunks(2) {
            match *pair {
                [mid, end] => {
                    let start = *merged.last().unwrap_or(&0);
                    if let Some(run) = keys.get_mut(start..end) {
                        merge_runs(run, mid - start, &mut buf);
                    }
                    merged.push(end);
                }
                [end] => merged.push(end),
                _ => {}
            }
        }
        bounds = merged;
    }
}

/// Merges the sorted halves `v[..mid]` and `v[mid..]` in place, through a copy of the
/// shorter half in `buf`: from the front when that is the left one, else from the back, so
/// that no element is overwritten before it is read.
fn merge_runs(v: &mut [u128], mid: usize, buf: &mut Vec<u128>) {
    let (Some(left), Some(right)) = (v.get(..mid), v.get(mid..)) else {
        return;
    };
    buf.clear();
    if left.len() <= right.len() {
        buf.extend_from_slice(left);
        // Output slot `o` = taken from the left + taken from the right: never past `j`.
        let (mut i, mut j, mut o) = (0, mid, 0);
        while let Some(&a) = buf.get(i) {
            let take = match v.get(j) {
                Some(&b) if b < a => {
                    j += 1;
                    b
                }
                _ => {
                    i += 1;
                    a
                }
            };
            if let Some(slot) = v.get_mut(o) {
                *slot = take;
            }
            o += 1;
        }
    } else {
        buf.extend_from_slice(right);
        let (mut i, mut j, mut o) = (mid, buf.len(), v.len());
        while let Some(&b) = j.checked_sub(1).and_then(|k| buf.get(k)) {
            let take = match i.checked_sub(1).and_then(|k| v.get(k)) {
                Some(&a) if a > b => {
                    i -= 1;
                    a
                }
                _ => {
                    j -= 1;
                    b
                }
            };
            o -= 1;
            if let Some(slot) = v.get_mut(o) {
                *slot = take;
            }
        }
    }
}

/// Joins the detectors' spans, sorts them and enforces the [`Annotations`] guarantees:
/// drops empty, out-of-range or off-boundary spans, and within a category keeps the first
/// (then longest) of overlapping spans. Detectors are expected to produce valid spans; this
/// is the safety net.
///
/// Memory: the largest list is extended in place to the exact total (never doubled), and
/// the sort is in place (a stable sort would borrow a buffer of half the spans).
fn assemble(text: &str, lists: [Vec<Span>; 3]) -> Vec<Span> {
    let total: usize = lists.iter().map(Vec::len).sum();
    let mut lists = lists;
    let largest = (0..lists.len())
        .max_by_key(|&i| lists[i].capacity())
        .unwrap_or(0);
    let mut spans = std::mem::take(&mut lists[largest]);
    spans.reserve_exact(total - spans.len());
    for list in lists {
        spans.extend(list);
    }
    spans.retain(|s| {
        s.start < s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
    });
    // By start, then category, then longer first; then kind, so that a detector's duplicates
    // sort the same every run. Offsets fit in 32 bits (the tokenizer reads at most 4 GiB).
    sort_by_u128_key(&mut spans, |s| {
        let offset = |o: usize| u32::try_from(o).unwrap_or(u32::MAX) as u128;
        (offset(s.start) << 64)
            | ((s.category() as u128) << 40)
            | ((u32::MAX as u128 - offset(s.end)) << 8)
            | s.kind as u128
    });
    let mut layer_end = [0usize; 3];
    spans.retain(|s| {
        let end = &mut layer_end[s.category() as usize];
        if s.start < *end {
            return false;
        }
        *end = s.end;
        true
    });
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_date_forms() {
        let d = |s: &str| {
            Options::new()
                .with_article_date(s)
                .map(|o| o.article_date())
        };
        assert_eq!(d("1998-03-01").unwrap().unwrap().to_string(), "1998-03-01");
        assert_eq!(
            d("1998-01-08T18:30:00").unwrap().unwrap().to_string(),
            "1998-01-08"
        );
        assert_eq!(d("").unwrap(), None);
        assert!(d("1998-02-30").is_err());
        assert!(d("yesterday").is_err());
        assert!(d("1998-03-01x").is_err());
        assert!(d("€€€€€€€€€€€").is_err(), "non-ASCII must not panic");
        assert!(d("20240801").is_err(), "a basic-format date must not panic");
        let date = d("0005-02-09").unwrap().unwrap();
        assert_eq!(format_ymd(date), "0005-02-09");
        assert_eq!(date.to_string(), "0005-02-09");
        assert!(d("+002024-08-01").is_err());
        assert!(d("2024-08-01 10:00").is_ok());
    }

    #[test]
    fn assemble_drops_overlaps_within_a_layer_only() {
        let text = "Elon Musk may have said so.";
        let entity = |s, e| {
            Span::new(
                s,
                e,
                Kind::Person,
                String::new(),
                Detail::Time {
                    value: String::new(),
                },
            )
        };
        let claim = Span::new(
            0,
            text.len(),
            Kind::Hedged,
            String::new(),
            Detail::Claim {
                kinds: vec![Kind::Hedged],
                cues: vec![],
                source: None,
            },
        );
        let out = assemble(
            text,
            [
                vec![entity(5, 9), entity(0, 9)],
                vec![],
                vec![claim, entity(3, 3), entity(0, 999)],
            ],
        );
        let ranges: Vec<_> = out.iter().map(|s| (s.range(), s.category())).collect();
        assert_eq!(
            ranges,
            [(0..9, Category::Entity), (0..text.len(), Category::Claim)]
        );
    }

    #[test]
    fn the_shared_sort_is_a_stable_sort() {
        // A fixed pseudo-random sequence with many equal keys.
        let mut x = 12345u32;
        let items: Vec<(u32, usize)> = (0..500)
            .map(|i| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                ((x >> 16) % 37, i)
            })
            .collect();
        let mut ours = items.clone();
        sort_by_u128_key(&mut ours, |&(k, _)| k as u128);
        let mut std = items;
        std.sort_by_key(|&(k, _)| k);
        assert_eq!(ours, std);
        let mut one = vec![7];
        sort_by_u128_key(&mut one, |&v| v);
        assert_eq!(one, [7]);
        // The shapes the merge sort meets: sorted, reversed, sorted runs one after another
        // (longer and shorter first), and runs of every length from a pseudo-random walk.
        let walk: Vec<u32> = (0..700)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                (x >> 16) % 1000
            })
            .collect();
        let cases: [Vec<u32>; 5] = [
            (0..300).collect(),
            (0..300).rev().collect(),
            (0..300).chain(0..20).chain(5..90).collect(),
            (0..10).chain(0..400).chain(3..7).collect(),
            walk,
        ];
        for case in cases {
            let mut ours = case.clone();
            sort_by_u128_key(&mut ours, |&v| u128::from(v));
            let mut std = case;
            std.sort();
            assert_eq!(ours, std);
        }
    }

    #[test]
    fn empty_text_gives_empty_result() {
        assert!(annotate("", &Options::new()).spans().is_empty());
    }
}
