"""Supporting a card, with the workshop's cap per participant (dot voting)."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ..models import Card, Event, Support, Workshop
from .access import PARTICIPANT, Actor, require_role
from .cards import card_json, refuse_if_locked
from .errors import N_, NotFound, SupportCapReached
from .eventlog import append_event, lock_workshop
from .outcome import Outcome
from .tokens import new_id
from .visibility import (
    can_see_card,
    card_audience,
    find_card,
    find_workshop_card,
    participant_audience,
)


def supports_used(session: Session, workshop_id: str, participant_id: str) -> int:
    """Return how many cards on the board the participant supports in the workshop.

    A support on a card hidden since no longer counts toward the cap: the card is gone
    from the board, and the participant may give that support elsewhere. So it is for
    another's card sent back for approval (its author edited it under pre-moderation):
    it is off this participant's board until approved, as their phone shows it.
    """
    return session.scalar(
        select(func.count()).select_from(Support).join(Card, Card.id == Support.card_id).where(
            Support.workshop_id == workshop_id, Support.participant_id == participant_id,
            Card.hidden.is_(False),
            or_(Card.pending.is_(False), Card.participant_id == participant_id))
    ) or 0


def supports_left(session: Session, workshop: Workshop, participant_id: str) -> int | None:
    """Return how many supports the participant may still give (None: no cap)."""
    if workshop.support_cap is None:
        return None
    return max(0, workshop.support_cap - supports_used(session, workshop.id, participant_id))


def supported_card_ids(session: Session, workshop_id: str, participant_id: str) -> list[str]:
    """Return the ids of the cards the participant supports."""
    return list(session.scalars(
        select(Support.card_id).where(Support.workshop_id == workshop_id,
                                      Support.participant_id == participant_id)
        .order_by(Support.created_at)
    ))


def _find_support(session: Session, card_id: str, participant_id: str) -> Support | None:
    """Return the participant's support of the card, if any."""
    return session.scalar(select(Support).where(Support.card_id == card_id,
                                                Support.participant_id == participant_id))


def _supported_event(session: Session, workshop: Workshop, card: Card, actor: Actor) -> Event:
    """Store ``card.supported`` with the card's new count."""
    return append_event(session, workshop, "card.supported",
                        {"card_id": card.id, "supports": card.support_count},
                        audience=card_audience(card), actor=actor)


def _own_event(session: Session, workshop: Workshop, card: Card, actor: Actor,
               supported: bool) -> Event:
    """Store ``support.changed`` for the participant's own tabs: which card, supported or not.

    Only the participant (and the moderators) hear it: a second tab keeps its "supports
    left" and its pressed button in step. It carries the server's ``supports_left`` (a
    count), so no page works the cap's rules out for itself.
    """
    session.flush()  # the support just given or taken back counts
    left = supports_left(session, workshop, actor.participant_id)
    return append_event(session, workshop, "support.changed",
                        {"card_id": card.id, "supported": supported, "supports_left": left},
                        audience=participant_audience(actor.participant_id), actor=actor)


def _answer(session: Session, workshop: Workshop, card: Card, actor: Actor,
            events: list[Event] | None = None) -> Outcome:
    """Return the card after the change and how many supports the caller has left.

    A card the caller no longer sees (hidden since) answers as ``null``: taking
    one's support back works, reading the card does not.
    """
    return Outcome({"card": card_json(card) if can_see_card(card, actor) else None,
                    "supports_left": supports_left(session, workshop, actor.participant_id)},
                   events or [])


def add_support(session: Session, actor: Actor, card_id: str) -> Outcome:
    """Support a card once; a second call changes nothing. Refused past the workshop's cap.

    The cap is checked after the workshop lock, so two tabs clicking at the
    same moment cannot both take the last support.
    """
    require_role(actor, PARTICIPANT)
    workshop = lock_workshop(session, actor.workshop_id)
    card = _supportable_card(session, actor, card_id)
    refuse_if_locked(workshop, actor)
    if _find_support(session, card.id, actor.participant_id) is not None:
        return _answer(session, workshop, card, actor)
    if workshop.support_cap is not None and supports_used(
            session, workshop.id, actor.participant_id) >= workshop.support_cap:
        raise SupportCapReached(
            N_("You have used all your supports: each person can support %(cap)d cards. "
               "Take one back to support this card."), cap=workshop.support_cap)
    session.add(Support(id=new_id(), workshop_id=workshop.id, card_id=card.id,
                        participant_id=actor.participant_id))
    card.support_count += 1
    events = [_supported_event(session, workshop, card, actor),
              _own_event(session, workshop, card, actor, True)]
    session.flush()
    return _answer(session, workshop, card, actor, events)


def remove_support(session: Session, actor: Actor, card_id: str) -> Outcome:
    """Take back a support; without one nothing changes.

    Refused while the board is locked; "delete everything about me"
    (``privacy.delete_me``) takes supports back on a locked board too.
    """
    require_role(actor, PARTICIPANT)
    workshop = lock_workshop(session, actor.workshop_id)
    card = find_workshop_card(session, workshop.id, card_id)
    support = _find_support(session, card.id, actor.participant_id)
    if support is None and not can_see_card(card, actor):
        # Someone else's pending or hidden card: as if it did not exist.
        raise NotFound(N_("This card does not exist."))
    refuse_if_locked(workshop, actor)
    if support is None:
        return _answer(session, workshop, card, actor)
    session.delete(support)
    card.support_count = max(0, card.support_count - 1)
    events = [_supported_event(session, workshop, card, actor),
              _own_event(session, workshop, card, actor, False)]
    session.flush()
    return _answer(session, workshop, card, actor, events)


def _supportable_card(session: Session, actor: Actor, card_id: str) -> Card:
    """Return the card if the participant sees it and it is on the public board."""
    card = find_card(session, actor, card_id)
    if card.pending:
        # Only the author sees a pending card; support waits for the approval.
        raise NotFound(N_("This card does not exist."))
    return card
