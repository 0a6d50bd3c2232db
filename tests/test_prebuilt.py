"""The wheel ships the compiled knowledge base: the first run after install builds nothing (issue 5).

``setup.py build_py`` on a copy of this checkout makes the tree a wheel is
packed from (with ``cleaner/_prebuilt/``). Run from there, with an empty cache
dir, ``mtclean check`` must give the findings a freshly built cache gives and
write nothing, neither to the cache dir nor into the package. A store that does
not match (an edited pack, user packs) must not be used. When this interpreter
has mtclean installed from this checkout (CI's ``pip install ".[test]"``), the
installed copy is checked the same way. Speed is measured by
bench/bench_startup.py, not here.
"""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DEVSET, ROOT

FIXTURES = [ROOT / "fixtures" / "example-article.md", ROOT / "fixtures" / "example-clean.txt",
            *sorted((ROOT / "fixtures" / "corpus" / "site").rglob("*.*"))]


def _env(cache: Path, pythonpath: Path | None = None, **extra) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("MTCLEAN_") and k not in ("PYTHONPATH", "XDG_CACHE_HOME")}
    env.update(MTCLEAN_CACHE_DIR=str(cache), NO_COLOR="1", PYTHONDONTWRITEBYTECODE="1", **extra)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return env


def _check(cmd, articles, cache: Path, cwd: Path, pythonpath=None, **extra) -> list:
    r = subprocess.run([*cmd, "check", "--isolated", "--format", "json", *map(str, articles)],
                       cwd=cwd, env=_env(cache, pythonpath, **extra), capture_output=True, timeout=300)
    assert r.returncode in (0, 1), r.stderr.decode()[-3000:]
    return json.loads(r.stdout)["files"]


def _files(folder: Path) -> dict:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*"))}


@pytest.fixture(scope="module")
def articles(tmp_path_factory):
    """The fixtures and, when the dev set is there, a few spun news articles (names to match)."""
    out = list(FIXTURES)
    pairs = DEVSET / "pairs.jsonl"
    if pairs.exists():
        d = tmp_path_factory.mktemp("articles")
        for i, line in enumerate(pairs.read_text(encoding="utf-8").splitlines()[:6]):
            p = d / f"spun-{i}.txt"
            p.write_text(json.loads(line)["spun"], encoding="utf-8")
            out.append(p)
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The build tree (the wheel's contents) of a copy of this checkout, made by setup.py."""
    pytest.importorskip("setuptools")
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    for name in ("cleaner", "rules"):
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__", "_prebuilt"))
    lib = tmp_path_factory.mktemp("lib")
    r = subprocess.run([sys.executable, "setup.py", "-q", "build_py", "--build-lib", str(lib)], cwd=src,
                       env=_env(tmp_path_factory.mktemp("scratch")), capture_output=True, text=True,
                       timeout=600)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-3000:]
    shipped = sorted(p.name for p in (lib / "cleaner" / "_prebuilt").iterdir())
    assert [n.split("-")[0] for n in shipped] == ["kb", "wordfreq"], (shipped, r.stderr[-3000:])
    assert not list(lib.rglob("__pycache__"))
    return lib


PY = [sys.executable, "-P", "-m", "cleaner.cli"]    # -P: the cwd is not on the path


def test_first_run_uses_the_shipped_store(built, articles, tmp_path):
    before = _files(built)
    empty = tmp_path / "first"
    first = _check(PY, articles, empty, tmp_path, built)
    assert not empty.exists() or not any(empty.rglob("*")), "the first run wrote to the cache dir"
    assert _files(built) == before, "the run wrote inside the package"
    assert any(f["findings"] for f in first)

    # the same package, its shipped store ignored: builds the user cache, same findings
    fresh = tmp_path / "fresh"
    assert _check(PY, articles, fresh, tmp_path, built, MTCLEAN_NO_PREBUILT="1") == first
    assert {p.name.split("-")[0] for p in (fresh / "mtclean").iterdir()} >= {"kb", "wordfreq"}
    assert _check(PY, articles, fresh, tmp_path, built, MTCLEAN_NO_PREBUILT="1") == first   # warm
    assert _files(built) == before


def test_a_store_that_does_not_match_is_not_used(built, tmp_path):
    """An edited built-in pack (as in an editable install) or a user pack: the user cache, never the shipped store."""
    lib = tmp_path / "lib"
    shutil.copytree(built, lib)
    with open(lib / "cleaner" / "rules" / "phrases" / "mt-calques.toml", "a", encoding="utf-8") as fh:
        fh.write('\n[[rule]]\nid = "shipped-store-probe"\npattern = \'\\bshipped store probe\\b\'\n'
                 'message = "probe"\nexamples = [{ text = "a shipped store probe", flagged = true }]\n')
    art = tmp_path / "probe.txt"
    art.write_text("This is a shipped store probe. Steve Witkov flew to Moscow.\n", encoding="utf-8")
    cache = tmp_path / "cache"
    [res] = _check(PY, [art], cache, tmp_path, lib)
    rules = {f["rule"] for f in res["findings"]}
    assert "phrase.shipped-store-probe" in rules and "entity.fuzzy" in rules
    written = sorted(p.name.split("-")[0] for p in (cache / "mtclean").iterdir() if p.suffix in (".bin", ".lex"))
    assert written == ["kb"], written    # the knowledge base is rebuilt; the shipped word table still fits

    user = tmp_path / "user"
    user.mkdir()
    (user / "house.toml").write_text(
        '[pack]\nname = "house"\nkind = "phrases"\n\n[[rule]]\nid = "house-probe"\n'
        'pattern = \'\\bhouse probe\\b\'\nmessage = "house"\n'
        'examples = [{ text = "a house probe", flagged = true }]\n', encoding="utf-8")
    (user / ".mtclean.toml").write_text('packs = ["house.toml"]\ndisable-packs = ["people-public"]\n',
                                        encoding="utf-8")
    doc = user / "doc.txt"
    doc.write_text("A house probe. Steve Witkov flew to Moscow.\n", encoding="utf-8")
    cache2 = tmp_path / "cache2"
    r = subprocess.run([*PY, "check", "--format", "json", str(doc)], cwd=tmp_path,
                       env=_env(cache2, built), capture_output=True, timeout=300)
    rules = {f["rule"] for f in json.loads(r.stdout)["files"][0]["findings"]}
    assert {"phrase.house-probe", "entity.fuzzy"} <= rules, r.stderr.decode()[-2000:]
    assert [p.name.split("-")[0] for p in (cache2 / "mtclean").glob("*.bin")] == ["kb"]


def _installed_package(tmp_path) -> Path | None:
    """The `cleaner` package this interpreter imports outside the checkout, if any."""
    r = subprocess.run([sys.executable, "-P", "-c", "import cleaner, os; print(os.path.dirname(cleaner.__file__))"],
                       cwd=tmp_path, env=_env(tmp_path / "c"), capture_output=True, text=True)
    return Path(r.stdout.strip()).resolve() if r.returncode == 0 else None


def test_installed_package_uses_its_shipped_store(articles, tmp_path):
    """CI installs this checkout with `pip install .`: its first run builds nothing."""
    pkg = _installed_package(tmp_path)
    if pkg is None or pkg == (ROOT / "cleaner").resolve():
        pytest.skip("mtclean is not installed, or installed in editable mode")
    for src in [*sorted((ROOT / "cleaner").rglob("*.py")), *sorted((ROOT / "rules").rglob("*.toml"))]:
        rel = src.relative_to(ROOT)
        inst = pkg / rel.relative_to("cleaner") if rel.parts[0] == "cleaner" else pkg / "rules" / rel.relative_to("rules")
        if not inst.is_file() or inst.read_bytes() != src.read_bytes():
            pytest.skip(f"the installed mtclean is not this checkout ({rel} differs)")
    assert (pkg / "_prebuilt").is_dir(), f"{pkg}: installed without its prebuilt store"
    exe = Path(sys.executable).parent / "mtclean"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-P", "-m", "cleaner.cli"]
    empty = tmp_path / "first"
    first = _check(cmd, articles, empty, tmp_path)
    assert not empty.exists() or not any(empty.rglob("*")), (
        "the installed mtclean did not use its shipped store (built with other dependency versions?)")
    assert _check(PY, articles, tmp_path / "src", tmp_path, ROOT, MTCLEAN_NO_CACHE="1") == first
