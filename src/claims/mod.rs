//! Unverified claims: hedged, attributed, unverified, disputed and unsourced statements.
//!
//! A claim is a sentence — or a clause, where a sentence joins several with `;`, `:` or
//! `, and` / `, but` — that the text itself does not establish. Each carries the cues that
//! made it one (from the lists in `src/claims/cues/*.txt`, see [`cues`] for their syntax),
//! every kind those cues signal, and the source where the text names one.
//!
//! | kind | cues (examples) |
//! |---|---|
//! | Hedged | may, might, could, possibly, reportedly, allegedly, is believed to, appears to; also conditionals (if, unless) and open questions (whether), said so in the reason |
//! | Attributed | claimed, alleged, asserted, insisted, argued that, accused, attributed … to, blamed … on, reported, according to |
//! | Unverified | could not be (independently) verified, unconfirmed, without evidence, has not been proven, no evidence |
//! | Disputed | false, unfounded, baseless, debunked, misleading, denied, disputed, repeated … claims |
//! | Unsourced | some say, critics argue, experts believe, it is said, sources said, people familiar with |
//!
//! # Decisions
//!
//! - **Plain "said" is not a claim.** Nearly every sentence of a news article is reported
//!   speech; flagging each "X said Y" would bury the few statements whose truth the article
//!   leaves open. The Attributed kind is kept for verbs that signal that openness (claimed,
//!   alleged, insisted, attributed … to, blamed, according to, reported). A plain speech
//!   verb still names the source of a hedged statement it introduces ("Musk's company said
//!   the glitch may have been caused …" → source "Musk's company").
//! - **"would" and "will" are not flagged**: in news they mostly report plans ("the
//!   campaign said it would hold a session"), which readers do not need highlighted
//!   (measured: flagging every "would" also lowers sentence F1 on both Szeged dev sets).
//!   Counterfactual "would have" is flagged as conditional.
//!   Conditionals ("if", "unless") and open questions ("whether") are flagged as a low-key
//!   Hedged kind whose reason says "conditional" or "open question".
//! - **Not claims**: questions (a sentence ending in `?`); certainty markers ("there is no
//!   doubt that"); "May" as a month or name (capitalized mid-sentence, a date, inside an
//!   entity span); title-case words in quoted titles; confirmations ("police confirmed",
//!   "records show", "the court ruled" carry no cue).
//! - **A clause that only judges the one before it** ("…, but offered no evidence",
//!   "…, although this could not be verified") joins that claim, so the kinds combine.
//! - **Datelines** ("BUTLER, Pa. (AP) —") are left out of the claim span.
//! - **Precedence**: when cues overlap the longest phrase wins ("could not be verified" is
//!   Unverified, not a "could" hedge). A claim's primary kind is the strongest of its cues:
//!   Disputed, then Attributed, Unverified, Unsourced, Hedged.
//!
//! # Measured
//!
//! On the Szeged uncertainty dev sets (`tests/eval/eval.py --only claims`), sentence F1 /
//! cue exact F1: FactBank news 85.3 / 77.4, Wikipedia 80.0 / 71.4 (a 30-word cue list from
//! the train split: 64.5 / 58.1 and 68.0 / 63.2). Szeged has no attribution, dispute or
//! weasel labels; those kinds are checked on the sentences in `tests/claims/*.tsv`.
//!
//! Speed (native, 1 MB of news, best of 40): about 130 MiB/s for this pass alone. No
//! string is allocated per token: each sentence's words are one lowercased copy of it, a
//! bit sketch and a hash table over the lists' vocabulary reject most tokens, a bit set of
//! the words that may follow each first word rejects most of the rest from the next token
//! alone, and patterns compare vocabulary ids (see [`cues`]).

pub mod attribution;
pub mod cues;

use crate::text::Document;
use crate::{Cue, Detail, Kind, Span};
use cues::{Class, Lexicon, Match, SentenceView, LEXICON};
use std::ops::Range;

/// Finds claims in `doc`. `entities` are the entity spans found in the same text (sorted),
/// used to name a claim's source and to tell "May" the name from "may". Spans are sorted,
/// never overlap, stay within one sentence, and carry [`Detail::Claim`]. `user_phrases` are
/// extra hedge phrases the user added (matched case-insensitively on word boundaries).
pub fn detect(doc: &Document, entities: &[Span], user_phrases: &[String]) -> Vec<Span> {
    let text = doc.text();
    let tokens = doc.tokens();
    let user = user_lexicon(user_phrases);
    // Entity ids per token, a sentence at a time (a list for the whole text was the
    // largest allocation of a long one: 8 bytes a token), with one cursor into `entities`.
    let mut entity_cursor = 0;
    let mut entity_of: Vec<Option<u32>> = Vec::new();
    let mut spans = Vec::new();
    let mut norm = cues::WordBuf::default();
    let mut cells = cues::IdCells::new();
    // The per-sentence buffers sized once, for the longest sentence.
    let (most_tokens, most_bytes) = doc.sentences().iter().fold((0, 0), |(t, b), s| {
        (t.max(s.tokens.len()), b.max(s.range.len()))
    });
    entity_of.reserve(most_tokens);
    cells.reserve(most_tokens);
    norm.reserve(most_bytes, most_tokens);
    // Buffers kept from sentence to sentence: the cue matches, the clauses, and the
    // matches grouped into claims (indices into `found`), the speech verbs' token ranges.
    let mut found: Vec<Match> = Vec::new();
    let mut clause_list: Vec<(usize, usize)> = Vec::new();
    let mut members: Vec<usize> = Vec::new();
    let mut groups: Vec<((usize, usize), (usize, usize))> = Vec::new();
    let mut speech: Vec<(usize, usize)> = Vec::new();
    let mut described = String::new();
    let lower = doc.lowercase();
    for sentence in doc.sentences() {
        let range = sentence.tokens.clone();
        let Some(sent_tokens) = tokens.get(range.clone()) else {
            continue;
        };
        if sent_tokens.is_empty() || is_question(text, sent_tokens) {
            continue;
        }
        // The document's lowercased copy, which the other detectors have usually made.
        norm.start_lowered_sentence(
            lower.get(sentence.range.clone()).unwrap_or(""),
            sentence.range.start,
        );
        norm.push_tokens(sent_tokens, text);
        entity_ids(sent_tokens, entities, &mut entity_cursor, &mut entity_of);
        let entity = &entity_of[..];
        let view = SentenceView {
            norm: norm.words(),
            orig: cues::Orig::new(text, sent_tokens),
            entity,
            offset: range.start,
        };
        cues::find(&LEXICON, &view, &mut cells, &mut found);
        if let Some(user) = &user {
            let mut mine = Vec::new();
            cues::find(user, &view, &mut cells, &mut mine);
            if !mine.is_empty() {
                // Linear: mark the tokens the user's phrases cover.
                let mut covered = vec![false; sent_tokens.len()];
                for u in &mine {
                    for t in (u.tokens.0 - range.start)..(u.tokens.1 - range.start) {
                        if let Some(c) = covered.get_mut(t) {
                            *c = true;
                        }
                    }
                }
                found.retain(|m| {
                    !(m.tokens.0..m.tokens.1)
                        .any(|t| covered.get(t - range.start).copied().unwrap_or(false))
                });
                found.extend(mine.into_iter().map(|m| Match {
                    pattern: m.pattern + USER_BASE,
                    ..m
                }));
                crate::sort_by_u128_key(&mut found, |m| m.tokens.0 as u128);
            }
        }
        let class_of = |m: &Match| class(user.as_ref(), m.pattern);
        if !found.iter().any(|m| kind_of(class_of(m)).is_some()) {
            continue;
        }
        let ctx = Context {
            text,
            doc,
            view: &view,
            entity,
            user: user.as_ref(),
        };
        members.clear();
        groups.clear();
        let mut previous_had_cues = false;
        // Matches are sorted and clauses are in order: one pass over both.
        let mut next_match = 0;
        clauses(&view, &mut clause_list);
        for &clause in &clause_list {
            let (a, b) = (clause.0 + range.start, clause.1 + range.start);
            let first = members.len();
            while let Some(m) = found.get(next_match) {
                if m.cue.0 >= b {
                    break;
                }
                if m.cue.0 >= a && kind_of(class_of(m)).is_some() {
                    members.push(next_match);
                }
                next_match += 1;
            }
            let in_clause = members.get(first..).unwrap_or(&[]);
            if in_clause.is_empty() {
                previous_had_cues = false;
                continue;
            }
            // "X claimed Y, but offered no evidence": a clause that only judges the one
            // before it (unverified, disputed) belongs to that claim. Its matches follow
            // the previous clause's in `members`.
            let judges_previous = in_clause.iter().all(|&i| {
                found
                    .get(i)
                    .is_some_and(|m| matches!(class_of(m), Class::Unverified | Class::Disputed))
            });
            match groups.last_mut() {
                Some(last) if previous_had_cues && judges_previous => {
                    last.0 .1 = clause.1;
                    last.1 .1 = members.len();
                }
                _ => groups.push((clause, (first, members.len()))),
            }
            previous_had_cues = true;
        }
        speech.clear();
        speech.extend(
            found
                .iter()
                .filter(|m| matches!(class_of(m), Class::Reporting | Class::Attributed))
                .map(|m| m.tokens),
        );
        for &(clause, (first, end)) in &groups {
            let cues = members.get(first..end).unwrap_or(&[]);
            if let Some(span) = ctx.claim(clause, &found, cues, &speech, &mut described) {
                spans.push(span);
            }
        }
    }
    spans
}

/// Pattern indices at or above this refer to the user's lexicon.
const USER_BASE: usize = 1 << 24;

fn class(user: Option<&Lexicon>, pattern: usize) -> Class {
    if pattern >= USER_BASE {
        return user
            .and_then(|u| u.patterns.get(pattern - USER_BASE))
            .map_or(Class::User, |p| p.class);
    }
    LEXICON
        .patterns
        .get(pattern)
        .map_or(Class::Certain, |p| p.class)
}

fn pattern_of(user: Option<&Lexicon>, pattern: usize) -> Option<&cues::Pattern> {
    if pattern >= USER_BASE {
        user.and_then(|u| u.patterns.get(pattern - USER_BASE))
    } else {
        LEXICON.patterns.get(pattern)
    }
}

/// The claim kind a cue class signals; `None` for classes that are no claim by themselves.
fn kind_of(class: Class) -> Option<Kind> {
    match class {
        Class::Hedged | Class::Condition | Class::Question | Class::User => Some(Kind::Hedged),
        Class::Attributed => Some(Kind::Attributed),
        Class::Unverified => Some(Kind::Unverified),
        Class::Disputed => Some(Kind::Disputed),
        Class::Unsourced => Some(Kind::Unsourced),
        Class::Certain | Class::Reporting => None,
    }
}

/// Rank of a kind as a claim's primary kind (lower is stronger).
fn strength(kind: Kind) -> u8 {
    match kind {
        Kind::Disputed => 0,
        Kind::Attributed => 1,
        Kind::Unverified => 2,
        Kind::Unsourced => 3,
        _ => 4,
    }
}

/// The user's phrases as a lexicon of plain word sequences.
fn user_lexicon(phrases: &[String]) -> Option<Lexicon> {
    let patterns: Vec<cues::Pattern> = phrases
        .iter()
        .filter_map(|p| {
            // Tokenize like the text so "well-known" or "can't" match as one word; escape
            // nothing: each token becomes one literal element.
            let words: Vec<String> = crate::text::tokens::tokenize(p)
                .iter()
                .filter_map(|t| p.get(t.start()..t.end()))
                .map(|w| w.replace(['|', '[', ']', '{', '}', '*'], ""))
                .filter(|w| !w.is_empty() && w != "...")
                .collect();
            if words.is_empty() {
                return None;
            }
            cues::parse_line(&words.join(" "), Class::User)
        })
        .collect();
    (!patterns.is_empty()).then(|| Lexicon::new(patterns))
}

/// For each of `tokens`, the index of the entity span it overlaps, if any, into `out`.
/// Linear: both lists are sorted, and calls take the tokens in text order, sharing the
/// cursor `e` into `entities`.
fn entity_ids(
    tokens: &[crate::text::Token],
    entities: &[Span],
    e: &mut usize,
    out: &mut Vec<Option<u32>>,
) {
    out.clear();
    // The current entity's range kept at hand: one comparison a token, most of the time.
    let range = |e: usize| entities.get(e).map(|s| (s.start(), s.end()));
    let mut current = range(*e);
    out.extend(tokens.iter().map(|t| {
        while let Some((_, end)) = current {
            if end > t.start() {
                break;
            }
            *e += 1;
            current = range(*e);
        }
        match current {
            Some((start, end)) if start < t.end() && t.start() < end => Some(*e as u32),
            _ => None,
        }
    }));
}

/// A sentence whose last token (before closing quotes and brackets) is `?` asks rather
/// than claims.
fn is_question(text: &str, tokens: &[crate::text::Token]) -> bool {
    tokens
        .iter()
        .rev()
        .map(|t| text.get(t.start()..t.end()).unwrap_or(""))
        .find(|s| !matches!(*s, "\"" | "'" | ")" | "]" | "\u{201d}" | "\u{2019}"))
        == Some("?")
}

/// Splits a sentence into clauses at `;`, at `:` and at a comma followed by a coordinating
/// conjunction. Local token ranges, end exclusive.
fn clauses(view: &SentenceView, out: &mut Vec<(usize, usize)>) {
    let n = view.norm.len();
    out.clear();
    let first = dateline_end(view);
    let mut start = first;
    for i in first..n {
        let w = &view.norm[i];
        let boundary = w == ";"
            || w == ":"
            || w == ","
                && matches!(
                    view.norm.get(i + 1),
                    Some("and" | "but" | "while" | "whereas" | "yet")
                )
                // ", and that …" continues the reported speech.
                && view.norm.get(i + 2) != Some("that");
        if boundary {
            if i > start {
                out.push((start, i));
            }
            start = i + 1;
        }
    }
    if start < n {
        out.push((start, n));
    }
}

/// The token after a dateline that opens the sentence ("BUTLER, Pa. (AP) — …",
/// "WASHINGTON _ …"), or 0: a dateline is not part of the claim.
fn dateline_end(view: &SentenceView) -> usize {
    let first_caps = view.orig.get(0).is_some_and(|w| {
        w.chars().count() >= 2 && w.chars().all(|c| !c.is_lowercase()) && view.is_word(0)
    });
    if !first_caps {
        return 0;
    }
    for i in 1..view.orig.len().min(12) {
        let w = &view.orig[i];
        if matches!(w, "_" | "-" | "\u{2014}" | "\u{2013}") {
            let next_capital = view
                .orig
                .get(i + 1)
                .and_then(|n| n.chars().next())
                .is_some_and(char::is_uppercase);
            return if next_capital { i + 1 } else { 0 };
        }
        // Datelines hold place names and an agency, no lowercase words.
        if w.chars().next().is_some_and(char::is_lowercase) {
            return 0;
        }
    }
    0
}

struct Context<'a, 't> {
    text: &'t str,
    doc: &'a Document<'t>,
    view: &'a SentenceView<'a>,
    entity: &'a [Option<u32>],
    user: Option<&'a Lexicon>,
}

impl Context<'_, '_> {
    fn bytes(&self, first: usize, end: usize) -> Option<Range<usize>> {
        let tokens = self.doc.tokens();
        let (a, b) = (tokens.get(first)?, tokens.get(end.checked_sub(1)?)?);
        (a.start() < b.end()).then_some(a.start()..b.end())
    }

    fn words(&self, r: &Range<usize>) -> &str {
        self.text.get(r.clone()).unwrap_or("")
    }

    /// Builds the claim span for local `clause` from its cue matches: `cues` index `found`,
    /// the sentence's matches. `speech` are the token ranges of the sentence's reporting
    /// verbs (one elsewhere in it may name the source); `described` is scratch memory.
    fn claim(
        &self,
        clause: (usize, usize),
        found: &[Match],
        cues: &[usize],
        speech: &[(usize, usize)],
        described: &mut String,
    ) -> Option<Span> {
        let off = self.view.offset;
        let span = self.bytes(clause.0 + off, clause.1 + off)?;
        let span = trim_punct(self.text, span);
        let mut cue_list = Vec::with_capacity(cues.len());
        let mut kinds: Vec<Kind> = Vec::with_capacity(cues.len().min(5));
        // The cues described ("'may', conditional 'if'"), written into one string.
        described.clear();
        let mut cue_count = 0;
        let mut source: Option<(usize, usize)> = None;
        let mut unsourced = false;
        for m in cues.iter().filter_map(|&i| found.get(i)) {
            let cls = class(self.user, m.pattern);
            let Some(kind) = kind_of(cls) else { continue };
            let Some(range) = self.bytes(m.cue.0, m.cue.1) else {
                continue;
            };
            let rules = pattern_of(self.user, m.pattern).map(|p| &p.rules);
            if cls == Class::Unsourced {
                unsourced = true;
            }
            if source.is_none() {
                let local = (m.tokens.0 - off, m.tokens.1 - off);
                if rules.is_some_and(|r| r.source_after) {
                    // After the cue words: "{according to} the campaign".
                    source = attribution::noun_phrase_after(self.view, self.entity, m.cue.1 - off);
                } else if (cls == Class::Attributed || rules.is_some_and(|r| r.subject))
                    && !rules.is_some_and(|r| r.no_source)
                {
                    source = attribution::subject_before(self.view, self.entity, local.0);
                }
            }
            if !kinds.contains(&kind) {
                kinds.push(kind);
            }
            let label = match cls {
                Class::Condition => "conditional ",
                Class::Question => "open question ",
                Class::User => "from your word list ",
                _ => "",
            };
            let comma = if cue_count > 0 { ", " } else { "" };
            cue_count += 1;
            crate::text::append(described, &[comma, label, "'", self.words(&range), "'"]);
            cue_list.push(Cue::new(range.start, range.end, kind));
        }
        if cue_list.is_empty() {
            return None;
        }
        if source.is_none() && !unsourced {
            source = self.reporting_source(clause, found, cues, speech);
        }
        crate::sort_by_u128_key(&mut kinds, |k| u128::from(strength(*k)));
        let primary = kinds[0];
        let source = source.and_then(|(a, b)| self.bytes(a + off, b + off));
        let mut reason = String::with_capacity(96 + described.len());
        for (i, k) in kinds.iter().enumerate() {
            crate::text::append(
                &mut reason,
                &[if i > 0 { "; " } else { "" }, k.description()],
            );
        }
        let (from, src, semicolon) = match &source {
            Some(src) => ("source: ", self.words(src), "; "),
            None => ("", "", ""),
        };
        let cue = if cue_count > 1 { "cues: " } else { "cue: " };
        crate::text::append(&mut reason, &[" — ", from, src, semicolon, cue, described]);
        Some(Span::new(
            span.start,
            span.end,
            primary,
            reason,
            Detail::Claim {
                kinds,
                cues: cue_list,
                source,
            },
        ))
    }

    /// The subject of a speech verb that introduces the clause's cues ("X said the glitch
    /// may …") or follows them ("…, the company said"). Local token range.
    fn reporting_source(
        &self,
        clause: (usize, usize),
        found: &[Match],
        cues: &[usize],
        speech: &[(usize, usize)],
    ) -> Option<(usize, usize)> {
        let off = self.view.offset;
        let first_cue = cues
            .iter()
            .filter_map(|&i| found.get(i))
            .map(|m| m.tokens.0)
            .min()?
            - off;
        // `speech` is sorted: binary search instead of a scan per claim.
        let split = speech.partition_point(|m| m.0 - off < first_cue);
        // Before: the nearest speech verb before the first cue.
        if let Some(m) = split.checked_sub(1).and_then(|i| speech.get(i)) {
            if let Some(src) = attribution::subject_before(self.view, self.entity, m.0 - off) {
                return Some(src);
            }
        }
        // After, postposed: "…, the company said." or "…, said the company."
        let m = speech
            .get(split..)?
            .iter()
            .find(|m| m.0 - off > first_cue && m.0 - off >= clause.0)?;
        let v = m.0 - off;
        if v > 0 && self.view.norm.get(v - 1) == Some(",") {
            return attribution::noun_phrase_after(self.view, self.entity, m.1 - off);
        }
        let (a, b) = attribution::subject_before(self.view, self.entity, v)?;
        let opens = a == 0
            || matches!(
                self.view.norm.get(a - 1),
                Some("," | "\"" | "\u{201d}" | "'" | "\u{2019}")
            );
        opens.then_some((a, b))
    }
}

fn trim_punct(text: &str, r: Range<usize>) -> Range<usize> {
    let s = text.get(r.clone()).unwrap_or("");
    let trimmed = s.trim_end_matches([',', ';', ' ', ':', '\u{2014}', '-']);
    if trimmed.is_empty() {
        return r;
    }
    r.start..r.start + trimmed.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(text: &str) -> Vec<(String, Vec<Kind>, Option<String>)> {
        let doc = Document::new(text);
        detect(&doc, &[], &[])
            .into_iter()
            .map(|s| {
                (
                    text[s.range()].to_string(),
                    s.claim_kinds().to_vec(),
                    s.source().map(|r| text[r].to_string()),
                )
            })
            .collect()
    }

    #[test]
    fn hedge_with_source_from_said() {
        let c = claims("Elon Musk's company said the glitch may have been caused by traffic.");
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].1, [Kind::Hedged]);
        assert_eq!(c[0].2.as_deref(), Some("Elon Musk's company"));
    }

    #[test]
    fn who_denies_or_rejects_is_the_source() {
        for (text, source) in [
            ("The ministry denied the report on Monday.", "The ministry"),
            (
                "The company disputes the findings of the audit.",
                "The company",
            ),
            (
                "Her lawyer rejected the allegations as baseless.",
                "Her lawyer",
            ),
        ] {
            let c = claims(text);
            assert_eq!(c.len(), 1, "{text}");
            assert_eq!(c[0].1[0], Kind::Disputed, "{text}");
            assert_eq!(c[0].2.as_deref(), Some(source), "{text}");
        }
        // A name set off by commas before the verb is the one who speaks.
        let text = "In Miami, the boy's great-uncle, Lazaro Gonzalez, denied the report.";
        let doc = Document::new(text);
        let spans = detect(&doc, &crate::entities::detect(&doc, &[]), &[]);
        assert_eq!(spans[0].source().map(|r| &text[r]), Some("Lazaro Gonzalez"));
        // Passive: a refusal, no claim.
        assert!(claims("He was denied bail on Monday.").is_empty());
    }

    #[test]
    fn postposed_source() {
        let c = claims("The fire was probably set on purpose, the sheriff said.");
        assert_eq!(c[0].2.as_deref(), Some("the sheriff"));
        let c = claims("The fire was probably set on purpose, said the sheriff.");
        assert_eq!(c[0].2.as_deref(), Some("the sheriff"));
    }

    #[test]
    fn questions_and_plain_said_are_not_claims() {
        assert!(claims("Could the storm hit the coast tomorrow?").is_empty());
        assert!(claims("The mayor said the bridge reopened on Friday.").is_empty());
        assert!(claims("Theresa May met the press on May 5.").is_empty());
    }

    #[test]
    fn clauses_split_at_comma_and() {
        let c = claims("Users reported outages at noon, and the service came back later.");
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].0, "Users reported outages at noon");
        assert_eq!(c[0].2.as_deref(), Some("Users"));
    }

    #[test]
    fn a_judging_clause_joins_the_claim_it_judges() {
        let c = claims("Musk claimed the site was hacked, but offered no evidence.");
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].1, [Kind::Attributed, Kind::Unverified]);
        assert_eq!(c[0].2.as_deref(), Some("Musk"));
    }

    #[test]
    fn entity_spans_name_the_source_and_block_may_the_name() {
        let text = "May Brown said the plan may fail.";
        let doc = Document::new(text);
        let person = Span::new(
            0,
            9,
            Kind::Person,
            String::new(),
            Detail::Entity {
                group: 0,
                canonical: "May Brown".into(),
            },
        );
        let spans = detect(&doc, &[person], &[]);
        assert_eq!(spans.len(), 1);
        let cues: Vec<&str> = spans[0].cues().iter().map(|c| &text[c.range()]).collect();
        assert_eq!(cues, ["may"]);
        assert_eq!(spans[0].source().map(|r| &text[r]), Some("May Brown"));
    }

    #[test]
    fn dateline_is_not_part_of_the_claim() {
        let c = claims("BUTLER, Pa. (AP) \u{2014} The fire was probably set, police said.");
        assert_eq!(c[0].0, "The fire was probably set, police said.");
        let c = claims("WASHINGTON _ Prices may rise.");
        assert_eq!(c[0].0, "Prices may rise.");
        let c = claims("NATO - the alliance - may grow.");
        assert_eq!(c[0].0, "NATO - the alliance - may grow.");
    }

    #[test]
    fn colon_ends_a_clause_but_the_source_before_it_counts() {
        let c = claims("The minister said: the talks may resume next week.");
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].0, "the talks may resume next week.");
        assert_eq!(c[0].2.as_deref(), Some("The minister"));
    }

    #[test]
    fn user_phrases_match_case_insensitively_on_word_boundaries() {
        let text = "The plan is Rumoured Among Staff to fail. Rumoured-among is not it.";
        let doc = Document::new(text);
        let spans = detect(&doc, &[], &["rumoured among".to_string()]);
        assert_eq!(spans.len(), 1);
        assert!(spans[0].reason().contains("your word list"));
        assert_eq!(&text[spans[0].cues()[0].range()], "Rumoured Among");
    }

    #[test]
    fn nothing_panics_on_odd_input() {
        for t in [
            "",
            "?",
            "may",
            "May",
            "according to",
            ", said",
            "\u{201c}may\u{201d}?",
            "é may ü",
        ] {
            let _ = claims(t);
        }
    }
}
