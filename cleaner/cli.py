"""The `mtclean` command line: check, fix, rules (and review, batch, eval).

Exit codes: 0 nothing found, 1 findings (or, for ``fix --diff``, changes),
2 usage, configuration or input error.
"""
from __future__ import annotations

import fnmatch
import os
import sys

import click

from . import __version__
from .config import ConfigError, Settings, find_config, load_config_file
from .document import kind_for_path
from .edits import UnsafeEdit
from .engine import Engine
from .findings import level_rank
from .kbcache import load_kb
from .packs import PackError
from .render import render_diff, render_github, render_json, render_sarif, render_text
from .sources import BinaryInput, InputError, decode_bytes, expand_paths, read_path, write_atomic

FORMATS = ("text", "json", "github", "sarif", "diff")


class Runner:
    """Shared state of one invocation: settings per folder, engines per pack set."""

    def __init__(self, config: str | None, isolated: bool, select=(), ignore=(), accept=()):
        self.config = load_config_file(config) if config else None
        self.isolated = isolated
        self.select, self.ignore, self.accept = tuple(select), tuple(ignore), tuple(accept)
        self._kbs: dict = {}
        self._engines: dict = {}
        self.errors = 0

    def settings_for(self, path: str) -> Settings:
        if self.config is not None:
            return self.config
        if self.isolated:
            return Settings()
        folder = os.getcwd() if path == "-" else os.path.dirname(os.path.abspath(path))
        return find_config(folder)

    def engine_for(self, s: Settings) -> Engine:
        key = (s.kb_key, s.accept, s.disable, s.select)
        if key not in self._engines:
            if s.kb_key not in self._kbs:
                if s.kb_key == Settings().kb_key:
                    from .engine import default_kb
                    self._kbs[s.kb_key] = default_kb()
                else:
                    self._kbs[s.kb_key] = load_kb(s.packs, s.builtin_packs, s.disable_packs)
            self._engines[key] = Engine(self._kbs[s.kb_key], accept=s.accept + self.accept,
                                        disable=s.disable + self.ignore, select=self.select or s.select)
        return self._engines[key]

    def excluded(self, path: str, s: Settings) -> bool:
        if not s.exclude or path == "-" or not s.path:
            return False
        rel = os.path.relpath(os.path.abspath(path), os.path.dirname(s.path))
        return any(fnmatch.fnmatch(rel, pat) for pat in s.exclude)

    def error(self, msg: str) -> None:
        self.errors += 1
        click.echo(f"mtclean: error: {msg}", err=True)

    def inputs(self, paths, kind):
        """Yield (path, text, kind, settings) for every readable input."""
        for path, err in expand_paths(paths or ["."]):
            if err:
                self.error(str(err))
                continue
            try:
                s = self.settings_for(path)
                if self.excluded(path, s):
                    continue
                if path == "-":
                    text = decode_bytes(sys.stdin.buffer.read(), "<stdin>")
                else:
                    text = read_path(path)
            except BinaryInput as e:
                click.echo(f"mtclean: warning: {e}", err=True)
                continue
            except (InputError, ConfigError) as e:
                self.error(str(e))
                continue
            k = kind if kind != "auto" else ("text" if path == "-" else kind_for_path(path))
            yield path, text, k, s


def _color(mode: str, stream) -> bool:
    if mode == "always":
        return True
    if mode == "never" or os.environ.get("NO_COLOR"):
        return False
    return stream.isatty()


def common(f):
    f = click.option("--config", type=click.Path(dir_okay=False), help="Use this config file only.")(f)
    f = click.option("--isolated", is_flag=True, help="Ignore all config files.")(f)
    f = click.option("--kind", type=click.Choice(["auto", "text", "markdown", "html"]), default="auto",
                     show_default=True, help="How to read inputs (auto: by file extension; stdin is text).")(f)
    f = click.option("--select", multiple=True, metavar="RULE", help="Only these rules, prefixes or categories.")(f)
    f = click.option("--ignore", multiple=True, metavar="RULE", help="Skip these rules, prefixes or categories.")(f)
    f = click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto",
                     show_default=True)(f)
    return f


def _runner(config, isolated, select, ignore) -> Runner:
    try:
        return Runner(config, isolated, select, ignore)
    except ConfigError as e:
        click.echo(f"mtclean: error: {e}", err=True)
        sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mtclean")
def main():
    """Find and repair machine-translation and spinner damage in news text."""


@main.command()
@click.argument("paths", nargs=-1)
@common
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--fail-level", type=click.Choice(["safe", "likely", "none"]), default=None,
              help="Fail only on findings at this level or surer (default: any finding).")
@click.option("--level", type=click.Choice(["safe", "likely"]), default=None,
              help="With --format diff: which fixes to show.")
def check(paths, config, isolated, kind, select, ignore, color, fmt, fail_level, level):
    """Report findings in files, folders or stdin (-)."""
    runner = _runner(config, isolated, select, ignore)
    use_color = _color(color, sys.stdout)
    items, failed = [], False
    try:
        for path, text, k, s in runner.inputs(paths, kind):
            result = runner.engine_for(s).check(text, k)
            fl = fail_level or s.fail_level
            if any(level_rank(f.fix) <= level_rank(fl) for f in result.findings):
                failed = True
            for msg in result.errors:
                click.echo(f"mtclean: warning: {path}: {msg}", err=True)
            if fmt == "text":
                click.echo(render_text(path, result, use_color), nl=False)
            elif fmt == "github":
                click.echo(render_github(path, result), nl=False)
            elif fmt == "diff":
                lv = level or s.level
                new = runner.engine_for(s).fix(text, k, lv)[0] if result.edits(lv) else text
                click.echo(render_diff(path, text, new, use_color), nl=False)
            else:
                items.append((path, result))
    except (PackError, ConfigError) as e:
        click.echo(f"mtclean: error: {e}", err=True)
        sys.exit(2)
    if fmt == "json":
        click.echo(render_json(items), nl=False)
    elif fmt == "sarif":
        click.echo(render_sarif(items, {}, __version__), nl=False)
    sys.exit(2 if runner.errors else 1 if failed else 0)


@main.command()
@click.argument("paths", nargs=-1)
@common
@click.option("--level", type=click.Choice(["safe", "likely"]), default=None,
              help="Apply fixes at this level or surer (default: safe, or the config's level).")
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff; write nothing.")
@click.option("--quiet", "-q", is_flag=True, help="Print no summary.")
def fix(paths, config, isolated, kind, select, ignore, color, level, show_diff, quiet):
    """Apply fixes in place (atomically); `fix -` reads stdin and writes stdout."""
    runner = _runner(config, isolated, select, ignore)
    use_color = _color(color, sys.stdout)
    changed = 0
    try:
        for path, text, k, s in runner.inputs(paths, kind):
            lv = level or s.level
            try:
                new, passes = runner.engine_for(s).fix(text, k, lv)
            except UnsafeEdit as e:
                runner.error(f"{path}: refusing to write: {e}")
                continue
            n = sum(len(r.edits(lv)) for r in passes)
            if path == "-" and not show_diff:
                sys.stdout.write(new)
                sys.stdout.flush()
                continue
            if new == text:
                continue
            changed += 1
            if show_diff:
                click.echo(render_diff(path, text, new, use_color), nl=False)
                continue
            try:
                write_atomic(path, new)
            except OSError as e:
                runner.error(f"{path}: cannot write: {e.strerror or e}")
                continue
            if not quiet:
                left = len(passes[-1].findings) - len(passes[-1].edits(lv)) if passes else 0
                click.echo(f"fixed {n} in {path}" + (f" ({left} left to review)" if left else ""), err=True)
    except (PackError, ConfigError) as e:
        click.echo(f"mtclean: error: {e}", err=True)
        sys.exit(2)
    sys.exit(2 if runner.errors else 1 if (show_diff and changed) else 0)


@main.group(invoke_without_command=True)
@click.option("--config", type=click.Path(dir_okay=False))
@click.option("--isolated", is_flag=True)
@click.pass_context
def rules(ctx, config, isolated):
    """List rule packs and rules (`rules explain RULE` for one)."""
    try:
        s = load_config_file(config) if config else Settings() if isolated else find_config(os.getcwd())
        kb = load_kb(s.packs, s.builtin_packs, s.disable_packs) if s.kb_key != Settings().kb_key \
            else __import__("cleaner.engine", fromlist=["default_kb"]).default_kb()
    except (PackError, ConfigError) as e:
        click.echo(f"mtclean: error: {e}", err=True)
        sys.exit(2)
    ctx.obj = kb
    if ctx.invoked_subcommand is None:
        from .catalog import list_rules
        click.echo(list_rules(kb), nl=False)


@rules.command()
@click.argument("rule")
@click.pass_obj
def explain(kb, rule):
    """Explain one rule: what it finds, its fix level, its examples."""
    from .catalog import explain_rule
    text = explain_rule(kb, rule)
    if text is None:
        click.echo(f"mtclean: error: unknown rule {rule!r} (see `mtclean rules`)", err=True)
        sys.exit(2)
    click.echo(text, nl=False)


def _register_commands():
    """review, batch and eval live in their own modules (each imports little at load time)."""
    from . import batch, evaluate, review
    for mod in (review, batch, evaluate):
        main.add_command(mod.command)


_register_commands()

if __name__ == "__main__":  # pragma: no cover
    main()
