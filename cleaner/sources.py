"""Reading inputs (files, folders, stdin) and writing outputs atomically.

>>> decode_bytes(b"caf\\xc3\\xa9", "x.txt")
'café'
>>> decode_bytes(b"ab\\xff", "x.txt")
Traceback (most recent call last):
...
cleaner.sources.InputError: x.txt: invalid UTF-8 at byte 2
"""
from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".mdx", ".html", ".htm", ".xhtml")
SKIP_DIRS = frozenset((".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache"))
BINARY_SNIFF = 8192
# One input is one document (an article, a page), held in memory whole with its
# tokens and findings; a file over this size is a corpus or a dump, not a document,
# and is refused with a clear message rather than ground through for hours.
# Corpora go through `mtclean batch` as JSONL records.
MAX_BYTES = 8 * 1024 * 1024


class InputError(Exception):
    """An input that cannot be read as text; the message names the file."""


class BinaryInput(InputError):
    """A binary file: skipped with a warning."""


def decode_bytes(data: bytes, name: str) -> str:
    if len(data) > MAX_BYTES:
        raise InputError(f"{name}: input too large ({len(data)} bytes; limit {MAX_BYTES}): skipped")
    if b"\x00" in data[:BINARY_SNIFF]:
        raise BinaryInput(f"{name}: binary file (NUL bytes), skipped")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError(f"{name}: invalid UTF-8 at byte {e.start}") from None


def read_path(path: str) -> str:
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file or directory") from None
    except OSError as e:
        raise InputError(f"{path}: {e.strerror}") from None
    if st.st_size > MAX_BYTES:
        raise InputError(f"{path}: file too large ({st.st_size} bytes; limit {MAX_BYTES}): skipped")
    try:
        data = p.read_bytes()
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except OSError as e:
        raise InputError(f"{path}: {e.strerror}") from None
    return decode_bytes(data, path)


def expand_paths(paths, suffixes=TEXT_SUFFIXES):
    """Files named or found under folders (sorted, hidden and vendored folders skipped).

    Yields (path, error) pairs; error is an InputError for a missing path.
    """
    for raw in paths:
        if raw == "-":
            yield raw, None
            continue
        p = Path(raw)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
                for f in sorted(files):
                    if f.lower().endswith(suffixes) and not f.startswith("."):
                        yield os.path.join(root, f), None
        elif p.exists():
            yield raw, None
        else:
            yield raw, InputError(f"{raw}: no such file or directory")


TMP_SUFFIX = ".mtclean-tmp"


_UMASK: list[int] = []


def _umask() -> int:
    """The process umask (read once: reading it means setting it)."""
    if not _UMASK:
        mask = os.umask(0o022)
        os.umask(mask)
        _UMASK.append(mask)
    return _UMASK[0]


def write_atomic(path: str, text: str | bytes, mode: int | None = None) -> None:
    """Write ``text`` (UTF-8, newlines untouched; or bytes) via a temp file and rename.

    An existing file keeps its mode; a new one gets ``mode`` (default 0666
    less the umask). A file without any write permission bit is refused
    (PermissionError), even for root: the rename would otherwise replace a
    file its owner made read-only.
    """
    p = Path(path)
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    try:
        mode = stat.S_IMODE(p.stat().st_mode)
        if not mode & 0o222:
            raise PermissionError(errno.EACCES, "file is read-only", str(path))
    except FileNotFoundError:
        mode = (0o666 & ~_umask()) if mode is None else mode
        p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=TMP_SUFFIX, dir=str(p.parent or "."))
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, p)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
