"""Applying fixes, and proving an edit touches only what it meant to.

>>> from cleaner.findings import Finding
>>> f = Finding("r", "entity", 4, 10, "Witkov", "Witkoff", "safe", 0.9, "")
>>> apply_edits("Mr. Witkov spoke", [f])
'Mr. Witkoff spoke'
"""
from __future__ import annotations

from .findings import Finding


class UnsafeEdit(Exception):
    """The new text differs from the old outside the intended edits."""


def select_edits(findings: list[Finding], level: str) -> list[Finding]:
    """The non-overlapping findings that ``fix --level LEVEL`` applies, in order."""
    out, end = [], -1
    for f in sorted((f for f in findings if f.applies_at(level)), key=lambda f: (f.start, f.end)):
        if f.start >= end or (f.start == f.end and f.start > end):
            out.append(f)
            end = f.end
    return out


def apply_edits(text: str, edits: list[Finding]) -> str:
    parts, pos = [], 0
    for f in sorted(edits, key=lambda f: (f.start, f.end)):
        if f.start < pos:
            raise UnsafeEdit(f"overlapping edits at offset {f.start}")
        if text[f.start:f.end] != f.text:
            raise UnsafeEdit(f"edit at offset {f.start} expected {f.text!r}, found {text[f.start:f.end]!r}")
        parts.append(text[pos:f.start])
        parts.append(f.replacement or "")
        pos = f.end
    parts.append(text[pos:])
    return "".join(parts)


def verify(old: str, new: str, edits: list[Finding], masked=()) -> None:
    """Raise :class:`UnsafeEdit` unless ``new`` is ``old`` changed only inside ``edits``.

    Checked independently of :func:`apply_edits`: every stretch of ``old``
    between edits must appear, in order and in full, in ``new``, each edit's
    replacement must sit between them, and no edit may touch a masked span.
    """
    pos_old = pos_new = 0
    for f in sorted(edits, key=lambda f: f.start):
        for s, e in masked:
            if s < f.end and f.start < e:
                raise UnsafeEdit(f"edit at offset {f.start} touches masked text")
        keep = old[pos_old:f.start]
        if new[pos_new:pos_new + len(keep)] != keep:
            raise UnsafeEdit(f"text before offset {f.start} changed")
        pos_new += len(keep)
        repl = f.replacement or ""
        if new[pos_new:pos_new + len(repl)] != repl:
            raise UnsafeEdit(f"replacement at offset {f.start} not found")
        pos_new += len(repl)
        pos_old = f.end
    if new[pos_new:] != old[pos_old:]:
        raise UnsafeEdit("text after the last edit changed")
