"""Who could help whom: actor cards ranked against initiatives (and ideas) by fit.

Four signals, each 0..1, weighted (``WEIGHTS``) into a fit of 0..1:

- ``words``: the Danish text similarity (``similarity``) of the actor card with
  its organisation against the initiative's text, scaled so a near duplicate
  counts fully;
- ``theme``: both cards are under the same theme;
- ``goals``: the UN goals they share (Jaccard), when both name some;
- ``sector``: the organisation's sector is one the initiative asks for, read
  from its words ("lokaler", "sponsor", "frivillige", "elever" …).

Pure ranking on the cards everyone sees, offline; the facilitator confirms a
pair with the ordinary ``POST …/links``.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Card, Link
from .access import FACILITATOR, ORGANISER, Actor, require_role
from .errors import N_, BadRequest
from .organisations import register
from .similar_cards import board_index, scores_on
from .similarity import content_words
from .visibility import find_card, is_public

WEIGHTS = {"words": 0.45, "theme": 0.2, "goals": 0.15, "sector": 0.2}
# A words score this high is as alike as two cards get; above it counts fully.
WORDS_FULL = 0.35
TARGET_KINDS = ("initiative", "idea")
MAX_PAIRS = 12
MIN_PAIR_FIT = 0.3

# Stems in an initiative's text (snowball Danish) and the sectors that can answer them.
_ASKS: dict[str, tuple[str, ...]] = {
    "lokal": ("municipality", "school", "association_education"),
    "sponsor": ("business",), "pen": ("business", "municipality"), "job": ("business",),
    "praktik": ("business",), "fritidsjob": ("business",), "virksomhed": ("business",),
    "frivil": ("association_social", "association_sport", "association_culture",
               "association_education"),
    "forening": ("association_social", "association_sport", "association_culture",
                 "association_education"),
    "elev": ("school",), "skol": ("school",), "lekti": ("school", "association_education"),
    "uddannels": ("school",), "ung": ("youth", "school", "association_education"),
    "idræt": ("association_sport",), "motion": ("association_sport",),
    "bevægels": ("association_sport",), "fodbold": ("association_sport",),
    "kultur": ("association_culture",), "musik": ("association_culture",),
    "teat": ("association_culture",), "sundhed": ("region", "municipality"),
    "psykiatri": ("region",), "ældr": ("association_social", "municipality"),
    "ensom": ("association_social",), "bus": ("municipality", "region"),
    "transport": ("municipality", "region"), "natur": ("association_education",),
    "friluft": ("association_education",), "spejd": ("association_education",),
    "nabo": ("citizen",), "borg": ("citizen", "municipality"),
}


def asked_sectors(text: str) -> set[str]:
    """Return the sectors an initiative's text asks for (by the stems of its words)."""
    sectors: set[str] = set()
    for stem in content_words(text):
        for prefix, answers in _ASKS.items():
            if stem.startswith(prefix):
                sectors.update(answers)
    return sectors


def fit(actor_card: Card, target: Card, words: float, sector: str | None,
        asks: set[str]) -> dict:
    """Return ``{"score", "reasons"}``: how well ``actor_card`` could help with ``target``.

    ``words`` is the text similarity of the two, ``sector`` the actor's
    organisation's sector, ``asks`` the sectors the target asks for.
    """
    parts = {
        "words": min(words / WORDS_FULL, 1.0),
        "theme": 1.0 if actor_card.theme_id == target.theme_id else 0.0,
        "goals": 0.0,
        "sector": 1.0 if sector and sector in asks else 0.0,
    }
    mine, theirs = set(actor_card.sdgs or ()), set(target.sdgs or ())
    if mine and theirs:
        parts["goals"] = len(mine & theirs) / len(mine | theirs)
    score = sum(WEIGHTS[name] * value for name, value in parts.items())
    reasons = [name for name, value in parts.items() if value >= 0.5]
    return {"score": round(score, 3), "reasons": reasons}


def _entries(session: Session, workshop_id: str) -> dict[str, dict]:
    """Return each actor card's register entry (organisation and sector), by card id."""
    return {card_id: entry for entry in register(session, workshop_id)
            for card_id in entry["card_ids"]}


def _sector(entries: dict[str, dict], card: Card) -> str | None:
    """Return the sector of an actor card's organisation, if it names one."""
    entry = entries.get(card.id)
    return entry["sector"] if entry else None


def _public(session: Session, workshop_id: str, kinds: tuple[str, ...]) -> list[Card]:
    """Return the cards of ``kinds`` everyone sees, oldest first."""
    return [c for c in session.scalars(
        select(Card).where(Card.workshop_id == workshop_id, Card.kind.in_(kinds))
        .order_by(Card.seq)) if is_public(c)]


def _actor_text(card: Card) -> str:
    """Return what an actor card says about itself: its text and its organisation."""
    return f"{card.text} {card.organisation or ''}"


def rank_targets(session: Session, actor: Actor, actor_card_id: str) -> dict:
    """Return the initiatives and ideas ranked by fit for an actor card (any token of it).

    ``{"cards": [{"id", "score", "reasons"}]}``, best first, every public target.
    """
    card = find_card(session, actor, actor_card_id)
    if card.kind != "actor":
        raise BadRequest(N_("Choose an actor card: only actors can help with something."),
                         field="actor_card_id")
    index = board_index(session, actor.workshop_id)
    words = scores_on(index, _actor_text(card), exclude=card.id)
    sector = _sector(_entries(session, actor.workshop_id), card)
    ranked = [{"id": t.id, **fit(card, t, words.get(t.id, 0.0), sector, asked_sectors(t.text))}
              for t in _public(session, actor.workshop_id, TARGET_KINDS)]
    ranked.sort(key=lambda r: -r["score"])
    return {"cards": ranked}


def suggested_pairs(session: Session, actor: Actor) -> dict:
    """Return the best actor ↔ initiative pairs not linked yet (facilitator, organiser).

    ``{"pairs": [{"actor_card_id", "target_card_id", "organisation", "score", "reasons"}]}``:
    at most two per actor and ``MAX_PAIRS`` in all, with a fit of at least ``MIN_PAIR_FIT``.
    """
    require_role(actor, FACILITATOR, ORGANISER)
    workshop_id = actor.workshop_id
    index = board_index(session, workshop_id)
    entries = _entries(session, workshop_id)
    linked = set(session.execute(select(Link.actor_card_id, Link.target_card_id)
                                 .where(Link.workshop_id == workshop_id)).all())
    targets = [(t, asked_sectors(t.text)) for t in _public(session, workshop_id, ("initiative",))]
    pairs = []
    for card in _public(session, workshop_id, ("actor",)):
        words = scores_on(index, _actor_text(card), exclude=card.id)
        sector = _sector(entries, card)
        mine = sorted(({"actor_card_id": card.id, "target_card_id": t.id,
                        **fit(card, t, words.get(t.id, 0.0), sector, asks)}
                       for t, asks in targets if (card.id, t.id) not in linked),
                      key=lambda p: -p["score"])
        entry = entries.get(card.id)
        for pair in mine[:2]:
            if pair["score"] >= MIN_PAIR_FIT:
                pairs.append({**pair, "organisation": entry["name"] if entry else None})
    pairs.sort(key=lambda p: -p["score"])
    return {"pairs": pairs[:MAX_PAIRS]}
