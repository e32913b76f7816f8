//! Learns `model.bin` from a gold JSONL file (the shared CoNLL-2003 train split). Not part
//! of the library: an ignored test, run by hand when features change:
//!
//! ```sh
//! cargo test --release --lib entities::train::train_model -- --ignored --nocapture
//! # ENTITIES_TRAIN=path.jsonl  ENTITIES_EPOCHS=8  ENTITIES_MAX_ROWS=2000
//! # ENTITIES_HASH_BITS=20  ENTITIES_SEED=n to change defaults (fewer rows cost F1: 1600
//! # rows, CoNLL dev -0.7; the seed alone moves CoNLL dev exact F1 by +-1.5)
//! ```
//!
//! `reencode_model` (also ignored) rewrites the shipped `model.bin` in the current format
//! with `ENTITIES_HASH_BITS` hash bits, with `ENTITIES_MAX_ROWS` only that many rows
//! (largest weight first), and with `ENTITIES_MIN_CODE` the weights of smaller code
//! magnitude zeroed, without training: the shipped weights were learned with an
//! earlier feature set (retraining now gives CoNLL dev exact 86.4 for 86.9). The shipped
//! file is the 2,000-row model of commit 5b1dfda cut to 1,600 rows this way (CoNLL dev
//! exact/overlap F1 86.92/89.26 -> 86.81/89.00, re3d 36.4/58.6 -> 37.4/59.7; 1,800 rows:
//! 86.86/89.05; 1,400: 86.53/88.76), 17.1 -> 14.1 KB gzipped. Then re-encoded with
//! `ENTITIES_MIN_CODE=4 ENTITIES_HASH_BITS=21`: 14.1 -> 13.0 KB gzipped, CoNLL dev
//! 86.82/88.97, re3d 37.50/59.76. Measured steps: zeroing codes below 3, 4, 5, 6, 7 (weights
//! under 0.08 .. 0.3 of a largest 145) saved 0.5, 0.85, 1.2, 1.6, 2.0 KB, CoNLL dev exact
//! +0.06, -0.01, -0.04, -0.10, -0.34 and re3d overlap +0.04, +0.04, -0.72, +0.22, +0.07;
//! 21 / 20 hash bits saved another 0.26 / 0.47 KB, no dev score moved by more than 0.02.
//! A coarser code base instead (1.06, 1.08 for 1.04: 0.7, 1.1 KB) cost CoNLL 2.3 and 6.3.
//! Then cut to the 1,400 strongest rows (`ENTITIES_MAX_ROWS=1400`): 13.0 -> 11.6 KB
//! gzipped, CoNLL dev 86.68/88.83, re3d unchanged (1,500 rows: 12.3 KB, 86.70/88.86;
//! 1,300: 10.9 KB, 86.41/88.60). Then its hashes folded to 20 bits
//! (`ENTITIES_HASH_BITS=20`): 11.6 -> 11.4 KB, no dev score moved, two entities of the
//! 1 MB corpus changed.
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
    // The shuffling seed (ENTITIES_SEED varies it, to see how much of a score change is
    // the training order's noise).
    let mut seed: u64 = std::env::var("ENTITIES_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x2545_f491_4f6c_dd1d);
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
    let quantized: Vec<(u32, [i8; LABELS])> = rows
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
    let out = encode_model(&quantized, base, hash_bits());
    let target = format!("{root}/src/entities/model.bin");
    std::fs::write(&target, &out).expect("write model");
    eprintln!(
        "{} features seen, {} rows kept, {} bytes -> {target}",
        p.index.len(),
        quantized.len(),
        out.len()
    );
}

/// The hash bits the model keeps (`ENTITIES_HASH_BITS`, default 20; see `model.rs`).
fn hash_bits() -> u32 {
    std::env::var("ENTITIES_HASH_BITS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20)
}

/// Encodes rows (strongest first) in the format of `model.rs`: hashes cut to their low
/// `hash_bits` bits, and of rows that then share a hash only the first kept.
fn encode_model(rows: &[(u32, [i8; LABELS])], base: f32, hash_bits: u32) -> Vec<u8> {
    use super::lexicon::encode::{rice_gaps, rice_param, BitWriter};
    let mask = u32::MAX >> (32 - hash_bits);
    let mut seen = std::collections::HashSet::new();
    let mut kept: Vec<(u32, [i8; LABELS])> = rows
        .iter()
        .map(|&(h, q)| (h & mask, q))
        .filter(|(h, _)| seen.insert(*h))
        .collect();
    if kept.len() < rows.len() {
        eprintln!("{} rows dropped: hashes collide", rows.len() - kept.len());
    }
    kept.sort_by_key(|r| r.0);
    let hashes: Vec<u64> = kept.iter().map(|r| u64::from(r.0)).collect();
    let r = rice_param(&hashes);
    let mut out = b"ENT4".to_vec();
    out.extend_from_slice(&(kept.len() as u32).to_le_bytes());
    out.extend_from_slice(&base.to_le_bytes());
    out.extend([hash_bits as u8, r as u8]);
    for (_, q) in &kept {
        out.extend(q.iter().map(|&v| v as u8));
    }
    let mut w = BitWriter::default();
    rice_gaps(&mut w, &hashes, r);
    out.extend(w.finish());
    out
}

/// The base and rows of a model file: the current format or the one before it (`ENT3`:
/// count, base, buckets, then per row a LEB128 hash gap and the codes).
fn decode_model(bytes: &[u8]) -> (f32, Vec<(u32, [i8; LABELS])>) {
    let u32_at = |i: usize| u32::from_le_bytes(bytes[i..i + 4].try_into().expect("4 bytes"));
    let count = u32_at(4) as usize;
    let base = f32::from_bits(u32_at(8));
    let mut rows = Vec::with_capacity(count);
    let codes = |at: usize| -> [i8; LABELS] {
        let mut q = [0i8; LABELS];
        for (k, v) in q.iter_mut().enumerate() {
            *v = bytes[at + k] as i8;
        }
        q
    };
    match &bytes[..4] {
        b"ENT3" => {
            let mut pos = 16;
            let mut hash = 0u32;
            for _ in 0..count {
                let mut shift = 0;
                loop {
                    let b = bytes[pos];
                    pos += 1;
                    hash = hash.wrapping_add(u32::from(b & 0x7f) << shift);
                    shift += 7;
                    if b & 0x80 == 0 {
                        break;
                    }
                }
                rows.push((hash, codes(pos)));
                pos += LABELS;
            }
        }
        b"ENT4" => {
            let r = u32::from(bytes[13]);
            let mut bits = super::lexicon::Bits::new(&bytes[14 + count * LABELS..]);
            let mut hash = 0u64;
            for k in 0..count {
                hash += bits.rice(r).expect("hash gap");
                rows.push((hash as u32, codes(14 + k * LABELS)));
            }
        }
        _ => panic!("unknown model format"),
    }
    (base, rows)
}

#[test]
fn models_encode_and_decode() {
    let rows = vec![
        (7u32, [1i8; LABELS]),
        (1 << 30 | 7, [2; LABELS]),
        (3, [-3; LABELS]),
    ];
    let bytes = encode_model(&rows, 1.04, 20);
    let (base, back) = decode_model(&bytes);
    assert_eq!(base, 1.04);
    // The second row folds onto the first and is dropped; the rest come back sorted.
    assert_eq!(back, vec![(3, [-3; LABELS]), (7, [1; LABELS])]);
    assert_eq!(super::model::Model::parse(&bytes).len(), 2);
}

/// Rewrites `model.bin` in the current format (see the module docs).
#[test]
#[ignore]
fn reencode_model() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/entities/model.bin");
    let (base, mut rows) = decode_model(&std::fs::read(path).expect("model.bin"));
    // Strongest first, so a fold collision keeps the stronger row.
    rows.sort_by_key(|(_, q)| std::cmp::Reverse(q.iter().map(|v| v.unsigned_abs()).max()));
    // ENTITIES_MAX_ROWS keeps only that many of the strongest rows.
    if let Some(n) = std::env::var("ENTITIES_MAX_ROWS")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        rows.truncate(n);
    }
    // ENTITIES_MIN_CODE zeroes the weights whose codes are smaller in magnitude.
    if let Some(min) = std::env::var("ENTITIES_MIN_CODE")
        .ok()
        .and_then(|s| s.parse::<u8>().ok())
    {
        for (_, q) in &mut rows {
            for v in q.iter_mut().filter(|v| v.unsigned_abs() < min) {
                *v = 0;
            }
        }
        rows.retain(|(_, q)| q.iter().any(|&v| v != 0));
    }
    let out = encode_model(&rows, base, hash_bits());
    std::fs::write(path, &out).expect("write model");
    eprintln!("{} rows, {} bytes -> {path}", rows.len(), out.len());
}
