#!/usr/bin/env python3
"""Batch cleaning throughput: articles/s and MB/s on 1 and 2 workers, peak memory per
worker, and codespell's MB/s on the same text in the same run (issue 4).

    apt-get install -y r-cran-tm      # real Reuters-21578 / RCV1 articles
    pip install codespell
    python bench/bench_batch.py                      # build bench/out/, measure, print a table
    python bench/bench_batch.py --articles 2000      # a quick run
    python bench/bench_batch.py --reuse --stages 1000  # time per engine stage and detector
    python bench/bench_batch.py --reuse --profile 500  # cProfile of clean_record

The corpus (>= 20,000 articles by default) is generated under bench/out/
(gitignored): the real Reuters articles that r-cran-tm ships (crude/, acq/,
reuters-21578.xml, rcv1_2330.xml; plus the dev set's real passages when
../shared/devset is there), verbatim, mixed with spun copies made here with
the damage spinners and MT pipelines leave: misspelt names, "Trump 's"
spacing, stray spaces before punctuation, spinner synonym swaps ("stock
market" -> "inventory market"), scraper boilerplate ("Source link"), and the
damaged examples of the installed rule packs. Everything is seeded: the same
arguments give the same corpus.

The cleaning path is `mtclean batch --workers N` when cleaner/batch.py is
installed, and also (always) a multiprocessing pool over
cleaner.record.clean_record, which shows the engine's own rate without the
batch command's I/O. Each configuration runs in a subprocess; a sampler reads
VmHWM (peak resident set) of every process in the tree from /proc, so the
memory figure is per process, workers and parent apart. Targets: >= 0.3x
codespell's MB/s on one worker, >= 1.7x that on two, <= 150 MiB per worker.
This is a script, not a timed test: nothing here runs under pytest.
"""
from __future__ import annotations

import argparse
import glob
import html
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
TM_TEXTS = Path("/usr/lib/R/site-library/tm/texts")
DEVSET = ROOT.parent / "shared" / "devset"
MIB = 1024 * 1024
TARGET_RATIO_1 = 0.3
TARGET_SCALING_2 = 1.7
TARGET_RSS_MIB = 150


# ---------------------------------------------------------------------------
# real articles
# ---------------------------------------------------------------------------

def _reflow(body: str) -> str:
    """Reuters bodies are hard-wrapped at ~70 columns, paragraphs indented: one line per paragraph."""
    body = re.sub(r"\s*\bReuter\s*$", "", body.strip())
    paras = re.split(r"\n\s{2,}|\n\s*\n", body)
    return "\n".join(" ".join(p.split()) for p in paras if p.strip())


def reuters_raw():
    """Every Reuters article r-cran-tm ships, as sent: id, title, raw body, and whether it
    is a Reuters-21578 wire story (hard-wrapped, ALL CAPS title) or the RCV1 one."""
    if not TM_TEXTS.is_dir():
        sys.exit(f"bench: {TM_TEXTS} not found: apt-get install -y r-cran-tm")
    files = sorted(glob.glob(str(TM_TEXTS / "*" / "reut-*.xml"))) + [str(TM_TEXTS / "reuters-21578.xml")]
    for path in files:
        xml = Path(path).read_text(encoding="utf-8", errors="replace")
        where = "21578" if Path(path).name == "reuters-21578.xml" else Path(path).parent.name
        for block in re.findall(r"<REUTERS\b.*?</REUTERS>", xml, re.S):
            body = re.search(r"<BODY>(.*?)</BODY>", block, re.S)
            if not body:
                continue
            newid = re.search(r'NEWID="(\d+)"', block)
            title = re.search(r"<TITLE>(.*?)</TITLE>", block, re.S)
            yield {"id": f"{where}/{newid.group(1) if newid else Path(path).stem}", "wire": True,
                   "title": html.unescape(title.group(1)) if title else "",
                   "raw": html.unescape(body.group(1)).replace("\x03", "")}
    rcv1 = TM_TEXTS / "rcv1_2330.xml"
    if rcv1.exists():
        xml = rcv1.read_text(encoding="iso-8859-1")
        head = re.search(r"<headline>(.*?)</headline>", xml, re.S)
        paras = [html.unescape(" ".join(p.split())) for p in re.findall(r"<p>(.*?)</p>", xml, re.S)]
        yield {"id": "rcv1/2330", "wire": False, "title": html.unescape(head.group(1)) if head else "",
               "raw": "\n".join(paras)}


def reuters_articles() -> list[str]:
    """Title + body of every Reuters article r-cran-tm ships, deduplicated."""
    docs = []
    for r in reuters_raw():
        if r["wire"]:
            head = r["title"].strip().title()
            docs.append((head + "\n" if head else "") + _reflow(r["raw"]))
        else:
            docs.append((r["title"] + "\n" if r["title"] else "") + r["raw"])
    seen, out = set(), []
    for d in docs:
        if d not in seen and len(d) > 200:
            seen.add(d)
            out.append(d)
    return out


def devset_articles() -> list[str]:
    """Real modern news passages of the dev set (clean and reference texts), when present."""
    out = []
    for name, fields in (("clean.jsonl", ("text",)), ("pairs.jsonl", ("orig",))):
        p = DEVSET / name
        if p.exists():
            for line in p.read_text(encoding="utf-8").splitlines():
                rec = json.loads(line)
                out += [rec[f].replace("[...]", "").strip() for f in fields if rec.get(f)]
    return [t for t in out if len(t) > 200]


# ---------------------------------------------------------------------------
# spinning
# ---------------------------------------------------------------------------

SWAPS = {  # spinner synonym swaps, including the absurd ones article spinners are known for
    "said": ["stated", "mentioned", "stated that", "said"], "company": ["firm", "agency", "corporation"],
    "shares": ["stocks", "shares"], "stock market": ["inventory market"], "stock": ["inventory"],
    "profit": ["revenue", "earnings"], "buy": ["purchase"], "acquire": ["purchase", "get hold of"],
    "agreement": ["settlement", "accord"], "talks": ["negotiations", "discussions"],
    "crude oil": ["crude petroleum", "uncooked oil"], "oil": ["petroleum"], "price": ["worth", "value"],
    "prices": ["costs", "charges"], "reduced": ["lowered", "diminished"], "market": ["market place"],
    "analysts": ["analysts", "specialists"], "government": ["authorities", "administration"],
    "billion": ["billion", "billion"], "production": ["manufacturing", "output"],
    "press release": ["press launch"], "Wall Street": ["Wall Road"], "chief executive": ["chief govt"],
    "president": ["president", "chairman"], "week": ["week", "week"], "expected": ["anticipated"],
    "plan": ["scheme", "plan"], "offer": ["supply", "provide"], "merger": ["merger", "amalgamation"],
}
SWAP_RE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, SWAPS), key=len, reverse=True)) + r")\b")
BOILER_TAIL = ["Source link", "Read more: Markets news", "Source: Reuters", "Click here to read more",
               "Disclaimer: This story is auto-generated from a syndicated feed.",
               "Subscribe to our newsletter for the latest updates."]
BOILER_HEAD = ["(MENAFN- Reuters)", "Breaking News:", "Advertisement"]
PEOPLE = [  # (name, spun forms) as transliteration and spinners mangle them
    ("Volodymyr Zelenskyy", ["Voldymir Zelensky", "Volodymir Zelenskiy", "Vladimir Zelensky"]),
    ("Steve Witkoff", ["Steve Witkov", "Steve Whitkoff"]), ("Dmitry Peskov", ["Dmitri Peskoff"]),
    ("Sergei Lavrov", ["Sergey Lavrof", "Serghei Lavrov"]), ("Recep Tayyip Erdogan", ["Recep Tayip Erdogan"]),
    ("Mohammed bin Salman", ["Mohamed bin Salmane"]), ("Benjamin Netanyahu", ["Benjamin Netanyaho"]),
    ("Olaf Scholz", ["Olaf Sholz"]), ("Emmanuel Macron", ["Emanuel Macron"]),
    ("Ngozi Okonjo-Iweala", ["Ngozi Okonjo-Iwela"]), ("Jerome Powell", ["Jerome Powel"]),
]
PLACES = [("Kyiv", ["Kiev"]), ("Kharkiv", ["Kharkov"]), ("Odesa", ["Odessa"]), ("Sumy", ["Smie"]),
          ("Riyadh", ["Riad"]), ("Doha", ["Dauha"])]
INSERTS = [
    "{person} said on {day} that {place} was ready to continue the talks.",
    "Officials in {place} said he was ready to accept the proposal, {person} told reporters.",
    "{person} 's office did not respond to a request for comment .",
    "The announcement came after {person} met officials in {place} on {day}.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
CAP_WORD = re.compile(r"(?<=[a-z,;] )([A-Z][a-z]{3,})\b")


def misspell(word: str, rng: random.Random) -> str:
    """A plausible transliteration or typing slip of a name."""
    ops = []
    if re.search(r"(\w)\1", word):
        ops.append(lambda w: re.sub(r"(\w)\1", r"\1", w, count=1))
    if re.search(r"[aeiou]", word[1:]):
        def vowel(w):
            idx = [i for i, c in enumerate(w) if c in "aeiou" and i > 0]
            i = rng.choice(idx)
            return w[:i] + rng.choice([v for v in "aeiouy" if v != w[i]]) + w[i + 1:]
        ops.append(vowel)
    if word.endswith(("ff", "v", "y", "ck", "x")):
        ops.append(lambda w: re.sub(r"(ff|v|y|ck|x)$", lambda m: {"ff": "v", "v": "ff", "y": "i", "ck": "k",
                                                                    "x": "ks"}[m.group(1)], w))
    ops.append(lambda w: w[:-1] + w[-1] * 2 if len(w) > 4 else w)
    return rng.choice(ops)(word)


def pack_examples() -> list[str]:
    """Damaged example sentences of the installed rule packs (text that a pack rule changes)."""
    try:
        sys.path.insert(0, str(ROOT))
        from cleaner.engine import default_kb
        kb = default_kb()
    except Exception as e:  # noqa: BLE001 - the packs are optional input here
        print(f"bench: rule packs not loaded ({e}); spinning without their examples", file=sys.stderr)
        return []
    out = []
    for rule in kb.phrase_rules + kb.boilerplate_rules:
        for ex in rule.examples:
            if ex.get("fixed", ex["text"]) != ex["text"] or ex.get("flagged"):
                out.append(ex["text"].strip())
    return out


def spin(text: str, rng: random.Random, examples: list[str]) -> str:
    lines = text.split("\n")
    # names: one capitalised word of the article misspelt, sometimes everywhere, sometimes once
    names = sorted(set(CAP_WORD.findall(text)))
    for name in rng.sample(names, min(len(names), rng.choice([0, 1, 1, 2]))):
        bad = misspell(name, rng)
        count = 0 if rng.random() < 0.5 else 1
        lines = [re.sub(rf"\b{name}\b", bad, ln, count=count) for ln in lines]
    # synonym swaps
    rate = rng.choice([0.1, 0.3, 0.6])
    lines = [SWAP_RE.sub(lambda m: rng.choice(SWAPS[m.group(1)]) if rng.random() < rate else m.group(1), ln)
             for ln in lines]
    # spacing debris
    if rng.random() < 0.6:
        lines = [re.sub(r"(?<=\w)'s\b", lambda m: " 's" if rng.random() < 0.5 else "'s", ln) for ln in lines]
    if rng.random() < 0.4:
        lines = [re.sub(r"(?<=\w)([,.])(?= )", lambda m: " " + m.group(1) if rng.random() < 0.15 else m.group(1), ln)
                 for ln in lines]
    # names the packs may know, mangled
    for _ in range(rng.choice([0, 0, 1, 2])):
        person, place = rng.choice(PEOPLE), rng.choice(PLACES)
        sentence = rng.choice(INSERTS).format(
            person=rng.choice(person[1]) if rng.random() < 0.7 else person[0],
            place=rng.choice(place[1]) if rng.random() < 0.7 else place[0], day=rng.choice(DAYS))
        lines.insert(rng.randint(1, max(1, len(lines))), sentence)
    if examples and rng.random() < 0.5:
        lines.insert(rng.randint(1, max(1, len(lines))), rng.choice(examples))
    if rng.random() < 0.2:
        lines.insert(0, rng.choice(BOILER_HEAD))
    if rng.random() < 0.5:
        lines.append(rng.choice(BOILER_TAIL))
    return "\n".join(lines) + "\n"


def build_corpus(n: int, seed: int, out: Path, spun_share: float, use_devset: bool) -> dict:
    real = reuters_articles()
    n_reuters = len(real)
    if use_devset:
        real += devset_articles()
    examples = pack_examples()
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    txt = out / "txt"
    if txt.exists():
        shutil.rmtree(txt)
    total_bytes = spun = 0
    with open(out / "corpus.jsonl", "w", encoding="utf-8") as fh:
        for i in range(n):
            j = i % len(real)
            is_spun = rng.random() < spun_share
            text = spin(real[j], rng, examples) if is_spun else real[j] + "\n"
            spun += is_spun
            rec = {"id": f"a{i:06d}", "source": f"real-{j}", "spun": is_spun, "text": text}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            d = txt / f"{i // 1000:03d}"
            if i % 1000 == 0:
                d.mkdir(parents=True)
            (d / f"{rec['id']}.txt").write_text(text, encoding="utf-8")
            total_bytes += len(text.encode("utf-8"))
    meta = {"articles": n, "spun": spun, "real_sources": len(real), "reuters_sources": n_reuters,
            "pack_examples": len(examples), "text_bytes": total_bytes, "seed": seed}
    (out / "corpus.json").write_text(json.dumps(meta, indent=1) + "\n")
    return meta


# ---------------------------------------------------------------------------
# measuring
# ---------------------------------------------------------------------------

def _children(pid: int) -> list[int]:
    kids = []
    for f in glob.glob(f"/proc/{pid}/task/*/children"):
        try:
            kids += [int(k) for k in Path(f).read_text().split()]
        except OSError:
            pass
    return kids


def _status(pid: int) -> tuple[int, float] | None:
    """(VmHWM KiB, CPU seconds so far) of a live process."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    hwm = next((int(ln.split()[1]) for ln in status.splitlines() if ln.startswith("VmHWM:")), 0)
    fields = stat[stat.rindex(")") + 2:].split()
    return hwm, (int(fields[11]) + int(fields[12])) / CLK_TCK


CLK_TCK = os.sysconf("SC_CLK_TCK")


class TreeSampler(threading.Thread):
    """Polls VmHWM and CPU time of a process and all its descendants until stopped."""

    def __init__(self, root: int, interval: float = 0.2):
        super().__init__(daemon=True)
        self.root, self.interval = root, interval
        self.peaks: dict[int, int] = {}      # pid -> VmHWM KiB (it only grows)
        self.cpu: dict[int, float] = {}      # pid -> CPU seconds, last seen
        self.done = threading.Event()

    def run(self):
        while not self.done.is_set():
            todo = [self.root]
            while todo:
                pid = todo.pop()
                todo += _children(pid)
                st = _status(pid)
                if st is not None:
                    self.peaks[pid] = max(st[0], self.peaks.get(pid, 0))
                    self.cpu[pid] = max(st[1], self.cpu.get(pid, 0.0))
            self.done.wait(self.interval)


def timed(cmd: list[str], env: dict | None = None) -> dict:
    """Wall and CPU time of a command, and the peak memory of each process in its tree."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = os.getloadavg()[0]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    sampler = TreeSampler(proc.pid)
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - t0
    sampler.done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1, 65):  # mtclean: 1 = findings; codespell: 65 = misspellings
        raise SystemExit(f"bench: {' '.join(cmd)} failed ({proc.returncode}):\n{err.decode()[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    top = sampler.peaks.get(proc.pid, 0)
    # workers: descendants holding more than a few MiB (not a resource tracker or a shell)
    workers = [pid for pid, kib in sampler.peaks.items() if pid != proc.pid and kib > 20 * 1024]
    busiest = max([sampler.cpu.get(pid, 0.0) for pid in workers] + [sampler.cpu.get(proc.pid, 0.0)])
    return {"seconds": wall, "cpu_seconds": cpu, "busiest_cpu_seconds": busiest, "procs": len(workers),
            "parent_mib": top / 1024,
            "worker_mib": max(sampler.peaks[p] for p in workers) / 1024 if workers else top / 1024,
            "maxrss_mib": after.ru_maxrss / 1024, "load_before": load, "load_after": os.getloadavg()[0]}


def run_batch(corpus: Path, workers: int, out: Path) -> dict:
    if out.exists():
        shutil.rmtree(out)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return timed([sys.executable, "-m", "cleaner.cli", "batch", str(corpus), "--out", str(out),
                  "--workers", str(workers), "--quiet"], env)


def run_pool(corpus: Path, workers: int, out: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return timed([sys.executable, __file__, "--pool-worker", str(workers), str(corpus), str(out)], env)


_ENGINE = None


def _init_worker():
    global _ENGINE
    from cleaner import Engine
    _ENGINE = Engine()


def _clean_line(line: str) -> str:
    from cleaner.record import clean_record
    return json.dumps(clean_record(json.loads(line), _ENGINE), ensure_ascii=False)


def pool_worker(workers: int, corpus: str, out: str) -> None:
    """The baseline cleaning path: a process pool mapping clean_record over JSONL lines."""
    import multiprocessing as mp
    with open(corpus, encoding="utf-8") as src, open(out, "w", encoding="utf-8") as dst:
        if workers == 1:
            _init_worker()
            for line in src:
                dst.write(_clean_line(line) + "\n")
            return
        with mp.get_context("fork").Pool(workers, initializer=_init_worker) as pool:
            for res in pool.imap(_clean_line, src, chunksize=32):
                dst.write(res + "\n")


def run_codespell(txt: Path) -> dict:
    exe = shutil.which("codespell")
    cmd = [exe] if exe else [sys.executable, "-m", "codespell_lib"]
    return timed(cmd + [str(txt)])


def profile(corpus: Path, n: int) -> None:
    """Where clean_record spends its time on the first ``n`` articles (cProfile, by own time)."""
    import cProfile
    import pstats
    sys.path.insert(0, str(ROOT))
    from cleaner import Engine
    from cleaner.record import clean_record
    t = time.perf_counter()
    engine = Engine()
    print(f"engine start-up: {time.perf_counter() - t:.2f} s")
    with open(corpus, encoding="utf-8") as fh:
        recs = [json.loads(next(fh)) for _ in range(n)]
    clean_record(recs[0], engine)  # warm caches outside the profile
    prof = cProfile.Profile()
    t = time.perf_counter()
    prof.enable()
    for r in recs:
        clean_record(r, engine)
    prof.disable()
    dt = time.perf_counter() - t
    size = sum(len(r["text"].encode()) for r in recs)
    print(f"{n} articles, {size / MIB:.2f} MiB in {dt:.2f} s (profiled): {n / dt:.0f} articles/s")
    stats = pstats.Stats(prof)
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(r"cleaner", 30)


def stages(corpus: Path, n: int) -> None:
    """Wall time of each stage of Engine.check + clean_record on ``n`` articles, no profiler.

    Mirrors Engine.check step by step, so it follows the engine's internals: update it with them.
    """
    from collections import defaultdict
    sys.path.insert(0, str(ROOT))
    from cleaner import Engine
    from cleaner.analysis import Analysis
    from cleaner.detectors import Context
    from cleaner.document import Document
    from cleaner.engine import Result
    from cleaner.record import summarize
    from cleaner.resolver import resolve, score
    engine = Engine()
    with open(corpus, encoding="utf-8") as fh:
        texts = [json.loads(next(fh))["text"] for _ in range(n)]
    spent: dict[str, float] = defaultdict(float)
    t_all = time.perf_counter()
    for text in texts:
        t = time.perf_counter()

        def tick(stage):
            nonlocal t
            now = time.perf_counter()
            spent[stage] += now - t
            t = now

        doc = Document.from_text(text, "text")
        tick("document")
        an = Analysis(doc.view)
        tick("analysis")
        ctx = Context(doc, an, engine.kb, engine.accept, {})
        raw = []
        for det in engine.detectors:
            raw.extend(f for f in det.detect(ctx) if f is not None)
            tick("detector " + det.__name__.rsplit(".", 1)[-1])
        findings = resolve(raw, text, an, engine.disable, engine.select)
        words = sum(1 for tok in an.tokens if tok.text[0].isalpha())
        result = Result(doc, findings, score(findings, words), words, [])
        tick("resolve")
        edits = result.edits("safe")
        result.fixed("safe")
        tick("apply + verify")
        json.dumps(summarize(result, edits, True))
        tick("summary + JSON")
    total = time.perf_counter() - t_all
    size = sum(len(x.encode("utf-8")) for x in texts)
    print(f"{n} articles, {size / 1e6:.2f} MB in {total:.2f} s: {n / total:.0f} articles/s, "
          f"{size / 1e6 / total:.3f} MB/s (load {os.getloadavg()[0]:.1f})")
    for stage, sec in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {sec:7.2f} s {100 * sec / total:5.1f}%  {stage}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=4)
    ap.add_argument("--spun-share", type=float, default=0.6, help="share of spun copies (the rest verbatim)")
    ap.add_argument("--no-devset", action="store_true", help="Reuters articles only")
    ap.add_argument("--reuse", action="store_true", help="keep an existing bench/out/corpus.jsonl")
    ap.add_argument("--paths", default="auto", choices=["auto", "batch", "pool", "both"],
                    help="cleaning path: mtclean batch, a clean_record pool, or both (auto: both if batch exists)")
    ap.add_argument("--profile", type=int, metavar="N", help="profile clean_record on N articles and stop")
    ap.add_argument("--stages", type=int, metavar="N", help="time each engine stage on N articles and stop")
    ap.add_argument("--pool-worker", nargs=3, metavar=("N", "IN", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.pool_worker:
        n, src, dst = args.pool_worker
        sys.path.insert(0, str(ROOT))
        return pool_worker(int(n), src, dst)

    corpus = OUT / "corpus.jsonl"
    if not (args.reuse and corpus.exists()):
        t = time.perf_counter()
        meta = build_corpus(args.articles, args.seed, OUT, args.spun_share, not args.no_devset)
        print(f"corpus: {meta['articles']:,} articles ({meta['spun']:,} spun) from {meta['real_sources']} real "
              f"articles ({meta['reuters_sources']} Reuters), {meta['text_bytes'] / MIB:.1f} MiB of text, "
              f"{meta['pack_examples']} pack examples; built in {time.perf_counter() - t:.1f} s")
    meta = json.loads((OUT / "corpus.json").read_text())
    if args.profile:
        return profile(corpus, args.profile)
    if args.stages:
        return stages(corpus, args.stages)

    has_batch = (ROOT / "cleaner" / "batch.py").exists()
    paths = {"auto": ["batch", "pool"] if has_batch else ["pool"], "both": ["batch", "pool"]}.get(
        args.paths, [args.paths])
    size_mb = meta["text_bytes"] / 1e6
    rows = []
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}; text {size_mb:.2f} MB "
          f"in {meta['articles']:,} articles")
    cs = run_codespell(OUT / "txt")
    rows.append(("codespell", 1, cs))
    for path in paths:
        for w in (1, 2):
            fn = run_batch if path == "batch" else run_pool
            res = fn(corpus, w, OUT / f"run-{path}-{w}" if path == "batch" else OUT / f"run-{path}-{w}.jsonl")
            rows.append((f"mtclean {path}", w, res))
            print(f"  {path} x{w}: {res['seconds']:.1f} s", file=sys.stderr)

    cs_rate, cs_cpu_rate = size_mb / cs["seconds"], size_mb / cs["cpu_seconds"]
    print(f"\n{'path':<15}{'workers':>8}{'wall s':>8}{'CPU s':>8}{'articles/s':>11}{'MB/s':>7}"
          f"{'x codespell':>12}{'MB/CPU-s':>9}{'x cs (CPU)':>11}{'MiB/worker':>11}{'MiB parent':>11}{'load':>6}")
    results = []
    for name, w, r in rows:
        rate, cpu_rate = size_mb / r["seconds"], size_mb / r["cpu_seconds"]
        results.append({"path": name, "workers": w, **r, "articles_per_s": meta["articles"] / r["seconds"],
                        "mb_per_s": rate, "x_codespell": rate / cs_rate, "mb_per_cpu_s": cpu_rate,
                        "x_codespell_cpu": cpu_rate / cs_cpu_rate})
        print(f"{name:<15}{w:>8}{r['seconds']:>8.1f}{r['cpu_seconds']:>8.1f}{meta['articles'] / r['seconds']:>11.0f}"
              f"{rate:>7.2f}{rate / cs_rate:>12.2f}{cpu_rate:>9.2f}{cpu_rate / cs_cpu_rate:>11.2f}"
              f"{r['worker_mib']:>11.0f}{r['parent_mib']:>11.0f}{r['load_before']:>6.1f}")
    print("\n(load: the 1-minute load average before the run; above the core count, other work shared the"
          " CPUs and wall-clock rates understate; the CPU-time columns do not depend on it)")
    for path in paths:
        one = next(x for x in results if x["path"] == f"mtclean {path}" and x["workers"] == 1)
        two = next(x for x in results if x["path"] == f"mtclean {path}" and x["workers"] == 2)
        # On two idle cores the 2-worker run would take as long as its busiest process (or half its
        # CPU time); its extra CPU over the 1-worker run is the cost of going parallel.
        spread = two["cpu_seconds"] / max(two["busiest_cpu_seconds"], two["cpu_seconds"] / 2)
        est_two = spread * min(1.0, one["cpu_seconds"] / two["cpu_seconds"])
        rss = max(one["worker_mib"], two["worker_mib"])
        checks = [
            (f"1 worker vs codespell (wall): {one['x_codespell']:.2f}x", one["x_codespell"], TARGET_RATIO_1),
            (f"1 worker vs codespell (CPU): {one['x_codespell_cpu']:.2f}x", one["x_codespell_cpu"], TARGET_RATIO_1),
            (f"2 workers vs 1 (wall): {two['mb_per_s'] / one['mb_per_s']:.2f}x",
             two["mb_per_s"] / one["mb_per_s"], TARGET_SCALING_2),
            (f"2 workers vs 1 (from CPU times): {est_two:.2f}x", est_two, TARGET_SCALING_2),
            (f"peak per worker: {rss:.0f} MiB", -rss, -TARGET_RSS_MIB),
        ]
        for text, value, target in checks:
            want = f">= {target}x" if target > 0 else f"<= {-target} MiB"
            print(f"  mtclean {path}: {text:<44} target {want:<11} {'ok' if value >= target else 'MISSED'}")
    (OUT / "results.json").write_text(json.dumps({"corpus": meta, "results": results}, indent=1) + "\n")
    print(f"\n(results: {OUT / 'results.json'})")


if __name__ == "__main__":
    main()
