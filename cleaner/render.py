"""Renderers: text, json (the stable contract), diff, github, sarif.

>>> line_col("ab\\ncd", 4)
(2, 2)
"""
from __future__ import annotations

import bisect
import difflib
import json


JSON_VERSION = 1
_COLORS = {"path": "\x1b[1m", "rule": "\x1b[31m", "safe": "\x1b[32m", "likely": "\x1b[33m",
           "none": "\x1b[36m", "dim": "\x1b[2m", "reset": "\x1b[0m", "del": "\x1b[31m",
           "add": "\x1b[32m", "hunk": "\x1b[36m"}


class LineIndex:
    def __init__(self, text: str):
        self.starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]

    def line_col(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1


def line_col(text: str, offset: int) -> tuple[int, int]:
    return LineIndex(text).line_col(offset)


def file_json(path: str, result) -> dict:
    idx = LineIndex(result.text)
    return {"path": path, "score": result.score,
            "findings": [f.to_json(*idx.line_col(f.start)) for f in result.findings]}


def render_json(items) -> str:
    """``items``: [(path, Result)]. The contract of DESIGN.md, version 1."""
    return json.dumps({"version": JSON_VERSION, "files": [file_json(p, r) for p, r in items]},
                      ensure_ascii=False, indent=None) + "\n"


def _c(color: bool, key: str, s: str) -> str:
    return f"{_COLORS[key]}{s}{_COLORS['reset']}" if color else s


def render_text(path: str, result, color: bool = False) -> str:
    idx = LineIndex(result.text)
    out = []
    for f in result.findings:
        line, col = idx.line_col(f.start)
        arrow = ""
        if f.replacement is not None:
            shown = f.replacement if f.replacement else "(delete)"
            arrow = " -> " + _c(color, f.fix, repr(shown) if not f.replacement.strip() else shown)
            arrow += _c(color, "dim", f" [{f.fix}]")
        out.append(f"{_c(color, 'path', path)}:{line}:{col}: {_c(color, 'rule', f.rule)} "
                   f"{f.message}{arrow}")
    return "\n".join(out) + ("\n" if out else "")


def render_diff(path: str, old: str, new: str, color: bool = False) -> str:
    if old == new:
        return ""
    lines = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                 f"a/{path.lstrip('/')}", f"b/{path.lstrip('/')}")
    out = []
    for ln in lines:
        if not ln.endswith("\n"):
            ln += "\n\\ No newline at end of file\n"
        if color:
            key = "hunk" if ln.startswith("@@") else "add" if ln.startswith("+") and not ln.startswith("+++") \
                else "del" if ln.startswith("-") and not ln.startswith("---") else None
            if key:
                ln = _c(True, key, ln.rstrip("\n")) + "\n"
        out.append(ln)
    return "".join(out)


def render_github(path: str, result) -> str:
    """GitHub Actions workflow commands (one ::warning/::error per finding)."""
    idx = LineIndex(result.text)
    out = []
    for f in result.findings:
        line, col = idx.line_col(f.start)
        end_line, end_col = idx.line_col(max(f.end - 1, f.start))
        kind = "error" if f.fix == "safe" else "warning"
        msg = f.message + (f" -> {f.replacement}" if f.replacement else "")
        msg = msg.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        out.append(f"::{kind} file={path},line={line},col={col},endLine={end_line},"
                   f"endColumn={end_col + 1},title={f.rule}::{msg}")
    return "\n".join(out) + ("\n" if out else "")


def render_sarif(items, rules_meta: dict[str, str], version: str) -> str:
    """SARIF 2.1.0 with fixes (artifactChanges) for findings that have a replacement."""
    results, used = [], {}
    for path, r in items:
        idx = LineIndex(r.text)
        for f in r.findings:
            used[f.rule] = rules_meta.get(f.rule, f.message)
            line, col = idx.line_col(f.start)
            eline, ecol = idx.line_col(f.end)
            region = {"startLine": line, "startColumn": col, "endLine": eline, "endColumn": ecol,
                      "charOffset": f.start, "charLength": f.end - f.start}
            res = {"ruleId": f.rule, "level": "error" if f.fix == "safe" else "warning",
                   "message": {"text": f.message},
                   "locations": [{"physicalLocation": {"artifactLocation": {"uri": path},
                                                       "region": region}}],
                   "properties": {"category": f.category, "fix": f.fix,
                                  "confidence": f.confidence, "evidence": f.evidence}}
            if f.replacement is not None:
                res["fixes"] = [{"description": {"text": f"replace with {f.replacement!r}"},
                                 "artifactChanges": [{"artifactLocation": {"uri": path},
                                                      "replacements": [{"deletedRegion": region,
                                                                        "insertedContent": {"text": f.replacement}}]}]}]
            results.append(res)
    doc = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
           "runs": [{"tool": {"driver": {"name": "mtclean", "version": version,
                                         "rules": [{"id": k, "shortDescription": {"text": v}}
                                                   for k, v in sorted(used.items())]}},
                     "results": results}]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
