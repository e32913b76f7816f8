//! Named entities: PERSON, ORG, LOC and NORP, with mentions of one entity linked.
//!
//! How it works, in one pass over the tokens of [`Document`]:
//!
//! 1. [`features`] describes each token by shape, lexicon membership (countries, cities,
//!    US states, given names, titles, organization heads…), document evidence (is the word
//!    also written in lowercase here?) and its context words;
//! 2. [`model`] tags tokens with BIO labels using a small averaged perceptron learned from
//!    the CoNLL-2003 train split (hashed features and 8-bit weights only, no text);
//! 3. [`rules`] draws the boundaries as a careful annotator would (no titles, no
//!    possessive, keeps "Jr." and "Pa."), adds what context makes certain (datelines, "the
//!    platform X", nationalities), and makes labels consistent within the document;
//! 4. [`linking`] groups mentions of one entity ("Musk" → "Elon Musk") and names each group
//!    by its fullest form.
//!
//! Names the user adds are marked wherever they occur and win over built-in guesses.

mod features;
mod lexicon;
mod linking;
mod model;
mod rules;
#[cfg(test)]
mod train;

use crate::text::Document;
use crate::{Detail, Kind, Span};

/// One entity mention before linking: token range `first..=last`, byte range, kind, reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mention {
    pub first: usize,
    pub last: usize,
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    pub reason: String,
    /// Added by the user: never dropped or relabelled by the built-in rules.
    pub user: bool,
    /// Found by the learned tagger alone (no rule vouched for it).
    pub learned: bool,
}

/// Sorts mentions by start, the user's first, then longer first. One comparator for every
/// pass: each distinct sort closure costs kilobytes of wasm.
pub(crate) fn sort_mentions(mentions: &mut [Mention]) {
    mentions.sort_by_key(|m| (m.start, !m.user, std::cmp::Reverse(m.end)));
}

/// Finds entity mentions in `doc`. Spans are sorted, never overlap, and carry
/// [`Detail::Entity`] with a group id shared by every mention of one
/// entity. `user_entities` are names the user added, each with its entity kind; they are
/// marked wherever they occur, on top of the built-in lexicons.
pub fn detect(doc: &Document, user_entities: &[(String, Kind)]) -> Vec<Span> {
    let lower = doc.text().to_ascii_lowercase();
    let toks = features::prepare(doc, &lower);
    let labels = model::tag(&toks);
    let mut mentions = rules::refine(&toks, &labels);
    rules::add_context_mentions(&toks, &mut mentions);
    rules::strong_evidence(&toks, &mut mentions);
    rules::organization_heads(&toks, &mut mentions);
    rules::whole_places(&toks, &mut mentions);
    rules::make_consistent(&toks, &mut mentions);
    let user = rules::user_mentions(doc.text(), &toks, user_entities);
    let mut mentions = rules::merge_user(mentions, user);
    // The passes above keep mentions apart; this is the safety net that guarantees it
    // (earlier first, then the user's, then the longer one wins).
    sort_mentions(&mut mentions);
    let mut end = 0;
    mentions.retain(|m| {
        let keep = m.start >= end && m.start < m.end;
        if keep {
            end = m.end;
        }
        keep
    });
    let groups = linking::link(doc.text(), &toks, &mut mentions);
    mentions
        .into_iter()
        .zip(groups)
        .map(|(m, (group, canonical))| {
            Span::new(
                m.start,
                m.end,
                m.kind,
                m.reason,
                Detail::Entity { group, canonical },
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, Kind)> {
        let doc = Document::new(text);
        detect(&doc, &[])
            .iter()
            .map(|s| (text[s.range()].to_string(), s.kind()))
            .collect()
    }

    fn has(text: &str, name: &str, kind: Kind) -> bool {
        found(text).iter().any(|(t, k)| t == name && *k == kind)
    }

    #[test]
    fn words_in_scripts_without_case_are_not_names() {
        assert_eq!(
            found("שלום עולם Donald Trump مرحبا بالعالم 你好"),
            [("Donald Trump".to_string(), Kind::Person)]
        );
    }

    #[test]
    fn no_panic_and_no_overlap_on_odd_input() {
        for text in [
            "",
            "'s",
            "Mr.",
            "X",
            "A. B. C.",
            "É'S",
            "Gov. Gov. Gov.",
            "\u{2019}s Musk\u{2019}s",
            "(AP) —",
            "VAN DE",
        ] {
            let doc = Document::new(text);
            let spans = detect(&doc, &[("Mr".into(), Kind::Person)]);
            let mut end = 0;
            for s in &spans {
                assert!(s.start() >= end && s.start() < s.end() && s.end() <= text.len());
                end = s.end();
            }
        }
    }

    #[test]
    fn people_places_and_organizations() {
        let text = "Angela Merkel met officials from Siemens AG in Berlin on Tuesday.";
        assert!(
            has(text, "Angela Merkel", Kind::Person),
            "{:?}",
            found(text)
        );
        assert!(has(text, "Berlin", Kind::Loc), "{:?}", found(text));
        assert!(has(text, "Siemens AG", Kind::Org), "{:?}", found(text));
        assert!(!found(text).iter().any(|(t, _)| t == "Tuesday"));
    }

    #[test]
    fn companies_from_the_lexicon() {
        let text = "Shares of Nvidia and Microsoft rose, while Tesla fell.";
        assert!(has(text, "Microsoft", Kind::Org), "{:?}", found(text));
        assert!(has(text, "Tesla", Kind::Org), "{:?}", found(text));
    }

    #[test]
    fn user_entities_take_priority() {
        let text = "The Acme widget team met Jordan at the Acme plant.";
        let doc = Document::new(text);
        let spans = detect(&doc, &[("Acme".into(), Kind::Org)]);
        let acme: Vec<_> = spans
            .iter()
            .filter(|s| &text[s.range()] == "Acme")
            .collect();
        assert_eq!(acme.len(), 2);
        assert!(acme.iter().all(|s| s.kind() == Kind::Org));
        assert_eq!(acme[0].group(), acme[1].group());
    }
}

#[cfg(test)]
mod timing {
    /// Time per phase of [`super::detect`] over the texts of a JSONL file (a profiling aid),
    /// and how many labels skipping plain tokens changes:
    /// `ENTITIES_TIME=corpus.jsonl cargo test --release --lib entities::timing -- --ignored --nocapture`
    #[test]
    #[ignore]
    fn phases() {
        use super::*;
        use std::time::Instant;
        let path = std::env::var("ENTITIES_TIME").unwrap_or_default();
        let data = std::fs::read_to_string(&path).unwrap_or_default();
        let texts: Vec<String> = data
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v["text"].as_str().map(str::to_string))
            .collect();
        let docs: Vec<Document> = texts.iter().map(|t| Document::new(t)).collect();
        let bytes: usize = texts.iter().map(String::len).sum();
        let (mut diff, mut total, mut plain) = (0usize, 0usize, 0usize);
        for doc in &docs {
            let lower = doc.text().to_ascii_lowercase();
            let toks = features::prepare(doc, &lower);
            let a = model::tag_with(&toks, true);
            let b = model::tag_with(&toks, false);
            let fx = features::Features::new(&toks);
            plain += (0..toks.len()).filter(|&i| fx.plain(i)).count();
            total += a.len();
            for i in 0..a.len() {
                if a[i] != b[i] {
                    diff += 1;
                    if diff <= 20 {
                        eprintln!("{}: {} skipping, {} scoring all", toks[i].word, a[i], b[i]);
                    }
                }
            }
        }
        eprintln!("{diff} of {total} labels differ, {plain} plain");
        // Best of five passes over the corpus, per phase (the machine is shared).
        let mut t = [f64::MAX; 4];
        for _ in 0..5 {
            let mut pass = [0f64; 4];
            for doc in &docs {
                let c = Instant::now();
                let lower = doc.text().to_ascii_lowercase();
                let toks = features::prepare(doc, &lower);
                pass[0] += c.elapsed().as_secs_f64();
                let c = Instant::now();
                let labels = model::tag(&toks);
                pass[1] += c.elapsed().as_secs_f64();
                let c = Instant::now();
                let mut mentions = rules::refine(&toks, &labels);
                rules::add_context_mentions(&toks, &mut mentions);
                rules::strong_evidence(&toks, &mut mentions);
                rules::organization_heads(&toks, &mut mentions);
                rules::whole_places(&toks, &mut mentions);
                rules::make_consistent(&toks, &mut mentions);
                pass[2] += c.elapsed().as_secs_f64();
                let c = Instant::now();
                let _ = detect(doc, &[]);
                pass[3] += c.elapsed().as_secs_f64();
            }
            for (a, b) in t.iter_mut().zip(pass) {
                *a = a.min(b);
            }
        }
        let mib = bytes as f64 / (1 << 20) as f64;
        eprintln!(
            "{} docs, {bytes} bytes: prepare {:.1} ms, tag {:.1} ms, rules {:.1} ms; detect {:.1} ms = {:.1} MiB/s",
            docs.len(),
            t[0] * 1e3,
            t[1] * 1e3,
            t[2] * 1e3,
            t[3] * 1e3,
            mib / t[3]
        );
    }
}
