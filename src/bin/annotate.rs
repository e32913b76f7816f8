//! `annotate`: the batch command line tool.
//!
//! ```text
//! annotate article.txt            # JSON with every span (offsets in code points)
//! annotate < article.txt
//! annotate --jsonl dev.jsonl      # JSON Lines in, JSON Lines out (the gold data format)
//! ```

use article_annotator::output::{to_output, Unit};
use article_annotator::{annotate, Category, Detail, Options};
use clap::Parser;
use serde_json::{json, Map, Value};
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "annotate",
    version,
    about = "Highlights named entities, timing statements and unverified claims in articles.",
    long_about = "Reads an article (a file or standard input) and prints JSON with every span: \
                  offsets in Unicode code points, end exclusive.\n\n\
                  With --jsonl, reads JSON Lines with a \"text\" field and an optional \"dct\" \
                  (article date) and writes one line per input line, every other field passed \
                  through and \"spans\" replaced by the annotator's (the format of the gold data \
                  and ../shared/eval/score.py)."
)]
struct Cli {
    /// Input files; standard input when none is given.
    files: Vec<String>,
    /// Read and write JSON Lines (one article per line).
    #[arg(long)]
    jsonl: bool,
    /// Article date (YYYY-MM-DD) that relative expressions resolve against; in --jsonl mode
    /// a line's own "dct" field wins.
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<String>,
    /// Categories to run, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "entity,time,claim", value_parser = parse_category)]
    categories: Vec<Category>,
    /// Pretty-print the JSON (not in --jsonl mode).
    #[arg(long)]
    pretty: bool,
}

fn parse_category(name: &str) -> Result<Category, String> {
    Category::ALL
        .into_iter()
        .find(|c| c.as_str() == name)
        .ok_or_else(|| format!("unknown category {name:?}: expected entity, time or claim"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut options = Options::new().with_categories(&cli.categories);
    if let Some(date) = &cli.date {
        match options.with_article_date(date) {
            Ok(o) => options = o,
            Err(e) => {
                eprintln!("annotate: --date: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let result = if cli.jsonl {
        run_jsonl(&cli.files, &options, &mut out)
    } else {
        run_text(&cli.files, &options, cli.pretty, &mut out)
    };
    let flushed = out.flush();
    match (result, flushed) {
        (Ok(true), Ok(())) => ExitCode::SUCCESS,
        (Ok(false), Ok(())) => ExitCode::from(1),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("annotate: {e}");
            ExitCode::from(2)
        }
    }
}

fn open(path: &str) -> io::Result<Box<dyn BufRead>> {
    if path == "-" {
        return Ok(Box::new(BufReader::new(io::stdin())));
    }
    File::open(path)
        .map(|f| Box::new(BufReader::new(f)) as Box<dyn BufRead>)
        .map_err(|e| io::Error::new(e.kind(), format!("{path}: {e}")))
}

fn inputs(files: &[String]) -> Vec<String> {
    if files.is_empty() {
        vec!["-".to_string()]
    } else {
        files.to_vec()
    }
}

/// Plain text in, one JSON document per input out. Returns whether every input was valid.
fn run_text(
    files: &[String],
    options: &Options,
    pretty: bool,
    out: &mut impl Write,
) -> io::Result<bool> {
    let mut all_ok = true;
    for path in inputs(files) {
        let mut bytes = Vec::new();
        // A file that cannot be read must not cost the others their output: report it,
        // write an error record in its place and go on.
        if let Err(e) = open(&path).and_then(|mut r| r.read_to_end(&mut bytes)) {
            eprintln!("annotate: {e}");
            all_ok = false;
            serde_json::to_writer(&mut *out, &json!({ "error": e.to_string(), "input": path }))?;
            writeln!(out)?;
            continue;
        }
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                eprintln!(
                    "annotate: {path}: not UTF-8 (invalid byte at offset {}); invalid bytes replaced by U+FFFD",
                    e.utf8_error().valid_up_to()
                );
                all_ok = false;
                String::from_utf8_lossy(e.as_bytes()).into_owned()
            }
        };
        let annotations = annotate(&text, options);
        let output = to_output(&text, &annotations, Unit::CodePoint);
        if pretty {
            serde_json::to_writer_pretty(&mut *out, &output)?;
        } else {
            serde_json::to_writer(&mut *out, &output)?;
        }
        writeln!(out)?;
    }
    Ok(all_ok)
}

/// JSON Lines in and out, streaming: one line in memory at a time. Returns whether every
/// line was valid; a bad line gets an error line on stderr and an `"error"` line on stdout.
fn run_jsonl(files: &[String], options: &Options, out: &mut impl Write) -> io::Result<bool> {
    let mut all_ok = true;
    let mut buffer = Vec::new();
    for path in inputs(files) {
        let mut reader = match open(&path) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("annotate: {e}");
                all_ok = false;
                let record = json!({ "error": e.to_string(), "input": path });
                serde_json::to_writer(&mut *out, &record)?;
                out.write_all(b"\n")?;
                continue;
            }
        };
        let mut line_number = 0usize;
        loop {
            buffer.clear();
            if reader.read_until(b'\n', &mut buffer)? == 0 {
                break;
            }
            line_number += 1;
            let line = trim_line_end(&buffer);
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let record = match annotate_line(line, options) {
                Ok(record) => record,
                Err(message) => {
                    let where_ = if path == "-" {
                        "stdin".to_string()
                    } else {
                        path.clone()
                    };
                    eprintln!("annotate: {where_}:{line_number}: {message}");
                    all_ok = false;
                    json!({ "error": message, "line": line_number, "input": where_ })
                }
            };
            serde_json::to_writer(&mut *out, &record)?;
            out.write_all(b"\n")?;
        }
    }
    Ok(all_ok)
}

fn trim_line_end(line: &[u8]) -> &[u8] {
    let mut end = line.len();
    while end > 0 && matches!(line[end - 1], b'\n' | b'\r') {
        end -= 1;
    }
    &line[..end]
}

fn annotate_line(line: &[u8], options: &Options) -> Result<Value, String> {
    let line = std::str::from_utf8(line)
        .map_err(|e| format!("not UTF-8 (invalid byte at offset {})", e.valid_up_to()))?;
    let mut record: Map<String, Value> = match serde_json::from_str(line) {
        Ok(Value::Object(map)) => map,
        Ok(_) => return Err("not a JSON object".to_string()),
        Err(e) => return Err(format!("malformed JSON: {e}")),
    };
    let text = match record.get("text") {
        Some(Value::String(t)) => t.clone(),
        Some(_) => return Err("\"text\" is not a string".to_string()),
        None => return Err("no \"text\" field".to_string()),
    };
    let options = match record.get("dct") {
        Some(Value::String(dct)) => options
            .clone()
            .with_article_date(dct)
            .map_err(|e| format!("\"dct\": {e}"))?,
        _ => options.clone(),
    };
    let annotations = annotate(&text, &options);
    let output = to_output(&text, &annotations, Unit::CodePoint);
    let mut spans = Vec::with_capacity(output.spans.len());
    for (span, record) in annotations.spans().iter().zip(&output.spans) {
        match span.detail() {
            Detail::Entity { group, canonical } => spans.push(json!({
                "start": record.start, "end": record.end, "label": record.kind,
                "group": group, "canonical": &**canonical, "reason": record.reason,
            })),
            Detail::Time { value } => spans.push(json!({
                "start": record.start, "end": record.end, "label": record.kind,
                "value": value, "reason": record.reason,
            })),
            Detail::Claim { .. } => {
                spans.push(json!({
                    "start": record.start, "end": record.end, "label": "UNCERTAIN_SENTENCE",
                    "kind": record.kind, "kinds": record.kinds, "reason": record.reason,
                    "source": record.source,
                }));
                for cue in record.cues.iter().flatten() {
                    spans.push(json!({
                        "start": cue.start, "end": cue.end, "label": "HEDGE_CUE",
                        "kind": cue.kind, "text": cue.text,
                    }));
                }
            }
        }
    }
    record.insert("spans".to_string(), Value::Array(spans));
    Ok(Value::Object(record))
}
