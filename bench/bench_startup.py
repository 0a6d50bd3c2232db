#!/usr/bin/env python3
"""Start-up of `mtclean check` on one Markdown article, against codespell on the same file.

Whole-process wall time, median of several runs, in one run of this script so
both tools see the same machine load:

* cold: the first run after install, with an empty mtclean cache dir (the word
  table and the knowledge-base store are built); bytecode is compiled first,
  as `pip install` does;
* warm: later runs (the caches exist).

    python bench/bench_startup.py                     # fixtures/example-article.md, 7 runs
    python bench/bench_startup.py --runs 11 --file my.md --json out.json
    python bench/bench_startup.py --scaling 0,20000,80000   # warm start-up vs pack size

``--scaling`` adds synthetic entities (a user pack of N generated place names) and
times, in a fresh process each, opening the knowledge base through the start-up
cache and checking the article: it shows whether start-up grows with the packs.

The target (issue 5) is mtclean warm <= 2x codespell.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(cmd, env, cwd=None) -> float:
    t = time.perf_counter()
    r = subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    dt = time.perf_counter() - t
    if r.returncode not in (0, 1, 65):   # codespell exits 65 on typos
        raise SystemExit(f"{' '.join(map(str, cmd))} failed ({r.returncode}): {r.stderr.decode()[-500:]}")
    return dt


def mtclean_cmd(args) -> list[str]:
    if args.mtclean:
        return args.mtclean.split()
    return [sys.executable, "-m", "cleaner.cli"]


def codespell_cmd() -> list[str] | None:
    exe = shutil.which("codespell")
    if exe:
        return [exe]
    try:
        import codespell_lib  # noqa: F401
    except ImportError:
        return None
    return [sys.executable, "-m", "codespell_lib"]


def synthetic_pack(path: Path, n: int, seed: int = 5) -> None:
    rnd = random.Random(seed)
    cons, vows = "bdfgklmnprstvz", "aeiou"
    seen = set()
    lines = ['[pack]', 'name = "bench-synthetic"', 'kind = "entities"', '']
    while len(seen) < n:
        name = "".join(rnd.choice(cons) + rnd.choice(vows) for _ in range(rnd.randint(2, 4))).title() + "grad"
        if name in seen:
            continue
        seen.add(name)
        lines += ['[[entity]]', f'name = "{name}"', 'type = "place"', 'subtype = "city"',
                  'country = "Benchland"', f'variants = ["{name}e"]', '']
    path.write_text("\n".join(lines), encoding="utf-8")


SCALING_PROBE = """\
import sys, time
t = time.perf_counter()
from cleaner.kbcache import load_kb
from cleaner.engine import Engine
kb = load_kb([sys.argv[1]] if sys.argv[1] else [])
Engine(kb).check(open(sys.argv[2], encoding="utf-8").read(), "markdown")
print(time.perf_counter() - t)
"""


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--file", default=str(ROOT / "fixtures" / "example-article.md"))
    ap.add_argument("--runs", type=int, default=7, help="warm runs of each tool")
    ap.add_argument("--cold-runs", type=int, default=5, help="cold runs (each with an empty cache)")
    ap.add_argument("--mtclean", help="command to run instead of `python -m cleaner.cli`")
    ap.add_argument("--json", help="also write the figures here")
    ap.add_argument("--scaling", help="comma-separated synthetic entity counts, e.g. 0,20000,80000")
    args = ap.parse_args(argv)

    env = dict(os.environ, PYTHONPATH=str(ROOT), NO_COLOR="1")
    env.pop("MTCLEAN_NO_CACHE", None)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "cleaner")], check=False,
                   stdout=subprocess.DEVNULL)
    article = str(Path(args.file).resolve())
    mt = [*mtclean_cmd(args), "check", "--isolated", article]
    cs = codespell_cmd()
    cs = [*cs, article] if cs else None

    tmp = Path(tempfile.mkdtemp(prefix="mtclean-bench-"))
    res: dict[str, list[float]] = {"mtclean cold": [], "mtclean warm": [], "codespell": []}
    try:
        for i in range(args.cold_runs):
            cold_dir = tmp / f"cold-{i}"
            res["mtclean cold"].append(timed(mt, dict(env, MTCLEAN_CACHE_DIR=str(cold_dir))))
            shutil.rmtree(cold_dir, ignore_errors=True)
        warm_env = dict(env, MTCLEAN_CACHE_DIR=str(tmp / "warm"))
        timed(mt, warm_env)                      # fill the cache
        for _ in range(args.runs):               # interleaved: same load for both
            res["mtclean warm"].append(timed(mt, warm_env))
            if cs:
                res["codespell"].append(timed(cs, env))

        scaling = {}
        if args.scaling:
            for n in [int(x) for x in args.scaling.split(",")]:
                pack = ""
                if n:
                    pack = str(tmp / f"synthetic-{n}.toml")
                    synthetic_pack(Path(pack), n)
                senv = dict(env, MTCLEAN_CACHE_DIR=str(tmp / f"scale-{n}"))
                probe = [sys.executable, "-c", SCALING_PROBE, pack, article]
                first = float(subprocess.run(probe, env=senv, capture_output=True, text=True,
                                             check=True).stdout)
                warm = [float(subprocess.run(probe, env=senv, capture_output=True, text=True,
                                             check=True).stdout) for _ in range(args.runs)]
                scaling[n] = {"first": first, "warm median": statistics.median(warm)}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    med = {k: statistics.median(v) for k, v in res.items() if v}
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"file: {args.file} ({Path(args.file).stat().st_size} bytes); {args.cold_runs} cold, "
          f"{args.runs} warm runs; python {sys.version.split()[0]}, {os.cpu_count()} cpus, load {load:.1f}")
    print(f"{'':16} {'median':>9} {'min':>9} {'max':>9}")
    for k, v in res.items():
        if v:
            print(f"{k:16} {med[k] * 1000:8.0f}ms {min(v) * 1000:8.0f}ms {max(v) * 1000:8.0f}ms")
    if "codespell" in med:
        for k in ("mtclean cold", "mtclean warm"):
            print(f"{k} / codespell = {med[k] / med['codespell']:.2f}x")
        ok = med["mtclean warm"] <= 2 * med["codespell"]
        print("target (warm <= 2x codespell):", "met" if ok else "NOT met")
    else:
        print("codespell not installed: no comparison")
    if scaling:
        print("\nknowledge base through the start-up cache + one check, in-process (seconds):")
        print(f"{'entities added':>15} {'first (build)':>14} {'warm median':>12}")
        for n, d in scaling.items():
            print(f"{n:>15} {d['first']:>14.3f} {d['warm median']:>12.3f}")
    if args.json:
        Path(args.json).write_text(json.dumps({"runs": res, "median": med, "scaling": scaling}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
