"""Scheduled plenaries: taken on time and once, never in a break, skipped when nothing is new.

The clock (``jobs.tick``) calls ``run_due_plenaries`` every few seconds. The
slots come from ``schedule`` (breaks left out); here each due slot is taken
once, or skipped once when the workshop skips empty plenaries and no card
came since the previous plenary.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..models import CARRIED_ORIGINS, Card, Plenary, Workshop
from .errors import NotFound
from .eventlog import lock_workshop
from .plenaries import _take_plenary
from .schedule import due_slot


def anything_new(session: Session, workshop: Workshop) -> bool:
    """True if a card everyone sees came during the day since the previous plenary.

    Carried material (kick-off import, an earlier meeting) is not new, as in
    the summaries' counts.
    """
    since = session.scalar(
        select(Plenary.last_seq).where(Plenary.workshop_id == workshop.id)
        .order_by(Plenary.number.desc()).limit(1)
    ) or 0
    return session.scalar(
        select(Card.id).where(Card.workshop_id == workshop.id, Card.seq > since,
                              Card.hidden.is_(False), Card.pending.is_(False),
                              Card.merged_into_id.is_(None),
                              Card.origin.not_in(CARRIED_ORIGINS)).limit(1)
    ) is not None


def take_due_plenary(session: Session, workshop_id: str, now: datetime, base_url: str):
    """Take the scheduled plenary that is due now, unless it exists; return (plenary, events).

    Only the latest slot counts: a server that was down for three slots takes
    one plenary for the current slot, not three, and never repeats one. A slot
    with nothing new is skipped when the workshop says so, and stays skipped:
    a card posted a minute later waits for the next slot.
    """
    workshop = lock_workshop(session, workshop_id)
    slot = due_slot(workshop, now)
    if slot is None:
        return None, []
    skipped = workshop.plenary_skipped_slot
    if skipped is not None and slot <= skipped:
        return None, []
    exists = session.scalar(
        select(Plenary.id).where(Plenary.workshop_id == workshop.id,
                                 Plenary.scheduled_for == slot)
    )
    if exists is not None:
        return None, []
    if workshop.skip_empty_plenaries and not anything_new(session, workshop):
        workshop.plenary_skipped_slot = slot
        return None, []
    return _take_plenary(session, workshop, "", now, base_url, slot)


def run_due_plenaries(database, now: datetime, base_url: str) -> list:
    """Take every due scheduled plenary, one transaction per workshop; return the events.

    Safe to run in several processes at once: the workshop row lock and the
    unique (workshop, slot) constraint let exactly one of them store it.
    """
    with database.read() as session:
        candidates = list(session.scalars(select(Workshop.id)))
    events = []
    for workshop_id in candidates:
        try:
            with database.write() as session:
                _, new = take_due_plenary(session, workshop_id, now, base_url)
                events.extend(new)
        except IntegrityError:
            continue  # another process took this slot first
        except NotFound:
            continue  # deleted meanwhile
    return events
