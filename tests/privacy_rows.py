"""Rows of the toolkit (comments, commitments, supports, links) inserted directly.

Their endpoints are built in another part; privacy works on the models, so the
privacy tests put the rows in as those endpoints would, counters included.
"""

from __future__ import annotations

from sqlalchemy import select

from openspace.models import Card, Comment, Commitment, Link, Support, Workshop
from openspace.services.tokens import new_id


def _card(session, card_id: str) -> Card:
    """Return a stored card."""
    return session.get(Card, card_id)


def _next_seq(session, workshop_id: str) -> int:
    """Take the workshop's next seq (comments carry one)."""
    workshop = session.get(Workshop, workshop_id)
    workshop.last_seq += 1
    return workshop.last_seq


def add_comment(db, card_id: str, participant_id: str, text: str) -> str:
    """Store a visible comment on a card; return its id."""
    with db.write() as session:
        card = _card(session, card_id)
        comment = Comment(id=new_id(), workshop_id=card.workshop_id, card_id=card.id,
                          client_id=new_id(), text=text, participant_id=participant_id,
                          seq=_next_seq(session, card.workshop_id))
        card.comment_count += 1
        session.add(comment)
        return comment.id


def add_commitment(db, card_id: str, participant_id: str, name: str | None,
                   contact: str | None) -> str:
    """Store a "count me in" (contact with consent); return its id."""
    with db.write() as session:
        card = _card(session, card_id)
        commitment = Commitment(id=new_id(), workshop_id=card.workshop_id, card_id=card.id,
                                participant_id=participant_id, name=name, contact=contact,
                                consent=contact is not None)
        card.commitment_count += 1
        session.add(commitment)
        return commitment.id


def add_support(db, card_id: str, participant_id: str) -> str:
    """Store a support; return its id."""
    with db.write() as session:
        card = _card(session, card_id)
        support = Support(id=new_id(), workshop_id=card.workshop_id, card_id=card.id,
                          participant_id=participant_id)
        card.support_count += 1
        session.add(support)
        return support.id


def add_link(db, actor_card_id: str, target_card_id: str, participant_id: str) -> str:
    """Store a link from an actor card to another card; return its id."""
    with db.write() as session:
        card = _card(session, actor_card_id)
        link = Link(id=new_id(), workshop_id=card.workshop_id, actor_card_id=actor_card_id,
                    target_card_id=target_card_id, participant_id=participant_id)
        session.add(link)
        return link.id


def counters(db, card_id: str) -> tuple[int, int, int]:
    """Return a card's (supports, commitments, comments) counters."""
    with db.read() as session:
        card = _card(session, card_id)
        return card.support_count, card.commitment_count, card.comment_count


def every_row(db) -> dict[str, list[dict]]:
    """Return every row of every table, as dicts, by table name."""
    from openspace.models import Base

    rows = {}
    with db.read() as session:
        for table in Base.metadata.sorted_tables:
            rows[table.name] = [dict(r._mapping) for r in session.execute(select(table))]
    return rows


def rows_text(db) -> str:
    """Return the whole database as one text, to search for what must be gone."""
    return repr(every_row(db))
