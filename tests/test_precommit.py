"""The pre-commit hooks, run by the real `pre-commit` in a temporary content repository.

pre-commit clones the hook repository at a commit, so the working tree of this
repository (tracked and untracked, not ignored files) is copied into a
temporary repository and committed: what is tested is what is on disk now.
``language: python`` installs mtclean into pre-commit's own virtualenv (from
PyPI for the dependencies); that happens once per test session.
"""
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")

PACK = """\
[pack]
name = "site-people"
kind = "entities"

[[entity]]
name = "Marek Quillibrand"
type = "person"
gender = "m"
country = "Norvania"
context = ["Norvania"]
misspellings = ["Marek Quilibrand"]

[[entity]]
name = "Ostravel"
type = "place"
country = "Norvania"
deprecated = ["Ostravell"]
"""

SPUN = "# News\n\nEnvoy Marek Quilibrand arrived in Ostravell on Tuesday.\n"
CLEAN = "# News\n\nEnvoy Marek Quillibrand arrived in Ostravel on Tuesday.\n"

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
           "GIT_CONFIG_NOSYSTEM": "1"}


def _git(cwd, *args, env=None, check=True):
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=check)


def _pre_commit():
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        pytest.skip("pre-commit not installed")
    return [sys.executable, "-m", "pre_commit"]


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory):
    """A committed copy of this working tree: (path, sha)."""
    dst = tmp_path_factory.mktemp("hookrepo") / "mtclean"
    files = _git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard").stdout.split("\0")
    for rel in filter(None, files):
        src = ROOT / rel
        if src.is_file():
            (dst / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst / rel)
    env = dict(os.environ, **GIT_ENV)
    _git(dst, "init", "-q", env=env)
    _git(dst, "add", "-A", env=env)
    _git(dst, "commit", "-q", "-m", "snapshot for the pre-commit test", env=env)
    sha = _git(dst, "rev-parse", "HEAD", env=env).stdout.strip()
    return dst, sha


@pytest.fixture(scope="session")
def pc_home(tmp_path_factory):
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def site(tmp_path, hook_repo, pc_home):
    """A content repository using the hooks; returns a function that sets which hooks."""
    root = tmp_path / "site"
    root.mkdir()
    env = dict(os.environ, **GIT_ENV, PRE_COMMIT_HOME=str(pc_home), NO_COLOR="1")
    env.pop("PYTHONPATH", None)
    _git(root, "init", "-q", env=env)
    (root / "people.toml").write_text(PACK, encoding="utf-8")
    (root / ".mtclean.toml").write_text('builtin-packs = false\npacks = ["people.toml"]\n', encoding="utf-8")
    repo, sha = hook_repo

    def configure(*hook_ids, args=None):
        extra = f"        args: {args}\n" if args else ""
        hooks = "".join(f"      - id: {h}\n{extra}" for h in hook_ids)
        (root / ".pre-commit-config.yaml").write_text(
            f"repos:\n  - repo: {repo}\n    rev: {sha}\n    hooks:\n{hooks}", encoding="utf-8")
        _git(root, "add", ".pre-commit-config.yaml", "people.toml", ".mtclean.toml", env=env)
        r = subprocess.run([*_pre_commit(), "install"], cwd=root, env=env, capture_output=True, text=True)
        assert r.returncode == 0, r.stdout + r.stderr
        return root, env
    return configure


def commit(root, env, *paths):
    _git(root, "add", *paths, env=env)
    return subprocess.run(["git", "commit", "-m", "change"], cwd=root, env=env, capture_output=True,
                          text=True, timeout=900)


def test_spun_markdown_fails_the_commit_with_useful_output(site):
    root, env = site("mtclean")
    (root / "docs").mkdir()
    (root / "docs" / "news.md").write_text(SPUN, encoding="utf-8")
    r = commit(root, env, "docs/news.md")
    out = r.stdout + r.stderr
    assert r.returncode != 0, out
    assert "mtclean" in out and "Failed" in out
    assert "docs/news.md:3:7: entity.misspelling" in out and "-> Marek Quillibrand" in out
    assert "docs/news.md:3:35: entity.house-style" in out
    assert _git(root, "rev-parse", "--verify", "HEAD", env=env, check=False).returncode != 0  # no commit


def test_clean_markdown_passes(site):
    root, env = site("mtclean")
    (root / "news.md").write_text(CLEAN, encoding="utf-8")
    (root / "notes.txt").write_text("Marek Quillibrand spoke in Ostravel.\n", encoding="utf-8")
    r = commit(root, env, "news.md", "notes.txt")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Passed" in r.stdout + r.stderr
    assert _git(root, "log", "--oneline", env=env).stdout.count("\n") == 1


def test_fail_level_from_hook_args(site):
    """args: [--fail-level, safe]: a flag alone (no fix) does not block the commit."""
    root, env = site("mtclean", args='["--fail-level", "safe"]')
    (root / "news.md").write_text(CLEAN + "\nThe flarbgrist was signed.\n", encoding="utf-8")
    r = commit(root, env, "news.md")
    assert r.returncode == 0, r.stdout + r.stderr
    (root / "more.md").write_text(SPUN, encoding="utf-8")
    r = commit(root, env, "more.md")
    assert r.returncode != 0 and "more.md:3:7: entity.misspelling" in r.stdout + r.stderr


def test_fix_hook_rewrites_the_file_and_fails_once(site):
    root, env = site("mtclean-fix")
    (root / "page.html").write_text(f"<p>{SPUN.splitlines()[2]}</p>\n", encoding="utf-8")
    (root / "news.md").write_text(SPUN, encoding="utf-8")
    r = commit(root, env, "news.md", "page.html")
    out = r.stdout + r.stderr
    assert r.returncode != 0, out
    assert "files were modified by this hook" in out and "fixed 2 in news.md" in out
    assert (root / "news.md").read_text(encoding="utf-8") == CLEAN
    assert (root / "page.html").read_text(encoding="utf-8") == f"<p>{CLEAN.splitlines()[2]}</p>\n"
    r = commit(root, env, "news.md", "page.html")   # the fixed files, added again
    assert r.returncode == 0, r.stdout + r.stderr


def test_hooks_file_shape():
    """The manifest pre-commit reads: ids, entry, language, file types."""
    import yaml  # pre-commit's own dependency
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"mtclean", "mtclean-fix"}
    assert hooks["mtclean"]["entry"] == "mtclean check"
    assert hooks["mtclean-fix"]["entry"] == "mtclean fix"
    for h in hooks.values():
        assert h["language"] == "python"
        assert h["types_or"] == ["markdown", "plain-text", "html"]
