"""Pack linting: problems a rule pack must not ship with.

- a listed misspelling or deprecated form that is a common English word;
- a wrong form of one entity that is an accepted form of another (A -> B -> A);
- a phrase rule whose output its own pack would change again (a cycle);
- an example that does not do what it says (run by the test suite).

>>> from cleaner.knowledge import KnowledgeBase
>>> lint(KnowledgeBase.load())
[]
"""
from __future__ import annotations

from .knowledge import ACCEPTED, WRONG, KnowledgeBase

COMMON_WORD_ZIPF = 3.0


def lint(kb: KnowledgeBase) -> list[str]:
    problems: list[str] = []
    lex = kb.lexicon
    for key, refs in kb.forms.items():
        wrong = [(eid, how) for eid, how in refs if how in WRONG]
        right = [(eid, how) for eid, how in refs if how in ACCEPTED]
        for eid, how in wrong:
            ent = kb.entities[eid]
            if " " not in key and lex.zipf(key) >= COMMON_WORD_ZIPF and how == "misspelling":
                problems.append(f"{ent.pack}: {how} {key!r} of {ent.name!r} is a common English word")
            for oid, ohow in right:
                if oid != eid:
                    problems.append(f"{ent.pack}: {key!r} is a {how} of {ent.name!r} but a {ohow} of "
                                    f"{kb.entities[oid].name!r} ({kb.entities[oid].pack}): a cycle")
    for rule in kb.phrase_rules:
        if rule.replacement is None or rule.fix == "none":
            continue
        for ex in rule.examples:
            out = ex.get("fixed")
            if isinstance(out, str) and out != ex["text"]:
                again = [m.group() for m in rule.pattern.finditer(out)]
                if again:
                    problems.append(f"{rule.pack}: rule {rule.id} matches its own output {again[0]!r}: not idempotent")
    return problems
