"""Pronouns that contradict what they refer to.

A place or organisation that "said he" ("Kiev said he was ready": a country
is "it"), and a known person followed, in the same sentence, by a pronoun of
the other gender ("Kallas said his plan": the knowledge base knows Kallas is
a woman). Both are suggestions, never safe fixes.

>>> from cleaner import check_text
>>> [(f.text, f.replacement) for f in check_text("Moscow said he was ready.").findings]
[('he', 'it')]
"""
from __future__ import annotations

import regex

from .entity import mentions

SPEECH = frozenset("said says stated added announced noted claimed insisted warned argued replied confirmed declared".split())
OTHER = {"he": "she", "him": "her", "his": "her", "himself": "herself",
         "she": "he", "her": "his", "hers": "his", "herself": "himself"}
MALE = frozenset(("he", "him", "his", "himself"))
FEMALE = frozenset(("she", "her", "hers", "herself"))
IT = {"he": "it", "she": "it", "his": "its", "her": "its"}


def detect(ctx):
    kb, toks, view = ctx.kb, ctx.an.tokens, ctx.view
    ms = mentions(ctx)
    for m in ms:
        ents = m.entities(kb)
        if not ents:
            ents = m.entities(kb, accepted=False)   # "Kiev said he": a deprecated form is still a place
        types = {e.type for e in ents}
        if not ents:
            continue
        if types <= {"place", "org"} and m.tok1 + 1 < len(toks):
            verb, pron = toks[m.tok1], toks[m.tok1 + 1]
            if verb.lower in SPEECH and pron.lower in IT and _plain_gap(view, m.end, verb, pron):
                if ctx.doc.is_prose(pron.start, pron.end) and not _is_person_name_part(ctx, m):
                    yield ctx.finding("pronoun.place-said-he", "pronoun", pron.start, pron.end,
                                      _case(pron.text, IT[pron.lower]), "likely", 0.7,
                                      f"{ctx.text[m.start:m.end]!r} is a {ents[0].type}: "
                                      f"it cannot be {pron.text!r}",
                                      ents[0].describe())
        people = [e for e in ents if e.type == "person" and e.gender]
        genders = {e.gender for e in people}
        if len(genders) != 1 or types != {"person"}:
            continue
        gender = genders.pop()
        wrong = MALE if gender == "f" else FEMALE
        s_start, s_end = ctx.an.sentence_at(m.start)
        for t in ctx.an.tokens_between(m.end, s_end):
            if t.is_cap and t.lower not in OTHER and not ctx.an.is_sentence_start(ctx.an.token_index_at(t.start)):
                break   # another name: the pronoun may be theirs
            if t.lower in wrong:
                if ctx.an.in_quote(t.start) or not ctx.doc.is_prose(t.start, t.end):
                    break
                repl = _case(t.text, OTHER[t.lower])
                yield ctx.finding("pronoun.gender", "pronoun", t.start, t.end, repl, "likely", 0.6,
                                  f"{people[0].name} is referred to as "
                                  f"{'she' if gender == 'f' else 'he'}",
                                  f"{people[0].describe()}: gender {gender} in pack {people[0].pack}")
                break
            if t.lower in OTHER:
                break  # the right pronoun came first: later ones may be someone else's


def _plain_gap(view, end, verb, pron) -> bool:
    return view[end:verb.start] == " " and view[verb.end:pron.start] == " "


def _is_person_name_part(ctx, m) -> bool:
    """'Paris Hilton said she': a place name used as a first name."""
    toks = ctx.an.tokens
    return m.tok0 > 0 and toks[m.tok0 - 1].is_cap and ctx.view[toks[m.tok0 - 1].end:m.start] == " "


def _case(template: str, word: str) -> str:
    return word.capitalize() if template[:1].isupper() else word
