"""The per-workshop event log: every stored change, numbered 1, 2, 3 … without gaps.

Each event has an audience; a participant receives only the events meant for
everyone or for them, so their seqs may skip. ``AUDIENCE_MODERATORS`` events
go to the facilitator and organiser only.

The log keeps no personal copies. A live event carries the whole card (or
comment, link, commitment) as it was sent; the stored event keeps only the
ids and the non-personal fields of ``STORED_FIELDS``. Catch-up builds each
event's data again from the current rows, as the viewer may see them now
(``services/catchup.py``). So deleting a card or a participant, or removing
personal data after the retention period, is a matter of rows: the log never
needs rewriting, and a replaced or hidden text can never be read from it.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import AUDIENCE_ALL, Event, Workshop
from .access import PARTICIPANT, Actor
from .errors import N_, NotFound
from .visibility import audience_clause, participant_audience

_CARD = ("id",)
_COMMENT = ("id", "card_id", "card_comments")
_COMMITMENT = ("id", "card_id", "participant_id")
#: What the log keeps of the events that carry someone's text, name or contact:
#: ids and counts only. Catch-up rebuilds the rest from the rows.
STORED_FIELDS: dict[str, tuple[str, ...]] = {
    "card.created": _CARD, "card.updated": _CARD, "card.hidden": _CARD,
    "card.restored": _CARD, "card.approved": _CARD, "card.deleted": _CARD,
    "card.merged": ("id", "into"),
    "card.supported": ("card_id", "supports"),
    "support.changed": ("card_id", "supported", "supports_left"),
    "card.committed": ("card_id", "commitments"),
    "comment.created": _COMMENT, "comment.hidden": _COMMENT, "comment.restored": _COMMENT,
    "comment.approved": _COMMENT, "comment.deleted": _COMMENT,
    "commitment.updated": _COMMITMENT, "commitment.deleted": _COMMITMENT,
    "link.created": ("id", "actor_card_id", "target_card_id"),
    "link.deleted": ("id",),
    "workshop.spotlight": ("card_id",),
    # The safe room's flag on a post (moderators only): ids; catch-up reads the flag's row.
    "safety.flagged": ("card_id", "comment_id"),
    "card.starred": ("card_id", "starred"),
    # After the day: the lead, the next step and a note may name someone.
    "followup.updated": ("card_id", "status", "changed"),
    "followup.note_added": ("id", "card_id"), "followup.note_deleted": ("id", "card_id"),
}
#: Events whose data holds nothing personal (the facilitator's settings, themes,
#: plenary times and counts): stored whole. A new event type must be added to
#: one of the two tables, so nobody stores personal data in the log by accident.
STORED_WHOLE = frozenset({
    "theme.created", "theme.updated", "themes.reordered", "timer.started", "timer.stopped",
    "workshop.updated", "workshop.personal_data_removed", "workshop.deleted",
    "plenary.created", "plenary.updated", "projector.updated",
    "safe_room.updated",
    "followup.term_updated", "followup.contacts_removed",
    # Who read the sign-up lists (counts only), for the moderation log.
    "signups.read",
})


def stored_form(type_: str, data: dict) -> dict:
    """Return what the log keeps of an event's data: ids and non-personal fields only."""
    if type_ in STORED_WHOLE:
        return data
    fields = STORED_FIELDS.get(type_)
    if fields is None:
        raise ValueError(f"event type {type_!r} is in neither STORED_FIELDS nor STORED_WHOLE")
    return {key: data[key] for key in fields if key in data}


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

    ``data`` is the live form, published after commit; the log keeps its
    ``stored_form``. ``audience`` limits who receives it (see
    ``models.AUDIENCE_*`` and ``participant_audience``); ``actor`` is recorded
    for the moderation log.
    """
    workshop.last_seq += 1
    event = Event(
        workshop_id=workshop.id,
        seq=workshop.last_seq,
        type=type_,
        data=stored_form(type_, data),
        audience=audience,
        actor=actor_label(actor),
    )
    # Not a column: the whole data lives only in this process, until it is published.
    event.live_data = data
    session.add(event)
    return event


def live_data(event: Event) -> dict:
    """Return the data an event was published with (its stored form once read back)."""
    return getattr(event, "live_data", None) or event.data


def event_json(event: Event) -> dict:
    """Return the live wire form of an event just stored: ``{"seq", "type", "data"}``."""
    return {"seq": event.seq, "type": event.type, "data": live_data(event)}


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
    if viewer is not None:
        query = query.where(audience_clause(viewer))
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))


def current_seq(session: Session, workshop_id: str) -> int:
    """Return the seq of the workshop's latest event (0 before the first)."""
    seq = session.scalar(select(Workshop.last_seq).where(Workshop.id == workshop_id))
    if seq is None:
        raise NotFound(N_("This workshop does not exist."))
    return seq
