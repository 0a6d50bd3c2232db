"""Name repairs that lean on the rest of the text: what a reader of the whole article sees."""
from cleaner import check_text


def _fixes(text, level="likely"):
    return [(f.text, f.replacement) for f in check_text(text).edits(level) if f.category == "entity"]


def test_cut_off_surname_of_a_person_named_in_the_text():
    text = ("Sanae Takaichi was elected prime minister on Tuesday. "
            "Takai's victory was made possible by a coalition deal.")
    assert ("Takai", "Takaichi") in _fixes(text)
    assert _fixes(text, "safe") == []            # a person confirms it: not automatic


def test_cut_off_surname_without_the_person_is_left_alone():
    assert _fixes("Takai's victory was made possible by a coalition deal.") == []


def test_accent_the_same_text_gives_a_name():
    text = "Viktor Orbán visited Tbilisi. Later Orban stayed at a hotel in the centre."
    assert _fixes(text) == [("Orban", "Orbán")]
    assert _fixes(text, "safe") == []


def test_accentless_name_alone_is_an_accepted_spelling():
    assert check_text("Viktor Orban visited Tbilisi. Later Orban stayed at a hotel.").findings == []


def test_misspelt_capital_after_the_word_capital():
    text = "Supporters of the former president of Brazil flocked to the capital Brazilia in January."
    assert ("Brazilia", "Brasília") in _fixes(text)


def test_correct_capital_is_left_alone():
    text = "Supporters of the former president of Brazil flocked to the capital Brasília in January."
    assert check_text(text).findings == []


def test_bracketed_acronym_of_another_organisation():
    text = "Yuichiro Tamaki leads the Democratic Party for the People (LDP), a centrist party."
    assert _fixes(text) == [("LDP", "DPFP")]
    assert _fixes(text, "safe") == []


def test_bracketed_own_initials_are_never_flagged():
    # AFP and ICC are other organisations' acronyms too, but here they are the name's own initials
    for text in ("The Australian Federal Police (AFP) made two arrests.",
                 "The International Cricket Council (ICC) fined the captain.",
                 "The Liberal Democratic Party (LDP) lost its majority."):
        assert check_text(text).findings == [], text


def test_split_name_after_a_possessive():
    assert _fixes("Odds rose, according to CME Group’s Fed Watch tool.") == [("Fed Watch", "FedWatch")]


def test_near_miss_of_an_organisation_with_its_context():
    assert _fixes("Palmeiras lead the Brasilerao, the top football league in Brazil.") == [
        ("Brasilerao", "Brasileirao")]
    assert _fixes("Palmeiras lead the Brasilerao, the top football league in Brazil.", "safe") == []
    assert check_text("Palmeiras lead the Brasilerao, the top league.").findings == []    # no context: no claim


def test_a_namesake_with_another_first_name_is_left_alone():
    assert _fixes("Prime Minister Sanae Takaichi spoke on Monday. Economist Hiroshi Takai said it was fine.") == []
    assert _fixes("Pedro Sánchez met Representative Linda Sanchez. Sanchez said it went well.") == []
    assert _fixes("Gerd Müller scored twice for Bayern in the final.") == []
