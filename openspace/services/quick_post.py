"""Posting a card in one statement: the usual case of the busiest write of the day.

On PostgreSQL, ``post_card_quickly`` runs on a connection in autocommit mode and
stores a card in one statement: it raises the workshop's seq, checks the
theme, the ``client_id``, the lock and that the participant still exists,
inserts the card and its ``card.created`` event, and commits, all at once. The
workshop row is locked only for that statement, and a post takes two round
trips (the author's name and the safe room's lists, then the statement), three
over HTTP with the token look-up. On SQLite the same steps run as three short
statements in the write transaction, which already holds the lock.

Anything unusual leaves the statement with nothing changed and the whole
path (``cards.post_card``) answers instead: a repeated ``client_id`` (the
stored card, or a conflict), a locked board, an unknown theme, a deleted
participant, and a text on the safe room's lists (only the whole path records
the flag and answers with the help text).
"""

from __future__ import annotations

from sqlalchemy import case, exists, false, insert, literal, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..models import AUDIENCE_ALL, Card, Event, Participant, SafeRoom, Theme, Workshop, utcnow
from .access import PARTICIPANT, Actor
from .cards import NewCard, card_json, new_card, parse_new_card
from .eventlog import actor_label, stored_form
from .outcome import Outcome
from .safe_room import any_hit
from .visibility import participant_audience

CARD_COLUMNS = [column.name for column in Card.__table__.columns]
EVENT_COLUMNS = ("workshop_id", "seq", "type", "data", "created_at", "audience", "actor")


def post_card_quickly(session: Session, actor: Actor, payload) -> Outcome | None:
    """Store a new card in one statement; None if the whole path must answer instead.

    Refuses bad input exactly as ``cards.post_card`` does (the same checks).
    """
    fields = parse_new_card(actor, payload)
    author_name = None
    if actor.role == PARTICIPANT:
        author = session.execute(
            select(Participant.name, SafeRoom.held_words, SafeRoom.distress_words)
            .outerjoin(SafeRoom, SafeRoom.workshop_id == actor.workshop_id)
            .where(Participant.id == actor.participant_id)).first()
        if author is None or any_hit(author.held_words, author.distress_words, fields.text):
            return None
        author_name = author.name
    card = new_card(fields, actor, actor.workshop_id, seq=0, pending=False)
    try:
        stored = _store(session, card, fields, actor)
    except IntegrityError:
        # The same client_id from another request between the check and the insert.
        session.rollback()
        return None
    if stored is None:
        return None
    card.seq, card.pending = stored.seq, stored.pending
    card.participant = (Participant(id=actor.participant_id, name=author_name)
                        if actor.participant_id else None)
    data = card_json(card)
    event = Event(workshop_id=card.workshop_id, seq=card.seq, type="card.created",
                  data=stored_form("card.created", data), audience=_audience(card, actor))
    event.live_data = data
    return Outcome(data, [event], created=True)


def _audience(card: Card, actor: Actor) -> str:
    """Return who receives the new card: everyone, or its author while it waits."""
    return participant_audience(actor.participant_id) if card.pending else AUDIENCE_ALL


def _allocate(card: Card, fields: NewCard, actor: Actor):
    """Return the UPDATE that takes the next seq if every check holds (RETURNING seq, pending)."""
    workshops = Workshop.__table__
    checks = [
        workshops.c.id == card.workshop_id,
        exists().where(Theme.id == fields.theme_id, Theme.workshop_id == card.workshop_id),
        ~exists().where(Card.workshop_id == card.workshop_id, Card.client_id == card.client_id),
    ]
    if not actor.moderates:
        checks.append(workshops.c.state != "locked")
    if actor.participant_id is not None:
        checks.append(exists().where(Participant.id == actor.participant_id))
    # Under pre-moderation a participant's card waits for the facilitator.
    pending = false() if actor.moderates else workshops.c.premoderation
    return (update(workshops).where(*checks).values(last_seq=workshops.c.last_seq + 1)
            .returning(workshops.c.last_seq.label("seq"), pending.label("pending")))


def _card_values(card: Card, seq, pending) -> list:
    """Return the card's column values in ``CARD_COLUMNS`` order, seq and pending as given."""
    table = Card.__table__
    given = {"seq": seq, "pending": pending}
    return [given[name] if name in given else literal(getattr(card, name), table.c[name].type)
            for name in CARD_COLUMNS]


def _event_values(card: Card, actor: Actor, seq, pending) -> list:
    """Return the ``card.created`` event's values in ``EVENT_COLUMNS`` order."""
    table = Event.__table__
    audience = case((pending, literal(participant_audience(actor.participant_id or ""))),
                    else_=literal(AUDIENCE_ALL))
    values = {"workshop_id": card.workshop_id, "type": "card.created",
              "data": {"id": card.id}, "created_at": utcnow(), "actor": actor_label(actor)}
    return [seq if name == "seq" else audience if name == "audience"
            else literal(values[name], table.c[name].type) for name in EVENT_COLUMNS]


def _store(session: Session, card: Card, fields: NewCard, actor: Actor):
    """Run the statement(s); return the stored (seq, pending), or None if a check failed."""
    if session.get_bind().dialect.name != "postgresql":
        return _store_in_steps(session, card, fields, actor)
    allocated = _allocate(card, fields, actor).cte("allocated")
    seq, pending = allocated.c.seq, allocated.c.pending
    card_row = insert(Card).from_select(
        CARD_COLUMNS, select(*_card_values(card, seq, pending))).cte("card_row")
    event_row = insert(Event).from_select(
        EVENT_COLUMNS, select(*_event_values(card, actor, seq, pending))).cte("event_row")
    statement = select(seq, pending).add_cte(card_row, event_row)
    return session.execute(statement).first()


def _store_in_steps(session: Session, card: Card, fields: NewCard, actor: Actor):
    """SQLite (no INSERT inside WITH): the same three steps, in the write transaction."""
    stored = session.execute(_allocate(card, fields, actor)).first()
    if stored is None:
        return None
    seq, pending = literal(stored.seq), literal(bool(stored.pending))
    session.execute(insert(Card).from_select(CARD_COLUMNS, select(*_card_values(card, seq,
                                                                                 pending))))
    session.execute(insert(Event).from_select(
        EVENT_COLUMNS, select(*_event_values(card, actor, seq, pending))))
    return stored
