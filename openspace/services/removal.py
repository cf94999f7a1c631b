"""Removing a card, a comment or a "count me in", the one way every path does it.

The phone's delete buttons, the own-data page and "delete everything about
me" all end here, after their own checks (who may, locked board or not).
What was removed is blanked in the event log and dropped from the plenary
snapshots, so neither catch-up nor a PDF made later brings it back.
Each ``remove_*`` adds its events and the plenaries whose PDF is now stale
to the caller's ``Outcome``.
"""

from __future__ import annotations

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from ..models import AUDIENCE_MODERATORS, Card, Comment, Commitment, Link, Support, Workshop
from .access import Actor
from .cards import card_audience
from .eventlog import append_event, participant_audience
from .outcome import Outcome
from .scrub import forget_items


def remove_card(session: Session, workshop: Workshop, card: Card, actor: Actor,
                removal: Outcome) -> None:
    """Delete a card with everything that hangs on it; blank it in events and snapshots."""
    hanging = [*session.scalars(select(Comment.id).where(Comment.card_id == card.id)),
               *session.scalars(select(Commitment.id).where(Commitment.card_id == card.id))]
    session.execute(delete(Link).where(or_(Link.actor_card_id == card.id,
                                           Link.target_card_id == card.id)))
    for model in (Support, Commitment, Comment):
        session.execute(delete(model).where(model.card_id == card.id))
    audience = card_audience(card)
    session.execute(delete(Card).where(Card.id == card.id))
    removal.stale_plenaries += forget_items(session, workshop.id, {card.id, *hanging}, {card.id})
    removal.events.append(append_event(session, workshop, "card.deleted", {"id": card.id},
                                       audience=audience, actor=actor))
    if workshop.spotlight_card_id == card.id:
        # The projector must not keep showing a card that no longer exists.
        workshop.spotlight_card_id = None
        removal.events.append(append_event(session, workshop, "workshop.spotlight",
                                           {"card_id": None, "card": None}, actor=actor))


def remove_comment(session: Session, workshop: Workshop, comment: Comment, actor: Actor,
                   removal: Outcome) -> None:
    """Delete a comment, keep its card's count in step, blank it in the event log."""
    card = session.get(Card, comment.card_id)
    counted = not comment.hidden and not comment.pending
    if comment.hidden:
        audience = AUDIENCE_MODERATORS
    elif comment.pending and comment.participant_id:
        audience = participant_audience(comment.participant_id)
    else:
        audience = card_audience(card)
    if counted:
        card.comment_count = max(0, card.comment_count - 1)
    session.execute(delete(Comment).where(Comment.id == comment.id))
    forget_items(session, workshop.id, {comment.id}, set())
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
    forget_items(session, workshop.id, {commitment.id}, set())
    removal.events.append(append_event(
        session, workshop, "card.committed",
        {"card_id": card.id, "commitments": card.commitment_count},
        audience=card_audience(card), actor=actor))
    removal.events.append(append_event(
        session, workshop, "commitment.deleted",
        {"id": commitment.id, "card_id": card.id, "participant_id": commitment.participant_id},
        audience=participant_audience(commitment.participant_id), actor=actor))
