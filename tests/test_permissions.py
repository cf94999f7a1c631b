"""Role × action: exactly the allowed roles succeed, on every endpoint and event."""

from __future__ import annotations

import itertools

import pytest

from openspace.extensions import socketio

from .helpers import ORGANISER_TOKEN, bearer, card_body, create_workshop, join

ROLES = ("nobody", "participant_a", "participant_b", "facilitator_a", "facilitator_b",
         "organiser")
MEMBERS_OF_A = {"participant_a", "facilitator_a", "organiser"}
MODERATORS_OF_A = {"facilitator_a", "organiser"}

# action -> the roles that may do it (on workshop A)
ALLOWED = {
    "create_workshop": {"organiser"},
    "list_workshops": {"organiser"},
    "get_workshop": MEMBERS_OF_A,
    "get_events": MEMBERS_OF_A,
    "post_card": MEMBERS_OF_A,
    "rename_me": {"participant_a"},
    "hide_card": MODERATORS_OF_A,
    "restore_card": MODERATORS_OF_A,
    "lock": MODERATORS_OF_A,
    "unlock": MODERATORS_OF_A,
    "socket_connect": MEMBERS_OF_A,
    "socket_card_create": MEMBERS_OF_A,
}

_counter = itertools.count()


@pytest.fixture
def world(client):
    """Two workshops, a participant and a facilitator in each, a card in A."""
    a = create_workshop(client, title="A")
    b = create_workshop(client, title="B")
    tokens = {
        "nobody": None,
        "participant_a": join(client, a)["token"],
        "participant_b": join(client, b)["token"],
        "facilitator_a": a["facilitator_token"],
        "facilitator_b": b["facilitator_token"],
        "organiser": ORGANISER_TOKEN,
    }
    card = client.post(f"/api/v1/workshops/{a['id']}/cards", json=card_body(a, "seed"),
                       headers=bearer(a["facilitator_token"])).get_json()
    return {"a": a, "tokens": tokens, "card": card}


def attempt(app, client, world, action: str, token: str | None) -> bool:
    """Try ``action`` with ``token``; return True if it was allowed."""
    a, card = world["a"], world["card"]
    headers = bearer(token) if token else {}
    base = f"/api/v1/workshops/{a['id']}"
    n = next(_counter)
    if action.startswith("socket_"):
        auth = {"workshop": a["id"], "token": token, "last_seq": 0}
        test_client = socketio.test_client(app, auth=auth)
        try:
            if action == "socket_connect" or not test_client.is_connected():
                return test_client.is_connected()
            ack = test_client.emit("card:create", card_body(a, f"s{n}"), callback=True)
            return ack["ok"]
        finally:
            if test_client.is_connected():
                test_client.disconnect()
    requests = {
        "create_workshop": ("post", "/api/v1/workshops",
                            {"title": "T", "language": "en", "themes": ["x"]}),
        "list_workshops": ("get", "/api/v1/workshops", None),
        "get_workshop": ("get", base, None),
        "get_events": ("get", f"{base}/events?after=0", None),
        "post_card": ("post", f"{base}/cards", card_body(a, f"h{n}")),
        "rename_me": ("patch", f"{base}/participants/me", {"name": "Kim"}),
        "hide_card": ("post", f"{base}/cards/{card['id']}/hide", None),
        "restore_card": ("post", f"{base}/cards/{card['id']}/restore", None),
        "lock": ("post", f"{base}/lock", None),
        "unlock": ("post", f"{base}/unlock", None),
    }
    method, path, body = requests[action]
    response = getattr(client, method)(path, json=body, headers=headers)
    if response.status_code < 300:
        return True
    assert response.status_code in (401, 403), (action, response.status_code,
                                                response.get_json())
    assert response.get_json()["error"]["code"] in ("unauthorized", "forbidden")
    return False


@pytest.mark.parametrize("action", sorted(ALLOWED))
def test_exactly_the_allowed_roles_succeed(app, client, world, action):
    outcome = {role: attempt(app, client, world, action, world["tokens"][role])
               for role in ROLES}
    assert {role for role, ok in outcome.items() if ok} == ALLOWED[action]


def test_a_locked_workshop_refuses_participants_with_workshop_locked(client, world):
    a, tokens = world["a"], world["tokens"]
    assert client.post(f"/api/v1/workshops/{a['id']}/lock",
                       headers=bearer(tokens["facilitator_a"])).get_json() == {"state": "locked"}
    refused = client.post(f"/api/v1/workshops/{a['id']}/cards", json=card_body(a, "late"),
                          headers=bearer(tokens["participant_a"]))
    assert refused.status_code == 423
    assert refused.get_json()["error"]["code"] == "workshop_locked"
    # The facilitator can still add a card to a locked board.
    assert client.post(f"/api/v1/workshops/{a['id']}/cards", json=card_body(a, "fac"),
                       headers=bearer(tokens["facilitator_a"])).status_code == 201
    client.post(f"/api/v1/workshops/{a['id']}/unlock", headers=bearer(tokens["facilitator_a"]))
    assert client.post(f"/api/v1/workshops/{a['id']}/cards", json=card_body(a, "late"),
                       headers=bearer(tokens["participant_a"])).status_code == 201
