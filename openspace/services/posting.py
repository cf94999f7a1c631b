"""Posting a card, idempotent on ``client_id``: on PostgreSQL one statement, the lock held briefly.

A post used to take about nine round trips to PostgreSQL (the workshop's row
lock, the client_id check, the theme, the word lists, the insert, the author,
the event, the seq, the commit), all while holding the workshop's row lock,
so that posts queued on the lock behind a busy event loop. Here, on
PostgreSQL, one statement (``posting_statement.one_statement``, run in
autocommit by ``Database.write(one_statement=True)``) locks, checks and
stores; the lock is held from that statement's start to its commit.
The word lists screening the post are kept per process
(``services/safe_room_cache.py``). Only when that statement stores nothing
does a second one find out why: a retry of a stored card (answered with the
card), a refusal (answered as before), or lists that changed (read again,
and the post screened and tried again).

SQLite has no round trips to save; its transaction (``BEGIN IMMEDIATE``, the
write lock from the start) reads the same checks in one statement, then
inserts the card, its events and the seq, and commits once.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import exists, insert, select, update
from sqlalchemy.orm import Session

from ..models import (
    AUDIENCE_ALL,
    AUDIENCE_MODERATORS,
    CARD_KINDS,
    Card,
    Event,
    SafetyFlag,
    Theme,
    Workshop,
    utcnow,
)
from . import safe_room_cache
from .access import FACILITATOR, ORGANISER, PARTICIPANT, Actor, require_role
from .card_wire import MAX_CLIENT_ID, MAX_TEXT, card_json, parse_organisation
from .errors import N_, BadRequest, Conflict, Forbidden, NotFound, Unavailable, WorkshopLocked
from .eventlog import actor_label, stored_form
from .outcome import Outcome
from .posting_statement import (
    NewCard,
    author_here,
    author_name,
    card_values,
    lists_version,
    one_statement,
)
from .safe_room import Screening, flag_json, for_author
from .sdgs import parse_sdgs
from .tokens import new_id
from .validation import choice_field, require_object, text_field
from .visibility import participant_audience

#: A post is tried at most this often (the lists changed, or the board meanwhile).
ATTEMPTS = 3
NO_LONGER_HERE = N_("You are no longer part of this workshop.")
BOARD_LOCKED = N_("The board is locked for now. Ask the facilitator.")


def post_card(session: Session, actor: Actor, payload) -> Outcome:
    """Store a new card, or return the stored one if its ``client_id`` was seen before."""
    require_role(actor, PARTICIPANT, FACILITATOR, ORGANISER)
    payload = require_object(payload)
    card = NewCard(
        id=new_id(),
        client_id=text_field(payload, "client_id", max_length=MAX_CLIENT_ID),
        kind=choice_field(payload, "kind", CARD_KINDS),
        theme_id=text_field(payload, "theme_id", max_length=64),
        text=text_field(payload, "text", max_length=MAX_TEXT, multiline=True),
        sdgs=parse_sdgs(payload.get("sdgs")),
        organisation=parse_organisation(payload),
        created_at=utcnow(),
    )
    if session.get_bind().dialect.name == "postgresql":
        return _post_in_one_statement(session, actor, card)
    return _post_in_transaction(session, actor, card)


# --- the checks, read in one statement -------------------------------------------------------

def _checks(session: Session, actor: Actor, card: NewCard):
    """Return, in one row, everything a post depends on (None: no such workshop)."""
    wid = actor.workshop_id
    existing = select(Card.id).where(Card.workshop_id == wid, Card.client_id == card.client_id)
    theme_ok = exists().where(Theme.id == card.theme_id, Theme.workshop_id == wid)
    return session.execute(select(
        Workshop.last_seq, Workshop.premoderation, Workshop.language, Workshop.state,
        existing.scalar_subquery().label("existing"), theme_ok.label("theme_ok"),
        author_here(actor).label("here"), author_name(actor).label("name"),
        lists_version(wid).label("version"),
    ).where(Workshop.id == wid)).first()


def _refuse(row, actor: Actor) -> None:
    """Raise what the checks in ``row`` refuse, in the order the API always answered."""
    if row is None:
        raise NotFound(N_("This workshop does not exist."))
    if not row.here:
        raise Forbidden(NO_LONGER_HERE)
    if row.existing is not None:
        return
    if row.state == "locked" and not actor.moderates:
        raise WorkshopLocked(BOARD_LOCKED)
    if not row.theme_ok:
        raise BadRequest(N_("Choose one of this workshop's themes."), field="theme_id")


def _stored_before(session: Session, actor: Actor, card_id: str, language: str) -> Outcome:
    """Answer a retry: the stored card, as its author was told then (or 409 for another's)."""
    existing = session.get(Card, card_id)
    same = (existing.participant_id == actor.participant_id if actor.role == PARTICIPANT
            else existing.author_role == actor.role)
    if not same:
        raise Conflict(N_("This client_id is already used by another card."), field="client_id")
    return Outcome(for_author(card_json(existing),
                              _screen(session, actor, existing.text, language)))


def _screen(session: Session, actor: Actor, text: str, language: str | None,
            lists: safe_room_cache.Lists | None = None) -> Screening:
    """Screen a participant's text with the kept lists (moderators are not screened)."""
    if actor.role != PARTICIPANT:
        return Screening()
    lists = lists or safe_room_cache.lists_of(session, actor.workshop_id)
    return lists.screen(text, language)


# --- SQLite: one transaction ----------------------------------------------------------------

def _post_in_transaction(session: Session, actor: Actor, card: NewCard) -> Outcome:
    """Check and store under the write lock SQLite took at BEGIN IMMEDIATE (and PostgreSQL's)."""
    row = _checks(session, actor, card)
    _refuse(row, actor)
    if row.existing is not None:
        return _stored_before(session, actor, row.existing, row.language)
    lists = None
    if actor.role == PARTICIPANT:
        lists = safe_room_cache.lists_of(session, actor.workshop_id)
        if lists.version != row.version:
            lists = safe_room_cache.load(session, actor.workshop_id)
    screening = _screen(session, actor, card.text, row.language, lists)
    seq = row.last_seq + 1
    pending = (row.premoderation or screening.held) and not actor.moderates
    flag_id = new_id() if screening.held or screening.distress else None
    session.execute(insert(Card).values(**card_values(actor, card, seq, pending)))
    events = _events(actor, card, seq, pending, row.name, screening, flag_id)
    session.execute(update(Workshop).where(Workshop.id == actor.workshop_id)
                    .values(last_seq=events[-1].seq))
    session.execute(insert(Event), [_event_values(e) for e in events])
    if flag_id is not None:
        session.execute(insert(SafetyFlag).values(
            id=flag_id, workshop_id=actor.workshop_id, card_id=card.id, comment_id=None,
            held=screening.held, distress=screening.distress, created_at=card.created_at))
    return Outcome(for_author(events[0].live_data, screening), events, created=True)


# --- PostgreSQL: one statement --------------------------------------------------------------

def _post_in_one_statement(session: Session, actor: Actor, card: NewCard) -> Outcome:
    """Store the card in one statement; only if it stored nothing, find out why and answer."""
    for _attempt in range(ATTEMPTS):
        lists = (safe_room_cache.lists_of(session, actor.workshop_id)
                 if actor.role == PARTICIPANT else None)
        screening = _screen(session, actor, card.text, None, lists)
        flag_id = new_id() if screening.held or screening.distress else None
        stored = session.execute(one_statement(actor, card, screening, flag_id, lists)).first()
        if stored is not None:
            if screening.distress:
                screening.help_text = lists.help_for(stored.language)
            events = _events(actor, card, stored.seq, stored.pending, stored.name, screening,
                             flag_id)
            return Outcome(for_author(events[0].live_data, screening), events, created=True)
        row = _checks(session, actor, card)
        _refuse(row, actor)
        if row.existing is not None:
            return _stored_before(session, actor, row.existing, row.language)
        if lists is not None and lists.version != row.version:
            safe_room_cache.load(session, actor.workshop_id)
        # Otherwise the board or the lists changed between the two statements: try again.
    raise Unavailable(N_("The server could not save this right now. It will be tried again."))


# --- what both store and publish ------------------------------------------------------------

def _events(actor: Actor, card: NewCard, seq: int, pending: bool, name: str | None,
            screening: Screening, flag_id: str | None) -> list[Event]:
    """Return the stored card's events as published (not added to the session)."""
    row = Card(**card_values(actor, card, seq, pending))
    data = card_json(row)
    data["author"]["name"] = name
    audience = (participant_audience(actor.participant_id) if pending and actor.participant_id
                else AUDIENCE_ALL)
    events = [_event(actor, seq, "card.created", data, audience, card.created_at, actor)]
    if flag_id is not None:
        flag = SafetyFlag(card_id=card.id, comment_id=None, held=screening.held,
                          distress=screening.distress)
        events.append(_event(actor, seq + 1, "safety.flagged", flag_json(flag),
                             AUDIENCE_MODERATORS, card.created_at, None))
    return events


def _event(actor: Actor, seq: int, type_: str, data: dict, audience: str,
           created_at: datetime, by: Actor | None) -> Event:
    """Return one event of a post, its whole data kept for publishing (as ``append_event``)."""
    event = Event(workshop_id=actor.workshop_id, seq=seq, type=type_,
                  data=stored_form(type_, data), audience=audience, actor=actor_label(by),
                  created_at=created_at)
    event.live_data = data
    return event


def _event_values(event: Event) -> dict:
    """Return the columns of an event to insert."""
    return {"workshop_id": event.workshop_id, "seq": event.seq, "type": event.type,
            "data": event.data, "created_at": event.created_at, "audience": event.audience,
            "actor": event.actor}
