"""The bad-input matrix: every hostile or broken input gets a clear message and the
right exit code, and nothing is lost (the other inputs are still processed, no
file is half-written, no temp file is left behind).

Most cases run the command line as a user does (``python -m cleaner.cli``);
the ones that must fake a failure of the machine (a full disk, a corrupting
bug) run it in-process with click's runner and monkeypatch.
"""
from __future__ import annotations

import errno
import gzip
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, run_cli

# Damage found by code, not by a pack (packs change): mojibake (ftfy) and a doubled
# word, both safe fixes. "Trumpâ€™s" -> "Trump’s", "the the" -> "the".
SPUN = "Trumpâ€™s envoy met officials.\nHe said the the talks failed.\n"
SPUN_FIXED = "Trump’s envoy met officials.\nHe said the talks failed.\n"


def out(r) -> str:
    return r.stdout.decode("utf-8", "replace")


def err(r) -> str:
    return r.stderr.decode("utf-8", "replace")


def no_temp_files(folder: Path) -> bool:
    return not [p for p in folder.rglob("*") if "mtclean-tmp" in p.name]


# --- encodings and binary -------------------------------------------------------

def test_invalid_utf8_names_file_and_byte_and_the_rest_is_checked(tmp_path):
    good1, bad, good2 = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"
    good1.write_text(SPUN, encoding="utf-8")
    bad.write_bytes("Café Kyiv ".encode() + b"\xff\xfe rest")   # 'é' is 2 bytes: the bad byte is at 11
    good2.write_text(SPUN, encoding="utf-8")
    r = run_cli("check", str(good1), str(bad), str(good2))
    assert r.returncode == 2, err(r)
    assert f"{bad}: invalid UTF-8 at byte 11" in err(r)
    assert f"{good1}:1:" in out(r) and f"{good2}:1:" in out(r)


def test_invalid_utf8_fix_writes_the_others_and_leaves_it_alone(tmp_path):
    good, bad = tmp_path / "a.txt", tmp_path / "b.txt"
    good.write_text(SPUN, encoding="utf-8")
    raw = b"He said the the \xc3\x28 said.\n"
    bad.write_bytes(raw)
    r = run_cli("fix", str(bad), str(good))
    assert r.returncode == 2
    assert f"{bad}: invalid UTF-8 at byte 16" in err(r)
    assert good.read_text(encoding="utf-8") == SPUN_FIXED
    assert bad.read_bytes() == raw


@pytest.mark.parametrize("raw,byte", [
    (b"ok \xed\xa0\x80 surrogate", 3),      # an encoded UTF-16 surrogate (CESU-8)
    (b"ok \xc0\xaf overlong", 3),           # an overlong '/'
    (b"truncated at the end \xe2\x80", 21),  # a cut multi-byte sequence
])
def test_invalid_utf8_on_stdin(raw, byte):
    r = run_cli("fix", "-", input=raw)
    assert r.returncode == 2
    assert f"<stdin>: invalid UTF-8 at byte {byte}" in err(r)
    assert r.stdout == b""          # nothing half-written on stdout


def test_nul_bytes_skip_the_file_with_a_warning(tmp_path):
    nul, good = tmp_path / "nul.txt", tmp_path / "good.txt"
    raw = b"He said the the\x00\x00 said.\n"
    nul.write_bytes(raw)
    good.write_text(SPUN, encoding="utf-8")
    r = run_cli("fix", str(nul), str(good))
    assert r.returncode == 0, err(r)          # a skipped binary file is a warning, not an error
    assert f"mtclean: warning: {nul}: binary file (NUL bytes), skipped" in err(r)
    assert nul.read_bytes() == raw
    assert good.read_text(encoding="utf-8") == SPUN_FIXED


def test_binary_file_in_a_folder(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    (site / "logo.png").write_bytes(png)          # not a text suffix: never opened
    (site / "photo.txt").write_bytes(png)          # a .txt that is really an image
    (site / "a.md").write_text("# News\n\n" + SPUN, encoding="utf-8")
    r = run_cli("check", str(site))
    assert r.returncode == 1, err(r)
    assert f"{site / 'photo.txt'}: binary file (NUL bytes), skipped" in err(r)
    assert "logo.png" not in err(r) + out(r)
    assert f"{site / 'a.md'}:3:" in out(r)
    assert (site / "photo.txt").read_bytes() == png


def test_empty_file(tmp_path):
    f = tmp_path / "empty.md"
    f.write_bytes(b"")
    before = f.stat()
    r = run_cli("check", str(f))
    assert (r.returncode, r.stdout, r.stderr) == (0, b"", b"")
    r = run_cli("fix", str(f))
    assert (r.returncode, r.stderr) == (0, b"")
    after = f.stat()
    assert f.read_bytes() == b"" and (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    r = run_cli("fix", "-", input=b"")
    assert (r.returncode, r.stdout) == (0, b"")


# --- size -------------------------------------------------------------------------

def test_100mb_single_line_is_refused_quickly(tmp_path):
    """A 100 MB one-line file is a dump, not an article: refused with the limit named.

    The engine holds a document, its tokens and findings in memory and is not
    linear on long lines (see test_long_line_scales_linearly), so grinding
    through it would take hours; it is skipped with a clear message, exit 2,
    and the other files are still processed.
    """
    from cleaner.sources import MAX_BYTES
    big, good = tmp_path / "big.txt", tmp_path / "good.txt"
    line = b"Officials said the talks in Moscow were constructive and the the envoy agreed. "
    with open(big, "wb") as fh:
        chunk = line * (1024 * 1024 // len(line))
        while fh.tell() < 100 * 1024 * 1024:
            fh.write(chunk)
    size = big.stat().st_size
    good.write_text(SPUN, encoding="utf-8")
    t = time.monotonic()
    r = run_cli("fix", str(big), str(good))
    assert time.monotonic() - t < 60
    assert r.returncode == 2
    assert f"{big}: file too large ({size} bytes; limit {MAX_BYTES}): skipped" in err(r)
    assert good.read_text(encoding="utf-8") == SPUN_FIXED
    assert big.stat().st_size == size
    # the same on stdin: refused, nothing written
    r = run_cli("fix", "-", input=line * ((MAX_BYTES // len(line)) + 1))
    assert r.returncode == 2 and "<stdin>: input too large" in err(r) and r.stdout == b""


LONG_LINE = "Officials said the talks in Moscow were constructive and Kiev said he was ready. "
MANY_LINES = ("We have stopped the gas, said Energy Minister Ivan Petrov.\nKiev said he was ready.Then they "
              "left “the talks’ - Dodik said. Trump 's team met in favor36 against.\n\n")


def _time_check(n_bytes: int, unit: str = LONG_LINE) -> float:
    code = ("import time,sys; from cleaner import Engine; e=Engine(); e.check('warm up.');"
            f"s=({unit!r}*{n_bytes // len(unit) + 1})[:{n_bytes}]; t=time.perf_counter(); e.check(s); "
            "print(time.perf_counter()-t)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=600,
                       env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert r.returncode == 0, r.stderr.decode()
    return float(r.stdout)


def test_long_line_scales_linearly():
    """4x the text takes about 4x the time, not 16x (regex.match(text, pos) is O(len(text)):
    positional matches on long texts go through slices or the stdlib re)."""
    small, large = _time_check(64 * 1024), _time_check(256 * 1024)
    assert large < 6 * max(small, 0.1), f"64 KB: {small:.2f}s, 256 KB: {large:.2f}s (4x the text)"


def test_many_findings_on_many_lines_scale_linearly():
    """Per-finding work looks at a window or bisects, never rescans the document
    (it once did: another person's mention in the sentence, a word before a full stop)."""
    small, large = _time_check(64 * 1024, MANY_LINES), _time_check(256 * 1024, MANY_LINES)
    assert large < 6 * max(small, 0.1), f"64 KB: {small:.2f}s, 256 KB: {large:.2f}s (4x the text)"


# --- line endings, BOM, structure ----------------------------------------------------

def test_mixed_crlf_lf_survive(tmp_path):
    f = tmp_path / "mixed.txt"
    raw = ("Trumpâ€™s envoy arrived.\r\n"
           "He said the the talks failed.\n"
           "\r\n"
           "Plain line without damage.\r\n"
           "Last line: the the end, no newline").encode()
    f.write_bytes(raw)
    r = run_cli("fix", str(f))
    assert r.returncode == 0, err(r)
    assert f.read_bytes() == ("Trump’s envoy arrived.\r\n"
                              "He said the talks failed.\n"
                              "\r\n"
                              "Plain line without damage.\r\n"
                              "Last line: the end, no newline").encode()


def test_bom_survives_and_offsets_count_it(tmp_path):
    f = tmp_path / "bom.md"
    f.write_bytes(b"\xef\xbb\xbf" + SPUN.replace("\n", "\r\n").encode())
    r = run_cli("check", "--format", "json", str(f))
    assert r.returncode == 1
    text = f.read_bytes().decode("utf-8")
    for item in json.loads(r.stdout)["files"][0]["findings"]:
        assert text[item["start"]:item["end"]] == item["text"]
    r = run_cli("fix", str(f))
    assert r.returncode == 0, err(r)
    assert f.read_bytes() == b"\xef\xbb\xbf" + SPUN_FIXED.replace("\n", "\r\n").encode()


DEPTH = 10_000
NESTED = ("<div class=\"the the\">" * DEPTH + "Trumpâ€™s envoy said the the talks failed."
          + "</div>" * DEPTH + "\n")


def test_deeply_nested_html_is_masked():
    """10,000 nested <div>: the reader neither recurses nor loses a tag."""
    from cleaner.document import Document
    t = time.monotonic()
    doc = Document.from_text(NESTED, "html")
    assert time.monotonic() - t < 10
    prose = doc.view.strip()
    assert prose == "Trumpâ€™s envoy said the the talks failed."
    start = NESTED.index("Trump")
    assert doc.is_prose(start, start + len(prose))
    assert not doc.is_prose(0, 1) and not doc.is_prose(len(NESTED) - 7, len(NESTED) - 1)


def test_deeply_nested_html(tmp_path):
    """10,000 nested <div>: fixed in time (once quadratic in the boilerplate line anchors)."""
    f = tmp_path / "deep.html"
    f.write_text(NESTED, encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "cleaner.cli", "fix", str(f)], capture_output=True, timeout=15,
                       env=dict(os.environ, PYTHONPATH=str(ROOT), NO_COLOR="1"))
    assert r.returncode == 0, err(r)
    new = f.read_text(encoding="utf-8")
    assert new == NESTED.replace(">Trumpâ€™s envoy said the the", ">Trump’s envoy said the")
    assert new.count("<div class=\"the the\">") == DEPTH and new.count("</div>") == DEPTH


def test_markdown_that_is_all_code(tmp_path):
    f = tmp_path / "code.md"
    raw = ("```python\nprint(\"Trumpâ€™s envoy\")  # the the talks , which\nSource link\n```\n\n"
           "~~~\nKiev said he was ready. Trump 's envoy.\n~~~\n\n"
           "    Trumpâ€™s envoy , indented\n    the the company , which\n").encode()
    f.write_bytes(raw)
    r = run_cli("check", str(f))
    assert (r.returncode, r.stdout) == (0, b""), out(r)
    r = run_cli("fix", str(f))
    assert r.returncode == 0 and f.read_bytes() == raw


# --- rule packs ----------------------------------------------------------------------------

def _user_pack(tmp_path, body: str) -> Path:
    pack = tmp_path / "house.toml"
    pack.write_text(body, encoding="utf-8")
    (tmp_path / ".mtclean.toml").write_text('packs = ["house.toml"]\n', encoding="utf-8")
    return pack


def test_broken_toml_pack_names_file_and_line(tmp_path):
    pack = _user_pack(tmp_path, '[pack]\nname = "house"\nkind = "phrases\n\n[[rule]]\nid = "x"\n')
    doc = tmp_path / "a.txt"
    doc.write_text(SPUN, encoding="utf-8")
    r = run_cli("check", str(doc))
    assert r.returncode == 2
    assert f"{pack}:3: invalid TOML" in err(r), err(r)
    r = run_cli("fix", str(doc))
    assert r.returncode == 2 and doc.read_text(encoding="utf-8") == SPUN


def test_pack_with_a_bad_regex_names_file_and_line(tmp_path):
    pack = _user_pack(tmp_path, '[pack]\nname = "house"\nkind = "phrases"\n\n'
                                '[[rule]]\nid = "broken"\npattern = \'(unclosed\'\n'
                                'examples = [{ text = "x", flagged = true }]\n')
    doc = tmp_path / "a.txt"
    doc.write_text(SPUN, encoding="utf-8")
    r = run_cli("check", str(doc))
    assert r.returncode == 2
    assert f"{pack}:7: rule 'broken': bad pattern" in err(r), err(r)     # the pattern's line


RUNAWAY = r"(\p{L}|\w)*\d"     # alternation of overlapping classes: exponential in the regex module


def test_runaway_pack_regex_is_reported_not_hung_on(tmp_path):
    """A user's catastrophically backtracking rule is stopped and named; the rest still runs."""
    import regex
    t = time.monotonic()
    with pytest.raises(TimeoutError):       # the pattern really does blow up
        regex.compile(RUNAWAY, regex.V1 | regex.I).search("a" * 40 + "!", timeout=0.5)
    assert time.monotonic() - t < 30
    _user_pack(tmp_path, '[pack]\nname = "house"\nkind = "phrases"\n\n'
                         f"[[rule]]\nid = \"runaway\"\npattern = '{RUNAWAY}'\nmessage = \"runaway\"\n"
                         'examples = [{ text = "abc1", flagged = true }]\n')
    doc = tmp_path / "a.txt"
    doc.write_text(("He said the the envoy met officials " + "a" * 40 + "! ") * 3 + "\n", encoding="utf-8")
    t = time.monotonic()
    r = run_cli("check", "--format", "json", str(doc))
    took = time.monotonic() - t
    assert took < 120, f"took {took:.0f}s"
    assert r.returncode == 1, err(r)
    assert "rule phrase.runaway (pack house)" in err(r) and "was stopped" in err(r), err(r)
    rules = {f["rule"] for f in json.loads(r.stdout)["files"][0]["findings"]}
    assert "repetition.word" in rules      # the other detectors still ran


# --- writing: read-only, full disk, a corrupting bug ---------------------------------------

def test_fix_read_only_file(tmp_path):
    f = tmp_path / "ro.txt"
    f.write_text(SPUN, encoding="utf-8")
    f.chmod(0o444)
    try:
        r = run_cli("fix", str(f))
        assert r.returncode == 2
        assert f"{f}: cannot write: file is read-only" in err(r), err(r)
        assert f.read_text(encoding="utf-8") == SPUN and (f.stat().st_mode & 0o777) == 0o444
        assert no_temp_files(tmp_path)
    finally:
        f.chmod(0o644)


def _read_only_mount_works(folder: Path) -> bool:
    if not shutil.which("unshare"):
        return False
    r = subprocess.run(["unshare", "-m", "sh", "-c",
                        f"mount --bind '{folder}' '{folder}' && mount -o remount,ro,bind '{folder}' "
                        f"&& ! touch '{folder}/probe' 2>/dev/null"], capture_output=True)
    return r.returncode == 0 and not (folder / "probe").exists()


def test_fix_read_only_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    f = folder / "a.txt"
    f.write_text(SPUN, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT), NO_COLOR="1")
    cmd = [sys.executable, "-m", "cleaner.cli", "fix", str(f)]
    if os.geteuid() != 0:
        folder.chmod(0o555)
        expected = "Permission denied"
    elif _read_only_mount_works(folder):
        # root ignores permission bits: make the folder a read-only mount instead
        script = (f"mount --bind '{folder}' '{folder}' && mount -o remount,ro,bind '{folder}' && exec "
                  + " ".join(f"'{c}'" for c in cmd))
        cmd = ["unshare", "-m", "sh", "-c", script]
        expected = "Read-only file system"
    else:
        pytest.skip("running as root without mount namespaces: no way to make a folder read-only")
    try:
        r = subprocess.run(cmd, capture_output=True, env=env, timeout=300)
    finally:
        folder.chmod(0o755)
    assert r.returncode == 2, err(r)
    assert f"{f}: cannot write: {expected}" in err(r), err(r)
    assert f.read_text(encoding="utf-8") == SPUN
    assert no_temp_files(folder)


def _enospc(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("where", ["fsync", "write"])
def test_full_disk_in_write_atomic_keeps_the_original(tmp_path, monkeypatch, where):
    from cleaner import sources
    f = tmp_path / "a.txt"
    f.write_text(SPUN, encoding="utf-8")
    if where == "fsync":
        monkeypatch.setattr(sources.os, "fsync", _enospc)
    else:
        real_fdopen = os.fdopen

        class Full:
            def __init__(self, fh):
                self.fh = fh

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.fh.close()

            def write(self, data):
                self.fh.write(data[:len(data) // 2])   # half of it made it to disk
                self.fh.flush()
                _enospc()

        monkeypatch.setattr(sources.os, "fdopen", lambda fd, mode: Full(real_fdopen(fd, mode)))
    with pytest.raises(OSError) as e:
        sources.write_atomic(str(f), SPUN_FIXED)
    assert e.value.errno == errno.ENOSPC
    assert f.read_text(encoding="utf-8") == SPUN
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_full_disk_during_fix_is_a_clear_error(tmp_path, monkeypatch):
    from cleaner import cli, sources
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(SPUN, encoding="utf-8")
    b.write_text(SPUN, encoding="utf-8")
    monkeypatch.setattr(sources.os, "fsync", _enospc)
    r = CliRunner().invoke(cli.main, ["fix", "--isolated", str(a), str(b)])
    assert r.exit_code == 2, r.output
    assert f"{a}: cannot write: No space left on device" in r.stderr
    assert f"{b}: cannot write: No space left on device" in r.stderr
    assert a.read_text(encoding="utf-8") == SPUN and b.read_text(encoding="utf-8") == SPUN
    assert no_temp_files(tmp_path)


def _corrupt_one_byte(real):
    def apply_edits(text, edits):
        new = real(text, edits)
        i = len(new) - 3            # outside the intended edits (the last line's end is clean)
        return new[:i] + ("X" if new[i] != "X" else "Y") + new[i + 1:]
    return apply_edits


def test_fix_refuses_to_write_when_the_result_differs_outside_the_edits(tmp_path, monkeypatch):
    """black-style safety: a bug that changes text outside the edits is caught before writing."""
    from cleaner import cli, edits, engine
    f = tmp_path / "a.txt"
    f.write_text(SPUN + "Nothing to fix here at the end.\n", encoding="utf-8")
    before = f.read_bytes()
    bad = _corrupt_one_byte(edits.apply_edits)
    monkeypatch.setattr(edits, "apply_edits", bad)
    monkeypatch.setattr(engine, "apply_edits", bad)      # engine imported it by name
    r = CliRunner().invoke(cli.main, ["fix", "--isolated", str(f)])
    assert r.exit_code == 2
    assert f"{f}: refusing to write" in r.stderr and "changed" in r.stderr, r.stderr
    assert f.read_bytes() == before
    assert no_temp_files(tmp_path)
    # and on stdin: nothing is printed
    r = CliRunner().invoke(cli.main, ["fix", "--isolated", "-"], input=SPUN + "Nothing to fix here.\n")
    assert r.exit_code == 2 and r.stdout == "" and "refusing to write" in r.stderr


def test_verify_catches_any_single_byte_change_outside_the_edits():
    from cleaner import Engine
    from cleaner.edits import UnsafeEdit, apply_edits, verify
    res = Engine().check(SPUN)
    edits = res.edits("safe")
    assert edits
    good = apply_edits(SPUN, edits)
    verify(SPUN, good, edits, res.doc.masked)
    inside = set()
    pos_new = 0
    for e in sorted(edits, key=lambda e: e.start):   # offsets of the replacements in the new text
        pos_new = e.start + sum(len(x.replacement) - (x.end - x.start) for x in edits if x.end <= e.start)
        inside |= set(range(pos_new, pos_new + len(e.replacement)))
    for i in range(len(good)):
        if i in inside:
            continue
        bad = good[:i] + ("#" if good[i] != "#" else "$") + good[i + 1:]
        with pytest.raises(UnsafeEdit):
            verify(SPUN, bad, edits, res.doc.masked)
    for bad in (good + "x", good[:-1], "x" + good):
        with pytest.raises(UnsafeEdit):
            verify(SPUN, bad, edits, res.doc.masked)


def test_missing_file_is_named_and_the_rest_is_processed(tmp_path):
    good = tmp_path / "a.txt"
    good.write_text(SPUN, encoding="utf-8")
    r = run_cli("fix", str(tmp_path / "nope.txt"), str(good))
    assert r.returncode == 2
    assert f"{tmp_path / 'nope.txt'}: no such file or directory" in err(r)
    assert good.read_text(encoding="utf-8") == SPUN_FIXED


# --- review: a file changed on disk meanwhile ----------------------------------------------

def _has(module: str) -> bool:
    import importlib.util
    return importlib.util.find_spec(f"cleaner.{module}") is not None


@pytest.mark.skipif(not _has("review"), reason="cleaner/review.py does not exist yet")
def test_review_does_not_write_a_file_changed_on_disk_meanwhile(tmp_path):
    """The review reads the file, the user answers; meanwhile someone edits the file."""
    f = tmp_path / "a.txt"
    f.write_text(SPUN, encoding="utf-8")
    fifo = tmp_path / "answers"
    os.mkfifo(fifo)
    env = dict(os.environ, PYTHONPATH=str(ROOT), NO_COLOR="1", PYTHONUNBUFFERED="1")
    p = subprocess.Popen([sys.executable, "-m", "cleaner.cli", "review", "--isolated", "--answers", str(fifo),
                          str(f)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        with open(fifo, "w", encoding="utf-8") as answers:
            # the review has opened the answers: wait until it has shown the first fix
            seen = b""
            deadline = time.monotonic() + 120
            while b"Trump" not in seen and time.monotonic() < deadline:
                seen += os.read(p.stdout.fileno(), 4096) or b""
                if p.poll() is not None:
                    break
            assert b"Trump" in seen, seen
            changed = SPUN + "A colleague added this line.\n"
            f.write_text(changed, encoding="utf-8")
            answers.write("y\ny\ny\ny\n")
        rest, stderr = p.communicate(timeout=120)
    finally:
        if p.poll() is None:
            p.kill()
    assert p.returncode == 2, (seen + rest, stderr)
    assert f"{f}: changed on disk during the review; not written" in stderr.decode(), stderr.decode()
    assert f.read_text(encoding="utf-8") == changed
    assert no_temp_files(tmp_path)


# --- batch: broken records -------------------------------------------------------------------

needs_batch = pytest.mark.skipif(not _has("batch"), reason="cleaner/batch.py does not exist yet")


def _batch(tmp_path, *inputs):
    out = tmp_path / "out"
    r = run_cli("batch", *map(str, inputs), "--out", str(out), "--workers", "1", "--isolated")
    return r, out


def _records(folder: Path) -> list[dict]:
    recs = []
    for part in sorted(folder.glob("part-*")):
        data = part.read_bytes()
        if part.suffix == ".gz":
            data = gzip.decompress(data)
        recs += [json.loads(line) for line in data.decode("utf-8").splitlines() if line.strip()]
    return recs


def _rejects(out: Path) -> list[dict]:
    p = out / "rejects.jsonl"
    return [json.loads(l) for l in p.read_text(encoding="utf-8").splitlines() if l.strip()] if p.exists() else []


@needs_batch
def test_batch_jsonl_with_malformed_lines(tmp_path):
    src = tmp_path / "news.jsonl"
    lines = [json.dumps({"id": 1, "text": "He said the the envoy met officials."}),
             '{"id": 2, "text": "unterminated',
             "",
             "not json at all",
             json.dumps([1, 2, 3]),
             json.dumps({"id": 6, "text": "The company grew."}),
             '{"id": 7, "text": "bad \xff byte"}']
    src.write_bytes("\n".join(lines[:6]).encode() + b"\n" + b'{"id": 7, "text": "bad \xff byte"}\n'
                    + json.dumps({"id": 8, "text": "Last record."}).encode() + b"\n")
    r, out = _batch(tmp_path, src)
    assert r.returncode == 0, err(r)
    assert "rejects: 4 (see" in err(r), err(r)
    recs = _records(out / "news")
    assert [x["id"] for x in recs] == [1, 6, 8]
    assert recs[0]["text"] == "He said the envoy met officials."
    rej = _rejects(out)
    reasons = " | ".join(x["reason"] for x in rej)
    assert len(rej) == 4, rej                     # unterminated, not json, a list, bad UTF-8 (blank line skipped)
    assert "malformed JSON" in reasons and "invalid UTF-8" in reasons, reasons
    assert {x["line"] for x in rej} == {2, 4, 5, 7}
    for x in rej:
        assert "raw" in x


@needs_batch
def test_batch_truncated_gz(tmp_path):
    src = tmp_path / "news.jsonl.gz"
    body = "".join(json.dumps({"id": i, "text": f"Record {i}: he said the the envoy met officials."}) + "\n"
                   for i in range(2000)).encode()
    whole = gzip.compress(body)
    src.write_bytes(whole[:len(whole) * 2 // 3])
    r, out = _batch(tmp_path, src)
    # batch's contract: what cannot be read goes to rejects.jsonl, counted in the
    # summary; the run itself succeeds
    assert r.returncode == 0, err(r)
    assert "rejects: 1 (see" in err(r), err(r)
    recs = _records(out / "news")
    assert 0 < len(recs) < 2000
    assert [x["id"] for x in recs] == list(range(len(recs)))      # a clean prefix, in order
    assert all(x["text"].endswith("he said the envoy met officials.") for x in recs)
    (rej,) = _rejects(out)
    assert rej["source"] == str(src) and rej["line"] == len(recs) + 1
    assert rej["reason"].startswith(f"corrupt gzip stream after line {len(recs)}"), rej


@needs_batch
def test_batch_record_without_the_text_field(tmp_path):
    src = tmp_path / "news.jsonl"
    src.write_text("\n".join(json.dumps(x) for x in [
        {"id": "a", "text": "He said the the envoy."},
        {"id": "b", "body": "no text field"},
        {"id": "c", "text": None},
        {"id": "d", "text": 42},
        {"id": "e", "text": "The company grew."},
    ]) + "\n", encoding="utf-8")
    r, out = _batch(tmp_path, src)
    assert r.returncode == 0, err(r)
    assert "rejects: 3 (see" in err(r), err(r)
    assert [x["id"] for x in _records(out / "news")] == ["a", "e"]
    rej = {x.get("id", x.get("line")): x["reason"] for x in _rejects(out)}
    assert len(rej) == 3, rej
    assert any("no 'text' field" in v for v in rej.values()), rej
    assert sum("not a string" in v for v in rej.values()) == 2, rej


ADVERSARIAL = {       # n -> a text of n characters whose runs grow with n
    "one run of spaces": lambda n: "word" + " " * (n - 9) + "next.",
    "one run of spaces before a stop": lambda n: "word" + " " * (n - 5) + ".",
    "one run of letters": lambda n: "x" * n,
    "one run of blank lines": lambda n: "Title" + "\n" * (n - 10) + "Text.",
    "quotes and marks": lambda n: ("a “ ’ ” ' \" | • © € % $ " * n)[:n],
    "punctuation": lambda n: (". , ; : ! ? " * n)[:n],
    "repeated capitalised words": lambda n: ("The  The  Share\n" * n)[:n],
}


@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_pack_rules_scale_linearly_on_adversarial_text(name):
    """Every built-in phrase and boilerplate rule together, on 4x the text: about 4x the time
    (a pattern that re-reads a run of spaces from each of its positions is quadratic in the run)."""
    small, large = _time_rules(ADVERSARIAL[name](4_000)), _time_rules(ADVERSARIAL[name](16_000))
    assert large < 8 * max(small, 0.05), f"4k: {small:.2f}s, 16k: {large:.2f}s"


def _time_rules(text: str) -> float:
    from cleaner.analysis import Analysis
    from cleaner.detectors import Context
    from cleaner.document import Document
    from cleaner.engine import default_kb
    kb = default_kb()
    doc = Document.from_text(text)
    ctx = Context(doc, Analysis(doc.view), kb)
    t = time.perf_counter()
    for rule in kb.phrase_rules + kb.boilerplate_rules:
        try:
            list(rule.pattern.finditer(ctx.view, timeout=10))
        except TimeoutError:
            pytest.fail(f"{rule.id} ran over 10 s on {len(text):,} characters")
    return time.perf_counter() - t
