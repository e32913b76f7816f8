#!/usr/bin/env python3
"""Scores the `annotate` CLI on the dev splits of ../shared/data with ../shared/eval.

    python3 tests/eval/eval.py                      # build-free: uses target/release/annotate
    python3 tests/eval/eval.py --only timex         # one task
    python3 tests/eval/eval.py --check              # fail if a score fell > 1 point below
                                                    # tests/eval/baseline.json
    python3 tests/eval/eval.py --errors 20 --only entities   # error listing from the scorer

Exit codes: 0 ok, 1 regression, 3 data or scorer missing (skipped).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SHARED = os.environ.get("ANNOTATOR_SHARED", os.path.join(ROOT, "..", "shared"))
BASELINE_DIR = os.path.join(HERE, "baseline")  # one <task>.json per task

# task -> (dataset, categories, scorer, scorer args, metrics to report: name -> json path)
TASKS = {
    "entities": [
        ("conll2003", "entity", "score.py", ["--labels", "PERSON,ORG,LOC"],
         {"exact F1": ("exact", "micro", "f1"), "overlap F1": ("overlap", "micro", "f1")}),
        ("re3d", "entity", "score.py", ["--labels", "PERSON,ORG,LOC"],
         {"exact F1": ("exact", "micro", "f1"), "overlap F1": ("overlap", "micro", "f1")}),
    ],
    "timex": [
        ("tempeval3", "time", "score.py", ["--labels", "DATE,TIME,DURATION,SET", "--value"],
         {"typed exact F1": ("exact", "micro", "f1"),
          "untyped exact F1": ("unlabeled", "exact", "f1"),
          "untyped value F1": ("unlabeled", "value", "f1")}),
    ],
    "claims": [
        ("szeged_factbank", "claim", "score_sentences.py", [],
         {"sentence F1": ("sentence", "f1"), "cue exact F1": ("cue", "exact", "f1")}),
        ("szeged_wiki", "claim", "score_sentences.py", [],
         {"sentence F1": ("sentence", "f1"), "cue exact F1": ("cue", "exact", "f1")}),
    ],
}


def dig(obj, path):
    for key in path:
        obj = obj[key]
    return obj


def run(annotate, tasks, errors):
    results = {}  # task -> {metric: value}
    for task in tasks:
        results[task] = {}
        for dataset, category, scorer, args, metrics in TASKS[task]:
            gold = os.path.join(SHARED, "data", dataset, "dev.jsonl")
            with tempfile.TemporaryDirectory() as tmp:
                pred = os.path.join(tmp, "pred.jsonl")
                report_path = os.path.join(tmp, "report.json")
                with open(pred, "w") as out:
                    subprocess.run([annotate, "--jsonl", "--categories", category, gold],
                                   stdout=out, check=True)
                cmd = [sys.executable, os.path.join(SHARED, "eval", scorer), gold, pred,
                       *args, "--json", report_path]
                if errors:
                    cmd += ["--errors", str(errors)]
                printed = subprocess.run(cmd, check=True, capture_output=True, text=True)
                if errors:
                    print(printed.stdout)
                with open(report_path) as f:
                    report = json.load(f)
            for name, path in metrics.items():
                results[task][f"{dataset} {name}"] = round(dig(report, path) * 100.0, 1)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--annotate", default=os.path.join(ROOT, "target", "release", "annotate"))
    parser.add_argument("--only", choices=sorted(TASKS), action="append")
    parser.add_argument("--check", action="store_true", help="compare with baseline.json")
    parser.add_argument("--errors", type=int, default=0)
    parser.add_argument("--write-baseline", action="store_true")
    args = parser.parse_args()
    if not os.path.isdir(os.path.join(SHARED, "data")) or not os.path.isdir(os.path.join(SHARED, "eval")):
        print(f"SKIPPED: gold data not found at {SHARED}/data (set ANNOTATOR_SHARED)")
        return 3
    tasks = args.only or sorted(TASKS)
    results = run(args.annotate, tasks, args.errors)
    width = max(len(k) for r in results.values() for k in r)
    regressions = 0
    for task, scores in results.items():
        print(f"== {task}")
        for name, value in scores.items():
            print(f"{name:<{width}}  {value:>5}")
        path = os.path.join(BASELINE_DIR, f"{task}.json")
        baseline = {}
        if os.path.exists(path):
            with open(path) as f:
                baseline = json.load(f)
        if args.write_baseline:
            os.makedirs(BASELINE_DIR, exist_ok=True)
            with open(path, "w") as f:
                json.dump(dict(sorted(scores.items())), f, indent=2)
                f.write("\n")
            print(f"wrote {path}")
        if args.check:
            if not baseline:
                print(f"REGRESSION CHECK IMPOSSIBLE: no baseline at {path} (write it with --write-baseline)")
                regressions += 1
            for name, then in baseline.items():
                now = scores.get(name)
                if now is None or now < then - 1.0:
                    print(f"REGRESSION: {name} is {now}, baseline {then} (allowed: 1 point below)")
                    regressions += 1
            print(f"checked {len(baseline)} {task} scores against {path}")
    return 1 if regressions else 0


if __name__ == "__main__":
    sys.exit(main())
