"""Fuzz the document readers and the engine; report how many inputs ran and what broke.

    python bench/fuzz_report.py                      # 100,000 inputs, 2 workers
    python bench/fuzz_report.py --budget 1000000 --workers 2 --seed 7
    python bench/fuzz_report.py --seconds 600        # stop after ten minutes

Inputs come from four generators, each driven by a seeded ``random.Random``:

- ``bytes``: random bytes decoded as UTF-8 (invalid sequences replaced), any kind;
- ``mutate``: a seed document (fixtures/, the dev set, generated ones) mutated by
  byte flips, inserted structure debris (fences, tags, CRLF, BOM, NUL, entities),
  deletions, duplications and splices;
- ``structured``: the Hypothesis decoders of tests/strategies.py fed random bytes
  (plain text, Markdown, HTML with real pack artifacts);
- ``unicode``: random code points, surrogates excluded.

Each input goes through ``Document.from_text`` for text, Markdown and HTML (the
readers), and every ``ENGINE_EVERY``-th one through ``Engine.check`` and
``Result.fixed`` at both levels (the engine). A *crash* is any exception, except
that ``fixed()`` refusing to write (``UnsafeEdit``) is counted apart as a
*refusal*: the safety net worked, but a detector produced a bad edit. Crashing
inputs are saved under ``bench/out/fuzz-crashes/``; the report goes to
``bench/out/fuzz.json`` (``--out``). tests/test_fuzz.py runs the same loop on a
fixed CI budget.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

KINDS = ("text", "markdown", "html")
ENGINE_EVERY = 4          # the engine costs ~20x a reader: run it on every 4th input
SLOW_SECONDS = 2.0        # an input slower than this is reported (inputs are at most a few KB)
DEBRIS = ["```", "~~~", "\n```\n", "    ", "`", "<div>", "</div>", "<p>", "</p>", "<script>", "</script>",
          "<!--", "-->", "<![CDATA[", "]]>", "<?xml?>", "<!DOCTYPE html>", "&amp;", "&#x", "&#", "&",
          "\r\n", "\r", "\n", "\n\n", "\ufeff", "\x00", "---\n", "+++\n", "title: ", "](", "[", "]", ")",
          "<https://", "https://x.org/", "www.", "@", "\u200b", "\u202e", "\u0301", "\U0001F600", "\t",
          "<!-- mtclean: ignore -->", "<!-- mtclean: ignore-file -->", "[sic]", "“", "”", "\"", "'s", " ,",
          "the the ", "Kiev ", "â€™", "Source link\n", "\x85", "\u2028"]


def seed_corpus() -> list[str]:
    """Real documents to mutate: fixtures, the dev set (when beside the repo), pack examples."""
    seeds = []
    for p in sorted((ROOT / "fixtures").rglob("*")):
        if p.is_file() and p.suffix in (".md", ".txt", ".html", ".htm") and p.stat().st_size < 200_000:
            try:
                seeds.append(p.read_text(encoding="utf-8"))
            except UnicodeDecodeError:
                pass
    devset = Path(os.environ.get("MTCLEAN_DEVSET", ROOT.parent / "shared" / "devset"))
    for name in ("pairs.jsonl", "clean.jsonl"):
        p = devset / name
        if p.exists():
            for line in p.read_text(encoding="utf-8").splitlines()[:40]:
                try:
                    rec = json.loads(line)
                except ValueError:
                    continue
                seeds += [rec[k] for k in ("spun", "text") if isinstance(rec.get(k), str)]
    import strategies
    seeds += strategies.PACK_PHRASES[:300]
    return [s[:4000] for s in seeds if s] or ["Kiev said he was ready.\nSource link\n"]


class Inputs:
    """An endless, reproducible stream of (generator, kind, text)."""

    def __init__(self, seed: int, seeds: list[str]):
        import strategies
        self.rng = random.Random(seed)
        self.seeds = seeds
        self.decoders = [strategies.decode_text, strategies.decode_markdown, strategies.decode_html,
                         strategies.decode_any]

    def _bytes(self, n):
        return self.rng.getrandbits(8 * n).to_bytes(n, "little") if n else b""

    def mutate(self, s: str) -> str:
        rng = self.rng
        for _ in range(rng.randint(1, 8)):
            op = rng.randrange(6)
            i = rng.randint(0, len(s))
            if op == 0:
                s = s[:i] + rng.choice(DEBRIS) + s[i:]
            elif op == 1 and s:
                j = min(len(s), i + rng.randint(1, 40))
                s = s[:i] + s[j:]
            elif op == 2 and s:
                j = min(len(s), i + rng.randint(1, 80))
                s = s[:i] + s[i:j] * rng.randint(2, 4) + s[j:]
            elif op == 3:
                other = rng.choice(self.seeds)
                k = rng.randint(0, len(other))
                s = s[:i] + other[k:k + rng.randint(1, 200)] + s[i:]
            elif op == 4 and s:
                b = bytearray(s.encode("utf-8"))
                for _ in range(rng.randint(1, 4)):
                    b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
                s = b.decode("utf-8", "replace")
            else:
                s = s[:i] + chr(rng.choice([rng.randrange(0x80), rng.randrange(0x800), rng.randrange(0xD800),
                                            rng.randrange(0xE000, 0x110000)])) + s[i:]
        return s

    def __iter__(self):
        rng = self.rng
        while True:
            g = rng.randrange(4)
            if g == 0:
                yield "bytes", rng.choice(KINDS), self._bytes(rng.randint(0, 600)).decode("utf-8", "replace")
            elif g == 1:
                yield "mutate", rng.choice(KINDS), self.mutate(rng.choice(self.seeds))
            elif g == 2:
                d = rng.choice(self.decoders)(self._bytes(rng.randint(16, 1500)))
                yield "structured", d.kind, d.text
            else:
                cps = (rng.randrange(0x110000) for _ in range(rng.randint(0, 200)))
                yield "unicode", rng.choice(KINDS), "".join(chr(c) if not 0xD800 <= c <= 0xDFFF else "\ufffd"
                                                            for c in cps)


def check_one(engine, kind: str, text: str, run_engine: bool) -> str | None:
    """Run one input; return None, 'refusal: ...', or raise."""
    from cleaner.document import Document
    from cleaner.edits import UnsafeEdit
    for k in KINDS:
        doc = Document.from_text(text, k)
        assert len(doc.view) == len(text), f"view length {len(doc.view)} != text length {len(text)} ({k})"
        for s, e in doc.masked:
            assert 0 <= s < e <= len(text)
    if not run_engine:
        return None
    res = engine.check(text, kind)
    for f in res.findings:
        assert text[f.start:f.end] == f.text, f"finding offsets do not slice its text: {f}"
    for level in ("safe", "likely"):
        try:
            res.fixed(level)
        except UnsafeEdit as e:
            return f"refusal: {e}"
    return None


def run(budget: int, seed: int, seconds: float | None = None, engine_every: int = ENGINE_EVERY,
        crash_dir: Path | None = None, progress=None) -> dict:
    """Run ``budget`` inputs (or until ``seconds``); return the counts."""
    from cleaner import Engine
    engine = Engine()
    counts: Counter = Counter()
    crashes, refusals, slow = [], [], []
    t0 = time.monotonic()
    inputs = iter(Inputs(seed, seed_corpus()))
    n = 0
    while n < budget and (seconds is None or time.monotonic() - t0 < seconds):
        gen, kind, text = next(inputs)
        n += 1
        counts[gen] += 1
        eng = n % engine_every == 0
        t = time.monotonic()
        try:
            refused = check_one(engine, kind, text, eng)
            if refused:
                counts["refusals"] += 1
                if len(refusals) < 20:
                    refusals.append({"kind": kind, "text": text[:2000], "why": refused})
        except Exception as e:   # noqa: BLE001 -- a fuzzer records every crash
            counts["crashes"] += 1
            tb = "".join(traceback.format_exception(type(e), e, e.__traceback__))[-3000:]
            digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]
            crashes.append({"id": digest, "generator": gen, "kind": kind, "error": repr(e)[:500],
                            "text": text[:2000], "traceback": tb})
            if crash_dir is not None:
                crash_dir.mkdir(parents=True, exist_ok=True)
                (crash_dir / f"{digest}.{kind}.txt").write_text(text, encoding="utf-8", errors="surrogatepass")
                (crash_dir / f"{digest}.traceback.txt").write_text(tb, encoding="utf-8")
        dt = time.monotonic() - t
        if eng:
            counts["engine"] += 1
        counts["readers"] += 3
        if dt > SLOW_SECONDS and len(slow) < 20:
            slow.append({"seconds": round(dt, 2), "kind": kind, "length": len(text), "text": text[:300]})
        if progress and n % 1000 == 0:
            progress(n, counts)
    return {"inputs": n, "seed": seed, "seconds": round(time.monotonic() - t0, 1),
            "by_generator": {k: counts[k] for k in ("bytes", "mutate", "structured", "unicode")},
            "reader_runs": counts["readers"], "engine_runs": counts["engine"],
            "crashes": counts["crashes"], "refusals": counts["refusals"],
            "crash_examples": crashes[:20], "refusal_examples": refusals, "slow_inputs": slow}


def _worker(args):
    budget, seed, seconds, crash_dir = args
    return run(budget, seed, seconds, crash_dir=Path(crash_dir))


def merge(reports: list[dict]) -> dict:
    out = {"inputs": 0, "seconds": 0.0, "reader_runs": 0, "engine_runs": 0, "crashes": 0, "refusals": 0,
           "by_generator": Counter(), "seeds": [], "crash_examples": [], "refusal_examples": [],
           "slow_inputs": []}
    for r in reports:
        for k in ("inputs", "reader_runs", "engine_runs", "crashes", "refusals"):
            out[k] += r[k]
        out["seconds"] = max(out["seconds"], r["seconds"])
        out["by_generator"].update(r["by_generator"])
        out["seeds"].append(r["seed"])
        for k in ("crash_examples", "refusal_examples", "slow_inputs"):
            out[k] += r[k][:10]
    out["by_generator"] = dict(out["by_generator"])
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--budget", type=int, default=100_000, help="inputs in all (default 100,000)")
    ap.add_argument("--seconds", type=float, default=None, help="stop after this long")
    ap.add_argument("--seed", type=int, default=int(time.time()) % 100_000)
    ap.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--out", default=str(OUT / "fuzz-report.json"))
    a = ap.parse_args(argv)
    crash_dir = OUT / "fuzz-crashes"
    jobs = [(a.budget // a.workers + (i < a.budget % a.workers), a.seed + i, a.seconds, str(crash_dir))
            for i in range(a.workers)]
    if a.workers == 1:
        reports = [_worker(jobs[0])]
    else:
        import multiprocessing as mp
        with mp.get_context("spawn").Pool(a.workers) as pool:
            reports = pool.map(_worker, jobs)
    rep = merge(reports)
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    Path(a.out).write_text(json.dumps(rep, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"fuzz: {rep['inputs']} inputs ({rep['reader_runs']} reader runs, {rep['engine_runs']} engine runs) "
          f"in {rep['seconds']}s, seeds {rep['seeds']}: {rep['crashes']} crashed, {rep['refusals']} refused, "
          f"{len(rep['slow_inputs'])} slow; report {a.out}")
    for c in rep["crash_examples"][:5]:
        print(f"  crash {c['id']} ({c['generator']}, {c['kind']}): {c['error']}")
    return 1 if rep["crashes"] else 0


if __name__ == "__main__":
    sys.exit(main())
