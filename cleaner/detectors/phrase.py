"""Known artifact phrases: regex fingerprints of MT and spinner damage.

The lexicon lives in ``rules/phrases/*.toml``; each rule says its fix level.

>>> from cleaner import check_text
>>> [f.replacement for f in check_text("Global inventory markets fell.").findings if f.rule.startswith("phrase.")]
['stock markets']
"""
from __future__ import annotations

from . import match_case


def detect(ctx):
    view = ctx.view
    for rule in ctx.kb.phrase_rules:
        for m in rule.pattern.finditer(view):
            s, e = m.span()
            if s == e or not ctx.doc.is_prose(s, e):
                continue
            yield from _finding(ctx, rule, m)


def _finding(ctx, rule, m):
    s, e = m.span()
    repl = None
    if rule.replacement is not None:
        repl = m.expand(rule.replacement)
        if not rule.case_sensitive:
            repl = match_case(m.group(), repl)
    fix = rule.fix if repl is not None else "none"
    yield ctx.finding(rule.id, rule.category, s, e, repl, fix,
                      {"safe": 0.95, "likely": 0.75, "none": 0.5}[fix], rule.message,
                      f"lexicon {rule.pack}: {rule.pattern.pattern}")
