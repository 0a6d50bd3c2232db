#!/usr/bin/env python3
"""What `mtclean batch --learn-names` adds, measured on a corpus built from the dev set.

    python bench/learn_names_eval.py [--devset DIR] [--copies 30] [--workers 2] [--keep DIR]

The corpus: every damaged text of ``pairs.jsonl`` once, every reference text
(``orig``, which spells the names right) ``--copies`` times, so that the
correct names are frequent and the damaged forms rare, and the 43 texts of
``clean.jsonl`` once. It is cleaned twice with ``--level likely``, with and
without ``--learn-names``, and the annotated entity artifacts of the damaged
texts are scored:

- detected: a finding overlaps an occurrence of the damaged string;
- fixed (safe / likely): every occurrence is rewritten to exactly the
  annotated correction by the edits a run at that level applies;
- learned-name findings on the reference and clean texts (whose names are
  right) and on damaged texts away from any annotated artifact are counted as
  probable false alarms.

The corpus stays in a temporary folder (or ``--keep DIR``); nothing from the
dev set is written into the repository.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner.edits import select_edits  # noqa: E402
from cleaner.findings import Finding  # noqa: E402


def build_corpus(devset: Path, path: Path, copies: int) -> dict:
    pairs = [json.loads(line) for line in (devset / "pairs.jsonl").open(encoding="utf-8") if line.strip()]
    clean = [json.loads(line) for line in (devset / "clean.jsonl").open(encoding="utf-8") if line.strip()]
    with path.open("w", encoding="utf-8") as fh:
        for p in pairs:
            fh.write(json.dumps({"id": f"spun:{p['id']}", "text": p["spun"]}, ensure_ascii=False) + "\n")
        for c in range(copies):
            for p in pairs:
                fh.write(json.dumps({"id": f"orig:{p['id']}:{c}", "text": p["orig"]}, ensure_ascii=False) + "\n")
        for c in clean:
            fh.write(json.dumps({"id": f"clean:{c['id']}", "text": c["text"]}, ensure_ascii=False) + "\n")
    return {"pairs": pairs, "records": len(pairs) * (copies + 1) + len(clean), "clean": len(clean)}


def run_batch(corpus: Path, out: Path, learn: bool, workers: int) -> float:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    args = [sys.executable, "-m", "cleaner.cli", "batch", str(corpus), "--out", str(out), "--level", "likely",
            "--workers", str(workers), "--quiet", "--isolated"] + (["--learn-names"] if learn else [])
    t = time.monotonic()
    subprocess.run(args, check=True, env=env)
    return time.monotonic() - t


def load_output(out: Path, stem: str) -> dict:
    recs = {}
    for part in sorted((out / stem).glob("part-*.jsonl")):
        for line in part.open(encoding="utf-8"):
            r = json.loads(line)
            recs[r["id"]] = r
    return recs


def to_finding(d: dict) -> Finding:
    return Finding(d["rule"], d["category"], d["start"], d["end"], d["text"], d["replacement"], d["fix"],
                   d["confidence"], d["message"], d["evidence"])


def occurrences(text: str, s: str) -> list[int]:
    out, i = [], text.find(s)
    while s and i >= 0:
        out.append(i)
        i = text.find(s, i + 1)
    return out


def repaired(text: str, start: int, bad: str, good: str, edits: list[Finding]) -> bool:
    end = start + len(bad)
    touching = [e for e in edits if e.start < end and e.end > start or (e.start == e.end and start <= e.start <= end)]
    if not touching:
        return False
    a, b = min([start] + [e.start for e in touching]), max([end] + [e.end for e in touching])
    new, pos = [], a
    for e in sorted(touching, key=lambda e: (e.start, e.end)):
        new.append(text[pos:e.start])
        new.append(e.replacement or "")
        pos = e.end
    new.append(text[pos:b])
    return "".join(new) == text[a:start] + good + text[end:b]


def score(pairs: list[dict], recs: dict) -> dict:
    res = {"entity": 0, "detected": 0, "fixed_safe": 0, "fixed_likely": 0, "learned_findings_spun": 0,
           "learned_on_artifact": 0, "learned_off_artifact": 0, "learned_fixed_safe": 0,
           "learned_fixed_likely": 0, "learned_examples": []}
    for p in pairs:
        r = recs[f"spun:{p['id']}"]
        text = p["spun"]
        findings = [to_finding(f) for f in r["mtclean"]["findings"]]
        by_level = {lv: select_edits(findings, lv) for lv in ("safe", "likely")}
        learned = [f for f in findings if f.evidence.startswith("corpus:")]
        res["learned_findings_spun"] += len(learned)
        spans = [(s, s + len(a["bad"])) for a in p["artifacts"] for s in occurrences(text, a["bad"])]
        for f in learned:
            hit = any(f.start < e and f.end > s for s, e in spans)
            res["learned_on_artifact" if hit else "learned_off_artifact"] += 1
            res["learned_examples"].append(f"{p['id']}: {f.text} -> {f.replacement} [{f.fix}]"
                                           + ("" if hit else "  (not an annotated artifact)"))
        for a in p["artifacts"]:
            if a["kind"] != "entity":
                continue
            res["entity"] += 1
            occ = occurrences(text, a["bad"])
            if any(f.start < s + len(a["bad"]) and f.end > s for s in occ for f in findings):
                res["detected"] += 1
            for lv in ("safe", "likely"):
                if occ and all(repaired(text, s, a["bad"], a["good"], by_level[lv]) for s in occ):
                    res[f"fixed_{lv}"] += 1
                    if any(e.evidence.startswith("corpus:") and e.start < s + len(a["bad"]) and e.end > s
                           for s in occ for e in by_level[lv]):
                        res[f"learned_fixed_{lv}"] += 1
    others = [r for k, r in recs.items() if not k.startswith("spun:")]
    res["learned_findings_reference"] = sum(
        1 for r in others if r["id"].startswith("orig:") for f in r["mtclean"]["findings"]
        if f["evidence"].startswith("corpus:"))
    res["reference_texts_with_learned_findings"] = len({
        r["id"].rsplit(":", 1)[0] for r in others if r["id"].startswith("orig:")
        for f in r["mtclean"]["findings"] if f["evidence"].startswith("corpus:")})
    res["learned_findings_clean"] = sum(
        1 for r in others if r["id"].startswith("clean:") for f in r["mtclean"]["findings"]
        if f["evidence"].startswith("corpus:"))
    return res


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--devset", type=Path, default=ROOT.parent / "shared" / "devset")
    ap.add_argument("--copies", type=int, default=30, help="copies of each reference text (default 30)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--keep", type=Path, default=None, help="keep corpus and outputs in this folder")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    if not (args.devset / "pairs.jsonl").exists():
        print(f"no dev set at {args.devset}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="mtclean-learn-") as tmp:
        base = args.keep or Path(tmp)
        base.mkdir(parents=True, exist_ok=True)
        corpus = base / "corpus.jsonl"
        info = build_corpus(args.devset, corpus, args.copies)
        results, times = {}, {}
        for learn in (False, True):
            out = base / ("out-learn" if learn else "out-plain")
            if out.exists():
                import shutil
                shutil.rmtree(out)
            times[learn] = run_batch(corpus, out, learn, args.workers)
            results[learn] = score(info["pairs"], load_output(out, "corpus"))
        learned = json.loads((base / "out-learn" / "learned-names.json").read_text(encoding="utf-8"))
    a, b = results[False], results[True]
    figures = {"records": info["records"], "copies": args.copies, "entity_artifacts": a["entity"],
               "learned_pairs": len(learned),
               "learned_pairs_safe": sum(1 for x in learned if x["fix"] == "safe"),
               "without": {k: v for k, v in a.items() if k != "learned_examples"},
               "with": {k: v for k, v in b.items() if k != "learned_examples"},
               "seconds": {"without": round(times[False], 1), "with": round(times[True], 1)}}
    if args.json:
        print(json.dumps(figures, indent=1))
        return 0
    n = a["entity"]
    print(f"corpus: {info['records']} records ({len(info['pairs'])} damaged texts once, their references "
          f"x{args.copies}, {info['clean']} clean texts once)")
    print(f"learned {len(learned)} name pairs ({figures['learned_pairs_safe']} safe)")
    print(f"{'entity artifacts (' + str(n) + ')':32} {'without':>8} {'with':>8}")
    for label, key in (("detected", "detected"), ("fixed at safe", "fixed_safe"), ("fixed at likely", "fixed_likely")):
        print(f"{label:32} {a[key]:>8} {b[key]:>8}")
    print(f"{'  of which by a learned name':32} {'':>8} {b['learned_fixed_likely']:>8}  (likely)"
          f"  {b['learned_fixed_safe']} (safe)")
    print(f"learned-name findings on damaged texts: {b['learned_findings_spun']} "
          f"({b['learned_on_artifact']} on an annotated artifact, {b['learned_off_artifact']} elsewhere)")
    print(f"learned-name findings on reference texts: {b['learned_findings_reference']} "
          f"(in {b['reference_texts_with_learned_findings']} distinct texts, each copied x{args.copies}); "
          f"on clean texts: {b['learned_findings_clean']}")
    print(f"time: {times[False]:.1f} s without, {times[True]:.1f} s with (2 passes)")
    for x in b["learned_examples"]:
        print("  " + x)
    print("learned pairs:")
    for x in learned:
        print(f"  {x['rare']} -> {x['frequent']}  ({x['rare_count']} vs {x['frequent_count']}, {x['fix']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
