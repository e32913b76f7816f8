//! libFuzzer target: `cargo +nightly fuzz run annotate fuzz/seeds`.
//!
//! The first byte picks the options (article date, categories); the rest is the text
//! (invalid UTF-8 replaced, as the CLI does). Every invariant of `tests/invariants` must
//! hold.
#![no_main]

#[path = "../../tests/invariants/mod.rs"]
mod invariants;
#[path = "../src/options.rs"]
mod options;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (first, rest) = data.split_first().unwrap_or((&0, &[]));
    let text = String::from_utf8_lossy(rest);
    let options = options::from_byte(*first);
    if let Err(e) = invariants::check(&text, &options) {
        panic!("{e}\ninput: {text:?}\noptions: {options:?}");
    }
});
