//! Closed word classes of English time expressions, all lowercase: months, weekdays,
//! number words, units, parts of the day, time zones, and the fixed phrases in
//! `phrases.tsv`. Written for this project (no third-party lists).

use super::normalize::Unit;

/// Month number for a month name or its AP/common abbreviation ("aug", "sept").
pub(crate) fn month(w: &str) -> Option<u8> {
    let m = CLASS_TABLE.find(w.as_bytes(), ALL)?.month;
    (m != 0).then_some(m)
}

/// Whether a month word is an abbreviation (it then usually takes a period).
pub(crate) fn is_month_abbreviation(w: &str) -> bool {
    w.len() <= 4 && !matches!(w, "may" | "june" | "july")
}

/// Weekday number (1 = Monday) for a weekday name, with the plural ("mondays") flagged.
pub(crate) fn weekday(w: &str) -> Option<(u8, bool)> {
    let (stem, plural) = match w.strip_suffix('s') {
        Some(s) if s.ends_with("day") => (s, true),
        _ => (w, false),
    };
    let stem = stem.strip_suffix("'s").unwrap_or(stem);
    let stem = stem.strip_suffix("\u{2019}s").unwrap_or(stem);
    let n = entry(stem).weekday;
    (n != 0).then_some((n, plural))
}

/// Abbreviated weekdays, only trusted before a comma and a date ("Tues., Aug. 13").
pub(crate) fn weekday_abbreviation(w: &str) -> Option<u8> {
    let n = entry(w).weekday_abbreviation;
    (n != 0).then_some(n)
}

/// `w` split at its first ASCII hyphen (with `en_dash`, or en dash): `str::split_once`
/// on bytes, without the generic char searcher (measurably faster on the hot path).
pub(crate) fn split_hyphen(w: &str, en_dash: bool) -> Option<(&str, &str)> {
    let b = w.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        if c == b'-' {
            return Some((w.get(..i)?, w.get(i + 1..)?));
        }
        if en_dash && c == 0xE2 && b.get(i + 1..i + 3) == Some(&[0x80, 0x93]) {
            return Some((w.get(..i)?, w.get(i + 3..)?));
        }
    }
    None
}

/// The value of a cardinal number word, including hyphenated tens ("twenty-four").
pub(crate) fn number_word(w: &str) -> Option<f64> {
    if let Some((a, b)) = split_hyphen(w, false) {
        let tens = number_word(a)?;
        let ones = number_word(b)?;
        // "twenty-four": tens from 20 to 90 (integers held exactly in f64), then a digit.
        let t = tens as u32;
        return ((20..=90).contains(&t) && t % 10 == 0 && ones < 10.0).then_some(tens + ones);
    }
    let n = CLASS_TABLE.find(w.as_bytes(), ALL)?.number;
    (n != 0).then_some(f64::from(n))
}

/// Ordinal words and numerals up to 31 ("third", "3rd", "21st").
pub(crate) fn ordinal(w: &str) -> Option<u8> {
    let digits = w.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        let rest = w.get(digits..).unwrap_or("");
        return matches!(rest, "st" | "nd" | "rd" | "th")
            .then(|| w.get(..digits)?.parse().ok())
            .flatten();
    }
    let n = CLASS_TABLE.find(w.as_bytes(), ALL)?.ordinal;
    (n != 0).then_some(n)
}

/// A unit of time and whether the word is plural ("weeks").
pub(crate) fn unit(w: &str) -> Option<(Unit, bool)> {
    let u = CLASS_TABLE.find(w.as_bytes(), ALL)?.unit?;
    Some((u, w.ends_with('s')))
}

/// TIMEX3 part-of-day code for "morning", "night", …
pub(crate) fn part_of_day(w: &str) -> Option<&'static str> {
    ["MO", "AF", "EV", "NI"]
        .get(usize::from(entry(w).part_of_day.checked_sub(1)?))
        .copied()
}

/// Time zones as news writes them, case-sensitive ("E.T.", "EDT", "GMT").
pub(crate) fn time_zone(raw: &str) -> bool {
    tagged(raw, Tags::ZONE)
}

/// Region words that form a zone with "time" ("Eastern time").
pub(crate) fn zone_region(w: &str) -> bool {
    tagged(w, Tags::REGION)
}

/// Whether the word `w` (as the table holds it: lowercase, or a zone's own case) is in the
/// lists of `tag` (bits of [`Tags`]).
pub(crate) fn tagged(w: &str, tag: u16) -> bool {
    entry(w).tags & tag != 0
}

/// Bits of a word's [`Slot::tags`]: the short word lists of [`TAG_WORDS`].
pub(crate) struct Tags;

impl Tags {
    /// A time zone (`z`).
    pub(crate) const ZONE: u16 = 1;
    /// A region that makes a zone with "time" (`r`).
    pub(crate) const REGION: u16 = 1 << 1;
    /// After a four-digit number, makes it a count, not a year: "2000 people" (`n`).
    pub(crate) const COUNTED: u16 = 1 << 2;
    /// Before a bare number from 1000 to 1899, makes it a year: "in 1848" (`y`).
    pub(crate) const YEAR_BEFORE: u16 = 1 << 3;
    /// Before "May" or "March" alone, makes it a month: "in May" (`m`).
    pub(crate) const MONTH_BEFORE: u16 = 1 << 4;
    /// An adjective of a duration: "the past three years" (`a`).
    pub(crate) const DURATION_ADJECTIVE: u16 = 1 << 5;
    /// Before "a day", makes it a rate or a set: "twice a day", "$5 million a year" (`t`).
    pub(crate) const RATE_BEFORE: u16 = 1 << 6;
    /// An approximator of a date or a time: "about" (`x`).
    pub(crate) const ABOUT: u16 = 1 << 7;
    /// An approximator the span leaves outside: "just", "exactly" (`o`).
    pub(crate) const OUTSIDE: u16 = 1 << 8;
    /// Before a unit, makes a frequency: "*per* year" (`e`).
    pub(crate) const EACH: u16 = 1 << 9;
    /// Ends in "s" but is no plural noun: "this", "less" (`u`).
    pub(crate) const NOT_PLURAL: u16 = 1 << 10;
}

/// The lists of [`Tags`]: a line each, its letter and then its words.
const TAG_WORDS: &str = "
z ET E.T. EDT EST E.D.T. E.S.T. CT C.T. CDT CST MT MDT MST PT P.T. PDT PST AKDT AKST HST GMT UTC BST CET CEST EET EEST WET MSK IST JST KST HKT SGT AEST AEDT NZST NZDT Z
r eastern central mountain pacific local greenwich atlantic
n % percent per people points feet meters miles tons votes dollars barrels pounds kilometers acres
y in since until by of from to before after during early late mid
m in the since until by early late mid last next this of from through during before after till to and
a past last next first final coming previous following latest remaining entire full whole initial recent additional ensuing preceding
t once twice times per million billion thousand hundred % percent
x about around approximately roughly nearly almost
o just only exactly precisely barely within circa approx
e a an per each every
u this does less across towards thus
";

/// The first month of a season word.
pub(crate) fn season(w: &str) -> Option<u8> {
    let m = entry(w).season;
    (m != 0).then_some(m)
}

/// Approximators that TimeBank includes in a timex ("about two hours", "more than a year").
/// Returns how many tokens the modifier spans (1 or 2) for the words starting at `w0`.
pub(crate) fn approximator(w0: &str, w1: &str) -> usize {
    match (w0, w1) {
        ("more" | "less" | "fewer", "than") => 2,
        ("at", "least" | "most") => 2,
        ("up", "to") => 2,
        ("no", "more" | "less") => 1, // "no more than": "no" then "more than"
        (
            "about" | "around" | "nearly" | "almost" | "approximately" | "roughly" | "some"
            | "over" | "under" | "just" | "only" | "barely" | "exactly" | "precisely" | "approx"
            | "circa" | "within",
            _,
        ) => 1,
        _ => 0,
    }
}

/// Every lowercase word that can begin a time expression or an approximator in front of
/// one, sorted: the scanner skips a token outside this list (and not a
/// number, a hyphenated word, an apostrophe or "Q1"-like) without trying any pattern, which
/// most tokens of running text are. Keep it a superset of what the patterns in `mod.rs`
/// accept as their first word; debug builds check every skipped token against them.
const STARTERS: &str = "
a
about
additional
almost
an
annually
another
approx
approximately
apr
april
around
at
aug
august
autumn
barely
beginning
biweekly
centuries
century
christmas
circa
coming
countless
current
currently
daily
day
days
dec
decade
decades
december
dozen
dozens
each
earlier
early
eight
eighteen
eighteenth
eighth
eighty
election
eleven
eleventh
end
ensuing
entire
every
exactly
fall
feb
february
few
fewer
fifteen
fifteenth
fifth
fifty
final
first
fiscal
five
following
forty
four
fourteen
fourteenth
fourth
fri
friday
fridays
full
half
halloween
hour
hourly
hours
hr
hrs
hundred
hundreds
independence
initial
its
jan
january
jul
july
jun
june
just
last
late
lately
later
latest
less
many
mar
march
may
mid
midday
middle
midnight
min
mins
minute
minutes
mon
monday
mondays
month
monthly
months
more
multiple
nearly
new
next
nightly
nine
nineteen
nineteenth
ninety
ninth
no
noon
nov
november
now
nowadays
numerous
oct
october
once
one
only
over
past
preceding
precisely
previous
prior
quarter
quarters
recent
recently
remaining
right
roughly
same
sat
saturday
saturdays
sec
second
seconds
secs
sep
sept
september
seven
seventeen
seventeenth
seventh
seventy
several
six
sixteen
sixteenth
sixth
sixty
some
soon
spring
start
summer
sun
sunday
sundays
ten
tens
tenth
thanksgiving
that
the
these
third
thirteen
thirteenth
thirty
this
those
thousand
thousands
three
thrice
thu
thur
thurs
thursday
thursdays
today
tomorrow
tonight
tue
tues
tuesday
tuesdays
twelfth
twelve
twentieth
twenty
twenty-first
twice
two
under
up
valentine's
wed
wednesday
wednesdays
week
weekly
weeks
whole
winter
within
year
year's
year-end
yearly
years
yesterday
";

/// Starters that begin a time expression only before another starter or a word of
/// [`FOLLOWERS`] ("the" before "past", "a" before "week", "about" before "two", "this"
/// before "morning"), sorted. These are the frequent function words: checking the next
/// word skips most of their occurrences too.
const WEAK: &str = "
a
about
almost
an
approx
approximately
around
at
barely
circa
exactly
fewer
its
just
less
more
nearly
new
no
only
over
precisely
roughly
some
that
the
this
under
up
within
";

/// Words that are not [`STARTERS`] but may follow a [`WEAK`] one in a time expression:
/// "a *couple* of", "a *straight* week", "three *times* a day", "the *turn* of", "the
/// *nineties*", "the *weekend*", "the near *future*", "the *long* term", "at *present*",
/// "this *morning*", "more *than*", "at *least*", "up *to*"; sorted.
const FOLLOWERS: &str = "
afternoon
afternoons
business
consecutive
couple
eighties
evening
evenings
fifties
forties
future
least
long
morning
mornings
most
near
night
nights
nineties
overnight
present
seventies
short
sixties
straight
than
thirties
times
to
trading
turn
twenties
weekend
working
";

/// The words of a list above (one a line: a string, not an array of `&str`, whose
/// pointer and length per word cost the wasm more than the words).
fn words(list: &'static str) -> impl Iterator<Item = &'static str> {
    list.split_ascii_whitespace()
}

/// What a word can do at the start of a time expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// Nothing: no pattern starts with it.
    None,
    /// It may start one.
    Starter,
    /// A [`Class::Starter`] that is a unit of time ("day", "years"): durations, "ago" and
    /// frequencies need one within a few tokens of their start, so the scanner skips them
    /// where none is near.
    Unit,
    /// It may start one only before a [`Class::Starter`], [`Class::Weak`] or
    /// [`Class::Follower`] word.
    Weak,
    /// Starts nothing, but may follow a weak word.
    Follower,
    /// A plain number ("12", "3.5", "1,700"; not a four-digit year): starts an expression
    /// only before a time word ("12 days"), a clock suffix ("10 p.m.") or a slash ("8/12").
    Count,
}

/// Slots of the word-class hash table (a power of two, at least three times the words,
/// so most words of running text land on an empty slot and cost no comparison).
const CLASS_SLOTS: usize = 2048;

/// `w` zero-padded into 128 bits, if it is short enough to be a classified word: words
/// then compare as integers, without a `memcmp` call.
#[inline]
fn class_key(w: &[u8]) -> Option<u128> {
    if w.is_empty() || w.len() > 13 {
        return None;
    }
    // The bytes little-endian, as `u128::from_le_bytes` of the word zero-padded to 16
    // bytes, built in registers: a padded buffer compiles to `memory.fill` and `memory.copy`
    // in wasm, calls out of the module at every token.
    let pack = |b: &[u8]| b.iter().rev().fold(0u64, |k, &x| k << 8 | u64::from(x));
    let (lo, hi) = match w.split_first_chunk::<8>() {
        Some((head, rest)) => (u64::from_le_bytes(*head), pack(rest)),
        None => (pack(w), 0),
    };
    // The length in the last byte: "one" and "one\0" differ.
    let hi = hi | (w.len() as u64) << 56;
    Some(u128::from(lo) | u128::from(hi) << 64)
}

/// The first slot to probe for `key`: a multiplicative hash.
#[inline]
fn class_slot(key: u128) -> usize {
    let x = (key as u64) ^ ((key >> 64) as u64).rotate_left(29);
    (x.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - CLASS_SLOTS.trailing_zeros())) as usize
}

/// The patterns of the scanner's `core` that a word may start, as far as the word itself
/// decides (bits of [`Gates`]; the scanner adds what a word's shape decides: numbers,
/// hyphens, ordinals, month and weekday names, units). Each line: a word, then the letters
/// of its patterns: `c` clock, `p` positioned, `w` week of, `e` weekday, `m` month date,
/// `q` quarter, `y` year, `r` relative, `a` ago, `d` duration, `s` set, `f` fixed phrase
/// (the first words of [`PHRASES`] are added at load). Keep each a superset of what the
/// pattern accepts as its first word; debug builds check it.
const GATE_WORDS: &str = "
' y
\u{2019} y
a ads
additional d
an ads
another d
beginning p
coming eqrd
countless ads
current qrdf
dozens ads
each s
earlier p
early p
end p
ensuing d
entire d
every s
few ads
final d
first d
fiscal qy
following d
full d
half qads
hundreds ads
initial d
its q
last emqrd
late p
latest qd
later p
many ads
mid p
midday c
middle p
midnight c
multiple ads
next emqrd
noon c
numerous ads
once s
past eqrd
preceding d
previous qd
prior q
quarter q
quarter's q
quarter\u{2019}s q
recent qdf
remaining d
same q
several ads
some ads
start p
tens ads
that r
the pwqyrd
these d
this emqr
those d
thousands ads
thrice s
today r
tomorrow r
tonight r
twice s
whole d
year-ago r
year-earlier r
yesterday r
";

/// Bits of a word's gate mask (see [`GATE_WORDS`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Gates;

impl Gates {
    pub(crate) const CLOCK: u16 = 1;
    pub(crate) const POSITIONED: u16 = 1 << 1;
    pub(crate) const WEEK_OF: u16 = 1 << 2;
    pub(crate) const WEEKDAY: u16 = 1 << 3;
    pub(crate) const MONTH_DATE: u16 = 1 << 4;
    pub(crate) const QUARTER: u16 = 1 << 5;
    pub(crate) const YEAR: u16 = 1 << 6;
    pub(crate) const RELATIVE: u16 = 1 << 7;
    pub(crate) const AGO: u16 = 1 << 8;
    pub(crate) const DURATION: u16 = 1 << 9;
    pub(crate) const SET: u16 = 1 << 10;
    pub(crate) const PHRASE: u16 = 1 << 11;
}

/// Every classified word: an open-addressed table of keys (0 for an empty slot) with their
/// classes and gate masks, and for each first and last letter (see [`ends`]) the word
/// lengths that occur (bit `n` for length `n`), which turns most words of running text
/// away before any hashing.
struct ClassTable {
    slots: Vec<Slot>,
    /// Indexed by a filter: [`ALL`], [`CLASSIFIED`] or [`DAY`].
    lengths: [[u16; 1024]; 3],
}

/// The filter of every word in the [`ClassTable`].
const ALL: usize = 0;
/// The filter of the words with a class or gates only: [`class`], which runs at every token,
/// hashes no word that only has a value or a tag ("said", "was").
const CLASSIFIED: usize = 1;
/// The filter of the words [`starts_day`] accepts only: the dateline asks it of every word
/// of the text's head, and "the" or "a" need no hashing to be turned away.
const DAY: usize = 2;

/// The index of a word's lengths in [`ClassTable::lengths`]: the low five bits of its first
/// and last bytes (each letter apart; other bytes share, which only lets more words through).
#[inline]
fn ends(w: &[u8]) -> usize {
    let (first, last) = (w.first().copied(), w.last().copied());
    usize::from(first.unwrap_or(0) & 31) << 5 | usize::from(last.unwrap_or(0) & 31)
}

/// One word of the [`ClassTable`] and what it is (0 or `None`: not that kind of word).
#[derive(Clone, Copy)]
pub(crate) struct Slot {
    /// The word's key (see `class_key`); 0 for an empty slot.
    key: u128,
    class: Class,
    /// Bits of [`Gates`].
    pub(crate) gates: u16,
    /// The value of a number word ("dozen" 12, "thousand" 1000).
    pub(crate) number: u16,
    /// The value of an ordinal word ("third" 3).
    pub(crate) ordinal: u8,
    /// The number of a month name or abbreviation.
    pub(crate) month: u8,
    pub(crate) unit: Option<Unit>,
    /// A tense cue: [`FUTURE`] or [`PAST`].
    tense: u8,
    /// Bits of [`Tags`].
    tags: u16,
    /// The number of a weekday (1 = Monday).
    pub(crate) weekday: u8,
    /// The number of a weekday's abbreviation ("tues").
    pub(crate) weekday_abbreviation: u8,
    /// 1 to 4 for the parts of the day `MO`, `AF`, `EV`, `NI`.
    part_of_day: u8,
    /// The first month of a season.
    pub(crate) season: u8,
    /// The TIMEX3 modifier of a word like "early": 1 to 5 for `START`, `END`, `MID`,
    /// `AFTER`, `BEFORE` (0: `APPROX`).
    pub(crate) modifier: u8,
}

/// What an unlisted word is: nothing.
const NO_SLOT: Slot = Slot {
    key: 0,
    class: Class::None,
    gates: 0,
    number: 0,
    ordinal: 0,
    month: 0,
    unit: None,
    tense: 0,
    tags: 0,
    weekday: 0,
    weekday_abbreviation: 0,
    part_of_day: 0,
    season: 0,
    modifier: 0,
};

/// Everything the table knows of the lowercase word `w` (all empty when unlisted): one
/// lookup where several of the functions here would each hash the word.
pub(crate) fn entry(w: &str) -> &'static Slot {
    CLASS_TABLE.find(w.as_bytes(), ALL).unwrap_or(&NO_SLOT)
}

/// A word's [`Slot::tense`]: it points to the future ("will") or the past ("said").
pub(crate) const FUTURE: u8 = 1;
/// See [`FUTURE`].
pub(crate) const PAST: u8 = 2;

/// Words with values, a line each: the word and its value(s). Numbers (`#`) and ordinals
/// (`.`) by value, months (`=`) by number, weekdays (`@`) and their abbreviations (`~`) by
/// number, seasons (`*`) by first month, parts of the day (`^`) 1 to 4 (see
/// [`part_of_day`]), units by a letter (its [`Unit`]: `s` second, `n` minute, `h` hour,
/// `d` day, `w` week, `m` month, `q` quarter, `y` year, `e` decade, `c` century; a word
/// ending in "s" is plural), tense cues by `f` (future) or `p` (past), modifiers (`!`) 1
/// to 5 (see `mod_label` in the scanner).
const VALUE_WORDS: &str = "
early !1
beginning !1
start !1
earlier !1
late !2
end !2
later !2
mid !3
middle !3
post !4
pre !5
monday @1
tuesday @2
wednesday @3
thursday @4
friday @5
saturday @6
sunday @7
mon ~1
tue ~2
tues ~2
wed ~3
thu ~4
thur ~4
thurs ~4
fri ~5
sat ~6
sun ~7
morning ^1
mornings ^1
afternoon ^2
afternoons ^2
evening ^3
evenings ^3
night ^4
nights ^4
overnight ^4
spring *3
summer *6
fall *9
autumn *9
winter *12
one #1
two #2
three #3
four #4
five #5
six #6
seven #7
eight #8
nine #9
ten #10
eleven #11
twelve #12
thirteen #13
fourteen #14
fifteen #15
sixteen #16
seventeen #17
eighteen #18
nineteen #19
twenty #20
thirty #30
forty #40
fifty #50
sixty #60
seventy #70
eighty #80
ninety #90
hundred #100
thousand #1000
dozen #12
first .1
second .2 s
third .3
fourth .4
fifth .5
sixth .6
seventh .7
eighth .8
ninth .9
tenth .10
eleventh .11
twelfth .12
thirteenth .13
fourteenth .14
fifteenth .15
sixteenth .16
seventeenth .17
eighteenth .18
nineteenth .19
twentieth .20
twenty-first .21
january =1
jan =1
february =2
feb =2
march =3
mar =3
april =4
apr =4
may =5
june =6
jun =6
july =7
jul =7
august =8
aug =8
september =9
sept =9
sep =9
october =10
oct =10
november =11
nov =11
december =12
dec =12
sec s
seconds s
secs s
minute n
min n
minutes n
mins n
hour h
hr h
hours h
hrs h
day d
days d
week w
weeks w
month m
months m
quarter q
quarters q
year y
years y
decade e
decades e
century c
centuries c
will f
shall f
won't f
would f
wouldn't f
going f
scheduled f
expected f
expects f
plans f
plan f
planning f
intends f
upcoming f
due f
slated f
hopes f
tomorrow f
until f
could f
might f
next f
said p
was p
were p
had p
did p
ago p
went p
came p
met p
told p
took p
gave p
made p
got p
began p
saw p
won p
lost p
left p
held p
fell p
rose p
found p
sent p
spent p
struck p
broke p
spoke p
wrote p
hit p
led p
ran p
paid p
sold p
bought p
yesterday p
earlier p
last p
";

static CLASS_TABLE: std::sync::LazyLock<ClassTable> = std::sync::LazyLock::new(|| {
    let mut table = ClassTable {
        slots: vec![NO_SLOT; CLASS_SLOTS],
        lengths: [[0u16; 1024]; 3],
    };
    let weak = |w: &str| words(WEAK).any(|x| x == w);
    let classified = words(STARTERS)
        .map(|w| (w, if weak(w) { Class::Weak } else { Class::Starter }))
        .chain(words(FOLLOWERS).map(|w| (w, Class::Follower)));
    for (w, c) in classified {
        if let Some(slot) = table.entry(w) {
            slot.class = c;
        }
    }
    for line in GATE_WORDS.lines() {
        let mut parts = line.split(' ');
        let (Some(w), Some(letters)) = (parts.next(), parts.next()) else {
            continue;
        };
        let mask = letters.bytes().fold(0, |m, b| {
            m | match b {
                b'c' => Gates::CLOCK,
                b'p' => Gates::POSITIONED,
                b'w' => Gates::WEEK_OF,
                b'e' => Gates::WEEKDAY,
                b'm' => Gates::MONTH_DATE,
                b'q' => Gates::QUARTER,
                b'y' => Gates::YEAR,
                b'r' => Gates::RELATIVE,
                b'a' => Gates::AGO,
                b'd' => Gates::DURATION,
                b'f' => Gates::PHRASE,
                _ => Gates::SET,
            }
        });
        if let Some(slot) = table.entry(w) {
            slot.gates |= mask;
            if slot.starts_day() {
                table.mark(DAY, w);
            }
        }
    }
    for (key, _) in PHRASES.iter() {
        if let Some(slot) = table.entry(key.split(' ').next().unwrap_or(key)) {
            slot.gates |= Gates::PHRASE;
        }
    }
    table.lengths[CLASSIFIED] = table.lengths[ALL];
    for line in TAG_WORDS.lines() {
        let mut parts = line.split(' ');
        let bit = match parts.next() {
            Some("z") => Tags::ZONE,
            Some("r") => Tags::REGION,
            Some("n") => Tags::COUNTED,
            Some("y") => Tags::YEAR_BEFORE,
            Some("m") => Tags::MONTH_BEFORE,
            Some("a") => Tags::DURATION_ADJECTIVE,
            Some("t") => Tags::RATE_BEFORE,
            Some("x") => Tags::ABOUT,
            Some("o") => Tags::OUTSIDE,
            Some("e") => Tags::EACH,
            Some("u") => Tags::NOT_PLURAL,
            _ => continue,
        };
        for w in parts {
            if let Some(slot) = table.entry(w) {
                slot.tags |= bit;
            }
        }
    }
    for line in VALUE_WORDS.lines() {
        let mut parts = line.split(' ');
        let Some(w) = parts.next() else {
            continue;
        };
        let Some(slot) = table.entry(w) else {
            continue;
        };
        for v in parts {
            // A mark and a number, or a letter.
            let n: u16 = v.get(1..).and_then(|n| n.parse().ok()).unwrap_or(0);
            let b = n as u8;
            match v.as_bytes().first() {
                Some(b'#') => slot.number = n,
                Some(b'.') => slot.ordinal = b,
                Some(b'=') => slot.month = b,
                Some(b'@') => slot.weekday = b,
                Some(b'~') => slot.weekday_abbreviation = b,
                Some(b'^') => slot.part_of_day = b,
                Some(b'*') => slot.season = b,
                Some(b'!') => slot.modifier = b,
                Some(b'f') => slot.tense = FUTURE,
                Some(b'p') => slot.tense = PAST,
                Some(u) => {
                    // Every unit word is a starter (a test checks).
                    slot.class = Class::Unit;
                    slot.unit = Some(match u {
                        b's' => Unit::Second,
                        b'n' => Unit::Minute,
                        b'h' => Unit::Hour,
                        b'd' => Unit::Day,
                        b'w' => Unit::Week,
                        b'm' => Unit::Month,
                        b'q' => Unit::Quarter,
                        b'y' => Unit::Year,
                        b'e' => Unit::Decade,
                        _ => Unit::Century,
                    })
                }
                None => {}
            }
        }
        if slot.starts_day() {
            table.mark(DAY, w);
        }
    }
    table
});

impl ClassTable {
    /// The slot holding `w`, claimed (with no class and no gates) if `w` is new; `None`
    /// for a word too long to key.
    fn entry(&mut self, w: &str) -> Option<&mut Slot> {
        let key = class_key(w.as_bytes())?;
        self.mark(ALL, w);
        let mut slot = class_slot(key);
        while self
            .slots
            .get(slot)
            .is_some_and(|s| s.key != 0 && s.key != key)
        {
            slot = (slot + 1) % CLASS_SLOTS;
        }
        let s = self.slots.get_mut(slot)?;
        s.key = key;
        Some(s)
    }

    /// Lets `w` (a keyed word: 13 bytes at most) through the filter `filter` (see
    /// [`ClassTable::lengths`]).
    #[inline(never)]
    fn mark(&mut self, filter: usize, w: &str) {
        if let Some(l) = self
            .lengths
            .get_mut(filter)
            .and_then(|l| l.get_mut(ends(w.as_bytes())))
        {
            *l |= 1 << w.len();
        }
    }

    /// The slot of the lowercase word `w`: usually a table read, else one hash and a probe.
    /// Only a word past the `filter` ([`ALL`], [`CLASSIFIED`], [`DAY`]) is found.
    #[inline(never)]
    fn find(&self, w: &[u8], filter: usize) -> Option<&Slot> {
        // No listed word has these ends and length (lengths above 13 never do).
        let lengths = self
            .lengths
            .get(filter)
            .and_then(|l| l.get(ends(w)))
            .copied()
            .unwrap_or(0);
        if w.len() > 13 || lengths & (1 << w.len()) == 0 {
            return None;
        }
        let key = class_key(w)?;
        let mut slot = class_slot(key);
        // The table is under a third full: a probe always reaches an empty slot.
        loop {
            match self.slots.get(slot) {
                Some(s) if s.key == key => return Some(s),
                Some(Slot { key: 0, .. }) | None => return None,
                Some(_) => slot = (slot + 1) % CLASS_SLOTS,
            }
        }
    }
}

/// The class of the lowercase word `w` (inlined: the class pass calls it at every token).
#[inline]
pub(crate) fn class(w: &[u8]) -> Class {
    CLASS_TABLE
        .find(w, CLASSIFIED)
        .map_or(Class::None, |s| s.class)
}

/// Whether the lowercase word `w` may start a day's date: a month, weekday or ordinal word,
/// or one gated for weekdays or month dates ("last", "this"). Most words are turned away by
/// their ends and length alone, without hashing.
pub(crate) fn starts_day(w: &[u8]) -> bool {
    CLASS_TABLE.find(w, DAY).is_some_and(Slot::starts_day)
}

impl Slot {
    /// Whether the slot's word may start a day's date (see [`starts_day`]).
    #[inline(never)]
    fn starts_day(&self) -> bool {
        self.gates & (Gates::WEEKDAY | Gates::MONTH_DATE) != 0
            || self.month | self.weekday | self.weekday_abbreviation | self.ordinal != 0
    }
}

/// The gate mask of the lowercase word `w` (bits of [`Gates`]; 0 for an unlisted word).
#[cfg(test)]
pub(crate) fn gates(w: &str) -> u16 {
    CLASS_TABLE.find(w.as_bytes(), ALL).map_or(0, |s| s.gates)
}

/// The tense a lowercase word points to ([`FUTURE`], [`PAST`]; 0 for none).
pub(crate) fn tense(w: &str) -> u8 {
    CLASS_TABLE.find(w.as_bytes(), ALL).map_or(0, |s| s.tense)
}

/// Whether `w` (lowercase) is in [`STARTERS`].
#[cfg(test)]
pub(crate) fn is_starter(w: &str) -> bool {
    matches!(
        class(w.as_bytes()),
        Class::Starter | Class::Unit | Class::Weak
    )
}

/// A fixed phrase of up to four words with its TIMEX3 type and value, from `phrases.tsv`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Phrase {
    pub(crate) kind: &'static str,
    pub(crate) value: &'static str,
    pub(crate) reason: &'static str,
}

/// Loaded once; the file is kept sorted by key (a unit test checks), so lookups can binary
/// search without sorting at run time.
static PHRASES: std::sync::LazyLock<Vec<(&'static str, Phrase)>> = std::sync::LazyLock::new(|| {
    // `phrases.tsv` without its comment lines (`build.rs`).
    include_str!(concat!(env!("OUT_DIR"), "/phrases.tsv"))
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let mut f = l.split('\t');
            let key = f.next()?;
            let kind = f.next()?;
            let value = f.next()?;
            let reason = f.next().unwrap_or("fixed expression");
            Some((
                key,
                Phrase {
                    kind,
                    value,
                    reason,
                },
            ))
        })
        .collect()
});

/// The fixed phrase spelled `key` (lowercase words joined by single spaces).
#[cfg(test)]
pub(crate) fn phrase(key: &str) -> Option<Phrase> {
    phrase_step(key).0
}

/// The fixed phrase spelled `key`, if any, and whether a longer phrase continues it (then
/// `key` followed by a space starts some entry): lets a caller stop adding words.
pub(crate) fn phrase_step(key: &str) -> (Option<Phrase>, bool) {
    let v = &*PHRASES;
    let i = v.partition_point(|(k, _)| *k < key);
    let exact = v.get(i).filter(|(k, _)| *k == key).map(|(_, p)| *p);
    // Entries extending `key` sort right after it (a space sorts before every other
    // character a key holds), so one look past an exact hit decides.
    let after = if exact.is_some() { i + 1 } else { i };
    let more = v.get(after).is_some_and(|(k, _)| {
        k.strip_prefix(key)
            .is_some_and(|rest| rest.starts_with(' '))
    });
    (exact, more)
}

/// Whether some fixed phrase starts with the word `w`.
#[cfg(test)]
pub(crate) fn phrase_starts_with(w: &str) -> bool {
    let v = &*PHRASES;
    let i = v.partition_point(|(k, _)| *k < w);
    v.get(i).is_some_and(|(k, _)| {
        k.strip_prefix(w)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_keys_are_the_padded_words() {
        let word = b"abcdefghijklmn";
        for len in 1..=13 {
            let w = &word[..len];
            let mut buf = [0u8; 16];
            buf[..len].copy_from_slice(w);
            buf[15] = len as u8;
            assert_eq!(class_key(w), Some(u128::from_le_bytes(buf)), "{len}");
        }
        assert_eq!(class_key(b""), None);
        assert_eq!(class_key(word), None);
    }

    #[test]
    fn months_weekdays_numbers() {
        assert_eq!(month("sept"), Some(9));
        assert_eq!(month("aug"), Some(8));
        assert_eq!(month("mayday"), None);
        for w in [
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
        ] {
            assert!(super::super::is_weekday_name(w), "{w}");
        }
        for w in ["mon", "fri", "fridays", "friday's", "may", "day", "today"] {
            assert!(!super::super::is_weekday_name(w), "{w}");
        }
        assert_eq!(weekday("mondays"), Some((1, true)));
        assert_eq!(weekday("friday's"), Some((5, false)));
        assert_eq!(weekday("sunday"), Some((7, false)));
        assert_eq!(number_word("twenty-four"), Some(24.0));
        assert_eq!(number_word("four-twenty"), None);
        assert_eq!(ordinal("21st"), Some(21));
        assert_eq!(ordinal("third"), Some(3));
        assert_eq!(ordinal("21"), None);
        assert_eq!(unit("weeks"), Some((Unit::Week, true)));
    }

    #[test]
    fn phrases_load_sorted() {
        let keys: Vec<&str> = PHRASES.iter().map(|(k, _)| *k).collect();
        assert!(
            keys.windows(2).all(|w| w[0] < w[1]),
            "phrases.tsv must stay sorted"
        );
        assert_eq!(phrase("now").unwrap().value, "PRESENT_REF");
        assert_eq!(phrase("the near future").unwrap().value, "FUTURE_REF");
        assert!(phrase_starts_with("the"));
        assert!(matches!(phrase_step("the"), (None, true)));
        assert!(matches!(phrase_step("the near"), (None, true)));
        assert!(matches!(phrase_step("the past"), (Some(_), false)));
        assert!(matches!(phrase_step("christmas"), (Some(_), true)));
        assert!(matches!(phrase_step("the zebra"), (None, false)));
        for (key, _) in PHRASES.iter() {
            // Every proper word prefix of a phrase says "more".
            let words: Vec<&str> = key.split(' ').collect();
            for n in 1..words.len() {
                assert!(phrase_step(&words[..n].join(" ")).1, "{key}");
            }
        }
        assert_eq!(split_hyphen("mid-2024", false), Some(("mid", "2024")));
        assert_eq!(split_hyphen("2019\u{2013}21", true), Some(("2019", "21")));
        assert_eq!(split_hyphen("2019\u{2013}21", false), None);
        assert_eq!(split_hyphen("a-b-c", true), Some(("a", "b-c")));
        assert!(!phrase_starts_with("zebra"));
        assert!(time_zone("E.T.") && time_zone("GMT") && !time_zone("et"));
    }

    #[test]
    fn gates_cover_their_words_and_keep_classes() {
        // Every fixed phrase's first word opens the phrase pattern (when short enough to key).
        for (key, _) in PHRASES.iter() {
            let first = key.split(' ').next().unwrap_or(key);
            assert!(
                first.len() > 13 || gates(first) & Gates::PHRASE != 0,
                "{first:?}"
            );
        }
        assert_ne!(gates("the") & Gates::WEEK_OF, 0);
        assert_ne!(gates("quarter\u{2019}s") & Gates::QUARTER, 0);
        assert_ne!(gates("\u{2019}") & Gates::YEAR, 0);
        assert_eq!(gates("the") & Gates::SET, 0);
        assert_eq!(gates("government"), 0);
        // A word listed only for its gates has no class: the scan still skips it.
        assert_eq!(class(b"year-ago"), Class::None);
        assert_eq!(class(b"quarter's"), Class::None);
        assert_eq!(class(b"the"), Class::Weak);
        // `Scanner::could_start_day` asks `starts_day`, whose filter must let through every
        // word that may start a day's date (and the scanner's class pass gives each a class).
        let mut days = 0;
        for s in &CLASS_TABLE.slots {
            let bytes = s.key.to_le_bytes();
            let word = bytes.get(..usize::from(bytes[15])).unwrap_or(&[]);
            let name = String::from_utf8_lossy(word);
            assert_eq!(starts_day(word), s.starts_day(), "{name:?}");
            if s.starts_day() {
                days += 1;
                assert_ne!(class(word), Class::None, "{name:?}");
            }
        }
        assert!(days > 50, "{days}");
        assert!(starts_day(b"august") && starts_day(b"last") && starts_day(b"third"));
        assert!(!starts_day(b"the") && !starts_day(b"said") && !starts_day(b"year"));
        // Each line of the list names a word and at least one pattern letter.
        for line in GATE_WORDS.lines().filter(|l| !l.is_empty()) {
            let (w, letters) = line.split_once(' ').expect("word and letters");
            assert!(!letters.is_empty() && gates(w) != 0, "{line:?}");
            assert!(
                letters.bytes().all(|b| b"cpwemqyradsf".contains(&b)),
                "{line:?}"
            );
        }
    }

    #[test]
    fn starters_are_sorted_and_cover_the_word_lists() {
        let starters: Vec<&str> = words(STARTERS).collect();
        let weak: Vec<&str> = words(WEAK).collect();
        let followers: Vec<&str> = words(FOLLOWERS).collect();
        assert!(
            starters.windows(2).all(|w| w[0] < w[1]),
            "keep STARTERS sorted"
        );
        assert!(starters.iter().all(|w| w.len() <= 13));
        let used = CLASS_TABLE.slots.iter().filter(|s| s.key != 0).count();
        assert!(used * 3 <= CLASS_SLOTS, "{used} words: widen CLASS_SLOTS");
        // A word listed for its value or tense only has no class.
        assert_eq!(class(b"said"), Class::None);
        assert_eq!(
            (tense("said"), tense("will"), tense("the")),
            (PAST, FUTURE, 0)
        );
        assert_eq!(number_word("thousand"), Some(1000.0));
        assert_eq!(ordinal("twenty-first"), Some(21));
        assert_eq!(unit("secs"), Some((Unit::Second, true)));
        assert_eq!(unit("second"), Some((Unit::Second, false)));
        assert_eq!(month("may"), Some(5));
        assert!(starters.iter().all(|w| is_starter(w)));
        assert!(weak.windows(2).all(|w| w[0] < w[1]), "keep WEAK sorted");
        assert!(
            weak.iter().all(|w| class(w.as_bytes()) == Class::Weak),
            "WEAK in STARTERS"
        );
        assert!(
            followers.windows(2).all(|w| w[0] < w[1]),
            "keep FOLLOWERS sorted"
        );
        assert!(followers
            .iter()
            .all(|w| class(w.as_bytes()) == Class::Follower && w.len() <= 13));
        assert_eq!(class(b"government"), Class::None);
        assert_eq!(class(b"approximately"), Class::Weak);
        assert_eq!(class(b"approximatelyy"), Class::None);
        // Every fixed phrase can start where its first word stands.
        for (key, _) in PHRASES.iter() {
            let first = key.split(' ').next().unwrap_or("");
            assert!(
                is_starter(first),
                "{first:?} (phrases.tsv) missing from STARTERS"
            );
        }
        // The counts are those of the `match` arms above: a word added there must be added
        // to STARTERS too.
        let months = starters.iter().filter(|w| month(w).is_some()).count();
        assert_eq!(months, 24, "every month name and abbreviation");
        let weekdays = starters.iter().filter(|w| weekday(w).is_some()).count();
        assert_eq!(weekdays, 14, "weekdays and their plurals");
        let units = starters.iter().filter(|w| unit(w).is_some()).count();
        assert_eq!(units, 26, "every unit word");
        // A unit word's class says so, and its token takes that class (no digit, hyphen
        // or apostrophe sends it down another path in `token_class`).
        for s in CLASS_TABLE.slots.iter().filter(|s| s.unit.is_some()) {
            let bytes = s.key.to_le_bytes();
            let word = bytes.get(..usize::from(bytes[15])).unwrap_or(&[]);
            assert_eq!(class(word), Class::Unit);
            assert!(word.iter().all(u8::is_ascii_lowercase), "{word:?}");
        }
        assert_eq!(class(b"weeks"), Class::Unit);
        let numbers = starters.iter().filter(|w| number_word(w).is_some()).count();
        assert_eq!(numbers, 30, "every number word");
        let ordinals = starters.iter().filter(|w| ordinal(w).is_some()).count();
        assert_eq!(ordinals, 21, "every ordinal word");
        let abbreviations = starters
            .iter()
            .filter(|w| weekday_abbreviation(w).is_some())
            .count();
        assert_eq!(abbreviations, 10, "every weekday abbreviation");
        let seasons = starters.iter().filter(|w| season(w).is_some()).count();
        assert_eq!(seasons, 5, "every season word");
        assert!(is_starter("the") && !is_starter("government") && !is_starter(""));
    }
}
