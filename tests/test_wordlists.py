"""The safe room's word matching: inflections, case, æøå, phrases, no hits inside other words."""

from __future__ import annotations

import pytest

from openspace.services import safe_room_defaults as defaults
from openspace.services.wordlists import WordList, clean_list, fold

LIST = WordList(["idiot", "pik", "kælling", "fisse", "lort*", "ingen gider mig", "neger",
                 "hore", "spasser", "mongol", "bøsserøv"])

# (text, the entry it must hit, or None for no hit)
CASES = [
    # inflections
    ("Han er en idiot", "idiot"),
    ("I er idioter allesammen", "idiot"),
    ("idiotens forslag", "idiot"),
    ("idioterne igen", "idiot"),
    ("din kælling", "kælling"),
    ("kællinger", "kælling"),
    ("kællingens", "kælling"),
    ("pikken", "pik"),
    ("fissen", "fisse"),
    ("fisser", "fisse"),
    ("spasseren", "spasser"),
    ("horer", "hore"),
    # case and Danish letters folded (also æ written as ae)
    ("IDIOT!", "idiot"),
    ("KÆLLING", "kælling"),
    ("kaelling", "kælling"),
    ("Bøsserøv", "bøsserøv"),
    ("boesseroev", "bøsserøv"),
    # a starred entry also takes longer words
    ("sikke en lortefyr", "lort*"),
    ("LORTET virker ikke", "lort*"),
    # phrases, in a row, with punctuation between
    ("Ingen gider mig.", "ingen gider mig"),
    ("ingen... gider MIG", "ingen gider mig"),
    # no hit inside a longer innocent word, nor in a look-alike
    ("Det var en pikant ret", None),
    ("Han slog en spiker i", None),
    ("Den er idiotsikker", None),
    ("Mongolsk mad er godt", None),
    ("Vi spadserede til stranden", None),
    ("Vi kan høre musik", None),          # høre folds to hoere, not hore
    ("horisonten er blå", None),
    ("En bøssemager laver geværer", None),
    ("Ingen gider at rydde op", None),
    ("Pikachu er sød", None),
    ("fissure", None),
    ("", None),
]


@pytest.mark.parametrize(("text", "entry"), CASES)
def test_a_list_word_hits_its_inflections_and_nothing_else(text, entry):
    assert LIST.matches(text) == ([entry] if entry else [])


def test_folding_takes_case_accents_and_danish_letters():
    assert fold("ÆØÅ æøå Café") == "aeoeaa aeoeaa cafe"


def test_a_list_is_cleaned_of_blanks_repeats_and_spaces():
    assert clean_list(["  idiot ", "", "IDIOT", "ingen   gider mig", "Kælling", "kaelling"]) == [
        "idiot", "ingen gider mig", "Kælling"]


@pytest.mark.parametrize("text", [
    "Vi skal have flere fritidsjob til unge",
    "Mobning i skolen skal stoppes",
    "Ensomhed blandt unge er et stort problem",
    "Lektiecafé på biblioteket hver tirsdag",
    "Et godt knep er at spørge naboen",
    "Skidt vejr i dag, men vi mødes alligevel",
    "Kys og kram til alle frivillige",
    "Fagot og klarinet i musikskolen",
])
def test_the_default_lists_leave_an_ordinary_workshop_alone(text):
    assert WordList(defaults.HELD_WORDS).matches(text) == []
    assert WordList(defaults.DISTRESS_WORDS).matches(text) == []


@pytest.mark.parametrize(("text", "held", "distress"), [
    ("Du er en idiot", True, False),
    ("fuck det her", True, False),
    ("Jeg bliver mobbet hver dag", False, True),
    ("ingen gider mig i klassen", False, True),
    ("Nogle gange tænker jeg på selvmord", False, True),
    ("Jeg hader mig selv", False, True),
])
def test_the_default_lists_catch_what_they_are_for(text, held, distress):
    assert WordList(defaults.HELD_WORDS).hit(text) is held
    assert WordList(defaults.DISTRESS_WORDS).hit(text) is distress


def test_the_default_help_text_names_the_danish_helplines():
    assert "116 111" in defaults.HELP_TEXT["da"] and "BørneTelefonen" in defaults.HELP_TEXT["da"]
    assert "70 201 201" in defaults.HELP_TEXT["da"] and "Livslinien" in defaults.HELP_TEXT["da"]
    assert "116 111" in defaults.HELP_TEXT["en"]
