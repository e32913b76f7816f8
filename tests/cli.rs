//! The `annotate` command line tool never loses data: every good input line comes out
//! annotated and in order, every bad one gets an error line in its place and a message on
//! stderr naming the line, and the exit status says something went wrong.

use article_annotator::output::{to_output, Unit};
use article_annotator::{annotate, Options};
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_annotate");

/// Runs `annotate` with `args`, feeding `stdin` from a separate thread so large inputs
/// cannot deadlock against a full stdout pipe.
fn run(args: &[&str], stdin: Vec<u8>) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the annotate binary runs");
    let mut input = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        // A closed pipe (the tool exited early on bad arguments) is not this test's concern.
        let _ = input.write_all(&stdin);
    });
    let output = child.wait_with_output().expect("annotate finishes");
    writer.join().unwrap();
    output
}

fn lines(bytes: &[u8]) -> Vec<Value> {
    String::from_utf8(bytes.to_vec())
        .expect("stdout is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line {l:?}: {e}")))
        .collect()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// What the library says the spans of `text` are, as (start, end, label) in code points,
/// in the order the CLI writes them (a claim's cues follow the claim).
fn expected_spans(text: &str, date: Option<&str>) -> Vec<(u64, u64, String)> {
    let options = Options::new()
        .with_article_date(date.unwrap_or(""))
        .unwrap();
    let annotations = annotate(text, &options);
    let output = to_output(text, &annotations, Unit::CodePoint);
    let mut v = Vec::new();
    for s in &output.spans {
        let label = if s.category == "claim" {
            "UNCERTAIN_SENTENCE"
        } else {
            s.kind
        };
        v.push((s.start as u64, s.end as u64, label.to_string()));
        for c in s.cues.iter().flatten() {
            v.push((c.start as u64, c.end as u64, "HEDGE_CUE".to_string()));
        }
    }
    v
}

fn spans_of(record: &Value) -> Vec<(u64, u64, String)> {
    record["spans"]
        .as_array()
        .expect("a spans array")
        .iter()
        .map(|s| {
            (
                s["start"].as_u64().unwrap(),
                s["end"].as_u64().unwrap(),
                s["label"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

const GOOD_1: &str = "Maria Lopez said on Monday that the bridge may reopen in March.";
const GOOD_2: &str = "Officials in Oslo denied the report, according to a spokesman. 東京 👍🏽";
const GOOD_3: &str = "The council met on Jan. 5, 1998, and again a week later.";

#[test]
fn jsonl_mix_of_good_and_bad_lines_keeps_every_good_line() {
    let mut input = Vec::new();
    let good = |id: u32, text: &str, dct: Option<&str>| {
        let mut v =
            json!({ "id": id, "text": text, "spans": [{"start": 0, "end": 1, "label": "GOLD"}] });
        if let Some(d) = dct {
            v["dct"] = json!(d);
        }
        let mut line = serde_json::to_vec(&v).unwrap();
        line.push(b'\n');
        line
    };
    input.extend(good(1, GOOD_1, Some("2024-08-13"))); // line 1
    input.extend(b"{\"id\": 2, \"text\": \"bad \xff\xfe bytes\"}\n"); // line 2: invalid UTF-8
    input.extend(b"{\"id\": 3, \"text\": \"unterminated\n"); // line 3: malformed JSON
    input.extend(good(4, GOOD_2, None)); // line 4
    input.extend(b"{\"id\": 5, \"title\": \"no text field\"}\n"); // line 5
    input.extend(b"{\"id\": 6, \"text\": 42}\n"); // line 6: text not a string
    input.extend(b"[1, 2, 3]\n"); // line 7: not an object
    input.extend(b"{\"id\": 8, \"text\": \"x\", \"dct\": \"2024-02-30\"}\n"); // line 8: bad dct
    input.extend(b"\n"); // line 9: blank, skipped
    let mut crlf = good(10, GOOD_3, Some("1998-01-08"));
    crlf.insert(crlf.len() - 1, b'\r'); // line 10, CRLF line end
    input.extend(crlf);
    input.extend(&good(11, "", None)[..]); // line 11: empty text is fine
    let last = good(12, GOOD_1, None);
    input.extend(&last[..last.len() - 1]); // line 12: no final newline

    let output = run(&["--jsonl"], input);
    assert_eq!(
        output.status.code(),
        Some(1),
        "bad lines make the exit status 1"
    );
    let records = lines(&output.stdout);
    let err = stderr(&output);

    // One output line per non-blank input line, in order.
    let ids: Vec<Value> = records
        .iter()
        .map(|r| r.get("id").cloned().unwrap_or_else(|| r["line"].clone()))
        .collect();
    assert_eq!(
        ids,
        [1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12].map(|n| json!(n)),
        "{records:#?}"
    );

    for (line, what) in [
        (2, "not UTF-8"),
        (3, "malformed JSON"),
        (5, "no \"text\" field"),
        (6, "\"text\" is not a string"),
        (7, "not a JSON object"),
        (8, "\"dct\""),
    ] {
        let record = records
            .iter()
            .find(|r| r["line"] == json!(line) && r.get("error").is_some())
            .unwrap_or_else(|| panic!("an error record for line {line}: {records:#?}"));
        assert!(
            record["error"].as_str().unwrap().contains(what),
            "line {line}: {record}"
        );
        assert_eq!(record["input"], "stdin");
        assert!(
            err.contains(&format!("stdin:{line}: ")) && err.lines().any(|l| l.contains(what)),
            "stderr names line {line}: {err}"
        );
    }

    // Good lines: every field passed through, gold spans replaced by the annotator's.
    for (id, text, dct) in [
        (1, GOOD_1, Some("2024-08-13")),
        (4, GOOD_2, None),
        (10, GOOD_3, Some("1998-01-08")),
        (11, "", None),
        (12, GOOD_1, None),
    ] {
        let record = records.iter().find(|r| r["id"] == json!(id)).unwrap();
        assert!(record.get("error").is_none(), "{record}");
        assert_eq!(record["text"], text);
        if let Some(d) = dct {
            assert_eq!(record["dct"], d);
        }
        assert_eq!(
            spans_of(record),
            expected_spans(text, dct),
            "line with id {id}"
        );
        assert!(
            !spans_of(record).iter().any(|s| s.2 == "GOLD"),
            "input spans are replaced"
        );
    }
}

#[test]
fn jsonl_all_good_exits_zero_and_offsets_are_code_points() {
    let text = "€ 👍🏽 Maria Lopez said on Monday that 東京 may flood.";
    let input = format!("{}\n", json!({ "text": text, "dct": "2024-08-13" }));
    let output = run(&["--jsonl", "--date", "2000-01-01"], input.into_bytes());
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(output.stderr.is_empty());
    let records = lines(&output.stdout);
    assert_eq!(records.len(), 1);
    let chars: Vec<char> = text.chars().collect();
    for (start, end, _) in spans_of(&records[0]) {
        assert!(start < end && end as usize <= chars.len());
    }
    // The line's own dct wins over --date.
    assert_eq!(
        spans_of(&records[0]),
        expected_spans(text, Some("2024-08-13"))
    );
}

/// The output line is compact JSON with its keys in order, nested ones too, and one
/// "spans" among them in its place, whether the input had spans (skipped unread) or not.
#[test]
fn jsonl_lines_keep_keys_in_order_with_spans_in_place() {
    let input = concat!(
        r#"{"zeta":[1,{"y":2,"x":"\u00e9"}],"text":"Elon Musk spoke.","spans":[{"deep":[[[]]]}],"alpha":null}"#,
        "\n",
        r#"{"text":"Musk","b":true}"#,
        "\n",
        r#"{"text":"Musk","u":1}"#,
        "\n",
    );
    let output = run(&["--jsonl", "--categories", "entity"], input.into());
    assert!(output.status.success(), "{}", stderr(&output));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let got: Vec<&str> = stdout.lines().collect();
    let entity = |start: usize, end: usize, name: &str| {
        format!(
            r#"{{"canonical":"{name}","end":{end},"group":0,"label":"PERSON","reason":"{}","start":{start}}}"#,
            "given name + capitalized word"
        )
    };
    assert_eq!(
        got[0],
        format!(
            r#"{{"alpha":null,"spans":[{}],"text":"Elon Musk spoke.","zeta":[1,{{"x":"é","y":2}}]}}"#,
            entity(0, 9, "Elon Musk")
        )
    );
    assert!(got[1].starts_with(r#"{"b":true,"spans":["#), "{}", got[1]);
    assert!(got[1].ends_with(r#"],"text":"Musk"}"#), "{}", got[1]);
    assert!(got[2].starts_with(r#"{"spans":["#), "{}", got[2]);
    assert!(got[2].ends_with(r#"],"text":"Musk","u":1}"#), "{}", got[2]);
    assert_eq!(got.len(), 3);
}

#[test]
fn jsonl_streams_many_lines_with_flat_memory() {
    // 3,000 lines, each carrying a 8 KB field that is passed through: 24 MB of input. The
    // tool holds one line at a time, so its peak memory stays far below the input size.
    let filler = "x".repeat(8 * 1024);
    let mut input = Vec::new();
    for i in 0..3000 {
        let text = format!("Line {i}: the mayor of Lyon said on Tuesday that it may rain.");
        input
            .extend(serde_json::to_vec(&json!({ "id": i, "text": text, "meta": filler })).unwrap());
        input.push(b'\n');
    }
    let input_len = input.len();
    let mut child = Command::new(BIN)
        .arg("--jsonl")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        stdout.read_to_end(&mut out).unwrap();
        out
    });
    stdin.write_all(&input).unwrap();
    stdin.flush().unwrap();
    // Everything is written; the tool has read all but what sits in the pipe. Its peak
    // resident memory so far (Linux only) must not grow with the input.
    let peak = peak_memory_kb(child.id());
    drop(stdin);
    let status = child.wait().unwrap();
    let out = reader.join().unwrap();
    assert!(status.success());
    let records = lines(&out);
    assert_eq!(records.len(), 3000);
    for (i, r) in records.iter().enumerate() {
        assert_eq!(r["id"], json!(i));
        assert_eq!(r["meta"].as_str().map(str::len), Some(filler.len()));
    }
    if let Some(kb) = peak {
        assert!(
            kb * 1024 < input_len as u64 / 2,
            "peak memory {kb} KB for {input_len} bytes of input: not streaming"
        );
    }
}

/// The peak resident set size of process `pid` in KB, where /proc tells it.
fn peak_memory_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn plain_text_from_stdin_and_files() {
    let output = run(&["--date", "2024-08-13"], GOOD_1.as_bytes().to_vec());
    assert!(output.status.success(), "{}", stderr(&output));
    let docs = lines(&output.stdout);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["articleDate"], "2024-08-13");
    assert_eq!(docs[0]["articleDateSource"], "options");
    let got: Vec<(u64, u64)> = docs[0]["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap()))
        .collect();
    let want: Vec<(u64, u64)> = expected_spans(GOOD_1, Some("2024-08-13"))
        .into_iter()
        .filter(|s| s.2 != "HEDGE_CUE")
        .map(|s| (s.0, s.1))
        .collect();
    assert_eq!(got, want);
    for s in docs[0]["spans"].as_array().unwrap() {
        let (a, b) = (
            s["start"].as_u64().unwrap() as usize,
            s["end"].as_u64().unwrap() as usize,
        );
        let slice: String = GOOD_1.chars().skip(a).take(b - a).collect();
        assert_eq!(s["text"], slice.as_str());
    }

    // Two files and a missing one in between: both files come out, the missing one gets an
    // error record in its place, the exit status is non-zero.
    let dir = std::env::temp_dir().join(format!("annotate-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let a = dir.join("a.txt");
    let b = dir.join("b.txt");
    std::fs::write(&a, GOOD_2).unwrap();
    std::fs::write(&b, GOOD_3).unwrap();
    let missing = dir.join("missing.txt");
    let args = [
        a.to_str().unwrap(),
        missing.to_str().unwrap(),
        b.to_str().unwrap(),
    ];
    let output = run(&args, Vec::new());
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(output.status.code(), Some(1));
    let docs = lines(&output.stdout);
    assert_eq!(docs.len(), 3, "{docs:#?}");
    assert!(docs[0].get("spans").is_some() && docs[2].get("spans").is_some());
    assert!(docs[1]["error"].as_str().is_some());
    assert!(stderr(&output).contains("missing.txt"));
}

#[test]
fn plain_text_invalid_utf8_is_replaced_and_reported() {
    let mut input = b"Maria Lopez said ".to_vec();
    input.extend([0xff, 0xc3]);
    input.extend(" on Monday. \u{1F44D}".as_bytes());
    let output = run(&[], input);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("not UTF-8 (invalid byte at offset 17)"));
    let docs = lines(&output.stdout);
    assert_eq!(docs.len(), 1, "the text is still annotated");
    assert!(docs[0]["spans"].is_array());
}

#[test]
fn pretty_output_is_the_same_json() {
    let compact = run(&[], GOOD_2.as_bytes().to_vec());
    let pretty = run(&["--pretty"], GOOD_2.as_bytes().to_vec());
    assert!(pretty.status.success());
    let a: Value = serde_json::from_slice(&compact.stdout).unwrap();
    let b: Value = serde_json::from_slice(&pretty.stdout).unwrap();
    assert_eq!(a, b);
    assert!(String::from_utf8_lossy(&pretty.stdout).lines().count() > 1);
}

#[test]
fn bad_arguments_are_rejected_before_reading() {
    for date in [
        "2024-02-30",
        "yesterday",
        "2024-8-1",
        "20240801",
        "2024-08-01x",
    ] {
        let output = run(&["--date", date], GOOD_1.as_bytes().to_vec());
        assert_eq!(output.status.code(), Some(2), "--date {date}");
        assert!(output.stdout.is_empty());
        assert!(stderr(&output).contains("--date"), "{}", stderr(&output));
    }
    let ok = run(&["--date", "2024-02-29T10:00:00"], b"x".to_vec());
    assert!(ok.status.success(), "{}", stderr(&ok));

    let output = run(&["--categories", "entity,weather"], b"x".to_vec());
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("weather"));
}

#[test]
fn categories_select_what_runs() {
    let output = run(&["--categories", "time"], GOOD_1.as_bytes().to_vec());
    assert!(output.status.success());
    let docs = lines(&output.stdout);
    for s in docs[0]["spans"].as_array().unwrap() {
        assert_eq!(s["category"], "time", "{s}");
    }
}
