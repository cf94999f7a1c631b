"""Removing personal data from stored JSON: event data and plenary snapshots.

The event log and the plenary snapshots keep copies of cards, comments and
commitments as they were sent. When a participant deletes an item, or when
the retention period ends, those copies must lose the text and the names too.
These functions work on plain JSON values and return new values (the JSON
columns only notice a change when a new object is assigned).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Event, Plenary

#: Keys that hold a person's name or contact details anywhere in stored JSON.
PERSONAL_KEYS = ("name", "author_name", "contact")
#: Keys that hold what someone wrote.
CONTENT_KEYS = ("text", "organisation")


def _map_dicts(value: Any, change: Callable[[dict], dict]) -> Any:
    """Return ``value`` with ``change`` applied to every dict in it, innermost first."""
    if isinstance(value, dict):
        return change({key: _map_dicts(item, change) for key, item in value.items()})
    if isinstance(value, list):
        return [_map_dicts(item, change) for item in value]
    return value


def without_personal_data(value: Any) -> Any:
    """Return ``value`` with every name and contact detail set to null."""

    def blank(node: dict) -> dict:
        """Null the personal keys of one object."""
        return {key: (None if key in PERSONAL_KEYS and item is not None else item)
                for key, item in node.items()}

    return _map_dicts(value, blank)


def without_participant(value: Any, participant_id: str) -> Any:
    """Return ``value`` with the name and contact of one participant set to null.

    An object belongs to the participant when its ``participant_id`` (or its
    author's) is theirs.
    """

    def blank(node: dict) -> dict:
        """Null the personal keys of an object of this participant."""
        author = node.get("author")
        owner = node.get("participant_id")
        if isinstance(author, dict) and author.get("participant_id") == participant_id:
            node = {**node, "author": {**author, "name": None}}
        if owner == participant_id:
            node = {key: (None if key in PERSONAL_KEYS else item) for key, item in node.items()}
        return node

    return _map_dicts(value, blank)


def without_items(value: Any, item_ids: set[str], card_ids: set[str]) -> Any:
    """Return ``value`` with the text and names of deleted items blanked.

    An object is a deleted item when its ``id`` is in ``item_ids`` (cards,
    comments, commitments) or its ``card_id`` is in ``card_ids`` (what hung on
    a deleted card). Ids and counts stay, so clients still apply the events.
    """

    def blank(node: dict) -> dict:
        """Blank one object if it is a deleted item."""
        if node.get("id") not in item_ids and node.get("card_id") not in card_ids:
            return node
        node = dict(node)
        for key in CONTENT_KEYS:
            if isinstance(node.get(key), str):
                node[key] = ""
        for key in PERSONAL_KEYS:
            if node.get(key) is not None:
                node[key] = None
        if isinstance(node.get("author"), dict):
            node["author"] = {**node["author"], "name": None}
        return node

    return _map_dicts(value, blank)


def dropping_items(value: Any, item_ids: set[str]) -> Any:
    """Return ``value`` with every list entry whose ``id`` is in ``item_ids`` removed."""
    if isinstance(value, dict):
        return {key: dropping_items(item, item_ids) for key, item in value.items()}
    if isinstance(value, list):
        return [dropping_items(item, item_ids) for item in value
                if not (isinstance(item, dict) and item.get("id") in item_ids)]
    return value


def rewrite_events(session: Session, workshop_id: str, change: Callable[[Any], Any]) -> int:
    """Apply ``change`` to the data of every event of a workshop; return how many changed."""
    changed = 0
    for event in session.scalars(select(Event).where(Event.workshop_id == workshop_id)):
        data = change(event.data)
        if data != event.data:
            event.data = data
            changed += 1
    return changed


def rewrite_plenaries(session: Session, workshop_id: str,
                      change: Callable[[Any], Any]) -> list[int]:
    """Apply ``change`` to every plenary snapshot; return the numbers of those that changed.

    Their stored PDFs must then be made again from the new snapshot.
    """
    numbers = []
    for plenary in session.scalars(select(Plenary).where(Plenary.workshop_id == workshop_id)):
        summary = change(plenary.summary)
        if summary != plenary.summary:
            plenary.summary = summary
            numbers.append(plenary.number)
    return numbers


def forget_items(session: Session, workshop_id: str, item_ids: Iterable[str],
                 card_ids: Iterable[str]) -> list[int]:
    """Blank deleted items in the event log and drop deleted cards from plenary snapshots.

    Returns the numbers of the plenaries whose PDF must be made again.
    """
    item_ids, card_ids = set(item_ids), set(card_ids)
    if not item_ids and not card_ids:
        return []
    rewrite_events(session, workshop_id, lambda data: without_items(data, item_ids, card_ids))
    return rewrite_plenaries(session, workshop_id, lambda s: dropping_items(s, card_ids))


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
