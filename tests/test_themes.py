"""Themes changed live: add, rename, reorder; everyone's board follows."""

from __future__ import annotations

from .helpers import bearer, create_workshop, join, socket_events


def test_add_rename_and_reorder_themes_live(client, socket_client_factory):
    w = create_workshop(client, themes=["Fritid", "Skole"])
    fac = bearer(w["facilitator_token"])
    base = f"/api/v1/workshops/{w['id']}"
    phone = join(client, w)
    listener = socket_client_factory(w["id"], phone["token"])
    listener.get_received()

    added = client.post(f"{base}/themes", json={"title": "  Digitalt   liv "}, headers=fac)
    assert added.status_code == 201
    new = added.get_json()
    assert new["title"] == "Digitalt liv"
    renamed = client.patch(f"{base}/themes/{w['themes'][0]['id']}",
                           json={"title": "Fritid og foreninger"}, headers=fac)
    assert renamed.get_json()["title"] == "Fritid og foreninger"
    order = [new["id"], w["themes"][1]["id"], w["themes"][0]["id"]]
    reordered = client.put(f"{base}/themes/order", json={"theme_ids": order}, headers=fac)
    assert [t["id"] for t in reordered.get_json()["themes"]] == order

    assert [e["type"] for e in socket_events(listener)] == [
        "theme.created", "theme.updated", "themes.reordered"]
    state = client.get(base, headers=bearer(phone["token"])).get_json()
    assert [t["title"] for t in state["themes"]] == [
        "Digitalt liv", "Skole", "Fritid og foreninger"]
    # A card can be posted under the new theme at once.
    card = {"client_id": "n1", "kind": "idea", "theme_id": new["id"], "text": "Gaming-klub"}
    assert client.post(f"{base}/cards", json=card,
                       headers=bearer(phone["token"])).status_code == 201


def test_bad_theme_changes_are_refused_and_change_nothing(client, workshop):
    fac = bearer(workshop["facilitator_token"])
    base = f"/api/v1/workshops/{workshop['id']}"
    ids = [t["id"] for t in workshop["themes"]]
    seq = client.get(base, headers=fac).get_json()["seq"]
    refused = [
        client.post(f"{base}/themes", json={"title": ""}, headers=fac),
        client.post(f"{base}/themes", json={"title": "x" * 201}, headers=fac),
        client.post(f"{base}/themes", json={"title": "fritid"}, headers=fac),  # taken
        client.patch(f"{base}/themes/{ids[1]}", json={"title": "FRITID"}, headers=fac),
        client.put(f"{base}/themes/order", json={"theme_ids": ids[:2]}, headers=fac),
        client.put(f"{base}/themes/order", json={"theme_ids": [ids[0]] * 3}, headers=fac),
        client.put(f"{base}/themes/order", json={"theme_ids": "abc"}, headers=fac),
    ]
    assert [r.status_code for r in refused] == [400] * 7
    assert "Fritid" in refused[2].get_json()["error"]["message"]
    assert client.patch(f"{base}/themes/nope", json={"title": "Ny"},
                        headers=fac).status_code == 404
    state = client.get(base, headers=fac).get_json()
    assert state["seq"] == seq
    assert [t["title"] for t in state["themes"]] == ["Fritid", "Skole", "Digitalt liv"]


def test_at_most_thirty_themes(client):
    w = create_workshop(client, themes=[f"T{i}" for i in range(30)])
    response = client.post(f"/api/v1/workshops/{w['id']}/themes", json={"title": "En for meget"},
                           headers=bearer(w["facilitator_token"]))
    assert response.status_code == 400
