//! Cue phrase lists and the matcher that finds them in a sentence.
//!
//! Every list lives in `src/claims/cues/*.txt`, one pattern a line, so adding a phrase is a
//! one-line change (the tests in `tests/claims_corpus.rs` and below check what it does).
//!
//! # Pattern syntax
//!
//! A pattern is a sequence of space-separated elements, each matched against one token
//! (case-insensitively; `’` counts as `'`):
//!
//! - `may`, `claim|claims|claimed` — one of these words;
//! - `believ*` — any word starting with `believ`;
//! - `[independently]`, `[widely|generally]` — an optional word;
//! - `...` — a gap of up to six words (no punctuation inside); `...2` up to two;
//! - `{` before an element and `}` after one delimit the cue span when it should be
//!   narrower than the whole match (`it is {believed}`): the whole match is still what fires,
//!   the braces only say which words to highlight.
//!
//! After a tab, comma-separated conditions on the context (all must hold):
//!
//! - `lower` — the cue word is not capitalized mid-sentence ("Theresa May", a title in
//!   quotes) and, at the start of a sentence, is followed by a lowercase word ("May 5");
//! - `next:a|b`, `nonext:a|b` — the token after the match is / is not one of these;
//! - `prev:a|b`, `noprev:a|b` — the token before the match is / is not one of these;
//! - `near:a|b`, `nonear:a|b` — one of these words is / is not within four tokens after;
//! - `verb` — used as a verb: the token before is not an article, possessive or
//!   preposition ("the claims", "insurance claims" are nouns);
//! - `active` — not passive: no form of "be" right before ("was denied bail");
//! - `source_after` — the source is the noun phrase after the match ("according to X");
//! - `no_source` — the match names no source (unsourced phrases);
//! - `opening` — the match opens a clause: sentence start, after punctuation or "and" /
//!   "but" (", according to the agency" attributes; "sorted according to size" does not);
//! - `unnamed` — no name or organization right before the match ("officials said" is
//!   unsourced, "Pentagon officials said" and "U.S. officials said" are not);
//! - `subject` — the subject before the match is the claim's source ("Trump repeated
//!   claims"), whatever the list.

use crate::hash::{hash_bytes, home_slot, word_hash, FxBuild};
use crate::text::{Token, TokenKind};
use std::collections::HashMap;
use std::sync::LazyLock;

/// What a matched pattern signals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Epistemic hedge: may, might, possibly, is believed to.
    Hedged,
    /// A conditional ("if", "unless"): the statement holds only under a condition.
    Condition,
    /// An open question ("whether", "it remains to be seen").
    Question,
    /// A claim carried by a source: claimed, alleged, according to.
    Attributed,
    /// Explicitly unverified: could not be verified, no evidence.
    Unverified,
    /// Called false or disputed: unfounded, debunked, denied.
    Disputed,
    /// Attributed to nobody in particular: some say, critics argue.
    Unsourced,
    /// Certainty markers that cancel a hedge reading ("no doubt", "undoubtedly").
    Certain,
    /// Plain speech verbs ("said", "told"): not a claim cue, but they name the source of a
    /// hedged statement they introduce.
    Reporting,
    /// A phrase from the user's own word list (a hedge).
    User,
}

/// One element of a pattern.
#[derive(Debug, Clone)]
enum Elem {
    /// One of these words (a trailing `*` means prefix); optional when `.1`.
    Word(WordSet, bool),
    /// Up to this many words.
    Gap(usize),
}

/// Context conditions of a pattern (see the module docs).
#[derive(Debug, Clone, Default)]
pub struct Rules {
    lower: bool,
    next: Option<WordSet>,
    nonext: Option<WordSet>,
    prev: Option<WordSet>,
    noprev: Option<WordSet>,
    near: Option<WordSet>,
    nonear: Option<WordSet>,
    verb: bool,
    active: bool,
    /// The source is the noun phrase after the match.
    pub source_after: bool,
    /// The match never names a source.
    pub no_source: bool,
    /// The source is the subject before the match, whatever its class.
    pub subject: bool,
    unnamed: bool,
    opening: bool,
}

/// A parsed pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    elems: Vec<Elem>,
    /// Index range of the elements the cue covers.
    cue: (usize, usize),
    /// What it signals.
    pub class: Class,
    /// Its context conditions.
    pub rules: Rules,
}

/// A match of a pattern in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// Index of the pattern in [`Lexicon::patterns`].
    pub pattern: usize,
    /// Token index range of the whole match (indices into the document's tokens).
    pub tokens: (usize, usize),
    /// Token index range of the cue words.
    pub cue: (usize, usize),
}

/// All patterns, indexed by the words their first element accepts.
#[derive(Debug)]
pub struct Lexicon {
    /// Every pattern.
    pub patterns: Vec<Pattern>,
    /// Every word the patterns name (id = index), each with the run of indices in
    /// `firsts` of the patterns it can start.
    vocab: Vec<VocabWord>,
    /// Pattern indices, grouped by first word, ascending within a group.
    firsts: Vec<usize>,
    /// Open-addressing hash table over `vocab`: id + 1, or 0 for an empty slot. Most
    /// tokens are in no pattern; one hash and usually one probe tells.
    slots: Vec<u32>,
    /// Patterns whose first element is a prefix (`believ*`): (prefix, pattern index), in
    /// pattern order (the lists have none today; a pattern listed twice is only tried twice).
    prefixes: Vec<(String, usize)>,
    /// Bit [`sketch`] of every word that starts a pattern: a clear bit rejects a token
    /// from two bytes and its length, before any hashing.
    first_sketch: Vec<u64>,
    /// A bit set over the vocabulary for each word (`stride` `u64`s each): the words that
    /// may come right after it in a pattern it starts, and bit `vocab.len()` when any
    /// token may (a pattern can end at it or go on with any word). Most first words ("a",
    /// "is", "in") start only longer patterns: one look at the next token rejects them all.
    follow: Vec<u64>,
    /// Length of a set in `follow`, in `u64`s.
    stride: usize,
}

/// Bits in [`Lexicon::first_sketch`].
const SKETCH_BITS: usize = 1 << 14;

/// Where a word's bit lies in a first-word sketch: from its first two bytes and length.
fn sketch(b: &[u8]) -> usize {
    let (b0, b1) = (
        usize::from(b.first().copied().unwrap_or(0)),
        usize::from(b.get(1).copied().unwrap_or(0)),
    );
    (b0.wrapping_mul(0x9E37) ^ b1.wrapping_mul(0x85EB) ^ b.len().min(31).wrapping_mul(0xC2B3))
        % SKETCH_BITS
}

/// A word of the lexicon's vocabulary.
#[derive(Debug)]
struct VocabWord {
    word: String,
    hash: u64,
    /// Range in [`Lexicon::firsts`] of the patterns this word can start.
    patterns: (usize, usize),
}

/// The id of a token that is no word of the vocabulary.
const NO_WORD: u32 = u32::MAX;

/// A cue list as compiled in: `cues/<name>.txt` without its comment lines (`build.rs`).
macro_rules! cue_list {
    ($name:literal) => {
        include_str!(concat!(env!("OUT_DIR"), "/cues/", $name, ".txt"))
    };
}

const LISTS: &[(&str, Class)] = &[
    (cue_list!("hedged"), Class::Hedged),
    (cue_list!("condition"), Class::Condition),
    (cue_list!("question"), Class::Question),
    (cue_list!("attributed"), Class::Attributed),
    (cue_list!("unverified"), Class::Unverified),
    (cue_list!("disputed"), Class::Disputed),
    (cue_list!("unsourced"), Class::Unsourced),
    (cue_list!("certain"), Class::Certain),
    (cue_list!("reporting"), Class::Reporting),
];

/// The built-in lexicon, parsed once.
pub static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut patterns = Vec::new();
    for (list, class) in LISTS {
        for line in list.lines() {
            if let Some(p) = parse_line(line, *class) {
                patterns.push(p);
            }
        }
    }
    Lexicon::new(patterns)
});

/// Alternative words (`a|b|c*`), normalized, exact words apart from prefixes.
#[derive(Debug, Clone, Default)]
struct WordSet {
    exact: Vec<String>,
    /// The exact words' ids in the vocabulary of the lexicon holding the pattern (set by
    /// [`Lexicon::new`]): matching compares integers, not strings.
    ids: Vec<u32>,
    /// Prefixes, without their `*`.
    prefixes: Vec<String>,
}

impl WordSet {
    /// Whether local token `i` is one of the words or starts with one of the prefixes.
    fn matches_at(&self, ids: &TokenIds, i: usize) -> bool {
        ids.get(i).is_some_and(|id| self.ids.contains(&id))
            || !self.prefixes.is_empty()
                && ids
                    .words
                    .get(i)
                    .is_some_and(|w| self.prefixes.iter().any(|p| w.starts_with(p.as_str())))
    }
}

/// The vocabulary ids of a sentence's tokens, each looked up the first time a pattern
/// asks for it (most tokens are never asked about).
struct TokenIds<'a> {
    lexicon: &'a Lexicon,
    words: Words<'a>,
    ids: &'a [std::cell::Cell<u32>],
}

/// Not looked up yet.
const UNKNOWN: u32 = u32::MAX - 1;

/// The id cells of [`TokenIds`], kept from sentence to sentence (one allocation per text
/// rather than one per sentence).
pub type IdCells = Vec<std::cell::Cell<u32>>;

impl<'a> TokenIds<'a> {
    /// Ids of `words`, in the cells of `cells` (reset here).
    fn new(lexicon: &'a Lexicon, words: Words<'a>, cells: &'a mut IdCells) -> TokenIds<'a> {
        cells.clear();
        cells.resize(words.len(), std::cell::Cell::new(UNKNOWN));
        TokenIds {
            lexicon,
            words,
            ids: cells,
        }
    }

    /// The id of local token `i` ([`NO_WORD`] if not in the vocabulary), or `None` past
    /// the end of the sentence.
    fn get(&self, i: usize) -> Option<u32> {
        let cell = self.ids.get(i)?;
        if cell.get() == UNKNOWN {
            cell.set(self.lexicon.id(&self.words[i]));
        }
        Some(cell.get())
    }
}

fn words(s: &str) -> WordSet {
    let mut set = WordSet::default();
    for w in s.split('|').filter(|w| !w.is_empty()).map(normalize) {
        match w.strip_suffix('*') {
            Some(prefix) => set.prefixes.push(prefix.to_string()),
            None => set.exact.push(w),
        }
    }
    set
}

/// Lowercases and maps typographic apostrophes to `'`.
pub fn normalize(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    normalize_into(word, &mut out);
    out
}

/// Appends [`normalize`]`(word)` to `out` without allocating a string of its own.
pub fn normalize_into(word: &str, out: &mut String) {
    if word.is_ascii() {
        let start = out.len();
        out.push_str(word);
        if let Some(added) = out.get_mut(start..) {
            added.make_ascii_lowercase();
        }
        return;
    }
    for c in word.chars() {
        match c {
            '\u{2019}' => out.push('\''),
            // The one capital whose lowercase is two characters.
            '\u{130}' => out.push_str("i\u{307}"),
            _ => out.push(lowercase(c)),
        }
    }
}

/// `char::to_lowercase` for the scripts of news text in Europe and beyond (Latin with its
/// extensions, Greek, Cyrillic) and the letter-like signs that lowercase to them; other
/// characters stay as they are. std's full table costs the wasm 4.4 KB gzipped, and the
/// cue lists are ASCII: only user phrases in other cased scripts (Armenian, Georgian...)
/// lose case-insensitivity.
fn lowercase(c: char) -> char {
    let u = u32::from(c);
    let even_up = |u: u32| if u % 2 == 0 { u + 1 } else { u };
    let odd_up = |u: u32| if u % 2 == 1 { u + 1 } else { u };
    let l = match u {
        0x41..=0x5a | 0xc0..=0xd6 | 0xd8..=0xde | 0x391..=0x3a1 | 0x3a3..=0x3ab => u + 0x20,
        0x100..=0x12f | 0x132..=0x137 | 0x14a..=0x177 => even_up(u),
        0x139..=0x148 | 0x179..=0x17e => odd_up(u),
        0x178 => 0xff,
        0x1cd..=0x1dc => odd_up(u),
        0x1de..=0x1ef | 0x1f8..=0x21f | 0x222..=0x233 | 0x246..=0x24f => even_up(u),
        0x386 => 0x3ac,
        0x388..=0x38a => u + 0x25,
        0x38c => 0x3cc,
        0x38e..=0x38f => u + 0x3f,
        0x3cf => 0x3d7,
        0x3d8..=0x3ef => even_up(u),
        0x400..=0x40f => u + 0x50,
        0x410..=0x42f => u + 0x20,
        0x460..=0x481 | 0x48a..=0x4bf | 0x4d0..=0x52f => even_up(u),
        0x4c0 => 0x4cf,
        0x4c1..=0x4ce => odd_up(u),
        0x1e00..=0x1e95 | 0x1ea0..=0x1eff => even_up(u),
        0x1e9e => 0xdf,
        0x2126 => 0x3c9,
        0x212a => 0x6b,
        0x212b => 0xe5,
        _ => u,
    };
    char::from_u32(l).unwrap_or(c)
}

/// The normalized words of a sentence in one buffer (no string per token): an ASCII-
/// lowercased copy of the sentence, whose ASCII tokens are read in place, followed by the
/// normalized forms of the other tokens.
#[derive(Debug, Default, Clone)]
pub struct WordBuf {
    text: String,
    /// Byte range of each word in `text`.
    spans: Vec<(usize, usize)>,
    /// Document offset of the sentence copied at the start of `text`.
    base: usize,
    /// Length of that copy.
    copied: usize,
    /// Whether that copy is all ASCII (then so is every token in it).
    ascii: bool,
}

impl WordBuf {
    /// Empties the buffer, keeping its memory for the next sentence.
    pub fn clear(&mut self) {
        self.text.clear();
        self.spans.clear();
        self.copied = 0;
        self.ascii = false;
    }

    /// Makes room for a sentence of `bytes` bytes and `words` tokens.
    pub fn reserve(&mut self, bytes: usize, words: usize) {
        // Non-ASCII tokens are appended again after the copy: room for twice the bytes.
        self.text.reserve(2 * bytes);
        self.spans.reserve(words);
    }

    /// Starts a sentence: `sentence` is its text, at document offset `base`.
    pub fn start_sentence(&mut self, sentence: &str, base: usize) {
        self.start_lowered_sentence(sentence, base);
        self.text.make_ascii_lowercase();
    }

    /// [`WordBuf::start_sentence`] given the sentence already ASCII-lowercased (a slice of
    /// the document's lowercased copy): copied as it is.
    pub(crate) fn start_lowered_sentence(&mut self, lowered: &str, base: usize) {
        self.clear();
        self.text.push_str(lowered);
        self.base = base;
        self.copied = lowered.len();
        // ASCII lowercasing leaves every other byte as it was.
        self.ascii = lowered.is_ascii();
    }

    /// Appends the token at `start..end` of `text` (the document), in the current sentence.
    pub fn push_token(&mut self, start: usize, end: usize, text: &str) {
        let (local, local_end) = (start.wrapping_sub(self.base), end.wrapping_sub(self.base));
        // An all-ASCII sentence: the token is read in place, its text never sliced.
        if self.ascii && local <= local_end && local_end <= self.copied {
            self.spans.push((local, local_end));
            return;
        }
        let word = text.get(start..end).unwrap_or("");
        match local.checked_add(word.len()) {
            Some(end) if end <= self.copied && word.is_ascii() => self.spans.push((local, end)),
            _ => self.push(word),
        }
    }

    /// [`WordBuf::push_token`] for each of `tokens` (in text order, all in the current
    /// sentence). In an all-ASCII sentence every token is read in place: one pass that only
    /// writes the word ranges, without a capacity check per token.
    pub(crate) fn push_tokens(&mut self, tokens: &[Token], text: &str) {
        let (base, copied) = (self.base, self.copied);
        // Tokens are sorted and never overlap: the first and last bound them all.
        let inside = tokens.first().is_some_and(|t| t.start() >= base)
            && tokens
                .last()
                .is_some_and(|t| t.end().wrapping_sub(base) <= copied);
        if self.ascii && inside {
            self.spans.extend(
                tokens
                    .iter()
                    .map(|t| (t.start().wrapping_sub(base), t.end().wrapping_sub(base))),
            );
            return;
        }
        for t in tokens {
            self.push_token(t.start(), t.end(), text);
        }
    }

    /// Appends the normalized form of `word`.
    pub fn push(&mut self, word: &str) {
        let start = self.text.len();
        normalize_into(word, &mut self.text);
        self.spans.push((start, self.text.len()));
    }

    /// A read-only view of the words.
    pub fn words(&self) -> Words<'_> {
        Words {
            text: &self.text,
            spans: &self.spans,
        }
    }
}

/// The normalized (lowercase) words of a sentence, by local token index.
#[derive(Debug, Clone, Copy)]
pub struct Words<'a> {
    text: &'a str,
    spans: &'a [(usize, usize)],
}

impl<'a> Words<'a> {
    /// How many words.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Word `i`, if in range.
    pub fn get(&self, i: usize) -> Option<&'a str> {
        let &(start, end) = self.spans.get(i)?;
        self.text.get(start..end)
    }

    /// Words `from..`, in order.
    pub fn iter_from(self, from: usize) -> impl Iterator<Item = &'a str> {
        (from..self.len()).map(move |i| self.get(i).unwrap_or(""))
    }
}

impl std::ops::Index<usize> for Words<'_> {
    type Output = str;
    fn index(&self, i: usize) -> &str {
        self.get(i).unwrap_or("")
    }
}

/// Parses one line of a list; `None` for blank lines and comments.
pub fn parse_line(line: &str, class: Class) -> Option<Pattern> {
    let line = line.trim_end();
    if line.trim().is_empty() || line.trim_start().starts_with('#') {
        return None;
    }
    let (pattern, rules_text) = line.split_once('\t').unwrap_or((line, ""));
    let mut elems = Vec::new();
    let mut cue_start = None;
    let mut cue_end = None;
    for raw in pattern.split_whitespace() {
        let mut e = raw;
        if let Some(rest) = e.strip_prefix('{') {
            cue_start = Some(elems.len());
            e = rest;
        }
        let closes = e.ends_with('}');
        e = e.trim_end_matches('}');
        if let Some(n) = e.strip_prefix("...") {
            elems.push(Elem::Gap(n.parse().unwrap_or(6).min(8)));
        } else if let Some(inner) = e.strip_prefix('[').and_then(|x| x.strip_suffix(']')) {
            elems.push(Elem::Word(words(inner), true));
        } else {
            elems.push(Elem::Word(words(e), false));
        }
        if closes {
            cue_end = Some(elems.len());
        }
    }
    if elems.is_empty() {
        return None;
    }
    let mut rules = Rules::default();
    for rule in rules_text
        .split(',')
        .map(str::trim)
        .filter(|r| !r.is_empty())
    {
        let (name, arg) = rule.split_once(':').unwrap_or((rule, ""));
        let list = || Some(words(arg));
        match name {
            "lower" => rules.lower = true,
            "next" => rules.next = list(),
            "nonext" => rules.nonext = list(),
            "prev" => rules.prev = list(),
            "noprev" => rules.noprev = list(),
            "near" => rules.near = list(),
            "nonear" => rules.nonear = list(),
            "verb" => rules.verb = true,
            "active" => rules.active = true,
            "source_after" => rules.source_after = true,
            "no_source" => rules.no_source = true,
            "subject" => rules.subject = true,
            "unnamed" => rules.unnamed = true,
            "opening" => rules.opening = true,
            _ => {}
        }
    }
    let n = elems.len();
    Some(Pattern {
        elems,
        cue: (cue_start.unwrap_or(0), cue_end.unwrap_or(n)),
        class,
        rules,
    })
}

impl Lexicon {
    /// Indexes `patterns` by their first element's words and gives every word they name
    /// an id.
    pub fn new(mut patterns: Vec<Pattern>) -> Lexicon {
        // The same map type as elsewhere in the crate (Fx hash, `usize` values), so the
        // wasm holds one copy of its code.
        let mut ids: HashMap<String, usize, FxBuild> = HashMap::default();
        let mut vocab: Vec<VocabWord> = Vec::new();
        let mut intern = |w: &String| -> u32 {
            *ids.entry(w.clone()).or_insert_with(|| {
                vocab.push(VocabWord {
                    word: w.clone(),
                    hash: word_hash(w),
                    patterns: (0, 0),
                });
                vocab.len() - 1
            }) as u32
        };
        let mut starts: Vec<(u32, usize)> = Vec::new();
        let mut prefixes = Vec::new();
        for (i, p) in patterns.iter_mut().enumerate() {
            let r = &mut p.rules;
            let lists = [
                &mut r.next,
                &mut r.nonext,
                &mut r.prev,
                &mut r.noprev,
                &mut r.near,
                &mut r.nonear,
            ];
            for set in lists.into_iter().flatten() {
                set.ids = set.exact.iter().map(&mut intern).collect();
            }
            // An optional first element: the pattern may also start at the second one.
            let mut first = true;
            let mine = starts.len();
            for e in &mut p.elems {
                match e {
                    Elem::Word(ws, optional) => {
                        ws.ids = ws.exact.iter().map(&mut intern).collect();
                        if first {
                            for &id in &ws.ids {
                                // Once a pattern: a word may be in two optional elements.
                                if !starts.get(mine..).is_some_and(|s| s.contains(&(id, i))) {
                                    starts.push((id, i));
                                }
                            }
                            prefixes.extend(ws.prefixes.iter().map(|w| (w.clone(), i)));
                            first = *optional;
                        }
                    }
                    Elem::Gap(_) => first = false,
                }
            }
        }
        // Group the patterns by first word (a counting sort: each group stays in pattern
        // order).
        for &(id, _) in &starts {
            if let Some(v) = vocab.get_mut(id as usize) {
                v.patterns.1 += 1;
            }
        }
        let mut at = 0;
        for v in &mut vocab {
            let n = v.patterns.1;
            v.patterns = (at, at);
            at += n;
        }
        let mut firsts = vec![0; at];
        let any = vocab.len();
        let stride = any / 64 + 1;
        let mut follow = vec![0u64; stride * any];
        for (id, i) in starts {
            let row = id as usize * stride;
            if let Some(set) = follow.get_mut(row..row + stride) {
                if !patterns
                    .get(i)
                    .is_some_and(|p| after_start(&p.elems, id, set))
                {
                    set[any / 64] |= 1 << (any % 64);
                }
            }
            if let Some(v) = vocab.get_mut(id as usize) {
                if let Some(slot) = firsts.get_mut(v.patterns.1) {
                    *slot = i;
                }
                v.patterns.1 += 1;
            }
        }
        // At most a quarter full: probes stay short.
        let size = (vocab.len() * 4).next_power_of_two().max(16);
        let mut slots = vec![0u32; size];
        for (k, w) in vocab.iter().enumerate() {
            let mut at = home_slot(w.hash, size);
            while slots[at] != 0 {
                at = (at + 1) & (size - 1);
            }
            slots[at] = k as u32 + 1;
        }
        let mut first_sketch = vec![0u64; SKETCH_BITS / 64];
        for v in vocab.iter().filter(|v| v.patterns.0 < v.patterns.1) {
            let bit = sketch(v.word.as_bytes());
            if let Some(w) = first_sketch.get_mut(bit / 64) {
                *w |= 1 << (bit % 64);
            }
        }
        Lexicon {
            patterns,
            vocab,
            firsts,
            slots,
            prefixes,
            first_sketch,
            follow,
            stride,
        }
    }

    /// Whether local token `i` may follow first word `id` in a pattern (false past the end
    /// of the sentence).
    fn may_follow(&self, id: u32, ids: &TokenIds, i: usize) -> bool {
        let any = self.vocab.len();
        let row = id as usize * self.stride;
        let bit = |b: usize| {
            self.follow
                .get(row + b / 64)
                .is_some_and(|w| w >> (b % 64) & 1 != 0)
        };
        bit(any)
            || ids
                .get(i)
                .is_some_and(|next| (next as usize) < any && bit(next as usize))
    }

    /// The vocabulary id of word `i` of `words` if it starts some pattern. Words of the
    /// vocabulary that start none are told apart by the hash alone, without comparing text.
    fn first_word(&self, words: &Words, i: usize) -> Option<u32> {
        // The bytes, not the `str`: most tokens end at the sketch.
        let &(start, end) = words.spans.get(i)?;
        let word = words.text.as_bytes().get(start..end)?;
        let bit = sketch(word);
        if self.first_sketch.get(bit / 64)? & (1 << (bit % 64)) == 0 {
            return None;
        }
        let mask = self.slots.len().checked_sub(1)?;
        let hash = hash_bytes(0, word);
        let mut at = home_slot(hash, mask + 1);
        while let Some(&slot) = self.slots.get(at) {
            let v = self.vocab.get(slot.checked_sub(1)? as usize)?;
            if v.hash == hash && v.patterns.0 < v.patterns.1 && v.word.as_bytes() == word {
                return Some(slot - 1);
            }
            at = (at + 1) & mask;
        }
        None
    }

    /// The vocabulary id of a normalized word, or [`NO_WORD`].
    fn id(&self, word: &str) -> u32 {
        let Some(mask) = self.slots.len().checked_sub(1) else {
            return NO_WORD;
        };
        let hash = word_hash(word);
        let mut at = home_slot(hash, mask + 1);
        while let Some(&slot) = self.slots.get(at) {
            let Some(v) = slot.checked_sub(1).and_then(|k| self.vocab.get(k as usize)) else {
                break;
            };
            if v.hash == hash && v.word == word {
                return slot - 1;
            }
            at = (at + 1) & mask;
        }
        NO_WORD
    }

    /// The patterns that may start at a token with vocabulary id `id` and normalized text
    /// `word`, in ascending order of index (exact words, then prefixes).
    fn candidates<'a>(&'a self, id: u32, word: &'a str) -> impl Iterator<Item = usize> + 'a {
        let exact = self
            .vocab
            .get(id as usize)
            .and_then(|v| self.firsts.get(v.patterns.0..v.patterns.1))
            .unwrap_or(&[])
            .iter()
            .copied();
        let prefixed = self
            .prefixes
            .iter()
            .filter(move |(p, _)| word.starts_with(p.as_str()))
            .map(|&(_, i)| i);
        exact.chain(prefixed)
    }
}

/// Adds to `set` the words that may come right after a token with vocabulary id `id` that
/// starts a match of `elems`; false when any token may (or none need to). The token is
/// whichever element has it, from the first up to the first required one.
fn after_start(elems: &[Elem], id: u32, set: &mut [u64]) -> bool {
    for (k, e) in elems.iter().enumerate() {
        let Elem::Word(ws, optional) = e else {
            return false;
        };
        if ws.ids.contains(&id) && !next_words(elems.get(k + 1..).unwrap_or(&[]), set) {
            return false;
        }
        if !optional {
            return true;
        }
    }
    true
}

/// Adds to `set` the words the first token matched by `elems` may be; false when it may be
/// any word or the match may be empty.
fn next_words(elems: &[Elem], set: &mut [u64]) -> bool {
    for e in elems {
        let Elem::Word(ws, optional) = e else {
            return false;
        };
        if !ws.prefixes.is_empty() {
            return false;
        }
        for &id in &ws.ids {
            if let Some(w) = set.get_mut(id as usize / 64) {
                *w |= 1 << (id % 64);
            }
        }
        if !optional {
            return true;
        }
    }
    false
}

/// The tokens of one sentence, normalized, with what the matcher needs to know about them.
pub struct SentenceView<'a> {
    /// Normalized (lowercase) token texts.
    pub norm: Words<'a>,
    /// Original token texts, read from the tokens when asked for (most never are).
    pub orig: Orig<'a>,
    /// The index of the entity span each token lies inside, if any.
    pub entity: &'a [Option<u32>],
    /// Index of the first token of the sentence in the document.
    pub offset: usize,
}

impl SentenceView<'_> {
    fn len(&self) -> usize {
        self.norm.len()
    }

    /// Whether local token `i` is a word or number (not punctuation); false past the end.
    pub fn is_word(&self, i: usize) -> bool {
        self.orig.is_word(i)
    }
}

/// The original texts of a sentence's tokens, sliced from the text on demand: building a
/// list of them cost every sentence a slice and a push per token, for the few the rules
/// and the source finder look at.
#[derive(Debug, Clone, Copy)]
pub struct Orig<'a> {
    text: &'a str,
    tokens: &'a [Token],
}

impl<'a> Orig<'a> {
    /// The tokens `tokens` of `text`.
    pub fn new(text: &'a str, tokens: &'a [Token]) -> Orig<'a> {
        Orig { text, tokens }
    }

    /// How many tokens.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// The text of local token `i`, if in range.
    pub fn get(&self, i: usize) -> Option<&'a str> {
        self.tokens.get(i).map(|t| t.text(self.text))
    }

    /// Whether local token `i` is a word or number (not punctuation); false past the end.
    pub fn is_word(&self, i: usize) -> bool {
        self.tokens
            .get(i)
            .is_some_and(|t| t.kind != TokenKind::Punct)
    }
}

impl std::ops::Index<usize> for Orig<'_> {
    type Output = str;
    fn index(&self, i: usize) -> &str {
        self.get(i).unwrap_or("")
    }
}

/// Matches element `ei..` of `elems` at local token `ti`; fills `pos[k]` with the token index
/// where element k starts. Returns the end token (exclusive) of the longest match.
fn match_elems(
    elems: &[Elem],
    ei: usize,
    ti: usize,
    view: &SentenceView,
    ids: &TokenIds,
    pos: &mut [usize; 24],
) -> Option<usize> {
    if ei >= elems.len() || ei >= pos.len() {
        return Some(ti);
    }
    pos[ei] = ti;
    match &elems[ei] {
        Elem::Word(ws, optional) => {
            if ti < view.len() && ws.matches_at(ids, ti) {
                if let Some(end) = match_elems(elems, ei + 1, ti + 1, view, ids, pos) {
                    return Some(end);
                }
            }
            if *optional {
                pos[ei] = ti;
                return match_elems(elems, ei + 1, ti, view, ids, pos);
            }
            None
        }
        Elem::Gap(max) => {
            // Shortest gap first: "attributed the outage to".
            for skip in 0..=*max {
                if skip > 0 {
                    let t = ti + skip - 1;
                    if t >= view.len() || !view.is_word(t) {
                        return None;
                    }
                }
                pos[ei] = ti;
                if let Some(end) = match_elems(elems, ei + 1, ti + skip, view, ids, pos) {
                    return Some(end);
                }
            }
            None
        }
    }
}

const DETERMINERS: &[&str] = &[
    "a", "all", "an", "another", "any", "each", "every", "her", "his", "its", "my", "no", "our",
    "some", "such", "that", "the", "their", "these", "this", "those", "your",
];
const PREPOSITIONS: &[&str] = &[
    "about", "against", "at", "by", "for", "from", "in", "of", "on", "over", "to", "under", "with",
];
const BE: &[&str] = &[
    "am", "are", "be", "been", "being", "is", "was", "were", "get", "got", "gets", "getting",
];

fn in_list(list: &[&str], w: &str) -> bool {
    list.contains(&w)
}

/// Whether the context conditions of `p` hold for a match at local tokens `start..end`
/// whose cue starts at local token `cue_start`.
fn rules_hold(
    p: &Pattern,
    start: usize,
    end: usize,
    cue_start: usize,
    view: &SentenceView,
    ids: &TokenIds,
) -> bool {
    let r = &p.rules;
    let prev = start.checked_sub(1).map(|i| &view.norm[i]);
    // Token `i` is in `list` (false past the end of the sentence).
    let at = |list: &WordSet, i: usize| list.matches_at(ids, i);
    let prev_in = |list: &WordSet| start.checked_sub(1).is_some_and(|i| at(list, i));
    if let Some(list) = &r.next {
        if !at(list, end) {
            return false;
        }
    }
    if let Some(list) = &r.nonext {
        if at(list, end) {
            return false;
        }
    }
    if let Some(list) = &r.prev {
        if !prev_in(list) {
            return false;
        }
    }
    if let Some(list) = &r.noprev {
        if prev_in(list) {
            return false;
        }
    }
    let window = (end..view.len()).take(4);
    if let Some(list) = &r.near {
        if !window.clone().any(|i| at(list, i)) {
            return false;
        }
    }
    if let Some(list) = &r.nonear {
        if window.clone().any(|i| at(list, i)) {
            return false;
        }
    }
    if r.verb {
        match prev {
            None => return false,
            Some(w) if in_list(DETERMINERS, w) || in_list(PREPOSITIONS, w) => return false,
            // "Musk's claims", "the company's claim": a possessive before a noun.
            Some(w) if w.ends_with("'s") || w.ends_with("s'") => return false,
            _ => {}
        }
    }
    if r.active && prev.is_some_and(|w| in_list(BE, w)) {
        return false;
    }
    if r.lower && !lower_ok(cue_start, view) {
        return false;
    }
    if r.opening
        && start > 0
        && view.is_word(start - 1)
        && !matches!(&view.norm[start - 1], "and" | "but" | "or")
    {
        return false;
    }
    if r.unnamed && start > 0 && named(start - 1, view) {
        return false;
    }
    true
}

/// Words that may open a sentence before "officials said" without naming anyone.
const OPENERS: &[&str] = &[
    "and",
    "but",
    "however",
    "meanwhile",
    "now",
    "so",
    "still",
    "yet",
    "also",
    "earlier",
    "later",
    "separately",
    "privately",
    "publicly",
];

/// Whether local token `i` names someone: inside an entity, capitalized (beyond a
/// sentence-opening function word), an acronym, or a possessive.
fn named(i: usize, view: &SentenceView) -> bool {
    if view.entity.get(i).is_some_and(Option::is_some) {
        return true;
    }
    let (Some(orig), Some(norm)) = (view.orig.get(i), view.norm.get(i)) else {
        return false;
    };
    if norm.ends_with("'s") || norm.ends_with("s'") {
        return true;
    }
    let capitalized = orig.chars().next().is_some_and(char::is_uppercase);
    capitalized && !(i == 0 && in_list(OPENERS, norm))
}

/// "may" is a hedge, "May" mid-sentence is a month or a name, and "May 5" at the start of
/// a sentence is a date. Also rejects cue words inside entity spans.
fn lower_ok(i: usize, view: &SentenceView) -> bool {
    if view.entity.get(i).is_some_and(Option::is_some) {
        return false;
    }
    let Some(orig) = view.orig.get(i) else {
        return false;
    };
    let capitalized = orig.chars().next().is_some_and(char::is_uppercase);
    if !capitalized {
        return true;
    }
    // Capitalized: only a sentence (or quotation) start followed by a lowercase word that
    // can follow a modal ("May was the wettest month" is the month).
    let at_start = i == 0 || view.orig.get(i - 1).is_some_and(is_opening);
    let next_lower = view
        .orig
        .get(i + 1)
        .and_then(|n| n.chars().next())
        .is_some_and(char::is_lowercase);
    let next_is_finite = view
        .norm
        .get(i + 1)
        .is_some_and(|n| in_list(NOT_AFTER_MODAL, n));
    at_start && next_lower && !next_is_finite
}

/// Words that never follow a modal verb: after a capitalized "May" they make it the month
/// or a name.
const NOT_AFTER_MODAL: &[&str] = &[
    "and", "brought", "brings", "did", "had", "has", "is", "marks", "of", "or", "saw", "sees",
    "through", "was", "were", "will",
];

fn is_opening(p: &str) -> bool {
    matches!(
        p,
        "\"" | "'" | "`" | "(" | "\u{201c}" | "\u{2018}" | ":" | "-" | "\u{2014}"
    )
}

/// Finds every match in `view`, leftmost-longest, non-overlapping, into `out` (emptied
/// first: one buffer for every sentence). Matches are in text order with document token
/// indices. `cells` is scratch memory, reused by each call.
pub fn find(lexicon: &Lexicon, view: &SentenceView, cells: &mut IdCells, out: &mut Vec<Match>) {
    out.clear();
    let mut ti = 0;
    let mut pos = [0usize; 24];
    let ids = TokenIds::new(lexicon, view.norm, cells);
    while ti < view.len() {
        // A sketch of two bytes rejects most tokens, one hash most others.
        let first = lexicon.first_word(&view.norm, ti);
        if first.is_none() && lexicon.prefixes.is_empty() {
            ti += 1;
            continue;
        }
        let word = &view.norm[ti];
        if let (Some(id), Some(cell)) = (first, ids.ids.get(ti)) {
            cell.set(id);
            if lexicon.prefixes.is_empty() && !lexicon.may_follow(id, &ids, ti + 1) {
                ti += 1;
                continue;
            }
        }
        let mut best: Option<(usize, usize, (usize, usize))> = None; // (end, pattern, cue)
        for pi in lexicon.candidates(first.unwrap_or(NO_WORD), word) {
            let Some(p) = lexicon.patterns.get(pi) else {
                continue;
            };
            // A required first word is the token itself (that is how the pattern was
            // found): matching goes on from the second element.
            let from = usize::from(matches!(p.elems.first(), Some(Elem::Word(_, false))));
            pos[0] = ti;
            let Some(end) = match_elems(&p.elems, from, ti + from, view, &ids, &mut pos) else {
                continue;
            };
            if end <= ti {
                continue;
            }
            let n = p.elems.len().min(pos.len());
            let at = |k: usize| if k >= n { end } else { pos[k] };
            let mut cue = (at(p.cue.0), at(p.cue.1));
            if cue.0 >= cue.1 {
                cue = (ti, end);
            }
            // Trim a trailing gap or optional words out of the cue.
            if !rules_hold(p, ti, end, cue.0, view, &ids) {
                continue;
            }
            let better = match best {
                None => true,
                Some((b_end, b_pi, _)) => {
                    end > b_end
                        || end == b_end && precedence(p.class) < precedence_of(lexicon, b_pi)
                }
            };
            if better {
                best = Some((end, pi, cue));
            }
        }
        match best {
            Some((end, pi, cue)) => {
                out.push(Match {
                    pattern: pi,
                    tokens: (view.offset + ti, view.offset + end),
                    cue: (view.offset + cue.0, view.offset + cue.1),
                });
                ti = end;
            }
            None => ti += 1,
        }
    }
}

fn precedence_of(lexicon: &Lexicon, pi: usize) -> u8 {
    lexicon
        .patterns
        .get(pi)
        .map_or(u8::MAX, |p| precedence(p.class))
}

/// Which class wins when two patterns match the same words (lower wins).
fn precedence(class: Class) -> u8 {
    match class {
        Class::User => 0,
        Class::Certain => 1,
        Class::Unverified => 2,
        Class::Disputed => 3,
        Class::Unsourced => 4,
        Class::Attributed => 5,
        Class::Hedged => 6,
        Class::Question => 7,
        Class::Condition => 8,
        Class::Reporting => 9,
    }
}

/// Test helper: the view of a sentence split at whitespace, with no entities in it.
#[cfg(test)]
pub(crate) fn with_test_view<R>(sentence: &str, f: impl FnOnce(&SentenceView) -> R) -> R {
    let mut tokens = Vec::new();
    let mut norm = WordBuf::default();
    let mut start = None;
    for (i, c) in sentence.char_indices().chain([(sentence.len(), ' ')]) {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                let w = &sentence[s..i];
                norm.push(w);
                let word = w.chars().next().is_some_and(char::is_alphanumeric);
                let kind = if word {
                    TokenKind::Word
                } else {
                    TokenKind::Punct
                };
                tokens.push(Token::new(s, i, kind));
                start = None;
            }
            _ => {}
        }
    }
    let entity = vec![None; tokens.len()];
    f(&SentenceView {
        norm: norm.words(),
        orig: Orig::new(sentence, &tokens),
        entity: &entity,
        offset: 0,
    })
}

/// Test helper: the original texts of local tokens `a..b`, joined by spaces.
#[cfg(test)]
pub(crate) fn joined(view: &SentenceView, a: usize, b: usize) -> String {
    (a..b).map(|i| &view.orig[i]).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes(lexicon: &Lexicon, sentence: &str) -> Vec<(Class, String)> {
        with_test_view(sentence, |view| {
            let mut out = Vec::new();
            find(lexicon, view, &mut IdCells::new(), &mut out);
            out.into_iter()
                .map(|m| {
                    (
                        lexicon.patterns[m.pattern].class,
                        joined(view, m.cue.0, m.cue.1),
                    )
                })
                .collect()
        })
    }

    #[test]
    fn every_list_line_parses() {
        for (list, class) in LISTS {
            for line in list.lines() {
                let t = line.trim();
                if t.is_empty() || t.starts_with('#') {
                    continue;
                }
                let p = parse_line(line, *class).expect(line);
                assert!(p.cue.0 < p.cue.1, "empty cue in {line:?}");
                assert!(
                    matches!(p.elems.first(), Some(Elem::Word(..))),
                    "a pattern must start with a word: {line:?}"
                );
            }
        }
    }

    #[test]
    fn lowercase_agrees_with_std_where_it_maps() {
        let covered = [
            0x0..0x180,
            0x1cd..0x1f0,
            0x1f8..0x220,
            0x222..0x234,
            0x246..0x250,
            0x386..0x3f0,
            0x400..0x530,
            0x1e00..0x1f00,
            0x2126..0x2127,
            0x212a..0x212c,
        ];
        for c in covered.into_iter().flatten().filter_map(char::from_u32) {
            let mut expected: String = c.to_lowercase().collect();
            if c == '\u{2019}' {
                expected = "'".into();
            }
            assert_eq!(
                normalize(&c.to_string()),
                expected,
                "U+{:04X}",
                u32::from(c)
            );
        }
        assert_eq!(normalize("ÉTAIT ΩΣ Ѐ’S"), "était ωσ ѐ's");
    }

    #[test]
    fn the_next_word_filter_drops_no_match() {
        // Sentences of the lists' own words (where first words meet their followers far
        // more often than in text), matched with and without the filter.
        let mut patterns: Vec<Pattern> = LISTS
            .iter()
            .flat_map(|(list, class)| list.lines().filter_map(|l| parse_line(l, *class)))
            .collect();
        for extra in [
            "[a|one] [very] critics say",
            "[now] ... sources",
            "seen ...0 as",
        ] {
            patterns.extend(parse_line(extra, Class::Hedged));
        }
        let filtered = Lexicon::new(patterns.clone());
        let mut open = Lexicon::new(patterns);
        open.follow.fill(u64::MAX);
        let mut words: Vec<&str> = filtered.vocab.iter().map(|v| v.word.as_str()).collect();
        words.extend([",", "May", "Critics", "the", "people"]);
        let mut seed = 12345u64;
        let (mut cells, mut found) = (IdCells::new(), 0);
        for _ in 0..3000 {
            let mut sentence = Vec::new();
            let mut prev = None;
            for _ in 0..12 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let r = (seed >> 33) as usize;
                // Half the time a word that may follow the previous one.
                let followers: Vec<usize> = prev
                    .filter(|_| r % 2 == 0)
                    .map(|p: usize| {
                        let row = &filtered.follow[p * filtered.stride..][..filtered.stride];
                        (0..filtered.vocab.len())
                            .filter(|&b| row[b / 64] >> (b % 64) & 1 != 0)
                            .collect()
                    })
                    .unwrap_or_default();
                let k = match followers.len() {
                    0 => r / 2 % words.len(),
                    n => followers[r / 2 % n],
                };
                prev = (k < filtered.vocab.len()).then_some(k);
                sentence.push(words[k]);
            }
            let text = sentence.join(" ");
            with_test_view(&text, |view| {
                let mut expected = Vec::new();
                find(&open, view, &mut cells, &mut expected);
                found += expected
                    .iter()
                    .filter(|m| m.tokens.1 - m.tokens.0 > 1)
                    .count();
                let mut got = Vec::new();
                find(&filtered, view, &mut cells, &mut got);
                assert_eq!(got, expected, "{text}");
            });
        }
        assert!(
            found > 1000,
            "{found} matches: the sentences test too little"
        );
        // And the filter does reject: "in" starts only "in all likelihood".
        with_test_view("in the end", |view| {
            let id = filtered.first_word(&view.norm, 0).unwrap();
            let ids = TokenIds::new(&filtered, view.norm, &mut cells);
            assert!(!filtered.may_follow(id, &ids, 1));
        });
    }

    #[test]
    fn syntax_optional_gap_and_braces() {
        let lex = Lexicon::new(
            [
                "could not be [independently] verified",
                "it is {believed}",
                "{attributed} ... to",
                "believ*\tnonext:in",
            ]
            .iter()
            .filter_map(|l| parse_line(l, Class::Hedged))
            .collect(),
        );
        let c = |s| classes(&lex, s);
        assert_eq!(
            c("this could not be independently verified")[0].1,
            "could not be independently verified"
        );
        assert_eq!(c("it could not be verified")[0].1, "could not be verified");
        assert_eq!(c("it is believed that")[0].1, "believed");
        assert_eq!(
            c("Musk attributed the outage to a cyberattack")[0].1,
            "attributed"
        );
        assert!(c("Musk attributed the outage , to").is_empty());
        assert_eq!(c("they believe so").len(), 1);
        assert!(c("they believe in it").is_empty());
    }

    #[test]
    fn may_as_month_and_name_is_not_a_hedge() {
        let lex = &*LEXICON;
        let hedges = |s| {
            classes(lex, s)
                .into_iter()
                .filter(|(c, _)| *c == Class::Hedged)
                .count()
        };
        assert_eq!(hedges("It may rain ."), 1);
        assert_eq!(hedges("May 5 was sunny ."), 0);
        assert_eq!(hedges("Theresa May spoke ."), 0);
        assert_eq!(hedges("May I ask ?"), 0);
        assert_eq!(hedges("Prices may rise ."), 1);
    }

    #[test]
    fn unnamed_officials_only() {
        let lex = &*LEXICON;
        let unsourced = |s| {
            classes(lex, s)
                .into_iter()
                .filter(|(c, _)| *c == Class::Unsourced)
                .count()
        };
        assert_eq!(unsourced("Officials said it was late ."), 1);
        assert_eq!(unsourced("But officials said it was late ."), 1);
        assert_eq!(unsourced("Pentagon officials said it was late ."), 0);
        assert_eq!(unsourced("the U.S. officials said it was late ."), 0);
        assert_eq!(unsourced("Google's engineers said it was late ."), 0);
    }

    #[test]
    fn longest_match_wins_and_certainty_cancels() {
        let lex = &*LEXICON;
        assert_eq!(
            classes(lex, "this could not be independently verified ."),
            [(
                Class::Unverified,
                "could not be independently verified".to_string()
            )]
        );
        assert!(classes(lex, "there is no doubt that he won .")
            .iter()
            .all(|(c, _)| *c == Class::Certain));
    }
}
