"""Running mtclean inside engines that already exist: datatrove, dask.

Every integration is a thin shell around :func:`clean`: the pure
:func:`cleaner.record.clean_record` with an :class:`~cleaner.Engine` built
lazily, once per worker process, and kept for every later record. Nothing is
pickled but the options, so a pipeline step or a mapped function ships cheaply
to the workers, and the knowledge base is loaded where it is used.

>>> out = clean({"id": 1, "text": "Trump 's envoy arrived.", "src": "wire"})
>>> out["text"], out["src"], out["mtclean"]["fixes"]
("Trump's envoy arrived.", 'wire', 1)
>>> worker_engine() is worker_engine()
True
"""
from __future__ import annotations

from ..engine import Engine
from ..record import RecordError, clean_record

__all__ = ["clean", "worker_engine", "RecordError"]

_RUNNERS: dict = {}


def _runner(config, accept, disable, select):
    key = (config, tuple(accept), tuple(disable), tuple(select))
    runner = _RUNNERS.get(key)
    if runner is None:
        from ..cli import Runner  # the command line's engine cache: same settings, same engine
        runner = _RUNNERS[key] = Runner(config, isolated=True, select=select, ignore=disable, accept=accept)
    return runner


def worker_engine(config: str | None = None, accept=(), disable=(), select=()) -> Engine:
    """The engine of this process for these settings, built on first use.

    ``config`` names a ``.mtclean.toml`` or ``pyproject.toml`` (its packs,
    accept, disable, select); without one, the built-in packs. No config is
    searched for: a worker's current directory says nothing about the data.
    """
    runner = _runner(config, accept, disable, select)
    return runner.engine_for(runner.settings_for("-"))


def clean(record: dict, *, config: str | None = None, accept=(), disable=(), select=(),
          level: str | None = None, **options) -> dict:
    """:func:`~cleaner.record.clean_record` with this process's engine.

    ``level`` defaults to the config's (``safe`` without one); the other
    keyword arguments (``text_field``, ``output_field``, ``key``, ``kind``,
    ``findings``) go to ``clean_record``. Raises :class:`RecordError` for a
    record without a text.
    """
    runner = _runner(config, accept, disable, select)
    settings = runner.settings_for("-")
    return clean_record(record, runner.engine_for(settings), level=level or settings.level, **options)
