"""Danish and English catalogs: complete, up to date with the code, and compiled."""

from __future__ import annotations

import re
from html.parser import HTMLParser
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
SAME_IN_DANISH = {"{name} (facilitator)", "%(num)s organisation"}


def test_danish_differs_from_english_where_it_should():
    po = catalog("da")
    same = [m.id for m in po if m.id and m.string == m.id and len(m.id) > 12
            and m.id not in SAME_IN_DANISH]
    assert same == [], f"Danish text still in English: {same}"


JS = ROOT / "static" / "js"
KINDS = ("idea", "actor", "initiative")
# Keys the scripts build from a prefix and a value; each prefix with every value it takes.
BUILT_KEYS = {
    "kind.": KINDS,
    "form.text_label.": KINDS,
    "form.placeholder.": KINDS,
    "status.": ("connecting", "connected", "reconnecting", "offline"),
    "language.": ("da", "en"),
    "tk.origin.": ("kickoff", "paper", "carried"),
    "tk.": ("edit", "merge"),
    "fu.status.": ("idea", "started", "tested", "anchored", "stopped"),
}


def first_arguments(source: str, call: str) -> list[str]:
    """Return the first argument's source text of every ``call(`` in ``source``."""
    found = []
    for match in re.finditer(re.escape(call) + r"\(", source):
        depth, start = 0, match.end()
        for end in range(start, len(source)):
            char = source[end]
            if char in "([{":
                depth += 1
            elif char in ")]}" and depth:
                depth -= 1
            elif char in ",)" and not depth:
                found.append(source[start:end])
                break
    return found


def script_keys() -> tuple[set[str], set[str], set[str]]:
    """Return the string keys the page scripts use: plain, plural (``OS.tn``), built prefixes."""
    source = "\n".join(path.read_text(encoding="utf-8") for path in JS.glob("*.js"))
    literal = re.compile(r'"([a-z_]+(?:\.[a-z_]+)+)"')
    plural = {key for arg in first_arguments(source, "OS.tn") for key in literal.findall(arg)}
    # A page may word a status its own way: OS.statusKeys.offline = "status.offline_phone".
    asked = first_arguments(source, "OS.t") + re.findall(r"statusKeys\.\w+\s*=\s*([^;]+)", source)
    plain = {key for arg in asked for key in literal.findall(arg)}
    prefixes = {p for arg in asked for p in re.findall(r'"([a-z_.]+\.)"\s*\+', arg)}
    return plain, plural, prefixes


def test_every_string_the_scripts_ask_for_exists(app):
    from openspace.text.ui_text import js_strings

    with app.test_request_context("/?lang=en"):
        keys = set(js_strings())
    plain, plural, prefixes = script_keys()
    assert len(plain) > 50, "the scan found too few keys to be working"
    assert plain - keys == set(), "static/js asks for keys that openspace/text/ui_text.py lacks"
    missing_plural = {f"{k}.{form}" for k in plural for form in ("one", "other")} - keys
    assert missing_plural == set()
    assert prefixes - set(BUILT_KEYS) == set(), "a new built key: list its values in BUILT_KEYS"
    built = {prefix + value for prefix in prefixes for value in BUILT_KEYS[prefix]}
    assert built - keys == set()


@pytest.mark.parametrize("language", ["da", "en"])
def test_translations_keep_every_placeholder(language):
    placeholder = re.compile(r"\{\w+\}|%\(\w+\)s")
    broken = [m.id for m in catalog(language) if m.id and m.string
              and sorted(placeholder.findall(m.id)) != sorted(placeholder.findall(m.string))]
    assert broken == [], f"{language}: a placeholder is lost or misspelt in {broken}"


def test_both_catalogs_hold_the_same_messages():
    danish = {m.id for m in catalog("da") if m.id}
    english = {m.id for m in catalog("en") if m.id}
    assert danish ^ english == set()


# What a participant reads: the phone page, the front page, the error page, and the
# scripts' strings for the post form, the cards, the board and the connection line.
PARTICIPANT_TEMPLATES = ("participant.html", "index.html", "error.html", "base.html")
PARTICIPANT_KEY_FAMILIES = ("kind", "status", "error", "form", "counter", "card", "board")
# Words a young or first-time participant should not meet: technical or office Danish.
JARGON = ("server", "enhed", "token", "session", "synkroniser", "applikation", "validering",
          "anmodning", "bruger-id", "input", "endpoint", "http")
MAX_SENTENCE_WORDS = 16


def participant_messages() -> set[str]:
    """Return the msgids a participant sees."""
    source = (ROOT / "openspace" / "text" / "ui_text.py").read_text(encoding="utf-8")
    pairs = re.findall(r'"([a-z_]+)\.[a-z_.]+":\s*gettext\(\s*"((?:[^"\\]|\\.)*)"', source)
    found = {text for family, text in pairs if family in PARTICIPANT_KEY_FAMILIES}
    for message in catalog("da"):
        if any(path.endswith(PARTICIPANT_TEMPLATES) for path, _line in message.locations):
            found.add(message.id)
    return found


def test_participant_danish_is_plain():
    po = catalog("da")
    messages = participant_messages()
    assert len(messages) > 40
    texts = [po[m].string for m in messages]
    jargon = [t for t in texts if any(word in t.lower() for word in JARGON)]
    assert jargon == [], "say it in everyday Danish"
    long = [t for t in texts for sentence in re.split(r"[.!?]\s", t)
            if len(sentence.split()) > MAX_SENTENCE_WORDS]
    assert long == [], f"sentences of more than {MAX_SENTENCE_WORDS} words"


# Words that are the same in Danish and English, and the brand.
SAME_ON_BOTH_PAGES = {"Dansk", "English", "Send", "Workshops", "Facilitator", "(A4)",
                      "Workshop", "Format", "CSV", "JSON"}


class _VisibleText(HTMLParser):
    """Collect a page's text and the attributes people read (alt, aria-label, placeholder)."""

    def __init__(self):
        """Start with no text."""
        super().__init__()
        self.texts: set[str] = set()
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        """Enter a script or style; keep readable attributes."""
        self._hidden += tag in ("script", "style")
        for name, value in attrs:
            if name in ("alt", "aria-label", "placeholder", "title") and value:
                self.texts.add(value.strip())

    def handle_endtag(self, tag):
        """Leave a script or style."""
        self._hidden -= tag in ("script", "style")

    def handle_data(self, data):
        """Keep text outside scripts and styles."""
        if not self._hidden and data.strip():
            self.texts.add(data.strip())


def page_texts(client, path: str, language: str) -> set[str]:
    """Return the texts of the page at ``path`` in ``language``."""
    parser = _VisibleText()
    parser.feed(client.get(f"{path}?lang={language}").get_data(as_text=True))
    return parser.texts


@pytest.mark.parametrize("path", ["/", "/organiser", "/j/{code}", "/f/{id}", "/f/{id}/projector",
                                  "/f/{id}/downloads", "/j/NOSUCHCODE"])
def test_pages_have_no_text_outside_the_catalogs(client, path):
    from .helpers import create_workshop

    workshop = create_workshop(client, title="Ø1", vision="Ø2", themes=["Ø3", "Ø4"])
    path = path.format(code=workshop["join_code"], id=workshop["id"])
    data = ("Ø", workshop["join_code"])
    same = page_texts(client, path, "da") & page_texts(client, path, "en")
    words = {t for t in same if re.search(r"[^\W\d_]", t.replace("openspace", ""))}
    untranslated = {t for t in words - SAME_ON_BOTH_PAGES if not any(d in t for d in data)}
    assert untranslated == set(), "text that is not in the catalogs (use _() in the template)"
