"""`mtclean batch`: clean a corpus (JSONL files, folders of .txt/.md/.html) at scale.

    mtclean batch news.jsonl.gz site/ --out cleaned/ [--workers N] [--learn-names]
    mtclean batch --out cleaned/ --resume          # after Ctrl-C or kill -9

What lands in OUT:

- ``OUT/<name>/part-00000.jsonl[.gz]`` ...: one folder per JSONL input, the cleaned
  records in input order, ``--shard-size`` input lines per part (gzip when the
  input is gzip). Every field but the text passes through; the score, counts,
  applied edits and findings go under ``--key`` (default ``mtclean``).
- ``OUT/<name>/...``: a mirror of each input folder (or a copy of a named text
  file), every text file cleaned.
- ``OUT/rejects.jsonl``: every line or file that could not be cleaned (malformed
  JSON, no text field, binary or undecodable file), with source, line, byte,
  reason and the raw line. A record is in the output or here, never in both.
- ``OUT/summary.json``: articles, words, findings by kind, fixes, rejects; the
  wall-clock figures are kept apart under ``timing``.
- ``OUT/learned-names.json`` (``--learn-names``): the misspellings the corpus taught.
- ``OUT/manifest.json``: the progress of the run, replaced atomically after
  every shard; ``--resume`` continues from it and produces the same bytes an
  uninterrupted run would.

Names learned from the corpus: a rare capitalised form close to a frequent one
is a misspelling even when no dictionary knows the name.

>>> counts = {"Witkoff": 500, "Witkov": 3, "Putin": 900, "Moscow": 40}
>>> learned = learn_names(counts, zipf=lambda w: 0.0)
>>> learned["Witkov"]
('Witkoff', "corpus: 'Witkoff' x500 vs 'Witkov' x3 (safe)")
>>> sorted(learned)
['Witkov']
"""
from __future__ import annotations

import gzip
import heapq
import json
import os
import re
import signal
import sys
import tempfile
import time
import zlib
from collections import Counter, defaultdict, deque
from dataclasses import dataclass
from pathlib import Path

import click

MANIFEST = "manifest.json"
SUMMARY = "summary.json"
REJECTS = "rejects.jsonl"
LEARNED = "learned-names.json"
STATE_DIR = ".mtclean"            # rows.jsonl: the per-article table (for reports)
RESERVED = frozenset((MANIFEST, SUMMARY, REJECTS, LEARNED, STATE_DIR, "report"))
TMP_SUFFIX = ".mtclean-tmp"       # the suffix cleaner.sources.write_atomic uses too
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
CHUNK_ITEMS = 32                  # articles per task sent to a worker
CHUNK_BYTES = 1 << 20             # ... or this many input bytes, whichever comes first
TOP_N = 20                        # most-spun articles kept for the report
MAX_FORMS = 2_000_000             # distinct name forms counted before singletons are pruned
MANIFEST_VERSION = 1

# Learned names: thresholds of the corpus pass (issue 4, point 4).
LEARN_JW = 0.9
LEARN_RATIO = 20
LEARN_MIN_FREQUENT = 20
LEARN_SAFE_RATIO = 50
LEARN_SAFE_FREQUENT = 50
LEARN_MAX_ZIPF = 2.0
LEARN_MAX_FREQUENT_ZIPF = 4.5     # a target this common is an English word or a name every dictionary has

# What can change the output; a resumed run must use the same values.
FINGERPRINT = ("text_field", "id_field", "output_field", "key", "level", "kind", "shard_size",
               "learn_names", "findings", "settings")


class BatchError(Exception):
    """A usage or input problem found before anything is written: exit 2."""


class Interrupted(Exception):
    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


# -- inputs ---------------------------------------------------------------------------------

@dataclass
class Input:
    path: str            # as the user wrote it
    abspath: str
    kind: str            # "jsonl" | "files"
    name: str            # output name under OUT
    gz: bool = False
    single: bool = False  # a single named text file (not a folder)
    size: int = 0
    mtime_ns: int = 0

    def to_json(self) -> dict:
        return dict(self.__dict__)


def _is_jsonl(path: str) -> bool:
    p = path.lower()
    if p.endswith(".gz"):
        p = p[:-3]
    return p.endswith(JSONL_SUFFIXES)


def _stem(path: str) -> str:
    name = os.path.basename(os.path.normpath(os.path.abspath(path)))
    low = name.lower()
    if low.endswith(".gz"):
        name, low = name[:-3], low[:-3]
    for suf in JSONL_SUFFIXES:
        if low.endswith(suf):
            return name[: -len(suf)] or "input"
    return name or "input"


def plan_inputs(paths, out: str) -> list[Input]:
    """Classify the inputs and give each a distinct output name under ``out``."""
    from .sources import TEXT_SUFFIXES
    used: set[str] = {r.casefold() for r in RESERVED}
    plan = []
    for raw in paths:
        if raw == "-":
            raise BatchError("batch cannot read stdin (it could not be resumed); name files or folders")
        p = Path(raw)
        if not p.exists():
            raise BatchError(f"{raw}: no such file or directory")
        if p.is_dir():
            kind, single = "files", False
        elif _is_jsonl(raw):
            kind, single = "jsonl", False
        elif raw.lower().endswith(TEXT_SUFFIXES):
            kind, single = "files", True
        else:
            raise BatchError(f"{raw}: not a JSONL file (.jsonl, .ndjson, .json, optionally .gz), "
                             "a folder, or a .txt/.md/.html file")
        base = os.path.basename(os.path.normpath(os.path.abspath(raw))) if single else _stem(raw)
        name, n = base, 1
        while name.casefold() in used:
            n += 1
            root, ext = os.path.splitext(base) if single else (base, "")
            name = f"{root}-{n}{ext}"
        used.add(name.casefold())
        st = p.stat()
        plan.append(Input(path=raw, abspath=os.path.abspath(raw), kind=kind, name=name,
                          gz=kind == "jsonl" and raw.lower().endswith(".gz"), single=single,
                          size=st.st_size if kind == "jsonl" else 0,
                          mtime_ns=st.st_mtime_ns if kind == "jsonl" else 0))
    return plan


def iter_lines(inp: Input, start_line: int = 0, start_offset: int = 0):
    """Yield (line number from 0, byte offset, raw line, position in the file for progress).

    Plain files seek to ``start_offset``; gzip files are re-read and skipped.
    A corrupt gzip stream yields one final ``(n, offset, None, pos, reason)``.
    """
    raw = open(inp.abspath, "rb")
    try:
        if inp.gz:
            fh = gzip.GzipFile(fileobj=raw, mode="rb")
        else:
            raw.seek(start_offset)
            fh = raw
        n, off = (0, 0) if inp.gz else (start_line, start_offset)
        try:
            for line in fh:
                if n >= start_line:
                    yield n, off, line, raw.tell(), None
                n += 1
                off += len(line)
        except (OSError, EOFError, zlib.error) as e:
            if n >= start_line:
                yield n, off, None, raw.tell(), f"corrupt gzip stream after line {n}: {e}"
    finally:
        raw.close()


def iter_files(inp: Input, out: str):
    """Yield (path, destination) for every text file of a folder input, sorted."""
    from .sources import expand_paths
    if inp.single:
        yield inp.path, os.path.join(out, inp.name)
        return
    out_abs = os.path.abspath(out) + os.sep
    for path, err in expand_paths([inp.path]):
        if err is not None:
            continue
        if os.path.abspath(path).startswith(out_abs):
            continue  # never read our own output
        rel = os.path.relpath(path, inp.path)
        yield path, os.path.join(out, inp.name, rel)


# -- learning names -------------------------------------------------------------------------

_POSSESSIVE = re.compile(r"['’]s?$")


def count_names(text: str, kind: str = "text", counts: Counter | None = None) -> Counter:
    """Count capitalised word forms in the prose of ``text`` (possessives stripped).

    >>> sorted(count_names("Witkoff's aide met Witkoff. THE END, said Ann.").items())
    [('Witkoff', 2)]
    """
    from .analysis import WORD_RE
    from .document import Document
    counts = Counter() if counts is None else counts
    view = Document.from_text(text, kind).view
    for m in WORD_RE.finditer(view):
        t = m.group()
        if not t[0].isupper() or t.isupper():
            continue
        t = _POSSESSIVE.sub("", t)
        if len(t) >= 4:
            counts[t] += 1
    return counts


def learn_names(counts, zipf, known=lambda form: False, min_frequent: int = LEARN_MIN_FREQUENT,
                min_ratio: float = LEARN_RATIO) -> dict[str, tuple[str, str]]:
    """{rare form: (frequent form, evidence)} for rare forms that look like misspellings.

    A rare form is learned when a frequent form has the same phonetic key, a
    Jaro-Winkler similarity >= 0.9 (case and accents folded), at least
    ``min_frequent`` occurrences and ``min_ratio`` times as many; the rare form
    must not be an English word (zipf < 2) nor a form ``known`` accepts, and the
    choice must be clear (no runner-up with half the best count). The evidence
    ends in "(safe)" only when the ratio is >= 50 and the frequent form occurs
    >= 50 times; the consistency detector reads it.

    Two guards for precision: damage strips accents rather than adding them,
    so a rare form with accents its frequent look-alike lacks is another
    (native) name; and a frequent form that is a common English word (zipf >=
    4.5: King, Jones) is no target, since names that common are in every
    dictionary and common words attract look-alike names.

    >>> zipf = {"King": 5.2, "Jones": 4.7}.get
    >>> learn_names({"Jones": 190, "Jonás": 1, "King": 187, "Kingi": 3, "Al-Sharaa": 90, "Alsharaa": 1,
    ...              "Randrianirina": 40, "Randrianrena": 1}, zipf=lambda w: zipf(w, 0.0))
    {'Randrianrena': ('Randrianirina', "corpus: 'Randrianirina' x40 vs 'Randrianrena' x1 (likely)")}
    """
    from rapidfuzz.distance import JaroWinkler

    from .analysis import fold
    from .phonetic import name_key
    try:
        from .detectors.entity import _gendered_pair
    except ImportError:  # pragma: no cover
        def _gendered_pair(a, b):
            return False
    groups: dict[str, list[str]] = defaultdict(list)
    for form in sorted(counts):
        groups[name_key(form)].append(form)
    learned: dict[str, tuple[str, str]] = {}
    for key in sorted(groups):
        forms = groups[key]
        if len(forms) < 2 or not key:
            continue
        frequent = [f for f in forms if counts[f] >= min_frequent and zipf(f) < LEARN_MAX_FREQUENT_ZIPF]
        if not frequent:
            continue
        top = max(counts[f] for f in frequent)
        for rare in forms:
            n = counts[rare]
            if n * min_ratio > top or len(rare) < 5 or zipf(rare) >= LEARN_MAX_ZIPF or known(rare):
                continue
            a = fold(rare)
            accents = _accents(rare)
            cands = []
            for f in frequent:
                if counts[f] < n * min_ratio:
                    continue
                b = fold(f)
                if a == b or _bare(a) == _bare(b) or _gendered_pair(a, b) or not accents <= _accents(f):
                    continue
                jw = JaroWinkler.similarity(a, b)
                if jw >= LEARN_JW:
                    cands.append((-counts[f], -jw, f))
            if not cands:
                continue
            cands.sort()
            if len(cands) > 1 and -cands[1][0] * 2 > -cands[0][0]:
                continue  # two frequent forms compete: not a clear misspelling
            nf, f = -cands[0][0], cands[0][2]
            safe = nf >= LEARN_SAFE_FREQUENT and nf >= LEARN_SAFE_RATIO * n
            if not safe and "safe" in f"{f} {rare}":
                continue  # the evidence string would read as safe
            learned[rare] = (f, f"corpus: {f!r} x{nf} vs {rare!r} x{n} ({'safe' if safe else 'likely'})")
    return learned


def _bare(folded: str) -> str:
    """Hyphens, apostrophes and spaces dropped: Amirabdollahian / Amir-Abdollahian are one spelling."""
    return re.sub(r"[-'’ ]", "", folded)


def _accents(form: str) -> set[str]:
    """The accented letters of a form: ``_accents("Mázon") == {"á"}``."""
    import unicodedata
    return {c for c in form.lower() if unicodedata.normalize("NFD", c) != c}


# -- workers ----------------------------------------------------------------------------------

_W: dict = {}
_ENGINES: dict = {}


def _engine_for(settings: dict):
    """One Engine per process and settings (the knowledge base is compiled once)."""
    key = json.dumps(settings, sort_keys=True)
    if key not in _ENGINES:
        from .engine import Engine, default_kb
        from .knowledge import KnowledgeBase
        if settings["packs"] or not settings["builtin_packs"] or settings["disable_packs"]:
            kb = KnowledgeBase.load(settings["packs"], settings["builtin_packs"],
                                    frozenset(settings["disable_packs"]))
        else:
            kb = default_kb()
        _ENGINES[key] = Engine(kb, accept=settings["accept"], disable=settings["disable"],
                               select=settings["select"])
    return _ENGINES[key]


def _die_with_parent(parent: int) -> None:
    """A worker must not outlive a parent killed with -9."""
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:
        pass
    if os.getppid() != parent:
        os._exit(1)
    import threading

    def watch():
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)
    threading.Thread(target=watch, daemon=True).start()


def _init_worker(opts: dict, learned: dict | None, parent: int | None, need_engine: bool = True) -> None:
    if parent is not None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        _die_with_parent(parent)
    _W.clear()
    _W["opts"] = opts
    _W["extra"] = {"learned_names": learned} if learned else None
    if need_engine:
        _W["engine"] = _engine_for(opts["settings"])


def _new_stats() -> dict:
    return {"articles": 0, "words": 0, "bytes": 0, "findings": 0, "fixes": 0, "score_sum": 0.0,
            "spun": 0, "blank_lines": 0, "rejects": 0, "by_kind": {}, "by_level": {}, "by_rule": {},
            "rejects_by_reason": {}, "histogram": [0] * 10}


def _merge_stats(into: dict, part: dict) -> None:
    for k, v in part.items():
        if isinstance(v, dict):
            d = into.setdefault(k, {})
            for kk, vv in v.items():
                d[kk] = d.get(kk, 0) + vv
        elif isinstance(v, list):
            into[k] = [a + b for a, b in zip(into[k], v)]
        else:
            into[k] = into[k] + v


def _reason_class(reason: str) -> str:
    for prefix in ("malformed JSON", "invalid UTF-8", "binary file", "not a JSON object", "corrupt gzip",
                   "internal error"):
        if reason.startswith(prefix):
            return prefix
    if "has no" in reason:
        return "missing text field"
    if "not a string" in reason:
        return "text not a string"
    return "unreadable"


def _reject(res: dict, rec: dict) -> None:
    res["rejects"].append(rec)
    st = res["stats"]
    st["rejects"] += 1
    c = _reason_class(rec["reason"])
    st["rejects_by_reason"][c] = st["rejects_by_reason"].get(c, 0) + 1


def _account(res: dict, rid, summary: dict, nbytes: int, threshold: float, item_no: int, payload) -> None:
    st = res["stats"]
    st["articles"] += 1
    st["words"] += summary["words"]
    st["bytes"] += nbytes
    st["fixes"] += summary["fixes"]
    score = summary["score"]
    st["score_sum"] += score
    st["histogram"][min(int(score * 10), 9)] += 1
    st["spun"] += score > 0
    for k, v in summary["counts"].items():
        st["by_kind"][k] = st["by_kind"].get(k, 0) + v
    for f in summary.get("findings", ()):
        st["findings"] += 1
        st["by_level"][f["fix"]] = st["by_level"].get(f["fix"], 0) + 1
        st["by_rule"][f["rule"]] = st["by_rule"].get(f["rule"], 0) + 1
    row = {"id": rid, "score": score, "words": summary["words"], "counts": summary["counts"],
           "fixes": summary["fixes"]}
    if summary.get("findings"):  # (rule, text) pairs: the report's table of frequent artifacts
        row["patterns"] = [[f["rule"], f["text"]] for f in summary["findings"]]
    res["rows"].append(row)
    if score > threshold:
        text, fixed = payload()
        res["top"].append((score, item_no, {"id": rid, "score": score, "text": text, "fixed": fixed,
                                            "findings": summary.get("findings", [])}))


def _dump_line(obj) -> bytes:
    try:
        return (json.dumps(obj, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate from a \ud800 escape: keep it escaped
        return (json.dumps(obj) + "\n").encode("ascii")


def _clean_chunk(chunk: dict) -> dict:
    """Clean one chunk of articles; runs in a worker. Returns lines, rejects, rows, top, stats."""
    from .record import RecordError, clean_record
    from .sources import BinaryInput, InputError, read_path
    o, engine, extra = _W["opts"], _W["engine"], _W["extra"]
    res = {"lines": [], "rejects": [], "rows": [], "top": [], "stats": _new_stats()}
    threshold, source = chunk["threshold"], chunk["source"]
    level, key = o["level"], o["key"]
    if chunk["kind"] == "jsonl":
        kind = "text" if o["kind"] == "auto" else o["kind"]
        for n, off, raw, error in chunk["items"]:
            where = {"source": source, "line": n + 1, "byte": off}
            if error is not None:
                _reject(res, {**where, "reason": error})
                continue
            body = raw[:-1] if raw.endswith(b"\n") else raw
            body = body[:-1] if body.endswith(b"\r") else body
            if n == 0 and body.startswith(b"\xef\xbb\xbf"):
                body = body[3:]
            if not body.strip():
                res["stats"]["blank_lines"] += 1
                continue
            try:
                line = body.decode("utf-8")
            except UnicodeDecodeError as e:
                _reject(res, {**where, "byte": off + e.start, "reason": f"invalid UTF-8 at byte {off + e.start}",
                              "raw": body.decode("utf-8", "backslashreplace")})
                continue
            try:
                rec = json.loads(line)
            except (json.JSONDecodeError, RecursionError) as e:
                msg = f"{e.msg} at column {e.colno}" if isinstance(e, json.JSONDecodeError) else "nested too deeply"
                _reject(res, {**where, "reason": f"malformed JSON: {msg}", "raw": line})
                continue
            if not isinstance(rec, dict):
                _reject(res, {**where, "reason": f"not a JSON object ({type(rec).__name__})", "raw": line})
                continue
            rid = rec.get(o["id_field"])
            if not isinstance(rid, (str, int, float)) or isinstance(rid, bool):
                rid = f"{source}:{n + 1}"
            try:
                out = clean_record(rec, engine, o["text_field"], o["output_field"], key, level, kind, extra)
            except RecordError as e:
                _reject(res, {**where, "id": rid, "reason": str(e), "raw": line})
                continue
            except Exception as e:  # a bug must cost one record, not the run
                _reject(res, {**where, "id": rid, "reason": f"internal error: {type(e).__name__}: {e}",
                              "raw": line})
                continue
            summary = out[key]
            _account(res, rid, summary, len(raw), threshold, n,
                     lambda: (rec[o["text_field"]], out[o["output_field"] or o["text_field"]]))
            if not o["findings"]:
                summary.pop("findings", None)
            res["lines"].append(_dump_line(out))
    else:
        from .document import kind_for_path
        for n, path, dest in chunk["items"]:
            try:
                text = read_path(path)
            except BinaryInput:
                _reject(res, {"source": path, "reason": "binary file (NUL bytes)"})
                continue
            except InputError as e:
                msg = str(e)
                reason = msg[len(path) + 2:] if msg.startswith(path + ": ") else msg
                rec = {"source": path, "reason": reason}
                m = re.search(r"at byte (\d+)", reason)
                if m:
                    rec["byte"] = int(m.group(1))
                _reject(res, rec)
                continue
            kind = kind_for_path(path) if o["kind"] == "auto" else o["kind"]
            try:
                out = clean_record({"text": text}, engine, "text", None, "m", level, kind, extra)
                write_file_atomic(dest, out["text"], _source_mode(path))
            except Exception as e:
                _reject(res, {"source": path, "reason": f"internal error: {type(e).__name__}: {e}"})
                continue
            _account(res, path, out["m"], len(text.encode("utf-8")), threshold, n,
                     lambda: (text, out["text"]))
    return res


def _source_mode(path: str) -> int | None:
    try:
        return os.stat(path).st_mode & 0o777
    except OSError:
        return None


def _count_chunk(chunk: dict) -> Counter:
    """Count capitalised name forms in one chunk; runs in a worker (first pass of --learn-names)."""
    from .sources import InputError, read_path
    o = _W["opts"]
    counts: Counter = Counter()
    if chunk["kind"] == "jsonl":
        kind = "text" if o["kind"] == "auto" else o["kind"]
        for n, off, raw, error in chunk["items"]:
            if raw is None:
                continue
            try:
                rec = json.loads(raw.decode("utf-8-sig" if n == 0 else "utf-8"))
            except (ValueError, RecursionError):
                continue
            text = rec.get(o["text_field"]) if isinstance(rec, dict) else None
            if isinstance(text, str):
                count_names(text, kind, counts)
    else:
        from .document import kind_for_path
        for n, path, dest in chunk["items"]:
            try:
                text = read_path(path)
            except InputError:
                continue
            count_names(text, kind_for_path(path) if o["kind"] == "auto" else o["kind"], counts)
    return counts


# -- output ------------------------------------------------------------------------------------

class ShardWriter:
    """One output shard: written to a temp file, renamed into place on commit."""

    def __init__(self, path: str, gz: bool):
        self.path = path
        d = os.path.dirname(path)
        os.makedirs(d, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=TMP_SUFFIX, dir=d)
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; outputs get the usual mode
        self.raw = os.fdopen(fd, "wb")
        self.fh = gzip.GzipFile(filename="", fileobj=self.raw, mode="wb", mtime=0, compresslevel=6) \
            if gz else self.raw

    def write(self, data: bytes) -> None:
        self.fh.write(data)

    def commit(self) -> None:
        if self.fh is not self.raw:
            self.fh.close()
        self.raw.flush()
        os.fsync(self.raw.fileno())
        self.raw.close()
        os.replace(self.tmp, self.path)

    def abort(self) -> None:
        try:
            if self.fh is not self.raw:
                self.fh.close()
            self.raw.close()
        except Exception:
            pass
        try:
            os.unlink(self.tmp)
        except OSError:
            pass


_UMASK: int | None = None


def _umask() -> int:
    global _UMASK
    if _UMASK is None:
        _UMASK = os.umask(0o022)
        os.umask(_UMASK)
    return _UMASK


def write_file_atomic(path: str, text: str, mode: int | None = None) -> None:
    """Write ``text`` atomically; a new file gets ``mode`` (default 0666 - umask)."""
    from .sources import write_atomic
    if mode is not None and os.path.exists(path):
        os.chmod(path, mode | 0o200)   # an output we write again takes the source's mode
    write_atomic(path, text, mode)
    if mode is not None:
        os.chmod(path, mode)


def _write_json_atomic(path: str, obj) -> None:
    write_file_atomic(path, json.dumps(obj, ensure_ascii=False, indent=1) + "\n")


def _remove_temp_files(out: str) -> None:
    for root, dirs, files in os.walk(out):
        for f in files:
            if f.startswith(".") and f.endswith(TMP_SUFFIX):
                try:
                    os.unlink(os.path.join(root, f))
                except OSError:
                    pass


class Progress:
    """A one-line progress bar on stderr with rate and ETA (only on a terminal)."""

    def __init__(self, enabled: bool, total: int, label: str = ""):
        self.enabled, self.total, self.label = enabled, total, label
        self.t0 = time.monotonic()
        self.last = 0.0
        self.a0 = self.p0 = None
        self.shown = False

    def update(self, articles: int, pos: int, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if self.a0 is None:
            self.a0, self.p0, self.t0 = articles, pos, now
        if not force and now - self.last < 0.2:
            return
        self.last = now
        dt = max(now - self.t0, 1e-6)
        rate, bps = (articles - self.a0) / dt, (pos - self.p0) / dt
        parts = [self.label] if self.label else []
        if self.total:
            frac = min(pos / self.total, 1.0)
            filled = int(frac * 24)
            parts.append(f"[{'#' * filled}{'.' * (24 - filled)}] {frac * 100:3.0f}%")
        parts.append(f"{articles:,} articles")
        if dt > 0.5:
            parts.append(f"{rate:,.0f}/s {bps / 1e6:.1f} MB/s")
            if self.total and bps > 0:
                parts.append(f"ETA {_hms((self.total - pos) / bps)}")
        sys.stderr.write("\r" + "  ".join(parts) + "\x1b[K")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
            self.shown = False


def _hms(s: float) -> str:
    s = int(s)
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"


# -- the run -------------------------------------------------------------------------------------

class Batch:
    def __init__(self, out: str, opts: dict, inputs: list[Input], workers: int, quiet: bool,
                 report: str | None, resume_cmd: str):
        self.out, self.opts, self.inputs = out, opts, inputs
        self.workers, self.quiet, self.report = workers, quiet, report
        self.resume_cmd = resume_cmd
        self.show = not quiet and sys.stderr.isatty()
        _umask()  # read once here, before any thread or worker exists
        self.state: dict = {}
        self.top: list = []
        self.writer: ShardWriter | None = None
        self.writer_key = None
        self.session_t0 = time.monotonic()
        self.prior_elapsed = 0.0
        self.executor = None
        self.forced = False
        self.saved_articles = 0

    # state ------------------------------------------------------------------------------

    def fresh_state(self, digest: str, version: str) -> dict:
        return {"version": MANIFEST_VERSION, "mtclean": version, "kb": digest,
                "options": self.opts, "inputs": [i.to_json() for i in self.inputs],
                "progress": [{"lines": 0, "offset": 0, "complete": False} for _ in self.inputs],
                "learned": None, "rejects_bytes": 0, "rows_bytes": 0,
                "stats": _new_stats(), "top": [], "complete": False,
                "timing": {"elapsed_s": 0.0, "sessions": 0}}

    def save(self) -> None:
        self.state["top"] = [[s, i, j, p] for s, i, j, p in sorted(self.top, reverse=True)]
        self.state["timing"]["elapsed_s"] = round(self.prior_elapsed + time.monotonic() - self.session_t0, 3)
        _write_json_atomic(os.path.join(self.out, MANIFEST), self.state)
        self.saved_articles = self.state["stats"]["articles"]

    def path(self, *parts) -> str:
        return os.path.join(self.out, *parts)

    def open_appends(self) -> None:
        os.makedirs(self.path(STATE_DIR), exist_ok=True)
        self.rejects = self._open_append(self.path(REJECTS), self.state["rejects_bytes"])
        self.rows = self._open_append(self.path(STATE_DIR, "rows.jsonl"), self.state["rows_bytes"])

    @staticmethod
    def _open_append(path: str, size: int):
        fh = open(path, "ab")
        fh.truncate(size)  # drop what an interrupted run appended after its last commit
        fh.seek(size)
        return fh

    # chunks -----------------------------------------------------------------------------

    def chunks(self, learn_pass: bool = False):
        """Chunks of work in input order; a chunk never crosses a shard or an input."""
        S = self.opts["shard_size"]
        done_bytes = 0
        for i, inp in enumerate(self.inputs):
            prog = self.state["progress"][i]
            if inp.kind == "jsonl":
                size = inp.size
                if prog["complete"] and not learn_pass:
                    done_bytes += size
                    continue
                start_line, start_off = (0, 0) if learn_pass else (prog["lines"], prog["offset"])
                items, nbytes, pos = [], 0, 0
                shard = start_line // S
                next_line, next_off = start_line, start_off
                for n, off, raw, pos, error in iter_lines(inp, start_line, start_off):
                    if n // S != shard and items:
                        yield self._chunk(i, inp, shard, items, next_line, next_off, done_bytes + pos, True)
                        items, nbytes = [], 0
                    shard = n // S
                    items.append((n, off, raw, error))
                    nbytes += len(raw or b"")
                    next_line, next_off = n + 1, off + len(raw or b"")
                    if error is not None:
                        break
                    if (n + 1) % S == 0:
                        yield self._chunk(i, inp, shard, items, next_line, next_off, done_bytes + pos, True)
                        items, nbytes = [], 0
                        shard += 1
                    elif len(items) >= CHUNK_ITEMS or nbytes >= CHUNK_BYTES:
                        yield self._chunk(i, inp, shard, items, next_line, next_off, done_bytes + pos, False)
                        items, nbytes = [], 0
                done_bytes += size
                yield self._chunk(i, inp, shard, items, next_line, next_off, done_bytes, True, end=True)
            else:
                if prog["complete"] and not learn_pass:
                    continue
                start = 0 if learn_pass else prog["lines"]
                items, n = [], -1
                shard = start // S
                for n, (path, dest) in enumerate(iter_files(inp, self.out)):
                    if n < start:
                        continue
                    if self.show:
                        try:
                            done_bytes += os.stat(path).st_size
                        except OSError:
                            pass
                    items.append((n, path, dest))
                    shard = n // S
                    if (n + 1) % S == 0:
                        yield self._chunk(i, inp, shard, items, n + 1, 0, done_bytes, True)
                        items = []
                        shard += 1
                    elif len(items) >= CHUNK_ITEMS:
                        yield self._chunk(i, inp, shard, items, n + 1, 0, done_bytes, False)
                        items = []
                yield self._chunk(i, inp, shard, items, max(n + 1, start), 0, done_bytes, True, end=True)

    def _chunk(self, i, inp, shard, items, next_line, next_off, pos, closes, end=False) -> dict:
        return {"input": i, "kind": inp.kind, "source": inp.path, "shard": shard, "items": items,
                "next_line": next_line, "next_offset": next_off, "pos": pos, "closes": closes,
                "end": end, "threshold": self.threshold()}

    def threshold(self) -> float:
        return self.top[0][0] if len(self.top) >= TOP_N else 0.0

    def total_bytes(self) -> int:
        if not self.show:
            return 0
        total = 0
        for inp in self.inputs:
            if inp.kind == "jsonl":
                total += inp.size
            else:
                for path, _ in iter_files(inp, self.out):
                    try:
                        total += os.stat(path).st_size
                    except OSError:
                        pass
        return total

    # execution ---------------------------------------------------------------------------

    def results(self, fn, chunks, learned, need_engine=True):
        """Yield (chunk, result) in input order, with a bounded number of chunks in flight."""
        if self.workers <= 1:
            _init_worker(self.opts, learned, None, need_engine)
            for ch in chunks:
                yield ch, (fn(ch) if ch["items"] else None)
            return
        from concurrent.futures import ProcessPoolExecutor
        self.executor = ex = ProcessPoolExecutor(self.workers, initializer=_init_worker,
                                                 initargs=(self.opts, learned, os.getpid(), need_engine))
        pending: deque = deque()
        window = self.workers * 4
        ok = False
        try:
            it = iter(chunks)
            for ch in it:
                pending.append((ch, ex.submit(fn, ch) if ch["items"] else None))
                while len(pending) >= window:
                    c, fut = pending.popleft()
                    yield c, (fut.result() if fut else None)
            while pending:
                c, fut = pending.popleft()
                yield c, (fut.result() if fut else None)
            ok = True
        finally:
            self.stop_workers(graceful=ok)

    def stop_workers(self, graceful: bool = False) -> None:
        """End the pool: politely when all work is done, by force on an interruption.

        After a forced stop the process must leave with ``os._exit``: a worker
        killed while sending a result leaves the pool's result pipe half-read,
        and the interpreter's exit hook would wait on it for ever.
        """
        ex, self.executor = self.executor, None
        if ex is None:
            return
        if graceful:
            ex.shutdown(wait=True)
            return
        self.forced = True
        procs = list(getattr(ex, "_processes", {}).values())
        ex.shutdown(wait=False, cancel_futures=True)
        for p in procs:  # the workers this run started
            try:
                p.kill()
            except Exception:
                pass
        for p in procs:
            p.join(5)

    def learn(self) -> dict:
        """First pass of --learn-names: count name forms, then pick the misspellings."""
        prog = Progress(self.show, self.total_bytes(), "learning names")
        counts: Counter = Counter()
        seen = 0
        for ch, res in self.results(_count_chunk, self.chunks(learn_pass=True), None, need_engine=False):
            seen += len(ch["items"])
            if res:
                counts.update(res)
                if len(counts) > MAX_FORMS:  # bound memory: forget forms seen once so far
                    for k in [k for k, v in counts.items() if v <= 1]:
                        del counts[k]
            prog.update(seen, ch["pos"])
        prog.close()
        engine = _engine_for(self.opts["settings"])
        kb = engine.kb
        learned = learn_names(counts, kb.lexicon.zipf,
                              known=lambda f: bool(kb.lookup(f)) or f.casefold() in engine.accept)
        table = [{"rare": r, "frequent": f, "rare_count": counts[r], "frequent_count": counts[f],
                  "fix": "safe" if ev.endswith("(safe)") else "likely", "evidence": ev}
                 for r, (f, ev) in sorted(learned.items())]
        _write_json_atomic(self.path(LEARNED), table)
        return learned

    def run(self) -> dict:
        self.state["timing"]["sessions"] += 1
        self.prior_elapsed = self.state["timing"]["elapsed_s"]
        self.top = [tuple(t) for t in self.state["top"]]
        heapq.heapify(self.top)
        _remove_temp_files(self.out)
        if self.opts["learn_names"] and self.state["learned"] is None:
            self.state["learned"] = {r: list(v) for r, v in self.learn().items()}
            self.save()
        learned = {r: tuple(v) for r, v in (self.state["learned"] or {}).items()}
        self.open_appends()
        stats = self.state["stats"]
        prog = Progress(self.show, self.total_bytes())
        try:
            for ch, res in self.results(_clean_chunk, self.chunks(), learned):
                if res:
                    self.take(ch, res, stats)
                if ch["closes"]:
                    self.commit(ch)
                prog.update(stats["articles"], ch["pos"])
        finally:
            prog.close()
            if self.writer:
                self.writer.abort()
                self.writer = None
        return self.finish()

    def take(self, ch: dict, res: dict, stats: dict) -> None:
        if res["lines"]:
            key = (ch["input"], ch["shard"])
            if self.writer_key != key:
                inp = self.inputs[ch["input"]]
                name = f"part-{ch['shard']:05d}.jsonl" + (".gz" if inp.gz else "")
                self.writer, self.writer_key = ShardWriter(self.path(inp.name, name), inp.gz), key
            for line in res["lines"]:
                self.writer.write(line)
        for r in res["rejects"]:
            self.rejects.write(_dump_line(r))
        for r in res["rows"]:
            self.rows.write(_dump_line(r))
        for score, item, payload in res["top"]:
            entry = (score, -ch["input"], -item, payload)
            if len(self.top) < TOP_N:
                heapq.heappush(self.top, entry)
            elif entry[:3] > self.top[0][:3]:
                heapq.heapreplace(self.top, entry)
        _merge_stats(stats, res["stats"])

    def commit(self, ch: dict) -> None:
        if self.writer is not None:
            self.writer.commit()
            self.writer, self.writer_key = None, None
        for fh in (self.rejects, self.rows):
            fh.flush()
            os.fsync(fh.fileno())
        self.state["rejects_bytes"] = self.rejects.tell()
        self.state["rows_bytes"] = self.rows.tell()
        prog = self.state["progress"][ch["input"]]
        prog["lines"], prog["offset"] = ch["next_line"], ch["next_offset"]
        prog["complete"] = ch["end"]
        self.save()

    def finish(self) -> dict:
        self.rejects.close()
        self.rows.close()
        summary = build_summary(self.state)
        _write_json_atomic(self.path(SUMMARY), summary)
        self.state["complete"] = True
        self.save()
        return summary

    def top_articles(self) -> list[dict]:
        return [p for _s, _i, _j, p in sorted(self.state["top"], key=lambda t: (-t[0], -t[1], -t[2]))]

    def rows_iter(self):
        """The per-article rows {"id", "score", "words", "counts", "fixes"}, streamed from disk."""
        with open(self.path(STATE_DIR, "rows.jsonl"), "rb") as fh:
            for line in fh:
                row = json.loads(line)
                row.pop("patterns", None)
                yield row

    def patterns(self, limit: int = 50_000) -> Counter:
        """Counts of (rule, text) over the run; the rarest are dropped when there are too many."""
        counts: Counter = Counter()
        with open(self.path(STATE_DIR, "rows.jsonl"), "rb") as fh:
            for line in fh:
                for rule, text in json.loads(line).get("patterns", ()):
                    counts[(rule, text)] += 1
                if len(counts) > limit:
                    counts = Counter(dict(counts.most_common(limit // 2)))
        return counts


def build_summary(state: dict) -> dict:
    """The end-of-run summary: deterministic, apart from the ``timing`` key."""
    st = state["stats"]
    o = state["options"]
    elapsed = state["timing"]["elapsed_s"]
    return {
        "version": 1,
        "inputs": [i["path"] for i in state["inputs"]],
        "level": o["level"],
        "articles": st["articles"],
        "words": st["words"],
        "bytes": st["bytes"],
        "findings": st["findings"],
        "by_kind": dict(sorted(st["by_kind"].items())),
        "by_level": dict(sorted(st["by_level"].items())),
        "by_rule": dict(sorted(st["by_rule"].items(), key=lambda kv: (-kv[1], kv[0]))),
        "fixes": st["fixes"],
        "spun_articles": st["spun"],
        "mean_score": round(st["score_sum"] / st["articles"], 4) if st["articles"] else 0.0,
        "score_histogram": st["histogram"],
        "rejects": st["rejects"],
        "rejects_by_reason": dict(sorted(st["rejects_by_reason"].items())),
        "blank_lines": st["blank_lines"],
        "learned_names": len(state["learned"] or {}) if o["learn_names"] else None,
        "timing": {"elapsed_s": elapsed, "sessions": state["timing"]["sessions"],
                   "articles_per_s": round(st["articles"] / elapsed, 1) if elapsed else None,
                   "mb_per_s": round(st["bytes"] / elapsed / 1e6, 3) if elapsed else None},
    }


def report_summary(summary: dict) -> dict:
    """The figures of the summary a report shows (``seconds`` is the wall-clock time)."""
    keep = ("articles", "words", "findings", "by_kind", "by_level", "fixes", "spun_articles", "mean_score",
            "rejects", "learned_names")
    out = {k: summary[k] for k in keep if summary.get(k) is not None}
    out["seconds"] = summary["timing"]["elapsed_s"]
    return out


def format_summary(summary: dict, out: str) -> str:
    t = summary["timing"]
    kinds = ", ".join(f"{k} {v:,}" for k, v in sorted(summary["by_kind"].items(), key=lambda kv: -kv[1]))
    lines = [f"mtclean batch: {summary['articles']:,} articles, {summary['words']:,} words in "
             f"{t['elapsed_s']:.1f} s" + (f" ({t['articles_per_s']:,.0f} articles/s)" if t["articles_per_s"] else ""),
             f"  findings: {summary['findings']:,}" + (f" ({kinds})" if kinds else ""),
             f"  fixes applied ({summary['level']}): {summary['fixes']:,}"]
    if summary["learned_names"] is not None:
        lines.append(f"  names learned from the corpus: {summary['learned_names']:,} "
                     f"(see {os.path.join(out, LEARNED)})")
    rej = summary["rejects"]
    lines.append(f"  rejects: {rej:,}" + (f" (see {os.path.join(out, REJECTS)})" if rej else ""))
    lines.append(f"  output: {out} (summary.json)")
    return "\n".join(lines) + "\n"


# -- the command ---------------------------------------------------------------------------------

def _default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return os.cpu_count() or 1


def _settings(config, isolated, select, ignore) -> dict:
    from .config import Settings, find_config, load_config_file
    s = load_config_file(config) if config else Settings() if isolated else find_config(os.getcwd())
    return {"packs": list(s.packs), "builtin_packs": s.builtin_packs, "disable_packs": sorted(s.disable_packs),
            "accept": list(s.accept), "disable": list(s.disable) + list(ignore),
            "select": list(select) or list(s.select), "level": s.level}


def _fail(msg: str, code: int = 2):
    click.echo(f"mtclean: error: {msg}", err=True)
    sys.exit(code)


@click.command("batch")
@click.argument("inputs", nargs=-1)
@click.option("--out", "-o", required=True, type=click.Path(file_okay=False),
              help="Output folder (cleaned shards or mirrored files, rejects, summary).")
@click.option("--text-field", default="text", show_default=True, help="JSONL field holding the article text.")
@click.option("--id-field", default="id", show_default=True,
              help="JSONL field identifying a record (absent: file:line).")
@click.option("--output-field", default=None, help="Write the cleaned text here; leave the text field as it was.")
@click.option("--key", default="mtclean", show_default=True, help="Field for score, counts, edits and findings.")
@click.option("--no-findings", is_flag=True, help="Leave the findings list out of the records (keep counts and edits).")
@click.option("--level", type=click.Choice(["safe", "likely"]), default=None,
              help="Apply fixes at this level or surer (default: safe, or the config's level).")
@click.option("--kind", type=click.Choice(["auto", "text", "markdown", "html"]), default="auto", show_default=True,
              help="How to read texts (auto: JSONL records as text, files by extension).")
@click.option("--workers", "-j", type=click.IntRange(1), default=None,
              help="Worker processes (default: every available core).")
@click.option("--shard-size", type=click.IntRange(1), default=1000, show_default=True,
              help="Input lines (or files) per output shard; progress is saved after each.")
@click.option("--resume", is_flag=True, help="Continue the interrupted run in --out.")
@click.option("--learn-names", is_flag=True,
              help="First pass: learn misspelt names from the corpus (rare form beside a frequent one).")
@click.option("--report", type=click.Path(dir_okay=False), default=None,
              help="Also write a report (.csv, .json or .html).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary on stderr.")
@click.option("--config", type=click.Path(dir_okay=False), help="Use this config file only.")
@click.option("--isolated", is_flag=True, help="Ignore all config files.")
@click.option("--select", multiple=True, metavar="RULE", help="Only these rules, prefixes or categories.")
@click.option("--ignore", multiple=True, metavar="RULE", help="Skip these rules, prefixes or categories.")
@click.pass_context
def command(ctx, inputs, out, text_field, id_field, output_field, key, no_findings, level, kind, workers,
            shard_size, resume, learn_names, report, quiet, config, isolated, select, ignore):
    """Clean JSONL files and folders of articles into OUT, in parallel, resumably."""
    from . import __version__
    from .config import ConfigError
    from .packs import PackError

    if report:
        try:
            from .report import write_report  # noqa: F401
        except ImportError:
            _fail("--report needs cleaner.report, which this installation does not have")
    try:
        settings = _settings(config, isolated, select, ignore)
    except ConfigError as e:
        _fail(str(e))
    opts = {"text_field": text_field, "id_field": id_field, "output_field": output_field, "key": key,
            "level": level or settings.pop("level"), "kind": kind, "shard_size": shard_size,
            "learn_names": learn_names, "findings": not no_findings, "settings": settings}
    settings.pop("level", None)
    manifest_path = os.path.join(out, MANIFEST)
    state = None
    if os.path.exists(manifest_path):
        if not resume:
            _fail(f"{out} holds a batch run already; add --resume to continue it, or choose another --out")
        try:
            state = json.loads(Path(manifest_path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            _fail(f"{manifest_path}: unreadable manifest: {e}")
        if state.get("version") != MANIFEST_VERSION:
            _fail(f"{manifest_path}: manifest version {state.get('version')} is not {MANIFEST_VERSION}")
        stored = state["options"]
        for name in FINGERPRINT:
            param = {"findings": "no_findings", "settings": None}.get(name, name)
            explicit = param and ctx.get_parameter_source(param) == click.core.ParameterSource.COMMANDLINE
            if explicit and stored[name] != opts[name]:
                _fail(f"--resume: --{param.replace('_', '-')} differs from the interrupted run's "
                      f"({stored[name]!r}); start a new run in another --out to change it")
        opts = stored
        plan = [Input(**i) for i in state["inputs"]]
        if inputs and [os.path.abspath(p) for p in inputs] != [i.abspath for i in plan]:
            _fail("--resume: the inputs differ from the interrupted run's: "
                  + " ".join(i.path for i in plan))
        for inp in plan:
            if inp.kind == "jsonl":
                try:
                    st = os.stat(inp.abspath)
                except OSError:
                    _fail(f"--resume: {inp.path}: no longer readable")
                if (st.st_size, st.st_mtime_ns) != (inp.size, inp.mtime_ns):
                    _fail(f"--resume: {inp.path} changed since the interrupted run; start again in a new --out")
    else:
        if not inputs:
            _fail("no inputs: name JSONL files or folders (or --resume an interrupted run in --out)")
        if os.path.isdir(out) and any(os.scandir(out)):
            _fail(f"{out} is not empty and holds no batch run; choose an empty or new --out")
        try:
            plan = plan_inputs(inputs, out)
        except BatchError as e:
            _fail(str(e))

    try:
        engine = _engine_for(opts["settings"])  # compiled before the workers fork: they inherit it
    except (PackError, ConfigError) as e:
        _fail(str(e))
    digest = engine.kb.digest
    if state is not None and (state.get("kb"), state.get("mtclean")) != (digest, __version__):
        _fail("--resume: the rule packs or mtclean changed since the interrupted run; "
              "start again in a new --out")
    nworkers = workers or _default_workers()
    resume_cmd = f"mtclean batch --out {_shell_quote(out)} --resume"
    b = Batch(out, opts, plan, nworkers, quiet, report, resume_cmd)
    os.makedirs(out, exist_ok=True)
    if state is None:
        b.state = b.fresh_state(digest, __version__)
        b.save()  # before anything else, so that --resume works from any point on
    else:
        b.state = state
        if state.get("complete"):
            summary = build_summary(state)
            if not quiet:
                click.echo(f"mtclean: {out}: the run is complete; nothing to resume", err=True)
                click.echo(format_summary(summary, out), nl=False, err=True)
            _maybe_report(b, summary)
            sys.exit(0)

    def on_signal(signum, frame):
        raise Interrupted(signum)

    old = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        summary = b.run()
    except (Interrupted, KeyboardInterrupt) as e:
        for s in old:
            signal.signal(s, signal.SIG_IGN)
        b.stop_workers()
        p = b.state["progress"]
        done = sum(1 for x in p if x["complete"])
        signum = e.signum if isinstance(e, Interrupted) else signal.SIGINT
        _leave(f"\nmtclean: interrupted; {b.saved_articles:,} articles saved "
               f"({done} of {len(p)} inputs complete).\nResume with: {resume_cmd}", 128 + signum)
    except Exception as e:
        from concurrent.futures.process import BrokenProcessPool
        b.stop_workers()
        if isinstance(e, BrokenProcessPool):
            _leave(f"mtclean: error: a worker process died ({e}); progress is saved.\n"
                   f"Resume with: {resume_cmd}", 2)
        if isinstance(e, OSError):
            _leave(f"mtclean: error: {e}; progress is saved.\nResume with: {resume_cmd}", 2)
        if b.forced:
            import traceback
            traceback.print_exc()
            _leave(f"mtclean: internal error; progress is saved.\nResume with: {resume_cmd}", 2)
        raise
    finally:
        for s, h in old.items():
            signal.signal(s, h)
    if not quiet:
        click.echo(format_summary(summary, out), nl=False, err=True)
    _maybe_report(b, summary)
    sys.exit(0)


def _leave(msg: str, code: int) -> None:
    """Print and exit at once: no exit hooks (they could wait on a killed worker's pipe)."""
    try:
        click.echo(msg, err=True)
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)


def _maybe_report(b: Batch, summary: dict) -> None:
    if not b.report:
        return
    from .report import write_report
    write_report(b.report, b.rows_iter(), b.top_articles(), report_summary(summary), patterns=b.patterns())
    if not b.quiet:
        click.echo(f"  report: {b.report}", err=True)


def _shell_quote(s: str) -> str:
    import shlex
    return shlex.quote(s)
