"""Batch reports (issue 4, point 5): CSV and JSON tables, and the HTML page in a real browser."""
import csv
import html
import json
import os
import re
import shutil
import subprocess
import tracemalloc
from collections import Counter

import pytest

from cleaner.findings import CATEGORIES
from cleaner.record import clean_record
from cleaner.report import BUCKETS, Report, ReportError, bucket, write_report

SPUN = [
    ("seed-like", "Trump 's envoy Steve Witkov flew to Kiev. Kiev said he was ready.\nSource link\n"),
    ("spacing", "The company , which was founded in 1990 , grew.\nTrump 's plan failed.\n"),
    ("clean", "The central bank left interest rates unchanged on Tuesday.\n"),
    ("hostile <script>alert(1)</script>", "Witkov met <b>officials</b> & \"aides\" in Kiev.\n"),
]
# A hand-made entry: what the page shows must not depend on the packs of the day.
MADE = {"id": "made", "score": 0.99,
        "text": "Envoy Steve Witkov said Kiev said he was ready , Cerez-fire.\nSource link\n",
        "fixed": "Envoy Steve Witkoff said Kyiv said he was ready, Cerez-fire.\n",
        "findings": [
            {"rule": "entity.misspelling", "category": "entity", "start": 12, "end": 18, "text": "Witkov",
             "replacement": "Witkoff", "fix": "safe", "message": "misspelt name"},
            {"rule": "entity.house-style", "category": "entity", "start": 24, "end": 28, "text": "Kiev",
             "replacement": "Kyiv", "fix": "safe", "message": "house style"},
            {"rule": "pronoun.place-said-he", "category": "pronoun", "start": 34, "end": 36, "text": "he",
             "replacement": "it", "fix": "likely", "message": "a place that said he"},
            {"rule": "spacing.space-before-punctuation", "category": "spacing", "start": 46, "end": 47,
             "text": " ", "replacement": "", "fix": "safe", "message": "stray space"},
            {"rule": "garble.unknown-word", "category": "garble", "start": 49, "end": 59, "text": "Cerez-fire",
             "replacement": None, "fix": "none", "message": "unknown word"},
            {"rule": "boilerplate.source-link", "category": "boilerplate", "start": 61, "end": 73,
             "text": "Source link\n", "replacement": "", "fix": "safe", "message": "scraper line"}]}


def row_of(out: dict) -> dict:
    m = out["mtclean"]
    return {"id": out["id"], "score": m["score"], "words": m["words"], "counts": m["counts"], "fixes": m["fixes"]}


@pytest.fixture(scope="module")
def cleaned(engine):
    return [clean_record({"id": i, "text": t}, engine) for i, t in SPUN]


@pytest.fixture(scope="module")
def top(cleaned):
    return [MADE] + [{"id": o["id"], "score": o["mtclean"]["score"], "text": t, "fixed": o["text"],
             "findings": o["mtclean"]["findings"]} for o, (_, t) in zip(cleaned, SPUN)]


def synthetic_rows(n):
    for i in range(n):
        yield {"id": f"doc-{i}", "score": (i % 7) / 10, "words": 100 + i % 50,
               "counts": {"entity": i % 3, "spacing": i % 2}, "fixes": i % 4}


SUMMARY = {"articles": 4, "words": 60, "findings": {"entity": 5, "spacing": 3}, "fixes": 6,
           "rejects": 1, "seconds": 0.5}


# ---------------------------------------------------------------------------
# tables
# ---------------------------------------------------------------------------

def test_csv_has_one_column_per_category(tmp_path, cleaned):
    path = tmp_path / "r.csv"
    write_report(path, (row_of(o) for o in cleaned), [], SUMMARY)
    with open(path, encoding="utf-8", newline="") as fh:
        table = list(csv.reader(fh))
    assert table[0] == ["id", "score", "words", *CATEGORIES, "fixes"]
    assert len(table) == 1 + len(cleaned)
    for line, out in zip(table[1:], cleaned):
        m = out["mtclean"]
        assert line[0] == str(out["id"])
        assert float(line[1]) == pytest.approx(m["score"], abs=1e-4)
        assert int(line[2]) == m["words"]
        assert {c: int(v) for c, v in zip(CATEGORIES, line[3:-1]) if int(v)} == m["counts"]
        assert int(line[-1]) == m["fixes"]


def test_json_is_rows_plus_summary(tmp_path, cleaned):
    path = tmp_path / "r.json"
    rows = [row_of(o) for o in cleaned]
    write_report(path, iter(rows), [], SUMMARY)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["version"] == 1
    assert data["articles"] == rows
    assert data["summary"] == SUMMARY


def test_empty_json_and_csv(tmp_path):
    write_report(tmp_path / "e.json", [], [], {"articles": 0})
    assert json.loads((tmp_path / "e.json").read_text()) == {"version": 1, "articles": [],
                                                             "summary": {"articles": 0}}
    write_report(tmp_path / "e.csv", [], [], {})
    assert (tmp_path / "e.csv").read_text().count("\n") == 1


def test_unknown_suffix_is_refused(tmp_path):
    with pytest.raises(ReportError, match=r"\.csv, \.json or \.html"):
        write_report(tmp_path / "r.xlsx", [], [], {})


@pytest.mark.parametrize("suffix", [".csv", ".json", ".html"])
def test_written_atomically(tmp_path, suffix):
    """A failure half-way leaves the old report (here: none) and no temporary file."""
    path = tmp_path / f"r{suffix}"

    def rows():
        yield from synthetic_rows(10)
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        write_report(path, rows(), [], {})
    assert list(tmp_path.iterdir()) == []
    write_report(path, synthetic_rows(3), [], {})
    assert [p.name for p in tmp_path.iterdir()] == [path.name]
    assert oct(path.stat().st_mode & 0o777) != oct(0o600)  # not mkstemp's private mode


@pytest.mark.parametrize("suffix", [".csv", ".json", ".html"])
def test_rows_stream(tmp_path, suffix):
    """Memory does not grow with the number of rows."""
    def peak(n):
        tracemalloc.start()
        write_report(tmp_path / f"r{n}{suffix}", synthetic_rows(n), [], {"articles": n})
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top

    small, large = peak(2_000), peak(40_000)
    assert large < small * 2 + 256 * 1024, (small, large)


def test_buckets():
    assert [bucket(s) for s in (0, 0.05, 0.5, 0.95, 1.0, -1, 3)] == [0, 1, 10, 19, 19, 0, 19]


def test_report_collects_the_most_spun(tmp_path):
    rep = Report(tmp_path / "r.html", top_n=3)
    for i, s in enumerate([0.1, 0.9, 0.3, 0.95, 0.2, 0.9]):
        rep.add({"id": i, "score": s}, text=f"text {i}", fixed=f"fixed {i}",
                findings=[{"rule": "r.x", "text": "t"}])
    assert [(e["id"], e["score"]) for e in rep.top()] == [(3, 0.95), (1, 0.9), (5, 0.9)]
    assert rep.patterns == Counter({("r.x", "t"): 6})
    rep.finish({"articles": 6})
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert page.count('<article class="doc"') == 3 and "<del>text</del><ins>fixed</ins> 3" in page


# ---------------------------------------------------------------------------
# HTML, statically
# ---------------------------------------------------------------------------

def html_report(path, cleaned, top, patterns=None):
    write_report(path, (row_of(o) for o in cleaned), top, SUMMARY, patterns)
    return path.read_text(encoding="utf-8")


def test_html_escapes_everything(tmp_path, cleaned, top):
    page = html_report(tmp_path / "r.html", cleaned, top)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    assert "<b>officials</b>" not in page and "&lt;b&gt;officials&lt;/b&gt;" in page
    assert page.count("<script") == 3  # the error hook, the data, the drawing code


def test_made_entry_is_consistent():
    for f in MADE["findings"]:
        assert MADE["text"][f["start"]:f["end"]] == f["text"], f


def test_html_is_self_contained(tmp_path, cleaned, top):
    page = html_report(tmp_path / "r.html", cleaned, top)
    markup = re.sub(r"<script\b[^>]*>.*?</script>", "", page, flags=re.S)
    refs = re.findall(r"""<[^>]*\s(?:src|href|action|formaction|poster|srcset|data)\s*=[^>]*>""", markup)
    assert refs == []
    assert "@import" not in page and "url(" not in page
    assert "default-src 'none'" in page  # the browser itself refuses to load anything


def test_html_patterns_from_top_or_given(tmp_path, cleaned, top):
    page = html_report(tmp_path / "r.html", cleaned, top)
    counted = Counter((f["rule"], f["text"]) for e in top for f in e["findings"])
    (rule, text), n = counted.most_common(1)[0]
    assert f'<td class="num">{n}</td><td><code>{rule}</code>' in page
    page = html_report(tmp_path / "p.html", cleaned, top,
                       patterns=Counter({("phrase.cerez-fire", "Cerez-fire"): 41}))
    assert '<td class="num">41</td><td><code>phrase.cerez-fire</code>' in page


# ---------------------------------------------------------------------------
# HTML, in a real headless browser
# ---------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (Debian: apt-get install chromium; .ci/run installs it)")


def chromium(tmp_path, *args, timeout=120):
    profile = tmp_path / "chromium-profile"
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--no-first-run", "--no-default-browser-check", "--hide-scrollbars", "--mute-audio",
           f"--user-data-dir={profile}", *args]
    env = dict(os.environ, HOME=str(tmp_path))
    return subprocess.run(cmd, capture_output=True, timeout=timeout, env=env)


def dump_dom(tmp_path, page) -> str:
    proc = chromium(tmp_path, "--dump-dom", page.as_uri())
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-2000:]
    return proc.stdout.decode("utf-8")


def open_tag(dom, name) -> str:
    m = re.search(rf"<{name}\b[^>]*>", dom)
    assert m, f"no <{name}> in the rendered page"
    return m.group(0)


@needs_chromium
def test_browser_loads_page_and_draws_chart(tmp_path, cleaned, top):
    page = tmp_path / "report.html"
    rows = [row_of(o) for o in cleaned] + list(synthetic_rows(200))
    write_report(page, rows, top, SUMMARY)
    dom = dump_dom(tmp_path, page)
    assert "data-error" not in open_tag(dom, "html"), open_tag(dom, "html")
    assert 'data-ready="1"' in open_tag(dom, "body")
    buckets = Counter(bucket(r["score"]) for r in rows)
    svg = re.search(r'<svg id="hist".*?</svg>', dom, re.S).group(0)
    bars = re.findall(r'<rect class="bin"[^>]*data-count="(\d+)"', svg)
    assert len(bars) == len(buckets) == sum(1 for n in buckets.values() if n)
    assert sorted(map(int, bars)) == sorted(buckets.values())
    assert len(re.findall(r"<text\b", svg)) >= 10  # axis labels


def read_back(diff: str, drop: str) -> str:
    """The text a rendered diff shows once <ins> or <del> elements are taken out."""
    diff = re.sub(rf"<{drop}\b[^>]*>.*?</{drop}>", "", diff, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", diff))


@needs_chromium
def test_browser_shows_the_diffs(tmp_path, cleaned, top):
    page = tmp_path / "report.html"
    write_report(page, (row_of(o) for o in cleaned), top, SUMMARY)
    dom = dump_dom(tmp_path, page)
    docs = re.findall(r'<article class="doc".*?</article>', dom, re.S)
    assert len(docs) == len(top)
    made = docs[0]
    assert re.search(r"<del><mark [^>]*>Witkov</mark></del><ins>Witkoff</ins>", made)
    assert re.search(r"<del><mark [^>]*>Kiev</mark></del><ins>Kyiv</ins>", made)
    assert re.search(r"<del><mark [^>]*>Source link\n</mark></del>", made)
    marks = re.findall(r'<mark class="f (\w+)" data-rule="([^"]+)" title="([^"]+)">([^<]*)</mark>', made)
    found = {(level, rule, text) for level, rule, _, text in marks}
    assert ("safe", "entity.misspelling", "Witkov") in found
    assert ("likely", "pronoun.place-said-he", "he") in found   # flagged, not applied: no <del>
    assert ("none", "garble.unknown-word", "Cerez-fire") in found
    assert any("misspelt name" in title and "Witkoff" in title for _, _, title, _ in marks)
    # every diff reads back as the original (without insertions) and the fixed text (without deletions)
    for doc, entry in zip(docs, top):
        diff = re.search(r'<div class="diff">(.*?)</div>', doc, re.S).group(1)
        assert read_back(diff, drop="ins") == entry["text"]
        assert read_back(diff, drop="del") == entry["fixed"]
        if entry["fixed"] == entry["text"]:
            assert "<del" not in diff and "<ins" not in diff and "unchanged" in doc
    assert sum("<ins" in d or "<del" in d for d in docs[1:]) >= 2  # the spacing pack is fixed safely
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom and "<script>alert(1)" not in dom


@needs_chromium
def test_browser_log_scale(tmp_path):
    page = tmp_path / "report.html"
    rows = [{"id": i, "score": 0.0 if i % 10 else 0.9} for i in range(5000)]
    write_report(page, rows, [], {"articles": 5000})
    proc = chromium(tmp_path, "--dump-dom", page.as_uri() + "#log")
    dom = proc.stdout.decode("utf-8")
    assert 'data-ready="1"' in open_tag(dom, "body") and "data-error" not in open_tag(dom, "html")
    heights = [float(h) for h in re.findall(r'<rect class="bin"[^>]*height="([\d.]+)"', dom)]
    assert len(heights) == 2 and heights[1] > heights[0] * 0.5  # 500 vs 4500: close on a log axis
    assert ">1,000<" in dom or ">1000<" in dom  # a power-of-ten gridline


@needs_chromium
def test_browser_error_hook_works(tmp_path, cleaned, top):
    """The error attribute is not vacuous: a broken script is reported."""
    page = tmp_path / "broken.html"
    write_report(page, (row_of(o) for o in cleaned), top, SUMMARY)
    text = page.read_text(encoding="utf-8").replace('getElementById("hist")', 'getElementById("nope")')
    page.write_text(text, encoding="utf-8")
    dom = dump_dom(tmp_path, page)
    assert "data-error" in open_tag(dom, "html")
    assert "data-ready" not in open_tag(dom, "body")


@needs_chromium
def test_browser_screenshot(tmp_path, cleaned, top):
    page = tmp_path / "report.html"
    write_report(page, (row_of(o) for o in cleaned), top, SUMMARY)
    png = tmp_path / "report.png"
    proc = chromium(tmp_path, "--window-size=1200,1600", f"--screenshot={png}", page.as_uri())
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-2000:]
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000  # a real page, not a blank one
    if os.environ.get("MTCLEAN_KEEP_SCREENSHOT"):
        shutil.copy(png, os.environ["MTCLEAN_KEEP_SCREENSHOT"])
