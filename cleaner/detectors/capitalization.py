"""A common word capitalised mid-sentence: "anti-aggressive Resting", "Nasdaq Composite It rose";
and its mirror, a full stop followed by a lowercase word: "journalists present. on site."

Only words that are almost never proper nouns are flagged: function words
and inflected forms (-ing, -ed, -ly, -ive, -ous, -ful, -able). Headlines and
title-case lines are skipped.

>>> from cleaner import check_text
>>> [f.text for f in check_text("The army lost ground in the Resting offensive.").findings]
['Resting']
"""
from __future__ import annotations

import regex

SUFFIX_RE = regex.compile(r"(?:ing|ed|ly|ive|ous|ful|able|ible)$")
FUNCTION = frozenset("""in on at of for to by as it its they them their he she his her we our you your the a an and or but
which who whom whose that this these those was were is are be been has have had would could
should might must into onto from with without about after before over under also very than then
there here when while because although however""".split())


# 'present. on site.': a full stop inside a sentence (a lost clause, a split sentence, or
# debris such as 'projects. share.'). Abbreviations ('etc. and', 'Corp. said', 'vs. the'),
# initials and spaced ellipses do not count.
PERIOD_LOWER_RE = regex.compile(r"(?<=(?<![\p{L}.'’-])(\p{L}*\p{Ll}\p{Ll}))\.[ \t]+(?=\p{Ll}{2,}\b)")
ABBREVIATIONS = frozenset("""etc vs approx esp incl excl govt dept est nos jr sr bros misc viz al ibid cf ed eds
rev gen col sgt lt capt prof cmdr adm maj sen rep gov pres mt ft st ave blvd rd jan feb mar apr jun jul aug
sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun mln bln bn tn km kg mi oz lb lbs hr hrs yr
yrs min mins max sec secs vol vols pp fig figs ch art para op cit corp inc ltd co mr mrs ms dr no cca resp
ca pct nr tel ext dist div intl natl assn univ
ala ariz ark calif colo conn del fla ga ill ind kan kans ky la md mass mich minn miss mo mont neb nebr nev
okla ore pa tenn tex va vt wash wis wisc wyo""".split())    # AP state abbreviations: 'Houston, Tex. for'



def detect(ctx):
    yield from _period_lower(ctx)
    toks, view, lex = ctx.an.tokens, ctx.view, ctx.kb.lexicon
    caps_ok = ctx.kb.word_set("capitalised")
    title_lines = _title_case_lines(ctx)
    for i, t in enumerate(toks):
        if not t.is_cap or t.text.isupper() or len(t.text) < 2 or i == 0 or "-" in t.text:
            continue
        low = t.lower
        if ctx.an.is_sentence_start(i) or low in caps_ok or ctx.accepted(t.text):
            continue
        if not (low in FUNCTION or (SUFFIX_RE.search(low) and len(low) >= 5)):
            continue
        prev, nxt = toks[i - 1], toks[i + 1] if i + 1 < len(toks) else None
        if prev.is_cap and view[prev.end:t.start] == " " and low not in FUNCTION:
            continue    # part of a capitalised run: a name or title ("Standing Committee")
        if nxt is not None and nxt.is_cap and view[t.end:nxt.start] == " " and low not in FUNCTION:
            continue
        if view.rfind("\n", 0, t.start) in title_lines or ctx.an.in_quote(t.start) and low not in FUNCTION:
            continue
        if ctx.kb.lookup(t.text) or lex.zipf(low) < 3.0:
            continue
        if not ctx.doc.is_prose(t.start, t.end):
            continue
        yield ctx.finding("style.capitalised-word", "style", t.start, t.end, None, "none", 0.5,
                          f"{t.text!r} is capitalised mid-sentence: debris of a lost sentence break or a mistranslation")


def _title_case_lines(ctx) -> set[int]:
    """Line-start offsets (as rfind('\\n') returns them) of headline-like lines."""
    out = set()
    for m in regex.finditer(r"[^\n]+", ctx.view):
        words = regex.findall(r"\p{L}+", m.group())
        if len(words) >= 2:
            caps = sum(w[0].isupper() for w in words)
            if caps / len(words) >= 0.6 or not regex.search(r"[.!?:;,”\"]\s*$", m.group()) and len(words) <= 12:
                out.add(m.start() - 1)
    return out


def _period_lower(ctx):
    view = ctx.view
    for m in PERIOD_LOWER_RE.finditer(view):
        word = m.group(1).lower()
        if word in ABBREVIATIONS or not ctx.doc.is_prose(m.start(), m.end() + 1):
            continue
        yield ctx.finding("style.period-lowercase", "style", m.start(), m.start() + 1, None, "none", 0.5,
                          "a full stop followed by a lowercase word: a sentence split in the wrong "
                          "place or a lost clause", view[max(m.start() - 20, 0):m.end() + 12].strip())
