"""Hypothesis strategies: plain text, Markdown and HTML news documents with real artifacts.

The artifacts are read from the rule packs at import time (rule examples from
``rules/*.toml`` and ``rules/phrases/*.toml``; names, misspellings, deprecated
forms and exceptions from ``rules/entities/*.toml``), from the dev set when it is
beside the repo (``../shared/devset``), and from a small built-in list (the
design document's examples) so the strategies stay useful while packs are thin.

Documents are *decoded from bytes*: each strategy is ``st.binary().map(decoder)``
and a decoder reads its choices (which block, which word, which line ending)
from the bytes, taking 0 when they run out. One binary draw is about thirty
times cheaper for Hypothesis than the hundreds of small draws a document
needs, shrinking still works (fewer, smaller bytes make shorter, plainer
documents), and the fuzzers (tests/test_fuzz.py, bench/fuzz_report.py) feed
the same decoders random and mutated bytes.

Every decoder returns a :class:`Doc`: the text, its kind, and the *protected*
strings it planted in masked places (code, URLs, tags, attributes,
front-matter keys), which a fix must leave intact.
"""
from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
DEVSET = Path(os.environ.get("MTCLEAN_DEVSET", ROOT.parent / "shared" / "devset"))

# The design document's own examples: kept so the generators mix real damage in
# even before the packs are filled.
BUILTIN_ARTIFACTS = [
    "Steve Witkov", "Witkov", "Kiev said he was ready", "Kiev", "Cerez-fire meeting",
    "President Voldymir Zelensky", "Voldymir Zelensky", "Source link", "Trump 's envoy",
    "Merkel ’s party", "The company , which", "He called it “ a disgrace” yesterday",
    "“a disgrace ”", "The  talks ended", "Global inventory markets fell",
    "the the", "Iranian PresidentEbrahim Raisi", "Mohsen Mansourisaid", "joint statement.In the",
    "Trumpâ€™s envoy", "donâ€™t", "Purple Crescent", "escape their lives", "Smie region",
    "considerations into consideration", "[Putin] He", "condemned”any type of violence”",
    "chicken Kiev", "Peskov", "Pskov", "Kursk", "Brenton", "Zelenskyy", "Kyiv",
    "Volodymyr Zelenskyy", "Steve Witkoff", "Okonjo-Iweala", "Vučić", "Đurić",
    "(MENAFN-AzerNews)", "Photo: Globallookpress", "WE CONTINUE TO EXPAND THIS INFORMATION",
    "this Monday", "Nasdaq Composite It rose by 0.1%", "“Assassins ! Assassins !”",
]

COMMON_WORDS = (
    "the a an of to in on for with by from at and or but as that which who said says told "
    "officials minister president government talks ceasefire forces troops region city "
    "meeting statement report reported agency week Monday Friday on Tuesday after before "
    "during while would could will was were is are has had have been not no more than "
    "people country border war peace deal vote election court ruling market markets stock "
    "prices rose fell percent year month day news state party leader spokesman envoy "
    "Russia Ukraine Moscow Washington Putin Trump Europe European Union NATO Brussels "
    "he she it they we his her its their them it's don't U.S. Mr. Dr."
).split()

PUNCT = [",", ".", ";", ":", "!", "?", "—", "–", "-", "(", ")", "\"", "'", "“", "”", "‘", "’",
         "«", "»", "[", "]", "…", "%", "&", "*", "_", "#", "`", "<", ">", "/", "\\", "|"]
# Rare odd characters: combining marks, zero-width, bidi, astral, controls, tabs, lone CR.
ODD = ["\u0301", "\u200b", "\u200e", "\u202e", "\u00a0", "\t", "\x0b", "\x0c", "\u2028", "\u2029",
       "\x85", "\U0001F600", "ﬁ", "İ", "ß", "ǅ", "\r", "\ufeff", "\x88", "\x00", "\ud7ff", "\U0010FFFF"]
SEPS = [" ", " ", " ", " ", " ", "", "  ", " , "]
ENDS = [".", ".", ".", "!", "?", "", ".”", "…"]


def _rule_texts(data: dict) -> list[str]:
    out = []
    for r in data.get("rule", []) or []:
        if not isinstance(r, dict):
            continue
        for ex in r.get("examples", []) or []:
            if isinstance(ex, dict):
                for k in ("text", "fixed"):
                    if isinstance(ex.get(k), str):
                        out.append(ex[k])
    return out


def _entity_forms(data: dict) -> list[str]:
    out = []
    for e in data.get("entity", []) or []:
        if not isinstance(e, dict):
            continue
        if isinstance(e.get("name"), str):
            out.append(e["name"])
        for k in ("misspellings", "deprecated", "variants", "exceptions", "aliases"):
            out += [v for v in e.get(k, []) or [] if isinstance(v, str)]
    return out


def load_pack_artifacts(rules_dir: Path = RULES) -> tuple[list[str], list[str]]:
    """(phrase/boilerplate example texts, entity forms) from every pack under ``rules_dir``."""
    phrases, entities = [], []
    for p in sorted(rules_dir.rglob("*.toml")):
        try:
            data = tomllib.loads(p.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue
        kind = (data.get("pack") or {}).get("kind")
        if kind == "entities":
            entities += _entity_forms(data)
        else:
            phrases += _rule_texts(data)
    return phrases, entities


def load_devset_artifacts(devset: Path = DEVSET) -> list[str]:
    out = []
    p = devset / "pairs.jsonl"
    if p.exists():
        for line in p.read_text(encoding="utf-8").splitlines():
            try:
                rec = json.loads(line)
            except ValueError:
                continue
            out += [a["bad"] for a in rec.get("artifacts", []) if isinstance(a.get("bad"), str)]
    p = devset / "seed.artifacts.json"
    if p.exists():
        try:
            out += [a["bad"] for a in json.loads(p.read_text(encoding="utf-8")) if isinstance(a.get("bad"), str)]
        except (ValueError, TypeError, AttributeError):
            pass
    return out


PACK_PHRASES, PACK_ENTITIES = load_pack_artifacts()
DEVSET_ARTIFACTS = load_devset_artifacts()


def _dedupe(xs):
    return sorted({x for x in xs if x and len(x) <= 400})


ARTIFACTS = _dedupe(BUILTIN_ARTIFACTS + PACK_PHRASES + DEVSET_ARTIFACTS)   # phrases and examples
NAMES = _dedupe(PACK_ENTITIES + [a for a in BUILTIN_ARTIFACTS if a[:1].isupper() and len(a) < 30])


ART_NAMES = ARTIFACTS + NAMES


def artifact_counts() -> dict:
    return {"pack_phrase_examples": len(PACK_PHRASES), "pack_entity_forms": len(PACK_ENTITIES),
            "devset_artifacts": len(DEVSET_ARTIFACTS), "builtin": len(BUILTIN_ARTIFACTS),
            "artifacts": len(ARTIFACTS), "names": len(NAMES)}


# --- reading choices from bytes ------------------------------------------------

class Choices:
    """Choices read from a byte string; 0 (the plainest choice) once it runs out."""

    def __init__(self, data: bytes):
        self.data, self.i = data, 0

    def byte(self) -> int:
        if self.i < len(self.data):
            self.i += 1
            return self.data[self.i - 1]
        return 0

    def below(self, n: int) -> int:
        if n <= 1:
            return 0
        v = self.byte()
        if n > 256:
            v = v << 8 | self.byte()
        if n > 65536:
            v = v << 8 | self.byte()
        return v % n

    def pick(self, seq):
        return seq[self.below(len(seq))]

    def chance(self, percent: int) -> bool:
        return self.byte() * 100 < percent * 256

    def count(self, hi: int) -> int:
        """0..hi, small numbers likelier; 0 when the bytes have run out."""
        n = 0
        while n < hi and self.byte() >= 80:
            n += 1
        return n

    @property
    def exhausted(self) -> bool:
        return self.i >= len(self.data)


def _noise(c: Choices, n: int) -> str:
    """Up to ``n`` arbitrary code points (surrogates excluded: UTF-8 text has none)."""
    out = []
    for _ in range(c.count(n)):
        cp = c.below(0x110000) if c.chance(30) else c.below(0x3000)
        if 0xD800 <= cp <= 0xDFFF:
            cp = 0xFFFD
        out.append(chr(cp))
    return "".join(out)


def sentence(c: Choices, forbid: str = "", odd: bool = True) -> str:
    parts = []
    for _ in range(1 + c.count(11)):
        r = c.byte() % 100
        if r < 40:
            w = c.pick(COMMON_WORDS)
            parts.append(w.capitalize() if c.chance(20) else w)
        elif r < 55:
            parts.append(c.pick(NAMES))
        elif r < 72:
            parts.append(c.pick(ARTIFACTS))
        elif r < 88:
            parts.append(c.pick(PUNCT))
        elif r < 94 or not odd:
            parts.append(str(c.below(10000)) + c.pick(["", "", "%", ".5", ",000"]))
        elif r < 97:
            parts.append(c.pick(ODD))
        else:
            parts.append(_noise(c, 6))
    s = "".join(p + c.pick(SEPS) for p in parts).strip(" ") + c.pick(ENDS)
    for ch in forbid:
        s = s.replace(ch, "'")
    return s


def paragraph(c: Choices, forbid: str = "") -> str:
    return " ".join(sentence(c, forbid) for _ in range(1 + c.count(3)))


def url(c: Choices) -> str:
    host = c.pick(["x.org", "news.example.com", "www.example.net", "t.co"])
    path = [c.pick(["Witkov", "Kiev", "Source-link", "the-the", "Zelensky", "a", "2024", "news",
                    "Trump%20s"]) for _ in range(c.count(4))]
    return c.pick(["https://", "http://", "ftp://"]) + host + "/" + "/".join(path)


@dataclass
class Doc:
    text: str
    kind: str
    protected: list[str] = field(default_factory=list)   # strings a fix must leave intact
    eol: str = "lf"
    bom: bool = False


def _finish(c: Choices, lines: list[str], kind: str, protected: list[str]) -> Doc:
    """Join lines with LF, CRLF or a mix; maybe add a BOM; maybe drop the final newline."""
    style = c.pick(["lf", "lf", "crlf", "mixed"])
    if style == "mixed":
        eols = [c.pick(["\n", "\r\n"]) for _ in lines]
    else:
        eols = [{"lf": "\n", "crlf": "\r\n"}[style]] * len(lines)
    if lines and c.chance(40):
        eols[-1] = ""
    text = "".join(l + e for l, e in zip(lines, eols))
    bom = c.chance(15)
    if bom:
        text = "\ufeff" + text
    if style != "lf":
        # protected strings were built with LF; a multi-line one only survives
        # byte for byte when the line endings were LF too
        protected = [p for p in protected if "\n" not in p]
    return Doc(text, kind, protected, style, bom)


# --- plain text ---------------------------------------------------------------

def decode_text(data: bytes) -> Doc:
    c = Choices(data)
    lines: list[str] = []
    protected: list[str] = []
    for _ in range(c.count(8)):
        r = c.byte() % 10
        if r < 6:
            lines.append(paragraph(c))
        elif r < 7:
            lines.append("")
        elif r < 8:
            u = url(c)
            protected.append(u)
            lines.append(f"{sentence(c)} {u} {sentence(c)}")
        else:
            lines.append(c.pick(ARTIFACTS))
    return _finish(c, lines, "text", protected)


# --- Markdown -------------------------------------------------------------------

MD_FORBID = "`"   # a stray backtick in prose would pair with a code span's and unmask it (as CommonMark does)
CODE_LINES = ["x = 1", "print('Witkov')", "Kiev said he was ready.", "Source link", "Trump 's envoy",
              "<div>Kiev</div>", "", "  indented Witkov", "the the"]
FM_KEYS = ["title", "description", "summary", "author", "tags", "date", "slug", "Title", "image"]
PROSE_KEYS = ("title", "description", "summary")


def _clean_line(s: str) -> str:
    return s.replace("\r", " ").replace("\n", " ").replace("\u2028", " ").replace("\u2029", " ") \
        .replace("\x85", " ").replace("\x0b", " ").replace("\x0c", " ")


def decode_markdown(data: bytes) -> Doc:
    c = Choices(data)
    lines: list[str] = []
    protected: list[str] = []

    def sent():
        return sentence(c, MD_FORBID)

    if c.chance(40):
        fm = ["---"]
        for _ in range(c.count(5)):
            key = c.pick(FM_KEYS)
            val = _clean_line(c.pick(ARTIFACTS) if c.chance(50) else sentence(c, odd=False)).strip()
            q = c.pick(["", '"', "'"])
            if q and q in val:
                q = ""
            line = f"{key}: {q}{val}{q}"
            fm.append(line)
            if key.lower() not in PROSE_KEYS:
                protected.append(line)
        fm.append("---")
        lines += fm
    for _ in range(c.count(10)):
        r = c.byte() % 14
        if r <= 3:
            lines.append(paragraph(c, MD_FORBID))
        elif r == 4:
            lines.append("#" * (1 + c.below(4)) + " " + sent())
        elif r == 5:   # fenced code
            fence = c.pick(["```", "~~~", "````"])
            info = c.pick(["", "python", "text"])
            body = [_clean_line(c.pick(CODE_LINES) if c.chance(40) else c.pick(ART_NAMES))
                    .replace("`", "").replace("~~~", "") for _ in range(c.count(4))]
            block = [fence + info, *body, fence]
            lines += ["", *block, ""]
            protected += [l for l in body if l.strip()]
            protected.append("\n".join(block))
        elif r == 6:   # indented code, after a plain line and a blank line (not a list's continuation)
            body = ["    " + _clean_line(c.pick(ART_NAMES)).strip() for _ in range(1 + c.count(2))]
            lines += ["Example:", "", *body, ""]
            protected += [b for b in body if b.strip()]
        elif r == 7:   # inline code
            code = _clean_line(c.pick(ART_NAMES)).replace("`", "")
            if code.strip() and code == code.strip():
                span = f"`{code}`"
                protected.append(span)
                lines.append(f"{sent()} {span} {sent()}")
        elif r == 8:   # link with a target
            u = url(c)
            label = _clean_line(c.pick(ART_NAMES)).replace("]", "").replace("[", "").replace("`", "'")
            target = f"]({u})"
            protected.append(target)
            lines.append(f"{sent()} [{label}{target} {sent()}")
        elif r == 9:   # autolink / bare URL
            u = url(c)
            form = f"<{u}>" if u.startswith("http") and c.chance(50) else u
            protected.append(u)
            lines.append(f"{sent()} {form}")
        elif r == 10:  # list
            for _ in range(1 + c.count(2)):
                lines.append(c.pick(["- ", "* ", "1. ", "+ "]) + sent())
        elif r == 11:  # blockquote
            lines.append("> " + paragraph(c, MD_FORBID))
        elif r == 12:  # inline HTML / comment
            tag = c.pick(['<span class="Witkov">', "<br/>", "<!-- Kiev said he -->",
                          '<img alt="x" src="https://x.org/Witkov.png">', "<kbd>"])
            protected.append(tag)
            lines.append(f"{sent()} {tag} {sent()}")
        else:
            lines.append("")
    return _finish(c, lines, "markdown", protected)


# --- HTML -------------------------------------------------------------------------

BLOCK = ["div", "p", "section", "article", "li", "td", "h1", "h2", "blockquote", "span", "em", "b", "a"]
ENTITIES = ["&amp;", "&nbsp;", "&#8217;", "&#x2014;", "&eacute;"]


def _html_safe(s: str) -> str:
    # keep generated prose from forming tags or entities by accident
    return s.replace("<", " ").replace(">", " ").replace("&", " and ")


def decode_html(data: bytes) -> Doc:
    c = Choices(data)
    protected: list[str] = []
    out: list[str] = []
    if c.chance(30):
        out.append("<!DOCTYPE html>")
        protected.append("<!DOCTYPE html>")

    def node(depth: int) -> str:
        r = c.byte() % 12
        if depth > 4 or r < 4:
            return _html_safe(paragraph(c))
        if r == 4:
            body = _html_safe(c.pick(ART_NAMES))
            tag = c.pick(["script", "style", "code", "pre"])
            el = f"<{tag}>{body}</{tag}>"
            protected.append(el)
            return el
        if r == 5:
            com = f"<!-- {_html_safe(c.pick(ARTIFACTS)).replace('--', ' ')} -->"
            protected.append(com)
            return com
        if r == 6:
            ent = c.pick(ENTITIES)
            protected.append(ent)
            return f"{c.pick(NAMES)}{ent}{c.pick(NAMES)}"
        tag = c.pick(BLOCK)
        attr = ""
        if c.chance(50):
            val = _html_safe(c.pick(ART_NAMES)).replace('"', "'")
            attr = f' title="{val}"'
            if tag == "a":
                attr += f' href="{url(c)}"'
        open_tag = f"<{tag}{attr}>"
        protected.append(open_tag)
        sep = c.pick(["", "\n", " "])
        kids = [node(depth + 1) for _ in range(c.count(3))]
        return open_tag + sep + sep.join(kids) + sep + f"</{tag}>"

    for _ in range(c.count(5)):
        out.append(node(0))
    lines = "\n".join(out).split("\n")
    protected = [p for p in protected if "\n" not in p]
    return _finish(c, lines, "html", protected)


# --- anything at all ----------------------------------------------------------------

KINDS = ("text", "markdown", "html")


def decode_any(data: bytes) -> Doc:
    """Arbitrary code points with artifacts and structure debris spliced in, of any kind."""
    c = Choices(data)
    kind = KINDS[c.below(3)]
    pieces = []
    for _ in range(c.count(20)):
        r = c.byte() % 4
        if r == 0:
            pieces.append(_noise(c, 12))
        elif r == 1:
            pieces.append(c.pick(ART_NAMES))
        elif r == 2:
            pieces.append(c.pick(PUNCT + ODD))
        else:
            pieces.append(c.pick(["\n", "\r\n", "\r", "```", "<", ">", "---", "`", "    ", "<div>", "</p>",
                                  "<!--", "-->", "&amp", "](", "[", "<script>", "---\n", "\n\n", " "]))
    return Doc("".join(pieces), kind)


DECODERS = {"text": decode_text, "markdown": decode_markdown, "html": decode_html, "any": decode_any}


def _docs(decoder, min_size=160, max_size=1600):
    return st.binary(min_size=min_size, max_size=max_size).map(decoder)


def text_docs():
    return _docs(decode_text)


def markdown_docs():
    return _docs(decode_markdown)


def html_docs():
    return _docs(decode_html)


def any_docs():
    return _docs(decode_any)


def documents():
    return st.one_of(text_docs(), markdown_docs(), html_docs())


def say(request, line: str) -> None:
    """Print a line past pytest's output capture (counts belong in the CI log)."""
    tr = request.config.pluginmanager.getplugin("terminalreporter")
    capman = request.config.pluginmanager.getplugin("capturemanager")
    if tr is None or capman is None:
        print(line)
        return
    with capman.global_and_fixture_disabled():
        tr.write("\n" + line + "\n")
