"""A Collective Impact status for the funder: the five conditions of one workshop, in counts.

Common agenda (the vision, the themes as goals, the UN goals the cards name),
shared measurement (organisations by sector, initiatives by where they stand,
people who said "Jeg er med", the organiser's own indicators), mutually
reinforcing activities (initiatives × the actors linked to them, overlaps
flagged: initiatives that look alike), continuous communication (the
plenaries held) and the backbone (the organiser's contact, an organisation's).

Counts only, never personal data: no participant's name or contact, no
author of a card. Initiative texts and organisation names are what the
public board and its PDFs already show.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import (
    FOLLOWUP_STATUSES,
    Card,
    Commitment,
    Link,
    Participant,
    Plenary,
    Workshop,
    utcnow,
)
from .carry import initiative_statuses
from .errors import N_, NotFound
from .organisations import register, sector_summary, settings_of
from .plenaries import local_clock, local_date, workshop_summary_info
from .sdgs import GOALS
from .similarity import SimilarityIndex
from .visibility import is_public

# Rows of the initiatives table on page 2 (the most backed first); more are counted, not
# listed, so the status stays two pages at a real day's load.
MAX_ROWS = 12
MAX_TEXT = 90
MAX_OVERLAPS = 3
OVERLAP_THRESHOLD = 0.66


def _short(text: str) -> str:
    """Return ``text`` cut to ``MAX_TEXT`` characters."""
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT - 1].rstrip() + "…"


def _initiative_rows(cards: list[Card], links: list[Link], organisation_of: dict[str, str | None]
                     ) -> list[dict]:
    """Return each initiative with its linked actors and its overlaps, the most backed first.

    Actors are their organisations' names; an actor card that names none is counted
    (``unnamed``), not quoted.
    """
    initiatives = [c for c in cards if c.kind == "initiative"]
    index = SimilarityIndex()
    for card in initiatives:
        index.add(card.id, card.text)
    number = {card.id: n for n, card in enumerate(initiatives, start=1)}
    actors: dict[str, list[str | None]] = {card.id: [] for card in initiatives}
    for link in links:
        if link.target_card_id in actors and link.actor_card_id in organisation_of:
            actors[link.target_card_id].append(organisation_of[link.actor_card_id])
    rows = []
    for card in initiatives:
        overlaps = sorted(number[key] for key, _score in
                          index.similar(card.text, exclude=card.id, threshold=OVERLAP_THRESHOLD))
        named = sorted({name for name in actors[card.id] if name})
        rows.append({"number": number[card.id], "text": _short(card.text), "actors": named,
                     "unnamed": sum(1 for name in actors[card.id] if not name),
                     "linked": len(actors[card.id]), "committed": card.commitment_count,
                     "overlaps": overlaps[:MAX_OVERLAPS],
                     "overlaps_more": max(0, len(overlaps) - MAX_OVERLAPS)})
    return sorted(rows, key=lambda r: (-(r["linked"] + r["committed"]), r["number"]))


def status_data(session: Session, workshop_id: str, base_url: str) -> dict:
    """Return everything the Collective Impact status prints, counts only."""
    workshop = session.get(Workshop, workshop_id)
    if workshop is None:
        raise NotFound(N_("This workshop does not exist."))
    cards = [c for c in session.scalars(select(Card).where(Card.workshop_id == workshop_id)
                                        .order_by(Card.seq)) if is_public(c)]
    public_ids = {c.id for c in cards}
    links = [link for link in session.scalars(select(Link).where(Link.workshop_id == workshop_id))
             if link.actor_card_id in public_ids and link.target_card_id in public_ids]
    entries = register(session, workshop_id)
    by_card = {card_id: e["name"] for e in entries for card_id in e["card_ids"]}
    organisation_of = {c.id: by_card.get(c.id) for c in cards if c.kind == "actor"}
    rows = _initiative_rows(cards, links, organisation_of)
    committed_people = session.scalar(
        select(func.count(func.distinct(Commitment.participant_id)))
        .join(Card, Card.id == Commitment.card_id)
        .where(Card.workshop_id == workshop_id, Card.id.in_(public_ids or {""})))
    goals = Counter(n for c in cards for n in (c.sdgs or ()))
    plenaries = list(session.scalars(select(Plenary).where(Plenary.workshop_id == workshop_id)
                                     .order_by(Plenary.number)))
    settings = settings_of(session, workshop_id)
    linked_initiatives = sum(1 for r in rows if r["linked"])
    statuses = Counter(initiative_statuses(
        session, [c.id for c in cards if c.kind == "initiative"]).values())
    statuses["idea"] += len(rows) - sum(statuses.values())  # no follow-up yet: an idea
    participants = session.scalar(select(func.count()).select_from(Participant)
                                  .where(Participant.workshop_id == workshop_id))
    return {
        "workshop": workshop_summary_info(workshop, base_url),
        "generated_local": f"{local_date(utcnow(), workshop)} {local_clock(utcnow(), workshop)}",
        "themes": [t.title for t in workshop.themes],
        "goals": [{"number": n, "name": name, "count": goals[n]} for n, name in GOALS
                  if goals[n]],
        "organisations": sector_summary(session, workshop_id),
        "counts": {
            "participants": participants,
            "cards": len(cards),
            "ideas": sum(1 for c in cards if c.kind == "idea"),
            "actors": sum(1 for c in cards if c.kind == "actor"),
            "initiatives": len(rows),
            "initiatives_linked": linked_initiatives,
            "actors_named": sum(1 for name in organisation_of.values() if name),
            "initiatives_committed": sum(1 for r in rows if r["committed"]),
            "initiatives_alone": sum(1 for r in rows if not r["linked"] and not r["committed"]),
            "committed_people": committed_people or 0,
            "links": len(links),
            "overlaps": sum(1 for r in rows if r["overlaps"]),
        },
        # Initiatives by follow-up status (models/followup.py), every status, in order.
        "by_status": [{"status": code, "count": statuses[code]} for code in FOLLOWUP_STATUSES],
        "series": None,
        "indicators": list(settings.indicators or []),
        "rows": rows[:MAX_ROWS],
        "rows_more": max(0, len(rows) - MAX_ROWS),
        "meetings": [{"number": p.number, "date": local_date(p.ends_at, workshop),
                      "from": local_clock(p.starts_at, workshop),
                      "to": local_clock(p.ends_at, workshop)} for p in plenaries],
        "backbone": settings.backbone or "",
    }
