"""Settings from ``[tool.mtclean]`` in pyproject.toml or from ``.mtclean.toml``.

Found by walking up from each checked file; ``--config`` names one file and
``--isolated`` ignores them all. Keys::

    packs = ["rules/house.toml"]     # extra rule packs (paths relative to the config)
    builtin-packs = true             # false: only your packs
    disable-packs = ["people-public"]
    accept = ["Okonjo-Iweala"]       # words and names never flagged
    disable = ["style", "garble.unknown-word"]   # rule ids, prefixes or categories
    select = []                      # only these (empty = all)
    level = "safe"                   # what `fix` applies: safe | likely
    fail-level = "none"              # what makes `check` fail: safe | likely | none (= any finding)
    exclude = ["vendor/**"]
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

KEYS = frozenset(("packs", "builtin-packs", "disable-packs", "accept", "disable", "select", "level",
                  "fail-level", "exclude"))


class ConfigError(Exception):
    """The message is ``path: problem``."""


@dataclass(frozen=True)
class Settings:
    path: str | None = None
    packs: tuple[str, ...] = ()
    builtin_packs: bool = True
    disable_packs: frozenset[str] = frozenset()
    accept: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    level: str = "safe"
    fail_level: str = "none"
    exclude: tuple[str, ...] = field(default=())

    @property
    def kb_key(self):
        return (self.packs, self.builtin_packs, self.disable_packs)


def _strs(path, key, val):
    if not isinstance(val, list) or not all(isinstance(v, str) for v in val):
        raise ConfigError(f"{path}: '{key}' must be a list of strings")
    return tuple(val)


def parse_config(path: Path, table: dict) -> Settings:
    unknown = set(table) - KEYS
    if unknown:
        raise ConfigError(f"{path}: unknown key(s) in [tool.mtclean]: {', '.join(sorted(unknown))}")
    base = path.parent
    level = table.get("level", "safe")
    if level not in ("safe", "likely"):
        raise ConfigError(f"{path}: level must be 'safe' or 'likely'")
    fail = table.get("fail-level", "none")
    if fail not in ("safe", "likely", "none"):
        raise ConfigError(f"{path}: fail-level must be 'safe', 'likely' or 'none'")
    builtin = table.get("builtin-packs", True)
    if not isinstance(builtin, bool):
        raise ConfigError(f"{path}: builtin-packs must be true or false")
    return Settings(
        path=str(path),
        packs=tuple(str((base / p).resolve()) for p in _strs(path, "packs", table.get("packs", []))),
        builtin_packs=builtin,
        disable_packs=frozenset(_strs(path, "disable-packs", table.get("disable-packs", []))),
        accept=_strs(path, "accept", table.get("accept", [])),
        disable=_strs(path, "disable", table.get("disable", [])),
        select=_strs(path, "select", table.get("select", [])),
        level=level, fail_level=fail,
        exclude=_strs(path, "exclude", table.get("exclude", [])))


def load_config_file(path: str | Path) -> Settings:
    path = Path(path).resolve()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ConfigError(f"{path}: invalid TOML: {e}") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("mtclean", {})
    elif "tool" in data and "mtclean" in data["tool"]:
        data = data["tool"]["mtclean"]
    return parse_config(path, data)


@lru_cache(maxsize=1024)
def find_config(directory: str) -> Settings:
    """The nearest config at or above ``directory`` (default settings if none)."""
    d = Path(directory).resolve()
    for folder in (d, *d.parents):
        dot = folder / ".mtclean.toml"
        if dot.is_file():
            return load_config_file(dot)
        py = folder / "pyproject.toml"
        if py.is_file():
            try:
                data = tomllib.loads(py.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
                raise ConfigError(f"{py}: invalid TOML: {e}") from None
            if "mtclean" in data.get("tool", {}):
                return parse_config(py, data["tool"]["mtclean"])
    return Settings()
