"""Blanking personal text in stored events once the thing itself is deleted.

The event log keeps the board's history for catch-up and the moderation log;
when a participant deletes a card or comment, or withdraws a "count me in",
the text and names they gave must not live on in old events' data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Event


def scrub_events(
    session: Session,
    workshop_id: str,
    types: Iterable[str],
    matches: Callable[[dict], bool],
    scrub: Callable[[dict], dict],
    since_seq: int = 0,
) -> int:
    """Rewrite the data of the workshop's events of ``types`` that ``matches``; return how many.

    ``scrub`` gets a copy of the data and returns the blanked data; a new dict
    is assigned so the JSON column is written back.
    """
    events = session.scalars(
        select(Event).where(
            Event.workshop_id == workshop_id,
            Event.type.in_(list(types)),
            Event.seq >= since_seq,
        )
    )
    count = 0
    for event in events:
        data = event.data
        if isinstance(data, dict) and matches(data):
            event.data = scrub(dict(data))
            count += 1
    return count


def blank_author_name(data: dict) -> dict:
    """Return ``data`` with its author's name removed (cards and comments)."""
    author = data.get("author")
    if isinstance(author, dict):
        data["author"] = {**author, "name": None}
    return data
