"""Mojibake: text decoded with the wrong codec ("â€™" for "’"), fixed by ftfy.

Curly quotes and other legitimate typography are kept.

>>> from cleaner import check_text
>>> [(f.text, f.replacement) for f in check_text("Trumpâ€™s envoy").findings]
[('â€™', '’')]
"""
from __future__ import annotations

import difflib
from functools import lru_cache

import regex

_SUSPECT = regex.compile(r"[ÃÂâÐÑÅÄÎÏ€™\x80-\x9f]")


@lru_cache(maxsize=1)
def _ftfy():
    """ftfy and its settings, imported only when a document looks suspect (it costs ~30 ms)."""
    import ftfy
    import ftfy.badness
    return ftfy, ftfy.TextFixerConfig(unescape_html=False, remove_terminal_escapes=False,
                                      fix_latin_ligatures=False, fix_character_width=False,
                                      uncurl_quotes=False, fix_line_breaks=False,
                                      fix_surrogates=False, remove_control_chars=False,
                                      normalization=None, explain=False)


def detect(ctx):
    view = ctx.view
    if not _SUSPECT.search(view):
        return
    ftfy, _CONFIG = _ftfy()
    for line in regex.finditer(r"[^\n]{1,400}(?:(?<=\s)|[^\s\n]*)", view):   # short pieces keep the diff linear
        text = line.group()
        if not _SUSPECT.search(text) or not ftfy.badness.is_bad(text):
            continue
        fixed = ftfy.fix_text(text, _CONFIG)
        if fixed == text:
            continue
        sm = difflib.SequenceMatcher(None, text, fixed, autojunk=False)
        for op, a0, a1, b0, b1 in sm.get_opcodes():
            if op == "equal":
                continue
            s, e = line.start() + a0, line.start() + a1
            if s == e or not ctx.doc.is_prose(s, e):
                continue
            yield ctx.finding("encoding.mojibake", "encoding", s, e, fixed[b0:b1], "safe", 0.95,
                              "mojibake: text decoded with the wrong character set",
                              "ftfy: fix_encoding")
