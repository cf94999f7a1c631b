"""Retention: after the set period no name, contact or token of the workshop is left."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from openspace import jobs
from openspace.models import Card, Event, Participant, Plenary, Workshop, utcnow
from openspace.services import cards, participants, plenaries, workshops
from openspace.services.access import FACILITATOR, PARTICIPANT, Actor, authenticate
from openspace.services.errors import Forbidden
from openspace.services.retention import removal_due_at, run_retention
from openspace.services.tokens import hash_token

from .helpers import ORGANISER, bearer, card_body, create_workshop, join
from .privacy_rows import add_comment, add_commitment, rows_text

NAMES = ("Navnet Frederikke", "Navnet Kasper")
CONTACT = "frederikke.kontakt@example.dk"
TEXTS = ("Lektiecafé i klubben", "Kasper kender træneren")


def build_workshop(database, title: str, days_ago: int, retention_days: int = 30):
    """Store a workshop that ended ``days_ago`` days ago, with named people, cards and a plenary."""
    ends = utcnow() - timedelta(days=days_ago)
    with database.write() as session:
        created = workshops.create_workshop(session, {
            "title": title, "themes": ["Fritid"], "retention_days": retention_days,
            "day_starts_at": (ends - timedelta(hours=6)).isoformat(),
            "day_ends_at": ends.isoformat()})
        workshop_id, theme_id = created.workshop.id, created.workshop.themes[0].id
    people, tokens, card_ids = [], [], []
    for name, text in zip(NAMES, TEXTS, strict=True):
        with database.write() as session:
            joined = participants.join(session, workshop_id, {
                "join_code": created.workshop.join_code, "name": name})
            actor = Actor(PARTICIPANT, workshop_id, joined.participant.id)
            people.append(joined.participant.id)
            tokens.append(joined.token)
            result = cards.post_card(session, actor, {
                "client_id": text, "kind": "initiative", "theme_id": theme_id, "text": text})
            card_ids.append(result.body["id"])
    add_commitment(database, card_ids[0], people[1], NAMES[1], CONTACT)
    add_comment(database, card_ids[0], people[1], "Jeg hjælper gerne")
    with database.write() as session:
        plenaries.start_plenary(session, Actor(FACILITATOR, workshop_id), {}, "http://x")
    return workshop_id, tokens, card_ids


def test_retention_removes_every_name_contact_and_token_and_keeps_the_cards(database):
    due_id, tokens, _card_ids = build_workshop(database, "Afsluttet", days_ago=31)
    later_id, _, _ = build_workshop(database, "Nylig", days_ago=29)
    before = rows_text(database)
    assert NAMES[0] in before and CONTACT in before

    results = run_retention(database, utcnow())
    assert [r.workshop_id for r in results] == [due_id]
    assert (results[0].participants, results[0].commitments) == (2, 1)

    with database.read() as session:
        due = {"workshop_id": due_id}
        rows = {
            "participants": [(p.name, p.token_hash) for p in
                             session.scalars(select(Participant).filter_by(**due))],
            "events": [e.data for e in session.scalars(select(Event).filter_by(**due))],
            "plenaries": [p.summary for p in session.scalars(select(Plenary).filter_by(**due))],
        }
        kept = [c.text for c in session.scalars(select(Card).filter_by(**due).order_by(Card.seq))]
        workshop = session.get(Workshop, due_id)
        last_event = session.scalar(select(Event).filter_by(**due).order_by(Event.seq.desc()))
        # The other workshop's day ended 29 days ago: untouched.
        later_names = [p.name for p in session.scalars(
            select(Participant).filter_by(workshop_id=later_id))]
        for token in tokens:
            with pytest.raises(Forbidden):
                authenticate(session, due_id, token, "organiser")
    everything = repr(rows)
    for secret in (*NAMES, CONTACT, *(hash_token(t) for t in tokens)):
        assert secret not in everything
    assert all(name is None for name, _ in rows["participants"])
    assert kept == list(TEXTS)
    assert len(rows["plenaries"]) == 1 and TEXTS[0] in repr(rows["plenaries"])
    assert workshop.personal_data_removed_at is not None
    assert (last_event.type, last_event.audience) == ("workshop.personal_data_removed",
                                                      "moderators")
    assert sorted(later_names) == sorted(NAMES)
    # Every table of the database: the names survive only in the other workshop.
    whole = rows_text(database)
    assert whole.count(NAMES[0]) == before.count(NAMES[0]) // 2

    # Idempotent: running again changes nothing and stores no second event.
    seq = workshop.last_seq
    assert run_retention(database, utcnow()) == []
    assert rows_text(database) == whole
    with database.read() as session:
        assert session.get(Workshop, due_id).last_seq == seq


def test_retention_is_due_after_the_days_the_workshop_sets(database):
    workshop_id, _, _ = build_workshop(database, "Kort", days_ago=8, retention_days=7)
    with database.read() as session:
        due_at = removal_due_at(session.get(Workshop, workshop_id))
    assert run_retention(database, due_at - timedelta(minutes=1)) == []
    assert [r.workshop_id for r in run_retention(database, due_at)] == [workshop_id]


def test_the_scheduled_job_makes_the_pdfs_again_without_names(app, client, db):
    workshop = create_workshop(client, day_starts_at="2026-01-05T09:00",
                               day_ends_at="2026-01-05T15:00")
    person = join(client, workshop, name="Navnet Ingeborg")
    client.post(f"/api/v1/workshops/{workshop['id']}/cards", headers=bearer(person["token"]),
                json=card_body(workshop, text="Bænke ved søen"))
    plenary = client.post(f"/api/v1/workshops/{workshop['id']}/plenaries", json={},
                          headers=ORGANISER).get_json()
    pdf_path = f"/api/v1/workshops/{workshop['id']}/plenaries/{plenary['number']}.pdf"
    first = client.get(pdf_path, headers=ORGANISER).data
    # The cards (with their authors' names) follow the one-page summary.
    pages = PdfReader(io.BytesIO(first)).pages
    assert "Navnet Ingeborg" in " ".join(page.extract_text() for page in pages)

    done = jobs.retention_tick(app, utcnow())  # the clock's job: no app context
    assert [r.workshop_id for r in done] == [workshop["id"]]
    again = client.get(pdf_path, headers=ORGANISER)
    assert again.status_code == 200
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(again.data)).pages)
    assert "Bænke ved søen" in text and "Ingeborg" not in text
    assert "Ingeborg" not in rows_text(db)
