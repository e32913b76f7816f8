//! `annotate`: the batch command line tool.
//!
//! ```text
//! annotate article.txt            # JSON with every span (offsets in code points)
//! annotate < article.txt
//! annotate --jsonl dev.jsonl      # JSON Lines in, JSON Lines out (the gold data format)
//! ```

use article_annotator::output::{to_output, Output, Unit};
use article_annotator::{annotate, Annotations, Category, Detail, Options};
use clap::Parser;
use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Serialize;
use serde_json::error::Category as JsonError;
use serde_json::{json, Value};
use std::collections::BTreeMap;
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
    let mut line_out = Vec::new();
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
            line_out.clear();
            match annotate_line(line, options, &mut line_out) {
                Ok(()) => out.write_all(&line_out)?,
                Err(message) => {
                    let where_ = if path == "-" {
                        "stdin".to_string()
                    } else {
                        path.clone()
                    };
                    eprintln!("annotate: {where_}:{line_number}: {message}");
                    all_ok = false;
                    let record = json!({ "error": message, "line": line_number, "input": where_ });
                    serde_json::to_writer(&mut *out, &record)?;
                }
            }
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

/// One input line's fields other than `"spans"`, in key order: the output line writes them
/// back (as `serde_json::Map` would, keys sorted) with the annotator's spans in their place.
/// The input's own spans (gold annotations, often most of the line) are skipped unparsed.
struct InputRecord(BTreeMap<String, Value>);

impl<'de> Deserialize<'de> for InputRecord {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Fields;
        impl<'de> Visitor<'de> for Fields {
            type Value = InputRecord;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<InputRecord, A::Error> {
                let mut fields = BTreeMap::new();
                while let Some(key) = map.next_key::<String>()? {
                    if key == "spans" {
                        map.next_value::<IgnoredAny>()?;
                    } else {
                        // A repeated key keeps its last value, as serde_json's map does.
                        fields.insert(key, map.next_value::<Value>()?);
                    }
                }
                Ok(InputRecord(fields))
            }
        }
        deserializer.deserialize_map(Fields)
    }
}

/// An entity span as written: fields in sorted key order, like every object on the line.
#[derive(Serialize)]
struct EntityLine<'a> {
    canonical: &'a str,
    end: usize,
    group: u32,
    label: &'a str,
    reason: &'a str,
    start: usize,
}

/// A time span as written.
#[derive(Serialize)]
struct TimeLine<'a> {
    end: usize,
    label: &'a str,
    reason: &'a str,
    start: usize,
    value: &'a str,
}

/// A claim sentence as written; its cues follow it as [`CueLine`]s.
#[derive(Serialize)]
struct ClaimLine<'a> {
    end: usize,
    kind: &'a str,
    kinds: &'a Option<Vec<&'static str>>,
    label: &'static str,
    reason: &'a str,
    source: Option<SourceLine<'a>>,
    start: usize,
}

/// A claim's source as written.
#[derive(Serialize)]
struct SourceLine<'a> {
    end: usize,
    start: usize,
    text: &'a str,
}

/// A claim cue as written.
#[derive(Serialize)]
struct CueLine<'a> {
    end: usize,
    kind: &'a str,
    label: &'static str,
    start: usize,
    text: &'a str,
}

/// Annotates one JSON Lines record and writes its output line (without the newline) to
/// `line_out`, streamed rather than built as a `serde_json::Value` (a third of the tool's
/// time went to building and dropping those). On an error, says what is wrong; the caller
/// then writes an error record instead of `line_out`.
fn annotate_line(line: &[u8], options: &Options, line_out: &mut Vec<u8>) -> Result<(), String> {
    let line = std::str::from_utf8(line)
        .map_err(|e| format!("not UTF-8 (invalid byte at offset {})", e.valid_up_to()))?;
    let InputRecord(record) = match serde_json::from_str(line) {
        Ok(record) => record,
        Err(e) if e.classify() == JsonError::Data => return Err("not a JSON object".to_string()),
        Err(e) => return Err(format!("malformed JSON: {e}")),
    };
    let text = match record.get("text") {
        Some(Value::String(t)) => t,
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
    let annotations = annotate(text, &options);
    let output = to_output(text, &annotations, Unit::CodePoint);
    // The fields in key order, "spans" (never among them) where it sorts.
    let spans_at = record.keys().take_while(|k| k.as_str() < "spans").count();
    line_out.push(b'{');
    for (i, (key, value)) in record.iter().enumerate() {
        if i > 0 {
            line_out.push(b',');
        }
        if i == spans_at {
            write_spans(line_out, &annotations, &output)?;
            line_out.push(b',');
        }
        put(line_out, key)?;
        line_out.push(b':');
        put(line_out, value)?;
    }
    if spans_at == record.len() {
        if spans_at > 0 {
            line_out.push(b',');
        }
        write_spans(line_out, &annotations, &output)?;
    }
    line_out.push(b'}');
    Ok(())
}

/// Writes `value` as compact JSON.
fn put(out: &mut Vec<u8>, value: &impl Serialize) -> Result<(), String> {
    serde_json::to_writer(out, value).map_err(|e| format!("could not write the output: {e}"))
}

/// Writes `"spans":[…]`: every span in the gold data's format (each claim sentence followed
/// by its cues), offsets in code points.
fn write_spans(
    out: &mut Vec<u8>,
    annotations: &Annotations,
    output: &Output,
) -> Result<(), String> {
    out.extend_from_slice(b"\"spans\":[");
    let mut first = true;
    let mut next = |out: &mut Vec<u8>| {
        if !std::mem::take(&mut first) {
            out.push(b',');
        }
    };
    for (span, record) in annotations.spans().iter().zip(&output.spans) {
        next(out);
        match span.detail() {
            Detail::Entity { group, canonical } => put(
                out,
                &EntityLine {
                    canonical,
                    end: record.end,
                    group: *group,
                    label: record.kind,
                    reason: record.reason,
                    start: record.start,
                },
            )?,
            Detail::Time { value } => put(
                out,
                &TimeLine {
                    end: record.end,
                    label: record.kind,
                    reason: record.reason,
                    start: record.start,
                    value,
                },
            )?,
            Detail::Claim { .. } => {
                let source = record.source.as_ref().map(|s| SourceLine {
                    end: s.end,
                    start: s.start,
                    text: s.text,
                });
                put(
                    out,
                    &ClaimLine {
                        end: record.end,
                        kind: record.kind,
                        kinds: &record.kinds,
                        label: "UNCERTAIN_SENTENCE",
                        reason: record.reason,
                        source,
                        start: record.start,
                    },
                )?;
                for cue in record.cues.iter().flatten() {
                    next(out);
                    put(
                        out,
                        &CueLine {
                            end: cue.end,
                            kind: cue.kind,
                            label: "HEDGE_CUE",
                            start: cue.start,
                            text: cue.text,
                        },
                    )?;
                }
            }
        }
    }
    out.push(b']');
    Ok(())
}
