"""Word lists of the safe room: folding, parsing and matching Danish text, without a database.

A text matches a list entry when its words (split at word boundaries, case
and accents folded, æ ø å written as ae oe aa) contain the entry's words in a
row, each word either as written or with a Danish inflection ending (idiot →
idioter, idiotens; kælling → kællinger; pik → pikken). A list word never hits
inside a longer word (pik is not in pikant, spiker or pikeret); an entry that
ends in ``*`` matches every word that starts with it (lort* → lortefyr), for
the compounds the organiser wants caught.
"""

from __future__ import annotations

import re
import unicodedata

#: Letters folded the way a Danish reader would accept as the same word.
_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "ue",
                       "ß": "ss"})
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
#: Inflection endings of Danish nouns, adjectives and verbs (and the genitive -s).
ENDINGS = frozenset({
    "", "e", "en", "et", "er", "ene", "erne", "ne", "s", "es", "ens", "ets", "ers", "enes",
    "ernes", "nes", "r", "n", "rne", "rnes", "t", "ts", "ere", "est", "este", "ede", "ende",
    "de", "te", "edes", "ses",
})
MAX_WORDS = 300
MAX_WORD_LENGTH = 60


def fold(text: str) -> str:
    """Return ``text`` in the form lists are compared in: case, accents and æøå folded."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_FOLD)
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """Return the folded words of ``text``."""
    return _WORD.findall(fold(text))


class Entry:
    """One list entry: its folded words, the last one maybe a prefix (``lort*``)."""

    def __init__(self, raw: str):
        """Parse ``raw`` (one line of the organiser's list)."""
        raw = raw.strip()
        self.raw = raw
        self.prefix = raw.endswith("*")
        self.words = words(raw.rstrip("*"))

    def _word_hits(self, word: str, token: str, last: bool) -> bool:
        """True if ``token`` is ``word`` or one of its inflections (a prefix, if starred)."""
        if last and self.prefix:
            return token.startswith(word)
        if not token.startswith(word):
            return False
        rest = token[len(word):]
        if rest in ENDINGS:
            return True
        # A doubled last consonant before the ending: pik → pikken, pikke.
        return (len(rest) > 1 and rest[0] == word[-1] and word[-1] not in "aeiouy"
                and rest[1:] in ENDINGS and rest[1:] != "")

    def hits(self, tokens: list[str]) -> bool:
        """True if the entry's words stand in a row in ``tokens``."""
        n = len(self.words)
        if not n:
            return False
        for start in range(len(tokens) - n + 1):
            if all(self._word_hits(w, tokens[start + i], i == n - 1)
                   for i, w in enumerate(self.words)):
                return True
        return False


class WordList:
    """A parsed list, ready to test texts against."""

    def __init__(self, lines: list[str]):
        """Parse the list's lines."""
        self.entries = [e for e in (Entry(line) for line in lines) if e.words]
        # An entry can only hit a text with a word that starts like its first word:
        # a post is tested against the few entries of its words' first letters.
        self._by_first: dict[str, list[Entry]] = {}
        for entry in self.entries:
            self._by_first.setdefault(entry.words[0][0], []).append(entry)

    def _candidates(self, tokens: list[str]) -> list[Entry]:
        """Return the entries that could hit ``tokens``, in list order."""
        firsts = {token[0] for token in tokens}
        return [e for e in self.entries if e.words[0][0] in firsts]

    def matches(self, text: str) -> list[str]:
        """Return the entries (as written) that ``text`` matches."""
        tokens = words(text)
        return [e.raw for e in self._candidates(tokens) if e.hits(tokens)]

    def hit(self, text: str) -> bool:
        """True if ``text`` matches any entry."""
        return self.hit_words(words(text))

    def hit_words(self, tokens: list[str]) -> bool:
        """True if the folded words ``tokens`` (``words(text)``) match any entry."""
        return any(entry.hits(tokens) for first in {token[0] for token in tokens}
                   for entry in self._by_first.get(first, ()))


def clean_list(lines: list[str]) -> list[str]:
    """Return the list as stored: trimmed, no blanks, no repeats (folded), in the given order."""
    seen, kept = set(), []
    for line in lines:
        line = " ".join(line.split())
        key = fold(line)
        if line and key not in seen:
            seen.add(key)
            kept.append(line)
    return kept
