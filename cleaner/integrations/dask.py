"""mtclean on dask.bag (``pip install "mtclean[dask]"``); see docs/distributed.md.

The whole recipe is five lines::

    import json
    import dask.bag as db
    from cleaner.integrations import clean

    (db.read_text("corpus/*.jsonl*")            # one partition per file, .gz read transparently
       .map(json.loads)
       .map(clean, level="safe")                # clean_record with one Engine per worker process
       .map(json.dumps)
       .to_textfiles("cleaned/*.jsonl"))

:func:`clean` looks the engine up in a per-process cache, so the knowledge
base is loaded once in each worker (not pickled with every task, not rebuilt
for every record). A malformed line makes that recipe fail; :func:`clean_jsonl`
sends it to a rejects file with the reason instead, and returns the counts::

    clean_jsonl("corpus/*.jsonl*", "cleaned/", scheduler="processes")
    # -> {'written': 1203311, 'rejected': 17}

(tests/test_integrations.py runs both on the processes scheduler.)
"""
from __future__ import annotations

import json
import os

from . import RecordError, clean

__all__ = ["clean", "clean_partition", "clean_jsonl"]


def clean_partition(lines, **options):
    """Clean the ``(line, path)`` pairs of one file, lazily: yield ``(True, output line)`` for
    a record and ``(False, reject line)`` for a line that is not one. Blank lines are skipped."""
    for number, (line, path) in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            cleaned = json.dumps(clean(json.loads(line), **options), ensure_ascii=False)
        except json.JSONDecodeError as e:
            reason = f"invalid JSON: {e.msg} (column {e.colno})"
        except RecordError as e:
            reason = str(e)
        else:
            yield True, cleaned
            continue
        yield False, json.dumps({"path": path, "line": number, "reason": reason,
                                 "text": line.rstrip("\r\n")}, ensure_ascii=False)


def clean_jsonl(source, out: str, rejects: str | None = None, *, scheduler: str = "processes",
                num_workers: int | None = None, **options) -> dict:
    """Clean JSONL files (a path, a glob or a list; ``.gz`` read transparently) into ``out``.

    Cleaned records go to ``out/N.jsonl``, one file per input file in order;
    lines that are not records go to ``rejects/N.jsonl`` (default
    ``out/rejects``) with their path, line number and reason. One task per
    input file reads, cleans and writes it in a stream, in one pass; each
    output file is written under a temporary name and renamed when complete.
    ``out`` may be any fsspec URL (``s3://...``). ``options`` go to
    :func:`~cleaner.integrations.clean` (``level``, ``config``,
    ``text_field``, ``output_field``, ``key``, ``findings`` ...). Returns the
    counts ``{"written": n, "rejected": m}``.
    """
    import dask.bag as db

    lines = db.read_text(source, include_path=True)
    index = db.from_sequence(range(lines.npartitions), npartitions=lines.npartitions)
    counts = db.map_partitions(_clean_file, lines, index, out=out, rejects=rejects or os.path.join(out, "rejects"),
                               options=options)
    kwargs = {"scheduler": scheduler} | ({"num_workers": num_workers} if num_workers else {})
    counts = counts.compute(**kwargs)
    return {"written": sum(c[0] for c in counts), "rejected": sum(c[1] for c in counts)}


def _clean_file(lines, index, out: str, rejects: str, options: dict) -> list[tuple[int, int]]:
    name = f"{next(iter(index))}.jsonl"
    written = rejected = 0
    with _AtomicFile(out, name) as good, _AtomicFile(rejects, name, lazy=True) as bad:
        for ok, line in clean_partition(lines, **options):
            (good if ok else bad).write(line + "\n")
            written += ok
            rejected += not ok
    return [(written, rejected)]


class _AtomicFile:
    """``folder/name``, written as ``name.tmp`` and renamed on success (any fsspec URL).
    ``lazy``: created on the first write only."""

    def __init__(self, folder: str, name: str, lazy: bool = False):
        from fsspec.core import url_to_fs

        self.fs, root = url_to_fs(folder)
        self.root, self.path = root, f"{root.rstrip('/')}/{name}"
        self.fh = None
        if not lazy:
            self._open()

    def _open(self):
        self.fs.makedirs(self.root, exist_ok=True)
        self.fh = self.fs.open(self.path + ".tmp", "w", encoding="utf-8")

    def write(self, text: str) -> None:
        if self.fh is None:
            self._open()
        self.fh.write(text)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if self.fh is None:
            return
        self.fh.close()
        if exc_type is None:
            self.fs.mv(self.path + ".tmp", self.path)
        else:
            self.fs.rm(self.path + ".tmp")
