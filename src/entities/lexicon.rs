//! Word lists compiled into the binary (one lowercase entry a line, sorted; the `.txt` files
//! are the source of truth) and, built from them at first use, one hash table that answers
//! every lexicon question about a word or phrase prefix in one probe.
//! Sources and licences: `lexicons/SOURCES.md`.

use super::features::flag;
use crate::hash::K;
pub(crate) use crate::hash::{hash_bytes, word_hash, FxBuild};
use std::sync::LazyLock;

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
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry {
    /// The word or phrase prefix itself (a slice of the list data).
    pub(crate) key: &'static str,
    /// Low bits of the key's hash (most probes of another key stop here).
    check: u32,
    /// Single-word `flag::*` bits: given name, surname, organization head, particle,
    /// common word (as written), state abbreviation and calendar word.
    pub(crate) word: u32,
    /// Phrase-list `flag::*` bits of the lists that have this exact entry.
    pub(crate) exact: u32,
    /// Phrase-list bits of the lists with a longer entry continuing this one by a space.
    pub(crate) more: u32,
}

/// An open-addressing hash table over every entry of every list.
pub(crate) struct Table {
    entries: Vec<Entry>,
    /// Index into `entries` + 1 (0: empty slot); power-of-two length, at most half full.
    slots: Vec<u32>,
}

impl Table {
    fn with_capacity(n: usize) -> Table {
        Table {
            entries: Vec::with_capacity(n),
            slots: vec![0; (n * 2).next_power_of_two().max(16)],
        }
    }

    #[inline]
    fn slot_of(&self, hash: u64) -> usize {
        crate::hash::home_slot(hash, self.slots.len())
    }

    /// The entry with this hash whose key satisfies `same` (the caller compares the text).
    #[inline]
    pub(crate) fn find(&self, hash: u64, same: impl Fn(&str) -> bool) -> Option<&Entry> {
        let mask = self.slots.len() - 1;
        let mut s = self.slot_of(hash);
        loop {
            let e = *self.slots.get(s)?;
            if e == 0 {
                return None;
            }
            let entry = self.entries.get(e as usize - 1)?;
            if entry.check == hash as u32 && same(entry.key) {
                return Some(entry);
            }
            s = (s + 1) & mask;
        }
    }

    /// The entry of one word (or phrase written with single spaces).
    #[cfg(test)]
    pub(crate) fn get(&self, key: &str) -> Option<&Entry> {
        self.find(self.rehash(key), |k| k == key)
    }

    /// The entry for `key`, created empty if missing. Grows before it gets half full.
    fn entry(&mut self, key: &'static str, hash: u64) -> &mut Entry {
        if (self.entries.len() + 1) * 2 > self.slots.len() {
            let mut bigger = Table::with_capacity(self.slots.len());
            for e in std::mem::take(&mut self.entries) {
                let hash = self.rehash(e.key);
                bigger.push_new(e, hash);
            }
            *self = bigger;
        }
        let mask = self.slots.len() - 1;
        let mut s = self.slot_of(hash);
        loop {
            match self.slots[s] {
                0 => {
                    return self.push_new(
                        Entry {
                            key,
                            check: hash as u32,
                            word: 0,
                            exact: 0,
                            more: 0,
                        },
                        hash,
                    )
                }
                e if self.entries[e as usize - 1].key == key => {
                    return &mut self.entries[e as usize - 1];
                }
                _ => s = (s + 1) & mask,
            }
        }
    }

    /// The full hash of a stored key (words joined by single spaces).
    fn rehash(&self, key: &str) -> u64 {
        key.split(' ')
            .fold(None, |h, w| {
                let wh = word_hash(w);
                Some(h.map_or(wh, |h| extend_phrase(h, wh)))
            })
            .unwrap_or(0)
    }

    fn push_new(&mut self, e: Entry, hash: u64) -> &mut Entry {
        let mask = self.slots.len() - 1;
        let mut s = self.slot_of(hash);
        while self.slots[s] != 0 {
            s = (s + 1) & mask;
        }
        self.entries.push(e);
        self.slots[s] = self.entries.len() as u32;
        let last = self.entries.len() - 1;
        &mut self.entries[last]
    }

    /// Adds every line of `data` as a single word with `bits` in [`Entry::word`].
    fn add_words(&mut self, data: &'static str, bits: u32) {
        for w in entries(data) {
            self.entry(w, word_hash(w)).word |= bits;
        }
    }

    /// Adds every line of `data` as a phrase: `bit` in [`Entry::exact`] of the whole line
    /// and in [`Entry::more`] of each shorter prefix ending before a space.
    fn add_phrases(&mut self, data: &'static str, bit: u32) {
        for p in entries(data) {
            let mut hash = None;
            let mut from = 0;
            for w in p.split(' ') {
                let wh = word_hash(w);
                let h = hash.map_or(wh, |h| extend_phrase(h, wh));
                hash = Some(h);
                let end = from + w.len();
                from = end + 1;
                let whole = end >= p.len();
                let key = p.get(..end).unwrap_or(p);
                let e = self.entry(key, h);
                if whole {
                    e.exact |= bit;
                } else {
                    e.more |= bit;
                }
            }
        }
    }
}

/// The entries of a decoded list, one a line: `build.rs` trimmed them already, so no
/// trimming here (it was a tenth of the tables' start-up cost).
fn entries(data: &'static str) -> impl Iterator<Item = &'static str> {
    data.split('\n').filter(|l| !l.is_empty())
}

/// The non-empty trimmed lines of a list's source file.
#[cfg(test)]
fn lines(data: &'static str) -> impl Iterator<Item = &'static str> {
    data.lines().map(str::trim).filter(|l| !l.is_empty())
}

/// The front-coded bytes of one list (see `build.rs`: the `.txt` files are the source).
macro_rules! fc {
    ($name:literal) => {
        include_bytes!(concat!(env!("OUT_DIR"), "/lexicons/", $name, ".fc"))
    };
}

/// Decodes a front-coded list: per entry, a byte below 0x20 counting the bytes shared with
/// the previous entry, then the rest of the entry (which ends where the next count byte
/// is). Gives the entries one a line.
fn decode(coded: &[u8]) -> String {
    let mut out: Vec<u8> = Vec::with_capacity(coded.len() * 2);
    let mut prev_start = 0;
    let mut rest = coded;
    while let Some((&shared, tail)) = rest.split_first() {
        let end = tail.iter().position(|&b| b < 0x20).unwrap_or(tail.len());
        let start = out.len();
        let prefix_end = (prev_start + usize::from(shared)).min(start);
        out.extend_from_within(prev_start..prefix_end);
        out.extend_from_slice(tail.get(..end).unwrap_or(tail));
        out.push(b'\n');
        prev_start = start;
        rest = tail.get(end..).unwrap_or(&[]);
    }
    String::from_utf8(out).unwrap_or_default()
}

/// The lists, by file, with what each marks (single words or phrases).
#[derive(Clone, Copy)]
enum Use {
    Word(u32),
    Phrase(u32),
}

static LISTS: [(&str, &[u8], Use); 14] = [
    ("countries", fc!("countries"), Use::Phrase(flag::COUNTRY)),
    ("cities", fc!("cities"), Use::Phrase(flag::CITY)),
    ("us_states", fc!("us_states"), Use::Phrase(flag::STATE)),
    ("regions", fc!("regions"), Use::Phrase(flag::REGION)),
    ("orgs", fc!("orgs"), Use::Phrase(flag::ORG)),
    ("demonyms", fc!("demonyms"), Use::Phrase(flag::DEMONYM)),
    ("titles", fc!("titles"), Use::Phrase(flag::TITLE)),
    (
        "state_abbrevs",
        fc!("state_abbrevs"),
        Use::Word(flag::STATE_ABBR),
    ),
    ("org_heads", fc!("org_heads"), Use::Word(flag::ORG_HEAD)),
    ("particles", fc!("particles"), Use::Word(flag::PARTICLE)),
    ("given_names", fc!("given_names"), Use::Word(flag::GIVEN)),
    (
        "given_names_extra",
        fc!("given_names_extra"),
        Use::Word(flag::GIVEN),
    ),
    ("surnames", fc!("surnames"), Use::Word(flag::SURNAME)),
    ("common_words", fc!("common_words"), Use::Word(flag::COMMON)),
];

/// Months and weekdays: capitalized, never entities on their own.
const CALENDAR: &str = "apr april aug august dec december feb february fri friday jan january \
    jul july jun june mar march may mon monday nov november oct october sat saturday sep sept \
    september sun sunday thu thurs thursday tue tues tuesday wed wednesday";

/// The decoded lists, in the order of [`LISTS`]; the table's keys are slices of these.
static TEXTS: LazyLock<Vec<String>> =
    LazyLock::new(|| LISTS.iter().map(|(_, coded, _)| decode(coded)).collect());

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let texts: &'static [String] = &TEXTS;
    let total: usize = texts.iter().map(|t| t.len() / 7).sum();
    let mut table = Table::with_capacity(total);
    for ((_, _, use_), data) in LISTS.iter().zip(texts) {
        match *use_ {
            Use::Word(bit) => table.add_words(data, bit),
            Use::Phrase(bit) => table.add_phrases(data, bit),
        }
    }
    for w in CALENDAR.split(' ') {
        table.entry(w, word_hash(w)).word |= flag::CALENDAR;
    }
    table
});

/// The table of every list.
pub(crate) fn table() -> &'static Table {
    &TABLE
}

/// Flags looked up on the word without trailing dots ("Pa." is a state abbreviation).
const BARE_BITS: u32 = flag::STATE_ABBR | flag::CALENDAR;

/// Single-word flags of a word token: `lower` is its ASCII-lowercased text, `hash` its
/// [`word_hash`]. Also gives the word's entry, where a phrase walk starts.
pub(crate) fn word_flags(lower: &str, hash: u64) -> (u32, Option<&'static Entry>) {
    let table = table();
    let entry = table.find(hash, |k| same(k, lower));
    let mut f = entry.map_or(0, |e| e.word & !BARE_BITS);
    // Most words have no trailing dot: one byte test, where `trim_end_matches` decodes
    // chars from the end.
    let bare_entry = if lower.as_bytes().last() != Some(&b'.') {
        entry
    } else {
        let bare = lower.trim_end_matches('.');
        table.find(word_hash(bare), |k| same(k, bare))
    };
    f |= bare_entry.map_or(0, |e| e.word & BARE_BITS);
    if f & flag::COMMON == 0 && is_inflected_common(table, lower) {
        f |= flag::COMMON;
    }
    // Plural nationalities and groups ("Russians", "Democrats").
    if let Some(singular) = lower.strip_suffix('s') {
        if table
            .find(word_hash(singular), |k| same(k, singular))
            .is_some_and(|e| e.exact & flag::DEMONYM != 0)
        {
            f |= flag::DEMONYM;
        }
    }
    (f, entry)
}

/// Whether `lower` is an inflected form of a listed common word (the generator leaves out
/// "-s", "-ed", "-ing", "-ly" forms whose base is listed).
fn is_inflected_common(table: &Table, lower: &str) -> bool {
    const INFLECTIONS: [(&str, &str); 8] = [
        ("s", ""),
        ("es", ""),
        ("ed", ""),
        ("ed", "e"),
        ("d", ""),
        ("ing", ""),
        ("ing", "e"),
        ("ly", ""),
    ];
    // Every inflection ends in one of these bytes, and leaves a base of 2+ bytes.
    let b = lower.as_bytes();
    let n = b.len();
    if n < 4 || !matches!(b[n - 1], b's' | b'd' | b'g' | b'y') {
        return false;
    }
    // Hashes of the word without its last 1, 2 and 3 bytes, each base hashed once.
    let h3 = hash_bytes(0, b.get(..n - 3).unwrap_or(&[]));
    let h2 = hash_bytes(h3, b.get(n - 3..n - 2).unwrap_or(&[]));
    let h1 = hash_bytes(h2, b.get(n - 2..n - 1).unwrap_or(&[]));
    INFLECTIONS.iter().any(|(suffix, add)| {
        let base_hash = match suffix.len() {
            1 => h1,
            2 => h2,
            _ => h3,
        };
        n > suffix.len() + 2
            && ends_with(lower, suffix)
            && lower.get(..n - suffix.len()).is_some_and(|base| {
                let h = hash_bytes(base_hash, add.as_bytes());
                table
                    .find(h, |k| {
                        k.len() == base.len() + add.len()
                            && k.get(..base.len()).is_some_and(|b| same(b, base))
                            && ends_with(k, add)
                    })
                    .is_some_and(|e| e.word & flag::COMMON != 0)
            })
    })
}

/// Whether `lower` is a common English word, directly or as an inflected form of one.
#[cfg(test)]
pub(crate) fn is_common_word(lower: &str) -> bool {
    word_flags(lower, word_hash(lower)).0 & flag::COMMON != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(word: &str, bit: u32) -> bool {
        table()
            .get(word)
            .is_some_and(|e| (e.word | e.exact) & bit != 0)
    }

    #[test]
    fn phrase_prefixes_tell_exact_matches_and_longer_continuations() {
        let mut t = Table::with_capacity(4);
        t.add_phrases(
            "new\nnew york\nnew zealand\nnewark\nst.\nst. louis\nlos angeles\n",
            1,
        );
        t.add_phrases("new york\n", 2);
        let at = |k: &str| t.get(k).map(|e| (e.exact, e.more));
        assert_eq!(at("new"), Some((1, 3)));
        assert_eq!(at("new york"), Some((3, 0)));
        assert_eq!(at("newark"), Some((1, 0)));
        assert_eq!(at("ne"), None, "a prefix of a word is not a phrase start");
        assert_eq!(at("st."), Some((1, 1)));
        assert_eq!(at("los"), Some((0, 1)));
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
    fn the_table_grows_and_finds_every_key() {
        let data: &'static str = Box::leak(
            (0..5000)
                .map(|i| format!("w{i}\n"))
                .collect::<String>()
                .into_boxed_str(),
        );
        let mut t = Table::with_capacity(1);
        t.add_words(data, 4);
        for i in 0..5000 {
            assert_eq!(t.get(&format!("w{i}")).map(|e| e.word), Some(4), "w{i}");
        }
        assert!(t.get("w5000").is_none());
        assert!(t.slots.len() >= 2 * t.entries.len());
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
    fn word_flags_follow_dots_plurals_and_inflections() {
        let f = |w: &str| word_flags(w, word_hash(w)).0;
        assert!(f("pa.") & flag::STATE_ABBR != 0);
        assert!(f("sept.") & flag::CALENDAR != 0);
        assert!(f("russians") & flag::DEMONYM != 0);
        assert!(f("musk") & flag::CALENDAR == 0);
    }

    #[test]
    fn every_list_is_sorted_without_duplicates() {
        for ((name, _, _), data) in LISTS.iter().zip(TEXTS.iter()) {
            let e: Vec<&str> = lines(data).collect();
            assert!(!e.is_empty(), "{name}");
            if let Some(w) = e.windows(2).find(|w| w[0] >= w[1]) {
                panic!("{name} not sorted or duplicated at {:?}", w);
            }
        }
    }

    #[test]
    fn front_coded_lists_decode_to_the_text_files() {
        assert_eq!(
            decode(b"\0new\x03 york\x03ark\0st."),
            "new\nnew york\nnewark\nst.\n"
        );
        assert_eq!(decode(b""), "");
        // Malformed data (a count past the previous entry) decodes without panicking.
        assert_eq!(decode(b"\x09ab"), "ab\n");
        assert_eq!(decode(b"\x1f"), "\n");
        let countries: Vec<&str> = lines(include_str!("lexicons/countries.txt")).collect();
        assert_eq!(entries(&TEXTS[0]).collect::<Vec<_>>(), countries);
        let common: Vec<&str> = lines(include_str!("lexicons/common_words.txt")).collect();
        assert_eq!(entries(&TEXTS[13]).collect::<Vec<_>>(), common);
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
