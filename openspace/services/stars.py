"""Stars "for the plenary": the handful of cards the facilitator wants the room to see.

A star is the facilitator's note to self, so only the moderators hear of it
(``card.starred`` goes to them alone, the board shows ``starred`` to them
alone); the room sees the starred cards when the plenary is taken, on the
projector and in its summary. Taking a plenary clears the stars for the next.
"""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..models import AUDIENCE_MODERATORS, Card, Workshop
from .access import Actor
from .errors import FIELD_LABELS, N_, BadRequest, Conflict
from .eventlog import append_event
from .moderation import moderate
from .outcome import Outcome
from .validation import require_object
from .visibility import find_any_card

#: How many cards may be starred at once: a plenary shows a handful, not a list.
MAX_STARRED = 5

FIELD_LABELS.update({"starred": N_("Star for the plenary")})


class TooManyStars(Conflict):
    """A sixth star: one must be taken off first."""

    code = "too_many_stars"


def star_event_data(card: Card) -> dict:
    """Return the data of ``card.starred``: ids and the flag, nothing personal."""
    return {"card_id": card.id, "starred": card.starred}


def set_starred(session: Session, actor: Actor, card_id: str, payload) -> Outcome:
    """Star a card for the next plenary, or take the star off (facilitator, organiser)."""
    payload = require_object(payload)
    starred = payload.get("starred")
    if not isinstance(starred, bool):
        raise BadRequest(N_("“%(field)s” must be true or false."), field="starred")
    workshop = moderate(session, actor)
    card = find_any_card(session, workshop, card_id)
    if card.starred == starred:
        return Outcome(star_event_data(card))
    if starred and count_starred(session, workshop) >= MAX_STARRED:
        raise TooManyStars(N_("At most %(max)d cards can be starred for the plenary. "
                              "Take the star off another card first."), max=MAX_STARRED)
    card.starred = starred
    data = star_event_data(card)
    event = append_event(session, workshop, "card.starred", data, audience=AUDIENCE_MODERATORS,
                         actor=actor)
    session.flush()
    return Outcome(data, [event])


def count_starred(session: Session, workshop: Workshop) -> int:
    """Return how many of the workshop's cards are starred now."""
    return session.scalar(select(func.count()).select_from(Card).where(
        Card.workshop_id == workshop.id, Card.starred.is_(True),
        Card.merged_into_id.is_(None)))


def starred_ids(cards: list[Card]) -> list[str]:
    """Return the ids of the starred ones among ``cards`` (the moderators' board)."""
    return [card.id for card in cards if card.starred]


def clear_stars(session: Session, workshop: Workshop) -> None:
    """Take every star off (a plenary was taken: the next one starts without)."""
    session.execute(update(Card).where(Card.workshop_id == workshop.id,
                                       Card.starred.is_(True)).values(starred=False))
