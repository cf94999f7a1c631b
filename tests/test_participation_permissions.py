"""Role × action for the participant toolkit: exactly the allowed roles succeed."""

from __future__ import annotations

import itertools

import pytest

from .helpers import ORGANISER_TOKEN, bearer, card_body, create_workshop, join

ROLES = ("nobody", "author_a", "participant_a", "participant_b", "facilitator_a",
         "facilitator_b", "organiser")
MEMBERS_OF_A = {"author_a", "participant_a", "facilitator_a", "organiser"}
PARTICIPANTS_OF_A = {"author_a", "participant_a"}
MODERATORS_OF_A = {"facilitator_a", "organiser"}
AUTHOR_OR_MODERATOR = {"author_a"} | MODERATORS_OF_A

# action -> the roles that may do it. "author_a" posted the card, comment or link acted on.
ALLOWED = {
    "edit_card": AUTHOR_OR_MODERATOR,
    "move_card": AUTHOR_OR_MODERATOR,  # the author moves their own card (issue 14)
    "delete_card": AUTHOR_OR_MODERATOR,
    "support": PARTICIPANTS_OF_A,
    "remove_support": PARTICIPANTS_OF_A,
    "commit": PARTICIPANTS_OF_A,
    "withdraw": PARTICIPANTS_OF_A,
    "list_commitments": MODERATORS_OF_A,
    "post_comment": MEMBERS_OF_A,
    "delete_comment": AUTHOR_OR_MODERATOR,
    "hide_comment": MODERATORS_OF_A,
    "restore_comment": MODERATORS_OF_A,
    "approve_comment": MODERATORS_OF_A,
    "create_link": MEMBERS_OF_A,
    "delete_link": AUTHOR_OR_MODERATOR,
    "list_sdgs": set(ROLES),
}

_counter = itertools.count()


@pytest.fixture
def world(client):
    """Two workshops, the tokens of every role, and an actor card to link from."""
    a = create_workshop(client, title="A")
    b = create_workshop(client, title="B")
    tokens = {
        "nobody": None,
        "author_a": join(client, a)["token"],
        "participant_a": join(client, a)["token"],
        "participant_b": join(client, b)["token"],
        "facilitator_a": a["facilitator_token"],
        "facilitator_b": b["facilitator_token"],
        "organiser": ORGANISER_TOKEN,
    }
    return {"a": a, "tokens": tokens}


def _made_by_author(client, world, path: str, body: dict) -> dict:
    """Create something in workshop A as its author; return it."""
    answer = client.post(f"/api/v1/workshops/{world['a']['id']}{path}", json=body,
                         headers=bearer(world["tokens"]["author_a"]))
    assert answer.status_code in (200, 201), answer.get_json()
    return answer.get_json()


def request_for(client, world, action: str):
    """Prepare what ``action`` acts on (fresh each time); return (method, path, body)."""
    a, n = world["a"], next(_counter)
    base = f"/api/v1/workshops/{a['id']}"
    if action == "list_sdgs":
        return "get", "/api/v1/sdgs", None
    if action in ("create_link", "delete_link"):
        actor = _made_by_author(client, world, "/cards", card_body(a, f"a{n}", kind="actor"))
        target = _made_by_author(client, world, "/cards",
                                 card_body(a, f"t{n}", kind="initiative"))
        pair = {"actor_card_id": actor["id"], "target_card_id": target["id"]}
        if action == "create_link":
            return "post", f"{base}/links", pair
        made = _made_by_author(client, world, "/links", pair)
        return "delete", f"{base}/links/{made['id']}", None
    card = _made_by_author(client, world, "/cards", card_body(a, f"c{n}", kind="initiative"))
    cards = f"{base}/cards/{card['id']}"
    if "comment" in action and action != "post_comment":
        made = _made_by_author(client, world, f"/cards/{card['id']}/comments",
                               {"client_id": f"k{n}", "text": "Spørgsmål"})
        if action == "delete_comment":
            return "delete", f"{base}/comments/{made['id']}", None
        return "post", f"{base}/comments/{made['id']}/{action.split('_')[0]}", None
    return {
        "edit_card": ("patch", cards, {"text": "Ny tekst"}),
        "move_card": ("patch", cards, {"theme_id": a["themes"][1]["id"]}),
        "delete_card": ("delete", cards, None),
        "support": ("put", f"{cards}/support", {}),
        "remove_support": ("delete", f"{cards}/support", None),
        "commit": ("put", f"{cards}/commitment", {"consent": False}),
        "withdraw": ("delete", f"{cards}/commitment", None),
        "list_commitments": ("get", f"{cards}/commitments", None),
        "post_comment": ("post", f"{cards}/comments", {"client_id": f"p{n}", "text": "Hej"}),
    }[action]


def attempt(client, world, action: str, token: str | None) -> bool:
    """Try ``action`` with ``token``; return True if it was allowed."""
    method, path, body = request_for(client, world, action)
    response = getattr(client, method)(path, json=body,
                                       headers=bearer(token) if token else {})
    if response.status_code < 300:
        return True
    assert response.status_code in (401, 403), (action, response.status_code,
                                                response.get_json())
    assert response.get_json()["error"]["code"] in ("unauthorized", "forbidden")
    return False


@pytest.mark.parametrize("action", sorted(ALLOWED))
def test_exactly_the_allowed_roles_succeed(client, world, action):
    outcome = {role: attempt(client, world, action, world["tokens"][role]) for role in ROLES}
    assert {role for role, ok in outcome.items() if ok} == ALLOWED[action]
