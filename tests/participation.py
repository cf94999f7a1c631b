"""Helpers for the participant toolkit tests: calls, settings, a board built through services."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import update

from openspace.models import Workshop
from openspace.services import cards, participants, workshops
from openspace.services.access import FACILITATOR, PARTICIPANT, Actor

from .conftest import bearer, card_body


def base(workshop: dict) -> str:
    """Return the API path of ``workshop``."""
    return f"/api/v1/workshops/{workshop['id']}"


def call(client, method: str, path: str, token: str | None = None, body=None):
    """Call the API with ``token``; return the response."""
    headers = bearer(token) if token else {}
    return getattr(client, method)(path, json=body, headers=headers)


def post_card(client, workshop: dict, token: str, client_id: str, kind: str = "idea",
              text: str = "Fællesspisning", **extra) -> dict:
    """Post a card and return it (201 or 200 expected)."""
    response = call(client, "post", base(workshop) + "/cards", token,
                    {**card_body(workshop, client_id, text=text, kind=kind), **extra})
    assert response.status_code in (200, 201), response.get_json()
    return response.get_json()


def set_settings(database, workshop_id: str, **fields) -> None:
    """Change the workshop's board settings directly (part B owns the endpoint for it)."""
    with database.write() as session:
        session.execute(update(Workshop).where(Workshop.id == workshop_id).values(**fields))


def events_of(client, workshop: dict, token: str, after: int = 0) -> list[dict]:
    """Return the events ``token`` receives from ``GET /events``."""
    response = call(client, "get", base(workshop) + f"/events?after={after}", token)
    assert response.status_code == 200
    return response.get_json()["events"]


def socket_events(socket_client) -> list[dict]:
    """Return the ``event`` messages a Socket.IO test client has received so far."""
    return [m["args"][0] for m in socket_client.get_received() if m["name"] == "event"]


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
