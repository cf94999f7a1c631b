"""Removing a card, a comment or a "count me in", the one way every path does it.

The phone's delete buttons, the own-data page and "delete everything about
me" all end here, after their own checks (who may, locked board or not).
A deleted card leaves the plenary snapshots (their PDFs are made again);
the event log keeps no copy of any of it, so catch-up cannot bring it back.
Each ``remove_*`` adds its events and the plenaries whose PDF is now stale
to the caller's ``Outcome``.
"""

from __future__ import annotations

from sqlalchemy import delete, or_
from sqlalchemy.orm import Session

from ..models import Card, Comment, Commitment, Link, Support, Workshop
from .access import Actor
from .cards import put_in_spotlight
from .eventlog import append_event
from .outcome import Outcome
from .snapshots import drop_cards
from .visibility import card_audience, comment_audience, participant_audience


def remove_cards(session: Session, workshop: Workshop, cards: list[Card], actor: Actor,
                 removal: Outcome) -> None:
    """Delete cards with everything that hangs on them, and take them out of the snapshots.

    A few statements whatever the number of cards or the length of the day:
    the event log holds no copy of them (see ``eventlog``).
    """
    if not cards:
        return
    ids = [card.id for card in cards]
    audiences = {card.id: card_audience(card) for card in cards}
    removal.stale_plenaries = sorted({*removal.stale_plenaries,
                                      *drop_cards(session, workshop.id, cards)})
    session.execute(delete(Link).where(or_(Link.actor_card_id.in_(ids),
                                           Link.target_card_id.in_(ids))))
    for model in (Support, Commitment, Comment):
        session.execute(delete(model).where(model.card_id.in_(ids)))
    session.execute(delete(Card).where(Card.id.in_(ids)))
    for card_id in ids:
        removal.events.append(append_event(session, workshop, "card.deleted", {"id": card_id},
                                           audience=audiences[card_id], actor=actor))
    if workshop.spotlight_card_id in audiences:
        # The projector must not keep showing a card that no longer exists.
        removal.events.append(put_in_spotlight(session, workshop, None, actor))


def remove_card(session: Session, workshop: Workshop, card: Card, actor: Actor,
                removal: Outcome) -> None:
    """Delete one card with everything that hangs on it (see ``remove_cards``)."""
    remove_cards(session, workshop, [card], actor, removal)


def remove_comment(session: Session, workshop: Workshop, comment: Comment, actor: Actor,
                   removal: Outcome) -> None:
    """Delete a comment and keep its card's count in step (the event log holds no copy)."""
    card = session.get(Card, comment.card_id)
    counted = not comment.hidden and not comment.pending
    audience = comment_audience(comment, card)
    if counted:
        card.comment_count = max(0, card.comment_count - 1)
    session.execute(delete(Comment).where(Comment.id == comment.id))
    removal.events.append(append_event(
        session, workshop, "comment.deleted",
        {"id": comment.id, "card_id": card.id, "card_comments": card.comment_count},
        audience=audience, actor=actor))


def remove_commitment(session: Session, workshop: Workshop, commitment: Commitment,
                      actor: Actor, removal: Outcome) -> None:
    """Withdraw a "count me in": the name and contact go; the card's count follows."""
    card = session.get(Card, commitment.card_id)
    card.commitment_count = max(0, card.commitment_count - 1)
    session.execute(delete(Commitment).where(Commitment.id == commitment.id))
    removal.events.append(append_event(
        session, workshop, "card.committed",
        {"card_id": card.id, "commitments": card.commitment_count},
        audience=card_audience(card), actor=actor))
    removal.events.append(append_event(
        session, workshop, "commitment.deleted",
        {"id": commitment.id, "card_id": card.id, "participant_id": commitment.participant_id},
        audience=participant_audience(commitment.participant_id), actor=actor))
