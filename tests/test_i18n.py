"""Danish and English catalogs: complete, up to date with the code, and compiled."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "openspace" / "translations"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "N_": None}
METHODS = [("openspace/**.py", "python"), ("templates/**.html", "jinja2")]


def source_messages() -> set[str]:
    """Return every msgid marked in the Python code and the templates."""
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map=METHODS, keywords=KEYWORDS
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def catalog(language: str):
    """Return the PO catalog of ``language``."""
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle)


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_message_in_the_code_is_translated(language):
    po = catalog(language)
    missing = [m for m in source_messages() if m not in po or not po[m].string]
    assert missing == [], f"untranslated in {language}: {missing}"
    fuzzy = [m.id for m in po if m.id and m.fuzzy]
    assert fuzzy == []


@pytest.mark.parametrize("language", ["da", "en"])
def test_compiled_catalog_matches_the_po_file(language):
    po = catalog(language)
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.mo", "rb") as handle:
        mo = read_mo(handle)
    expected = {m.id: m.string for m in po if m.id and not m.fuzzy}
    compiled = {m.id: m.string for m in mo if m.id}
    assert compiled == expected, "run: pybabel compile -d openspace/translations"


# The same word in both languages.
SAME_IN_DANISH = {"{name} (facilitator)"}


def test_danish_differs_from_english_where_it_should():
    po = catalog("da")
    same = [m.id for m in po if m.id and m.string == m.id and len(m.id) > 12
            and m.id not in SAME_IN_DANISH]
    assert same == [], f"Danish text still in English: {same}"
