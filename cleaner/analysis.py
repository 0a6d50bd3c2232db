"""Analysis: tokens, sentences and quotations of a document's prose view.

Everything is offset-mapped to the original text.

>>> a = Analysis.of("Kiev said he was ready. “We agree,” Peskov said.")
>>> [t.text for t in a.tokens][:4]
['Kiev', 'said', 'he', 'was']
>>> a.in_quote(a.tokens[5].start)   # "We"
True
"""
from __future__ import annotations

import bisect
import unicodedata
from functools import cached_property, lru_cache

import regex

WORD_RE = regex.compile(r"\p{L}[\p{L}\p{M}]*(?:['’.-]\p{L}[\p{L}\p{M}]*)*|\d+(?:[.,]\d+)*")
SENTENCE_END_RE = regex.compile(r"(?<=[.!?…][”\"’)\]]?)\s+(?=[\"“‘(\[]?[\p{Lu}\d])|\n\s*\n|\n(?=\s*\S)")
_ABBREV = frozenset("mr mrs ms dr st gen col lt sgt rep sen gov pres jr sr no vs etc prof capt adm maj cmdr inc corp ltd co jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.g i.e".split())


class Token:
    """A word or number of the prose view, with its offsets (read-only by convention).

    A plain slotted class: documents have thousands of tokens, and ``is_cap``
    is read by most detectors, so it is computed once here.
    """

    __slots__ = ("text", "start", "end", "is_cap")

    def __init__(self, text: str, start: int, end: int):
        self.text = text
        self.start = start
        self.end = end
        self.is_cap = text[:1].isupper()

    @property
    def lower(self) -> str:
        return self.text.lower()

    def __eq__(self, other) -> bool:
        return isinstance(other, Token) and (self.text, self.start, self.end) == (other.text, other.start, other.end)

    def __hash__(self) -> int:
        return hash((self.text, self.start, self.end))

    def __repr__(self) -> str:
        return f"Token({self.text!r}, {self.start}, {self.end})"


@lru_cache(maxsize=262144)
def fold(s: str) -> str:
    """Case-fold and strip diacritics: 'Zelenskyy' -> 'zelenskyy', 'Vučić' -> 'vucic'."""
    s = s.translate(_FOLD_EXTRA)
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).casefold().replace("’", "'")


_FOLD_EXTRA = str.maketrans({"đ": "dj", "Đ": "Dj", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O",
                             "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ß": "ss", "ı": "i",
                             "ð": "d", "þ": "th", "ʼ": "'", "‘": "'"})


class Analysis:
    """Tokens, sentence spans and quotation spans of a prose view."""

    def __init__(self, view: str):
        self.view = view
        self.tokens = [Token(m.group(), m.start(), m.end()) for m in WORD_RE.finditer(view)]
        self._starts = [t.start for t in self.tokens]

    @classmethod
    def of(cls, text: str) -> "Analysis":
        return cls(text)

    def token_index_at(self, offset: int) -> int:
        """Index of the token starting at or before ``offset``."""
        return bisect.bisect_right(self._starts, offset) - 1

    def tokens_between(self, start: int, end: int) -> list[Token]:
        i = bisect.bisect_left(self._starts, start)
        j = bisect.bisect_left(self._starts, end)
        return self.tokens[i:j]

    @cached_property
    def folded(self) -> list[str]:
        """fold() of every token, in order."""
        return [fold(t.text) for t in self.tokens]

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """(start, end) spans of sentences (a line break always ends one)."""
        spans, pos = [], 0
        for m in SENTENCE_END_RE.finditer(self.view):
            before = self.view[max(0, m.start() - 6):m.start()]
            last = regex.search(r"([\w.]+)\.$", before)
            if last and last.group(1).lower() in _ABBREV and "\n" not in m.group():
                continue
            if m.start() > pos:
                spans.append((pos, m.start()))
            pos = m.end()
        if pos < len(self.view):
            spans.append((pos, len(self.view)))
        return [(s, e) for s, e in spans if self.view[s:e].strip()]

    def sentence_at(self, offset: int) -> tuple[int, int]:
        sents = self.sentences
        i = bisect.bisect_right(sents, (offset, float("inf"))) - 1
        return sents[max(i, 0)] if sents else (0, len(self.view))

    @cached_property
    def quotes(self) -> list[tuple[int, int]]:
        """Spans inside quotation marks (curly or straight), per paragraph."""
        spans = []
        for para in regex.finditer(r"[^\n]+", self.view):
            text, base = para.group(), para.start()
            for m in regex.finditer(r"“[^“”]*(?:”|$)|(?<![\w])\"[^\"]*(?:\"|$)|«[^«»]*(?:»|$)", text):
                spans.append((base + m.start(), base + m.end()))
        return spans

    def in_quote(self, offset: int) -> bool:
        q = self.quotes
        i = bisect.bisect_right(q, (offset, float("inf"))) - 1
        return i >= 0 and q[i][0] <= offset < q[i][1]

    def is_sentence_start(self, tok_index: int) -> bool:
        """True when the token opens a sentence, a line, a quote or follows a colon."""
        t = self.tokens[tok_index]
        before = self.view[max(0, t.start - 4):t.start]
        stripped = before.rstrip(" \t\"“”‘’'()[]*_#>-–—")
        if not stripped or stripped.endswith(("\n", ".", "!", "?", ":", "…", ";", "|")):
            return True
        if before.rstrip(" ").endswith(("“", "\"", "‘", "(", "[", "]", "—", "–", "-")):
            return True
        return t.start == 0 or self.view[:t.start].strip() == ""
