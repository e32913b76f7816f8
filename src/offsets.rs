//! Conversion of UTF-8 byte offsets to the units other hosts index by.
//!
//! JavaScript strings index by UTF-16 code units; Python and the JSON Lines format of the
//! gold data index by Unicode code points. An [`OffsetTable`] converts any byte offset of
//! one text in constant time after one linear pass, in little memory: a checkpoint every
//! [`STRIDE`] bytes (1/16 of the text's size for a non-ASCII text, nothing for an ASCII one),
//! and at most `STRIDE - 1` bytes counted per conversion. Converting every span of a
//! document thus costs `O(text + offsets)`, never `O(text · spans)`, and needs no list of
//! the offsets up front, so output can be converted span by span as it is serialized.

/// Bytes between two checkpoints of an [`OffsetTable`].
pub const STRIDE: usize = 64;

/// The unit an [`OffsetTable`] converts byte offsets to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// UTF-16 code units, as JavaScript strings index.
    Utf16,
    /// Unicode code points, as Python strings index.
    CodePoint,
}

/// How many units of `target` the UTF-8 bytes `bytes` hold, counting a character where its
/// first byte is (so a slice ending inside a character counts it whole).
fn units(bytes: &[u8], target: Target) -> usize {
    // A byte starts a character unless it is a continuation byte (0b10xx_xxxx); a 4-byte
    // character (first byte 0xF0 and above) is a surrogate pair in UTF-16.
    let starts = bytes.iter().filter(|&&b| (b as i8) >= -0x40).count();
    match target {
        Target::CodePoint => starts,
        Target::Utf16 => starts + bytes.iter().filter(|&&b| b >= 0xF0).count(),
    }
}

/// Converts UTF-8 byte offsets of one text to UTF-16 code units or code points.
#[derive(Debug, Clone)]
pub struct OffsetTable<'t> {
    text: &'t str,
    target: Target,
    /// Units before byte `i * STRIDE`; empty when the text is ASCII (units = bytes).
    checkpoints: Vec<u32>,
}

impl<'t> OffsetTable<'t> {
    /// Builds the table of `text` for `target`: one pass over the text.
    pub fn new(text: &'t str, target: Target) -> OffsetTable<'t> {
        let checkpoints = if text.is_ascii() {
            Vec::new()
        } else {
            let mut total = 0usize;
            let mut checkpoints = Vec::with_capacity(text.len() / STRIDE + 2);
            for chunk in text.as_bytes().chunks(STRIDE) {
                // Counts fit in u32 below 4 GiB of text, all the tokenizer reads; a longer
                // text saturates rather than wraps.
                checkpoints.push(u32::try_from(total).unwrap_or(u32::MAX));
                total += units(chunk, target);
            }
            // The end too, for a text whose length is a multiple of the stride.
            checkpoints.push(u32::try_from(total).unwrap_or(u32::MAX));
            checkpoints
        };
        OffsetTable {
            text,
            target,
            checkpoints,
        }
    }

    /// The offset in the table's unit of UTF-8 byte offset `byte`. An offset past the end
    /// is clamped to the text's length; one inside a multi-byte character maps to that
    /// character's start.
    pub fn convert(&self, byte: usize) -> usize {
        let mut byte = byte.min(self.text.len());
        while !self.text.is_char_boundary(byte) {
            byte -= 1;
        }
        if self.checkpoints.is_empty() {
            return byte;
        }
        let i = byte / STRIDE;
        let base = self.checkpoints.get(i).map_or(0, |&c| c as usize);
        let from = i * STRIDE;
        base + units(
            self.text.as_bytes().get(from..byte).unwrap_or(&[]),
            self.target,
        )
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
        let chars = OffsetTable::new(text, Target::CodePoint);
        let utf16 = OffsetTable::new(text, Target::Utf16);
        assert_eq!(euro_end, 3);
        assert_eq!(chars.convert(euro_end), 1);
        assert_eq!(utf16.convert(euro_end), 1);
        assert_eq!(chars.convert(emoji + 4), 8);
        assert_eq!(utf16.convert(emoji + 4), 9, "the emoji is a surrogate pair");
        assert_eq!(chars.convert(text.len()), text.chars().count());
        assert_eq!(utf16.convert(text.len()), text.encode_utf16().count());
        assert_eq!(
            chars.convert(emoji + 2),
            chars.convert(emoji),
            "inside a char"
        );
        assert_eq!(chars.convert(999), text.chars().count(), "past the end");
    }

    #[test]
    fn every_offset_of_a_long_mixed_text() {
        // Longer than several strides, with characters straddling stride boundaries.
        let text = "a€😀東 bc\u{301}".repeat(40);
        for target in [Target::CodePoint, Target::Utf16] {
            let table = OffsetTable::new(&text, target);
            for (byte, _) in text.char_indices().chain([(text.len(), ' ')]) {
                let prefix = &text[..byte];
                let want = match target {
                    Target::CodePoint => prefix.chars().count(),
                    Target::Utf16 => prefix.encode_utf16().count(),
                };
                assert_eq!(table.convert(byte), want, "{target:?} at byte {byte}");
            }
        }
    }

    #[test]
    fn empty_and_ascii_texts() {
        assert_eq!(OffsetTable::new("", Target::Utf16).convert(0), 0);
        assert_eq!(OffsetTable::new("", Target::Utf16).convert(5), 0);
        let table = OffsetTable::new("abc", Target::CodePoint);
        assert_eq!(table.convert(2), 2);
        assert_eq!(table.convert(9), 3);
    }
}
