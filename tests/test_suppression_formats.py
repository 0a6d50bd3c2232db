"""Inline suppression comments and the CI output formats (github, sarif), from the command line."""
import json
import re

import pytest

from conftest import run_cli

PACK = """\
[pack]
name = "site-people"
kind = "entities"

[[entity]]
name = "Marek Quillibrand"
type = "person"
country = "Norvania"
misspellings = ["Marek Quilibrand"]

[[entity]]
name = "Ostravel"
type = "place"
country = "Norvania"
deprecated = ["Ostravell"]
"""

BAD = "Envoy Marek Quilibrand arrived in Ostravell."


@pytest.fixture
def site(tmp_path):
    (tmp_path / "people.toml").write_text(PACK, encoding="utf-8")
    (tmp_path / ".mtclean.toml").write_text('builtin-packs = false\npacks = ["people.toml"]\n',
                                            encoding="utf-8")
    return tmp_path


def findings(site, name, text):
    (site / name).write_text(text, encoding="utf-8")
    r = run_cli("check", "--format", "json", name, cwd=site)
    assert r.returncode in (0, 1), r.stderr
    return json.loads(r.stdout)["files"][0]["findings"]


def lines_of(fs):
    return sorted({(f["line"], f["text"]) for f in fs})


def test_baseline_is_flagged(site):
    assert lines_of(findings(site, "a.md", BAD + "\n")) == [(1, "Marek Quilibrand"), (1, "Ostravell")]


def test_ignore_comment_silences_its_own_line_only(site):
    text = f"{BAD} <!-- mtclean: ignore -->\n{BAD}\n"
    assert lines_of(findings(site, "a.md", text)) == [(2, "Marek Quilibrand"), (2, "Ostravell")]


def test_ignore_next_line(site):
    text = f"<!-- mtclean: ignore-next-line -->\n{BAD}\n{BAD}\n"
    assert [ln for ln, _ in lines_of(findings(site, "a.md", text))] == [3, 3]


def test_ignore_file(site):
    text = f"{BAD}\n\n<!-- mtclean: ignore-file -->\n{BAD}\n"
    assert findings(site, "a.md", text) == []
    assert run_cli("check", "a.md", cwd=site).returncode == 0


def test_sic_after_a_word(site):
    text = "Envoy Marek Quilibrand [sic] arrived in Ostravell [SIC].\nThen Ostravell again.\n"
    assert lines_of(findings(site, "a.md", text)) == [(2, "Ostravell")]


def test_suppression_in_plain_text_and_html(site):
    assert findings(site, "a.txt", f"{BAD} <!-- mtclean: ignore -->\n") == []
    assert findings(site, "a.html", f"<p>{BAD}</p> <!-- mtclean: ignore -->\n<p>{BAD}</p>\n") != []
    assert [f["line"] for f in findings(site, "b.html", f"<!-- mtclean: ignore-next-line -->\n<p>{BAD}</p>\n")] == []


def test_fix_respects_suppression(site):
    (site / "a.md").write_text(f"{BAD} <!-- mtclean: ignore -->\n{BAD}\n", encoding="utf-8")
    assert run_cli("fix", "a.md", cwd=site).returncode == 0
    assert (site / "a.md").read_text(encoding="utf-8") == (
        f"{BAD} <!-- mtclean: ignore -->\nEnvoy Marek Quillibrand arrived in Ostravel.\n")


GH = re.compile(r"^::(error|warning) file=([^,]+),line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+),"
                r"title=([^:]+)::(.*)$")


def test_github_annotations(site):
    (site / "a.md").write_text("# Title\n\n" + BAD + "\n", encoding="utf-8")
    r = run_cli("check", "--format", "github", "a.md", cwd=site)
    assert r.returncode == 1
    out = r.stdout.decode().splitlines()
    assert len(out) == 2
    ms = [GH.match(line) for line in out]
    assert all(ms), out
    first = ms[0]
    assert first.group(1) == "error" and first.group(2) == "a.md"
    assert (first.group(3), first.group(4)) == ("3", "7")
    assert (first.group(5), first.group(6)) == ("3", str(7 + len("Marek Quilibrand")))
    assert first.group(7) == "entity.misspelling" and "-> Marek Quillibrand" in first.group(8)


def test_github_escapes_newlines_and_percent(site):
    (site / "a.md").write_text(BAD + "\n", encoding="utf-8")
    out = run_cli("check", "--format", "github", "a.md", cwd=site).stdout.decode()
    for line in out.splitlines():
        assert "\r" not in line and GH.match(line)


def test_sarif_shape_and_fixes(site):
    (site / "a.md").write_text("# Title\n\n" + BAD + "\nThe flarbgrist.\n", encoding="utf-8")
    (site / "b.txt").write_text("Nothing to see.\n", encoding="utf-8")
    r = run_cli("check", "--format", "sarif", "a.md", "b.txt", cwd=site)
    assert r.returncode == 1
    doc = json.loads(r.stdout)
    assert doc["version"] == "2.1.0" and "sarif" in doc["$schema"]
    (run,) = doc["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "mtclean" and driver["version"]
    rule_ids = {r["id"] for r in driver["rules"]}
    results = run["results"]
    assert {res["ruleId"] for res in results} <= rule_ids
    assert {"entity.misspelling", "entity.house-style"} <= rule_ids
    text = (site / "a.md").read_text(encoding="utf-8")
    with_fix = 0
    for res in results:
        assert res["level"] in ("error", "warning", "note")
        assert res["message"]["text"]
        (loc,) = res["locations"]
        phys = loc["physicalLocation"]
        assert phys["artifactLocation"]["uri"] == "a.md"
        reg = phys["region"]
        assert reg["startLine"] >= 1 and reg["startColumn"] >= 1
        span = text[reg["charOffset"]:reg["charOffset"] + reg["charLength"]]
        line = text.splitlines()[reg["startLine"] - 1]
        assert line[reg["startColumn"] - 1:].startswith(span)
        if "fixes" in res:
            with_fix += 1
            (fx,) = res["fixes"]
            (change,) = fx["artifactChanges"]
            assert change["artifactLocation"]["uri"] == "a.md"
            (rep,) = change["replacements"]
            assert rep["deletedRegion"]["charOffset"] == reg["charOffset"]
            assert isinstance(rep["insertedContent"]["text"], str)
    assert with_fix == 2
    # applying the SARIF fixes gives what `mtclean fix` writes
    reps = sorted(((res["fixes"][0]["artifactChanges"][0]["replacements"][0]) for res in results
                   if "fixes" in res), key=lambda x: -x["deletedRegion"]["charOffset"])
    fixed = text
    for rep in reps:
        o, n = rep["deletedRegion"]["charOffset"], rep["deletedRegion"]["charLength"]
        fixed = fixed[:o] + rep["insertedContent"]["text"] + fixed[o + n:]
    assert run_cli("fix", "a.md", cwd=site).returncode == 0
    assert (site / "a.md").read_text(encoding="utf-8") == fixed


def test_sarif_with_no_findings_is_still_valid(site):
    (site / "b.txt").write_text("Nothing to see.\n", encoding="utf-8")
    r = run_cli("check", "--format", "sarif", "b.txt", cwd=site)
    assert r.returncode == 0
    doc = json.loads(r.stdout)
    assert doc["version"] == "2.1.0" and doc["runs"][0]["results"] == []
