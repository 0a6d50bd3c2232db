"""Repeated words, phrases and lines: "the the", "Dow Jones Industrial Average The Dow Jones
Industrial Average", and a headline or paragraph printed twice in a row by the scraper.

>>> from cleaner import fix_text
>>> fix_text("He said the the talks failed.")
'He said the talks failed.'
"""
from __future__ import annotations

import regex

DOUBLED_INITIAL_RE = regex.compile(r"\b(\p{Lu})\1(\p{Ll}{2,})\b")
# a line (3+ words) repeated verbatim as the next non-blank line: the copy and the line
# break(s) before it go
# (possessive: a line is read once, not once per prefix)
# (the copy goes with the line break before it, so a CRLF pair is never split)
DUPLICATE_LINE_RE = regex.compile(r"^(\p{L}[^\r\n]*+)(\r?\n(?:[ \t]*\r?\n)*)\1(?=\r?$)", regex.M)
LEGIT_DOUBLES = frozenset(("had", "that", "is", "do", "bye", "no", "very", "so", "ha", "knock", "tut", "yeah", "far", "more", "again", "on", "over", "round", "by", "out", "blah", "chop", "choo"))


def detect(ctx):
    yield from _doubled_initial(ctx)
    yield from _duplicate_lines(ctx)
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
            # 'the the' is a stutter; a capitalised double may be a name ('Bora Bora') or a
            # table's repeated column header ('Price Price'): a suggestion only
            if ctx.doc.is_prose(a.end, b.end) and not (a.is_cap and ctx.kb.lookup(f"{a.text} {b.text}")):
                yield ctx.finding("repetition.word", "garble", a.end, b.end, "", "likely" if a.is_cap else "safe",
                                  0.7 if a.is_cap else 0.9, f"{b.text!r} repeated", "the same word twice in a row")
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


def _duplicate_lines(ctx):
    """'Headline\\n\\nHeadline': the second copy of a line repeated right away.

    Safe for a headline-like line (six words or more, no closing full stop)
    whose copy follows a blank line, the way a scraper doubles a title; any
    other repeat (a chant, a refrain, a line of verse) is only likely.
    """
    view = ctx.view
    for m in DUPLICATE_LINE_RE.finditer(view):
        line = m.group(1).rstrip()
        words = len(regex.findall(r"\p{L}+", line))
        if words < 3:
            continue
        headline = words >= 6 and not line.endswith((".", "!", "?", "…", ",", ";", ":")) \
            and m.group(2).count("\n") >= 2
        fix = "safe" if headline else "likely"
        s, e = m.end(1), m.end()
        if ctx.doc.is_prose(m.start(), e):
            yield ctx.finding("repetition.duplicate-line", "boilerplate", s, e, "", fix, 0.9 if fix == "safe" else 0.7,
                              "the same line twice in a row", m.group(1).strip()[:80])
