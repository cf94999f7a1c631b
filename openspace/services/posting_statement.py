"""What a post stores, and on PostgreSQL the one statement that stores it.

``one_statement`` locks the workshop row (``FOR UPDATE`` hands the latest
committed row, so the seq and the board's state are current), checks the
theme, the board's state, the author and the version of the kept word lists,
inserts the card (a card of the same client_id stored meanwhile makes the
insert do nothing, ``ON CONFLICT``, and with it everything else), its
event(s) and its safety flag, and moves the workshop's seq: data-modifying
CTEs, one round trip, the row lock held until that statement commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import JSON, case, cast, exists, false, insert, literal, select, true, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from ..models import (
    AUDIENCE_ALL,
    AUDIENCE_MODERATORS,
    Card,
    Event,
    Participant,
    SafeRoom,
    SafetyFlag,
    Theme,
    Workshop,
)
from . import safe_room_cache
from .access import Actor
from .eventlog import actor_label, stored_form
from .safe_room import Screening
from .visibility import participant_audience


@dataclass(frozen=True)
class NewCard:
    """A checked post, before it is stored."""

    id: str
    client_id: str
    kind: str
    theme_id: str
    text: str
    organisation: str | None
    sdgs: list
    created_at: datetime


def author_here(actor: Actor):
    """True while the participant posting still exists (moderators always are)."""
    if actor.participant_id is None:
        return true()
    return exists().where(Participant.id == actor.participant_id,
                          Participant.workshop_id == actor.workshop_id)


def author_name(actor: Actor):
    """The posting participant's name, for the card's wire form."""
    if actor.participant_id is None:
        return literal(None)
    return select(Participant.name).where(Participant.id == actor.participant_id
                                          ).scalar_subquery()


def lists_version(workshop_id: str):
    """The version of the workshop's word lists (NULL: the defaults)."""
    return select(SafeRoom.updated_at).where(SafeRoom.workshop_id == workshop_id
                                             ).scalar_subquery()


def card_values(actor: Actor, card: NewCard, seq: int, pending: bool) -> dict:
    """Return every column of the new card (none left to defaults: the wire form is built here)."""
    return {
        "id": card.id, "workshop_id": actor.workshop_id, "theme_id": card.theme_id,
        "client_id": card.client_id, "kind": card.kind, "text": card.text,
        "author_role": actor.role, "participant_id": actor.participant_id,
        "hidden": False, "created_at": card.created_at, "seq": seq, "pending": pending,
        "pinned": False, "starred": False, "origin": "board",
        "organisation": card.organisation, "sdgs": card.sdgs, "support_count": 0,
        "commitment_count": 0, "comment_count": 0, "carried_supports": 0,
        "carried_commitments": 0,
    }


def one_statement(actor: Actor, card: NewCard, screening: Screening, flag_id: str | None,
                   lists: safe_room_cache.Lists | None):
    """Return the statement that locks, checks and stores a post (PostgreSQL: data-modifying CTEs).

    The row lock (``FOR UPDATE``) hands the latest committed row, so the seq and
    the board's state are current; a card of the same client_id stored meanwhile
    makes the insert do nothing (``ON CONFLICT``), and with it everything else.
    """
    wid = actor.workshop_id
    w = (select(Workshop.id, Workshop.last_seq, Workshop.premoderation, Workshop.state,
                Workshop.language)
         .where(Workshop.id == wid).with_for_update().cte("w"))
    pending = false() if actor.moderates else true() if screening.held else w.c.premoderation
    values = card_values(actor, card, 0, False)
    columns = [name for name in values if name not in ("seq", "pending")]
    checks = [_theme_exists(wid, card.theme_id), author_here(actor)]
    if not actor.moderates:
        checks.append(w.c.state != "locked")
    if lists is not None:
        checks.append(lists_version(wid).is_not_distinct_from(lists.version))
    source = select(*[_typed(Card.__table__.c[name], values[name]) for name in columns],
                    (w.c.last_seq + 1).label("seq"), pending.label("pending")
                    ).select_from(w).where(*checks)
    stored = (pg_insert(Card.__table__).from_select([*columns, "seq", "pending"], source)
              .on_conflict_do_nothing(index_elements=["workshop_id", "client_id"])
              .returning(Card.__table__.c.seq, Card.__table__.c.pending).cte("stored"))
    last = stored.c.seq + (1 if flag_id else 0)
    moved = (update(Workshop.__table__).where(Workshop.__table__.c.id == wid)
             .values(last_seq=select(last).scalar_subquery())
             .where(exists(select(stored.c.seq))).returning(Workshop.__table__.c.id).cte("moved"))
    audience = (literal(AUDIENCE_ALL) if actor.moderates else
                case((stored.c.pending, participant_audience(actor.participant_id)),
                     else_=AUDIENCE_ALL))
    ctes = [moved, _event_insert(actor, card, stored.c.seq, "card.created",
                                 {"id": card.id}, audience, stored, "created")]
    if flag_id is not None:
        ctes.append(_event_insert(actor, card, stored.c.seq + 1, "safety.flagged",
                                  {"card_id": card.id, "comment_id": None},
                                  literal(AUDIENCE_MODERATORS), stored, "flagged", system=True))
        flag = SafetyFlag.__table__
        ctes.append(insert(flag).from_select(
            ["id", "workshop_id", "card_id", "comment_id", "held", "distress", "created_at"],
            select(literal(flag_id), literal(wid), literal(card.id), literal(None),
                   literal(screening.held), literal(screening.distress),
                   _typed(flag.c.created_at, card.created_at)).select_from(stored),
        ).returning(flag.c.id).cte("flag"))
    return (select(stored.c.seq, stored.c.pending, w.c.language,
                   author_name(actor).label("name"))
            .select_from(stored).join(w, true()).add_cte(*ctes))


def _theme_exists(workshop_id: str, theme_id: str):
    """True if ``theme_id`` is one of the workshop's themes."""
    return exists().where(Theme.id == theme_id, Theme.workshop_id == workshop_id)


def _typed(column, value):
    """Return ``value`` as a bound parameter of ``column``'s type (JSON cast: PostgreSQL)."""
    if isinstance(column.type, JSON):
        return cast(literal(value, column.type), column.type)
    return literal(value, column.type)


def _event_insert(actor: Actor, card: NewCard, seq, type_: str, stored_data: dict, audience,
                  stored, name: str, system: bool = False):
    """Return the CTE that inserts one event of the new card, if the card was stored."""
    table = Event.__table__
    return insert(table).from_select(
        ["workshop_id", "seq", "type", "data", "created_at", "audience", "actor"],
        select(literal(actor.workshop_id), seq, literal(type_),
               _typed(table.c.data, stored_form(type_, stored_data)),
               _typed(table.c.created_at, card.created_at), audience,
               literal(actor_label(None if system else actor))).select_from(stored),
    ).returning(table.c.id).cte(name)
