//! Learns `model.bin` from a gold JSONL file (the shared CoNLL-2003 train split). Not part
//! of the library: an ignored test, run by hand when features change:
//!
//! ```sh
//! cargo test --release --lib entities::train -- --ignored --nocapture
//! # ENTITIES_TRAIN=path.jsonl  ENTITIES_EPOCHS=8  ENTITIES_MAX_ROWS=2000
//! # ENTITIES_BUCKETS=262144 to change defaults (fewer rows cost F1: 1600 rows, CoNLL dev -0.7)
//! ```
//!
//! Only feature hashes and quantized weights are written; no text of the data.

use super::features::{self, Features, Tok};
use super::model::{allowed, Class, LABELS};
use crate::text::Document;
use std::collections::HashMap;

/// A text and its gold spans (code-point offsets).
type GoldDoc = (String, Vec<(usize, usize, Class)>);

struct Example {
    statics: Vec<Vec<u32>>,
    gold: Vec<u8>,
    toks_index: usize,
}

fn class_of(label: &str) -> Option<Class> {
    match label {
        "PER" | "PERSON" => Some(Class::Per),
        "ORG" => Some(Class::Org),
        "LOC" => Some(Class::Loc),
        "MISC" => Some(Class::Misc),
        _ => None,
    }
}

/// Gold BIO labels of `toks` from code-point spans.
fn gold_labels(text: &str, toks: &[Tok], spans: &[(usize, usize, Class)]) -> Vec<u8> {
    let byte_of: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .collect();
    let mut labels = vec![0u8; toks.len()];
    for &(s, e, class) in spans {
        let (Some(&bs), Some(&be)) = (byte_of.get(s), byte_of.get(e)) else {
            continue;
        };
        let mut first = true;
        for (t, l) in toks.iter().zip(labels.iter_mut()) {
            if t.start as usize >= bs && t.end as usize <= be {
                *l = if first {
                    class.begin()
                } else {
                    class.begin() + 1
                };
                first = false;
            }
        }
    }
    labels
}

struct Perceptron {
    index: HashMap<u32, usize>,
    w: Vec<[f32; LABELS]>,
    u: Vec<[f32; LABELS]>,
    c: f32,
}

impl Perceptron {
    fn scores(&self, feats: &[u32]) -> [f32; LABELS] {
        let mut s = [0f32; LABELS];
        for f in feats {
            if let Some(&k) = self.index.get(f) {
                for (a, b) in s.iter_mut().zip(&self.w[k]) {
                    *a += b;
                }
            }
        }
        s
    }
    fn update(&mut self, feats: &[u32], label: usize, delta: f32) {
        for f in feats {
            let k = *self.index.entry(*f).or_insert_with(|| {
                self.w.push([0.0; LABELS]);
                self.u.push([0.0; LABELS]);
                self.w.len() - 1
            });
            self.w[k][label] += delta;
            self.u[k][label] += self.c * delta;
        }
    }
}

fn best(scores: &[f32; LABELS], prev: u8) -> u8 {
    let mut best = 0u8;
    let mut best_score = f32::MIN;
    for (l, &s) in scores.iter().enumerate() {
        if allowed(prev, l as u8) && s > best_score {
            best = l as u8;
            best_score = s;
        }
    }
    best
}

#[test]
#[ignore]
fn train_model() {
    let root = env!("CARGO_MANIFEST_DIR");
    let path = std::env::var("ENTITIES_TRAIN")
        .unwrap_or_else(|_| format!("{root}/../shared/data/conll2003/train.jsonl"));
    let epochs: usize = std::env::var("ENTITIES_EPOCHS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(8);
    let max_rows: usize = std::env::var("ENTITIES_MAX_ROWS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2000);
    let data = std::fs::read_to_string(&path).expect("training data");
    let texts: Vec<GoldDoc> = data
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("json");
            let text = v["text"].as_str().unwrap_or("").to_string();
            let spans = v["spans"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|s| {
                            Some((
                                s["start"].as_u64()? as usize,
                                s["end"].as_u64()? as usize,
                                class_of(s["label"].as_str()?)?,
                            ))
                        })
                        .collect()
                })
                .unwrap_or_default();
            (text, spans)
        })
        .collect();
    let docs: Vec<Document> = texts.iter().map(|(t, _)| Document::new(t)).collect();
    let lowers: Vec<String> = texts.iter().map(|(t, _)| t.to_ascii_lowercase()).collect();
    let all_toks: Vec<Vec<Tok>> = docs
        .iter()
        .zip(&lowers)
        .map(|(d, l)| features::prepare(d, l))
        .collect();
    let examples: Vec<Example> = all_toks
        .iter()
        .enumerate()
        .map(|(d, toks)| {
            let fx = Features::new(toks);
            let statics = (0..toks.len())
                .map(|i| {
                    let mut f = Vec::new();
                    fx.static_features(i, &mut f);
                    f
                })
                .collect();
            Example {
                statics,
                gold: gold_labels(&texts[d].0, toks, &texts[d].1),
                toks_index: d,
            }
        })
        .collect();
    let contexts: Vec<Features> = all_toks.iter().map(|t| Features::new(t)).collect();
    let mut p = Perceptron {
        index: HashMap::new(),
        w: Vec::new(),
        u: Vec::new(),
        c: 1.0,
    };
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    // Fold feature hashes into this many buckets (0: keep them all apart, then prune).
    // 2^18 buckets make the sorted hashes' deltas 1-2 bytes instead of 3 (model 20.8 ->
    // 16.5 KB gzipped) at CoNLL dev -0.1, but that model tags the lone "Y." of a rules
    // unit test; 2^16 buckets collide too much (CoNLL dev -1.7).
    let buckets: u32 = std::env::var("ENTITIES_BUCKETS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut feats = Vec::new();
    let mut counts: HashMap<u32, u32> = HashMap::new();
    for epoch in 0..epochs {
        for i in (1..order.len()).rev() {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            order.swap(i, (seed >> 33) as usize % (i + 1));
        }
        let (mut errors, mut total) = (0usize, 0usize);
        for &e in &order {
            let ex = &examples[e];
            let fx = &contexts[ex.toks_index];
            let (mut prev, mut prev2) = (0u8, 0u8);
            for (i, stat) in ex.statics.iter().enumerate() {
                feats.clear();
                feats.extend_from_slice(stat);
                fx.label_features(i, prev, prev2, &mut feats);
                if buckets > 0 {
                    for f in feats.iter_mut() {
                        *f %= buckets;
                    }
                }
                if epoch == 0 {
                    for f in &feats {
                        *counts.entry(*f).or_default() += 1;
                    }
                }
                let guess = best(&p.scores(&feats), prev);
                let gold = ex.gold[i];
                if guess != gold {
                    errors += 1;
                    p.update(&feats, gold as usize, 1.0);
                    p.update(&feats, guess as usize, -1.0);
                }
                total += 1;
                p.c += 1.0;
                prev2 = prev;
                prev = guess;
            }
        }
        eprintln!("epoch {epoch}: {errors} token errors of {total}");
    }
    // Average, keep the strongest rows, quantize to i8.
    let mut rows: Vec<(u32, [f32; LABELS])> = p
        .index
        .iter()
        .map(|(&h, &k)| {
            let mut r = [0f32; LABELS];
            for (l, v) in r.iter_mut().enumerate() {
                *v = p.w[k][l] - p.u[k][l] / p.c;
            }
            (h, r)
        })
        .collect();
    // Keep the rows that matter most over the data: weight times how often the feature
    // fires (a rare feature with a big weight is mostly memorization).
    let power: f32 = std::env::var("ENTITIES_FREQ_POWER")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0.5);
    let strength = |(h, r): &(u32, [f32; LABELS])| {
        let count = counts.get(h).copied().unwrap_or(1) as f32;
        r.iter().fold(0f32, |m, v| m.max(v.abs())) * count.powf(power)
    };
    rows.sort_by(|a, b| strength(b).total_cmp(&strength(a)));
    rows.truncate(max_rows);
    // Logarithmic 8-bit codes: |w| = unit * (base^|q| - 1), so small and large weights both
    // keep ~4% precision (a linear scale either zeroes the small ones or clips the large).
    let base: f32 = 1.04;
    let max = rows
        .iter()
        .flat_map(|r| r.1)
        .fold(0f32, |m, v| m.max(v.abs()))
        .max(1e-6);
    let unit = max / (base.powi(127) - 1.0);
    let mut quantized: Vec<(u32, [i8; LABELS])> = rows
        .iter()
        .map(|(h, r)| {
            let mut q = [0i8; LABELS];
            for (a, b) in q.iter_mut().zip(r) {
                let code = ((1.0 + b.abs() / unit).ln() / base.ln()).round().min(127.0);
                *a = (code * b.signum()) as i8;
            }
            (*h, q)
        })
        .filter(|(_, q)| q.iter().any(|&v| v != 0))
        .collect();
    quantized.sort_by_key(|r| r.0);
    let mut out = b"ENT3".to_vec();
    out.extend_from_slice(&(quantized.len() as u32).to_le_bytes());
    out.extend_from_slice(&base.to_le_bytes());
    out.extend_from_slice(&buckets.to_le_bytes());
    let mut last = 0u32;
    for (h, q) in &quantized {
        let mut delta = h - last;
        last = *h;
        loop {
            let b = (delta & 0x7f) as u8;
            delta >>= 7;
            if delta == 0 {
                out.push(b);
                break;
            }
            out.push(b | 0x80);
        }
        out.extend(q.iter().map(|&v| v as u8));
    }
    let target = format!("{root}/src/entities/model.bin");
    std::fs::write(&target, &out).expect("write model");
    eprintln!(
        "{} features seen, {} rows kept, {} bytes -> {target}",
        p.index.len(),
        quantized.len(),
        out.len()
    );
}
