"""Beyond one machine (issue 4, point 6): datatrove steps and the dask.bag recipe.

Each engine runs for real (datatrove's LocalPipelineExecutor with worker
processes, dask's processes scheduler) on a small corpus, and its output must
equal what :func:`cleaner.record.clean_record` gives record by record.
"""
import gzip
import json
import os
from pathlib import Path

import pytest

from cleaner import Engine
from cleaner.record import clean_record

TEXTS = [
    "Trump 's envoy Steve Witkov flew to Kiev. Kiev said he was ready.\nSource link\n",
    "The company , which was founded in 1990 , grew.\nTrump 's plan failed.\n",
    "The central bank left interest rates unchanged on Tuesday.\n",
    "Merkel ’s party won the vote ; the opposition conceded .\n",
    "Shares of the company rose 5 pct in early trading, dealers said.\n",
    "Officials met in Kyiv on Monday. \"We are ready ,\" the minister said.\n",
]


def records(n=18):
    return [{"id": f"r{i:03d}", "text": TEXTS[i % len(TEXTS)] + f"Item {i}.\n", "source": f"site-{i % 3}",
             "meta": {"n": i, "tags": ["a", "b"]}} for i in range(n)]


def write_corpus(folder: Path, recs, bad_lines=()):
    """Two files, the second gzipped; ``bad_lines`` go in the middle of the first."""
    folder.mkdir(parents=True, exist_ok=True)
    half = len(recs) // 2
    first = [json.dumps(r, ensure_ascii=False) for r in recs[:half]]
    first[2:2] = list(bad_lines)
    (folder / "a.jsonl").write_text("\n".join(first) + "\n", encoding="utf-8")
    with gzip.open(folder / "b.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs[half:]))


@pytest.fixture(scope="module")
def expected():
    engine = Engine()
    return {r["id"]: clean_record(r, engine) for r in records()}


def read_lines(folder: Path, pattern="*.jsonl"):
    out = []
    for p in sorted(folder.glob(pattern), key=lambda p: int(p.name.split(".")[0])):
        out += [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    return out


def test_expected_output_has_fixes(expected):
    """The corpus exercises the cleaning path, or the comparisons below prove little."""
    assert sum(o["mtclean"]["fixes"] for o in expected.values()) >= 10
    assert sum(o["text"] != r["text"] for o, r in zip(expected.values(), records())) >= 9


# ---------------------------------------------------------------------------
# the shared entry point
# ---------------------------------------------------------------------------

def test_clean_uses_one_engine_per_settings():
    from cleaner.integrations import clean, worker_engine
    assert worker_engine() is worker_engine()
    assert worker_engine(disable=["spacing"]) is not worker_engine()
    out = clean({"text": "Trump 's plan.", "x": 1}, disable=["phrase", "spacing"])
    assert out["text"] == "Trump 's plan." and out["x"] == 1


def test_clean_reads_a_config(tmp_path):
    from cleaner.integrations import clean
    cfg = tmp_path / ".mtclean.toml"
    cfg.write_text('disable = ["phrase", "spacing"]\nlevel = "likely"\n', encoding="utf-8")
    assert clean({"text": "Trump 's plan."}, config=str(cfg))["text"] == "Trump 's plan."
    assert clean({"text": "Trump 's plan."})["text"] == "Trump's plan."


def test_clean_refuses_a_record_without_text():
    from cleaner.integrations import RecordError, clean
    with pytest.raises(RecordError, match="no 'text' field"):
        clean({"body": "x"})


# ---------------------------------------------------------------------------
# datatrove
# ---------------------------------------------------------------------------

def engine_ident(data, rank: int = 0, world_size: int = 1):
    """A pipeline step that records which process and which engine saw each document."""
    from cleaner.integrations import worker_engine
    for doc in data:
        doc.metadata["engine"] = f"{os.getpid()}:{id(worker_engine())}"
        yield doc


def test_datatrove_pipeline(tmp_path, expected):
    pytest.importorskip("datatrove", reason="datatrove is not installed (pip install 'mtclean[datatrove]')")
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    from cleaner.integrations.datatrove import MtcleanAnnotator, MtcleanFormatter

    recs = records()
    inp, out = tmp_path / "in", tmp_path / "out"
    write_corpus(inp, recs)
    LocalPipelineExecutor(pipeline=[
        JsonlReader(str(inp)),
        MtcleanAnnotator(findings=True),
        MtcleanFormatter(),
        engine_ident,
        JsonlWriter(str(out), output_filename="${rank}.jsonl", compression=None),
    ], tasks=2, workers=2, logging_dir=str(tmp_path / "logs")).run()

    docs = read_lines(out)
    assert sorted(d["id"] for d in docs) == sorted(r["id"] for r in recs)  # none lost, none doubled
    originals = {r["id"]: r for r in recs}
    for d in docs:
        want = expected[d["id"]]
        assert d["text"] == want["text"]
        assert d["metadata"]["mtclean"] == want["mtclean"]  # the findings of the text as it came in
        assert d["metadata"]["source"] == originals[d["id"]]["source"]  # other fields pass through
        assert d["metadata"]["meta"] == originals[d["id"]]["meta"]
    engines = {}
    for d in docs:
        pid, eid = d["metadata"]["engine"].split(":")
        engines.setdefault(pid, set()).add(eid)
    assert all(len(ids) == 1 for ids in engines.values()), engines  # one engine per worker process
    assert str(os.getpid()) not in engines  # the work ran in the workers

    stats = json.loads((tmp_path / "logs" / "stats.json").read_text())
    fmt = next(s["stats"] for s in stats if s["name"].endswith(": 🧽 mtclean"))
    assert fmt["total"] == len(recs)
    assert fmt["fixes"]["total"] == sum(o["mtclean"]["fixes"] for o in expected.values())


def test_datatrove_step_survives_a_failing_document(monkeypatch):
    pytest.importorskip("datatrove", reason="datatrove is not installed (pip install 'mtclean[datatrove]')")
    from datatrove.data import Document

    import cleaner.integrations.datatrove as dt

    real = dt.clean

    def flaky(record, **kw):
        if "boom" in record["text"]:
            raise RuntimeError("engine failure")
        return real(record, **kw)

    monkeypatch.setattr(dt, "clean", flaky)
    docs = [Document(text="Trump 's plan.", id="1"), Document(text="boom 's", id="2")]
    fmt = dt.MtcleanFormatter()
    out = list(fmt.run(iter(docs)))
    assert [d.text for d in out] == ["Trump's plan.", "boom 's"]
    assert fmt.stats["errors"].total == 1
    ann = dt.MtcleanAnnotator()
    out = list(ann.run(iter([Document(text="boom", id="3")])))
    assert "error" in out[0].metadata["mtclean"]


def test_datatrove_format_method():
    pytest.importorskip("datatrove", reason="datatrove is not installed (pip install 'mtclean[datatrove]')")
    from cleaner.integrations.datatrove import MtcleanFormatter
    assert MtcleanFormatter().format("Trump 's plan.") == "Trump's plan."
    assert MtcleanFormatter(disable=["phrase", "spacing"]).format("Trump 's plan.") == "Trump 's plan."


# ---------------------------------------------------------------------------
# dask
# ---------------------------------------------------------------------------

def engine_of_this_process(_):
    from cleaner.integrations import worker_engine
    return os.getpid(), id(worker_engine())


def test_dask_documented_recipe(tmp_path, expected):
    """The recipe of docs/distributed.md, as written there, on the processes scheduler."""
    pytest.importorskip("dask.bag", reason="dask is not installed (pip install 'mtclean[dask]')")
    import dask
    import dask.bag as db

    from cleaner.integrations import clean

    write_corpus(tmp_path / "corpus", records())
    os.chdir(tmp_path)
    with dask.config.set(scheduler="processes", num_workers=2):
        (db.read_text("corpus/*.jsonl*")
           .map(json.loads)
           .map(clean, level="safe")
           .map(json.dumps)
           .to_textfiles("cleaned/*.jsonl"))
    got = read_lines(tmp_path / "cleaned")
    assert got == [expected[r["id"]] for r in records()]  # same records, same order


def test_dask_clean_jsonl_with_rejects(tmp_path, expected):
    pytest.importorskip("dask.bag", reason="dask is not installed (pip install 'mtclean[dask]')")
    from cleaner.integrations.dask import clean_jsonl

    write_corpus(tmp_path / "in", records(), bad_lines=['{"id": "bad", "text": ', '{"id": "notext"}', "", "[1, 2]"])
    counts = clean_jsonl(str(tmp_path / "in" / "*"), str(tmp_path / "out"), scheduler="processes", num_workers=2)
    assert counts == {"written": len(records()), "rejected": 3}
    assert read_lines(tmp_path / "out") == [expected[r["id"]] for r in records()]
    rejects = read_lines(tmp_path / "out" / "rejects")
    assert [(Path(r["path"]).name, r["line"]) for r in rejects] == [("a.jsonl", 3), ("a.jsonl", 4), ("a.jsonl", 6)]
    assert rejects[0]["reason"].startswith("invalid JSON") and rejects[0]["text"] == '{"id": "bad", "text": '
    assert rejects[1]["reason"] == "record has no 'text' field"
    assert rejects[2]["reason"] == "record is a list, not an object"


def test_dask_options_reach_the_workers(tmp_path):
    pytest.importorskip("dask.bag", reason="dask is not installed (pip install 'mtclean[dask]')")
    from cleaner.integrations.dask import clean_jsonl

    write_corpus(tmp_path / "in", records(6))
    clean_jsonl(str(tmp_path / "in" / "*"), str(tmp_path / "out"), scheduler="processes", num_workers=2,
                output_field="clean_text", key="mt", findings=False)
    got = read_lines(tmp_path / "out")
    assert [g["text"] for g in got] == [r["text"] for r in records(6)]
    assert got[0]["clean_text"].startswith("Trump's envoy") and "findings" not in got[0]["mt"]


def test_dask_loads_one_engine_per_worker():
    pytest.importorskip("dask.bag", reason="dask is not installed (pip install 'mtclean[dask]')")
    import dask.bag as db

    seen = db.from_sequence(range(64), npartitions=16).map(engine_of_this_process).compute(
        scheduler="processes", num_workers=2)
    engines = {}
    for pid, eid in seen:
        engines.setdefault(pid, set()).add(eid)
    assert 1 <= len(engines) <= 2 and os.getpid() not in engines
    assert all(len(ids) == 1 for ids in engines.values()), engines


def test_dask_cleans_each_record_once(tmp_path, monkeypatch):
    """Output, rejects and counts come from one cleaning pass."""
    pytest.importorskip("dask.bag", reason="dask is not installed (pip install 'mtclean[dask]')")
    import cleaner.integrations.dask as dk

    calls = []
    real = dk.clean

    def counting(record, **kw):
        calls.append(record.get("id"))
        return real(record, **kw)

    monkeypatch.setattr(dk, "clean", counting)
    write_corpus(tmp_path / "in", records(10))
    dk.clean_jsonl(str(tmp_path / "in" / "*"), str(tmp_path / "out"), scheduler="sync")
    assert sorted(calls) == sorted(r["id"] for r in records(10))
