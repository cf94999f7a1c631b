"""Migration 0004 (event log without personal copies), from 0003 with a day's data and back."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import MetaData, Table, select, text

from openspace.db import MIGRATIONS, Database, sqlite_url
from openspace.models import Card, Comment, Commitment, Event, Link, Participant, Theme, Workshop
from openspace.services.access import FACILITATOR, PARTICIPANT, Actor
from openspace.services.cards import card_json
from openspace.services.catchup import render_events

from .conftest import need
from .databases import POSTGRES_URL, fresh_postgres_database, postgres_available

OLD_TEXT = "Ring til mig på 12 34 56 78 om lektiecaféen"
NEW_TEXT = "Lektiecafé i biblioteket om tirsdagen"
NAME = "Karin Sørensen"


def migrate_to(database: Database, revision: str, down: bool = False) -> None:
    """Run Alembic up or down to ``revision`` on the database."""
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    with database.write_engine.connect() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)
        connection.commit()


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path):
    """An empty database on SQLite or PostgreSQL, not migrated yet."""
    if request.param == "sqlite":
        database = Database(sqlite_url(tmp_path))
        yield database
        database.dispose()
        return
    need(postgres_available(), "PostgreSQL is not reachable at " + POSTGRES_URL)
    with fresh_postgres_database() as url:
        database = Database(url)
        yield database
        database.dispose()


def insert_as_stored(session, model, **values) -> None:
    """Insert one row of ``model`` with only the columns its table has at the migrated revision.

    Today's models have columns later migrations add; an ORM insert into an older schema
    would name them, so the row goes through the table as the database has it, with the
    model's Python-side defaults for the columns left out.
    """
    table = Table(model.__tablename__, MetaData(), autoload_with=session.connection())
    row = {}
    for column in model.__table__.columns:
        if column.name not in table.c:
            continue
        if column.name in values:
            row[column.name] = values[column.name]
        elif column.default is not None and not column.default.is_sequence:
            default = column.default.arg
            row[column.name] = default(None) if callable(default) else default
    session.execute(table.insert().values(row))


def fill_day_as_0003_stored_it(database: Database) -> dict:
    """A workshop whose log holds full copies: an edited card, a comment, a "count me in"."""
    now = datetime(2026, 11, 30, 10, 0, tzinfo=UTC).replace(tzinfo=None)
    with database.write() as session:
        insert_as_stored(session, Workshop, id="w1", title="Aero sammen", join_code="ABC123",
                         facilitator_token_hash="f" * 64, last_seq=6, created_at=now)
        insert_as_stored(session, Theme, id="t1", workshop_id="w1", title="Ensomhed", position=0)
        insert_as_stored(session, Participant, id="p1", workshop_id="w1", name=NAME,
                         token_hash="a" * 64, created_at=now)
        card_values = dict(id="c1", workshop_id="w1", theme_id="t1", client_id="k1",
                           kind="initiative", text=NEW_TEXT, participant_id="p1", seq=1,
                           created_at=now, comment_count=1, commitment_count=1, sdgs=[3])
        actor_values = dict(id="c2", workshop_id="w1", theme_id="t1", client_id="k2",
                            kind="actor", text="FDF Hvalsø", organisation="FDF", seq=4,
                            created_at=now)
        insert_as_stored(session, Card, **card_values)
        insert_as_stored(session, Card, **actor_values)
        insert_as_stored(session, Comment, id="m1", workshop_id="w1", card_id="c1",
                         client_id="km", text="Hvornår starter det?", participant_id="p1",
                         seq=3, created_at=now)
        insert_as_stored(session, Commitment, id="j1", workshop_id="w1", card_id="c1",
                         participant_id="p1", name=NAME, contact="karin@example.dk",
                         consent=True, created_at=now)
        insert_as_stored(session, Link, id="l1", workshop_id="w1", actor_card_id="c2",
                         target_card_id="c1", participant_id="p1", created_at=now)
        # The event copies as 0003 wrote them: built from transient cards, never flushed.
        card = Card(**{**card_values, "created_at": now.replace(tzinfo=UTC)})
        actor = Card(**{**actor_values, "created_at": now.replace(tzinfo=UTC)})
        old_card = {**card_json(card), "text": OLD_TEXT}
        author = {"participant_id": "p1", "name": NAME, "role": "participant"}
        for seq, type_, data, audience in (
            (1, "card.created", old_card, "all"),
            (2, "card.updated", card_json(card), "all"),
            (3, "comment.created", {"id": "m1", "card_id": "c1", "text": "Hvornår starter det?",
                                    "author": author, "card_comments": 1}, "all"),
            (4, "card.created", card_json(actor), "all"),
            (5, "commitment.updated", {"id": "j1", "card_id": "c1", "participant_id": "p1",
                                       "name": NAME, "consent": True, "has_contact": True},
             "participant:p1"),
            (6, "link.created", {"id": "l1", "actor_card_id": "c2", "target_card_id": "c1",
                                 "author": {"participant_id": "p1", "role": "participant"}},
             "all"),
        ):
            insert_as_stored(session, Event, workshop_id="w1", seq=seq, type=type_, data=data,
                             audience=audience, created_at=now)
    return {"card": "c1"}


def stored_log(database: Database) -> list[dict]:
    """Return every stored event's data, in seq order."""
    with database.read() as session:
        events = Table("events", MetaData(), autoload_with=session.connection())
        return [data if isinstance(data, dict) else json.loads(data)
                for data in session.scalars(select(events.c.data).order_by(events.c.seq))]


def test_0004_cuts_personal_copies_out_of_the_log_and_back_again(empty_database):
    database = empty_database
    migrate_to(database, "0003")
    fill_day_as_0003_stored_it(database)
    assert OLD_TEXT in json.dumps(stored_log(database), ensure_ascii=False)

    migrate_to(database, "0004")
    log = json.dumps(stored_log(database), ensure_ascii=False)
    for personal in (OLD_TEXT, NEW_TEXT, NAME, "Hvornår", "FDF Hvalsø"):
        assert personal not in log
    assert stored_log(database)[0] == {"id": "c1"}
    # Catch-up shows today's text, never the replaced one, and the name to whom it belongs
    # (read through today's models, so on today's schema).
    migrate_to(database, "head")
    with database.read() as session:
        events = list(session.scalars(select(Event).order_by(Event.seq)))
        phone = render_events(session, events, Actor(PARTICIPANT, "w1", "p1"))
        facilitator = render_events(session, events, Actor(FACILITATOR, "w1"))
    assert phone[0]["data"]["text"] == NEW_TEXT and OLD_TEXT not in json.dumps(phone)
    assert phone[4]["data"]["name"] == NAME and facilitator[5]["data"]["id"] == "l1"

    migrate_to(database, "0003", down=True)
    back = stored_log(database)
    assert back[0]["text"] == NEW_TEXT and back[0]["author"]["name"] == NAME
    assert back[2]["text"] == "Hvornår starter det?" and back[4]["has_contact"] is True
    assert back[5]["actor_card_id"] == "c2"
    assert OLD_TEXT not in json.dumps(back, ensure_ascii=False)
    migrate_to(database, "head")
    assert stored_log(database)[0] == {"id": "c1"}


def test_after_migrating_sqlite_deletes_still_cascade(tmp_path):
    # Migrations run with foreign keys off; the pooled connection must get them back,
    # or deleting a card would leave its comments and "count me in" behind.
    database = Database(sqlite_url(tmp_path))
    try:
        database.migrate()
        database.dispose()
        database = Database(sqlite_url(tmp_path))
        database.migrate()  # already at head: a server starting on yesterday's file
        for _ in range(3):
            with database.write() as session:
                assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        database.dispose()


def places(database: Database) -> dict:
    """Return each workshop's place and, while the column exists, its series row's place."""
    with database.read() as session:
        workshops = Table("workshops", MetaData(), autoload_with=session.connection())
        meetings = Table("series_meetings", MetaData(), autoload_with=session.connection())
        found = {f"w:{i}": p for i, p in session.execute(
            select(workshops.c.id, workshops.c.place))}
        if "place" in meetings.c:
            found.update({f"s:{i}": p for i, p in session.execute(
                select(meetings.c.workshop_id, meetings.c.place))})
        return found


def test_0014_keeps_one_place_per_meeting_on_the_workshop_and_back_again(empty_database):
    database = empty_database
    migrate_to(database, "0012")
    now = datetime(2026, 11, 30, 10, 0, tzinfo=UTC).replace(tzinfo=None)
    with database.write() as session:
        for workshop_id, place in (("w1", ""), ("w2", ""), ("w3", "Rådhuset")):
            insert_as_stored(session, Workshop, id=workshop_id, title="Unge i Lejre",
                             join_code=f"CODE{workshop_id}",
                             facilitator_token_hash=workshop_id * 32,
                             created_at=now, place=place)
        session.execute(text("INSERT INTO series (id, title, created_at) "
                             "VALUES ('s1', 'Unge i Lejre', :now)"), {"now": now})
        for workshop_id, position, place in (("w1", 1, ""), ("w2", 2, "Hvalsø Bibliotek"),
                                             ("w3", 3, "Et andet sted")):
            session.execute(text(
                "INSERT INTO series_meetings (workshop_id, series_id, position, place) "
                "VALUES (:w, 's1', :p, :place)"), {"w": workshop_id, "p": position,
                                                    "place": place})

    migrate_to(database, "0014")
    # The series row's place moves to a workshop that had none; a workshop's own place wins.
    assert places(database) == {"w:w1": "", "w:w2": "Hvalsø Bibliotek", "w:w3": "Rådhuset"}

    migrate_to(database, "0012", down=True)
    assert places(database) == {"w:w1": "", "w:w2": "Hvalsø Bibliotek", "w:w3": "Rådhuset",
                                "s:w1": "", "s:w2": "Hvalsø Bibliotek", "s:w3": "Rådhuset"}
    migrate_to(database, "head")
    assert "s:w2" not in places(database)
