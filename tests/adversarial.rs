//! Adversarial sizes and shapes: one huge line, a million newlines, long runs of one
//! punctuation mark, all caps, no spaces, only digits, NUL bytes, endless capitalized
//! names, dates, cues and quotes. Each must finish, satisfy every invariant, take time
//! linear in its size and memory bounded by a small multiple of it.
//!
//! Sizes follow the build: a debug `cargo test` checks 32 KB per shape and scaling from
//! 8 KB to 64 KB (quick); `cargo test --release` checks 1 MB per shape and scaling from
//! 128 KB to 1 MB. The 10 MB check runs by hand in release:
//!
//! ```text
//! cargo test --release --test adversarial -- --ignored --nocapture
//! ```

mod invariants;

use article_annotator::{annotate, Annotations, Options};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Counts live and peak heap bytes, to measure what `annotate` allocates.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let grow = new_size - layout.size();
                let live = LIVE.fetch_add(grow, Ordering::Relaxed) + grow;
                PEAK.fetch_max(live, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Bytes per shape in the default run: debug builds of the detectors are ~10× slower.
const SHAPE_SIZE: usize = if cfg!(debug_assertions) {
    32 << 10
} else {
    1 << 20
};

/// The small size of the scaling check (the large one is 8× this).
const SCALE_FROM: usize = if cfg!(debug_assertions) {
    8 << 10
} else {
    128 << 10
};

/// Tests in this file measure time and memory: run them one at a time.
static SERIAL: Mutex<()> = Mutex::new(());

/// A paragraph written for these tests, dense in what the detectors look for.
const PARAGRAPH: &str = "WASHINGTON, Aug. 12 (AP) — Sen. Maria Lopez said on Monday that the \
    Federal Reserve may raise rates by 0.25 points in September, according to two officials \
    who could not be independently verified. \u{201c}We will see,\u{201d} she told reporters at \
    8:45 p.m. E.T. in New York. Critics in Berlin called the claim false. The U.S. Treasury, \
    which meets every Monday, reportedly spent 1,700 hours over three years on it. Some \
    experts believe the plan could fail.\n\n";

/// Repeats `unit` until the text is at least `size` bytes.
fn fill(unit: &str, size: usize) -> String {
    unit.repeat(size / unit.len().max(1) + 1)
}

/// Every shape at roughly `size` bytes, with a name for messages.
fn shapes(size: usize) -> Vec<(&'static str, String)> {
    let article = fill(PARAGRAPH, size);
    let mut v = vec![
        ("article", article.clone()),
        ("one line", article.replace('\n', " ")),
        ("newlines", "\n".repeat(size)),
        ("CRLF", "\r\n".repeat(size / 2)),
        ("all caps", article.to_uppercase()),
        ("no spaces", article.replace([' ', '\n'], "")),
        ("only digits", fill("0123456789", size)),
        ("digit groups", fill("1,000,000.5:", size)),
        ("one long number", format!("1,{}", "0".repeat(size))),
        ("NUL bytes", "\0".repeat(size)),
        ("NUL words", fill("Lopez\0said\0May\0", size)),
        ("capitalized names", fill("Maria Lopez Garcia Smith ", size)),
        ("titles", fill("Mr. Dr. Sen. Gov. ", size)),
        ("dotted", fill("U.S.", size)),
        ("dotted letters", fill("a.", size)),
        ("months", fill("May may June Jan. 1, 2024 ", size)),
        ("dates", fill("1998-01-08 12/31/2024 ", size)),
        ("numbers and units", fill("3 years 12 hours ago ", size)),
        (
            "cues",
            fill("said may reportedly allegedly according to ", size),
        ),
        (
            "one sentence of cues",
            fill("Lopez said it may be false, ", size),
        ),
        ("short sentences", fill("He said so. ", size)),
        ("open quotes", fill("\u{201c}Lopez ", size)),
        ("close quotes", fill("said\u{201d} ", size)),
        ("ZWJ emoji", fill("👍\u{200d}", size)),
        ("flags", fill("🇺🇸", size)),
        ("CJK", fill("東京都の北京市", size)),
        ("RTL", fill("مرحبا بالعالم ", size)),
        (
            "combining marks",
            format!("e{}", "\u{301}".repeat(size / 2)),
        ),
    ];
    for mark in [
        ".", "!", "?", "\"", "'", "-", ",", "(", "…", "“", "—", ":", "@",
    ] {
        let name: &'static str = Box::leak(format!("{mark} repeated").into_boxed_str());
        v.push((name, fill(mark, size)));
    }
    v
}

/// Annotates `text` and returns the result, the time taken and the peak heap bytes above
/// what was live before.
fn measure(text: &str, options: &Options) -> (Annotations, Duration, usize) {
    // Lexicons load on first use and stay: load them before counting.
    annotate(PARAGRAPH, options);
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let start = Instant::now();
    let annotations = annotate(text, options);
    let elapsed = start.elapsed();
    let peak = PEAK.load(Ordering::Relaxed).saturating_sub(before);
    (annotations, elapsed, peak)
}

/// The shortest of `n` runs.
fn best_time(n: usize, text: &str, options: &Options) -> Duration {
    (0..n).map(|_| measure(text, options).1).min().unwrap()
}

/// Checks one size: every shape finishes, keeps every invariant, and stays within
/// `max_memory` times its length in heap. Returns the per-shape times.
fn check_shapes(size: usize, max_memory: usize, verbose: bool) -> Vec<(&'static str, Duration)> {
    let options = Options::new();
    let mut times = Vec::new();
    let mut failures = Vec::new();
    for (name, text) in shapes(size) {
        let (annotations, time, peak) = measure(&text, &options);
        if verbose {
            println!(
                "{name:>22}: {:>8.1} MB/s, peak heap {:>5.1}× input ({} bytes)",
                text.len() as f64 / time.as_secs_f64() / 1e6,
                peak as f64 / text.len() as f64,
                text.len()
            );
        }
        if peak > max_memory * text.len() + (64 << 10) {
            failures.push(format!(
                "{name}: peak heap {peak} bytes ({:.1}×) for {} bytes of input",
                peak as f64 / text.len() as f64,
                text.len()
            ));
        }
        if let Err(e) = invariants::check_annotations(&text, &annotations) {
            failures.push(format!("{name}: {e}"));
        }
        times.push((name, time));
    }
    assert!(failures.is_empty(), "{failures:#?}");
    times
}

/// Time of each shape at `small` and at `8 × small` bytes: a linear path takes about 8×
/// as long, a quadratic one 64×. The bound leaves room for a noisy shared machine.
fn check_scaling(small: usize, verbose: bool) {
    let options = Options::new();
    let big = small * 8;
    let mut slow = Vec::new();
    for ((name, small_text), (_, big_text)) in shapes(small).into_iter().zip(shapes(big)) {
        // Best of three for both sizes: one run of either can be stretched many times over
        // by another process on a shared 2-core machine; a quadratic path cannot hide.
        let t_small = best_time(3, &small_text, &options);
        let t_big = best_time(3, &big_text, &options);
        // Below a millisecond the small run measures the clock, not the code.
        let floor = Duration::from_millis(1);
        let ratio = t_big.as_secs_f64() / t_small.max(floor).as_secs_f64();
        if verbose {
            println!("{name:>22}: {t_small:>10.2?} → {t_big:>10.2?} (×{ratio:.1} for ×8 input)");
        }
        if ratio > 24.0 {
            slow.push(format!("{name}: ×{ratio:.1} ({t_small:?} → {t_big:?})"));
        }
    }
    assert!(slow.is_empty(), "not linear: {slow:#?}");
}

/// Heap ceilings, as multiples of the input length. These are regression guards at the
/// measured level plus a margin, NOT the performance goal (10× in the wasm, issue
/// "Performance", where pointers take half the bytes: ×8.8 there for 10 MB of news).
/// Measured natively (`ADVERSARIAL_VERBOSE=1`; `phase_memory` splits the article's peak by
/// phase): in release, 1 MB per shape, a realistic article 12.1× and the worst shape (NUL
/// bytes, a token a byte) 62×; in the test profile (`make test`), 32 KB per shape, where the
/// first call's one-time tables weigh more, 22.4× and 104×. The margins are smaller than one
/// more 16-byte entry per token (+2.9× for the article, +16× for a token a byte), which a
/// timex change once added and the wasm's 10 MB run showed (×8.8 → ×10.4): the release
/// article measured 15.3× with it, while the test profile's 32 KB runs, whose peak lies
/// elsewhere, did not show it. So `make test` runs this file in release too. Lower these
/// when memory goes down; never raise them to make a change pass.
const SHAPE_MEMORY_CEILING: usize = if cfg!(debug_assertions) { 110 } else { 72 };
const ARTICLE_MEMORY_CEILING: usize = if cfg!(debug_assertions) { 24 } else { 14 };

#[test]
fn every_shape_finishes_correct_and_bounded() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    // ADVERSARIAL_VERBOSE=1 prints each shape's speed and peak heap (to set the ceilings).
    let verbose = std::env::var_os("ADVERSARIAL_VERBOSE").is_some();
    check_shapes(SHAPE_SIZE, SHAPE_MEMORY_CEILING, verbose);
}

#[test]
fn time_grows_linearly_with_size() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    check_scaling(SCALE_FROM, false);
}

#[test]
fn a_realistic_article_needs_little_memory() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let text = fill(PARAGRAPH, SHAPE_SIZE);
    let (_, _, peak) = measure(&text, &Options::new());
    if std::env::var_os("ADVERSARIAL_VERBOSE").is_some() {
        println!(
            "article: peak heap {:.1}× input",
            peak as f64 / text.len() as f64
        );
    }
    assert!(
        peak <= ARTICLE_MEMORY_CEILING * text.len(),
        "peak heap {peak} bytes for {} bytes of article text",
        text.len()
    );
}

/// The release-size check, by hand: 10 MB per shape, and ×8 scaling from 1.25 MB.
#[test]
#[ignore = "large: run in release with --ignored"]
fn ten_megabytes_in_release() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    println!("10 MB per shape:");
    let start = Instant::now();
    check_shapes(10 << 20, 40, true);
    println!(
        "all shapes in {:?}\nscaling 1.25 MB → 10 MB:",
        start.elapsed()
    );
    check_scaling(10 << 17, true);
}

/// Peak heap of each phase of `annotate` on a realistic article, by hand:
///
/// ```text
/// cargo test --release --test adversarial phase_memory -- --ignored --nocapture
/// ```
#[test]
#[ignore = "a report, not a check: run with --ignored --nocapture"]
fn phase_memory() {
    use article_annotator::output::{to_output, view, Unit};
    use article_annotator::text::Document;
    use article_annotator::{claims, entities, timex};
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let size = if cfg!(debug_assertions) {
        1 << 20
    } else {
        10 << 20
    };
    let text = fill(PARAGRAPH, size);
    let n = text.len() as f64;
    annotate(PARAGRAPH, &Options::new());
    let base = LIVE.load(Ordering::Relaxed);
    let phase = |name: &str| {
        let live = LIVE.load(Ordering::Relaxed) - base;
        let peak = PEAK.load(Ordering::Relaxed) - base;
        println!(
            "{name:>16}: peak {:>6.2}× live after {:>6.2}×",
            peak as f64 / n,
            live as f64 / n
        );
        PEAK.store(LIVE.load(Ordering::Relaxed), Ordering::Relaxed);
    };
    PEAK.store(base, Ordering::Relaxed);
    let doc = Document::new(&text);
    phase("document");
    let date = timex::find_dateline(&doc);
    let ents = entities::detect(&doc, &[]);
    phase("entities");
    let times = timex::detect(&doc, date);
    phase("timex");
    let claims = claims::detect(&doc, &ents, &[]);
    phase("claims");
    let spans = ents.len() + times.len() + claims.len();
    drop((doc, ents, times, claims));
    phase("drop all");
    let annotations = annotate(&text, &Options::new());
    phase("annotate");
    // What the wasm binding does: convert and write each span in turn.
    serde_json::to_writer(std::io::sink(), &view(&text, &annotations, Unit::Utf16)).unwrap();
    phase("view");
    let output = to_output(&text, &annotations, Unit::Utf16);
    phase("to_output");
    drop(output);
    println!(
        "{spans} spans, {} in annotations",
        annotations.spans().len()
    );
}
