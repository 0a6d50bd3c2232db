#!/usr/bin/env python3
"""False alarms on real, well-edited news text the project was never tuned on.

    apt-get install -y r-cran-tm          # the Reuters articles (crude/, acq/, reuters-21578.xml, rcv1_2330.xml)
    python bench/clean_alarms.py                      # every article + the dev set's clean passages
    python bench/clean_alarms.py --examples 5 --json bench/out/alarms.json
    python bench/clean_alarms.py --limit 20           # a quick run

Every finding on these texts is either a real slip in the original wire (they
exist: "copany", "said said") or a false alarm; nothing here was spun or
damaged. The script reports, per corpus: articles, words, findings per 10k
words by level (safe / likely / flag-only, i.e. fix "none"), the safe fixes
that `mtclean fix` would apply per 10k words, and every rule by count with
example contexts (+-40 characters, the span marked [[...]]). It reads the
articles at run time; no article text is stored in the repo.

Corpora (each reported on its own line, nothing is dropped silently):

* reuters-body: the body of every Reuters article, reflowed to one line per
  paragraph with bench/bench_batch.py's `_reflow` (which also drops the
  "Reuter" sign-off), deduplicated by body text. Articles whose body is mostly
  a table of figures (Reuters' "Shr 1.20 dlrs vs 1.10 dlrs" earnings and
  statistics tables) are not in this line but in their own,
  reuters-tables, so that the table layout does not pass for prose.
* reuters-tables: those table articles, checked the same way.
* reuters-all: body and tables together, the headline figure.
* reuters-wire-layout: the same articles as the wire sent them (hard-wrapped
  at ~70 columns, indented paragraphs, columns aligned with runs of spaces,
  "Reuter" sign-off kept): shows which findings the reflow itself causes.
* reuters-headlines: the headlines as the wire sent them (1987 headlines are
  ALL CAPS), one headline per line.
* reuters-bench-form: the articles exactly as bench_batch.reuters_articles()
  builds them for the throughput corpus (headline title-cased with
  str.title(), bodies over 200 characters): a cross-check only.
* devset-clean: ../shared/devset/clean.jsonl, field "text" (tuned on: a
  comparison, not a measure of generalisation).

Words are the engine's own count (tokens that start with a letter).
This is a script, not a test: nothing here runs under pytest.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

import bench_batch  # noqa: E402  (the Reuters readers and _reflow)

from cleaner import Engine  # noqa: E402

LEVELS = ("safe", "likely", "none")
CONTEXT = 40


# ---------------------------------------------------------------------------
# corpora
# ---------------------------------------------------------------------------

def _is_table(raw_body: str) -> bool:
    """True when most lines of the wire body are rows of figures, not sentences.

    A row has no run of four lowercase words (prose has one on nearly every
    wrapped line; "Shr 1.20 dlrs vs 1.10 dlrs", "Wheat 2.55 2.40" and "Net
    profit 5,000,000 vs 4,100,000" have none) and either two numbers or a gap of
    three spaces between columns ("Natl   Loan   Release   Call").
    """
    lines = [ln for ln in raw_body.splitlines() if ln.strip() and ln.strip() != "Reuter"]
    if len(lines) < 3:
        return False
    rows = 0
    for ln in lines:
        numbers = re.findall(r"\d[\d,.]*", ln)
        prose = re.search(r"\b[a-z]+\W+[a-z]+\W+[a-z]+\W+[a-z]+\b", ln)
        columns = re.search(r"\S {3,}\S", ln)
        if (len(numbers) >= 2 or columns) and not prose:
            rows += 1
    return rows / len(lines) >= 0.5


def reuters_records() -> list[dict]:
    """Every Reuters article r-cran-tm ships, deduplicated by body: id, title, body, table flag."""
    out, seen = [], set()
    for r in bench_batch.reuters_raw():
        if r["wire"]:
            text = bench_batch._reflow(r["raw"])
            if not text or text in seen:
                continue
            seen.add(text)
            out.append({"id": r["id"], "raw": r["raw"].strip(), "title": " ".join(r["title"].split()),
                        "body": text, "table": _is_table(r["raw"])})
        elif r["raw"] and r["raw"] not in seen:
            out.append({"id": r["id"], "raw": r["raw"], "title": r["title"].strip(), "body": r["raw"],
                        "table": False})
    return out


def devset_records() -> list[dict]:
    path = bench_batch.DEVSET / "clean.jsonl"
    if not path.exists():
        return []
    recs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            if rec.get("text"):
                recs.append({"id": rec.get("id", f"devset/{len(recs)}"), "body": rec["text"]})
    return recs


# ---------------------------------------------------------------------------
# measuring
# ---------------------------------------------------------------------------

def context(text: str, start: int, end: int, width: int = CONTEXT) -> str:
    left = text[max(0, start - width):start]
    right = text[end:end + width]
    return ("[[".join((left, text[start:end])) + "]]" + right).replace("\n", " / ")


def measure(engine: Engine, name: str, docs: list[tuple[str, str]], examples: int) -> dict:
    """Check every (id, text); counts by level and rule, and example contexts per rule."""
    by_level, safe_fixes, likely_fixes, words, chars = Counter(), 0, 0, 0, 0
    rules: dict[str, dict] = defaultdict(lambda: {"count": 0, "levels": Counter(), "examples": []})
    t0 = time.perf_counter()
    for doc_id, text in docs:
        res = engine.check(text, kind="text")
        words += res.words
        chars += len(text)
        safe_fixes += len(res.edits("safe"))
        likely_fixes += len(res.edits("likely"))
        for f in res.findings:
            level = f.fix if f.replacement is not None else "none"
            by_level[level] += 1
            r = rules[f.rule]
            r["count"] += 1
            r["levels"][level] += 1
            if len(r["examples"]) < examples:
                r["examples"].append({"doc": doc_id, "context": context(text, f.start, f.end),
                                      "text": f.text, "replacement": f.replacement, "fix": level})
    per10k = (lambda n: round(n * 10000 / words, 2) if words else 0.0)
    return {
        "corpus": name, "articles": len(docs), "words": words, "chars": chars,
        "seconds": round(time.perf_counter() - t0, 2),
        "findings": sum(by_level.values()),
        "findings_per_10k": {lv: per10k(by_level[lv]) for lv in LEVELS} | {"all": per10k(sum(by_level.values()))},
        "safe_fixes": safe_fixes, "safe_fixes_per_10k": per10k(safe_fixes),
        "likely_fixes": likely_fixes, "likely_fixes_per_10k": per10k(likely_fixes),
        "rules": [{"rule": k, "count": v["count"], "levels": dict(v["levels"]), "examples": v["examples"]}
                  for k, v in sorted(rules.items(), key=lambda kv: (-kv[1]["count"], kv[0]))],
    }


# ---------------------------------------------------------------------------
# report
# ---------------------------------------------------------------------------

def print_summary(results: list[dict]) -> None:
    head = f"{'corpus':20} {'articles':>8} {'words':>7} {'safe/10k':>9} {'likely/10k':>10} {'flag/10k':>9} {'all/10k':>8} {'safe fixes/10k':>15}"
    print(head)
    print("-" * len(head))
    for r in results:
        f = r["findings_per_10k"]
        print(f"{r['corpus']:20} {r['articles']:>8} {r['words']:>7} {f['safe']:>9.2f} {f['likely']:>10.2f} "
              f"{f['none']:>9.2f} {f['all']:>8.2f} {r['safe_fixes_per_10k']:>15.2f}")


def print_rules(r: dict) -> None:
    print(f"\n== {r['corpus']}: {r['findings']} findings in {r['articles']} articles, {r['words']} words")
    for rule in r["rules"]:
        levels = ", ".join(f"{lv} {rule['levels'][lv]}" for lv in LEVELS if rule["levels"].get(lv))
        print(f"{rule['count']:5}  {rule['rule']}  ({levels})")
        for ex in rule["examples"]:
            arrow = "" if ex["replacement"] is None else f"  -> {ex['replacement']!r}"
            print(f"         {ex['doc']}: {ex['context']}{arrow}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--examples", type=int, default=3, metavar="N", help="example contexts per rule (default 3)")
    ap.add_argument("--limit", type=int, default=0, metavar="N", help="only the first N articles of each corpus")
    ap.add_argument("--json", metavar="OUT", help="write the figures and examples as JSON")
    ap.add_argument("--no-devset", action="store_true", help="skip ../shared/devset/clean.jsonl")
    args = ap.parse_args(argv)

    recs = reuters_records()
    lim = (lambda xs: xs[:args.limit] if args.limit else xs)
    prose = lim([r for r in recs if not r["table"]])
    tables = lim([r for r in recs if r["table"]])
    heads = lim([r for r in recs if r["title"]])
    bench_form = lim(bench_batch.reuters_articles())

    engine = Engine()
    results = [
        measure(engine, "reuters-body", [(r["id"], r["body"]) for r in prose], args.examples),
        measure(engine, "reuters-tables", [(r["id"], r["body"]) for r in tables], args.examples),
        measure(engine, "reuters-all", [(r["id"], r["body"]) for r in prose + tables], args.examples),
        measure(engine, "reuters-wire-layout", [(r["id"], r["raw"]) for r in prose + tables], args.examples),
        measure(engine, "reuters-headlines", [(r["id"], r["title"]) for r in heads], args.examples),
        measure(engine, "reuters-bench-form", [(f"bench/{i}", t) for i, t in enumerate(bench_form)], args.examples),
    ]
    if not args.no_devset:
        dev = lim(devset_records())
        if dev:
            results.append(measure(engine, "devset-clean", [(r["id"], r["body"]) for r in dev], args.examples))
        else:
            print(f"(no {bench_batch.DEVSET / 'clean.jsonl'}: dev set skipped)", file=sys.stderr)

    print(f"Reuters: {len(recs)} distinct articles from {bench_batch.TM_TEXTS}; "
          f"{sum(r['table'] for r in recs)} mostly tables (reported apart: "
          f"{', '.join(r['id'] for r in recs if r['table']) or 'none'})\n")
    print_summary(results)
    for r in results:
        print_rules(r)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps({"results": results}, indent=1, ensure_ascii=False) + "\n",
                                   encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
