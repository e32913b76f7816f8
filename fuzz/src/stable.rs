//! A mutation fuzzer for `annotate` that runs on stable Rust (cargo-fuzz needs nightly).
//!
//! Method: start from a seed corpus (`fuzz/seeds/*.txt`, written for this project, and
//! the page's example article); each execution takes a corpus entry, stacks 1-8 random
//! mutations (byte flips, inserted dictionary words and awkward Unicode, deleted,
//! duplicated and case-flipped ranges, splices from another entry, truncation), replaces
//! invalid UTF-8 as the CLI does, picks options from a random byte, and checks every
//! invariant of `tests/invariants` (which itself annotates 2-4 times per input). Some
//! mutants join the corpus so mutations compound. There is no coverage feedback: this is
//! blind, dictionary-aided mutation fuzzing, cheap to run anywhere, in CI included.
//!
//! ```text
//! cargo run --release --manifest-path fuzz/Cargo.toml --no-default-features --bin stable \
//!     -- --iterations 1000000 [--seconds N] [--seed N] [--max-len BYTES] [SEED_DIR_OR_FILE...]
//! ```
//!
//! On a violation or a panic it writes the input to `fuzz/artifacts/stable/` and exits 1.

#[path = "../../tests/invariants/mod.rs"]
mod invariants;
mod options;

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// xorshift64*: fast, deterministic for a given seed, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
}

thread_local! {
    /// The input under test, saved by the panic hook.
    static CURRENT: RefCell<(Vec<u8>, u8)> = const { RefCell::new((Vec::new(), 0)) };
}

fn artifact_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("artifacts/stable")
}

/// Writes a failing input where it can be replayed: `--replay FILE`.
fn save(input: &[u8], option_byte: u8) -> PathBuf {
    let dir = artifact_dir();
    let _ = std::fs::create_dir_all(&dir);
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in input {
        hash = (hash ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
    }
    let path = dir.join(format!("crash-{hash:016x}-opt{option_byte}.txt"));
    let _ = std::fs::write(&path, input);
    path
}

fn random_char(rng: &mut Rng) -> char {
    loop {
        let c = match rng.below(4) {
            0 => rng.below(0x80) as u32,
            1 => rng.below(0x800) as u32,
            2 => rng.below(0x10000) as u32,
            _ => rng.below(0x110000) as u32,
        };
        if let Some(c) = char::from_u32(c) {
            return c;
        }
    }
}

fn mutate(input: &mut Vec<u8>, corpus: &[Vec<u8>], rng: &mut Rng, max_len: usize) {
    let rounds = 1 + rng.below(8);
    for _ in 0..rounds {
        let len = input.len();
        let at = rng.below(len + 1);
        match rng.below(11) {
            0 if len > 0 => {
                let i = rng.below(len);
                input[i] = rng.next() as u8;
            }
            1 | 2 => {
                let dict = if rng.chance(3) {
                    invariants::UNICODE_PIECES
                } else {
                    invariants::ARTICLE_PIECES
                };
                let mut piece = dict[rng.below(dict.len())].as_bytes().to_vec();
                if rng.chance(2) {
                    piece.insert(0, b' ');
                }
                input.splice(at..at, piece);
            }
            3 => {
                let mut buf = [0; 4];
                let c = random_char(rng).encode_utf8(&mut buf).as_bytes().to_vec();
                input.splice(at..at, c);
            }
            4 if len > 0 => {
                let end = (at + 1 + rng.below(32)).min(len);
                input.drain(at.min(end)..end);
            }
            5 if len > 0 => {
                // Repeat a range: long runs of one shape.
                let start = rng.below(len);
                let end = (start + 1 + rng.below(16)).min(len);
                let chunk = input[start..end].to_vec();
                let most = if rng.chance(8) { 200 } else { 4 };
                for _ in 0..1 + rng.below(most) {
                    input.splice(start..start, chunk.iter().copied());
                }
            }
            6 if len > 0 => {
                let start = rng.below(len);
                let end = (start + 1 + rng.below(40)).min(len);
                let upper = rng.chance(2);
                for b in &mut input[start..end] {
                    *b = if upper {
                        b.to_ascii_uppercase()
                    } else {
                        b.to_ascii_lowercase()
                    };
                }
            }
            7 if !corpus.is_empty() => {
                let other = &corpus[rng.below(corpus.len())];
                let start = rng.below(other.len() + 1);
                let end = (start + rng.below(200)).min(other.len());
                input.splice(at..at, other[start..end].iter().copied());
            }
            8 if len > 0 => input.truncate(rng.below(len + 1)),
            9 => {
                let b = *[b'.', b'"', b'\n', b' ', b',', b'\'', b'-', b'\0', b'\r']
                    .get(rng.below(9))
                    .unwrap_or(&b'.');
                input.splice(at..at, std::iter::repeat_n(b, 1 + rng.below(6)));
            }
            _ => {
                // Swap two ranges' order by rotating a window.
                if len > 2 {
                    let start = rng.below(len - 1);
                    let end = (start + 2 + rng.below(64)).min(len);
                    let mid = rng.below(end - start);
                    input[start..end].rotate_left(mid);
                }
            }
        }
        input.truncate(max_len);
    }
}

fn load_seeds(paths: &[PathBuf]) -> Vec<Vec<u8>> {
    let mut seeds = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut entries: Vec<_> = std::fs::read_dir(path)
                .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
                .unwrap_or_default();
            entries.sort();
            seeds.extend(entries.iter().filter_map(|p| std::fs::read(p).ok()));
        } else if let Ok(bytes) = std::fs::read(path) {
            seeds.push(bytes);
        } else {
            eprintln!("stable fuzzer: cannot read {}", path.display());
        }
    }
    seeds.push(Vec::new());
    seeds
}

fn check(input: &[u8], option_byte: u8) -> Result<(), String> {
    let text = String::from_utf8_lossy(input);
    invariants::check(&text, &options::from_byte(option_byte))
}

fn main() {
    let mut iterations: u64 = 1_000_000;
    let mut seconds: Option<u64> = None;
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut max_len = 4096;
    let mut paths = Vec::new();
    let mut replay = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .unwrap_or_else(|| panic!("{name} needs a value"))
        };
        match arg.as_str() {
            "--iterations" => iterations = value("--iterations").parse().expect("a number"),
            "--seconds" => seconds = Some(value("--seconds").parse().expect("a number")),
            "--seed" => seed = value("--seed").parse().expect("a number"),
            "--max-len" => max_len = value("--max-len").parse().expect("a number"),
            "--replay" => replay = Some(PathBuf::from(value("--replay"))),
            "-h" | "--help" => {
                println!("see the doc comment of fuzz/src/stable.rs");
                return;
            }
            _ => paths.push(PathBuf::from(arg)),
        }
    }
    if let Some(path) = replay {
        let bytes = std::fs::read(&path).expect("the file to replay");
        let option_byte = path
            .to_string_lossy()
            .rsplit_once("-opt")
            .and_then(|(_, r)| r.trim_end_matches(".txt").parse().ok())
            .unwrap_or(0);
        match check(&bytes, option_byte) {
            Ok(()) => println!("passes"),
            Err(e) => println!("fails: {e}"),
        }
        return;
    }
    if paths.is_empty() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        paths.push(root.join("seeds"));
        paths.push(root.join("../www/example-article.txt"));
    }
    let mut corpus = load_seeds(&paths);
    let seed_count = corpus.len();
    let mut rng = Rng(seed | 1);

    std::panic::set_hook(Box::new(|info| {
        CURRENT.with(|c| {
            let (input, option_byte) = &*c.borrow();
            let path = save(input, *option_byte);
            eprintln!("PANIC: {info}\ninput saved to {}", path.display());
        });
        std::process::exit(1);
    }));

    let deadline = seconds.map(|s| Instant::now() + Duration::from_secs(s));
    let start = Instant::now();
    let mut bytes_checked: u64 = 0;
    let mut executions: u64 = 0;
    let mut report = Instant::now();
    while executions < iterations && deadline.is_none_or(|d| Instant::now() < d) {
        let mut input = corpus[rng.below(corpus.len())].clone();
        if input.len() > max_len {
            // Fuzz a window of a long seed: small inputs execute fast.
            let from = rng.below(input.len() - max_len + 1);
            input = input[from..from + max_len].to_vec();
        }
        mutate(&mut input, &corpus, &mut rng, max_len);
        let option_byte = rng.next() as u8;
        CURRENT.with(|c| {
            let mut c = c.borrow_mut();
            c.0.clear();
            c.0.extend_from_slice(&input);
            c.1 = option_byte;
        });
        if let Err(e) = check(&input, option_byte) {
            let path = save(&input, option_byte);
            eprintln!(
                "INVARIANT VIOLATED after {executions} executions: {e}\ninput saved to {}",
                path.display()
            );
            std::process::exit(1);
        }
        executions += 1;
        bytes_checked += input.len() as u64;
        if corpus.len() < 20_000 && rng.chance(16) {
            corpus.push(input);
        } else if corpus.len() >= 20_000 {
            // Keep the seeds, recycle the rest.
            let i = seed_count + rng.below(corpus.len() - seed_count);
            corpus[i] = input;
        }
        if report.elapsed() > Duration::from_secs(30) {
            report = Instant::now();
            eprintln!(
                "{executions} executions, {:.0}/s",
                executions as f64 / start.elapsed().as_secs_f64()
            );
        }
    }
    let elapsed = start.elapsed();
    println!(
        "stable fuzzer: {executions} executions in {:.1} s ({:.0}/s), {:.1} MB of input, \
         {seed_count} seeds, seed {seed}: no panic, every invariant held",
        elapsed.as_secs_f64(),
        executions as f64 / elapsed.as_secs_f64(),
        bytes_checked as f64 / 1e6
    );
}
