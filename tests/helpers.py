"""The tests' one set of helpers: workshops, participants and cards over the API, and a board
built through the services.

``create_workshop``, ``join`` and ``post_card`` take either a Flask test client
or a real server: anything with ``api(method, path, token, json=...)`` and
``admin_token``, as :class:`tests.server.ServerProcess`. The socket side of a
phone is :class:`tests.phone.Phone`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import update

from openspace.db import get_db
from openspace.documents import documents_of
from openspace.models import Workshop
from openspace.services import cards, participants, workshops
from openspace.services.access import FACILITATOR, PARTICIPANT, Actor

#: The organiser token of the test apps (``ADMIN_TOKEN``).
ORGANISER_TOKEN = "organiser-test-token"


def bearer(token: str) -> dict:
    """Return the Authorization header for ``token``."""
    return {"Authorization": f"Bearer {token}"}


ORGANISER = bearer(ORGANISER_TOKEN)


def get_db_of(app):
    """Return the database of ``app``."""
    with app.app_context():
        return get_db()


def base(workshop: dict) -> str:
    """Return the API path of ``workshop``."""
    return f"/api/v1/workshops/{workshop['id']}"


def call(client, method: str, path: str, token: str | None = None, body=None):
    """Call the API of a Flask test client with ``token``; return the response."""
    headers = bearer(token) if token else {}
    return getattr(client, method)(path, json=body, headers=headers)


def _is_server(target) -> bool:
    """True for a real server (``ServerProcess`` or a stand-in), False for a test client."""
    return hasattr(target, "api")


def _post(target, path: str, token: str | None, body: dict) -> tuple[int, object]:
    """POST ``body`` to a Flask test client or a real server; return the status and the JSON."""
    if _is_server(target):
        response = target.api("POST", path, token, json=body)
        try:
            return response.status_code, response.json()
        except ValueError:
            return response.status_code, response.text
    response = call(target, "post", path, token, body)
    return response.status_code, response.get_json()


def create_workshop(target, **overrides) -> dict:
    """Create a workshop as the organiser (on a test client or a server); return the answer."""
    body = {
        "title": "Ensomhed blandt unge",
        "vision": "Ingen unge skal stå alene.",
        "language": "da",
        "themes": ["Fritid", "Skole", "Digitalt liv"],
    }
    body.update(overrides)
    token = target.admin_token if _is_server(target) else ORGANISER_TOKEN
    status, answer = _post(target, "/api/v1/workshops", token, body)
    assert status == 201, answer
    return answer


def join(target, workshop: dict, name: str | None = None, device: str | None = None) -> dict:
    """Join ``workshop`` as a participant and return ``{"participant_id", "token"}``.

    ``device`` is the browser's id, as the phone page sends it.
    """
    body = {"join_code": workshop["join_code"]}
    if name is not None:
        body["name"] = name
    if device is not None:
        body["device"] = device
    status, answer = _post(target, base(workshop) + "/participants", None, body)
    assert status == 201, answer
    return answer


def card_body(workshop: dict, client_id: str = "c-1", text: str = "Fællesspisning på skolen",
              kind: str = "idea", theme: int = 0) -> dict:
    """Return a card body (``POST …/cards`` and ``card:create``) for ``workshop``."""
    return {"client_id": client_id, "kind": kind, "theme_id": workshop["themes"][theme]["id"],
            "text": text}


def post_card(target, workshop: dict, token: str, client_id: str, kind: str = "idea",
              text: str = "Fællesspisning", theme: int = 0, **extra) -> dict:
    """Post a card over HTTP and return it (201 or 200 expected)."""
    body = {**card_body(workshop, client_id, text=text, kind=kind, theme=theme), **extra}
    status, answer = _post(target, base(workshop) + "/cards", token, body)
    assert status in (200, 201), answer
    return answer


def events_of(client, workshop: dict, token: str, after: int = 0) -> list[dict]:
    """Return the events ``token`` receives from ``GET /events``."""
    response = call(client, "get", base(workshop) + f"/events?after={after}", token)
    assert response.status_code == 200
    return response.get_json()["events"]


def socket_events(socket_client) -> list[dict]:
    """Return the ``event`` messages a Socket.IO test client has received so far."""
    return [m["args"][0] for m in socket_client.get_received() if m["name"] == "event"]


def set_settings(database, workshop_id: str, **fields) -> None:
    """Change the workshop's board settings directly in the database."""
    with database.write() as session:
        session.execute(update(Workshop).where(Workshop.id == workshop_id).values(**fields))


@dataclass
class ServiceBoard:
    """A workshop built through the services on a bare database (no Flask app)."""

    workshop_id: str
    facilitator: Actor
    people: list[Actor]
    card_ids: list[str]


def build_board(database, people: int = 2, card_count: int = 6, kind: str = "idea",
                **settings) -> ServiceBoard:
    """Create a workshop, ``people`` participants and ``card_count`` cards through the services."""
    with database.write() as session:
        created = workshops.create_workshop(session, {"title": "Kapløb", "themes": ["Fritid"]})
        workshop = created.workshop
        workshop_id, theme_id, code = workshop.id, workshop.themes[0].id, workshop.join_code
        for name, value in settings.items():
            setattr(workshop, name, value)
    actors = []
    for n in range(people):
        with database.write() as session:
            joined = participants.join(session, workshop_id, {"join_code": code, "name": f"P{n}"})
            actors.append(Actor(PARTICIPANT, workshop_id, joined.participant.id))
    facilitator = Actor(FACILITATOR, workshop_id)
    card_ids = []
    for n in range(card_count):
        with database.write() as session:
            result = cards.post_card(session, facilitator, {
                "client_id": f"seed-{n}", "kind": kind, "theme_id": theme_id,
                "text": f"Kort {n}"})
            card_ids.append(result.body["id"])
    return ServiceBoard(workshop_id, facilitator, actors, card_ids)


def count_report_renders(app, monkeypatch, pause: float = 0.0) -> list:
    """Count the app's renders of the day's report (each still made for real) in the list
    returned; ``pause`` slows each one, so that concurrent askers are all waiting."""
    documents, renders = documents_of(app), []
    real = documents.report_pdf

    def counted(*args, **kwargs):
        """Render for real, and count it."""
        renders.append(1)
        time.sleep(pause)
        return real(*args, **kwargs)

    monkeypatch.setattr(documents, "report_pdf", counted)
    return renders
