"""The seed article (issue 2, point 6): what fix changes and what check flags."""
import pytest


@pytest.fixture(scope="module")
def seed(devset):
    return (devset / "seed.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def result(engine, seed):
    return engine.check(seed)


def test_fix_repairs_the_names_and_drops_the_footer(result, seed):
    fixed = result.fixed("safe")
    assert seed.count("Witkov") == 3
    assert "Witkov " not in fixed and "Witkov." not in fixed and fixed.count("Witkoff") == 3
    assert "Volodymyr Zelenskyy" in fixed and "Voldymir" not in fixed
    assert "Sumy region" in fixed and "Smie" not in fixed
    assert not fixed.rstrip().endswith("Source link")


@pytest.mark.parametrize("phrase", ["Cerez-fire", "escape their lives", "anti-aggressive Resting",
                                    "Kiev said he", "[Putin] He"])
def test_check_flags_the_garbles(result, seed, phrase):
    start = seed.index(phrase)
    end = start + len(phrase)
    assert any(f.start < end and start < f.end for f in result.findings), phrase


@pytest.mark.parametrize("word", ["Peskov", "Brenton", "Kursk", "Kremlin", "Al Jazeera", "Security Council",
                                  "Moscow", "Trump", "Putin", "Tony", "Vladimir Putin", "Zelenskyy"])
def test_correct_names_are_never_changed(result, seed, word):
    fixed = result.fixed("likely")
    assert fixed.count(word) >= seed.count(word)
    for f in result.findings:
        if f.applies_at("safe"):
            i = seed.find(word)
            while i >= 0:
                assert not (f.start < i + len(word) and i < f.end), (word, f)
                i = seed.find(word, i + 1)


def test_no_safe_fix_touches_a_correct_word(result, seed):
    allowed = {"Witkov", "Voldymir Zelensky", "Smie", "Kiev", "Source link", "Source link\n", "said in X"}
    for f in result.edits("safe"):
        assert f.text in allowed or f.category in ("spacing",), f


def test_fix_is_idempotent(engine, result):
    once = result.fixed("safe")
    twice = engine.check(once).fixed("safe")
    assert twice == once
