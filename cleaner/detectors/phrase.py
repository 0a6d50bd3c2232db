"""Known artifact phrases: regex fingerprints of MT and spinner damage.

The lexicon lives in ``rules/phrases/*.toml``; each rule says its fix level.

>>> from cleaner import check_text
>>> [f.replacement for f in check_text("Global inventory markets fell.").findings if f.rule.startswith("phrase.")]
['stock markets']
"""
from __future__ import annotations

from . import match_case


RULE_TIMEOUT = 2.0   # seconds one rule may spend on one document


def detect(ctx):
    for rule in ctx.kb.phrase_rules:
        if not has_literal(ctx, rule):
            continue
        for m in bounded_matches(ctx, rule):
            yield from _finding(ctx, rule, m)


def has_literal(ctx, rule) -> bool:
    """False when the document lacks every word the rule's pattern requires (or the rule stalled)."""
    if rule.timed_out:
        return False
    if not rule.literals:
        return True
    low = ctx.extra.get("_lower")
    if low is None:
        low = ctx.extra["_lower"] = ctx.view.lower()
    return any(lit in low for lit in rule.literals)


def bounded_matches(ctx, rule) -> list:
    """Prose matches of one rule; a user's rule runs within a time bound.

    A runaway pattern (catastrophic backtracking in a user's pack) is stopped
    and reported in ``ctx.extra["errors"]``; the other rules still run. The
    built-in rules are tested on every example and run unbounded (the bound
    costs a third of the scan time).
    """
    try:
        found = rule.pattern.finditer(ctx.view) if rule.trusted else \
            rule.pattern.finditer(ctx.view, timeout=RULE_TIMEOUT)
        return [m for m in found if m.end() > m.start() and ctx.doc.is_prose(*m.span())]
    except TimeoutError:
        rule.timed_out = True     # not run again in this process: one stall is enough
        ctx.extra.setdefault("errors", []).append(
            f"rule {rule.id} (pack {rule.pack}) took over {RULE_TIMEOUT:g}s and was stopped: "
            "its pattern backtracks; it is disabled for the rest of the run")
        return []


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
