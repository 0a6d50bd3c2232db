"""Findings: what a detector reports, and the fix levels.

A :class:`Finding` is an immutable record of one artifact at one place:

>>> f = Finding("entity.misspelling", "entity", 10, 16, "Witkov", "Witkoff",
...             "safe", 0.97, "misspelt name", "Steve Witkoff (envoy)")
>>> f.applies_at("safe"), f.applies_at("likely")
(True, True)
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

CATEGORIES = ("entity", "phrase", "garble", "pronoun", "bracket", "spacing",
              "boilerplate", "consistency", "encoding", "style")
LEVELS = ("safe", "likely", "none")
_RANK = {"safe": 0, "likely": 1, "none": 2}


def level_rank(level: str) -> int:
    """Lower is surer: safe 0, likely 1, none 2."""
    return _RANK[level]


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    category: str
    start: int
    end: int
    text: str
    replacement: str | None  # None = flag only, "" = delete
    fix: str                 # safe | likely | none
    confidence: float
    message: str
    evidence: str = ""
    candidates: tuple[str, ...] = field(default=())

    def applies_at(self, level: str) -> bool:
        """True when ``fix --level LEVEL`` would apply this finding."""
        return (self.replacement is not None and self.fix != "none"
                and level_rank(self.fix) <= level_rank(level))

    def with_(self, **changes) -> "Finding":
        return replace(self, **changes)

    def to_json(self, line: int, column: int) -> dict:
        return {"rule": self.rule, "category": self.category,
                "start": self.start, "end": self.end, "line": line,
                "column": column, "text": self.text,
                "replacement": self.replacement, "fix": self.fix,
                "confidence": round(self.confidence, 3),
                "message": self.message, "evidence": self.evidence}
