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

pub mod claims;
pub mod entities;
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
            None => Err(Error::new(format!(
                "article date {date:?} is not a date of the form YYYY-MM-DD"
            ))),
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
            return Err(Error::new(format!(
                "{} is not an entity type: expected PERSON, ORG, LOC or NORP",
                kind.label()
            )));
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
        let mut groups: Vec<EntityGroup> = Vec::new();
        let mut index_of_group = std::collections::HashMap::new();
        for span in &self.spans {
            if let Detail::Entity { group, canonical } = &span.detail {
                let i = *index_of_group.entry(*group).or_insert_with(|| {
                    groups.push(EntityGroup {
                        id: *group,
                        kind: span.kind,
                        canonical: canonical.clone(),
                        mentions: 0,
                    });
                    groups.len() - 1
                });
                groups[i].mentions += 1;
            }
        }
        groups
    }
}

/// Annotates `text`. Never panics; linear in the length of the text.
///
/// See the [crate docs](crate) for an example and [`Annotations`] for what the result
/// guarantees.
pub fn annotate(text: &str, options: &Options) -> Annotations {
    let doc = Document::new(text);
    let article_date = match options.article_date {
        Some(d) => Some((d, DateSource::Options)),
        None => timex::find_dateline(&doc).map(|d| (d, DateSource::Dateline)),
    };
    let mut spans = Vec::new();
    let entities = if options.runs(Category::Entity) {
        entities::detect(&doc, options.user_entities())
    } else {
        Vec::new()
    };
    if options.runs(Category::Time) {
        spans.extend(timex::detect(&doc, article_date.map(|(d, _)| d)));
    }
    if options.runs(Category::Claim) {
        spans.extend(claims::detect(
            &doc,
            &entities,
            options.user_claim_phrases(),
        ));
    }
    spans.extend(entities);
    Annotations {
        spans: assemble(text, spans),
        article_date,
    }
}

/// Sorts spans and enforces the [`Annotations`] guarantees: drops empty, out-of-range or
/// off-boundary spans, and within a category keeps the first (then longest) of overlapping
/// spans. Detectors are expected to produce valid spans; this is the safety net.
fn assemble(text: &str, mut spans: Vec<Span>) -> Vec<Span> {
    spans.retain(|s| {
        s.start < s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
    });
    spans.sort_by(|a, b| {
        (a.start, a.category(), std::cmp::Reverse(a.end)).cmp(&(
            b.start,
            b.category(),
            std::cmp::Reverse(b.end),
        ))
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
            vec![
                entity(5, 9),
                entity(0, 9),
                claim,
                entity(3, 3),
                entity(0, 999),
            ],
        );
        let ranges: Vec<_> = out.iter().map(|s| (s.range(), s.category())).collect();
        assert_eq!(
            ranges,
            [(0..9, Category::Entity), (0..text.len(), Category::Claim)]
        );
    }

    #[test]
    fn empty_text_gives_empty_result() {
        assert!(annotate("", &Options::new()).spans().is_empty());
    }
}
