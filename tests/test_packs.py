"""Every example of every pack does what it says; packs are linted.

A pack cannot ship a rule that does not do what it says.
"""
import pytest

from cleaner import Engine
from cleaner.knowledge import KnowledgeBase
from cleaner.lint import lint


@pytest.fixture(scope="module")
def kb():
    return KnowledgeBase.load()


@pytest.fixture(scope="module")
def eng(kb):
    return Engine(kb)


def _rule_cases():
    kb = KnowledgeBase.load()
    for rule in kb.phrase_rules + kb.boilerplate_rules:
        for i, ex in enumerate(rule.examples):
            yield pytest.param(rule.id, ex, id=f"{rule.id}[{i}]")


def _rule_findings(kb, rule_id, text):
    """The findings of one rule alone on ``text`` (no other rule competing for the span)."""
    from cleaner.analysis import Analysis
    from cleaner.detectors import Context, boilerplate, phrase
    from cleaner.document import Document
    doc = Document.from_text(text)
    ctx = Context(doc, Analysis(doc.view), kb)
    det = boilerplate if rule_id.startswith("boilerplate.") else phrase
    saved = (kb.phrase_rules, kb.boilerplate_rules)
    try:
        kb.phrase_rules = [r for r in saved[0] if r.id == rule_id]
        kb.boilerplate_rules = [r for r in saved[1] if r.id == rule_id]
        return list(det.detect(ctx))
    finally:
        kb.phrase_rules, kb.boilerplate_rules = saved


@pytest.mark.parametrize("rule_id,example", list(_rule_cases()))
def test_rule_example(kb, rule_id, example):
    mine = _rule_findings(kb, rule_id, example["text"])
    if "flagged" in example:
        assert bool(mine) == bool(example["flagged"]), [f.text for f in mine]
        return
    expected = example["fixed"]
    if expected == example["text"]:
        assert not [f for f in mine if f.replacement is not None], mine
        return
    assert mine, f"{rule_id} did not fire on {example['text']!r}"
    from cleaner.edits import apply_edits, select_edits
    out = apply_edits(example["text"], select_edits(mine, "likely"))
    assert out == expected


def _entity_forms(kinds):
    kb = KnowledgeBase.load()
    for ent in kb.entities:
        yield ent


def test_every_listed_wrong_form_is_fixed(kb, eng):
    """Each misspelling/deprecated form, in a neutral sentence, comes out as the canonical name."""
    failures = []
    for key, refs in kb.forms.items():
        for eid, how in refs:
            if how not in ("misspelling", "deprecated"):
                continue
            ent = kb.entities[eid]
            form = _original_form(kb, ent, key)
            text = f"Reporters said {form} was mentioned on Monday."
            out = eng.check(text).fixed("safe")
            if out != f"Reporters said {ent.name} was mentioned on Monday.":
                failures.append((form, ent.name, out))
    assert not failures, failures[:20]


def _original_form(kb, ent, key):
    for pack in kb.packs:
        if pack.name != ent.pack:
            continue
        for e in pack.data.get("entity", []):
            if e["name"] == ent.name:
                for f in e.get("misspellings", []) + e.get("deprecated", []):
                    from cleaner.knowledge import fold_form
                    if fold_form(f) == key:
                        return f
    return key


def test_accepted_forms_are_never_changed(kb, eng):
    """Every canonical name and variant, in a neutral sentence, is left alone at the safe level."""
    changed = []
    for pack in kb.packs:
        if pack.kind != "entities":
            continue
        for e in pack.data.get("entity", []):
            for form in [e["name"], *e.get("variants", [])]:
                text = f"Reporters said {form} was mentioned on Monday."
                res = eng.check(text)
                bad = [f for f in res.edits("safe") if f.category == "entity"]
                if bad:
                    changed.append((form, [(f.text, f.replacement) for f in bad]))
    assert not changed, changed[:20]


def test_packs_are_clean(kb):
    assert lint(kb) == []
