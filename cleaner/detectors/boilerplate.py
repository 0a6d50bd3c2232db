"""Scraper and template boilerplate: whole lines such as "Source link".

A match deletes the line together with its line break.

>>> from cleaner import fix_text
>>> fix_text("Putin spoke.\\nSource link")
'Putin spoke.\\n'
"""
from __future__ import annotations

from .phrase import bounded_matches, candidate_rules


def detect(ctx):
    view = ctx.view
    for rule in candidate_rules(ctx, ctx.kb.boilerplate_rules):
        for m in bounded_matches(ctx, rule):
            s, e = m.span()
            if not view[s:e].strip():
                continue
            if e < len(view) and ctx.text[e] == "\n":   # the line goes with its line break (not a blanked tag)
                e += 1
            repl = "" if rule.replacement is None else rule.replacement
            yield ctx.finding(rule.id, rule.category, s, e, repl, rule.fix, 0.9, rule.message,
                              f"boilerplate {rule.pack}: {rule.pattern.pattern}")
