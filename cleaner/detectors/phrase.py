"""Known artifact phrases: regex fingerprints of MT and spinner damage.

The lexicon lives in ``rules/phrases/*.toml``; each rule says its fix level.

>>> from cleaner import check_text
>>> [f.replacement for f in check_text("Global inventory markets fell.").findings if f.rule.startswith("phrase.")]
['stock markets']
"""
from __future__ import annotations

from ..knowledge import fold_literal
from . import match_case


RULE_TIMEOUT = 2.0   # seconds one rule may spend on one document


def detect(ctx):
    for rule in candidate_rules(ctx, ctx.kb.phrase_rules):
        for m in bounded_matches(ctx, rule):
            yield from _finding(ctx, rule, m)


def candidate_rules(ctx, rules) -> list:
    """The rules that can match this document, in order; a rule that stalled is left out.

    A rule runs only if the document holds one of the literals its pattern
    requires (:func:`cleaner.knowledge.required_literals`). Letter runs lie
    inside one word, so the document's distinct case-folded words are looked
    up once, in a memo shared by every document of the process, instead of
    scanning the text once per rule; a rare mark ('“', '|', '%') or a digit
    run is looked for in the text.
    """
    index = _literal_index(rules)
    present = _present_literals(ctx, index)
    hit = set(index.always)
    for lit in present:
        hit.update(index.rules_of.get(lit, ()))
    return [r for i, r in enumerate(rules) if i in hit and not r.timed_out]


class _LiteralIndex:
    MEMO_LIMIT = 400_000

    def __init__(self, rules):
        self.rules = rules                      # kept alive: the index is keyed by id()
        self.size = len(rules)
        self.always = [i for i, r in enumerate(rules) if not r.literals]
        self.rules_of: dict[str, list[int]] = {}
        for i, r in enumerate(rules):
            for lit in r.literals:
                self.rules_of.setdefault(lit, []).append(i)
        self.literals = tuple(lit for lit in self.rules_of if lit.isalpha())
        self.marks = tuple(lit for lit in self.rules_of if not lit.isalpha())
        self.memo: dict[str, tuple[str, ...]] = {}

    def in_word(self, word: str) -> tuple[str, ...]:
        got = self.memo.get(word)
        if got is None:
            if len(self.memo) > self.MEMO_LIMIT:
                self.memo.clear()
            got = self.memo[word] = tuple(lit for lit in self.literals if lit in word)
        return got


_INDEXES: dict[int, _LiteralIndex] = {}
KEEP_INDEXES = 8          # rule lists indexed (a process that reloads knowledge bases keeps only the last few)


def _literal_index(rules) -> _LiteralIndex:
    ix = _INDEXES.get(id(rules))
    if ix is None or ix.rules is not rules or ix.size != len(rules):
        ix = _INDEXES[id(rules)] = _LiteralIndex(rules)
        while len(_INDEXES) > KEEP_INDEXES:
            del _INDEXES[next(iter(_INDEXES))]
    return ix


def _words(ctx) -> set[str]:
    """The document's distinct words, case-folded as literals are (computed once per document)."""
    words = ctx.extra.get("_words")
    if words is None:
        words = ctx.extra["_words"] = {fold_literal(t.text) for t in ctx.an.tokens}
    return words


def _present_literals(ctx, index: _LiteralIndex) -> set[str]:
    present = {m for m in index.marks if m in ctx.view}
    for w in _words(ctx):
        present.update(index.in_word(w))
    return present


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
