"""Dates out of any sensible range are refused, and one odd workshop never stops retention."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from openspace.models import Participant, Workshop, utcnow
from openspace.services import workshops
from openspace.services.retention import run_retention

from .conftest import ORGANISER, create_workshop
from .test_retention import NAMES, build_workshop

#: How the error names each field, in English.
LABELS = {"day_starts_at": "Start of the day", "day_ends_at": "End of the day"}
ENGLISH = {**ORGANISER, "Accept-Language": "en"}

EXTREMES = [
    ("day_ends_at", "9999-12-31T23:59"),
    ("day_ends_at", "9999-12-31T23:59:59+00:00"),
    ("day_starts_at", "0001-01-01T00:00"),
    ("day_starts_at", "0001-01-01T00:30+01:00"),
    ("day_ends_at", "1900-06-01T12:00"),
    ("day_starts_at", "2150-06-01T09:00"),
]


def _workshop_rows(db) -> list[tuple]:
    """Return what the database holds about every workshop's day."""
    with db.read() as session:
        return [(w.id, w.day_starts_at, w.day_ends_at, w.timezone, w.last_seq)
                for w in session.scalars(select(Workshop).order_by(Workshop.id))]


@pytest.mark.parametrize(("field", "value"), EXTREMES)
def test_a_date_out_of_range_is_refused_when_creating(client, db, field, value):
    before = _workshop_rows(db)
    answer = client.post("/api/v1/workshops", headers=ENGLISH, json={
        "title": "Fjern dag", "themes": ["A"], field: value})
    assert answer.status_code == 400, answer.get_json()
    error = answer.get_json()["error"]
    assert error["code"] == "bad_request" and error["field"] == field
    assert LABELS[field] in error["message"] and "2000" in error["message"]
    assert _workshop_rows(db) == before


@pytest.mark.parametrize(("field", "value"), EXTREMES)
def test_a_date_out_of_range_is_refused_when_changing(client, db, field, value):
    workshop = create_workshop(client, day_starts_at="2026-11-22T09:00",
                               day_ends_at="2026-11-22T16:00")
    before = _workshop_rows(db)
    answer = client.patch(f"/api/v1/workshops/{workshop['id']}", headers=ORGANISER,
                          json={field: value})
    assert answer.status_code == 400, answer.get_json()
    assert answer.get_json()["error"]["field"] == field
    assert _workshop_rows(db) == before


def test_the_refusal_is_in_danish_for_a_danish_client(client, db):
    answer = client.post("/api/v1/workshops", headers={**ORGANISER, "Accept-Language": "da"},
                         json={"title": "Fjern dag", "themes": ["A"],
                               "day_ends_at": "9999-12-31T23:59"})
    assert answer.status_code == 400
    message = answer.get_json()["error"]["message"]
    assert "Dagens slutning" in message and "mellem" in message


def test_a_far_zone_at_the_edge_of_the_range_is_refused_not_a_server_error(client, db):
    # 2000-01-01 00:30 in UTC+14 is still 1999 in UTC; the other edge overflows nothing either.
    for value in ("2000-01-01T00:30", "2099-12-31T23:30"):
        answer = client.post("/api/v1/workshops", headers=ORGANISER, json={
            "title": "Kant", "themes": ["A"], "timezone": "Pacific/Kiritimati",
            "day_starts_at": value})
        assert answer.status_code in (201, 400), answer.get_json()
    answer = client.post("/api/v1/workshops", headers=ORGANISER, json={
        "title": "Kant", "themes": ["A"], "timezone": "Pacific/Kiritimati",
        "day_starts_at": "2000-01-01T00:30"})
    assert answer.status_code == 400


def test_ordinary_dates_are_still_taken(client):
    workshop = create_workshop(client, day_starts_at="2026-11-22T09:00",
                               day_ends_at="2026-11-24T16:00")
    answer = client.get(f"/api/v1/workshops/{workshop['id']}", headers=ORGANISER).get_json()
    assert answer["day_ends_at"] == "2026-11-24T15:00:00+00:00"


@pytest.mark.parametrize("extreme", [
    datetime(9999, 12, 31, 23, 59, tzinfo=UTC),
    datetime(1, 1, 1, tzinfo=UTC),
])
def test_a_stored_extreme_date_does_not_stop_retention_of_another_workshop(database, extreme,
                                                                            caplog):
    # The odd row is stored directly: made before dates were checked, or by hand.
    with database.write() as session:
        odd = workshops.create_workshop(session, {"title": "Skæv", "themes": ["A"]}).workshop
        odd_id = odd.id
    with database.write() as session:
        session.execute(update(Workshop).where(Workshop.id == odd_id).values(
            day_starts_at=extreme - timedelta(hours=1) if extreme.year > 1 else extreme,
            day_ends_at=extreme if extreme.year > 1 else extreme + timedelta(hours=1)))
    due_id, _, _ = build_workshop(database, "Afsluttet", days_ago=31)

    results = run_retention(database, utcnow())

    assert due_id in [r.workshop_id for r in results]
    with database.read() as session:
        names = list(session.scalars(select(Participant.name).where(
            Participant.workshop_id == due_id)))
    assert names == [None, None]
    assert not any(name in caplog.text for name in NAMES)


def test_a_workshop_that_cannot_be_removed_is_logged_and_the_others_still_are(
        database, monkeypatch, caplog):
    from openspace.services import retention

    broken_id, _, _ = build_workshop(database, "Går galt", days_ago=40)
    due_id, _, _ = build_workshop(database, "Afsluttet", days_ago=31)
    real = retention.rewrite_snapshots

    def failing(session, workshop_id, change):
        """Fail for one workshop only, with personal data in the message."""
        if workshop_id == broken_id:
            raise ValueError(f"snapshot of {NAMES[0]} is damaged")
        return real(session, workshop_id, change)

    monkeypatch.setattr(retention, "rewrite_snapshots", failing)
    results = run_retention(database, utcnow())

    assert [r.workshop_id for r in results] == [due_id]
    assert broken_id in caplog.text and "ValueError" in caplog.text
    assert NAMES[0] not in caplog.text
    with database.read() as session:
        kept = list(session.scalars(select(Participant.name).where(
            Participant.workshop_id == broken_id)))
        assert session.get(Workshop, broken_id).personal_data_removed_at is None
    assert sorted(kept) == sorted(NAMES)  # rolled back whole, tried again next run


def test_a_stored_day_at_the_end_of_the_calendar_still_reads_and_schedules(client, db):
    from openspace.services.plenary_schedule import run_due_plenaries

    odd = create_workshop(client)
    ordinary = create_workshop(client)
    with db.write() as session:
        session.execute(update(Workshop).where(Workshop.id == odd["id"]).values(
            day_starts_at=datetime(9999, 12, 31, 20, tzinfo=UTC), day_ends_at=None))
        session.execute(update(Workshop).where(Workshop.id == ordinary["id"]).values(
            day_starts_at=utcnow() - timedelta(hours=2), day_ends_at=utcnow() + timedelta(hours=5),
            plenary_every_minutes=60, skip_empty_plenaries=False))

    answer = client.get(f"/api/v1/workshops/{odd['id']}", headers=ORGANISER)
    assert answer.status_code == 200
    assert client.get("/api/v1/workshops", headers=ORGANISER).status_code == 200
    events = run_due_plenaries(db, utcnow(), "http://x")
    assert [e.workshop_id for e in events if e.type == "plenary.created"] == [ordinary["id"]]


def test_a_row_that_cannot_even_be_read_does_not_stop_retention(tmp_path, caplog):
    from sqlalchemy import text

    from openspace.db import Database, sqlite_url

    database = Database(sqlite_url(tmp_path))
    database.migrate()
    try:
        with database.write() as session:
            odd_id = workshops.create_workshop(session, {"title": "Skæv",
                                                         "themes": ["A"]}).workshop.id
            # SQLite stores any text: a value no driver can read back as a date.
            session.execute(text("UPDATE workshops SET day_ends_at = 'i morgen' WHERE id = :id"),
                            {"id": odd_id})
        due_id, _, _ = build_workshop(database, "Afsluttet", days_ago=31)

        assert [r.workshop_id for r in run_retention(database, utcnow())] == [due_id]
        assert odd_id in caplog.text
    finally:
        database.dispose()
