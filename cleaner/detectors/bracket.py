"""Damaged quotation marks and brackets.

Quotes opened and never closed (or closed twice), a closing mark used to
open (``condemned”any``), a double quote closed by a single one
(``“... I love.’``), guillemets and dialogue dashes left by MT from other
languages (``... for a whole year - Dodik said.``, ``„Nie“``), a first-person paragraph
attributed to a speaker but never put in quotation marks, and a stray
editorial bracket before a pronoun (``[Putin] He supports``).

>>> from cleaner import check_text
>>> [f.rule for f in check_text("He said.[Putin] He agrees.").findings]
['bracket.stray-editorial']
"""
from __future__ import annotations

import regex

EDITORIAL_RE = regex.compile(r"\[\p{Lu}[\p{L} .'-]{1,40}\]\s*(?:He|She|It|They|His|Her)\b")
GLUED_CLOSE_RE = regex.compile(r"(?<=[\p{L},])”(?=\p{L})")
GLUED_OPEN_RE = regex.compile(r"(?<=\p{L})“")
GUILLEMET_RE = regex.compile(r"[«»]")
# '„Wir schaffen das“' / '„Nie ma zgody”': a low-9 opening mark (German, Polish, Czech, Bulgarian...)
LOW9_RE = regex.compile(r"„(?:[^„“”\n]{0,400}?([“”]))?")
DASH_QUOTE_RE = regex.compile(r"^[ \t]*[–—-][ \t]+(?=\p{Lu})", regex.M)
PERIOD_BEFORE_SAID_RE = regex.compile(r"(?<=\p{L})\.(?=[”\"] (?:said|says|added|told|wrote|stressed|noted)\b)")
SPEECH_VERB = (r"(?:said|says|added|adds|stressed|noted|emphasi[sz]ed|explained|stated|wrote|concluded"
               r"|continued|insisted|warned|declared|underlined|shouted|pointed out|told (?:\p{L}+ ){0,3}?\p{L}+)")
# '... for a whole year - Dodik said.' / '... is over — the minister added.': a Slavic-style
# dash-quote (the quotation itself carries no marks). The verb must end the sentence,
# so a dateline ('ISTANBUL (Reuters) – Russia said on Friday') never matches.
DASH_SAID_RE = regex.compile(
    r"(?<=[\p{L}\d!?.…,][ \t]+)[-–—][ \t]+(?:\p{Lu}[\p{L}’'.-]*(?:[ \t]+\p{Lu}[\p{L}’'.-]*){0,3}"
    r"|(?:the|a|an|his|her|their)[ \t]+[\p{Ll}-]+(?:[ \t]+[\p{Ll}-]+){0,3})[ \t]+" + SPEECH_VERB + r"[.!]"
    r"|(?<=[\p{L}\d!?.…,”\"][ \t]+)[-–—][ \t]+" + SPEECH_VERB + r"[ \t]+(?:the[ \t]+)?[\p{L}’'. -]{1,60}?[.!](?=\s|$)")
# a paragraph opening in the first person, with no quotation mark anywhere, that names its
# speaker ('We have stopped the transit ... , said Ukrainian Energy Minister ...')
FIRST_PERSON_PARA_RE = regex.compile(r"^[ \t]*(?:I|We|Our|My)\b[^\n“”\"«»]*$", regex.M)
UNQUOTED_ATTRIBUTION_RE = regex.compile(
    r"(?:,|[ \t][-–—])[ \t]+(?:" + SPEECH_VERB + r"(?=[ \t]+(?:the[ \t]+)?\p{Lu})"
    r"|(?:\p{Lu}[\p{L}’'.-]*[ \t]+){1,3}" + SPEECH_VERB + r"\b|(?:he|she|they)[ \t]+" + SPEECH_VERB + r"\b)")
# '“WADA’s rules are key to the sport I love.’': a double quotation closed by a single mark
# (apostrophes inside words are allowed; no closing ” follows in the paragraph)
SINGLE_CLOSE_RE = regex.compile(r"“(?:[^“”‘’\n]|(?<=\p{L})’(?=\p{L}))*[.,!?](’)(?=[ \t]*$|\s+\p{Lu})(?![^\n“]*”)", regex.M)
UNIT_PAREN_RE = regex.compile(r" \((?:miles?|km|kilomet(?:er|re)s?|feet|foot|metres?|meters?|pounds?|kg)\)")


def detect(ctx):
    view = ctx.view
    prose = ctx.doc.is_prose

    def f(rule, s, e, repl, fix, msg, ev=""):
        if prose(s, e):
            return ctx.finding(rule, "bracket", s, e, repl, fix, 0.6 if fix == "none" else 0.75, msg, ev)

    out = []
    for m in EDITORIAL_RE.finditer(view):
        out.append(f("bracket.stray-editorial", m.start(), m.end(), None, "none",
                     "editorial bracket followed by a pronoun: one of the two subjects is debris",
                     m.group()))
    for m in GLUED_CLOSE_RE.finditer(view):
        out.append(f("bracket.glued-quote", m.start(), m.end(), None, "none",
                     "closing quotation mark glued to the next word: probably an opening mark"))
    for m in GLUED_OPEN_RE.finditer(view):
        out.append(f("bracket.glued-quote", m.start(), m.end(), None, "none",
                     "opening quotation mark glued to the previous word"))
    for m in GUILLEMET_RE.finditer(view):
        out.append(f("bracket.guillemet", m.start(), m.end(), "“" if m.group() == "«" else "”", "likely",
                     "guillemet in English text"))
    for m in LOW9_RE.finditer(view):
        out.append(f("bracket.low-quote", m.start(), m.start() + 1, "“", "likely",
                     "a low opening quotation mark („) from German/Slavic typography: English uses “"))
        if m.group(1) == "“":
            out.append(f("bracket.low-quote", m.start(1), m.end(1), "”", "likely",
                         "the closing mark of a „...“ quotation: English closes with ”"))
    for m in DASH_QUOTE_RE.finditer(view):
        out.append(f("bracket.dash-quote", m.start(), m.end(), None, "none",
                     "a dash opens a quotation (Nordic/Slavic style): English uses quotation marks"))
    for m in UNIT_PAREN_RE.finditer(view):
        out.append(f("bracket.unit-debris", m.start(), m.end(), "", "likely",
                     "a unit in parentheses without a number: conversion debris"))
    for m in PERIOD_BEFORE_SAID_RE.finditer(view):
        out.append(f("bracket.period-before-said", m.start(), m.end(), ",", "likely",
                     "a quotation followed by 'said' ends with a comma, not a full stop"))
    for m in DASH_SAID_RE.finditer(view):
        out.append(f("bracket.dash-said", m.start(), m.end(), None, "none",
                     "a quotation attributed with a dash ('... - Dodik said.'): English puts the "
                     "quotation in quotation marks and writes '...,” Dodik said.'", m.group()))
    for m in SINGLE_CLOSE_RE.finditer(view):
        out.append(f("bracket.mismatched-quote", m.start(1), m.end(1), "”", "likely",
                     "a quotation opened with “ is closed with ’"))
    out += _unquoted_first_person(ctx)
    out += _quoted_names(ctx)
    out += _unbalanced(ctx)
    yield from (x for x in out if x)


def _unquoted_first_person(ctx):
    """'We have stopped the transit. ... Europe has decided, said the Energy Minister.'

    A paragraph that opens with I/We/Our/My, contains no quotation mark and
    ends up naming its speaker is a quotation whose marks were lost. Both ends
    are flagged: the opening word and the attribution.
    """
    out = []
    for p in FIRST_PERSON_PARA_RE.finditer(ctx.view):
        para, base = p.group(), p.start()     # search the paragraph, not the view from a position:
        a = UNQUOTED_ATTRIBUTION_RE.search(para)   # regex's search(text, pos) costs O(len(text))
        if not a or DASH_SAID_RE.search(para, a.start()):
            continue      # a dash attribution has its own finding
        first = regex.match(r"[ \t]*(\p{L}+)", p.group())
        s0, e0 = base + first.start(1), base + first.end(1)
        for s, e, msg in ((s0, e0, "a first-person paragraph with a named speaker but no opening quotation mark"),
                          (base + a.start(), base + a.end(), "the attribution of a quotation that has no quotation marks")):
            if ctx.doc.is_prose(s, e):
                out.append(ctx.finding("bracket.unquoted-quote", "bracket", s, e, None, "none", 0.55, msg,
                                       p.group()[:80]))
    return out


def _unbalanced(ctx):
    """Two opening marks in a row, or a closing mark with none open, in one paragraph.

    A quote left open at a paragraph's end is the convention for quotes that
    run on, so it is not flagged.
    """
    view, out = ctx.view, []
    for para in regex.finditer(r"[^\n]+", view):
        text, base = para.group(), para.start()
        depth, last_open, low = 0, None, False
        for m in regex.finditer(r"[“”„]", text):
            if m.group() == "“" and depth == 1 and low:
                depth, last_open, low = 0, None, False     # '„...“': the German pair
            elif m.group() in "“„":
                low = m.group() == "„"
                if depth == 1 and last_open is not None:
                    out.append((base + last_open, "opening quotation mark never closed"))
                depth, last_open = 1, m.start()
            else:
                if depth == 0:
                    out.append((base + m.start(), "closing quotation mark without an opening one"))
                depth, last_open = 0, None
    res = []
    for pos, msg in out:
        if ctx.doc.is_prose(pos, pos + 1):
            res.append(ctx.finding("bracket.unbalanced-quote", "bracket", pos, pos + 1, None, "none", 0.5, msg))
    return res


def _quoted_names(ctx):
    """'“Gazprom” has been deprived': a known organisation in scare quotes (a Russian-style «Газпром»)."""
    from .entity import mentions
    out, text = [], ctx.view
    for m in mentions(ctx):
        ents = m.entities(ctx.kb)
        if not ents or any(e.type != "org" or e.subtype == "party" for e in ents):
            continue     # parties are often quoted by choice ("Georgian Dream")
        s, e = m.start - 1, m.end + 1
        if s >= 0 and e <= len(text) and text[s] in "“«" and text[e - 1] in "”»" and ctx.doc.is_prose(s, e):
            out.append(ctx.finding("bracket.quoted-name", "bracket", s, e, text[s + 1:e - 1], "likely", 0.7,
                                   "an organisation's name in quotation marks (a calque of «Name»)",
                                   ents[0].describe()))
    return out
