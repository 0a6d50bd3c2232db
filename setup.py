"""Build hook: ship the compiled knowledge base and word table in the wheel (issue 5).

Everything else is in pyproject.toml. After the usual ``build_py`` (Python
files and rule packs copied to the build tree), this runs
:func:`cleaner.kbcache.prebuild` on the build tree in a fresh process, which
writes ``cleaner/_prebuilt/``: the store of the built-in packs and the word
table, named by content digests (see cleaner/kbcache.py). The first
``mtclean`` run after ``pip install`` opens them instead of building them.

The build needs the runtime dependencies that compile the knowledge base
(``[build-system] requires``). An editable install skips the step (it uses
the user cache); so does ``MTCLEAN_NO_PREBUILD=1``. A failed step is reported
and the build goes on: mtclean then builds its caches on the first run.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

PREBUILD_TIMEOUT = 600     # seconds; it takes a few
PREBUILD = "import sys; from cleaner.kbcache import prebuild; prebuild(sys.argv[1])"


class BuildPyPrebuilt(build_py):
    def run(self):
        super().run()
        lib = Path(self.build_lib).resolve()
        dest = lib / "cleaner" / "_prebuilt"
        if getattr(self, "editable_mode", False) or os.environ.get("MTCLEAN_NO_PREBUILD"):
            for f in dest.glob("*"):      # nothing left over from an earlier build ships
                f.unlink()
            return
        with tempfile.TemporaryDirectory(prefix="mtclean-prebuild-") as scratch:
            env = dict(os.environ, MTCLEAN_CACHE_DIR=scratch, PYTHONDONTWRITEBYTECODE="1",
                       PYTHONPATH=os.pathsep.join(p for p in (str(lib), os.environ.get("PYTHONPATH")) if p))
            for var in ("MTCLEAN_NO_CACHE", "MTCLEAN_NO_PREBUILT"):
                env.pop(var, None)
            # cwd: the build tree, so that `cleaner` is the copy being built, not the source
            try:
                r = subprocess.run([sys.executable, "-c", PREBUILD, str(dest)], cwd=lib, env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=PREBUILD_TIMEOUT)
                failed, output = r.returncode != 0, r.stdout
            except subprocess.TimeoutExpired:
                failed, output = True, f"timed out after {PREBUILD_TIMEOUT} s"
        if failed:
            self.warn("mtclean: could not prebuild the knowledge base (the first run will build "
                      f"it):\n{output[-2000:]}")
            for f in dest.glob("*"):
                f.unlink()
            return
        self.announce(f"prebuilt {', '.join(sorted(f.name for f in dest.iterdir()))}", level=2)

    def get_outputs(self, include_bytecode=1):
        dest = Path(self.build_lib) / "cleaner" / "_prebuilt"
        extra = [str(f) for f in sorted(dest.glob("*"))] if dest.is_dir() else []
        return super().get_outputs(include_bytecode) + extra


setup(cmdclass={"build_py": BuildPyPrebuilt})
