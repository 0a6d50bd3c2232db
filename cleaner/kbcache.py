"""A start-up cache for the knowledge base: compiled once, memory-mapped after.

Compiling the rule packs (TOML parsing, validation, the name index) grows with
the packs: tens of thousands of generated place names take seconds. The first
run stores the compiled :class:`~cleaner.knowledge.KnowledgeBase` in the user
cache dir (:func:`cleaner.lexicon.cache_dir`, ``$MTCLEAN_CACHE_DIR`` to move
it); later runs open it in well under the time of one pack parse.

The store keeps the small parts (phrase and boilerplate rules, word lists,
pack headers) in one pickled header, and splits the big ones into
independently pickled chunks that are decoded only when a document needs
them: the form index and the phonetic index are hash-bucketed maps, the
entities and the fuzzy index are chunked sequences. Checking one article
touches a few dozen buckets, so start-up does not grow with the packs.

The cache key is the SHA-256 of every pack file's bytes, the pack set
(built-ins on or off, disabled packs), the code that builds the knowledge base
or fills its memos, wordfreq's data file, and the Python, ``regex`` and
``rapidfuzz`` versions: editing a pack or upgrading mtclean builds a new entry;
old entries are pruned. Built-in packs enter the key by their path inside the
rules folder, user packs by their absolute path, so the key does not depend on
where mtclean is installed. ``MTCLEAN_NO_CACHE=1`` bypasses it.

Shipped store: building a wheel (setup.py's ``build_py``) runs :func:`prebuild`,
which writes the store of the built-in packs, under its key, into the
package's ``_prebuilt/`` folder (:func:`cleaner.lexicon.prebuilt_dir`), with
the word table. The first run after ``pip install`` finds its key there and
opens that store read-only, writing nothing; a key it does not find there
(user packs, disabled packs, edited packs, another Python or dependency
version, an editable install) goes to the user cache as above.

>>> import tempfile, os
>>> os.environ["MTCLEAN_CACHE_DIR"] = tempfile.mkdtemp()
>>> kb = load_kb()            # built and stored
>>> kb2 = load_kb()           # opened from the store
>>> type(kb2.forms).__name__, kb2.digest == kb.digest
('LazyMap', True)
>>> dict(kb2.forms) == kb.forms, list(kb2.fuzzy_words) == kb.fuzzy_words, dict(kb2.by_key) == kb.by_key
(True, True, True)
>>> [vars(e) for e in kb2.entities] == [vars(e) for e in kb.entities]
True
>>> [p.path for p in kb2.packs] == [p.path for p in kb.packs], kb2.packs[0].text == kb.packs[0].text
(True, True)
>>> import pickle; type(pickle.loads(pickle.dumps(kb2)).forms).__name__    # ships as plain data
'dict'
>>> store = next(cache_dir().glob("kb-*.bin")); _ = store.write_bytes(b"garbage")
>>> load_kb().digest == kb.digest                                           # rebuilt
True
>>> del os.environ["MTCLEAN_CACHE_DIR"]
"""
from __future__ import annotations

import hashlib
import mmap
import os
import pickle
import struct
import sys
import zlib
from collections.abc import Mapping, Sequence
from functools import cached_property
from pathlib import Path

from .knowledge import KnowledgeBase
from .lexicon import cache_dir, prebuilt_dir, wordfreq_digest
from .packs import DEFAULT_RULES_DIR, Pack, builtin_pack_paths
from .sources import write_atomic

STORE_FORMAT = 2
_MAGIC = b"MTKB\x00\x00\x00" + bytes([STORE_FORMAT])
_HEAD = struct.Struct("<8sQ")           # magic, header length
KEEP_ENTRIES = 32                       # cached knowledge bases kept (least recently used go)
TOUCH_AFTER = 3600                      # seconds: a store used is marked recent at most hourly
BUCKET_SIZE = 16                        # map entries per bucket (one decode per lookup)
# Sequence items per chunk: entities and fuzzy refs are read a few at a time, at
# scattered indices; the fuzzy word list is read whole (one initial's words are
# spread over it), so it is stored as one string and split on first use.
CHUNK_SIZE = {"entities": 32, "fuzzy_refs": 64}
WHOLE = ("fuzzy_words",)
# Modules whose code shapes the stored objects (the detectors fill the stored memos,
# see derived_memos): a change invalidates the store.
_CODE = ("knowledge.py", "packs.py", "phonetic.py", "analysis.py", "lexicon.py", "findings.py",
         "kbcache.py", "engine.py", "detectors/*.py")
_LAZY_MAPS = ("forms", "by_key", "prefixes", "surfaces")
_LAZY_SEQS = ("entities", "fuzzy_words", "fuzzy_refs")


def load_kb(extra_packs=(), builtin: bool = True, disabled_packs=frozenset()) -> KnowledgeBase:
    """:meth:`KnowledgeBase.load` with the on-disk cache (same arguments, same result)."""
    disabled_packs = frozenset(disabled_packs)
    if os.environ.get("MTCLEAN_NO_CACHE"):
        return KnowledgeBase.load(list(extra_packs), builtin, disabled_packs)
    digests = _Digests()
    try:
        key = cache_key(extra_packs, builtin, disabled_packs, digests)
    except OSError:
        key = None  # a pack cannot be read: let the loader say so
    if key is not None:
        shipped = prebuilt_dir()
        if shipped is not None and (shipped / f"kb-{key}.bin").is_file():
            try:
                return read_store(shipped / f"kb-{key}.bin")   # read-only: nothing written
            except _UNREADABLE:
                pass
        digests.save()
        path = cache_dir() / f"kb-{key}.bin"
        try:
            kb = read_store(path)
            _touch(path)
            return kb
        except _UNREADABLE:
            pass
    kb = KnowledgeBase.load(list(extra_packs), builtin, disabled_packs)
    if key is not None:
        try:
            write_store(path, kb)
            _prune(path.parent)
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            pass  # a cache we cannot write is only slower
    return kb


_UNREADABLE = (OSError, ValueError, EOFError, pickle.UnpicklingError, AttributeError, ImportError,
               IndexError, TypeError, KeyError, struct.error)


def cache_key(extra_packs=(), builtin: bool = True, disabled_packs=frozenset(), digests=None) -> str:
    """A digest of everything the compiled knowledge base depends on, by content.

    Built-in packs count by their path inside the rules folder, so a source
    tree and an installed copy of the same packs and code have the same key.
    ``digests`` (a :class:`_Digests`) remembers pack digests; the caller saves it.
    """
    h = hashlib.sha256()
    h.update(f"{STORE_FORMAT}|{sys.implementation.cache_tag}|{_version('regex')}|"
             f"{_version('rapidfuzz')}|{wordfreq_digest()}|{builtin}|{sorted(disabled_packs)}".encode())
    here = Path(__file__).resolve().parent
    for pattern in _CODE:
        files = sorted(here.glob(pattern)) if "*" in pattern else [here / pattern]
        for f in files:
            h.update(f.relative_to(here).as_posix().encode() + b"\x00")
            try:
                h.update(hashlib.sha256(f.read_bytes()).digest())
            except OSError:
                h.update(b"-")
    if digests is None:
        digests = _Digests()
    if builtin:
        for p in builtin_pack_paths():
            h.update(b"builtin:" + p.relative_to(DEFAULT_RULES_DIR).as_posix().encode("utf-8", "surrogateescape")
                     + b"\x00")
            h.update(digests.of(p))
    for p in extra_packs:
        p = Path(p).resolve()
        h.update(str(p).encode("utf-8", "surrogateescape") + b"\x00")
        h.update(digests.of(p))
    return h.hexdigest()[:24]


class _Digests:
    """SHA-256 of pack files, remembered by (size, mtime, ctime, inode) like git's index.

    A remembered digest is trusted only if the file had not changed for two
    seconds when it was hashed (a write in the same clock tick would leave
    the stat unchanged). ctime cannot be set back by tools, so a rewritten
    file is always hashed again.
    """

    SETTLE_NS = 2_000_000_000

    def __init__(self):
        self.path = cache_dir() / "pack-digests.pickle"
        self.changed = False
        try:
            with open(self.path, "rb") as fh:
                self.known = pickle.load(fh)
            if not isinstance(self.known, dict):
                self.known = {}
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, AttributeError, ImportError):
            self.known = {}

    def of(self, p: Path) -> bytes:
        st = p.stat()
        sig = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
        k = str(p)
        got = self.known.get(k)
        if got and got[0] == sig:
            return got[1]
        import time
        now = time.time_ns()
        digest = hashlib.sha256(p.read_bytes()).digest()
        if max(st.st_mtime_ns, st.st_ctime_ns) < now - self.SETTLE_NS and p.stat().st_ctime_ns == st.st_ctime_ns:
            self.known[k] = (sig, digest)
            self.changed = True
        return digest

    def save(self) -> None:
        if not self.changed:
            return
        if len(self.known) > 4096:
            self.known = dict(list(self.known.items())[-2048:])
        try:
            write_atomic(self.path, pickle.dumps(self.known, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass


def _version(module: str) -> str:
    import importlib
    return str(getattr(importlib.import_module(module), "__version__", ""))


def prebuild(dest) -> list[Path]:
    """Write the store of the built-in packs and the word table into ``dest`` (at wheel build).

    ``dest`` is the package's ``_prebuilt`` folder in the build tree; files
    already there are removed first (a stale key must not ship). Returns the
    files written. Run in a fresh process whose user cache dir is a scratch
    folder, with this ``cleaner`` importable from the build tree.
    """
    from . import lexicon
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    for old in dest.iterdir():
        if old.is_file():
            old.unlink()
    out = []
    name = lexicon.shipped_table_name()
    if name is not None:
        lexicon.write_table(dest / name, lexicon.build_table())
        out.append(dest / name)
    kb = KnowledgeBase.load()
    path = dest / f"kb-{cache_key()}.bin"
    write_store(path, kb)
    if read_store(path).digest != kb.digest:     # pragma: no cover - a broken writer
        raise RuntimeError(f"{path}: store does not read back")
    out.append(path)
    return out


# -- the store ---------------------------------------------------------------

def write_store(path: Path, kb: KnowledgeBase) -> None:
    """Write ``kb`` as a header plus lazily decoded sections, atomically."""
    blobs: list[bytes] = []
    pos = 0
    sections: dict[str, tuple] = {}

    def add(chunks) -> bytes:
        nonlocal pos
        offs = [pos]
        for c in chunks:
            b = pickle.dumps(c, protocol=pickle.HIGHEST_PROTOCOL)
            blobs.append(b)
            pos += len(b)
            offs.append(pos)
        return struct.pack(f"<{len(offs)}Q", *offs)

    for name in _LAZY_MAPS:
        if not isinstance(kb.__dict__.get(name), Mapping):
            continue   # a field this version of the knowledge base does not have
        m = dict(getattr(kb, name))
        nb = max(1, len(m) // BUCKET_SIZE)
        buckets: list[dict] = [{} for _ in range(nb)]
        for k, v in m.items():
            buckets[_bucket(k, nb)][k] = v
        sections[name] = ("map", len(m), nb, add(buckets))
    for name in _LAZY_SEQS:
        if not isinstance(kb.__dict__.get(name), Sequence):
            continue
        seq = list(getattr(kb, name))
        alias = next((n for n in sections if sections[n][0] in ("seq", "strs")
                      and list(getattr(kb, n)) == seq and n != "entities"), None)
        if alias:
            sections[name] = ("alias", alias)
            continue
        if name in WHOLE and all(isinstance(w, str) and "\n" not in w for w in seq):
            sections[name] = ("strs", len(seq), 0, add(["\n".join(seq)]))
            continue
        per = CHUNK_SIZE.get(name, 256)
        chunks = [seq[i:i + per] for i in range(0, len(seq), per)]
        sections[name] = ("seq", len(seq), per, add(chunks))

    core = KnowledgeBase.__new__(KnowledgeBase)
    core.__dict__.update({k: v for k, v in kb.__dict__.items()
                          if k not in sections and not k.startswith("_")})
    core.__dict__.update(derived_memos(kb))
    core.packs = [LazyPack.of(p) for p in kb.packs]
    header = pickle.dumps({"core": core, "sections": sections}, protocol=pickle.HIGHEST_PROTOCOL)
    write_atomic(path, b"".join([_HEAD.pack(_MAGIC, len(header)), header, *blobs]))


# A few sentences that take the detectors through their usual paths.
WARM_TEXT = ("US envoy Steve Witkov arrived in Moscow on Tuesday, while President Voldymir Zelensky "
             "said Ukraine's forces held the line in the Smie region. Kremlin spokesman Dmitry Peskovv "
             "told reporters that Witkov would meet Vladimir Putin. Analysts in Kursk and Brusels "
             "said Prime Minister Keir Starmer and Ursula von der Layen agreed.\n")


def derived_memos(kb: KnowledgeBase) -> dict:
    """Memo tables the detectors derive from the whole knowledge base, computed once here.

    Some detectors keep memos on the knowledge base (``kb.__dict__``), e.g. the
    set of every known first name, which costs a pass over all entities: one
    that would decode the whole store on every run. Checking a short sample
    at store time lets the detectors' own code fill them; every new private
    entry that pickles is kept in the store's header. They are memos of pure
    functions of the knowledge base, so they stay valid as long as the store.
    """
    from .engine import Engine
    before = set(kb.__dict__)
    try:
        Engine(kb).check(WARM_TEXT, "text")
    except Exception:   # a detector bug must not break the cache
        return {}
    out = {}
    for k in set(kb.__dict__) - before:
        if not k.startswith("_"):
            continue
        try:
            pickle.dumps(kb.__dict__[k], protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:
            continue
        out[k] = kb.__dict__[k]
    return out


def read_store(path: Path) -> KnowledgeBase:
    with open(path, "rb") as fh:
        buf = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    magic, hlen = _HEAD.unpack_from(buf, 0)
    if magic != _MAGIC:
        raise ValueError(f"{path}: not a knowledge-base store")
    head = pickle.loads(buf[_HEAD.size:_HEAD.size + hlen])
    base = _HEAD.size + hlen
    kb = head["core"]
    if not isinstance(kb, KnowledgeBase):
        raise ValueError(f"{path}: unexpected contents")
    made: dict[str, object] = {}
    for name, sec in head["sections"].items():
        if sec[0] == "alias":
            continue
        kind, n, per, offs = sec
        offsets = struct.unpack(f"<{len(offs) // 8}Q", offs)
        if base + offsets[-1] > len(buf):
            raise ValueError(f"{path}: truncated")
        made[name] = {"map": LazyMap, "seq": LazySeq, "strs": LazyStrings}[kind](buf, base, offsets, n, per)
    for name, sec in head["sections"].items():
        if sec[0] == "alias":
            made[name] = made[sec[1]]
    for name, obj in made.items():
        setattr(kb, name, obj)
    for p in kb.packs:
        rel = p.__dict__.pop("builtin_rel", None)
        if rel is not None:     # a built-in pack: in this installation's rules folder
            p.path = str(DEFAULT_RULES_DIR.joinpath(*rel.split("/")))
    return kb


def _bucket(key: str, nb: int) -> int:
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % nb


def _touch(path: Path) -> None:
    """Mark a store as recently used (for pruning), without a write on every run."""
    import time
    try:
        if time.time() - path.stat().st_mtime > TOUCH_AFTER:
            os.utime(path)
    except OSError:
        pass


def _prune(folder: Path, keep: int = KEEP_ENTRIES) -> None:
    entries = sorted(folder.glob("kb-*.bin"), key=lambda p: p.stat().st_mtime, reverse=True)
    for p in entries[keep:]:
        try:
            p.unlink()
        except OSError:
            pass


class _Chunks:
    """Pickled chunks in a buffer, decoded on first use and kept."""

    def __init__(self, buf, base: int, offsets, n: int, per: int):
        self._buf, self._base, self._offsets = buf, base, offsets
        self._n, self._per = n, per
        self._cache: dict[int, object] = {}

    def _chunk(self, i: int):
        c = self._cache.get(i)
        if c is None:
            a, b = self._offsets[i], self._offsets[i + 1]
            c = self._cache[i] = pickle.loads(self._buf[self._base + a:self._base + b])
        return c

    def __len__(self) -> int:
        return self._n


class LazySeq(_Chunks, Sequence):
    """A read-only list decoded chunk by chunk. Pickles as a plain list."""

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self._n))]
        if i < 0:
            i += self._n
        if not 0 <= i < self._n:
            raise IndexError("index out of range")
        return self._chunk(i // self._per)[i % self._per]

    def __iter__(self):
        for c in range(len(self._offsets) - 1):
            yield from self._chunk(c)

    def __reduce__(self):
        return (list, (list(self),))

    def __eq__(self, other):
        return list(self) == list(other) if isinstance(other, (list, LazySeq)) else NotImplemented

    __hash__ = None


class LazyStrings(LazySeq):
    """A read-only list of strings stored as one newline-joined string, split on first use."""

    def __init__(self, buf, base, offsets, n, per):
        super().__init__(buf, base, offsets, n, max(n, 1))
        self._list = None

    def _all(self) -> list[str]:
        if self._list is None:
            self._list = self._chunk(0).split("\n") if self._n else []
            if len(self._list) != self._n:
                raise ValueError("corrupt string list")
        return self._list

    def __getitem__(self, i):
        return self._all()[i]

    def __iter__(self):
        return iter(self._all())


_ABSENT, _UNSEEN = object(), object()


class LazyMap(_Chunks, Mapping):
    """A read-only dict with string keys, decoded bucket by bucket. Pickles as a plain dict."""

    MEMO_LIMIT = 200_000

    def __init__(self, buf, base, offsets, n, nbuckets):
        super().__init__(buf, base, offsets, n, nbuckets)
        self._memo: dict = {}       # key -> value or _ABSENT: a batch looks the same words up again and again

    def _lookup(self, key):
        if not isinstance(key, str):
            return _ABSENT
        got = self._memo.get(key, _UNSEEN)
        if got is _UNSEEN:
            if len(self._memo) > self.MEMO_LIMIT:
                self._memo.clear()
            got = self._memo[key] = self._chunk(_bucket(key, self._per)).get(key, _ABSENT)
        return got

    def get(self, key, default=None):
        got = self._lookup(key)
        return default if got is _ABSENT else got

    def __getitem__(self, key):
        got = self._lookup(key)
        if got is _ABSENT:
            raise KeyError(key)
        return got

    def __contains__(self, key) -> bool:
        return self._lookup(key) is not _ABSENT

    def __iter__(self):
        for c in range(self._per):
            yield from self._chunk(c)

    def items(self):
        """Every pair, read from the chunks (not through the per-key memo)."""
        for c in range(self._per):
            yield from self._chunk(c).items()

    def values(self):
        for _, v in self.items():
            yield v

    def __reduce__(self):
        return (dict, (dict(self.items()),))

    def __eq__(self, other):
        return dict(self.items()) == dict(other.items()) if isinstance(other, Mapping) else NotImplemented

    __hash__ = None


class LazyPack(Pack):
    """A pack header whose parsed data and source text are re-read only when asked for."""

    @classmethod
    def of(cls, pack: Pack) -> "LazyPack":
        """The header of ``pack``; a built-in pack's path is kept relative to the rules folder."""
        lp = cls.__new__(cls)
        lp.__dict__.update({k: v for k, v in pack.__dict__.items() if k not in ("data", "text")})
        try:     # no build-tree path in a shipped store: read_store puts the folder back
            lp.path = lp.__dict__["builtin_rel"] = Path(pack.path).relative_to(DEFAULT_RULES_DIR).as_posix()
        except ValueError:
            pass
        return lp

    @cached_property
    def text(self) -> str:
        return Path(self.path).read_text(encoding="utf-8")

    @cached_property
    def data(self) -> dict:
        import tomllib
        return tomllib.loads(self.text)
