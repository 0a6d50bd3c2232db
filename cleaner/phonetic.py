"""A transliteration-tolerant phonetic key for names.

Machine translation through a third alphabet changes vowels, doubles or
drops consonants and swaps sibilants, but rarely changes the consonant
skeleton. The key keeps the first letter's class and the classes of the
following consonants, so the forms of one name collide:

>>> name_key("Witkov") == name_key("Witkoff")
True
>>> name_key("Smie") == name_key("Sumy")
True
>>> name_key("Zelensky"), name_key("Zelenskyy"), name_key("Zelenski")
('SLNSK', 'SLNSK', 'SLNSK')
>>> name_key("Peskov") == name_key("Pskov")   # same skeleton: the matcher never
True
>>> # corrects a form it knows exactly, so this collision is harmless.
"""
from __future__ import annotations

from functools import lru_cache

from .analysis import fold

_DIGRAPHS = (("sch", "s"), ("shch", "s"), ("tsch", "c"), ("dzh", "j"), ("zh", "j"), ("dj", "j"), ("gj", "j"),
             ("kh", "h"), ("gh", "g"), ("ph", "f"), ("th", "t"), ("ch", "c"), ("sh", "s"),
             ("ts", "s"), ("tz", "s"), ("cz", "c"), ("sz", "s"), ("ck", "k"), ("qu", "k"),
             ("x", "ks"), ("ou", "u"))
_CLASS = {"b": "P", "p": "P", "f": "F", "v": "F", "w": "F", "c": "K", "k": "K", "q": "K",
          "g": "K", "d": "T", "t": "T", "s": "S", "z": "S", "j": "J", "l": "L", "r": "R",
          "m": "M", "n": "N", "h": ""}
_VOWELS = set("aeiouy'")


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Consonant-class skeleton of a name (see module doc)."""
    s = "".join(ch for ch in fold(name) if ch.isalpha())
    for a, b in _DIGRAPHS:
        s = s.replace(a, b)
    out = []
    for i, ch in enumerate(s):
        if ch in _VOWELS:
            if i == 0:
                out.append("A")
            continue
        c = _CLASS.get(ch, ch.upper())
        if c and (not out or out[-1] != c):
            out.append(c)
    return "".join(out)
