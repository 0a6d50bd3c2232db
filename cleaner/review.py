"""`mtclean review`: walk the findings one at a time and decide, like `git add -p`.

Order per file: safe fixes first (unless ``--skip-safe``, which applies them
without asking, as ``mtclean fix`` would), then likely fixes, then flags.
Each answer covers one occurrence:

    y  apply this fix              n  leave this occurrence as it is
    e  type a replacement          E  edit the sentence in $EDITOR
    1-9  apply that candidate      a  apply this same fix everywhere (all files)
    i  never flag this text again (added to the project's accept list, with a reason)
    s  skip the rest of this file  q  quit (what was decided is kept)
    ?  help

When a file is done (or on ``s``/``q``) its accepted edits are applied,
verified to change nothing else (:func:`cleaner.edits.verify`), written
atomically and shown as a diff. A file changed on disk during the review is
not written.

Decisions that teach are kept in the project, so the next ``check`` is quieter
and the next ``fix`` does more:

* ``i`` adds the text to ``accept`` in the project's config, with the reason as
  a comment;
* an accepted or edited name fix (``entity.*``, ``consistency.*``) records the
  misspelling in the project pack ``.mtclean/learned.toml`` (kind
  ``entities``), which is added to ``packs`` in the config.

The config is the one ``check`` would use for the file: ``--config``, else the
nearest ``.mtclean.toml`` or ``pyproject.toml`` with ``[tool.mtclean]``; a
``pyproject.toml`` is edited in place (only the inserted lines change, checked by
re-reading it). With none, ``.mtclean.toml`` is created at the root of the
file's git repository (else in the current directory if the file is below it,
else beside the file). ``--isolated`` persists nothing.

Standard input must be a terminal: without one, ``review`` exits 2 with a
message, unless ``--answers FILE`` (``-`` = stdin) gives the answers, one per
line (``e`` and ``i`` read their text from the next line); at the end of the
answers the review stops as if ``q`` were typed.

Exit codes: 0 done; 2 usage or configuration error, a file that could not be
read or written (changed on disk, failed verification); 130 interrupted
(Ctrl-C: nothing more is written).
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import click

LEARNED_PACK = Path(".mtclean") / "learned.toml"
LEARNED_PACK_NAME = "project-learned"
CURATED_RULES = ("entity.misspelling", "entity.house-style")
LEARN_PREFIXES = ("entity.", "consistency.")
COMMON_WORD_ZIPF = 2.6
MAX_LINE = 220

HELP = """\
y - apply this fix
n - do not apply it (this occurrence)
e - type the replacement yourself ("" deletes the text)
E - edit the whole sentence in $EDITOR
1-9 - apply that candidate
a - apply this same fix here and at every later occurrence, in all files
i - never flag this text again: add it to the project's accept list (asks for a reason)
s - skip the rest of this file (decisions made in it are kept)
q - quit; decisions made so far are kept and written
? - print help
"""


class Quit(Exception):
    pass


class SkipFile(Exception):
    pass


# -- the command -------------------------------------------------------------

@click.command("review")
@click.argument("paths", nargs=-1, required=True)
@click.option("--config", type=click.Path(dir_okay=False), help="Use (and update) this config file only.")
@click.option("--isolated", is_flag=True, help="Ignore all config files; remember nothing.")
@click.option("--kind", type=click.Choice(["auto", "text", "markdown", "html"]), default="auto",
              show_default=True, help="How to read inputs (auto: by file extension).")
@click.option("--select", multiple=True, metavar="RULE", help="Only these rules, prefixes or categories.")
@click.option("--ignore", multiple=True, metavar="RULE", help="Skip these rules, prefixes or categories.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True)
@click.option("--skip-safe", is_flag=True, help="Apply safe fixes without asking; review the rest.")
@click.option("--context", "context_lines", type=click.IntRange(0, 20), default=1, show_default=True,
              help="Lines of context around each finding.")
@click.option("--answers", type=click.File("r", encoding="utf-8"), default=None, metavar="FILE",
              help="Read answers from FILE ('-' = stdin), one per line, instead of a terminal.")
def command(paths, config, isolated, kind, select, ignore, color, skip_safe, context_lines, answers):
    """Walk the findings one at a time and accept, reject or edit them (like `git add -p`)."""
    if "-" in paths:
        _fail("review needs files: it cannot review stdin (use `mtclean fix -`)")
    if answers is None and not sys.stdin.isatty():
        _fail("stdin is not a terminal; review is interactive. Use `mtclean fix` for unattended "
              "fixes, or `mtclean review --answers FILE` to read answers from a file or pipe.")
    use_color = color == "always" or (color == "auto" and not os.environ.get("NO_COLOR")
                                      and sys.stdout.isatty())
    session = Session(config, isolated, select, ignore, skip_safe, context_lines,
                      Prompter(answers), use_color)
    try:
        code = session.run(paths, kind)
    except KeyboardInterrupt:
        click.echo("\nmtclean: interrupted; the file under review was not written", err=True)
        code = 130
    sys.exit(code)


def _fail(msg: str, code: int = 2):
    click.echo(f"mtclean: error: {msg}", err=True)
    sys.exit(code)


# -- input -------------------------------------------------------------------

class Prompter:
    """Reads answers from the terminal, or from an answers file (echoed)."""

    def __init__(self, answers=None):
        self.answers = answers

    def ask(self, prompt: str) -> str | None:
        """One line without its newline; None at end of input."""
        sys.stdout.write(prompt)
        sys.stdout.flush()
        src = self.answers if self.answers is not None else sys.stdin
        line = src.readline()
        if not line:
            sys.stdout.write("\n")
            return None
        line = line.rstrip("\r\n")
        if self.answers is not None:
            sys.stdout.write(line + "\n")
        sys.stdout.flush()
        return line


# -- colours -----------------------------------------------------------------

_C = {"old": "\x1b[1;31m", "new": "\x1b[1;32m", "flag": "\x1b[1;33m", "dim": "\x1b[2m",
      "head": "\x1b[1m", "rule": "\x1b[36m", "reset": "\x1b[0m"}


def _paint(on: bool, key: str, s: str) -> str:
    return f"{_C[key]}{s}{_C['reset']}" if on and s else s


# -- decisions ---------------------------------------------------------------

@dataclass
class Edit:
    start: int
    end: int
    text: str
    replacement: str


@dataclass
class Project:
    """Where one file's teaching decisions go."""
    config: Path | None            # None: --isolated
    accept: list[tuple[str, str]] = field(default_factory=list)      # (text, comment)
    learned: list[dict] = field(default_factory=list)                # misspelling records


class Session:
    def __init__(self, config, isolated, select, ignore, skip_safe, context_lines, prompter, color):
        from .cli import Runner
        from .config import ConfigError
        try:
            self.runner = Runner(config, isolated, select, ignore)
        except ConfigError as e:
            _fail(str(e))
        self.config_arg, self.isolated = config, isolated
        self.skip_safe, self.context_lines = skip_safe, context_lines
        self.prompt, self.color = prompter, color
        self.everywhere: set[tuple[str, str]] = set()
        self.ignored: set[tuple[str, str]] = set()     # (rule, casefolded text) answered with i
        self.projects: dict[str, Project] = {}
        self.errors = 0
        self._kbs: dict = {}
        self._engines: dict = {}

    # engines: like cli.Runner.engine_for, but every pack set goes through the start-up cache
    def engine_for(self, s):
        from .engine import Engine
        from .kbcache import load_kb
        key = (s.kb_key, s.accept, s.disable, s.select)
        if key not in self._engines:
            if s.kb_key not in self._kbs:
                self._kbs[s.kb_key] = load_kb(s.packs, s.builtin_packs, s.disable_packs)
            r = self.runner
            self._engines[key] = Engine(self._kbs[s.kb_key], accept=s.accept + r.accept,
                                        disable=s.disable + r.ignore, select=r.select or s.select)
        return self._engines[key]

    def error(self, msg: str) -> None:
        self.errors += 1
        click.echo(f"mtclean: error: {msg}", err=True)

    def run(self, paths, kind) -> int:
        from .config import ConfigError
        from .document import kind_for_path
        from .packs import PackError
        from .sources import BinaryInput, InputError, expand_paths, read_path

        files = []
        for path, err in expand_paths(paths):
            if err:
                self.error(str(err))
                continue
            files.append(path)
        quit_ = False
        for path in files:
            if quit_:
                break
            try:
                s = self.runner.settings_for(path)
                if self.runner.excluded(path, s):
                    continue
                text = read_path(path)
                engine = self.engine_for(s)
            except BinaryInput as e:
                click.echo(f"mtclean: warning: {e}", err=True)
                continue
            except (InputError, ConfigError, PackError) as e:
                self.error(str(e))
                continue
            k = kind if kind != "auto" else kind_for_path(path)
            result = engine.check(text, k)
            fr = FileReview(self, path, text, result, s, engine)
            try:
                fr.walk()
            except Quit:
                quit_ = True
            except SkipFile:
                pass
            fr.finish()
        self.persist()
        return 2 if self.errors or self.runner.errors else 0

    # -- teaching -------------------------------------------------------------

    def project_for(self, path: str, s) -> Project:
        if self.isolated:
            cfg = None
        elif self.config_arg:
            cfg = Path(self.config_arg).resolve()
        elif s.path:
            cfg = Path(s.path)
        else:
            cfg = default_config_location(path)
        key = str(cfg)
        if key not in self.projects:
            self.projects[key] = Project(cfg)
        return self.projects[key]

    def persist(self) -> None:
        for proj in self.projects.values():
            if proj.config is None:
                if proj.accept or proj.learned:
                    click.echo("not remembered (--isolated): " + ", ".join(
                        [repr(t) for t, _ in proj.accept] + [repr(r["text"]) for r in proj.learned]))
                continue
            try:
                msgs = save_project(proj)
            except ProjectWriteError as e:
                self.error(str(e))
                continue
            for m in msgs:
                click.echo(m)
        if self.projects:
            from .config import find_config
            find_config.cache_clear()


class FileReview:
    def __init__(self, session: Session, path: str, text: str, result, settings, engine):
        self.ss, self.path, self.text, self.result = session, path, text, result
        self.settings, self.engine = settings, engine
        self.edits: list[Edit] = []
        self.stats = {"applied": 0, "rejected": 0, "edited": 0}
        self.lines = text.split("\n")
        self.line_starts = [0]
        for ln in self.lines[:-1]:
            self.line_starts.append(self.line_starts[-1] + len(ln) + 1)
        self._an = None

    # -- order ----------------------------------------------------------------

    def queue(self):
        fs = self.result.findings

        def group(f):
            if f.replacement is not None and f.fix == "safe":
                return 0
            if f.replacement is not None and f.fix == "likely":
                return 1
            return 2
        return sorted(fs, key=lambda f: (group(f), f.start, f.end, f.rule)), group

    def walk(self) -> None:
        order, group = self.queue()
        if not order:
            click.echo(f"{self.path}: nothing to review")
            return
        n = len(order)
        for i, f in enumerate(order, 1):
            if self._overlaps(f.start, f.end) or (f.rule, f.text.strip().casefold()) in self.ss.ignored:
                continue
            if f.replacement is not None and group(f) == 0 and self.ss.skip_safe:
                self._accept(f, f.replacement, quiet=True)
                continue
            if f.replacement is not None and f.fix != "none" and (f.text, f.replacement) in self.ss.everywhere:
                self._accept(f, f.replacement)
                click.echo(self._head(i, n, f) + "  " + _paint(self.ss.color, "dim", "(applied: same fix everywhere)"))
                continue
            self.ask(i, n, f)

    # -- one finding ----------------------------------------------------------

    def _head(self, i, n, f) -> str:
        line, col = self._line_col(f.start)
        c = self.ss.color
        return (f"{_paint(c, 'head', f'[{i}/{n}] {self.path}:{line}:{col}')} {_paint(c, 'rule', f.rule)} "
                f"({f.fix}, confidence {f.confidence:.2f})")

    def _line_col(self, off):
        import bisect
        i = bisect.bisect_right(self.line_starts, off) - 1
        return i + 1, off - self.line_starts[i] + 1

    def show(self, i, n, f) -> None:
        c = self.ss.color
        out = ["", self._head(i, n, f)]
        line_no, _ = self._line_col(f.start)
        end_line, _ = self._line_col(max(f.start, f.end - 1))
        lo = max(1, line_no - self.ss.context_lines)
        hi = min(len(self.lines), end_line + self.ss.context_lines)
        width = len(str(hi))
        for ln in range(lo, hi + 1):
            s = self.line_starts[ln - 1]
            raw = self.lines[ln - 1].rstrip("\r")
            e = s + len(raw)
            if line_no <= ln <= end_line:
                a, b = max(f.start, s), min(f.end, e)
                body = self._mark(self._applied(s, a), self.text[a:b], self._applied(b, e), f, ln == end_line)
                out.append(f"{ln:>{width}} | {body}")
            else:
                out.append(_paint(c, "dim", f"{ln:>{width}} | {_clip(self._applied(s, e), 0, 0)}"))
        out.append(f"  {f.message}")
        if f.evidence:
            out.append(_paint(c, "dim", f"  evidence: {f.evidence}"))
        if f.replacement is not None:
            new = repr(f.replacement) if f.replacement else "(delete)"
            out.append(f"  {f.text!r} -> {new}")
        cands = self._candidates(f)
        if cands:
            out.append("  candidates: " + "  ".join(f"{k}) {v}" for k, v in enumerate(cands, 1)))
        click.echo("\n".join(out))

    def _applied(self, a: int, b: int) -> str:
        """The original text[a:b] with the edits accepted so far that lie inside it."""
        inside = [e for e in self.edits if a <= e.start and e.end <= b and "\n" not in e.text]
        return _apply(self.text, a, b, inside)

    def _mark(self, left, old, right, f, last_line) -> str:
        c = self.ss.color
        if f.replacement is not None:
            mid = _paint(c, "old", f"[-{old}-]") if old else ""
            if last_line:
                mid += _paint(c, "new", "{+" + f.replacement + "+}") if f.replacement else ""
        else:
            mid = _paint(c, "flag", f"[[{old}]]")
        if len(left) > MAX_LINE // 2:
            left = "…" + left[-(MAX_LINE // 2):]
        if len(right) > MAX_LINE // 2:
            right = right[:MAX_LINE // 2] + "…"
        return left + mid + right

    @staticmethod
    def _candidates(f):
        return [c for c in f.candidates if c is not None][:9]

    def ask(self, i, n, f) -> None:
        self.show(i, n, f)
        has_fix = f.replacement is not None
        cands = self._candidates(f)
        keys = (["y", "n"] if has_fix else ["n"]) + ["e", "E"]
        if cands:
            keys.append("1" if len(cands) == 1 else f"1-{len(cands)}")
        keys += (["a"] if has_fix else []) + ["i", "s", "q", "?"]
        question = "Apply this fix" if has_fix else "Flagged (no fix)"
        prompt = f"{question} [{','.join(keys)}]? "
        while True:
            ans = self.ss.prompt.ask(prompt)
            if ans is None:
                raise Quit
            ans = ans.strip()
            if not ans:
                continue
            if ans == "?":
                click.echo(HELP, nl=False)
                continue
            if ans == "q":
                raise Quit
            if ans == "s":
                raise SkipFile
            if ans == "n":
                self.stats["rejected"] += 1
                return
            if ans == "y":
                if not has_fix:
                    click.echo("nothing to apply: press e to type a fix, n to leave it, ? for help")
                    continue
                self._accept(f, f.replacement, teach=True)
                return
            if ans == "a" and has_fix:
                self.ss.everywhere.add((f.text, f.replacement))
                self._accept(f, f.replacement, teach=True)
                return
            if ans.isdigit() and cands and 1 <= int(ans) <= len(cands):
                self._accept(f, cands[int(ans) - 1], teach=True)
                return
            if ans == "e":
                if self._edit_inline(f):
                    return
                continue
            if ans == "E":
                if self._edit_sentence(f):
                    return
                continue
            if ans == "i":
                if self._ignore(f):
                    return
                continue
            click.echo(HELP, nl=False)

    # -- actions --------------------------------------------------------------

    def _overlaps(self, start, end) -> bool:
        for e in self.edits:
            if e.start < end and start < e.end or (start == end and e.start <= start <= e.end) \
                    or (e.start == e.end == start):
                return True   # as select_edits: no insertion at or inside another edit
        return False

    def _accept(self, f, replacement: str, teach: bool = False, quiet: bool = False) -> None:
        self.edits.append(Edit(f.start, f.end, f.text, replacement))
        self.stats["applied"] += 1
        if teach:
            self._learn(f, replacement)

    def _edit_inline(self, f) -> bool:
        default = f.replacement if f.replacement else ""
        hint = f" (Enter keeps {default!r})" if default else " (Enter cancels)"
        ans = self.ss.prompt.ask(f"Replace {f.text!r} with{hint}, \"\" to delete: ")
        if ans is None:
            raise Quit
        if ans == "":
            if not default:
                return False
            ans = default
        if ans == '""':
            ans = ""
        self.edits.append(Edit(f.start, f.end, f.text, ans))
        self.stats["edited"] += 1
        self._learn(f, ans)
        return True

    def _edit_sentence(self, f) -> bool:
        from .analysis import Analysis
        if self._an is None:
            self._an = Analysis(self.result.doc.view)
        s0, s1 = self._an.sentence_at(f.start)
        s0, s1 = min(s0, f.start), max(s1, f.end)
        inside = [e for e in self.edits if s0 <= e.start and e.end <= s1]
        partly = [e for e in self.edits if e not in inside and e.start < s1 and s0 < e.end]
        if partly:
            click.echo("cannot edit this sentence: an accepted fix crosses its boundary")
            return False
        current = _apply(self.text, s0, s1, inside)
        edited = click.edit(current, extension=".txt", require_save=True)
        if edited is None:
            click.echo("no change")
            return False
        if not current.endswith("\n") and edited.endswith("\n"):
            edited = edited[:-1]
        if edited == current:
            click.echo("no change")
            return False
        orig = self.text[s0:s1]
        p = 0
        while p < min(len(orig), len(edited)) and orig[p] == edited[p]:
            p += 1
        q = 0
        while q < min(len(orig), len(edited)) - p and orig[-1 - q] == edited[-1 - q]:
            q += 1
        a, b = s0 + p, s1 - q
        repl = edited[p:len(edited) - q]
        if not self.result.doc.is_prose(a, b) or any(s < b and a < e for s, e in self.result.doc.masked):
            click.echo("not applied: the edit would change code, a link or markup, which mtclean never touches")
            return False
        for e in inside:
            self.edits.remove(e)
        others = [e for e in self.edits if e.start < b and a < e.end]
        if others:
            self.edits.extend(inside)
            click.echo("not applied: the edit overlaps an accepted fix outside the sentence")
            return False
        self.edits.append(Edit(a, b, self.text[a:b], repl))
        self.stats["edited"] += 1
        return True

    def _ignore(self, f) -> bool:
        text = f.text.strip()
        if not text:
            click.echo("nothing to remember: the finding has no text (use n)")
            return False
        # Only words that the accept list really silences are recorded.
        from .engine import Engine
        probe = Engine(self.engine.kb, accept=tuple(self.engine.accept) + (text,),
                       disable=self.engine.disable, select=self.engine.select)
        again = probe.check(self.text, self.result.doc.kind).findings
        if any(g.start == f.start and g.end == f.end and g.rule == f.rule for g in again):
            click.echo(f"the rule {f.rule} does not consult the accept list; use n, an inline "
                       f"`<!-- mtclean: ignore -->`, or `disable = [\"{f.rule}\"]` in the config")
            return False
        reason = self.ss.prompt.ask("Reason (Enter: \"checked in review\"): ")
        if reason is None:
            raise Quit
        reason = reason.strip() or "checked in review"
        line, _ = self._line_col(f.start)
        comment = f"{reason} ({f.rule}, {self.path}:{line}, {_today()})"
        proj = self.ss.project_for(self.path, self.settings)
        if text.casefold() not in {t.casefold() for t, _ in proj.accept} and \
                text.casefold() not in {a.casefold() for a in self.settings.accept}:
            proj.accept.append((text, comment))
        proj.learned = [r for r in proj.learned if r["text"].casefold() != text.casefold()]
        self.ss.ignored.add((f.rule, text.casefold()))
        self.stats["rejected"] += 1
        return True

    def _learn(self, f, replacement: str) -> None:
        """A confirmed name fix becomes a known misspelling in the project pack."""
        if not f.rule.startswith(LEARN_PREFIXES) or f.rule in CURATED_RULES:
            return
        if not replacement or not _name_like(f.text) or not _name_like(replacement):
            return
        if f.text.casefold() == replacement.casefold():
            return
        kb = self.engine.kb
        if kb.is_known_name(f.text) or kb.lookup(f.text):
            return  # an accepted form (consistency) or already listed
        if " " not in f.text and kb.lexicon.zipf(f.text) >= COMMON_WORD_ZIPF:
            click.echo(f"(not remembered: {f.text!r} is a common English word)")
            return
        ents = kb.entities_for(replacement)
        etype = ents[0].type if ents else "person"
        line, _ = self._line_col(f.start)
        proj = self.ss.project_for(self.path, self.settings)
        if any(r["text"].casefold() == f.text.casefold() for r in proj.learned) or \
                any(t.casefold() == f.text.casefold() for t, _ in proj.accept):
            return
        proj.learned.append({"text": f.text, "name": replacement, "type": etype,
                             "note": f"{f.text}: {f.rule} confirmed in review, {self.path}:{line}, "
                                     f"{_today()}"})

    # -- the end --------------------------------------------------------------

    def finish(self) -> None:
        from .edits import UnsafeEdit, verify
        from .findings import Finding
        from .render import render_diff
        from .sources import InputError, read_path, write_atomic

        st = self.stats
        if not self.edits:
            if self.result.findings:
                click.echo(f"{self.path}: no changes ({st['rejected']} left as they are)")
            return
        edits = sorted(self.edits, key=lambda e: (e.start, e.end))
        fs = [Finding("review", "style", e.start, e.end, e.text, e.replacement, "safe", 1.0, "")
              for e in edits]
        try:
            new = _apply_all(self.text, edits)
            verify(self.text, new, fs, self.result.doc.masked)
        except UnsafeEdit as e:
            self.ss.error(f"{self.path}: not written: the edits failed verification ({e})")
            return
        try:
            now = read_path(self.path)
        except InputError:
            now = None
        if now != self.text:
            self.ss.error(f"{self.path}: changed on disk during the review; not written "
                          f"(your {len(edits)} decision(s) for it are lost: run review again)")
            return
        try:
            write_atomic(self.path, new)
        except OSError as e:
            self.ss.error(f"{self.path}: cannot write: {e.strerror or e}")
            return
        click.echo(render_diff(self.path, self.text, new, self.ss.color), nl=False)
        click.echo(f"{self.path}: written ({st['applied']} applied, {st['edited']} edited, "
                   f"{st['rejected']} left as they are)")


def _apply(text: str, s0: int, s1: int, edits) -> str:
    out, pos = [], s0
    for e in sorted(edits, key=lambda e: e.start):
        out.append(text[pos:e.start])
        out.append(e.replacement)
        pos = e.end
    out.append(text[pos:s1])
    return "".join(out)


def _apply_all(text: str, edits) -> str:
    return _apply(text, 0, len(text), edits)


def _today() -> str:
    import datetime
    return datetime.date.today().isoformat()


def _clip(s: str, a: int, b: int) -> str:
    return s if len(s) <= MAX_LINE else s[:MAX_LINE] + "…"


def _name_like(s: str) -> bool:
    import regex
    return bool(regex.fullmatch(r"\p{Lu}[\p{L}\p{M}'’.-]*(?: (?:\p{Lu}[\p{L}\p{M}'’.-]*|von|van|der|den|de|"
                                r"del|della|di|da|dos|das|du|le|la|al|el|bin|ibn|ben))*", s))


# -- where teaching decisions go ----------------------------------------------

class ProjectWriteError(Exception):
    pass


def default_config_location(path: str) -> Path:
    """Where to create ``.mtclean.toml`` when a file has no config: its git root, else cwd or its folder."""
    p = Path(path).resolve().parent
    for d in (p, *p.parents):
        if (d / ".git").exists():
            return d / ".mtclean.toml"
    cwd = Path.cwd().resolve()
    if p == cwd or cwd in p.parents:
        return cwd / ".mtclean.toml"
    return p / ".mtclean.toml"


def _table_path(cfg: Path, text: str) -> tuple[str, ...]:
    """The table that holds mtclean's settings in this config file."""
    import tomllib
    if cfg.name == "pyproject.toml":
        return ("tool", "mtclean")
    data = tomllib.loads(text) if text.strip() else {}
    if "tool" in data and isinstance(data["tool"], dict) and "mtclean" in data["tool"]:
        return ("tool", "mtclean")
    return ()


def save_project(proj: Project) -> list[str]:
    """Write the accept list and the learned pack; return what was remembered."""
    import tomllib
    cfg = proj.config
    msgs = []
    try:
        old = cfg.read_text(encoding="utf-8") if cfg.exists() else ""
    except (OSError, UnicodeDecodeError) as e:
        raise ProjectWriteError(f"{cfg}: cannot read config: {e}") from None
    if not old and cfg.name == "pyproject.toml":
        raise ProjectWriteError(f"{cfg}: missing")
    text = old
    if not text:
        text = ("# mtclean settings (https://pypi.org/project/mtclean/); "
                "`mtclean review` adds to accept and packs.\n")
    try:
        table = _table_path(cfg, text)
    except tomllib.TOMLDecodeError as e:
        raise ProjectWriteError(f"{cfg}: invalid TOML, not changed: {e}") from None
    if proj.accept:
        text = toml_append(text, table, "accept", proj.accept)
        msgs.append(f"remembered in {cfg} (accept): " + ", ".join(repr(t) for t, _ in proj.accept))
    if proj.learned:
        pack = cfg.parent / LEARNED_PACK
        pack_ref = LEARNED_PACK.as_posix()
        added = write_learned_pack(pack, proj.learned)
        data = tomllib.loads(text)
        for k in table:
            data = data.get(k, {})
        listed = {str((cfg.parent / p).resolve()) for p in data.get("packs", [])}
        if str(pack.resolve()) not in listed:
            text = toml_append(text, table, "packs", [(pack_ref, "names learned in `mtclean review`")])
        if added:
            msgs.append(f"remembered in {pack} (misspellings): " + ", ".join(
                f"{r['text']!r} -> {r['name']!r}" for r in added))
    if text != old:
        from .sources import write_atomic
        try:
            cfg.parent.mkdir(parents=True, exist_ok=True)
            if not cfg.exists():
                cfg.write_text("", encoding="utf-8")
            write_atomic(str(cfg), text)
        except OSError as e:
            raise ProjectWriteError(f"{cfg}: cannot write: {e.strerror or e}") from None
    return msgs


def write_learned_pack(path: Path, records: list[dict]) -> list[dict]:
    """Merge misspelling records into the project pack (created if missing); return those added."""
    import tomllib

    from .packs import PackError, load_pack
    old = None
    entities: list[dict] = []
    head = {"name": LEARNED_PACK_NAME, "kind": "entities",
            "description": "Misspellings confirmed by editors in `mtclean review`",
            "source": "mtclean review"}
    if path.exists():
        try:
            old = path.read_text(encoding="utf-8")
            data = tomllib.loads(old)
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
            raise ProjectWriteError(f"{path}: cannot read the learned pack, not changed: {e}") from None
        head = dict(data.get("pack", head))
        entities = [dict(e) for e in data.get("entity", [])]
    wrong = {m.casefold(): e["name"] for e in entities for m in e.get("misspellings", [])}
    added = []
    for r in records:
        if r["text"].casefold() in wrong:
            continue
        ent = next((e for e in entities if e["name"] == r["name"]), None)
        if ent is None:
            ent = {"name": r["name"], "type": r["type"], "misspellings": []}
            entities.append(ent)
        accepted = {ent["name"].casefold(), *(v.casefold() for v in ent.get("variants", [])),
                    *(v.casefold() for v in ent.get("aliases", []))}
        if r["text"].casefold() in accepted:
            continue
        ent.setdefault("misspellings", []).append(r["text"])
        ent["note"] = "; ".join(x for x in (ent.get("note"), r["note"]) if x)
        wrong[r["text"].casefold()] = r["name"]
        added.append(r)
    if not added:
        return []
    text = render_pack(head, entities)
    if tomllib.loads(text) != {"pack": head, "entity": entities}:
        raise ProjectWriteError(f"{path}: internal error: the learned pack would not read back")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        from .sources import write_atomic
        if not path.exists():
            path.write_text("", encoding="utf-8")
        write_atomic(str(path), text)
        load_pack(path)
    except PackError as e:
        if old is not None:
            write_atomic(str(path), old)
        raise ProjectWriteError(f"not remembered: {e}") from None
    except OSError as e:
        raise ProjectWriteError(f"{path}: cannot write: {e.strerror or e}") from None
    return added


# -- a small, careful TOML writer ----------------------------------------------

def toml_str(s: str) -> str:
    r"""A TOML basic string.

    >>> print(toml_str('say "hi"\tnow'))
    "say \"hi\"\tnow"
    """
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif o < 0x20 or o == 0x7F:
            out.append(f"\\u{o:04X}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def toml_key(k: str) -> str:
    import re
    return k if re.fullmatch(r"[A-Za-z0-9_-]+", k) else toml_str(k)


def toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return toml_str(v)
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{toml_key(k)} = {toml_value(x)}" for k, x in v.items()) + "}"
    raise TypeError(f"cannot write {type(v).__name__} as TOML")


def _comment(s: str) -> str:
    return " ".join(s.replace("\r", " ").split())


def render_pack(head: dict, entities: list[dict]) -> str:
    lines = ["# Learned by `mtclean review`: names an editor confirmed. Each listed misspelling",
             "# is fixed to the entity's name by `mtclean fix`. Edit freely; review rewrites this",
             "# file when it learns more (comments are not kept; `note` is).", "", "[pack]"]
    lines += [f"{toml_key(k)} = {toml_value(v)}" for k, v in head.items()]
    order = ("name", "type", "variants", "misspellings", "deprecated", "exceptions", "context",
             "aliases", "gender", "role", "country", "subtype", "note")
    for e in entities:
        lines += ["", "[[entity]]"]
        for k in sorted(e, key=lambda k: (order.index(k) if k in order else len(order), k)):
            lines.append(f"{toml_key(k)} = {toml_value(e[k])}")
    return "\n".join(lines) + "\n"


class TomlEditError(ProjectWriteError):
    pass


def toml_append(text: str, table: tuple[str, ...], key: str, items: list[tuple[str, str]]) -> str:
    """Append strings (each with a comment) to the array ``key`` of ``table`` in TOML source.

    Everything else in the file is kept byte for byte; the result is re-read
    and compared with the original to prove it.

    >>> src = 'level = "safe"\\naccept = [\\n  "Kyiv",  # ok\\n]\\n'
    >>> print(toml_append(src, (), "accept", [("Okonjo-Iweala", "a real name")]), end="")
    level = "safe"
    accept = [
      "Kyiv",  # ok
      "Okonjo-Iweala",  # a real name
    ]
    """
    import tomllib
    try:
        before = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise TomlEditError(f"invalid TOML, not changed: {e}") from None
    entries = _scan(text)
    def lines(indent: str) -> str:
        return "".join(f"{indent}{toml_str(v)},  # {_comment(c)}\n" if c else f"{indent}{toml_str(v)},\n"
                       for v, c in items)
    kv = next((e for e in entries if e[0] == "kv" and e[1] == table and e[2] == (key,)), None)
    if kv is not None:
        _, _, _, line_start, vs, ve = kv
        if text[vs] != "[":
            raise TomlEditError(f"'{key}' is not an array")
        _, elems = _skip_array(text, vs)
        if "\n" not in text[vs:ve]:
            indent = "  "
            body = "".join(f"{indent}{text[s:e]},\n" for s, e in elems)
            new = text[:vs] + "[\n" + body + lines(indent) + "]" + text[ve:]
        else:
            close = ve - 1
            if elems:
                last_end = elems[-1][1]
                ls = text.rfind("\n", 0, elems[-1][0]) + 1
                indent = text[ls:elems[-1][0]] if not text[ls:elems[-1][0]].strip() else "  "
                j = _skip_ws_comments(text, last_end)
                comma = text[j] == ","
            else:
                indent, last_end, comma = "  ", None, True
            cls = text.rfind("\n", 0, close) + 1
            if not text[cls:close].strip():
                ins_at, ins = cls, lines(indent)
            else:
                ins_at, ins = close, "\n" + lines(indent)
            new = text[:ins_at] + ins + text[ins_at:]
            if not comma:
                new = new[:last_end] + "," + new[last_end:]
    else:
        block = f"{key} = [\n" + lines("  ") + "]\n"
        in_table = [e for e in entries if (e[0] == "kv" and e[1] == table)
                    or (e[0] == "table" and e[1] == table)]
        if in_table:
            last = in_table[-1]
            end = last[5] if last[0] == "kv" else last[4]
            nl = text.find("\n", end)
            pos = len(text) if nl < 0 else nl + 1
            prefix = "" if pos == 0 or text[pos - 1] == "\n" else "\n"
            new = text[:pos] + prefix + block + text[pos:]
        elif table == ():
            first_table = next((e for e in entries if e[0] == "table"), None)
            pos = first_table[3] if first_table else len(text)
            prefix = "" if pos == 0 or text[pos - 1] == "\n" else "\n"
            new = text[:pos] + prefix + block + ("\n" if first_table else "") + text[pos:]
        else:
            sep = "" if not text or text.endswith("\n") else "\n"
            new = text + sep + f"\n[{'.'.join(toml_key(k) for k in table)}]\n" + block
    try:
        after = tomllib.loads(new)
    except tomllib.TOMLDecodeError as e:
        raise TomlEditError(f"could not add to '{key}' safely ({e}); add it by hand") from None
    want = [v for v, _ in items]
    t_before, t_after = _get_table(before, table), _get_table(after, table)
    if t_after.get(key) != t_before.get(key, []) + want:
        raise TomlEditError(f"could not add to '{key}' safely; add it by hand")
    t_after = dict(t_after)
    if key in t_before:
        t_after[key] = t_before[key]
    else:
        t_after.pop(key, None)
    if _set_table(after, table, t_after) != before:
        raise TomlEditError(f"adding to '{key}' would change other settings; add it by hand")
    return new


def _get_table(data: dict, table) -> dict:
    for k in table:
        data = data.get(k, {})
    return data


def _set_table(data: dict, table, value) -> dict:
    if not table:
        return value
    out = dict(data)
    out[table[0]] = _set_table(data.get(table[0], {}), table[1:], value)
    if table and not out[table[0]] and table[0] not in data:
        del out[table[0]]
    return out


# A scanner that knows just enough TOML to find tables, keys and value spans.

def _scan(t: str) -> list[tuple]:
    """[("table", name, is_array, line_start, header_end) | ("kv", table, key, line_start, vstart, vend)]"""
    out, i, n, table = [], 0, len(t), ()
    while i < n:
        while i < n and t[i] in " \t":
            i += 1
        if i >= n:
            break
        c = t[i]
        if c in "\r\n":
            i += 1
            continue
        if c == "#":
            i = _eol(t, i)
            continue
        line_start = t.rfind("\n", 0, i) + 1
        if c == "[":
            is_array = t.startswith("[[", i)
            parts, j = _parse_key(t, i + (2 if is_array else 1))
            j = _skip_ws(t, j)
            close = "]]" if is_array else "]"
            if not t.startswith(close, j):
                raise TomlEditError("unexpected table header")
            j += len(close)
            table = tuple(parts)
            out.append(("table", table, is_array, line_start, j))
            i = _eol(t, j)
            continue
        parts, j = _parse_key(t, i)
        j = _skip_ws(t, j)
        if j >= n or t[j] != "=":
            raise TomlEditError("expected '='")
        vs = _skip_ws(t, j + 1)
        ve = _skip_value(t, vs)
        out.append(("kv", table, tuple(parts), line_start, vs, ve))
        i = _eol(t, ve)
    return out


def _eol(t, i):
    j = t.find("\n", i)
    return len(t) if j < 0 else j + 1


def _skip_ws(t, i):
    while i < len(t) and t[i] in " \t":
        i += 1
    return i


def _skip_ws_comments(t, i):
    while i < len(t):
        if t[i] in " \t\r\n":
            i += 1
        elif t[i] == "#":
            i = _eol(t, i)
        else:
            break
    return i


def _parse_key(t, i):
    parts = []
    while True:
        i = _skip_ws(t, i)
        if i < len(t) and t[i] in "\"'":
            j = _skip_string(t, i)
            import tomllib
            parts.append(tomllib.loads(f"k = {t[i:j]}")["k"])
        else:
            j = i
            while j < len(t) and (t[j].isalnum() or t[j] in "_-"):
                j += 1
            if j == i:
                raise TomlEditError("bad key")
            parts.append(t[i:j])
        i = _skip_ws(t, j)
        if i < len(t) and t[i] == ".":
            i += 1
            continue
        return parts, i


def _skip_string(t, i):
    for q in ('"""', "'''"):
        if t.startswith(q, i):
            j = i + 3
            while True:
                k = t.find(q, j)
                if k < 0:
                    raise TomlEditError("unterminated string")
                if q == '"""':
                    bs = 0
                    while t[k - 1 - bs] == "\\":
                        bs += 1
                    if bs % 2:
                        j = k + 1
                        continue
                run = 0
                while k + run < len(t) and t[k + run] == q[0] and run < 5:
                    run += 1
                return k + run
    q = t[i]
    j = i + 1
    while j < len(t) and t[j] != q:
        if t[j] == "\n":
            raise TomlEditError("unterminated string")
        j += 2 if q == '"' and t[j] == "\\" else 1
    return j + 1


def _skip_value(t, i):
    if i >= len(t):
        raise TomlEditError("missing value")
    c = t[i]
    if c in "\"'":
        return _skip_string(t, i)
    if c == "[":
        return _skip_array(t, i)[0]
    if c == "{":
        j = _skip_ws(t, i + 1)
        if t[j] == "}":
            return j + 1
        while True:
            _, j = _parse_key(t, j)
            j = _skip_ws(t, j)
            if t[j] != "=":
                raise TomlEditError("bad inline table")
            j = _skip_ws(t, _skip_value(t, _skip_ws(t, j + 1)))
            if t[j] == ",":
                j = _skip_ws(t, j + 1)
                continue
            if t[j] == "}":
                return j + 1
            raise TomlEditError("bad inline table")
    j = i
    while j < len(t) and t[j] not in " \t\r\n,]}#":
        j += 1
    # a date-time may have a space between date and time
    if j + 1 < len(t) and t[j] == " " and t[j + 1].isdigit() and t[i:j].count("-") == 2:
        j += 1
        while j < len(t) and t[j] not in " \t\r\n,]}#":
            j += 1
    return j


def _skip_array(t, i):
    elems, j = [], i + 1
    while True:
        j = _skip_ws_comments(t, j)
        if j >= len(t):
            raise TomlEditError("unterminated array")
        if t[j] == "]":
            return j + 1, elems
        s = j
        j = _skip_value(t, j)
        elems.append((s, j))
        j = _skip_ws_comments(t, j)
        if j < len(t) and t[j] == ",":
            j += 1
        elif j < len(t) and t[j] == "]":
            return j + 1, elems
        else:
            raise TomlEditError("bad array")
