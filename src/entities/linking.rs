//! Linking: mentions of one entity share a group id and a canonical name (the fullest form).
//!
//! - Persons: a full name ("Elon Musk") is its own group; a shorter mention ("Musk",
//!   "Elon") joins the full name it is part of. When two different full names share the
//!   part ("Joe Biden", "Jill Biden"), the short mention joins the nearest one before it
//!   (else the first after it), never merging the two people.
//! - Everything else: the same words (ignoring "the" and case), acronyms of a longer name
//!   ("NATO" ↔ "North Atlantic Treaty Organization"), and a few aliases ("Democrats" ↔
//!   "Democratic Party", "U.S." ↔ "United States").

use super::features::{two_chars, LowerText, Tok};
use super::lexicon::FxBuild;
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
    let bare = k.strip_prefix("the ").unwrap_or(&k);
    // Every alias is at most 13 bytes and starts with one of six letters: one test spares
    // most names the search (four string comparisons).
    let may_alias = bare.len() <= 13
        && matches!(
            bare.as_bytes().first(),
            Some(b'a' | b'b' | b'd' | b'g' | b'r' | b'u')
        );
    let found = match may_alias {
        true => ALIASES.binary_search_by(|(a, _)| a.cmp(&bare)),
        false => Err(0),
    };
    match found {
        Ok(i) => Cow::Borrowed(ALIASES[i].1),
        Err(_) if bare.len() == k.len() => k,
        Err(_) => match k {
            Cow::Borrowed(b) => Cow::Borrowed(b.get(4..).unwrap_or("")),
            Cow::Owned(o) => Cow::Owned(o.get(4..).unwrap_or("").to_string()),
        },
    }
}

/// Initials of the capitalized words of `m` ("North Atlantic Treaty Organization" → "NATO").
fn initials(toks: &[Tok], m: &Mention) -> String {
    toks.iter()
        .take(m.last + 1)
        .skip(m.first)
        .filter(|t| t.kind == TokenKind::Word && t.cap)
        .filter_map(|t| t.word.chars().next())
        .collect()
}

struct UnionFind(Vec<usize>);

impl UnionFind {
    fn find(&mut self, mut x: usize) -> usize {
        while self.0[x] != x {
            self.0[x] = self.0[self.0[x]];
            x = self.0[x];
        }
        x
    }
    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            // Keep the earlier mention as the root: groups number in order of first mention.
            let (lo, hi) = if a < b { (a, b) } else { (b, a) };
            self.0[hi] = lo;
        }
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
    let mut uf = UnionFind((0..n).collect());
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
            .map(|t| t.lower)
    };
    // Same key (persons only with persons, so "Washington" the man and the city stay apart).
    // Two maps of the crate's one `&str → u32` map type (one copy of the hash table code in
    // the wasm): persons', everyone else's. `first[i]`: the first mention with `i`'s key.
    let mut by_key: [HashMap<&str, u32, FxBuild>; 2] = [
        HashMap::with_capacity_and_hasher(n, FxBuild::default()),
        HashMap::with_capacity_and_hasher(n, FxBuild::default()),
    ];
    let mut first: Vec<u32> = Vec::with_capacity(n);
    for (i, m) in mentions.iter().enumerate() {
        // A mention without words (a user's name of emoji or symbols) has the empty key:
        // nothing to compare, so it stays its own group.
        if keys[i].is_empty() {
            first.push(i as u32);
            continue;
        }
        let map = &mut by_key[usize::from(m.kind == Kind::Person)];
        let j = *map.entry(&*keys[i]).or_insert(i as u32);
        first.push(j);
        if j as usize != i {
            uf.union(j as usize, i);
        }
    }
    // Persons: short mentions join the full name they are part of. Full names by mention
    // index, their words in one shared list (not a list each).
    let mut words: Vec<&str> = Vec::new();
    let mut full: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
    for (i, m) in mentions.iter().enumerate() {
        if m.kind == Kind::Person {
            let from = words.len();
            words.extend(words_of(m));
            if words.len() - from >= 2 {
                full.push((i, from..words.len()));
            } else {
                words.truncate(from);
            }
        }
    }
    // Per part: the full names containing it, and how many distinct ones they are (counted
    // once per part, so this stays linear however many mentions share a surname). The map
    // gives the part's number in `parts` (the crate's one map type again).
    // Sized once: at most a part per word (growing from empty rehashed several times).
    let mut part_index: HashMap<&str, u32, FxBuild> =
        HashMap::with_capacity_and_hasher(words.len(), FxBuild::default());
    let mut parts: Vec<(Vec<usize>, usize)> = Vec::new();
    for (slot, (_, range)) in full.iter().enumerate() {
        for &w in words.get(range.clone()).unwrap_or_default() {
            let p = *part_index.entry(w).or_insert_with(|| {
                parts.push((Vec::new(), 0));
                parts.len() as u32 - 1
            });
            let Some((list, _)) = parts.get_mut(p as usize) else {
                continue;
            };
            if list.last() != Some(&slot) {
                list.push(slot);
            }
        }
    }
    // Distinct full names of a part: distinct keys, that is distinct first mentions of
    // their key; `seen[f]` is the last part (plus one) that counted first mention `f`.
    let mut seen: Vec<u32> = vec![0; n];
    for (p, (cands, distinct)) in parts.iter_mut().enumerate() {
        for &c in cands.iter() {
            let f = first[full[c].0] as usize;
            if seen[f] != p as u32 + 1 {
                seen[f] = p as u32 + 1;
                *distinct += 1;
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
        let Some((cands, distinct)) = part_index.get(word).and_then(|&p| parts.get(p as usize))
        else {
            continue;
        };
        let target = if *distinct <= 1 {
            cands.first().map(|&c| full[c].0)
        } else {
            // Nearest full name mentioned before (candidates are in text order); else the
            // first after.
            let before = cands.partition_point(|&c| mentions[full[c].0].start < mentions[i].start);
            before
                .checked_sub(1)
                .and_then(|b| cands.get(b))
                .or_else(|| cands.first())
                .map(|&c| full[c].0)
        };
        if let Some(j) = target {
            uf.union(i, j);
        }
    }
    // Acronyms of longer organization names.
    let mut by_initials: HashMap<String, usize, FxBuild> = HashMap::default();
    for (i, m) in mentions.iter().enumerate() {
        if m.kind == Kind::Org && m.last > m.first {
            let ini = initials(toks, m);
            if ini.chars().count() >= 2 {
                by_initials.entry(ini).or_insert(i);
            }
        }
    }
    for (i, m) in mentions.iter().enumerate() {
        if m.first == m.last && m.kind == Kind::Org {
            // The text without its dots ("U.N." → "UN"); copied only when it has dots.
            let own = text.get(m.start..m.end).unwrap_or("");
            let word: Cow<str> = if own.contains('.') {
                own.chars().filter(|c| *c != '.').collect::<String>().into()
            } else {
                own.into()
            };
            if let Some(&j) = by_initials.get(&*word) {
                uf.union(i, j);
            }
        }
    }
    // Canonical: the mention with most words, then one not in capitals (a dateline's
    // "BUTLER" reads better as "Butler"), then the longest text, preferring non-NORP.
    // Scores computed once per mention.
    let scores: Vec<(u8, usize, u8, usize)> = mentions
        .iter()
        .map(|m| {
            let has_lowercase = text
                .get(m.start..m.end)
                .is_some_and(|t| t.chars().any(char::is_lowercase));
            (
                u8::from(m.kind != Kind::Norp),
                words_of(m).count(),
                u8::from(has_lowercase),
                m.end - m.start,
            )
        })
        .collect();
    let mut best: Vec<usize> = (0..n).collect();
    for i in 0..n {
        let root = uf.find(i);
        if scores[i] > scores[best[root]] {
            best[root] = i;
        }
    }
    // One entity, one type: every mention of a group takes the type of the user's mention
    // if the group has one, else of its canonical mention ("Democrats" beside "the
    // Democratic Party" refers to the party).
    let mut group_kind: Vec<Option<Kind>> = vec![None; n];
    let mut votes: Vec<[u32; 4]> = vec![[0; 4]; n];
    let slot = |k: Kind| match k {
        Kind::Person => 0,
        Kind::Org => 1,
        Kind::Loc => 2,
        _ => 3,
    };
    for i in 0..n {
        let root = uf.find(i);
        if mentions[i].user {
            group_kind[root] = Some(mentions[i].kind);
        }
        votes[root][slot(mentions[i].kind)] += 1;
    }
    // Without a user's mention: the most frequent type, the canonical mention's on a tie.
    for root in 0..n {
        if group_kind[root].is_none() && uf.0[root] == root {
            let own = mentions[best[root]].kind;
            let v = votes[root];
            let top = (0..4)
                .max_by_key(|&k| (v[k], u8::from(k == slot(own))))
                .unwrap_or(0);
            group_kind[root] = Some([Kind::Person, Kind::Org, Kind::Loc, Kind::Norp][top]);
        }
    }
    for i in 0..n {
        let root = uf.find(i);
        let b = &mentions[best[root]];
        let kind = group_kind[root].unwrap_or(b.kind);
        let m = &mentions[i];
        if m.kind != kind && !m.user {
            let name = text.get(b.start..b.end).unwrap_or("");
            let reason = crate::text::concat(&[&m.reason, "; same entity as '", name, "'"]);
            mentions[i].kind = kind;
            mentions[i].reason = reason.into();
        }
    }
    let mut ids: Vec<u32> = vec![u32::MAX; n];
    let mut next_id = 0;
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let root = uf.find(i);
        if ids[root] == u32::MAX {
            ids[root] = next_id;
            next_id += 1;
        }
        let id = ids[root];
        let b = best[root];
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
