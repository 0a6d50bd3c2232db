"""Detectors: one module per kind of artifact.

Each module exposes ``detect(ctx) -> Iterable[Finding]``. ``ctx`` is a
:class:`Context` holding the document, its analysis, the knowledge base and
the user's settings. Detectors read ``ctx.view`` (prose only; masked text is
blanked) and report offsets into the original text.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..analysis import Analysis
from ..document import Document
from ..findings import Finding
from ..knowledge import KnowledgeBase


@dataclass
class Context:
    doc: Document
    an: Analysis
    kb: KnowledgeBase
    accept: frozenset[str] = frozenset()        # case-folded accepted words/names
    extra: dict = field(default_factory=dict)   # cross-detector notes (e.g. learned names)

    @property
    def view(self) -> str:
        return self.doc.view

    @property
    def text(self) -> str:
        return self.doc.text

    def accepted(self, text: str) -> bool:
        return text.casefold() in self.accept

    def finding(self, rule, category, start, end, replacement, fix, confidence, message,
                evidence="", candidates=()) -> Finding:
        return Finding(rule, category, start, end, self.text[start:end], replacement, fix,
                       confidence, message, evidence, tuple(candidates))


def match_case(template: str, replacement: str) -> str:
    """Give ``replacement`` the capitalisation of ``template``.

    >>> match_case("Inventory markets", "stock markets"), match_case("CEREZ", "ceasefire")
    ('Stock markets', 'CEASEFIRE')
    """
    if not replacement or not template:
        return replacement
    if template.isupper() and len(template) > 1:
        return replacement.upper()
    if template[0].isupper() and replacement[0].islower():
        return replacement[0].upper() + replacement[1:]
    if template[0].islower() and replacement[0].isupper() and not replacement[:2].isupper():
        return replacement[0].lower() + replacement[1:]
    return replacement


def all_detectors():
    from . import (boilerplate, bracket, capitalization, consistency, encoding, entity, phrase,
                   pronoun, redundancy, repetition, spacing, unknown_word)
    return (encoding, boilerplate, phrase, entity, consistency, spacing, bracket, pronoun,
            capitalization, repetition, redundancy, unknown_word)
