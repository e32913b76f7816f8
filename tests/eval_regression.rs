//! Fails when a dev score on the gold data falls more than one point below the baseline in
//! `tests/eval/baseline/<task>.json`. Skipped (with a message) when `../shared/data` is
//! absent. Runs `tests/eval/eval.py` with this build's `annotate` binary.

use std::process::Command;

fn check(task: &str) {
    let output = Command::new("python3")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/eval/eval.py"))
        .args([
            "--annotate",
            env!("CARGO_BIN_EXE_annotate"),
            "--check",
            "--only",
            task,
        ])
        .output()
        .expect("python3 must be installed to run the evaluation");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    match output.status.code() {
        Some(0) => {}
        Some(3) => eprintln!("SKIPPED {task} evaluation: {stdout}"),
        _ => panic!("{task} evaluation failed:\n{stdout}\n{stderr}"),
    }
}

#[test]
fn entity_dev_scores_hold() {
    check("entities");
}

#[test]
fn timex_dev_scores_hold() {
    check("timex");
}

#[test]
fn claim_dev_scores_hold() {
    check("claims");
}
