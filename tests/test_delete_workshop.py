"""Deleting a workshop removes every row and file of it, and nothing of another."""

from __future__ import annotations

from urllib.parse import quote

from openspace.documents import documents_of
from openspace.models import Base, Card, Participant
from openspace.services import privacy
from openspace.services.access import ORGANISER as ORGANISER_ROLE
from openspace.services.access import PARTICIPANT, Actor

from .helpers import ORGANISER, bearer, card_body, create_workshop, join
from .privacy_rows import add_comment, add_commitment, add_link, add_support, every_row
from .test_retention import build_workshop


def fill(client, db, title: str) -> dict:
    """Create a workshop with people, cards, comments, commitments, supports, links and a PDF."""
    workshop = create_workshop(client, title=title)
    people = [join(client, workshop, name=f"{title} person {i}") for i in range(2)]
    posted = []
    for i, (person, kind) in enumerate(zip(people, ("actor", "initiative"), strict=True)):
        response = client.post(f"/api/v1/workshops/{workshop['id']}/cards",
                               json=card_body(workshop, f"c{i}", f"{title} kort {i}", kind),
                               headers=bearer(person["token"]))
        posted.append(response.get_json()["id"])
    add_comment(db, posted[1], people[0]["participant_id"], f"{title} kommentar")
    add_commitment(db, posted[1], people[0]["participant_id"], "Navn", f"{title}@example.dk")
    add_support(db, posted[1], people[0]["participant_id"])
    add_link(db, posted[0], posted[1], people[0]["participant_id"])
    base = f"/api/v1/workshops/{workshop['id']}"
    for method, path, body, token in (  # the follow-up of the initiative (issue 16)
            ("patch", f"/cards/{posted[1]}/followup", {"status": "started"}, ORGANISER),
            ("post", f"/cards/{posted[1]}/followup/notes", {"text": f"{title} note"}, ORGANISER),
            ("put", "/followup/term", {"months": 3}, ORGANISER),
            ("put", f"/cards/{posted[1]}/commitment", {"contact": f"{title}@example.dk",
                                                      "consent": True, "followup_consent": True},
             bearer(people[1]["token"]))):
        assert getattr(client, method)(base + path, json=body, headers=token).status_code in (
            200, 201)
    for method, path, body in (  # the safe room's word list, alliances, a named organisation
            ("put", "/safe-room", {"held_words": [f"{title.lower()}ord"]}),
            ("patch", "/alliance-settings", {"wanted_sectors": ["business"]}),
            ("post", "/cards", {**card_body(workshop, "org", f"{title} spejderne", "actor"),
                                "organisation": f"FDF {title}"}),
            ("patch", f"/organisations/{quote('fdf-' + title.lower())}", {"sector": "youth"})):
        assert getattr(client, method)(base + path, json=body, headers=ORGANISER).status_code in (
            200, 201), path
    # A post that may signal distress: the facilitator's private flag.
    assert client.post(base + "/cards", json=card_body(workshop, "sad", "Jeg bliver mobbet"),
                       headers=bearer(people[0]["token"])).status_code == 201
    number = client.post(f"/api/v1/workshops/{workshop['id']}/plenaries", json={},
                         headers=ORGANISER).get_json()["number"]
    pdf = client.get(f"/api/v1/workshops/{workshop['id']}/plenaries/{number}.pdf",
                     headers=ORGANISER)
    assert pdf.status_code == 200
    return {**workshop, "people": people}


def rows_of(db, workshop_id: str) -> dict[str, int]:
    """Return how many rows of each table belong to the workshop (a series: its meetings')."""
    everything = every_row(db)
    series = {row["series_id"] for row in everything["series_meetings"]
              if row["workshop_id"] == workshop_id}
    counts = {}
    for table, rows in everything.items():
        if table == "series":
            counts[table] = sum(1 for row in rows if row["id"] in series)
            continue
        key = "id" if table == "workshops" else "workshop_id"
        counts[table] = sum(1 for row in rows if row[key] == workshop_id)
    return counts


def test_deleting_a_workshop_removes_every_row_and_file_and_nothing_else(
        app, client, db, socket_client_factory):
    doomed = fill(client, db, "Slettes")
    kept = fill(client, db, "Bliver")
    # The kept workshop is the first meeting of a series; its next meeting stays too.
    assert client.post(f"/api/v1/workshops/{kept['id']}/next", json={"title": "Næste møde"},
                       headers=ORGANISER).status_code == 201
    kept_before = rows_of(db, kept["id"])
    assert [t.name for t in Base.metadata.sorted_tables if not kept_before[t.name]] == []
    doomed_pdfs = documents_of(app).pdf_folder(doomed["id"])
    kept_pdfs = documents_of(app).pdf_folder(kept["id"])
    assert any(doomed_pdfs.glob("*.pdf")) and any(kept_pdfs.glob("*.pdf"))
    phone = socket_client_factory(doomed["id"], doomed["people"][0]["token"], last_seq=10**6)
    phone.get_received()

    path = f"/api/v1/workshops/{doomed['id']}"
    assert client.delete(path, headers=bearer(doomed["facilitator_token"])).status_code == 403
    assert client.delete(path, headers=bearer(kept["facilitator_token"])).status_code == 403
    answer = client.delete(path, headers=ORGANISER)
    assert answer.status_code == 200

    assert rows_of(db, doomed["id"]) == {t.name: 0 for t in Base.metadata.sorted_tables}
    assert rows_of(db, kept["id"]) == kept_before
    everything = repr(every_row(db))
    for trace in ("Slettes", doomed["id"], doomed["join_code"]):
        assert trace not in everything
    assert not doomed_pdfs.exists() and any(kept_pdfs.glob("*.pdf"))
    # The phone heard that the workshop is gone, then the server closed its socket.
    assert not phone.is_connected()
    events = [m["args"][0] for m in phone.queue if m["name"] == "event"]
    assert [e["type"] for e in events] == ["workshop.deleted"]
    assert client.get(path, headers=ORGANISER).status_code == 404
    assert client.get(f"/j/{doomed['join_code']}").status_code == 404
    assert client.delete(path, headers=ORGANISER).status_code == 404


def test_deleting_on_sqlite_and_postgresql_leaves_the_other_workshop_whole(database):
    doomed, _, doomed_cards = build_workshop(database, "Slettes", days_ago=1)
    kept, _, kept_cards = build_workshop(database, "Bliver", days_ago=1)
    for cards in (doomed_cards, kept_cards):
        with database.read() as session:
            author = session.get(Participant, _author(session, cards[1]))
        add_support(database, cards[0], author.id)
        add_link(database, cards[1], cards[0], author.id)
    counts = {t: sum(1 for r in rows if r.get("workshop_id", r.get("id")) == kept)
              for t, rows in every_row(database).items()}
    # One participant of the kept workshop deletes themselves: their card and items go.
    with database.write() as session:
        privacy.delete_me(session, Actor(PARTICIPANT, kept, author.id))
    with database.write() as session:
        privacy.delete_workshop(session, Actor(ORGANISER_ROLE, doomed))
    rows = every_row(database)
    assert all(r.get("workshop_id", r.get("id")) != doomed for t in rows for r in rows[t])
    after = {t: sum(1 for r in rs if r.get("workshop_id", r.get("id")) == kept)
             for t, rs in rows.items()}
    assert after["participants"] == counts["participants"] - 1
    assert after["cards"] == counts["cards"] - 1
    assert after["supports"] == after["links"] == 0
    assert after["workshops"] == 1 and after["plenaries"] == counts["plenaries"]


def _author(session, card_id: str) -> str:
    """Return the participant id of a card's author."""
    return session.get(Card, card_id).participant_id
