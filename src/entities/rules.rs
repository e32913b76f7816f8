//! Boundary rules, context rules and document consistency on top of the tagger.

use super::features::{flag, two_chars, Exact, LowerText, Prehashed, Tok};
use super::lexicon::{ends_with, extend_phrase, listed, word_hash, FxBuild};
use super::model::{is_inside, Class};
use super::{Mention, Reason};
use crate::text::TokenKind;
use crate::Kind;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

/// One bit per word list of these rules, for [`lists_of`].
mod list {
    pub const FUNCTION_WORDS: u32 = 1 << 0;
    pub const PERSON_TITLES: u32 = 1 << 1;
    pub const THING_ACRONYMS: u32 = 1 << 2;
    pub const PLACE_HEADS: u32 = 1 << 3;
    pub const EVENT_HEADS: u32 = 1 << 4;
    pub const SPEECH_VERBS: u32 = 1 << 5;
    pub const CORPORATE_SUFFIXES: u32 = 1 << 6;
    pub const PLACE_OF_HEADS: u32 = 1 << 7;
    pub const PLACE_PREFIXES: u32 = 1 << 8;
    pub const ARABIC_ARTICLES: u32 = 1 << 9;
    pub const UNIT_HEADS: u32 = 1 << 10;
    pub const SHIP_PREFIXES: u32 = 1 << 11;
    pub const NOT_ENTITIES: u32 = 1 << 12;
    pub const COMPASS: u32 = 1 << 13;
}

/// Every word of the longer rule lists → the bits of the lists holding it: one hash probe
/// answers all of them for a token, where scanning the lists compared each entry. Keys
/// carry their word hash, so a token's probe reuses the token view's. The lists are
/// space-separated strings, read only here: a `&[&str]` costs the wasm 8 bytes more a word.
///
/// With the map, a 1,024-bit filter of the words' hashes: most tokens asked about are in no
/// list, and one bit test answers them without a probe.
type RuleWords = (HashMap<Exact<'static>, u32, Prehashed>, [u64; 16]);

/// See [`RuleWords`].
static RULE_WORDS: LazyLock<RuleWords> = LazyLock::new(|| {
    let mut m: HashMap<Exact<'static>, u32, Prehashed> = HashMap::default();
    let mut filter = [0u64; 16];
    for (words, bit) in [
        (FUNCTION_WORDS, list::FUNCTION_WORDS),
        (PERSON_TITLES, list::PERSON_TITLES),
        (THING_ACRONYMS, list::THING_ACRONYMS),
        (PLACE_HEADS, list::PLACE_HEADS),
        (EVENT_HEADS, list::EVENT_HEADS),
        (SPEECH_VERBS, list::SPEECH_VERBS),
        (CORPORATE_SUFFIXES, list::CORPORATE_SUFFIXES),
        (PLACE_OF_HEADS, list::PLACE_OF_HEADS),
        (PLACE_PREFIXES, list::PLACE_PREFIXES),
        (ARABIC_ARTICLES, list::ARABIC_ARTICLES),
        (UNIT_HEADS, list::UNIT_HEADS),
        (SHIP_PREFIXES, list::SHIP_PREFIXES),
        (NOT_ENTITIES, list::NOT_ENTITIES),
        (COMPASS, list::COMPASS),
    ] {
        for w in words.split(' ') {
            let key = Exact {
                hash: word_hash(w),
                word: w,
            };
            *m.entry(key).or_default() |= bit;
            let f = filter_bit(key.hash);
            if let Some(w) = filter.get_mut(f / 64) {
                *w |= 1 << (f % 64);
            }
        }
    }
    (m, filter)
});

/// The bit of a word hash in [`RULE_WORDS`]' filter (the hash's top bits, the best mixed).
#[inline]
fn filter_bit(hash: u64) -> usize {
    (hash >> 54) as usize
}

/// The `list::*` bits of the lists holding the lowercase form of `t`.
#[inline]
fn lists_of(t: &Tok) -> u32 {
    // The token view hashes every token but a number.
    let hash = match t.kind {
        TokenKind::Number => word_hash(t.lower),
        _ => t.hash,
    };
    let (words, filter) = &*RULE_WORDS;
    let f = filter_bit(hash);
    if filter.get(f / 64).map_or(0, |w| w >> (f % 64) & 1) == 0 {
        return 0;
    }
    let key = Exact {
        hash,
        word: t.lower,
    };
    words.get(&key).copied().unwrap_or(0)
}

/// Whether the lowercase form of `t` is in the list of `bit`.
#[inline]
fn in_list(t: &Tok, bit: u32) -> bool {
    lists_of(t) & bit != 0
}

/// Whether `s` is one char: a length test first (a char takes at most four bytes), so most
/// words are answered without counting their chars.
#[inline]
fn one_char(s: &str) -> bool {
    s.len() <= 4 && s.chars().count() == 1
}

/// Words that may open a span in the tagger's output but not in a careful annotation.
const LEADING_JUNK: &[&str] = &["a", "an", "the"];

/// Closed-class words that start sentences ("Near Palmyra", "In Berlin"): capitalized only
/// because they come first, never the start of a name. Sorted.
const FUNCTION_WORDS: &str = "\
    about above across after against along also although among and around as at because \
    before behind below beside besides between beyond both but by despite during each either \
    every except for from he her here his how however if in inside into it its meanwhile near \
    neither nor of off on once or our outside over she since so some than that their then \
    there these they this those though through throughout to toward towards under unlike \
    until upon we what when where whether which while who with within without yet";

/// Lowercase words that may stand inside a name ("Bank of England", "Commission on
/// Presidential Debates", "Procter and Gamble").
const CONNECTORS: &[&str] = &["and", "for", "of", "on", "the", "upon"];

/// Lowercase name particles that join two parts of a name ("van", "de", "bin").
fn joins_name(t: &Tok) -> bool {
    t.kind == TokenKind::Word && !t.cap && t.has(flag::PARTICLE)
}

/// A lowercase Arabic-style particle glued to a name part: "al-Maliki", "el-Sisi".
fn glued_particle(t: &Tok) -> bool {
    // Every prefix ends in its hyphen at byte 2 or 3: one byte test rejects most words
    // before eleven prefix comparisons.
    let b = t.word.as_bytes();
    t.kind == TokenKind::Word
        && (b.get(2) == Some(&b'-') || b.get(3) == Some(&b'-'))
        && [
            "al-", "el-", "ad-", "ash-", "as-", "at-", "az-", "ar-", "an-", "bin-", "ibn-",
        ]
        .iter()
        .any(|p| {
            t.word.starts_with(p)
                && t.word[p.len()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
        })
}

/// Abbreviations whose attached period belongs to the name ("Pa.", "Corp.", "Jr.").
fn keeps_dot(t: &Tok) -> bool {
    if t.kind != TokenKind::Word {
        return false;
    }
    let l = t.lower;
    one_char(t.word)
        || t.has(flag::STATE_ABBR)
        || matches!(
            l,
            "jr" | "sr" | "corp" | "inc" | "co" | "ltd" | "st" | "mt" | "bros" | "cos" | "plc"
        )
}

/// Token index ranges (inclusive) and classes of the BIO labels.
fn bio_spans(labels: &[u8]) -> Vec<(usize, usize, Class)> {
    let mut out: Vec<(usize, usize, Class)> = Vec::with_capacity(labels.len() / 16 + 4);
    let mut i = 0;
    while let Some(&l) = labels.get(i) {
        // Most labels are O (0): eight of them at a time are skipped with one test.
        if let Some(eight) = labels
            .get(i..i + 8)
            .and_then(|s| <[u8; 8]>::try_from(s).ok())
        {
            if u64::from_le_bytes(eight) == 0 {
                i += 8;
                continue;
            }
        }
        if let Some(class) = Class::from_label(l) {
            match out.last_mut() {
                Some(last) if is_inside(l) && last.1 + 1 == i && last.2 == class => last.1 = i,
                _ => out.push((i, i, class)),
            }
        }
        i += 1;
    }
    out
}

fn kind_of(class: Class) -> Option<Kind> {
    match class {
        Class::Per => Some(Kind::Person),
        Class::Org => Some(Kind::Org),
        Class::Loc => Some(Kind::Loc),
        Class::Misc => None,
    }
}

/// A mention over tokens `first..=last`, with the byte range they cover; a trailing
/// attached abbreviation period is included.
fn mention(toks: &[Tok], first: usize, mut last: usize, kind: Kind, reason: Reason) -> Mention {
    if let (Some(t), Some(dot)) = (toks.get(last), toks.get(last + 1)) {
        // The period test first: it rules out nearly every mention.
        if dot.start == t.end && dot.is_punct(".") && !t.possessive && keeps_dot(t) {
            last += 1;
        }
    }
    Mention {
        first,
        last,
        start: toks[first].start as usize,
        end: toks[last].end as usize,
        kind,
        reason,
        user: false,
        learned: false,
    }
}

/// Verbs that follow a person's name ("Musk said").
const SPEECH_VERBS: &str = "\
    added argued asked claimed denied explained insisted noted replied said says stated told \
    wrote";

/// Why a span was tagged, for the tooltip.
fn explain(toks: &[Tok], first: usize, last: usize, kind: Kind) -> Reason {
    let words = &toks[first..=last];
    let prev = first.checked_sub(1).and_then(|p| toks.get(p));
    let next = toks.get(last + 1);
    // The first word first: it answers most names without the walk.
    let whole =
        |f: u32| words[0].has(f) && words.iter().all(|t| t.has(f) || t.kind != TokenKind::Word);
    match kind {
        Kind::Loc if whole(flag::COUNTRY) => "country (lexicon)".into(),
        Kind::Loc if whole(flag::STATE) || whole(flag::STATE_ABBR) => "US state (lexicon)".into(),
        Kind::Loc if whole(flag::CITY) => "city (lexicon)".into(),
        Kind::Loc if whole(flag::REGION) => "region or landmark (lexicon)".into(),
        Kind::Org if whole(flag::ORG) => "organization (lexicon)".into(),
        Kind::Norp => "nationality or group (lexicon)".into(),
        Kind::Org
            if words
                .iter()
                .any(|t| t.has(flag::ORG_HEAD) && t.is_capitalized()) =>
        {
            let head = words
                .iter()
                .rev()
                .find(|t| t.has(flag::ORG_HEAD) && t.is_capitalized())
                .map_or("", |t| t.word);
            crate::text::concat(&["organization word '", head, "'"]).into()
        }
        Kind::Person if prev.is_some_and(|p| p.has(flag::TITLE) && p.is_capitalized()) => {
            crate::text::concat(&["after the title '", prev.map_or("", |p| p.word), "'"]).into()
        }
        Kind::Person if words[0].has(flag::GIVEN) && words.len() > 1 => {
            "given name + capitalized word".into()
        }
        Kind::Person if next.is_some_and(|n| in_list(n, list::SPEECH_VERBS)) => {
            crate::text::concat(&["name followed by '", next.map_or("", |n| n.word), "'"]).into()
        }
        Kind::Person if words.iter().any(|t| t.has(flag::SURNAME)) => {
            "known surname in a person context (learned tagger)".into()
        }
        Kind::Person => "name-like words in a person context (learned tagger)".into(),
        Kind::Loc
            if prev.is_some_and(|p| {
                matches!(p.lower, "in" | "at" | "from" | "to" | "near" | "across")
            }) =>
        {
            crate::text::concat(&[
                "capitalized name after '",
                prev.map_or("", |p| p.word),
                "' (learned tagger)",
            ])
            .into()
        }
        Kind::Org => "capitalized name in an organization context (learned tagger)".into(),
        Kind::Loc => "capitalized name in a place context (learned tagger)".into(),
        _ => "capitalized name".into(),
    }
}

/// Words that only qualify a rank ("Staff Sergeant", "First Lieutenant"): left out with it.
const RANK_WORDS: &[&str] = &["chief", "first", "senior", "staff"];

/// Whether tokens `a..=b` read as a person's name after a title: capitalized name parts,
/// initials and particles, with a known given name first, a known surname last, or no
/// common word at all.
fn person_after(toks: &[Tok], a: usize, b: usize) -> bool {
    let Some(words) = toks.get(a..=b) else {
        return false;
    };
    let fits = words.iter().enumerate().all(|(k, t)| {
        name_part(t)
            || glued_particle(t)
            || joins_name(t)
            || (t.is_punct(".") && k > 0 && one_char(words[k - 1].word))
            || (one_char(t.word) && t.cap)
    });
    let first = &words[0];
    let last = &words[words.len() - 1];
    let place = flag::CITY | flag::REGION | flag::DEMONYM;
    fits && name_part(first)
        && name_part(last)
        && words.iter().all(|t| !t.has(place))
        && (first.has(flag::GIVEN)
            || last.has(flag::SURNAME)
            || words.iter().all(|t| !t.has(flag::COMMON)))
}

/// Turns the tagger's labels into mentions with careful boundaries: no leading title or
/// article, no trailing punctuation, no possessive; MISC becomes NORP when it is a
/// nationality or group, and is dropped otherwise; months and weekdays are dropped.
#[inline(never)]
pub(crate) fn refine(toks: &[Tok], labels: &[u8]) -> Vec<Mention> {
    let tagged = bio_spans(labels);
    let mut out = Vec::with_capacity(tagged.len() + tagged.len() / 4);
    // A name never runs across a line break (tables, lists of names): split there.
    let mut spans = Vec::with_capacity(tagged.len());
    for (first, last, class) in tagged {
        let mut a = first;
        for (k, t) in toks.iter().enumerate().take(last + 1).skip(first + 1) {
            if t.line_start {
                spans.push((a, k - 1, class));
                a = k;
            }
        }
        spans.push((a, last, class));
    }
    // "Treasury Secretary Janet Yellen" tagged as one organization: the words after a
    // title that start with a given name are a person ("Treasury" stays an organization).
    // So are the words after a rank or a title and its department: "Staff Colonel Ahmed
    // Saleh", "Secretary of Defense Ash Carter" (the tagger's span is "Defense Ash Carter").
    let mut split = Vec::with_capacity(spans.len());
    for (first, last, class) in spans {
        if class == Class::Per {
            split.push((first, last, class));
            continue;
        }
        // Names are short: looking only near the end keeps long spans linear.
        let title = (first.max(last.saturating_sub(6))..last).find(|&k| {
            toks[k].cap
                && toks[k].has(flag::TITLE)
                && !toks[k].has(flag::ORG_HEAD)
                && (person_after(toks, k + 1, last)
                    || (k > first && toks[k + 1].has(flag::GIVEN) && toks[k + 1].cap))
        });
        let department = first >= 2
            && toks[first - 1].lower == "of"
            && toks[first - 2].cap
            && toks[first - 2].has(flag::TITLE);
        match title {
            Some(k) => {
                if toks[first..k].iter().any(|t| !listed(RANK_WORDS, t.lower)) {
                    split.push((first, k - 1, class));
                }
                split.push((k + 1, last, Class::Per));
            }
            None if department => {
                // The name starts at its given name, or is the last word alone.
                let name = ((first + 1).max(last.saturating_sub(6))..=last)
                    .find(|&p| toks[p].has(flag::GIVEN) && person_after(toks, p, last))
                    .or_else(|| (last > first && person_after(toks, last, last)).then_some(last));
                match name {
                    Some(p) => split.push((p, last, Class::Per)),
                    None => split.push((first, last, class)),
                }
            }
            None => split.push((first, last, class)),
        }
    }
    // Inside a name, lowercase words are connectors ("of", "and", "van"); any other word
    // ("Tyson in Las Vegas", "Knight st Khan") or an unclosed bracket ends it there.
    let mut pieces = Vec::with_capacity(split.len());
    for (first, last, class) in split {
        let mut a = first;
        let mut k = first;
        while k <= last {
            let t = &toks[k];
            // Organization names may hold "in" and "to" ("Organisation for Security and
            // Cooperation in Europe"); a split possessive "' s" stays too. Asked only of
            // lowercase words (below).
            let connector = || {
                listed(CONNECTORS, t.lower)
                    || (class == Class::Org && matches!(t.lower, "in" | "to"))
                    || (t.lower == "s" && k > 0 && toks[k - 1].is_punct("'"))
            };
            let unclosed = t.is_punct("(") && !toks[k..=last].iter().any(|u| u.is_punct(")"));
            if unclosed {
                if k > a {
                    pieces.push((a, k - 1, class));
                }
                a = last + 1;
                break;
            }
            let breaks = t.kind == TokenKind::Word
                && !t.is_capitalized()
                && !t.has(flag::PARTICLE)
                && !glued_particle(t)
                && !connector();
            if breaks && k > a {
                pieces.push((a, k - 1, class));
                a = k + 1;
                // What follows "in" or "at" is a place when the lexicon says so.
                let rest = &toks[a.min(last)..=last];
                let place = flag::COUNTRY | flag::CITY | flag::STATE | flag::REGION;
                if a <= last
                    && rest
                        .iter()
                        .all(|u| u.kind != TokenKind::Word || u.has(place))
                {
                    pieces.push((a, last, Class::Loc));
                    a = last + 1;
                    break;
                }
            } else if breaks {
                a = k + 1;
            }
            k += 1;
        }
        if a <= last {
            pieces.push((a, last, class));
        }
    }
    // A person span that starts at a particle takes the name before it: "Joost" + "van der
    // Westhuizen".
    for (first, _, class) in pieces.iter_mut() {
        if *class == Class::Per && joins_name(&toks[*first]) {
            let mut f = *first;
            while f > 0 && joins_name(&toks[f - 1]) {
                f -= 1;
            }
            if f > 0 && toks[f - 1].cap && !toks[f - 1].all_caps && labels[f - 1] == 0 {
                *first = f - 1;
            }
        }
    }
    for (mut first, mut last, class) in pieces {
        // Leading titles and articles ("former President", "the").
        while first < last {
            let t = &toks[first];
            let junk = t.kind == TokenKind::Punct
                || listed(LEADING_JUNK, t.lower)
                || (t.initial && in_list(t, list::FUNCTION_WORDS))
                || (t.has(flag::TITLE) && class == Class::Per)
                || (t.is_punct(".") && first > 0);
            if !junk {
                break;
            }
            first += 1;
        }
        // Trailing punctuation (a title's period, "Gov." → ".") and lowercase words: a name
        // does not end in "have". Nor in a weekday: "the Oval on Friday", "World Court
        // Friday" (the date is the time detector's).
        while last > first
            && (toks[last].kind == TokenKind::Punct
                || (toks[last].kind == TokenKind::Word
                    && !toks[last].is_capitalized()
                    && !glued_particle(&toks[last]))
                || (toks[last].has(flag::CALENDAR)
                    && crate::timex::is_weekday_name(toks[last].lower)))
        {
            last -= 1;
        }
        // Persons: "Abu Musab" + "al-Zarqawi", "Robin" + "van Persie".
        if class == Class::Per {
            // Only over tokens the tagger left unlabelled.
            let free = |k: usize| labels.get(k).is_some_and(|&l| l == 0);
            loop {
                if !free(last + 1) {
                    break;
                }
                if toks.get(last + 1).is_some_and(glued_particle) && !toks[last].possessive {
                    last += 1;
                } else if toks.get(last + 1).is_some_and(joins_name)
                    && toks.get(last + 2).is_some_and(|n| n.cap && !n.all_caps)
                    && free(last + 2)
                    && !toks[last].possessive
                {
                    last += 2;
                } else {
                    break;
                }
            }
        }
        // A descriptor ending in a person's title is not an organization ("Foreign
        // Secretary", "Foreign Office Minister").
        if class != Class::Per
            && toks[last].cap
            && toks[last].has(flag::TITLE)
            && !toks[last].has(flag::ORG_HEAD)
        {
            continue;
        }
        if class == Class::Per && toks[first].has(flag::TITLE) && first == last {
            continue;
        }
        // A possessive inside the span ends it there ("Musk's company" never extends).
        if let Some(p) = (first..last).find(|&i| toks[i].possessive) {
            last = p;
        }
        let words = &toks[first..=last];
        if words.iter().all(|t| !t.is_capitalized()) {
            continue;
        }
        // A function word alone is not a name ("The" or "But" tagged at a sentence start);
        // in capitals it may be one ("WHO").
        let alone = &toks[first];
        if first == last
            && !alone.all_caps
            && (listed(LEADING_JUNK, alone.lower) || in_list(alone, list::FUNCTION_WORDS))
        {
            continue;
        }
        if words
            .iter()
            .all(|t| t.kind != TokenKind::Word || t.has(flag::CALENDAR))
        {
            continue;
        }
        let kind = match kind_of(class) {
            Some(k) => k,
            None => {
                let norp = words
                    .iter()
                    .rev()
                    .find(|t| t.kind == TokenKind::Word)
                    .is_some_and(|t| t.has(flag::DEMONYM));
                if !norp {
                    continue;
                }
                Kind::Norp
            }
        };
        let reason = explain(toks, first, last, kind);
        let mut m = mention(toks, first, last, kind, reason);
        m.learned = true;
        out.push(m);
    }
    out
}

/// Indices of the tokens written with a capital first letter or in capitals: every token
/// that can start or anchor a name. The passes over all tokens visit only these (a text's
/// tokens are mostly lowercase words and punctuation).
pub(crate) fn capitals(toks: &[Tok]) -> Vec<Capital> {
    let mut out = Vec::with_capacity(toks.len() / 4);
    for (i, t) in toks.iter().enumerate() {
        if t.cap || t.all_caps {
            out.push(Capital {
                at: i as u32,
                lists: lists_of(t),
            });
        }
    }
    out
}

/// A capitalized token: its index, and the rule lists holding it (looked up once for the
/// passes that each asked).
pub(crate) struct Capital {
    at: u32,
    lists: u32,
}

/// Sets `marks[first..=last]` (as far as `marks` goes) to `x`: one fill, where a loop over
/// `take` and `skip` stepped through each token.
#[inline]
fn mark<T: Copy>(marks: &mut [T], first: usize, last: usize, x: T) {
    let end = marks.len().min(last.saturating_add(1));
    if let Some(run) = marks.get_mut(first..end) {
        run.fill(x);
    }
}

/// Whether token `i` is covered by a mention; `covered` is indexed by token.
fn coverage(toks: &[Tok], mentions: &[Mention]) -> Vec<bool> {
    let mut covered = vec![false; toks.len()];
    for m in mentions {
        mark(&mut covered, m.first, m.last, true);
    }
    covered
}

/// Nouns after which a lone capital letter or short lowercase word is a brand ("the
/// platform X").
const BRAND_CONTEXT: &[&str] = &[
    "app", "brand", "company", "firm", "network", "platform", "service", "site", "startup",
    "website",
];

/// Adds mentions that context makes certain and the tagger tends to miss: datelines
/// ("BUTLER, Pa. (AP) —"), news agencies and world organizations from the lexicon, a
/// one-letter brand after "platform", and nationalities before a title or noun.
#[inline(never)]
pub(crate) fn add_context_mentions(toks: &[Tok], caps: &[Capital], mentions: &mut Vec<Mention>) {
    let mut covered = coverage(toks, mentions);
    let mut added = Vec::new();
    let free = |covered: &[bool], a: usize, b: usize| (a..=b).all(|i| !covered[i]);
    // Datelines: a line that starts with capitals followed by ", Place" or "(Agency)" / "—".
    for c in caps {
        let i = c.at as usize;
        let t = &toks[i];
        if !t.line_start || !t.all_caps || t.kind != TokenKind::Word {
            continue;
        }
        let mut j = i;
        while j + 1 < toks.len()
            && j < i + 3
            && toks[j + 1].all_caps
            && toks[j + 1].kind == TokenKind::Word
        {
            j += 1;
        }
        if j - i > 2 {
            continue;
        }
        let next = toks.get(j + 1);
        let comma_place = next.is_some_and(|n| n.is_punct(","))
            && toks.get(j + 2).is_some_and(|p| {
                p.cap && p.has(flag::STATE_ABBR | flag::STATE | flag::COUNTRY | flag::REGION)
            });
        let agency = next.is_some_and(|n| n.is_punct("("))
            && toks.get(j + 2).is_some_and(|p| p.has(flag::ORG));
        // "MOSCOW 1996-08-30", "LONDON, Aug 30 -" (not "SOCCER - …": a headline's topic).
        let dated = next.is_some_and(|n| n.kind == TokenKind::Number && n.word.len() == 4)
            || (next.is_some_and(|n| n.is_punct(","))
                && toks.get(j + 2).is_some_and(|p| p.has(flag::CALENDAR)));
        if !(comma_place || agency || dated) {
            continue;
        }
        // The tagger may call a dateline city an organization; the dateline says place.
        for m in mentions.iter_mut() {
            if m.first == i && m.last == j && !m.user {
                m.kind = Kind::Loc;
                m.reason = "dateline place".into();
            }
        }
        if free(&covered, i, j) {
            added.push(mention(toks, i, j, Kind::Loc, "dateline place".into()));
            for c in &mut covered[i..=j] {
                *c = true;
            }
        }
        if comma_place {
            let p = j + 2;
            let mut q = p;
            while toks.get(q + 1).is_some_and(|t| {
                t.cap && t.flags & flag::PHRASE_INSIDE != 0 && t.has(flag::STATE | flag::COUNTRY)
            }) {
                q += 1;
            }
            if free(&covered, p, q) {
                let m = mention(toks, p, q, Kind::Loc, "dateline place".into());
                for c in &mut covered[m.first..=m.last] {
                    *c = true;
                }
                added.push(m);
            }
        }
    }
    // Every rule below needs a capital ("IS" and a one-letter brand too).
    for c in caps {
        let i = c.at as usize;
        if covered[i] {
            continue;
        }
        let t = &toks[i];
        let prev = i.checked_sub(1).and_then(|p| toks.get(p));
        let next = toks.get(i + 1);
        // World organizations and agencies by name; short ones only in capitals, and only
        // where the line is not a headline in capitals.
        if t.has(flag::ORG) && t.flags & flag::PHRASE_INSIDE == 0 && t.is_capitalized() {
            let mut j = i;
            while toks
                .get(j + 1)
                .is_some_and(|n| n.flags & flag::PHRASE_INSIDE != 0 && n.has(flag::ORG))
            {
                j += 1;
            }
            let short = i == j && t.word.chars().count() <= 4;
            let ok = if short {
                t.all_caps && !t.caps_line
            } else {
                !t.caps_line
            };
            if ok && free(&covered, i, j) {
                added.push(mention(
                    toks,
                    i,
                    j,
                    Kind::Org,
                    "organization (lexicon)".into(),
                ));
                for c in &mut covered[i..=j] {
                    *c = true;
                }
                continue;
            }
        }
        // "IS" in running text is the Islamic State, not the verb: the verb is in capitals
        // only in a line of capitals (checked on both neighbours too).
        if t.word == "IS"
            && !t.caps_line
            && !prev.is_some_and(|p| p.all_caps)
            && !next.is_some_and(|n| n.all_caps)
        {
            added.push(mention(
                toks,
                i,
                i,
                Kind::Org,
                "'IS' (Islamic State)".into(),
            ));
            covered[i] = true;
            continue;
        }
        // "the platform X", "social media platform X".
        if t.kind == TokenKind::Word
            && t.cap
            && one_char(t.word)
            && !next.is_some_and(|n| n.is_punct(".") && n.start == t.end)
            && prev.is_some_and(|p| listed(BRAND_CONTEXT, p.lower) && !p.cap)
        {
            let reason =
                crate::text::concat(&["one-letter name after '", prev.map_or("", |p| p.word), "'"])
                    .into();
            added.push(mention(toks, i, i, Kind::Org, reason));
            covered[i] = true;
            continue;
        }
        // Nationalities and groups: "Russian", "North Korean", "Democrats".
        if t.has(flag::DEMONYM) && t.cap && !t.has(flag::TITLE) && !t.caps_line {
            let mut j = i;
            while toks
                .get(j + 1)
                .is_some_and(|n| n.flags & flag::PHRASE_INSIDE != 0 && n.has(flag::DEMONYM))
            {
                j += 1;
            }
            if !free(&covered, i, j) {
                continue;
            }
            // "Democratic" before a capitalized word is part of a name ("Democratic
            // Party"), which the tagger handles.
            if toks
                .get(j + 1)
                .is_some_and(|n| n.cap && n.has(flag::ORG_HEAD))
            {
                continue;
            }
            if matches!(
                t.lower,
                "western" | "latin" | "democratic" | "liberal" | "conservative"
            ) {
                continue;
            }
            added.push(mention(
                toks,
                i,
                j,
                Kind::Norp,
                "nationality or group (lexicon)".into(),
            ));
            for c in &mut covered[i..=j] {
                *c = true;
            }
        }
    }
    super::add_mentions(mentions, added);
}

/// Titles that precede a person's name ("Gov. Ron DeSantis", "President Trump").
const PERSON_TITLES: &str = "\
    adm admiral archbishop bishop brig capt cardinal chancellor cmdr col colonel commodore \
    congressman congresswoman cpl dr gen gov governor judge king lieutenant lt maj mayor mr \
    mrs ms pope premier pfc pres president prince princess prof queen rabbi rep rev sen \
    senator sergeant sgt sheikh sir spc";

/// Company suffixes: the capitalized words before them name a company.
const CORPORATE_SUFFIXES: &str = "ag co corp gmbh inc llc llp ltd nv plc";

/// Time zones and similar capitalized abbreviations that are never entities.
const NOT_ENTITIES: &str = "god a.m. cdt cst e.t. edt est et gmt p.m. pdt pst utc";

/// Whether token `t` can be part of a person's name after a title or given name.
fn name_part(t: &Tok) -> bool {
    t.kind == TokenKind::Word
        && t.cap
        && !t.all_caps
        && !t.has(
            flag::ORG_HEAD
                | flag::COUNTRY
                | flag::STATE
                | flag::STATE_ABBR
                | flag::CALENDAR
                | flag::DEMONYM
                | flag::TITLE
                | flag::ORG,
        )
}

/// One rewriting pass over the mentions. Queries see the mentions as they were before the
/// pass, through a token → mention index; replacements are applied together at the end.
/// That keeps every pass linear in the number of tokens.
struct Rewrite {
    /// Per token, the number of the mention covering it plus one (0: none), so the index
    /// starts as zeroed memory, one fill, where `u32::MAX` was written token by token. Built
    /// at the first query (empty until then): most passes over most texts ask nothing.
    owner: Vec<u32>,
    /// How many tokens the index covers.
    tokens: usize,
    pending: Vec<Mention>,
}

impl Rewrite {
    fn new(toks: &[Tok]) -> Rewrite {
        Rewrite {
            owner: Vec::new(),
            tokens: toks.len(),
            pending: Vec::new(),
        }
    }

    /// The index of the mention covering token `t` plus one (0: none, or past the tokens),
    /// as [`Rewrite::owner`] holds it.
    fn owner_at(&mut self, mentions: &[Mention], t: usize) -> u32 {
        if self.owner.is_empty() {
            self.owner = vec![0; self.tokens];
            for (k, m) in mentions.iter().enumerate() {
                mark(&mut self.owner, m.first, m.last, k as u32 + 1);
            }
        }
        self.owner.get(t).copied().unwrap_or(0)
    }

    /// The mention covering token `t`, if any.
    fn at<'m>(&mut self, mentions: &'m [Mention], t: usize) -> Option<&'m Mention> {
        mentions.get((self.owner_at(mentions, t) as usize).wrapping_sub(1))
    }

    /// Whether every mention touching tokens `a..=b` lies inside them and is not the user's.
    fn only_inside(&mut self, mentions: &[Mention], a: usize, b: usize) -> bool {
        (a..=b).all(|t| {
            self.at(mentions, t)
                .map_or(true, |m| !m.user && m.first >= a && m.last <= b)
        })
    }

    fn push(&mut self, m: Mention) {
        self.pending.push(m);
    }

    /// Replaces the mentions overlapping each pending one by it (the first of overlapping
    /// pending mentions wins; the user's mentions are never replaced).
    fn apply(self, toks: &[Tok], mentions: &mut Vec<Mention>) {
        if self.pending.is_empty() {
            return;
        }
        let mut pending = self.pending;
        super::sort_mentions(&mut pending);
        // Both lists are sorted by start, so by first token: the kept mentions never
        // overlap, and each test below looks at the last kept one (or walks the kept ones
        // once) instead of marking token-sized arrays. Only the user's mentions (none in
        // most texts) are still marked per token.
        let n = toks.len();
        let mut users = Vec::new();
        if mentions.iter().any(|m| m.user) {
            users = vec![false; n];
            for m in mentions.iter().filter(|m| m.user) {
                mark(&mut users, m.first, m.last, true);
            }
        }
        let mut keep: Vec<Mention> = Vec::with_capacity(pending.len());
        let mut kept_last = None;
        for m in pending {
            if m.first <= m.last {
                let taken = m.last >= n
                    || kept_last.is_some_and(|e| m.first <= e)
                    || users
                        .get(m.first..=m.last)
                        .is_some_and(|u| u.contains(&true));
                if taken {
                    continue;
                }
                kept_last = Some(m.last);
            }
            keep.push(m);
        }
        let mut j = 0;
        super::retain_mentions(mentions, &mut |o| {
            if o.user || o.first > o.last {
                return true;
            }
            // Kept mentions ending before `o` cannot touch it nor any later mention.
            while keep
                .get(j)
                .is_some_and(|k| k.last < o.first || k.first > k.last)
            {
                j += 1;
            }
            !keep.get(j).is_some_and(|k| k.first <= o.last)
        });
        super::add_mentions(mentions, keep);
    }
}

/// The end of a person name starting at `i`: name parts, initials ("K."), particles ("van")
/// and "Jr.". None when `i` does not start a name.
fn name_end(toks: &[Tok], i: usize) -> Option<usize> {
    let mut j = None;
    let mut k = i;
    // Names are short: a bound keeps a run of capitals from making this quadratic.
    while let Some(t) = toks
        .get(k)
        .filter(|t| k < i + 8 && (k == i || !t.line_start))
    {
        let initial = one_char(t.word)
            && t.cap
            && toks
                .get(k + 1)
                .is_some_and(|d| d.is_punct(".") && d.start == t.end);
        if initial {
            k += 2;
            continue;
        }
        if t.has(flag::PARTICLE) && !t.cap && j.is_some() {
            k += 1;
            continue;
        }
        if glued_particle(t) && j.is_some() {
            j = Some(k);
            k += 1;
            continue;
        }
        if !name_part(t) || one_char(t.word) {
            break;
        }
        j = Some(k);
        if t.possessive {
            break;
        }
        k += 1;
    }
    // A trailing particle or initial is not a name's end.
    j
}

/// Whether `lower` ends in a contraction ("we've", "don't", "they’ll").
fn contraction(lower: &str) -> bool {
    // Each has its apostrophe (or the last byte of "\u{2019}") two or three bytes from the
    // end: one test before the eight comparisons.
    let b = lower.as_bytes();
    let back = |k: usize| b.len().checked_sub(k).and_then(|i| b.get(i)).copied();
    (back(2) == Some(b'\'') || matches!(back(3), Some(b'\'' | 0x99)))
        && [
            "'ve",
            "'ll",
            "'re",
            "'m",
            "n't",
            "\u{2019}ve",
            "\u{2019}ll",
            "\u{2019}re",
        ]
        .iter()
        .any(|c| ends_with(lower, c))
}

/// Rules that override the tagger where the evidence is strong: a capitalized name after a
/// person's title; a known given name followed by capitalized words; initials before a
/// surname. And removals: time zones, and a lone sentence-initial word that the text also
/// writes in lowercase ("Livestream … a livestream").
#[inline(never)]
pub(crate) fn strong_evidence(toks: &[Tok], caps: &[Capital], mentions: &mut Vec<Mention>) {
    super::retain_mentions(mentions, &mut |m| {
        let t = &toks[m.first];
        let lone = m.first == m.last || (m.first + 1 == m.last && toks[m.last].is_punct("."));
        // Every word of the list has at most four bytes: the length spares most names the
        // lookup.
        if lone && t.lower.len() <= 4 && in_list(t, list::NOT_ENTITIES) {
            return false;
        }
        let lexicon_backed = t.has(
            flag::COUNTRY
                | flag::CITY
                | flag::STATE
                | flag::STATE_ABBR
                | flag::REGION
                | flag::ORG
                | flag::GIVEN
                | flag::DEMONYM,
        );
        let last = &toks[m.last];
        // "Jordanian-born", "U.S.-based": modifiers, not names. Every suffix ends in "n" or
        // "d": one byte test spares most names the eight comparisons.
        if matches!(last.lower.as_bytes().last(), Some(b'n' | b'd'))
            && [
                "-born",
                "-based",
                "-led",
                "-backed",
                "-owned",
                "-run",
                "-controlled",
                "-held",
            ]
            .iter()
            .any(|suffix| ends_with(last.lower, suffix))
        {
            return false;
        }
        // Contractions ("We've") and sentence adverbs ("Accordingly,").
        if lone
            && (contraction(t.lower)
                || (t.initial
                    && t.lower.ends_with("ly")
                    && toks.get(m.last + 1).is_some_and(|n| n.is_punct(","))
                    && !t.has(flag::GIVEN | flag::SURNAME | flag::CITY | flag::COUNTRY)))
        {
            return false;
        }
        // A lone capital letter is an initial or a label, not a person ("Z").
        if lone && one_char(t.word) && m.kind == Kind::Person {
            return false;
        }
        let common_in_headline = lone && t.caps_line && t.has(flag::COMMON);
        !(lone && t.initial && t.has(flag::LOWER_ELSEWHERE) && !lexicon_backed)
            && !(common_in_headline && !lexicon_backed && !t.has(flag::SURNAME))
    });
    // After "near" or "outside" comes a place ("Near Palmyra, …"); so is a name right
    // before a person's title (below). One loop, the cheap tests first.
    for m in mentions.iter_mut() {
        if m.user || !matches!(m.kind, Kind::Person | Kind::Org) {
            continue;
        }
        let prev = m.first.checked_sub(1).and_then(|p| toks.get(p));
        // "in Al Anbar": a name opened by the Arabic article after a place preposition.
        let article_place = || {
            prev.is_some_and(|p| matches!(p.lower, "in" | "at" | "from" | "to" | "into"))
                && arabic_article(&toks[m.first], toks.get(m.first + 1))
        };
        let org_like = || {
            toks[m.first..=m.last]
                .iter()
                .any(|t| t.has(flag::ORG | flag::ORG_HEAD))
        };
        if (prev.is_some_and(|p| matches!(p.lower, "near" | "outside" | "nearby"))
            || article_place())
            && (m.kind == Kind::Person || !org_like())
        {
            m.kind = Kind::Loc;
            m.reason =
                crate::text::concat(&["place after '", prev.map_or("", |p| p.word), "'"]).into();
        }
        // A place right before a person's title is a place: "Florida Gov. Ron DeSantis".
        if m.kind != Kind::Org {
            continue;
        }
        let before_title = toks
            .get(m.last + 1)
            .is_some_and(|n| n.cap && in_list(n, list::PERSON_TITLES));
        let place = || {
            toks[m.first..=m.last].iter().all(|t| {
                t.kind != TokenKind::Word || t.has(flag::COUNTRY | flag::STATE | flag::CITY)
            })
        };
        if before_title && place() {
            m.kind = Kind::Loc;
            m.reason = "place before a title".into();
        }
    }
    let mut rw = Rewrite::new(toks);
    for c in caps {
        let i = c.at as usize;
        let t = &toks[i];
        if !t.is_capitalized() || t.caps_line {
            continue;
        }
        let lists = c.lists;
        // "near Qaryatayn": a capitalized word after "near" or "outside" is a place.
        let prev = i.checked_sub(1).and_then(|p| toks.get(p));
        if prev.is_some_and(|p| matches!(p.lower, "near" | "outside"))
            && rw.at(mentions, i).is_none()
            && t.cap
            && !t.has(flag::COMMON | flag::CALENDAR | flag::TITLE)
        {
            let mut end = i;
            while end < i + 3
                && toks.get(end + 1).is_some_and(|n| {
                    n.cap && !n.has(flag::COMMON) && rw.at(mentions, end + 1).is_none()
                })
            {
                end += 1;
            }
            let reason =
                crate::text::concat(&["place after '", prev.map_or("", |p| p.word), "'"]).into();
            rw.push(mention(toks, i, end, Kind::Loc, reason));
            continue;
        }
        // Company suffix after capitalized words: "Siemens AG", "Acme Widgets Corp.".
        if lists & list::CORPORATE_SUFFIXES != 0 && i > 0 && toks[i - 1].cap {
            let mut s = i - 1;
            while s > 0 && toks[s - 1].cap && !toks[s - 1].has(flag::TITLE) && !toks[s].initial {
                s -= 1;
            }
            while s < i && toks[s].has(flag::COMMON) && toks[s].initial {
                s += 1;
            }
            if s < i {
                let reason = crate::text::concat(&["organization suffix '", t.word, "'"]).into();
                rw.push(mention(toks, s, i, Kind::Org, reason));
            }
            continue;
        }
        // Title: "Gov. Ron DeSantis", "President Trump".
        if lists & list::PERSON_TITLES != 0 && t.cap {
            let mut j = i + 1;
            if toks
                .get(j)
                .is_some_and(|d| d.is_punct(".") && d.start == t.end)
            {
                j += 1;
            }
            if let Some(end) = toks
                .get(j)
                .filter(|n| !n.initial)
                .and_then(|_| name_end(toks, j))
            {
                let dot = if j > i + 1 { "." } else { "" };
                let reason = crate::text::concat(&["after the title '", t.word, dot, "'"]).into();
                rw.push(mention(toks, j, end, Kind::Person, reason));
            }
            continue;
        }
        // Given name + capitalized word(s).
        // A month that is also a given name counts only before a surname ("May Johnson").
        let calendar_name = t.has(flag::GIVEN)
            && t.has(flag::CALENDAR)
            && t.cap
            && toks
                .get(i + 1)
                .is_some_and(|n| n.has(flag::SURNAME) && name_part(n) && !n.has(flag::COMMON));
        // A given name that is also a word ("Will") at a sentence start needs a surname
        // (asked only of given names, as is the article).
        let surname_next = || {
            toks.get(i + 1)
                .is_some_and(|n| name_part(n) && (n.has(flag::SURNAME) || !n.has(flag::COMMON)))
        };
        // "Al Anbar", "El Salvador": an article, not the given name "Al".
        let article = || lists & list::ARABIC_ARTICLES != 0 && arabic_article(t, toks.get(i + 1));
        if t.has(flag::GIVEN)
            && !article()
            && (name_part(t) || calendar_name)
            && (!t.has(flag::COMMON) || !t.initial || calendar_name || surname_next())
        {
            let found = if calendar_name {
                name_end(toks, i + 1)
            } else {
                name_end(toks, i)
            };
            let Some(end) = found else {
                continue;
            };
            if end == i
                || toks[i..=end]
                    .iter()
                    .skip(1)
                    .any(|u| u.has(flag::COMMON) && !u.has(flag::SURNAME | flag::GIVEN))
            {
                continue;
            }
            let covered_as_other = rw.at(mentions, i).is_some_and(|m| {
                (m.kind != Kind::Person || m.last < end) && (m.first < i || m.last > end + 1)
            });
            if covered_as_other {
                continue;
            }
            rw.push(mention(
                toks,
                i,
                end,
                Kind::Person,
                "given name + capitalized word".into(),
            ));
            continue;
        }
        // Initials before a surname: "J. K. Rowling" (the attached period first: few words
        // have one).
        let initial = t.cap
            && toks
                .get(i + 1)
                .is_some_and(|d| d.start == t.end && d.is_punct("."))
            && one_char(t.word);
        let after_initial =
            i >= 2 && toks[i - 1].is_punct(".") && one_char(toks[i - 2].word) && toks[i - 2].cap;
        if initial && !after_initial {
            if let Some(end) = name_end(toks, i) {
                if !toks[end].has(flag::COMMON) || toks[end].has(flag::SURNAME) {
                    rw.push(mention(
                        toks,
                        i,
                        end,
                        Kind::Person,
                        "initials + surname".into(),
                    ));
                }
            }
        }
    }
    rw.apply(toks, mentions);
}

/// Organizations made of common words, found by their head: "the Federal Reserve",
/// "Justice Department", "New York Stock Exchange", "Bank of England". A run of capitalized
/// words is cut after its last organization head; "Head of Place" extends over "of".
#[inline(never)]
pub(crate) fn organization_heads(toks: &[Tok], caps: &[Capital], mentions: &mut Vec<Mention>) {
    let starts_run = |t: &Tok| t.kind == TokenKind::Word && t.cap && !t.caps_line;
    let continues_run = |t: &Tok| starts_run(t) && !t.initial && !t.line_start;
    let mut rw = Rewrite::new(toks);
    // Tokens before `resume` belong to a run already read.
    let mut resume = 0;
    for c in caps {
        let i = c.at as usize;
        if i < resume {
            continue;
        }
        if !starts_run(&toks[i]) {
            continue;
        }
        let mut j = i;
        while !toks[j].possessive && toks.get(j + 1).is_some_and(continues_run) {
            j += 1;
        }
        let next = j + 1;
        // Trim sentence-initial function words and articles at the front.
        let mut start = i;
        while start < j
            && toks[start].initial
            && (in_list(&toks[start], list::FUNCTION_WORDS)
                || listed(LEADING_JUNK, toks[start].lower))
        {
            start += 1;
        }
        let head = (start + 1..=j).rev().find(|&k| toks[k].has(flag::ORG_HEAD));
        let mut end = head;
        // "Bank of England", "Ministry of Defence".
        if let Some(h) = head.or_else(|| toks[j].has(flag::ORG_HEAD).then_some(j)) {
            if h == j
                && !toks[j].possessive
                && toks.get(j + 1).is_some_and(|o| o.lower == "of" && !o.cap)
                && toks.get(j + 2).is_some_and(&starts_run)
            {
                let mut k = j + 2;
                while !toks[k].possessive && toks.get(k + 1).is_some_and(continues_run) {
                    k += 1;
                }
                end = Some(k);
            }
        }
        if let Some(end) = end {
            let inside = rw.only_inside(mentions, start, end);
            let words = end - start + 1;
            let all_common_initial =
                toks[start].initial && toks[start].has(flag::COMMON) && words < 2;
            if inside && words >= 2 && !all_common_initial {
                let head_word = head.map_or(toks[j].word, |h| toks[h].word);
                let reason = crate::text::concat(&["organization word '", head_word, "'"]).into();
                rw.push(mention(toks, start, end, Kind::Org, reason));
                resume = end + 1;
                continue;
            }
        }
        resume = next;
    }
    rw.apply(toks, mentions);
}

/// Multi-word places from the lexicons are whole: a mention that covers only part of one
/// ("YORK" of "NEW YORK", "South" of "South Carolina") becomes the place.
#[inline(never)]
pub(crate) fn whole_places(toks: &[Tok], caps: &[Capital], mentions: &mut Vec<Mention>) {
    let place = flag::COUNTRY | flag::CITY | flag::STATE | flag::REGION;
    let mut rw = Rewrite::new(toks);
    // Tokens before `resume` belong to a run already read.
    let mut resume = 0;
    for c in caps {
        let i = c.at as usize;
        if i < resume {
            continue;
        }
        let t = &toks[i];
        if !(t.is_capitalized() && t.has(place) && t.flags & flag::PHRASE_INSIDE == 0) {
            continue;
        }
        let mut j = i;
        while toks.get(j + 1).is_some_and(|n| {
            n.is_capitalized() && n.has(place) && n.flags & flag::PHRASE_INSIDE != 0
        }) {
            j += 1;
        }
        if j > i && !toks[i..j].iter().any(|t| t.possessive) {
            let partial = (i..=j).any(|k| {
                rw.at(mentions, k)
                    .is_some_and(|m| !m.user && (m.first > i || m.last < j))
            });
            let inside_bigger = (i..=j).any(|k| {
                rw.at(mentions, k)
                    .is_some_and(|m| m.user || (m.first <= i && m.last >= j))
            });
            if partial && !inside_bigger {
                let reason = "place name (lexicon)".into();
                rw.push(mention(toks, i, j, Kind::Loc, reason));
            }
        }
        resume = j + 1;
    }
    rw.apply(toks, mentions);
    whole_organizations(toks, caps, mentions);
    drop_things(toks, caps, mentions);
    place_names(toks, caps, mentions);
    join_arabic_articles(toks, mentions);
    arabic_person_names(toks, mentions);
}

/// A name ending in a family name with a glued article, after a given name or two name
/// words, is a person's: "Ziad Khalaf al-Karbouly", "Hassan al-Turabi" (not "Jaish
/// al-Islam", one unknown word, nor "Burj al-Arab Hotel").
fn arabic_person_names(toks: &[Tok], mentions: &mut [Mention]) {
    let lexical = flag::ORG
        | flag::ORG_HEAD
        | flag::COUNTRY
        | flag::CITY
        | flag::STATE
        | flag::REGION
        | flag::TITLE;
    for m in mentions.iter_mut() {
        if m.user || m.kind == Kind::Person || m.kind == Kind::Norp || m.last == m.first {
            continue;
        }
        let words = &toks[m.first..=m.last];
        let (Some(last), Some(first)) = (words.last(), words.first()) else {
            continue;
        };
        // The glued article first: it rules out nearly every mention.
        if !glued_particle(last) {
            continue;
        }
        let before = &words[..words.len() - 1];
        let names = before.iter().all(|t| name_part(t) && !t.has(lexical));
        if names && (before.len() >= 2 || first.has(flag::GIVEN)) && !last.has(lexical) {
            m.kind = Kind::Person;
            m.reason = "given name + family name with 'al-'".into();
        }
    }
}

/// Multi-word organizations from the lexicon are whole too ("Islamic State of Iraq and the
/// Levant" is not "Islamic State of Iraq" + "Levant"), and a task force keeps its number
/// ("Task Force 50", "CTF 150").
fn whole_organizations(toks: &[Tok], caps: &[Capital], mentions: &mut Vec<Mention>) {
    let mut rw = Rewrite::new(toks);
    // Tokens before `resume` belong to a run already read.
    let mut resume = 0;
    for c in caps {
        let i = c.at as usize;
        if i < resume {
            continue;
        }
        let t = &toks[i];
        if !(t.is_capitalized() && t.has(flag::ORG) && t.flags & flag::PHRASE_INSIDE == 0) {
            continue;
        }
        let mut j = i;
        while toks.get(j + 1).is_some_and(|n| {
            n.kind == TokenKind::Word && n.has(flag::ORG) && n.flags & flag::PHRASE_INSIDE != 0
        }) {
            j += 1;
        }
        if j > i && !toks[i..j].iter().any(|t| t.possessive) && toks[j].is_capitalized() {
            let partial = (i..=j).any(|k| {
                rw.at(mentions, k)
                    .is_some_and(|m| !m.user && (m.first > i || m.last < j))
            });
            let outside = (i..=j).any(|k| {
                rw.at(mentions, k)
                    .is_some_and(|m| m.user || m.first < i || m.last > j)
            });
            if partial && !outside {
                rw.push(mention(
                    toks,
                    i,
                    j,
                    Kind::Org,
                    "organization (lexicon)".into(),
                ));
            }
        }
        resume = j + 1;
    }
    rw.apply(toks, mentions);
    military_units(toks, caps, mentions);
    for m in mentions.iter_mut() {
        if m.kind != Kind::Org {
            continue;
        }
        let last = &toks[m.last];
        let unit = last.lower == "force"
            || (last.all_caps && last.lower.ends_with("tf") && last.lower.len() <= 4);
        let number = toks.get(m.last + 1).filter(|n| {
            n.kind == TokenKind::Number
                && n.start == last.end + 1
                && n.word.len() <= 4
                && n.word.bytes().all(|b| b.is_ascii_digit())
                && !n.table_line
        });
        if let Some(n) = number.filter(|_| unit && !last.possessive) {
            m.last += 1;
            m.end = n.end as usize;
        }
    }
}

/// Words that end the name of a military unit ("3rd Battalion", "82nd Airborne Division").
/// Sorted.
const UNIT_HEADS: &str = "\
    army battalion brigade corps division fleet group regiment squadron wing";

/// Whether `t` is an ordinal written in digits ("3rd", "507th").
fn ordinal(t: &Tok) -> bool {
    t.kind == TokenKind::Number && !t.table_line && {
        let digits = t.word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let suffix = &t.lower[digits.len()..];
        !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit())
            && matches!(suffix, "st" | "nd" | "rd" | "th")
    }
}

/// Military units keep their ordinal: an organization right after "507th" takes it in, and
/// an ordinal followed by capitalized words ending in a unit word is one ("3rd Battalion",
/// "158th Fighter Wing").
fn military_units(toks: &[Tok], caps: &[Capital], mentions: &mut Vec<Mention>) {
    // Built at the first ordinal: most texts have none.
    let mut covered = Vec::new();
    let mut added = Vec::new();
    // An ordinal is followed by a capitalized word: the tokens before capitals are the
    // candidates.
    for c in caps {
        let Some(i) = (c.at as usize).checked_sub(1) else {
            continue;
        };
        let t = &toks[i];
        if !ordinal(t) {
            continue;
        }
        if covered.is_empty() {
            covered = coverage(toks, mentions);
        }
        if covered[i] {
            continue;
        }
        let cap = |k: usize| {
            toks.get(k)
                .is_some_and(|n| n.kind == TokenKind::Word && n.cap && !n.line_start)
        };
        if !cap(i + 1) {
            continue;
        }
        // An organization mention starting right after the ordinal.
        let at = mentions.partition_point(|m| m.first < i + 1);
        if let Some(m) = mentions
            .get_mut(at)
            .filter(|m| m.first == i + 1 && m.kind == Kind::Org && !m.user)
        {
            m.first = i;
            m.start = t.start as usize;
            covered[i] = true;
            continue;
        }
        let mut e = i + 1;
        while e < i + 5 && !toks[e].possessive && cap(e + 1) {
            e += 1;
        }
        let head = in_list(&toks[e], list::UNIT_HEADS);
        if head && !covered[i..=e].iter().any(|&c| c) {
            let reason = crate::text::concat(&["military unit '", toks[e].word, "'"]).into();
            added.push(mention(toks, i, e, Kind::Org, reason));
            for c in &mut covered[i..=e] {
                *c = true;
            }
        }
    }
    super::add_mentions(mentions, added);
}

/// Words that end the name of an event, a treaty or a law ("World Cup", "Paris Agreement",
/// "Clean Air Act"): such names are not persons, organizations or places. Sorted.
const EVENT_HEADS: &str = "\
    accord accords act agreement championship championships classic cup festival marathon \
    open protocol rally revolution series stakes tournament treaty trophy war";

/// Hull prefixes of naval and merchant vessels ("USS Mahan", "HMS Ocean", "FS Forbin"),
/// written in capitals: a ship is not a person, organization or place. Sorted.
const SHIP_PREFIXES: &str = "fs hmas hmcs hmnzs hms ins rfs usns uss";

/// Acronyms of weapons, vehicles and hull classes ("VBIED", "UAVs", "DDG"): things, never
/// organizations or places. Sorted.
const THING_ACRONYMS: &str = "\
    apc apcs atgm atgms ddg ffg icbm icbms ied ieds lhd manpads mrap mraps rpg rpgs svbied \
    svbieds uas uav uavs vbied vbieds";

/// Capitalized words that end a place name ("Anbar Province", "Tabqa Dam", "Red Sea").
/// Sorted.
const PLACE_HEADS: &str = "\
    airfield barrage base bridge canal dam desert governorate gulf island islands lake lakes \
    mountains oblast ocean peninsula prefecture province river sea strait valley village";

/// Place words followed by "of" and a name ("Gulf of Aden", "Strait of Hormuz"). Sorted.
const PLACE_OF_HEADS: &str = "bay gulf isle lake province sea strait";

/// Capitalized words that open a place name ("Mount Sinjar", "Lake Tharthar").
const PLACE_PREFIXES: &str = "fort lake mount";

/// Compass words that belong to a place name even at a sentence start ("North Sea").
const COMPASS: &str = "central east eastern north northern south southern upper west western";

/// The Arabic article written as a separate capitalized word ("Dayr Az Zawr", "Al Anbar"),
/// in its common transliterations. Sorted.
const ARABIC_ARTICLES: &str = "ad al an ar as ash at az el";

/// Whether `t` is a capitalized Arabic article that is not a given name here: "Al Gore" keeps
/// its person reading because "Gore" is a known surname.
fn arabic_article(t: &Tok, next: Option<&Tok>) -> bool {
    t.cap
        && !t.all_caps
        && in_list(t, list::ARABIC_ARTICLES)
        && next.is_some_and(|n| n.cap && !n.has(flag::SURNAME | flag::GIVEN))
}

/// Ships, weapons, military operations, books and time zones are not persons, organizations
/// or places: drops mentions of "USS Mahan", "VBIED", "Operation Desert Storm", "the Book of
/// Revelation", "Greenwich Mean Time".
fn drop_things(toks: &[Tok], caps: &[Capital], mentions: &mut Vec<Mention>) {
    let mut thing = vec![false; toks.len()];
    // Whether any token is marked: most texts name no thing.
    let mut things = false;
    let cap_word = |t: &Tok| t.kind == TokenKind::Word && t.cap && !t.line_start;
    // Each start below is capitalized or in capitals.
    for c in caps {
        let i = c.at as usize;
        let t = &toks[i];
        let ship = t.all_caps && c.lists & list::SHIP_PREFIXES != 0;
        let operation = t.cap && !t.all_caps && t.lower == "operation";
        let book = t.cap && !t.all_caps && t.lower == "book";
        let zone = t.cap
            && !t.all_caps
            && t.lower == "time"
            && i > 0
            && cap_word(&toks[i - 1])
            && !toks[i - 1].possessive
            && !toks.get(i + 1).is_some_and(cap_word);
        if !(ship || operation || book || zone) {
            continue;
        }
        // A title or zone name takes the capitalized words before it ("Yazidi Black Book").
        let mut a = i;
        // Names are short: the bounds keep a run of capitals from making this quadratic.
        while (book || zone)
            && a + 6 > i
            && a > 0
            && !toks[a].line_start
            && cap_word(&toks[a - 1])
            && !toks[a - 1].possessive
            && !toks[a - 1].initial
        {
            a -= 1;
        }
        // "Book of Revelation".
        let mut i = i;
        if book
            && !t.possessive
            && toks.get(i + 1).is_some_and(|o| o.lower == "of" && !o.cap)
            && toks.get(i + 2).is_some_and(cap_word)
        {
            i += 1;
        }
        // The name: capitalized words on the line, with particles ("Charles de Gaulle").
        let mut j = i;
        while !toks[j].possessive && j < i + 6 {
            let Some(n) = toks.get(j + 1).filter(|n| !n.line_start) else {
                break;
            };
            let part = n.kind == TokenKind::Word && n.cap && !n.has(flag::TITLE | flag::ORG_HEAD);
            let particle = joins_name(n)
                && toks
                    .get(j + 2)
                    .is_some_and(|m| m.cap && m.kind == TokenKind::Word && !m.line_start);
            if !(part || particle) {
                break;
            }
            j += 1;
        }
        if j > i || a < i || book {
            for c in &mut thing[a..=j] {
                *c = true;
            }
            things = true;
        }
    }
    super::retain_mentions(mentions, &mut |m| {
        let t = &toks[m.first];
        let last = &toks[m.last];
        // "World Cup", "Paris Agreement", "Cultural Revolution": events and laws (but
        // "Ministry of War" is an organization).
        let event = m.last > m.first
            && last.is_capitalized()
            && in_list(last, list::EVENT_HEADS)
            && !toks[m.first..m.last].iter().any(|t| t.has(flag::ORG_HEAD));
        let acronym = m.first == m.last
            && t.word.chars().take(2).all(char::is_uppercase)
            && in_list(t, list::THING_ACRONYMS);
        m.user || !(acronym || event || things && thing[m.first..=m.last].iter().any(|&x| x))
    });
}

/// Place names found by their place word: "Anbar Province", "Tabqa Dam", "North Arabian
/// Sea", "Gulf of Aden", "Mount Sinjar". The run of capitalized words must end at the name's
/// end ("Mosul Dam Authority" is left alone); the tagger's mentions inside become the place.
fn place_names(toks: &[Tok], caps: &[Capital], mentions: &mut Vec<Mention>) {
    let word = |t: &Tok| t.kind == TokenKind::Word && t.cap && !t.all_caps && !t.caps_line;
    let cap_at = |k: usize| {
        toks.get(k)
            .is_some_and(|n| n.is_capitalized() && !n.line_start)
    };
    // Start of the capitalized run that ends at `h` (particles as in "Salah ad Din").
    let run_start = |h: usize| {
        let mut a = h;
        // Bounded: a run of capitals must not make this quadratic.
        while a > 0 && a + 6 > h && !toks[a].line_start {
            let p = &toks[a - 1];
            let name = word(p) && !p.has(flag::TITLE) && !p.possessive;
            // "Salah ad Din": a lowercase article between two name words.
            let article = !p.cap && matches!(p.lower, "ad" | "al" | "ar" | "ash" | "az" | "el");
            let particle = a >= 2
                && (joins_name(p) || article)
                && word(&toks[a - 2])
                && !toks[a - 2].possessive
                && !p.line_start;
            if !(name || particle) {
                break;
            }
            a -= 1;
        }
        // Articles and sentence-initial words are not part of the name ("The", "Near",
        // "Yesterday"), unless they are all that is left before the place word.
        while a < h {
            let t = &toks[a];
            let junk = listed(LEADING_JUNK, t.lower)
                || joins_name(t)
                || (t.initial
                    && (in_list(t, list::FUNCTION_WORDS)
                        || (t.has(flag::COMMON)
                            && !in_list(t, list::COMPASS)
                            && a + 1 < h
                            && !t.has(flag::COUNTRY | flag::CITY | flag::REGION))));
            // "Bulgarian Black Sea": the nationality is not part of the name, unless it is
            // all of it but the place word ("Indian Ocean").
            let nationality = t.has(flag::DEMONYM) && a + 1 < h && !in_list(t, list::COMPASS);
            if !(junk || nationality) {
                break;
            }
            a += 1;
        }
        a
    };
    let mut rw = Rewrite::new(toks);
    for c in caps {
        let h = c.at as usize;
        let t = &toks[h];
        if !word(t) || t.table_line {
            continue;
        }
        let lists = c.lists;
        let span = if lists & list::PLACE_OF_HEADS != 0
            && !t.possessive
            && toks.get(h + 1).is_some_and(|o| o.lower == "of" && !o.cap)
            && toks.get(h + 2).is_some_and(|n| word(n) && !n.line_start)
        {
            let mut e = h + 2;
            while e < h + 5
                && !toks[e].possessive
                && toks.get(e + 1).is_some_and(|n| word(n) && !n.line_start)
            {
                e += 1;
            }
            Some((run_start(h), e)).filter(|&(_, e)| !cap_at(e + 1))
        } else if lists & list::PLACE_HEADS != 0 && !cap_at(h + 1) {
            Some((run_start(h), h)).filter(|&(s, e)| s < e)
        } else if lists & list::PLACE_PREFIXES != 0
            && !t.possessive
            && cap_at(h + 1)
            && (h == 0 || !cap_at(h - 1) || toks[h].line_start)
        {
            let mut e = h + 1;
            while e < h + 3 && !toks[e].possessive && cap_at(e + 1) {
                e += 1;
            }
            let ok = !cap_at(e + 1)
                && toks[h + 1..=e]
                    .iter()
                    .all(|n| word(n) && !n.has(flag::ORG_HEAD | flag::TITLE));
            Some((h, e)).filter(|_| ok)
        } else {
            None
        };
        let Some((s, e)) = span else {
            continue;
        };
        // The tagger's mentions must lie inside, or run across a comma (two names merged:
        // "North Arabian Sea, Gulf of Aden").
        let ok = (s..=e).all(|k| {
            mentions
                .get((rw.owner_at(mentions, k) as usize).wrapping_sub(1))
                .map_or(true, |m| {
                    !m.user
                        && ((m.first >= s && m.last <= e)
                            || toks[m.first..=m.last].iter().any(|u| u.is_punct(",")))
                })
        });
        if ok {
            let reason = crate::text::concat(&["place word '", t.word, "'"]).into();
            rw.push(mention(toks, s, e, Kind::Loc, reason));
        }
    }
    rw.apply(toks, mentions);
}

/// Two mentions that meet at a capitalized Arabic article are one name: "Dayr" + "Az Zawr".
fn join_arabic_articles(toks: &[Tok], mentions: &mut Vec<Mention>) {
    let joins = |prev: &Mention, m: &Mention| {
        let first = &toks[m.first];
        !prev.user
            && !m.user
            && prev.last + 1 == m.first
            && m.last > m.first
            && !toks[prev.last].possessive
            && !toks[prev.last].has(flag::TITLE)
            && (prev.kind == Kind::Loc || m.kind == Kind::Loc)
            && !first.line_start
            && arabic_article(first, toks.get(m.first + 1))
            && prev.kind != Kind::Norp
            && m.kind != Kind::Norp
    };
    // In place: mentions `..kept` are the result so far (joins are rare: nothing moves
    // until the first one).
    let mut kept = 0;
    for i in 0..mentions.len() {
        if kept > 0 && joins(&mentions[kept - 1], &mentions[i]) {
            let (kind, last, end) = (mentions[i].kind, mentions[i].last, mentions[i].end);
            let prev = &mut mentions[kept - 1];
            if kind == Kind::Loc {
                prev.kind = Kind::Loc;
            }
            prev.last = last;
            prev.end = end;
            continue;
        }
        if kept != i {
            mentions.swap(kept, i);
        }
        kept += 1;
    }
    mentions.truncate(kept);
}

/// Lowercase word key of a mention ("elon musk"): borrowed from the token view when the
/// mention has one word (most have), or from the window's lowercased text `lower` when its
/// words sit one space apart there (most longer names); built otherwise.
pub(crate) fn key<'t>(
    toks: &[Tok<'t>],
    lower: LowerText<'t>,
    first: usize,
    last: usize,
) -> Cow<'t, str> {
    let words = toks.get(first..=last).unwrap_or(&[]);
    // The words joined by single spaces are the lowercased text from the first word's start
    // to the last one's end when every gap between two words is exactly one space there
    // (no punctuation token, possessive or line break in between).
    let (mut len, mut joined, mut gap) = (0, true, false);
    let (mut one, mut prev): (Option<&Tok<'t>>, Option<&Tok<'t>>) = (None, None);
    for t in words {
        if t.kind != TokenKind::Word {
            gap = true;
            continue;
        }
        if let Some(p) = prev {
            len += 1;
            joined &= !gap && t.start == p.end + 1 && lower.byte(p.end) == Some(b' ');
        }
        gap = false;
        len += t.lower.len();
        one.get_or_insert(t);
        prev = Some(t);
    }
    let (Some(one), Some(last)) = (one, prev) else {
        return Cow::Borrowed("");
    };
    if std::ptr::eq(one, last) {
        return Cow::Borrowed(one.lower);
    }
    if joined {
        if let Some(k) = lower.get(one.start, last.end).filter(|k| k.len() == len) {
            return Cow::Borrowed(k);
        }
    }
    let mut k = String::with_capacity(len);
    for t in words.iter().filter(|t| t.kind == TokenKind::Word) {
        if !k.is_empty() {
            k.push(' ');
        }
        k.push_str(t.lower);
    }
    Cow::Owned(k)
}

/// The hash of the key of tokens `first..=last` ([`key`]): its words' hashes chained by
/// `extend_phrase` (0 without words).
fn phrase_hash(toks: &[Tok], first: usize, last: usize) -> u64 {
    let words = toks.get(first..=last).unwrap_or(&[]).iter();
    let mut hash = None;
    for t in words.filter(|t| t.kind == TokenKind::Word) {
        debug_assert!(
            !t.lower.contains(' '),
            "a word with a space breaks key hashes"
        );
        hash = Some(hash.map_or(t.hash, |h| extend_phrase(h, t.hash)));
    }
    hash.unwrap_or(0)
}

/// One name of [`make_consistent`]'s map.
struct Slot {
    votes: [u32; 4],
    full: u32,
    named: u32,
}

/// The most words the recurrence scan of [`make_consistent`] matches at once.
const MAX_SCAN_WORDS: usize = 6;

/// Document consistency: one label per name (a label changes only when the text gives
/// another one at least twice more often), surnames of full names are persons, and names
/// tagged once are tagged everywhere they recur.
#[inline(never)]
pub(crate) fn make_consistent<'t>(
    toks: &[Tok<'t>],
    caps: &[Capital],
    lower: LowerText<'t>,
    mentions: &mut Vec<Mention>,
) {
    // A lone word that only the tagger calls a person, and that no full name in the text,
    // surname or given-name list, title, speech verb or results table supports, is more
    // often a team or company ("Somerset beat Kent", "Pirelli's division"): leave it out
    // rather than mislabel it.
    // Words of two or more chars, without collecting them.
    let word_tokens = |m: &Mention| {
        toks.get(m.first..=m.last)
            .unwrap_or(&[])
            .iter()
            .filter(|t| t.kind == TokenKind::Word && two_chars(t.word))
    };
    // A set, as a map of the crate's one `&str → u32` map type (every map here is one: one
    // copy of the hash table code in the wasm).
    let mut anchors: HashMap<&str, u32, FxBuild> =
        HashMap::with_capacity_and_hasher(mentions.len(), FxBuild::default());
    for m in mentions.iter().filter(|m| m.kind == Kind::Person) {
        if word_tokens(m).nth(1).is_some() {
            anchors.extend(word_tokens(m).map(|t| (t.lower, 0)));
        }
    }
    super::retain_mentions(mentions, &mut |m| {
        if !(m.learned && m.kind == Kind::Person) {
            return true;
        }
        let mut words = word_tokens(m);
        let (Some(t), None) = (words.next(), words.next()) else {
            return true;
        };
        let next = toks.get(m.last + 1);
        let prev = m.first.checked_sub(1).and_then(|p| toks.get(p));
        // The flag tests first: they spare many names the map probe.
        t.has(flag::SURNAME | flag::GIVEN)
            || t.table_line
            || prev.is_some_and(|p| p.has(flag::TITLE))
            || anchors.contains_key(t.lower)
            || next.is_some_and(|n| in_list(n, list::SPEECH_VERBS))
    });
    // Keys are computed once per mention, with their hash: a chain of the words' hashes
    // that the token view already holds (`extend_phrase`), so no key is hashed twice and the
    // scan below extends a run's hash by one word at a time. Equal keys have equal chains:
    // a key is its words joined by single spaces, and no word holds a space.
    let words: Vec<Cow<str>> = mentions
        .iter()
        .map(|m| key(toks, lower, m.first, m.last))
        .collect();
    let keys: Vec<Exact> = mentions
        .iter()
        .zip(&words)
        .map(|(m, k)| Exact {
            hash: phrase_hash(toks, m.first, m.last),
            word: k,
        })
        .collect();
    // One map of names, sized once (growing from empty rehashes several times per
    // document): a key's slot, then per slot its votes per type, the surname's full name
    // (`u32::MAX` if none), and the kind the name recurs as (its number in `KINDS` plus one,
    // 0 for a name's first words only).
    let mut index: HashMap<Exact, u32, Prehashed> =
        HashMap::with_capacity_and_hasher(2 * keys.len(), Prehashed::default());
    let mut slots: Vec<Slot> = Vec::with_capacity(2 * keys.len());
    fn slot_of<'k>(
        index: &mut HashMap<Exact<'k>, u32, Prehashed>,
        slots: &mut Vec<Slot>,
        k: Exact<'k>,
    ) -> u32 {
        let next = slots.len() as u32;
        let s = *index.entry(k).or_insert(next);
        if s == next {
            slots.push(Slot {
                votes: [0; 4],
                full: u32::MAX,
                named: 0,
            });
        }
        s
    }
    // Each mention's slot, so its key is hashed once.
    let mut slot_at: Vec<u32> = Vec::with_capacity(keys.len());
    let slot = |k: Kind| match k {
        Kind::Person => 0,
        Kind::Org => 1,
        Kind::Loc => 2,
        _ => 3,
    };
    // Surnames (their slots), each with the number of the full name's key in `keys`.
    let mut surnames: Vec<u32> = Vec::new();
    for (i, (m, &k)) in mentions.iter().zip(&keys).enumerate() {
        let v = slot_of(&mut index, &mut slots, k);
        slot_at.push(v);
        if let Some(v) = slots.get_mut(v as usize) {
            v.votes[slot(m.kind)] += 1;
        }
        if m.kind == Kind::Person {
            // The last word, when there are two or more.
            let (count, last) = word_tokens(m).fold((0, None), |(n, _), t| (n + 1, Some(t)));
            if count >= 2 {
                // A place or organization name is not taken for a surname ("Lebed
                // Chechnya" in a headline must not make every "Chechnya" a person).
                let place = flag::COUNTRY
                    | flag::CITY
                    | flag::STATE
                    | flag::REGION
                    | flag::ORG
                    | flag::DEMONYM;
                if let Some(surname) = last.filter(|t| !t.has(place) && !t.caps_line) {
                    let key = Exact {
                        hash: surname.hash,
                        word: surname.lower,
                    };
                    let s = slot_of(&mut index, &mut slots, key);
                    if let Some(v) = slots.get_mut(s as usize) {
                        // The last full name with this surname wins.
                        if v.full == u32::MAX {
                            surnames.push(s);
                        }
                        v.full = i as u32;
                    }
                }
            }
        }
    }
    for (i, m) in mentions.iter_mut().enumerate() {
        if m.kind == Kind::Norp {
            continue;
        }
        let Some(v) = slot_at.get(i).and_then(|&v| slots.get(v as usize)) else {
            continue;
        };
        // A one-word key is a word of two or more chars or none: a surname's slot only
        // when the key is the surname itself.
        if m.first == m.last && m.kind != Kind::Person && v.full != u32::MAX {
            let full = keys.get(v.full as usize).map_or("", |f| f.word);
            m.kind = Kind::Person;
            m.reason = crate::text::concat(&["surname of '", full, "'"]).into();
            continue;
        }
        let v = v.votes;
        let best = (0..3)
            .max_by_key(|&s| (v[s], u8::from(s == 0)))
            .unwrap_or(0);
        if v[best] >= v[slot(m.kind)] + 2 {
            m.kind = [Kind::Person, Kind::Org, Kind::Loc][best];
            m.reason = "same name labelled so elsewhere in the text".into();
        }
    }
    // Recurrences the tagger missed: exact repeats of a tagged name, and surnames alone.
    // Each name's shorter runs of first words are in the map too (as 0, unless also a
    // name), so the scan stops as soon as its words begin no name. A name's `named` is its
    // kind's number in `KINDS` plus one; the first kind given to a name wins, and a run of
    // first words never replaces it.
    const KINDS: [Kind; 4] = [Kind::Person, Kind::Org, Kind::Loc, Kind::Norp];
    let number = |kind: Kind| {
        KINDS
            .iter()
            .position(|&x| x == kind)
            .map_or(0, |p| p as u32 + 1)
    };
    let mut longest = 1;
    for (i, (m, k)) in mentions.iter().zip(&keys).enumerate() {
        if m.kind == Kind::Norp {
            continue;
        }
        // Runs of up to six words: the scan reads no more (and a long key's every prefix
        // would cost the square of its length).
        let mut words = 0;
        let (mut hash, mut len) = (0, 0);
        for t in toks.get(m.first..=m.last).unwrap_or(&[]) {
            if t.kind != TokenKind::Word {
                continue;
            }
            if words > 0 {
                if words <= MAX_SCAN_WORDS {
                    let prefix = Exact {
                        hash,
                        word: k.word.get(..len).unwrap_or(""),
                    };
                    slot_of(&mut index, &mut slots, prefix);
                }
                len += 1;
            }
            hash = if words == 0 {
                t.hash
            } else {
                extend_phrase(hash, t.hash)
            };
            len += t.lower.len();
            words += 1;
        }
        longest = longest.max(words);
        if let Some(v) = slot_at.get(i).and_then(|&v| slots.get_mut(v as usize)) {
            if v.named == 0 {
                v.named = number(m.kind);
            }
        }
    }
    for &s in &surnames {
        if let Some(v) = slots.get_mut(s as usize) {
            if v.named == 0 {
                v.named = number(Kind::Person);
            }
        }
    }
    let mut covered = coverage(toks, mentions);
    let mut added = Vec::new();
    // One key buffer for the whole scan.
    let mut k = String::new();
    // Tokens before `resume` belong to a run already read.
    let mut resume = 0;
    for c in caps {
        let i = c.at as usize;
        if i < resume {
            continue;
        }
        let t = &toks[i];
        if covered[i] || !t.is_capitalized() {
            continue;
        }
        let mut found = None;
        k.clear();
        let mut j = i;
        let (mut words, mut hash) = (0, 0);
        while j < toks.len() && words < longest.min(MAX_SCAN_WORDS) {
            let u = &toks[j];
            if covered[j] || u.kind != TokenKind::Word || (j > i && u.line_start) {
                break;
            }
            // A run of one word is the word itself: the key buffer is written from the
            // second word on (most runs stop at their first).
            let word = if words == 0 {
                hash = u.hash;
                u.lower
            } else {
                if words == 1 {
                    k.push_str(t.lower);
                }
                k.push(' ');
                k.push_str(u.lower);
                hash = extend_phrase(hash, u.hash);
                k.as_str()
            };
            words += 1;
            let run = Exact { hash, word };
            match index
                .get(&run)
                .and_then(|&v| slots.get(v as usize))
                .map(|v| KINDS.get((v.named as usize).wrapping_sub(1)))
            {
                // No name begins so: none is longer either.
                None => break,
                Some(None) => {}
                Some(Some(&kind)) => {
                    // The match must end where the name ends.
                    let next_cap = toks
                        .get(j + 1)
                        .is_some_and(|n| n.is_capitalized() && !n.initial);
                    if !next_cap || toks[j].possessive {
                        found = Some((j, kind));
                    }
                }
            }
            if u.possessive {
                break;
            }
            j += 1;
        }
        if let Some((j, kind)) = found {
            let single_common = i == j && (t.has(flag::COMMON) || t.has(flag::CALENDAR));
            let risky = single_common && (t.initial || t.caps_line);
            // A lone capital letter recurs only as a known one-letter brand ("X"), and
            // never as an initial ("X.").
            let letter = i == j && one_char(t.word);
            let brand = letter
                && kind == Kind::Org
                && !toks
                    .get(j + 1)
                    .is_some_and(|d| d.is_punct(".") && d.start == t.end);
            if !(risky || letter && !brand) {
                // "'Kowalczyk' is named so elsewhere in the text", written in one string.
                const TAIL: &str = "' is named so elsewhere in the text";
                let words = &toks[i..=j];
                let len: usize = words.iter().map(|t| t.word.len() + 1).sum();
                let mut reason = String::with_capacity(len + TAIL.len());
                for (n, t) in words.iter().enumerate() {
                    reason.push_str(if n == 0 { "'" } else { " " });
                    reason.push_str(t.word);
                }
                reason.push_str(TAIL);
                let m = mention(toks, i, j, kind, reason.into());
                for c in &mut covered[m.first..=m.last] {
                    *c = true;
                }
                resume = m.last + 1;
                added.push(m);
                continue;
            }
        }
    }
    super::add_mentions(mentions, added);
}

/// Starts of the non-overlapping occurrences of `pat` in `hay`, leftmost first, as
/// `str::match_indices` finds them (a match of UTF-8 in UTF-8 starts and ends on char
/// boundaries): Knuth-Morris-Pratt, linear in both lengths. Std's string searcher, which
/// nothing else in the core needs, costs the wasm 2 KB.
fn occurrences(hay: &[u8], pat: &[u8]) -> Vec<usize> {
    let mut out = Vec::new();
    if pat.is_empty() {
        return out;
    }
    // `border[q]`: the length of the longest proper prefix of `pat[..=q]` that also ends it.
    let mut border = vec![0; pat.len()];
    let mut k = 0;
    for (q, &b) in pat.iter().enumerate().skip(1) {
        while k > 0 && pat.get(k) != Some(&b) {
            k = border[k - 1];
        }
        if pat.get(k) == Some(&b) {
            k += 1;
        }
        border[q] = k;
    }
    // `q`: how many bytes of `pat` end at the current byte.
    let mut q = 0;
    for (i, &b) in hay.iter().enumerate() {
        while q > 0 && pat.get(q) != Some(&b) {
            q = border[q - 1];
        }
        if pat.get(q) == Some(&b) {
            q += 1;
        }
        if q == pat.len() {
            out.push(i + 1 - q);
            // Non-overlapping: the next match starts after this one.
            q = 0;
        }
    }
    out
}

/// Every occurrence of the user's names in `text`, a window of the document starting at
/// byte `from` (its token view `toks`): case-sensitive, on word boundaries.
#[inline(never)]
pub(crate) fn user_mentions(
    text: &str,
    from: usize,
    toks: &[Tok],
    names: &[(String, Kind)],
) -> Vec<Mention> {
    let mut out = Vec::new();
    if names.is_empty() {
        return out;
    }
    let is_word_char = |c: char| c.is_alphanumeric() || c == '_';
    for (name, kind) in names {
        if name.is_empty() {
            continue;
        }
        for s in occurrences(text.as_bytes(), name.as_bytes()) {
            let e = s + name.len();
            let (start, end) = (s + from, e + from);
            let before_ok = text
                .get(..s)
                .and_then(|b| b.chars().last())
                .map_or(true, |c| !is_word_char(c));
            let after = text.get(e..).and_then(|a| a.chars().next());
            let after_ok = after.map_or(true, |c| !is_word_char(c))
                || text
                    .get(e..)
                    .is_some_and(|a| a.starts_with("'s") || a.starts_with("\u{2019}s"));
            if !before_ok || !after_ok {
                continue;
            }
            let first = toks
                .partition_point(|t| t.end as usize <= start)
                .min(toks.len().saturating_sub(1));
            let last = toks
                .partition_point(|t| (t.start as usize) < end)
                .saturating_sub(1)
                .max(first);
            out.push(Mention {
                first,
                last,
                start,
                end,
                kind: *kind,
                reason: "your list of names".into(),
                user: true,
                learned: false,
            });
        }
    }
    // Longest first at one start; then drop overlaps among the user's own names.
    super::sort_mentions(&mut out);
    let mut end = 0;
    super::retain_mentions(&mut out, &mut |m| {
        if m.start < end {
            return false;
        }
        end = m.end;
        true
    });
    out
}

/// Adds the user's mentions, dropping built-in mentions that overlap them.
pub(crate) fn merge_user(mentions: Vec<Mention>, user: Vec<Mention>) -> Vec<Mention> {
    if user.is_empty() {
        return mentions;
    }
    let mut out = mentions;
    super::retain_mentions(&mut out, &mut |m| {
        !user.iter().any(|u| u.start < m.end && m.start < u.end)
    });
    let mut user = user;
    out.append(&mut user);
    out
}

#[cfg(test)]
mod tests {
    use super::super::features::prepare;
    use super::*;
    use crate::text::Document;

    /// The lowercased copy of a whole text, as a window's.
    fn whole(lower: &str) -> LowerText<'_> {
        LowerText {
            text: lower,
            from: 0,
        }
    }

    #[test]
    fn name_keys_are_the_words_joined_by_spaces() {
        let text = "Elon Musk met  Jill Biden's aide, St. Louis-based J.R. R. Tolkien\nBen \
                    O'Neil (Reuters) AL-QAIDA chief\u{2019}s Ana Ruiz";
        let doc = Document::new(text);
        let lower = text.to_ascii_lowercase();
        let toks = prepare(&doc, &lower);
        let n = toks.len();
        for first in 0..n {
            for last in first..n.min(first + 6) {
                let joined = toks[first..=last]
                    .iter()
                    .filter(|t| t.kind == TokenKind::Word)
                    .map(|t| t.lower)
                    .collect::<Vec<_>>()
                    .join(" ");
                assert_eq!(key(&toks, whole(&lower), first, last), joined);
            }
        }
        // A later window: offsets into its own lowercased copy.
        let from = toks[2].start as usize;
        let tail = text[from..].to_ascii_lowercase();
        let window = super::super::features::window(&doc, &tail, 2..n);
        let lowered = LowerText { text: &tail, from };
        assert!(
            matches!(key(&window, lowered, 0, 1), Cow::Owned(_)),
            "two spaces"
        );
        assert!(matches!(
            key(&window, lowered, 1, 2),
            Cow::Borrowed("jill biden")
        ));
    }

    fn spans(text: &str) -> Vec<(String, Kind)> {
        let doc = Document::new(text);
        super::super::detect(&doc, &[])
            .iter()
            .map(|s| (text[s.range()].to_string(), s.kind()))
            .collect()
    }

    fn has(text: &str, name: &str, kind: Kind) -> bool {
        let s = spans(text);
        let ok = s.iter().any(|(t, k)| t == name && *k == kind);
        if !ok {
            eprintln!("{text:?} gave {s:?}");
        }
        ok
    }

    fn absent(text: &str, name: &str) -> bool {
        let s = spans(text);
        let ok = !s.iter().any(|(t, _)| t == name);
        if !ok {
            eprintln!("{text:?} gave {s:?}");
        }
        ok
    }

    #[test]
    fn titles_stay_outside_person_spans() {
        let text = "On Friday former President Barack Obama spoke, and Gov. Gavin Newsom listened.";
        assert!(has(text, "Barack Obama", Kind::Person));
        assert!(has(text, "Gavin Newsom", Kind::Person));
        assert!(absent(text, "President Barack Obama"));
        let text = "Later, Mr. Peterson declined to comment on the report.";
        assert!(has(text, "Peterson", Kind::Person));
    }

    #[test]
    fn possessive_is_left_out() {
        let text = "Investors cheered when Jeff Bezos's company reported its earnings.";
        assert!(has(text, "Jeff Bezos", Kind::Person));
        let text = "Later, Bezos\u{2019}s spokesman declined to comment.";
        assert!(absent(text, "Bezos\u{2019}s"));
    }

    #[test]
    fn abbreviation_dots_and_suffixes_are_kept() {
        let text = "The rally took place in Scranton, Pa., last month.";
        assert!(has(text, "Pa.", Kind::Loc));
        let text = "Shares of Acme Widgets Corp. rose after Martin Luther King Jr. Day.";
        assert!(has(text, "Acme Widgets Corp.", Kind::Org));
    }

    #[test]
    fn initials_and_particles_stay_in_names() {
        let text = "The novel by J. K. Rowling was praised by critics.";
        assert!(has(text, "J. K. Rowling", Kind::Person));
        let text = "The Dutch striker Robin van Persie scored twice.";
        assert!(has(text, "Robin van Persie", Kind::Person));
    }

    #[test]
    fn sentence_initial_common_words_are_not_names() {
        let text = "Despite the rain, thousands gathered. However, organizers said \
                    attendance fell. Users complained online.";
        for w in ["Despite", "However", "Users"] {
            assert!(absent(text, w));
        }
    }

    #[test]
    fn caps_headlines_and_datelines() {
        let text = "FLOODS HIT TOWNS ACROSS THE REGION\n\nDENVER (AP) — Heavy rain closed \
                    roads across Colorado on Sunday, officials said.";
        assert!(absent(text, "FLOODS"));
        assert!(absent(text, "HIT"));
        assert!(has(text, "DENVER", Kind::Loc));
        assert!(has(text, "AP", Kind::Org));
        assert!(has(text, "Colorado", Kind::Loc));
    }

    #[test]
    fn one_letter_brand_in_context() {
        let text = "Advertisers left the platform X after the change.";
        assert!(has(text, "X", Kind::Org));
        let text = "Plan X was abandoned.";
        assert!(absent(text, "X"));
    }

    #[test]
    fn a_one_letter_brand_is_tagged_wherever_it_recurs() {
        let text = "Users left the platform X in droves. Advertisers followed, and X said \
                    revenue fell. Senator Jane Doe, D-N.Y., spoke to Y.";
        let found = spans(text);
        let xs = found
            .iter()
            .filter(|(t, k)| t == "X" && *k == Kind::Org)
            .count();
        assert_eq!(xs, 2, "{found:?}");
        assert!(absent(text, "Y."));
        assert!(absent(text, "Y"));
    }

    #[test]
    fn unsupported_lone_person_guesses_are_dropped() {
        let doc = Document::new("Zorbatron fell while Quillex rose. Greta Quillex spoke.");
        let lower = doc.text().to_ascii_lowercase();
        let toks = prepare(&doc, &lower);
        // "Zorbatron" (0) and "Quillex" (3) as the tagger's lone person guesses.
        let mut ms = vec![
            Mention {
                learned: true,
                ..mention(&toks, 0, 0, Kind::Person, "".into())
            },
            Mention {
                learned: true,
                ..mention(&toks, 3, 3, Kind::Person, "".into())
            },
            mention(&toks, 6, 7, Kind::Person, "".into()),
        ];
        make_consistent(&toks, &capitals(&toks), whole(&lower), &mut ms);
        let kept: Vec<_> = ms.iter().map(|m| &doc.text()[m.start..m.end]).collect();
        assert_eq!(
            kept,
            ["Quillex", "Greta Quillex"],
            "anchored by the full name only"
        );
    }

    #[test]
    fn a_person_after_a_title_inside_an_organization_span() {
        let doc = Document::new("Yesterday Treasury Secretary Janet Yellen spoke.");
        let lower = doc.text().to_ascii_lowercase();
        let toks = prepare(&doc, &lower);
        // The tagger's labels: "Treasury Secretary Janet Yellen" as one organization.
        let labels = [0, 3, 4, 4, 4, 0, 0];
        let ms = refine(&toks, &labels);
        let got: Vec<_> = ms
            .iter()
            .map(|m| (&doc.text()[m.start..m.end], m.kind))
            .collect();
        assert_eq!(
            got,
            [("Treasury", Kind::Org), ("Janet Yellen", Kind::Person)]
        );
    }

    #[test]
    fn lowercase_words_and_open_brackets_end_a_name() {
        let doc = Document::new("Mike Tyson in Las Vegas, and Zorbia ( N.");
        let lower = doc.text().to_ascii_lowercase();
        let toks = prepare(&doc, &lower);
        // Mike Tyson in Las Vegas , and Zorbia ( N .
        let labels = [1, 2, 2, 2, 2, 0, 0, 3, 4, 4, 0];
        let got: Vec<_> = refine(&toks, &labels)
            .iter()
            .map(|m| (&doc.text()[m.start..m.end], m.kind))
            .collect();
        assert_eq!(
            got,
            [
                ("Mike Tyson", Kind::Person),
                ("Las Vegas", Kind::Loc),
                ("Zorbia", Kind::Org)
            ]
        );
    }

    #[test]
    fn part_of_a_multi_word_place_becomes_the_place() {
        let doc = Document::new("Rain hit New York today.");
        let lower = doc.text().to_ascii_lowercase();
        let toks = prepare(&doc, &lower);
        let mut ms = vec![mention(&toks, 3, 3, Kind::Person, "".into())];
        whole_places(&toks, &capitals(&toks), &mut ms);
        let got: Vec<_> = ms
            .iter()
            .map(|m| (&doc.text()[m.start..m.end], m.kind))
            .collect();
        assert_eq!(got, [("New York", Kind::Loc)]);
        // A longer name holding the place is left alone.
        let doc = Document::new("Shares on the New York Stock Exchange fell.");
        let lower = doc.text().to_ascii_lowercase();
        let toks = prepare(&doc, &lower);
        let mut ms = vec![mention(&toks, 3, 6, Kind::Org, "".into())];
        whole_places(&toks, &capitals(&toks), &mut ms);
        assert_eq!(ms.len(), 1);
        assert_eq!(ms[0].kind, Kind::Org);
    }

    #[test]
    fn is_in_running_text_is_the_islamic_state() {
        let text = "Officials said IS fighters had left the town before dawn.";
        assert!(has(text, "IS", Kind::Org));
        let text = "Officials said\nTHE BRIDGE IS CLOSED TO TRAFFIC\nuntil Friday.";
        assert!(absent(text, "IS"));
    }

    #[test]
    fn military_units_keep_their_ordinal() {
        let text = "Soldiers from the 3rd Battalion and the 158th Fighter Wing joined the \
                    82nd Airborne Division. He finished 3rd Place in the race.";
        for name in [
            "3rd Battalion",
            "158th Fighter Wing",
            "82nd Airborne Division",
        ] {
            assert!(has(text, name, Kind::Org), "{name}");
        }
        assert!(absent(text, "3rd Place"));
    }

    #[test]
    fn names_ending_in_an_arabic_family_name_are_persons() {
        let doc = Document::new("Reports named Faris Khalid al-Tamimi and Jaish al-Nasr.");
        let lower = doc.text().to_ascii_lowercase();
        let toks = prepare(&doc, &lower);
        let mut ms = vec![
            mention(&toks, 2, 4, Kind::Org, "".into()),
            mention(&toks, 6, 7, Kind::Org, "".into()),
        ];
        arabic_person_names(&toks, &mut ms);
        assert_eq!(ms[0].kind, Kind::Person);
        assert_eq!(ms[1].kind, Kind::Org);
    }

    #[test]
    fn binary_searched_lists_are_sorted() {
        for list in [
            FUNCTION_WORDS,
            SHIP_PREFIXES,
            THING_ACRONYMS,
            PLACE_HEADS,
            PLACE_OF_HEADS,
            ARABIC_ARTICLES,
            UNIT_HEADS,
            EVENT_HEADS,
        ] {
            let words: Vec<&str> = list.split(' ').collect();
            assert!(words.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
        // `strong_evidence` looks up only words of up to four bytes in this list.
        assert!(NOT_ENTITIES.split(' ').all(|w| w.len() <= 4));
    }

    #[test]
    fn military_ranks_stay_outside_person_spans() {
        let text = "Staff Sgt. Maria Alvarez and Lt. Col. Devon Price briefed reporters, \
                    and Commodore Ellen Shaw agreed. Staff Colonel Karim Haddad was absent.";
        for name in ["Maria Alvarez", "Devon Price", "Ellen Shaw", "Karim Haddad"] {
            assert!(has(text, name, Kind::Person), "{name}");
        }
        assert!(absent(text, "Commodore Ellen Shaw"));
        assert!(absent(text, "Staff"));
    }

    #[test]
    fn a_title_and_its_department_stay_outside_the_name() {
        let text = "Secretary of State Madeleine Albright met Secretary of Defense William \
                    Cohen on Friday.";
        assert!(has(text, "Madeleine Albright", Kind::Person));
        assert!(has(text, "William Cohen", Kind::Person));
        assert!(absent(text, "State Madeleine Albright"));
        assert!(absent(text, "Defense William Cohen"));
    }

    #[test]
    fn ships_weapons_and_operations_are_not_entities() {
        let text = "The destroyer USS Carney sailed with HMS Diamond and FS Languedoc. \
                    A drone hit a VBIED and two UAVs near an IED workshop during Operation \
                    Desert Shield.";
        for name in [
            "USS Carney",
            "Carney",
            "HMS Diamond",
            "Diamond",
            "FS Languedoc",
            "Languedoc",
            "VBIED",
            "UAVs",
            "IED",
            "Operation Desert Shield",
            "Desert Shield",
        ] {
            assert!(absent(text, name), "{name}");
        }
    }

    #[test]
    fn events_treaties_and_laws_are_not_organizations() {
        let text = "After the Paris Agreement and the Clean Air Act, fans watched the \
                    Davis Cup while the Cultural Revolution was remembered.";
        for name in [
            "Paris Agreement",
            "Clean Air Act",
            "Davis Cup",
            "Cultural Revolution",
        ] {
            assert!(absent(text, name), "{name}");
        }
        let text = "Officials at the Ministry of War declined to comment.";
        assert!(has(text, "Ministry of War", Kind::Org));
    }

    #[test]
    fn books_and_time_zones_are_not_organizations() {
        let text = "Monks guarded the Book of Kells; the exhibit opens at noon Greenwich \
                    Mean Time, and the Red Book stays closed.";
        for name in ["Book of Kells", "Kells", "Greenwich Mean Time", "Red Book"] {
            assert!(absent(text, name), "{name}");
        }
    }

    #[test]
    fn place_words_make_places() {
        let text = "Floods hit Nineveh Province and the Hoover Dam, while tankers crossed \
                    the Gulf of Aden and climbers rested below Mount Elbrus in Wadi ad Dawasir \
                    Province.";
        for name in [
            "Nineveh Province",
            "Hoover Dam",
            "Gulf of Aden",
            "Mount Elbrus",
            "Wadi ad Dawasir Province",
        ] {
            assert!(has(text, name, Kind::Loc), "{name}");
        }
        // A longer name that only holds a place word is left to the other rules.
        let text = "The Hoover Dam Authority said repairs were finished.";
        assert!(absent(text, "Hoover Dam"));
        // A nationality before the name is not part of it, unless nothing else is.
        let text = "Tourists crowd the Bulgarian Black Sea resorts and Indian Ocean islands.";
        assert!(has(text, "Black Sea", Kind::Loc));
        assert!(has(text, "Indian Ocean", Kind::Loc));
        // "Lake" inside "Salt Lake City-based" does not open a place.
        let text = "Salt Lake City-based Zenlo Bank said profits rose.";
        for (t, _) in spans(text) {
            assert!(!t.starts_with("Lake"), "{t:?}");
        }
    }

    #[test]
    fn two_names_merged_across_a_comma_are_split_at_their_place_words() {
        let doc = Document::new("Tankers crossed the North Arabian Sea, Gulf of Aden and more.");
        let lower = doc.text().to_ascii_lowercase();
        let toks = prepare(&doc, &lower);
        // The tagger's labels: "North Arabian Sea , Gulf of Aden" as one organization.
        let mut ms = vec![mention(&toks, 3, 9, Kind::Org, "".into())];
        whole_places(&toks, &capitals(&toks), &mut ms);
        let got: Vec<_> = ms
            .iter()
            .map(|m| (&doc.text()[m.start..m.end], m.kind))
            .collect();
        assert_eq!(
            got,
            [
                ("North Arabian Sea", Kind::Loc),
                ("Gulf of Aden", Kind::Loc)
            ]
        );
    }

    #[test]
    fn the_arabic_article_opens_place_names() {
        let text = "Airstrikes hit targets near Al Qurnayn and in Al Zubaydat. Al Gore spoke.";
        assert!(has(text, "Al Qurnayn", Kind::Loc));
        assert!(has(text, "Al Zubaydat", Kind::Loc));
        assert!(has(text, "Al Gore", Kind::Person));
        let text = "Chief Superintendent Al McHugh said the road was closed.";
        assert!(has(text, "Al McHugh", Kind::Person));
    }

    #[test]
    fn mentions_meeting_at_an_arabic_article_are_one_place() {
        let doc = Document::new("Fighting near Tall Az Zarqa continued.");
        let lower = doc.text().to_ascii_lowercase();
        let toks = prepare(&doc, &lower);
        let mut ms = vec![
            mention(&toks, 2, 2, Kind::Loc, "".into()),
            mention(&toks, 3, 4, Kind::Loc, "".into()),
        ];
        join_arabic_articles(&toks, &mut ms);
        assert_eq!(ms.len(), 1);
        assert_eq!(&doc.text()[ms[0].start..ms[0].end], "Tall Az Zarqa");
    }

    #[test]
    fn lexicon_organizations_are_whole_and_task_forces_keep_their_number() {
        let text = "Fighters of the Islamic State of Iraq and the Levant retreated as \
                    Combined Task Force 150 patrolled the coast.";
        assert!(has(text, "Islamic State of Iraq and the Levant", Kind::Org));
        assert!(has(text, "Combined Task Force 150", Kind::Org));
    }

    #[test]
    fn nationalities_are_norp() {
        let text = "The talks involved German and Japanese officials.";
        assert!(has(text, "German", Kind::Norp));
        assert!(has(text, "Japanese", Kind::Norp));
    }

    #[test]
    fn organizations_made_of_common_words() {
        let text = "Markets rallied after the Federal Reserve spoke, and the Justice \
                    Department opened an inquiry. The Bank of England waited.";
        assert!(has(text, "Federal Reserve", Kind::Org));
        assert!(has(text, "Justice Department", Kind::Org));
        assert!(has(text, "Bank of England", Kind::Org));
    }

    #[test]
    fn names_that_are_also_words() {
        let text = "Will Smith greeted May Johnson and George W. Bush at the gala.";
        assert!(has(text, "Will Smith", Kind::Person));
        assert!(has(text, "May Johnson", Kind::Person));
        assert!(has(text, "George W. Bush", Kind::Person));
        let text = "Will the bill pass in May? Some doubt it.";
        assert!(absent(text, "Will"));
        assert!(absent(text, "May"));
        assert!(absent(text, "Some"));
    }

    #[test]
    fn names_inside_quotes() {
        let text = "\u{201c}We will win,\u{201d} said Kamala Harris. \"Ask Obama,\" she added.";
        assert!(has(text, "Kamala Harris", Kind::Person));
        assert!(absent(text, "We"));
        assert!(absent(text, "Ask"));
    }

    #[test]
    fn arabic_particles_join_the_name() {
        let text = "The court sentenced Abu Musab al-Zarqawi in absentia, officials said.";
        assert!(has(text, "Abu Musab al-Zarqawi", Kind::Person));
    }

    #[test]
    fn modifiers_and_sentence_adverbs_are_not_names() {
        let text = "Accordingly, the Jordanian-born cleric was released.";
        assert!(absent(text, "Accordingly"));
        assert!(absent(text, "Jordanian-born"));
    }

    #[test]
    fn contractions() {
        for w in [
            "we've",
            "i'm",
            "don't",
            "they'll",
            "you're",
            "we\u{2019}ve",
            "it\u{2019}ll",
            "we\u{2019}re",
            "'m",
        ] {
            assert!(contraction(w), "{w}");
        }
        for w in [
            "",
            "m",
            "'",
            "we",
            "o'neil",
            "d'arcy",
            "we\u{2019}d",
            "ca\u{2019}m",
            "cant",
        ] {
            assert!(!contraction(w), "{w}");
        }
    }

    #[test]
    fn place_after_near_and_before_a_title() {
        let text = "Near Qaryatayn, fighting continued. Texas Gov. Greg Abbott visited.";
        assert!(has(text, "Qaryatayn", Kind::Loc));
        assert!(has(text, "Texas", Kind::Loc));
        assert!(has(text, "Greg Abbott", Kind::Person));
    }

    #[test]
    fn names_never_cross_a_line_break() {
        let text = "Goals were scored by\nMaria\nLopez and Anna Berg.";
        for (t, _) in spans(text) {
            assert!(!t.contains('\n'), "{t:?} crosses a line");
        }
    }

    #[test]
    fn months_and_weekdays_are_not_entities() {
        assert!(absent("They met on Monday in May.", "Monday"));
        assert!(absent("They met on Monday in May.", "May"));
    }

    #[test]
    fn repeated_names_are_tagged_everywhere() {
        let doc = Document::new("Maria Kowalczyk won. Kowalczyk thanked her coach.");
        let lower = doc.text().to_ascii_lowercase();
        let toks = prepare(&doc, &lower);
        let mut ms = vec![mention(&toks, 0, 1, Kind::Person, "".into())];
        make_consistent(&toks, &capitals(&toks), whole(&lower), &mut ms);
        assert_eq!(ms.len(), 2);
        assert_eq!(ms[1].kind, Kind::Person);
        assert_eq!(&doc.text()[ms[1].start..ms[1].end], "Kowalczyk");
    }

    #[test]
    fn occurrences_are_those_of_match_indices() {
        let mut x = 11u32;
        let mut next = |n: u32| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (x >> 16) % n
        };
        let alphabet = ["a", "b", "ab", "\u{e9}", " "];
        for _ in 0..2000 {
            let mut gen =
                |len: u32| -> String { (0..len).map(|_| alphabet[next(5) as usize]).collect() };
            let (hay, pat) = (gen(30), gen(4));
            let want: Vec<usize> = if pat.is_empty() {
                Vec::new()
            } else {
                hay.match_indices(pat.as_str()).map(|(i, _)| i).collect()
            };
            assert_eq!(
                occurrences(hay.as_bytes(), pat.as_bytes()),
                want,
                "{hay:?} {pat:?}"
            );
        }
        assert_eq!(occurrences(b"aaaaaaa", b"aaa"), [0, 3]);
        assert_eq!(occurrences(b"abababab", b"abab"), [0, 4]);
    }

    #[test]
    fn user_names_match_on_word_boundaries_only() {
        let text = "Zed met Zedd and Zed's friend.";
        let doc = Document::new(text);
        let lower = doc.text().to_ascii_lowercase();
        let toks = prepare(&doc, &lower);
        let ms = user_mentions(text, 0, &toks, &[("Zed".into(), Kind::Person)]);
        let found: Vec<_> = ms.iter().map(|m| &text[m.start..m.end]).collect();
        assert_eq!(found, ["Zed", "Zed"]);
    }
}
