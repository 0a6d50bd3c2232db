"""Crash-resume: kill -9 a `mtclean batch` run at 20 different points; every resumed
run ends with exactly the bytes of an uninterrupted run, no record lost or duplicated.

The corpus: two JSONL inputs (one gzip) with damaged articles, malformed lines
and records without text, plus a folder of .md/.txt/.html files, about 2,600
items in all, in shards of 40. A reference run goes through uninterrupted. Then,
for each kill point, a run is started and killed with SIGKILL when that point is
reached -- a number of committed output shards, or a delay from the start (down
to before the first manifest exists) -- sometimes the whole process group,
sometimes only the main process (its workers must notice and go), and twice the
resumed run itself is killed again before a final resume. The output folder is
then compared file by file with the reference (summary.json and manifest.json
without their wall-clock ``timing``).
"""
from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.skipif(
    subprocess.run([sys.executable, "-m", "cleaner.cli", "batch", "--help"], capture_output=True,
                   env=dict(os.environ, PYTHONPATH=str(ROOT))).returncode != 0,
    reason="`mtclean batch` is not available")

SHARD = 40
WORKERS = 2
ENV = dict(os.environ, PYTHONPATH=str(ROOT), NO_COLOR="1")

# (how, at, victim): how = "outputs" (kill once `at` output files are committed:
# JSONL shards first, then the mirrored files) or "delay" (kill `at` seconds after
# the start); victim = "group" (main process and workers, as a crashed machine
# would) or "main" (only the main process, as an OOM kill would).
KILL_POINTS = [
    ("delay", 0.0, "group"), ("delay", 0.15, "group"), ("delay", 0.4, "main"), ("outputs", 0, "group"),
    ("outputs", 1, "group"), ("outputs", 2, "main"), ("outputs", 4, "group"), ("outputs", 9, "group"),
    ("outputs", 17, "main"), ("outputs", 26, "group"), ("outputs", 34, "group"), ("outputs", 35, "main"),
    ("outputs", 36, "group"), ("outputs", 45, "group"), ("outputs", 59, "main"), ("outputs", 60, "group"),
    ("outputs", 61, "group"), ("outputs", 100, "main"), ("outputs", 170, "group"), ("outputs", 240, "group"),
]
TWICE = {5, 13}   # kill points whose resumed run is killed again (after two more outputs)
RESULTS: list[str] = []

BODIES = [
    "Envoy Steve Witkov met Putin in Moscow on Tuesday. Kiev said he was ready.",
    "He said the the talks had failed. Trumpâ€™s envoy flew home.",
    "Officials in Kyiv said the talks were constructive.",
    "The company , which was founded in 1990, grew.\nSource link",
    "Prices rose 2.5% in May; the central bank held rates.",
]


def _record(i: int) -> dict:
    return {"id": f"r{i:05d}", "text": f"Item {i}. " + BODIES[i % len(BODIES)], "lang": "en", "n": i}


def _lines(start: int, count: int) -> list[str]:
    out = []
    for i in range(start, start + count):
        if i % 97 == 13:
            out.append('{"id": "broken", "text": "unterminated')        # malformed JSON
        elif i % 89 == 7:
            out.append(json.dumps({"id": f"r{i:05d}", "body": "no text field"}))
        else:
            out.append(json.dumps(_record(i), ensure_ascii=False))
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("corpus")
    (d / "news.jsonl").write_text("\n".join(_lines(0, 1400)) + "\n", encoding="utf-8")
    (d / "wire.jsonl.gz").write_bytes(gzip.compress(("\n".join(_lines(1400, 1000)) + "\n").encode(), mtime=0))
    site = d / "site"
    for i in range(200):
        sub = site / f"s{i % 4}"
        sub.mkdir(parents=True, exist_ok=True)
        ext = (".md", ".txt", ".html")[i % 3]
        body = BODIES[i % len(BODIES)]
        if ext == ".md":
            body = f"# Page {i}\n\n{body}\n\n```\nKiev said he was ready.\n```\n"
        elif ext == ".html":
            body = f"<p>{body}</p>\n<pre>Steve Witkov</pre>\n"
        (sub / f"page{i:03d}{ext}").write_text(body, encoding="utf-8")
    return [d / "news.jsonl", d / "wire.jsonl.gz", site]


def _cmd(inputs, out, resume=False):
    return [sys.executable, "-m", "cleaner.cli", "batch", *map(str, inputs), "--out", str(out),
            "--workers", str(WORKERS), "--shard-size", str(SHARD), "--isolated", "--quiet",
            *(["--resume"] if resume else [])]


def _shards(out: Path) -> int:
    """JSONL shards committed."""
    n = 0
    for _root, _dirs, files in os.walk(out):
        n += sum(1 for f in files if f.startswith("part-") and not f.endswith(".mtclean-tmp"))
    return n


def _outputs(out: Path) -> int:
    """JSONL shards and mirrored files committed."""
    n = 0
    for root, dirs, files in os.walk(out):
        dirs[:] = [d for d in dirs if d != ".mtclean"]
        n += sum(1 for f in files if not f.endswith(".mtclean-tmp") and (f.startswith("part-") or root != str(out)))
    return n


def snapshot(out: Path) -> dict[str, bytes]:
    """Every output file's bytes; summary and manifest without their wall-clock timing."""
    snap = {}
    for p in sorted(out.rglob("*")):
        if not p.is_file():
            continue
        rel = p.relative_to(out).as_posix()
        data = p.read_bytes()
        if rel in ("summary.json", "manifest.json"):
            obj = json.loads(data)
            obj.pop("timing", None)
            data = json.dumps(obj, sort_keys=True).encode()
        snap[rel] = data
    return snap


def record_ids(out: Path) -> Counter:
    ids: Counter = Counter()
    for p in sorted(out.glob("*/part-*")):
        data = gzip.decompress(p.read_bytes()) if p.name.endswith(".gz") else p.read_bytes()
        ids.update(json.loads(line)["id"] for line in data.decode("utf-8").splitlines() if line.strip())
    return ids


def _run_to_end(cmd) -> subprocess.CompletedProcess:
    r = subprocess.run(cmd, capture_output=True, env=ENV, timeout=600)
    assert r.returncode == 0, r.stderr.decode()
    return r


def _kill_at(cmd, out: Path, how: str, at: float, victim: str) -> str:
    """Start ``cmd``, SIGKILL it at the point; return what happened (for messages)."""
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV, start_new_session=True)
    t0 = time.monotonic()
    try:
        while p.poll() is None:
            if how == "delay" and time.monotonic() - t0 >= at:
                break
            if how == "outputs" and (out / "manifest.json").exists() and _outputs(out) >= at:
                break
            if time.monotonic() - t0 > 300:
                raise AssertionError("the run neither finished nor reached the kill point in 300 s")
            time.sleep(0.002)
        finished = p.poll() is not None
        t_kill = time.monotonic() - t0
        if not finished:
            if victim == "group":
                os.killpg(p.pid, signal.SIGKILL)
            else:
                os.kill(p.pid, signal.SIGKILL)
        p.wait(timeout=60)
    finally:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
        p.stderr.close()
    if victim == "main":
        # orphaned workers must notice their parent is gone and exit
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                os.killpg(p.pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        else:
            os.killpg(p.pid, signal.SIGKILL)
            raise AssertionError("workers outlived their killed parent by 30 s")
    assert not finished, f"the run finished ({t_kill:.2f}s) before the kill point {how}={at}"
    return f"killed ({victim}) at {how}={at} after {t_kill:.2f}s with {_outputs(out)} outputs"


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("ref") / "out"
    t = time.monotonic()
    _run_to_end(_cmd(corpus, out))
    snap = snapshot(out)
    ids = record_ids(out)
    assert _shards(out) == 60 and _outputs(out) > KILL_POINTS[-1][1], "enough outputs for the kill points"
    return snap, ids, time.monotonic() - t


def test_reference_run_loses_nothing(corpus, reference):
    """Every input item is in the output or in rejects.jsonl, exactly once."""
    snap, ids, _ = reference
    rejects = [json.loads(x) for x in snap["rejects.jsonl"].decode().splitlines()]
    bad = {i for i in range(2400) if i % 97 == 13 or i % 89 == 7}
    rejected_lines = Counter((Path(r["source"]).name, r["line"]) for r in rejects if "line" in r)
    assert rejected_lines == Counter(("news.jsonl" if i < 1400 else "wire.jsonl.gz", i + 1 - (i >= 1400) * 1400)
                                     for i in bad), "the malformed and text-less lines, each once"
    rejected_ids = {r.get("id") for r in rejects if r.get("id")}
    good = Counter(_record(i)["id"] for i in range(2400) if i not in bad)
    assert ids + Counter(i for i in rejected_ids if i in good) == good
    assert not set(ids) & rejected_ids
    mirrored = {k.split("/", 1)[1] for k in snap if k.startswith("site/")}
    rejected_files = {Path(r["source"]).relative_to(corpus[2]).as_posix() for r in rejects if "line" not in r}
    assert not mirrored & rejected_files and len(mirrored | rejected_files) == 200


@pytest.mark.parametrize("point", range(len(KILL_POINTS)),
                         ids=[f"{i:02d}-{h}-{a}-{v}" for i, (h, a, v) in enumerate(KILL_POINTS)])
def test_kill_9_then_resume_gives_the_same_bytes(corpus, reference, tmp_path, point):
    how, at, victim = KILL_POINTS[point]
    ref_snap, ref_ids, _ = reference
    out = tmp_path / "out"
    what = _kill_at(_cmd(corpus, out), out, how, at, victim)
    if point in TWICE:
        what += "; resumed, then " + _kill_at(_cmd(corpus, out, resume=True), out, "outputs", _outputs(out) + 2, "group")
    _run_to_end(_cmd(corpus, out, resume=True))
    snap = snapshot(out)
    assert sorted(snap) == sorted(ref_snap), f"{what}: files differ: {set(snap) ^ set(ref_snap)}"
    differ = [k for k in ref_snap if snap[k] != ref_snap[k]]
    assert not differ, f"{what}: these files differ from the uninterrupted run's: {differ}"
    ids = record_ids(out)
    assert ids == ref_ids, f"{what}: lost {ref_ids - ids}, duplicated {ids - ref_ids}"
    assert not [p for p in out.rglob("*") if p.name.endswith(".mtclean-tmp")], f"{what}: temp files left"
    RESULTS.append(f"{point:02d} {what}")


@pytest.fixture(scope="module", autouse=True)
def report(request):
    yield
    from strategies import say
    say(request, f"crash-resume: {len(RESULTS)} kill points resumed to byte-identical output:\n  "
        + "\n  ".join(RESULTS))
