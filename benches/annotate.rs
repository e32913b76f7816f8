//! Native throughput of `annotate`, end to end and per detector (`cargo bench`).
//!
//! The text is assembled at bench time, about 1 MB, from the news texts in
//! `../shared/data` (TempEval-3, CoNLL-2003 and the Szeged FactBank documents, taken in
//! turn); when that folder is absent it says so and uses a synthetic article written for
//! this project. Nothing from the data is stored in the repository.

use article_annotator::output::{to_output, Unit};
use article_annotator::text::Document;
use article_annotator::{annotate, Category, Options};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use std::path::Path;

/// How much text to assemble.
const TARGET_BYTES: usize = 1 << 20;

/// A synthetic article (written for this project) for machines without the data.
const SYNTHETIC: &str = "LYON, France, March 3 (AP) — The mayor of Lyon, Claire Dubois, said on \
    Tuesday that the new tram line may open by late 2025, according to two city officials who \
    spoke on condition of anonymity. \u{201c}We are confident,\u{201d} Dubois told reporters at \
    10:30 a.m. local time. Critics in Paris called the timeline unrealistic, and the claim could \
    not be independently verified. The council, which meets every Monday, has met weekly since \
    1998. Some residents believe the project was a waste of money, the newspaper Le Progrès \
    reported last week. Dr. Amara Okafor of the University of Nairobi and Gov. Tom Reilly of \
    Vermont met NATO officials in Brussels on Jan. 5; two weeks later the talks collapsed.\n\n";

/// Texts of a JSON Lines file, in order.
fn texts_of(path: &Path) -> Vec<String> {
    let Ok(content) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    content
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v.get("text")?.as_str().map(str::to_string))
        .collect()
}

/// About [`TARGET_BYTES`] of news text, and where it came from.
pub fn corpus() -> (String, &'static str) {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    let mut sources: Vec<std::vec::IntoIter<String>> =
        ["tempeval3", "conll2003", "szeged_factbank"]
            .iter()
            .map(|set| {
                let mut texts = texts_of(&data.join(set).join("train.jsonl"));
                texts.extend(texts_of(&data.join(set).join("dev.jsonl")));
                texts.into_iter()
            })
            .collect();
    let mut text = String::with_capacity(TARGET_BYTES + 4096);
    'fill: loop {
        let mut any = false;
        for source in &mut sources {
            if let Some(t) = source.next() {
                any = true;
                text.push_str(&t);
                text.push_str("\n\n");
                if text.len() >= TARGET_BYTES {
                    break 'fill;
                }
            }
        }
        if !any {
            break;
        }
    }
    if text.len() >= TARGET_BYTES / 2 {
        return (
            text,
            "../shared/data (tempeval3, conll2003, szeged_factbank)",
        );
    }
    eprintln!("benches/annotate.rs: ../shared/data not found; using a synthetic article");
    (
        SYNTHETIC.repeat(TARGET_BYTES / SYNTHETIC.len() + 1),
        "synthetic article",
    )
}

fn bench(c: &mut Criterion) {
    let (text, source) = corpus();
    eprintln!("benchmark text: {} bytes from {source}", text.len());
    let mut group = c.benchmark_group("annotate");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(10);

    group.bench_function("text layer (tokens, sentences)", |b| {
        b.iter(|| Document::new(black_box(&text)).tokens().len())
    });
    let all = Options::new();
    group.bench_function("all categories", |b| {
        b.iter(|| annotate(black_box(&text), &all).spans().len())
    });
    for category in Category::ALL {
        let options = Options::new().with_categories(&[category]);
        group.bench_with_input(
            BenchmarkId::new("only", category.as_str()),
            &options,
            |b, options| b.iter(|| annotate(black_box(&text), options).spans().len()),
        );
    }
    let annotations = annotate(&text, &all);
    group.bench_function("to_output UTF-16 (the wasm binding's conversion)", |b| {
        b.iter(|| {
            to_output(black_box(&text), &annotations, Unit::Utf16)
                .spans
                .len()
        })
    });
    group.bench_function("all categories + JSON (what the CLI does)", |b| {
        b.iter(|| {
            let a = annotate(black_box(&text), &all);
            serde_json::to_vec(&to_output(&text, &a, Unit::CodePoint))
                .map(|v| v.len())
                .unwrap_or(0)
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
