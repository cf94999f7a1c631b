"""What a phone shows of a plenary: a short digest of its frozen summary, and when the
shared day's report may be served again without rendering it anew.

A summary holds every card of its window (at 160 cards, tens of kilobytes);
a phone needs the counts, the note, the most supported and the new
initiatives, so the digest keeps those, each list cut to ``DIGEST_ITEMS`` with
the number left out. It reads the summary defensively: snapshots of older
versions may lack a key. Only what the summary already holds (the projector's
public content) goes in; never a contact.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Event

#: At most this many cards per list on a phone; the rest is a count ("and 12 more").
DIGEST_ITEMS = 20

#: Events after which a stored copy of the day's report may show what is no
#: longer public (a hidden, deleted, merged or changed card, a renamed theme,
#: names removed): it is rendered again before anyone else gets it.
RETRACTING_EVENTS = (
    "card.hidden", "card.deleted", "card.merged", "card.updated", "link.deleted",
    "commitment.deleted", "theme.updated", "workshop.updated", "workshop.personal_data_removed",
)


def _digest_card(card: dict) -> dict:
    """Return a card as the phone's digest shows it: kind, theme, text and counts."""
    return {key: card.get(key) for key in ("id", "kind", "theme_title", "text", "supports")
            if key in card}


def _cut(cards: list[dict]) -> dict:
    """Return the first ``DIGEST_ITEMS`` cards (digested already) and how many were left out."""
    return {"items": cards[:DIGEST_ITEMS], "more": max(0, len(cards) - DIGEST_ITEMS)}


def digest(summary: dict) -> dict:
    """Return the phone's digest of a plenary summary (counts, note, top, new initiatives)."""
    extras = summary.get("extras") or {}
    committed = {item["card"].get("id"): item.get("count", 0)
                 for item in extras.get("commitments") or []
                 if isinstance(item, dict) and isinstance(item.get("card"), dict)}
    initiatives = [{**_digest_card(card), "commitments": committed.get(card.get("id"), 0)}
                   for card in summary.get("new_initiatives") or []]
    return {
        "number": summary.get("number"),
        "starts_local": summary.get("starts_local"),
        "ends_local": summary.get("ends_local"),
        "note": summary.get("note") or "",
        "counts": summary.get("counts") or {},
        "top": _cut([_digest_card(c) for c in summary.get("top_window") or []]),
        "new_initiatives": _cut(initiatives),
        "new_actors": _cut([_digest_card(c) for c in summary.get("new_actors") or []]),
    }


def retracted_since(session: Session, workshop_id: str, seq: int) -> bool:
    """True if public content may have left the board after event ``seq`` (see above)."""
    return session.scalar(
        select(Event.seq).where(Event.workshop_id == workshop_id, Event.seq > seq,
                                Event.type.in_(RETRACTING_EVENTS)).limit(1)
    ) is not None
