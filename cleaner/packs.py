"""Rule packs: TOML data files, loaded and validated.

A broken pack raises :class:`PackError` whose message reads
``path:line: what is wrong``. See docs/rule-packs.md for the format.
"""
from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import regex

PACK_KINDS = ("entities", "phrases", "boilerplate", "words")
ENTITY_TYPES = ("person", "place", "org")
ENTITY_LIST_KEYS = ("variants", "deprecated", "exceptions", "misspellings", "context", "aliases")
ENTITY_KEYS = frozenset(ENTITY_LIST_KEYS + ("name", "type", "gender", "role", "country", "subtype", "note"))
RULE_KEYS = frozenset(("id", "pattern", "replacement", "fix", "message", "case", "category",
                       "examples", "note", "quotes"))
FIX_LEVELS = ("safe", "likely", "none")
CATEGORIES = ("entity", "phrase", "garble", "pronoun", "bracket", "spacing",
              "boilerplate", "consistency", "encoding", "style")

def _rules_dir() -> Path:
    """Installed: cleaner/rules inside the wheel; source checkout: ./rules."""
    here = Path(__file__).resolve().parent
    return here / "rules" if (here / "rules").is_dir() else here.parent / "rules"


DEFAULT_RULES_DIR = _rules_dir()


class PackError(Exception):
    """A rule pack cannot be used; the message is ``path:line: problem``."""


@dataclass
class Pack:
    path: str
    name: str
    kind: str
    data: dict
    text: str
    digest: str
    meta: dict = field(default_factory=dict)

    def line_of(self, *needles: str) -> int:
        """1-based line of the first needle found in the pack source (1 if none)."""
        for n in needles:
            if n:
                i = self.text.find(n)
                if i >= 0:
                    return self.text.count("\n", 0, i) + 1
        return 1

    def error(self, msg: str, *needles: str) -> PackError:
        return PackError(f"{self.path}:{self.line_of(*needles)}: {msg}")


def builtin_pack_paths(rules_dir: Path = DEFAULT_RULES_DIR) -> list[Path]:
    return sorted(p for p in rules_dir.rglob("*.toml"))


def load_pack(path: str | Path) -> Pack:
    """Read and validate one pack file."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise PackError(f"{path}:1: cannot read pack: {e.strerror or e}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[:e.start].count(b"\n") + 1
        raise PackError(f"{path}:{line}: pack is not valid UTF-8 (byte {e.start})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        msg = str(e)
        m = regex.search(r"\(at line (\d+), column (\d+)\)", msg)
        line = m.group(1) if m else "1"
        msg = regex.sub(r"\s*\(at line \d+, column \d+\)", "", msg)
        raise PackError(f"{path}:{line}: invalid TOML: {msg}") from None
    head = data.get("pack")
    pack = Pack(str(path), "", "", data, text, hashlib.sha256(raw).hexdigest())
    if not isinstance(head, dict):
        raise pack.error("missing [pack] table with name and kind")
    pack.name, pack.kind, pack.meta = str(head.get("name", "")), str(head.get("kind", "")), head
    if not pack.name:
        raise pack.error("[pack] needs a name", "[pack]")
    if pack.kind not in PACK_KINDS:
        raise pack.error(f"[pack] kind must be one of {', '.join(PACK_KINDS)}, not {pack.kind!r}", "kind")
    VALIDATORS[pack.kind](pack)
    return pack


def _validate_entities(pack: Pack) -> None:
    entries = pack.data.get("entity", [])
    if not isinstance(entries, list):
        raise pack.error("'entity' must be an array of tables ([[entity]])", "entity")
    seen: dict[str, str] = {}
    for e in entries:
        name = e.get("name")
        if not isinstance(name, str) or not name.strip():
            raise pack.error("entity without a name", *(f'"{v}"' for v in e.get("variants", [])[:1]), "[[entity]]")
        where = f'"{name}"'
        unknown = set(e) - ENTITY_KEYS
        if unknown:
            raise pack.error(f"entity {name!r}: unknown key(s) {', '.join(sorted(unknown))}", where)
        if e.get("type") not in ENTITY_TYPES:
            raise pack.error(f"entity {name!r}: type must be one of {', '.join(ENTITY_TYPES)}", where)
        for key in ENTITY_LIST_KEYS:
            val = e.get(key, [])
            if not isinstance(val, list) or not all(isinstance(v, str) and v.strip() for v in val):
                raise pack.error(f"entity {name!r}: {key} must be a list of non-empty strings", where)
        if e.get("gender") not in (None, "m", "f"):
            raise pack.error(f"entity {name!r}: gender must be 'm' or 'f'", where)
        accepted = {name.casefold(), *(v.casefold() for v in e.get("variants", [])),
                    *(v.casefold() for v in e.get("aliases", []))}
        for key in ("misspellings", "deprecated"):
            for bad in e.get(key, []):
                if bad.casefold() in accepted:
                    raise pack.error(f"entity {name!r}: {bad!r} is both accepted and in {key}", f'"{bad}"')
                other = seen.get(bad.casefold())
                if other and other != name:
                    raise pack.error(f"{bad!r} is listed as wrong for both {other!r} and {name!r}", f'"{bad}"')
                seen[bad.casefold()] = name


def _validate_rules(pack: Pack) -> None:
    rules = pack.data.get("rule", [])
    if not isinstance(rules, list):
        raise pack.error("'rule' must be an array of tables ([[rule]])", "rule")
    default_cat = pack.meta.get("category", "phrase" if pack.kind == "phrases" else "boilerplate")
    if default_cat not in CATEGORIES:
        raise pack.error(f"unknown category {default_cat!r}", "category")
    ids = set()
    for r in rules:
        rid = r.get("id")
        where = f'"{rid}"' if rid else "[[rule]]"
        if not isinstance(rid, str) or not regex.fullmatch(r"[a-z0-9][a-z0-9._-]*", rid or ""):
            raise pack.error(f"rule id {rid!r} must be lower-case letters, digits, '-', '_' or '.'", where)
        if rid in ids:
            raise pack.error(f"duplicate rule id {rid!r}", where)
        ids.add(rid)
        unknown = set(r) - RULE_KEYS
        if unknown:
            raise pack.error(f"rule {rid!r}: unknown key(s) {', '.join(sorted(unknown))}", where)
        pat = r.get("pattern")
        if not isinstance(pat, str) or not pat:
            raise pack.error(f"rule {rid!r}: needs a pattern", where)
        try:
            regex.compile(pat)
        except regex.error as e:
            raise pack.error(f"rule {rid!r}: bad pattern: {e}", f"'{pat}'", f'"{pat}"', pat, where) from None
        if r.get("fix", "none") not in FIX_LEVELS:
            raise pack.error(f"rule {rid!r}: fix must be one of {', '.join(FIX_LEVELS)}", where)
        if r.get("category", default_cat) not in CATEGORIES:
            raise pack.error(f"rule {rid!r}: unknown category {r.get('category')!r}", where)
        if r.get("case", "insensitive") not in ("insensitive", "sensitive"):
            raise pack.error(f"rule {rid!r}: case must be 'insensitive' or 'sensitive'", where)
        if "replacement" in r and not isinstance(r["replacement"], str):
            raise pack.error(f"rule {rid!r}: replacement must be a string", where)
        ex = r.get("examples")
        if not isinstance(ex, list) or not ex:
            raise pack.error(f"rule {rid!r}: needs examples (text -> fixed, or flagged = true)", where)
        for x in ex:
            if not isinstance(x, dict) or not isinstance(x.get("text"), str) or not ("fixed" in x or "flagged" in x):
                raise pack.error(f"rule {rid!r}: each example needs text and fixed (or flagged)", where)


def _validate_words(pack: Pack) -> None:
    for key, val in pack.data.items():
        if key == "pack":
            continue
        if not isinstance(val, dict) or not isinstance(val.get("words", []), list):
            raise pack.error(f"[{key}] must be a table with a 'words' list", f"[{key}]")


VALIDATORS = {"entities": _validate_entities, "phrases": _validate_rules,
              "boilerplate": _validate_rules, "words": _validate_words}
