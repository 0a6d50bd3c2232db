"""Entity knowledge quality: no entity entered twice, and the MT forms of names are repaired.

tests/test_packs.py already runs every listed misspelling in a neutral sentence and
checks that no accepted form is ever changed; here the cross-pack duplicate check is
shown to work, and a few representative machine-translation forms are fixed by
`mtclean fix` in ordinary sentences while the correct forms are left alone.
"""
import pytest

from conftest import run_cli

from cleaner.knowledge import KnowledgeBase
from cleaner.lint import duplicates
from cleaner.packs import load_pack


@pytest.fixture(scope="module")
def kb():
    return KnowledgeBase.load()


def _pack(path, name, entities):
    rows = ["[pack]", f'name = "{name}"', 'kind = "entities"']
    for e in entities:
        rows.append("[[entity]]")
        for key, val in e.items():
            rows.append(f"{key} = {val!r}".replace("'", '"'))
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _kb(*paths):
    """A knowledge base of these packs only, loaded as built-in packs are (an entry that
    names another pack's entity again is a second entity, not an extension of it)."""
    kb = KnowledgeBase()
    for p in paths:
        kb.add_pack(load_pack(p))
    kb.finish()
    return kb


def test_shipped_packs_have_no_duplicate_entities(kb):
    assert duplicates(kb) == []


def test_duplicate_across_packs_is_reported(kb, tmp_path):
    """The same person entered again in another pack, under a differently cased name."""
    extra = _pack(tmp_path / "royals.toml", "more-royals", [
        {"name": "king felipe vi", "type": "person", "country": "Spain", "role": "King of Spain"}])
    found = duplicates(KnowledgeBase.load([extra]))
    assert len(found) == 1 and "'King Felipe VI'" in found[0] and "more-royals" in found[0], found


def test_duplicate_by_shared_form_is_reported(tmp_path):
    """Two entries whose names differ but that list the same form are one person entered twice."""
    a = _pack(tmp_path / "a.toml", "pack-a", [
        {"name": "Qassem Soleimani", "type": "person", "country": "Iran"}])
    b = _pack(tmp_path / "b.toml", "pack-b", [
        {"name": "Qasem Soleimani", "type": "person", "country": "Iran", "variants": ["Qassem Soleimani"]}])
    found = duplicates(_kb(a, b))
    assert len(found) == 1 and "'qassem soleimani'" in found[0], found


def test_distinct_namesakes_are_not_reported(tmp_path):
    """Different places (another country) or entries marked 'distinct from' stay apart."""
    a = _pack(tmp_path / "a.toml", "pack-a", [
        {"name": "Valencia", "type": "place", "country": "Spain"},
        {"name": "OPEC", "type": "org", "variants": ["Opec"]}])
    b = _pack(tmp_path / "b.toml", "pack-b", [
        {"name": "Valencia", "type": "place", "country": "Venezuela"},
        {"name": "OPEC+", "type": "org", "note": "Distinct from OPEC: the wider group."}])
    found = duplicates(_kb(a, b))
    assert found == []


# (spun sentence, expected) -- one or two per mechanism: royal and papal names
# exonymised, Russian-style transliteration of Latin-script names, Russian forms
# of Ukrainian and Georgian given names.
FIXED = [
    ("King Philip VI visited Valencia on Tuesday.", "King Felipe VI visited Valencia on Tuesday."),
    ("Queen Letitia opened the exhibition in Madrid.", "Queen Letizia opened the exhibition in Madrid."),
    ("King Carl XVI Gustav handed out the prizes.", "King Carl XVI Gustaf handed out the prizes."),
    ("Pope Francesco celebrated Mass in St Peter's Square.", "Pope Francis celebrated Mass in St Peter's Square."),
    ("Pope Leone XIV met pilgrims at the Vatican.", "Pope Leo XIV met pilgrims at the Vatican."),
    ("Serbian President Aleksandar Vuchich addressed parliament.",
     "Serbian President Aleksandar Vučić addressed parliament."),
    ("Former Montenegrin leader Milo Djukanovich conceded defeat.",
     "Former Montenegrin leader Milo Đukanović conceded defeat."),
    ("Slovak Prime Minister Robert Fitso spoke to reporters.", "Slovak Prime Minister Robert Fico spoke to reporters."),
    ("Hungary's foreign minister Peter Siyarto arrived in Minsk.",
     "Hungary's foreign minister Péter Szijjártó arrived in Minsk."),
    ("Ukrainian President Vladimir Zelensky spoke by phone with the chancellor.",
     "Ukrainian President Volodymyr Zelenskyy spoke by phone with the chancellor."),
    ("Foreign Minister Dmitry Kuleba travelled to Brussels.", "Foreign Minister Dmytro Kuleba travelled to Brussels."),
    ("Georgian Prime Minister Irakly Kobakhidze rejected the criticism.",
     "Georgian Prime Minister Irakli Kobakhidze rejected the criticism."),
    ("Former prime minister Georgy Gakharia founded a new party.",
     "Former prime minister Giorgi Gakharia founded a new party."),
]

# Correct names, and alternative romanisations that reputable outlets use: never changed.
UNCHANGED = [
    "King Felipe VI and Queen Letizia visited Valencia on Tuesday.",
    "King Carl XVI Gustaf handed out the prizes in Stockholm.",
    "Pope Francis and Pope Leo XIV both spoke of peace.",
    "Serbian President Aleksandar Vučić met Aleksandar Vucic's critics.",
    "Montenegro's Milo Đukanović, also written Milo Djukanovic, conceded defeat.",
    "Hungarian Foreign Minister Péter Szijjártó met Peter Szijjarto's counterpart.",
    "Ukrainian President Volodymyr Zelenskyy, or Volodymyr Zelensky, spoke to reporters.",
    "Iranian President Ebrahim Raisi, also spelled Ibrahim Raisi, died in 2024.",
    "Mojtaba Khamenei, sometimes written Mujtaba Khamenei, is a cleric.",
    "Former foreign minister Hussein Amir-Abdollahian was killed in the same crash.",
    "Philip VI of France was crowned in 1328.",
]


def _fix(lines):
    r = run_cli("fix", "-", input="\n\n".join(lines).encode("utf-8"))
    assert r.returncode in (0, 1), r.stderr.decode()
    return r.stdout.decode("utf-8").split("\n\n")


def test_mt_forms_of_names_are_fixed():
    out = _fix([spun for spun, _ in FIXED])
    assert [o.strip() for o in out] == [want for _, want in FIXED]


def test_correct_forms_are_left_alone():
    out = _fix(UNCHANGED)
    assert [o.strip() for o in out] == UNCHANGED
