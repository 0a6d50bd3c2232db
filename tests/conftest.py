import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEVSET = Path(os.environ.get("MTCLEAN_DEVSET", ROOT.parent / "shared" / "devset"))


@pytest.fixture(scope="session")
def engine():
    from cleaner import Engine
    return Engine()


@pytest.fixture(scope="session")
def devset():
    if not (DEVSET / "seed.txt").exists():
        pytest.skip("dev set not present (../shared/devset)")
    return DEVSET


def run_cli(*args, input=None, cwd=None, env=None):
    """Run `python -m cleaner.cli ARGS` and return the CompletedProcess (bytes in/out)."""
    e = dict(os.environ, PYTHONPATH=str(ROOT), NO_COLOR="1")
    e.update(env or {})
    return subprocess.run([sys.executable, "-m", "cleaner.cli", *args], input=input, cwd=cwd,
                          capture_output=True, env=e, timeout=300)


def load_jsonl(path):
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
