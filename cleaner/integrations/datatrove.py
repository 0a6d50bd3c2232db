"""mtclean as datatrove pipeline steps (``pip install "mtclean[datatrove]"``).

- :class:`MtcleanAnnotator` stores the score, the counts by category, the
  fixes it would apply and (optionally) every finding in ``doc.metadata``,
  leaving the text alone: filter on it later, or just look.
- :class:`MtcleanFormatter` replaces ``doc.text`` with the cleaned text.

Put the annotator first to record the damage the page arrived with::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from cleaner.integrations.datatrove import MtcleanAnnotator, MtcleanFormatter

    LocalPipelineExecutor(pipeline=[
        JsonlReader("corpus/"),
        MtcleanAnnotator(),                 # metadata["mtclean"] = {"score": ..., "counts": ...}
        MtcleanFormatter(),                 # doc.text = the cleaned text
        JsonlWriter("cleaned/"),
    ], tasks=8, workers=2, logging_dir="logs/").run()

Both steps call :func:`cleaner.integrations.clean` (that is,
:func:`cleaner.record.clean_record`); the engine is built in each worker on its
first document and kept. A document the engine fails on passes through
unchanged, counted under the ``errors`` stat and logged (the annotator records
``{"error": ...}`` under its key): a pipeline never loses a document.
"""
from __future__ import annotations

from . import clean

try:
    from datatrove.data import DocumentsPipeline
    from datatrove.pipeline.base import PipelineStep
    from datatrove.pipeline.formatters.base import BaseFormatter
    from datatrove.utils.logging import logger
    from datatrove.utils.typeshelper import StatHints
except ImportError as _missing:  # the module still imports (docs, doctests); the steps say what is missing
    _error = _missing

    class PipelineStep:  # type: ignore[no-redef]
        def __init__(self, *args, **kwargs):
            raise ImportError("the mtclean datatrove steps need datatrove: "
                              "pip install 'mtclean[datatrove]'") from _error

    BaseFormatter = PipelineStep  # type: ignore[misc,assignment]

__all__ = ["MtcleanAnnotator", "MtcleanFormatter"]


class _Options:
    """The settings both steps share; only these are pickled to the workers."""

    def _set_options(self, level, kind, config, accept, disable, select):
        self.options = {"level": level, "kind": kind, "config": config, "accept": tuple(accept),
                        "disable": tuple(disable), "select": tuple(select)}

    def _clean(self, doc, findings: bool) -> dict | None:
        try:
            return clean({"text": doc.text}, findings=findings, **self.options)
        except Exception as e:  # noqa: BLE001 - one bad document must not end the task
            self.stat_update("errors")
            logger.warning(f"mtclean: document {doc.id!r} left as it was: {type(e).__name__}: {e}")
            return None


class MtcleanFormatter(_Options, BaseFormatter):
    """Replace each document's text with its cleaned text (fixes at ``level``).

    Stats: ``changed`` (documents whose text changed), ``fixes`` (edits applied).
    ``metadata_key`` also stores the run's summary (score, counts, edits) there.
    """

    name = "🧽 mtclean"

    def __init__(self, level: str | None = None, kind: str = "text", config: str | None = None,
                 accept=(), disable=(), select=(), metadata_key: str | None = None):
        super().__init__()
        self._set_options(level, kind, config, accept, disable, select)
        self.metadata_key = metadata_key

    def format(self, text: str) -> str:
        return clean({"text": text}, findings=False, **self.options)["text"]

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for doc in data:
            self.stat_update(StatHints.total)
            with self.track_time():
                out = self._clean(doc, findings=False)
            if out is not None:
                summary = out["mtclean"]
                if summary["fixes"]:
                    self.stat_update("changed")
                    self.stat_update("fixes", value=summary["fixes"])
                doc.text = out["text"]
                if self.metadata_key:
                    doc.metadata[self.metadata_key] = summary
            yield doc


class MtcleanAnnotator(_Options, PipelineStep):
    """Store ``{"score", "words", "counts", "fixes", "edits"}`` in ``doc.metadata[key]``.

    ``findings=True`` adds every finding (the JSON contract's dicts). The text
    is not changed. Stats: ``spun`` (documents with a finding), ``findings``.
    """

    name = "🧽 mtclean annotator"
    type = "🏷 - ANNOTATE"

    def __init__(self, key: str = "mtclean", findings: bool = False, level: str | None = None,
                 kind: str = "text", config: str | None = None, accept=(), disable=(), select=()):
        super().__init__()
        self._set_options(level, kind, config, accept, disable, select)
        self.key = key
        self.findings = findings

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for doc in data:
            self.stat_update(StatHints.total)
            with self.track_time():
                out = self._clean(doc, findings=self.findings)
            if out is None:
                doc.metadata[self.key] = {"error": "mtclean failed on this document (see the log)"}
            else:
                summary = out["mtclean"]
                n = sum(summary["counts"].values())
                if n:
                    self.stat_update("spun")
                    self.stat_update("findings", value=n)
                doc.metadata[self.key] = summary
            yield doc
