"""The command line as a user runs it: formats, exit codes, in-place fixes, bad input."""
import json

from conftest import ROOT, run_cli

SPUN = "US envoy Steve Witkov met Putin in Moscow. Kiev said he was ready.\nSource link\n"
CLEAN = "Officials in Kyiv said the talks in Moscow were constructive.\n"


def test_check_text_format_and_exit_code(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(SPUN, encoding="utf-8")
    r = run_cli("check", str(f))
    assert r.returncode == 1
    out = r.stdout.decode()
    assert f"{f}:1:16: entity.fuzzy" in out and "-> Witkoff" in out
    assert "\x1b[" not in out  # no colour in a pipe


def test_check_clean_file_exits_zero(tmp_path):
    f = tmp_path / "ok.txt"
    f.write_text(CLEAN, encoding="utf-8")
    r = run_cli("check", str(f))
    assert r.returncode == 0, r.stdout.decode()
    assert r.stdout == b""


def test_json_contract(tmp_path):
    (tmp_path / "docs").mkdir()
    f = tmp_path / "docs" / "a.md"
    f.write_text("# Title\n\n" + SPUN, encoding="utf-8")
    r = run_cli("check", "--format", "json", str(tmp_path / "docs"))
    data = json.loads(r.stdout)
    assert data["version"] == 1
    (entry,) = data["files"]
    assert entry["path"].endswith("a.md") and 0 < entry["score"] <= 1
    text = f.read_text(encoding="utf-8")
    keys = {"rule", "category", "start", "end", "line", "column", "text", "replacement", "fix",
            "confidence", "message", "evidence"}
    for item in entry["findings"]:
        assert set(item) == keys
        assert text[item["start"]:item["end"]] == item["text"]
        line_start = text.rfind("\n", 0, item["start"]) + 1
        assert item["line"] == text.count("\n", 0, item["start"]) + 1
        assert item["column"] == item["start"] - line_start + 1
        assert item["fix"] in ("safe", "likely", "none")
        assert item["category"] in ("entity", "phrase", "garble", "pronoun", "bracket", "spacing",
                                    "boilerplate", "consistency", "encoding", "style")


def test_fix_in_place_and_idempotent(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(SPUN, encoding="utf-8")
    r = run_cli("fix", str(f))
    assert r.returncode == 0, r.stderr
    fixed = f.read_text(encoding="utf-8")
    assert "Steve Witkoff" in fixed and "Kyiv said" in fixed and "Source link" not in fixed
    r2 = run_cli("fix", "--diff", str(f))
    assert r2.returncode == 0 and r2.stdout == b""
    assert f.read_text(encoding="utf-8") == fixed


def test_fix_diff_writes_nothing(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(SPUN, encoding="utf-8")
    r = run_cli("fix", "--diff", str(f))
    assert r.returncode == 1
    out = r.stdout.decode()
    assert out.startswith("--- a/") and "-US envoy Steve Witkov" in out and "+US envoy Steve Witkoff" in out
    assert f.read_text(encoding="utf-8") == SPUN


def test_stdin_roundtrip():
    r = run_cli("fix", "-", input=SPUN.encode())
    assert r.returncode == 0
    assert r.stdout.decode().startswith("US envoy Steve Witkoff met Putin")
    r = run_cli("check", "-", input=SPUN.encode())
    assert r.returncode == 1 and b"-:1:" in r.stdout


def test_level_likely_applies_more(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(SPUN, encoding="utf-8")
    safe = run_cli("fix", "-", input=SPUN.encode()).stdout.decode()
    likely = run_cli("fix", "--level", "likely", "-", input=SPUN.encode()).stdout.decode()
    assert "Kyiv said he" in safe and "Kyiv said it" in likely


def test_fail_level(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("The Cerez-fire meeting ended.\n", encoding="utf-8")
    assert run_cli("check", str(f)).returncode == 1
    assert run_cli("check", "--fail-level", "safe", str(f)).returncode == 0


def test_crlf_and_bom_survive(tmp_path):
    f = tmp_path / "a.txt"
    data = "\ufeffUS envoy Steve Witkov met Putin.\r\nKremlin aide Dmitry Peskov agreed.\r\n".encode("utf-8")
    f.write_bytes(data)
    assert run_cli("fix", str(f)).returncode == 0
    out = f.read_bytes()
    assert out == data.replace(b"Witkov", b"Witkoff")


def test_invalid_utf8_reports_byte_and_continues(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Hello \xff world")
    good = tmp_path / "good.txt"
    good.write_text(SPUN, encoding="utf-8")
    r = run_cli("check", str(bad), str(good))
    assert r.returncode == 2
    assert f"{bad}: invalid UTF-8 at byte 6" in r.stderr.decode()
    assert str(good) in r.stdout.decode()


def test_binary_skipped_empty_fine_missing_is_error(tmp_path):
    b = tmp_path / "x.txt"
    b.write_bytes(b"\x00\x01\x02binary")
    e = tmp_path / "empty.txt"
    e.write_bytes(b"")
    r = run_cli("check", str(b), str(e))
    assert r.returncode == 0 and b"binary file" in r.stderr
    r = run_cli("check", str(tmp_path / "nope.txt"))
    assert r.returncode == 2 and b"no such file or directory" in r.stderr


def test_config_discovery_accept_and_disable(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.mtclean]\naccept = ["Flarbgrist"]\ndisable = ["bracket"]\n')
    sub = tmp_path / "content" / "posts"
    sub.mkdir(parents=True)
    f = sub / "a.md"
    f.write_text("The flarbgrist plan.[Putin] He agrees.\n", encoding="utf-8")
    r = run_cli("check", str(f))
    assert r.returncode == 0, r.stdout.decode()
    r = run_cli("check", "--isolated", str(f))
    assert r.returncode == 1 and b"flarbgrist" in r.stdout


def test_user_pack_and_broken_pack(tmp_path):
    pack = tmp_path / "house.toml"
    pack.write_text('[pack]\nname = "house"\nkind = "phrases"\n\n[[rule]]\nid = "colour"\n'
                    'pattern = \'\\bcolor\\b\'\nreplacement = "colour"\nfix = "safe"\nmessage = "house style"\n'
                    'examples = [{ text = "the color red", fixed = "the colour red" }]\n')
    (tmp_path / ".mtclean.toml").write_text('packs = ["house.toml"]\n')
    f = tmp_path / "a.txt"
    f.write_text("The color of the flag.\n")
    r = run_cli("fix", "-", input=b"The color of the flag.\n", cwd=tmp_path)
    assert r.stdout == b"The colour of the flag.\n"
    pack.write_text('[pack]\nname = "house"\nkind = "phrases"\n\n[[rule]]\nid = "colour"\npattern = \'(\'\n'
                    'examples = [{ text = "x", fixed = "x" }]\n')
    r = run_cli("check", str(f))
    assert r.returncode == 2
    assert f"{pack}:7: rule 'colour': bad pattern" in r.stderr.decode()
    pack.write_text('[pack]\nname = "house"\nkind = "phrases"\n[[rule]\n')
    r = run_cli("check", str(f))
    assert r.returncode == 2 and f"{pack}:4: invalid TOML" in r.stderr.decode()


def test_rules_list_and_explain():
    r = run_cli("rules")
    assert r.returncode == 0
    out = r.stdout.decode()
    assert "entity.fuzzy" in out and "Entities:" in out
    r = run_cli("rules", "explain", "entity.fuzzy")
    assert r.returncode == 0 and b"Jaro-Winkler" in r.stdout
    r = run_cli("rules", "explain", "no.such-rule")
    assert r.returncode == 2


def test_markdown_masks_code_links_and_front_matter_keys(tmp_path):
    src = (ROOT / "fixtures" / "example-article.md").read_text(encoding="utf-8")
    f = tmp_path / "a.md"
    f.write_text(src, encoding="utf-8")
    run_cli("fix", str(f))
    out = f.read_text(encoding="utf-8")
    assert "slug: envoy-witkov-moscow" in out
    assert "(https://example.org/Witkov-briefing)" in out and "`mtclean check Witkov.md`" in out
    assert "Code is never touched: Steve Witkov, Kiev said he." in out
    assert 'title: "Envoy Steve Witkoff meets Kremlin officials"' in out


def test_html_masks_tags_and_scripts(tmp_path):
    f = tmp_path / "a.html"
    f.write_text('<html><head><script>var Witkov = "Kiev";</script></head>'
                 '<body><p class="Witkov">Envoy Steve Witkov met Putin in Moscow.</p></body></html>\n')
    run_cli("fix", str(f))
    out = f.read_text()
    assert 'var Witkov = "Kiev";' in out and 'class="Witkov"' in out
    assert "Envoy Steve Witkoff met" in out
