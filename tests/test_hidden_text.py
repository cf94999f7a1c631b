"""Hidden and replaced text never leaves the server to anyone who may not see it (issue 18.3).

A facilitator hides a card that holds a phone number; an author edits one
away. Neither text may be read afterwards: not through the events, not
through another endpoint's answer, not in a plenary taken before.
"""

from __future__ import annotations

import json

from .helpers import base, bearer, card_body, join
from .test_plenary_api import pdf_text

PHONE = "Ring til mig på 12 34 56 78"


def post(client, workshop, token, client_id, text, kind="idea"):
    """Post a card; return it."""
    response = client.post(base(workshop) + "/cards", headers=bearer(token),
                           json=card_body(workshop, client_id, text=text, kind=kind))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_a_hidden_card_cannot_be_read_by_anyone_who_joins_later(client, workshop,
                                                                 socket_client_factory):
    author = join(client, workshop, name="Ida")
    card = post(client, workshop, author["token"], "c1", PHONE)
    fac = bearer(workshop["facilitator_token"])
    assert client.post(base(workshop) + f"/cards/{card['id']}/hide", headers=fac).status_code == 200
    later = join(client, workshop, name="Bo")
    events = client.get(base(workshop) + "/events?after=0",
                        headers=bearer(later["token"])).get_json()["events"]
    assert PHONE not in json.dumps(events, ensure_ascii=False)
    assert {"seq": 1, "type": "card.deleted", "data": {"id": card["id"], "tombstone": True}} \
        in events
    phone = socket_client_factory(workshop["id"], later["token"], 0)
    received = [m["args"][0] for m in phone.get_received() if m["name"] == "event"]
    assert received and PHONE not in json.dumps(received, ensure_ascii=False)
    wall = socket_client_factory(workshop["id"], workshop["facilitator_token"], 0,
                                 view="projector")
    assert PHONE not in json.dumps(wall.get_received(), ensure_ascii=False)


def test_taking_back_on_someone_elses_hidden_or_pending_card_shows_nothing(client, workshop):
    author = join(client, workshop, name="Ida")
    other = join(client, workshop, name="Bo")
    fac = bearer(workshop["facilitator_token"])
    client.patch(base(workshop) + "/settings", headers=fac, json={"premoderation": True})
    pending = post(client, workshop, author["token"], "p1", PHONE, kind="initiative")
    for path in ("support", "commitment"):
        response = client.delete(base(workshop) + f"/cards/{pending['id']}/{path}",
                                 headers=bearer(other["token"]))
        assert response.status_code == 404
        assert PHONE not in response.get_data(as_text=True)


def test_taking_back_on_a_card_hidden_since_works_without_showing_it(client, workshop):
    author = join(client, workshop, name="Ida")
    other = join(client, workshop, name="Bo")
    card = post(client, workshop, author["token"], "c1", PHONE, kind="initiative")
    token = bearer(other["token"])
    assert client.put(base(workshop) + f"/cards/{card['id']}/support", headers=token,
                      json={}).status_code == 200
    assert client.put(base(workshop) + f"/cards/{card['id']}/commitment", headers=token,
                      json={"consent": False}).status_code == 200
    fac = bearer(workshop["facilitator_token"])
    client.post(base(workshop) + f"/cards/{card['id']}/hide", headers=fac)
    for path in ("support", "commitment"):
        response = client.delete(base(workshop) + f"/cards/{card['id']}/{path}", headers=token)
        assert response.status_code == 200
        assert response.get_json()["card"] is None
        assert PHONE not in response.get_data(as_text=True)


def test_a_plenary_taken_before_the_hide_forgets_the_card_and_its_pdf_too(client, workshop):
    author = join(client, workshop, name="Ida")
    card = post(client, workshop, author["token"], "c1", PHONE)
    post(client, workshop, author["token"], "c2", "Fællesspisning hver torsdag")
    fac = bearer(workshop["facilitator_token"])
    assert client.post(base(workshop) + "/plenaries", headers=fac, json={}).status_code == 201
    before = client.get(base(workshop) + "/plenaries/1.pdf", headers=fac)
    assert "12 34 56 78" in pdf_text(before.data)

    client.post(base(workshop) + f"/cards/{card['id']}/hide", headers=fac)
    summary = client.get(base(workshop) + "/plenaries/1", headers=fac).get_json()["summary"]
    assert PHONE not in json.dumps(summary, ensure_ascii=False)
    assert "torsdag" in json.dumps(summary, ensure_ascii=False)
    after = pdf_text(client.get(base(workshop) + "/plenaries/1.pdf", headers=fac).data)
    assert "12 34 56 78" not in after and "torsdag" in after


def test_an_edited_text_is_replaced_in_the_plenaries_already_taken(client, workshop):
    author = join(client, workshop, name="Ida")
    card = post(client, workshop, author["token"], "c1", PHONE)
    fac = bearer(workshop["facilitator_token"])
    client.post(base(workshop) + "/plenaries", headers=fac, json={})
    edited = client.patch(base(workshop) + f"/cards/{card['id']}", headers=bearer(
        author["token"]), json={"text": "Ring til biblioteket"})
    assert edited.status_code == 200
    summary = client.get(base(workshop) + "/plenaries/1", headers=fac).get_json()["summary"]
    assert PHONE not in json.dumps(summary, ensure_ascii=False)
    assert "Ring til biblioteket" in json.dumps(summary, ensure_ascii=False)
    text = pdf_text(client.get(base(workshop) + "/plenaries/1.pdf", headers=fac).data)
    assert "12 34 56 78" not in text and "biblioteket" in text


def test_hiding_the_card_in_the_spotlight_takes_it_off_the_wall(client, workshop,
                                                                 socket_client_factory):
    author = join(client, workshop, name="Ida")
    card = post(client, workshop, author["token"], "c1", PHONE)
    fac = bearer(workshop["facilitator_token"])
    assert client.put(base(workshop) + "/spotlight", headers=fac,
                      json={"card_id": card["id"]}).status_code == 200
    wall = socket_client_factory(workshop["id"], workshop["facilitator_token"],
                                 client.get(base(workshop), headers=fac).get_json()["seq"],
                                 view="projector")
    wall.get_received()
    client.post(base(workshop) + f"/cards/{card['id']}/hide", headers=fac)
    live = [m["args"][0] for m in wall.get_received() if m["name"] == "event"]
    assert {"card_id": None, "card": None} in [e["data"] for e in live
                                               if e["type"] == "workshop.spotlight"]
    assert client.get(base(workshop), headers=fac).get_json()["spotlight_card_id"] is None
