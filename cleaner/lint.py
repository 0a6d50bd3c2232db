"""Pack linting: problems a rule pack must not ship with.

- a listed misspelling or deprecated form that is a common English word;
- a wrong form of one entity that is an accepted form of another (A -> B -> A);
- a phrase rule whose output its own pack would change again (a cycle);
- the same entity entered twice, in one pack or across packs (see duplicates);
- an example that does not do what it says (run by the test suite).

>>> from cleaner.knowledge import KnowledgeBase
>>> lint(KnowledgeBase.load())
[]
"""
from __future__ import annotations

from collections import defaultdict

from .analysis import fold
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
    problems += duplicates(kb)
    return problems


# How a form is listed in a pack entry (derived surnames and given names are not listed:
# two people may share a surname).
_LISTED = ("name", "variant", "alias") + WRONG


def duplicates(kb: KnowledgeBase) -> list[str]:
    """Entities of one type entered twice, across all packs of ``kb``.

    Two entries are reported when they have the same canonical name (case and
    diacritics folded), or when one form is listed (name, variant, alias,
    misspelling or deprecated form; matched as the index does) for both. A
    duplicate makes two entities compete in the matcher and splits their variants:
    keep one entry. Places and organisations that share a name stay apart when
    their ``country`` differs (Valencia, Spain and Valencia, Venezuela; for
    people the country is spelt too many ways to tell); any two stay apart
    when one entry's ``note`` says ``distinct from <other name>``.

    >>> import pathlib, tempfile
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.toml").write_text('[pack]\\nname = "a"\\nkind = "entities"\\n[[entity]]\\n'
    ...     'name = "King Felipe VI"\\ntype = "person"\\ncountry = "Spain"\\n', encoding="utf-8")
    >>> _ = (d / "b.toml").write_text('[pack]\\nname = "b"\\nkind = "entities"\\n[[entity]]\\n'
    ...     'name = "king felipe vi"\\ntype = "person"\\ncountry = "Spain"\\n', encoding="utf-8")
    >>> duplicates(KnowledgeBase.load([d / "a.toml", d / "b.toml"], builtin=False))
    ["b: 'king felipe vi' (person) is entered twice: as 'King Felipe VI' (a) and 'king felipe vi' (b)"]
    """
    notes = {(pack.name, e.get("name")): fold(str(e.get("note", "")))
             for pack in kb.packs if pack.kind == "entities" for e in pack.data.get("entity", [])}

    def distinct(a, b) -> bool:
        if a.type != "person" and a.country and b.country and fold(a.country) != fold(b.country):
            return True   # places and organisations: countries are written one way in the generated packs
        return (f"distinct from {fold(b.name)}" in notes.get((a.pack, a.name), "")
                or f"distinct from {fold(a.name)}" in notes.get((b.pack, b.name), ""))

    pairs: dict[tuple[int, int], str] = {}
    by_name: dict[tuple[str, str], list[int]] = defaultdict(list)
    for ent in kb.entities:
        by_name[(ent.type, fold(ent.name).strip())].append(ent.id)
    for (typ, key), ids in by_name.items():
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                pairs.setdefault((a, b), key)
    for key, refs in kb.forms.items():
        ids = sorted({e for e, how in refs if how in _LISTED})
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                if kb.entities[a].type == kb.entities[b].type:
                    pairs.setdefault((a, b), key)
    problems = []
    for (a, b), key in sorted(pairs.items()):
        ea, eb = kb.entities[a], kb.entities[b]
        if distinct(ea, eb):
            continue
        problems.append(f"{eb.pack}: {key!r} ({ea.type}) is entered twice: as {ea.name!r} ({ea.pack}) "
                        f"and {eb.name!r} ({eb.pack})")
    return problems
