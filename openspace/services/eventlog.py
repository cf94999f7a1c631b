"""The per-workshop event log: every stored change, numbered 1, 2, 3 … without gaps."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Event, Workshop
from .errors import N_, NotFound


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


def append_event(session: Session, workshop: Workshop, type_: str, data: dict) -> Event:
    """Store an event with the workshop's next seq, in the caller's transaction."""
    workshop.last_seq += 1
    event = Event(workshop_id=workshop.id, seq=workshop.last_seq, type=type_, data=data)
    session.add(event)
    return event


def event_json(event: Event) -> dict:
    """Return the wire form of an event: ``{"seq", "type", "data"}``."""
    return {"seq": event.seq, "type": event.type, "data": event.data}


def events_after(session: Session, workshop_id: str, after: int, limit: int | None = None):
    """Return the workshop's events with seq > ``after``, oldest first."""
    query = (
        select(Event)
        .where(Event.workshop_id == workshop_id, Event.seq > after)
        .order_by(Event.seq)
    )
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))


def current_seq(session: Session, workshop_id: str) -> int:
    """Return the seq of the workshop's latest event (0 before the first)."""
    seq = session.scalar(select(Workshop.last_seq).where(Workshop.id == workshop_id))
    if seq is None:
        raise NotFound(N_("This workshop does not exist."))
    return seq
