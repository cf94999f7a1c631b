"""Import of kick-off material, export of the whole workshop, and the moderation log."""

from __future__ import annotations

import csv
import io
import json
import zipfile

from openspace.models import Comment, Commitment, Link, Support
from openspace.services.tokens import new_id

from .helpers import bearer, card_body, get_db_of, join, socket_events

KICKOFF_CSV = (
    "\ufeffTema;Type;Tekst;Organisation\n"
    "Fritid;Idé;Åben hal fredag aften;\n"
    "Trivsel;aktør;Røde Kors Ungdom;Røde Kors\n"
    "\n"
    'Fritid;indsats;"Gåtur hver onsdag,\nfra biblioteket";\n'
)


def test_import_preview_then_all_rows_as_kickoff_cards(client, workshop, socket_client_factory):
    base = f"/api/v1/workshops/{workshop['id']}"
    fac = bearer(workshop["facilitator_token"])
    phone = socket_client_factory(workshop["id"], join(client, workshop)["token"])
    phone.get_received()
    body = {"format": "csv", "content": KICKOFF_CSV}
    preview = client.post(f"{base}/import?dry_run=1", json=body, headers=fac)
    assert preview.status_code == 200
    plan = preview.get_json()
    assert plan["errors"] == [] and plan["new_themes"] == ["Trivsel"]
    assert [(r["line"], r["theme"], r["kind"]) for r in plan["rows"]] == [
        (2, "Fritid", "idea"), (3, "Trivsel", "actor"), (5, "Fritid", "initiative")]
    assert client.get(base, headers=fac).get_json()["cards"] == []  # a preview stores nothing

    done = client.post(f"{base}/import", json=body, headers=fac)
    assert done.status_code == 201
    assert done.get_json()["imported"] == 3
    # Every phone gets the new theme, then the cards, live.
    assert [e["type"] for e in socket_events(phone)] == ["theme.created"] + ["card.created"] * 3
    state = client.get(base, headers=fac).get_json()
    assert [t["title"] for t in state["themes"]] == ["Fritid", "Skole", "Digitalt liv", "Trivsel"]
    cards = state["cards"]
    assert {c["origin"] for c in cards} == {"kickoff"}
    assert [c["text"] for c in cards] == ["Åben hal fredag aften", "Røde Kors Ungdom",
                                         "Gåtur hver onsdag,\nfra biblioteket"]
    assert cards[1]["organisation"] == "Røde Kors" and cards[0]["organisation"] is None


def test_import_with_a_bad_row_names_the_line_and_imports_nothing(client, workshop):
    base = f"/api/v1/workshops/{workshop['id']}"
    fac = bearer(workshop["facilitator_token"])
    content = ("theme,kind,text\n"
               "Fritid,idea,Fint\n"
               "Ny tema,idea,Skaber et nyt tema\n"
               "Skole,plan,Forkert slags\n"
               "Skole,idea,\n")
    seq = client.get(base, headers=fac).get_json()["seq"]
    preview = client.post(f"{base}/import?dry_run=1&lang=da",
                          json={"format": "csv", "content": content}, headers=fac).get_json()
    assert [e["line"] for e in preview["errors"]] == [4, 5]
    assert preview["errors"][0]["message"] == (
        "“Type” skal være idé, aktør eller indsats (idea, actor, initiative).")
    refused = client.post(f"{base}/import", json={"format": "csv", "content": content},
                          headers=fac)
    assert refused.status_code == 400
    assert [e["line"] for e in refused.get_json()["errors"]] == [4, 5]
    state = client.get(base, headers=fac).get_json()
    assert state["cards"] == [] and state["seq"] == seq
    assert [t["title"] for t in state["themes"]] == ["Fritid", "Skole", "Digitalt liv"]


def test_import_json_and_clear_errors_for_broken_files(client, workshop):
    base = f"/api/v1/workshops/{workshop['id']}"
    fac = bearer(workshop["facilitator_token"])
    rows = [{"theme": "Skole", "kind": "initiative", "text": "Venskabsbænk",
             "organisation": "Elevrådet"}]
    done = client.post(f"{base}/import", json={"format": "json", "content": json.dumps(rows)},
                       headers=fac)
    assert done.status_code == 201
    bad = [{"theme": "Skole", "kind": "idea", "text": "ok"}, "not a card"]
    refused = client.post(f"{base}/import", json={"format": "json", "content": json.dumps(bad)},
                          headers=fac)
    assert [e["line"] for e in refused.get_json()["errors"]] == [2]
    for body in ({"format": "json", "content": "{nope"}, {"format": "xml", "content": "x"},
                 {"format": "csv", "content": "a,b\n1,2\n"}, {"format": "csv", "content": ""},
                 {"format": "csv", "content": "theme,kind,text\n"}):
        response = client.post(f"{base}/import", json=body, headers=fac)
        assert response.status_code == 400, body
        assert response.get_json()["error"]["message"]
    assert len(client.get(base, headers=fac).get_json()["cards"]) == 1


def seed_toolkit_rows(app, workshop, card_id, participant_id, contact_consented=True):
    """Insert a support, a comment, a link and two commitments (one with contact)."""
    db = get_db_of(app)
    with db.write() as session:
        wid = workshop["id"]
        session.add_all([
            Support(id=new_id(), workshop_id=wid, card_id=card_id,
                    participant_id=participant_id),
            Commitment(id=new_id(), workshop_id=wid, card_id=card_id,
                       participant_id=participant_id, name="Sofie",
                       contact="sofie@example.dk", consent=contact_consented),
            Comment(id=new_id(), workshop_id=wid, card_id=card_id, client_id="q1",
                    text="Hvem står for det?", seq=99, participant_id=participant_id),
        ])


def test_export_has_everything_and_contact_only_with_consent(app, client, workshop,
                                                              participant):
    base = f"/api/v1/workshops/{workshop['id']}"
    fac = bearer(workshop["facilitator_token"])
    card = client.post(f"{base}/cards", json=card_body(workshop, kind="initiative",
                                                       text="=HYPERLINK(\"x\")"),
                       headers=bearer(participant["token"])).get_json()
    actor = client.post(f"{base}/cards", json=card_body(workshop, "c-2", "Klubben",
                                                        kind="actor"), headers=fac).get_json()
    other = join(client, workshop)
    seed_toolkit_rows(app, workshop, card["id"], participant["participant_id"])
    with get_db_of(app).write() as session:
        session.add_all([
            Commitment(id=new_id(), workshop_id=workshop["id"], card_id=card["id"],
                       participant_id=other["participant_id"], contact="skjult@example.dk",
                       consent=False),
            Link(id=new_id(), workshop_id=workshop["id"], actor_card_id=actor["id"],
                 target_card_id=card["id"]),
        ])
    client.post(f"{base}/plenaries", json={"note": "Godt gået"}, headers=fac)

    data = client.get(f"{base}/export.json", headers=fac).get_json()
    assert {"workshop", "themes", "cards", "supports", "commitments", "links", "comments",
            "plenaries"} <= set(data)
    assert len(data["cards"]) == 2 and len(data["supports"]) == 1 and len(data["links"]) == 1
    assert data["comments"][0]["text"] == "Hvem står for det?"
    assert data["plenaries"][0]["note"] == "Godt gået"
    contacts = {c["participant_id"]: c["contact"] for c in data["commitments"]}
    assert contacts == {participant["participant_id"]: "sofie@example.dk",
                        other["participant_id"]: None}
    assert "skjult@example.dk" not in json.dumps(data)

    archive = zipfile.ZipFile(io.BytesIO(client.get(f"{base}/export.zip", headers=fac).data))
    assert set(archive.namelist()) == {"themes.csv", "cards.csv", "supports.csv",
                                       "commitments.csv", "links.csv", "comments.csv",
                                       "plenaries.csv"}
    rows = list(csv.DictReader(io.StringIO(archive.read("cards.csv").decode("utf-8-sig"))))
    # A formula in a card is written as text, never run by a spreadsheet.
    assert rows[0]["text"] == "'=HYPERLINK(\"x\")"
    assert rows[0]["theme"] == "Fritid"
    assert b"skjult@example.dk" not in archive.read("commitments.csv")


def test_moderation_log_says_who_did_what_without_contact_details(app, client, workshop,
                                                                   participant):
    base = f"/api/v1/workshops/{workshop['id']}"
    fac = bearer(workshop["facilitator_token"])
    card = client.post(f"{base}/cards", json=card_body(workshop),
                       headers=bearer(participant["token"])).get_json()
    seed_toolkit_rows(app, workshop, card["id"], participant["participant_id"])
    client.post(f"{base}/cards/{card['id']}/hide", headers=fac)
    client.post(f"{base}/cards/{card['id']}/restore", headers=bearer("organiser-test-token"))
    client.post(f"{base}/lock", headers=fac)
    client.patch(f"{base}/settings", json={"premoderation": True}, headers=fac)

    entries = client.get(f"{base}/moderation-log", headers=fac).get_json()["entries"]
    assert [(e["who"], e["action"]) for e in entries] == [
        ("facilitator", "card.hidden"), ("organiser", "card.restored"),
        ("facilitator", "workshop.updated"), ("facilitator", "workshop.updated")]
    assert entries[0]["card_id"] == card["id"]
    assert entries[0]["card_text"] == "Fællesspisning på skolen"
    assert entries[3]["details"] == {"premoderation": True}
    assert all(e["at"] for e in entries)

    response = client.get(f"{base}/moderation-log?format=csv", headers=fac)
    assert response.mimetype == "text/csv"
    text = response.data.decode("utf-8-sig")
    assert "card.hidden" in text and "sofie@example.dk" not in text


def test_the_organisers_change_of_the_workshop_is_in_the_moderation_log(client, workshop):
    base = f"/api/v1/workshops/{workshop['id']}"
    answer = client.patch(base, json={"title": "Fællesskab i Vestbyen"},
                          headers=bearer("organiser-test-token"))
    assert answer.status_code == 200

    entries = client.get(f"{base}/moderation-log",
                         headers=bearer(workshop["facilitator_token"])).get_json()["entries"]
    assert [(e["who"], e["action"]) for e in entries] == [("organiser", "workshop.updated")]
    assert entries[0]["details"]["title"] == "Fællesskab i Vestbyen"
