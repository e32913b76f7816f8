//! Linking: mentions of one entity share a group id and a canonical name (the fullest form).
//!
//! - Persons: a full name ("Elon Musk") is its own group; a shorter mention ("Musk",
//!   "Elon") joins the full name it is part of. When two different full names share the
//!   part ("Joe Biden", "Jill Biden"), the short mention joins the nearest one before it
//!   (else the first after it), never merging the two people.
//! - Everything else: the same words (ignoring "the" and case), acronyms of a longer name
//!   ("NATO" ↔ "North Atlantic Treaty Organization"), and a few aliases ("Democrats" ↔
//!   "Democratic Party", "U.S." ↔ "United States").

use super::features::{two_chars, Exact, LowerText, Prehashed, Tok};
use super::lexicon::{same, FxBuild};
use super::rules::key;
use super::Mention;
use crate::text::TokenKind;
use crate::Kind;
use std::borrow::Cow;
use std::collections::HashMap;

/// Aliases: a normalized key → the key of the name it stands for.
const ALIASES: &[(&str, &str)] = &[
    ("america", "united states"),
    ("britain", "united kingdom"),
    ("democrat", "democratic party"),
    ("democrats", "democratic party"),
    ("gop", "republican party"),
    ("great britain", "united kingdom"),
    ("republican", "republican party"),
    ("republicans", "republican party"),
    ("u.k.", "united kingdom"),
    ("u.s.", "united states"),
    ("u.s.a.", "united states"),
    ("uk", "united kingdom"),
    ("us", "united states"),
    ("usa", "united states"),
];

/// The key `k` without a leading "the", aliases replaced (keeps `k` when nothing changes,
/// as for most names).
fn normalize(k: Cow<str>) -> Cow<str> {
    // The article by its bytes, and the aliases by their lengths first (`same`): no
    // `memcmp` call for a name.
    let the = matches!(k.as_bytes(), [b't', b'h', b'e', b' ', ..]);
    let bare = if the { k.get(4..).unwrap_or("") } else { &k };
    // Every alias is at most 13 bytes and starts with one of six letters: one test spares
    // most names the search.
    let may_alias = bare.len() <= 13
        && matches!(
            bare.as_bytes().first(),
            Some(b'a' | b'b' | b'd' | b'g' | b'r' | b'u')
        );
    let found = match may_alias {
        true => ALIASES.iter().find(|(a, _)| same(a, bare)),
        false => None,
    };
    match found {
        Some(&(_, name)) => Cow::Borrowed(name),
        None if !the => k,
        None => match k {
            Cow::Borrowed(b) => Cow::Borrowed(b.get(4..).unwrap_or("")),
            Cow::Owned(o) => Cow::Owned(o.get(4..).unwrap_or("").to_string()),
        },
    }
}

/// Appends the initials of the capitalized words of `m` to `out` ("North Atlantic Treaty
/// Organization" → "NATO"); returns how many chars they are.
fn initials(toks: &[Tok], m: &Mention, out: &mut String) -> usize {
    let mut count = 0;
    for t in toks.iter().take(m.last + 1).skip(m.first) {
        if t.kind == TokenKind::Word && t.cap {
            if let Some(c) = t.word.chars().next() {
                out.push(c);
                count += 1;
            }
        }
    }
    count
}

/// The root of `x` in the union-find forest `parent` (path halving).
fn find(parent: &mut [u32], mut x: usize) -> usize {
    while parent[x] as usize != x {
        parent[x] = parent[parent[x] as usize];
        x = parent[x] as usize;
    }
    x
}

/// Joins the groups of `a` and `b`, keeping the earlier mention as the root: groups number
/// in order of first mention.
fn union(parent: &mut [u32], a: usize, b: usize) {
    let (a, b) = (find(parent, a), find(parent, b));
    if a != b {
        let (lo, hi) = if a < b { (a, b) } else { (b, a) };
        parent[hi] = lo as u32;
    }
}

/// Group id and canonical name for each mention (in the order given). Group ids count from
/// 0 in order of first mention. Short person mentions get a "linked to …" reason.
#[inline(never)]
pub(crate) fn link<'t>(
    text: &str,
    toks: &[Tok<'t>],
    lower: LowerText<'t>,
    mentions: &mut [Mention],
) -> Vec<(u32, std::ops::Range<usize>)> {
    let n = mentions.len();
    // The per-mention numbers in one allocation (each was a vector of its own): the
    // union-find parents, each mention's first mention with its key (`first`), the last
    // part that counted it (`seen`), and per group root its best mention (`best`), its id
    // (`ids`), its type (`group_kind`) and its votes per type (`votes`, four a mention).
    let mut work = vec![0u32; 10 * n];
    let (parent, rest) = work.split_at_mut(n);
    let (first, rest) = rest.split_at_mut(n);
    let (seen, rest) = rest.split_at_mut(n);
    let (best, rest) = rest.split_at_mut(n);
    let (ids, rest) = rest.split_at_mut(n);
    let (group_kind, votes) = rest.split_at_mut(n);
    for (i, (p, b)) in parent.iter_mut().zip(best.iter_mut()).enumerate() {
        *p = i as u32;
        *b = i as u32;
    }
    let keys: Vec<Cow<str>> = mentions
        .iter()
        .map(|m| normalize(key(toks, lower, m.first, m.last)))
        .collect();
    // Words of two or more chars, borrowed from the token view.
    let words_of = |m: &Mention| {
        toks.iter()
            .take(m.last + 1)
            .skip(m.first)
            .filter(|t| t.kind == TokenKind::Word && two_chars(t.word))
    };
    // Same key (persons only with persons, so "Washington" the man and the city stay apart).
    // Two maps of the crate's one `&str → u32` map type (one copy of the hash table code in
    // the wasm): persons', everyone else's. `first[i]`: the first mention with `i`'s key.
    let mut by_key: [HashMap<&str, u32, FxBuild>; 2] = [
        HashMap::with_capacity_and_hasher(n, FxBuild::default()),
        HashMap::with_capacity_and_hasher(n, FxBuild::default()),
    ];
    for (i, m) in mentions.iter().enumerate() {
        // A mention without words (a user's name of emoji or symbols) has the empty key:
        // nothing to compare, so it stays its own group.
        let j = match keys.get(i).filter(|k| !k.is_empty()) {
            Some(k) => {
                let map = &mut by_key[usize::from(m.kind == Kind::Person)];
                *map.entry(k).or_insert(i as u32)
            }
            None => i as u32,
        };
        first[i] = j;
        if j as usize != i {
            union(parent, j as usize, i);
        }
    }
    // Persons: short mentions join the full name they are part of. Full names by mention
    // index, their words in one shared list (not a list each).
    let mut words: Vec<&Tok> = Vec::with_capacity(2 * n);
    let mut full: Vec<(u32, u32, u32)> = Vec::new();
    for (i, m) in mentions.iter().enumerate() {
        if m.kind == Kind::Person {
            let from = words.len();
            words.extend(words_of(m));
            if words.len() - from >= 2 {
                full.push((i as u32, from as u32, words.len() as u32));
            } else {
                words.truncate(from);
            }
        }
    }
    // Per part (a word of a full name): the full names containing it, in text order, and
    // how many distinct ones they are (counted once per part, so this stays linear however
    // many mentions share a surname). The map gives the part's number; each part's full
    // names (their mention numbers) are a run of `cands`, one list for all parts (not a
    // list each), at `parts[p] = (start, end, distinct)`. Keys carry the token view's word
    // hashes.
    let mut part_index: HashMap<Exact, u32, Prehashed> =
        HashMap::with_capacity_and_hasher(words.len(), Prehashed::default());
    let mut part_of: Vec<(u32, u32)> = Vec::with_capacity(words.len());
    let mut parts: Vec<(u32, u32, u32)> = Vec::new();
    // First each part's number of full names (in `.1`; `.0` is the last one counted plus
    // one, so a word twice in one name counts once).
    for &(i, from, to) in &full {
        for t in &words[from as usize..to as usize] {
            let key = Exact {
                hash: t.hash,
                word: t.lower,
            };
            let p = *part_index.entry(key).or_insert_with(|| {
                parts.push((0, 0, 0));
                parts.len() as u32 - 1
            });
            part_of.push((p, i));
            let part = &mut parts[p as usize];
            if part.0 != i + 1 {
                part.0 = i + 1;
                part.1 += 1;
            }
        }
    }
    // Then each part's run (`.0` its start, `.1` where the next full name goes), filled in
    // text order.
    let mut total = 0;
    for part in parts.iter_mut() {
        let count = part.1;
        *part = (total, total, 0);
        total += count;
    }
    let mut cands: Vec<u32> = vec![0; total as usize];
    for &(p, i) in &part_of {
        let part = &mut parts[p as usize];
        if part.1 == part.0 || cands[part.1 as usize - 1] != i {
            cands[part.1 as usize] = i;
            part.1 += 1;
        }
    }
    // Distinct full names of a part: distinct keys, that is distinct first mentions of
    // their key; `seen[f]` is the last part (plus one) that counted first mention `f`.
    for (p, part) in parts.iter_mut().enumerate() {
        for &c in &cands[part.0 as usize..part.1 as usize] {
            let f = first[c as usize] as usize;
            if seen[f] != p as u32 + 1 {
                seen[f] = p as u32 + 1;
                part.2 += 1;
            }
        }
    }
    for i in 0..n {
        if mentions[i].kind != Kind::Person {
            continue;
        }
        let mut words = words_of(&mentions[i]);
        let (Some(word), None) = (words.next(), words.next()) else {
            continue;
        };
        let key = Exact {
            hash: word.hash,
            word: word.lower,
        };
        let Some(&(from, to, distinct)) = part_index.get(&key).map(|&p| &parts[p as usize]) else {
            continue;
        };
        let cands = &cands[from as usize..to as usize];
        let target = if distinct <= 1 {
            cands.first()
        } else {
            // Nearest full name mentioned before (candidates are in text order); else the
            // first after.
            let before = cands.partition_point(|&c| mentions[c as usize].start < mentions[i].start);
            before
                .checked_sub(1)
                .and_then(|b| cands.get(b))
                .or_else(|| cands.first())
        };
        if let Some(&j) = target {
            union(parent, i, j as usize);
        }
    }
    // Acronyms of longer organization names: their initials in one string, each at a
    // range of it.
    let mut all_initials = String::new();
    let mut initial_runs: Vec<(usize, usize, usize)> = Vec::new();
    for (i, m) in mentions.iter().enumerate() {
        if m.kind == Kind::Org && m.last > m.first {
            let from = all_initials.len();
            if initials(toks, m, &mut all_initials) >= 2 {
                initial_runs.push((from, all_initials.len(), i));
            } else {
                all_initials.truncate(from);
            }
        }
    }
    if !initial_runs.is_empty() {
        let mut by_initials: HashMap<&str, u32, FxBuild> =
            HashMap::with_capacity_and_hasher(initial_runs.len(), FxBuild::default());
        for &(from, to, i) in &initial_runs {
            if let Some(ini) = all_initials.get(from..to) {
                by_initials.entry(ini).or_insert(i as u32);
            }
        }
        for (i, m) in mentions.iter().enumerate() {
            if m.first == m.last && m.kind == Kind::Org {
                // The text without its dots ("U.N." → "UN"); copied only when it has dots.
                let own = text.get(m.start..m.end).unwrap_or("");
                let word: Cow<str> = if own.bytes().any(|b| b == b'.') {
                    own.chars().filter(|c| *c != '.').collect::<String>().into()
                } else {
                    own.into()
                };
                if let Some(&j) = by_initials.get(&*word) {
                    union(parent, i, j as usize);
                }
            }
        }
    }
    // Every parent comes before its child (a union makes the earlier root the parent; path
    // halving only moves a parent earlier), so one pass in order turns each parent into
    // the root: the loops below read `parent[i]` with no search.
    for i in 0..n {
        let p = parent[i] as usize;
        parent[i] = parent.get(p).copied().unwrap_or(p as u32);
    }
    // Canonical: the mention with most words, then one not in capitals (a dateline's
    // "BUTLER" reads better as "Butler"), then the longest text, preferring non-NORP: one
    // number a mention, ordered as those four (word counts and lengths below 2^23 and 2^39:
    // a window holds far fewer tokens and bytes).
    let scores: Vec<u64> = mentions
        .iter()
        .map(|m| {
            // A lowercase ASCII letter answers first; only a name without one decodes its
            // chars.
            let has_lowercase = text.get(m.start..m.end).is_some_and(|t| {
                t.bytes().any(|b| b.is_ascii_lowercase()) || t.chars().any(char::is_lowercase)
            });
            let words = (words_of(m).count() as u64).min((1 << 23) - 1);
            let len = ((m.end - m.start) as u64).min((1 << 39) - 1);
            (u64::from(m.kind != Kind::Norp) << 63)
                | (words << 40)
                | (u64::from(has_lowercase) << 39)
                | len
        })
        .collect();
    let score = |i: u32| scores.get(i as usize).copied().unwrap_or(0);
    for (i, &root) in parent.iter().enumerate() {
        let root = root as usize;
        if score(i as u32) > score(best[root]) {
            best[root] = i as u32;
        }
    }
    // One entity, one type: every mention of a group takes the type of the user's mention
    // if the group has one, else of its canonical mention ("Democrats" beside "the
    // Democratic Party" refers to the party).
    // `group_kind`: 0 for none yet, `USER` with the index of the user's mention that gives
    // it, else the number of the type in `KINDS` plus one.
    const KINDS: [Kind; 4] = [Kind::Person, Kind::Org, Kind::Loc, Kind::Norp];
    const USER: u32 = 1 << 31;
    let slot = |k: Kind| match k {
        Kind::Person => 0,
        Kind::Org => 1,
        Kind::Loc => 2,
        _ => 3,
    };
    for (i, m) in mentions.iter().enumerate() {
        let root = parent[i] as usize;
        let k = slot(m.kind);
        if m.user {
            group_kind[root] = USER | i as u32;
        }
        if let Some(v) = votes.get_mut(4 * root + k) {
            *v += 1;
        }
    }
    // Without a user's mention: the most frequent type, the canonical mention's on a tie.
    for root in 0..n {
        if group_kind[root] == 0 && parent[root] as usize == root {
            let own = mentions[best[root] as usize].kind;
            let v = votes.get(4 * root..4 * root + 4).unwrap_or(&[0; 4]);
            let top = (0..4)
                .max_by_key(|&k| (v[k], u8::from(k == slot(own))))
                .unwrap_or(0);
            group_kind[root] = top as u32 + 1;
        }
    }
    for i in 0..n {
        let root = parent[i] as usize;
        let b = &mentions[best[root] as usize];
        let kind = match group_kind[root] {
            g if g & USER != 0 => mentions
                .get((g & !USER) as usize)
                .map_or(b.kind, |u| u.kind),
            g => KINDS
                .get((g as usize).wrapping_sub(1))
                .copied()
                .unwrap_or(b.kind),
        };
        let m = &mentions[i];
        if m.kind != kind && !m.user {
            let name = text.get(b.start..b.end).unwrap_or("");
            let reason = crate::text::concat(&[&m.reason, "; same entity as '", name, "'"]);
            mentions[i].kind = kind;
            mentions[i].reason = reason.into();
        }
    }
    ids.fill(u32::MAX);
    let mut next_id = 0;
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let root = parent[i] as usize;
        if ids[root] == u32::MAX {
            ids[root] = next_id;
            next_id += 1;
        }
        let id = ids[root];
        let b = best[root] as usize;
        let name = mentions[b].start..mentions[b].end;
        // The text comparison last: most mentions are their group's best or not persons.
        if b != i && mentions[i].kind == Kind::Person && !mentions[i].user {
            let canonical = text.get(name.clone()).unwrap_or("");
            let own = text.get(mentions[i].start..mentions[i].end).unwrap_or("");
            if own != canonical {
                let reason = &mentions[i].reason;
                mentions[i].reason =
                    crate::text::concat(&[reason, "; linked to '", canonical, "'"]).into();
            }
        }
        out.push((id, name));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::features::prepare;
    use super::*;
    use crate::text::Document;

    /// [`link`] over a whole text, lowercased in `lower` (a single window from offset 0).
    fn link_whole<'t>(
        text: &str,
        toks: &[Tok<'t>],
        lower: &'t str,
        mentions: &mut [Mention],
    ) -> Vec<(u32, std::ops::Range<usize>)> {
        link(
            text,
            toks,
            LowerText {
                text: lower,
                from: 0,
            },
            mentions,
        )
    }

    fn person(toks: &[Tok], first: usize, last: usize) -> Mention {
        Mention {
            first,
            last,
            start: toks[first].start as usize,
            end: toks[last].end as usize,
            kind: Kind::Person,
            reason: "".into(),
            user: false,
            learned: false,
        }
    }

    #[test]
    fn aliases_sorted() {
        assert!(ALIASES.windows(2).all(|w| w[0].0 < w[1].0));
        // The quick test in `normalize` lets every alias through.
        for (a, _) in ALIASES {
            let k = normalize(Cow::Borrowed(a));
            assert_ne!(k, *a, "{a}");
        }
    }

    #[test]
    fn surname_links_to_the_full_name() {
        let text = "Elon Musk spoke. Later Musk left.";
        let doc = Document::new(text);
        let lower = doc.text().to_ascii_lowercase();
        let toks = prepare(&doc, &lower);
        let mut ms = vec![person(&toks, 0, 1), person(&toks, 5, 5)];
        let g = link_whole(text, &toks, &lower, &mut ms);
        assert_eq!(g[0].0, g[1].0);
        assert_eq!(&text[g[1].1.clone()], "Elon Musk");
        assert!(ms[1].reason.contains("linked to 'Elon Musk'"));
    }

    #[test]
    fn two_people_with_one_surname_stay_apart() {
        // tokens: Joe(0) Biden(1) and(2) Jill(3) Biden(4) arrived(5) .(6) Biden(7) spoke(8)
        let text = "Joe Biden and Jill Biden arrived. Biden spoke.";
        let doc = Document::new(text);
        let lower = doc.text().to_ascii_lowercase();
        let toks = prepare(&doc, &lower);
        let mut ms = vec![
            person(&toks, 0, 1),
            person(&toks, 3, 4),
            person(&toks, 7, 7),
        ];
        let g = link_whole(text, &toks, &lower, &mut ms);
        assert_ne!(g[0].0, g[1].0, "two people merged");
        assert_eq!(g[2].0, g[1].0, "short mention joins the nearest full name");
        assert_eq!(&text[g[0].1.clone()], "Joe Biden");
        assert_eq!(&text[g[1].1.clone()], "Jill Biden");
    }

    #[test]
    fn acronyms_and_aliases_link() {
        let text = "The North Atlantic Treaty Organization met. NATO agreed. Democrats and the Democratic Party.";
        let doc = Document::new(text);
        let lower = doc.text().to_ascii_lowercase();
        let toks = prepare(&doc, &lower);
        let org = |a: usize, b: usize, kind: Kind| Mention {
            kind,
            ..person(&toks, a, b)
        };
        // North(1)..Organization(4), NATO(7), Democrats(10), Democratic(13) Party(14)
        let mut ms = vec![
            org(1, 4, Kind::Org),
            org(7, 7, Kind::Org),
            org(10, 10, Kind::Norp),
            org(13, 14, Kind::Org),
        ];
        let g = link_whole(text, &toks, &lower, &mut ms);
        assert_eq!(g[0].0, g[1].0);
        assert_eq!(&text[g[1].1.clone()], "North Atlantic Treaty Organization");
        assert_eq!(g[2].0, g[3].0);
        assert_eq!(&text[g[2].1.clone()], "Democratic Party");
        assert_eq!(ms[2].kind, Kind::Org, "one group, one type");
        assert_ne!(g[0].0, g[2].0);
    }
}
