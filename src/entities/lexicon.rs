//! The word lists (`lexicons/*.txt`, one lowercase entry a line, sorted: the source of
//! truth) and one hash table that answers every lexicon question about a word or phrase
//! prefix in one probe. The binary holds no text of the lists: `build.rs` turns them into
//! Rice-coded sets of key fingerprints (`lexicons/encode.rs`), decoded here at first use.
//! Sources and licences: `lexicons/SOURCES.md`.

use super::features::flag;
#[cfg(test)]
use crate::hash;
use crate::hash::K;
pub(crate) use crate::hash::{hash_bytes, word_hash, FxBuild};
use std::sync::LazyLock;

/// The encoders of the binary forms, for the tests and the trainer (`build.rs` runs them).
#[cfg(test)]
#[path = "lexicons/encode.rs"]
pub(crate) mod encode;

/// Whether two keys are equal: a byte loop for the short words of a text, where a call
/// to `memcmp` costs more than the comparison.
#[inline]
pub(crate) fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    if a.len() > 16 {
        return a == b;
    }
    for (x, y) in a.iter().zip(b) {
        if x != y {
            return false;
        }
    }
    true
}

/// Whether `word` ends with `suffix`: a byte loop (suffixes are a few bytes, and a
/// `memcmp` call costs more than comparing them).
#[inline]
pub(crate) fn ends_with(word: &str, suffix: &str) -> bool {
    let (w, s) = (word.as_bytes(), suffix.as_bytes());
    w.len() >= s.len() && w[w.len() - s.len()..].iter().zip(s).all(|(a, b)| a == b)
}

/// Whether `word` is in `list` (short word lists of the rules): a linear scan that
/// compares lengths first, with [`same`] for the rest, so no `memcmp` call per entry.
#[inline]
pub(crate) fn listed(list: &[&str], word: &str) -> bool {
    list.iter().any(|k| same(k, word))
}

/// Hash of a phrase prefix extended by one more word (a one-word phrase hashes like the
/// word itself, so one probe answers both the word and the phrase questions).
#[inline]
pub(crate) fn extend_phrase(prefix: u64, word: u64) -> u64 {
    (prefix.rotate_left(5) ^ word ^ 0x20).wrapping_mul(K)
}

/// What the lists say about one word or space-joined phrase prefix.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Entry {
    /// Single-word `flag::*` bits: given name, surname, organization head, particle,
    /// common word (as written), state abbreviation and calendar word.
    pub(crate) word: u32,
    /// Phrase-list `flag::*` bits of the lists that have this exact entry.
    pub(crate) exact: u32,
    /// Phrase-list bits of the lists with a longer entry continuing this one by a space.
    pub(crate) more: u32,
}

/// Reads bits least significant first, as `lexicons/encode.rs` writes them; reading past
/// the end gives `None`, never a panic.
pub(crate) struct Bits<'a> {
    bytes: &'a [u8],
    /// Index of the next byte to load into `buf`.
    next: usize,
    /// Loaded bits not yet consumed (low bits first) and how many there are.
    buf: u64,
    have: u32,
    /// Zero bytes loaded past the end (more than 8 means the data ran out).
    past: usize,
}

impl<'a> Bits<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Bits<'a> {
        Bits {
            bytes,
            next: 0,
            buf: 0,
            have: 0,
            past: 0,
        }
    }

    #[inline]
    fn refill(&mut self) {
        while self.have <= 56 {
            let b = match self.bytes.get(self.next) {
                Some(&b) => b,
                None => {
                    self.past += 1;
                    0
                }
            };
            self.next += 1;
            self.buf |= u64::from(b) << self.have;
            self.have += 8;
        }
    }

    /// Whether more bits were consumed than the data holds.
    fn overrun(&self) -> bool {
        // The bits loaded past the end, less those still unconsumed.
        self.past * 8 > self.have as usize
    }

    /// One Rice-coded value with parameter `r` (< 32): one-bits counting `value >> r`, a
    /// zero bit, then the low `r` bits.
    #[inline]
    pub(crate) fn rice(&mut self, r: u32) -> Option<u64> {
        let mut q = 0u64;
        loop {
            self.refill();
            let ones = self.buf.trailing_ones();
            if ones < self.have {
                q += u64::from(ones);
                self.buf >>= ones + 1;
                self.have -= ones + 1;
                break;
            }
            q += u64::from(self.have);
            self.buf = 0;
            self.have = 0;
            if self.overrun() {
                return None;
            }
        }
        self.refill();
        let low = self.buf & ((1u64 << r) - 1);
        self.buf = self.buf.checked_shr(r).unwrap_or(0);
        self.have -= r.min(self.have);
        if self.overrun() || q > u64::from(u32::MAX) {
            return None;
        }
        Some(q << r | low)
    }
}

/// An open-addressing hash table of fingerprints of every list's keys (words, phrases and
/// phrase prefixes; `lexicons/encode.rs` makes them at build time), each with the
/// [`Entry`] of its group. The text is not kept: a word on no list matches a listed one's
/// fingerprint with odds of about 1 in 1,500 (`FP_BITS` in `encode.rs`).
pub(crate) struct Table {
    /// Per slot: the fingerprint, then `group_bits` bits of group index + 1 (0: empty).
    /// Power-of-two length, at most half full.
    slots: Vec<u32>,
    /// The entries, one per group of keys with the same lists.
    groups: Vec<Entry>,
    /// Fingerprint of a hash: top bits of hash * salt (`hash * salt >> fp_shift`).
    salt: u64,
    fp_shift: u32,
    /// Home slot of a fingerprint: its top bits (`fp >> slot_shift`).
    slot_shift: u32,
    group_bits: u32,
}

impl Table {
    fn empty() -> Table {
        Table {
            slots: vec![0],
            groups: Vec::new(),
            salt: 0,
            fp_shift: 63,
            slot_shift: 0,
            group_bits: 31,
        }
    }

    /// Decodes the format of `lexicons/encode.rs`, with the flags of list `i` from
    /// `uses[i]`; malformed data gives an empty table, never a panic.
    fn parse(data: &[u8], uses: &[Use]) -> Table {
        Table::try_parse(data, uses).unwrap_or_else(Table::empty)
    }

    fn try_parse(data: &[u8], uses: &[Use]) -> Option<Table> {
        let rest = data.strip_prefix(b"LEX1")?;
        let (&k, rest) = rest.split_first()?;
        let k = u32::from(k);
        let salt = u64::from_le_bytes(rest.get(..8)?.try_into().ok()?);
        let count = usize::from(u16::from_le_bytes(rest.get(8..10)?.try_into().ok()?));
        let mut pos = 10;
        // Per group: its entry, key count and Rice parameter.
        let mut heads = Vec::with_capacity(count);
        for _ in 0..count {
            let (entry_mask, more_mask, n) = (
                varint(rest, &mut pos)?,
                varint(rest, &mut pos)?,
                varint(rest, &mut pos)?,
            );
            let mut e = Entry::default();
            for (i, u) in uses.iter().enumerate() {
                let (member, more) = (entry_mask >> i & 1 != 0, more_mask >> i & 1 != 0);
                match *u {
                    Use::Word(bit) if member => e.word |= bit,
                    Use::Phrase(bit) => {
                        e.exact |= if member { bit } else { 0 };
                        e.more |= if more { bit } else { 0 };
                    }
                    _ => {}
                }
            }
            heads.push((e, n as usize, u32::from(*rest.get(pos)?)));
            pos += 1;
        }
        let total: usize = heads.iter().map(|h| h.1).sum();
        let group_bits = 32u32.checked_sub(k)?;
        let slot_bits = (total * 2).next_power_of_two().max(16).trailing_zeros();
        if !(1..=25).contains(&k) || count >= 1 << group_bits || slot_bits > k {
            return None;
        }
        let mut table = Table {
            slots: vec![0; 1 << slot_bits],
            groups: Vec::with_capacity(count),
            salt,
            fp_shift: 64 - k,
            slot_shift: k - slot_bits,
            group_bits,
        };
        let mask = table.slots.len() - 1;
        let mut bits = Bits::new(rest.get(pos..)?);
        for (g, (entry, n, r)) in heads.into_iter().enumerate() {
            table.groups.push(entry);
            let tag = g as u32 + 1;
            let mut fp = 0u64;
            for _ in 0..n {
                fp += bits.rice(r.min(31))?;
                let fp = u32::try_from(fp).ok().filter(|&f| f >> k == 0)?;
                let mut s = (fp >> table.slot_shift) as usize;
                while table.slots[s] != 0 {
                    s = (s + 1) & mask;
                }
                table.slots[s] = fp << group_bits | tag;
            }
        }
        Some(table)
    }

    /// The entry of the key with this hash (a word's [`word_hash`], extended per further
    /// word by [`extend_phrase`]), if its fingerprint is in the table: the keys' text is not
    /// kept, so a word on no list matches a listed one about once in 1,500.
    #[inline]
    pub(crate) fn probe(&self, hash: u64) -> Option<&Entry> {
        let fp = (hash.wrapping_mul(self.salt) >> self.fp_shift) as u32;
        let mask = self.slots.len() - 1;
        let mut s = (fp >> self.slot_shift) as usize;
        loop {
            let v = *self.slots.get(s)?;
            if v == 0 {
                return None;
            }
            if v >> self.group_bits == fp {
                let g = v & ((1 << self.group_bits) - 1);
                return self.groups.get((g as usize).wrapping_sub(1));
            }
            s = (s + 1) & mask;
        }
    }

    /// The entry of one word (or phrase written with single spaces).
    #[cfg(test)]
    pub(crate) fn get(&self, key: &str) -> Option<&Entry> {
        let hash = key
            .split(' ')
            .fold(None, |h, w| {
                let wh = word_hash(w);
                Some(h.map_or(wh, |h| extend_phrase(h, wh)))
            })
            .unwrap_or(0);
        self.probe(hash)
    }
}

/// The LEB128 varint at `*pos` in `bytes`, moving `*pos` past it.
fn varint(bytes: &[u8], pos: &mut usize) -> Option<u32> {
    let mut v = 0u32;
    for shift in (0..35).step_by(7) {
        let b = *bytes.get(*pos)?;
        *pos += 1;
        v |= u32::from(b & 0x7f).checked_shl(shift)?;
        if b & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

/// What each list marks (single words or phrases), in the order of the list files' names
/// (`build.rs` numbers the lists so; a test checks the names).
#[derive(Clone, Copy)]
enum Use {
    Word(u32),
    Phrase(u32),
}

static USES: [Use; 15] = [
    Use::Word(flag::CALENDAR),
    Use::Phrase(flag::CITY),
    Use::Word(flag::COMMON),
    Use::Phrase(flag::COUNTRY),
    Use::Phrase(flag::DEMONYM),
    Use::Word(flag::GIVEN),
    Use::Word(flag::GIVEN),
    Use::Word(flag::ORG_HEAD),
    Use::Phrase(flag::ORG),
    Use::Word(flag::PARTICLE),
    Use::Phrase(flag::REGION),
    Use::Word(flag::STATE_ABBR),
    Use::Word(flag::SURNAME),
    Use::Phrase(flag::TITLE),
    Use::Phrase(flag::STATE),
];

/// The list files' names, in the order of [`USES`].
#[cfg(test)]
const NAMES: [&str; 15] = [
    "calendar",
    "cities",
    "common_words",
    "countries",
    "demonyms",
    "given_names",
    "given_names_extra",
    "org_heads",
    "orgs",
    "particles",
    "regions",
    "state_abbrevs",
    "surnames",
    "titles",
    "us_states",
];

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    Table::parse(
        include_bytes!(concat!(env!("OUT_DIR"), "/lexicons.bin")),
        &USES,
    )
});

/// The table of every list.
pub(crate) fn table() -> &'static Table {
    &TABLE
}

/// Flags looked up on the word without trailing dots ("Pa." is a state abbreviation).
const BARE_BITS: u32 = flag::STATE_ABBR | flag::CALENDAR;

/// Single-word flags of a word token: `lower` is its ASCII-lowercased text, `hash` its
/// [`word_hash`]; `table` is [`table()`], fetched once by the caller for all its words.
/// Also gives the word's entry, where a phrase walk starts.
#[inline]
pub(crate) fn word_flags<'a>(table: &'a Table, lower: &str, hash: u64) -> (u32, Option<&'a Entry>) {
    let entry = table.probe(hash);
    let f = entry.map_or(0, |e| e.word);
    // Only a word ending in '.', 's', 'd', 'g' or 'y' may take more flags from another
    // form: the rest (most words) have their own entry's, and the loop of the token view
    // stays short without the other probes inlined.
    match lower.as_bytes().last() {
        // A common word ending in 'd', 'g' or 'y' ("and", "during", "they": half of those
        // words) has its own flags only: no bare form, plural or inflection adds one.
        Some(b'd' | b'g' | b'y') if f & flag::COMMON != 0 => (f, entry),
        Some(b'.' | b's' | b'd' | b'g' | b'y') => (other_forms(table, lower, hash, entry), entry),
        _ => (f, entry),
    }
}

/// [`word_flags`] of a word ending in '.', 's', 'd', 'g' or 'y', whose own entry is
/// `entry`: state abbreviations and calendar words without their trailing dots, plural
/// nationalities, inflected common words.
#[inline(never)]
fn other_forms(table: &Table, lower: &str, hash: u64, entry: Option<&Entry>) -> u32 {
    let mut f = entry.map_or(0, |e| e.word & !BARE_BITS);
    // Most words have no trailing dot: one byte test, where `trim_end_matches` decodes
    // chars from the end.
    let bare_entry = if lower.as_bytes().last() != Some(&b'.') {
        entry
    } else {
        let bare = lower.trim_end_matches('.');
        table.probe(word_hash(bare))
    };
    f |= bare_entry.map_or(0, |e| e.word & BARE_BITS);
    // The word less a last "s" ("russian", "user"): a nationality's plural and a common
    // word's "-s" form, answered by one probe.
    let b = lower.as_bytes();
    let base = match b.last() {
        Some(&b's') => table.probe(unhash_last(hash, b's')),
        _ => None,
    };
    if base.is_some_and(|e| e.exact & flag::DEMONYM != 0) {
        f |= flag::DEMONYM;
    }
    if f & flag::COMMON == 0
        && (b.len() >= 4 && base.is_some_and(|e| e.word & flag::COMMON != 0)
            || is_inflected_common(table, lower, hash))
    {
        f |= flag::COMMON;
    }
    f
}

/// The inverse of the hash multiplier modulo 2^64 (it is odd), by Newton's iteration: each
/// step doubles the correct low bits (3, 6, 12, 24, 48, 96).
const K_INV: u64 = {
    let mut x = crate::hash::K;
    let mut i = 0;
    while i < 5 {
        x = x.wrapping_mul(2u64.wrapping_sub(crate::hash::K.wrapping_mul(x)));
        i += 1;
    }
    x
};

/// `hash_bytes(0, w)` from `hash_bytes(0, w + last)`: one hash step undone, where hashing
/// the shorter word again reads all its bytes.
#[inline]
fn unhash_last(hash: u64, last: u8) -> u64 {
    (hash.wrapping_mul(K_INV) ^ u64::from(last)).rotate_right(5)
}

/// Whether `lower` is an inflected form of a listed common word (the generator leaves out
/// "-s", "-ed", "-ing", "-ly" forms whose base is listed) other than a "-s" form, which
/// [`word_flags`] probes itself: "-es", "-ed" and "-d" (after a base ending in "e"),
/// "-ing" (after a base with or without its "e"), "-ly"; each leaves a base of 3+ bytes.
/// The last byte tells which to try.
fn is_inflected_common(table: &Table, lower: &str, hash: u64) -> bool {
    let b = lower.as_bytes();
    let n = b.len();
    let ends = |suffix: &[u8]| n >= suffix.len() && b[n - suffix.len()..] == *suffix;
    // The hash of the base: `hash` (the word's) with the suffix's steps undone.
    let less = |suffix: &[u8]| suffix.iter().rev().fold(hash, |h, &c| unhash_last(h, c));
    // The hashes of the (at most two) bases to probe.
    let bases = match b.last() {
        Some(b's') if n > 4 && ends(b"es") => [Some(less(b"es")), None],
        Some(b'd') => [
            (n > 3).then(|| less(b"d")),
            (n > 4 && ends(b"ed")).then(|| less(b"ed")),
        ],
        Some(b'g') if n > 5 && ends(b"ing") => {
            let base = less(b"ing");
            [Some(base), Some(hash_bytes(base, b"e"))]
        }
        Some(b'y') if n > 4 && ends(b"ly") => [Some(less(b"ly")), None],
        _ => [None, None],
    };
    bases
        .into_iter()
        .flatten()
        .any(|h| table.probe(h).is_some_and(|e| e.word & flag::COMMON != 0))
}

/// Whether `lower` is a common English word, directly or as an inflected form of one.
#[cfg(test)]
pub(crate) fn is_common_word(lower: &str) -> bool {
    word_flags(table(), lower, word_hash(lower)).0 & flag::COMMON != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undoing_a_hash_step_gives_the_shorter_words_hash() {
        assert_eq!(crate::hash::K.wrapping_mul(K_INV), 1);
        for w in [
            "s", "russians", "walked", "crossing", "quickly", "é-s", "ab",
        ] {
            let (b, n) = (w.as_bytes(), w.len());
            assert_eq!(
                unhash_last(word_hash(w), b[n - 1]),
                hash_bytes(0, &b[..n - 1]),
                "{w}"
            );
        }
    }

    /// The list files, in the order of [`USES`] (test-only: the binary has no text).
    const SOURCES: [&str; 15] = [
        include_str!("lexicons/calendar.txt"),
        include_str!("lexicons/cities.txt"),
        include_str!("lexicons/common_words.txt"),
        include_str!("lexicons/countries.txt"),
        include_str!("lexicons/demonyms.txt"),
        include_str!("lexicons/given_names.txt"),
        include_str!("lexicons/given_names_extra.txt"),
        include_str!("lexicons/org_heads.txt"),
        include_str!("lexicons/orgs.txt"),
        include_str!("lexicons/particles.txt"),
        include_str!("lexicons/regions.txt"),
        include_str!("lexicons/state_abbrevs.txt"),
        include_str!("lexicons/surnames.txt"),
        include_str!("lexicons/titles.txt"),
        include_str!("lexicons/us_states.txt"),
    ];

    /// The non-empty trimmed lines of a list's source file.
    fn lines(data: &'static str) -> impl Iterator<Item = &'static str> {
        data.lines().map(str::trim).filter(|l| !l.is_empty())
    }

    fn has(word: &str, bit: u32) -> bool {
        table()
            .get(word)
            .is_some_and(|e| (e.word | e.exact) & bit != 0)
    }

    /// A table of `lists` (Word uses: bits 1, 2, 4...; list 0 is a phrase list, bit 1).
    fn table_of(lists: &[&str], bits: u32) -> Table {
        let uses: Vec<Use> = (0..lists.len())
            .map(|i| {
                if i == 0 {
                    Use::Phrase(1)
                } else {
                    Use::Word(1 << i)
                }
            })
            .collect();
        Table::parse(&encode::encode_lists(lists, bits), &uses)
    }

    #[test]
    fn phrase_prefixes_tell_exact_matches_and_longer_continuations() {
        let t = table_of(
            &[
                "new\nnew york\nnew zealand\nnewark\nst.\nst. louis\nlos angeles\n",
                "york\n",
            ],
            encode::FP_BITS,
        );
        let at = |k: &str| t.get(k).map(|e| (e.word, e.exact, e.more));
        assert_eq!(at("new"), Some((0, 1, 1)));
        assert_eq!(at("new york"), Some((0, 1, 0)));
        assert_eq!(at("newark"), Some((0, 1, 0)));
        assert_eq!(at("york"), Some((2, 0, 0)));
        assert_eq!(at("ne"), None, "a prefix of a word is not a phrase start");
        assert_eq!(at("st."), Some((0, 1, 1)));
        assert_eq!(at("los"), Some((0, 0, 1)));
        assert_eq!(at("zzz"), None);
        assert_eq!(at(""), None);
    }

    #[test]
    fn same_compares_short_and_long_keys() {
        assert!(same("", ""));
        assert!(same("paris", "paris"));
        assert!(!same("paris", "parys"));
        assert!(!same("paris", "pari"));
        let long = "a".repeat(40);
        assert!(same(&long, &long.clone()));
        assert!(!same(&long, &"a".repeat(39)));
    }

    #[test]
    fn many_keys_and_few_fingerprint_bits_find_every_key() {
        // 20 bits for 1,000 keys: the salt search must separate them all.
        let words: String = (0..1000).map(|i| format!("w{i}\n")).collect();
        let t = table_of(&["", &words], 20);
        for i in 0..1000 {
            assert_eq!(t.get(&format!("w{i}")).map(|e| e.word), Some(2), "w{i}");
        }
        let misses = (1000..101_000)
            .filter(|i| t.get(&format!("w{i}")).is_some())
            .count();
        // Odds 1,000 / 2^20 a word: ~95 of 100,000.
        assert!((40..200).contains(&misses), "{misses}");
        assert!(t.slots.len() >= 2 * 1000);
    }

    #[test]
    fn malformed_data_gives_an_empty_table_not_a_panic() {
        let good = encode::encode_lists(&["a\nb c\n"], 20);
        for cut in 0..good.len() {
            let t = Table::parse(&good[..cut], &[Use::Phrase(1)]);
            let _ = t.get("a");
        }
        let mut bad = good.clone();
        bad[4] = 40;
        assert!(Table::parse(&bad, &[Use::Phrase(1)]).get("a").is_none());
        assert!(Table::parse(&good, &[Use::Phrase(1)]).get("a").is_some());
        assert!(Table::parse(b"", &[]).get("a").is_none());
        let mut bits = Bits::new(&[0xff, 0xff]);
        assert_eq!(bits.rice(0), None, "sixteen one-bits and no end");
        let mut bits = Bits::new(&[0b101]);
        assert_eq!(
            bits.rice(1),
            Some(3),
            "one 1-bit, a 0, then low bit 1: 1 << 1 | 1"
        );
    }

    #[test]
    fn build_and_runtime_hash_phrases_alike() {
        for (a, b) in [(0, 0), (1, 2), (u64::MAX, 12345), (word_hash("new"), 7)] {
            assert_eq!(encode::extend_phrase(a, b), extend_phrase(a, b));
        }
    }

    #[test]
    fn lists_load_and_answer() {
        assert!(has("france", flag::COUNTRY));
        assert!(has("united states", flag::COUNTRY));
        assert!(has("london", flag::CITY));
        assert!(has("pennsylvania", flag::STATE));
        assert!(has("pa", flag::STATE_ABBR));
        assert!(has("nato", flag::ORG));
        assert!(has("inc", flag::ORG_HEAD));
        assert!(has("gov", flag::TITLE));
        assert!(has("russian", flag::DEMONYM));
        assert!(has("van", flag::PARTICLE));
        assert!(has("elizabeth", flag::GIVEN));
        assert!(has("johnson", flag::SURNAME));
        assert!(has("monday", flag::CALENDAR));
        assert!(!has("zzz", flag::COUNTRY));
        assert!(table()
            .get("united")
            .is_some_and(|e| e.more & flag::COUNTRY != 0));
    }

    #[test]
    fn every_entry_of_every_list_is_in_the_table_with_its_flag() {
        let names: Vec<&str> = include_str!(concat!(env!("OUT_DIR"), "/lexicon_names.txt"))
            .lines()
            .collect();
        assert_eq!(names, NAMES, "build.rs numbers the lists in this order");
        for ((name, text), u) in NAMES.iter().zip(SOURCES).zip(USES) {
            for line in lines(text) {
                let e = table().get(line).copied().unwrap_or_default();
                let ok = match u {
                    Use::Word(bit) => e.word & bit != 0,
                    Use::Phrase(bit) => e.exact & bit != 0,
                };
                assert!(ok, "{name}: {line}");
            }
        }
    }

    /// `word_flags` as first written: every inflection probed on its own, and the plural
    /// nationality probed apart from the "-s" inflection.
    fn word_flags_one_probe_each(lower: &str) -> u32 {
        let probe = |w: &str| table().get(w).copied().unwrap_or_default();
        let mut f = probe(lower).word & !BARE_BITS;
        f |= probe(lower.trim_end_matches('.')).word & BARE_BITS;
        let n = lower.len();
        let common = |w: &[u8]| probe(std::str::from_utf8(w).unwrap_or("")).word & flag::COMMON;
        let b = lower.as_bytes();
        if f & flag::COMMON == 0 && n >= 4 && matches!(b[n - 1], b's' | b'd' | b'g' | b'y') {
            for (suffix, add) in [
                ("s", ""),
                ("es", ""),
                ("ed", ""),
                ("ed", "e"),
                ("d", ""),
                ("ing", ""),
                ("ing", "e"),
                ("ly", ""),
            ] {
                if n > suffix.len() + 2 && lower.ends_with(suffix) {
                    let base = [&b[..n - suffix.len()], add.as_bytes()].concat();
                    f |= common(&base);
                }
            }
        }
        if lower.ends_with('s') && probe(&lower[..n - 1]).exact & flag::DEMONYM != 0 {
            f |= flag::DEMONYM;
        }
        f
    }

    #[test]
    fn word_flags_probe_each_base_once_with_the_same_answers() {
        let mut words: Vec<String> = Vec::new();
        for text in SOURCES {
            for line in lines(text).flat_map(|l| l.split(' ')) {
                for end in ["", "s", "es", "d", "ed", "ing", "ly", "."] {
                    words.push(format!("{line}{end}"));
                }
                // Without its last byte or two (where that leaves a char boundary).
                for cut in 1..3 {
                    if let Some(w) = line.get(..line.len().saturating_sub(cut)) {
                        words.push(w.to_string());
                    }
                }
            }
        }
        words.extend(["s", "is", "was", "uses", "used", "oddly", "\u{e9}s", ""].map(String::from));
        for w in &words {
            assert_eq!(
                word_flags(table(), w, word_hash(w)).0,
                word_flags_one_probe_each(w),
                "{w:?}"
            );
        }
    }

    #[test]
    fn word_flags_follow_dots_plurals_and_inflections() {
        let f = |w: &str| word_flags(table(), w, word_hash(w)).0;
        assert!(f("pa.") & flag::STATE_ABBR != 0);
        assert!(f("sept.") & flag::CALENDAR != 0);
        assert!(f("russians") & flag::DEMONYM != 0);
        assert!(f("musk") & flag::CALENDAR == 0);
    }

    #[test]
    fn every_list_is_sorted_without_duplicates() {
        for (name, data) in NAMES.iter().zip(SOURCES) {
            let e: Vec<&str> = lines(data).collect();
            assert!(!e.is_empty(), "{name}");
            if let Some(w) = e.windows(2).find(|w| w[0] >= w[1]) {
                panic!("{name} not sorted or duplicated at {:?}", w);
            }
        }
    }

    #[test]
    fn common_words_with_inflections() {
        assert!(is_common_word("despite"));
        assert!(is_common_word("users"));
        assert!(is_common_word("reported"));
        assert!(!is_common_word("leicestershire"));
        assert!(!is_common_word(""));
    }
}
