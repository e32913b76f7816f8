//! The learned tagger: an averaged perceptron over the features of [`super::features`],
//! decoded greedily left to right with BIO labels. The weights (`model.bin`) were learned
//! from the CoNLL-2003 train split by the ignored test `train::train_model`; the file holds
//! only feature hashes and 8-bit weights, no text.
//!
//! Format: `b"ENT4"`, the row count (u32 LE), the code base `b` (f32 LE), the hash bits `k`
//! (u8, 1-20; the row count below 2,048: see [`Model`]) and a Rice parameter `r` (u8); then per
//! row, in the order of their hashes,
//! one i8 code per label; then the rows' sorted feature hashes as gaps (the first from 0),
//! Rice-coded with parameter `r` (`lexicons/encode.rs`). Feature hashes are looked up by
//! their low `k` bits: the trainer folds the rows' hashes so (20 bits: an absent feature
//! takes a kept one's weights with odds rows / 2^20, 1 in 750; at 22 bits, for the 2,000-row model that changed 5
//! of the 5 MB corpus' articles and no dev score by 0.1, and its hashes took 3 KB instead
//! of 6.4). A code `q`
//! stands for the weight `sign(q) * (b^|q| - 1)`: logarithmic, so 8 bits keep both the
//! many small weights and the few large ones.

use super::features::{self, keyed_hashes, Lazy, Sink, Tok, KEYS, MAX_FEATURES};
use super::lexicon::Bits;
use std::sync::LazyLock;

/// Number of labels: O, then B/I for PER, ORG, LOC, MISC.
pub(crate) const LABELS: usize = 9;

/// Entity class of a BIO label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    Per,
    Org,
    Loc,
    Misc,
}

impl Class {
    pub(crate) fn from_label(label: u8) -> Option<Class> {
        match label {
            1 | 2 => Some(Class::Per),
            3 | 4 => Some(Class::Org),
            5 | 6 => Some(Class::Loc),
            7 | 8 => Some(Class::Misc),
            _ => None,
        }
    }
    /// The B- label of this class.
    #[cfg(test)]
    pub(crate) fn begin(self) -> u8 {
        match self {
            Class::Per => 1,
            Class::Org => 3,
            Class::Loc => 5,
            Class::Misc => 7,
        }
    }
}

/// Whether `label` is an I- label.
pub(crate) fn is_inside(label: u8) -> bool {
    label != 0 && label % 2 == 0
}

/// Whether `label` may follow `prev` (I-X only after B-X or I-X); the tagger asks it as
/// integer tests ([`best_label`]).
#[cfg(test)]
pub(crate) fn allowed(prev: u8, label: u8) -> bool {
    !is_inside(label) || (prev != 0 && Class::from_label(prev) == Class::from_label(label))
}

/// Sparse weights in an open-addressing table keyed by feature hash: one multiply and
/// usually one probe a feature (most features are absent, so the table is kept at most a
/// quarter full to end misses fast). The tables have fixed sizes, so the scorer's indices
/// are kept in range by masks: no bounds tests, no sizes or shifts loaded per feature.
pub(crate) struct Model {
    /// Per slot, the folded feature hash (high bits) and row index (the low [`ROW_BITS`];
    /// 0: empty): one memory access a probe, where separate key and row arrays cost two
    /// cache misses, in 4 bytes (32 KB, where 8-byte slots took 64 KB of the first-level
    /// cache the weights need too).
    slots: Box<[u32; SLOTS]>,
    /// Decoded weights per row; row 0 is zeros (no row), the file's rows follow.
    weights: Box<[[f32; LABELS]; MAX_ROWS]>,
    /// The file's rows.
    rows: usize,
    /// Feature hashes are looked up by these low bits (see the format).
    mask: u32,
    /// Per key of a small-domain feature ([`features::KEYS`]), its row index (0: no
    /// row): the tagger's buffer takes it as it is.
    keyed: [u32; KEY_SLOTS],
}

/// log2 of the slot count.
const SLOT_BITS: u32 = 13;
const SLOTS: usize = 1 << SLOT_BITS;
/// Row indices are below this: the zero row and the file's rows, which keep the slots at
/// most a quarter full (the shipped model has 1,400; a larger one would need more slots).
const MAX_ROWS: usize = SLOTS / 4;
/// The bits of a slot below the hash, holding the row index; the format's hash bits must
/// fit above them.
const ROW_BITS: u32 = 12;
const _: () = assert!(MAX_ROWS <= 1 << ROW_BITS);

/// The keyed rows' table size: a power of two, so a key is kept in range by a mask.
const KEY_SLOTS: usize = KEYS.next_power_of_two();

/// Marks a buffered feature as a hash, not a row index (from [`Model::keyed`]): the hash
/// bits are at most 20 (see the format), so folding drops this bit, and row indices are
/// below it.
const HASHED: u32 = 1 << 31;

impl Model {
    #[inline(always)]
    fn slot(hash: u32) -> usize {
        (hash.wrapping_mul(0x9e37_79b1) >> (32 - SLOT_BITS)) as usize
    }

    /// The row index of feature `hash` (after folding), 0 if the model has no row.
    // Always inlined: called for every hashed feature of every scored token, and the wasm
    // build (size-optimized) would otherwise keep it a call.
    #[inline(always)]
    fn index(&self, hash: u32) -> u32 {
        let mut s = Model::slot(hash);
        loop {
            // The table is at most a quarter full: an empty slot ends every search.
            let slot = self.slots[s & (SLOTS - 1)];
            if slot == 0 {
                return 0;
            }
            if slot >> ROW_BITS == hash {
                return slot & ((1 << ROW_BITS) - 1);
            }
            s += 1;
        }
    }

    /// The weights of row `index` (0: zeros).
    #[inline(always)]
    fn weights_at(&self, index: u32) -> &[f32; LABELS] {
        &self.weights[index as usize & (MAX_ROWS - 1)]
    }

    /// The weights of feature `hash` (after folding), if the model has them.
    #[cfg(test)]
    fn row(&self, hash: u32) -> Option<&[f32; LABELS]> {
        let index = self.index(hash);
        (index != 0).then(|| self.weights_at(index))
    }

    /// Looks up the row of every small-domain feature ([`Model::keyed`]).
    #[inline(never)]
    fn fill_keyed(&mut self) {
        let mut k = 0;
        keyed_hashes(|h| {
            let index = self.index(h & self.mask);
            if let Some(slot) = self.keyed.get_mut(k) {
                *slot = index;
            }
            k += 1;
        });
    }

    /// Adds a row (`try_parse` checked that they fit).
    fn insert(&mut self, hash: u32, row: [f32; LABELS]) {
        let mut s = Model::slot(hash);
        while self.slots[s & (SLOTS - 1)] != 0 {
            if self.slots[s & (SLOTS - 1)] >> ROW_BITS == hash {
                // A duplicate hash in a malformed file: the first row wins.
                return;
            }
            s += 1;
        }
        self.rows += 1;
        self.weights[self.rows & (MAX_ROWS - 1)] = row;
        self.slots[s & (SLOTS - 1)] = hash << ROW_BITS | self.rows as u32;
    }
}

impl Model {
    /// Parses the format in the module docs; a malformed file gives an empty model.
    pub(crate) fn parse(bytes: &[u8]) -> Model {
        let mut model = Model {
            slots: zeroed(),
            weights: zeroed(),
            rows: 0,
            mask: 0,
            keyed: [0; KEY_SLOTS],
        };
        if model.try_parse(bytes).is_none() {
            // No row is found again (the weights past row 0 are never read).
            model.slots.fill(0);
            model.rows = 0;
            model.keyed = [0; KEY_SLOTS];
        }
        model
    }

    fn try_parse(&mut self, bytes: &[u8]) -> Option<()> {
        let rest = bytes.strip_prefix(b"ENT4")?;
        let head = rest.get(..10)?;
        let count = u32::from_le_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let base = f32::from_le_bytes([head[4], head[5], head[6], head[7]]);
        let (hash_bits, r) = (u32::from(head[8]), u32::from(head[9]));
        // A slot holds the hash and the row index (0 = empty): the hash must fit above it.
        if !(1.0..2.0).contains(&base)
            || count >= MAX_ROWS
            || !(1..=32 - ROW_BITS).contains(&hash_bits)
            || r >= 32
        {
            return None;
        }
        let codes = rest.get(10..10 + count * LABELS)?;
        let mut gaps = Bits::new(rest.get(10 + count * LABELS..)?);
        let mut lut = [0f32; 256];
        for code in 0..=255u8 {
            let q = code as i8;
            let magnitude = base.powi(i32::from(q.unsigned_abs())) - 1.0;
            lut[code as usize] = if q < 0 { -magnitude } else { magnitude };
        }
        self.mask = u32::MAX >> (32 - hash_bits);
        let mut hash = 0u64;
        for w in codes.chunks_exact(LABELS) {
            hash += gaps.rice(r)?;
            let h = u32::try_from(hash).ok().filter(|&h| h & !self.mask == 0)?;
            let mut row = [0f32; LABELS];
            for (r, &b) in row.iter_mut().zip(w) {
                *r = lut[usize::from(b)];
            }
            self.insert(h, row);
        }
        self.fill_keyed();
        Some(())
    }

    /// Number of weight rows (for size reports and tests).
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.rows
    }
}

/// A zeroed table on the heap (not built on the stack first).
fn zeroed<T: Copy + Default, const N: usize>() -> Box<[T; N]> {
    let all: Box<[T]> = vec![T::default(); N].into_boxed_slice();
    // The length is N: the conversion cannot fail.
    all.try_into().unwrap_or_else(|_| unreachable!())
}

static MODEL: LazyLock<Model> = LazyLock::new(|| Model::parse(include_bytes!("model.bin")));

/// The shipped model.
pub(crate) fn model() -> &'static Model {
    &MODEL
}

/// Collects the features of one token, then sums their weights in the order they came
/// (the same order, and so the same float sums, as adding each as it is made). Storing a
/// hash is cheaper than a call per feature in the wasm, and one inlined copy of the table
/// probe serves every feature site. A small-domain feature (shape, flag bit, label, ...;
/// about 19 of a token's 33) comes as its row index, looked up by key in
/// [`Model::keyed`]: neither hashed nor probed (-1.2 % instructions a pass in Node).
///
/// Only the labels that may follow the previous one are summed: O and the four B- labels,
/// and the one I- label `inside` of the previous label's class (six of the nine; each
/// label's sum is its own, so the others are the same floats as when all nine were added).
struct Scorer<'m> {
    model: &'m Model,
    /// The sums of the labels allowed here; the others stay 0.
    scores: [f32; LABELS],
    /// The allowed I- label (0 after O: none).
    inside: usize,
    len: usize,
    feats: [u32; FEATURE_BUFFER],
}

/// Room for every feature of one token: [`MAX_FEATURES`] at most (a power of two, so an
/// index is kept in range by a mask), and slack for the entries put at once after it.
const FEATURE_BUFFER: usize = MAX_FEATURES + 16;
const _: () = assert!(MAX_FEATURES.is_power_of_two());

impl<'m> Scorer<'m> {
    /// A scorer of `model`'s weights whose allowed I- label is `inside` (0: none).
    fn new(model: &'m Model, inside: usize) -> Self {
        Scorer {
            model,
            scores: [0f32; LABELS],
            inside,
            len: 0,
            feats: [0; FEATURE_BUFFER],
        }
    }

    /// Sets the scores of the allowed labels to the sums of the buffered features' weights
    /// (from 0: no reset of the scores a token), and empties the buffer.
    #[inline(never)]
    fn flush(&mut self) {
        // An index below LABELS, as the compiler can see: no bounds test per row.
        let inside = if self.inside < LABELS { self.inside } else { 0 };
        // The sums in locals (registers), not in memory, across the features; after O the
        // sixth sums label 0 again, unused.
        let (mut s0, mut s1, mut s3, mut s5, mut s7, mut si) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
        'features: for &f in self
            .feats
            .get(..self.len.min(FEATURE_BUFFER))
            .unwrap_or(&[])
        {
            let index = if f & HASHED != 0 {
                // `Model::index`, but a miss goes straight to the next feature (in the wasm,
                // not through a test of the index it returns).
                let hash = f & self.model.mask;
                let mut s = Model::slot(hash);
                loop {
                    let slot = self.model.slots[s & (SLOTS - 1)];
                    if slot == 0 {
                        continue 'features;
                    }
                    if slot >> ROW_BITS == hash {
                        break slot & ((1 << ROW_BITS) - 1);
                    }
                    s += 1;
                }
            } else {
                f
            };
            // A keyed feature without a row adds row 0's zeros: the same sums (never -0).
            let w = self.model.weights_at(index);
            s0 += w[0];
            s1 += w[1];
            s3 += w[3];
            s5 += w[5];
            s7 += w[7];
            si += w[inside];
        }
        self.scores = [s0, s1, 0.0, s3, 0.0, s5, 0.0, s7, 0.0];
        if inside != 0 {
            self.scores[inside] = si;
        }
        self.len = 0;
    }
}

impl Sink for Scorer<'_> {
    #[inline(always)]
    fn hashed(&self, feature: u32) -> u32 {
        // Marked: the buffer holds keyed rows' indices too.
        feature | HASHED
    }

    #[inline(always)]
    fn keyed(&self, key: usize) -> u32 {
        self.model.keyed[key & (KEY_SLOTS - 1)]
    }

    #[inline(always)]
    fn put<const N: usize>(&mut self, entries: [u32; N]) {
        // A token has at most MAX_FEATURES features (which a test checks): the mask never
        // wraps. The entries' places follow from one masked index, in range by the buffer's
        // slack: no test or mask an entry.
        const { assert!(N <= FEATURE_BUFFER - MAX_FEATURES) };
        let at = self.len & (MAX_FEATURES - 1);
        if let Some(to) = self.feats.get_mut(at..at + N) {
            to.copy_from_slice(&entries);
        }
        self.len = at + N;
    }
}

/// The one I- label allowed after `prev` (its class's: the even label at or after it), or 0
/// (no I- label) after O.
#[inline]
fn inside_after(prev: u8) -> u8 {
    (prev + 1) & !1
}

/// The best allowed label given the scores: O, every B- label (odd) and the I- label of
/// `prev`'s class ([`allowed`], as integer tests).
pub(crate) fn best_label(scores: &[f32; LABELS], prev: u8) -> u8 {
    // The first of the highest wins: O, then the B- labels in order (computed indices: the
    // wasm build kept a loop over an array of them, with its bounds tests).
    let (mut best, mut top) = (0u8, scores[0]);
    for l in 0..4u8 {
        let l = 2 * l + 1;
        if let Some(&s) = scores.get(usize::from(l)) {
            if s > top {
                (best, top) = (l, s);
            }
        }
    }
    // The I- label (none after O) against them, before its class's B- label on a tie.
    let inside = inside_after(prev);
    if let Some(&s) = scores.get(usize::from(inside)).filter(|_| inside != 0) {
        if s > top || s == top && inside < best {
            best = inside;
        }
    }
    best
}

/// Tags every token with a BIO label, greedily left to right.
pub(crate) fn tag(toks: &[Tok]) -> Vec<u8> {
    tag_with(toks, true)
}

/// [`tag`], optionally scoring every token. A function of its own in the wasm (see
/// `entities::detect_in`).
#[inline(never)]
pub(crate) fn tag_with(toks: &[Tok], skip: bool) -> Vec<u8> {
    let model = model();
    let mut fx = Lazy::new(toks);
    // O for every token; the scored ones get theirs (no push a token).
    let mut labels = vec![0u8; toks.len()];
    let (mut prev, mut prev2) = (0u8, 0u8);
    let mut scorer = Scorer::new(model, 0);
    for i in 0..toks.len() {
        if skip && prev == 0 && features::plain(toks, i) {
            prev2 = prev;
            continue;
        }
        scorer.inside = usize::from(inside_after(prev));
        // One flush for all the token's features (at most `MAX_FEATURES`, the buffer's
        // size). `flush` stays a function of its own in the wasm (`#[inline(never)]`, and
        // the Makefile's wasm-opt keeps a function of over 100 instructions called from one
        // place), which Node compiles better than inside the large detector function.
        let Some(t) = toks.get(i) else { break };
        let around = fx.around(i);
        features::static_features(t, &around, &mut scorer);
        features::label_features(&around, prev, prev2, &mut scorer);
        scorer.flush();
        let label = best_label(&scorer.scores, prev);
        if let Some(l) = labels.get_mut(i) {
            *l = label;
        }
        prev2 = prev;
        prev = label;
    }
    labels
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scorer of `model` for a token after label `prev`.
    fn scorer_after(model: &Model, prev: u8) -> Scorer<'_> {
        Scorer::new(model, usize::from(inside_after(prev)))
    }

    #[test]
    fn bio_constraints() {
        assert!(allowed(0, 1));
        assert!(!allowed(0, 2));
        assert!(allowed(1, 2));
        assert!(allowed(2, 2));
        assert!(!allowed(3, 2));
        assert_eq!(
            best_label(&[0.0, 0.0, 9.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0], 0),
            0
        );
        assert_eq!(
            best_label(&[0.0, 0.0, 9.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0], 1),
            2
        );
    }

    #[test]
    fn best_label_keeps_to_the_allowed_labels() {
        // Each label in turn scores highest, then ties everywhere (the first allowed wins).
        for prev in 0..LABELS as u8 {
            for top in 0..=LABELS {
                let mut scores = [1.0f32; LABELS];
                if let Some(s) = scores.get_mut(top) {
                    *s = 2.0;
                }
                let expected = (0..LABELS as u8)
                    .filter(|&l| allowed(prev, l))
                    .fold(0, |b, l| {
                        if scores[usize::from(l)] > scores[usize::from(b)] {
                            l
                        } else {
                            b
                        }
                    });
                assert_eq!(
                    best_label(&scores, prev),
                    expected,
                    "prev {prev}, top {top}"
                );
            }
        }
    }

    #[test]
    fn malformed_model_is_empty_not_a_panic() {
        assert_eq!(Model::parse(b"").len(), 0);
        // A count past the data, then hash bits 0 and 40.
        assert_eq!(
            Model::parse(b"ENT4\xff\x00\x00\x00\x00\x00\x80\x3f\x16\x08\x00").len(),
            0
        );
        assert_eq!(
            Model::parse(b"ENT4\x00\x00\x00\x00\x00\x00\x80\x3f\x00\x08").len(),
            0
        );
        assert_eq!(
            Model::parse(b"ENT4\x00\x00\x00\x00\x00\x00\x80\x3f\x28\x08").len(),
            0
        );
        // 21 hash bits leave too few for the row index in a slot; 2,048 rows overfill the
        // slots.
        assert_eq!(
            Model::parse(b"ENT4\x00\x00\x00\x00\x00\x00\x80\x3f\x15\x08").len(),
            0
        );
        assert_eq!(
            Model::parse(b"ENT4\x00\x08\x00\x00\x00\x00\x80\x3f\x14\x08").len(),
            0
        );
        // One row (base 1.5, code 1 for label 0), hash gap 5 with r = 2: bits 1, 0, then 01.
        let mut one = b"ENT4\x01\x00\x00\x00\x00\x00\xc0\x3f\x14\x02".to_vec();
        one.extend([1, 0, 0, 0, 0, 0, 0, 0, 0, 0b0101]);
        let m = Model::parse(&one);
        assert_eq!(m.len(), 1);
        // Scored the tagger's way.
        let mut scorer = scorer_after(&m, 0);
        scorer.push(5 | 1 << 20);
        scorer.flush();
        let scores = scorer.scores;
        assert!(scores[0] > 0.0, "the hash is matched by its low 20 bits");
        // The hash stream cut short.
        one.pop();
        assert_eq!(Model::parse(&one).len(), 0);
    }

    #[test]
    fn scores_are_the_sums_in_order_from_flush_to_flush() {
        let m = model();
        // Features the model has (and some it lacks), a full buffer a flush: each flush's
        // sums are its own features' in order (none carried over).
        let present: Vec<u32> = m
            .slots
            .iter()
            .filter(|&&s| s != 0)
            .map(|&s| s >> ROW_BITS)
            .take(40)
            .collect();
        let feats: Vec<u32> = (0..3 * MAX_FEATURES + 5)
            .map(|k| match k % 3 {
                0 => k as u32 * 7919,
                _ => present[k % present.len()],
            })
            .collect();
        for prev in 0..LABELS as u8 {
            let mut scorer = scorer_after(m, prev);
            for chunk in feats.chunks(MAX_FEATURES) {
                let mut expected = [0f32; LABELS];
                for &f in chunk {
                    scorer.push(f);
                    if let Some(row) = m.row(f & m.mask) {
                        for (e, w) in expected.iter_mut().zip(row) {
                            *e += w;
                        }
                    }
                }
                scorer.flush();
                // The labels that may not follow `prev` are not summed.
                for (l, e) in expected.iter_mut().enumerate() {
                    if !allowed(prev, l as u8) {
                        *e = 0.0;
                    }
                }
                assert_eq!(scorer.scores, expected, "after {prev}");
                assert!(expected.iter().any(|&e| e != 0.0));
            }
        }
    }

    #[test]
    fn keyed_rows_give_the_sums_of_the_hashes() {
        let m = model();
        let mut count = 0;
        keyed_hashes(|_| count += 1);
        assert_eq!(count, KEYS, "one hash a key");
        // Every flag on some tokens, every shape, all labels before: the scorer (keyed rows
        // and probed hashes) against each feature's hash probed, in order.
        let text = "In 1860 Munich beat 3 teams, 'the' Bank of van der Berg & Co. in 1998 and \
                    NATO's president, 42 U.S. iPhone X-ray Mercer-Smith A4 NYC DC10 e.g. x";
        let doc = crate::text::Document::new(text);
        let lower = text.to_ascii_lowercase();
        let mut toks = features::prepare(&doc, &lower);
        for (i, t) in toks.iter_mut().enumerate() {
            if i % 3 == 0 {
                t.flags = u32::MAX;
                (t.initial, t.caps_line, t.table_line, t.possessive) = (true, true, true, true);
            }
        }
        let fx = features::Features::new(&toks);
        let mut lazy = Lazy::new(&toks);
        for (i, t) in toks.iter().enumerate() {
            let around = lazy.around(i);
            for (prev, prev2) in [(0u8, 0u8), (1, 0), (2, 1), (8, 7), (5, 6)] {
                let mut hashes: Vec<u32> = Vec::new();
                fx.static_features(i, &mut hashes);
                fx.label_features(i, prev, prev2, &mut hashes);
                let mut expected = [0f32; LABELS];
                for &h in &hashes {
                    if let Some(row) = m.row(h & m.mask) {
                        for (e, w) in expected.iter_mut().zip(row) {
                            *e += w;
                        }
                    }
                }
                for (l, e) in expected.iter_mut().enumerate() {
                    if !allowed(prev, l as u8) {
                        *e = 0.0;
                    }
                }
                let mut scorer = scorer_after(m, prev);
                features::static_features(t, &around, &mut scorer);
                features::label_features(&around, prev, prev2, &mut scorer);
                scorer.flush();
                assert_eq!(scorer.scores, expected, "token {i}, after {prev}");
            }
        }
    }

    #[test]
    fn shipped_model_loads() {
        assert!(model().len() > 100, "model.bin missing or empty");
    }
}
#[cfg(test)]
mod debug_tests {
    /// Prints the labels of `$TEXT` token by token (for error analysis):
    /// `TEXT="..." cargo test --lib entities::model::debug_tests -- --ignored --nocapture`
    #[test]
    #[ignore]
    fn show_labels() {
        let text = std::env::var("TEXT").unwrap_or_default();
        let doc = crate::text::Document::new(&text);
        let lower = doc.text().to_ascii_lowercase();
        let toks = super::super::features::prepare(&doc, &lower);
        let labels = super::tag(&toks);
        for (t, l) in toks.iter().zip(labels) {
            eprintln!("{:>15} {l} flags={:x} init={}", t.word, t.flags, t.initial);
        }
    }
}
