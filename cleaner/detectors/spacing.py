"""Run-together words: "PresidentEbrahim", "thepresident", "Mansourisaid", "statement.In", "favor36".

Stray spaces ("Trump 's", "company ,") are plain patterns and live in
``rules/spacing.toml``; this module handles the joins that need a lexicon.

>>> from cleaner import fix_text
>>> fix_text("Iranian PresidentEbrahim Raisi met thepresident of the council.")
'Iranian President Ebrahim Raisi met the president of the council.'
"""
from __future__ import annotations

import regex

CAMEL_RE = regex.compile(r"\b(\p{Lu}?\p{Ll}{2,})(\p{Lu}\p{Ll}{2,})\b")
ROMAN_JOIN_RE = regex.compile(r"\b([IVX]{2,4})(and|of|in|to|the|said|was|has)\b")
LOWER_RE = regex.compile(r"\b\p{Ll}{6,}\b")
NAME_VERB_RE = regex.compile(r"\b(\p{Lu}\p{Ll}{2,}?)(said|says|told|added|and|the|was|has|who|on|morning|afternoon|evening|night|officials?|authorities|government)\b")
# 'in favor36 against', 'a further 12million': a word and a number run together (prose
# context only: not '#top10', 'user_2024', 'covid19')
# (each match starts at the digits: a scan that tries every letter is ten times slower)
WORD_NUMBER_RE = regex.compile(r"(?<=(?<![\p{L}\d#@_/.-])(\p{Ll}{4,}))(\d++(?:[.,]\d+)*+)(?![\p{L}\d_/@-])")
NUMBER_WORD_RE = regex.compile(r"(?<![\p{L}\d#@_/.,-])(\d++(?:[.,]\d+)*+)(\p{Ll}{4,}+)(?![\p{L}\d_/@-])")
NUMBERED_NAMES = frozenset("""covid iphone ipad windows galaxy pixel xbox playstation web level phase class area
model version type series group round stage section season grade tier gen block sector zone
base sha utf ipv html mpeg python php http ddr usb wifi""".split())
PERIOD_RE = regex.compile(r"(?<=\b\p{L}*\p{Ll}{2})\.(?=\p{Lu}\p{Ll}+\b)")
_NO_SPLIT_PREFIXES = frozenset(("mac", "mc", "van", "von", "del", "des", "los", "las", "san", "der", "den", "della"))
_DAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
FUNCTION = frozenset("a an the and of in on to at for by with from said says told added was were has had is who which other".split())


def detect(ctx):
    yield from _camel(ctx)
    yield from _lower(ctx)
    yield from _name_verb(ctx)
    yield from _period(ctx)
    yield from _word_number(ctx)


def _unknown(ctx, word: str) -> bool:
    return ctx.kb.lexicon.zipf(word) < 1.0 and not ctx.kb.lookup(word) and not ctx.accepted(word)


def _known_part(ctx, part: str, min_zipf=3.0) -> bool:
    from .entity import _is_given_name
    return ctx.kb.lexicon.zipf(part) >= min_zipf or ctx.kb.is_known_name(part) or _is_given_name(ctx.kb, part)


def _camel(ctx):
    view = ctx.view
    for m in CAMEL_RE.finditer(view):
        left, right = m.group(1), m.group(2)
        if left.lower() in _NO_SPLIT_PREFIXES or not _unknown(ctx, m.group()):
            continue
        if not (_known_part(ctx, left) and _known_part(ctx, right)):
            continue
        if not ctx.doc.is_prose(*m.span()):
            continue
        titles = ctx.kb.word_set("titles")
        title_join = left.lower() in titles or right.lower() in titles
        if title_join and not ctx.kb.is_known_name(left):
            fix = "safe"        # 'PresidentEbrahim', 'AffairsMinister'
        elif left[0].islower():
            fix = "likely"      # 'agoKenyan': a lost sentence or caption break
        else:
            continue            # 'FedWatch', 'TurkStream': too often a brand
        yield ctx.finding("spacing.joined-words", "spacing", m.start(), m.end(), f"{left} {right}",
                          fix, 0.9 if fix == "safe" else 0.7, "two words run together",
                          f"{m.group()!r} is not a word; {left!r} and {right!r} are")
    for m in ROMAN_JOIN_RE.finditer(view):
        if ctx.doc.is_prose(*m.span()) and _unknown(ctx, m.group()):
            yield ctx.finding("spacing.joined-words", "spacing", m.start(), m.end(),
                              f"{m.group(1)} {m.group(2)}", "safe", 0.9, "two words run together",
                              "regnal numeral joined to the next word")


def _best_split(ctx, word: str):
    lex = ctx.kb.lexicon
    best = None
    for k in range(1, len(word)):
        a, b = word[:k], word[k:]
        if (len(a) == 1 and a not in ("a",)) or len(b) < 2:
            continue
        za, zb = lex.zipf(a), lex.zipf(b)
        if a in FUNCTION or b in FUNCTION:
            ok = min(za, zb) >= 3.0 and max(len(a), len(b)) >= 4
        else:
            ok = min(za, zb) >= 4.0 and min(len(a), len(b)) >= 4
        if ok and (best is None or min(za, zb) > best[2]):
            best = (a, b, min(za, zb))
    return best


def _lower(ctx):
    for m in LOWER_RE.finditer(ctx.view):
        w = m.group()
        if not _unknown(ctx, w) or not ctx.doc.is_prose(*m.span()):
            continue
        split = _best_split(ctx, w)
        if not split:
            continue
        a, b, _ = split
        if a in ("the", "and", "of", "a") and len(b) >= 4 or b in ("the", "and"):
            fix = "safe"
        elif a in FUNCTION or b in FUNCTION:
            fix = "likely"
        else:
            fix = "none"   # two content words: a suggestion ("eurogovernment")
        yield ctx.finding("spacing.joined-words", "spacing", m.start(), m.end(), f"{a} {b}", fix,
                          0.85 if fix == "safe" else 0.65, "two words run together",
                          f"{w!r} is not a word; {a!r} and {b!r} are")


def _name_verb(ctx):
    for m in NAME_VERB_RE.finditer(ctx.view):
        w, left, right = m.group(), m.group(1), m.group(2)
        if not _unknown(ctx, w) or not ctx.doc.is_prose(*m.span()):
            continue
        left_known = ctx.kb.is_known_name(left) or left.lower() in _DAYS
        if right in ("on", "and", "the", "was", "has", "who") and not left_known:
            continue
        if len(left) < 4 or ctx.kb.lexicon.zipf(left) >= 4.0 and not left_known:
            continue
        fix = "safe" if left_known and right in ("said", "says", "told", "added") else "likely"
        yield ctx.finding("spacing.joined-words", "spacing", m.start(), m.end(), f"{left} {right}",
                          fix, 0.8, "a name run together with the next word",
                          f"{w!r} is not a known word or name; {right!r} follows {left!r}")


def _period(ctx):
    view = ctx.view
    for m in PERIOD_RE.finditer(view):
        nxt = regex.match(r"\p{L}+", view[m.end():m.end() + 80])          # windows, not the whole
        prev = regex.search(r"\p{L}+$", view[max(0, m.start() - 80):m.start()])   # view per match
        if not nxt or not prev or not ctx.doc.is_prose(m.start(), m.end() + 1):
            continue
        joined = f"{prev.group()}.{nxt.group()}"
        if ctx.kb.lexicon.zipf(joined) > 0 or ctx.kb.lookup(joined):
            continue
        fix = "safe" if nxt.group().lower() in ("the", "in", "a", "he", "she", "it", "they", "we", "this", "but", "on") else "likely"
        yield ctx.finding("spacing.missing-space", "spacing", m.start(), m.end(), ". ", fix, 0.8,
                          "missing space after a full stop", f"{joined!r}")


def _word_number(ctx):
    """'36 votes in favor36 against' -> 'favor 36': a common word glued to a number."""
    lex = ctx.kb.lexicon
    for rx, word_group in ((WORD_NUMBER_RE, 1), (NUMBER_WORD_RE, 2)):
        for m in rx.finditer(ctx.view):
            word = m.group(word_group)
            s, e = m.start(1), m.end()
            whole = ctx.view[s:e]
            if word in NUMBERED_NAMES or lex.zipf(word) < 4.0 or ctx.kb.lookup(whole) \
                    or ctx.accepted(whole) or not ctx.doc.is_prose(s, e):
                continue
            yield ctx.finding("spacing.word-number", "spacing", s, e,
                              f"{m.group(1)} {m.group(2)}", "likely", 0.75,
                              "a word and a number run together", f"{word!r} is a word")
