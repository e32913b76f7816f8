//! Tokenization: words, numbers and punctuation, as UTF-8 byte ranges.
//!
//! One linear pass over the text. A word keeps inner apostrophes ("don't", "O'Brien"),
//! inner hyphens ("Jong-un", "al-Assad") and dotted abbreviations ("U.S.", "a.m.", "E.T.");
//! a number keeps inner `,` `.` `:` between digits ("1,700", "8:45", "3.5").

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters (possibly with digits, inner apostrophes, hyphens, or dotted abbreviation dots).
    Word,
    /// Starts with a digit: "2024", "1,700", "8:45", "3.5", "1990s", "21st".
    Number,
    /// Any single other visible character: punctuation, symbols, emoji.
    Punct,
}

/// A token: a UTF-8 byte range `start..end` of the document text and its kind.
///
/// Offsets are stored as `u32` (12 bytes a token instead of 24: a 10 MB text has about
/// two million tokens), so [`tokenize`] reads at most the first [`MAX_TEXT_BYTES`] of a
/// text; wasm32 cannot hold a longer one anyway.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    start: u32,
    end: u32,
    /// What the token is made of.
    pub kind: TokenKind,
}

/// The longest text [`tokenize`] reads, in UTF-8 bytes (4 GiB - 1).
pub const MAX_TEXT_BYTES: usize = u32::MAX as usize;

impl Token {
    /// A token of `kind` over `start..end` (test views build their own).
    #[cfg(test)]
    pub(crate) fn new(start: usize, end: usize, kind: TokenKind) -> Token {
        Token {
            start: start as u32,
            end: end as u32,
            kind,
        }
    }
    /// Start, a UTF-8 byte offset into the document text.
    pub fn start(&self) -> usize {
        self.start as usize
    }
    /// End (exclusive), a UTF-8 byte offset into the document text.
    pub fn end(&self) -> usize {
        self.end as usize
    }
    /// The token's text ("" if `text` is not the text it came from).
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start()..self.end()).unwrap_or("")
    }
}

/// Which bytes are ASCII letters or digits: one load per byte in the word loop.
static ASCII_ALNUM: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

fn is_hyphen(c: char) -> bool {
    c == '-' || c == '\u{2010}' || c == '\u{2011}'
}

/// Splits `text` into tokens. Whitespace separates tokens and is not itself a token.
///
/// Linear in the length of `text`; allocates only the returned vector. ASCII (most of any
/// news text) is read byte by byte; other characters are decoded one at a time.
pub fn tokenize(text: &str) -> Vec<Token> {
    tokenize_with_breaks(text).0
}

/// [`tokenize`], and the indices of the tokens a sentence may end after (for
/// [`super::sentences::split_at_breaks`]): those that [`super::sentences::may_end`] by
/// what they are, and those before whitespace other than one space (a line break, a
/// blank line, a run of spaces). Found here, where each byte is read anyway: the sentence
/// splitter then skips the other tokens (nine in ten) without reading them.
pub(crate) fn tokenize_with_breaks(text: &str) -> (Vec<Token>, Vec<u32>) {
    // A no-op where usize is 32 bits (wasm32), a cap on 64-bit hosts.
    #[allow(clippy::unnecessary_min_or_max)]
    let mut limit = text.len().min(MAX_TEXT_BYTES);
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    let text = text.get(..limit).unwrap_or("");
    let bytes = text.as_bytes();
    // News text averages about 5.3 bytes per token: reserving for one token per 4 bytes
    // avoids the doubling reallocation (and its copy) that one per 6 bytes always hit,
    // which halves the peak memory of long texts.
    let mut tokens = Vec::with_capacity(text.len() / 4 + 16);
    // The char starting at byte `i`, if any (`i` is always on a char boundary here).
    let char_at = |i: usize| match bytes.get(i) {
        Some(&b) if b < 0x80 => Some(b as char),
        Some(_) => text.get(i..).and_then(|rest| rest.chars().next()),
        None => None,
    };
    let after = |i: usize| i + char_at(i).map_or(0, char::len_utf8);
    let mut breaks: Vec<u32> = Vec::new();
    let ascii_space = |i: usize| matches!(bytes.get(i), Some(b' ' | b'\t'..=b'\r'));
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // ASCII fast paths; anything they are unsure of goes the general way below.
        if b < 0x80 {
            if matches!(b, b' ' | b'\t'..=b'\r') {
                // One space before a token; other whitespace (a line break, a run of
                // spaces, a tab) goes the general way, which marks a possible break.
                if b == b' ' && !ascii_space(i + 1) {
                    i += 1;
                    continue;
                }
            } else if b.is_ascii_alphanumeric() {
                // A run of ASCII letters and digits ended by an ASCII character that cannot
                // join it (or by the end): the whole token.
                let rest = bytes.get(i + 1..).unwrap_or(&[]);
                let run = rest.iter().position(|&d| !ASCII_ALNUM[usize::from(d)]);
                let j = i + 1 + run.unwrap_or(rest.len());
                let number = b.is_ascii_digit();
                let ends = match bytes.get(j) {
                    None => true,
                    Some(b'\'' | b'-') => false,
                    Some(b',' | b'.' | b':') if number => false,
                    // A single letter before a dot may open "U.S.".
                    Some(b'.') => j - i > 1,
                    Some(&d) => d < 0x80,
                };
                if ends {
                    tokens.push(Token {
                        start: i as u32,
                        end: j as u32,
                        kind: if number {
                            TokenKind::Number
                        } else {
                            TokenKind::Word
                        },
                    });
                    // The plain gap of one space is skipped at once.
                    i = j + usize::from(bytes.get(j) == Some(&b' ') && !ascii_space(j + 1));
                    continue;
                }
            } else if !matches!(bytes.get(i + 1), Some(&n) if n >= 0x80) {
                // Punctuation that nothing non-ASCII follows: combining marks and joiners,
                // which would extend it, are all non-ASCII.
                tokens.push(Token {
                    start: i as u32,
                    end: (i + 1) as u32,
                    kind: TokenKind::Punct,
                });
                if matches!(b, b'.' | b'!' | b'?' | b'_' | b'-') {
                    mark(&mut breaks, tokens.len());
                }
                i += 1;
                continue;
            }
        }
        let Some(c) = char_at(i) else { break };
        if c.is_whitespace() {
            mark(&mut breaks, tokens.len());
            i += c.len_utf8();
            continue;
        }
        let start = i;
        i += c.len_utf8();
        if c.is_alphanumeric() {
            let kind = if c.is_ascii_digit() {
                TokenKind::Number
            } else {
                TokenKind::Word
            };
            let mut last = c;
            loop {
                // A run of ASCII letters and digits, the bulk of every word.
                let run = bytes
                    .get(i..)
                    .unwrap_or(&[])
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric())
                    .count();
                if run > 0 {
                    i += run;
                    last = bytes.get(i - 1).map_or(last, |&b| b as char);
                }
                // Most words end at an ASCII space or punctuation mark that cannot join.
                match bytes.get(i) {
                    None => break,
                    Some(b'\'' | b'-') => {}
                    Some(b',' | b'.' | b':') if kind == TokenKind::Number => {}
                    Some(&b) if b < 0x80 => break,
                    _ => {}
                }
                let Some(d) = char_at(i) else { break };
                if d.is_alphanumeric() || is_combining(d) {
                    last = d;
                    i += d.len_utf8();
                    continue;
                }
                let next = char_at(after(i));
                let joins = if is_apostrophe(d) || is_hyphen(d) {
                    next.is_some_and(char::is_alphanumeric)
                } else if matches!(d, ',' | '.' | ':') && kind == TokenKind::Number {
                    // "8:45" and "3.5" join; "1,700" joins only before exactly 3 digits.
                    last.is_ascii_digit()
                        && next.is_some_and(|n| n.is_ascii_digit())
                        && (d != ',' || thousands_group(bytes.get(i + 1..).unwrap_or(&[])))
                } else {
                    false
                };
                if !joins {
                    break;
                }
                i += d.len_utf8();
                last = d;
            }
            // Dotted abbreviations: single letters each followed by a dot ("U.S.", "a.m.",
            // "E.T."). The last dot belongs to the token.
            if kind == TokenKind::Word && i == start + c.len_utf8() && char_at(i) == Some('.') {
                let mut j = i;
                let mut letters = 1;
                while char_at(j) == Some('.') {
                    match char_at(j + 1) {
                        Some(l)
                            if l.is_alphabetic() && char_at(j + 1 + l.len_utf8()) == Some('.') =>
                        {
                            j += 1 + l.len_utf8();
                            letters += 1;
                        }
                        _ => break,
                    }
                }
                if letters >= 2 {
                    i = j + 1;
                }
            }
            // In range: `text` is at most MAX_TEXT_BYTES long.
            tokens.push(Token {
                start: start as u32,
                end: i as u32,
                kind,
            });
        } else {
            // Keep combining marks, skin tones and zero-width-joined emoji with their base.
            while let Some(d) = char_at(i) {
                if is_combining(d) {
                    i += d.len_utf8();
                } else if d == '\u{200d}' {
                    i = after(after(i));
                } else {
                    break;
                }
            }
            tokens.push(Token {
                start: start as u32,
                end: i.min(text.len()) as u32,
                kind: TokenKind::Punct,
            });
        }
        if tokens
            .last()
            .is_some_and(|t| super::sentences::may_end(bytes, t))
        {
            mark(&mut breaks, tokens.len());
        }
    }
    // Give back the unused reservation (about a quarter for news text); shrinking keeps
    // the block in place, so it costs no copy.
    tokens.shrink_to_fit();
    (tokens, breaks)
}

/// Adds the last of `count` tokens to `breaks`, once. Not inlined: called from a few
/// places, for about one token in ten.
#[inline(never)]
fn mark(breaks: &mut Vec<u32>, count: usize) {
    if let Some(last) = count.checked_sub(1) {
        if breaks.last() != Some(&(last as u32)) {
            breaks.push(last as u32);
        }
    }
}

/// Whether `rest` starts with exactly three digits (a thousands group after a comma).
fn thousands_group(rest: &[u8]) -> bool {
    rest.iter()
        .take(4)
        .take_while(|b| b.is_ascii_digit())
        .count()
        == 3
}

/// Combining marks and variation selectors: they extend the previous character.
pub(crate) fn is_combining(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF
        | 0xFE00..=0xFE0F | 0xFE20..=0xFE2F | 0x1F3FB..=0x1F3FF | 0xE0020..=0xE007F)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn tokens_are_compact() {
        assert_eq!(std::mem::size_of::<Token>(), 12);
    }

    #[test]
    fn words_numbers_and_punctuation() {
        assert_eq!(
            texts("Musk's X, at 8:45 p.m. E.T. on Aug. 12, 2024."),
            [
                "Musk's", "X", ",", "at", "8:45", "p.m.", "E.T.", "on", "Aug", ".", "12", ",",
                "2024", "."
            ]
        );
    }

    #[test]
    fn thousands_and_decimals_join_lists_do_not() {
        assert_eq!(texts("1,700 and 3.5"), ["1,700", "and", "3.5"]);
        assert_eq!(texts("1,2,3"), ["1", ",", "2", ",", "3"]);
    }

    #[test]
    fn inner_hyphens_and_apostrophes_join() {
        assert_eq!(
            texts("al-Assad's O’Brien -- don't"),
            ["al-Assad's", "O’Brien", "-", "-", "don't"]
        );
    }

    #[test]
    fn u_s_is_one_token_but_a_sentence_final_initial_is_not() {
        assert_eq!(texts("the U.S. Army"), ["the", "U.S.", "Army"]);
        assert_eq!(texts("J. K. Rowling"), ["J", ".", "K", ".", "Rowling"]);
    }

    #[test]
    fn non_latin_and_emoji() {
        assert_eq!(texts("東京 👍🏽 café"), ["東京", "👍🏽", "café"]);
        assert!(tokenize("").is_empty());
        assert!(tokenize(" \n\t").is_empty());
    }

    /// The tokenizer before its ASCII fast paths (one char at a time), kept as the
    /// reference the fast one must agree with.
    fn reference_tokenize(text: &str) -> Vec<Token> {
        let mut limit = text.len().min(MAX_TEXT_BYTES);
        while !text.is_char_boundary(limit) {
            limit -= 1;
        }
        let text = text.get(..limit).unwrap_or("");
        // News text averages about 5.3 bytes per token: reserving for one token per 4 bytes
        // avoids the doubling reallocation (and its copy) that one per 6 bytes always hit,
        // which halves the peak memory of long texts.
        let mut tokens = Vec::with_capacity(text.len() / 4 + 16);
        // The char starting at byte `i`, if any (`i` is always on a char boundary here).
        let char_at = |i: usize| text.get(i..).and_then(|rest| rest.chars().next());
        let after = |i: usize| i + char_at(i).map_or(0, char::len_utf8);
        let mut i = 0;
        while let Some(c) = char_at(i) {
            if c.is_whitespace() {
                i += c.len_utf8();
                continue;
            }
            let start = i;
            i += c.len_utf8();
            if c.is_alphanumeric() {
                let kind = if c.is_ascii_digit() {
                    TokenKind::Number
                } else {
                    TokenKind::Word
                };
                let mut last = c;
                while let Some(d) = char_at(i) {
                    if d.is_alphanumeric() || is_combining(d) {
                        last = d;
                        i += d.len_utf8();
                        continue;
                    }
                    let next = char_at(after(i));
                    let joins = if is_apostrophe(d) || is_hyphen(d) {
                        next.is_some_and(char::is_alphanumeric)
                    } else if matches!(d, ',' | '.' | ':') && kind == TokenKind::Number {
                        // "8:45" and "3.5" join; "1,700" joins only before exactly 3 digits.
                        last.is_ascii_digit()
                            && next.is_some_and(|n| n.is_ascii_digit())
                            && (d != ','
                                || text
                                    .as_bytes()
                                    .get(i + 1..)
                                    .unwrap_or_default()
                                    .iter()
                                    .take_while(|b| b.is_ascii_digit())
                                    .count()
                                    == 3)
                    } else {
                        false
                    };
                    if !joins {
                        break;
                    }
                    i += d.len_utf8();
                    last = d;
                }
                // Dotted abbreviations: single letters each followed by a dot ("U.S.", "a.m.",
                // "E.T."). The last dot belongs to the token.
                if kind == TokenKind::Word && i == start + c.len_utf8() && char_at(i) == Some('.') {
                    let mut j = i;
                    let mut letters = 1;
                    while char_at(j) == Some('.') {
                        match char_at(j + 1) {
                            Some(l)
                                if l.is_alphabetic()
                                    && char_at(j + 1 + l.len_utf8()) == Some('.') =>
                            {
                                j += 1 + l.len_utf8();
                                letters += 1;
                            }
                            _ => break,
                        }
                    }
                    if letters >= 2 {
                        i = j + 1;
                    }
                }
                // In range: `text` is at most MAX_TEXT_BYTES long.
                tokens.push(Token {
                    start: start as u32,
                    end: i as u32,
                    kind,
                });
            } else {
                // Keep combining marks, skin tones and zero-width-joined emoji with their base.
                while let Some(d) = char_at(i) {
                    if is_combining(d) {
                        i += d.len_utf8();
                    } else if d == '\u{200d}' {
                        i = after(after(i));
                    } else {
                        break;
                    }
                }
                tokens.push(Token {
                    start: start as u32,
                    end: i.min(text.len()) as u32,
                    kind: TokenKind::Punct,
                });
            }
        }
        tokens
    }

    /// Deterministic pseudo-random strings over the characters the tokenizer treats
    /// specially: ASCII and non-ASCII letters, digits, joiners, combining marks, emoji,
    /// dots, commas, apostrophes, hyphens, whitespace.
    pub(crate) fn tricky_strings(count: usize) -> Vec<String> {
        const PIECES: &[&str] = &[
            "a", "Z", "q", "0", "7", " ", "  ", "\n", "\t", "\r\n", ".", ",", ":", "'", "\u{2019}",
            "-", "\u{2010}", "\u{2011}", "?", "!", "\"", "(", ")", "_", "$", "\u{2026}",
            "\u{201c}", "\u{201d}", "\u{2014}", "\u{2013}", "é", "東", "\u{0301}", "\u{200d}",
            "👍", "🏽", "\u{fe0f}", "\u{a0}", "\u{2028}", "İ", "Σ", "٣", "U.S.", "p.m.", "Mr.",
            "Inc.", "The ", "He ", "\n\n", "(AP) _ ", "1,700", "3.5", "8:45", "don't",
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        (0..count)
            .map(|_| {
                let len = (next() % 40) as usize;
                (0..len)
                    .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                    .collect()
            })
            .collect()
    }

    #[test]
    fn fast_paths_agree_with_the_reference_tokenizer() {
        for s in tricky_strings(20_000) {
            assert_eq!(tokenize(&s), reference_tokenize(&s), "{s:?}");
        }
    }
}
