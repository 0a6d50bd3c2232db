"""One pure function from a record to a cleaned record: the core of every batch engine.

>>> from cleaner import Engine
>>> rec = {"id": 7, "text": "Envoy Steve Witkov met Putin in Moscow.", "lang": "en"}
>>> out = clean_record(rec, Engine())
>>> out["text"], out["lang"], out["mtclean"]["fixes"]
('Envoy Steve Witkoff met Putin in Moscow.', 'en', 1)
"""
from __future__ import annotations

from collections import Counter

from .render import LineIndex


class RecordError(ValueError):
    """A record that cannot be cleaned (no text field, text not a string)."""


def clean_record(record: dict, engine, text_field: str = "text", output_field: str | None = None,
                 key: str = "mtclean", level: str = "safe", kind: str = "text",
                 extra: dict | None = None, findings: bool = True) -> dict:
    """Return a copy of ``record`` with its text cleaned and a summary under ``key``.

    Every other field passes through untouched. ``output_field`` writes the
    cleaned text there and leaves ``text_field`` as it was.
    """
    if not isinstance(record, dict):
        raise RecordError(f"record is a {type(record).__name__}, not an object")
    if text_field not in record:
        raise RecordError(f"record has no {text_field!r} field")
    text = record[text_field]
    if not isinstance(text, str):
        raise RecordError(f"field {text_field!r} is a {type(text).__name__}, not a string")
    result = engine.check(text, kind, extra)
    edits = result.edits(level)
    fixed = result.fixed(level)
    if edits and fixed != text:      # later passes: fixes that lost to an overlapping one
        fixed, more = engine.fix(fixed, kind, level, extra)
    else:
        more = []
    out = dict(record)
    out[output_field or text_field] = fixed
    out[key] = summarize(result, edits, findings)
    out[key]["fixes"] += sum(len(r.edits(level)) for r in more)
    return out


def summarize(result, edits, findings: bool = True) -> dict:
    """Score, counts by category, applied edits and (optionally) all findings, as JSON-ready data."""
    idx = LineIndex(result.text)
    summary = {"score": result.score, "words": result.words,
               "counts": dict(sorted(Counter(f.category for f in result.findings).items())),
               "fixes": len(edits),
               "edits": [{"rule": f.rule, "start": f.start, "end": f.end, "text": f.text,
                          "replacement": f.replacement} for f in edits]}
    if findings:
        summary["findings"] = [f.to_json(*idx.line_col(f.start)) for f in result.findings]
    return summary
