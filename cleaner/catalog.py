"""The rule catalogue behind `mtclean rules` and `mtclean rules explain`.

Pack rules describe themselves; rules implemented in code are listed here
with the detector module that raises them.
"""
from __future__ import annotations

import textwrap
from collections import Counter

CODE_RULES = {
    "entity.misspelling": ("entity", "safe", "a misspelling listed in an entity pack"),
    "entity.house-style": ("entity", "safe", "a deprecated form of a name (Kiev -> Kyiv), except in listed phrases"),
    "entity.given-name": ("entity", "safe/likely", "a misspelt first name before a known surname"),
    "entity.case": ("entity", "safe", "a capitalised particle inside a known name ('Ursula Von der Leyen')"),
    "entity.diacritics": ("entity", "safe", "a known name with an accent in the wrong place ('Mázon')"),
    "entity.split-name": ("entity", "safe", "a one-word name written as two ('Fed Watch')"),
    "entity.acronym": ("entity", "safe/likely", "an unknown acronym with the letters of a known one ('CSNA')"),
    "entity.fuzzy": ("entity", "safe/likely/none", "an unknown name close to a known one, gated by context"),
    "consistency.name": ("consistency", "likely", "one name spelt two ways in the same text"),
    "encoding.mojibake": ("encoding", "safe", "text decoded with the wrong character set (ftfy)"),
    "spacing.joined-words": ("spacing", "safe/likely", "two words run together"),
    "spacing.missing-space": ("spacing", "safe/likely", "no space after a full stop"),
    "spacing.word-number": ("spacing", "likely", "a word and a number run together ('favor36')"),
    "bracket.stray-editorial": ("bracket", "none", "an editorial bracket followed by a pronoun: '[Putin] He'"),
    "bracket.glued-quote": ("bracket", "none", "a quotation mark glued to a word on the wrong side"),
    "bracket.guillemet": ("bracket", "likely", "guillemets in English text"),
    "bracket.dash-quote": ("bracket", "none", "a dash opening a quotation"),
    "bracket.period-before-said": ("bracket", "likely", "a quotation ending in a full stop before 'said'"),
    "bracket.quoted-name": ("bracket", "likely", "an organisation's name in quotation marks"),
    "bracket.unit-debris": ("bracket", "likely", "a unit in parentheses with no number"),
    "bracket.unbalanced-quote": ("bracket", "none", "quotation marks that do not pair up"),
    "bracket.dash-said": ("bracket", "none", "a quotation attributed with a dash ('... - Dodik said.')"),
    "bracket.mismatched-quote": ("bracket", "likely", "a quotation opened with “ and closed with ’"),
    "bracket.unquoted-quote": ("bracket", "none", "a first-person paragraph with a named speaker and no quotation marks"),
    "bracket.low-quote": ("bracket", "likely", "a low opening quotation mark („...“) in English text"),
    "pronoun.place-said-he": ("pronoun", "likely", "a place or organisation that 'said he'"),
    "pronoun.gender": ("pronoun", "likely", "a pronoun contradicting a known person's gender"),
    "style.capitalised-word": ("capitalization", "none", "a common word capitalised mid-sentence"),
    "style.period-lowercase": ("capitalization", "none", "a full stop followed by a lowercase word ('present. on site.')"),
    "repetition.word": ("repetition", "safe", "the same word twice in a row"),
    "repetition.letter": ("repetition", "safe", "a doubled capital that makes a non-word ('AArriving')"),
    "repetition.phrase": ("repetition", "none", "a phrase repeated right away"),
    "repetition.duplicate-line": ("repetition", "safe/likely", "a line repeated verbatim right after itself (a doubled headline)"),
    "redundancy.stem": ("redundancy", "none", "the same stem twice in a short phrase"),
    "garble.unknown-word": ("unknown_word", "none", "a word neither English nor a known name"),
}


def list_rules(kb) -> str:
    lines = ["Packs:"]
    for p in kb.packs:
        if p.kind == "entities":
            n = len(p.data.get("entity", []))
            what = f"{n} entities"
        elif p.kind in ("phrases", "boilerplate"):
            what = f"{len(p.data.get('rule', []))} rules"
        else:
            what = f"{sum(len(v.get('words', [])) for k, v in p.data.items() if k != 'pack')} words"
        lines.append(f"  {p.name:<22} {p.kind:<12} {what:>16}   {p.path}")
    types = Counter(e.type for e in kb.entities)
    lines.append(f"\nEntities: {len(kb.entities)} ({', '.join(f'{v} {k}' for k, v in sorted(types.items()))}), "
                 f"{len(kb.forms)} indexed forms")
    lines.append("\nRules:")
    for rid, (mod, fix, desc) in CODE_RULES.items():
        lines.append(f"  {rid:<34} {fix:<17} {desc}")
    for r in kb.phrase_rules + kb.boilerplate_rules:
        lines.append(f"  {r.id:<34} {r.fix:<17} {r.message}")
    lines.append(f"\n{len(CODE_RULES) + len(kb.phrase_rules) + len(kb.boilerplate_rules)} rules. "
                 "`mtclean rules explain RULE` tells more.")
    return "\n".join(lines) + "\n"


def explain_rule(kb, rule: str) -> str | None:
    if rule in CODE_RULES:
        mod, fix, desc = CODE_RULES[rule]
        import importlib
        doc = importlib.import_module(f"cleaner.detectors.{mod}").__doc__ or ""
        return (f"{rule}\n  fix level: {fix}\n  {desc}\n  detector: cleaner/detectors/{mod}.py\n\n"
                + textwrap.indent(doc.strip(), "  ") + "\n")
    for r in kb.phrase_rules + kb.boilerplate_rules:
        if r.id == rule:
            out = [r.id, f"  pack: {r.pack}", f"  category: {r.category}", f"  fix level: {r.fix}",
                   f"  message: {r.message}", f"  pattern: {r.pattern.pattern}",
                   f"  replacement: {r.replacement!r}" if r.replacement is not None else "  replacement: (flag only)",
                   "  examples:"]
            for ex in r.examples:
                if "fixed" in ex:
                    same = ex["fixed"] == ex["text"]
                    out.append(f"    {ex['text']!r}" + (" (left alone)" if same else f"\n      -> {ex['fixed']!r}"))
                else:
                    out.append(f"    {ex['text']!r} (flagged)")
            return "\n".join(out) + "\n"
    entity = kb.entities_for(rule)
    if entity:
        e = entity[0]
        return f"{e.name}: {e.type}{', ' + e.subtype if e.subtype else ''}; {e.describe()}; pack {e.pack}\n"
    return None
