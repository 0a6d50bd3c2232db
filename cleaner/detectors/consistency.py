"""In-document name consistency: one name spelt two ways.

A rare capitalised form close to a more frequent one in the same text
("Randrianrena" once beside "Randrianirina" three times) is flagged, with
the frequent form suggested. Names the knowledge base knows are left to the
entity detector; forms the corpus learned (batch ``--learn-names``) arrive in
``ctx.extra["learned_names"]`` as {rare form: (frequent form, evidence)};
an evidence ending in "(safe)" makes the fix safe.

>>> from cleaner import check_text
>>> r = check_text("Mr Tsvangiraiwe spoke. Tsvangiraiwe left. Later Tsvangirawe won.")
>>> [(f.text, f.replacement) for f in r.findings if f.rule == "consistency.name"]
[('Tsvangirawe', 'Tsvangiraiwe')]
"""
from __future__ import annotations

from collections import Counter

from rapidfuzz.distance import JaroWinkler

from ..analysis import fold
from ..phonetic import name_key
from .entity import _POSSESSIVE, _gendered_pair, mentions


def detect(ctx):
    toks, lex = ctx.an.tokens, ctx.kb.lexicon
    known = {i for m in mentions(ctx) for i in range(m.tok0, m.tok1)}
    counts: Counter[str] = Counter()
    where: dict[str, list[int]] = {}
    for i, t in enumerate(toks):
        if i in known or not t.is_cap or t.text.isupper():
            continue
        base = _POSSESSIVE.sub("", t.text)
        if len(base) < 5 or ctx.an.is_sentence_start(i) and lex.zipf(base) > 0:
            continue
        if lex.zipf(base) >= 2.0 or ctx.accepted(base):
            continue
        counts[base] += 1
        where.setdefault(base, []).append(i)
    learned = ctx.extra.get("learned_names", {})
    forms = list(counts)
    for rare in forms:
        target, evidence, fix = None, "", "likely"
        if rare in learned:
            target, evidence = learned[rare]
            fix = "safe" if evidence.endswith("(safe)") else "likely"   # batch --learn-names marks sure pairs
        else:
            best = None
            for other in forms:
                tie = counts[other] == counts[rare] == 1 and where[other][0] < where[rare][0]
                if other == rare or not tie and (counts[other] < 2 * counts[rare] or counts[other] < 2):
                    continue
                a, b = fold(rare), fold(other)
                if a == b or _gendered_pair(a, b):
                    continue
                sc = JaroWinkler.similarity(a, b)
                if sc >= 0.9 and name_key(a) == name_key(b) and (not best or sc > best[1]):
                    best = (other, sc)
            if not best:
                continue
            target = best[0]
            evidence = f"{target!r} ×{counts[target]} vs {rare!r} ×{counts[rare]} in this text (Jaro-Winkler {best[1]:.2f})"
            if counts[target] == counts[rare]:
                fix = "none"    # once each: which is right is for a person to say
        for i in where[rare]:
            t = toks[i]
            end = t.start + len(rare)
            if ctx.doc.is_prose(t.start, end):
                yield ctx.finding("consistency.name", "consistency", t.start, end,
                                  target if fix != "none" else None, fix, 0.7 if fix != "none" else 0.4,
                                  f"{rare!r} is spelt {target!r} elsewhere", evidence)
