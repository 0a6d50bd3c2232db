"""English word frequencies (wordfreq, frozen at 2021 data), with a cache.

The frequency list never vetoes a name the knowledge base knows: callers ask
the knowledge base first.

>>> lex = Lexicon()
>>> lex.zipf("said") > 5, lex.zipf("Witkov") == 0
(True, True)
"""
from __future__ import annotations

import os
import pickle
from functools import lru_cache
from pathlib import Path


def cache_dir() -> Path:
    base = os.environ.get("MTCLEAN_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mtclean"


class Lexicon:
    """Zipf frequency of English words (0 = unknown, 7 = 'the')."""

    def __init__(self) -> None:
        self._table: dict[str, float] | None = None

    def _load(self) -> dict[str, float]:
        if self._table is None:
            self._table = _load_table()
        return self._table

    @lru_cache(maxsize=200_000)
    def zipf(self, word: str) -> float:
        w = word.lower().replace("’", "'")
        t = self._load()
        if w in t:
            return t[w]
        if "-" in w or "'" in w:
            parts = [p for p in w.replace("'", "-").split("-") if p]
            return min((t.get(p, 0.0) for p in parts), default=0.0)
        return 0.0

    def known(self, word: str, threshold: float = 1.0) -> bool:
        return self.zipf(word) >= threshold

    __hash__ = object.__hash__


def _load_table() -> dict[str, float]:
    """Word -> zipf for wordfreq's English list, cached on disk as a pickle."""
    import wordfreq  # imported lazily: it is slow to import

    version = getattr(wordfreq, "__version__", "") or _dist_version("wordfreq")
    path = cache_dir() / f"wordfreq-en-{version}.pickle"
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except (OSError, pickle.PickleError, EOFError, ValueError):
        pass
    table: dict[str, float] = {}
    for i, bucket in enumerate(wordfreq.get_frequency_list("en", "large")):
        z = round((900 - i) / 100, 2)
        if z <= 0:
            break
        for w in bucket:
            table[w] = z
    _atomic_pickle(path, table)
    return table


def _dist_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version(name)
    except PackageNotFoundError:
        return "0"


def _atomic_pickle(path: Path, obj) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass  # a cache we cannot write is only slower
