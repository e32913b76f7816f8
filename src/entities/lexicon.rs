//! Word lists compiled into the binary: one lowercase entry a line, sorted by byte order, so a
//! lookup is a binary search over `&'static str` slices (no allocation beyond one index).
//! Sources and licences: `lexicons/SOURCES.md`.

use std::sync::LazyLock;

/// A sorted list of lowercase entries (single words or space-joined phrases).
pub(crate) struct Lexicon {
    entries: Vec<&'static str>,
    /// The most tokens any entry has (phrase lookups try no longer windows).
    pub(crate) max_words: usize,
}

impl Lexicon {
    fn parse(data: &'static str) -> Lexicon {
        // The files are sorted and deduplicated (checked by a test), so no sort here.
        let entries: Vec<&'static str> = data
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let max_words = entries
            .iter()
            .map(|e| e.split(' ').count())
            .max()
            .unwrap_or(1);
        Lexicon { entries, max_words }
    }

    /// Whether `key` (already lowercase) is an entry.
    pub(crate) fn contains(&self, key: &str) -> bool {
        self.entries.binary_search(&key).is_ok()
    }

    /// One search for a phrase lookup: whether `key` is an entry, and whether some longer
    /// entry continues it with a space ("new" → "new york"), i.e. whether extending the key
    /// by another word can still match. Entries sort bytewise and ' ' sorts before every
    /// letter, so the continuations of `key` follow it directly.
    pub(crate) fn lookup(&self, key: &str) -> (bool, bool) {
        let i = self.entries.partition_point(|e| *e < key);
        let exact = self.entries.get(i) == Some(&key);
        let next = self.entries.get(i + usize::from(exact));
        let continues = next.is_some_and(|e| {
            e.len() > key.len() && e.starts_with(key) && e.as_bytes()[key.len()] == b' '
        });
        (exact, continues)
    }
}

macro_rules! lexicon {
    ($name:ident, $file:literal) => {
        pub(crate) static $name: LazyLock<Lexicon> =
            LazyLock::new(|| Lexicon::parse(include_str!(concat!("lexicons/", $file))));
    };
}

lexicon!(COUNTRIES, "countries.txt");
lexicon!(CITIES, "cities.txt");
lexicon!(US_STATES, "us_states.txt");
lexicon!(STATE_ABBREVS, "state_abbrevs.txt");
lexicon!(REGIONS, "regions.txt");
lexicon!(ORGS, "orgs.txt");
lexicon!(ORG_HEADS, "org_heads.txt");
lexicon!(TITLES, "titles.txt");
lexicon!(DEMONYMS, "demonyms.txt");
lexicon!(PARTICLES, "particles.txt");
lexicon!(GIVEN_NAMES, "given_names.txt");
lexicon!(GIVEN_NAMES_EXTRA, "given_names_extra.txt");
lexicon!(SURNAMES, "surnames.txt");
lexicon!(COMMON_WORDS, "common_words.txt");

/// Months and weekdays: capitalized, never entities on their own.
static CALENDAR: &[&str] = &[
    "apr",
    "april",
    "aug",
    "august",
    "dec",
    "december",
    "feb",
    "february",
    "fri",
    "friday",
    "jan",
    "january",
    "jul",
    "july",
    "jun",
    "june",
    "mar",
    "march",
    "may",
    "mon",
    "monday",
    "nov",
    "november",
    "oct",
    "october",
    "sat",
    "saturday",
    "sep",
    "sept",
    "september",
    "sun",
    "sunday",
    "thu",
    "thurs",
    "thursday",
    "tue",
    "tues",
    "tuesday",
    "wed",
    "wednesday",
];

/// Whether `lower` names a month or weekday (full or abbreviated).
pub(crate) fn is_calendar_word(lower: &str) -> bool {
    CALENDAR.binary_search(&lower).is_ok()
}

/// Whether `lower` is a common English word, directly or as an inflected form of one
/// (the generator leaves out "-s", "-ed", "-ing", "-ly" forms whose base is listed).
pub(crate) fn is_common_word(lower: &str) -> bool {
    let lex = &*COMMON_WORDS;
    if lex.contains(lower) {
        return true;
    }
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
    // One reused buffer: this runs for every word of every text.
    let mut key = String::with_capacity(lower.len() + 1);
    INFLECTIONS.iter().any(|(suffix, add)| {
        lower.len() > suffix.len() + 2
            && lower.strip_suffix(suffix).is_some_and(|base| {
                key.clear();
                key.push_str(base);
                key.push_str(add);
                lex.contains(&key)
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_tells_exact_matches_and_longer_continuations() {
        let lex = Lexicon::parse("new\nnew york\nnew zealand\nnewark\nst.\nst. louis\n");
        assert_eq!(lex.lookup("new"), (true, true));
        assert_eq!(lex.lookup("new york"), (true, false));
        assert_eq!(lex.lookup("newark"), (true, false));
        assert_eq!(
            lex.lookup("ne"),
            (false, false),
            "a prefix of a word is not a phrase start"
        );
        assert_eq!(lex.lookup("st."), (true, true));
        assert_eq!(lex.lookup("zzz"), (false, false));
        assert_eq!(lex.lookup(""), (false, false));
        let no_exact = Lexicon::parse("los angeles\n");
        assert_eq!(no_exact.lookup("los"), (false, true));
    }

    #[test]
    fn lists_load_sorted_and_answer() {
        assert!(COUNTRIES.contains("france"));
        assert!(COUNTRIES.contains("united states"));
        assert!(CITIES.contains("london"));
        assert!(US_STATES.contains("pennsylvania"));
        assert!(STATE_ABBREVS.contains("pa"));
        assert!(ORGS.contains("nato"));
        assert!(ORG_HEADS.contains("inc"));
        assert!(TITLES.contains("gov"));
        assert!(DEMONYMS.contains("russian"));
        assert!(PARTICLES.contains("van"));
        assert!(GIVEN_NAMES.contains("elizabeth"));
        assert!(SURNAMES.contains("johnson"));
        assert!(!COUNTRIES.contains("zzz"));
        assert!(COUNTRIES.max_words >= 2);
    }

    #[test]
    fn every_list_is_sorted_without_duplicates() {
        for lex in [
            &COUNTRIES,
            &CITIES,
            &US_STATES,
            &STATE_ABBREVS,
            &REGIONS,
            &ORGS,
            &ORG_HEADS,
            &TITLES,
            &DEMONYMS,
            &PARTICLES,
            &GIVEN_NAMES,
            &GIVEN_NAMES_EXTRA,
            &SURNAMES,
            &COMMON_WORDS,
        ] {
            let e = &lex.entries;
            assert!(!e.is_empty());
            if let Some(w) = e.windows(2).find(|w| w[0] >= w[1]) {
                panic!("list not sorted or duplicated at {:?}", w);
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
        assert!(is_calendar_word("monday"));
        assert!(!is_calendar_word("musk"));
    }
}
