//! Token view and features for the entity tagger.
//!
//! The features are deliberately *not* the identity of capitalized words: a capitalized
//! token is described by its shape, its suffix, the shipped lexicons it is in, whether the
//! document also uses it in lowercase, and its context (lowercase words around it, titles,
//! organization heads). So the learned weights generalize to names never seen in training
//! instead of memorizing the training data's entities.

use super::lexicon;
use crate::text::{Document, TokenKind};
use std::collections::HashMap;
use std::ops::Range;

/// Lexicon and document flags of one token (bit set).
pub(crate) mod flag {
    pub const GIVEN: u32 = 1 << 0;
    pub const SURNAME: u32 = 1 << 1;
    pub const COUNTRY: u32 = 1 << 2;
    pub const CITY: u32 = 1 << 3;
    pub const STATE: u32 = 1 << 4;
    pub const STATE_ABBR: u32 = 1 << 5;
    pub const REGION: u32 = 1 << 6;
    pub const ORG: u32 = 1 << 7;
    pub const ORG_HEAD: u32 = 1 << 8;
    pub const TITLE: u32 = 1 << 9;
    pub const DEMONYM: u32 = 1 << 10;
    pub const PARTICLE: u32 = 1 << 11;
    pub const COMMON: u32 = 1 << 12;
    pub const CALENDAR: u32 = 1 << 13;
    pub const LOWER_ELSEWHERE: u32 = 1 << 14;
    pub const CAP_MIDSENTENCE: u32 = 1 << 15;
    /// Inside (not first token of) a multi-word lexicon phrase.
    pub const PHRASE_INSIDE: u32 = 1 << 16;
    /// Every flag above.
    pub const ALL: u32 = (1 << 17) - 1;
}

/// The most features one token can have (the tagger's buffer holds them all): 107 static
/// ones (three per own flag, two per neighbour's flag, with all 17 flags on every token,
/// and 22 others) and 21 depending on the labels (one per flag, and 4).
pub(crate) const MAX_FEATURES: usize = 128;

/// One token as the tagger sees it.
#[derive(Debug, Clone)]
pub(crate) struct Tok<'t> {
    pub start: u32,
    /// End without a possessive "'s" ("Musk's" ends after "Musk").
    pub end: u32,
    /// The token text without a possessive.
    pub word: &'t str,
    /// ASCII-lowercased `word`: a slice of the document's lowercased copy, so no token
    /// allocates (ASCII lowercasing keeps every byte offset).
    pub lower: &'t str,
    pub kind: TokenKind,
    /// The token carried a possessive "'s" that `end` leaves out.
    pub possessive: bool,
    /// First char is uppercase.
    pub cap: bool,
    /// Two or more letters, all uppercase.
    pub all_caps: bool,
    /// A word with `cap` or `all_caps`: [`Tok::is_capitalized`], stored (the rules ask it
    /// of every token, pass after pass).
    capitalized: bool,
    /// First word of its sentence, line, quote or parenthesis.
    pub initial: bool,
    /// First token of its line.
    pub line_start: bool,
    /// On a line written in capitals (headline, dateline).
    pub caps_line: bool,
    /// On a line that is mostly numbers (results tables).
    pub table_line: bool,
    /// `flag::*` bits.
    pub flags: u32,
    /// Whitespace separates this token from the next one.
    pub space_after: bool,
    /// Word shape class: an index into [`SHAPES`].
    pub shape: u8,
    /// `word_hash(lower)` of a word or punctuation token (0 for a number): computed once,
    /// it serves the lexicon probes, the tagger's identity features and the document
    /// evidence maps.
    pub hash: u64,
}

impl Tok<'_> {
    /// Capitalized or all-caps word.
    #[inline]
    pub fn is_capitalized(&self) -> bool {
        self.capitalized
    }
    pub fn has(&self, f: u32) -> bool {
        self.flags & f != 0
    }
    /// A punctuation token with exactly this text.
    pub fn is_punct(&self, s: &str) -> bool {
        self.kind == TokenKind::Punct && self.word == s
    }
}

/// A window's ASCII-lowercased text (the one the token view's `lower` words slice) and the
/// document offset it starts at: token offsets index it after subtracting `from`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LowerText<'t> {
    pub text: &'t str,
    pub from: usize,
}

impl<'t> LowerText<'t> {
    /// The byte at document offset `at`.
    #[inline]
    pub fn byte(&self, at: u32) -> Option<u8> {
        let i = (at as usize).checked_sub(self.from)?;
        self.text.as_bytes().get(i).copied()
    }

    /// The text between document offsets `start..end`.
    #[inline]
    pub fn get(&self, start: u32, end: u32) -> Option<&'t str> {
        let (a, b) = (start as usize, end as usize);
        self.text
            .get(a.checked_sub(self.from)?..b.checked_sub(self.from)?)
    }
}

#[inline]
fn strip_possessive(word: &str) -> Option<&str> {
    // Bytes, not `strip_suffix`: most words end otherwise, and the rest in one of two
    // apostrophes ("'" or U+2019, bytes E2 80 99) and "s"/"S".
    let b = word.as_bytes();
    let n = b.len();
    if n < 2 || !matches!(b[n - 1], b's' | b'S') {
        return None;
    }
    let base = if b[n - 2] == b'\'' {
        n - 2
    } else if n >= 4 && b[n - 4..n - 1] == [0xe2, 0x80, 0x99] {
        n - 4
    } else {
        return None;
    };
    word.get(..base).filter(|w| !w.is_empty())
}

/// Word shape classes: the string each stands for (the tagger's features hash it) and its
/// hash, computed at compile time.
pub(crate) const SHAPES: [(&str, u64); 14] = {
    const NAMES: [&str; 14] = [
        "dddd", "d", "d*", "p", "X.X.", "Xd", "XXs", "XX", "X", "Xx-x", "XxX", "Xx", "xX", "x",
    ];
    let mut out = [("", 0u64); 14];
    let mut i = 0;
    while i < NAMES.len() {
        // `crate::hash::word_hash`, as a const fn.
        let b = NAMES[i].as_bytes();
        let mut h = 0u64;
        let mut k = 0;
        while k < b.len() {
            h = (h.rotate_left(5) ^ b[k] as u64).wrapping_mul(crate::hash::K);
            k += 1;
        }
        out[i] = (NAMES[i], h);
        i += 1;
    }
    out
};

/// Indices into [`SHAPES`].
mod sh {
    pub const YEAR: u8 = 0;
    pub const DIGITS: u8 = 1;
    pub const NUMBER: u8 = 2;
    pub const PUNCT: u8 = 3;
    pub const DOTTED: u8 = 4;
    pub const WITH_DIGIT: u8 = 5;
    pub const SHORT_CAPS: u8 = 6;
    pub const CAPS: u8 = 7;
    pub const LETTER: u8 = 8;
    pub const HYPHENATED: u8 = 9;
    pub const INNER_CAP: u8 = 10;
    pub const CAPITALIZED: u8 = 11;
    pub const LOWER_INNER_CAP: u8 = 12;
    pub const LOWER: u8 = 13;
}

/// Byte classes of the one-pass word scan ([`scan`]).
mod class {
    pub const UPPER: u8 = 1;
    pub const LOWER: u8 = 2;
    pub const DOT: u8 = 4;
    pub const HYPHEN: u8 = 8;
    pub const DIGIT: u8 = 16;
    /// A byte of a non-ASCII char.
    pub const HIGH: u8 = 32;
    /// Any other ASCII byte (every byte has exactly one class bit).
    pub const OTHER: u8 = 64;
}

/// The [`class`] bits of every byte: one load a byte in the scan.
static CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = if c.is_ascii_uppercase() {
            class::UPPER
        } else if c.is_ascii_lowercase() {
            class::LOWER
        } else if c.is_ascii_digit() {
            class::DIGIT
        } else if c == b'.' {
            class::DOT
        } else if c == b'-' {
            class::HYPHEN
        } else if c >= 0x80 {
            class::HIGH
        } else {
            class::OTHER
        };
        b += 1;
    }
    table
};

/// What one pass over a token's bytes tells: the [`lexicon::word_hash`] of its
/// ASCII-lowercased form, the union of its bytes' classes (one bit each, so the union also
/// tells when all are of one class), and how many are ASCII capitals.
struct Scan {
    hash: u64,
    any: u8,
    upper: usize,
}

/// Scans `word` once (the class, capitals and lowercase hash of a word in one loop, where
/// separate passes for each read every byte three or four times).
#[inline]
fn scan(word: &str) -> Scan {
    let (mut h, mut any, mut upper) = (0u64, 0u8, 0usize);
    for &b in word.as_bytes() {
        let c = CLASS[usize::from(b)];
        any |= c;
        let up = c & class::UPPER;
        upper += usize::from(up);
        // ASCII lowercasing is setting bit 5 of a capital.
        h = (h.rotate_left(5) ^ u64::from(b | up << 5)).wrapping_mul(crate::hash::K);
    }
    Scan {
        hash: h,
        any,
        upper,
    }
}

/// Whether `word` starts with an uppercase letter, whether it has two or more letters,
/// all uppercase (scripts without case, such as Hebrew, Arabic or CJK, are neither), and
/// its shape class (index into [`SHAPES`]), from its [`scan`] `s`.
#[inline]
fn case_and_shape(word: &str, kind: TokenKind, s: &Scan) -> (bool, bool, u8) {
    // Most tokens are ASCII words of lowercase letters (and hyphens): answered first.
    if kind == TokenKind::Word
        && s.any & (class::HIGH | class::UPPER | class::DOT | class::DIGIT) == 0
    {
        return (false, false, sh::LOWER);
    }
    if s.any & class::HIGH != 0 {
        return case_and_shape_of_chars(word, kind, s);
    }
    // ASCII: the scan answers all.
    let cap = word.as_bytes().first().is_some_and(u8::is_ascii_uppercase);
    let all_caps = s.upper >= 2 && s.any & class::LOWER == 0;
    let shape = match kind {
        TokenKind::Number => number_shape(word, s),
        TokenKind::Punct => sh::PUNCT,
        TokenKind::Word => word_shape(WordCase {
            cap,
            all_caps,
            chars: word.len(),
            dot: s.any & class::DOT != 0,
            hyphen: s.any & class::HYPHEN != 0,
            digit: s.any & class::DIGIT != 0,
            upper_first: cap,
            upper_after: s.upper > usize::from(cap),
        }),
    };
    (cap, all_caps, shape)
}

/// [`case_and_shape`] of a token with a non-ASCII char: out of the token view's loop,
/// which it would only make longer.
#[cold]
#[inline(never)]
fn case_and_shape_of_chars(word: &str, kind: TokenKind, s: &Scan) -> (bool, bool, u8) {
    let (cap, all_caps) = case_of_chars(word);
    let shape = match kind {
        TokenKind::Number => number_shape(word, s),
        TokenKind::Punct => sh::PUNCT,
        TokenKind::Word => word_shape(WordCase {
            cap,
            all_caps,
            chars: word.chars().count(),
            dot: word.contains('.'),
            hyphen: word.contains('-'),
            digit: word.bytes().any(|b| b.is_ascii_digit()),
            upper_first: word.chars().next().is_some_and(char::is_uppercase),
            upper_after: word.chars().skip(1).any(char::is_uppercase),
        }),
    };
    (cap, all_caps, shape)
}

/// The shape class of a number token.
#[inline]
fn number_shape(word: &str, s: &Scan) -> u8 {
    // Every byte a digit (an empty text too): the union of one class bit a byte.
    let digits = s.any & !class::DIGIT == 0;
    match (digits, word.len()) {
        (true, 4) => sh::YEAR,
        (true, _) => sh::DIGITS,
        _ => sh::NUMBER,
    }
}

/// What a word's shape class is made of: its case answers, its length in chars, whether
/// it has a '.', '-' or digit, an uppercase first char, an uppercase char after the first.
struct WordCase {
    cap: bool,
    all_caps: bool,
    chars: usize,
    dot: bool,
    hyphen: bool,
    digit: bool,
    upper_first: bool,
    upper_after: bool,
}

/// The shape class of a word token.
#[inline]
fn word_shape(w: WordCase) -> u8 {
    if w.dot {
        sh::DOTTED
    } else if w.digit {
        sh::WITH_DIGIT
    } else if w.all_caps {
        if w.chars <= 3 {
            sh::SHORT_CAPS
        } else {
            sh::CAPS
        }
    } else if w.cap {
        if w.chars == 1 {
            sh::LETTER
        } else if w.hyphen {
            sh::HYPHENATED
        } else if w.upper_after {
            sh::INNER_CAP
        } else {
            sh::CAPITALIZED
        }
    } else if w.upper_first || w.upper_after {
        sh::LOWER_INNER_CAP
    } else {
        sh::LOWER
    }
}

/// [`case_and_shape`]'s case answers for any text: the first char uppercase; two or more
/// letters, some uppercase, none lowercase. One loop for ASCII and other text alike (the
/// token view asks only of non-ASCII words; `char`'s tests are quick on ASCII).
fn case_of_chars(word: &str) -> (bool, bool) {
    let cap = word.chars().next().is_some_and(char::is_uppercase);
    let (mut letters, mut upper, mut lower) = (0usize, false, false);
    for c in word.chars() {
        letters += usize::from(c.is_alphabetic());
        upper |= c.is_uppercase();
        lower |= c.is_lowercase();
    }
    (cap, letters >= 2 && upper && !lower)
}

/// Builds the token view of `doc`; `lower_text` is `doc.text().to_ascii_lowercase()`.
/// Linear in the number of tokens.
#[cfg(test)]
pub(crate) fn prepare<'t>(doc: &Document<'t>, lower_text: &'t str) -> Vec<Tok<'t>> {
    let mut toks = window(doc, lower_text, 0..doc.tokens().len());
    mark_whole_text(&mut toks);
    toks
}

/// The token view of the tokens `range` of `doc`, without document evidence (see
/// [`Evidence`]). `lower` is the ASCII-lowercased text from the first token of the range
/// (from the text's start for the first window) to at least the range's last token.
#[inline(never)]
pub(crate) fn window<'t: 'l, 'l>(
    doc: &Document<'t>,
    lower: &'l str,
    range: Range<usize>,
) -> Vec<Tok<'l>> {
    let text = doc.text();
    let raw = doc.tokens();
    let lower_from = match range.start {
        0 => 0,
        i => raw.get(i).map_or(0, |t| t.start()),
    };
    // The range's tokens (those the text has): mapped and collected from a slice, so the
    // vector is sized once and written with no capacity test a token.
    let from = range.start.min(raw.len());
    let to = range.end.clamp(from, raw.len());
    let tokens = raw.get(from..to).unwrap_or(&[]);
    let mut toks: Vec<Tok<'l>> = tokens
        .iter()
        .enumerate()
        .map(|(k, t)| {
            let i = from + k;
            let full = text.get(t.start()..t.end()).unwrap_or("");
            let (word, possessive) = match strip_possessive(full) {
                Some(base) if t.kind == TokenKind::Word => (base, true),
                _ => (full, false),
            };
            let scanned = scan(word);
            let (cap, all_caps, shape) = case_and_shape(word, t.kind, &scanned);
            let space_after = raw.get(i + 1).map_or(true, |n| n.start() > t.end());
            // A line starts at the window's first token and after a gap holding a new line
            // (gaps are mostly a space or nothing: a byte loop beats a memchr call).
            let line_start = k == 0
                || raw.get(i.wrapping_sub(1)).is_some_and(|p| {
                    text.as_bytes()
                        .get(p.end()..t.start())
                        .is_some_and(has_newline)
                });
            let from = t.start().saturating_sub(lower_from);
            let lower_word = lower.get(from..from + word.len()).unwrap_or("");
            Tok {
                // Token offsets are u32 (see `Token`): these convert back losslessly.
                start: t.start() as u32,
                end: (t.start() + word.len()) as u32,
                word,
                lower: lower_word,
                kind: t.kind,
                possessive,
                cap,
                all_caps,
                capitalized: t.kind == TokenKind::Word && (cap || all_caps),
                initial: false,
                line_start,
                caps_line: false,
                table_line: false,
                flags: 0,
                space_after,
                shape,
                hash: match t.kind {
                    TokenKind::Number => 0,
                    // The scan hashed the word's ASCII-lowercased bytes: `lower_word`'s.
                    _ if lower_word.len() == word.len() => scanned.hash,
                    _ => lexicon::word_hash(lower_word),
                },
            }
        })
        .collect();
    mark_initials(doc, range.start, &mut toks);
    mark_lines(&mut toks);
    mark_lexicons(&mut toks);
    toks
}

/// Whether a gap between tokens holds a new line: a byte loop, since gaps are mostly a
/// space or nothing and a `memchr` call costs more.
#[allow(clippy::manual_contains)]
#[inline]
fn has_newline(gap: &[u8]) -> bool {
    gap.iter().any(|&b| b == b'\n')
}

/// Sentence starts; `first` is the document index of `toks[0]`. (Words after an opening
/// quote, bracket or dash are marked by [`mark_lines`], in its pass.)
fn mark_initials(doc: &Document, first: usize, toks: &mut [Tok]) {
    let sentences = doc.sentences();
    let from = sentences.partition_point(|s| s.tokens.start < first);
    for s in sentences.get(from..).unwrap_or(&[]) {
        let Some(t) = toks.get_mut(s.tokens.start - first) else {
            break;
        };
        t.initial = true;
    }
}

/// Whether `word` has two or more chars (decodes at most two).
#[inline]
pub(crate) fn two_chars(word: &str) -> bool {
    // A byte after the first that starts a char (not a continuation byte 10xxxxxx).
    word.as_bytes()
        .get(1..)
        .is_some_and(|rest| rest.iter().any(|&b| (b as i8) >= -0x40))
}

/// Line-level cues: headlines in capitals and tables of numbers. Lines begin at the
/// tokens marked `line_start` (the first token always begins one). Also marks the words
/// after an opening quote, bracket or dash as initial, in the same pass.
fn mark_lines(toks: &mut [Tok]) {
    // The token before is a punctuation mark that opens a quote, bracket or clause.
    let mut after_opener = false;
    let mut line_start = 0;
    while line_start < toks.len() {
        // One pass finding the line's end and counting its words in capitals and its
        // numbers; only a line with a word in capitals needs its words counted.
        let (mut caps, mut numbers) = (0usize, 0usize);
        let mut line_end = line_start;
        while let Some(t) = toks.get_mut(line_end) {
            if t.line_start && line_end > line_start {
                break;
            }
            caps += usize::from(t.capitalized && t.all_caps);
            numbers += usize::from(t.kind == TokenKind::Number);
            t.initial |= after_opener;
            after_opener = t.kind == TokenKind::Punct
                && matches!(
                    t.word,
                    "\"" | "\u{201c}" | "(" | "[" | ":" | "\u{2014}" | "-" | "'" | "\u{2018}"
                );
            line_end += 1;
        }
        let line = toks.get_mut(line_start..line_end).unwrap_or(&mut []);
        // No word in capitals: not a line in capitals (whatever its count of words).
        let caps_line = caps > 0 && {
            let words = line
                .iter()
                .filter(|t| t.kind == TokenKind::Word && two_chars(t.word))
                .count();
            words >= 1 && caps * 10 >= words * 7
        };
        let table_line = numbers >= 2 && numbers * 10 >= line.len() * 3;
        // The token view starts with both false: most lines need no writes.
        if caps_line || table_line {
            for t in line.iter_mut() {
                t.caps_line = caps_line;
                t.table_line = table_line;
            }
        }
        if let Some(t) = line.first_mut() {
            t.initial = true;
            t.line_start = true;
        }
        line_start = line_end;
    }
}

/// The phrase lists, each walked for its longest match starting at every word.
const PHRASE_BITS: [u32; 7] = [
    flag::COUNTRY,
    flag::CITY,
    flag::STATE,
    flag::REGION,
    flag::ORG,
    flag::DEMONYM,
    flag::TITLE,
];

/// Every bit of [`PHRASE_BITS`].
const PHRASE_ALL: u32 = {
    let (mut all, mut i) = (0, 0);
    while i < PHRASE_BITS.len() {
        all |= PHRASE_BITS[i];
        i += 1;
    }
    all
};

/// Short acronyms ("UN", "WHO", "AP") count as organizations only in capitals: "Un" in
/// "Kim Jong Un" and "who" are not organizations.
fn short_lowercase_acronym(t: &Tok) -> bool {
    t.word.chars().take(5).count() <= 4 && !t.all_caps
}

/// Marks phrase lexicons (longest match first) and single-word lists: one table probe per
/// word, plus one per further word while some phrase list still continues the prefix.
fn mark_lexicons(toks: &mut [Tok]) {
    let table = lexicon::table();
    for i in 0..toks.len() {
        let t = &toks[i];
        if t.kind != TokenKind::Word {
            continue;
        }
        let (f, entry) = lexicon::word_flags(table, t.lower, t.hash);
        toks[i].flags |= f;
        let Some(mut entry) = entry else { continue };
        if entry.more == 0 {
            // No phrase continues this word (most words): its own entry, at most.
            let mut bits = entry.exact & PHRASE_ALL;
            if bits & flag::ORG != 0 && short_lowercase_acronym(&toks[i]) {
                bits &= !flag::ORG;
            }
            toks[i].flags |= bits;
            continue;
        }
        // Longest match per phrase list (index as in PHRASE_BITS), in words.
        let mut best = [0usize; PHRASE_BITS.len()];
        let mut matched = false;
        let mut hash = toks[i].hash;
        let mut k = 0;
        loop {
            if entry.exact != 0 {
                matched = true;
                for (b, bit) in best.iter_mut().zip(PHRASE_BITS) {
                    if entry.exact & bit != 0 {
                        *b = k + 1;
                    }
                }
            }
            if entry.more == 0 {
                break;
            }
            k += 1;
            if !toks.get(i + k).is_some_and(|t| t.kind == TokenKind::Word) {
                break;
            }
            hash = lexicon::extend_phrase(hash, toks[i + k].hash);
            let Some(e) = table.probe(hash) else {
                break;
            };
            entry = e;
        }
        if !matched {
            continue;
        }
        for (&n, bit) in best.iter().zip(PHRASE_BITS) {
            if n == 1 && bit == flag::ORG && short_lowercase_acronym(&toks[i]) {
                continue;
            }
            for (k, t) in toks.iter_mut().skip(i).take(n).enumerate() {
                t.flags |= bit;
                if k > 0 {
                    t.flags |= flag::PHRASE_INSIDE;
                }
            }
        }
    }
}

/// Document evidence: a capitalized word the text also writes in lowercase is probably a
/// common word; one capitalized mid-sentence is probably a name. Gathered over every window
/// of a long text before any is tagged; keys are slices of the text itself, hashed once
/// per token (the token view's word hash).
#[derive(Default)]
pub(crate) struct Evidence<'t> {
    /// Words written with a lowercase first letter: a set, as a map of the type
    /// [`mark_whole_text`] and the rule lists use (one copy of the hash table code).
    lowercase: HashMap<Exact<'t>, u32, Prehashed>,
    /// Capitalized words not at a sentence start nor on a line in capitals, by count.
    mid_caps: HashMap<Folded<'t>, u32, Prehashed>,
}

/// A hasher for keys that carry their own hash: it passes the hash through (high bits
/// rotated down, since the hash maps index by the low bits).
#[derive(Default, Clone, Copy)]
pub(crate) struct PassThrough(u64);

impl std::hash::Hasher for PassThrough {
    fn write(&mut self, bytes: &[u8]) {
        // Unused by the keys below; any hash of the bytes would do.
        self.0 = lexicon::hash_bytes(self.0, bytes);
    }
    #[inline]
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
    }
}

pub(crate) type Prehashed = std::hash::BuildHasherDefault<PassThrough>;

/// A word with its hash: `word_hash` of the word itself.
#[derive(Clone, Copy)]
pub(crate) struct Exact<'t> {
    pub(crate) hash: u64,
    pub(crate) word: &'t str,
}

impl PartialEq for Exact<'_> {
    // Inlined into the maps' probes: a call per probed key cost more than its few
    // comparisons.
    #[inline(always)]
    fn eq(&self, other: &Self) -> bool {
        lexicon::same(self.word, other.word)
    }
}
impl Eq for Exact<'_> {}
impl std::hash::Hash for Exact<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// A word compared ignoring ASCII case, with `word_hash` of its ASCII-lowercased form (the
/// key of its lowercase form, without a lowercase copy).
#[derive(Clone, Copy)]
struct Folded<'t> {
    hash: u64,
    word: &'t str,
}

impl PartialEq for Folded<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.word.eq_ignore_ascii_case(other.word)
    }
}
impl Eq for Folded<'_> {}
impl std::hash::Hash for Folded<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// Whether token `t` counts as capitalized mid-sentence.
fn mid_sentence_cap(t: &Tok) -> bool {
    t.cap && !t.all_caps && !t.initial && !t.caps_line
}

/// Sets the document flags of `toks`, the token view of a whole text (one window): the
/// flags [`Evidence`] gives, found from the side of the capitalized words. They are a
/// fifth of the words and fewer distinct, so one small map of them answers both questions,
/// where gathering every lowercase word first filled a large one.
#[inline(never)]
pub(crate) fn mark_whole_text(toks: &mut [Tok]) {
    // Per capitalized word, by its ASCII-lowercased form (`Folded` equality): whether the
    // text also writes that form with a lowercase first letter, and how often the word is
    // capitalized mid-sentence. `index` numbers the distinct words; `order` gives each
    // capitalized token's number, so the last pass needs no second lookup.
    // Sized once for a text's usual share of capitalized tokens (a fifth to a quarter of
    // them, about half distinct) without a pass to count them: growing from empty
    // reallocates and rehashes several times per text.
    let distinct = toks.len() / 8 + 16;
    let mut index: HashMap<Exact, u32, Prehashed> =
        HashMap::with_capacity_and_hasher(distinct, Prehashed::default());
    let mut words: Vec<(bool, u32)> = Vec::with_capacity(distinct);
    let mut order: Vec<u32> = Vec::with_capacity(2 * distinct);
    // A bit per hash of a capitalized word's form: most lowercase words miss it, and a
    // bit test is far cheaper than a map probe (in the wasm above all). `shared` marks the
    // bits of two or more forms: the bit of one form is cleared once that form is found in
    // lowercase, so the many further lowercase uses of a sentence's first word ("the",
    // "but") need no probe.
    let mut bits = [0u64; 64];
    let mut shared = [0u64; 64];
    // A hash's word in `bits` and its bit there.
    let bit = |hash: u64| ((hash >> 58) as usize, 1u64 << ((hash >> 52) & 63));
    for t in toks.iter() {
        if t.is_capitalized() {
            let key = Exact {
                hash: t.hash,
                word: t.lower,
            };
            let next = words.len() as u32;
            let k = *index.entry(key).or_insert(next);
            if k == next {
                words.push((false, 0));
                let (at, mask) = bit(t.hash);
                shared[at] |= bits[at] & mask;
                bits[at] |= mask;
            }
            if let Some(w) = words.get_mut(k as usize) {
                w.1 += u32::from(mid_sentence_cap(t));
            }
            order.push(k);
        }
    }
    if words.is_empty() {
        return;
    }
    for t in toks.iter() {
        let (at, mask) = bit(t.hash);
        if t.kind != TokenKind::Word || bits[at] & mask == 0 {
            continue;
        }
        let lowercase = match t.word.as_bytes().first() {
            Some(b) if b.is_ascii() => b.is_ascii_lowercase(),
            _ => t.word.chars().next().is_some_and(char::is_lowercase),
        };
        // A word with an ASCII capital is no capitalized word's lowercased form; the
        // others are their own lowercased form, hashed as `t.hash`.
        if lowercase && lexicon::same(t.word, t.lower) {
            let key = Exact {
                hash: t.hash,
                word: t.lower,
            };
            if let Some(&k) = index.get(&key) {
                if let Some(w) = words.get_mut(k as usize) {
                    w.0 = true;
                }
                bits[at] &= !(mask & !shared[at]);
            }
        }
    }
    let mut order = order.into_iter();
    for t in toks.iter_mut() {
        if !t.is_capitalized() {
            continue;
        }
        let Some(&(lower, mid)) = order.next().and_then(|k| words.get(k as usize)) else {
            break;
        };
        if lower {
            t.flags |= flag::LOWER_ELSEWHERE;
        }
        if mid > u32::from(mid_sentence_cap(t)) {
            t.flags |= flag::CAP_MIDSENTENCE;
        }
    }
}

impl<'t> Evidence<'t> {
    /// Adds the words of `toks` (a window of `text`).
    #[cfg(test)]
    pub(crate) fn gather(&mut self, text: &'t str, toks: &[Tok]) {
        // Distinct words grow about as the square root of the text; this spares most
        // rehashing without reserving much.
        if self.lowercase.is_empty() {
            self.lowercase.reserve(toks.len() / 8);
        }
        for t in toks {
            if t.kind != TokenKind::Word {
                continue;
            }
            // The same bytes as `t.word`, borrowed from the text for the whole document.
            let Some(word) = text.get(t.start as usize..t.end as usize) else {
                continue;
            };
            let lowercase = match word.as_bytes().first() {
                Some(b) if b.is_ascii() => b.is_ascii_lowercase(),
                _ => word.chars().next().is_some_and(char::is_lowercase),
            };
            if lowercase {
                // `t.hash` hashes `t.lower`: the word's own hash when lowercasing left
                // it as it is (as for most lowercase words).
                let hash = if lexicon::same(word, t.lower) {
                    t.hash
                } else {
                    lexicon::word_hash(word)
                };
                self.lowercase.insert(Exact { hash, word }, 0);
            } else if mid_sentence_cap(t) {
                *self
                    .mid_caps
                    .entry(Folded { hash: t.hash, word })
                    .or_default() += 1;
            }
        }
    }

    /// Adds the words of the tokens `range` of `doc` (a window) straight from the raw
    /// tokens: the same evidence as [`Evidence::gather`] over the window's token view,
    /// without building it (a long text's evidence pass precedes its tagging pass).
    pub(crate) fn gather_raw(&mut self, doc: &Document<'t>, range: Range<usize>) {
        let text = doc.text();
        let raw = doc.tokens().get(range.clone()).unwrap_or(&[]);
        let sentences = doc.sentences();
        let mut sentence = sentences.partition_point(|s| s.tokens.start < range.start);
        // The word of a raw token as the token view has it (without a possessive).
        let word_of = |t: &crate::text::Token| {
            let full = text.get(t.start()..t.end()).unwrap_or("");
            match strip_possessive(full) {
                Some(base) if t.kind == TokenKind::Word => base,
                _ => full,
            }
        };
        let mut line = 0;
        while line < raw.len() {
            // A line ends before a token whose gap from the previous one holds a new line
            // (the window's first token starts one, as in `window`).
            let mut end = line + 1;
            while let (Some(p), Some(t)) = (raw.get(end - 1), raw.get(end)) {
                if text
                    .get(p.end()..t.start())
                    .is_some_and(|gap| gap.bytes().any(|b| b == b'\n'))
                {
                    break;
                }
                end += 1;
            }
            let tokens = raw.get(line..end).unwrap_or(&[]);
            // `mark_lines`: a line of capitals.
            let (mut words, mut caps) = (0usize, 0usize);
            for t in tokens.iter().filter(|t| t.kind == TokenKind::Word) {
                let w = word_of(t);
                words += usize::from(two_chars(w));
                caps += usize::from(case_of_chars(w).1);
            }
            let caps_line = words >= 1 && caps * 10 >= words * 7;
            for (k, t) in tokens.iter().enumerate() {
                let i = range.start + line + k;
                while sentences.get(sentence).is_some_and(|s| s.tokens.start < i) {
                    sentence += 1;
                }
                if t.kind != TokenKind::Word {
                    continue;
                }
                let word = word_of(t);
                let lowercase = match word.as_bytes().first() {
                    Some(b) if b.is_ascii() => b.is_ascii_lowercase(),
                    _ => word.chars().next().is_some_and(char::is_lowercase),
                };
                if lowercase {
                    let hash = lexicon::word_hash(word);
                    self.lowercase.insert(Exact { hash, word }, 0);
                    continue;
                }
                // `mark_initials` and `mark_lines`: first of its line or sentence, or
                // after an opening quote, bracket or dash.
                let opens = k > 0
                    && raw.get(line + k - 1).is_some_and(|p| {
                        p.kind == TokenKind::Punct
                            && matches!(
                                text.get(p.start()..p.end()).unwrap_or(""),
                                "\"" | "\u{201c}"
                                    | "("
                                    | "["
                                    | ":"
                                    | "\u{2014}"
                                    | "-"
                                    | "'"
                                    | "\u{2018}"
                            )
                    });
                let initial =
                    k == 0 || opens || sentences.get(sentence).is_some_and(|s| s.tokens.start == i);
                let (cap, all_caps) = case_of_chars(word);
                if cap && !all_caps && !initial && !caps_line {
                    // The hash of the word's ASCII-lowercased form, as the token view's.
                    let hash = word
                        .bytes()
                        .fold(0, |h, b| lexicon::hash_bytes(h, &[b.to_ascii_lowercase()]));
                    *self.mid_caps.entry(Folded { hash, word }).or_default() += 1;
                }
            }
            line = end;
        }
    }

    /// Sets the document flags of `toks` (a window of `text`).
    pub(crate) fn mark(&self, text: &str, toks: &mut [Tok]) {
        for t in toks.iter_mut() {
            if !t.is_capitalized() {
                continue;
            }
            let lower = Exact {
                hash: t.hash,
                word: t.lower,
            };
            if self.lowercase.contains_key(&lower) {
                t.flags |= flag::LOWER_ELSEWHERE;
            }
            let own = u32::from(mid_sentence_cap(t));
            let word = text.get(t.start as usize..t.end as usize).unwrap_or("");
            let folded = Folded { hash: t.hash, word };
            if self.mid_caps.get(&folded).copied().unwrap_or(0) > own {
                t.flags |= flag::CAP_MIDSENTENCE;
            }
        }
    }
}

/// A short word-shape class.
#[cfg(test)]
pub(crate) fn shape(t: &Tok) -> &'static str {
    SHAPES.get(usize::from(t.shape)).map_or("x", |s| s.0)
}

/// Whether the identity of a capitalized word may be a feature: only closed-class and
/// common words, never names (see the module docs).
fn identity_allowed(t: &Tok) -> bool {
    !t.is_capitalized()
        || t.has(
            flag::COMMON
                | flag::TITLE
                | flag::ORG_HEAD
                | flag::PARTICLE
                | flag::CALENDAR
                | flag::DEMONYM,
        ) && !t.has(flag::GIVEN | flag::COUNTRY | flag::CITY | flag::STATE)
}

/// Where feature hashes go as they are computed: a `Vec` for training, the model's
/// scorer when tagging (scoring each feature as it is made saves storing and re-reading
/// some 45 hashes a token).
pub(crate) trait Sink {
    /// The entry of feature hash `feature`.
    fn hashed(&self, feature: u32) -> u32;
    /// The entry of the feature of a small domain with this key (see [`KEYS`]): the tagger
    /// looks its weights up in a table by the key, neither hashing nor probing.
    fn keyed(&self, key: usize) -> u32;
    /// Takes entries (of [`Sink::hashed`] and [`Sink::keyed`]) in order: several at once
    /// where a token always has them, so the tagger finds their places in its buffer once.
    fn put<const N: usize>(&mut self, entries: [u32; N]);
    /// Takes one feature hash.
    #[inline(always)]
    fn push(&mut self, feature: u32) {
        let e = self.hashed(feature);
        self.put([e]);
    }
    /// Takes the feature of a small domain with this key.
    #[inline(always)]
    fn push_keyed(&mut self, key: usize) {
        let e = self.keyed(key);
        self.put([e]);
    }
}

#[cfg(test)]
impl Sink for Vec<u32> {
    fn hashed(&self, feature: u32) -> u32 {
        feature
    }
    fn keyed(&self, key: usize) -> u32 {
        keyed_hash(key)
    }
    fn put<const N: usize>(&mut self, entries: [u32; N]) {
        self.extend_from_slice(&entries);
    }
}

/// Mixes one more part into a feature hash (Fx-style: rotate, xor, multiply).
#[inline]
fn mix(h: u64, v: u64) -> u64 {
    (h.rotate_left(5) ^ v).wrapping_mul(0x517c_c1b7_2722_0a95)
}

/// The hash of feature `template` over `parts` (each part already a hash or small code;
/// three at most).
#[inline(always)]
fn feat<const N: usize>(template: u64, parts: [u64; N]) -> u32 {
    const { assert!(N <= 3) };
    // Unrolled by hand (`N` is a constant): the wasm build kept a loop over the parts in
    // memory.
    let mut h = mix(0x9e37_79b9_7f4a_7c15, template);
    if let Some(&p) = parts.first() {
        h = mix(h, p);
    }
    if let Some(&p) = parts.get(1) {
        h = mix(h, p);
    }
    if let Some(&p) = parts.get(2) {
        h = mix(h, p);
    }
    (h >> 32) as u32
}

/// The features whose parts all come from small domains (shape, flag bit, label, ...), by
/// template: each has a range of dense keys (its parts in mixed radix, the first part
/// high), and the tagger holds the row of every key ([`KEYS`] of them). Per template: its
/// number and the kinds of its two parts (see [`DOMAIN`]).
const SMALL: [[u8; 3]; 17] = [
    [1, NONE, NONE],
    [2, SHAPE, NONE],
    [4, BIT, NONE],
    [29, BIT, SHAPE],
    [30, BIT, NONE],
    [11, BIT, NONE],
    [12, BIT, NONE],
    [13, SHAPE, NONE],
    [14, SHAPE, NONE],
    [20, POS, NONE],
    [21, POS, SHAPE],
    [25, NONE, NONE],
    [28, LEN, SHAPE],
    [15, LABEL, NONE],
    [16, LABEL, SHAPE],
    [18, LABEL, LABEL],
    [22, LABEL, BIT],
];

/// Part kinds of [`SMALL`]: none, a shape key ([`Pre::sk`]), a flag bit, a position code,
/// a length class less one, a label.
const NONE: u8 = 0;
const SHAPE: u8 = 1;
const BIT: u8 = 2;
const POS: u8 = 3;
const LEN: u8 = 4;
const LABEL: u8 = 5;
/// The number of values of each part kind.
const DOMAIN: [usize; 6] = [1, 17, 17, 8, 4, 9];

/// The first key of each template of [`SMALL`], and [`KEYS`] after the last.
const BASE: [usize; 18] = {
    let mut base = [0; 18];
    let mut t = 0;
    while t < SMALL.len() {
        let [_, a, b] = SMALL[t];
        base[t + 1] = base[t] + DOMAIN[a as usize] * DOMAIN[b as usize];
        t += 1;
    }
    base
};

/// The number of keys of small-domain features.
pub(crate) const KEYS: usize = BASE[SMALL.len()];

/// Indices into [`SMALL`].
const K1: usize = 0;
const K2: usize = 1;
const K4: usize = 2;
const K29: usize = 3;
const K30: usize = 4;
const K11: usize = 5;
const K12: usize = 6;
const K13: usize = 7;
const K14: usize = 8;
const K20: usize = 9;
const K21: usize = 10;
const K25: usize = 11;
const K28: usize = 12;
const K15: usize = 13;
const K16: usize = 14;
const K18: usize = 15;
const K22: usize = 16;

/// The key of template `SMALL[t]` with part values `a` and `b` (0 for an absent part),
/// each below its kind's [`DOMAIN`] (a constant but for the values: `t` is one).
#[inline(always)]
fn key(t: usize, a: usize, b: usize) -> usize {
    BASE[t] + a * DOMAIN[SMALL[t][2] as usize] + b
}

/// Gives the hash of every small-domain feature in key order: the [`feat`] its template
/// makes of its parts (a shape key's part is the shape hash: [`SHAPES`], then BOS, EOS,
/// and 0 for an index out of range, as [`shape_hash`] gives; a length class is the key's
/// value + 1).
pub(crate) fn keyed_hashes(mut out: impl FnMut(u32)) {
    for &[template, ka, kb] in SMALL.iter() {
        let (na, nb) = (domain(ka), domain(kb));
        for v in 0..na * nb {
            // As `feat`: the template (a small number, as a flag bit is), then the parts.
            let h = mix_part(0x9e37_79b9_7f4a_7c15, BIT, usize::from(template));
            out((mix_part(mix_part(h, ka, v / nb), kb, v % nb) >> 32) as u32);
        }
    }
}

/// [`mix`]es part `v` of kind `kind` into `h` (nothing for [`NONE`]); a function of its
/// own: it runs once per key, at model load, and is small so.
#[inline(never)]
fn mix_part(h: u64, kind: u8, v: usize) -> u64 {
    let part = match (kind, v) {
        (NONE, _) => return h,
        (SHAPE, 14) => BOS.shape,
        (SHAPE, 15) => EOS.shape,
        (SHAPE, _) => SHAPES.get(v).map_or(0, |s| s.1),
        (LEN, _) => v as u64 + 1,
        _ => v as u64,
    };
    mix(h, part)
}

/// [`DOMAIN`]`[kind]`, read from a constant (no table in the wasm's data).
#[inline(always)]
fn domain(kind: u8) -> usize {
    const PACKED: u64 = {
        let mut p = 0u64;
        let mut k = 0;
        while k < DOMAIN.len() {
            p |= (DOMAIN[k] as u64) << (k * 5);
            k += 1;
        }
        p
    };
    (PACKED.wrapping_shr(u32::from(kind) * 5) & 31) as usize
}

/// The hash of the small-domain feature `key` (for the trainer's and the tests' sinks).
#[cfg(test)]
fn keyed_hash(key: usize) -> u32 {
    static HASHES: std::sync::LazyLock<Vec<u32>> = std::sync::LazyLock::new(|| {
        let mut all = Vec::new();
        keyed_hashes(|h| all.push(h));
        all
    });
    HASHES.get(key).copied().unwrap_or(0)
}

/// Hash of a class or identity string.
fn str_hash(s: &str) -> u64 {
    lexicon::word_hash(s)
}

/// Hash of the shape class of `t`.
#[inline]
fn shape_hash(t: &Tok) -> u64 {
    SHAPES.get(usize::from(t.shape)).map_or(0, |s| s.1)
}

/// What the features need of one token (every feature of a token reads its neighbours'
/// too).
#[derive(Debug, Clone, Copy, Default)]
struct Pre {
    /// Hash of the shape class.
    shape: u64,
    /// The shape key: the index into [`SHAPES`], 14 for BOS, 15 for EOS, 16 for an index
    /// out of range (see [`keyed_hashes`]).
    sk: usize,
    /// Hash of the identity-or-class string.
    ident: u64,
    /// Flags visible to the features (see [`flags_of`]).
    flags: u32,
}

const BOS: Pre = Pre {
    shape: 0x005b_535d,
    sk: 14,
    ident: 0x005b_535d,
    flags: 0,
};
const EOS: Pre = Pre {
    shape: 0x5b2f_535d,
    sk: 15,
    ident: 0x5b2f_535d,
    flags: 0,
};

/// The flags of `t` the features see: the defined ones only (which bounds the feature count
/// by [`MAX_FEATURES`]).
fn flags_of(t: &Tok) -> u32 {
    if t.is_capitalized() {
        t.flags & flag::ALL
    } else {
        t.flags & (flag::TITLE | flag::ORG_HEAD | flag::PARTICLE)
    }
}

/// The per-token parts of the features of token `i` of `toks` (EOS after the last; the
/// callers give BOS before the first).
#[inline]
fn pre_of(toks: &[Tok], i: usize) -> Pre {
    let Some(t) = toks.get(i) else {
        return EOS;
    };
    let sh = shape_hash(t);
    // `t.hash` is the hash of `t.lower`, the same bytes as a punctuation token's `word`.
    let id = match t.kind {
        TokenKind::Number => sh,
        TokenKind::Punct => t.hash,
        TokenKind::Word if identity_allowed(t) => t.hash,
        TokenKind::Word => sh,
    };
    let shape = usize::from(t.shape);
    Pre {
        shape: sh,
        sk: if shape < SHAPES.len() { shape } else { 16 },
        ident: id,
        flags: flags_of(t),
    }
}

/// Whether token `i` of `toks` is punctuation, a word with no capital, digit or dot (but
/// for a particle), or a number but a year before a capitalized word: such a token (all but
/// never) begins an entity, so after an O label the tagger need not score it.
#[inline]
pub(crate) fn plain(toks: &[Tok], i: usize) -> bool {
    let Some(t) = toks.get(i) else { return false };
    // "&" and "'" can open a name ("S&P", "'t Hooft"); particles too ("de"). A lowercase
    // title or organization head ("president", "bank") does not, nor a quote mark, nor a
    // number but a year before a capitalized word ("1860 Munich"): over 1 MB of news the
    // tagger gave none of 2,600 such words, 1,400 quote marks and 11,000 such numbers an
    // entity label after O that survived the rules.
    match t.kind {
        TokenKind::Punct => match t.word {
            "&" => false,
            "'" | "\u{2019}" => t.space_after,
            _ => true,
        },
        TokenKind::Word => t.shape == sh::LOWER && !t.has(flag::PARTICLE),
        TokenKind::Number => {
            t.shape != sh::YEAR || !toks.get(i + 1).is_some_and(|n| n.is_capitalized())
        }
    }
}

/// The per-token parts of the tokens around the one scored, computed as the tagger reaches
/// them: it scores a third of the tokens, so most tokens' parts are never needed.
pub(crate) struct Lazy<'a, 't> {
    toks: &'a [Tok<'t>],
    /// The parts of token `j` in slot `j % 8`, for the last tokens computed.
    ring: [Pre; 8],
    /// One past the last token computed.
    next: usize,
}

impl<'a, 't> Lazy<'a, 't> {
    pub(crate) fn new(toks: &'a [Tok<'t>]) -> Self {
        Lazy {
            toks,
            ring: [BOS; 8],
            next: 0,
        }
    }

    /// The parts of tokens `i - 2 ..= i + 2`; `i` never decreases from call to call (the
    /// tagger goes left to right).
    #[inline]
    pub(crate) fn around(&mut self, i: usize) -> Around {
        debug_assert!(i + 3 >= self.next, "tokens in order");
        // The tokens not computed yet; those computed before are still in the ring (slot
        // `j % 8` is taken again only by `j + 8`, past `i + 2`).
        for j in self.next.max(i.saturating_sub(2))..i + 3 {
            self.ring[j & 7] = pre_of(self.toks, j);
        }
        self.next = self.next.max(i + 3);
        let at = |k: usize| self.ring[k & 7];
        Around([
            if i >= 2 { at(i - 2) } else { BOS },
            if i >= 1 { at(i - 1) } else { BOS },
            at(i),
            at(i + 1),
            at(i + 2),
        ])
    }
}

/// The per-token parts of a token and two neighbours on either side.
#[derive(Clone, Copy)]
pub(crate) struct Around([Pre; 5]);

/// Feature extraction over one token slice, with per-token parts computed up front (for
/// training; the tagger uses [`Lazy`]).
#[cfg(test)]
pub(crate) struct Features<'a, 't> {
    toks: &'a [Tok<'t>],
    pre: Vec<Pre>,
}

#[cfg(test)]
impl<'a, 't> Features<'a, 't> {
    /// Prepares the per-token parts of `toks` (linear).
    pub(crate) fn new(toks: &'a [Tok<'t>]) -> Self {
        let pre = (0..toks.len()).map(|i| pre_of(toks, i)).collect();
        Features { toks, pre }
    }

    /// See [`plain`].
    pub(crate) fn plain(&self, i: usize) -> bool {
        plain(self.toks, i)
    }

    fn at(&self, i: isize) -> Pre {
        if i < 0 {
            return BOS;
        }
        self.pre.get(i as usize).copied().unwrap_or(EOS)
    }

    fn around(&self, i: usize) -> Around {
        let s = i as isize;
        Around([
            self.at(s - 2),
            self.at(s - 1),
            self.at(s),
            self.at(s + 1),
            self.at(s + 2),
        ])
    }

    /// Static (label-independent) features of token `i`, appended to `out`.
    pub(crate) fn static_features(&self, i: usize, out: &mut impl Sink) {
        if let Some(t) = self.toks.get(i) {
            static_features(t, &self.around(i), out);
        }
    }

    /// Features that depend on the labels already given to the previous tokens.
    pub(crate) fn label_features(&self, i: usize, prev: u8, prev2: u8, out: &mut impl Sink) {
        label_features(&self.around(i), prev, prev2, out);
    }
}

/// Static (label-independent) features of token `t`, whose parts and its neighbours' are
/// `around`, appended to `out`.
#[inline]
pub(crate) fn static_features(t: &Tok, around: &Around, out: &mut impl Sink) {
    let [p2, p1, me, n1, n2] = around.0;
    let (sh, sk, id) = (me.shape, me.sk, me.ident);
    out.put([
        out.keyed(key(K1, 0, 0)),
        out.keyed(key(K2, sk, 0)),
        out.hashed(feat(3, [id])),
    ]);
    let mut f = me.flags;
    while f != 0 {
        // Below 17: `flags_of` keeps the defined flags only.
        let b = f.trailing_zeros() as usize;
        f &= f - 1;
        out.put([out.keyed(key(K4, b, 0)), out.keyed(key(K29, b, sk))]);
        if t.caps_line {
            out.push_keyed(key(K30, b, 0));
        }
    }
    if t.is_capitalized() && !identity_allowed(t) {
        // Suffixes in chars, from the end: the start byte of the last 2 and 3 chars (the
        // bytes that do not continue a char; no decoding).
        let b = t.lower.as_bytes();
        let mut starts = (0..b.len())
            .rev()
            .filter(|&i| b.get(i).is_some_and(|&c| c & 0xc0 != 0x80));
        let (_, two, three, four) = (starts.next(), starts.next(), starts.next(), starts.next());
        if let (Some(b3), Some(_)) = (three, four) {
            out.push(feat(5, [str_hash(t.lower.get(b3..).unwrap_or(""))]));
        }
        if let (Some(b2), Some(_)) = (two, three) {
            out.push(feat(6, [str_hash(t.lower.get(b2..).unwrap_or(""))]));
        }
    }
    out.put([
        out.hashed(feat(7, [p1.ident])),
        out.hashed(feat(8, [n1.ident])),
        out.hashed(feat(9, [p2.ident])),
        out.hashed(feat(10, [n2.ident])),
        out.hashed(feat(23, [p1.ident, id])),
        out.hashed(feat(24, [id, n1.ident])),
        out.hashed(feat(31, [p2.ident, p1.ident])),
        out.hashed(feat(32, [n1.ident, n2.ident])),
    ]);
    // The templates' first keys (constants) in the loop: the key of bit `b` follows.
    for (first, mut f) in [(key(K11, 0, 0), p1.flags), (key(K12, 0, 0), n1.flags)] {
        while f != 0 {
            let b = f.trailing_zeros() as usize;
            f &= f - 1;
            out.push_keyed(first + b);
        }
    }
    let pos =
        usize::from(t.initial) | usize::from(t.caps_line) << 1 | usize::from(t.table_line) << 2;
    out.put([
        out.keyed(key(K13, p1.sk, 0)),
        out.keyed(key(K14, n1.sk, 0)),
        out.hashed(feat(19, [p1.shape, sh, n1.shape])),
        out.keyed(key(K20, pos, 0)),
        out.keyed(key(K21, pos, sk)),
    ]);
    if t.initial {
        out.push(feat(27, [id]));
    }
    if t.possessive {
        out.push_keyed(key(K25, 0, 0));
    }
    if !t.space_after {
        out.push(feat(26, [n1.ident]));
    }
    // Chars counted up to 5 only: the classes stop there.
    // The length class less one (the key's part; the hash's part is the class).
    let len = match t.word.bytes().filter(|&c| c & 0xc0 != 0x80).take(5).count() {
        0..=1 => 0,
        2 => 1,
        3..=4 => 2,
        _ => 3,
    };
    out.push_keyed(key(K28, len, sk));
}

/// Features of the token whose parts are `around` that depend on the labels already given
/// to the previous tokens.
#[inline]
pub(crate) fn label_features(around: &Around, prev: u8, prev2: u8, out: &mut impl Sink) {
    let me = around.0[2];
    // Labels are below 9 (the tagger's and the training data's): kept so, the keys stay in
    // their templates' ranges whatever the caller passes.
    let p = usize::from(prev).min(8);
    out.put([
        out.keyed(key(K15, p, 0)),
        out.keyed(key(K16, p, me.sk)),
        out.hashed(feat(17, [u64::from(prev), me.ident])),
        out.keyed(key(K18, usize::from(prev2).min(8), p)),
    ]);
    let mut f = me.flags;
    while f != 0 {
        let b = f.trailing_zeros() as usize;
        f &= f - 1;
        out.push_keyed(key(K22, p, b));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_view_entry_stays_within_a_cache_line() {
        // The memory ceilings of tests/adversarial.rs count on it (one entry a token).
        assert!(std::mem::size_of::<Tok>() <= 64);
    }

    #[test]
    fn no_token_has_more_than_max_features() {
        let text = "Abcdef Bcdefg Cdefgh Defghi Efghij";
        let doc = Document::new(text);
        let lower = text.to_ascii_lowercase();
        let mut toks = prepare(&doc, &lower);
        // Every flag (and undefined bits) and every optional feature, on every token.
        for t in &mut toks {
            t.flags = u32::MAX;
            (t.cap, t.capitalized, t.initial, t.caps_line, t.table_line) =
                (true, true, true, true, true);
            (t.possessive, t.space_after) = (true, false);
        }
        let fx = Features::new(&toks);
        let count = |i: usize| {
            let mut out: Vec<u32> = Vec::new();
            fx.static_features(i, &mut out);
            fx.label_features(i, 1, 1, &mut out);
            out.len()
        };
        assert_eq!(count(2), MAX_FEATURES, "the bound is reached");
        assert!((0..toks.len()).all(|i| count(i) <= MAX_FEATURES));
    }

    #[test]
    fn lazy_parts_are_the_eager_ones() {
        let text = "In 1860 Munich beat 3 teams, 'the' Bank of van der Berg & Co. in 1998 and \
                    NATO's president, 42";
        let doc = Document::new(text);
        let lower = text.to_ascii_lowercase();
        let toks = prepare(&doc, &lower);
        let fx = Features::new(&toks);
        let mut lazy = Lazy::new(&toks);
        // In order, skipping some tokens.
        for i in (0..toks.len()).filter(|i| i % 3 != 1 && i % 7 < 4) {
            let (mut a, mut b): (Vec<u32>, Vec<u32>) = (Vec::new(), Vec::new());
            fx.static_features(i, &mut a);
            fx.label_features(i, 3, 0, &mut a);
            let around = lazy.around(i);
            static_features(&toks[i], &around, &mut b);
            label_features(&around, 3, 0, &mut b);
            assert_eq!(a, b, "token {i}");
        }
        let skipped: Vec<&str> = (0..toks.len())
            .filter(|&i| !fx.plain(i))
            .map(|i| toks[i].word)
            .collect();
        assert_eq!(
            skipped,
            // A quote mark before a word is scored (it may elide: "'t Hooft").
            ["In", "1860", "Munich", "'", "Bank", "van", "der", "Berg", "&", "Co", "NATO"]
        );
    }

    #[test]
    fn two_chars_counts_chars_not_bytes() {
        for (word, expected) in [
            ("", false),
            ("a", false),
            ("\u{e9}", false),
            ("\u{20ac}", false),
            ("\u{1f600}", false),
            ("ab", true),
            ("\u{e9}a", true),
            ("a\u{e9}", true),
            ("\u{e9}\u{e9}", true),
        ] {
            assert_eq!(two_chars(word), expected, "{word}");
        }
    }

    #[test]
    fn case_answers_for_ascii_and_other_text() {
        for (word, expected) in [
            ("NATO", (true, true)),
            ("U.S.", (true, true)),
            ("A", (true, false)),
            ("Apple", (true, false)),
            ("iPhone", (false, false)),
            ("42", (false, false)),
            ("", (false, false)),
            ("\u{c9}mile", (true, false)),
            ("\u{c9}MILE", (true, true)),
            ("\u{391}\u{398}\u{397}\u{39d}\u{391}", (true, true)),
            ("\u{5e9}\u{5dc}\u{5d5}\u{5dd}", (false, false)),
        ] {
            assert_eq!(case_of_chars(word), expected, "{word}");
        }
    }

    #[test]
    fn keyed_hashes_are_the_templates_hashes() {
        // Each small-domain feature's hash as `feat` makes it of the parts (the hashes the
        // shipped model was trained on), and every key one of them.
        let mut keys = std::collections::HashSet::new();
        let mut check = |k: usize, hash: u32| {
            assert_eq!(keyed_hash(k), hash, "key {k}");
            assert!(keys.insert(k), "key {k} twice");
        };
        let shapes = SHAPES.iter().map(|s| s.1).chain([BOS.shape, EOS.shape, 0]);
        for (sk, sh) in shapes.enumerate() {
            check(key(K2, sk, 0), feat(2, [sh]));
            check(key(K13, sk, 0), feat(13, [sh]));
            check(key(K14, sk, 0), feat(14, [sh]));
            for b in 0..17 {
                check(key(K29, b, sk), feat(29, [b as u64, sh]));
            }
            for pos in 0..8 {
                check(key(K21, pos, sk), feat(21, [pos as u64, sh]));
            }
            for len in 1..=4 {
                check(key(K28, len - 1, sk), feat(28, [len as u64, sh]));
            }
            for p in 0..9 {
                check(key(K16, p, sk), feat(16, [p as u64, sh]));
            }
        }
        check(key(K1, 0, 0), feat(1, []));
        check(key(K25, 0, 0), feat(25, []));
        for b in 0..17 {
            for (k, template) in [(K4, 4), (K30, 30), (K11, 11), (K12, 12)] {
                check(key(k, b, 0), feat(template, [b as u64]));
            }
        }
        for pos in 0..8 {
            check(key(K20, pos, 0), feat(20, [pos as u64]));
        }
        for p in 0..9 {
            check(key(K15, p, 0), feat(15, [p as u64]));
            for p2 in 0..9 {
                check(key(K18, p2, p), feat(18, [p2 as u64, p as u64]));
            }
            for b in 0..17 {
                check(key(K22, p, b), feat(22, [p as u64, b as u64]));
            }
        }
        assert_eq!(keys.len(), KEYS);
    }

    #[test]
    fn shape_hashes_are_the_word_hashes_of_their_names() {
        for (name, hash) in SHAPES {
            assert_eq!(hash, lexicon::word_hash(name), "{name}");
        }
    }

    #[test]
    fn evidence_from_raw_tokens_is_the_token_views() {
        let text = "Apple said. apple pie\nREUTERS SAYS SO (Mercer) met \"Mercer\" and Mercer's \
                    mercer: Ortega, Ortega - Ortega. Musk\u{2019}s MUSK ortega\n\nÉmile émile Émile";
        let doc = Document::new(text);
        let n = doc.tokens().len();
        for size in [1, 3, 7, n] {
            let ranges: Vec<Range<usize>> =
                (0..n).step_by(size).map(|a| a..(a + size).min(n)).collect();
            let (mut viewed, mut raw) = (Evidence::default(), Evidence::default());
            for r in &ranges {
                let from = doc.tokens()[r.start].start();
                let lower = text[from..].to_ascii_lowercase();
                viewed.gather(text, &window(&doc, &lower, r.clone()));
                raw.gather_raw(&doc, r.clone());
            }
            let lower = text.to_ascii_lowercase();
            let mut a = window(&doc, &lower, 0..n);
            let mut b = a.clone();
            viewed.mark(text, &mut a);
            raw.mark(text, &mut b);
            let flags = |toks: &[Tok]| toks.iter().map(|t| t.flags).collect::<Vec<_>>();
            assert_eq!(flags(&a), flags(&b), "windows of {size} tokens");
            let mut whole = window(&doc, &lower, 0..n);
            mark_whole_text(&mut whole);
            if size == n {
                assert_eq!(flags(&whole), flags(&a), "the whole text at once");
            }
            assert!(a.iter().any(|t| t.has(flag::LOWER_ELSEWHERE)));
            if size == n {
                assert!(a.iter().any(|t| t.has(flag::CAP_MIDSENTENCE)));
            }
        }
    }

    #[test]
    fn token_view_hashes_and_shapes() {
        let text = "Elon Musk's iPhone, U.S. 1990 NATO a";
        let doc = Document::new(text);
        let lower = text.to_ascii_lowercase();
        let toks = prepare(&doc, &lower);
        let shapes: Vec<&str> = toks.iter().map(shape).collect();
        assert_eq!(shapes, ["Xx", "Xx", "xX", "p", "X.X.", "dddd", "XX", "x"]);
        for t in &toks {
            let expected = match t.kind {
                TokenKind::Number => 0,
                _ => lexicon::word_hash(t.lower),
            };
            assert_eq!(t.hash, expected, "{}", t.word);
        }
    }
}
