"""Entities: misspelt, mis-transliterated or house-style names.

Three passes over the capitalised tokens of a document:

1. exact: a known name, variant, alias or surname is never touched; a listed
   misspelling or a deprecated house-style form ("Kiev") is fixed safely;
2. given name: a misspelt first name right before a known surname
   ("Voldymir Zelensky") becomes the canonical full name;
3. fuzzy: an unknown capitalised word close to a known name, by phonetic key
   and Jaro-Winkler score, is fixed only when one candidate wins clearly and
   the context confirms it (a matching first name or title, "X region" for a
   place, the entity's country or the same entity elsewhere in the text).
   Anything less sure is a suggestion or a flag, with the evidence.

>>> from cleaner import fix_text
>>> fix_text("US envoy Steve Witkov met Putin. Witkov said talks went well.")
'US envoy Steve Witkoff met Putin. Witkoff said talks went well.'
>>> fix_text("Kremlin spokesman Dmitry Peskov said Pskov was calm.")
'Kremlin spokesman Dmitry Peskov said Pskov was calm.'
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import unicodedata

import regex
from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

from ..analysis import fold
from ..knowledge import ACCEPTED, Entity, KnowledgeBase, fold_form
from ..phonetic import name_key

_POSSESSIVE = regex.compile(r"['’]s?$")
_FEMININE = regex.compile(r"(?:a|ova|eva|ina|yna|ska|cka|ckaya|skaya|aya)$")
MIN_FUZZY_LEN = 4
COMMON_WORD_ZIPF = 2.6      # a form this frequent in English is a word, not a misspelling
SAFE_SCORE = 0.88           # Jaro-Winkler needed for a safe fix without a phonetic match
PHONETIC_SAFE_SCORE = 0.62  # ... and with one (the same consonant skeleton)
SUGGEST_SCORE = 0.84
NEAR_SCORE = 0.95           # a place or organisation this close, with its context, is suggested


def _bare(word: str) -> str:
    """``word`` without a possessive ending: "Trump's" -> "Trump" (most words have none: no regex then)."""
    if "'" not in word and "’" not in word:
        return word
    return _POSSESSIVE.sub("", word) or word


@dataclass
class Mention:
    start: int
    end: int
    tok0: int
    tok1: int               # token index range [tok0, tok1)
    refs: list[tuple[int, str]]

    def entities(self, kb, accepted=True):
        ids = dict.fromkeys(eid for eid, how in self.refs if (how in ACCEPTED) == accepted)
        return [kb.entities[eid] for eid in ids]


def mentions(ctx) -> list[Mention]:
    """Exact mentions of known forms (accepted or wrong), longest first; cached on ctx."""
    if "mentions" in ctx.extra:
        return ctx.extra["mentions"]
    kb, toks, view = ctx.kb, ctx.an.tokens, ctx.view
    folded = ctx.an.folded
    out: list[Mention] = []
    i, n = 0, len(toks)
    while i < n:
        if not toks[i].is_cap:
            i += 1
            continue
        found = None
        key = ""
        for j in range(i, min(i + kb.max_form_tokens, n)):      # extend while a known prefix
            if j > i and not _joined(view, toks[j - 1:j + 1]):
                break
            key = folded[j] if j == i else key + " " + folded[j]
            last = toks[j]
            bare = _bare(folded[j])
            lookup = key if bare == folded[j] else key[:len(key) - len(folded[j])] + bare
            refs = kb.forms.get(lookup)
            if refs and j == i and ctx.an.is_sentence_start(i) and kb.lexicon.zipf(folded[i]) >= 5.0:
                refs = None     # 'In the rush', 'May I': a common word opening a sentence
            if refs:
                end = last.end - (len(last.text) - len(_bare(last.text)))
                found = Mention(toks[i].start, end, i, j + 1, refs)
            if key not in kb.prefixes:
                break
        if found:
            out.append(found)
            i = found.tok1
        else:
            i += 1
    ctx.extra["mentions"] = out
    return out


def _joined(view, toks) -> bool:
    """Tokens form one name: separated by single spaces (or a hyphen), same line."""
    for a, b in zip(toks, toks[1:]):
        gap = view[a.end:b.start]
        if gap not in (" ", "-", "\u00a0"):
            return False
    return all(t.text[:1].isupper() or t.text.lower() in _NAME_PARTICLES or _PARTICLE_PREFIX.match(t.text)
               for t in toks)


_PARTICLE_PREFIX = regex.compile(r"(?:al|el|ad|ar|as|ash|at|az|an|ul|bin|ibn|ben|de|da|di|du|van|von)-\p{L}")


_NAME_PARTICLES = frozenset("""von van der den de del della di da dos das du le la les al el bin ibn ben y e
of the and for nad pod am an im sur sous upon on en na bei sobre""".split())


def detect(ctx):
    kb: KnowledgeBase = ctx.kb
    ms = mentions(ctx)
    doc_entities = {eid for m in ms for eid, how in m.refs if how in ACCEPTED}
    covered = set()
    for m in ms:
        covered.update(range(m.tok0, m.tok1))
        if any(how in ACCEPTED for _, how in m.refs):
            continue
        if not ctx.doc.is_prose(m.start, m.end) or ctx.accepted(ctx.text[m.start:m.end]):
            continue
        eid, how = m.refs[0]
        ent = kb.entities[eid]
        if how == "deprecated" and _in_exception(ctx, m, ent):
            continue
        rule = "entity.house-style" if how == "deprecated" else "entity.misspelling"
        msg = (f"house style prefers {ent.name!r}" if how == "deprecated"
               else f"known misspelling of {ent.name!r}")
        yield ctx.finding(rule, "entity", m.start, m.end, ent.name, "safe", 0.98, msg,
                          f"{ent.describe()}: listed {how} in pack {ent.pack}")
    yield from _spelling_of_known(ctx, ms)
    yield from _split_names(ctx, covered)
    yield from _acronyms(ctx, covered, doc_entities)
    yield from _given_names(ctx, ms, covered)
    yield from _fuzzy(ctx, covered, doc_entities)
    yield from _wrong_acronym(ctx, ms)


def _wrong_acronym(ctx, ms):
    """'the Democratic Party for the People (LDP)': a known name followed by the
    bracketed acronym of another known organisation. Replaced by the name's own
    acronym when the packs list one (likely), flagged otherwise.

    >>> from cleaner import check_text
    >>> [(f.text, f.replacement, f.fix) for f in check_text(
    ...     "Tamaki leads the Democratic Party for the People (LDP) in the Diet.").findings]
    [('LDP', 'DPFP', 'likely')]
    >>> check_text("Tamaki leads the Democratic Party for the People (DPFP) in the Diet.").findings
    []
    """
    kb, view = ctx.kb, ctx.view
    for a, b in zip(ms, ms[1:]):
        if view[a.end:b.start] != " (" or view[b.end:b.end + 1] != ")" or not (b.tok1 - b.tok0 == 1):
            continue
        acro = ctx.text[b.start:b.end]
        if not (acro.isupper() and acro.isalpha() and 2 <= len(acro) <= 6):
            continue
        named = {eid for eid, how in a.refs if how in ACCEPTED and kb.entities[eid].type != "person"}
        meant = {eid for eid, how in b.refs if how in ACCEPTED}
        if not named or not meant or named & meant or len(named) != 1:
            continue
        ent = kb.entities[next(iter(named))]
        if acro in _initials(ent.name):
            continue      # 'Australian Federal Police (AFP)': its own initials, whatever else they stand for
        own = _own_acronyms(kb, ent)
        other = kb.entities[sorted(meant)[0]]
        if not ctx.doc.is_prose(b.start, b.end):
            continue
        yield ctx.finding("entity.wrong-acronym", "entity", b.start, b.end, own[0] if len(own) == 1 else None,
                          "likely" if len(own) == 1 else "none", 0.7,
                          f"{acro!r} is {other.name!r}, not {ent.name!r}"
                          + (f" ({own[0]!r})" if len(own) == 1 else ""),
                          f"{ent.describe()}; {acro}: {other.describe()}")


def _initials(name: str) -> set[str]:
    """'Democratic Party for the People' -> {'DPFTP', 'DPFP', 'DPP'}."""
    words = [w for w in regex.split(r"[\s-]+", name) if w]
    return {"".join(w[0] for w in words if w.lower() not in skip).upper()
            for skip in ((), ("the",), ("the", "of", "and", "for", "a", "an", "de", "la", "del"))}


def _own_acronyms(kb, ent) -> list[str]:
    """The acronyms the packs list for ``ent``, found from its initials ('DPFP')."""
    return sorted(a for a in _initials(ent.name) if 2 <= len(a) <= 6 and any(
        eid == ent.id and how in ACCEPTED for eid, how in kb.lookup(a)))


_PARTICLE_RE = regex.compile(r"(?<=\S )(Von|Van|Der|Den|De|Del|Della|Di|Da|Dos|Das|Du|Bin|Ibn|Al|El)(?= )")


def _spelling_of_known(ctx, ms):
    """A known name with a wrong accent ('Mázon' for 'Mazón'), without the accents the
    same text gives it elsewhere ('Orban' after 'Orbán': likely), or with a capitalised
    particle inside it ('Ursula Von der Leyen').

    >>> from cleaner import check_text
    >>> [(f.text, f.replacement, f.fix) for f in check_text("Viktor Orbán arrived. Orban spoke.").findings]
    [('Orban', 'Orbán', 'likely')]
    >>> check_text("Viktor Orban arrived. Orban spoke.").findings
    []
    >>> check_text("Pedro Sánchez met Representative Linda Sanchez. Sanchez said it went well.").findings
    []
    """
    kb = ctx.kb
    for m in ms:
        if not any(how in ACCEPTED for _, how in m.refs):
            continue
        surface = unicodedata.normalize("NFC", ctx.text[m.start:m.end])
        key = " ".join(ctx.an.folded[m.tok0:m.tok1])
        known = kb.surfaces.get(key) or kb.surfaces.get(fold_form(surface)) or set()
        if not known or not ctx.doc.is_prose(m.start, m.end):
            continue
        if surface in known:
            if surface.isascii() and not all(k.isascii() for k in known):
                # an accepted accent-less form, unless this text accents the name (the same person)
                ids = {eid for eid, how in m.refs if how in ACCEPTED}
                texts, by_form = _mention_index(ctx, ms)
                accented = {t for eid in ids for t in texts.get(eid, ()) if not t.isascii()}
                same = sorted(k for k in known if not k.isascii() and fold(k) == fold(surface)
                              and any(k in a for a in accented))
                if len(same) == 1 and not any(_other_first_name(ctx, x, ids) for x in by_form[fold(surface)]):
                    yield ctx.finding("entity.diacritics", "entity", m.start, m.end, same[0], "likely", 0.75,
                                      f"spelt {same[0]!r} elsewhere in this text",
                                      f"{kb.entities[m.refs[0][0]].describe()}: {same[0]!r} in this text")
            continue
        lower = {k.casefold(): k for k in known}
        if surface.casefold() in lower:
            right = lower[surface.casefold()]
            if _PARTICLE_RE.sub(lambda x: x.group().lower(), surface) == right:
                yield ctx.finding("entity.case", "entity", m.start, m.end, right, "safe", 0.95,
                                  "a name particle is lower-case inside a name", f"{right} (pack spelling)")
            continue
        if surface.isascii():
            continue     # accent-less forms are accepted variants
        accented = [k for k in known if not k.isascii() and len(k) == len(surface)
                    and any(not c.isascii() and c != r for c, r in zip(surface.casefold(), k.casefold()))]
        if len(accented) == 1:
            right = accented[0]
            right = right[0].upper() + right[1:] if surface[0].isupper() else right
            yield ctx.finding("entity.diacritics", "entity", m.start, m.end, right, "safe", 0.9,
                              f"accent in the wrong place: {right!r}",
                              f"{kb.entities[m.refs[0][0]].describe()}: spelled {right!r}")


def _mention_index(ctx, ms):
    """Per document: the texts each accepted entity is mentioned by, and the mentions by folded text."""
    got = ctx.extra.get("_mention_index")
    if got is None:
        texts, by_form = defaultdict(set), defaultdict(list)
        for x in ms:
            t = ctx.text[x.start:x.end]
            by_form[fold(t)].append(x)
            for eid, how in x.refs:
                if how in ACCEPTED:
                    texts[eid].add(t)
        got = ctx.extra["_mention_index"] = (texts, by_form)
    return got


def _other_first_name(ctx, m, ids) -> bool:
    """A capitalised first name before the mention that none of these entities has
    ('Linda Sanchez' is not Pedro Sánchez)."""
    if m.tok0 == 0:
        return False
    prev, kb = ctx.an.tokens[m.tok0 - 1], ctx.kb
    if not prev.is_cap or ctx.view[prev.end:ctx.an.tokens[m.tok0].start] != " " \
            or prev.lower in kb.word_set("titles") or ctx.an.is_sentence_start(m.tok0 - 1) and kb.lexicon.zipf(prev.text) >= 4.5:
        return False
    return not any(fold(prev.text) in kb.entities[eid].givens for eid in ids)


def _split_names(ctx, covered):
    """'Fed Watch' -> 'FedWatch', 'Turk Stream' -> 'TurkStream': a one-word name split in two."""
    kb, toks, view = ctx.kb, ctx.an.tokens, ctx.view
    for i in range(len(toks) - 1):
        a, b = toks[i], toks[i + 1]
        if not (a.is_cap and b.is_cap) or view[a.end:b.start] != " ":
            continue
        joined = ctx.an.folded[i] + ctx.an.folded[i + 1]
        refs = [r for r in kb.forms.get(joined, []) if r[1] in ACCEPTED]
        if not refs or kb.forms.get(ctx.an.folded[i] + " " + ctx.an.folded[i + 1]):
            continue
        if i + 2 < len(toks) and toks[i + 2].is_cap and view[b.end:toks[i + 2].start] == " " or \
                i > 0 and toks[i - 1].is_cap and view[toks[i - 1].end:a.start] == " " \
                and not toks[i - 1].text.endswith(("'s", "’s")):
            continue    # 'China News Weekly': part of a longer name ('CME Group’s Fed Watch' is not)
        known_part = i in covered or (i + 1) in covered
        right = next(iter(sorted(kb.surfaces.get(joined, {joined}))))
        if ctx.doc.is_prose(a.start, b.end):
            yield ctx.finding("entity.split-name", "entity", a.start, b.end, right,
                              "likely" if known_part else "safe", 0.9,
                              f"{right!r} is written as one word",
                              f"{kb.entities[refs[0][0]].describe()}")


def _acronyms(ctx, covered, doc_entities):
    """'CSNA' for 'CNSA': an unknown acronym with the letters of a known one whose context is present."""
    kb, toks = ctx.kb, ctx.an.tokens
    doc_words = set(ctx.an.folded)
    for i, t in enumerate(toks):
        w = t.text
        if i in covered or not (w.isupper() and w.isalpha() and 3 <= len(w) <= 6) or kb.lookup(w):
            continue
        if ctx.accepted(w) or kb.lexicon.zipf(w) >= 3.0:
            continue
        cands = [(form, eid) for form, eid in kb.acronyms.get("".join(sorted(w)), []) if form != w]
        ents = {eid for _, eid in cands}
        if len(ents) != 1:
            continue
        form, eid = cands[0]
        ent = kb.entities[eid]
        hits = [c for c in (ent.country, *ent.context) if c and all(fold(p) in doc_words for p in c.split())]
        if not hits and eid not in doc_entities:
            continue
        fix = "safe" if hits and (eid in doc_entities or len(hits) >= 2) else "likely"
        if ctx.doc.is_prose(t.start, t.end):
            yield ctx.finding("entity.acronym", "entity", t.start, t.end, form, fix, 0.8,
                              f"unknown acronym {w!r}: letters of {form!r} swapped",
                              f"{ent.describe()}; context: {', '.join(hits) or 'named elsewhere in the text'}")


def _in_exception(ctx, m, ent: Entity) -> bool:
    if not ent.exceptions:
        return False
    line_s = max(ctx.view.rfind("\n", max(0, m.start - 200), m.start) + 1, m.start - 200)
    line_e = ctx.view.find("\n", m.end, m.end + 200)
    line = ctx.view[line_s:line_e if line_e >= 0 else min(len(ctx.view), m.end + 200)]
    for exc in ent.exceptions:
        for x in regex.finditer(regex.escape(exc), line, regex.I):
            if x.start() + line_s <= m.start and m.end <= x.end() + line_s:
                return True
    return False


def _given_names(ctx, ms, covered):
    """'Voldymir Zelensky' -> 'Volodymyr Zelenskyy': a misspelt first name before a known surname.

    Among the people with that surname, the one whose first name is closest
    wins; a common first name ('Ibrahim Raisi') is only a suggestion, and only
    when it sounds the same as the known one.
    """
    kb, toks, lex = ctx.kb, ctx.an.tokens, ctx.kb.lexicon
    for m in ms:
        if m.tok0 == 0 or m.tok1 - m.tok0 != 1:
            continue
        people = [e for e in m.entities(kb) if e.type == "person"
                  and any(how == "surname" for eid, how in m.refs if eid == e.id)]
        prev = toks[m.tok0 - 1]
        if not people or not prev.is_cap:
            continue
        if ctx.view[prev.end:m.start] != " " or len(prev.text) < 3 or not prev.text.isalpha():
            continue
        given = fold(prev.text)
        if any(given in e.givens for e in people) or ctx.accepted(prev.text) or \
                any(e.type == "person" for e in kb.entities_for(prev.text)):
            continue     # a place called 'Kaya' before 'Kallas' is still a first name
        scored = sorted(((max(JaroWinkler.similarity(given, g) for g in e.givens), e) for e in people if e.givens),
                        key=lambda x: -x[0])
        if not scored:
            continue
        score, ent = scored[0]
        if score < 0.8 or (len(scored) > 1 and scored[1][0] > score - 0.05):
            continue
        best = max(ent.givens, key=lambda g: JaroWinkler.similarity(given, g))
        zipf = lex.zipf(prev.text)
        same_key = name_key(given) == name_key(best)
        if zipf >= 3.0:
            if not (same_key and score >= 0.85):
                continue  # a common first name: another person, or not a name at all
            fix = "likely"
        elif zipf >= 2.0 and score < 0.85:
            continue      # a first name in its own right, not near enough: 'Gerd Müller' is not Gerhard
        else:
            fix = "safe" if score >= 0.85 and zipf < 2.0 else "likely"
        yield ctx.finding("entity.given-name", "entity", prev.start, m.end, ent.name, fix,
                          round(score, 3), f"first name of {ent.name!r} looks misspelt",
                          f"{ent.describe()}: surname matches exactly; given name "
                          f"{prev.text!r} ~ {best!r} (Jaro-Winkler {score:.2f}"
                          f"{', same phonetic key' if same_key else ''})")


def _fuzzy(ctx, covered, doc_entities):
    kb, toks, lex = ctx.kb, ctx.an.tokens, ctx.kb.lexicon
    doc_words = set(ctx.an.folded)
    groups: dict[str, list[int]] = {}
    for i, t in enumerate(toks):
        if i in covered or not t.is_cap or t.text.isupper():
            continue
        base = _bare(t.text)
        if len(base) < MIN_FUZZY_LEN or not base.isalpha() and "-" not in base:
            continue
        if ctx.accepted(base) or lex.zipf(base) >= COMMON_WORD_ZIPF or kb.lookup(base):
            continue
        groups.setdefault(base, []).append(i)
    doc_surnames = _doc_surnames(kb, doc_entities) if groups else {}
    for form, idxs in groups.items():
        cands = candidates(kb, form)
        near = _doc_candidates(form, doc_surnames)
        if near:        # a damaged copy of a surname the text names, unless another first name precedes it
            firsts = _first_names_before(ctx, idxs)
            cands = cands + [c for c in near if not firsts - c[0].givens]   # (not +=: candidates() is memoised)
        if not cands:
            continue
        judged = []
        types = _type_cues(ctx, idxs)
        part_of_name = _followed_by_name(ctx, idxs)
        for ent, word, score, same_key in cands:
            if _gendered_pair(fold(form), word) or _derived(fold(form), word):
                continue
            if part_of_name:
                continue      # 'Adani Group', 'Pance Toskovski': part of a longer name the index lacks
            cues = _cues(ctx, ent, idxs, doc_entities, doc_words, types)
            if cues["other_given"] or cues["region"] is False:
                continue
            total = score + 0.08 * same_key + 0.12 * bool(cues["strong"]) + 0.15 * bool(cues["context"])
            judged.append([total, ent, word, score, same_key, cues])
        if any(j[5]["context"] for j in judged):
            for j in judged:   # a name from a country the text never mentions is the less likely reading
                if not j[5]["context"] and "same entity elsewhere in the text" not in j[5]["strong"]:
                    j[0] -= 0.2
        if not judged:
            continue
        judged.sort(key=lambda x: -x[0])
        total, ent, word, score, same_key, cues = judged[0]
        runner = next((j for j in judged[1:] if j[1].id != ent.id), None)
        margin = total - runner[0] if runner else 1.0
        strong, context = cues["strong"], cues["context"]
        elsewhere = "same entity elsewhere in the text" in strong
        if ent.type != "person" and not context and not elsewhere:
            strong = []     # a place or organisation needs its country or context in the text
        if not strong and ent.type != "person" and context and same_key and score >= NEAR_SCORE \
                and len(form) >= 7 and lex.zipf(form) == 0 and margin >= 0.04:
            strong = ["one letter or two from it, same sound, its context in the text"]
            near_only = True      # 'Brasilerao' in a text about Brazil: a suggestion, never automatic
        else:
            near_only = False
        if not strong:
            continue        # context alone never names a name: too many real names are not indexed
        sure_score = score >= SAFE_SCORE or (same_key and score >= PHONETIC_SAFE_SCORE)
        first_name = any(x.startswith("first name") for x in strong)
        if not (score >= SAFE_SCORE or same_key and score >= 0.8 or cues["region"]
                or first_name and same_key and score >= 0.7):
            continue        # too far from the name for anything but a region-confirmed place
        attested = lex.zipf(form) >= 1.0    # the spelling occurs in English text: maybe an accepted variant
        if attested and ent.type != "person" and "'capital' before it" not in strong:
            continue
        exact_first = any(x.startswith("first name") and "~" not in x for x in strong)
        if sure_score and (context or elsewhere or exact_first) and margin >= 0.08 and not attested \
                and not near_only:
            fix, conf = "safe", min(0.99, 0.6 + total / 3)
        elif (score >= SUGGEST_SCORE or same_key and score >= 0.75) and margin >= 0.04:
            fix, conf = "likely", min(0.9, 0.4 + total / 3)
        elif score >= SUGGEST_SCORE:
            fix, conf = "none", 0.5
        else:
            continue
        target = _surface(ent, word)
        evidence = (f"{ent.describe()}: Jaro-Winkler {score:.2f}"
                    f"{', same phonetic key' if same_key else ''}; "
                    f"{'; '.join(strong + context) or 'no context'}"
                    + (f"; runner-up {runner[1].name} ({runner[0]:.2f})" if runner else "; no runner-up"))
        alts = tuple(dict.fromkeys(_surface(j[1], j[2]) for j in judged[:5]))
        for i in idxs:
            t = toks[i]
            end = t.start + len(form)
            if not ctx.doc.is_prose(t.start, end):
                continue
            yield ctx.finding("entity.fuzzy", "entity", t.start, end,
                              target if fix != "none" else None, fix, conf,
                              f"unknown name {form!r}; did you mean {target!r}?", evidence, alts)


_DERIVATION = regex.compile(r"(?:n|ns|an|ans|ian|ians|ese|i|is|s|es|ish|ite|ites|ic|k|ks|ak|aks|er|ers)$")


def _derived(form: str, word: str) -> bool:
    """'Moldovans' from 'Moldova', 'Bosniaks' from 'Bosnia': a derivation, not a misspelling."""
    for stem in (word, word[:-1]):
        if len(stem) >= 3 and form.startswith(stem) and len(form) > len(stem) and _DERIVATION.fullmatch(form[len(stem):]):
            return True
    return False


def _followed_by_name(ctx, idxs) -> bool:
    """Every occurrence is followed by another capitalised word that is not a region word."""
    toks, view = ctx.an.tokens, ctx.view
    region_words = ctx.kb.word_set("region_words")
    for i in idxs:
        if i + 1 >= len(toks) or view[toks[i].end:toks[i + 1].start] != " ":
            return False
        nxt = toks[i + 1]
        if (not nxt.is_cap and not _PARTICLE_PREFIX.match(nxt.text)) or nxt.lower in region_words:
            return False
    return True


def _surface(ent: Entity, folded_word: str) -> str:
    """The accepted spelling (with diacritics) of the matched word of an entity."""
    for form in [ent.name, *regex.split(r"\s+", ent.name)]:
        if fold(form) == folded_word:
            return form
    parts = ent.name.split()
    for k in range(len(parts)):
        cand = " ".join(parts[k:])
        if fold(cand) == folded_word:
            return cand
    return folded_word.title() if folded_word.islower() else folded_word


def candidates(kb: KnowledgeBase, form: str):
    """[(entity, matched folded word, Jaro-Winkler, same phonetic key)] for an unknown form."""
    cache = kb.__dict__.setdefault("_fuzzy_cache", {})
    if form in cache:
        return cache[form]
    f = fold(form)
    key = name_key(f)
    scores: dict[int, tuple[float, bool]] = {}
    for idx in kb.by_key.get(key, ()) if len(key) >= 2 else ():
        w = kb.fuzzy_words[idx]
        scores[idx] = (JaroWinkler.similarity(f, w), True)
    block = kb.by_initial.get(f[:1], ())
    if block:
        choices = kb.__dict__.setdefault("_initial_choices", {})
        words = choices.get(f[:1])
        if words is None:
            words = choices[f[:1]] = [kb.fuzzy_words[i] for i in block]
        for w, sc, j in process.extract(f, words, scorer=JaroWinkler.similarity,
                                        score_cutoff=0.8, limit=12):
            idx = block[j]
            if idx not in scores:
                scores[idx] = (sc, name_key(w) == key)
    out = []
    for idx, (sc, same) in scores.items():
        w = kb.fuzzy_words[idx]
        if w == f or abs(len(w) - len(f)) > max(2, len(f) // 4):
            continue
        if same and sc < 0.6:
            continue
        for eid, how in kb.fuzzy_refs[idx]:
            out.append((kb.entities[eid], w, sc, same))
    out.sort(key=lambda x: (-x[2], x[0].id))
    cache[form] = out[:20]
    if len(cache) > 50_000:
        cache.clear()
    return cache[form]


def _first_names_before(ctx, idxs) -> set[str]:
    """Folded capitalised words right before these tokens that may be first names
    ('Economist Hiroshi Takai': {'hiroshi'}; titles and sentence openers are not)."""
    toks, view, titles = ctx.an.tokens, ctx.view, ctx.kb.word_set("titles")
    out = set()
    for i in idxs:
        if i > 0 and toks[i - 1].is_cap and view[toks[i - 1].end:toks[i].start] == " " \
                and toks[i - 1].lower not in titles and not ctx.an.is_sentence_start(i - 1):
            out.add(fold(toks[i - 1].text))
    return out


def _doc_surnames(kb: KnowledgeBase, doc_entities) -> dict[str, Entity]:
    """Folded surnames of the people this text names correctly."""
    out = {}
    for eid in sorted(doc_entities):
        ent = kb.entities[eid]
        if ent.type == "person":
            for s in ent.surnames:
                if " " not in s and len(s) >= 5:
                    out.setdefault(s, ent)
    return out


def _doc_candidates(form: str, doc_surnames: dict[str, Entity]):
    """The people named elsewhere in the text whose surname ``form`` may be a damaged copy of,
    including a cut-off one ('Takai' for 'Takaichi' in a text about Sanae Takaichi)
    that the general index leaves out by length.

    >>> kb = KnowledgeBase.load()
    >>> sanae = kb.entities_for("Sanae Takaichi")[0]
    >>> [(e.name, w, round(s, 2)) for e, w, s, _ in _doc_candidates("Takai", {"takaichi": sanae})]
    [('Sanae Takaichi', 'takaichi', 0.93)]
    >>> _doc_candidates("Tanaka", {"takaichi": sanae})
    []
    """
    f = fold(form)
    out = []
    for s, ent in doc_surnames.items():
        if s == f:
            continue
        cut = len(f) >= 5 and s.startswith(f) and len(s) - len(f) <= 3
        if not cut and abs(len(s) - len(f)) > max(2, len(f) // 4):
            continue
        sc = JaroWinkler.similarity(f, s)
        if sc >= 0.85:
            out.append((ent, s, sc, name_key(f) == name_key(s)))
    return out


def _gendered_pair(a: str, b: str) -> bool:
    """Zelenska/Zelensky, Peskova/Peskov: family members, not misspellings."""
    for x, y in ((a, b), (b, a)):
        if x.startswith(y[:-1]) and _FEMININE.search(x) and len(x) - len(y) <= 3 and x[:len(y) - 1] == y[:-1]:
            if _FEMININE.search(x).start() >= len(y) - 2:
                return True
    return False


SPEECH_VERBS = frozenset("said says told added stated noted wrote argued insisted warned".split())


def _type_cues(ctx, idxs) -> set[str]:
    """What the surroundings say the name is: 'person' (a first name or a title before it,
    a speech verb after it) or 'place' (a region word after it)."""
    toks, view, kb = ctx.an.tokens, ctx.view, ctx.kb
    titles, region_words = kb.word_set("titles"), kb.word_set("region_words")
    out = set()
    for i in idxs:
        if i > 0 and view[toks[i - 1].end:toks[i].start] == " ":
            prev = toks[i - 1]
            if prev.lower in titles:
                out.add("person")
            elif prev.is_cap and prev.text.isalpha() and not ctx.an.is_sentence_start(i - 1) \
                    and prev.lower not in kb.word_set("place_modifiers") \
                    and not any(e.type != "person" for e in kb.entities_for(prev.text)):
                out.add("person")      # a capitalised word before that is no place: a first name
            elif prev.is_cap and _is_given_name(kb, prev.text) and not kb.entities_for(prev.text):
                out.add("person")      # 'Tony Brenton' at the start of a sentence
        if i + 1 < len(toks) and view[toks[i].end:toks[i + 1].start] == " ":
            nxt = toks[i + 1].lower
            if nxt in region_words:
                out.add("place")
            elif nxt in SPEECH_VERBS:
                out.add("speaker")
    return out


def _is_given_name(kb, word: str) -> bool:
    """Is this a first name of some known person ('Dmitry', 'Tony')?"""
    cache = kb.__dict__.setdefault("_givens", None)
    if cache is None:
        cache = kb.__dict__["_givens"] = frozenset(g for e in kb.entities if e.type == "person" for g in e.givens)
    return fold(word) in cache


def _cues(ctx, ent: Entity, idxs, doc_entities, doc_words, types=frozenset()):
    """Evidence for an entity around the occurrences of a form."""
    toks, view = ctx.an.tokens, ctx.view
    kb = ctx.kb
    strong, context = [], []
    other_given = False
    region = None
    titles = kb.word_set("titles")
    region_words = kb.word_set("region_words")
    if ent.type != "person" and "person" in types:
        return {"strong": [], "context": [], "other_given": True, "region": None}
    for i in idxs:
        if i > 0:
            prev = toks[i - 1]
            gap = view[prev.end:toks[i].start]
            if gap == " " and prev.is_cap:
                g = fold(prev.text)
                if ent.type == "person" and g in ent.givens:
                    strong.append(f"first name {prev.text!r}")
                elif ent.type == "person" and ent.givens and max(
                        (JaroWinkler.similarity(g, x) for x in ent.givens), default=0) >= 0.85:
                    strong.append(f"first name {prev.text!r} ~ {ent.name.split()[0]!r}")
                elif ent.type == "person" and prev.text.lower() not in titles and not kb.is_known_name(prev.text) \
                        and not ctx.an.is_sentence_start(i - 1) and prev.text.isalpha() \
                        and kb.lexicon.zipf(prev.text) < 4.5:
                    other_given = True
                elif ent.type == "person" and _is_given_name(kb, prev.text):
                    other_given = True     # another known first name: another person
            if gap == " " and prev.text.lower() in titles and ent.type == "person" \
                    and prev.text.lower() in ent.role.lower():
                strong.append(f"title {prev.text!r}")
            if ent.subtype == "capital" and gap == " " and prev.lower == "capital" \
                    or ent.subtype == "capital" and i > 1 and prev.lower == "city" and toks[i - 2].lower == "capital":
                strong.append("'capital' before it")      # 'the capital Brazilia'
        if i + 1 < len(toks):
            nxt = toks[i + 1]
            if view[toks[i].end:nxt.start] == " " and nxt.text.lower() in region_words:
                region = ent.type == "place"
                if region:
                    strong.append(f"'{nxt.text}' follows")
    if ent.id in doc_entities:
        strong.append("same entity elsewhere in the text")
    ctx_words = [w for w in (ent.country, *ent.context) if w]
    generic = kb.word_set("region_words") | titles
    hits = [w for w in ctx_words if w.lower() not in generic and all(fold(p) in doc_words for p in w.split())]
    if hits:
        context.append("context: " + ", ".join(hits[:3]))
    if ent.type == "place" and "speaker" in types and not region:
        strong = [x for x in strong if x == "same entity elsewhere in the text"]
        context = []
    return {"strong": list(dict.fromkeys(strong)), "context": context,
            "other_given": other_given and not strong, "region": region}
