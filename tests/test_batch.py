"""`mtclean batch`: JSONL and folders in, cleaned shards out, rejects, order, resume, learned names.

Every test runs in its own folder with a config that loads only the spacing
and word packs, and the damage in the texts is mojibake and a doubled word
(found by code, not by packs): the tests hold whatever the packs say.
"""
import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, load_jsonl, run_cli

FIXTURES = ROOT / "fixtures" / "corpus"
SPUN = "The council voted to extend the tram line to CafÃ© Street. Officials said the the first trams run in spring."
FIXED = "The council voted to extend the tram line to Café Street. Officials said the first trams run in spring."


@pytest.fixture(autouse=True)
def core_packs_only(tmp_path, monkeypatch):
    packs = [str(ROOT / "rules" / "spacing.toml"), str(ROOT / "rules" / "words.toml")]
    (tmp_path / ".mtclean.toml").write_text(f"builtin-packs = false\npacks = {json.dumps(packs)}\n")
    monkeypatch.chdir(tmp_path)


def write_jsonl(path, records, gz=False):
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")
    Path(path).write_bytes(gzip.compress(data, mtime=0) if gz else data)


def read_parts(folder):
    out = []
    for part in sorted(Path(folder).glob("part-*.jsonl*")):
        data = part.read_bytes()
        if part.suffix == ".gz":
            data = gzip.decompress(data)
        out += [json.loads(line) for line in data.decode("utf-8").splitlines()]
    return out


def tree(folder, skip=()):
    """{relative path: bytes} of every file under ``folder``."""
    folder = Path(folder)
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name not in skip}


def batch(*args, **kw):
    r = run_cli("batch", *args, **kw)
    assert r.returncode == 0, r.stderr.decode()
    return r


def records(n, prefix="r"):
    return [{"id": f"{prefix}{i}", "text": f"Item {i}: {SPUN}", "n": i} for i in range(n)]


# -- JSONL ------------------------------------------------------------------------------------

def test_jsonl_out_keeps_every_field_and_cleans_the_text(tmp_path):
    src = tmp_path / "news.jsonl"
    recs = [{"id": "a", "text": SPUN, "url": "https://example.org/a", "meta": {"tags": ["x", 1.5], "ok": True},
             "lang": "en"},
            {"id": "b", "text": "Harbour workers ended the strike on Friday.", "n": None}]
    write_jsonl(src, recs)
    r = batch(str(src), "--out", str(tmp_path / "out"), "--workers", "1")
    out = read_parts(tmp_path / "out" / "news")
    assert [o["id"] for o in out] == ["a", "b"]
    assert out[0]["text"] == FIXED
    for o, rec in zip(out, recs):
        assert {k: v for k, v in o.items() if k not in ("text", "mtclean")} == \
            {k: v for k, v in rec.items() if k != "text"}
        assert list(o)[:len(rec)] == list(rec)  # field order kept
    m = out[0]["mtclean"]
    assert m["fixes"] == 2 and m["score"] > 0 and m["counts"]
    assert {e["replacement"] for e in m["edits"]} == {"é", ""}
    assert all(SPUN[f["start"]:f["end"]] == f["text"] for f in m["findings"])
    assert out[1]["mtclean"]["fixes"] == 0 and out[1]["text"] == recs[1]["text"]
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["articles"] == 2 and summary["fixes"] == 2 and summary["rejects"] == 0
    assert summary["words"] > 10 and sum(summary["by_kind"].values()) == summary["findings"] >= 2
    assert "elapsed_s" in summary["timing"]
    err = r.stderr.decode()
    assert "2 articles" in err and "fixes" in err


def test_gzip_in_gzip_out_and_output_field(tmp_path):
    src = tmp_path / "news.jsonl.gz"
    write_jsonl(src, records(5), gz=True)
    batch(str(src), "--out", str(tmp_path / "out"), "--output-field", "clean", "--key", "mt",
          "--no-findings", "--workers", "1", "-q")
    (part,) = (tmp_path / "out" / "news").iterdir()
    assert part.name == "part-00000.jsonl.gz"
    out = read_parts(tmp_path / "out" / "news")
    assert len(out) == 5
    for i, o in enumerate(out):
        assert o["text"] == f"Item {i}: {SPUN}" and o["clean"] == f"Item {i}: {FIXED}"
        assert o["mt"]["fixes"] == 2 and "findings" not in o["mt"] and "mtclean" not in o


def test_id_falls_back_to_file_and_line_and_text_field_option(tmp_path):
    src = tmp_path / "a.jsonl"
    write_jsonl(src, [{"body": SPUN}, {"body": "Fine text here.", "id": 7}])
    batch(str(src), "--out", str(tmp_path / "out"), "--text-field", "body", "--workers", "1", "-q")
    rows = load_jsonl(tmp_path / "out" / ".mtclean" / "rows.jsonl")
    assert [r["id"] for r in rows] == [f"{src}:1", 7]
    assert read_parts(tmp_path / "out" / "a")[0]["body"] == FIXED


# -- folders --------------------------------------------------------------------------------------

def test_folder_is_mirrored_and_bytes_outside_fixes_survive(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(FIXTURES / "site", site)
    before = tree(site)
    batch(str(site), str(FIXTURES / "articles.jsonl"), "--out", str(tmp_path / "out"), "--workers", "2", "-q")
    after = tree(tmp_path / "out" / "site")
    assert set(after) == set(before)
    assert tree(site) == before  # inputs untouched
    md = after["index.md"].decode()
    assert "The port authority’s\nspokesman said the review" in md
    assert "[the notice](https://example.org/notice)" in md and "`code stays`" in md
    assert md.startswith("---\ntitle: Port strike ends after two days\n---\n")
    notes = os.path.join("world", "notes.txt")
    assert after[notes] == before[notes].replace(b"said the the deadline", b"said the deadline")
    assert b"\r\n" in after[notes]
    html = after[os.path.join("world", "summit.html")]
    assert html.startswith(b"<html><body>\n<h1>Regional summit</h1>")
    out = read_parts(tmp_path / "out" / "articles")
    assert [o.get("id") for o in out] == ["a1", "a2", "a3", None]


# -- rejects ----------------------------------------------------------------------------------------

def test_rejects_name_source_line_byte_and_reason_and_the_run_goes_on(tmp_path):
    src = tmp_path / "mixed.jsonl"
    good = json.dumps({"id": "g1", "text": SPUN})
    lines = [good, '{"id": "bad", "text": "unterminated', json.dumps({"id": "nt", "title": "no text"}),
             "", json.dumps([1, 2]), json.dumps({"id": "num", "text": 5}), json.dumps({"id": "g2", "text": "Fine."})]
    raw = ("\n".join(lines) + "\n").encode() + b'{"id": "utf", "text": "caf\xe9"}\n'
    src.write_bytes(raw)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "ok.md").write_text(SPUN + "\n", encoding="utf-8")
    (docs / "blob.txt").write_bytes(b"\x00\x01\x02binary\x00")
    (docs / "latin.txt").write_bytes(b"ol\xe9 ol\xe9\n")
    r = batch(str(src), str(docs), "--out", str(tmp_path / "out"), "--workers", "2")
    out = read_parts(tmp_path / "out" / "mixed")
    assert [o["id"] for o in out] == ["g1", "g2"]
    rejects = load_jsonl(tmp_path / "out" / "rejects.jsonl")
    by_line = {r.get("line"): r for r in rejects if r["source"] == str(src)}
    assert sorted(by_line) == [2, 3, 5, 6, 8]
    assert by_line[2]["reason"].startswith("malformed JSON") and by_line[2]["raw"] == lines[1]
    assert by_line[2]["byte"] == len(good) + 1
    assert "no 'text' field" in by_line[3]["reason"] and by_line[3]["id"] == "nt"
    assert by_line[5]["reason"].startswith("not a JSON object")
    assert "not a string" in by_line[6]["reason"]
    assert by_line[8]["reason"].startswith("invalid UTF-8") and by_line[8]["byte"] == raw.index(b"\xe9")
    files = {Path(r["source"]).name: r for r in rejects if r["source"] != str(src)}
    assert set(files) == {"blob.txt", "latin.txt"}
    assert "binary" in files["blob.txt"]["reason"]
    assert files["latin.txt"]["reason"] == "invalid UTF-8 at byte 2" and files["latin.txt"]["byte"] == 2
    assert tree(tmp_path / "out" / "docs") == {"ok.md": (FIXED + "\n").encode()}
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["articles"] == 3 and summary["rejects"] == 7 and summary["blank_lines"] == 1
    assert summary["rejects_by_reason"]["malformed JSON"] == 1
    assert "rejects: 7" in r.stderr.decode()


def test_bad_usage_exits_2(tmp_path):
    (tmp_path / "x.csv").write_text("a,b\n")
    r = run_cli("batch", str(tmp_path / "x.csv"), "--out", str(tmp_path / "o"))
    assert r.returncode == 2 and b"not a JSONL file" in r.stderr
    r = run_cli("batch", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "o"))
    assert r.returncode == 2 and b"no such file" in r.stderr
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine")
    write_jsonl(tmp_path / "a.jsonl", records(2))
    r = run_cli("batch", str(tmp_path / "a.jsonl"), "--out", str(tmp_path / "full"))
    assert r.returncode == 2 and b"not empty" in r.stderr
    assert (tmp_path / "full" / "keep.txt").read_text() == "mine"


# -- order, workers, progress ---------------------------------------------------------------------

def test_order_is_input_order_with_two_workers_and_matches_one_worker(tmp_path):
    src = tmp_path / "many.jsonl"
    recs = records(400)
    for i in range(0, 400, 7):  # uneven work: some long texts
        recs[i]["text"] = " ".join([f"Item {i}: officials said the the first trams run in spring."] * 30)
    write_jsonl(src, recs)
    batch(str(src), "--out", str(tmp_path / "two"), "--workers", "2", "--shard-size", "64", "-q")
    batch(str(src), "--out", str(tmp_path / "one"), "--workers", "1", "--shard-size", "64", "-q")
    out = read_parts(tmp_path / "two" / "many")
    assert [o["n"] for o in out] == list(range(400))
    assert len(list((tmp_path / "two" / "many").iterdir())) == 7
    assert tree(tmp_path / "two" / "many") == tree(tmp_path / "one" / "many")


def test_no_progress_in_a_pipe_and_nothing_with_quiet(tmp_path):
    write_jsonl(tmp_path / "a.jsonl", records(50))
    r = batch(str(tmp_path / "a.jsonl"), "--out", str(tmp_path / "o1"), "--workers", "1")
    err = r.stderr.decode()
    assert "\r" not in err and "ETA" not in err and "\x1b[" not in err
    assert "50 articles" in err  # the summary
    r = batch(str(tmp_path / "a.jsonl"), "--out", str(tmp_path / "o2"), "--workers", "1", "--quiet")
    assert r.stderr == b"" and r.stdout == b""


def test_progress_bar_on_a_terminal(tmp_path):
    pty = pytest.importorskip("pty")
    write_jsonl(tmp_path / "a.jsonl", records(50))
    master, slave = pty.openpty()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    p = subprocess.Popen([sys.executable, "-m", "cleaner.cli", "batch", str(tmp_path / "a.jsonl"), "--out",
                          str(tmp_path / "o"), "--workers", "1"], stderr=slave, stdout=subprocess.DEVNULL, env=env)
    os.close(slave)
    buf = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        buf += chunk
    assert p.wait(60) == 0
    os.close(master)
    assert b"\r" in buf and b"articles" in buf and b"%" in buf


# -- resume -----------------------------------------------------------------------------------------

def _wait_for(manifest, done, proc, timeout=60):
    t = time.monotonic()
    while time.monotonic() - t < timeout:
        try:
            m = json.loads(manifest.read_text())
            if done(m):
                return m
        except (OSError, ValueError):
            pass
        assert proc.poll() is None, "the run ended before it could be interrupted"
        time.sleep(0.01)
    raise AssertionError("no progress")


def _start(args):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-m", "cleaner.cli", "batch", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def _reap(proc):
    """End what is left of the process group of a run this test started (its workers die with it)."""
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait(10)


def _untimed(path):
    data = json.loads(Path(path).read_text())
    data.pop("timing")
    return data


def test_resume_after_ctrl_c_and_kill_9_gives_the_same_bytes(tmp_path):
    plain, gz = tmp_path / "a.jsonl", tmp_path / "b.jsonl.gz"
    write_jsonl(plain, records(1500, "a"))
    recs = records(1500, "b")
    recs[700] = "not json"  # a reject inside the second input
    data = "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in recs).encode()
    gz.write_bytes(gzip.compress(data, mtime=0))
    args = [str(plain), str(gz), "--shard-size", "100", "--workers", "2"]
    ref, out = tmp_path / "ref", tmp_path / "out"
    batch(*args, "--out", str(ref), "-q")

    procs = []
    try:
        # Ctrl-C in the first input
        p = _start([*args, "--out", str(out)])
        procs.append(p)
        _wait_for(out / "manifest.json", lambda m: m["progress"][0]["lines"] >= 500, p)
        p.send_signal(signal.SIGINT)
        _, err = p.communicate(timeout=60)
        assert p.returncode == 130, err
        assert b"--resume" in err and b"interrupted" in err
        m = json.loads((out / "manifest.json").read_text())
        assert not m["complete"] and m["progress"][0]["lines"] % 100 == 0

        # kill -9 in the second input
        p = _start(["--out", str(out), "--resume", "--workers", "2"])
        procs.append(p)
        _wait_for(out / "manifest.json", lambda m: m["progress"][1]["lines"] >= 300, p)
        os.kill(p.pid, signal.SIGKILL)
        p.wait(60)
        m = json.loads((out / "manifest.json").read_text())
        assert not m["complete"] and m["progress"][0]["complete"]
    finally:
        for p in procs:  # whatever is left of the runs this test started
            _reap(p)

    r = run_cli("batch", "--out", str(out), "--resume", "--workers", "2", "-q")
    assert r.returncode == 0, r.stderr.decode()
    skip = ("summary.json", "manifest.json")
    assert tree(out, skip) == tree(ref, skip)
    assert _untimed(out / "summary.json") == _untimed(ref / "summary.json")
    assert _untimed(out / "manifest.json") == _untimed(ref / "manifest.json")
    summary = _untimed(out / "summary.json")
    assert summary["articles"] == 2999 and summary["rejects"] == 1
    assert not list(out.rglob("*.mtclean-tmp"))
    assert json.loads((out / "summary.json").read_text())["timing"]["sessions"] == 3

    # a finished run: --resume does nothing; a different option is refused
    r = run_cli("batch", "--out", str(out), "--resume", "-q")
    assert r.returncode == 0
    r = run_cli("batch", "--out", str(out), "--resume", "--text-field", "body")
    assert r.returncode == 2 and b"--text-field" in r.stderr
    r = run_cli("batch", str(plain), "--out", str(out))
    assert r.returncode == 2 and b"--resume" in r.stderr


# -- learned names --------------------------------------------------------------------------------

def test_learn_names_turns_a_rare_variant_into_a_finding(tmp_path):
    recs = [{"id": i, "text": f"Minister Oleksa Tavrenko visited the port on day {i}. Tavrenko promised cranes."}
            for i in range(30)]
    recs.append({"id": "odd", "text": "The minister, Oleksa Tavrenco, said the cranes would arrive soon."})
    write_jsonl(tmp_path / "c.jsonl", recs)
    batch(str(tmp_path / "c.jsonl"), "--out", str(tmp_path / "plain"), "--workers", "1", "-q")
    assert read_parts(tmp_path / "plain" / "c")[-1]["mtclean"]["findings"] == []
    batch(str(tmp_path / "c.jsonl"), "--out", str(tmp_path / "learn"), "--learn-names", "--workers", "2", "-q")
    odd = read_parts(tmp_path / "learn" / "c")[-1]
    (f,) = odd["mtclean"]["findings"]
    assert (f["text"], f["replacement"], f["fix"]) == ("Tavrenco", "Tavrenko", "safe")
    assert f["evidence"] == "corpus: 'Tavrenko' x60 vs 'Tavrenco' x1 (safe)"
    assert odd["text"] == "The minister, Oleksa Tavrenko, said the cranes would arrive soon."
    learned = json.loads((tmp_path / "learn" / "learned-names.json").read_text())
    assert [(x["rare"], x["frequent"], x["fix"]) for x in learned] == [("Tavrenco", "Tavrenko", "safe")]
    assert json.loads((tmp_path / "learn" / "summary.json").read_text())["learned_names"] == 1


def test_learn_names_thresholds():
    from cleaner.batch import learn_names
    z = lambda w: 0.0  # noqa: E731
    assert learn_names({"Tavrenko": 60, "Tavrenco": 1}, z)["Tavrenco"][1].endswith("(safe)")
    assert learn_names({"Tavrenko": 40, "Tavrenco": 1}, z)["Tavrenco"][1].endswith("(likely)")
    assert learn_names({"Tavrenko": 60, "Tavrenco": 2}, z)["Tavrenco"][1].endswith("(likely)")  # ratio 30
    assert learn_names({"Tavrenko": 19, "Tavrenco": 1}, z) == {}        # frequent form too rare
    assert learn_names({"Tavrenko": 39, "Tavrenco": 2}, z) == {}             # ratio under 20
    assert learn_names({"Tavrenko": 500, "Tavrenco": 3}, lambda w: 2.5) == {}  # an English word
    assert learn_names({"Tavrenko": 500, "Marenko": 3}, z) == {}             # not close enough
    assert learn_names({"Tavrenko": 500, "Tavrenco": 3}, z, known=lambda f: f == "Tavrenco") == {}
    # two frequent look-alikes: no clear target
    assert learn_names({"Tavrenko": 500, "Tavrenka": 400, "Tavrenco": 3}, z) == {}


def test_report_gets_rows_top_and_summary(tmp_path, monkeypatch):
    import types

    from click.testing import CliRunner

    import cleaner.batch as batch_mod
    seen = {}

    def write_report(path, rows, top, summary, patterns=None):
        seen.update(path=path, rows=list(rows), top=top, summary=summary, patterns=patterns)
    monkeypatch.setitem(sys.modules, "cleaner.report", types.SimpleNamespace(write_report=write_report))
    recs = records(30)
    for r in recs[:25]:
        r["text"] = "Calm text without problems."
    write_jsonl(tmp_path / "a.jsonl", recs)
    res = CliRunner().invoke(batch_mod.command, [str(tmp_path / "a.jsonl"), "--out", str(tmp_path / "o"),
                                                 "--workers", "1", "--report", str(tmp_path / "r.html")])
    assert res.exit_code == 0, res.output
    assert seen["path"] == str(tmp_path / "r.html")
    assert [r["id"] for r in seen["rows"]] == [f"r{i}" for i in range(30)]
    assert set(seen["rows"][0]) == {"id", "score", "words", "counts", "fixes"}
    assert [t["id"] for t in seen["top"]] == [f"r{i}" for i in range(25, 30)]
    assert set(seen["top"][0]) == {"id", "score", "text", "fixed", "findings"}
    assert seen["top"][0]["fixed"].endswith(FIXED) and seen["top"][0]["findings"]
    assert seen["summary"]["articles"] == 30 and seen["summary"]["fixes"] == 10 and "seconds" in seen["summary"]
    assert seen["patterns"][("repetition.word", " the")] == 5


def test_report_files_with_the_report_module(tmp_path):
    pytest.importorskip("cleaner.report")
    write_jsonl(tmp_path / "a.jsonl", records(12))
    batch(str(tmp_path / "a.jsonl"), "--out", str(tmp_path / "o"), "--workers", "1", "-q",
          "--report", str(tmp_path / "r.csv"))
    lines = (tmp_path / "r.csv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 13 and lines[0].startswith("id,") and lines[1].startswith("r0,")
    r = run_cli("batch", "--out", str(tmp_path / "o"), "--resume", "-q", "--report", str(tmp_path / "r.html"))
    assert r.returncode == 0, r.stderr.decode()
    assert "<html" in (tmp_path / "r.html").read_text(encoding="utf-8").lower()
