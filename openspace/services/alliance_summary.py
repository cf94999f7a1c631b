"""New alliances for a plenary: an initiative with the actors that linked to it.

A link between an actor card and an initiative card (made on a phone or
confirmed by the facilitator from a suggestion) is an alliance's seed: the
initiative, its linked actors, and how many said "Jeg er med". An alliance is
new in a plenary's window when its first link was made in that window;
links carried from an earlier meeting keep their date, so they are not new.
Only cards everyone sees count.

Counts, card texts and organisations only: a summary is shown on the projector
and printed for everyone, so it never names who posted, linked or committed.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Card, Link
from .organisations import register


def new_alliances(session: Session, workshop_id: str, visible: list[Card],
                  starts_at: datetime, ends_at: datetime) -> list[dict]:
    """Return the alliances whose first link falls in ``starts_at < t <= ends_at``, oldest first.

    Each is ``{"initiative": {"id", "text", "theme_id"}, "actors": [{"id", "text",
    "organisation"}], "actor_count", "organisations": [names], "committed"}``;
    ``organisation`` is the register's name (merged spellings as one), or None.
    """
    by_id = {card.id: card for card in visible}
    links = session.scalars(select(Link).where(Link.workshop_id == workshop_id,
                                               Link.created_at <= ends_at)
                            .order_by(Link.created_at, Link.id))
    seeds: dict[str, list[Link]] = {}
    for link in links:
        actor, target = by_id.get(link.actor_card_id), by_id.get(link.target_card_id)
        if actor is None or target is None or target.kind != "initiative":
            continue
        seeds.setdefault(target.id, []).append(link)
    named = [card for card in visible if card.kind == "actor" and card.organisation]
    organisation_of = {card_id: entry["name"] for entry in register(session, workshop_id, named, [])
                       for card_id in entry["card_ids"]}
    found = []
    for initiative_id, seed in seeds.items():
        if not starts_at < seed[0].created_at <= ends_at:
            continue  # an older alliance (perhaps grown since), or one carried in
        initiative = by_id[initiative_id]
        actors = [by_id[link.actor_card_id] for link in seed]
        found.append({
            "initiative": {"id": initiative.id, "text": initiative.text,
                           "theme_id": initiative.theme_id},
            "actors": [{"id": a.id, "text": a.text, "organisation": organisation_of.get(a.id)}
                       for a in actors],
            "actor_count": len(actors),
            "organisations": sorted({organisation_of[a.id] for a in actors
                                     if a.id in organisation_of}, key=str.casefold),
            "committed": initiative.commitment_count,
        })
    return found
