//! Timing statements: TIMEX3 DATE, TIME, DURATION and SET, normalized to values.
//!
//! One left-to-right pass over the tokens. At each token every pattern family is tried
//! (clock times, month dates, weekdays, years and decades, quarters, relative expressions,
//! "N units ago", durations, sets, fixed phrases) and the longest match wins; an
//! approximator in front ("about", "more than") joins the span as TimeBank draws it.
//! Relative expressions resolve against the article date; clock times without a day of their
//! own are anchored to the day mentioned nearest before them (same or previous two
//! sentences), else to the article date. Without an article date values keep `X`
//! placeholders ("XXXX-WXX-1", "XXXX-XX-XXT20:45"): the machine's clock is never used.

mod date;
mod dateline;
mod lexicon;
mod normalize;

pub use date::Date;
pub use dateline::{find_dateline, Dateline};

use crate::text::{Document, Token, TokenKind};
use crate::{Detail, Kind, Span};
use lexicon as lex;
use normalize::{self as norm, Direction, Put, Unit};
use std::borrow::Cow;

/// Whether the lowercase word `w` is a weekday's full name ("friday"; not "fri", not
/// "fridays"), for the other detectors: one probe of the time words' table.
pub(crate) fn is_weekday_name(w: &str) -> bool {
    lexicon::entry(w).weekday != 0
}

/// Finds timing statements in `doc`, resolving relative ones against `article_date`
/// (unresolved parts become `X` placeholders when it is `None`). Spans are sorted, never
/// overlap, and carry [`Detail::Time`](crate::Detail::Time).
pub fn detect(doc: &Document, article_date: Option<Date>) -> Vec<Span> {
    let mut scan = Scanner::limited(doc, doc.lowercase(), article_date);
    scan.run();
    let wire_date = Dateline::find(doc)
        .filter(Dateline::is_wire)
        .map(|d| d.range());
    scan.finish(wire_date)
}

/// [`detect`] given the text's dateline, already found with [`Dateline::find`] on the same
/// `doc` (a caller that takes the article date from it reads the head only once).
pub fn detect_with_dateline(
    doc: &Document,
    article_date: Option<Date>,
    dateline: Option<&Dateline>,
) -> Vec<Span> {
    let mut scan = Scanner::limited(doc, doc.lowercase(), article_date);
    scan.run();
    scan.finish(dateline.filter(|d| d.is_wire()).map(Dateline::range))
}

/// Tense of the clause around a weekday or month name, from the nearest verb cue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tense {
    Past,
    Future,
    Unknown,
}

/// One match, before it becomes a [`Span`].
#[derive(Debug, Clone)]
struct Found {
    start: usize,
    end: usize,
    /// The token after the match.
    next: usize,
    kind: Kind,
    value: String,
    /// Why it matched: mostly a fixed phrase (borrowed, no allocation per match).
    reason: Cow<'static, str>,
    /// The calendar day it names, for anchoring later clock times.
    day: Option<Date>,
    /// An unresolved day ("XXXX-WXX-1" for "Monday" without an article date), for anchoring
    /// later clock times all the same.
    day_x: Option<String>,
    /// A clock time (`T20:45`, `TNI`) still waiting for its day.
    pending_time: Option<String>,
    /// The second half of a range written in one token ("June 3-5", "2019-21").
    also: Option<(usize, usize, String)>,
}

impl Found {
    /// Appends `parts` to the reason.
    #[inline(never)]
    fn note(&mut self, parts: &[&str]) {
        let mut r = std::mem::take(&mut self.reason).into_owned();
        for p in parts {
            r.push_str(p);
        }
        self.reason = r.into();
    }
}

struct Scanner<'d, 't> {
    doc: &'d Document<'t>,
    text: &'t str,
    /// The text lowercased (from [`lowered`]; ASCII only, so token offsets index it). A
    /// slice per token is taken when asked for, not stored: 8 bytes a token would be most of
    /// the scan's memory for a long text (16 MB for 10 MB).
    low: &'d str,
    toks: &'d [Token],
    dct: Option<Date>,
    found: Vec<Found>,
    /// The year last named explicitly, for "that year", "the following year".
    last_year: Option<i32>,
    /// The day last named, for "the next day".
    last_day: Option<Date>,
    /// Each token's [`lex::Class`] (tokens past the end of a limited scan: none).
    classes: Vec<lex::Class>,
}

/// What token `j` can do at the start of a time expression (see [`lex::Class`]), from its
/// bytes in `low` (the lowercased text; a token past its end reads as empty, as in
/// `Scanner::w`). Runs once for every token.
#[inline]
#[allow(clippy::manual_contains)]
fn token_class(low: &[u8], toks: &[Token], j: usize) -> lex::Class {
    let bytes = |j: usize| {
        toks.get(j)
            .and_then(|t| low.get(t.start()..t.end()))
            .unwrap_or(&[])
    };
    let w = bytes(j);
    let Some(&first) = w.first() else {
        return lex::Class::None;
    };
    // A plain number, not a year: digits, commas and points only.
    if first.is_ascii_digit()
        && w.iter()
            .all(|&b| b.is_ascii_digit() || b == b',' || b == b'.')
        && !(w.len() == 4 && w.iter().all(u8::is_ascii_digit))
    {
        return lex::Class::Count;
    }
    // Only a punctuation token can be an apostrophe alone: words skip the comparisons.
    let apostrophe = toks.get(j).is_some_and(|t| t.kind == TokenKind::Punct)
        && (w == b"'" || w == "\u{2019}".as_bytes());
    if first.is_ascii_digit()
        || toks.get(j).is_some_and(|t| t.kind == TokenKind::Number)
        // Compounds ("mid-2024", "two-year", "third-quarter", "twenty-four"), not a dash.
        // (A byte loop: words are short, and a `memchr` call per token costs more.)
        || (w.len() > 1 && w.iter().any(|&b| b == b'-'))
        // "the '80s".
        || (apostrophe && bytes(j + 1).first().is_some_and(u8::is_ascii_digit))
        // "Q3".
        || (w.len() == 2 && first == b'q')
    {
        return lex::Class::Starter;
    }
    let c = lex::class(w);
    if c != lex::Class::None || w.last() != Some(&b's') {
        return c;
    }
    // "today's", "weekend's".
    match w
        .strip_suffix(b"'s")
        .or_else(|| w.strip_suffix("\u{2019}s".as_bytes()))
    {
        Some(stem) => lex::class(stem),
        None => c,
    }
}

/// The first `limit` bytes of `doc`'s text (cut back to a char boundary) lowercased, ASCII
/// only, so byte offsets are unchanged: what a [`Scanner`] reads its words from. Read from
/// the document's lowercased copy, which the detectors make anyway; a text over 1 MB, whose
/// copy a run without them would make for its head alone, lowercases just the head.
fn lowered_head<'d>(doc: &'d Document, limit: usize) -> std::borrow::Cow<'d, str> {
    let text = doc.text();
    let mut end = limit.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    if text.len() <= 1 << 20 {
        doc.lowercase().get(..end).unwrap_or("").into()
    } else {
        text.get(..end).unwrap_or("").to_ascii_lowercase().into()
    }
}

#[inline(never)]
fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

#[inline(never)]
fn cap(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

impl<'d, 't> Scanner<'d, 't> {
    /// A scanner over the tokens within `low` (from [`lowered`]; tokens past its end read
    /// as empty), with every token's class computed for [`Scanner::run`].
    #[inline(never)]
    fn limited(doc: &'d Document<'t>, low: &'d str, dct: Option<Date>) -> Self {
        let mut scan = Scanner::bare(doc, low, dct);
        let toks = scan.toks;
        // Tokens are in text order, so the classes stop at the limit. One byte a token.
        let seen = toks.partition_point(|t| t.end() <= low.len());
        scan.classes = (0..seen)
            .map(|j| token_class(low.as_bytes(), toks, j))
            .collect();
        scan
    }

    /// A scanner without token classes (so [`Scanner::could_start`] is false everywhere),
    /// for calling single patterns: the dateline reads the text's head with it, gated by
    /// [`Scanner::could_start_day`] instead, which costs less than a class per token.
    fn bare(doc: &'d Document<'t>, low: &'d str, dct: Option<Date>) -> Self {
        Scanner {
            doc,
            text: doc.text(),
            low,
            toks: doc.tokens(),
            dct,
            found: Vec::new(),
            last_year: None,
            last_day: None,
            classes: Vec::new(),
        }
    }

    // --- token access (never panics: out of range reads as "") -------------------------

    #[inline(never)] // called from hundreds of places: one copy keeps the wasm small
    fn w(&self, j: usize) -> &'d str {
        self.toks
            .get(j)
            .and_then(|t| self.low.get(t.start()..t.end()))
            .unwrap_or("")
    }

    /// Token `j` lowercased without a possessive "'s" ("december's" → "december").
    #[inline(never)]
    fn stem(&self, j: usize) -> &str {
        let w = self.w(j);
        w.strip_suffix("'s")
            .or_else(|| w.strip_suffix("\u{2019}s"))
            .unwrap_or(w)
    }

    /// Whether token `j` lowercased is `s` (one call where an inlined comparison per
    /// call site would cost the wasm more).
    #[inline(never)]
    fn is(&self, j: usize, s: &str) -> bool {
        self.w(j) == s
    }

    /// Whether token `j` as written is `s`.
    #[inline(never)]
    fn raw_is(&self, j: usize, s: &str) -> bool {
        self.raw(j) == s
    }

    #[inline(never)] // called from hundreds of places: one copy keeps the wasm small
    fn raw(&self, j: usize) -> &'t str {
        self.toks
            .get(j)
            .and_then(|t| self.text.get(t.start()..t.end()))
            .unwrap_or("")
    }

    #[inline(never)] // called from hundreds of places: one copy keeps the wasm small
    fn is_num_tok(&self, j: usize) -> bool {
        self.toks
            .get(j)
            .is_some_and(|t| t.kind == TokenKind::Number)
    }

    /// Whether tokens `j` and `j + 1` exist and sit on one line.
    #[inline(never)] // called from hundreds of places: one copy keeps the wasm small
    #[allow(clippy::manual_contains)]
    fn joined(&self, j: usize) -> bool {
        match (self.toks.get(j), self.toks.get(j + 1)) {
            (Some(a), Some(b)) => self
                .text
                .as_bytes()
                .get(a.end()..b.start())
                // A byte loop: gaps are a byte or two, and `contains` calls `memchr`.
                .is_some_and(|gap| !gap.iter().any(|&b| b == b'\n')),
            _ => false,
        }
    }

    /// Whether token `j + 1` directly touches token `j` (no space: "Aug" + ".").
    #[inline(never)] // called from hundreds of places: one copy keeps the wasm small
    fn touching(&self, j: usize) -> bool {
        match (self.toks.get(j), self.toks.get(j + 1)) {
            (Some(a), Some(b)) => a.end() == b.start(),
            _ => false,
        }
    }

    #[inline(never)] // one copy: many patterns call it
    fn found(
        &self,
        i: usize,
        next: usize,
        kind: Kind,
        value: String,
        reason: Cow<'static, str>,
    ) -> Found {
        let start = self.toks.get(i).map_or(0, |t| t.start());
        let end = next
            .checked_sub(1)
            .and_then(|l| self.toks.get(l))
            .map_or(start, |t| t.end());
        Found {
            start,
            end,
            next,
            kind,
            value,
            reason,
            day: None,
            day_x: None,
            pending_time: None,
            also: None,
        }
    }

    // --- the pass -----------------------------------------------------------------------

    fn run(&mut self) {
        let n = self.toks.len();
        let mut i = 0;
        while i < n {
            // Most tokens start nothing by their class alone: passed over without a call.
            if matches!(
                self.classes.get(i),
                Some(lex::Class::None | lex::Class::Follower)
            ) || !self.could_start(i)
            {
                debug_assert!(
                    self.match_at(i).is_none(),
                    "{:?} starts a match: add it to lexicon::STARTERS",
                    self.w(i)
                );
                i += 1;
                continue;
            }
            match self.match_at(i) {
                Some(f) if f.next > i && f.end > f.start => {
                    if let Some(d) = f.day {
                        self.last_day = Some(d);
                    }
                    if let Some(y) = f.value.get(..4).and_then(|y| y.parse::<i32>().ok()) {
                        if f.kind == Kind::Date && !f.value.starts_with('P') {
                            self.last_year = Some(y);
                        }
                    }
                    i = f.next;
                    self.found.push(f);
                }
                _ => i += 1,
            }
        }
    }

    /// Whether some pattern (or an approximator) could start at token `j`: a cheap test that
    /// lets the pass skip most tokens of running text without trying every pattern.
    #[inline(never)]
    fn could_start(&self, j: usize) -> bool {
        let class = |j: usize| self.classes.get(j).copied().unwrap_or(lex::Class::None);
        match class(j) {
            lex::Class::Starter | lex::Class::Unit => true,
            // Approximators that take one word after them only.
            lex::Class::Weak => match self.w(j) {
                "at" => matches!(self.w(j + 1), "least" | "most" | "present"),
                "up" => self.is(j + 1, "to"),
                "more" | "less" | "fewer" => self.is(j + 1, "than"),
                "no" => matches!(self.w(j + 1), "more" | "less"),
                _ => class(j + 1) != lex::Class::None,
            },
            lex::Class::Count => {
                let next = self.w(j + 1);
                let word = !next.starts_with(|c: char| c.is_ascii_digit());
                (word && class(j + 1) != lex::Class::None)
                    || matches!(
                        next,
                        "/" | "a.m."
                            | "am"
                            | "a.m"
                            | "p.m."
                            | "pm"
                            | "p.m"
                            | "o'clock"
                            | "o\u{2019}clock"
                            | "in"
                            | "or"
                    )
                    // "2 1/2 years".
                    || (next == "1" && self.raw_is(j + 2, "/"))
                    // "22 and a half years".
                    || (next == "and" && self.is(j + 2, "a") && self.is(j + 3, "half"))
            }
            lex::Class::None | lex::Class::Follower => false,
        }
    }

    /// Whether [`Scanner::numeric_date`], [`Scanner::weekday_expr`] or
    /// [`Scanner::month_date`] could start at token `j` (a necessary test, from the first
    /// words each accepts): a number, a word gated for weekdays or month dates ("last",
    /// "this"), or a month, weekday or ordinal word. One table probe for most words, no
    /// class needed.
    /// (Inlined into the dateline, its one caller, which asks it at every word of the head.)
    #[inline]
    fn could_start_day(&self, j: usize) -> bool {
        let Some(t) = self.toks.get(j) else {
            return false;
        };
        if t.kind == TokenKind::Number {
            return true;
        }
        // As `Scanner::w`, without the call. One probe, and most words are turned away by
        // their ends and length alone.
        let w = self.low.as_bytes().get(t.start()..t.end()).unwrap_or(&[]);
        lex::starts_day(w)
            // Possessives ("august's", "monday's") and plurals ("mondays"): the only words
            // that `month_at` and `lex::weekday` strip to another before looking them up (a
            // byte 0x99 before the "s": the end of a "\u{2019}", or of a rarer char, looked up
            // all the same).
            || (w.ends_with(b"'s") || w.ends_with(&[0x99, b's']) || w.ends_with(b"days"))
                && (lex::weekday(self.w(j)).is_some() || lex::month(self.stem(j)).is_some())
    }

    /// Joins the clock time of match `k` (its value still the bare `suffix`, "T09:00") to a
    /// recurring day right beside it ("daily at 9 a.m.", "every Monday at 10 a.m.", "at
    /// 10 a.m. every Monday"): one SET, "XXXX-XX-XXT09:00", "XXXX-WXX-1T10:00", instead of
    /// a time on the article's day. The time's own match is left empty (dropped later).
    #[inline(never)]
    fn join_recurring(&mut self, k: usize, suffix: &str) -> bool {
        let Some(time) = self.found.get(k).filter(|f| f.also.is_none()) else {
            return false;
        };
        let (start, end) = (time.start, time.end);
        for o in [k.wrapping_sub(1), k + 1] {
            let Some(set) = self.found.get_mut(o).filter(|f| f.kind == Kind::Set) else {
                continue;
            };
            let day = match set.value.as_str() {
                "P1D" => "XXXX-XX-XX",
                v if v.len() == 10 && v.starts_with("XXXX-WXX-") => v,
                _ => continue,
            };
            let gap = match o < k {
                true => set.end..start,
                false => end..set.start,
            };
            if !matches!(
                self.text.get(gap).map(str::trim),
                Some("" | "at" | "At" | ",")
            ) {
                continue;
            }
            set.value = String::from(day).and(suffix);
            set.start = set.start.min(start);
            set.end = set.end.max(end);
            set.note(&["; at the clock time beside it"]);
            if let Some(t) = self.found.get_mut(k) {
                t.end = t.start;
            }
            return true;
        }
        false
    }

    /// Anchors pending clock times and turns matches into spans; a match overlapping
    /// `wire_date` (a wire dateline's date) is dropped.
    fn finish(mut self, wire_date: Option<std::ops::Range<usize>>) -> Vec<Span> {
        let sent_of = |tok_start: usize, doc: &Document| -> usize {
            doc.sentences()
                .partition_point(|s| s.range.end <= tok_start)
        };
        let sentences: Vec<usize> = self
            .found
            .iter()
            .map(|f| sent_of(f.start, self.doc))
            .collect();
        for k in 0..self.found.len() {
            let Some(suffix) = self.found[k].pending_time.clone() else {
                continue;
            };
            if self.join_recurring(k, &suffix) {
                continue;
            }
            let s = sentences[k];
            let has_day = |o: usize| self.found[o].day.is_some() || self.found[o].day_x.is_some();
            // Nearest day in the same sentence (either side), else the last one in the two
            // sentences before, else the article date. Matches are in text order, so each
            // search stops at the first match outside its window (linear overall in practice).
            let after = (k + 1..self.found.len())
                .take_while(|&o| sentences[o] == s)
                .find(|&o| has_day(o));
            let before = (0..k)
                .rev()
                .take_while(|&o| s.saturating_sub(sentences[o]) <= 2)
                .find(|&o| has_day(o));
            let chosen = match (before, after) {
                (Some(b), _) if sentences[b] == s => Some(b),
                (_, Some(a)) => Some(a),
                (b, None) => b,
            };
            let (anchor, anchor_x, why) = match chosen {
                Some(o) => (
                    self.found[o].day,
                    self.found[o].day_x.clone(),
                    "anchored to the day mentioned before",
                ),
                None => (self.dct, None, "anchored to the article date"),
            };
            let f = &mut self.found[k];
            match (anchor, anchor_x) {
                (Some(d), _) => {
                    let day = norm::day(d);
                    f.value = day.clone().and(&suffix);
                    f.note(&["; ", why, " (", &day, ")"]);
                }
                (None, Some(x)) => {
                    f.value = x.and(&suffix);
                    f.note(&["; ", why, ", itself unresolved"]);
                }
                (None, None) => {
                    f.value = "XXXX-XX-XX".and(&suffix);
                    f.note(&["; no date to anchor it"]);
                }
            }
        }
        let mut spans = Vec::with_capacity(self.found.len());
        for mut f in self.found {
            // "Friday's", "last month's": the possessive is not part of the timex.
            let span_text = self.text.get(f.start..f.end).unwrap_or("");
            if let Some(stem) = span_text
                .strip_suffix("'s")
                .or_else(|| span_text.strip_suffix("\u{2019}s"))
            {
                if !stem.ends_with(|c: char| c.is_ascii_digit()) {
                    f.end = f.start + stem.len();
                }
            }
            // The dateline's own date is the article date, metadata rather than text.
            if wire_date
                .as_ref()
                .is_some_and(|r| f.start < r.end && r.start < f.end)
            {
                continue;
            }
            let mut kind = f.kind;
            if let Some(reference) = norm::beyond_four_digit_years(&f.value) {
                f.value = reference.to_string();
                kind = Kind::Date;
            }
            // The reason is copied only for a range's second half.
            let (reason, also) = match f.also {
                Some((s, e, mut v)) => {
                    if let Some(reference) = norm::beyond_four_digit_years(&v) {
                        v = reference.to_string();
                    }
                    (f.reason.clone(), Some((s, e, v, f.reason)))
                }
                None => (f.reason, None),
            };
            spans.push(Span::new(
                f.start,
                f.end,
                kind,
                reason,
                Detail::Time { value: f.value },
            ));
            if let Some((s, e, v, reason)) = also {
                spans.push(Span::new(s, e, kind, reason, Detail::Time { value: v }));
            }
        }
        // Matches come in text order and a range's second half lies inside its match, so
        // the spans are already sorted; this pass only guards the invariants.
        spans.retain(|s| s.start < s.end && s.end <= self.text.len());
        let mut last_end = 0;
        spans.retain(|s| {
            let ok = s.start >= last_end;
            if ok {
                last_end = s.end;
            }
            ok
        });
        spans
    }

    /// The longest match starting at token `i`, with approximators in front.
    #[inline(never)] // one copy: many patterns call it
    fn match_at(&self, i: usize) -> Option<Found> {
        // Approximators: "about", "more than", "no more than", "at least".
        let mut k = i;
        for _ in 0..3 {
            let a = lex::approximator(self.w(k), self.w(k + 1));
            if a == 0 || !self.joined(k + a - 1) {
                break;
            }
            // "over the past year": a preposition, not an approximator.
            if matches!(self.w(k), "over" | "under" | "some")
                && !(self.is_num_tok(k + 1)
                    || lex::number_word(self.w(k + 1)).is_some()
                    || matches!(self.w(k + 1), "a" | "an" | "half"))
            {
                break;
            }
            k += a;
        }
        if k > i {
            if let Some(mut f) = self.core(k) {
                let word = self.w(i);
                let ok = match f.kind {
                    Kind::Duration => true,
                    Kind::Time => lex::tagged(word, lex::Tags::ABOUT) || word == "just",
                    Kind::Date => {
                        (lex::tagged(word, lex::Tags::ABOUT)
                            || f.reason.starts_with("counted from"))
                            && !f.value.ends_with("_REF")
                    }
                    _ => false,
                };
                if ok && !lex::tagged(word, lex::Tags::OUTSIDE) {
                    f.start = self.toks.get(i).map_or(f.start, |t| t.start());
                    f.note(&[" (with approximator)"]);
                    return Some(f);
                }
                if ok {
                    return Some(f);
                }
            }
        }
        self.core(i)
    }

    /// The longest unmodified match at `k`.
    #[inline(never)] // one copy: many patterns call it
    fn core(&self, k: usize) -> Option<Found> {
        // Each pattern runs only where its first word can start it: a necessary test, from
        // the word's listed gates (`lexicon::GATE_WORDS`) and its shape (debug builds check
        // that a skipped pattern finds nothing). Most candidate words ("the", "a", numbers)
        // start only a few of the thirteen.
        let w = self.w(k);
        let stem = self.stem(k);
        // One table lookup for the word (and one for its stem) answers most questions.
        let entry = lex::entry(w);
        let stem_entry = if stem.len() != w.len() {
            lex::entry(stem)
        } else {
            entry
        };
        let gates = entry.gates | stem_entry.gates;
        let gate = |bit: u16| gates & bit != 0;
        let num = self.is_num_tok(k);
        let digit = w.starts_with(|c: char| c.is_ascii_digit());
        let hyphen = w.bytes().any(|b| b == b'-');
        // `lex::ordinal` and `lex::number_word`, without hashing `w` again.
        let ordinal = if digit {
            lex::ordinal(w).is_some()
        } else {
            entry.ordinal != 0
        };
        // Where `quantity` can begin (a superset).
        let quantity = num
            || if hyphen {
                lex::number_word(w).is_some()
            } else {
                entry.number != 0
            };
        let mut best = None;
        macro_rules! gated {
            ($open:expr, $pattern:ident) => {
                if $open {
                    keep_longest(&mut best, self.$pattern(k), false);
                } else {
                    debug_assert!(
                        self.$pattern(k).is_none(),
                        "{} matched at {w:?}: widen its gate in Scanner::core",
                        stringify!($pattern)
                    );
                }
            };
        }
        // Sequential rather than an array of candidates: much smaller in wasm.
        gated!(num || gate(lex::Gates::CLOCK), clock);
        gated!(num, numeric_date);
        gated!(hyphen || gate(lex::Gates::POSITIONED), positioned);
        gated!(gate(lex::Gates::WEEK_OF), week_of);
        gated!(
            gate(lex::Gates::WEEKDAY)
                || entry.weekday != 0
                || entry.weekday_abbreviation != 0
                // A plural or possessive weekday ("mondays").
                || (w.ends_with('s') && lex::weekday(w).is_some()),
            weekday_expr
        );
        gated!(
            digit || ordinal || gate(lex::Gates::MONTH_DATE) || stem_entry.month != 0,
            month_date
        );
        gated!(
            hyphen || ordinal || (w.len() == 2 && w.starts_with('q')) || gate(lex::Gates::QUARTER),
            quarter
        );
        gated!(digit || ordinal || gate(lex::Gates::YEAR), year_expr);
        gated!(
            gate(lex::Gates::RELATIVE) || stem_entry.season != 0,
            relative
        );
        gated!(quantity || gate(lex::Gates::AGO), ago);
        gated!(
            quantity || hyphen || gate(lex::Gates::DURATION) || entry.unit.is_some(),
            duration
        );
        gated!(quantity || gate(lex::Gates::SET), set);
        // A first word too long for the table is not turned away.
        gated!(w.len() > 13 || gate(lex::Gates::PHRASE), phrase);
        best
    }

    /// Whether a unit word ("day", "years") is among tokens `k` to `k + 10` (always, for a
    /// scanner without classes): durations, "ago" and frequencies end on one at most ten
    /// tokens on ("the first two and a half years", "two to three more weeks"), and most
    /// words that may start them have none near.
    #[inline(never)]
    fn unit_near(&self, k: usize) -> bool {
        self.classes.is_empty()
            || (k..k + 11).any(|j| self.classes.get(j) == Some(&lex::Class::Unit))
    }

    // --- tense --------------------------------------------------------------------------

    #[inline(never)] // one copy: many patterns call it
    fn tense(&self, i: usize) -> Tense {
        let sentences = self.doc.sentences();
        let start_byte = self.toks.get(i).map_or(0, |t| t.start());
        let s = sentences.partition_point(|s| s.range.end <= start_byte);
        let range = sentences.get(s).map_or(i..i + 1, |s| s.tokens.clone());
        let cue = |j: usize| -> Tense {
            let w = self.w(j);
            // The listed cues ("will", "said": `lexicon::VALUE_WORDS`) first.
            match lex::tense(w) {
                lex::FUTURE => return Tense::Future,
                lex::PAST => return Tense::Past,
                _ => {}
            }
            match w {
                "may" if self.raw_is(j, "may") => Tense::Future,
                // "set to resume Monday", "planned to leave Thursday"
                "set" | "planned" if self.is(j + 1, "to") => Tense::Future,
                _ if w.ends_with("'ll") || w.ends_with("\u{2019}ll") => Tense::Future,
                // Past participles and past verbs; capitalized words are names ("United").
                _ if w.len() > 4
                    && w.ends_with("ed")
                    && !w.ends_with("eed")
                    && !cap(self.raw(j)) =>
                {
                    Tense::Past
                }
                _ => Tense::Unknown,
            }
        };
        // The nearest cue wins, left first at equal distance; a side stops at a semicolon or a
        // dash (another clause) and the clause rarely spans more than ten words.
        let (mut left, mut right) = (true, true);
        for d in 1..=10 {
            if let Some(j) = i.checked_sub(d).filter(|&j| left && j >= range.start) {
                if matches!(self.raw(j), ";" | "\u{2014}" | "_" | ",") {
                    left = false;
                } else {
                    let t = cue(j);
                    if t != Tense::Unknown {
                        return t;
                    }
                }
            }
            if right && d <= 6 && i + d < range.end {
                if matches!(self.raw(i + d), ";" | "\u{2014}" | "_") {
                    right = false;
                } else {
                    let t = cue(i + d);
                    if t != Tense::Unknown {
                        return t;
                    }
                }
            }
        }
        Tense::Unknown
    }

    /// The tense as a direction for choosing among candidate dates.
    #[inline(never)] // called from hundreds of places: one copy keeps the wasm small
    fn lean(&self, i: usize) -> i8 {
        match self.tense(i) {
            Tense::Future => 2,
            Tense::Past => -2,
            // News reports mostly what happened: without a cue, lean (less) to the past.
            Tense::Unknown => -1,
        }
    }

    // --- pieces -------------------------------------------------------------------------

    /// A four-digit year at `j` (1000–2199), not a sum of money or a count.
    #[inline(never)] // one copy: many patterns call it
    fn year4(&self, j: usize) -> Option<i32> {
        let t = self.raw(j);
        let t = t
            .strip_suffix("'s")
            .or_else(|| t.strip_suffix("\u{2019}s"))
            .unwrap_or(t);
        if t.len() != 4 || !is_digits(t) {
            return None;
        }
        let y: i32 = t.parse().ok()?;
        if !(1000..=2199).contains(&y) {
            return None;
        }
        if j > 0 && matches!(self.raw(j - 1), "$" | "€" | "£" | "#" | "¥") {
            return None;
        }
        if self.joined(j) && lex::tagged(self.w(j + 1), lex::Tags::COUNTED) {
            return None;
        }
        Some(y)
    }

    /// A day of the month at `j`: "12", "12th", "3-5" (range: returns the second day too).
    #[inline(never)] // one copy: many patterns call it
    fn day_num(&self, j: usize) -> Option<(u8, Option<u8>)> {
        let t = self.w(j);
        if let Some(d) = lex::ordinal(t) {
            return (1..=31).contains(&d).then_some((d, None));
        }
        let (a, b) = match lex::split_hyphen(t, true) {
            Some((a, b)) => (a, Some(b)),
            None => (t, None),
        };
        if a.len() > 2 || !is_digits(a) {
            return None;
        }
        let d: u8 = a.parse().ok()?;
        if !(1..=31).contains(&d) {
            return None;
        }
        // "12:30" or "12.5" are not days.
        let b = match b {
            Some(b) if b.len() <= 2 && is_digits(b) => {
                let e: u8 = b.parse().ok()?;
                ((d..=31).contains(&e)).then_some(e)?;
                Some(e)
            }
            Some(_) => return None,
            None => None,
        };
        Some((d, b))
    }

    /// A quantity at `j`: digits, number words, "a"/"an", "a few", "several", "2 1/2",
    /// "a couple of". Returns the amount (`None` when vague) and the token after it.
    #[inline(never)] // one copy: many patterns call it
    fn quantity(&self, j: usize) -> Option<(Option<f64>, usize)> {
        let w = self.w(j);
        let (mut amount, mut next) = match w {
            "a" | "an" => match self.w(j + 1) {
                "few" => (None, j + 2),
                "couple" if self.is(j + 2, "of") => (Some(2.0), j + 3),
                "couple" => (Some(2.0), j + 2),
                "half" => (Some(0.5), j + 2),
                "dozen" => (Some(12.0), j + 2),
                _ => (Some(1.0), j + 1),
            },
            "several" | "few" | "some" | "many" | "numerous" | "countless" | "multiple" => {
                (None, j + 1)
            }
            "half" if matches!(self.w(j + 1), "a" | "an") => (Some(0.5), j + 2),
            "hundreds" | "thousands" | "dozens" | "tens" if self.is(j + 1, "of") => (None, j + 2),
            _ => {
                let n = if self.is_num_tok(j) {
                    parse_number(w)
                } else {
                    lex::number_word(w)
                }?;
                let mut n = n;
                let mut next = j + 1;
                // "two hundred", "2 1/2"
                if self.is(next, "hundred") {
                    n *= 100.0;
                    next += 1;
                }
                // "2 1/2", "two and a half"
                if self.is(next, "1") && self.raw_is(next + 1, "/") && self.is(next + 2, "2")
                    || self.is(next, "and")
                        && matches!(self.w(next + 1), "a" | "an")
                        && self.is(next + 2, "half")
                {
                    n += 0.5;
                    next += 3;
                }
                // "two to three weeks", "12 to 18 months", "one or two days"
                if matches!(self.w(next), "to" | "or")
                    && (self.is_num_tok(next + 1) || lex::number_word(self.w(next + 1)).is_some())
                    && lex::unit(self.w(next + 2)).is_some()
                {
                    next += 2;
                }
                (Some(n), next)
            }
        };
        if matches!(
            self.w(next),
            "more"
                | "additional"
                | "straight"
                | "consecutive"
                | "full"
                | "long"
                | "trading"
                | "business"
                | "working"
        ) && lex::unit(self.w(next + 1)).is_some()
        {
            next += 1;
        }
        if amount.is_some_and(|a| a <= 0.0) {
            amount = None;
        }
        Some((amount, next))
    }

    // --- clock times --------------------------------------------------------------------

    /// "8:45 pm", "10 p.m.", "noon", "1845 GMT": hours, minutes, the token after.
    #[inline(never)] // one copy: many patterns call it
    fn clock_core(&self, k: usize) -> Option<(u32, u32, usize, &'static str)> {
        let w = self.w(k);
        match w {
            "noon" | "midday" if k == 0 || !self.is(k - 1, "high") => {
                return Some((12, 0, k + 1, "noon"))
            }
            "midnight" => return Some((24, 0, k + 1, "midnight")),
            _ => {}
        }
        if !self.is_num_tok(k) {
            return None;
        }
        // Split "8:45pm" into digits and suffix.
        // (Bytes: a non-ASCII char stops the digits at its first byte, as a char would.)
        let digits_end = w
            .bytes()
            .position(|c| !(c.is_ascii_digit() || c == b':' || c == b'.'))
            .unwrap_or(w.len());
        let (num, suffix) = w.split_at(digits_end);
        // "7.30" is a time only with am/pm after it; alone it is a price or a decimal.
        let dotted = num.contains('.');
        // `num` is ASCII: split at its first ':' or '.' by bytes.
        let sep = num.bytes().position(|c| c == b':' || c == b'.');
        let halves = sep.and_then(|i| Some((num.get(..i)?, num.get(i + 1..)?)));
        let (h, m, colon) = match halves {
            Some((h, m)) if m.len() == 2 && is_digits(h) && is_digits(m) && h.len() <= 2 => {
                (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?, true)
            }
            Some(_) => return None,
            None if is_digits(num) && num.len() <= 2 => (num.parse::<u32>().ok()?, 0, false),
            None if is_digits(num) && num.len() == 4 && suffix.is_empty() => {
                // "1845 GMT" only with a zone after it.
                if !lex::time_zone(self.raw(k + 1)) {
                    return None;
                }
                let v: u32 = num.parse().ok()?;
                (v / 100, v % 100, true)
            }
            None => return None,
        };
        if m >= 60 || h > 24 {
            return None;
        }
        let mut next = k + 1;
        let ampm = match suffix {
            "am" | "a.m." | "a.m" | "a" => Some(false),
            "pm" | "p.m." | "p.m" | "p" => Some(true),
            "" => {
                let nw = self.w(next);
                let a = match nw {
                    "a.m." | "am" | "a.m" => Some(false),
                    "p.m." | "pm" | "p.m" => Some(true),
                    "o'clock" | "o\u{2019}clock" => {
                        next += 1;
                        None
                    }
                    _ => None,
                };
                if a.is_some() {
                    if !self.joined(k) {
                        return None;
                    }
                    next += 1;
                }
                a
            }
            _ => return None,
        };
        let had_oclock = next == k + 2 && ampm.is_none();
        if dotted && ampm.is_none() {
            return None;
        }
        let mut h = h;
        match ampm {
            Some(pm) => {
                if !(1..=12).contains(&h) {
                    return None;
                }
                if pm && h != 12 {
                    h += 12;
                } else if !pm && h == 12 {
                    h = 0;
                }
            }
            None if colon => {
                if h > 24 {
                    return None;
                }
            }
            None if had_oclock => {}
            None if self.is(next, "in")
                && self.is(next + 1, "the")
                && lex::part_of_day(self.w(next + 2)).is_some()
                && (1..=12).contains(&h) => {}
            None => return None,
        }
        // "in the morning", "at night" after a clock time.
        if ampm.is_none() {
            if self.is(next, "in") && self.is(next + 1, "the") {
                match self.w(next + 2) {
                    "morning" => next += 3,
                    "afternoon" | "evening" => {
                        if h < 12 {
                            h += 12;
                        }
                        next += 3;
                    }
                    _ => {}
                }
            } else if self.is(next, "at") && self.is(next + 1, "night") {
                if (6..12).contains(&h) {
                    h += 12;
                }
                next += 2;
            }
        }
        Some((h, m, next, "clock time"))
    }

    #[inline(never)] // one copy: many patterns call it
    fn clock(&self, k: usize) -> Option<Found> {
        let (h, m, mut j, what) = self.clock_core(k)?;
        let mut zone = false;
        if self.joined(j - 1) && lex::time_zone(self.raw(j)) {
            j += 1;
            zone = true;
        } else if self.joined(j - 1) && lex::zone_region(self.w(j)) && self.is(j + 1, "time") {
            j += 2;
            zone = true;
        } else if self.raw_is(j, "(") && lex::time_zone(self.raw(j + 1)) && self.raw_is(j + 2, ")")
        {
            j += 3;
            zone = true;
        }
        let suffix = "T".num(h.into(), 2).and(":").num(m.into(), 2);
        let reason: Cow<'static, str> = if zone {
            what.and(" with zone").into()
        } else {
            what.into()
        };
        // A day right after: "10 p.m. Wednesday", "noon Thursday", "5 p.m. EST Nov. 9".
        let mut jj = j;
        if self.raw_is(jj, ",") {
            jj += 1;
        }
        if self.joined(jj.saturating_sub(1)) {
            if let Some(d) = self.day_ref(jj) {
                let mut f = self.found(k, d.next, Kind::Time, String::new(), reason);
                match d.day {
                    Some(day) => {
                        f.value = norm::day(day).and(&suffix);
                        f.note(&["; on ", &d.reason]);
                        f.day = Some(day);
                    }
                    None => {
                        // The day only (its ten characters, "XXXX-XX-XX" or "XXXX-WXX-1"):
                        // "noon yesterday morning" is "XXXX-XX-XXT12:00", not "…TMOT12:00".
                        let day = d.value.get(..10).unwrap_or(&d.value);
                        f.value = String::from(day).and(&suffix);
                    }
                }
                return Some(f);
            }
        }
        let mut f = self.found(k, j, Kind::Time, String::new(), reason);
        f.pending_time = Some(suffix);
        Some(f)
    }

    /// A day reference after a clock time: weekday, today/yesterday/tomorrow, month date.
    #[inline(never)] // one copy: many patterns call it
    fn day_ref(&self, j: usize) -> Option<Found> {
        match self.w(j) {
            "today" | "yesterday" | "tomorrow" => return self.relative(j),
            _ => {}
        }
        if let Some(f) = self.weekday_expr(j) {
            if f.kind == Kind::Date {
                return Some(f);
            }
        }
        // A full day ("Nov. 9"), resolved or not ("XXXX-11-09").
        self.month_date(j).filter(|f| f.value.len() == 10)
    }

    // --- dates with month names -----------------------------------------------------------

    /// The month at `j` ("Aug." included) and the token after it.
    #[inline(never)] // one copy: many patterns call it
    fn month_at(&self, j: usize) -> Option<(u8, usize)> {
        let w = self.stem(j);
        let m = lex::month(w)?;
        let raw = self.raw(j);
        if !cap(raw) {
            return None;
        }
        let mut next = j + 1;
        if lex::is_month_abbreviation(w) && w != "may" {
            if self.raw_is(next, ".") && self.touching(j) {
                next += 1;
            } else if w.len() < 4 && !self.is_num_tok(next) {
                // "Mar" or "Dec" alone is more often a name.
                return None;
            }
        }
        Some((m, next))
    }

    #[inline(never)] // one copy: many patterns call it
    fn month_date(&self, k: usize) -> Option<Found> {
        // Day-month-year: "12 August 2024".
        if let Some((d, None)) = self.day_num(k) {
            if self.joined(k) {
                if let Some((m, j)) = self.month_at(k + 1) {
                    let mut next = j;
                    let year = if self.year4(j).is_some() && self.joined(j - 1) {
                        next = j + 1;
                        self.year4(j)
                    } else {
                        None
                    };
                    if m != 5 || year.is_some() {
                        return self.full_date(k, next, year, m, d, None);
                    }
                }
            }
        }
        if matches!(self.w(k), "last" | "next" | "this") && self.joined(k) {
            let (m, j) = self.month_at(k + 1)?;
            if self.day_num(j).is_some() && self.joined(j - 1) {
                return None;
            }
            let (value, reason) = match self.dct {
                Some(dct) => {
                    let y = i32::from(dct.year());
                    let dm = dct.month() as u8;
                    let y = match self.w(k) {
                        "last" if m < dm => y,
                        "last" => y - 1,
                        "next" if m > dm => y,
                        "next" => y + 1,
                        _ => y,
                    };
                    (norm::ym(y, m), month_reason(dct))
                }
                None => ("XXXX-".num(m.into(), 2), "month, year unknown".into()),
            };
            return Some(self.found(k, j, Kind::Date, value, reason));
        }
        let (m, j) = self.month_at(k)?;
        let w = self.w(k);
        // Month day [, year]
        if self.joined(j - 1) {
            if let Some((d, d2)) = self.day_num(j) {
                // "May 5 people" is rare; "5:30" is excluded by day_num.
                let mut next = j + 1;
                let mut year = None;
                let mut jy = next;
                if self.raw_is(jy, ",") && self.joined(jy) {
                    jy += 1;
                }
                if self.joined(jy - 1) {
                    if let Some(y) = self.year4(jy) {
                        year = Some(y);
                        next = jy + 1;
                    }
                }
                let mut f = self.full_date(k, next, year, m, d, d2.map(|e| (j, e)))?;
                // "April 24 and 25", "June 3 to 5": the second day is a timex of its own.
                if year.is_none() && f.also.is_none() && self.joined(next - 1) {
                    if let (true, Some((e, None))) = (
                        matches!(
                            self.w(next),
                            "and" | "or" | "to" | "through" | "-" | "\u{2013}" | "\u{2014}"
                        ),
                        self.day_num(next + 1),
                    ) {
                        let after = self.w(next + 2);
                        if e > d && lex::unit(after).is_none() && lex::month(after).is_none() {
                            if let (Some(t), Some(start)) = (self.toks.get(next + 1), f.day) {
                                if let Some(end_day) = norm::ymd(i32::from(start.year()), m, e) {
                                    f.also = Some((t.start(), t.end(), norm::day(end_day)));
                                    f.next = next + 2;
                                }
                            }
                        }
                    }
                }
                return Some(f);
            }
        }
        // "February this year", "June last year"
        if matches!(self.w(j), "this" | "last" | "next")
            && self.is(j + 1, "year")
            && self.joined(j - 1)
        {
            if let Some(dct) = self.dct {
                let y = i32::from(dct.year())
                    + match self.w(j) {
                        "last" => -1,
                        "next" => 1,
                        _ => 0,
                    };
                return Some(self.found(k, j + 2, Kind::Date, norm::ym(y, m), month_reason(dct)));
            }
        }
        // Month [,|of] year
        let mut jy = j;
        if matches!(self.raw(jy), ",") || self.is(jy, "of") {
            jy += 1;
        }
        if self.joined(jy - 1) {
            if let Some(y) = self.year4(jy) {
                let f = self.found(
                    k,
                    jy + 1,
                    Kind::Date,
                    norm::ym(y, m),
                    "month and year".into(),
                );
                return Some(f);
            }
        }
        // Month alone.
        if m == 5 || m == 3 {
            // "May" and "March" are also a verb/name: only after a preposition-like word.
            let prev = k.checked_sub(1).map(|p| self.w(p)).unwrap_or("");
            if !lex::tagged(prev, lex::Tags::MONTH_BEFORE) {
                return None;
            }
        }
        if lex::is_month_abbreviation(w) && j == k + 1 {
            return None;
        }
        let (value, reason) = match self.dct {
            Some(dct) => {
                // The nearest such month (mid-month to mid-month), tense deciding within
                // nine months: "in July" in August is this July, "November" in January last
                // November.
                let y = norm::closest_year(dct, m, 15, self.lean(k))
                    .map_or(i32::from(dct.year()), |d| i32::from(d.year()));
                (norm::ym(y, m), month_reason(dct))
            }
            None => ("XXXX-".num(m.into(), 2), "month, year unknown".into()),
        };
        Some(self.found(k, j, Kind::Date, value, reason))
    }

    #[inline(never)] // one copy: many patterns call it
    fn full_date(
        &self,
        k: usize,
        next: usize,
        year: Option<i32>,
        m: u8,
        d: u8,
        range: Option<(usize, u8)>,
    ) -> Option<Found> {
        let (date, value, reason) = match year {
            Some(y) => {
                let date = norm::ymd(y, m, d)?;
                (Some(date), norm::day(date), "calendar date".into())
            }
            None => match self.dct {
                Some(dct) => {
                    let date = norm::closest_year(dct, m, d, self.lean(k))?;
                    (
                        Some(date),
                        norm::day(date),
                        crate::text::concat(&["date, year from article date ", &norm::day(dct)]),
                    )
                }
                None => (
                    None,
                    "XXXX-".num(m.into(), 2).and("-").num(d.into(), 2),
                    "date, year unknown".into(),
                ),
            },
        };
        let mut f = self.found(k, next, Kind::Date, value, reason.into());
        f.day = date;
        if let (Some((tok, e)), Some(t)) = (range, range.and_then(|(tok, _)| self.toks.get(tok))) {
            let _ = tok;
            // "June 3-5": the first span ends after "3", the second covers "5".
            let raw = self.raw(range.map_or(0, |r| r.0));
            if let Some(dash) = raw.find(['-', '\u{2013}']) {
                let dash_len = raw
                    .get(dash..)
                    .and_then(|r| r.chars().next())
                    .map_or(1, char::len_utf8);
                let end_value = match date {
                    Some(start) => norm::day(norm::ymd(i32::from(start.year()), m, e)?),
                    None => "XXXX-".num(m.into(), 2).and("-").num(e.into(), 2),
                };
                if next == range.map_or(0, |r| r.0) + 1 {
                    f.end = t.start() + dash;
                    f.also = Some((t.start() + dash + dash_len, t.end(), end_value));
                    f.note(&[" (range)"]);
                } else {
                    // A year follows the range ("June 3-5, 2024"): keep it on the second day.
                    let year_end = f.end;
                    f.end = t.start() + dash;
                    f.also = Some((t.start() + dash + dash_len, year_end, end_value));
                }
            }
        }
        Some(f)
    }

    /// "2024-08-12", "8/12/2024".
    #[inline(never)] // one copy: many patterns call it
    fn numeric_date(&self, k: usize) -> Option<Found> {
        let w = self.w(k);
        // ISO 8601: "2024-08-13", "2024-08-13T14:05:00Z" (one token).
        let b = w.as_bytes();
        if self.is_num_tok(k)
            && (w.len() == 10 || b.get(10) == Some(&b't'))
            && b.get(4) == Some(&b'-')
            && b.get(7) == Some(&b'-')
        {
            let num = |r: std::ops::Range<usize>| w.get(r).and_then(|x| x.parse::<u16>().ok());
            let date = norm::ymd(
                i32::from(num(0..4)?),
                u8::try_from(num(5..7)?).ok()?,
                u8::try_from(num(8..10)?).ok()?,
            )?;
            let clock = match (num(11..13), b.get(13), num(14..16)) {
                (Some(h), Some(b':'), Some(m)) if h < 24 && m < 60 => Some((h, m)),
                _ => None,
            };
            let mut f = match clock {
                Some((h, m)) => self.found(
                    k,
                    k + 1,
                    Kind::Time,
                    norm::day(date)
                        .and("T")
                        .num(h.into(), 2)
                        .and(":")
                        .num(m.into(), 2),
                    "ISO date and time".into(),
                ),
                None => self.found(k, k + 1, Kind::Date, norm::day(date), "ISO date".into()),
            };
            f.day = Some(date);
            return Some(f);
        }
        if self.is_num_tok(k)
            && self.raw_is(k + 1, "/")
            && self.is_num_tok(k + 2)
            && self.raw_is(k + 3, "/")
            && self.touching(k)
            && self.touching(k + 1)
            && self.touching(k + 2)
        {
            let m: u8 = w.parse().ok()?;
            let d: u8 = self.w(k + 2).parse().ok()?;
            let y = self.year4(k + 4)?;
            let date = norm::ymd(y, m, d)?;
            let mut f = self.found(
                k,
                k + 5,
                Kind::Date,
                norm::day(date),
                "numeric date (M/D/Y)".into(),
            );
            f.day = Some(date);
            return Some(f);
        }
        None
    }

    /// "the week of March 6".
    #[inline(never)] // one copy: many patterns call it
    fn week_of(&self, k: usize) -> Option<Found> {
        if !(self.is(k, "the") && self.is(k + 1, "week") && self.is(k + 2, "of")) {
            return None;
        }
        let f = self.month_date(k + 3).filter(|f| f.also.is_none())?;
        let day = f.day?;
        Some(self.found(
            k,
            f.next,
            Kind::Date,
            norm::week_of(day),
            "week of a date".into(),
        ))
    }

    // --- positioned dates: "early 1990", "the end of the year", "mid-2024" ---------------

    #[inline(never)] // one copy: many patterns call it
    fn positioned(&self, k: usize) -> Option<Found> {
        let w0 = self.w(k);
        let (j, mod_) = match (w0, self.w(k + 1), self.w(k + 2)) {
            ("the", "end" | "beginning" | "start" | "middle" | "turn", "of") => {
                (k + 3, self.w(k + 1))
            }
            ("end" | "beginning" | "start" | "middle", "of", _)
                if k > 0 && !self.is(k - 1, "the") =>
            {
                (k + 2, w0)
            }
            ("the", "early" | "late" | "mid", _) => (k + 2, self.w(k + 1)),
            ("early" | "late" | "mid" | "earlier" | "later", _, _) => (k + 1, w0),
            _ => return self.compound_date(k),
        };
        if !self.joined(j - 1) {
            return None;
        }
        let ok = |f: Option<Found>| {
            f.filter(|f| {
                (f.kind == Kind::Date || f.kind == Kind::Time) && !f.value.ends_with("_REF")
            })
        };
        let mut inner = None;
        keep_longest(&mut inner, ok(self.month_date(j)), true);
        keep_longest(&mut inner, ok(self.year_expr(j)), true);
        keep_longest(&mut inner, ok(self.relative(j)), true);
        keep_longest(&mut inner, ok(self.weekday_expr(j)), true);
        keep_longest(&mut inner, ok(self.quarter(j)), true);
        let inner = inner?;
        // "the end of" needs a date inside; bare "early" before a weekday is fine.
        let mut f = inner;
        f.start = self.toks.get(k).map_or(f.start, |t| t.start());
        f.note(&[" (mod ", mod_label(mod_), ")"]);
        Some(f)
    }

    /// One hyphenated token: "mid-2024", "mid-November", "late-1990s", "post-1959".
    #[inline(never)] // one copy: many patterns call it
    fn compound_date(&self, k: usize) -> Option<Found> {
        let w = self.w(k);
        let (pre, rest) = lex::split_hyphen(w, false)?;
        if !matches!(pre, "mid" | "early" | "late" | "post" | "pre") {
            return None;
        }
        let raw_rest = self.raw(k).get(pre.len() + 1..)?;
        let value = if let Some(m) = lex::month(rest).filter(|_| cap(raw_rest)) {
            match self.dct {
                Some(dct) => {
                    let y = norm::closest_year(dct, m, 15, self.lean(k))
                        .map_or(i32::from(dct.year()), |d| i32::from(d.year()));
                    norm::ym(y, m)
                }
                None => "XXXX-".num(m.into(), 2),
            }
        } else if rest.len() == 4 && is_digits(rest) {
            rest.to_string()
        } else {
            decade_value(rest)?
        };
        Some(self.found(
            k,
            k + 1,
            Kind::Date,
            value,
            "date (mod ".and(mod_label(pre)).and(")").into(),
        ))
    }

    // --- weekdays -------------------------------------------------------------------------

    #[inline(never)] // one copy: many patterns call it
    fn weekday_expr(&self, k: usize) -> Option<Found> {
        let mut j = k;
        let mut dir = None;
        let mut label = "";
        match self.w(j) {
            "last" | "past" => {
                dir = Some(Direction::Before);
                label = "last";
                j += 1;
            }
            "next" | "coming" => {
                dir = Some(Direction::After);
                label = "next";
                j += 1;
            }
            "this" => match self.w(j + 1) {
                "past" => {
                    dir = Some(Direction::Before);
                    label = "this past";
                    j += 2;
                }
                "coming" => {
                    dir = Some(Direction::After);
                    label = "this coming";
                    j += 2;
                }
                _ => {
                    dir = Some(Direction::SameWeek);
                    label = "this";
                    j += 1;
                }
            },
            _ => {}
        }
        if j > k && !self.joined(j - 1) {
            return None;
        }
        let mut next = j + 1;
        let (wd, plural) = match lex::weekday(self.w(j)) {
            Some(x) => x,
            None => {
                let a = lex::weekday_abbreviation(self.w(j))?;
                // "Tues., Aug. 13" only.
                if !(self.raw_is(j + 1, ".")
                    && self.raw_is(j + 2, ",")
                    && self.month_at(j + 3).is_some())
                {
                    return None;
                }
                next = j + 2;
                (a, false)
            }
        };
        if !cap(self.raw(j)) && self.raw(j) != self.w(j) {
            return None;
        }
        let pod = |n: usize| -> Option<&'static str> {
            if self.joined(n - 1) {
                lex::part_of_day(self.w(n)).filter(|p| *p != "NI" || !self.is(n, "overnight"))
            } else {
                None
            }
        };
        if plural {
            if dir.is_some() {
                return None;
            }
            let mut value = "XXXX-WXX-".num(wd.into(), 0);
            if let Some(p) = pod(next) {
                value.push('T');
                value.push_str(p);
                next += 1;
            }
            return Some(self.found(k, next, Kind::Set, value, "recurring weekday".into()));
        }
        // An explicit date after it: "Saturday, April 25", "Friday Oct. 13".
        let mut jd = next;
        if self.raw_is(jd, ",") {
            jd += 1;
        }
        if self.joined(jd - 1) {
            if let Some(f) = self
                .month_date(jd)
                .filter(|f| f.value.len() == 10 && f.also.is_none())
            {
                let mut f = f;
                f.start = self.toks.get(k).map_or(f.start, |t| t.start());
                f.reason = "weekday and ".and(&f.reason).into();
                return Some(f);
            }
        }
        let dir = dir.unwrap_or(match self.tense(k) {
            Tense::Future => Direction::OnOrAfter,
            _ => Direction::OnOrBefore,
        });
        let date = self.dct.and_then(|d| norm::resolve_weekday(d, wd, dir));
        let part = pod(next);
        if part.is_some() && self.w(next).ends_with('s') && label.is_empty() {
            // "Tuesday nights": a recurring time.
            let value = "XXXX-WXX-"
                .num(wd.into(), 0)
                .and("T")
                .and(part.unwrap_or(""));
            return Some(self.found(k, next + 1, Kind::Set, value, "recurring weekday".into()));
        }
        let (kind, end) = if part.is_some() {
            (Kind::Time, next + 1)
        } else {
            (Kind::Date, next)
        };
        let mut value = match date {
            Some(d) => norm::day(d),
            None => "XXXX-WXX-".num(wd.into(), 0),
        };
        if let Some(p) = part {
            value.push('T');
            value.push_str(p);
        }
        let reason = match (date, self.dct) {
            (Some(_), Some(dct)) if label.is_empty() => {
                crate::text::concat(&["weekday resolved against article date ", &norm::day(dct)])
            }
            (Some(_), Some(dct)) => crate::text::concat(&[
                "\"",
                label,
                "\" weekday resolved against article date ",
                &norm::day(dct),
            ]),
            _ => "weekday; no article date to resolve it".into(),
        };
        let mut f = self.found(k, end, kind, value, reason.into());
        f.day = date;
        if date.is_none() {
            f.day_x = Some("XXXX-WXX-".num(wd.into(), 0));
        }
        Some(f)
    }

    // --- years, decades, centuries --------------------------------------------------------

    #[inline(never)] // one copy: many patterns call it
    fn year_expr(&self, k: usize) -> Option<Found> {
        let mut j = k;
        let mut reason = "year";
        if self.is(j, "fiscal") {
            j += 1;
            if self.is(j, "year") {
                j += 1;
            }
            reason = "fiscal year";
        } else if self.is(j, "the") && self.is(j + 1, "year") && self.year4(j + 2).is_some() {
            j += 2;
        }
        if j > k && !self.joined(j - 1) {
            return None;
        }
        let with_the = self.is(j, "the");
        let jd = if with_the { j + 1 } else { j };
        // Decades: "1990s", "the 1990s", "the '80s", "the nineties".
        if let Some(v) = decade_value(self.w(jd)) {
            if jd > j && !self.joined(j) {
                return None;
            }
            return Some(self.found(k, jd + 1, Kind::Date, v, "decade".into()));
        }
        if matches!(self.raw(jd), "'" | "\u{2019}") && self.touching(jd) {
            let w = self.w(jd + 1);
            let digits = w.get(..2).filter(|d| is_digits(d) && d.ends_with('0'));
            if let (Some(d), 3, true) = (digits, w.len(), w.ends_with('s')) {
                let v = "19".and(d.get(..1).unwrap_or("X")).and("X");
                return Some(self.found(k, jd + 2, Kind::Date, v, "decade".into()));
            }
        }
        // Centuries: "the 20th century", "an 11th century temple".
        if let Some(n) = lex::ordinal(self.w(jd)) {
            if self.is(jd + 1, "century") && (1..=30).contains(&n) && self.joined(jd) {
                return Some(self.found(
                    k,
                    jd + 2,
                    Kind::Date,
                    "".num((n - 1).into(), 2),
                    "century".into(),
                ));
            }
        }
        if with_the {
            if let Some(d) = match self.w(jd) {
                "twenties" => Some(2),
                "thirties" => Some(3),
                "forties" => Some(4),
                "fifties" => Some(5),
                "sixties" => Some(6),
                "seventies" => Some(7),
                "eighties" => Some(8),
                "nineties" => Some(9),
                _ => None,
            } {
                return Some(self.found(
                    k,
                    jd + 1,
                    Kind::Date,
                    "19".num(d, 0).and("X"),
                    "decade".into(),
                ));
            }
            // Centuries: "the 20th century".
            if let Some(n) = lex::ordinal(self.w(jd)) {
                if self.is(jd + 1, "century") && (1..=30).contains(&n) {
                    return Some(self.found(
                        k,
                        jd + 2,
                        Kind::Date,
                        "".num((n - 1).into(), 2),
                        "century".into(),
                    ));
                }
            }
            return None;
        }
        // Year ranges in one token: "2019-2021", "2019-21".
        let w = self.w(j);
        if let Some((a, b)) = lex::split_hyphen(w, true) {
            if a.len() == 4 && is_digits(a) && is_digits(b) && (b.len() == 2 || b.len() == 4) {
                let y1: i32 = a.parse().ok()?;
                let y2: i32 = if b.len() == 2 {
                    (y1 / 100) * 100 + b.parse::<i32>().ok()?
                } else {
                    b.parse().ok()?
                };
                if !(1000..=2199).contains(&y1) || y2 <= y1 || y2 - y1 > 100 {
                    return None;
                }
                let t = self.toks.get(j)?;
                let mut f = self.found(k, j + 1, Kind::Date, norm::year(y1), "year range".into());
                f.end = t.start() + 4;
                let dash_len = self.raw(j).get(4..)?.chars().next()?.len_utf8();
                f.also = Some((t.start() + 4 + dash_len, t.end(), norm::year(y2)));
                return Some(f);
            }
        }
        let y = self.year4(j)?;
        // A bare number between 1000 and 1899 is more often a count.
        if reason == "year" && y < 1900 && !self.year_context(k) {
            return None;
        }
        Some(self.found(k, j + 1, Kind::Date, norm::year(y), reason.into()))
    }

    /// Whether a preposition before `k` makes a bare old number a year ("in 1848").
    fn year_context(&self, k: usize) -> bool {
        k > 0 && lex::tagged(self.w(k - 1), lex::Tags::YEAR_BEFORE)
    }

    // --- quarters and halves --------------------------------------------------------------

    #[inline(never)] // one copy: many patterns call it
    fn quarter(&self, k: usize) -> Option<Found> {
        let w = self.w(k);
        // "Q3", "Q3 2024"
        if w.len() == 2 && w.starts_with('q') && cap(self.raw(k)) {
            let n = w
                .get(1..)?
                .parse::<u8>()
                .ok()
                .filter(|n| (1..=4).contains(n))?;
            let (year, next) = match self.year4(k + 1) {
                Some(y) if self.joined(k) => (Some(y), k + 2),
                _ => (None, k + 1),
            };
            return Some(self.quarter_found(k, next, n, year, "Q"));
        }
        // "third-quarter", "first-half"
        if let Some((a, b)) = lex::split_hyphen(w, false) {
            if let (Some(n), "quarter" | "half") = (lex::ordinal(a), b) {
                if (b == "quarter" && (1..=4).contains(&n)) || (b == "half" && (1..=2).contains(&n))
                {
                    return Some(self.quarter_found(
                        k,
                        k + 1,
                        n,
                        None,
                        if b == "half" { "H" } else { "Q" },
                    ));
                }
            }
        }
        let mut j = k;
        let mut year_shift = 0;
        let mut explicit_year = None;
        let mut relative = None; // -1 last, 0 this/current, 1 next, 2 "the"/"latest"
        match w {
            "the" | "its" => {
                j += 1;
                relative = Some(2);
                if let Some(y) = self.year4(j) {
                    explicit_year = Some(y);
                    j += 1;
                }
            }
            "this" | "last" | "next" => {
                if matches!(self.w(k + 1), "year's" | "year\u{2019}s") {
                    year_shift = match w {
                        "last" => -1,
                        "next" => 1,
                        _ => 0,
                    };
                    j += 2;
                } else {
                    relative = Some(match w {
                        "last" => -1,
                        "next" => 1,
                        _ => 0,
                    });
                    j += 1;
                }
            }
            _ => {}
        }
        if self.is(j, "fiscal") {
            j += 1;
        }
        let mut n = None;
        match self.w(j) {
            "latest" | "recent" | "previous" | "past" | "prior" | "same" => {
                relative = Some(if self.is(j, "latest") { 2 } else { -1 });
                j += 1;
            }
            "current" => {
                relative = Some(0);
                j += 1;
            }
            "coming" => {
                relative = Some(1);
                j += 1;
            }
            o => {
                if let Some(x) = lex::ordinal(o) {
                    n = Some(x);
                    j += 1;
                    if self.is(j, "fiscal") {
                        j += 1;
                    }
                }
            }
        }
        let half = match self.w(j) {
            "quarter" | "quarter's" | "quarter\u{2019}s" => false,
            "half" if n.is_some() => true,
            _ => return None,
        };
        if j > k && !self.joined(j - 1) {
            return None;
        }
        let mut next = j + 1;
        if !half && n.is_some_and(|n| !(1..=4).contains(&n)) || half && n.is_some_and(|n| n > 2) {
            return None;
        }
        // "of 1984", "1984"
        if self.is(next, "of") && self.year4(next + 1).is_some() {
            explicit_year = self.year4(next + 1);
            next += 2;
        } else if self.is(next, "of") && self.is(next + 1, "the") && self.is(next + 2, "year") {
            next += 3;
        } else if self.joined(j) && self.year4(next).is_some() {
            explicit_year = self.year4(next);
            next += 1;
        }
        match n {
            Some(n) => {
                let year =
                    explicit_year.or_else(|| self.dct.map(|d| i32::from(d.year()) + year_shift));
                let mut f = self.quarter_found(k, next, n, year, if half { "H" } else { "Q" });
                if explicit_year.is_none() && year_shift == 0 {
                    if let (Some(dct), false) = (self.dct, half) {
                        // The fourth quarter named early in a year is last year's.
                        if n > norm::quarter(dct) as u8 && self.tense(k) != Tense::Future {
                            f.value = norm::year(i32::from(dct.year()) - 1)
                                .and("-Q")
                                .num(n.into(), 0);
                        }
                    }
                }
                Some(f)
            }
            None => {
                // "the quarter", "last quarter", "the current quarter" (quarters only).
                if half {
                    return None;
                }
                let rel = relative?;
                let (value, reason) = match self.dct {
                    Some(dct) => {
                        let step = match rel {
                            2 | -1 => -1,
                            r => r,
                        };
                        // A report's "the quarter" is the one just ended.
                        let d = norm::shift(dct, i64::from(step), Unit::Quarter)?;
                        (
                            norm::quarter_of(d),
                            "quarter resolved against article date "
                                .and(&norm::day(dct))
                                .into(),
                        )
                    }
                    None => ("XXXX-QX".to_string(), "quarter, no article date".into()),
                };
                if k == j {
                    return None;
                }
                Some(self.found(k, next, Kind::Date, value, reason))
            }
        }
    }

    #[inline(never)] // one copy: many patterns call it
    fn quarter_found(&self, k: usize, next: usize, n: u8, year: Option<i32>, q: &str) -> Found {
        let year = match year.or(self.dct.map(|d| i32::from(d.year()))) {
            Some(y) => norm::year(y),
            None => "XXXX".into(),
        };
        let value = year.and("-").and(q).num(n.into(), 0);
        let reason = if q == "H" { "half year" } else { "quarter" };
        self.found(k, next, Kind::Date, value, reason.into())
    }

    // --- relative expressions --------------------------------------------------------------

    #[inline(never)] // one copy: many patterns call it
    fn relative(&self, k: usize) -> Option<Found> {
        let w = self.stem(k);
        let dct = self.dct;
        let resolved = |d: Option<Date>| match d {
            Some(d) => norm::day(d),
            None => "XXXX-XX-XX".to_string(),
        };
        let against = |what: &str| match dct {
            Some(d) => {
                crate::text::concat(&[what, " resolved against article date ", &norm::day(d)])
            }
            None => crate::text::concat(&[what, "; no article date to resolve it"]),
        };
        // A season with its year: "spring 2026", "summer of 2025".
        if let Some(sm) = lex::season(w) {
            let year_next = (self.joined(k) && self.year4(k + 1).is_some())
                || (self.is(k + 1, "of") && self.year4(k + 2).is_some());
            if year_next {
                return self.season_found(k, k, "", sm);
            }
        }
        // today / yesterday / tomorrow / tonight (+ part of day)
        let day_offset = match w {
            "today" => Some(0),
            "yesterday" => Some(-1),
            "tomorrow" => Some(1),
            _ => None,
        };
        if let Some(off) = day_offset {
            let date = dct.and_then(|d| norm::shift(d, off, Unit::Day));
            if self.joined(k) {
                if let Some(p) = lex::part_of_day(self.w(k + 1)) {
                    let mut f = self.found(
                        k,
                        k + 2,
                        Kind::Time,
                        resolved(date).and("T").and(p),
                        against(w).into(),
                    );
                    f.day = date;
                    return Some(f);
                }
            }
            let mut f = self.found(k, k + 1, Kind::Date, resolved(date), against(w).into());
            f.day = date;
            return Some(f);
        }
        if w == "tonight" {
            let mut f = self.found(
                k,
                k + 1,
                Kind::Time,
                resolved(dct).and("TNI"),
                against(w).into(),
            );
            f.day = dct;
            return Some(f);
        }
        if w == "overnight" {
            return None;
        }
        // "last night", "this morning", "this evening"
        if matches!(w, "last" | "this") && self.joined(k) {
            if let Some(p) = lex::part_of_day(self.w(k + 1)) {
                let off = if w == "last" && p == "NI" { -1 } else { 0 };
                if w == "last" && p != "NI" {
                    return None;
                }
                let date = dct.and_then(|d| norm::shift(d, off, Unit::Day));
                let mut f = self.found(
                    k,
                    k + 2,
                    Kind::Time,
                    resolved(date).and("T").and(p),
                    against(&crate::text::concat(&[w, " ", self.w(k + 1)])).into(),
                );
                f.day = date;
                return Some(f);
            }
        }
        // "year-earlier", "year-ago" (+ "quarter"/"period"), with an optional "the"
        let j0 = if w == "the" { k + 1 } else { k };
        if matches!(self.w(j0), "year-earlier" | "year-ago") {
            let mut next = j0 + 1;
            let d = dct.and_then(|d| norm::shift(d, -1, Unit::Year));
            let mut value = match d {
                Some(d) => norm::year(d.year().into()),
                None => "XXXX".into(),
            };
            let mut q = next;
            if let Some(n) = lex::ordinal(self.w(q)).filter(|n| (1..=4).contains(n)) {
                q += 1;
                if self.is(q, "quarter") {
                    value = value.and("-Q").num(n.into(), 0);
                    next = q + 1;
                }
            } else if matches!(self.w(q), "quarter" | "period") {
                if let Some(d) = d.and_then(|d| norm::shift(d, -1, Unit::Quarter)) {
                    value = norm::quarter_of(d);
                }
                next = q + 1;
            }
            return Some(self.found(k, next, Kind::Date, value, against("year-earlier").into()));
        }
        // det + unit/season: "last week", "this year", "the weekend", "the following year"
        // Literal matches, not tags: this runs at every "the".
        let (det, j) = match (w, self.w(k + 1)) {
            (
                "the",
                "past" | "last" | "next" | "coming" | "previous" | "following" | "current" | "same"
                | "prior" | "latest",
            ) => (self.w(k + 1), k + 2),
            ("this", "past" | "coming") => (self.w(k + 1), k + 2),
            ("the" | "this" | "last" | "next" | "that" | "coming" | "past" | "current", _) => {
                (w, k + 1)
            }
            _ => return None,
        };
        let the = w == "the";
        if !self.joined(j - 1) || (j == k + 2 && !self.joined(k)) {
            return None;
        }
        let noun = self.w(j);
        let noun = noun
            .strip_suffix("'s")
            .or_else(|| noun.strip_suffix("\u{2019}s"))
            .unwrap_or(noun);
        if let Some(sm) = lex::season(noun) {
            return self.season_found(k, j, det, sm);
        }
        let (unit, plural) = match noun {
            "weekend" => (Unit::Day, false),
            _ => lex::unit(noun)?,
        };
        if plural || matches!(unit, Unit::Second | Unit::Minute | Unit::Hour) {
            return None;
        }
        let step: i64 = match (the, det) {
            (_, "last" | "previous" | "prior" | "past") => -1,
            (_, "next" | "coming" | "following") => 1,
            _ => 0,
        };
        // "the past year", "the next month": a period, not a calendar unit.
        if the && matches!(det, "past" | "last" | "next" | "coming") && noun != "weekend" {
            let value = norm::duration(Some(1.0), unit);
            return Some(self.found(k, j + 1, Kind::Duration, value, "duration".into()));
        }
        // Anchored to what the text last named: "that year", "the following year", "the next day".
        let anchored =
            matches!(det, "that" | "same" | "following" | "previous") || (the && det == "next");
        let base = if anchored {
            match unit {
                Unit::Year => self
                    .last_year
                    .and_then(|y| norm::ymd(y, 7, 1))
                    .or(self.last_day)
                    .or(dct),
                _ => self.last_day.or(dct),
            }
        } else {
            dct
        };
        if noun == "weekend" {
            let d = base.and_then(|d| {
                if step < 0 || (step == 0 && the && self.tense(k) != Tense::Future) {
                    // The weekend just past.
                    if d.weekday() >= 6 {
                        Some(d)
                    } else {
                        norm::shift(d, -7, Unit::Day)
                    }
                } else if step > 0 {
                    norm::shift(d, 7, Unit::Day)
                } else {
                    Some(d)
                }
            });
            let value = match d {
                Some(d) => norm::week_of(d).and("-WE"),
                None => "XXXX-WXX-WE".into(),
            };
            return Some(self.found(k, j + 1, Kind::Date, value, against("weekend").into()));
        }
        if the && det == "the" && matches!(unit, Unit::Day) {
            return None; // "the day" is too vague to mark
        }
        if the && det == "the" && matches!(unit, Unit::Quarter) {
            return None; // handled by quarter()
        }
        if matches!(unit, Unit::Quarter) {
            return None;
        }
        if det == "that" && !matches!(unit, Unit::Year | Unit::Day | Unit::Week | Unit::Month) {
            return None;
        }
        let d = base.and_then(|d| norm::shift(d, step, unit));
        let value = match d {
            Some(d) => norm::at_granularity(d, unit),
            None => match unit {
                Unit::Year => "XXXX".into(),
                Unit::Month => "XXXX-XX".into(),
                Unit::Week => "XXXX-WXX".into(),
                Unit::Day => "XXXX-XX-XX".into(),
                _ => "XXXX".into(),
            },
        };
        let mut f = self.found(
            k,
            j + 1,
            Kind::Date,
            value,
            if anchored {
                "relative to the date mentioned before".into()
            } else {
                against(&crate::text::concat(&[det, " ", noun])).into()
            },
        );
        if unit == Unit::Day {
            f.day = d;
        }
        Some(f)
    }

    #[inline(never)] // one copy: many patterns call it
    fn season_found(&self, k: usize, j: usize, det: &str, start_month: u8) -> Option<Found> {
        let code = norm::season_code(start_month);
        let mut next = j + 1;
        // "the winter of 1994", "spring 2024"
        let explicit = if self.is(next, "of") && self.year4(next + 1).is_some() {
            next += 2;
            self.year4(next - 1)
        } else if self.joined(j) && self.year4(next).is_some() {
            next += 1;
            self.year4(next - 1)
        } else {
            None
        };
        let step = match det {
            "last" | "past" | "previous" => -1,
            "next" | "coming" | "following" => 1,
            _ => 0,
        };
        let value = match (explicit, self.dct) {
            (Some(y), _) => norm::year(y).and("-").and(code),
            (None, Some(d)) => norm::year(norm::season_year(d, start_month, step))
                .and("-")
                .and(code),
            (None, None) => "XXXX-".and(code),
        };
        Some(self.found(k, next, Kind::Date, value, "season".into()))
    }

    // --- "two years ago", "a week later" ---------------------------------------------------

    #[inline(never)] // one copy: many patterns call it
    fn ago(&self, k: usize) -> Option<Found> {
        if !self.unit_near(k) {
            return None;
        }
        let (amount, j) = self.quantity(k)?;
        let (unit, plural) = lex::unit(self.w(j))?;
        if amount == Some(1.0) && plural || amount.is_some_and(|a| a > 1.0) && !plural {
            return None;
        }
        let dir = self.w(j + 1);
        let sign: i64 = match dir {
            "ago" | "earlier" | "before" => -1,
            "later" | "after" | "hence" | "from" if dir != "from" || self.is(j + 2, "now") => 1,
            _ => return None,
        };
        if matches!(dir, "before" | "after") {
            return None; // "two days before the vote": a duration and a signal, in TimeML
        }
        let mut next = j + 2;
        if dir == "from" {
            next += 1;
        }
        if !self.joined(j) {
            return None;
        }
        let base = if matches!(dir, "ago" | "from") {
            self.dct
        } else {
            // "a year earlier": relative to the article date in news; "two days later" to the
            // day last named.
            if dir == "later" {
                self.last_day.or(self.dct)
            } else {
                self.dct
            }
        };
        let Some(n) = amount else {
            let value = if sign < 0 { "PAST_REF" } else { "FUTURE_REF" };
            return Some(self.found(
                k,
                next,
                Kind::Date,
                value.into(),
                "vague relative time".into(),
            ));
        };
        let whole = n.trunc() as i64;
        let (value, day) = match base.and_then(|d| norm::shift(d, sign * whole, unit)) {
            Some(d) if !matches!(unit, Unit::Second | Unit::Minute | Unit::Hour) => (
                norm::at_granularity(d, unit),
                (unit == Unit::Day).then_some(d),
            ),
            Some(_) => (
                if sign < 0 { "PAST_REF" } else { "FUTURE_REF" }.to_string(),
                None,
            ),
            None => (
                match unit {
                    Unit::Day => "XXXX-XX-XX".to_string(),
                    Unit::Week => "XXXX-WXX".into(),
                    Unit::Month => "XXXX-XX".into(),
                    _ => "XXXX".into(),
                },
                None,
            ),
        };
        let mut f = self.found(
            k,
            next,
            Kind::Date,
            value,
            match base {
                Some(b) => "counted from ".and(&norm::day(b)).into(),
                None => "relative; no article date to resolve it".into(),
            },
        );
        f.day = day;
        Some(f)
    }

    // --- durations --------------------------------------------------------------------------

    #[inline(never)] // one copy: many patterns call it
    fn duration(&self, k: usize) -> Option<Found> {
        if let Some(f) = self.compound_duration(k) {
            return Some(f);
        }
        if !self.unit_near(k) {
            return None;
        }
        let mut j = k;
        let mut det = false;
        let mut adj = "";
        if matches!(self.w(j), "the" | "another" | "these" | "those") {
            det = true;
            j += 1;
        }
        if lex::tagged(self.w(j), lex::Tags::DURATION_ADJECTIVE) {
            adj = self.w(j);
            j += 1;
        }
        if j > k && !self.joined(j - 1) {
            return None;
        }
        let (amount, ju, quantified) = match self.quantity(j) {
            Some((a, n)) if lex::unit(self.w(n)).is_some() => (a, n, true),
            _ => (None, j, false),
        };
        if ju > j && !self.joined(ju - 1) {
            return None;
        }
        let (unit, plural) = lex::unit(self.w(ju))?;
        if quantified && amount == Some(1.0) && plural {
            return None;
        }
        // "60 Minutes" (a title), "a second chance" (an ordinal).
        if (cap(self.raw(ju)) && !cap(self.raw(j)))
            || (unit == Unit::Second && matches!(self.w(j), "a" | "one") && !plural)
        {
            return None;
        }
        if quantified && amount.is_some_and(|a| a > 1.0) && !plural && !self.is(j, "half") {
            // "two year" happens in speech; allow.
        }
        let mut next = ju + 1;
        if !quantified {
            if !plural {
                // "the past year" is handled by relative(); "the first day" is not marked.
                return None;
            }
            // Bare plural: "years", "the years", "recent weeks", "coming months".
            if matches!(unit, Unit::Second | Unit::Minute | Unit::Quarter) && adj.is_empty() {
                return None;
            }
            if adj == "recent" && unit == Unit::Year {
                return Some(self.found(
                    k,
                    next,
                    Kind::Date,
                    "PAST_REF".into(),
                    "refers to the recent past".into(),
                ));
            }
            if !det && adj.is_empty() && k > 0 && matches!(self.w(k - 1), "these" | "those" | "of")
            {
                return None;
            }
        } else if amount == Some(1.0) && !det && adj.is_empty() && matches!(self.w(j), "a" | "an") {
            // "a day" after "once"/"twice"/"per" is a set; handled by set(). After an amount
            // or a counted noun it is a rate ("$500 million a year", "700 seats a week").
            let prev = k.checked_sub(1).map_or("", |p| self.w(p));
            let counted =
                prev.len() > 3 && prev.ends_with('s') && !lex::tagged(prev, lex::Tags::NOT_PLURAL);
            // "runs an hour a day": a rate follows, so this is the amount, not the rate.
            if lex::tagged(prev, lex::Tags::RATE_BEFORE)
                || counted && !(self.is(ju + 1, "a") && lex::unit(self.w(ju + 2)).is_some())
                || k.checked_sub(1).is_some_and(|p| self.is_num_tok(p))
            {
                return None;
            }
        }
        if matches!(self.w(next), "or" | "and")
            && matches!(self.w(next + 1), "so" | "more")
            && self.joined(next)
        {
            next += 2;
        }
        let mut amount = amount;
        if self.is(next, "and") && self.is(next + 1, "a") && self.is(next + 2, "half") {
            amount = amount.map(|a| a + 0.5);
            next += 3;
        }
        // "a three-year period", "the 1988 period" are not this.
        let mut value = norm::duration(amount, unit);
        // "1 hour 30 minutes", "2 hours and 15 minutes", "1 minute 53.7 seconds": one
        // duration. The second amount is written as a number ("an hour a day" is a rate).
        if let Some(whole) = amount.filter(|a| a.fract() == 0.0) {
            let m = if self.is(next, "and") { next + 1 } else { next };
            if (self.is_num_tok(m) || lex::number_word(self.w(m)).is_some())
                && (next..m + 1).all(|i| self.joined(i - 1))
            {
                if let Some((Some(part), ju2)) = self.quantity(m) {
                    if let Some((inner, _)) = lex::unit(self.w(ju2)) {
                        if ju2 > m && self.joined(ju2 - 1) && norm::is_part_of(inner, unit) {
                            value = norm::two_part_duration(whole, unit, part, inner);
                            next = ju2 + 1;
                        }
                    }
                }
            }
        }
        let reason = if amount.is_some() {
            "duration"
        } else {
            "vague duration"
        };
        Some(self.found(k, next, Kind::Duration, value, reason.into()))
    }

    /// "two-year", "10-year", "30-day", "8-month-old", "day-long".
    #[inline(never)] // one copy: many patterns call it
    fn compound_duration(&self, k: usize) -> Option<Found> {
        let w = self.w(k);
        // A byte loop, not a `memchr` call: most words here are short.
        #[allow(clippy::manual_contains)]
        if !w.bytes().any(|b| b == b'-') {
            return None;
        }
        // Most hyphenated words ("well-known") have no unit part: no list for them. The
        // parts before the first unit part (two at most), then what follows it.
        let mut head = [""; 2];
        let mut n = 0;
        let mut rest = Some(w);
        let (unit, tail) = loop {
            let part = rest?;
            let (p, r) = match lex::split_hyphen(part, false) {
                Some((p, r)) => (p, Some(r)),
                None => (part, None),
            };
            if let Some((unit, _)) = lex::unit(p) {
                break (unit, r);
            }
            *head.get_mut(n)? = p;
            n += 1;
            rest = r;
        };
        // "6-year-old" is an age, which TempEval annotators leave unmarked.
        let long = match tail {
            None => false,
            Some("long") => true,
            Some(_) => return None,
        };
        let amount = match (n, head) {
            (0, _) if long => None,
            (1, [n, _]) => Some(if is_digits(n) {
                parse_number(n)?
            } else {
                lex::number_word(n)?
            }),
            (2, [a, b]) => Some(lex::number_word(&a.and("-").and(b))?),
            _ => return None,
        };
        if matches!(unit, Unit::Quarter) {
            return None;
        }
        Some(self.found(
            k,
            k + 1,
            Kind::Duration,
            norm::duration(amount, unit),
            "duration (adjective)".into(),
        ))
    }

    // --- sets -------------------------------------------------------------------------------

    #[inline(never)] // one copy: many patterns call it
    fn set(&self, k: usize) -> Option<Found> {
        let w = self.w(k);
        if matches!(w, "every" | "each") {
            if !self.joined(k) {
                return None;
            }
            let mut j = k + 1;
            let mut other = false;
            if self.is(j, "other") {
                other = true;
                j += 1;
            }
            let nw = self.w(j);
            if let Some((wd, false)) = lex::weekday(nw) {
                let mut value = "XXXX-WXX-".num(wd.into(), 0);
                let mut next = j + 1;
                if let Some(p) = lex::part_of_day(self.w(next)) {
                    value.push('T');
                    value.push_str(p);
                    next += 1;
                }
                return Some(self.found(k, next, Kind::Set, value, "recurring weekday".into()));
            }
            if let Some((m, next)) = self.month_at(j) {
                return Some(self.found(
                    k,
                    next,
                    Kind::Set,
                    "XXXX-".num(m.into(), 2),
                    "recurring month".into(),
                ));
            }
            if let Some(sm) = lex::season(nw) {
                let v = "XXXX-".and(norm::season_code(sm));
                return Some(self.found(k, j + 1, Kind::Set, v, "recurring season".into()));
            }
            if let Some(p) = lex::part_of_day(nw) {
                return Some(self.found(
                    k,
                    j + 1,
                    Kind::Set,
                    "XXXX-XX-XXT".and(p),
                    "recurring time of day".into(),
                ));
            }
            if nw == "weekend" {
                return Some(self.found(
                    k,
                    j + 1,
                    Kind::Set,
                    "XXXX-WXX-WE".into(),
                    "recurring weekend".into(),
                ));
            }
            let (amount, ju) = match self.quantity(j) {
                Some((a, n)) if lex::unit(self.w(n)).is_some() && !matches!(nw, "a" | "an") => {
                    (a, n)
                }
                _ => (Some(1.0), j),
            };
            let (unit, _) = lex::unit(self.w(ju))?;
            let amount = amount.map(|a| if other { a * 2.0 } else { a });
            return Some(self.found(
                k,
                ju + 1,
                Kind::Set,
                norm::duration(amount, unit),
                "recurring period".into(),
            ));
        }
        // "once a week", "twice a year", "three times a day"
        if !self.unit_near(k) {
            return None;
        }
        let j = match w {
            "once" | "twice" | "thrice" => k + 1,
            _ => {
                let (a, n) = self.quantity(k)?;
                a?;
                if !self.is(n, "times") {
                    return None;
                }
                n + 1
            }
        };
        if !lex::tagged(self.w(j), lex::Tags::EACH) {
            return None;
        }
        let (unit, false) = lex::unit(self.w(j + 1))? else {
            return None;
        };
        Some(self.found(
            k,
            j + 2,
            Kind::Set,
            norm::duration(Some(1.0), unit),
            "frequency".into(),
        ))
    }

    // --- fixed phrases ----------------------------------------------------------------------

    #[inline(never)] // one copy: many patterns call it
    fn phrase(&self, k: usize) -> Option<Found> {
        let w0 = self.w(k);
        // Adjectives "current"/"recent" name the present/past unless a unit follows.
        if matches!(w0, "current" | "recent") {
            let nw = self.w(k + 1);
            if lex::unit(nw).is_some() || lex::season(nw).is_some() {
                return None;
            }
            let v = if w0 == "current" {
                "PRESENT_REF"
            } else {
                "PAST_REF"
            };
            return Some(
                self.found(
                    k,
                    k + 1,
                    Kind::Date,
                    v.into(),
                    if w0 == "current" {
                        "\"current\" refers to the present"
                    } else {
                        "\"recent\" refers to the recent past"
                    }
                    .into(),
                ),
            );
        }
        // (`Scanner::core` calls this only for a phrase's first word, its possessive, or a
        // word too long for the table: the first step below turns the others away.)
        let mut key = String::with_capacity(32);
        let mut best = None;
        for n in 0..4 {
            let j = k + n;
            if n > 0 {
                if !self.joined(j - 1) {
                    break;
                }
                key.push(' ');
            }
            let w = self.w(j);
            if w.is_empty() {
                break;
            }
            key.push_str(w);
            let (exact, more) = lex::phrase_step(&key);
            if let Some(p) = exact {
                best = Some((p, j + 1));
            }
            // No phrase goes on from here: longer keys cannot match.
            if !more {
                break;
            }
        }
        let (p, next) = best?;
        let prev = k.checked_sub(1).map_or("", |p| self.w(p));
        // "as soon as possible" is a manner, "high noon" an idiom, "the party daily Granma" a
        // newspaper.
        // "the future of NATO" is its prospects, not a time.
        if (key.starts_with("soon") && prev == "as")
            || (self.is(next - 1, "future") && self.is(next, "of"))
            || (p.kind == "SET" && next == k + 1 && cap(self.raw(k + 1)) && self.joined(k))
        {
            return None;
        }
        // "the past" before a number or unit is a duration's start, not PAST_REF.
        let kind = match p.kind {
            "SET" => Kind::Set,
            "TIME" => Kind::Time,
            "DURATION" => Kind::Duration,
            _ => Kind::Date,
        };
        let (value, day) = match p.value.strip_prefix("Y-") {
            Some(md) => {
                let day = self.dct.and_then(|dct| holiday(dct, md, self.lean(k)));
                match day {
                    Some(d) => (norm::day(d), Some(d)),
                    None if md.starts_with('@') => ("XXXX-XX-XX".to_string(), None),
                    None => ("XXXX-".and(md), None),
                }
            }
            None if p.value == "Y" => match self.dct {
                Some(d) => (norm::year(d.year().into()), None),
                None => ("XXXX".to_string(), None),
            },
            None => (p.value.to_string(), None),
        };
        let mut f = self.found(k, next, kind, value, p.reason.into());
        f.day = day;
        Some(f)
    }
}

/// The date of a holiday ("12-25", or "@thanksgiving" / "@election" for US holidays that
/// move) in the year around `dct` that the tense points to.
fn holiday(dct: Date, md: &str, lean: i8) -> Option<Date> {
    let y = i32::from(dct.year());
    let in_year = |y: i32| -> Option<Date> {
        let nov1 = norm::ymd(y, 11, 1)?;
        match md {
            // Fourth Thursday of November.
            "@thanksgiving" => nov1.nth_weekday_of_month(4, 4),
            // The Tuesday after the first Monday of November.
            "@election" => nov1
                .nth_weekday_of_month(1, 1)
                .and_then(|d| norm::shift(d, 1, Unit::Day)),
            _ => {
                let (m, d) = md.split_once('-')?;
                norm::ymd(y, m.parse().ok()?, d.parse().ok()?)
            }
        }
    };
    let this = in_year(y)?;
    let d = norm::closest_year(dct, this.month() as u8, this.day() as u8, lean)?;
    // Moving holidays: recompute in the year chosen.
    in_year(i32::from(d.year()))
}

/// Keeps in `best` the candidate that reaches furthest; on a tie the earlier one, or with
/// `later_wins` the later one.
#[inline(never)]
fn keep_longest(best: &mut Option<Found>, c: Option<Found>, later_wins: bool) {
    if let Some(c) = c {
        let better = match best {
            None => true,
            Some(b) => c.next > b.next || (later_wins && c.next == b.next),
        };
        if better {
            *best = Some(c);
        }
    }
}

/// "1,700" → 1700, "3.5" → 3.5 (no float parser: it would cost wasm size for nothing).
fn parse_number(w: &str) -> Option<f64> {
    let (int, frac) = match w.as_bytes().iter().position(|&b| b == b'.') {
        Some(p) => (w.get(..p)?, w.get(p + 1..)?),
        None => (w, ""),
    };
    let mut n: u64 = 0;
    let mut digits = 0;
    for b in int.bytes() {
        match b {
            b'0'..=b'9' => {
                n = n.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
                digits += 1;
            }
            b',' => {}
            _ => return None,
        }
    }
    if digits == 0 || digits > 12 {
        return None;
    }
    // The digits as one integer over a power of ten, divided once: the closest double to
    // what is written, so "0.36" prints back as 0.36 (adding 0.3 and 0.06 gave
    // 0.36000000000000004).
    let mut scale: u64 = 1;
    for b in frac.bytes().take(6) {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n * 10 + u64::from(b - b'0');
        scale *= 10;
    }
    Some(n as f64 / scale as f64)
}

/// "1990s" → "199X"; "1900s" → "19"; else `None`.
fn decade_value(w: &str) -> Option<String> {
    let d = w.strip_suffix('s')?;
    if d.len() != 4 || !is_digits(d) || !d.ends_with('0') {
        return None;
    }
    let y: i32 = d.parse().ok()?;
    if !(1000..=2190).contains(&y) {
        return None;
    }
    if d.ends_with("00") {
        return d.get(..2).map(str::to_string);
    }
    Some(d.get(..3)?.and("X"))
}

/// "month resolved against article date YYYY-MM-DD".
fn month_reason(dct: Date) -> Cow<'static, str> {
    "month resolved against article date "
        .and(&norm::day(dct))
        .into()
}

fn mod_label(m: &str) -> &'static str {
    ["APPROX", "START", "END", "MID", "AFTER", "BEFORE"]
        .get(usize::from(lex::entry(m).modifier))
        .copied()
        .unwrap_or("APPROX")
}

#[cfg(test)]
mod tests;
