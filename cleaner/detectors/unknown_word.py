"""Unknown words: neither English (wordfreq) nor a name the knowledge base knows.

Lower-case words and hyphen compounds with an unknown part ("Cerez-fire")
are flagged; capitalised single words are left to the entity detectors.

>>> from cleaner import check_text
>>> [f.text for f in check_text("The Cerez-fire meeting was a flarbgrist.").findings]
['Cerez-fire', 'flarbgrist']

A word spelt the same way twice is meant; so are names with an Arabic
article and regular plurals of common words:

>>> check_text("The daily al-Qabas said lower liftings hit the temporao, and the temporao was late.").findings
[]
"""
from __future__ import annotations

from collections import Counter

import regex

from .entity import mentions

MIN_LEN = 4
ARABIC_ARTICLE_RE = regex.compile(r"(?:al|el|ad|an|ar|as|ash|at|az|ul)-\p{Lu}")


def detect(ctx):
    known = {i for m in mentions(ctx) for i in range(m.tok0, m.tok1)}
    seen = Counter(t.text for t in ctx.an.tokens)
    for i, t in enumerate(ctx.an.tokens):
        if i in known or not t.text[0].isalpha() or ctx.accepted(t.text):
            continue
        if seen[t.text] > 1 and "-" not in t.text:
            continue      # spelt the same way twice: a term the writer means ('temporao'), not a slip
                          # (an unknown hyphen compound stays flagged: MT repeats 'Cerez-fire' faithfully)
        if ARABIC_ARTICLE_RE.match(t.text):
            continue      # 'al-Qabas', 'el-Sisi': a name with its article
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
    lex = ctx.kb.lexicon
    if lex.zipf(word) > 0 or ctx.kb.lookup(word) or ctx.accepted(word):
        return False
    low = word.lower()
    return not (low.endswith("s") and len(low) > 4 and lex.zipf(low[:-1]) >= 3.0)   # 'liftings': a plural
