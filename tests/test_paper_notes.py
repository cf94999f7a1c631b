"""Paper notes: many cards at once, one per line, all or nothing, errors by line."""

from __future__ import annotations

from .helpers import bearer, join, socket_events


def test_each_line_becomes_a_paper_card_for_everyone(client, workshop, socket_client_factory):
    base = f"/api/v1/workshops/{workshop['id']}"
    fac = bearer(workshop["facilitator_token"])
    phone = join(client, workshop)
    listener = socket_client_factory(workshop["id"], phone["token"])
    listener.get_received()
    text = "Fællesspisning\n\n  Lektiecafé om tirsdagen  \r\nGåtur med hunde\n"
    body = {"client_id": "paper-1", "theme_id": workshop["themes"][1]["id"],
            "kind": "initiative", "text": text}
    response = client.post(f"{base}/cards/bulk", json=body, headers=fac)
    assert response.status_code == 201
    cards = response.get_json()["cards"]
    assert [c["text"] for c in cards] == ["Fællesspisning", "Lektiecafé om tirsdagen",
                                         "Gåtur med hunde"]
    assert {(c["origin"], c["kind"], c["theme_id"]) for c in cards} == {
        ("paper", "initiative", workshop["themes"][1]["id"])}
    assert [e["type"] for e in socket_events(listener)] == ["card.created"] * 3

    # The same client_id again (a retry after a lost answer) stores nothing new.
    again = client.post(f"{base}/cards/bulk", json=body, headers=fac)
    assert again.status_code == 200
    assert [c["id"] for c in again.get_json()["cards"]] == [c["id"] for c in cards]
    assert len(client.get(base, headers=fac).get_json()["cards"]) == 3


def test_a_bad_line_is_reported_by_number_and_nothing_is_stored(client, workshop):
    base = f"/api/v1/workshops/{workshop['id']}"
    fac = bearer(workshop["facilitator_token"])
    before = client.get(base, headers=fac).get_json()["seq"]
    text = "God idé\nEndnu en\n" + "x" * 501 + "\nSidste\nNul\x00tegn"
    response = client.post(f"{base}/cards/bulk?lang=da", headers=fac, json={
        "client_id": "paper-2", "theme_id": workshop["themes"][0]["id"], "kind": "idea",
        "text": text})
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"]["code"] == "bad_request"
    assert [e["line"] for e in body["errors"]] == [3, 5]
    assert "500" in body["errors"][0]["message"]
    state = client.get(base, headers=fac).get_json()
    assert state["cards"] == [] and state["seq"] == before


def test_paper_notes_need_a_theme_of_the_workshop_and_some_text(client, workshop):
    base = f"/api/v1/workshops/{workshop['id']}"
    fac = bearer(workshop["facilitator_token"])
    for body in ({"client_id": "p", "theme_id": "nope", "kind": "idea", "text": "A"},
                 {"client_id": "p", "theme_id": workshop["themes"][0]["id"], "kind": "idea",
                  "text": "\n \n"},
                 {"client_id": "p", "theme_id": workshop["themes"][0]["id"], "kind": "plan",
                  "text": "A"},
                 {"client_id": "p", "theme_id": workshop["themes"][0]["id"], "kind": "idea",
                  "text": ["A"]}):
        assert client.post(f"{base}/cards/bulk", json=body, headers=fac).status_code == 400
    assert client.get(base, headers=fac).get_json()["cards"] == []
