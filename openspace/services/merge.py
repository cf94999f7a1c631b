"""Merging duplicate cards: one card stays, and everything said about the other moves to it.

Supports and commitments are one per participant and card, so a participant
who backed both cards counts once on the card that stays. Comments all move.
Links move too; a link that would become a duplicate, or point a card at
itself, or no longer join an actor to an idea or initiative, is dropped.
"""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ..models import Card, Comment, Commitment, Link, Support
from .access import FACILITATOR, ORGANISER, Actor, require_role
from .cards import card_json, put_in_spotlight
from .errors import N_, BadRequest
from .eventlog import append_event
from .moderation import moderate
from .outcome import Outcome
from .validation import require_object
from .visibility import find_any_card, is_public

LINK_TARGET_KINDS = ("idea", "initiative")


def _move_supports(session: Session, source: Card, kept: Card) -> None:
    """Move the source's supports to the kept card, one per participant."""
    backers = set(session.scalars(
        select(Support.participant_id).where(Support.card_id == kept.id)))
    for support in session.scalars(select(Support).where(Support.card_id == source.id)):
        if support.participant_id in backers:
            session.delete(support)
        else:
            support.card_id = kept.id
            backers.add(support.participant_id)


def _move_commitments(session: Session, source: Card, kept: Card) -> None:
    """Move "count me in" to the kept card, one per participant.

    When a participant signed up on both cards, their commitment on the kept
    card stays; a name or a consented contact given only on the other is kept.
    """
    existing = {c.participant_id: c for c in session.scalars(
        select(Commitment).where(Commitment.card_id == kept.id))}
    for commitment in session.scalars(select(Commitment).where(Commitment.card_id == source.id)):
        twin = existing.get(commitment.participant_id)
        if twin is None:
            commitment.card_id = kept.id
            existing[commitment.participant_id] = commitment
            continue
        if twin.name is None:
            twin.name = commitment.name
        if not twin.consent and commitment.consent:
            twin.consent, twin.contact = True, commitment.contact
        session.delete(commitment)


def _move_links(session: Session, source: Card, kept: Card) -> None:
    """Point the source's links at the kept card, dropping duplicates and broken ones."""
    cards = {source.id: kept}
    links = list(session.scalars(select(Link).where(
        or_(Link.actor_card_id == source.id, Link.target_card_id == source.id))))
    pairs = set(session.execute(select(Link.actor_card_id, Link.target_card_id).where(
        or_(Link.actor_card_id == kept.id, Link.target_card_id == kept.id))).all())
    for link in links:
        actor_id = kept.id if link.actor_card_id == source.id else link.actor_card_id
        target_id = kept.id if link.target_card_id == source.id else link.target_card_id
        actor_card = cards.get(link.actor_card_id) or session.get(Card, actor_id)
        target_card = cards.get(link.target_card_id) or session.get(Card, target_id)
        usable = (actor_id != target_id and (actor_id, target_id) not in pairs
                  and actor_card.kind == "actor" and target_card.kind in LINK_TARGET_KINDS)
        if not usable:
            session.delete(link)
            continue
        link.actor_card_id, link.target_card_id = actor_id, target_id
        pairs.add((actor_id, target_id))


def recount(session: Session, card: Card) -> None:
    """Set the card's counters from its rows (comments: neither hidden nor pending).

    A carried card's counts from the earlier meeting have no rows and are added on.
    """
    card.support_count = card.carried_supports + session.scalar(
        select(func.count()).select_from(Support).where(Support.card_id == card.id))
    card.commitment_count = card.carried_commitments + session.scalar(
        select(func.count()).select_from(Commitment).where(Commitment.card_id == card.id))
    card.comment_count = session.scalar(
        select(func.count()).select_from(Comment).where(
            Comment.card_id == card.id, Comment.hidden.is_(False), Comment.pending.is_(False)))


def merge_cards(session: Session, actor: Actor, card_id: str, payload) -> Outcome:
    """Merge card ``card_id`` into ``payload["into"]``; the source leaves the board."""
    require_role(actor, FACILITATOR, ORGANISER)
    payload = require_object(payload)
    workshop = moderate(session, actor)
    source = find_any_card(session, workshop, card_id)
    if "into" not in payload:
        raise BadRequest(N_("“%(field)s” is missing."), field="into")
    kept = find_any_card(session, workshop, payload["into"], "into")
    if kept.id == source.id:
        raise BadRequest(N_("Choose another card to merge into."), field="into")
    if not is_public(kept):
        raise BadRequest(N_("Merge into a card that everyone can see."), field="into")

    _move_supports(session, source, kept)
    _move_commitments(session, source, kept)
    for comment in session.scalars(select(Comment).where(Comment.card_id == source.id)):
        comment.card_id = kept.id
    session.flush()  # the moved rows first, so the link pairs below see the final state
    _move_links(session, source, kept)
    for earlier in session.scalars(select(Card).where(Card.merged_into_id == source.id)):
        earlier.merged_into_id = kept.id
    source.merged_into_id = kept.id
    kept.pinned = kept.pinned or source.pinned
    # What a carried card brought from the earlier meeting moves like its rows.
    kept.carried_supports += source.carried_supports
    kept.carried_commitments += source.carried_commitments
    source.carried_supports = source.carried_commitments = 0
    session.flush()
    recount(session, kept)
    recount(session, source)

    data = {"id": source.id, "into": kept.id, "card": card_json(kept)}
    events = [append_event(session, workshop, "card.merged", data, actor=actor)]
    if workshop.spotlight_card_id == source.id:
        events.append(put_in_spotlight(session, workshop, kept, actor))
    session.flush()
    return Outcome(data["card"], events)
