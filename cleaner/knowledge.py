"""The knowledge base: every rule pack compiled once per process.

>>> kb = KnowledgeBase.load()
>>> [e.name for e in kb.entities_for("Zelensky")][:1]
['Volodymyr Zelenskyy']
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import re
import unicodedata

import regex

from .analysis import fold
from .lexicon import Lexicon
from .packs import Pack, PackError, builtin_pack_paths, load_pack
from .phonetic import name_key

# How a form refers to an entity.
ACCEPTED = ("name", "variant", "alias", "surname", "given")
WRONG = ("misspelling", "deprecated")

_PARTICLES = frozenset("von van der den de del della di da dos das du le la al el bin ibn ben y e".split())


@dataclass(eq=False)
class Entity:
    id: int
    name: str
    type: str
    pack: str
    subtype: str = ""
    gender: str = ""
    role: str = ""
    country: str = ""
    context: tuple[str, ...] = ()
    exceptions: tuple[str, ...] = ()
    givens: frozenset[str] = frozenset()     # folded first names (persons)
    surnames: frozenset[str] = frozenset()   # folded surnames (persons)

    def describe(self) -> str:
        bits = [self.name]
        extra = ", ".join(x for x in (self.role, self.subtype if self.type != "person" else "", self.country) if x)
        return f"{bits[0]} ({extra})" if extra else bits[0]


def required_literals(pattern: str) -> tuple[str, ...]:
    """Lower-case letter runs (or rare marks) one of which every match must contain, or ().

    The pattern is parsed into sequences, groups and alternatives: a sequence
    requires its most selective part (a run of plain letters, or a group that
    must match, whose every alternative requires a literal); an alternation
    requires one literal per branch. Optional parts, classes, escapes and
    negative lookarounds require nothing; positive lookarounds do (they read
    the document too). A two-letter case class such as ``[Tt]`` counts as the
    letter. Without a letter run, a rare mark the pattern requires will do
    (a curly quote, '|', '€'). A document without any of the literals cannot
    match, so the rule is skipped.

    >>> required_literals(r"\\binventory (markets?)\\b")
    ('inventory',)
    >>> required_literals(r"(?:foo|bar) baz|qux")
    ('baz', 'qux')
    >>> required_literals(r"\\b(said|wrote|posted) on (?:X|Twitter)")
    ('said', 'wrote', 'posted')
    >>> required_literals(r"\\b[Tt]he (?=(?:King|Queen) \\p{Lu})")
    ('king', 'queen')
    >>> required_literals(r"(?<=\\p{L}) (['’]s)\\b"), required_literals(r"\\u201C\\s+")
    (("'", '’'), ('“',))
    >>> required_literals(r"S&P 500|Russell 2000")
    ('500', 'russell')
    >>> required_literals(r"\\p{Lu}\\w+"), required_literals(r"(?:abc)?def|x"), required_literals(r"(?!abc)\\w+")
    ((), (), ())
    """
    if _UNSURE_RE.search(pattern):
        return ()
    try:
        node, _ = _RegexParser(pattern).alternation(0)
    except (IndexError, ValueError):
        return ()
    req = _required(node)
    low = fold_literal(pattern)
    return tuple(sorted(req, key=lambda s: (low.find(s), s))) if req else ()


MIN_LITERAL = 3


def fold_literal(s: str) -> str:
    """How literals and document words are compared: full case folding, as the rules
    match ('Straße' ~ 'STRASSE', 'ﬁnancial' ~ 'financial', 'İstanbul' ~ 'istanbul')."""
    return s.casefold().replace("\u0307", "")


def is_rare_char(c: str) -> bool:
    """A punctuation mark or symbol rare enough to prefilter on ('“', '’', '|', '€', '%', '•')."""
    return len(c) == 1 and not c.isalnum() and not c.isspace() and c not in ".,-_:;!?()/&+*="


def _selectivity(lits) -> float:
    """How selective requiring one of ``lits`` is: letter runs by length, digits or a rare mark 2.5."""
    return min(len(x) if x.isalpha() else 2.5 for x in lits)


# Every escape the parser may meet, consumed whole: a character given by code
# (kept when it is a rare mark), an escaped mark ('\\|'), or anything else
# (classes, anchors, properties '\\pL' / '\\p{Lu}', backreferences, octal,
# named lists) that requires no literal. Anything not listed stops the parse.
_ESCAPE_RE = re.compile(r"""\\(?:
      u(?P<hex>[0-9a-fA-F]{4}) | U(?P<hex8>[0-9a-fA-F]{8}) | x(?:[0-9a-fA-F]{2}|\{[0-9a-fA-F]+\})
    | [pP](?:\{[^}]*\}|[A-Za-z]) | N\{[^}]*\} | [gL]<[^>]*> | [0-7]{1,3} | [1-9][0-9]{0,2}
    | [bBdDsSwWAZzGmMhHvVRXK]
    | (?P<char>[^A-Za-z0-9])
)""", re.X)
_UNSURE_RE = re.compile(r"\(\?[a-zA-Z-]*x|\{[^{}]*[eids](?:<|<=|,|\}|[^{}]*\})")    # verbose mode, fuzzy matching


class _RegexParser:
    """Just enough of a regex parser to find required letters (see required_literals).

    Nodes: ("alt", [seq...]), ("seq", [item...]), ("lit", char), ("group", node, kind),
    ("opt", node) for a part that may be absent, ("any",) for anything else.
    """

    def __init__(self, p: str):
        self.p = p

    def alternation(self, i: int):
        seqs = []
        seq, i = self.sequence(i)
        seqs.append(seq)
        while i < len(self.p) and self.p[i] == "|":
            seq, i = self.sequence(i + 1)
            seqs.append(seq)
        return ("alt", seqs), i

    def sequence(self, i: int):
        items, p = [], self.p
        while i < len(p) and p[i] not in "|)":
            atom, i = self.atom(i)
            lo, i = self.quantifier(i)
            if lo is not None:
                atom = ("opt", atom) if lo == 0 else (atom if atom[0] == "group" else ("any",))
            items.append(atom)
        return ("seq", items), i

    def quantifier(self, i: int):
        p = self.p
        if i >= len(p):
            return None, i
        c = p[i]
        if c in "*?+":
            lo = 1 if c == "+" else 0
            i += 1
        elif c == "{" and re.match(r"\{\d*(?:,\d*)?\}", p[i:]):
            m = re.match(r"\{(\d*)", p[i:])
            lo = int(m.group(1) or 0)
            i = p.index("}", i) + 1
        else:
            return None, i
        if i < len(p) and p[i] in "?+":      # lazy or possessive
            i += 1
        return lo, i

    def atom(self, i: int):
        p = self.p
        c = p[i]
        if c == "\\":
            m = _ESCAPE_RE.match(p, i)
            if m is None:
                raise ValueError("unknown escape")
            code = m.group("hex")
            ch = chr(int(code, 16)) if code else m.group("char")
            return (("chr", ch) if ch and is_rare_char(ch) else ("any",)), m.end()
        if c == "[":
            j = i + 1 + (p[i + 1:i + 2] == "^")
            j += p[j:j + 1] == "]"
            while p[j] != "]":
                j += 2 if p[j] == "\\" else 1
            body = p[i + 1:j]
            if len(body) == 2 and body[0].isalpha() and body[0].lower() == body[1].lower():
                return ("lit", body[0]), j + 1
            if body and not body.startswith("^") and all(is_rare_char(x) and x not in "\\[]^-" for x in body):
                return ("group", ("alt", [("seq", [("chr", x)]) for x in body])), j + 1
            return ("any",), j + 1
        if c == "(":
            kind, j = "group", i + 1
            if p.startswith("?", j):
                m = re.match(r"\?(?:P<\w+>|<\w+>|'\w+'|<=|<!|=|!|:|>|\||[a-zA-Z-]*:|[a-zA-Z-]*\))", p[j:])
                if not m:
                    return ("any",), self._close(i)
                tag = m.group()
                j += len(tag)
                if tag in ("?!", "?<!"):
                    kind = "neg"
                elif tag.endswith(")") and tag != "?)":
                    return ("any",), j          # inline flags: (?i)
            node, j = self.alternation(j)
            if p[j:j + 1] != ")":
                raise ValueError("unbalanced")
            return (("any",) if kind == "neg" else ("group", node)), j + 1
        if c == ")":
            raise ValueError("unbalanced")
        if c.isalpha():
            return ("lit", c), i + 1
        if c in "0123456789":
            return ("dig", c), i + 1
        if is_rare_char(c) and c not in "^$|[]{}.?*+":
            return ("chr", c), i + 1
        return ("any",), i + 1

    def _close(self, i: int) -> int:
        depth = 0
        while i < len(self.p):
            if self.p[i] == "\\":
                i += 2
                continue
            depth += {"(": 1, ")": -1}.get(self.p[i], 0)
            i += 1
            if depth == 0:
                return i
        raise ValueError("unbalanced")


def _required(node) -> frozenset[str] | None:
    """Literals one of which every match of ``node`` contains, or None."""
    kind = node[0]
    if kind == "alt":
        out = set()
        for seq in node[1]:
            r = _required(seq)
            if r is None:
                return None
            out |= r
        return frozenset(out)
    if kind == "group":
        return _required(node[1])
    if kind != "seq":
        return None
    best, run = None, ""

    def better(a, b):
        if b is None:
            return a
        if a is None:
            return b
        return a if (_selectivity(a), -len(a)) >= (_selectivity(b), -len(b)) else b

    for item in node[1] + [("any",)]:
        if item[0] in ("lit", "dig"):
            if run and (item[0] == "dig") != run[-1].isdigit():     # 'COVID19': two tokens, two runs
                if len(run) >= MIN_LITERAL:
                    best = better(best, frozenset([run]))
                run = ""
            run += fold_literal(item[1])
            continue
        if len(run) >= MIN_LITERAL:
            best = better(best, frozenset([run]))
        run = ""
        if item[0] == "chr":
            best = better(best, frozenset([item[1]]))
        elif item[0] == "group":
            r = _required(item)
            if r and all(x.isalpha() and len(x) >= MIN_LITERAL or not x.isalpha() for x in r):
                best = better(best, r)
    return best


@dataclass
class PhraseRule:
    id: str
    pack: str
    category: str
    pattern: regex.Pattern
    replacement: str | None
    fix: str
    message: str
    case_sensitive: bool
    examples: list
    in_quotes: str = "downgrade"
    literals: tuple[str, ...] = ()
    trusted: bool = True          # a built-in rule (tested) runs without a time bound
    timed_out: bool = False       # a user rule that hit its time bound is not run again


_FORM_TOKEN_RE = regex.compile(r"[\p{L}\p{M}\d]+(?:['’.-][\p{L}\p{M}\d]+)*")


def fold_form(form: str) -> str:
    """Index key of a name form: folded tokens joined by one space."""
    return " ".join(_FORM_TOKEN_RE.findall(fold(form)))


def person_parts(name: str) -> tuple[str | None, str | None]:
    """(given name, surname) of a person's name, particles kept with the surname.

    >>> person_parts("Ursula von der Leyen")
    ('Ursula', 'von der Leyen')
    >>> person_parts("Steve Witkoff")
    ('Steve', 'Witkoff')
    >>> person_parts("Kirill of Moscow")
    (None, None)
    """
    toks = name.split()
    if len(toks) < 2 or any(t.lower() in ("of", "the") for t in toks):
        return None, None      # 'Kirill of Moscow' is a title, not a surname
    i = len(toks) - 1
    while i > 1 and toks[i - 1].lower() in _PARTICLES:
        i -= 1
    return toks[0], " ".join(toks[i:])


@dataclass
class KnowledgeBase:
    packs: list[Pack] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    forms: dict[str, list[tuple[int, str]]] = field(default_factory=lambda: defaultdict(list))
    max_form_tokens: int = 1
    fuzzy_words: list[str] = field(default_factory=list)       # single-token accepted forms (original)
    fuzzy_refs: list[list[tuple[int, str]]] = field(default_factory=list)
    by_initial: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    by_key: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    phrase_rules: list[PhraseRule] = field(default_factory=list)
    boilerplate_rules: list[PhraseRule] = field(default_factory=list)
    words: dict[str, frozenset[str]] = field(default_factory=dict)
    prefixes: dict[str, int] = field(default_factory=dict)   # token prefixes of multi-word forms
    surfaces: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))   # key -> accepted spellings
    acronyms: dict[str, list[tuple[str, int]]] = field(default_factory=lambda: defaultdict(list))
    lexicon: Lexicon = field(default_factory=Lexicon)
    _rule_packs: dict[str, str] = field(default_factory=dict)

    # -- building -----------------------------------------------------------

    @classmethod
    def load(cls, extra_packs: list[str | Path] = (), builtin: bool = True,
             disabled_packs: frozenset[str] = frozenset()) -> "KnowledgeBase":
        """Load the built-in packs (unless ``builtin`` is false) and user packs.

        A user pack whose name equals a built-in pack's replaces it.
        """
        packs: dict[str, Pack] = {}
        for p in (builtin_pack_paths() if builtin else []):
            pack = load_pack(p)
            if pack.name in packs:
                raise PackError(f"{p}:1: pack name {pack.name!r} also used by {packs[pack.name].path}")
            packs[pack.name] = pack
        for p in extra_packs:
            pack = load_pack(p)
            pack.meta = {**pack.meta, "_user": True}
            packs[pack.name] = pack
        kb = cls()
        for pack in packs.values():
            if pack.name not in disabled_packs:
                kb.add_pack(pack)
        kb.finish()
        return kb

    def add_pack(self, pack: Pack) -> None:
        self.packs.append(pack)
        if pack.kind == "entities":
            for e in pack.data.get("entity", []):
                self._add_entity(pack, e)
        elif pack.kind in ("phrases", "boilerplate"):
            target = self.phrase_rules if pack.kind == "phrases" else self.boilerplate_rules
            default_cat = pack.meta.get("category", "phrase" if pack.kind == "phrases" else "boilerplate")
            for r in pack.data.get("rule", []):
                flags = regex.V1 if r.get("case") == "sensitive" else regex.V1 | regex.I
                pat = r["pattern"]
                if pack.kind == "boilerplate":
                    pat = rf"^[ \t]*+(?:{pat})[ \t]*+\r?$"
                    flags |= regex.M
                prefix = "phrase" if pack.kind == "phrases" else "boilerplate"
                rid = f"{prefix}.{r['id']}"
                if rid in self._rule_packs:
                    raise PackError(f"{pack.path}:{pack.line_of(repr(r['id']), r['id'])}: rule id {r['id']!r} "
                                    f"is also used in pack {self._rule_packs[rid]!r}")
                self._rule_packs[rid] = pack.name
                target.append(PhraseRule(
                    id=rid, pack=pack.name, category=r.get("category", default_cat),
                    pattern=regex.compile(pat, flags), replacement=r.get("replacement"),
                    fix=r.get("fix", "none"), message=r.get("message", r["id"]),
                    case_sensitive=r.get("case") == "sensitive", examples=r.get("examples", []),
                    in_quotes=r.get("quotes", "downgrade"), literals=required_literals(r["pattern"]),
                    trusted=not pack.meta.get("_user")))
        elif pack.kind == "words":
            for key, val in pack.data.items():
                if key != "pack":
                    words = frozenset(w.casefold() for w in val.get("words", []))
                    self.words[key] = self.words.get(key, frozenset()) | words

    def _add_entity(self, pack: Pack, e: dict) -> None:
        same = self._extends(pack, e)
        if same is not None:      # a user pack adding forms to a built-in entity: one entity, not two
            ent = same
            ent.context = tuple(dict.fromkeys(ent.context + tuple(e.get("context", []))))
            ent.exceptions = tuple(dict.fromkeys(ent.exceptions + tuple(e.get("exceptions", []))))
            for k in ("gender", "role", "country", "subtype"):
                if not getattr(ent, k) and e.get(k):
                    setattr(ent, k, e[k])
            self._index_forms(ent, e)
            return
        ent = Entity(id=len(self.entities), name=e["name"], type=e["type"], pack=pack.name,
                     subtype=e.get("subtype", ""), gender=e.get("gender", ""), role=e.get("role", ""),
                     country=e.get("country", ""), context=tuple(e.get("context", [])),
                     exceptions=tuple(e.get("exceptions", [])))
        self.entities.append(ent)
        self._index_forms(ent, e)

    def _extends(self, pack: Pack, e: dict) -> "Entity | None":
        """The built-in entity a user pack's entry names again (same name, type and country), if any.

        >>> kb = KnowledgeBase.load()
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "mine.toml"
        >>> _ = p.write_text('[pack]\\nname = "mine"\\nkind = "entities"\\n'
        ...                  '[[entity]]\\nname = "Steve Witkoff"\\ntype = "person"\\nmisspellings = ["Stiv Vitkof"]\\n')
        >>> kb2 = KnowledgeBase.load([p])
        >>> len(kb2.entities) == len(kb.entities), [kb2.entities[i].name for i, _ in kb2.lookup("Stiv Vitkof")]
        (True, ['Steve Witkoff'])
        """
        if not pack.meta.get("_user"):
            return None
        same = {eid for eid, how in self.forms.get(fold_form(e["name"]), ())
                if how == "name" and self.entities[eid].type == e.get("type") and self.entities[eid].name == e["name"]
                and self.entities[eid].pack != pack.name
                and (not e.get("country") or not self.entities[eid].country or e["country"] == self.entities[eid].country)}
        # a namesake in another country ('Valencia, Venezuela') stays apart; so does an entry
        # that could extend several built-in namesakes (two Valencias, no country given)
        return self.entities[same.pop()] if len(same) == 1 else None

    def _index_forms(self, ent: "Entity", e: dict) -> None:
        accepted = [e["name"], *e.get("variants", [])]
        givens, surnames = set(ent.givens), set(ent.surnames)
        self._index(e["name"], ent.id, "name")
        for v in e.get("variants", []):
            self._index(v, ent.id, "variant")
        for v in e.get("aliases", []):
            self._index(v, ent.id, "alias")
        if ent.type == "person":
            for form in accepted:
                given, surname = person_parts(form)
                if surname:
                    givens.add(fold_form(given))
                    surnames.add(fold_form(surname))
                    if len(surname) > 2 and self.lexicon.zipf(surname) < 6.0:   # never 'In' (Moon Jae In)
                        self._index(surname, ent.id, "surname")
            ent.givens, ent.surnames = frozenset(givens), frozenset(surnames)
        for v in e.get("misspellings", []):
            self._index(v, ent.id, "misspelling")
        for v in e.get("deprecated", []):
            self._index(v, ent.id, "deprecated")

    def _index(self, form: str, eid: int, how: str) -> None:
        key = fold_form(form)
        if not key:
            return
        if how in ACCEPTED:
            self.surfaces[key].add(unicodedata.normalize("NFC", form))
            if form.isupper() and form.isalpha() and 3 <= len(form) <= 6:
                self.acronyms["".join(sorted(form))].append((form, eid))
        refs = self.forms[key]
        if (eid, how) not in refs:
            refs.append((eid, how))
        n = key.count(" ") + 1
        self.max_form_tokens = max(self.max_form_tokens, n)

    def finish(self) -> None:
        """Build the fuzzy index over single-token accepted forms."""
        for key, refs in self.forms.items():
            # a surname that is also the exact name of a place or organisation ('Jordan')
            # is left to the place: alone, it is not a safe reference to the person
            if any(how == "surname" for _, how in refs) and any(
                    how in ("name", "variant") and self.entities[eid].type != "person" for eid, how in refs):
                refs[:] = [(eid, how) for eid, how in refs if how != "surname"]
        self.forms = dict(self.forms)
        for key in self.forms:
            parts = key.split(" ")
            for n in range(1, len(parts)):
                self.prefixes[" ".join(parts[:n])] = 1
        self.surfaces = dict(self.surfaces)
        self.acronyms = dict(self.acronyms)
        for key, refs in self.forms.items():
            if " " in key or len(key) < 4:
                continue
            acc = [(eid, how) for eid, how in refs if how in ACCEPTED]
            if not acc:
                continue
            i = len(self.fuzzy_words)
            self.fuzzy_words.append(key)
            self.fuzzy_refs.append(acc)
            self.by_initial[key[0]].append(i)
            self.by_key[name_key(key)].append(i)
        self.by_initial = dict(self.by_initial)
        self.by_key = dict(self.by_key)

    # -- queries ------------------------------------------------------------

    def lookup(self, form: str) -> list[tuple[int, str]]:
        """(entity id, how) pairs for an exact form, case-insensitive, diacritics folded."""
        return self.forms.get(fold_form(form), [])

    def entities_for(self, form: str) -> list[Entity]:
        return [self.entities[eid] for eid, how in self.lookup(form) if how in ACCEPTED]

    def is_known_name(self, form: str) -> bool:
        return any(how in ACCEPTED for _, how in self.lookup(form))

    def word_set(self, name: str) -> frozenset[str]:
        return self.words.get(name, frozenset())

    @property
    def digest(self) -> str:
        import hashlib
        h = hashlib.sha256()
        for p in self.packs:
            h.update(p.digest.encode())
        return h.hexdigest()[:16]
