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
use std::ops::Range;

/// Why a mention was found: most reasons are fixed text, so only the others allocate.
pub(crate) type Reason = std::borrow::Cow<'static, str>;

/// One entity mention before linking: token range `first..=last`, byte range, kind, reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mention {
    pub first: usize,
    pub last: usize,
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    pub reason: Reason,
    /// Added by the user: never dropped or relabelled by the built-in rules.
    pub user: bool,
    /// Found by the learned tagger alone (no rule vouched for it).
    pub learned: bool,
}

/// The order of mentions as one integer: by start, the user's first, then longer first
/// (offsets past 4 GiB, native only, saturate).
fn mention_key(m: &Mention) -> u128 {
    let clamp = |x: usize| u32::try_from(x).unwrap_or(u32::MAX) as u128;
    (clamp(m.start) << 33) | (u128::from(!m.user) << 32) | (u32::MAX as u128 - clamp(m.end))
}

/// Sorts mentions by [`mention_key`]. One comparator for every pass: each distinct sort
/// closure costs kilobytes of wasm.
pub(crate) fn sort_mentions(mentions: &mut [Mention]) {
    // Most calls find the mentions sorted (a stable sort of sorted mentions changes
    // nothing): a scan that computes each key once says so.
    let mut prev = 0;
    let sorted = mentions.iter().all(|m| {
        let k = mention_key(m);
        let ordered = k >= prev;
        prev = k;
        ordered
    });
    if sorted {
        return;
    }
    crate::sort_by_u128_key(mentions, mention_key);
}

/// Adds `added` to `mentions`, which every pass keeps sorted (as [`sort_mentions`] orders
/// them): the same order as appending them and sorting all, by one merge of the two sorted
/// lists (a mention of `mentions` first among equal keys, as the stable sort keeps it), in
/// place (no new list, no mention copied twice).
#[inline(never)]
pub(crate) fn add_mentions(mentions: &mut Vec<Mention>, mut added: Vec<Mention>) {
    if added.is_empty() {
        return;
    }
    debug_assert!(
        mentions
            .windows(2)
            .all(|w| mention_key(&w[0]) <= mention_key(&w[1])),
        "mentions out of order"
    );
    sort_mentions(&mut added);
    // In place, from the back: the added mentions' slots go at the end (as cheap
    // placeholders), then each added mention, last first, takes its place after the
    // mentions that sort after it move back (an added mention goes after an equal one).
    // A mention moves at most once; those before the first added one never.
    let old = mentions.len();
    // Exactly the room needed: pushing would double the list's capacity.
    mentions.reserve_exact(added.len());
    for _ in 0..added.len() {
        mentions.push(Mention {
            first: 0,
            last: 0,
            start: 0,
            end: 0,
            kind: Kind::Person,
            reason: Reason::Borrowed(""),
            user: false,
            learned: false,
        });
    }
    let (mut i, mut k) = (old, mentions.len());
    while let Some(a) = added.pop() {
        let key = mention_key(&a);
        while i > 0 && mentions.get(i - 1).is_some_and(|m| mention_key(m) > key) {
            i -= 1;
            k -= 1;
            mentions.swap(i, k);
        }
        k -= 1;
        if let Some(slot) = mentions.get_mut(k) {
            *slot = a;
        }
    }
    // No room left over: the list lives on through the later passes, and the slack of an
    // earlier, larger capacity would add to the peak (as a merge into a new list, exactly
    // sized, never kept any).
    mentions.shrink_to_fit();
}

/// `mentions.retain(keep)` through one shared copy: each `retain` closure type compiled its
/// own loop and `Mention` drop code into the wasm; the call per mention through `dyn` costs
/// nothing measurable (a text has hundreds of mentions, not millions).
#[inline(never)]
pub(crate) fn retain_mentions(mentions: &mut Vec<Mention>, keep: &mut dyn FnMut(&Mention) -> bool) {
    mentions.retain(|m| keep(m));
}

/// Texts up to this many bytes (every real article) are tagged in one window: exactly a
/// whole-document pass.
const ONE_WINDOW: usize = 512 << 10;
/// Longer texts are tagged in windows of about this many bytes, so the token view, the
/// lowercase copy and the mentions of only one window are alive at a time.
const WINDOW: usize = 256 << 10;

/// Token ranges of the windows of `doc`: one if the text has at most `one` bytes, else
/// windows of at least `size` bytes or `size / 8` tokens, cut at a sentence start on a new
/// line (at any sentence start past twice that, at any token past four times).
fn windows(doc: &Document, one: usize, size: usize) -> Vec<Range<usize>> {
    let toks = doc.tokens();
    let text = doc.text();
    let n = toks.len();
    if text.len() <= one {
        // One window holding every token (not a vector of the numbers 0 to n).
        #[allow(clippy::single_range_in_vec_init)]
        return vec![0..n];
    }
    let mut out = Vec::new();
    let mut start = 0;
    let mut sentence = 0;
    let sentences = doc.sentences();
    for i in 1..n {
        // Progress in units of `size`: bytes, or tokens at 8 bytes each (punctuation runs
        // are a token a byte).
        let bytes = (toks[i].start() - toks[start].start()).max((i - start) * 8);
        if bytes < size {
            continue;
        }
        while sentences.get(sentence).is_some_and(|s| s.tokens.start < i) {
            sentence += 1;
        }
        let sentence_start = sentences.get(sentence).is_some_and(|s| s.tokens.start == i);
        let new_line = text
            .get(toks[i - 1].end()..toks[i].start())
            .is_some_and(|gap| gap.contains('\n'));
        if sentence_start && (new_line || bytes >= 2 * size) || bytes >= 4 * size {
            out.push(start..i);
            start = i;
        }
    }
    out.push(start..n);
    out
}

/// Finds entity mentions in `doc`. Spans are sorted, never overlap, and carry
/// [`Detail::Entity`] with a group id shared by every mention of one
/// entity. `user_entities` are names the user added, each with its entity kind; they are
/// marked wherever they occur, on top of the built-in lexicons.
///
/// A text longer than [`ONE_WINDOW`] is tagged window by window (document evidence is
/// still gathered over the whole text first; label consistency and linking run within a
/// window, then groups of windows with the same type and fullest name are joined).
pub fn detect(doc: &Document, user_entities: &[(String, Kind)]) -> Vec<Span> {
    detect_in(doc, user_entities, windows(doc, ONE_WINDOW, WINDOW))
}

// Each stage of the detector (`features::window`, `mark_whole_text`, `model::tag_with`,
// the `rules` passes, `linking::link`) and this function are `#[inline(never)]`, and
// wasm-opt inlines no function of over 100 instructions into its one caller (Makefile):
// inlined into one very large function, their loops ran slower in Node (V8 compiles a
// function of that size worse): 1,163 -> 1,102 M instructions a pass over the 1 MB corpus,
// all categories, for +104 B of gzipped wasm. A call a stage per window costs nothing
// measurable.
#[inline(never)]
fn detect_in(
    doc: &Document,
    user_entities: &[(String, Kind)],
    windows: Vec<Range<usize>>,
) -> Vec<Span> {
    let text = doc.text();
    let raw = doc.tokens();
    let bytes_of = |w: &Range<usize>| {
        let from = match w.start {
            0 => 0,
            i => raw.get(i).map_or(text.len(), |t| t.start()),
        };
        let to = raw.get(w.end).map_or(text.len(), |t| t.start());
        from..to.max(from)
    };
    let mut evidence = features::Evidence::default();
    let single = windows.len() == 1;
    if !single {
        for w in &windows {
            evidence.gather_raw(doc, w.clone());
        }
    }
    let mut spans = Vec::new();
    let mut names: Vec<std::sync::Arc<str>> = Vec::new();
    // Keyed by the kind's number (one ASCII char) then the name: the same map type as
    // others in the crate, so the wasm carries one copy of its code (no SipHash either).
    let mut across_windows: std::collections::HashMap<String, usize, crate::hash::FxBuild> =
        std::collections::HashMap::default();
    let mut end = 0;
    for w in windows {
        let bytes = bytes_of(&w);
        // A whole text reads the document's one lowercased copy (the time detector reads it
        // too); a long text's window lowercases its own part, so that only one window's copy
        // is alive while it is tagged.
        let window_copy;
        let lower = if single {
            doc.lowercase()
        } else {
            window_copy = text.get(bytes.clone()).unwrap_or("").to_ascii_lowercase();
            &window_copy
        };
        let mut toks = features::window(doc, lower, w);
        if single {
            features::mark_whole_text(&mut toks);
        } else {
            evidence.mark(text, &mut toks);
        }
        let labels = model::tag(&toks);
        let caps = rules::capitals(&toks);
        let mut mentions = rules::refine(&toks, &labels);
        rules::add_context_mentions(&toks, &caps, &mut mentions);
        rules::strong_evidence(&toks, &caps, &mut mentions);
        rules::organization_heads(&toks, &caps, &mut mentions);
        rules::whole_places(&toks, &caps, &mut mentions);
        let lowered = features::LowerText {
            text: lower,
            from: bytes.start,
        };
        rules::make_consistent(&toks, &caps, lowered, &mut mentions);
        // Only this window's text is searched (the whole text for a single window); offsets
        // then move to the document's.
        let user = rules::user_mentions(
            text.get(bytes.clone()).unwrap_or(""),
            bytes.start,
            &toks,
            user_entities,
        );
        let mut mentions = rules::merge_user(mentions, user);
        // The passes above keep mentions apart; this is the safety net that guarantees it
        // (earlier first, then the user's, then the longer one wins).
        sort_mentions(&mut mentions);
        retain_mentions(&mut mentions, &mut |m| {
            let keep = m.start >= end && m.start < m.end;
            if keep {
                end = m.end;
            }
            keep
        });
        let groups = linking::link(text, &toks, lowered, &mut mentions);
        // Sized once (a single window's spans are exact: the shrink below is then free).
        spans.reserve(mentions.len());
        // This window's group ids → the document's, decided at each group's first mention.
        let mut final_ids: Vec<u32> = Vec::with_capacity(mentions.len());
        for (m, (group, name)) in mentions.iter_mut().zip(groups) {
            let name = text.get(name).unwrap_or("");
            let group = match final_ids.get(group as usize) {
                Some(&id) => id,
                None => {
                    let id = if single {
                        group
                    } else {
                        // Across windows, one entity is one group when its fullest name and
                        // type agree ("Elon Musk" in two windows); numbering stays dense in
                        // first-mention order.
                        let next = across_windows.len();
                        let mut key = String::with_capacity(name.len() + 1);
                        key.push(char::from(b'0' + m.kind as u8));
                        key.push_str(name);
                        *across_windows.entry(key).or_insert(next) as u32
                    };
                    if group as usize == final_ids.len() {
                        final_ids.push(id);
                    }
                    id
                }
            };
            // One shared name per group: ids are dense in first-mention order.
            let canonical = match names.get(group as usize) {
                Some(shared) if **shared == *name => shared.clone(),
                _ => {
                    let shared: std::sync::Arc<str> = name.into();
                    if group as usize == names.len() {
                        names.push(shared.clone());
                    }
                    shared
                }
            };
            spans.push(Span::new(
                m.start,
                m.end,
                m.kind,
                std::mem::replace(&mut m.reason, Reason::Borrowed("")),
                Detail::Entity { group, canonical },
            ));
        }
    }
    // The spans outlive the other detectors' work: give back the growth slack.
    spans.shrink_to_fit();
    spans
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
    fn names_neither_are_a_lone_function_word_nor_end_in_a_weekday() {
        // The tagger marks "The" (a place context) and "But" (line starts) on these.
        assert_eq!(
            found("England beat Pakistan at The\nOval on Friday."),
            [
                ("England".to_string(), Kind::Loc),
                ("Pakistan".to_string(), Kind::Loc),
                ("Oval".to_string(), Kind::Loc)
            ]
        );
        assert_eq!(
            found("Officials spoke to reporters.\nBut Taha said the talks would go on."),
            [("Taha".to_string(), Kind::Person)]
        );
        // A listed name keeps its weekday; the markets are listed organizations.
        assert!(has(
            "Sheffield Wednesday won on Saturday.",
            "Sheffield Wednesday",
            Kind::Org
        ));
        assert!(has(
            "The Nasdaq Composite fell 2%.",
            "Nasdaq Composite",
            Kind::Org
        ));
        // In capitals, a function word may be a name.
        assert!(has(
            "The WHO said on Monday that cases rose.",
            "WHO",
            Kind::Org
        ));
    }

    #[test]
    fn users_names_without_words_are_not_linked_to_each_other() {
        // Both have the empty word key; found by the property test with any options.
        let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}";
        let text = format!("{family} \u{2605} ");
        let doc = Document::new(&text);
        let user = [
            (family.to_string(), Kind::Org),
            ("\u{2605}".to_string(), Kind::Loc),
        ];
        let groups: Vec<(Kind, u32)> = detect(&doc, &user)
            .iter()
            .map(|s| match s.detail() {
                Detail::Entity { group, .. } => (s.kind(), *group),
                _ => unreachable!("entity spans only"),
            })
            .collect();
        assert_eq!(groups, [(Kind::Org, 0), (Kind::Loc, 1)]);
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
    fn windows_cover_every_token_and_cut_at_line_starts() {
        let text = "Maria Lopez met Tom Ray in Paris.\n".repeat(40);
        let doc = Document::new(&text);
        let n = doc.tokens().len();
        assert_eq!(
            windows(&doc, text.len(), 64),
            vec![0..n],
            "short texts: one window"
        );
        let w = windows(&doc, 0, 64);
        assert!(w.len() > 5, "{w:?}");
        assert_eq!(w.first().map(|r| r.start), Some(0));
        assert_eq!(w.last().map(|r| r.end), Some(n));
        for pair in w.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
            assert_eq!(doc.token_text(pair[1].start), "Maria", "{pair:?}");
        }
        // A text without sentence ends or lines is still cut, at four times the size.
        let run = ".".repeat(2000);
        let doc = Document::new(&run);
        assert!(windows(&doc, 0, 64).len() >= 7);
    }

    #[test]
    fn windowed_detection_keeps_names_and_order() {
        let text = "Maria Lopez met Tom Ray in Paris. Lopez left.\n".repeat(30);
        let doc = Document::new(&text);
        let whole = detect(&doc, &[("Ray".into(), Kind::Person)]);
        let cut = detect_in(&doc, &[("Ray".into(), Kind::Person)], windows(&doc, 0, 200));
        let names = |spans: &[Span]| -> Vec<(String, Kind)> {
            spans
                .iter()
                .map(|s| (text[s.range()].to_string(), s.kind()))
                .collect()
        };
        assert_eq!(names(&whole), names(&cut));
        let mut end = 0;
        for s in &cut {
            assert!(s.start() >= end);
            end = s.end();
        }
        // Windows join their groups by type and fullest name: the same grouping as the
        // whole-text pass ("Lopez" with "Maria Lopez", every "Paris" together).
        let same = |spans: &[Span], i: usize, j: usize| spans[i].group() == spans[j].group();
        for i in 0..whole.len() {
            for j in 0..whole.len() {
                assert_eq!(same(&whole, i, j), same(&cut, i, j), "spans {i} and {j}");
            }
        }
        assert!(windows(&doc, 0, 200).len() > 3);
    }

    #[test]
    fn mentions_of_one_group_share_one_name() {
        let text = "Elon Musk spoke. Musk left. Later Musk returned.";
        let spans = detect(&Document::new(text), &[]);
        let names: Vec<&std::sync::Arc<str>> = spans
            .iter()
            .filter_map(|s| match s.detail() {
                Detail::Entity { canonical, .. } => Some(canonical),
                _ => None,
            })
            .collect();
        assert_eq!(names.len(), 3, "{spans:?}");
        assert!(names.iter().all(|n| &***n == "Elon Musk"));
        assert!(names.windows(2).all(|w| std::sync::Arc::ptr_eq(w[0], w[1])));
    }

    /// A person mention over bytes `start..end` at token `first`.
    fn mention_at(start: usize, end: usize, user: bool, first: usize) -> Mention {
        Mention {
            first,
            last: first,
            start,
            end,
            kind: Kind::Person,
            reason: Reason::Borrowed(""),
            user,
            learned: false,
        }
    }

    #[test]
    fn mentions_sort_by_start_then_the_users_then_longer() {
        let m = |start: usize, end: usize, user: bool| mention_at(start, end, user, 0);
        let mut mentions = vec![
            m(9, 12, false),
            m(0, 4, false),
            m(0, 9, false),
            m(0, 2, true),
            m(5, 6, false),
        ];
        sort_mentions(&mut mentions);
        let order: Vec<(usize, usize, bool)> =
            mentions.iter().map(|m| (m.start, m.end, m.user)).collect();
        assert_eq!(
            order,
            [
                (0, 2, true),
                (0, 9, false),
                (0, 4, false),
                (5, 6, false),
                (9, 12, false)
            ]
        );
    }

    #[test]
    fn sorting_mentions_is_a_stable_sort_by_the_key() {
        let m = mention_at;
        let mut x = 7u32;
        let mut next = |n: u32| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (x >> 16) % n
        };
        for case in 0..400 {
            // A sorted run, then a run of `tail` (sorted or not), with many equal keys;
            // `first` numbers the mentions to tell equal keys apart.
            let (head, tail) = (next(40) as usize, [0, 1, 2, 5, 16, 17, 30][case % 7]);
            let mut ms: Vec<Mention> = (0..head + tail)
                .map(|i| m(next(20) as usize, 20 + next(4) as usize, next(4) == 0, i))
                .collect();
            let by_key = |a: &Mention, b: &Mention| {
                (a.start, !a.user, std::cmp::Reverse(a.end)).cmp(&(
                    b.start,
                    !b.user,
                    std::cmp::Reverse(b.end),
                ))
            };
            ms[..head].sort_by(by_key);
            if case % 3 > 0 {
                ms[head..].sort_by(by_key);
            }
            let mut expected = ms.clone();
            expected.sort_by(by_key);
            sort_mentions(&mut ms);
            assert_eq!(ms, expected, "case {case}");
        }
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
        let mut rp = [0f64; 6];
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
                let caps = rules::capitals(&toks);
                let mut mentions = rules::refine(&toks, &labels);
                rp[0] += c.elapsed().as_secs_f64();
                let c1 = Instant::now();
                rules::add_context_mentions(&toks, &caps, &mut mentions);
                rp[1] += c1.elapsed().as_secs_f64();
                let c1 = Instant::now();
                rules::strong_evidence(&toks, &caps, &mut mentions);
                rp[2] += c1.elapsed().as_secs_f64();
                let c1 = Instant::now();
                rules::organization_heads(&toks, &caps, &mut mentions);
                rp[3] += c1.elapsed().as_secs_f64();
                let c1 = Instant::now();
                rules::whole_places(&toks, &caps, &mut mentions);
                rp[4] += c1.elapsed().as_secs_f64();
                let c1 = Instant::now();
                let lowered = features::LowerText {
                    text: &lower,
                    from: 0,
                };
                rules::make_consistent(&toks, &caps, lowered, &mut mentions);
                rp[5] += c1.elapsed().as_secs_f64();
                pass[2] += c.elapsed().as_secs_f64();
                let c = Instant::now();
                let _ = detect(doc, &[]);
                pass[3] += c.elapsed().as_secs_f64();
            }
            for (a, b) in t.iter_mut().zip(pass) {
                *a = a.min(b);
            }
        }
        let mut w = [f64::MAX; 4];
        for _ in 0..5 {
            let mut pass = [0f64; 4];
            for doc in &docs {
                let lower = doc.text().to_ascii_lowercase();
                let c = Instant::now();
                let mut ev = features::Evidence::default();
                ev.gather_raw(doc, 0..doc.tokens().len());
                pass[0] += c.elapsed().as_secs_f64();
                drop(ev);
                let c = Instant::now();
                let toks2 = features::window(doc, &lower, 0..doc.tokens().len());
                pass[1] += c.elapsed().as_secs_f64();
                let c = Instant::now();
                let fx = features::Features::new(&toks2);
                pass[2] += c.elapsed().as_secs_f64();
                drop(fx);
                let c = Instant::now();
                let mut ev = features::Evidence::default();
                ev.gather(doc.text(), &toks2);
                pass[3] += c.elapsed().as_secs_f64();
            }
            for (a, b) in w.iter_mut().zip(pass) {
                *a = a.min(b);
            }
        }
        eprintln!(
            "gather_raw {:.1} ms; window {:.1} ms; Features::new {:.1} ms; gather {:.1} ms",
            w[0] * 1e3,
            w[1] * 1e3,
            w[2] * 1e3,
            w[3] * 1e3
        );
        eprintln!(
            "rules (ms, 5 passes/5): refine {:.1}, context {:.1}, strong {:.1}, org heads {:.1}, places {:.1}, consistent {:.1}",
            rp[0] * 200.0,
            rp[1] * 200.0,
            rp[2] * 200.0,
            rp[3] * 200.0,
            rp[4] * 200.0,
            rp[5] * 200.0
        );
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
