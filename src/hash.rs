//! The one string hash of the crate's word tables and maps: the Fx hash (the one rustc
//! uses), fast on the short words of a text.

/// Multiplier of the Fx-style hash (the one rustc uses): fast on short keys, and these
/// keys are words, not attacker-chosen table contents.
pub(crate) const K: u64 = 0x517c_c1b7_2722_0a95;

/// Hash of `bytes` continued from state `h` (so "ran" + "e" hashes like "rane").
#[inline]
pub(crate) fn hash_bytes(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
    }
    h
}

/// Hash of one lowercase word.
#[inline]
pub(crate) fn word_hash(word: &str) -> u64 {
    hash_bytes(0, word.as_bytes())
}

/// The home slot of `hash` in an open-addressing table of `len` slots (a power of two): the
/// high bits of a multiplicative hash are the well-mixed ones.
#[inline]
pub(crate) fn home_slot(hash: u64, len: usize) -> usize {
    (hash >> 40) as usize & len.wrapping_sub(1)
}

/// A hasher for the detectors' own maps: the Fx hash, 8 bytes a step (std's SipHash
/// resists flooding attacks the detectors' maps of words do not face, at several times
/// the cost).
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }
    #[inline]
    fn write_u8(&mut self, b: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
    }
    #[inline]
    fn finish(&self) -> u64 {
        // The product's high bits are the mixed ones; hash maps index by the low bits.
        self.0.rotate_left(26)
    }
}

/// Builds [`FxHasher`]s for `HashMap`/`HashSet`.
pub(crate) type FxBuild = std::hash::BuildHasherDefault<FxHasher>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_continue_and_slots_stay_in_the_table() {
        assert_eq!(hash_bytes(word_hash("ran"), b"e"), word_hash("rane"));
        assert_ne!(word_hash("may"), word_hash("May"));
        for len in [16, 1024, 1 << 20] {
            for w in ["", "a", "officials", "reportedly", "\u{e9}t\u{e9}"] {
                assert!(home_slot(word_hash(w), len) < len);
            }
        }
    }
}
