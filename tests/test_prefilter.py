"""The literal prefilter never hides a match.

Phrase and boilerplate rules run only on documents that contain one of the
letter runs their pattern requires. Skipping a rule must never change what is
found: the findings with the prefilter equal the findings of every rule run
on every document.
"""
import json

import pytest
from hypothesis import given, settings, strategies as st

from cleaner.analysis import Analysis
from cleaner.detectors import Context, boilerplate, phrase
from cleaner.document import Document
from cleaner.knowledge import KnowledgeBase, required_literals

from strategies import ARTIFACTS, DEVSET


@pytest.fixture(scope="module")
def kb():
    return KnowledgeBase.load()


def _findings(kb, text, prefilter: bool):
    doc = Document.from_text(text)
    ctx = Context(doc, Analysis(doc.view), kb)
    saved = phrase.candidate_rules
    if not prefilter:
        phrase.candidate_rules = lambda ctx, rules: [r for r in rules if not r.timed_out]
        boilerplate.candidate_rules = phrase.candidate_rules
    try:
        found = list(phrase.detect(ctx)) + list(boilerplate.detect(ctx))
    finally:
        phrase.candidate_rules = boilerplate.candidate_rules = saved
    return sorted((f.rule, f.start, f.end, f.replacement or "") for f in found)


def _texts(kb):
    """Every example of every rule, and the dev set's texts when it is beside the repo."""
    texts = [ex["text"] for r in kb.phrase_rules + kb.boilerplate_rules for ex in r.examples]
    pairs = DEVSET / "pairs.jsonl"
    if pairs.exists():
        texts += [json.loads(line)["spun"] for line in pairs.open(encoding="utf-8")]
    return texts


def test_prefilter_finds_what_every_rule_finds(kb):
    texts = _texts(kb)
    assert len(texts) > 300
    for text in texts:
        assert _findings(kb, text, True) == _findings(kb, text, False), text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(ARTIFACTS), min_size=1, max_size=6),
       st.lists(st.sampled_from([" ", "\n", ". ", ", ", "\n\n", " the "]), min_size=6, max_size=6))
def test_prefilter_on_mixed_artifacts(kb, parts, glue):
    text = "".join(p + g for p, g in zip(parts, glue))
    assert _findings(kb, text, True) == _findings(kb, text, False)


@pytest.mark.parametrize("pattern,required", [
    (r"\binventory (markets?)\b", ("inventory",)),
    (r"(?i:Source) link|Read more", ("source", "read")),
    (r"\b(?:mass|drive-by) (?:capturing|taking)", ("capturing", "taking")),
    (r"[Tt]he (?=King|Queen)", ("king", "queen")),
    (r"(?<!ab)cd", ()),
    (r"(?:abc)?def", ("def",)),
    (r"(?:abcd)?de", ()),
    (r"x{0,3}yyy", ("yyy",)),
    (r"colou?r", ("colo",)),
    (r"(?<=[€$])\d+", ("€", "$")),
    (r"broken(", ()),
    (r"\pLabc", ("abc",)),                        # '\pL' is a property, not the letter L
    (r"(?P<w>\w+) \g<w>", ()),                    # a backreference is no text
    (r"(?:Witkoff){e<=1}", ()),                    # fuzzy matching needs no exact literal
    ("(?x) foo | bar  # the rest", ()),            # verbose mode: spaces and comments are not text
    (r"\U0001F4F0\s*", ()),
    ("straße", ("strasse",)),                      # literals are case-folded as the rules match
])
def test_required_literals(pattern, required):
    assert required_literals(pattern) == required


@pytest.mark.parametrize("pattern,document", [
    ("strasse", "Straße"), ("straße", "STRASSE"), ("financial times", "ﬁnancial times"),
    ("istanbul", "İstanbul"), ("ΟΔΟΣ", "οδος"), ("ﬁnancial", "financial"), ("news", "newſ"),
    (r"\pLabc", "xabc"), (r"(?:Witkoff){e<=1}", "Witkof met"), (r"\0123", "\n3"),
])
def test_prefilter_keeps_every_rule_that_matches(pattern, document):
    import regex
    from cleaner.knowledge import PhraseRule
    rule = PhraseRule("user.x", "user", "phrase", regex.compile(pattern, regex.V1 | regex.I), None, "none",
                      "", False, [], literals=required_literals(pattern))
    assert rule.pattern.search(document)
    doc = Document.from_text(document)
    ctx = Context(doc, Analysis(doc.view), KnowledgeBase())
    assert phrase.candidate_rules(ctx, [rule]) == [rule]
