"""Who a card is for and where it happens: what makes two look-alike cards different ideas.

The near misses of a municipal workshop share almost every word and differ in
one that matters: "Filmklub for unge …" / "Filmklub for ældre …",
"Koncerter i kirken" / "Koncerter i skoven", "Dialogmøder mellem politi og
unge" / "… mellem politikere og foreninger". Word weights cannot see it (the
differing word is as common as the shared ones), so the comparison asks
instead: do both cards name *who* (or *where*), and do they name none in
common? Then they are likely two ideas, and the score is lowered
(``similarity.CONTRAST_FACTOR``). A card that names no one, or names
someone the other card names too ("unge og ældre" / "ældre"), is not
lowered.

Synonyms share one mark ("ældre", "seniorer", "pensionister" are ``elderly``).
A root matches a word that starts with it, or (roots of 5 letters or more)
a compound that contains it ("børnefamilier" names ``family``; "forældre"
is not ``elderly``, because "ældr" is only matched at a word's start).
Pure functions, no data beyond these lists.
"""

from __future__ import annotations

# (category, mark): roots. Roots that must be the whole word end in "$".
_MARKS: dict[tuple[str, str], tuple[str, ...]] = {
    ("who", "child"): ("børn", "barn"),
    ("who", "young"): ("ung$", "unge", "ungdom", "teenage"),
    ("who", "elderly"): ("ældr", "senior", "pensionist"),
    ("who", "parent"): ("forældr", "mødr", "mor$", "fædr", "far$"),
    ("who", "family"): ("famili",),
    ("who", "pupil"): ("elev",),
    ("who", "teacher"): ("lærer",),
    ("who", "volunteer"): ("frivillig",),
    ("who", "unemployed"): ("ledig",),
    ("who", "girl"): ("pige",),
    ("who", "boy"): ("dreng",),
    ("who", "police"): ("politi$", "politiet", "betjent"),
    ("who", "politician"): ("politiker",),
    ("who", "man"): ("mænd", "mand$", "manden"),
    ("who", "woman"): ("kvind",),
    ("who", "adult"): ("voksn", "voksen"),
    ("who", "coach"): ("træner",),
    ("who", "association"): ("forening", "klubber"),
    ("who", "business"): ("virksomhed", "erhvervsliv"),
    ("where", "library"): ("bibliotek",),
    ("where", "school"): ("skole", "skolen"),
    ("where", "church"): ("kirke", "kirken"),
    ("where", "forest"): ("skov",),
    ("where", "hall"): ("hal$", "hallen", "hallerne", "idrætshal"),
    ("where", "swimming"): ("svømmehal",),
    ("where", "park"): ("park",),
    ("where", "harbour"): ("havn",),
    ("where", "town_hall"): ("rådhus",),
    ("where", "care_home"): ("plejehjem", "plejecent"),
    ("where", "kindergarten"): ("børnehave",),
    ("where", "culture_house"): ("kulturhus",),
    ("where", "station"): ("station",),
    ("where", "lake"): ("sø$", "søen", "søerne"),
    ("where", "beach"): ("strand",),
}

_EXACT: dict[str, list[tuple[str, str]]] = {}
_PREFIX: list[tuple[str, tuple[str, str]]] = []
for _mark, _roots in _MARKS.items():
    for _root in _roots:
        if _root.endswith("$"):
            _EXACT.setdefault(_root[:-1], []).append(_mark)
        else:
            _PREFIX.append((_root, _mark))


def marks(words: list[str]) -> frozenset[tuple[str, str]]:
    """Return the ``(category, mark)`` pairs the (lower-case, unstemmed) ``words`` name."""
    found: set[tuple[str, str]] = set()
    for word in words:
        found.update(_EXACT.get(word, ()))
        for root, mark in _PREFIX:
            if word.startswith(root) or (len(root) >= 5 and root in word):
                found.add(mark)
    return frozenset(found)


def differing(first: frozenset, second: frozenset) -> int:
    """Return how many categories both name with no mark in common (0, 1 or 2)."""
    count = 0
    for category in ("who", "where"):
        a = {m for c, m in first if c == category}
        b = {m for c, m in second if c == category}
        if a and b and not a & b:
            count += 1
    return count
