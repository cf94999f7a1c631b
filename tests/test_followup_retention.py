"""Retention with and without follow-up consent, on SQLite and PostgreSQL; the board after it."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from openspace.models import Commitment, FollowupConsent, Participant, utcnow
from openspace.services import cards, commitments, participants, workshops
from openspace.services.access import FACILITATOR, PARTICIPANT, Actor
from openspace.services.followup import public_board
from openspace.services.followup_changes import add_note, update_followup
from openspace.services.followup_consent import add_months
from openspace.services.retention import run_retention

from .helpers import (
    ORGANISER,
    bearer,
    card_body,
    create_workshop,
    get_db_of,
    join,
    set_settings,
)

KEPT = ("Navnet Asta", "asta@example.dk")
GONE = ("Navnet Bent", "bent@example.dk")


def build(database, days_ago: int):
    """A workshop that ended ``days_ago`` days ago: one initiative, two "Jeg er med" with contacts,
    only Asta's with follow-up consent (6 months)."""
    ends = utcnow() - timedelta(days=days_ago)
    with database.write() as session:
        created = workshops.create_workshop(session, {
            "title": "Kick-off", "themes": ["Fritid"],
            "day_starts_at": (ends - timedelta(hours=6)).isoformat(),
            "day_ends_at": ends.isoformat()})
        wid, code = created.workshop.id, created.workshop.join_code
        theme = created.workshop.themes[0].id
    people = []
    for name, _ in (KEPT, GONE):
        with database.write() as session:
            people.append(participants.join(session, wid, {"join_code": code,
                                                           "name": name}).participant.id)
    with database.write() as session:
        card = cards.post_card(session, Actor(PARTICIPANT, wid, people[0]), {
            "client_id": "i1", "kind": "initiative", "theme_id": theme,
            "text": "Lektiecafé"}).body["id"]
    for pid, (name, contact), follow in zip(people, (KEPT, GONE), (True, False), strict=True):
        with database.write() as session:
            commitments.commit(session, Actor(PARTICIPANT, wid, pid), card, {
                "name": name, "contact": contact, "consent": True, "followup_consent": follow})
    with database.write() as session:
        update_followup(session, Actor(FACILITATOR, wid), card, {"status": "started"})
        add_note(session, Actor(FACILITATOR, wid), card, {"text": "Første gang i marts"})
    return wid, card, ends


def contacts(database, wid):
    """Return the names and contacts left on the workshop's commitments."""
    with database.read() as session:
        return sorted((c.name, c.contact) for c in session.scalars(
            select(Commitment).where(Commitment.workshop_id == wid)) if c.contact)


def test_only_consented_contacts_survive_and_only_until_their_end(database):
    wid, _card, ends = build(database, days_ago=31)
    with database.read() as session:
        consent = session.scalar(select(FollowupConsent))
        # Given after the day's end: 6 months from the day it was given.
        assert consent.until == add_months(consent.given_at, 6) and consent.given_at > ends
        assert 181 <= (consent.until - consent.given_at).days <= 184
    now = utcnow()
    results = run_retention(database, now)
    assert [r.workshop_id for r in results] == [wid]
    assert contacts(database, wid) == [KEPT]
    with database.read() as session:
        assert all(p.name is None for p in session.scalars(select(Participant)))
    # A second run changes nothing.
    assert run_retention(database, now + timedelta(days=1)) == []
    assert contacts(database, wid) == [KEPT]
    # After the consent's end: gone, once, with an event for the moderators.
    after = consent.until + timedelta(minutes=1)
    results = run_retention(database, after)
    assert [(r.workshop_id, r.commitments) for r in results] == [(wid, 1)]
    assert contacts(database, wid) == []
    with database.read() as session:
        assert session.scalar(select(FollowupConsent)) is None
    assert run_retention(database, after + timedelta(days=1)) == []
    # The initiative's follow-up stays: the board still tells what became of it.
    with database.read() as session:
        board = public_board(session, workshops.get_workshop(session, wid), after)
    assert board["over"] is True
    assert [(i["text"], i["status"], i["notes"][0]["text"]) for i in board["initiatives"]] == [
        ("Lektiecafé", "started", "Første gang i marts")]


def test_without_follow_up_consent_every_contact_goes(database):
    wid, card, _ = build(database, days_ago=31)
    with database.write() as session:
        asta = session.scalar(select(Commitment).where(Commitment.name == KEPT[0]))
        pid = asta.participant_id
        commitments.commit(session, Actor(PARTICIPANT, wid, pid), card, {
            "name": KEPT[0], "contact": KEPT[1], "consent": True, "followup_consent": False})
    run_retention(database, utcnow())
    assert contacts(database, wid) == []


def test_consent_ended_before_retention_is_not_kept(database):
    wid, _, _ = build(database, days_ago=31)
    # Retention first runs 8 months on (the server was off): the 6 months have passed.
    first_run = utcnow() + timedelta(days=240)
    assert [r.workshop_id for r in run_retention(database, first_run)] == [wid]
    assert contacts(database, wid) == []
    with database.read() as session:
        assert session.scalar(select(FollowupConsent)) is None
    assert run_retention(database, first_run) == []


def test_read_only_board_after_retention_over_http(app, client):
    workshop = create_workshop(client)
    base = f"/api/v1/workshops/{workshop['id']}"
    asta = join(client, workshop, name="Asta Jensen")
    fac = bearer(workshop["facilitator_token"])
    card = client.post(base + "/cards", json=card_body(workshop, "i1", text="Lektiecafé",
                                                      kind="initiative"),
                       headers=bearer(asta["token"])).get_json()
    other = client.post(base + "/cards", json=card_body(workshop, "i2", text="Gåtur",
                                                       kind="initiative"),
                        headers=bearer(asta["token"])).get_json()
    answer = client.put(base + f"/cards/{other['id']}/commitment", json={
        "name": "Asta Jensen", "contact": "asta@example.dk", "consent": True,
        "followup_consent": True}, headers=bearer(asta["token"]))
    assert answer.get_json()["commitment"]["followup_consent"] is True
    client.patch(base + f"/cards/{card['id']}/followup",
                 json={"status": "anchored", "lead": "Karin fra FDF"}, headers=fac)
    client.post(base + f"/cards/{card['id']}/followup/notes", json={"text": "Kører hver uge"},
                headers=fac)
    code = workshop["join_code"]
    # Asta agreed to follow "Gåtur": it comes first for her, before a further-come initiative.
    board = client.get(f"/api/v1/boards/{code}", headers=bearer(asta["token"])).get_json()
    assert [(i["text"], i["mine"]) for i in board["initiatives"]] == [
        ("Gåtur", True), ("Lektiecafé", False)]
    assert board["over"] is False
    # The day ended long ago; retention runs.
    long_ago = utcnow() - timedelta(days=60)
    set_settings(get_db_of(app), workshop["id"], day_starts_at=long_ago - timedelta(hours=6),
                 day_ends_at=long_ago)
    assert run_retention(get_db_of(app), utcnow())
    board = client.get(f"/api/v1/boards/{code}", headers=bearer(asta["token"])).get_json()
    assert board["over"] is True and board["writing"] == "closed"
    # No token knows Asta any more (her phone keeps the order itself): furthest first.
    assert [(i["text"], i["status"]) for i in board["initiatives"]] == [
        ("Lektiecafé", "anchored"), ("Gåtur", "idea")]
    text = str(board)
    for private in ("Asta", "asta@example.dk", "Karin fra FDF", asta["participant_id"]):
        assert private not in text
    assert board["initiatives"][0]["notes"][0]["text"] == "Kører hver uge"
    # The phone link opens the read-only page.
    page = client.get(f"/j/{code}")
    assert page.status_code == 200 and "participant_after" in page.get_data(as_text=True)
    # Writing is closed, in Danish.
    refused = client.post(base + "/participants", json={"join_code": code})
    assert refused.status_code in (403, 423)
    assert "Workshoppen er slut" in refused.get_json()["error"]["message"]
    assert client.post(base + "/cards", json=card_body(workshop, "x"),
                       headers=bearer(asta["token"])).status_code == 403
    assert client.get("/api/v1/boards/NOPE99").status_code == 404
    assert client.get(base + "/followup", headers=ORGANISER).status_code == 200
