"""Carrying a board into the next meeting of a series: one small function per kind of row.

What goes across, and what does not:

- cards (``carry_cards``): every card everyone sees (never hidden, pending or merged
  ones), with its kind, theme, text, organisation and goals, as ``origin="carried"``
  with its source. No author: the names of a day stay with that day.
- supports: as a count only (``Card.carried_supports``). The new card shows the old
  count, but no ``Support`` row stands behind it, so it uses nobody's support cap
  in the new meeting: every participant there has the whole cap for the new day.
- links (``carry_links``): between two carried cards, pointed at the new cards.
- follow-ups (``carry_followups``): status, lead, next step, next meeting and the
  dated progress notes of each initiative.
- commitments ("count me in", ``carry_commitments``): as a count; a name and a
  contact only where follow-up consent still covers it, until the same end date.

Every function takes the (locked) source and target workshops and the map of
source card id to carried card, and returns the events it stored.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import (
    Card,
    Commitment,
    Event,
    Followup,
    FollowupConsent,
    FollowupNote,
    Link,
    Participant,
    Theme,
    Workshop,
)
from .access import Actor
from .cards import card_json
from .eventlog import append_event
from .links import link_json
from .tokens import new_id

#: Replaces the token hash of the stand-in participant a carried "count me in" belongs to:
#: 64 hex digits never contain a dash, so no token opens it.
CARRIED_TOKEN_PREFIX = "carried-"  # noqa: S105 - a marker, not a secret


def public_cards(session: Session, workshop_id: str) -> list[Card]:
    """Return the cards everyone sees (not hidden, pending or merged away), oldest first."""
    return list(session.scalars(select(Card).where(
        Card.workshop_id == workshop_id, Card.hidden.is_(False), Card.pending.is_(False),
        Card.merged_into_id.is_(None)).order_by(Card.seq)))


def carry_cards(session: Session, source: Workshop, target: Workshop,
                themes: dict[str, Theme], actor: Actor) -> tuple[dict[str, Card], list[Event]]:
    """Copy the source's public cards into ``target`` under the matching themes.

    ``themes`` maps a source theme id to the target's theme. Returns the map of
    source card id to carried card, and the ``card.created`` events.
    """
    carried, events = {}, []
    for old in public_cards(session, source.id):
        card = Card(
            id=new_id(), workshop_id=target.id, theme_id=themes[old.theme_id].id,
            client_id=f"carried-{old.id}", kind=old.kind, text=old.text,
            author_role=old.author_role, participant_id=None, hidden=False,
            seq=target.last_seq + 1, pending=False, pinned=old.pinned, origin="carried",
            organisation=old.organisation, sdgs=list(old.sdgs or ()),
            support_count=old.support_count, carried_supports=old.support_count,
            commitment_count=old.commitment_count, carried_commitments=old.commitment_count,
            carried_from_workshop_id=source.id, carried_from_card_id=old.id,
        )
        session.add(card)
        session.flush()
        carried[old.id] = card
        events.append(append_event(session, target, "card.created", card_json(card),
                                   actor=actor))
    return carried, events


def carry_links(session: Session, source: Workshop, target: Workshop,
                carried: dict[str, Card], actor: Actor) -> list[Event]:
    """Copy the links whose two cards were carried, pointed at the carried cards."""
    events = []
    links = session.scalars(select(Link).where(Link.workshop_id == source.id)
                            .order_by(Link.created_at))
    for old in links:
        actor_card, target_card = carried.get(old.actor_card_id), carried.get(old.target_card_id)
        if actor_card is None or target_card is None:
            continue  # one end stayed behind (hidden, pending, merged)
        link = Link(id=new_id(), workshop_id=target.id, actor_card_id=actor_card.id,
                    target_card_id=target_card.id, author_role=old.author_role,
                    participant_id=None,
                    # Its own date: an alliance carried in is not new in the next meeting.
                    created_at=old.created_at)
        session.add(link)
        session.flush()
        events.append(append_event(session, target, "link.created", link_json(link),
                                   actor=actor))
    return events


def carry_followups(session: Session, source: Workshop, target: Workshop,
                    carried: dict[str, Card], actor: Actor) -> list[Event]:
    """Copy each carried initiative's follow-up (status, lead, next step, next meeting, notes).

    The follow-up is the initiative's state, not an event of the new day: no event.
    """
    for old in session.scalars(select(Followup).where(Followup.workshop_id == source.id)):
        card = carried.get(old.card_id)
        if card is None:
            continue
        session.add(Followup(card_id=card.id, workshop_id=target.id, status=old.status,
                             lead=old.lead, next_step=old.next_step,
                             next_meeting=old.next_meeting, updated_at=old.updated_at))
    notes = session.scalars(select(FollowupNote).where(FollowupNote.workshop_id == source.id)
                            .order_by(FollowupNote.noted_on, FollowupNote.created_at))
    for old in notes:
        card = carried.get(old.card_id)
        if card is None:
            continue
        session.add(FollowupNote(id=new_id(), workshop_id=target.id, card_id=card.id,
                                 noted_on=old.noted_on, text=old.text,
                                 author_role=old.author_role, created_at=old.created_at))
    session.flush()
    return []


def followup_consents(session: Session, workshop_id: str, now: datetime) -> dict[str, object]:
    """Return the follow-up consents of a workshop still running at ``now``, by commitment id."""
    rows = session.scalars(select(FollowupConsent).where(
        FollowupConsent.workshop_id == workshop_id, FollowupConsent.until > now))
    return {row.commitment_id: row for row in rows}


def carry_commitments(session: Session, source: Workshop, target: Workshop,
                      carried: dict[str, Card], now: datetime) -> list[Event]:
    """Carry "count me in" with a name and contact where follow-up consent still covers it.

    The carried cards already count every commitment (``carried_commitments``).
    A commitment whose owner agreed to be contacted about the follow-up, and
    whose consent runs past ``now``, becomes a row of the new meeting (name,
    contact, the same end date), held by a stand-in participant no token opens;
    its count moves from ``carried_commitments`` to the row. Every other name
    and contact stays behind. No event: contacts never go into the log.
    """
    consents = followup_consents(session, source.id, now)
    if not consents:
        return []
    stand_ins: dict[str, Participant] = {}
    rows = session.scalars(select(Commitment).where(
        Commitment.workshop_id == source.id, Commitment.id.in_(list(consents)))
        .order_by(Commitment.created_at))
    for old in rows:
        card = carried.get(old.card_id)
        if card is None:
            continue
        owner = stand_ins.get(old.participant_id)
        if owner is None:
            # Joined "before" the new day: the first plenary counts nobody who came.
            owner = Participant(id=new_id(), workshop_id=target.id, name=None,
                                token_hash=CARRIED_TOKEN_PREFIX + new_id(28),
                                created_at=old.created_at)
            session.add(owner)
            stand_ins[old.participant_id] = owner
        session.flush()
        commitment = Commitment(id=new_id(), workshop_id=target.id, card_id=card.id,
                                participant_id=owner.id, name=old.name, contact=old.contact,
                                consent=old.consent, created_at=old.created_at)
        session.add(commitment)
        session.flush()
        consent = consents[old.id]
        session.add(FollowupConsent(commitment_id=commitment.id, workshop_id=target.id,
                                    card_id=card.id, months=consent.months,
                                    given_at=consent.given_at, until=consent.until))
        card.carried_commitments = max(0, card.carried_commitments - 1)
    session.flush()
    return []


def initiative_statuses(session: Session, card_ids: list[str]) -> dict[str, str]:
    """Return the follow-up status of each initiative card that has one (``idea`` otherwise)."""
    if not card_ids:
        return {}
    rows = session.execute(select(Followup.card_id, Followup.status)
                           .where(Followup.card_id.in_(card_ids)))
    return dict(rows.all())
