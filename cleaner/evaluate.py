"""Evaluation on a dev set: `mtclean eval SET`.

SET is a folder holding any of ``pairs.jsonl`` (spun text + annotated
artifacts), ``clean.jsonl`` (well-edited passages) and ``seed.txt`` with
``seed.artifacts.json`` — the format of the project's dev set — or one such
JSONL file. It prints, per artifact kind, how many were detected (a finding
overlaps), fixed at the safe and at the likely level; precision, recall and
F0.5 of the applied edits; flags and safe fixes per 10k words on the clean
passages; the ROC AUC of the document score (spun vs clean); and every false
fix with its context.
"""
from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import click
import regex

LEVELS = ("safe", "likely")


@dataclass
class Doc:
    id: str
    text: str
    artifacts: list = field(default_factory=list)   # [{"bad","good","kind","inferred"}]
    clean: bool = False


def load_set(path: str | Path) -> list[Doc]:
    path = Path(path)
    docs: list[Doc] = []
    files = [path] if path.is_file() else [path / "pairs.jsonl", path / "clean.jsonl"]
    for f in files:
        if not f.exists():
            continue
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            d = json.loads(line)
            if "spun" in d:
                docs.append(Doc(d.get("id", f"{f.name}:{n}"), d["spun"], d.get("artifacts", [])))
            elif "text" in d:
                docs.append(Doc(d.get("id", f"{f.name}:{n}"), d["text"], clean=True))
    seed = path / "seed.txt" if path.is_dir() else None
    if seed and seed.exists():
        arts = json.loads((path / "seed.artifacts.json").read_text(encoding="utf-8"))
        docs.append(Doc("seed", seed.read_text(encoding="utf-8"), arts))
    return docs


def _norm(s: str) -> str:
    """Whitespace collapsed, diacritics and case folded: 'Călin' matches an annotated 'Calin'."""
    from .analysis import fold
    return fold(regex.sub(r"\s+", " ", s).strip())


def _occurrences(text: str, bad: str) -> list[tuple[int, int]]:
    out, i = [], text.find(bad)
    while i >= 0 and bad:
        out.append((i, i + len(bad)))
        i = text.find(bad, i + 1)
    return out


def _fixed(text, span, good, edits) -> bool:
    """Do the edits overlapping ``span`` turn it into ``good``?"""
    s, e = span
    over = [f for f in edits if f.start < e and s < f.end or (f.start == f.end and s <= f.start <= e)]
    if not over:
        return False
    S, E = min([s] + [f.start for f in over]), max([e] + [f.end for f in over])
    pos, out = S, []
    for f in sorted(over, key=lambda f: f.start):
        out.append(text[pos:f.start])
        out.append(f.replacement or "")
        pos = f.end
    out.append(text[pos:E])
    return _norm("".join(out)) == _norm(text[S:s] + good + text[e:E])


@dataclass
class Report:
    kinds: dict = field(default_factory=lambda: defaultdict(Counter))
    edits: dict = field(default_factory=lambda: {lv: Counter() for lv in LEVELS})
    false_fixes: dict = field(default_factory=lambda: {lv: [] for lv in LEVELS})
    clean_words: int = 0
    clean_flags: int = 0
    clean_safe: int = 0
    clean_flag_list: list = field(default_factory=list)
    scores: list = field(default_factory=list)     # (score, is_spun)

    def as_dict(self) -> dict:
        tot = Counter()
        for c in self.kinds.values():
            tot.update(c)
        out = {"kinds": {k: dict(v) for k, v in sorted(self.kinds.items())}, "all": dict(tot)}
        for lv in LEVELS:
            e = self.edits[lv]
            p = e["tp"] / (e["tp"] + e["fp"]) if e["tp"] + e["fp"] else 1.0
            r = tot[f"fixed_{lv}"] / tot["artifacts"] if tot["artifacts"] else 0.0
            f05 = (1.25 * p * r / (0.25 * p + r)) if p + r else 0.0
            out[lv] = {"edits": e["tp"] + e["fp"], "true": e["tp"], "false": e["fp"],
                       "precision": round(p, 4), "recall": round(r, 4), "f0.5": round(f05, 4)}
        words = max(self.clean_words, 1)
        out["clean"] = {"words": self.clean_words, "flags": self.clean_flags, "safe_fixes": self.clean_safe,
                        "flags_per_10k": round(1e4 * self.clean_flags / words, 2),
                        "safe_fixes_per_10k": round(1e4 * self.clean_safe / words, 2)}
        out["score_auc"] = round(auc(self.scores), 4)
        out["false_fixes"] = self.false_fixes
        out["clean_flag_list"] = self.clean_flag_list
        return out


def auc(scores) -> float:
    """ROC AUC of spun (True) over clean (False) by score; ties count half."""
    pos = [s for s, y in scores if y]
    neg = [s for s, y in scores if not y]
    if not pos or not neg:
        return float("nan")
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def evaluate(docs: list[Doc], engine) -> Report:
    rep = Report()
    for d in docs:
        res = engine.check(d.text)
        rep.scores.append((res.score, not d.clean))
        if d.clean:
            rep.clean_words += res.words
            rep.clean_flags += len(res.findings)
            rep.clean_safe += len(res.edits("safe"))
            for f in res.findings:
                rep.clean_flag_list.append({"doc": d.id, "rule": f.rule, "fix": f.fix, "text": f.text,
                                            "replacement": f.replacement,
                                            "context": _context(d.text, f.start, f.end)})
            for lv in LEVELS:
                for f in res.edits(lv):
                    rep.edits[lv]["fp"] += 1
                    rep.false_fixes[lv].append(_ff(d, f, "clean passage"))
            continue
        spans = []
        for a in d.artifacts:
            occ = _occurrences(d.text, a["bad"])
            spans.append(occ)
            c = rep.kinds[a["kind"]]
            c["artifacts"] += 1
            if not a.get("inferred", True):
                c["literal"] += 1
            if any(f.start < e and s < f.end for s, e in occ for f in res.findings):
                c["detected"] += 1
            for lv in LEVELS:
                edits = res.edits(lv)
                if occ and all(_fixed(d.text, sp, a["good"], edits) for sp in occ):
                    c[f"fixed_{lv}"] += 1
        for lv in LEVELS:
            for f in res.edits(lv):
                ok = False
                for a, occ in zip(d.artifacts, spans):
                    for s, e in occ:
                        if f.start < e and s < f.end or (f.start == f.end and s <= f.start <= e):
                            if _fixed(d.text, (s, e), a["good"], res.edits(lv)) or _closer(d.text, (s, e), a["good"], f):
                                ok = True
                if ok:
                    rep.edits[lv]["tp"] += 1
                else:
                    rep.edits[lv]["fp"] += 1
                    rep.false_fixes[lv].append(_ff(d, f, "not an annotated artifact" if not any(
                        f.start < e and s < f.end for occ in spans for s, e in occ) else "wrong fix"))
    return rep


def _closer(text, span, good, f) -> bool:
    """Does this edit alone bring the artifact's text closer to the annotated correction?

    >>> from cleaner.findings import Finding
    >>> f = Finding("phrase.modifier-apostrophe", "phrase", 9, 10, "ʼ", "’", "safe", 0.95, "")
    >>> _closer("Georgescuʼs lead was a surprise", (0, 16), "Georgescu’s lead", f)
    True
    >>> _closer("Georgescuʼs lead was a surprise", (0, 16), "Georgescuʼs lead", f)
    False
    """
    from rapidfuzz.distance import Levenshtein
    s, e = span
    S, E = min(s, f.start), max(e, f.end)
    before = text[S:E]
    after = text[S:f.start] + (f.replacement or "") + text[f.end:E]
    target = text[S:s] + good + text[e:E]
    if _norm(after) == _norm(before):     # a change folding cannot see ('ʼ' -> '’'): compare the characters
        ws = lambda x: regex.sub(r"\s+", " ", x).strip()
        return Levenshtein.distance(ws(after), ws(target)) < Levenshtein.distance(ws(before), ws(target))
    return Levenshtein.distance(_norm(after), _norm(target)) < Levenshtein.distance(_norm(before), _norm(target))


def _context(text, s, e, width=40) -> str:
    return (text[max(0, s - width):s] + "[[" + text[s:e] + "]]" + text[e:e + width]).replace("\n", " ")


def _ff(d, f, why) -> dict:
    return {"doc": d.id, "rule": f.rule, "text": f.text, "replacement": f.replacement, "why": why,
            "context": _context(d.text, f.start, f.end), "evidence": f.evidence}


def format_report(r: dict, verbose: bool = False) -> str:
    lines = [f"{'kind':<12}{'artifacts':>10}{'detected':>10}{'safe':>8}{'likely':>8}    (literal)"]
    rows = list(r["kinds"].items()) + [("ALL", r["all"])]
    for k, c in rows:
        n = c.get("artifacts", 0) or 1
        lines.append(f"{k:<12}{c.get('artifacts', 0):>10}"
                     f"{c.get('detected', 0):>5} {100 * c.get('detected', 0) / n:3.0f}%"
                     f"{c.get('fixed_safe', 0):>4} {100 * c.get('fixed_safe', 0) / n:2.0f}%"
                     f"{c.get('fixed_likely', 0):>4} {100 * c.get('fixed_likely', 0) / n:2.0f}%"
                     f"    ({c.get('literal', 0)})")
    surface = Counter()
    for k in ("entity", "spacing", "boilerplate", "bracket", "pronoun"):
        surface.update(r["kinds"].get(k, {}))
    if surface["artifacts"]:
        lines.append(f"surface kinds detected: {surface['detected']}/{surface['artifacts']} "
                     f"= {100 * surface['detected'] / surface['artifacts']:.0f}%")
    for lv in LEVELS:
        e = r[lv]
        lines.append(f"{lv:>6} edits: {e['edits']} ({e['true']} right, {e['false']} wrong)  "
                     f"precision {e['precision']:.3f}  recall {e['recall']:.3f}  F0.5 {e['f0.5']:.3f}")
    c = r["clean"]
    lines.append(f"clean passages: {c['words']} words, {c['flags']} flags ({c['flags_per_10k']}/10k), "
                 f"{c['safe_fixes']} safe fixes ({c['safe_fixes_per_10k']}/10k)")
    lines.append(f"score ROC AUC (spun vs clean): {r['score_auc']:.3f}")
    for lv in LEVELS:
        if r["false_fixes"][lv]:
            lines.append(f"\nfalse fixes at {lv}:")
            for ff in r["false_fixes"][lv]:
                lines.append(f"  {ff['doc']}: {ff['rule']} {ff['text']!r} -> {ff['replacement']!r} "
                             f"({ff['why']}): …{ff['context']}…")
    if verbose and r["clean_flag_list"]:
        lines.append("\nflags on clean passages:")
        for x in r["clean_flag_list"]:
            lines.append(f"  {x['doc']}: {x['rule']} [{x['fix']}] {x['text']!r} -> {x['replacement']!r}: …{x['context']}…")
    return "\n".join(lines) + "\n"


@click.command("eval")
@click.argument("dataset", type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--verbose", "-v", is_flag=True, help="Also list every flag on the clean passages.")
@click.option("--isolated", is_flag=True, help="Ignore config files (built-in packs only).")
def command(dataset, as_json, verbose, isolated):
    """Measure detection and fixes on a dev set in the project's format."""
    from .engine import Engine
    docs = load_set(dataset)
    if not docs:
        click.echo(f"mtclean: error: {dataset}: no pairs.jsonl, clean.jsonl or seed.txt found", err=True)
        sys.exit(2)
    r = evaluate(docs, Engine()).as_dict()
    click.echo(json.dumps(r, ensure_ascii=False, indent=1) if as_json else format_report(r, verbose), nl=False)
