//! Options picked by one byte, shared by both fuzz drivers.

use article_annotator::{Category, Kind, Options};

/// Bits 0-2: which categories run (none set means all); bits 3-4: the article date (none,
/// an ordinary one, a leap day, the far end of the range); bit 5: a user entity; bit 6: a
/// user claim phrase.
pub fn from_byte(b: u8) -> Options {
    let mut categories: Vec<Category> = Category::ALL
        .into_iter()
        .enumerate()
        .filter(|(i, _)| b & (1 << i) != 0)
        .map(|(_, c)| c)
        .collect();
    if categories.is_empty() {
        categories = Category::ALL.to_vec();
    }
    let date = ["", "2024-08-13", "2000-02-29", "9999-12-31"][usize::from((b >> 3) & 3)];
    let mut options = Options::new()
        .with_categories(&categories)
        .with_article_date(date)
        .expect("valid fixed date");
    if b & 0x20 != 0 {
        options = options
            .with_user_entity("Lopez", Kind::Person)
            .expect("entity kind");
    }
    if b & 0x40 != 0 {
        options = options.with_user_claim_phrase("it seems");
    }
    options
}
