"""Fuzz the document readers and the engine on a fixed budget in CI.

Runs the loop of ``bench/fuzz_report.py`` (random bytes, mutated real
documents, structure-aware documents from tests/strategies.py, random code
points) with a fixed seed, so a CI failure reproduces; prints how many inputs
ran and writes the counts to ``bench/out/fuzz.json``. ``MTCLEAN_FUZZ_BUDGET``
and ``MTCLEAN_FUZZ_SEED`` change the budget and seed;
``python bench/fuzz_report.py`` runs a bigger budget on demand.
"""
from __future__ import annotations

import importlib.util
import json
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from strategies import say

spec = importlib.util.spec_from_file_location("fuzz_report", ROOT / "bench" / "fuzz_report.py")
fuzz = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fuzz)

BUDGET = int(os.environ.get("MTCLEAN_FUZZ_BUDGET", "20000"))
SEED = int(os.environ.get("MTCLEAN_FUZZ_SEED", "20261125"))


def test_fuzz_readers_and_engine(request):
    rep = fuzz.run(BUDGET, SEED, crash_dir=ROOT / "bench" / "out" / "fuzz-crashes")
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    summary = {k: v for k, v in rep.items() if k not in ("crash_examples",)}
    summary["crash_examples"] = [{k: c[k] for k in ("id", "generator", "kind", "error", "text")}
                                 for c in rep["crash_examples"]]
    (out / "fuzz.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    line = (f"fuzz: {rep['inputs']} inputs (seed {SEED}): {rep['reader_runs']} reader runs, "
            f"{rep['engine_runs']} engine runs, {rep['crashes']} crashed, {rep['refusals']} refused "
            f"(UnsafeEdit), {len(rep['slow_inputs'])} slower than {fuzz.SLOW_SECONDS}s, {rep['seconds']}s")
    say(request, line)
    assert rep["inputs"] == BUDGET
    assert rep["crashes"] == 0, "\n\n".join(c["traceback"] for c in rep["crash_examples"][:3])


@settings(max_examples=300, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.binary(max_size=3000), st.sampled_from(["text", "markdown", "html"]))
def test_hypothesis_bytes_through_the_readers(data, kind):
    """Hypothesis-guided bytes, decoded leniently, never crash a reader (and shrink when they do)."""
    fuzz.check_one(None, kind, data.decode("utf-8", "replace"), run_engine=False)
