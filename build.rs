//! Build step: turns the word lists, which are the source of truth and stay readable in
//! the repository, into the compact forms the binary includes (from `$OUT_DIR`).
//!
//! - `src/entities/lexicons/*.txt` (sorted, one entry a line) -> `lexicons.bin`: Rice-coded
//!   sets of the entries' hash fingerprints for `src/entities/lexicon.rs` (format in
//!   `src/entities/lexicons/encode.rs`), the lists numbered in file-name order
//!   (`lexicon_names.txt` names them, for a test). All lists: 28.9 KB of gzipped
//!   front-coded text before, 21.2 KB now (a fingerprint set does not gzip further).
//! - `src/claims/cues/*.txt` -> `cues/<name>.txt` and `src/timex/phrases.tsv` ->
//!   `phrases.tsv`: without comment and blank lines (the comments document the lists;
//!   the parsers skip them anyway) and without trailing blanks.

use std::path::Path;

// The crate's string hash, which the fingerprints must match, and the encoders.
#[allow(dead_code)]
#[path = "src/entities/lexicons/encode.rs"]
mod encode;
#[allow(dead_code)]
#[path = "src/hash.rs"]
mod hash;

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
    println!("cargo:rerun-if-changed=src/hash.rs");
    println!("cargo:rerun-if-changed=src/entities/lexicons/encode.rs");
    let mut names = String::new();
    let mut texts = Vec::new();
    for path in files(Path::new("src/entities/lexicons"), "txt") {
        let name = path.file_stem().expect("file name").to_string_lossy();
        names.push_str(&name);
        names.push('\n');
        texts.push(std::fs::read_to_string(&path).expect("read a lexicon"));
    }
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    let coded = encode::encode_lists(&texts, encode::FP_BITS);
    std::fs::write(out.join("lexicons.bin"), coded).expect("write");
    std::fs::write(out.join("lexicon_names.txt"), names).expect("write");
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
