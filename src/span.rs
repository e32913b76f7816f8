//! The span model every part of the crate shares.
//!
//! A [`Span`] marks one highlight: a half-open range `start..end` of **UTF-8 byte offsets**
//! into the annotated text, a [`Category`] (which layer it is drawn in), a [`Kind`], a short
//! human-readable reason and a [`Detail`] with the per-category payload.
//!
//! Within one category spans never overlap; across categories they may (an entity inside a
//! claim sentence).

use serde::Serialize;
use std::borrow::Cow;
use std::ops::Range;

/// The layer a span belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// People, organizations, places and groups.
    Entity,
    /// TIMEX3 timing statements.
    Time,
    /// Statements the article does not itself establish.
    Claim,
}

impl Category {
    /// All categories, in the order the detectors run.
    pub const ALL: [Category; 3] = [Category::Entity, Category::Time, Category::Claim];

    /// The lowercase name used in options and JSON (`"entity"`, `"time"`, `"claim"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Entity => "entity",
            Category::Time => "time",
            Category::Claim => "claim",
        }
    }
}

/// The type of a span; each kind belongs to exactly one [`Category`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Kind {
    /// A person ("Elon Musk").
    Person,
    /// An organization ("NATO", "the Federal Reserve").
    Org,
    /// A place: country, state, city, region, landmark.
    Loc,
    /// A nationality, religious or political group ("Russian", "Democrats").
    Norp,
    /// TIMEX3 DATE ("Aug. 12, 2024", "last week").
    Date,
    /// TIMEX3 TIME ("around 8:45 pm E.T.").
    Time,
    /// TIMEX3 DURATION ("an hour").
    Duration,
    /// TIMEX3 SET ("every Monday").
    Set,
    /// Hedged or speculative ("may have", "reportedly").
    Hedged,
    /// Carried by a source without confirmation ("X claimed", "according to").
    Attributed,
    /// Explicitly said to be unverified ("could not be independently verified").
    Unverified,
    /// Called false, disputed or debunked by the text.
    Disputed,
    /// Attributed to nobody in particular ("some say", "experts believe").
    Unsourced,
}

impl Kind {
    /// The category this kind belongs to.
    pub fn category(self) -> Category {
        match self {
            Kind::Person | Kind::Org | Kind::Loc | Kind::Norp => Category::Entity,
            Kind::Date | Kind::Time | Kind::Duration | Kind::Set => Category::Time,
            Kind::Hedged
            | Kind::Attributed
            | Kind::Unverified
            | Kind::Disputed
            | Kind::Unsourced => Category::Claim,
        }
    }

    /// The label used in JSON output and the gold data ("PERSON", "DATE", "HEDGED", …).
    pub fn label(self) -> &'static str {
        match self {
            Kind::Person => "PERSON",
            Kind::Org => "ORG",
            Kind::Loc => "LOC",
            Kind::Norp => "NORP",
            Kind::Date => "DATE",
            Kind::Time => "TIME",
            Kind::Duration => "DURATION",
            Kind::Set => "SET",
            Kind::Hedged => "HEDGED",
            Kind::Attributed => "ATTRIBUTED",
            Kind::Unverified => "UNVERIFIED",
            Kind::Disputed => "DISPUTED",
            Kind::Unsourced => "UNSOURCED",
        }
    }

    /// A short human-readable name for tooltips ("Person", "Attributed, unconfirmed").
    pub fn description(self) -> &'static str {
        match self {
            Kind::Person => "Person",
            Kind::Org => "Organization",
            Kind::Loc => "Place",
            Kind::Norp => "Group (nationality, religion, politics)",
            Kind::Date => "Date",
            Kind::Time => "Time of day",
            Kind::Duration => "Duration",
            Kind::Set => "Recurring time",
            Kind::Hedged => "Hedged or speculative",
            Kind::Attributed => "Attributed, unconfirmed",
            Kind::Unverified => "Explicitly unverified",
            Kind::Disputed => "Disputed or debunked",
            Kind::Unsourced => "Unsourced",
        }
    }
}

/// One cue inside a claim: the words that made the detector flag it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) kind: Kind,
}

impl Cue {
    /// Creates a cue covering UTF-8 byte offsets `start..end` of the claim kind `kind`.
    pub fn new(start: usize, end: usize, kind: Kind) -> Cue {
        Cue { start, end, kind }
    }
    /// Start of the cue, a UTF-8 byte offset into the annotated text.
    pub fn start(&self) -> usize {
        self.start
    }
    /// End of the cue (exclusive), a UTF-8 byte offset into the annotated text.
    pub fn end(&self) -> usize {
        self.end
    }
    /// The cue's byte range.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
    /// The claim kind this cue signals.
    pub fn kind(&self) -> Kind {
        self.kind
    }
}

/// The per-category payload of a span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detail {
    /// An entity mention. Mentions of one entity share `group` (an index, unique within one
    /// [`Annotations`](crate::Annotations)) and `canonical` (its fullest name in the text).
    /// `canonical` is one shared string per group (not a copy per mention).
    Entity {
        group: u32,
        canonical: std::sync::Arc<str>,
    },
    /// A TIMEX3 value such as `"2024-08-12"`, `"PT1H"`, `"XXXX-WXX-1"` or `"PRESENT_REF"`.
    Time { value: String },
    /// A claim: every kind it carries (the span's own kind first), its cues, and the source
    /// that makes the claim as UTF-8 byte offsets, where the text names one.
    Claim {
        kinds: Vec<Kind>,
        cues: Vec<Cue>,
        source: Option<Range<usize>>,
    },
}

/// One highlight. See the [module docs](self) for the guarantees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) kind: Kind,
    /// Borrowed for the fixed reasons most rules give: no allocation per span for them.
    pub(crate) reason: Cow<'static, str>,
    pub(crate) detail: Detail,
}

impl Span {
    /// Creates a span over UTF-8 byte offsets `start..end`. `reason` is a `&'static str`
    /// (stored without allocating: prefer it for fixed reasons) or a `String`.
    pub fn new(
        start: usize,
        end: usize,
        kind: Kind,
        reason: impl Into<Cow<'static, str>>,
        detail: Detail,
    ) -> Span {
        let mut reason = reason.into();
        // A reason built piece by piece has spare capacity; shrinking in place is cheap and
        // a long text holds one reason per span.
        if let Cow::Owned(r) = &mut reason {
            r.shrink_to_fit();
        }
        Span {
            start,
            end,
            kind,
            reason,
            detail,
        }
    }
    /// Start of the span, a UTF-8 byte offset (always on a char boundary).
    pub fn start(&self) -> usize {
        self.start
    }
    /// End of the span (exclusive), a UTF-8 byte offset (always on a char boundary).
    pub fn end(&self) -> usize {
        self.end
    }
    /// The span's byte range.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
    /// The layer this span is drawn in.
    pub fn category(&self) -> Category {
        self.kind.category()
    }
    /// The span's type.
    pub fn kind(&self) -> Kind {
        self.kind
    }
    /// A short reason for the tooltip: the cue, lexicon or rule that fired.
    pub fn reason(&self) -> &str {
        &self.reason
    }
    /// The per-category payload.
    pub fn detail(&self) -> &Detail {
        &self.detail
    }
    /// The TIMEX3 value, for time spans.
    pub fn value(&self) -> Option<&str> {
        match &self.detail {
            Detail::Time { value } => Some(value),
            _ => None,
        }
    }
    /// The entity group id, for entity spans.
    pub fn group(&self) -> Option<u32> {
        match &self.detail {
            Detail::Entity { group, .. } => Some(*group),
            _ => None,
        }
    }
    /// The canonical name of the entity, for entity spans.
    pub fn canonical(&self) -> Option<&str> {
        match &self.detail {
            Detail::Entity { canonical, .. } => Some(canonical),
            _ => None,
        }
    }
    /// The claim's cues, for claim spans (empty otherwise).
    pub fn cues(&self) -> &[Cue] {
        match &self.detail {
            Detail::Claim { cues, .. } => cues,
            _ => &[],
        }
    }
    /// Every claim kind the span carries, for claim spans (empty otherwise).
    pub fn claim_kinds(&self) -> &[Kind] {
        match &self.detail {
            Detail::Claim { kinds, .. } => kinds,
            _ => &[],
        }
    }
    /// The byte range of the claim's source, where the text names one.
    pub fn source(&self) -> Option<Range<usize>> {
        match &self.detail {
            Detail::Claim { source, .. } => source.clone(),
            _ => None,
        }
    }
}
