"""The engine: Document -> Analysis -> detectors -> resolver -> Result.

Pure and deterministic; no I/O.

>>> r = Engine().check("Kiev said he was ready.\\nSource link\\n")
>>> [(f.rule, f.replacement) for f in r.findings]
[('entity.house-style', 'Kyiv'), ('pronoun.place-said-he', 'it'), ('boilerplate.source-link', '')]
>>> r.fixed("safe")
'Kyiv said he was ready.\\n'
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .analysis import Analysis
from .detectors import Context, all_detectors
from .document import Document
from .edits import apply_edits, select_edits, verify
from .findings import Finding
from .knowledge import KnowledgeBase
from .resolver import resolve, score


@dataclass
class Result:
    doc: Document
    findings: list[Finding]
    score: float
    words: int
    errors: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.doc.text

    def edits(self, level: str = "safe") -> list[Finding]:
        return select_edits(self.findings, level)

    def fixed(self, level: str = "safe") -> str:
        """The corrected text; verified to differ only inside the applied edits."""
        edits = self.edits(level)
        new = apply_edits(self.doc.text, edits)
        verify(self.doc.text, new, edits, self.doc.masked)
        return new


class Engine:
    """Checks texts against one knowledge base and one set of settings."""

    def __init__(self, kb: KnowledgeBase | None = None, accept=(), disable=(), select=()):
        self.kb = kb if kb is not None else default_kb()
        self.accept = frozenset(w.casefold() for w in accept) | self.kb.word_set("accept")
        self.disable = tuple(disable)
        self.select = tuple(select)
        self.detectors = all_detectors()

    def fix(self, text: str, kind: str = "text", level: str = "safe", extra: dict | None = None,
            max_passes: int = 4) -> tuple[str, list[Result]]:
        """Apply fixes until nothing changes (at most ``max_passes``), so fixing is idempotent.

        One pass applies non-overlapping edits; a fix that lost to an
        overlapping one gets its turn in the next pass. Returns the final
        text and the result of each pass that changed something (each
        verified to touch only its edits).

        >>> text, passes = Engine().fix("Envoy Steve Witkov 's team flew to Kiev.")
        >>> text, len(passes)
        ("Envoy Steve Witkoff's team flew to Kyiv.", 1)
        """
        results: list[Result] = []
        for _ in range(max_passes):
            result = self.check(text, kind, extra)
            new = result.fixed(level)
            if new == text:
                break
            results.append(result)
            text = new
        return text, results

    def check(self, text: str, kind: str = "text", extra: dict | None = None) -> Result:
        doc = Document.from_text(text, kind)
        an = Analysis(doc.view)
        ctx = Context(doc, an, self.kb, self.accept, dict(extra or {}))
        raw: list[Finding] = []
        errors: list[str] = []
        for det in self.detectors:
            raw.extend(f for f in det.detect(ctx) if f is not None)
        errors += ctx.extra.get("errors", [])
        findings = resolve(raw, text, an, self.disable, self.select)
        words = sum(1 for t in an.tokens if t.text[0].isalpha())
        return Result(doc, findings, score(findings, words), words, errors)


_DEFAULT_KB: KnowledgeBase | None = None


def default_kb() -> KnowledgeBase:
    """The built-in packs, compiled once per process and cached on disk (see kbcache)."""
    global _DEFAULT_KB
    if _DEFAULT_KB is None:
        from .kbcache import load_kb
        _DEFAULT_KB = load_kb()
    return _DEFAULT_KB
