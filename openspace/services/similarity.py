"""Which cards say the same thing: Danish text similarity, offline and in pure Python.

No model and no network: a card's text becomes the Danish stems of its
content words (``snowballstemmer``, stop words dropped) and then the
character 4-grams of those stems (so "brætspilsaften" meets
"brætspilsaftener", "fælleshave" meets "fælles haver", and a typo costs a
few grams rather than the word). Each gram weighs by how rare it is on the
board (inverse document frequency): words that every card on a loneliness
workshop carries ("unge", "ældre", "ensomhed") say little about whether two
cards are the same idea, which is what sank comparators that counted
"parasitic words". The score is the weighted cosine, 0..1.

What earned its place on the labelled set (benchmarks/results/SIMILARITY.md):
stemming and stop words each raise precision at the same recall; a second
cosine over whole stems, mixed in at 15–70 %, lowered it, so it is not used.

``SimilarityIndex`` keeps each card's features once (a new card costs its own
features and one pass over the posting lists of its features), so a new card
on a 2000-card board is compared in a few milliseconds; see
``benchmarks/run_similarity.py`` for the labelled set and the figures.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import snowballstemmer

from .contrasts import differing, marks

#: Chosen on the even rows of tests/data/similar_pairs.csv (benchmarks/results/SIMILARITY.md).
THRESHOLD = 0.66
GRAM_SIZE = 4
#: The score of two cards that name different people (or places) is multiplied by this once
#: per such category (``contrasts``); chosen on the even rows of similar_pairs.csv.
CONTRAST_FACTOR = 0.75

# Snowball's Danish stop words, and the words any card on a workshop board may
# carry without saying what the idea is ("flere", "bedre", "skal", "kunne").
_STOP_TEXT = """
og i jeg det at en den til er som på de med han af for ikke der var mig sig men et har om vi
min havde ham hun nu over da fra du ud sin dem os op man hans hvor eller hvad skal selv her
alle vil blev kunne ind når være dog noget ville jo deres efter ned skulle denne end dette mit
også under have dig anden hende mine alt meget sit sine vor mod disse hvis din nogle hos blive
mange ad bliver hendes været thi jer sådan
flere mere bedre mest nye ny hver hele får kan lave laver kommer kl gerne lidt måske så
og and the of to
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())

_STEMMER = snowballstemmer.stemmer("danish")
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
# Accents that people type or leave out (café/cafe); Danish æ, ø, å stay.
_FOLD = str.maketrans("éèêáàóòíúü", "eeeaaooiuu")


@dataclass(frozen=True)
class Features:
    """What a text is compared by: the character grams of its content stems."""

    grams: frozenset[str]
    # Who the text is for and where it happens (``contrasts.marks``).
    marks: frozenset = frozenset()


def _words(text: str) -> list[str]:
    """Return the lower-case words of ``text``, a hyphenated compound as one word."""
    folded = unicodedata.normalize("NFKC", text).lower().translate(_FOLD)
    return [w.replace("-", "") for w in _WORD.findall(folded)]


def content_words(text: str) -> list[str]:
    """Return the Danish stems of the content words of ``text`` (stop words dropped).

    A hyphenated word ("gå-klub", "frivillig-børs") is read as one compound,
    as Danish spelling would write it.
    """
    return [_STEMMER.stemWord(w) for w in _words(text) if w not in STOP_WORDS and len(w) > 1]


def features(text: str) -> Features:
    """Return the features of ``text`` (a pure function of the text)."""
    stems = content_words(text)
    grams = set()
    for stem in stems:
        padded = f"#{stem}#"
        if len(padded) <= GRAM_SIZE:
            grams.add(padded)
        grams.update(padded[i:i + GRAM_SIZE] for i in range(len(padded) - GRAM_SIZE + 1))
    return Features(frozenset(grams), marks(_words(text)))


class _Space:
    """The grams of the board: document frequencies and posting lists."""

    def __init__(self) -> None:
        """Start empty."""
        self.df: Counter[str] = Counter()
        self.postings: dict[str, set[str]] = defaultdict(set)
        # key -> (board size when computed, norm): a document's norm moves only as the
        # board's frequencies move, so it is reused while the board is within 2 % of that size.
        self.norms: dict[str, tuple[int, float]] = {}

    def add(self, key: str, items: frozenset[str]) -> None:
        """Count ``items`` as one more document, ``key``."""
        for item in items:
            self.df[item] += 1
            self.postings[item].add(key)

    def remove(self, key: str, items: frozenset[str]) -> None:
        """Forget the document ``key`` with ``items``."""
        self.norms.pop(key, None)
        for item in items:
            self.df[item] -= 1
            self.postings[item].discard(key)
            if self.df[item] <= 0:
                del self.df[item]
                del self.postings[item]

    def weight(self, item: str, size: int) -> float:
        """Return the squared inverse document frequency of ``item`` on a board of ``size``."""
        idf = math.log((size + 1) / (self.df.get(item, 0) + 1)) + 1.0
        return idf * idf

    def cosines(self, items: frozenset[str], size: int, others: Callable[[str], frozenset[str]],
                exclude: str | None) -> dict[str, float]:
        """Return the weighted cosine of ``items`` with every document sharing one of them."""
        weights = {item: self.weight(item, size) for item in items}
        norm = math.sqrt(sum(weights.values()))
        if not norm:
            return {}
        dots: dict[str, float] = defaultdict(float)
        for item, w in weights.items():
            for key in self.postings.get(item, ()):
                dots[key] += w
        dots.pop(exclude, None)
        memo: dict[str, float] = {}
        result = {}
        for key, dot in dots.items():
            cached = self.norms.get(key)
            if cached is not None and abs(cached[0] - size) <= size // 50:
                other = cached[1]
            else:
                total = 0.0
                for item in others(key):
                    w = memo.get(item)
                    if w is None:
                        w = memo[item] = self.weight(item, size)
                    total += w
                other = math.sqrt(total)
                self.norms[key] = (size, other)
            result[key] = min(dot / (norm * other), 1.0) if other else 0.0
        return result


class SimilarityIndex:
    """The cards of one board with their features, kept between calls."""

    def __init__(self) -> None:
        """Start with an empty board."""
        self.texts: dict[str, str] = {}
        self.features: dict[str, Features] = {}
        self.grams = _Space()

    def __len__(self) -> int:
        """Return how many cards the index holds."""
        return len(self.features)

    def add(self, key: str, text: str) -> None:
        """Add (or replace) the card ``key`` with ``text``."""
        if self.texts.get(key) == text:
            return
        self.remove(key)
        feats = features(text)
        self.texts[key], self.features[key] = text, feats
        self.grams.add(key, feats.grams)

    def remove(self, key: str) -> None:
        """Forget the card ``key`` (no error when it is not there)."""
        feats = self.features.pop(key, None)
        if feats is None:
            return
        del self.texts[key]
        self.grams.remove(key, feats.grams)

    def sync(self, cards: dict[str, str]) -> None:
        """Make the index hold exactly ``cards`` (id → text), computing only what changed."""
        for key in [k for k in self.texts if k not in cards]:
            self.remove(key)
        for key, text in cards.items():
            self.add(key, text)

    def scores(self, text: str, exclude: str | None = None) -> dict[str, float]:
        """Return the score 0..1 of every card that shares a feature with ``text``."""
        size = max(len(self.features), 1)
        feats = features(text)
        found = self.grams.cosines(feats.grams, size, lambda key: self.features[key].grams,
                                   exclude)
        if feats.marks:
            for key, score in found.items():
                lowered = differing(feats.marks, self.features[key].marks)
                if lowered:
                    found[key] = score * CONTRAST_FACTOR ** lowered
        return found

    def similar(self, text: str, exclude: str | None = None,
                threshold: float = THRESHOLD) -> list[tuple[str, float]]:
        """Return ``(card id, score)`` of the cards at or over ``threshold``, best first."""
        found = [(k, s) for k, s in self.scores(text, exclude).items() if s >= threshold]
        return sorted(found, key=lambda pair: (-pair[1], pair[0]))


def groups(index: SimilarityIndex, keys: list[str],
           threshold: float = THRESHOLD) -> list[list[str]]:
    """Cluster ``keys`` into groups of cards that are alike (single link at ``threshold``).

    Returns the groups of two or more cards, largest first, each in the order of ``keys``.
    """
    wanted = set(keys)
    parent = {key: key for key in keys}

    def root(key: str) -> str:
        """Return the representative of ``key``'s group."""
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return parent[key]

    for key in keys:
        for other, _score in index.similar(index.texts[key], exclude=key, threshold=threshold):
            if other in wanted:
                parent[root(other)] = root(key)
    members: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        members[root(key)].append(key)
    found = [group for group in members.values() if len(group) > 1]
    return sorted(found, key=lambda group: (-len(group), keys.index(group[0])))
