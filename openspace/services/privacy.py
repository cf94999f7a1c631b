"""A participant's own data: see it, delete items of it or all of it; delete a workshop.

Deleting is a right, not a board action: it works while the board is locked.
Every deletion keeps the cards' counters in step, drops deleted cards from
the plenary snapshots (their PDFs are then made again), and sends the events
that let every phone and the projector take the item away. The event log
keeps no copies, so a deletion costs the same late in the day as early.
"""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from ..models import (
    AUDIENCE_ALL,
    Base,
    Card,
    Comment,
    Commitment,
    Event,
    Link,
    Participant,
    Series,
    SeriesMeeting,
    Support,
    Workshop,
)
from .access import ORGANISER, PARTICIPANT, Actor, require_role
from .cards import card_json
from .comments import comment_json
from .commitments import commitment_json
from .errors import N_, NotFound
from .eventlog import append_event, lock_workshop
from .links import link_json
from .outcome import Outcome
from .removal import remove_card, remove_cards, remove_comment, remove_commitment
from .visibility import can_see_card, card_audience


def _card_texts(session: Session, card_ids: set[str], actor: Actor) -> dict[str, str]:
    """Return the text of each card the participant may see, to say what an item hangs on."""
    if not card_ids:
        return {}
    cards = session.scalars(select(Card).where(Card.id.in_(card_ids)))
    return {c.id: c.text for c in cards if can_see_card(c, actor)}


def own_data(session: Session, actor: Actor) -> dict:
    """Return everything stored about the calling participant, with their contact details."""
    require_role(actor, PARTICIPANT)
    pid = actor.participant_id
    me = session.get(Participant, pid)
    mine = {"workshop_id": actor.workshop_id, "participant_id": pid}

    def rows(model, *order):
        """Return the participant's rows of ``model`` in this workshop."""
        return list(session.scalars(select(model).filter_by(**mine).order_by(*order)))

    comments = rows(Comment, Comment.seq)
    commitments = rows(Commitment, Commitment.created_at)
    supports = rows(Support, Support.created_at)
    texts = _card_texts(session, {x.card_id for x in [*comments, *commitments, *supports]}, actor)
    return {
        "participant": {"participant_id": pid, "name": me.name,
                        "organisation": me.organisation,
                        "created_at": me.created_at.isoformat()},
        "cards": [card_json(c) for c in rows(Card, Card.seq)],
        "comments": [{**comment_json(c), "card_text": texts.get(c.card_id)} for c in comments],
        "commitments": [{**commitment_json(c), "card_text": texts.get(c.card_id)}
                        for c in commitments],
        "supports": [{"card_id": s.card_id, "created_at": s.created_at.isoformat(),
                      "card_text": texts.get(s.card_id)} for s in supports],
        "links": [link_json(x) for x in rows(Link, Link.created_at)],
    }


def _own(session: Session, model, item_id: str, actor: Actor, message: str):
    """Return the participant's own row of ``model``, or ``NotFound``."""
    row = session.get(model, item_id)
    if row is None or row.workshop_id != actor.workshop_id or \
            row.participant_id != actor.participant_id:
        raise NotFound(message)
    return row


def delete_own_card(session: Session, actor: Actor, card_id: str) -> Outcome:
    """Delete one of the participant's own cards, also while the board is locked."""
    require_role(actor, PARTICIPANT)
    workshop = lock_workshop(session, actor.workshop_id)
    card = _own(session, Card, card_id, actor, N_("This card does not exist."))
    removal = Outcome({"id": card.id})
    remove_card(session, workshop, card, actor, removal)
    session.flush()
    return removal


def delete_own_comment(session: Session, actor: Actor, comment_id: str) -> Outcome:
    """Delete one of the participant's own comments."""
    require_role(actor, PARTICIPANT)
    workshop = lock_workshop(session, actor.workshop_id)
    comment = _own(session, Comment, comment_id, actor, N_("This comment does not exist."))
    removal = Outcome({"id": comment.id})
    remove_comment(session, workshop, comment, actor, removal)
    session.flush()
    return removal


def withdraw_own_commitment(session: Session, actor: Actor, card_id: str) -> Outcome:
    """Withdraw the participant's "count me in" on a card; the contact is deleted."""
    require_role(actor, PARTICIPANT)
    workshop = lock_workshop(session, actor.workshop_id)
    commitment = session.scalar(select(Commitment).where(
        Commitment.card_id == card_id, Commitment.participant_id == actor.participant_id,
        Commitment.workshop_id == workshop.id))
    if commitment is None:
        raise NotFound(N_("You have not said “count me in” on this card."))
    removal = Outcome({"card_id": card_id})
    remove_commitment(session, workshop, commitment, actor, removal)
    session.flush()
    return removal


def delete_me(session: Session, actor: Actor) -> Outcome:
    """Delete everything of the calling participant and the participant (the token stops)."""
    require_role(actor, PARTICIPANT)
    workshop = lock_workshop(session, actor.workshop_id)
    pid = actor.participant_id
    mine = {"workshop_id": workshop.id, "participant_id": pid}
    removal = Outcome({"participant_id": pid, "deleted": True})
    remove_cards(session, workshop,
                 list(session.scalars(select(Card).filter_by(**mine).order_by(Card.seq))),
                 actor, removal)
    for comment in session.scalars(select(Comment).filter_by(**mine)).all():
        remove_comment(session, workshop, comment, actor, removal)
    for commitment in session.scalars(select(Commitment).filter_by(**mine)).all():
        remove_commitment(session, workshop, commitment, actor, removal)
    for support in session.scalars(select(Support).filter_by(**mine)).all():
        card = session.get(Card, support.card_id)
        card.support_count = max(0, card.support_count - 1)
        session.execute(delete(Support).where(Support.id == support.id))
        removal.events.append(append_event(
            session, workshop, "card.supported",
            {"card_id": card.id, "supports": card.support_count},
            audience=card_audience(card), actor=actor))
    for link in session.scalars(select(Link).filter_by(**mine)).all():
        session.execute(delete(Link).where(Link.id == link.id))
        removal.events.append(append_event(session, workshop, "link.deleted", {"id": link.id},
                                           actor=actor))
    session.execute(delete(Participant).where(Participant.id == pid))
    session.flush()
    return removal


def workshop_tables() -> list:
    """Return every table with a ``workshop_id``, children first.

    Read from the models, so a table added later is deleted with its workshop without
    anyone remembering to list it; children first, so the deletes do not depend on the
    database cascading them.
    """
    return [table for table in reversed(Base.metadata.sorted_tables)
            if "workshop_id" in table.c]


def leave_series(session: Session, workshop_id: str) -> None:
    """Take a deleted workshop out of its series: no reference to it stays behind.

    Cards carried from it into a later meeting stay that meeting's cards (marked carried,
    no longer saying from where); the series goes when its last meeting does, and is
    otherwise named after its first remaining meeting.
    """
    meeting = session.get(SeriesMeeting, workshop_id)
    session.execute(update(Card).where(Card.carried_from_workshop_id == workshop_id)
                    .values(carried_from_workshop_id=None, carried_from_card_id=None))
    session.execute(update(SeriesMeeting).where(SeriesMeeting.previous_workshop_id == workshop_id)
                    .values(previous_workshop_id=None))
    if meeting is None:
        return
    series_id = meeting.series_id
    session.delete(meeting)
    session.flush()
    first = session.scalar(select(Workshop.title).join(
        SeriesMeeting, SeriesMeeting.workshop_id == Workshop.id)
        .where(SeriesMeeting.series_id == series_id).order_by(SeriesMeeting.position).limit(1))
    if first is None:
        session.execute(delete(Series).where(Series.id == series_id))
    else:
        session.execute(update(Series).where(Series.id == series_id).values(title=first))


def delete_workshop(session: Session, actor: Actor) -> Outcome:
    """Delete a workshop and every row of it (organiser); the caller removes its files.

    The ``workshop.deleted`` event is not stored (its log goes with it); it
    carries the next seq so that connected screens apply it.
    """
    require_role(actor, ORGANISER)
    workshop = lock_workshop(session, actor.workshop_id)
    farewell = Event(workshop_id=workshop.id, seq=workshop.last_seq + 1,
                     type="workshop.deleted", data={}, audience=AUDIENCE_ALL, actor=ORGANISER)
    leave_series(session, workshop.id)
    for table in workshop_tables():
        session.execute(delete(table).where(table.c.workshop_id == workshop.id))
    session.execute(delete(Workshop).where(Workshop.id == workshop.id))
    session.flush()
    return Outcome({"id": workshop.id, "deleted": True}, [farewell])
