"""Stem redundancy: "take considerations into consideration", "reiterated again".

>>> from cleaner import check_text
>>> [f.text for f in check_text("They take humanitarian considerations into consideration.").findings]
['considerations into consideration']
"""
from __future__ import annotations

import regex

LINK = frozenset(("into", "in", "of", "for", "as", "with", "to", "by"))
PAIR_RE = regex.compile(r"\b(\p{Ll}{5,})\p{Ll}* (\p{Ll}+) (?:\p{Ll}+ )?(\p{Ll}{5,})\p{Ll}*\b")


def detect(ctx):
    toks = ctx.an.tokens
    for i in range(len(toks) - 2):
        a = toks[i]
        if len(a.text) < 7 or not a.text.islower():
            continue
        for j in (i + 2, i + 3):
            if j >= len(toks):
                break
            b = toks[j]
            mids = toks[i + 1:j]
            if not mids or mids[0].lower not in LINK or not b.text.islower() or b.lower == a.lower:
                continue
            if ctx.view[a.end:b.start].count("\n") or any(not m.text.isalpha() for m in mids):
                continue
            stem = _common_prefix(a.lower, b.lower)
            if stem >= 7 and stem >= min(len(a.text), len(b.text)) - 3:
                if ctx.doc.is_prose(a.start, b.end):
                    yield ctx.finding("redundancy.stem", "garble", a.start, b.end, None, "none", 0.55,
                                      "the same stem twice: a translation that repeats itself",
                                      f"{a.text!r} ... {b.text!r}")
                break


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n
