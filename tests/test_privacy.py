"""The privacy notice, the controller fields, and a participant's own data: see it, delete it."""

from __future__ import annotations

import re

import pytest

from .helpers import ORGANISER, bearer, card_body, create_workshop, join
from .privacy_rows import (
    add_comment,
    add_commitment,
    add_link,
    add_support,
    counters,
    every_row,
    rows_text,
)

CONTROLLER = "Holbæk Kommune, Børn og Unge"
CONTACT = "persondata@holbaek.example"


def post(client, workshop, token, client_id, text, kind="idea"):
    """Post a card and return it."""
    response = client.post(f"/api/v1/workshops/{workshop['id']}/cards",
                           json=card_body(workshop, client_id, text, kind), headers=bearer(token))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def events_text(client, workshop) -> str:
    """Return the whole event log as the facilitator gets it, as text."""
    events = client.get(f"/api/v1/workshops/{workshop['id']}/events?after=0",
                        headers=bearer(workshop["facilitator_token"])).get_json()["events"]
    return repr(events)


def received(socket_client) -> list[dict]:
    """Return the events a Socket.IO test client received."""
    return [m["args"][0] for m in socket_client.get_received() if m["name"] == "event"]


# ---------------------------------------------------------------- the notice

def test_notice_on_the_join_page_in_danish_with_the_organisers_details(client):
    workshop = create_workshop(client, controller_name=CONTROLLER, controller_contact=CONTACT)
    html = client.get(f"/j/{workshop['join_code']}?lang=da").get_data(as_text=True)
    assert "Dine oplysninger" in html
    assert f"{CONTROLLER} er ansvarlig for dine oplysninger." in html
    assert "Navne og kontaktoplysninger slettes 30 dage efter workshoppen." in html
    assert CONTACT in html and "Datatilsynet" in html and "Dine rettigheder" in html
    assert "Læs hele privatlivserklæringen" in html
    # Before the first post: the notice comes before the form.
    assert html.index('id="privacy-title"') < html.index('id="compose"')
    assert f'href="/j/{workshop["join_code"]}/mine"' in html


def test_notice_on_the_join_page_in_english(client):
    workshop = create_workshop(client, controller_name=CONTROLLER, controller_contact=CONTACT,
                               retention_days=14)
    html = client.get(f"/j/{workshop['join_code']}?lang=en").get_data(as_text=True)
    assert "Your data" in html
    assert f"{CONTROLLER} is responsible for your data." in html
    assert "Names and contact details are deleted 14 days after the workshop." in html
    assert f"Contact: {CONTACT}" in html and "Your rights" in html


def test_the_whole_notice_has_its_own_page_in_both_languages(client):
    workshop = create_workshop(client, controller_name=CONTROLLER, controller_contact=CONTACT)
    da = client.get(f"/privacy/{workshop['join_code']}?lang=da").get_data(as_text=True)
    en = client.get(f"/privacy/{workshop['join_code']}?lang=en").get_data(as_text=True)
    assert "<h1>Privatlivserklæring</h1>" in da and CONTROLLER in da and CONTACT in da
    assert "<h1>Privacy notice</h1>" in en and CONTROLLER in en
    assert "Hvor længe vi gemmer det" in da and "How long it is kept" in en
    assert client.get("/privacy/NOSUCHCODE").status_code == 404


def test_installation_default_controller_is_used_when_the_workshop_names_none(app, client):
    app.config.update(CONTROLLER_NAME="Frivilligcenter Vest", CONTROLLER_CONTACT="data@fcv.dk")
    workshop = create_workshop(client)
    state = client.get(f"/api/v1/workshops/{workshop['id']}", headers=ORGANISER).get_json()
    assert state["privacy"] == {"controller_name": "Frivilligcenter Vest",
                                "controller_contact": "data@fcv.dk", "retention_days": 30,
                                "personal_data_removed_at": None}
    assert "Frivilligcenter Vest" in client.get("/privacy").get_data(as_text=True)


def test_controller_fields_are_checked_and_can_be_changed(client):
    bad = client.post("/api/v1/workshops", headers=ORGANISER, json={
        "title": "T", "themes": ["A"], "retention_days": 0})
    assert bad.status_code == 400 and bad.get_json()["error"]["field"] == "retention_days"
    assert client.get("/api/v1/workshops", headers=ORGANISER).get_json()["workshops"] == []
    workshop = create_workshop(client)
    changed = client.patch(f"/api/v1/workshops/{workshop['id']}", headers=ORGANISER, json={
        "controller_name": CONTROLLER, "retention_days": 90})
    assert changed.status_code == 200
    assert changed.get_json()["privacy"]["controller_name"] == CONTROLLER
    assert changed.get_json()["privacy"]["retention_days"] == 90
    refused = client.patch(f"/api/v1/workshops/{workshop['id']}", headers=ORGANISER,
                           json={"retention_days": 366})
    assert refused.status_code == 400


@pytest.mark.parametrize("path", ["/", "/organiser", "/j/{code}", "/f/{id}", "/f/{id}/downloads",
                                  "/privacy", "/privacy/{code}", "/accessibility",
                                  "/j/{code}/mine", "/organiser/workshops/{id}/delete",
                                  "/no/such/page"])
def test_every_page_footer_links_the_accessibility_statement_and_privacy(client, workshop, path):
    html = client.get(path.format(code=workshop["join_code"], id=workshop["id"]) + "?lang=da"
                      ).get_data(as_text=True)
    footer = html[html.index('<footer class="site-footer">'):]
    assert '<a href="/accessibility">Tilgængelighedserklæring</a>' in footer
    assert '<a href="/privacy">Privatliv</a>' in footer
    english = client.get(path.format(code=workshop["join_code"], id=workshop["id"]) + "?lang=en"
                         ).get_data(as_text=True)
    assert '<a href="/accessibility">Accessibility statement</a>' in english


def test_accessibility_statement_says_what_was_tested_and_whom_to_tell(app, client):
    app.config["CONTROLLER_CONTACT"] = CONTACT
    da = client.get("/accessibility?lang=da").get_data(as_text=True)
    assert "<h1>Tilgængelighedserklæring</h1>" in da
    for heading in ("Hvad er testet, og hvordan", "Kendte mangler", "Feedback og kontakt"):
        assert f"<h2>{heading}</h2>" in da
    assert CONTACT in da and "Digitaliseringsstyrelsen" in da
    en = client.get("/accessibility?lang=en").get_data(as_text=True)
    assert "<h1>Accessibility statement</h1>" in en and "WCAG 2.1" in en


# ---------------------------------------------------------------- own data

def test_own_data_shows_exactly_the_participants_items(client, db, workshop):
    me = join(client, workshop, name="Sofie")
    other = join(client, workshop, name="Ali")
    mine = post(client, workshop, me["token"], "m1", "Min idé om fritid", "actor")
    hidden = post(client, workshop, me["token"], "m2", "Skjult idé")
    theirs = post(client, workshop, other["token"], "o1", "Alis indsats", "initiative")
    client.post(f"/api/v1/workshops/{workshop['id']}/cards/{hidden['id']}/hide",
                headers=bearer(workshop["facilitator_token"]))
    my_comment = add_comment(db, theirs["id"], me["participant_id"], "Godt tænkt")
    add_comment(db, mine["id"], other["participant_id"], "Alis kommentar")
    my_commitment = add_commitment(db, theirs["id"], me["participant_id"], "Sofie",
                                   "sofie@example.dk")
    add_support(db, theirs["id"], me["participant_id"])
    add_support(db, mine["id"], other["participant_id"])
    my_link = add_link(db, mine["id"], theirs["id"], me["participant_id"])

    answer = client.get(f"/api/v1/workshops/{workshop['id']}/participants/me/data",
                        headers=bearer(me["token"]))
    assert answer.status_code == 200
    data = answer.get_json()
    assert data["participant"]["name"] == "Sofie"
    assert [c["id"] for c in data["cards"]] == [mine["id"], hidden["id"]]
    assert data["cards"][1]["hidden"] is True
    assert [c["id"] for c in data["comments"]] == [my_comment]
    assert data["comments"][0]["card_text"] == "Alis indsats"
    assert [(c["id"], c["contact"]) for c in data["commitments"]] == [
        (my_commitment, "sofie@example.dk")]
    assert [s["card_id"] for s in data["supports"]] == [theirs["id"]]
    assert [x["id"] for x in data["links"]] == [my_link]
    assert "Alis kommentar" not in repr(data)
    # Only participants have own data; the facilitator gets forbidden.
    refused = client.get(f"/api/v1/workshops/{workshop['id']}/participants/me/data",
                         headers=bearer(workshop["facilitator_token"]))
    assert refused.status_code == 403


def test_deleting_an_own_card_is_pushed_live_and_leaves_no_text(client, db, workshop,
                                                                socket_client_factory):
    me = join(client, workshop, name="Sofie")
    other = join(client, workshop)
    card = post(client, workshop, me["token"], "m1", "Hemmelig tekst 4711")
    add_comment(db, card["id"], other["participant_id"], "Svar på 4711")
    phone = socket_client_factory(workshop["id"], other["token"], last_seq=card["seq"])
    projector = socket_client_factory(workshop["id"], workshop["facilitator_token"],
                                      last_seq=card["seq"])
    phone.get_received(), projector.get_received()

    path = f"/api/v1/workshops/{workshop['id']}/participants/me/cards/{card['id']}"
    assert client.delete(path, headers=bearer(other["token"])).status_code == 404
    # Deleting is a right: it works while the board is locked, too.
    client.post(f"/api/v1/workshops/{workshop['id']}/lock",
                headers=bearer(workshop["facilitator_token"]))
    answer = client.delete(path, headers=bearer(me["token"]))
    assert answer.status_code == 200 and answer.get_json() == {"id": card["id"]}
    for screen in (phone, projector):
        assert [(e["type"], e["data"]) for e in received(screen)] == [
            ("workshop.updated", {"state": "locked"}), ("card.deleted", {"id": card["id"]})]
    state = client.get(f"/api/v1/workshops/{workshop['id']}", headers=bearer(other["token"]))
    assert card["id"] not in [c["id"] for c in state.get_json()["cards"]]
    assert "4711" not in events_text(client, workshop)
    assert "4711" not in rows_text(db) and "Sofie" in rows_text(db)


def test_deleting_an_own_comment_and_withdrawing_keep_counters_and_tell_everyone(
        client, db, workshop, socket_client_factory):
    me = join(client, workshop)
    other = join(client, workshop)
    card = post(client, workshop, other["token"], "o1", "Fælles madklub", "initiative")
    comment = add_comment(db, card["id"], me["participant_id"], "Kommentar 9911")
    add_commitment(db, card["id"], me["participant_id"], "Navn 9911", "kontakt-9911@example.dk")
    assert counters(db, card["id"]) == (0, 1, 1)
    screen = socket_client_factory(workshop["id"], other["token"], last_seq=10**6)
    screen.get_received()
    base = f"/api/v1/workshops/{workshop['id']}/participants/me"

    deleted = client.delete(f"{base}/comments/{comment}", headers=bearer(me["token"]))
    assert deleted.status_code == 200
    assert client.delete(f"{base}/commitments/{card['id']}",
                         headers=bearer(me["token"])).status_code == 200
    assert counters(db, card["id"]) == (0, 0, 0)
    seen = [(e["type"], e["data"]) for e in received(screen)]
    assert ("comment.deleted", {"id": comment, "card_id": card["id"], "card_comments": 0}) in seen
    assert ("card.committed", {"card_id": card["id"], "commitments": 0}) in seen
    # commitment.deleted goes to the participant and the moderators only.
    assert "commitment.deleted" not in [t for t, _ in seen]
    assert "9911" not in rows_text(db)
    again = client.delete(f"{base}/commitments/{card['id']}", headers=bearer(me["token"]))
    assert again.status_code == 404


def test_delete_me_removes_everything_and_the_token(client, db, workshop, socket_client_factory):
    me = join(client, workshop, name="Navnet Zelda")
    other = join(client, workshop)
    theirs = post(client, workshop, other["token"], "o1", "Alis indsats", "initiative")
    mine = post(client, workshop, me["token"], "m1", "Zeldas aktør", "actor")
    add_comment(db, theirs["id"], me["participant_id"], "Zeldas kommentar")
    add_commitment(db, theirs["id"], me["participant_id"], "Zelda", "zelda@example.dk")
    add_support(db, theirs["id"], me["participant_id"])
    add_link(db, mine["id"], theirs["id"], me["participant_id"])
    add_support(db, mine["id"], other["participant_id"])
    screen = socket_client_factory(workshop["id"], other["token"], last_seq=10**6)
    screen.get_received()

    answer = client.delete(f"/api/v1/workshops/{workshop['id']}/participants/me",
                           headers=bearer(me["token"]))
    assert answer.status_code == 200
    types = [e["type"] for e in received(screen)]
    for expected in ("card.deleted", "comment.deleted", "card.committed", "card.supported"):
        assert expected in types
    assert counters(db, theirs["id"]) == (0, 0, 0)
    assert client.get(f"/api/v1/workshops/{workshop['id']}",
                      headers=bearer(me["token"])).status_code == 403
    everything = rows_text(db)
    assert me["participant_id"] not in repr({k: v for k, v in every_row(db).items()
                                             if k != "events"})
    for gone in ("Zelda", "zelda@example.dk", "Zeldas"):
        assert gone not in everything
    assert re.search("Alis indsats", everything)


def test_privacy_endpoints_refuse_tokens_of_another_workshop_and_wrong_roles(client, workshop):
    other = create_workshop(client, title="Anden workshop")
    stranger = join(client, other, name="Fremmed")
    me = join(client, workshop)
    card = post(client, workshop, me["token"], "m1", "Mit kort")
    base = f"/api/v1/workshops/{workshop['id']}"
    for method, path in (("GET", "/participants/me/data"), ("DELETE", "/participants/me"),
                         ("DELETE", f"/participants/me/cards/{card['id']}"),
                         ("DELETE", f"/participants/me/comments/{card['id']}"),
                         ("DELETE", f"/participants/me/commitments/{card['id']}"),
                         ("DELETE", "")):
        for token in (stranger["token"], other["facilitator_token"]):
            answer = client.open(base + path, method=method, headers=bearer(token))
            assert answer.status_code == 403, (method, path)
        assert client.open(base + path, method=method).status_code == 401
    # A participant cannot delete the workshop; the card is still there.
    assert client.delete(base, headers=bearer(me["token"])).status_code == 403
    state = client.get(base, headers=bearer(me["token"])).get_json()
    assert [c["id"] for c in state["cards"]] == [card["id"]]
