#!/usr/bin/env python3
"""Start-up of `mtclean check` on one Markdown article, against codespell on the same file.

Whole-process wall time, median of several runs, in one run of this script so
both tools see the same machine load. mtclean runs from a fresh virtualenv
with `pip install .` of this tree (a wheel built with its prebuilt knowledge
base, bytecode compiled by pip), as a user gets it:

* cold: the first run after install: an empty cache dir for each run. The
  script checks that the run wrote nothing there (it used the shipped store);
* cold, no shipped store: the same with ``MTCLEAN_NO_PREBUILT=1``: the word
  table and the knowledge-base store are built into the user cache (what a
  first run costs with user packs, edited packs or an editable install);
* warm: later runs (the caches exist).

    python bench/bench_startup.py                     # fixtures/example-article.md, 7 runs
    python bench/bench_startup.py --runs 11 --file my.md --json out.json
    python bench/bench_startup.py --venv /tmp/mt-venv # keep the venv (reused if it has mtclean)
    python bench/bench_startup.py --source            # the checkout (python -m cleaner.cli), no install
    python bench/bench_startup.py --scaling 0,20000,80000   # warm start-up vs pack size

``--scaling`` adds synthetic entities (a user pack of N generated place names) and
times, in a fresh process each, opening the knowledge base through the start-up
cache and checking the article: it shows whether start-up grows with the packs.

The target (issue 5) is mtclean <= 2x codespell, cold (first run after install) and warm.
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


def install(venv: Path, fresh: bool) -> float:
    """A virtualenv with `pip install .` of a copy of this tree (so no build/ is left in it)."""
    py = venv / "bin" / "python"
    if not fresh and (venv / "bin" / "mtclean").exists():
        return 0.0
    t = time.perf_counter()
    if not py.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    with tempfile.TemporaryDirectory(prefix="mtclean-src-") as src:
        for name in ("pyproject.toml", "setup.py", "README.md"):
            shutil.copy2(ROOT / name, Path(src) / name)
        for name in ("cleaner", "rules"):
            shutil.copytree(ROOT / name, Path(src) / name,
                            ignore=shutil.ignore_patterns("__pycache__", "_prebuilt"))
        env = {k: v for k, v in os.environ.items() if not k.startswith(("MTCLEAN_", "PYTHON"))}
        again = ["--force-reinstall", "--no-deps"] if (venv / "bin" / "mtclean").exists() else []
        r = subprocess.run([str(py), "-m", "pip", "install", "-q", *again, src], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if r.returncode:
            raise SystemExit(f"pip install failed:\n{r.stdout[-3000:]}")
    return time.perf_counter() - t


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
    ap.add_argument("--cold-runs", type=int, default=7, help="cold runs (each with an empty cache)")
    ap.add_argument("--build-runs", type=int, default=3,
                    help="cold runs without the shipped store (each builds the caches, ~2.5 s)")
    ap.add_argument("--venv", help="virtualenv to install into (default: a temporary one)")
    ap.add_argument("--reinstall", action="store_true", help="reinstall this tree into --venv")
    ap.add_argument("--source", action="store_true",
                    help="run the checkout (python -m cleaner.cli) instead of installing it")
    ap.add_argument("--json", help="also write the figures here")
    ap.add_argument("--scaling", help="comma-separated synthetic entity counts, e.g. 0,20000,80000")
    args = ap.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="mtclean-bench-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MTCLEAN_", "PYTHONPATH"))}
    env.update(NO_COLOR="1")
    installed = 0.0
    if args.source:
        env["PYTHONPATH"] = str(ROOT)
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "cleaner")], check=False,
                       stdout=subprocess.DEVNULL)
        mt_exe = [sys.executable, "-m", "cleaner.cli"]
        where = f"checkout {ROOT} (no install, no shipped store)"
    else:
        venv = Path(args.venv) if args.venv else tmp / "venv"
        installed = install(venv, fresh=args.reinstall or not args.venv)
        mt_exe = [str(venv / "bin" / "mtclean")]
        where = f"venv {venv}" + (f" (pip install . took {installed:.0f} s)" if installed else " (reused)")
    article = str(Path(args.file).resolve())
    mt = [*mt_exe, "check", "--isolated", article]
    cs = codespell_cmd()
    cs = [*cs, article] if cs else None

    res: dict[str, list[float]] = {"mtclean cold": [], "mtclean cold, no shipped store": [],
                                   "mtclean warm": [], "codespell": []}
    wrote = []
    try:
        for i in range(max(args.cold_runs, args.build_runs)):   # interleaved: same load for all
            if i < args.cold_runs:
                cold_dir = tmp / f"cold-{i}"
                res["mtclean cold"].append(timed(mt, dict(env, MTCLEAN_CACHE_DIR=str(cold_dir))))
                wrote += [p.name for p in cold_dir.rglob("*") if p.is_file()]
                shutil.rmtree(cold_dir, ignore_errors=True)
            if i < args.build_runs and not args.source:
                build_dir = tmp / f"build-{i}"
                res["mtclean cold, no shipped store"].append(
                    timed(mt, dict(env, MTCLEAN_CACHE_DIR=str(build_dir), MTCLEAN_NO_PREBUILT="1")))
                shutil.rmtree(build_dir, ignore_errors=True)
            if cs:
                res["codespell"].append(timed(cs, env))
        warm_env = dict(env, MTCLEAN_CACHE_DIR=str(tmp / "warm"))
        timed(mt, warm_env)                      # fill the cache (if anything is to be filled)
        for _ in range(args.runs):
            res["mtclean warm"].append(timed(mt, warm_env))
            if cs:
                res["codespell"].append(timed(cs, env))

        scaling = {}
        if args.scaling:
            senv0 = dict(env, PYTHONPATH=str(ROOT))
            for n in [int(x) for x in args.scaling.split(",")]:
                pack = ""
                if n:
                    pack = str(tmp / f"synthetic-{n}.toml")
                    synthetic_pack(Path(pack), n)
                senv = dict(senv0, MTCLEAN_CACHE_DIR=str(tmp / f"scale-{n}"))
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
    print(f"file: {args.file} ({Path(args.file).stat().st_size} bytes); mtclean from {where}")
    print(f"{args.cold_runs} cold, {len(res['mtclean cold, no shipped store'])} cold without the shipped "
          f"store, {args.runs} warm runs; python {sys.version.split()[0]}, {os.cpu_count()} cpus, "
          f"load {load:.1f}")
    if args.cold_runs and not args.source:
        print("first runs wrote to the cache dir:", ", ".join(sorted(set(wrote))) if wrote
              else "nothing (the shipped store was used)")
    width = max(map(len, res))
    print(f"{'':{width}} {'median':>9} {'min':>9} {'max':>9}")
    for k, v in res.items():
        if v:
            print(f"{k:{width}} {med[k] * 1000:8.0f}ms {min(v) * 1000:8.0f}ms {max(v) * 1000:8.0f}ms")
    if "codespell" in med:
        for k in res:
            if k != "codespell" and k in med:
                print(f"{k} / codespell = {med[k] / med['codespell']:.2f}x")
        for k in ("mtclean cold", "mtclean warm"):
            if k in med:
                print(f"target ({k.split()[1]} <= 2x codespell):",
                      "met" if med[k] <= 2 * med["codespell"] else "NOT met")
    else:
        print("codespell not installed: no comparison")
    if scaling:
        print("\nknowledge base through the start-up cache + one check, in-process (seconds):")
        print(f"{'entities added':>15} {'first (build)':>14} {'warm median':>12}")
        for n, d in scaling.items():
            print(f"{n:>15} {d['first']:>14.3f} {d['warm median']:>12.3f}")
    if args.json:
        Path(args.json).write_text(json.dumps({"runs": res, "median": med, "scaling": scaling,
                                               "cold run wrote": sorted(set(wrote)),
                                               "install seconds": installed}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
