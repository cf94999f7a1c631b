"""The moderation log: who did what, when, to which card, read from the event log.

Built from ``Event.actor``. It lists every change a facilitator or the
organiser made, and the moderation-relevant events of anyone (cards waiting
for approval, deletions). It never holds contact details: only whitelisted
fields of an event's data are copied, and commitment events are left out.
"""

from __future__ import annotations

import csv
import io
import json

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..models import Card, Comment, Event
from .access import FACILITATOR, ORGANISER, Actor, require_role
from .export import safe_cell
from .visibility import PARTICIPANT_AUDIENCE_PREFIX

MODERATORS = (FACILITATOR, ORGANISER)
# Events that matter to moderation even when a participant caused them.
ALWAYS_LOGGED = ("card.deleted", "comment.deleted", "plenary.created")
# Events that may carry contact details: never in the log.
NEVER_LOGGED = ("commitment.updated", "commitment.deleted", "card.committed",
                # The safe room's flags (a possible sign of distress) are not an action of anyone.
                "safety.flagged")
# The fields of an event's data worth showing; nothing else is copied.
DETAIL_KEYS = ("state", "support_cap", "premoderation", "title", "label", "ends_at", "into",
               "number", "note", "status", "changed", "followup_months",
               "format", "initiatives", "people")
CARD_TEXT_PREVIEW = 80


def _card_id(event: Event) -> str | None:
    """Return the id of the card an event is about, if any."""
    data = event.data or {}
    if event.type.startswith("card."):
        return data.get("id") or data.get("card_id")
    if event.type.startswith(("comment.", "link.")):
        return data.get("card_id") or data.get("target_card_id")
    if event.type == "workshop.spotlight" or event.type.startswith("followup."):
        return data.get("card_id")
    return None


def _who(label: str | None) -> str:
    """Return who did it: a role; participants stay anonymous in the log."""
    if label and label.startswith(PARTICIPANT_AUDIENCE_PREFIX):
        return "participant"
    return label or "system"


def _details(event: Event) -> dict:
    """Return the safe, short details of an event."""
    data = event.data or {}
    details = {key: data[key] for key in DETAIL_KEYS if key in data}
    if event.type.startswith("theme") and "themes" in data:
        details["themes"] = [t.get("title") for t in data["themes"]]
    if "note" in details and isinstance(details["note"], str):
        details["note"] = details["note"][:CARD_TEXT_PREVIEW]
    return details


def moderation_log(session: Session, actor: Actor) -> list[dict]:
    """Return the workshop's moderation log, oldest first (moderators only)."""
    require_role(actor, FACILITATOR, ORGANISER)
    events = list(session.scalars(
        select(Event).where(
            Event.workshop_id == actor.workshop_id,
            or_(Event.actor.in_(MODERATORS), Event.type.in_(ALWAYS_LOGGED)),
            Event.type.not_in(NEVER_LOGGED),
        ).order_by(Event.seq)
    ))
    card_ids = {cid for cid in map(_card_id, events) if cid}
    texts = dict(session.execute(
        select(Card.id, Card.text).where(Card.workshop_id == actor.workshop_id,
                                         Card.id.in_(card_ids))
    ).all()) if card_ids else {}
    comments = _comment_texts(session, actor.workshop_id, events)
    return [
        {
            "seq": event.seq,
            "at": event.created_at.isoformat(),
            "who": _who(event.actor),
            "action": event.type,
            "card_id": _card_id(event),
            "card_text": (texts.get(_card_id(event)) or "")[:CARD_TEXT_PREVIEW] or None,
            "details": {**_details(event), **comments.get(event.seq, {})},
        }
        for event in events
    ]


def _comment_texts(session: Session, workshop_id: str, events: list[Event]) -> dict:
    """Return, by seq, which comment a comment event was about and its text as it is now."""
    ids = {e.seq: (e.data or {}).get("id") for e in events if e.type.startswith("comment.")}
    wanted = {i for i in ids.values() if isinstance(i, str)}
    texts = dict(session.execute(
        select(Comment.id, Comment.text).where(Comment.workshop_id == workshop_id,
                                               Comment.id.in_(wanted))
    ).all()) if wanted else {}
    return {seq: {"comment_id": cid, "comment_text": (texts.get(cid) or "")[:CARD_TEXT_PREVIEW]
                  or None} for seq, cid in ids.items()}


def log_csv(entries: list[dict]) -> str:
    """Return the log as CSV (with a BOM, so spreadsheets show æøå)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["seq", "at", "who", "action", "card_id", "card_text", "details"])
    for e in entries:
        details = json.dumps(e["details"], ensure_ascii=False) if e["details"] else ""
        writer.writerow([safe_cell(v) for v in (e["seq"], e["at"], e["who"], e["action"],
                                                 e["card_id"], e["card_text"], details)])
    return "\ufeff" + out.getvalue()
