"""Unknown words: neither English (wordfreq) nor a name the knowledge base knows.

Lower-case words and hyphen compounds with an unknown part ("Cerez-fire")
are flagged; capitalised single words are left to the entity detectors.

>>> from cleaner import check_text
>>> [f.text for f in check_text("The Cerez-fire meeting was a flarbgrist.").findings]
['Cerez-fire', 'flarbgrist']
"""
from __future__ import annotations

from .entity import mentions

MIN_LEN = 4


def detect(ctx):
    known = {i for m in mentions(ctx) for i in range(m.tok0, m.tok1)}
    for i, t in enumerate(ctx.an.tokens):
        if i in known or not t.text[0].isalpha() or ctx.accepted(t.text):
            continue
        if "-" in t.text:
            parts = [p for p in t.text.split("-") if p]
            bad = [p for p in parts if len(p) >= 3 and _unknown(ctx, p)]
            if not bad or all(p[:1].isupper() for p in parts) and len(bad) < len(parts):
                continue
            msg = f"hyphen compound with an unknown part {bad[0]!r}"
        else:
            if t.is_cap or len(t.text) < MIN_LEN or "." in t.text or "'" in t.text or "’" in t.text:
                continue
            if not _unknown(ctx, t.text):
                continue
            msg = f"unknown word {t.text!r}"
        if ctx.doc.is_prose(t.start, t.end):
            yield ctx.finding("garble.unknown-word", "garble", t.start, t.end, None, "none", 0.4, msg,
                              "not in the English word list nor the name index")


def _unknown(ctx, word: str) -> bool:
    if any(c.isdigit() for c in word):
        return False
    return ctx.kb.lexicon.zipf(word) == 0 and not ctx.kb.lookup(word) and not ctx.accepted(word)
