"""What an author is told, privately, about their own cards and comments taken off the board.

A phone that was offline, or reloaded, when the facilitator hid, rejected or merged its
participant's card or comment would otherwise just not show it again. The author's own
board carries those items (``me.removed``), with the reason, so the phone can say so in
plain Danish, once (the phone remembers which it has told). Who may know is decided in
``visibility.removal_notice``: only the item's own participant, never anyone else.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..models import Card
from .access import Actor
from .visibility import own_removed, removal_notice


def removed_json(session: Session, workshop_id: str, viewer: Actor) -> list[dict]:
    """Return the viewer's own removed cards and comments: ids, reason and their own text."""
    items = []
    for item in own_removed(session, workshop_id, viewer):
        entry = {"type": "card" if isinstance(item, Card) else "comment", "id": item.id,
                 "reason": removal_notice(item, viewer),
                 # Their own words, to name the item in the notice; nobody else gets them.
                 "text": item.text}
        if isinstance(item, Card):
            entry["into"] = item.merged_into_id
        else:
            entry["card_id"] = item.card_id
        items.append(entry)
    return items
