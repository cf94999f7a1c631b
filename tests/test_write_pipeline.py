"""The write pipeline's declared counting: which of a participant's writes use up their limit.

With a limit of one write a minute, a participant posts one card; then each
route either answers 429 (it counts) or goes through (it does not: taking
something back, renaming oneself and deleting one's own data never count).
"""

from __future__ import annotations

import pytest

from openspace import create_app

from .conftest import ORGANISER_TOKEN, PUBLIC_URL, bearer, card_body, create_workshop, join


@pytest.fixture
def board(tmp_path):
    """A workshop on an app that allows one write a minute, with an initiative, an actor card,
    a facilitator's comment and a facilitator's link."""
    app = create_app({
        "TESTING": True, "INSTANCE_PATH": str(tmp_path / "one-a-minute"),
        "ADMIN_TOKEN": ORGANISER_TOKEN, "PUBLIC_URL": PUBLIC_URL, "ASYNC_MODE": "threading",
        "RATE_LIMIT_RULES": {"post": "1/minute"},
    })
    client = app.test_client()
    workshop = create_workshop(client)
    base = f"/api/v1/workshops/{workshop['id']}"
    fac = bearer(workshop["facilitator_token"])
    initiative = client.post(f"{base}/cards", headers=fac, json=card_body(
        workshop, "i", kind="initiative")).get_json()["id"]
    actor = client.post(f"{base}/cards", headers=fac, json=card_body(
        workshop, "a", kind="actor")).get_json()["id"]
    comment = client.post(f"{base}/cards/{initiative}/comments", headers=fac,
                          json={"client_id": "k", "text": "Hvornår?"}).get_json()["id"]
    link = client.post(f"{base}/links", headers=fac, json={
        "actor_card_id": actor, "target_card_id": initiative}).get_json()["id"]
    return {"client": client, "workshop": workshop, "base": base, "initiative": initiative,
            "actor": actor, "comment": comment, "link": link}


# (method, path, body); "{own}" is the card the participant posted first, "{theme}" a theme.
COUNTED = [
    ("post", "/cards", {"client_id": "second", "kind": "idea", "text": "Endnu en",
                        "theme_id": "{theme}"}),
    ("patch", "/cards/{own}", {"text": "Rettet"}),
    ("put", "/cards/{initiative}/support", None),
    ("put", "/cards/{initiative}/commitment", {"name": "Sofie"}),
    ("post", "/cards/{initiative}/comments", {"client_id": "k2", "text": "Godt!"}),
    ("post", "/links", {"actor_card_id": "{actor}", "target_card_id": "{initiative}"}),
]
NOT_COUNTED = [
    ("delete", "/cards/{initiative}/support", None, 200),
    ("delete", "/cards/{initiative}/commitment", None, 200),
    ("patch", "/participants/me", {"name": "Sofie"}, 200),
    ("delete", "/comments/{comment}", None, 403),
    ("delete", "/links/{link}", None, 403),
    ("delete", "/participants/me/cards/{own}", None, 200),
    ("delete", "/cards/{own}", None, 200),
    ("delete", "/participants/me", None, 200),
]


def _fill(value, names: dict):
    """Put the board's ids into a path or a body."""
    if isinstance(value, str):
        return value.format(**names)
    if isinstance(value, dict):
        return {key: _fill(item, names) for key, item in value.items()}
    return value


def _after_one_post(board, method: str, path: str, body):
    """Join, post one card (the minute's write), then call the route; return the answer."""
    client, workshop = board["client"], board["workshop"]
    token = bearer(join(client, workshop)["token"])
    own = client.post(f"{board['base']}/cards", headers=token,
                      json=card_body(workshop, "first")).get_json()["id"]
    names = {**board, "own": own, "theme": workshop["themes"][0]["id"]}
    return getattr(client, method)(board["base"] + _fill(path, names), headers=token,
                                   json=_fill(body, names))


@pytest.mark.parametrize(("method", "path", "body"), COUNTED)
def test_a_participants_writes_count_against_their_limit(board, method, path, body):
    answer = _after_one_post(board, method, path, body)
    assert answer.status_code == 429, answer.get_json()
    assert answer.get_json()["error"]["code"] == "rate_limited"


@pytest.mark.parametrize(("method", "path", "body", "status"), NOT_COUNTED)
def test_taking_back_renaming_and_deleting_own_data_never_count(board, method, path, body,
                                                                  status):
    assert _after_one_post(board, method, path, body).status_code == status
