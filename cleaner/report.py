"""Batch reports: a per-article table (.csv or .json) and a self-contained HTML page.

The format follows the file suffix. Rows stream: the CSV and JSON tables are
written as rows arrive, and the HTML page keeps only histogram bucket counts,
so memory stays flat however many articles pass through.

>>> import csv, os, tempfile
>>> rows = [{"id": "a1", "score": 0.42, "words": 120, "counts": {"entity": 2}, "fixes": 2},
...         {"id": "a2", "score": 0.0, "words": 80, "counts": {}, "fixes": 0}]
>>> path = os.path.join(tempfile.mkdtemp(), "report.csv")
>>> write_report(path, rows, [], {"articles": 2})
>>> table = list(csv.DictReader(open(path, encoding="utf-8")))
>>> table[0]["id"], table[0]["score"], table[0]["entity"], table[0]["fixes"]
('a1', '0.42', '2', '2')

The page has no external reference at all (inline CSS, script and SVG, and a
Content-Security-Policy that forbids loading anything): it can be mailed,
archived or opened offline.
"""
from __future__ import annotations

import csv
import dataclasses
import difflib
import heapq
import html
import json
import math
import os
import re
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

from .findings import CATEGORIES

__all__ = ["Report", "ReportError", "write_report", "FORMATS", "BUCKETS"]

FORMATS = (".csv", ".json", ".html")
BUCKETS = 20           # histogram bins of width 0.05 over the score range 0..1
TOP = 20               # most-spun articles shown in the HTML page
PATTERNS_SHOWN = 40    # rows of the artifact pattern table
MAX_PATTERNS = 50_000  # distinct (rule, text) pairs kept while streaming (then the rarest go)
MAX_CHARS = 40_000     # an article longer than this is cut in the HTML diff


class ReportError(ValueError):
    """The report path has no supported suffix."""


def write_report(path, rows: Iterable[Mapping], top: list[Mapping], summary: Mapping,
                 patterns: Mapping | None = None) -> None:
    """Write the report for ``rows`` to ``path`` (.csv, .json or .html), atomically.

    ``rows``: per-article dicts ``{"id", "score", "words", "counts", "fixes"}``,
    consumed once, in a stream. ``top``: the most-spun articles
    ``{"id", "score", "text", "fixed", "findings"}`` (findings as in the JSON
    contract). ``summary``: run totals (articles, words, findings by kind, fixes,
    rejects, seconds). ``patterns``: optional counts of ``(rule, text)`` pairs;
    without it the HTML page counts the findings of ``top``.
    """
    report = Report(path)
    try:
        for row in rows:
            report.add(row)
        report.finish(summary, top=top, patterns=patterns)
    except BaseException:
        report.abort()
        raise


class Report:
    """A report being written while rows stream in.

    ``add(row)`` for every article, then ``finish(summary)``; the file appears
    (atomically) only then. ``add`` also takes the article's ``text``, ``fixed``
    text and ``findings`` when the caller has them at hand: the report then
    keeps the ``top_n`` most-spun articles and counts artifact patterns itself,
    so a batch run need not collect them.
    """

    def __init__(self, path, top_n: int = TOP, categories: tuple[str, ...] = CATEGORIES):
        self.path = Path(path)
        self.format = self.path.suffix.lower()
        if self.format not in FORMATS:
            raise ReportError(f"{path}: a report must end in .csv, .json or .html")
        self.top_n = top_n
        self.categories = tuple(categories)
        self.buckets = [0] * BUCKETS
        self.articles = 0
        self.patterns: Counter = Counter()
        self._top: list = []  # min-heap of (score, -seq, entry): the lowest score leaves first
        self._tmp = None
        if self.format != ".html":
            self._open_tmp()
            if self.format == ".csv":
                self._csv = csv.writer(self._fh, lineterminator="\n")
                self._csv.writerow(["id", "score", "words", *self.categories, "fixes"])
            else:
                self._fh.write('{"version": 1, "articles": [')

    def _open_tmp(self) -> None:
        """A temporary file beside the destination, renamed over it by finish()."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self._tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)  # the mode a plain open() would give, not mkstemp's 0600
        self._fh = os.fdopen(fd, "w", encoding="utf-8", newline="")

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            self.abort()

    def add(self, row: Mapping, text: str | None = None, fixed: str | None = None,
            findings: list | None = None) -> None:
        score = _score(row.get("score"))
        self.buckets[bucket(score)] += 1
        if self.format == ".csv":
            counts = row.get("counts") or {}
            self._csv.writerow([row.get("id", ""), round(score, 4), row.get("words", 0),
                                *(counts.get(c, 0) for c in self.categories), row.get("fixes", 0)])
        elif self.format == ".json":
            self._fh.write(("\n" if self.articles == 0 else ",\n")
                           + json.dumps(dict(row), ensure_ascii=False, default=str))
        self.articles += 1
        if findings:
            self._count_patterns(findings)
        if text is not None and self.top_n > 0:
            item = (score, -self.articles, {"id": row.get("id", ""), "score": score, "text": text,
                                            "fixed": text if fixed is None else fixed,
                                            "findings": list(findings or ())})
            if len(self._top) < self.top_n:
                heapq.heappush(self._top, item)
            elif item[:2] > self._top[0][:2]:
                heapq.heapreplace(self._top, item)

    def _count_patterns(self, findings) -> None:
        for f in findings:
            f = _as_dict(f)
            self.patterns[(f.get("rule", "?"), f.get("text", ""))] += 1
        if len(self.patterns) > MAX_PATTERNS:  # bounded memory: keep the frequent half
            self.patterns = Counter(dict(self.patterns.most_common(MAX_PATTERNS // 2)))

    def top(self) -> list[dict]:
        """The most-spun articles added with their text, most spun first."""
        return [e for _, _, e in sorted(self._top, reverse=True)]

    def finish(self, summary: Mapping, top: list[Mapping] | None = None,
               patterns: Mapping | None = None) -> None:
        """Write the file. ``top`` and ``patterns`` replace what ``add`` collected."""
        if self.format == ".html":
            top = list(self.top() if top is None else top)
            if patterns is None:
                if not self.patterns:  # nothing counted while streaming: count what the page shows
                    for entry in top:
                        self._count_patterns(entry.get("findings") or ())
                patterns = self.patterns
            page = render_html(self.buckets, top, summary, patterns)
            self._open_tmp()
            self._fh.write(page)
        elif self.format == ".json":
            self._fh.write("\n], \"summary\": "
                           + json.dumps(dict(summary), ensure_ascii=False, default=str) + "}\n")
        self._fh.close()
        os.replace(self._tmp, self.path)
        self._tmp = None

    def abort(self) -> None:
        """Drop the partial file; the destination is left as it was."""
        if self._tmp is not None:
            self._fh.close()
            try:
                os.unlink(self._tmp)
            except FileNotFoundError:
                pass
            self._tmp = None


def bucket(score: float) -> int:
    """The histogram bin of a score: 20 bins of width 0.05, 1.0 in the last.

    >>> bucket(0.0), bucket(0.049), bucket(0.05), bucket(0.999), bucket(1.0), bucket(7)
    (0, 0, 1, 19, 19, 19)
    """
    return min(BUCKETS - 1, max(0, int(score * BUCKETS)))


def _score(value) -> float:
    try:
        s = float(value)
    except (TypeError, ValueError):
        return 0.0
    return 0.0 if math.isnan(s) else s


def _as_dict(f) -> dict:
    if isinstance(f, Mapping):
        return f
    if dataclasses.is_dataclass(f):
        return {k.name: getattr(f, k.name) for k in dataclasses.fields(f)}
    raise TypeError(f"a finding must be a dict or a Finding, not {type(f).__name__}")


# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def diff_ops(old: str, new: str) -> list[tuple[str, int, int, str]]:
    """Word-level differences as ``(op, start, end, inserted)`` over ``old``.

    >>> diff_ops("Steve Witkov met Putin", "Steve Witkoff met Putin")
    [('equal', 0, 6, ''), ('replace', 6, 12, 'Witkoff'), ('equal', 12, 22, '')]
    """
    a, b = _tokens(old), _tokens(new)
    pos_a = [0]
    for t in a:
        pos_a.append(pos_a[-1] + len(t))
    ops = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        ops.append((tag, pos_a[i1], pos_a[i2], "".join(b[j1:j2]) if tag in ("insert", "replace") else ""))
    return ops


def _tip(f: Mapping) -> str:
    tip = f"{f.get('rule', '?')} [{f.get('fix', 'none')}]"
    if f.get("message"):
        tip += f": {f['message']}"
    repl = f.get("replacement")
    if repl is not None:
        tip += " → " + (repr(repl) if not repl.strip() else repl)
    return tip


class _Marks:
    """Finding spans over a text, to wrap any stretch of it in <mark> elements."""

    def __init__(self, text_len: int, findings: list[Mapping]):
        self.spans = []
        for f in findings:
            try:
                s = int(f["start"])
                e = int(f.get("end", s))
            except (KeyError, TypeError, ValueError):
                continue  # a finding without offsets is listed, not marked
            s = max(0, min(s, text_len))
            e = max(s, min(e, text_len))
            if e == s:  # a point finding (e.g. a missing space): mark the character after it
                e = min(s + 1, text_len)
                if e == s:
                    continue
            self.spans.append((s, e, f))
        self.cuts = sorted({p for s, e, _ in self.spans for p in (s, e)})

    def render(self, text: str, start: int, end: int) -> str:
        if start >= end:
            return ""
        points = [start] + [c for c in self.cuts if start < c < end] + [end]
        out = []
        for a, b in zip(points, points[1:]):
            chunk = html.escape(text[a:b])
            over = [f for s, e, f in self.spans if s < b and a < e]
            if over:
                rules = " ".join(sorted({str(f.get("rule", "?")) for f in over}))
                level = min((str(f.get("fix", "none")) for f in over),
                            key=lambda v: {"safe": 0, "likely": 1}.get(v, 2))
                title = "\n".join(_tip(f) for f in over)
                out.append(f'<mark class="f {html.escape(level)}" data-rule="{html.escape(rules)}" '
                           f'title="{html.escape(title)}">{chunk}</mark>')
            else:
                out.append(chunk)
        return "".join(out)


def render_diff_html(text: str, fixed: str, findings: list) -> str:
    """The original text with deletions, insertions and findings marked up.

    >>> render_diff_html("Trump 's envoy", "Trump's envoy",
    ...                  [{"rule": "spacing.space-before-possessive", "start": 5, "end": 8,
    ...                    "text": " 's", "replacement": "'s", "fix": "safe"}])[:63]
    'Trump<del class="ws"><mark class="f safe" data-rule="spacing.sp'
    """
    findings = [_as_dict(f) for f in findings or ()]
    cut = ""
    if len(text) > MAX_CHARS:
        cut = f"\n[… {len(text) - MAX_CHARS:,} more characters not shown]"
        text, fixed = text[:MAX_CHARS], fixed[:MAX_CHARS]
    marks = _Marks(len(text), findings)
    out = []
    for op, s, e, new in diff_ops(text, fixed):
        if op == "equal":
            out.append(marks.render(text, s, e))
            continue
        if e > s:
            ws = ' class="ws"' if not text[s:e].strip() else ""  # a deleted space gets a visible mark
            out.append(f"<del{ws}>{marks.render(text, s, e)}</del>")
        if new:
            out.append(f"<ins>{html.escape(new)}</ins>")
    if cut:
        out.append(f'<span class="cut">{html.escape(cut)}</span>')
    return "".join(out)


def _fmt(v) -> str:
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, int):
        return f"{v:,}"
    if isinstance(v, float):
        return f"{v:,.2f}" if abs(v) >= 1 or v == 0 else f"{v:.3f}"
    return str(v)


def _summary_html(summary: Mapping) -> str:
    cards, tables = [], []
    for key, value in summary.items():
        label = html.escape(str(key).replace("_", " "))
        if isinstance(value, Mapping):
            total = sum(v for v in value.values() if isinstance(v, (int, float))) or 1
            rows = "".join(
                f'<tr><th>{html.escape(str(k))}</th><td class="num">{html.escape(_fmt(v))}</td>'
                f'<td class="bar"><span style="width:{100 * v / total:.1f}%"></span></td></tr>'
                if isinstance(v, (int, float)) else
                f'<tr><th>{html.escape(str(k))}</th><td colspan="2">{html.escape(_fmt(v))}</td></tr>'
                for k, v in sorted(value.items(), key=lambda kv: -kv[1] if isinstance(kv[1], (int, float)) else 0))
            numbers = [v for v in value.values() if isinstance(v, (int, float))]
            caption = f"{label} ({html.escape(_fmt(sum(numbers)))})" if numbers else label
            tables.append(f'<table class="kinds"><caption>{caption}</caption>{rows}</table>')
        else:
            shown = f"{value:,.1f} s" if key == "seconds" and isinstance(value, (int, float)) else _fmt(value)
            cards.append(f'<div class="card"><b>{html.escape(shown)}</b><span>{label}</span></div>')
    secs, n = summary.get("seconds"), summary.get("articles")
    if isinstance(secs, (int, float)) and isinstance(n, (int, float)) and secs > 0:
        cards.append(f'<div class="card"><b>{n / secs:,.1f}</b><span>articles / s</span></div>')
    return f'<div class="cards">{"".join(cards)}</div>{"".join(tables)}'


def _patterns_html(patterns: Mapping) -> str:
    if not patterns:
        return '<p class="empty">No findings.</p>'
    items = sorted(patterns.items(), key=lambda kv: (-kv[1], str(kv[0])))[:PATTERNS_SHOWN]
    rows = []
    for key, n in items:
        rule, text = key if isinstance(key, tuple) and len(key) == 2 else (key, "")
        rows.append(f'<tr><td class="num">{n:,}</td><td><code>{html.escape(str(rule))}</code></td>'
                    f'<td>{_fragment_html(str(text))}</td></tr>')
    more = len(patterns) - len(items)
    tail = f'<p class="note">{more:,} rarer patterns not shown.</p>' if more > 0 else ""
    return ('<table class="patterns"><thead><tr><th>count</th><th>rule</th><th>text</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>{tail}')


_VISIBLE = str.maketrans({" ": "␣", "\n": "↵", "\t": "⇥", "\u00a0": "⍽"})


def _fragment_html(text: str) -> str:
    """A piece of text shown on its own; whitespace made visible when that is all there is."""
    if text and not text.strip():
        return f'<span class="frag ws" title="{len(text)} whitespace character(s)">{text.translate(_VISIBLE)}</span>'
    return f'<span class="frag">{html.escape(text)}</span>'


def _replacement_html(repl) -> str:
    if repl is None:
        return '<span class="note">flag only</span>'
    if repl == "":
        return '<span class="note">delete</span>'
    return _fragment_html(str(repl))


def _article_html(rank: int, entry: Mapping) -> str:
    findings = [_as_dict(f) for f in entry.get("findings") or ()]
    text = str(entry.get("text", ""))
    fixed = entry.get("fixed")
    fixed = text if fixed is None else str(fixed)
    score = _score(entry.get("score"))
    counts = Counter(str(f.get("category", "?")) for f in findings)
    chips = "".join(f'<span class="chip">{html.escape(c)} {n}</span>' for c, n in counts.most_common())
    rows = "".join(
        f'<tr><td><code>{html.escape(str(f.get("rule", "")))}</code></td>'
        f'<td>{_fragment_html(str(f.get("text", "")))}</td>'
        f'<td>{_replacement_html(f.get("replacement"))}</td>'
        f'<td class="{html.escape(str(f.get("fix", "none")))}">{html.escape(str(f.get("fix", "none")))}</td></tr>'
        for f in findings)
    changed = "unchanged" if fixed == text else "fixed"
    return (f'<article class="doc" id="doc-{rank}">'
            f'<header><span class="rank">#{rank}</span> <b class="docid">{html.escape(str(entry.get("id", "")))}</b>'
            f' <span class="score" title="spin score">{score:.3f}</span> {chips}'
            f' <span class="state">{changed}</span></header>'
            f'<div class="diff">{render_diff_html(text, fixed, findings)}</div>'
            f'<details><summary>{len(findings)} finding{"s" if len(findings) != 1 else ""}</summary>'
            '<table class="findings"><thead><tr><th>rule</th><th>text</th><th>replacement</th><th>fix</th></tr>'
            f'</thead><tbody>{rows}</tbody></table></details></article>')


def _script_json(data) -> str:
    """JSON safe inside a <script> element."""
    return (json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def render_html(buckets: list[int], top: list[Mapping], summary: Mapping, patterns: Mapping) -> str:
    """The whole report page as one string."""
    n = sum(buckets)
    data = {"buckets": list(buckets), "width": 1 / len(buckets), "articles": n}
    articles = "".join(_article_html(i, e) for i, e in enumerate(top, 1))
    if not articles:
        articles = '<p class="empty">No article to show.</p>'
    return _PAGE.format(
        css=_CSS, js=_JS, data=_script_json(data), summary=_summary_html(summary),
        articles_n=f"{n:,}", patterns=_patterns_html(patterns), top_n=len(top), docs=articles)


_CSS = """
:root{--fg:#1d2125;--muted:#5f6b76;--bg:#fff;--panel:#f5f7f9;--line:#d9dee3;--accent:#3465a4;
--del:#ffd7d5;--del-fg:#82071e;--ins:#ccf5d3;--ins-fg:#055d20;--safe:#0a7d33;--likely:#a86400;--none:#1f6feb}
@media (prefers-color-scheme:dark){:root{--fg:#e6e6e6;--muted:#9aa4ad;--bg:#15181b;--panel:#1e2226;
--line:#353b41;--accent:#79a6e0;--del:#5c1d1d;--del-fg:#ffb3ad;--ins:#1b4723;--ins-fg:#a6f0b5;
--safe:#5fd184;--likely:#f0b35b;--none:#7fb0ff}}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1100px;padding:24px 28px 60px;font:15px/1.5 system-ui,-apple-system,"Segoe UI",
Roboto,"DejaVu Sans",sans-serif;color:var(--fg);background:var(--bg)}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 10px;border-bottom:1px solid var(--line);
padding-bottom:4px}.sub{color:var(--muted);margin:0 0 16px}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:12px 0}
.card{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:8px 14px;min-width:110px}
.card b{display:block;font-size:20px}.card span{color:var(--muted);font-size:13px}
table{border-collapse:collapse;margin:8px 0}th,td{padding:3px 10px;text-align:left;vertical-align:top}
thead th{border-bottom:1px solid var(--line);color:var(--muted);font-weight:600;font-size:13px}
caption{text-align:left;font-weight:600;padding:4px 0}
.kinds th{font-weight:normal}.num{text-align:right;font-variant-numeric:tabular-nums}
.bar{width:220px}.bar span{display:block;height:10px;margin-top:6px;background:var(--accent);border-radius:2px}
#hist{width:100%;max-width:760px;height:auto;display:block}
#hist .bin{fill:var(--accent)}#hist .bin:hover{opacity:.75}#hist text{fill:var(--muted);font-size:11px}
#hist line{stroke:var(--line)}.controls{color:var(--muted);font-size:13px}
.patterns td:nth-child(3){max-width:520px;word-break:break-word}
code{font-size:13px}
.frag{white-space:pre-wrap;background:var(--panel);border:1px solid var(--line);border-radius:3px;padding:0 4px;
font:13px/1.5 Georgia,"DejaVu Serif",serif}.frag.ws{color:var(--muted)}
.doc{border:1px solid var(--line);border-radius:8px;margin:16px 0;overflow:hidden}
.doc header{background:var(--panel);padding:6px 12px;border-bottom:1px solid var(--line)}
.rank{color:var(--muted)}.score{font-weight:600;color:var(--del-fg);margin:0 6px}
.chip{display:inline-block;font-size:12px;border:1px solid var(--line);border-radius:10px;padding:0 7px;
margin:0 2px;color:var(--muted)}.state{float:right;color:var(--muted);font-size:13px}
.diff{white-space:pre-wrap;word-wrap:break-word;padding:10px 14px;max-height:28em;overflow:auto;
font:14px/1.6 Georgia,"DejaVu Serif",serif}
del{background:var(--del);color:var(--del-fg);text-decoration:line-through}
del.ws::before{content:"␣";text-decoration:none;display:inline-block}
ins{background:var(--ins);color:var(--ins-fg);text-decoration:none}
mark.f{background:none;color:inherit;border-bottom:2px solid var(--none);cursor:help}
mark.f.safe{border-bottom-color:var(--safe)}mark.f.likely{border-bottom-color:var(--likely)}
mark.f.none{border-bottom-style:dotted;background:rgba(31,111,235,.10)}
del mark.f,ins mark.f{color:inherit}
.cut,.note,.empty{color:var(--muted);font-style:italic}
details{padding:4px 14px 8px}summary{cursor:pointer;color:var(--muted);font-size:13px}
.findings td.safe{color:var(--safe)}.findings td.likely{color:var(--likely)}.findings td.none{color:var(--none)}
.legend{font-size:13px;color:var(--muted)}.legend>*{margin-right:12px}
"""

_JS = r"""
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var data = JSON.parse(document.getElementById("mtclean-data").textContent);
  var svg = document.getElementById("hist");
  var logBox = document.getElementById("log-scale");

  function el(name, attrs, text) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function ticks(max, log) {
    // gridline values: 1-2-5 steps on a linear axis, powers of ten on a log one
    var out = [0];
    if (log) {
      for (var p = 1; p <= max; p *= 10) out.push(p);
      return {values: out, top: max};
    }
    var raw = Math.max(1, max / 4), mag = Math.pow(10, Math.floor(Math.log10(raw))), m = raw / mag;
    var step = Math.max(1, (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * mag);
    for (var v = step; v < max + step; v += step) out.push(v);
    return {values: out, top: out[out.length - 1]};
  }

  function draw() {
    var W = 760, H = 260, L = 48, R = 12, T = 12, B = 36;
    var b = data.buckets, n = b.length, log = logBox.checked;
    var max = Math.max.apply(null, b);
    var axis = ticks(max, log);
    var scale = function (c) {
      return log ? Math.log10(1 + c) / (Math.log10(1 + axis.top) || 1) : c / (axis.top || 1);
    };
    var plotH = H - T - B, bw = (W - L - R) / n;
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    svg.setAttribute("viewBox", "0 0 " + W + " " + H);
    axis.values.forEach(function (v) {
      var y = H - B - plotH * scale(v);
      svg.appendChild(el("line", {x1: L, x2: W - R, y1: y, y2: y}));
      svg.appendChild(el("text", {x: L - 6, y: y + 4, "text-anchor": "end"}, v.toLocaleString()));
    });
    for (var i = 0; i < n; i++) {
      if (!b[i]) continue;
      var h = Math.max(1, plotH * scale(b[i]));
      var r = el("rect", {"class": "bin", x: L + i * bw + 1, y: H - B - h, width: Math.max(1, bw - 2),
                          height: h, "data-count": b[i]});
      var lo = (i * data.width).toFixed(2), hi = ((i + 1) * data.width).toFixed(2);
      r.appendChild(el("title", {}, "score " + lo + "–" + hi + ": " + b[i].toLocaleString() +
                       " article" + (b[i] === 1 ? "" : "s")));
      svg.appendChild(r);
    }
    for (var t = 0; t <= 4; t++) {
      svg.appendChild(el("text", {x: L + (W - L - R) * t / 4, y: H - B + 16, "text-anchor": "middle"},
                         (t / 4).toFixed(2)));
    }
    svg.appendChild(el("text", {x: L + (W - L - R) / 2, y: H - 4, "text-anchor": "middle"},
                       "spin score (" + data.articles.toLocaleString() + " articles)"));
  }

  logBox.addEventListener("change", draw);
  if (location.hash === "#log") logBox.checked = true;  // a link can ask for the log scale
  draw();
  document.body.setAttribute("data-ready", "1");
})();
"""

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>mtclean report</title>
<script>
window.addEventListener("error", function (e) {{
  document.documentElement.setAttribute("data-error", String(e.message || e));
}});
window.addEventListener("unhandledrejection", function (e) {{
  document.documentElement.setAttribute("data-error", String(e.reason));
}});
</script>
<style>{css}</style>
</head>
<body>
<h1>mtclean report</h1>
<p class="sub">Machine-translation and spinner damage found in {articles_n} articles.</p>
<section id="summary"><h2>Summary</h2>{summary}</section>
<section id="scores"><h2>Spin scores</h2>
<svg id="hist" role="img" aria-label="histogram of spin scores" xmlns="http://www.w3.org/2000/svg"></svg>
<label class="controls"><input type="checkbox" id="log-scale"> logarithmic scale</label>
</section>
<section id="patterns"><h2>Most frequent artifact patterns</h2>{patterns}</section>
<section id="articles"><h2>Most-spun articles ({top_n})</h2>
<p class="legend"><del>deleted</del><ins>inserted</ins><mark class="f safe">safe fix</mark>
<mark class="f likely">likely fix</mark><mark class="f none">flagged only</mark>
<span>hover a marked word for its rule</span></p>
{docs}</section>
<script type="application/json" id="mtclean-data">{data}</script>
<script>{js}</script>
</body>
</html>
"""
