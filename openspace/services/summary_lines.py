"""The toolkit's lines in a plenary summary: most supported cards, sign-up counts, links.

Counts only: a summary is shown on the projector and printed for everyone, so
it never holds who signed up or how to reach them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Card, Link, Workshop

TOP_CARDS = 5


def most_supported(cards: list[Card], as_summary: dict[str, dict]) -> list[dict]:
    """Return the (at most ``TOP_CARDS``) cards with the most supports, ties oldest first."""
    backed = sorted((c for c in cards if c.support_count > 0),
                    key=lambda c: (-c.support_count, c.seq))
    return [as_summary[c.id] for c in backed[:TOP_CARDS]]


def toolkit_extras(session: Session, workshop: Workshop, visible: list[Card],
                   as_summary: dict[str, dict], starts_at: datetime, ends_at: datetime) -> dict:
    """Return how many said "count me in" per initiative (counts only, never who) and the
    actor → initiative links made in the window, between cards everyone sees."""
    committed = sorted((c for c in visible if c.kind == "initiative" and c.commitment_count),
                       key=lambda c: (-c.commitment_count, c.seq))
    links = session.scalars(
        select(Link).where(Link.workshop_id == workshop.id, Link.created_at > starts_at,
                           Link.created_at <= ends_at).order_by(Link.created_at))
    return {
        "commitments": [{"card": as_summary[c.id], "count": c.commitment_count}
                        for c in committed],
        "links": [{"actor": as_summary[link.actor_card_id],
                   "target": as_summary[link.target_card_id]}
                  for link in links
                  if link.actor_card_id in as_summary and link.target_card_id in as_summary],
    }
