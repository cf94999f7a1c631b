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

from functools import lru_cache

from sqlalchemy import bindparam, case, exists, false, insert, literal, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..models import AUDIENCE_ALL, Card, Event, Participant, SafeRoom, Theme, Workshop
from .access import PARTICIPANT, Actor
from .cards import card_json, new_card, parse_new_card
from .eventlog import actor_label, stored_form
from .outcome import Outcome
from .safe_room import any_hit
from .visibility import participant_audience

EVENT_COLUMNS = ("workshop_id", "seq", "type", "data", "created_at", "audience", "actor")
#: The card's values that vary per post, as named parameters of the cached statements.
CARD_PARAMETERS = {"id": "card_id", "workshop_id": "wid", "theme_id": "theme_id",
                   "client_id": "client_id", "kind": "kind", "text": "text",
                   "author_role": "author_role", "participant_id": "pid", "created_at": "now",
                   "organisation": "organisation", "sdgs": "sdgs"}


def post_card_quickly(session: Session, actor: Actor, payload) -> Outcome | None:
    """Store a new card in one statement; None if the whole path must answer instead.

    Refuses bad input exactly as ``cards.post_card`` does (the same checks).
    """
    fields = parse_new_card(actor, payload)
    connection = session.connection()
    author_name = None
    if actor.role == PARTICIPANT:
        author = connection.execute(_AUTHOR, {"pid": actor.participant_id,
                                              "wid": actor.workshop_id}).first()
        if author is None or any_hit(author.held_words, author.distress_words, fields.text):
            return None
        author_name = author.name
    card = new_card(fields, actor, actor.workshop_id, seq=0, pending=False)
    postgres = connection.dialect.name == "postgresql"
    try:
        stored = _store(connection, postgres, actor, _parameters(card, actor))
    except IntegrityError:
        # The same client_id from another request between the check and the insert.
        session.rollback()
        return None
    if stored is None:
        return None
    card.seq, card.pending = stored.seq, bool(stored.pending)
    card.participant = (Participant(id=actor.participant_id, name=author_name)
                        if actor.participant_id else None)
    data = card_json(card)
    event = Event(workshop_id=card.workshop_id, seq=card.seq, type="card.created",
                  data=stored_form("card.created", data),
                  audience=participant_audience(actor.participant_id) if card.pending
                  else AUDIENCE_ALL)
    event.live_data = data
    return Outcome(data, [event], created=True)


_AUTHOR = (select(Participant.name, SafeRoom.held_words, SafeRoom.distress_words)
           .outerjoin(SafeRoom, SafeRoom.workshop_id == bindparam("wid"))
           .where(Participant.id == bindparam("pid")))


def _parameters(card: Card, actor: Actor) -> dict:
    """Return the values of one post for the cached statements."""
    values = {name: getattr(card, column) for column, name in CARD_PARAMETERS.items()}
    return {**values, "data": {"id": card.id}, "actor": actor_label(actor),
            "pending_audience": participant_audience(actor.participant_id or "")}


def _allocate(moderates: bool, participant: bool):
    """Return the UPDATE that takes the next seq if every check holds (RETURNING seq, pending)."""
    workshops = Workshop.__table__
    wid = bindparam("wid")
    checks = [
        workshops.c.id == wid,
        exists().where(Theme.id == bindparam("theme_id"), Theme.workshop_id == wid),
        ~exists().where(Card.workshop_id == wid, Card.client_id == bindparam("client_id")),
    ]
    if not moderates:
        checks.append(workshops.c.state != "locked")
    if participant:
        checks.append(exists().where(Participant.id == bindparam("pid")))
    # Under pre-moderation a participant's card waits for the facilitator.
    pending = false() if moderates else workshops.c.premoderation
    return (update(workshops).where(*checks).values(last_seq=workshops.c.last_seq + 1)
            .returning(workshops.c.last_seq.label("seq"), pending.label("pending")))


def _inserts(seq, pending) -> tuple:
    """Return the INSERTs of the card and of its ``card.created`` event.

    The card's other columns (not hidden, no counts, origin "board" …) take their
    model defaults, written into the statement as constants (inside a CTE,
    SQLAlchemy would not fill them in at execution).
    """
    cards, events = Card.__table__, Event.__table__
    given = {**{name: bindparam(key, type_=cards.c[name].type)
                for name, key in CARD_PARAMETERS.items()}, "seq": seq, "pending": pending}
    defaults = {column.name: literal(column.default.arg, column.type)
                for column in cards.columns
                if column.name not in given and column.default is not None}
    card_values = {**given, **defaults}
    audience = case((pending, bindparam("pending_audience")), else_=literal(AUDIENCE_ALL))
    event_values = [bindparam("wid"), seq, literal("card.created"),
                    bindparam("data", type_=events.c.data.type),
                    bindparam("now", type_=events.c.created_at.type), audience,
                    bindparam("actor", type_=events.c.actor.type)]
    return (insert(cards).from_select(list(card_values), select(*card_values.values())),
            insert(events).from_select(EVENT_COLUMNS, select(*event_values)))


@lru_cache(maxsize=8)
def _statements(postgres: bool, moderates: bool, participant: bool) -> tuple:
    """Return the statement(s) of a post, built once per shape (compiled once, cached)."""
    allocate = _allocate(moderates, participant)
    if not postgres:
        return (allocate, *_inserts(bindparam("seq"), bindparam("pending")))
    allocated = allocate.cte("allocated")
    card_row, event_row = _inserts(allocated.c.seq, allocated.c.pending)
    return (select(allocated.c.seq, allocated.c.pending)
            .add_cte(card_row.cte("card_row"), event_row.cte("event_row")),)


def _store(connection, postgres: bool, actor: Actor, values: dict):
    """Run the statement(s); return the stored (seq, pending), or None if a check failed."""
    statements = _statements(postgres, actor.moderates, actor.participant_id is not None)
    stored = connection.execute(statements[0], values).first()
    if postgres or stored is None:
        return stored
    # SQLite (no INSERT inside WITH): the same steps, in the write transaction.
    steps = {**values, "seq": stored.seq, "pending": bool(stored.pending)}
    for statement in statements[1:]:
        connection.execute(statement, steps)
    return stored
