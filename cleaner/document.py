"""Documents: the original text plus which spans are prose.

Masked spans (Markdown code, URLs, link targets, HTML tags and attributes,
script/style, front-matter keys) are never flagged or changed. Detectors scan
``doc.view``: the text with every masked character replaced by a space
(line breaks kept), so offsets in the view are offsets in the original.

>>> d = Document.from_text("Run `Witkov` now, see https://x.org/Witkov", "markdown")
>>> d.view
'Run          now, see                     '
>>> d.is_prose(0, 3), d.is_prose(4, 10)
(True, False)
"""
from __future__ import annotations

import bisect
import html.parser
import re
from dataclasses import dataclass

import regex

URL_RE = regex.compile(r"""(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>"'`\]\)]+|\b[\w.+-]+@[\w-]+\.[\w.-]+\b""")

KIND_BY_SUFFIX = {".md": "markdown", ".markdown": "markdown", ".mdx": "markdown",
                  ".html": "html", ".htm": "html", ".xhtml": "html",
                  ".txt": "text", ".text": "text", "": "text"}

PROSE_FRONT_MATTER_KEYS = ("title", "description", "summary")


def kind_for_path(path: str) -> str:
    """Guess the document kind from a file name: text, markdown or html."""
    dot = path.rfind(".")
    suffix = path[dot:].lower() if dot > path.rfind("/") else ""
    return KIND_BY_SUFFIX.get(suffix, "text")


@dataclass
class Document:
    text: str
    kind: str
    masked: list[tuple[int, int]]      # sorted, non-overlapping
    view: str
    breaks: frozenset[int] = frozenset()  # offsets where a masked block tag ends a paragraph

    @classmethod
    def from_text(cls, text: str, kind: str = "text") -> "Document":
        spans: list[tuple[int, int]] = []
        breaks: set[int] = set()
        if text.startswith("\ufeff"):
            spans.append((0, 1))
        if kind == "markdown":
            spans += markdown_masks(text)
        elif kind == "html":
            s, b = html_masks(text)
            spans += s
            breaks |= b
        spans += [m.span() for m in URL_RE.finditer(text)]
        spans += [m.span() for m in IGNORE_RE.finditer(text)]
        merged = merge_spans(spans)
        return cls(text, kind, merged, build_view(text, merged, breaks), frozenset(breaks))

    def is_prose(self, start: int, end: int) -> bool:
        """True when no character of [start, end) is masked."""
        i = bisect.bisect_right(self.masked, (start, float("inf"))) - 1
        if i >= 0 and self.masked[i][1] > start:
            return False
        j = i + 1
        return not (j < len(self.masked) and self.masked[j][0] < end)


# Inline suppression comments: masked everywhere (handled by suppress.py too).
IGNORE_RE = regex.compile(r"<!--\s*mtclean:[^>]*-->")


def merge_spans(spans):
    out: list[tuple[int, int]] = []
    for s, e in sorted(x for x in spans if x[1] > x[0]):
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def build_view(text: str, masked, breaks=frozenset()) -> str:
    if not masked:
        return text
    parts, pos = [], 0
    for s, e in masked:
        parts.append(text[pos:s])
        chunk = regex.sub(r"[^\r\n]", " ", text[s:e])
        if s in breaks and chunk and chunk[0] == " ":
            chunk = "\n" + chunk[1:]
        parts.append(chunk)
        pos = e
    parts.append(text[pos:])
    return "".join(parts)


# --- Markdown -------------------------------------------------------------

# Positional searches use the stdlib re: regex.search(text, pos) costs O(len(text)) per call.
_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})[^\n]*$", re.M)
_FRONT_RE = regex.compile(r"\A\ufeff?(---|\+\+\+)[ \t]*\r?\n(.*?)(?:^\1[ \t]*\r?$)", regex.S | regex.M)
_FM_LINE_RE = regex.compile(r"^([ \t]*)([\w-]+)([ \t]*[:=][ \t]*)(.*?)[ \t]*\r?$", regex.M)
_LINK_TARGET_RE = regex.compile(r"\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
_REF_DEF_RE = regex.compile(r"^ {0,3}\[[^\]\n]+\]:[^\n]*$", regex.M)
_TAG_RE = regex.compile(r"<!--.*?-->|</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>|<https?:[^>\s]*>", regex.S)
_INDENTED_RE = regex.compile(r"(?:(?<=\A)|(?<=\n[ \t]*\r?\n))((?:(?: {4}|\t)[^\n]*(?:\n|\Z)|[ \t]*\r?\n)+)")
_LIST_ITEM_RE = regex.compile(r"^\s*(?:[-*+]|\d+[.)])\s")
_TICKS_RE = re.compile(r"(?<!`)(`+)(?!`)")
_ENTITY_REF_RE = re.compile(r"&\w+;?")
_CHAR_REF_RE = re.compile(r"&#\w+;?")
_HEADING_ID_RE = regex.compile(r"\{#[\w-]+\}")


def _line_before(text: str, pos: int) -> str:
    """The last non-blank line before ``pos``, without copying the text before it.

    >>> _line_before("Intro.\\n- item\\n\\n    code", 15)
    '- item'
    """
    end = pos
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return text[text.rfind("\n", 0, end) + 1:end]


def markdown_masks(text: str) -> list[tuple[int, int]]:
    """Spans of a Markdown text that are not prose."""
    spans: list[tuple[int, int]] = []
    fm = _FRONT_RE.match(text)
    body_start = 0
    if fm:
        spans += front_matter_masks(text, fm.start(), fm.end(), fm.start(2), fm.end(2))
        body_start = fm.end()
    # fenced code blocks
    pos = body_start
    while True:
        m = _FENCE_RE.search(text, pos)
        if not m:
            break
        fence = m.group(1)
        close = re.compile(r"^ {0,3}" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}[ \t]*\r?$", re.M)
        c = close.search(text, m.end())
        end = c.end() if c else len(text)
        spans.append((m.start(), end))
        pos = end
    fenced = merge_spans(spans)
    # indented code blocks (not inside lists)
    for m in _INDENTED_RE.finditer(text, body_start):
        if _inside(fenced, m.start(1)):
            continue
        prev = _line_before(text, m.start(1))
        if _LIST_ITEM_RE.match(prev) or prev.startswith((" ", "\t")):
            continue
        block = m.group(1).rstrip()
        if block.strip():
            spans.append((m.start(1), m.start(1) + len(block)))
    code = merge_spans(spans)
    # inline code spans
    i = body_start
    while True:
        m = _TICKS_RE.search(text, i)
        if not m:
            break
        if _inside(code, m.start()):
            i = m.end()
            continue
        ticks = m.group(1)
        c = re.compile(r"(?<!`)" + ticks + r"(?!`)").search(text, m.end())
        if not c or "\n\n" in text[m.end():c.start()]:
            i = m.end()
            continue
        spans.append((m.start(), c.end()))
        i = c.end()
    spans += [m.span() for m in _LINK_TARGET_RE.finditer(text, body_start)]
    spans += [m.span() for m in _REF_DEF_RE.finditer(text, body_start)]
    spans += [m.span() for m in _TAG_RE.finditer(text, body_start)]
    spans += [m.span() for m in _HEADING_ID_RE.finditer(text, body_start)]
    return spans


def front_matter_masks(text, start, end, body_s, body_e):
    """Mask front matter except the values of title/description/summary."""
    keep: list[tuple[int, int]] = []
    for m in _FM_LINE_RE.finditer(text, body_s, body_e):
        if m.group(1) == "" and m.group(2).lower() in PROSE_FRONT_MATTER_KEYS:
            vs, ve = m.span(4)
            val = m.group(4)
            if len(val) >= 2 and val[0] in "\"'" and val[-1] == val[0]:
                vs, ve = vs + 1, ve - 1
            elif val[:1] in "|>[{":
                continue
            keep.append((vs, ve))
    spans, pos = [], start
    for s, e in keep:
        spans.append((pos, s))
        pos = e
    spans.append((pos, end))
    return spans


def _inside(spans, pos):
    i = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


# --- HTML -----------------------------------------------------------------

_BLOCK_TAGS = frozenset("""address article aside blockquote br dd div dl dt fieldset figcaption
figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table td th tr ul
title body html head option""".split())
_RAW_TAGS = frozenset(("script", "style", "code", "pre", "kbd", "samp", "var", "textarea", "svg", "math", "template", "noscript"))


class _Masker(html.parser.HTMLParser):
    """Records the offsets of tags, comments, entities and raw elements."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=False)
        self.text = text
        self.line_starts = [0] + [m.end() for m in regex.finditer(r"\n", text)]
        self.spans: list[tuple[int, int]] = []
        self.breaks: set[int] = set()
        self.raw_depth = 0
        self.raw_start = 0

    def _pos(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _tag(self, tag, length, end=False):
        s = self._pos()
        self.spans.append((s, s + length))
        if tag in _BLOCK_TAGS:
            self.breaks.add(s)
        if tag in _RAW_TAGS:
            if not end:
                if self.raw_depth == 0:
                    self.raw_start = s
                self.raw_depth += 1
            elif self.raw_depth:
                self.raw_depth -= 1
                if self.raw_depth == 0:
                    self.spans.append((self.raw_start, s + length))

    def handle_starttag(self, tag, attrs):
        self._tag(tag, len(self.get_starttag_text() or ""))

    def handle_startendtag(self, tag, attrs):
        s = self._pos()
        self.spans.append((s, s + len(self.get_starttag_text() or "")))
        if tag in _BLOCK_TAGS:
            self.breaks.add(s)

    def handle_endtag(self, tag):
        s = self._pos()
        e = self.text.find(">", s)
        self._tag(tag, (e + 1 - s) if e >= 0 else len(self.text) - s, end=True)

    def _rest(self, prefix, suffix):
        s = self._pos()
        e = self.text.find(suffix, s + len(prefix))
        self.spans.append((s, e + len(suffix) if e >= 0 else len(self.text)))

    def handle_comment(self, data):
        self._rest("<!--", "-->")

    def handle_decl(self, decl):
        self._rest("<!", ">")

    def handle_pi(self, data):
        self._rest("<?", ">")

    def unknown_decl(self, data):
        self._rest("<![", "]]>")

    def handle_entityref(self, name):
        s = self._pos()
        m = _ENTITY_REF_RE.match(self.text, s)
        self.spans.append((s, m.end() if m else s + 1))

    def handle_charref(self, name):
        s = self._pos()
        m = _CHAR_REF_RE.match(self.text, s)
        self.spans.append((s, m.end() if m else s + 1))


def html_masks(text: str):
    """Spans of an HTML text that are not prose, and block-tag offsets."""
    p = _Masker(text)
    try:
        p.feed(text)
        p.close()
    except Exception:  # a parser failure masks the rest rather than guessing
        s = p._pos() if p.line_starts else 0
        p.spans.append((s, len(text)))
    if p.raw_depth:
        p.spans.append((p.raw_start, len(text)))
    return p.spans, p.breaks
