"""English word frequencies (wordfreq, frozen at 2021 data), with a cache.

The frequency list never vetoes a name the knowledge base knows: callers ask
the knowledge base first.

>>> lex = Lexicon()
>>> lex.zipf("said") > 5, lex.zipf("Witkov") == 0
(True, True)

Start-up: importing wordfreq and decoding its list costs ~180 ms, so the list
is compiled into a compact frozen table that is memory-mapped: the words sorted
by their UTF-8 bytes, an offsets array and a zipf array. A lookup is a binary
search (~20 slices of the mapping); opening the table costs well under a
millisecond whatever the list's size.

The wheel ships the table, built with the wheel, in ``cleaner/_prebuilt/``
(:func:`prebuilt_dir`), named by a digest of wordfreq's data file and of this
module (:func:`shipped_table_name`): a first run after ``pip install`` opens it
if the installed wordfreq is the one it was built from. Otherwise (an editable
install, another wordfreq) the table is built once into the user cache dir
(:func:`cache_dir`), keyed by the data file's size and mtime, so reinstalling
wordfreq rebuilds it. Nothing is ever written inside the package.
"""
from __future__ import annotations

import mmap
import os
import struct
import sys
from functools import lru_cache
from pathlib import Path

TABLE_FORMAT = 1
_MAGIC = b"MTLEX\x00\x00" + bytes([TABLE_FORMAT])
_HEADER = struct.Struct("<8sII")       # magic, number of words, length of the word blob


def cache_dir() -> Path:
    base = os.environ.get("MTCLEAN_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mtclean"


PREBUILT = "_prebuilt"


def prebuilt_dir() -> Path | None:
    """The read-only stores shipped in the installed package (built by setup.py), if any.

    None in a source checkout or an editable install (nothing was built), or
    when ``MTCLEAN_NO_PREBUILT`` is set (to measure or debug the user cache).
    """
    if os.environ.get("MTCLEAN_NO_PREBUILT"):
        return None
    d = Path(__file__).resolve().parent / PREBUILT
    return d if d.is_dir() else None


class Lexicon:
    """Zipf frequency of English words (0 = unknown, 7 = 'the')."""

    def __init__(self) -> None:
        self._table: _FrozenTable | dict[str, float] | None = None

    # the table is a memory map: never pickled, reopened on demand
    def __getstate__(self):
        return {}

    def __setstate__(self, state):
        self._table = None

    def _load(self):
        if self._table is None:
            self._table = _load_table()
        return self._table

    @lru_cache(maxsize=200_000)
    def zipf(self, word: str) -> float:
        w = word.lower().replace("’", "'")
        t = self._load()
        z = t.get(w)
        if z is not None:
            return z
        if "-" in w or "'" in w:
            parts = [p for p in w.replace("'", "-").split("-") if p]
            return min((t.get(p, 0.0) for p in parts), default=0.0)
        return 0.0

    def known(self, word: str, threshold: float = 1.0) -> bool:
        return self.zipf(word) >= threshold

    __hash__ = object.__hash__


class _FrozenTable:
    """A read-only word -> zipf mapping over a memory-mapped file.

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "t.lex"
    >>> write_table(p, {"said": 5.5, "the": 7.3, "zoë": 1.01})
    >>> t = _FrozenTable.open(p)
    >>> t.get("the"), t.get("zoë"), t.get("zo"), len(t)
    (7.3, 1.01, None, 3)
    """

    def __init__(self, buf, n: int, blob_len: int):
        self._buf = buf
        self._n = n
        off = _HEADER.size
        self._offsets = memoryview(buf)[off:off + 4 * (n + 1)].cast("I")
        off += 4 * (n + 1)
        self._zipf = memoryview(buf)[off:off + 2 * n].cast("H")
        off += 2 * n + (2 * n) % 4
        self._base = off
        if off + blob_len != len(buf) or (n and self._offsets[n] != blob_len):
            raise ValueError("truncated word table")

    @classmethod
    def open(cls, path: Path) -> "_FrozenTable":
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size < _HEADER.size:
                raise ValueError("truncated word table")
            buf = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        magic, n, blob_len = _HEADER.unpack_from(buf, 0)
        if magic != _MAGIC:
            raise ValueError("not a word table")
        return cls(buf, n, blob_len)

    def __len__(self) -> int:
        return self._n

    def _word(self, i: int) -> bytes:
        return self._buf[self._base + self._offsets[i]:self._base + self._offsets[i + 1]]

    def get(self, word: str, default=None):
        key = word.encode("utf-8", "surrogatepass")
        lo, hi = 0, self._n
        while lo < hi:
            mid = (lo + hi) >> 1
            if self._word(mid) < key:
                lo = mid + 1
            else:
                hi = mid
        if lo < self._n and self._word(lo) == key:
            return round(self._zipf[lo] / 100, 2)
        return default

    def __contains__(self, word: str) -> bool:
        return self.get(word) is not None

    def items(self):
        for i in range(self._n):
            yield self._word(i).decode("utf-8"), round(self._zipf[i] / 100, 2)


def write_table(path: Path, table: dict[str, float]) -> None:
    """Write ``table`` in the frozen format, atomically."""
    import array

    items = sorted((w.encode("utf-8", "surrogatepass"), z) for w, z in table.items())
    offsets = array.array("I", [0])
    zipfs = array.array("H")
    blob = bytearray()
    for w, z in items:
        blob += w
        offsets.append(len(blob))
        zipfs.append(max(0, min(65535, round(z * 100))))
    if sys.byteorder != "little":  # pragma: no cover
        offsets.byteswap()
        zipfs.byteswap()
    data = (_HEADER.pack(_MAGIC, len(items), len(blob)) + offsets.tobytes() + zipfs.tobytes()
            + b"\x00" * ((2 * len(items)) % 4) + bytes(blob))
    from .sources import write_atomic
    write_atomic(path, data)


def wordfreq_data_file() -> Path | None:
    """wordfreq's English list, found without importing wordfreq (which is slow)."""
    import importlib.util
    try:
        spec = importlib.util.find_spec("wordfreq")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for loc in spec.submodule_search_locations:
        p = Path(loc) / "data" / "large_en.msgpack.gz"
        if p.is_file():
            return p
    return None


@lru_cache(maxsize=1)
def wordfreq_digest() -> str | None:
    """SHA-256 of wordfreq's English data file (~2 ms), None without it."""
    import hashlib
    src = wordfreq_data_file()
    if src is None:
        return None
    try:
        return hashlib.sha256(src.read_bytes()).hexdigest()
    except OSError:
        return None


def shipped_table_name() -> str | None:
    """File name of the prebuilt table for the installed wordfreq and this code, by content."""
    import hashlib
    wf = wordfreq_digest()
    if wf is None:
        return None
    h = hashlib.sha256(f"{TABLE_FORMAT}|{wf}|".encode())
    h.update(Path(__file__).read_bytes())
    return f"wordfreq-en-v{TABLE_FORMAT}-{h.hexdigest()[:24]}.lex"


def _shipped_table() -> "_FrozenTable | None":
    d = prebuilt_dir()
    name = shipped_table_name() if d is not None else None
    if name is None:
        return None
    try:
        return _FrozenTable.open(d / name)
    except (OSError, ValueError, struct.error):
        return None


def table_path() -> Path:
    """Where the frozen table for the installed wordfreq lives (keyed by its data file)."""
    src = wordfreq_data_file()
    if src is None:
        tag = "none"
    else:
        st = src.stat()
        tag = f"{st.st_size:x}-{st.st_mtime_ns:x}"
    return cache_dir() / f"wordfreq-en-v{TABLE_FORMAT}-{tag}.lex"


def _buckets() -> list[list[str]]:
    """wordfreq's English 'large' list: one bucket of words per centibel of frequency.

    Read straight from its data file (gzip + msgpack, the "cBpack" format) when
    the format is the one we know, which spares importing wordfreq; else through
    wordfreq itself.
    """
    src = wordfreq_data_file()
    if src is not None:
        try:
            import gzip

            import msgpack
            with gzip.open(src, "rb") as fh:
                data = msgpack.load(fh, raw=False)
            head = data[0]
            if isinstance(head, dict) and head.get("format") == "cB" and head.get("version") == 1:
                return data[1:]
        except (ImportError, OSError, ValueError, IndexError):
            pass
    import wordfreq
    return wordfreq.get_frequency_list("en", "large")


def build_table() -> dict[str, float]:
    """Word -> zipf for wordfreq's English list (slow: done once, then cached)."""
    table: dict[str, float] = {}
    for i, bucket in enumerate(_buckets()):
        z = round((900 - i) / 100, 2)
        if z <= 0:
            break
        for w in bucket:
            table.setdefault(w, z)
    return table


def _load_table():
    """The shipped table, else the user-cache one (built on first use; a dict if it cannot be written)."""
    shipped = _shipped_table()
    if shipped is not None:
        return shipped
    path = table_path()
    try:
        return _FrozenTable.open(path)
    except (OSError, ValueError, struct.error):
        pass
    table = build_table()
    try:
        write_table(path, table)
        for old in path.parent.glob("wordfreq-en-*.pickle"):
            try:
                old.unlink()   # the cache format before the frozen table
            except OSError:
                pass
        return _FrozenTable.open(path)
    except (OSError, ValueError):
        return table  # a cache we cannot write is only slower
