"""What a card's new kind takes with it: "count me in" and links that no longer fit.

Only an initiative takes "Jeg er med"; a link joins an actor card to an initiative or an
idea. When a card's kind changes, the commitments and links that the new kind cannot have
are removed (each with its usual events), so nothing is left that the board cannot show.
"""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..models import Card, Commitment, Link, Workshop
from .access import Actor
from .eventlog import append_event
from .links import TARGET_KINDS
from .outcome import Outcome
from .removal import remove_commitment


def unfitting_links(session: Session, card: Card) -> list[Link]:
    """Return the links of ``card`` that its (new) kind cannot have."""
    clauses = []
    if card.kind != "actor":
        clauses.append(Link.actor_card_id == card.id)
    if card.kind not in TARGET_KINDS:
        clauses.append(Link.target_card_id == card.id)
    if not clauses:
        return []
    return list(session.scalars(select(Link).where(or_(*clauses))))


def drop_what_no_longer_fits(session: Session, workshop: Workshop, card: Card, actor: Actor,
                             outcome: Outcome) -> dict:
    """Remove the commitments and links that ``card``'s new kind cannot have.

    Returns how many went: ``{"commitments": n, "links": m}`` (told to the moderator).
    """
    commitments = [] if card.kind == "initiative" else list(session.scalars(
        select(Commitment).where(Commitment.card_id == card.id)))
    for commitment in commitments:
        remove_commitment(session, workshop, commitment, actor, outcome)
    links = unfitting_links(session, card)
    for link in links:
        session.delete(link)
        outcome.events.append(append_event(session, workshop, "link.deleted", {"id": link.id},
                                           actor=actor))
    return {"commitments": len(commitments), "links": len(links)}
