"""Catch-up of the follow-up events: their data built from the rows, as the viewer sees them now.

The log keeps ``followup.updated`` as the card id, the status and which fields
changed, and a note's events as ids (``eventlog.STORED_FIELDS``). A viewer who
catches up gets the follow-up or the note as it is now, or, for a card it no
longer sees, the card's tombstone; a note deleted since is ``followup.note_deleted``.
The rows are read once per page of events, in batches (``catchup.BATCH``).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import object_session

from ..models import Followup, FollowupNote
from .access import Actor
from .followup import followup_json, note_json
from .visibility import can_see_card


def _loaded(rows, model, key: str) -> dict:
    """Return (loading once, for every card the page of events names) ``model`` rows by ``key``."""
    cache = rows.__dict__.setdefault("followup_rows", {})
    if model not in cache:
        ids = sorted(rows.cards)
        found = {}
        session = object_session(next(iter(rows.cards.values()))) if rows.cards else None
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            found.update((getattr(r, key), r) for r in session.scalars(
                select(model).where(model.card_id.in_(chunk))))
        cache[model] = found
    return cache[model]


def _tombstone(card_id) -> tuple[str, dict]:
    """The card's tombstone: the viewer no longer sees it, so nothing about it either."""
    return "card.deleted", {"id": card_id, "tombstone": True}


def _updated(type_: str, data: dict, rows, viewer: Actor) -> tuple[str, dict]:
    """``followup.updated``: the follow-up as it is now, if the viewer sees the card."""
    card = rows.cards.get(data.get("card_id"))
    if not can_see_card(card, viewer):
        return _tombstone(data.get("card_id"))
    followup = _loaded(rows, Followup, "card_id").get(card.id)
    return type_, {**followup_json(card.id, followup), "changed": data.get("changed", [])}


def _note(type_: str, data: dict, rows, viewer: Actor) -> tuple[str, dict]:
    """A note's event: the note as it is now, or ``followup.note_deleted`` once it is gone."""
    card = rows.cards.get(data.get("card_id"))
    if not can_see_card(card, viewer):
        return _tombstone(data.get("card_id"))
    notes = {n.id: n for n in _loaded(rows, FollowupNote, "id").values()}
    note = notes.get(data.get("id"))
    if type_ == "followup.note_added" and note is not None:
        return type_, note_json(note)
    return "followup.note_deleted", {"id": data.get("id"), "card_id": card.id}


RENDERERS = {
    "followup.updated": _updated,
    "followup.note_added": _note,
    "followup.note_deleted": _note,
}
