//! Conversion of UTF-8 byte offsets to the units other hosts index by.
//!
//! JavaScript strings index by UTF-16 code units; Python and the JSON Lines format of the
//! gold data index by Unicode code points. An [`OffsetTable`] converts a known set of byte
//! offsets in one linear pass over the text, so converting every span of a document costs
//! `O(text + offsets·log offsets)`, never `O(text · spans)`.

/// Byte offsets of one text with their UTF-16 and code point equivalents.
#[derive(Debug, Clone)]
pub struct OffsetTable {
    /// Sorted, deduplicated UTF-8 byte offsets.
    bytes: Vec<usize>,
    /// UTF-16 code unit offset of each entry of `bytes`.
    utf16: Vec<usize>,
    /// Code point offset of each entry of `bytes`.
    chars: Vec<usize>,
}

impl OffsetTable {
    /// Builds the table for the given byte offsets of `text`. Offsets past the end are
    /// clamped to `text.len()`; an offset inside a multi-byte character maps to that
    /// character's start.
    pub fn new(text: &str, offsets: impl IntoIterator<Item = usize>) -> OffsetTable {
        let mut bytes: Vec<usize> = offsets.into_iter().map(|b| b.min(text.len())).collect();
        bytes.sort_unstable();
        bytes.dedup();
        let mut utf16 = Vec::with_capacity(bytes.len());
        let mut chars = Vec::with_capacity(bytes.len());
        let (mut u16_pos, mut char_pos) = (0usize, 0usize);
        let mut wanted = bytes.iter().peekable();
        for (byte, c) in text.char_indices() {
            // Nothing left to convert: the rest of the text need not be walked.
            if wanted.peek().is_none() {
                break;
            }
            while let Some(&&b) = wanted.peek() {
                if b > byte {
                    break;
                }
                utf16.push(u16_pos);
                chars.push(char_pos);
                wanted.next();
            }
            u16_pos += c.len_utf16();
            char_pos += 1;
        }
        for _ in wanted {
            utf16.push(u16_pos);
            chars.push(char_pos);
        }
        OffsetTable {
            bytes,
            utf16,
            chars,
        }
    }

    fn index(&self, byte: usize) -> usize {
        // Offsets not in the table map like the nearest entry below them; callers only ask
        // for offsets they registered.
        match self.bytes.binary_search(&byte) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// The UTF-16 code unit offset of a registered UTF-8 byte offset.
    pub fn utf16(&self, byte: usize) -> usize {
        self.utf16.get(self.index(byte)).copied().unwrap_or(0)
    }

    /// The Unicode code point offset of a registered UTF-8 byte offset.
    pub fn chars(&self, byte: usize) -> usize {
        self.chars.get(self.index(byte)).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn euro_sign_is_three_bytes_one_char_one_utf16_unit() {
        let text = "€5 for 😀 and 東京";
        let euro_end = "€".len();
        let emoji = text.find('😀').unwrap();
        let tokyo = text.find('東').unwrap();
        let table = OffsetTable::new(text, [0, euro_end, emoji, emoji + 4, tokyo, text.len()]);
        assert_eq!(euro_end, 3);
        assert_eq!(table.chars(euro_end), 1);
        assert_eq!(table.utf16(euro_end), 1);
        assert_eq!(table.chars(emoji + 4), 8);
        assert_eq!(table.utf16(emoji + 4), 9, "the emoji is a surrogate pair");
        assert_eq!(table.chars(text.len()), text.chars().count());
        assert_eq!(table.utf16(text.len()), text.encode_utf16().count());
    }

    #[test]
    fn empty_text_and_no_offsets() {
        let table = OffsetTable::new("", [0]);
        assert_eq!(table.utf16(0), 0);
        let table = OffsetTable::new("abc", []);
        assert_eq!(table.chars(2), 0);
    }
}
