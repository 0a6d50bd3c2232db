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

import bisect

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
candidate rival opponent prosecutor victim witness reporter journalist correspondent doctor
pope coach chief head director chairman chairwoman governor mayor ambassador envoy general commander
player driver pilot suspect defendant defender attacker striker captain manager owner founder ceo
successor predecessor deputy secretary senator lawmaker legislator mp governor-general counterpart
host guest voter citizen resident teacher student nephew niece uncle aunt cousin grandson granddaughter
boyfriend girlfriend fiance fiancee emir sheikh economist analyst expert dictator bishop cardinal imam
actor actress singer soldier who whom whose""".split())   # (a relative pronoun opens another referent's clause)
CALENDAR = frozenset("""monday tuesday wednesday thursday friday saturday sunday january february march
april may june july august september october november december""".split())
ORG_HEADS = frozenset("""party union council committee ministry court bank agency parliament assembly senate
congress commission government office company group association federation front alliance movement
coalition organization organisation institute university house diet league bloc corporation""".split())
PREPOSITIONS = frozenset("to of in from with by for on at about against near close than".split())
WINDOW = 16  # tokens after the name in which a contradicting pronoun counts


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
        elif types == {"person"} and _named_in_full(ctx, m, ms):
            yield from _gender(ctx, m, ents, ms)


def _named_in_full(ctx, m, ms) -> bool:
    """A bare surname stands for a known person only if the text names that person in full:
    'Investor Sumner Redstone ... Redstone said his' is not Shari Redstone.

    >>> from cleaner import check_text
    >>> check_text("Investor Sumner Redstone spoke. Redstone said his group would pay.").findings
    []
    >>> [f.replacement for f in check_text("Sanae Takaichi spoke. Takaichi said he was ready.").findings]
    ['she']
    """
    if any(how != "surname" for _, how in m.refs):
        return True
    full = ctx.extra.get("_named_in_full")
    if full is None:      # once per document: the entities named by a full name, variant or alias
        full = ctx.extra["_named_in_full"] = {eid for x in ms for eid, how in x.refs
                                              if how in ("name", "variant", "alias")}
    return any(eid in full for eid, _ in m.refs)


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
    follows within a few words, before any other name, person noun or quotation.

    The wrong pronoun is then followed: later pronouns of the same wrong gender in
    that sentence, and in the next one when it opens with a subject pronoun
    ("... up to him to justify his vote. Then, he confirmed"), are flagged too,
    until another possible referent (a name, a person noun, a quotation) appears.
    """
    kb, an = ctx.kb, ctx.an
    people = [e for e in ents if e.gender]
    genders = {e.gender for e in people}
    if len(genders) != 1 or len(people) != len(ents):
        return
    gender = genders.pop()
    wrong = MALE if gender == "f" else FEMALE
    s_start, s_end = an.sentence_at(m.start)
    if _other_person(ctx, m, ms, s_start, s_end):
        return
    following = an.tokens_between(m.end, s_end)[:WINDOW]
    for k, t in enumerate(following):
        ti = an.token_index_at(t.start)
        if _stops(ctx, t, ti):
            return
        if any(q in ctx.view[m.end:t.start] for q in "“”\"«»"):
            return
        if t.lower in wrong:
            if an.in_quote(t.start) or not ctx.doc.is_prose(t.start, t.end):
                return
            yield from _flag(ctx, t, people[0], gender)
            yield from _chain(ctx, ti, s_end, wrong, people[0], gender, ms)
            return
        if t.lower in OTHER:
            return   # the right pronoun came first: later ones may be someone else's


def _flag(ctx, t, person, gender):
    yield ctx.finding("pronoun.gender", "pronoun", t.start, t.end, _case(t.text, OTHER[t.lower]),
                      "likely", 0.6,
                      f"{person.name} is referred to as {'she' if gender == 'f' else 'he'}",
                      f"{person.describe()}: gender {gender} in pack {person.pack}")


def _chain(ctx, ti, s_end, wrong, person, gender, ms):
    """Pronouns that continue a wrong one: the rest of its sentence, then the next
    sentence if it opens with a subject pronoun (after at most a connective)."""
    an, toks, view = ctx.an, ctx.an.tokens, ctx.view
    i, end, crossed = ti + 1, s_end, False
    while i < len(toks):
        t = toks[i]
        if t.start >= end:
            if crossed:
                return
            nxt_start, nxt_end = an.sentence_at(t.start)
            opening = an.tokens_between(nxt_start, nxt_end)[:3]
            subj = [k for k, x in enumerate(opening) if x.lower in ("he", "she")]
            if not subj or subj[0] not in (0, 1) or opening[subj[0]].lower not in wrong \
                    or view[end:nxt_start].count("\n") > 2 or _other_person(ctx, None, ms, nxt_start, nxt_end):
                return
            crossed, end = True, nxt_end
        if any(q in view[toks[i - 1].end:t.start] for q in "“”\"«»") or _stops(ctx, t, i):
            return
        if t.lower in wrong and not an.in_quote(t.start) and ctx.doc.is_prose(t.start, t.end):
            yield from _flag(ctx, t, person, gender)
        elif t.lower in OTHER:
            return
        i += 1


def _other_person(ctx, m, ms, start, end) -> bool:
    """Another mention of a person starts in [start, end) (``ms`` is in text order: bisect, not a scan)."""
    starts = ctx.extra.get("_mention_starts")
    if starts is None or len(starts) != len(ms):
        starts = ctx.extra["_mention_starts"] = [x.start for x in ms]
    for k in range(bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)):
        x = ms[k]
        if x is not m and any(e.type == "person" for e in x.entities(ctx.kb)):
            return True
    return False


def _stops(ctx, t, ti) -> bool:
    """A token that may introduce another referent: a person noun or a capitalised word
    (other than a pronoun) inside the sentence. Capitalised words that cannot be a
    person do not stop: days and months, a name ending in an organisation word
    ('the Japan Innovation Party'), a known place or organisation, a bracketed alias."""
    if t.lower in PERSON_NOUNS:
        return True
    if not t.is_cap or t.lower in OTHER or ctx.an.is_sentence_start(ti):
        return False
    if t.lower in CALENDAR:
        return False
    toks, view = ctx.an.tokens, ctx.view
    if view[t.start - 1:t.start] == "(" and view[t.end:t.end + 1] == ")":
        return False
    j = ti
    while j + 1 < len(toks) and toks[j + 1].is_cap and view[toks[j].end:toks[j + 1].start] == " ":
        j += 1
    if toks[j].lower in ORG_HEADS:
        return False
    ents = ctx.kb.entities_for(t.text) if len(t.text) > 1 else []
    return not (ents and all(e.type in ("place", "org") for e in ents))


def _plain_gap(view, end, verb, pron) -> bool:
    return view[end:verb.start] == " " and view[verb.end:pron.start] == " "


def _is_person_name_part(ctx, m) -> bool:
    """'Paris Hilton said she': a place name used as a first name."""
    toks = ctx.an.tokens
    return m.tok0 > 0 and toks[m.tok0 - 1].is_cap and ctx.view[toks[m.tok0 - 1].end:m.start] == " "


def _case(template: str, word: str) -> str:
    return word.capitalize() if template[:1].isupper() else word

