"""Repeated words and phrases: "the the", "Dow Jones Industrial Average The Dow Jones Industrial Average".

>>> from cleaner import fix_text
>>> fix_text("He said the the talks failed.")
'He said the talks failed.'
"""
from __future__ import annotations

import regex

DOUBLED_INITIAL_RE = regex.compile(r"\b(\p{Lu})\1(\p{Ll}{2,})\b")
LEGIT_DOUBLES = frozenset(("had", "that", "is", "do", "bye", "no", "very", "so", "ha", "knock", "tut", "yeah", "far", "more", "again", "on", "over", "round", "by", "out", "blah", "chop", "choo"))


def detect(ctx):
    yield from _doubled_initial(ctx)
    toks, view, folded = ctx.an.tokens, ctx.view, ctx.an.folded
    n = len(toks)
    i = 0
    while i < n - 1:
        a, b = toks[i], toks[i + 1]
        # a phrase of 3 to 6 tokens repeated right away
        hit = None
        for L in range(6, 2, -1):
            if i + 2 * L <= n and folded[i] == folded[i + L] and folded[i:i + L] == folded[i + L:i + 2 * L]:
                gap = view[toks[i + L - 1].end:toks[i + L].start]
                if gap.strip(" ") == "" and "\n" not in gap:
                    hit = L
                    break
        if hit:
            e = toks[i + 2 * hit - 1].end
            if ctx.doc.is_prose(toks[i].start, e):
                yield ctx.finding("repetition.phrase", "garble", toks[i].start, e, None, "none", 0.6,
                                  "phrase repeated", f"{hit} words twice in a row")
            i += 2 * hit
            continue
        if a.lower == b.lower and view[a.end:b.start] == " " and a.lower not in LEGIT_DOUBLES \
                and a.text.isalpha() and not a.text[0].isdigit():
            if ctx.doc.is_prose(a.end, b.end):
                yield ctx.finding("repetition.word", "garble", a.end, b.end, "", "safe", 0.9,
                                  f"{b.text!r} repeated", "the same word twice in a row")
        i += 1


def _doubled_initial(ctx):
    """'AArriving' -> 'Arriving': a doubled capital that makes a non-word of a word."""
    lex = ctx.kb.lexicon
    for m in DOUBLED_INITIAL_RE.finditer(ctx.view):
        word = m.group(1) + m.group(2)
        if lex.zipf(m.group()) == 0 and lex.zipf(word) >= 3.0 and not ctx.kb.lookup(m.group()) \
                and ctx.doc.is_prose(*m.span()):
            yield ctx.finding("repetition.letter", "spacing", m.start(), m.start() + 1, "", "safe", 0.9,
                              f"doubled initial: {m.group()!r} for {word!r}", f"{word!r} is a word")
