#!/usr/bin/env python3
"""Evaluate on the dev set: `python bench/eval.py [SET]` (default ../shared/devset).

The same as `mtclean eval SET`.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from cleaner.evaluate import command  # noqa: E402

if __name__ == "__main__":
    default = str(Path(__file__).resolve().parent.parent.parent / "shared" / "devset")
    args = sys.argv[1:] or [default]
    if not any(not a.startswith("-") for a in args):
        args.append(default)
    command(args)
