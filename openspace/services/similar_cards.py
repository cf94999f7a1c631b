"""Cards that may say the same thing, for the facilitator (never for participants).

The board's features are kept per workshop in this process (``similarity.
SimilarityIndex``), so a call computes features only for cards that are new
or edited since the last call. Only cards everyone sees (not hidden, pending
or merged away) are compared against: a pending card of someone else never
shows up as "the same as" another card. The facilitator may ask about any
card they see, a pending one too, which is where a duplicate is worth
catching before it reaches the wall. Participants are never stopped or
warned while posting: nothing here runs on the posting path.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Card, Theme
from .access import FACILITATOR, ORGANISER, Actor, require_role
from .errors import N_, NotFound
from .similarity import THRESHOLD, SimilarityIndex, groups
from .visibility import find_card

# Boards kept in memory; the least recently asked-about is dropped first.
MAX_BOARDS = 32
_BOARDS: OrderedDict[str, SimilarityIndex] = OrderedDict()
_LOCK = threading.Lock()


def public_texts(session: Session, workshop_id: str, theme_id: str | None = None) -> dict:
    """Return ``{card id: text}`` of the cards everyone sees, oldest first."""
    query = (select(Card.id, Card.text)
             .where(Card.workshop_id == workshop_id, Card.hidden.is_(False),
                    Card.pending.is_(False), Card.merged_into_id.is_(None))
             .order_by(Card.seq))
    if theme_id is not None:
        query = query.where(Card.theme_id == theme_id)
    return dict(session.execute(query).all())


def board_index(session: Session, workshop_id: str) -> SimilarityIndex:
    """Return the workshop's index, brought in step with its public cards."""
    texts = public_texts(session, workshop_id)
    with _LOCK:
        index = _BOARDS.pop(workshop_id, None) or SimilarityIndex()
        _BOARDS[workshop_id] = index
        while len(_BOARDS) > MAX_BOARDS:
            _BOARDS.popitem(last=False)
        index.sync(texts)
    return index


def scores_on(index: SimilarityIndex, text: str, exclude: str | None = None) -> dict:
    """Return ``index.scores`` under the lock (a question caches norms in the index)."""
    with _LOCK:
        return index.scores(text, exclude=exclude)


def _matches(index: SimilarityIndex, text: str, card_id: str) -> list[dict]:
    """Return the wire form of the cards like ``text``, best first."""
    with _LOCK:
        found = index.similar(text, exclude=card_id, threshold=THRESHOLD)
    return [{"id": key, "score": round(min(score, 1.0), 3)} for key, score in found]


def similar_to(session: Session, actor: Actor, card_id: str) -> dict:
    """Return ``{"cards": [{"id", "score"}]}``: public cards like ``card_id``, best first."""
    require_role(actor, FACILITATOR, ORGANISER)
    card = find_card(session, actor, card_id)
    index = board_index(session, actor.workshop_id)
    return {"cards": _matches(index, card.text, card.id)}


def similar_board(session: Session, actor: Actor) -> dict:
    """Return ``{"cards": {card id: [{"id", "score"}]}}`` for every card with a match.

    Every card the facilitator sees is asked about (pending and hidden ones
    too); the matches are public cards only.
    """
    require_role(actor, FACILITATOR, ORGANISER)
    index = board_index(session, actor.workshop_id)
    rows = session.execute(select(Card.id, Card.text).where(
        Card.workshop_id == actor.workshop_id, Card.merged_into_id.is_(None))).all()
    result = {}
    for key, text in rows:
        found = _matches(index, text, key)
        if found:
            result[key] = found
    return {"cards": result, "threshold": THRESHOLD}


def similar_groups(session: Session, actor: Actor, theme_id: str) -> dict:
    """Return ``{"groups": [[card id, ...]]}``: a theme's public cards grouped by likeness."""
    require_role(actor, FACILITATOR, ORGANISER)
    keys = list(public_texts(session, actor.workshop_id, theme_id))
    if not keys and not _theme_exists(session, actor.workshop_id, theme_id):
        raise NotFound(N_("This theme does not exist."))
    index = board_index(session, actor.workshop_id)
    with _LOCK:
        found = groups(index, keys)
    return {"theme_id": theme_id, "groups": found}


def _theme_exists(session: Session, workshop_id: str, theme_id: str) -> bool:
    """True if ``theme_id`` is a theme of the workshop."""
    theme = session.get(Theme, theme_id) if isinstance(theme_id, str) else None
    return theme is not None and theme.workshop_id == workshop_id
