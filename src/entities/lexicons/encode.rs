//! Encoders of the entity data's compact binary forms: the word lists' fingerprint sets
//! (run by `build.rs`, decoded by `../lexicon.rs`) and the Rice-coded sets they and the
//! model's feature hashes use (the trainer writes `model.bin` with them).
//!
//! Included with `#[path]` by `build.rs` and by the crate's tests, so it depends only on
//! `std` and on `super::hash` (the crate's `src/hash.rs` in both places).

use super::hash::{word_hash, K};
use std::collections::BTreeMap;

/// Bits of a key's fingerprint in the word-list table: one word not on any list is taken
/// for a listed one with odds (keys / 2^bits), 1 in ~1,500 for the ~11,200 keys. One more
/// bit halves the odds and costs ~1.4 KB: 25 bits changed no dev score by 0.01 and one
/// passage of the dev sets and 1 MB / 5 MB corpora; 23 bits cost re3d overlap F1 0.2 and
/// visible errors ("Feyenoord" taken for a given name).
pub const FP_BITS: u32 = 24;

/// Writes bits least significant first.
#[derive(Default)]
pub struct BitWriter {
    bytes: Vec<u8>,
    acc: u64,
    n: u32,
}

impl BitWriter {
    /// Appends the low `n` bits of `v` (n <= 32).
    pub fn bits(&mut self, v: u64, n: u32) {
        self.acc |= (v & ((1u64 << n) - 1)) << self.n;
        self.n += n;
        while self.n >= 8 {
            self.bytes.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    /// The bytes written, the last one padded with zero bits.
    pub fn finish(mut self) -> Vec<u8> {
        if self.n > 0 {
            self.bytes.push(self.acc as u8);
        }
        self.bytes
    }
}

/// The gaps between successive sorted values, the first one from 0.
fn gaps(sorted: &[u64]) -> Vec<u64> {
    let mut prev = 0;
    sorted
        .iter()
        .map(|&v| {
            let g = v - prev;
            prev = v;
            g
        })
        .collect()
}

/// The Rice parameter that codes `sorted`'s gaps in the fewest bits.
pub fn rice_param(sorted: &[u64]) -> u32 {
    let g = gaps(sorted);
    (0..32)
        .min_by_key(|&r| g.iter().map(|&x| (x >> r) + 1 + u64::from(r)).sum::<u64>())
        .unwrap_or(0)
}

/// Writes the gaps of the sorted values, each as `gap >> r` one-bits, a zero bit, then the
/// low `r` bits of the gap.
pub fn rice_gaps(w: &mut BitWriter, sorted: &[u64], r: u32) {
    for g in gaps(sorted) {
        let mut q = g >> r;
        while q >= 32 {
            w.bits(u64::from(u32::MAX), 32);
            q -= 32;
        }
        w.bits((1 << q) - 1, q as u32);
        w.bits(0, 1);
        w.bits(g, r);
    }
}

/// Appends `v` as a LEB128 varint.
fn varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// The hash of a phrase prefix extended by one more word: `lexicon::extend_phrase` (a
/// test checks both agree).
pub fn extend_phrase(prefix: u64, word: u64) -> u64 {
    (prefix.rotate_left(5) ^ word ^ 0x20).wrapping_mul(K)
}

/// The `bits`-bit fingerprint of a key's hash under `salt`.
pub fn fingerprint(hash: u64, salt: u64, bits: u32) -> u64 {
    hash.wrapping_mul(salt) >> (64 - bits)
}

/// Encodes the lists (each one entry a line, words separated by single spaces) as the
/// fingerprint sets `lexicon.rs` reads:
///
/// `b"LEX1"`, the fingerprint bits `k` (u8), the salt (u64 LE), the group count (u16 LE);
/// per group, as LEB128: the mask of the lists that have its keys as entries, the mask of
/// the lists with longer entries continuing them by a space, the key count; and its Rice
/// parameter (u8). Then one bit stream: per group, its keys' sorted fingerprints as
/// Rice-coded gaps. A key is an entry or an entry's prefix ending before a space, hashed
/// like the tokens (`word_hash`, then [`extend_phrase`] per further word); its
/// fingerprint is the top `k` bits of hash * salt, the salt the first that leaves no two
/// keys the same fingerprint. Keys with the same masks form a group (most keys are in a
/// few large groups, so the masks cost about their entropy).
pub fn encode_lists(lists: &[&str], bits: u32) -> Vec<u8> {
    // Key hash -> (entry mask, continuation mask).
    let mut keys: BTreeMap<u64, (u32, u32)> = BTreeMap::new();
    for (i, text) in lists.iter().enumerate() {
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let mut hash = None;
            let mut words = line.split(' ').peekable();
            while let Some(w) = words.next() {
                let wh = word_hash(w);
                let h = hash.map_or(wh, |h| extend_phrase(h, wh));
                hash = Some(h);
                let masks = keys.entry(h).or_default();
                if words.peek().is_some() {
                    masks.1 |= 1 << i;
                } else {
                    masks.0 |= 1 << i;
                }
            }
        }
    }
    let mut salt: u64 = 0x9e37_79b9_7f4a_7c15;
    for tries in 0.. {
        assert!(
            tries < 1000,
            "no salt separates the keys: use more fingerprint bits"
        );
        let mut fps: Vec<u64> = keys.keys().map(|&h| fingerprint(h, salt, bits)).collect();
        fps.sort_unstable();
        fps.dedup();
        if fps.len() == keys.len() {
            break;
        }
        salt = salt.wrapping_add(0x6a09_e667_f3bc_c908) | 1;
    }
    let mut groups: BTreeMap<(u32, u32), Vec<u64>> = BTreeMap::new();
    for (&h, &masks) in &keys {
        groups
            .entry(masks)
            .or_default()
            .push(fingerprint(h, salt, bits));
    }
    let mut order: Vec<_> = groups.into_iter().collect();
    // Largest groups first: the decoder gives them the smallest indices.
    order.sort_by_key(|(masks, fps)| (std::cmp::Reverse(fps.len()), *masks));
    let mut out = b"LEX1".to_vec();
    out.push(bits as u8);
    out.extend_from_slice(&salt.to_le_bytes());
    out.extend_from_slice(&(order.len() as u16).to_le_bytes());
    let mut w = BitWriter::default();
    for ((entry, more), fps) in &mut order {
        fps.sort_unstable();
        let r = rice_param(fps);
        varint(&mut out, *entry);
        varint(&mut out, *more);
        varint(&mut out, fps.len() as u32);
        out.push(r as u8);
        rice_gaps(&mut w, fps, r);
    }
    out.extend(w.finish());
    out
}
