//! The text layer: tokens and sentences, computed once and shared by every detector.
//!
//! All offsets here are UTF-8 byte offsets into [`Document::text`].

pub mod sentences;
pub mod tokens;

use std::ops::Range;
pub use tokens::{Token, TokenKind};

/// The pieces one after another in one string of exactly their length. One shared,
/// non-generic copy: `[&str]::concat` is expanded at each call site in the wasm, and
/// `format!` goes through the formatting machinery (slower, with a growing buffer).
#[inline(never)]
pub(crate) fn concat(parts: &[&str]) -> String {
    let mut out = String::new();
    append(&mut out, parts);
    out
}

/// Appends the pieces to `out`, growing it once: one shared copy, where each `push_str`
/// compiles to its own capacity check and copy in the wasm.
#[inline(never)]
pub(crate) fn append(out: &mut String, parts: &[&str]) {
    out.reserve(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        out.push_str(p);
    }
}

/// Whether `word` is one of the words of `list`, sorted (byte order) and separated by
/// single spaces: a binary search over the string itself. A word list kept so costs the
/// wasm one byte a word for its separator, where a `&[&str]` costs eight for the pointer
/// and length of each word.
pub(crate) fn in_sorted_words(list: &str, word: &[u8]) -> bool {
    use std::cmp::Ordering;
    let b = list.as_bytes();
    // `lo..hi` holds whole words: `lo` starts one, `hi` ends one (a space or the end).
    let (mut lo, mut hi) = (0, b.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let mut start = mid;
        while start > lo && b.get(start - 1).is_some_and(|&c| c != b' ') {
            start -= 1;
        }
        // Compared in place up to the first difference: no scan for the word's end first
        // and no call to `memcmp`, for words of a few bytes.
        let mut k = start;
        let mut w = word.iter();
        let order = loop {
            let c = b.get(k).filter(|&&c| c != b' ' && k < hi);
            match (c, w.next()) {
                (None, None) => return true,
                (None, Some(_)) => break Ordering::Less,
                (Some(_), None) => break Ordering::Greater,
                (Some(c), Some(x)) if c != x => break c.cmp(x),
                _ => k += 1,
            }
        };
        if order == Ordering::Less {
            // Past the end of this word.
            while k < hi && b.get(k).is_some_and(|&c| c != b' ') {
                k += 1;
            }
            lo = k + 1;
        } else {
            hi = start.saturating_sub(1).max(lo);
        }
    }
    false
}

/// `text.to_ascii_lowercase()`, eight bytes a step: std's loop takes one byte a step in the
/// wasm (no SIMD there), over the whole text of every call. The text is copied as it is,
/// then only the stretches of eight bytes that hold capitals are lowercased, in place.
fn ascii_lowercase(text: &str) -> String {
    let mut out = text.to_owned();
    for (i, chunk) in text.as_bytes().chunks(8).enumerate() {
        let x = match <[u8; 8]>::try_from(chunk) {
            Ok(w) => u64::from_le_bytes(w),
            Err(_) => {
                // The last few bytes, padded with zeros (no capitals).
                let mut w = [0u8; 8];
                w.iter_mut().zip(chunk).for_each(|(d, s)| *d = *s);
                u64::from_le_bytes(w)
            }
        };
        // Per byte, no carry between bytes (each low seven bits + 0x3f stays below 0x100):
        // the high bit of `ge_a` is set from 'A' up, of `gt_z` from '[' up; bytes with
        // their own high bit set (non-ASCII) are no capitals.
        let low = x & 0x7f7f_7f7f_7f7f_7f7f;
        let ge_a = low + 0x3f3f_3f3f_3f3f_3f3f;
        let gt_z = low + 0x2525_2525_2525_2525;
        let capitals = ge_a & !gt_z & !x & 0x8080_8080_8080_8080;
        if capitals != 0 {
            // From the first capital to the last: ASCII bytes, so char boundaries.
            let first = i * 8 + capitals.trailing_zeros() as usize / 8;
            let last = i * 8 + (63 - capitals.leading_zeros() as usize) / 8;
            if let Some(s) = out.get_mut(first..=last) {
                s.make_ascii_lowercase();
            }
        }
    }
    out
}

/// A sentence: its byte range and the index range of its tokens in [`Document::tokens`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Byte range of the sentence text (UTF-8 byte offsets, trimmed of whitespace).
    pub range: Range<usize>,
    /// Indices into [`Document::tokens`] of the tokens inside this sentence.
    pub tokens: Range<usize>,
}

/// A tokenized, sentence-split text.
#[derive(Debug, Clone)]
pub struct Document<'t> {
    text: &'t str,
    tokens: Vec<Token>,
    sentences: Vec<Sentence>,
    /// The text ASCII-lowercased, made on first use: one copy for every detector.
    lower: std::cell::OnceCell<String>,
}

impl<'t> Document<'t> {
    /// Tokenizes and sentence-splits `text`. Linear in its length; never panics.
    pub fn new(text: &'t str) -> Document<'t> {
        let (tokens, breaks) = tokens::tokenize_with_breaks(text);
        let sentences = sentences::split_at_breaks(text, &tokens, &breaks);
        Document {
            text,
            tokens,
            sentences,
            lower: std::cell::OnceCell::new(),
        }
    }

    /// The whole text with ASCII letters lowercased (so every byte offset is the same as in
    /// [`Document::text`]): made once, on first use, and shared by the detectors, which
    /// compare words in lowercase.
    pub(crate) fn lowercase(&self) -> &str {
        self.lower.get_or_init(|| ascii_lowercase(self.text))
    }

    /// The whole text.
    pub fn text(&self) -> &'t str {
        self.text
    }

    /// Every token, in text order.
    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// Every sentence, in text order.
    pub fn sentences(&self) -> &[Sentence] {
        &self.sentences
    }

    /// The text of token `i`.
    pub fn token_text(&self, i: usize) -> &'t str {
        self.tokens[i].text(self.text)
    }

    /// The tokens of sentence `s`.
    pub fn sentence_tokens(&self, s: &Sentence) -> &[Token] {
        &self.tokens[s.tokens.clone()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_word_lists_find_every_word_and_nothing_else() {
        let list = "a an and b be bee c zebra";
        for w in list.split(' ') {
            assert!(in_sorted_words(list, w.as_bytes()), "{w}");
        }
        for w in [
            "", " ", "0", "aa", "ab", "ann", "bea", "beee", "d", "zebras", "zz", "a a",
        ] {
            assert!(!in_sorted_words(list, w.as_bytes()), "{w}");
        }
        assert!(!in_sorted_words("", b""));
        assert!(in_sorted_words("one", b"one"));
        assert!(!in_sorted_words("one", b"on"));
    }

    #[test]
    fn sorted_word_search_agrees_with_a_scan() {
        let lists = [
            "a an and b be bee c zebra",
            "ab abc abcd abd b ba bab",
            "x",
            "aa ab",
            "about after against also although am and are as at",
        ];
        for list in lists {
            let mut probes: Vec<String> = vec![String::new(), " ".into(), "zzzz".into()];
            for w in list.split(' ') {
                for cut in 0..=w.len() {
                    probes.push(w[..cut].to_string());
                }
                for extra in ["a", "z", " ", "b"] {
                    probes.push(format!("{w}{extra}"));
                    probes.push(format!("{extra}{w}"));
                }
            }
            for p in &probes {
                let expected = list.split(' ').any(|w| w == p);
                assert_eq!(
                    in_sorted_words(list, p.as_bytes()),
                    expected,
                    "{list:?} {p:?}"
                );
            }
        }
    }

    #[test]
    fn eight_byte_lowercasing_agrees_with_std() {
        let mut all: String = (0u8..128).map(char::from).collect();
        all.push_str("ÀÉÎõ ÄBC€ SΣ 東京 İ Z[@`{");
        for start in 0..all.len() {
            if let Some(s) = all.get(start..) {
                assert_eq!(ascii_lowercase(s), s.to_ascii_lowercase(), "{s:?}");
            }
        }
        assert_eq!(ascii_lowercase(""), "");
    }

    #[test]
    fn the_lowercased_copy_keeps_every_byte_offset() {
        let doc = Document::new("ÉLYSÉE Palace, 5 €, WHO’s Ünal");
        let lower = doc.lowercase();
        // ASCII letters only: "É" and "Ü" stay as they are.
        assert_eq!(lower, "ÉlysÉe palace, 5 €, who’s Ünal");
        assert_eq!(lower.len(), doc.text().len());
        for t in doc.tokens() {
            assert!(lower.is_char_boundary(t.start()) && lower.is_char_boundary(t.end()));
        }
        // Made once: the same string on every call.
        assert!(std::ptr::eq(doc.lowercase(), lower));
    }

    #[test]
    fn sentences_own_their_tokens() {
        let doc = Document::new("One two. Three four five.");
        assert_eq!(doc.sentences().len(), 2);
        assert_eq!(doc.sentences()[0].tokens, 0..3);
        assert_eq!(doc.sentences()[1].tokens, 3..7);
        assert_eq!(
            &doc.text()[doc.sentences()[1].range.clone()],
            "Three four five."
        );
    }
}
