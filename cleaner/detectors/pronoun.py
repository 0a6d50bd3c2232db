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

from .entity import mentions

SPEECH = frozenset("said says stated added announced noted claimed insisted warned argued replied confirmed declared".split())
OTHER = {"he": "she", "him": "her", "his": "her", "himself": "herself",
         "she": "he", "her": "his", "hers": "his", "herself": "himself"}
MALE = frozenset(("he", "him", "his", "himself"))
FEMALE = frozenset(("she", "her", "hers", "herself"))
IT = {"he": "it", "she": "it", "his": "its", "her": "its"}


PERSON_NOUNS = frozenset("""judge lawyer minister wife husband mother father son daughter sister brother
woman man girl boy spokeswoman spokesman president prime chancellor leader official officer
spokesperson source aide adviser advisor colleague friend partner widow queen king prince princess
candidate rival opponent prosecutor victim witness reporter journalist correspondent doctor""".split())
PREPOSITIONS = frozenset("to of in from with by for on at about against near close than".split())
WINDOW = 8   # tokens after the name in which a contradicting pronoun counts


def detect(ctx):
    kb = ctx.kb
    ms = mentions(ctx)
    for m in ms:
        ents = m.entities(kb)
        if not ents:
            ents = m.entities(kb, accepted=False)   # "Kiev said he": a deprecated form is still a place
        if not ents:
            continue
        types = {e.type for e in ents}
        if types <= {"place", "org"}:
            yield from _place_said_he(ctx, m, ents)
        elif types == {"person"}:
            yield from _gender(ctx, m, ents, ms)


def _place_said_he(ctx, m, ents):
    toks, view = ctx.an.tokens, ctx.view
    if m.tok1 + 1 >= len(toks):
        return
    if m.tok0 > 0 and not ctx.an.is_sentence_start(m.tok0) and (
            toks[m.tok0 - 1].lower in PREPOSITIONS or toks[m.tok0 - 1].is_cap):
        return      # 'a source close to Hezbollah said he': the place is not the subject
    verb, pron = toks[m.tok1], toks[m.tok1 + 1]
    if verb.lower in SPEECH and pron.lower in IT and _plain_gap(view, m.end, verb, pron) \
            and ctx.doc.is_prose(pron.start, pron.end):
        yield ctx.finding("pronoun.place-said-he", "pronoun", pron.start, pron.end,
                          _case(pron.text, IT[pron.lower]), "likely", 0.7,
                          f"{ctx.text[m.start:m.end]!r} is a {ents[0].type}: it cannot be {pron.text!r}",
                          ents[0].describe())


def _gender(ctx, m, ents, ms):
    """The name is the only person in its sentence, and a pronoun of the other gender
    follows within a few words, before any other name, person noun or quotation."""
    kb, an = ctx.kb, ctx.an
    people = [e for e in ents if e.gender]
    genders = {e.gender for e in people}
    if len(genders) != 1 or len(people) != len(ents):
        return
    gender = genders.pop()
    wrong = MALE if gender == "f" else FEMALE
    s_start, s_end = an.sentence_at(m.start)
    others = [x for x in ms if x is not m and s_start <= x.start < s_end
              and any(e.type == "person" for e in x.entities(kb))]
    if others:
        return
    following = an.tokens_between(m.end, s_end)[:WINDOW]
    for k, t in enumerate(following):
        ti = an.token_index_at(t.start)
        if t.lower in PERSON_NOUNS or (t.is_cap and t.lower not in OTHER and not an.is_sentence_start(ti)):
            return
        if any(q in ctx.view[m.end:t.start] for q in "“”\"«»"):
            return
        if t.lower in wrong:
            if an.in_quote(t.start) or not ctx.doc.is_prose(t.start, t.end):
                return
            yield ctx.finding("pronoun.gender", "pronoun", t.start, t.end, _case(t.text, OTHER[t.lower]),
                              "likely", 0.6,
                              f"{people[0].name} is referred to as {'she' if gender == 'f' else 'he'}",
                              f"{people[0].describe()}: gender {gender} in pack {people[0].pack}")
            return
        if t.lower in OTHER:
            return   # the right pronoun came first: later ones may be someone else's


def _plain_gap(view, end, verb, pron) -> bool:
    return view[end:verb.start] == " " and view[verb.end:pron.start] == " "


def _is_person_name_part(ctx, m) -> bool:
    """'Paris Hilton said she': a place name used as a first name."""
    toks = ctx.an.tokens
    return m.tok0 > 0 and toks[m.tok0 - 1].is_cap and ctx.view[toks[m.tok0 - 1].end:m.start] == " "


def _case(template: str, word: str) -> str:
    return word.capitalize() if template[:1].isupper() else word

