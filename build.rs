//! Build step: turns the word lists, which are the source of truth and stay readable in
//! the repository, into the compact forms the binary includes (from `$OUT_DIR`).
//!
//! - `src/entities/lexicons/*.txt` (sorted, one entry a line) -> `lexicons/<name>.fc`,
//!   front-coded for `src/entities/lexicon.rs`: per entry, one byte below 0x20 counting the
//!   leading bytes it shares with the previous entry (at most 31), then the rest of the
//!   entry. No entry holds a control byte, so the count also ends the previous entry; sorted
//!   lists share long prefixes, so this gzips about 25% smaller than the text (37.8 KB ->
//!   28.9 KB for all lists).
//! - `src/claims/cues/*.txt` -> `cues/<name>.txt` and `src/timex/phrases.tsv` ->
//!   `phrases.tsv`: without comment and blank lines (the comments document the lists;
//!   the parsers skip them anyway) and without trailing blanks.

use std::path::Path;

fn out_dir() -> std::path::PathBuf {
    std::path::PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"))
}

/// The `.ext` files of `dir`, sorted.
fn files(dir: &Path, ext: &str) -> Vec<std::path::PathBuf> {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("read a list directory")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    files.sort();
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    files
}

/// Front-codes the non-empty trimmed lines of `text` (format in the module docs).
fn front_code(text: &str) -> Vec<u8> {
    let mut coded = Vec::with_capacity(text.len());
    let mut prev: &[u8] = &[];
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let line = line.as_bytes();
        assert!(
            line.iter().all(|&b| b >= 0x20),
            "a lexicon entry holds a control byte: {}",
            String::from_utf8_lossy(line)
        );
        let shared = prev
            .iter()
            .zip(line)
            .take(31)
            .take_while(|(a, b)| a == b)
            .count();
        coded.push(shared as u8);
        coded.extend_from_slice(&line[shared..]);
        prev = line;
    }
    coded
}

/// The lines of `text` that are neither blank nor `#` comments, trailing blanks removed.
fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines().map(str::trim_end) {
        if line.trim_start().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn main() {
    let out = out_dir();
    let lexicons = out.join("lexicons");
    std::fs::create_dir_all(&lexicons).expect("create OUT_DIR/lexicons");
    for path in files(Path::new("src/entities/lexicons"), "txt") {
        let text = std::fs::read_to_string(&path).expect("read a lexicon");
        let name = path.file_stem().expect("file name");
        std::fs::write(lexicons.join(name).with_extension("fc"), front_code(&text)).expect("write");
    }
    let cues = out.join("cues");
    std::fs::create_dir_all(&cues).expect("create OUT_DIR/cues");
    for path in files(Path::new("src/claims/cues"), "txt") {
        let text = std::fs::read_to_string(&path).expect("read a cue list");
        let name = path.file_name().expect("file name");
        std::fs::write(cues.join(name), without_comments(&text)).expect("write");
    }
    let phrases = Path::new("src/timex/phrases.tsv");
    println!("cargo:rerun-if-changed={}", phrases.display());
    let text = std::fs::read_to_string(phrases).expect("read phrases.tsv");
    // Exactly the lines the parser in `src/timex/lexicon.rs` reads (tabs are significant).
    let kept: String = text
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .flat_map(|l| [l, "\n"])
        .collect();
    std::fs::write(out.join("phrases.tsv"), kept).expect("write");
}
