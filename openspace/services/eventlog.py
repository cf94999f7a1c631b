"""The per-workshop event log: every stored change, numbered 1, 2, 3 … without gaps.

Each event has an audience; a participant receives only the events meant for
everyone or for them, so their seqs may skip. ``AUDIENCE_MODERATORS`` events
go to the facilitator and organiser only.
"""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..models import AUDIENCE_ALL, Event, Workshop
from .access import PARTICIPANT, Actor
from .errors import N_, NotFound
from .visibility import participant_audience


def actor_label(actor: Actor | None) -> str | None:
    """Return who did something, as kept in the event log's ``actor`` column."""
    if actor is None:
        return "system"
    if actor.role == PARTICIPANT:
        return participant_audience(actor.participant_id or "")
    return actor.role


def lock_workshop(session: Session, workshop_id: str) -> Workshop:
    """Load the workshop row for writing; PostgreSQL locks it until commit.

    Every change of a workshop goes through here first, so seq allocation and
    the client_id check are serialised per workshop (SQLite already holds its
    write lock from BEGIN IMMEDIATE).
    """
    workshop = session.scalar(
        select(Workshop).where(Workshop.id == workshop_id).with_for_update()
    )
    if workshop is None:
        raise NotFound(N_("This workshop does not exist."))
    return workshop


def append_event(
    session: Session,
    workshop: Workshop,
    type_: str,
    data: dict,
    *,
    audience: str = AUDIENCE_ALL,
    actor: Actor | None = None,
) -> Event:
    """Store an event with the workshop's next seq, in the caller's transaction.

    ``audience`` limits who receives it (see ``models.AUDIENCE_*`` and
    ``participant_audience``); ``actor`` is recorded for the moderation log.
    """
    workshop.last_seq += 1
    event = Event(
        workshop_id=workshop.id,
        seq=workshop.last_seq,
        type=type_,
        data=data,
        audience=audience,
        actor=actor_label(actor),
    )
    session.add(event)
    return event


def event_json(event: Event) -> dict:
    """Return the wire form of an event: ``{"seq", "type", "data"}``."""
    return {"seq": event.seq, "type": event.type, "data": event.data}


def events_after(
    session: Session,
    workshop_id: str,
    after: int,
    limit: int | None = None,
    viewer: Actor | None = None,
):
    """Return the workshop's events with seq > ``after`` that ``viewer`` may receive.

    Oldest first. Without a viewer every event is returned (server-side use).
    Clients step over the seqs they do not receive (see docs/API.md).
    """
    query = (
        select(Event)
        .where(Event.workshop_id == workshop_id, Event.seq > after)
        .order_by(Event.seq)
    )
    if viewer is not None and not viewer.moderates:
        allowed = [Event.audience == AUDIENCE_ALL]
        if viewer.participant_id is not None:
            allowed.append(Event.audience == participant_audience(viewer.participant_id))
        query = query.where(or_(*allowed))
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))


def current_seq(session: Session, workshop_id: str) -> int:
    """Return the seq of the workshop's latest event (0 before the first)."""
    seq = session.scalar(select(Workshop.last_seq).where(Workshop.id == workshop_id))
    if seq is None:
        raise NotFound(N_("This workshop does not exist."))
    return seq
