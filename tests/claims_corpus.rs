//! The claim test sentences in `tests/claims/*.tsv` (written for this project): every line
//! must yield exactly its expected claim kinds (or no claim), and its source where one is
//! given. Lines marked `known:` are counted but do not fail the test. Prints per-kind
//! precision and recall over the whole set (`cargo test --test claims_corpus -- --nocapture`).

use article_annotator::{annotate, Category, Kind, Options};
use std::collections::BTreeSet;

const FILES: &[(&str, &str)] = &[
    ("attributed.tsv", include_str!("claims/attributed.tsv")),
    ("disputed.tsv", include_str!("claims/disputed.tsv")),
    ("unsourced.tsv", include_str!("claims/unsourced.tsv")),
    ("hedged.tsv", include_str!("claims/hedged.tsv")),
    ("heldout.tsv", include_str!("claims/heldout.tsv")),
];

const KINDS: [Kind; 5] = [
    Kind::Hedged,
    Kind::Attributed,
    Kind::Unverified,
    Kind::Disputed,
    Kind::Unsourced,
];

fn parse_kinds(s: &str) -> BTreeSet<Kind> {
    if s == "-" {
        return BTreeSet::new();
    }
    s.split('+')
        .map(|k| {
            *KINDS
                .iter()
                .find(|kind| kind.label() == k)
                .unwrap_or_else(|| panic!("unknown kind {k:?}"))
        })
        .collect()
}

struct Outcome {
    file: &'static str,
    expected: BTreeSet<Kind>,
    found: BTreeSet<Kind>,
}

fn print_table(title: &str, outcomes: &[&Outcome]) {
    println!("{title}: {} sentences", outcomes.len());
    println!(
        "{:<11} {:>5} {:>5} {:>5} {:>7} {:>7}",
        "kind", "gold", "pred", "tp", "P", "R"
    );
    for kind in KINDS {
        let gold = outcomes
            .iter()
            .filter(|o| o.expected.contains(&kind))
            .count();
        let pred = outcomes.iter().filter(|o| o.found.contains(&kind)).count();
        let tp = outcomes
            .iter()
            .filter(|o| o.expected.contains(&kind) && o.found.contains(&kind))
            .count();
        let pct = |a: usize, b: usize| {
            if b == 0 {
                0.0
            } else {
                100.0 * a as f64 / b as f64
            }
        };
        println!(
            "{:<11} {gold:>5} {pred:>5} {tp:>5} {:>7.1} {:>7.1}",
            kind.label(),
            pct(tp, pred),
            pct(tp, gold)
        );
    }
    let none_gold = outcomes.iter().filter(|o| o.expected.is_empty()).count();
    let none_ok = outcomes
        .iter()
        .filter(|o| o.expected.is_empty() && o.found.is_empty())
        .count();
    println!("near misses left unflagged: {none_ok}/{none_gold}");
}

#[test]
fn claim_corpus() {
    let options = Options::new().with_categories(&[Category::Claim]);
    let mut outcomes = Vec::new();
    let mut failures = Vec::new();
    let mut lines = 0;
    for (file, content) in FILES {
        for (n, line) in content.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            assert!(cols.len() >= 3, "{file}:{}: expected 3 columns", n + 1);
            let (expected, source, sentence) = (parse_kinds(cols[0]), cols[1], cols[2]);
            let known = cols.get(3).is_some_and(|c| c.starts_with("known"));
            lines += 1;
            let annotations = annotate(sentence, &options);
            let claims: Vec<_> = annotations
                .spans()
                .iter()
                .filter(|s| s.category() == Category::Claim)
                .collect();
            let found: BTreeSet<Kind> = claims
                .iter()
                .flat_map(|s| s.claim_kinds().iter().copied())
                .collect();
            let sources: Vec<&str> = claims
                .iter()
                .filter_map(|s| s.source().map(|r| &sentence[r]))
                .collect();
            let source_ok = source == "-" || sources.contains(&source);
            let ok = found == expected && source_ok;
            if ok == known {
                failures.push(format!(
                    "{file}:{}: {}expected {:?} source {source:?}, found {:?} sources {:?}: {sentence}",
                    n + 1,
                    if known { "marked known but now passes (remove the mark): " } else { "" },
                    expected,
                    found,
                    sources
                ));
            }
            outcomes.push(Outcome {
                file,
                expected,
                found,
            });
        }
    }
    let _ = lines;
    print_table("all files", &outcomes.iter().collect::<Vec<_>>());
    let held_out: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| o.file == "heldout.tsv")
        .collect();
    print_table("held-out file", &held_out);
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
