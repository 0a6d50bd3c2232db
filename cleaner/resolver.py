"""Resolver: suppressions, quotations, overlaps and the document score.

>>> from cleaner.findings import Finding
>>> a = Finding("x.a", "entity", 0, 6, "Witkov", "Witkoff", "safe", 0.9, "")
>>> b = Finding("x.b", "garble", 0, 6, "Witkov", None, "none", 0.4, "")
>>> [f.rule for f in resolve([a, b], "Witkov", None)]
['x.a']
"""
from __future__ import annotations

import bisect
import math

import regex

from .findings import Finding, level_rank

# Categories whose safe fixes stay safe inside quotations: names, spacing and
# encoding are transcription, not the speaker's words.
QUOTE_SAFE = frozenset(("entity", "spacing", "encoding", "boilerplate"))
IGNORE_LINE_RE = regex.compile(r"<!--\s*mtclean:\s*ignore\s*-->")
IGNORE_NEXT_RE = regex.compile(r"<!--\s*mtclean:\s*ignore-next-line\s*-->")
IGNORE_FILE_RE = regex.compile(r"<!--\s*mtclean:\s*ignore-file\s*-->")
SIC_RE = regex.compile(r"\s*\[sic\]", regex.I)
CATEGORY_WEIGHT = {"entity": 1.0, "phrase": 1.0, "garble": 0.8, "pronoun": 0.8, "bracket": 0.6,
                   "spacing": 0.9, "boilerplate": 0.7, "consistency": 0.8, "encoding": 1.0, "style": 0.5}
LEVEL_WEIGHT = {"safe": 1.0, "likely": 0.8, "none": 0.5}


def resolve(findings: list[Finding], text: str, analysis, disabled=(), select=()) -> list[Finding]:
    """Drop suppressed and disabled findings, downgrade quoted rewrites, merge overlaps."""
    if IGNORE_FILE_RE.search(text):
        return []
    ignored = _ignored_lines(text)
    out = []
    for f in findings:
        if any(f.rule == d or f.rule.startswith(d + ".") or f.category == d for d in disabled):
            continue
        if select and not any(f.rule == s or f.rule.startswith(s + ".") or f.category == s for s in select):
            continue
        if ignored and _line_start(text, f.start) in ignored:
            continue
        if SIC_RE.match(text[f.end:f.end + 40]):     # a slice: regex.match(pos=) costs O(len(text))
            continue
        if f.fix == "safe" and f.category not in QUOTE_SAFE and analysis is not None and analysis.in_quote(f.start):
            f = f.with_(fix="likely", message=f.message + " (inside a quotation: not changed automatically)")
        out.append(f)
    return _merge(out)


def _line_start(text, pos):
    return text.rfind("\n", 0, pos) + 1


def _ignored_lines(text) -> set[int]:
    lines = set()
    for m in IGNORE_LINE_RE.finditer(text):
        lines.add(_line_start(text, m.start()))
    for m in IGNORE_NEXT_RE.finditer(text):
        nl = text.find("\n", m.end())
        if nl >= 0:
            lines.add(nl + 1)
    return lines


def _merge(findings: list[Finding]) -> list[Finding]:
    """One finding per span; an edit never overlaps another edit."""
    best: dict[tuple[int, int], Finding] = {}
    for f in findings:
        k = (f.start, f.end)
        if k not in best or _precedence(f) < _precedence(best[k]):
            best[k] = f
    ordered = sorted(best.values(), key=_precedence)
    kept: list[Finding] = []
    index: list[tuple[int, int, int]] = []     # (start, end, position in kept), sorted: a sweep, not n²
    longest = 0
    for f in ordered:
        lo = bisect.bisect_left(index, (f.start - longest, -1, -1))
        hi = bisect.bisect_right(index, (f.end, float("inf"), 0))
        overlap = [kept[k] for s, e, k in index[lo:hi]
                   if s < f.end and f.start < e or (s == e == f.start)]
        if overlap:
            if f.replacement is None or f.fix == "none":
                if any(g.category == f.category and g.replacement is not None for g in overlap):
                    continue   # the same problem, already fixed
            elif any(g.replacement is not None and g.fix != "none" for g in overlap):
                if any(g.category == f.category for g in overlap):
                    continue
                f = f.with_(replacement=None, fix="none")
        bisect.insort(index, (f.start, f.end, len(kept)))
        kept.append(f)
        longest = max(longest, f.end - f.start)
    return sorted(kept, key=lambda f: (f.start, f.end, f.rule))


def _precedence(f: Finding):
    has_fix = f.replacement is not None and f.fix != "none"
    return (level_rank(f.fix), not has_fix, -f.confidence, -(f.end - f.start), f.rule)


def score(findings: list[Finding], words: int) -> float:
    """How spun a document looks, 0 (clean) to 1.

    Weighted findings per 100 words, squashed: one safe entity fix in a
    200-word text gives about 0.3.
    """
    if not findings or words <= 0:
        return 0.0
    w = sum(CATEGORY_WEIGHT.get(f.category, 0.5) * LEVEL_WEIGHT[f.fix] * max(f.confidence, 0.3) for f in findings)
    density = 100.0 * w / max(words, 50)
    return round(1.0 - math.exp(-density / 1.5), 4)
