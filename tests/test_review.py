"""`mtclean review` through a real pseudo-terminal (pexpect), plus the non-tty and TOML paths.

The project in these tests is hermetic (``builtin-packs = false`` and its own
packs), so the findings do not move when the built-in packs grow.
"""
import os
import re
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pexpect
import pytest

from conftest import ROOT, run_cli

PEOPLE = """\
[pack]
name = "test-people"
kind = "entities"

[[entity]]
name = "Marek Quillibrand"
type = "person"
gender = "m"
role = "special envoy"
country = "Norvania"
context = ["Norvania", "envoy"]
misspellings = ["Marek Quilibrand"]

[[entity]]
name = "Dorota Quillibrant"
type = "person"
gender = "f"
role = "minister"
country = "Norvania"
context = ["Norvania"]

[[entity]]
name = "Ostravel"
type = "place"
subtype = "city"
country = "Norvania"
deprecated = ["Ostravell"]
"""

PHRASES = """\
[pack]
name = "test-phrases"
kind = "phrases"
category = "garble"

[[rule]]
id = "stock-market"
pattern = '\\binventory (markets?)\\b'
replacement = 'stock \\1'
fix = "likely"
message = "spinner synonym for 'stock market'"
examples = [{ text = "Global inventory markets fell.", fixed = "Global stock markets fell." }]
"""

ARTICLE = """\
# Talks in Norvania

Special envoy Marek Quilibrand met officials in Ostravell on Tuesday.
Later Marek Quillibrandt said the talks in Norvania went well, and the flarbgrist was
signed. Global inventory markets rose.
"""

PROMPT = re.compile(r"(Apply this fix|Flagged \(no fix\)) \[([^\]]*)\]\? ")
MARK = re.compile(r"\[-(.*?)-\]|\[\[(.*?)\]\]")
HEAD = re.compile(r"\[(\d+)/(\d+)\] (\S+):(\d+):(\d+) (\S+) \((\w+),")


@pytest.fixture
def project(tmp_path):
    """A git repo with a config, two packs and one spun article."""
    root = tmp_path / "site"
    (root / "docs").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / "people.toml").write_text(PEOPLE, encoding="utf-8")
    (root / "phrases.toml").write_text(PHRASES, encoding="utf-8")
    (root / ".mtclean.toml").write_text(textwrap.dedent("""\
        # settings for the site
        builtin-packs = false
        packs = ["people.toml", "phrases.toml"]  # ours
        accept = [
          "Zorbly",  # a brand
        ]
        """), encoding="utf-8")
    (root / "docs" / "a.md").write_text(ARTICLE, encoding="utf-8")
    return root


def spawn(args, cwd, env=None):
    e = dict(os.environ, PYTHONPATH=str(ROOT), NO_COLOR="1", TERM="dumb")
    e.pop("EDITOR", None)
    e.update(env or {})
    return pexpect.spawn(sys.executable, ["-m", "cleaner.cli", "review", *args], cwd=str(cwd), env=e,
                         encoding="utf-8", timeout=180, dimensions=(60, 250))


def drive(child, decide):
    """Answer every question; ``decide(finding) -> answer`` (a str, or a list of lines).

    A finding is a dict: rule, level, text (the marked span), keys (offered).
    Returns the findings in the order they were asked, and the full transcript.
    """
    asked, transcript = [], []
    while True:
        i = child.expect([PROMPT, pexpect.EOF])
        transcript.append(child.before)
        if i == 1:
            break
        block = child.before
        head = list(HEAD.finditer(block))[-1]
        marks = [m.group(1) if m.group(1) is not None else m.group(2) for m in MARK.finditer(block)]
        f = {"rule": head.group(6), "level": head.group(7), "line": int(head.group(4)),
             "text": marks[-1] if marks else "", "keys": child.match.group(2).split(","),
             "index": int(head.group(1)), "total": int(head.group(2))}
        asked.append(f)
        answer = decide(f)
        lines = [answer] if isinstance(answer, str) else list(answer)
        child.sendline(lines[0])
        for extra in lines[1:]:
            child.expect(r"(Reason|Replace)[^\n]*: ")
            transcript.append(child.before)
            child.sendline(extra)
    child.close()
    return asked, "".join(transcript)


def config_of(root):
    return tomllib.loads((root / ".mtclean.toml").read_text(encoding="utf-8"))


def test_pty_walkthrough_order_fixes_and_teaching(project):
    """y/n/i/e through a real terminal; the file, the config and the learned pack afterwards."""
    answers = {
        "Marek Quilibrand": "y",                         # safe, curated
        "Ostravell": "n",                                # safe, rejected
        "Quillibrandt": "y",                             # fuzzy name fix: learned
        "inventory markets": ["e", "equity markets"],    # likely, edited inline
        "flarbgrist": ["i", "a word from our style guide"],   # flag: accepted for good
    }
    child = spawn(["docs/a.md"], project)
    asked, out = drive(child, lambda f: answers.get(f["text"], "n"))
    assert child.exitstatus == 0, out
    levels = [f["level"] for f in asked]
    # safe fixes first, then likely, then flags
    assert levels == sorted(levels, key=["safe", "likely", "none"].index), asked
    assert {f["text"] for f in asked} >= set(answers)
    flag = next(f for f in asked if f["text"] == "flarbgrist")
    assert "y" not in flag["keys"] and "i" in flag["keys"]
    assert "evidence:" in out and "confidence" in out
    assert "Special envoy [-Marek Quilibrand-]{+Marek Quillibrand+} met" in out

    text = (project / "docs" / "a.md").read_text(encoding="utf-8")
    assert "Marek Quillibrand met officials in Ostravell" in text        # y and n
    assert "Later Marek Quillibrand said" in text
    assert "Global equity markets rose." in text
    assert "flarbgrist" in text
    assert "+Special envoy Marek Quillibrand met" in out                   # the diff is shown

    cfg = config_of(project)
    assert cfg["accept"] == ["Zorbly", "flarbgrist"]
    assert cfg["builtin-packs"] is False
    assert cfg["packs"] == ["people.toml", "phrases.toml", ".mtclean/learned.toml"]
    raw = (project / ".mtclean.toml").read_text(encoding="utf-8")
    assert raw.startswith("# settings for the site\n") and '"Zorbly",  # a brand' in raw
    assert "a word from our style guide (garble.unknown-word, docs/a.md:4," in raw

    learned = tomllib.loads((project / ".mtclean" / "learned.toml").read_text(encoding="utf-8"))
    assert learned["pack"]["kind"] == "entities"
    (ent,) = learned["entity"]
    assert ent["name"] == "Quillibrand" and ent["misspellings"] == ["Quillibrandt"]
    assert ent["type"] == "person"

    # the next check is quieter, the next fix does more
    r = run_cli("check", "--format", "json", "docs/a.md", cwd=project)
    import json
    rules = {(f["rule"], f["text"]) for f in json.loads(r.stdout)["files"][0]["findings"]}
    assert ("garble.unknown-word", "flarbgrist") not in rules
    (project / "docs" / "b.md").write_text("Quillibrandt spoke.\n", encoding="utf-8")
    r = run_cli("check", "docs/b.md", cwd=project)
    assert b"entity.misspelling" in r.stdout, r.stdout
    r = run_cli("fix", "docs/b.md", cwd=project)
    assert r.returncode == 0, r.stderr
    assert (project / "docs" / "b.md").read_text(encoding="utf-8") == "Quillibrand spoke.\n"


def test_pty_quit_keeps_decisions_made(project):
    child = spawn(["docs/a.md"], project)
    asked, out = drive(child, lambda f: "y" if f["index"] == 1 else "q")
    assert child.exitstatus == 0, out
    assert len(asked) == 2
    text = (project / "docs" / "a.md").read_text(encoding="utf-8")
    assert "Marek Quillibrand met officials in Ostravell" in text
    assert "Quillibrandt" in text


def test_pty_skip_file_and_accept_everywhere(project):
    (project / "docs" / "b.md").write_text("Quillibrandt met Marek Quillibrand in Norvania.\n",
                                           encoding="utf-8")
    (project / "docs" / "c.md").write_text("Marek Quilibrand spoke.\n", encoding="utf-8")

    def decide(f):
        if f["text"] == "Quillibrandt":
            return "a"
        if f["text"] == "Marek Quilibrand":
            return "s"   # skip the rest of a.md, and of c.md
        return "n"
    child = spawn(["docs/a.md", "docs/b.md", "docs/c.md"], project)
    asked, out = drive(child, decide)
    assert child.exitstatus == 0, out
    a = (project / "docs" / "a.md").read_text(encoding="utf-8")
    assert a == ARTICLE  # skipped at its first question
    b = (project / "docs" / "b.md").read_text(encoding="utf-8")
    assert b == "Quillibrand met Marek Quillibrand in Norvania.\n"
    assert (project / "docs" / "c.md").read_text(encoding="utf-8") == "Marek Quilibrand spoke.\n"


def test_pty_accept_everywhere_covers_later_occurrences(project):
    (project / "docs" / "a.md").write_text(
        "Marek Quillibrand met. Then Quillibrandt spoke, and Quillibrandt left Norvania.\n",
        encoding="utf-8")
    (project / "docs" / "b.md").write_text("In Norvania, Marek Quillibrand said Quillibrandt agreed.\n",
                                           encoding="utf-8")
    child = spawn(["docs/a.md", "docs/b.md"], project)
    asked, out = drive(child, lambda f: "a" if f["text"] == "Quillibrandt" else "n")
    assert child.exitstatus == 0, out
    assert [f["text"] for f in asked].count("Quillibrandt") == 1
    assert out.count("(applied: same fix everywhere)") == 2
    assert "Quillibrandt" not in (project / "docs" / "a.md").read_text(encoding="utf-8")
    assert "Quillibrandt" not in (project / "docs" / "b.md").read_text(encoding="utf-8")


def test_pty_pick_a_candidate(project):
    (project / "docs" / "a.md").write_text(
        "In Norvania, Quillibran spoke. Marek Quillibrand and Dorota Quillibrant met.\n",
        encoding="utf-8")
    child = spawn(["docs/a.md"], project)
    asked, out = drive(child, lambda f: "2" if f["text"] == "Quillibran" else "n")
    assert child.exitstatus == 0, out
    (f,) = [f for f in asked if f["text"] == "Quillibran"]
    assert "1-2" in f["keys"] and "candidates: 1) Quillibrand  2) Quillibrant" in out
    assert (project / "docs" / "a.md").read_text(encoding="utf-8").startswith("In Norvania, Quillibrant spoke.")


def test_pty_edit_sentence_in_editor(project, tmp_path):
    editor = tmp_path / "ed.py"
    editor.write_text("import sys\np = sys.argv[1]\nt = open(p, encoding='utf-8').read()\n"
                      "open(p, 'w', encoding='utf-8').write(t.replace('went well', 'went very well')"
                      ".replace('Quillibrandt', 'Quillibrand'))\n", encoding="utf-8")
    env = {"EDITOR": f"{sys.executable} {editor}"}
    child = spawn(["docs/a.md"], project, env)
    asked, out = drive(child, lambda f: "E" if f["text"] == "Quillibrandt" else "n")
    assert child.exitstatus == 0, out
    text = (project / "docs" / "a.md").read_text(encoding="utf-8")
    assert "Later Marek Quillibrand said the talks in Norvania went very well, and" in text
    # an edit in the editor covered the later finding in the same sentence? it was asked or skipped
    assert "Special envoy Marek Quilibrand met" in text


def test_pty_file_changed_on_disk_is_not_written(project):
    child = spawn(["docs/a.md"], project)
    child.expect(PROMPT)
    path = project / "docs" / "a.md"
    path.write_text(ARTICLE + "\nA line added elsewhere.\n", encoding="utf-8")
    child.sendline("y")
    child.expect(PROMPT)
    child.sendline("q")
    child.expect(pexpect.EOF)
    out = child.before
    child.close()
    assert child.exitstatus == 2
    assert "changed on disk" in out
    assert path.read_text(encoding="utf-8") == ARTICLE + "\nA line added elsewhere.\n"


def test_pty_yes_to_everything_equals_fix_level_likely(tmp_path):
    """With the built-in packs: every fix accepted = `fix --level likely`."""
    src = (ROOT / "fixtures" / "example-article.md").read_text(encoding="utf-8")
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    a.write_text(src, encoding="utf-8")
    b.write_text(src, encoding="utf-8")
    child = spawn(["--isolated", "a.md"], tmp_path)
    asked, out = drive(child, lambda f: "y" if "y" in f["keys"] else "n")
    assert child.exitstatus == 0, out
    r = run_cli("fix", "--isolated", "--level", "likely", "b.md", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert a.read_text(encoding="utf-8") == b.read_text(encoding="utf-8")


def test_not_a_terminal_refuses(project):
    r = subprocess.run([sys.executable, "-m", "cleaner.cli", "review", "docs/a.md"], cwd=project,
                       stdin=subprocess.DEVNULL, capture_output=True,
                       env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=120)
    assert r.returncode == 2
    assert b"not a terminal" in r.stderr and b"--answers" in r.stderr
    assert (project / "docs" / "a.md").read_text(encoding="utf-8") == ARTICLE


def test_answers_from_a_pipe(project):
    r = run_cli("review", "--answers", "-", "docs/a.md", input=b"y\nn\n", cwd=project)
    assert r.returncode == 0, r.stderr
    text = (project / "docs" / "a.md").read_text(encoding="utf-8")
    # two answers, then end of input = quit keeping them
    assert "Marek Quillibrand met officials in Ostravell" in text
    assert "Quillibrandt" in text


def test_skip_safe_applies_safe_fixes_without_asking(project):
    r = run_cli("review", "--skip-safe", "--answers", "-", "docs/a.md", input=b"n\nn\n", cwd=project)
    assert r.returncode == 0, r.stderr
    out = r.stdout.decode()
    assert "(safe," not in out
    text = (project / "docs" / "a.md").read_text(encoding="utf-8")
    assert "Marek Quillibrand met officials in Ostravel on" in text
    assert "inventory markets" in text


def test_isolated_remembers_nothing(project):
    before = (project / ".mtclean.toml").read_text(encoding="utf-8")
    r = run_cli("review", "--isolated", "--answers", "-", "docs/a.md",
                input=b"n\nn\nn\nn\ni\nreason\n", cwd=project)
    assert r.returncode == 0, r.stderr
    assert (project / ".mtclean.toml").read_text(encoding="utf-8") == before
    assert not (project / ".mtclean").exists()


def test_creates_config_at_repo_root_when_none(project):
    (project / ".mtclean.toml").unlink()
    (project / "docs" / "a.md").write_text("The flarbgrist was signed.\n", encoding="utf-8")
    r = run_cli("review", "--answers", "-", "a.md", input=b"i\n\n", cwd=project / "docs")
    assert r.returncode == 0, r.stderr
    cfg = tomllib.loads((project / ".mtclean.toml").read_text(encoding="utf-8"))
    assert cfg["accept"] == ["flarbgrist"]
    assert run_cli("check", "docs/a.md", cwd=project).returncode == 0


def test_pyproject_config_is_edited_in_place(project):
    (project / ".mtclean.toml").unlink()
    py = project / "pyproject.toml"
    py.write_text(textwrap.dedent("""\
        [project]
        name = "site"   # the site

        [tool.mtclean]
        builtin-packs = false
        packs = ["people.toml"]

        [tool.other]
        x = 1
        """), encoding="utf-8")
    r = run_cli("review", "--answers", "-", "docs/a.md", input=b"y\ny\ny\ny\ni\nok\n", cwd=project)
    assert r.returncode == 0, r.stderr + r.stdout
    data = tomllib.loads(py.read_text(encoding="utf-8"))
    assert data["project"] == {"name": "site"} and data["tool"]["other"] == {"x": 1}
    assert data["tool"]["mtclean"]["accept"] == ["flarbgrist"]
    assert data["tool"]["mtclean"]["packs"] == ["people.toml", ".mtclean/learned.toml"]
    assert 'name = "site"   # the site' in py.read_text(encoding="utf-8")
    assert not (project / ".mtclean.toml").exists()


# -- the TOML writer -------------------------------------------------------------

from cleaner.review import render_pack, toml_append, toml_str  # noqa: E402

TRICKY = ['plain', 'quote " and \\ backslash', "tab\tand\nnewline", "ünïcödé ’", "#not a comment", "",
          "\x01ctrl\x7f", "'single'", '"""']


@pytest.mark.parametrize("s", TRICKY)
def test_toml_str_round_trips(s):
    assert tomllib.loads(f"k = {toml_str(s)}")["k"] == s


@pytest.mark.parametrize("src,table", [
    ("", ()),
    ("level = \"safe\"\n", ()),
    ("accept = []\n", ()),
    ("accept = [\"a\", 'b']  # trailing\nlevel = \"safe\"\n", ()),
    ("accept = [\n  \"a\"  # no comma\n]\n", ()),
    ("accept = [\n  \"a\",\n  # a comment line\n  \"b\" ]\n[other]\naccept = [\"x\"]\n", ()),
    ("[tool.mtclean]\naccept = [\"[x]\", \"\"\"y\"\"\"]\n\n[tool.other]\naccept = 1\n", ("tool", "mtclean")),
    ("[tool.mtclean]\nlevel = \"safe\"\n\n[tool.other]\nz = 'q'\n", ("tool", "mtclean")),
    ("[project]\nname = \"x\"\n[tool.mtclean]\n", ("tool", "mtclean")),
    ("x = { a = [1, 2], b = \"]\" }\ns = '''\n[fake]\naccept = 1\n'''\n[t]\n", ()),
])
def test_toml_append_keeps_everything_else(src, table):
    items = [(s, "why: # and more") for s in TRICKY]
    new = toml_append(src, table, "accept", items)
    before, after = tomllib.loads(src), tomllib.loads(new)
    t_before, t_after = before, after
    for k in table:
        t_before, t_after = t_before.get(k, {}), t_after[k]
    assert t_after["accept"] == t_before.get("accept", []) + TRICKY
    # twice: appending again keeps the first additions
    new2 = toml_append(new, table, "accept", [("more", "")])
    t2 = tomllib.loads(new2)
    for k in table:
        t2 = t2[k]
    assert t2["accept"][-1] == "more" and len(t2["accept"]) == len(t_after["accept"]) + 1


def test_learned_pack_renders_valid_toml():
    head = {"name": "project-learned", "kind": "entities"}
    ents = [{"name": 'Odd "Name"', "type": "person", "misspellings": ["Odd Nmae", "Ödd"], "note": "x\ny"}]
    assert tomllib.loads(render_pack(head, ents)) == {"pack": head, "entity": ents}


def test_editor_may_not_touch_code_and_inline_delete(project, tmp_path):
    (project / "docs" / "a.md").write_text(
        "Run `Ostravell --fast` in Ostravell now, the flarbgrist said.\n", encoding="utf-8")
    editor = tmp_path / "ed.py"
    editor.write_text("import sys\np = sys.argv[1]\nt = open(p, encoding='utf-8').read()\n"
                      "open(p, 'w', encoding='utf-8').write(t.replace('--fast', '--slow'))\n", encoding="utf-8")
    env = {"EDITOR": f"{sys.executable} {editor}"}
    # Ostravell (safe): E is refused (it would change code), then y; flarbgrist: e, "" deletes it
    r = run_cli("review", "--answers", "-", "docs/a.md", input=b'?\nE\ny\ne\n""\n', cwd=project, env=env)
    assert r.returncode == 0, r.stderr
    out = r.stdout.decode()
    assert "a - apply this same fix" in out                   # ? printed the help
    assert "never touches" in out
    assert (project / "docs" / "a.md").read_text(encoding="utf-8") == \
        "Run `Ostravell --fast` in Ostravel now, the  said.\n"
