"""mtclean: find and repair machine-translation and spinner damage in news text.

>>> from cleaner import check_text, fix_text
>>> fix_text("Trump 's envoy Steve Witkov flew to Kiev.")
"Trump's envoy Steve Witkoff flew to Kyiv."
"""
from __future__ import annotations

from .engine import Engine, Result, default_kb
from .findings import Finding

__version__ = "0.1.0"
__all__ = ["Engine", "Result", "Finding", "check_text", "fix_text", "default_kb", "__version__"]

_ENGINE: Engine | None = None


def _engine() -> Engine:
    global _ENGINE
    if _ENGINE is None:
        _ENGINE = Engine()
    return _ENGINE


def check_text(text: str, kind: str = "text") -> Result:
    """Findings for a text with the built-in packs."""
    return _engine().check(text, kind)


def fix_text(text: str, kind: str = "text", level: str = "safe") -> str:
    """The text with every fix at ``level`` (safe or likely) applied."""
    return _engine().fix(text, kind, level)[0]
