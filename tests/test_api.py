"""The HTTP API of CONTRACT.md through the Flask test client."""

from __future__ import annotations

from datetime import datetime

import pytest

from .conftest import PUBLIC_URL
from .helpers import ORGANISER, bearer, card_body, create_workshop, join


def error_of(response) -> dict:
    """Return the contract error object of a response, checking its shape."""
    body = response.get_json()
    assert set(body) == {"error"}, body
    assert isinstance(body["error"]["code"], str) and body["error"]["message"]
    return body["error"]


def test_healthz_answers_200(client):
    assert client.get("/healthz").status_code == 200


def test_create_workshop_answers_the_contract(client):
    response = client.post(
        "/api/v1/workshops",
        json={"title": "Fællesskab i Havbjerg", "vision": "Alle hører til.", "language": "da",
              "themes": ["Fritid", "Skole"], "plenary_every_minutes": 45},
        headers=ORGANISER,
    )
    assert response.status_code == 201
    body = response.get_json()
    assert {"id", "join_code", "join_url", "facilitator_token", "facilitator_url",
            "themes"} <= set(body)
    assert body["join_url"] == f"{PUBLIC_URL}/j/{body['join_code']}"
    assert body["facilitator_url"].startswith(f"{PUBLIC_URL}/f/{body['id']}")
    assert body["facilitator_token"] in body["facilitator_url"]
    assert [t["title"] for t in body["themes"]] == ["Fritid", "Skole"]
    assert all(isinstance(t["id"], str) for t in body["themes"])


def test_create_workshop_needs_the_organiser(client, workshop):
    body = {"title": "T", "language": "da", "themes": ["A"]}
    assert error_of(client.post("/api/v1/workshops", json=body))["code"] == "unauthorized"
    response = client.post("/api/v1/workshops", json=body,
                           headers=bearer(workshop["facilitator_token"]))
    assert response.status_code == 403 and error_of(response)["code"] == "forbidden"


@pytest.mark.parametrize(
    "body",
    [
        {"title": "", "language": "da", "themes": ["A"]},
        {"title": "T", "language": "xx", "themes": ["A"]},
        {"title": "T", "language": "da", "themes": "A"},
        {"title": "T" * 201, "language": "da", "themes": ["A"]},
        {"title": "T", "language": "da", "themes": [f"t{i}" for i in range(31)]},
    ],
)
def test_bad_workshops_get_bad_request(client, body):
    response = client.post("/api/v1/workshops", json=body, headers=ORGANISER)
    assert response.status_code == 400
    assert error_of(response)["code"] == "bad_request"
    listing = client.get("/api/v1/workshops", headers=ORGANISER).get_json()
    assert listing["workshops"] == []


def test_invalid_json_is_a_bad_request_not_a_500(client):
    response = client.post("/api/v1/workshops", data=b"{not json",
                           headers={**ORGANISER, "Content-Type": "application/json"})
    assert response.status_code == 400
    assert error_of(response)["code"] == "bad_request"


def test_too_large_body_is_refused(client, workshop, participant):
    response = client.post(
        f"/api/v1/workshops/{workshop['id']}/cards",
        data=b"x" * (300 * 1024),
        headers={**bearer(participant["token"]), "Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert error_of(response)["code"] == "too_large"


def test_unknown_api_path_is_json_404(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404 and error_of(response)["code"] == "not_found"


def test_join_gives_a_participant_token(client, workshop):
    response = client.post(f"/api/v1/workshops/{workshop['id']}/participants",
                           json={"join_code": workshop["join_code"], "name": "Ali"})
    assert response.status_code == 201
    body = response.get_json()
    assert set(body) >= {"participant_id", "token"}
    state = client.get(f"/api/v1/workshops/{workshop['id']}", headers=bearer(body["token"]))
    assert state.get_json()["me"] == {"participant_id": body["participant_id"], "name": "Ali",
                                      "organisation": None, "supports": [],
                                      "supports_left": None, "commitments": [],
                                      "removed": []}


def test_join_with_a_wrong_code_or_workshop(client, workshop):
    wrong = client.post(f"/api/v1/workshops/{workshop['id']}/participants",
                        json={"join_code": "AAAAAAAA"})
    assert wrong.status_code == 403 and error_of(wrong)["code"] == "forbidden"
    missing = client.post("/api/v1/workshops/nope/participants",
                          json={"join_code": workshop["join_code"]})
    assert missing.status_code == 404 and error_of(missing)["code"] == "not_found"


def test_post_card_and_repost_same_client_id(client, workshop, participant):
    url = f"/api/v1/workshops/{workshop['id']}/cards"
    body = card_body(workshop, text="Fælles madlavning – åbent for alle")
    first = client.post(url, json=body, headers=bearer(participant["token"]))
    assert first.status_code == 201
    card = first.get_json()
    assert {"id", "client_id", "kind", "theme_id", "text", "author", "created_at",
            "seq"} <= set(card)
    assert card["text"] == "Fælles madlavning – åbent for alle"
    assert card["author"]["participant_id"] == participant["participant_id"]
    assert card["author"]["name"] == "Sofie"
    assert datetime.fromisoformat(card["created_at"]).utcoffset() is not None
    again = client.post(url, json=body, headers=bearer(participant["token"]))
    assert again.status_code == 200
    assert again.get_json() == card
    events = client.get(f"/api/v1/workshops/{workshop['id']}/events?after=0",
                        headers=bearer(participant["token"])).get_json()
    assert [e["type"] for e in events["events"]] == ["card.created"]


def test_facilitator_may_post_a_card(client, workshop):
    response = client.post(f"/api/v1/workshops/{workshop['id']}/cards",
                           json=card_body(workshop, kind="actor"),
                           headers=bearer(workshop["facilitator_token"]))
    assert response.status_code == 201
    assert response.get_json()["author"]["role"] == "facilitator"


def test_card_errors_follow_the_contract(client, workshop, participant):
    url = f"/api/v1/workshops/{workshop['id']}/cards"
    headers = bearer(participant["token"])
    assert error_of(client.post(url, json=card_body(workshop)))["code"] == "unauthorized"
    too_long = client.post(url, json=card_body(workshop, text="x" * 501), headers=headers)
    assert too_long.status_code == 400
    assert "500" in error_of(too_long)["message"]
    bad_kind = client.post(url, json={**card_body(workshop), "kind": "wish"}, headers=headers)
    assert error_of(bad_kind)["code"] == "bad_request"
    state = client.get(f"/api/v1/workshops/{workshop['id']}", headers=headers).get_json()
    assert state["cards"] == [] and state["seq"] == 0


def test_unknown_fields_are_ignored(client, workshop, participant):
    body = {**card_body(workshop), "colour": "pink", "author": {"name": "someone else"}}
    response = client.post(f"/api/v1/workshops/{workshop['id']}/cards", json=body,
                           headers=bearer(participant["token"]))
    assert response.status_code == 201
    assert response.get_json()["author"]["name"] == "Sofie"


def test_error_messages_speak_the_users_language(client, workshop, participant):
    url = f"/api/v1/workshops/{workshop['id']}/cards"
    body = card_body(workshop, text="x" * 501)
    danish = client.post(url, json=body, headers={**bearer(participant["token"]),
                                                  "Accept-Language": "da"})
    english = client.post(url, json=body, headers={**bearer(participant["token"]),
                                                   "Accept-Language": "en"})
    assert error_of(danish)["message"] != error_of(english)["message"]
    assert "too long" in error_of(english)["message"]
    assert "højst 500" in error_of(danish)["message"]


def test_get_workshop_for_each_role(client, workshop, participant):
    path = f"/api/v1/workshops/{workshop['id']}"
    for token, role in ((participant["token"], "participant"),
                        (workshop["facilitator_token"], "facilitator"),
                        (ORGANISER["Authorization"].split()[1], "organiser")):
        response = client.get(path, headers=bearer(token))
        assert response.status_code == 200
        body = response.get_json()
        assert body["role"] == role
        assert {"id", "title", "vision", "language", "state", "themes", "cards",
                "seq"} <= set(body)
        assert body["title"] == "Ensomhed blandt unge"


def test_tokens_of_another_workshop_are_refused_everywhere(client, workshop, participant):
    other = create_workshop(client, title="Et andet værksted")
    other_participant = join(client, other)
    wid = workshop["id"]
    for token in (other["facilitator_token"], other_participant["token"]):
        headers = bearer(token)
        checks = [
            client.get(f"/api/v1/workshops/{wid}", headers=headers),
            client.get(f"/api/v1/workshops/{wid}/events?after=0", headers=headers),
            client.post(f"/api/v1/workshops/{wid}/cards", json=card_body(workshop),
                        headers=headers),
        ]
        for response in checks:
            assert response.status_code == 403
            assert error_of(response)["code"] == "forbidden"
    nobody = client.get(f"/api/v1/workshops/{wid}", headers=bearer("made-up"))
    assert nobody.status_code == 403


def test_events_after_n_are_every_later_event_oldest_first(client, workshop, participant):
    url = f"/api/v1/workshops/{workshop['id']}/cards"
    for n in range(5):
        client.post(url, json=card_body(workshop, client_id=f"c{n}", text=f"Idé {n}"),
                    headers=bearer(participant["token"]))
    events = client.get(f"/api/v1/workshops/{workshop['id']}/events?after=2",
                        headers=bearer(participant["token"])).get_json()
    assert [e["seq"] for e in events["events"]] == [3, 4, 5]
    assert events["seq"] == 5
    assert [e["data"]["text"] for e in events["events"]] == ["Idé 2", "Idé 3", "Idé 4"]
    assert all(e["type"] == "card.created" for e in events["events"])
    for bad in ("-1", "abc", "1.5"):
        response = client.get(f"/api/v1/workshops/{workshop['id']}/events?after={bad}",
                              headers=bearer(participant["token"]))
        assert response.status_code == 400


def test_hidden_cards_leave_the_participants_board(client, workshop, participant):
    card = client.post(f"/api/v1/workshops/{workshop['id']}/cards", json=card_body(workshop),
                       headers=bearer(participant["token"])).get_json()
    hide = f"/api/v1/workshops/{workshop['id']}/cards/{card['id']}/hide"
    assert client.post(hide, headers=bearer(participant["token"])).status_code == 403
    assert client.post(hide, headers=bearer(workshop["facilitator_token"])).status_code == 200
    seen = client.get(f"/api/v1/workshops/{workshop['id']}",
                      headers=bearer(participant["token"])).get_json()
    assert seen["cards"] == []
    moderated = client.get(f"/api/v1/workshops/{workshop['id']}",
                           headers=bearer(workshop["facilitator_token"])).get_json()
    assert [c["hidden"] for c in moderated["cards"]] == [True]


def test_rename_participant(client, workshop, participant):
    response = client.patch(f"/api/v1/workshops/{workshop['id']}/participants/me",
                            json={"name": "  Sofie   K. "}, headers=bearer(participant["token"]))
    assert response.get_json() == {"participant_id": participant["participant_id"],
                                   "name": "Sofie K.", "organisation": None}
    cleared = client.patch(f"/api/v1/workshops/{workshop['id']}/participants/me",
                           json={"name": ""}, headers=bearer(participant["token"]))
    assert cleared.get_json()["name"] is None


def test_organiser_lists_workshops(client, workshop):
    listing = client.get("/api/v1/workshops", headers=ORGANISER).get_json()["workshops"]
    assert [w["id"] for w in listing] == [workshop["id"]]
    assert client.get("/api/v1/workshops").status_code == 401
