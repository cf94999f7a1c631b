"""Deleting a participant or a workshop closes their sockets on every process (issue 18, point 10).

Two real ``run.py`` processes sharing PostgreSQL and a Redis message queue; and
a socket whose participant is gone gets a lasting answer, never "try again".
"""

from __future__ import annotations

import time

import pytest

from openspace.services import privacy
from openspace.services.access import PARTICIPANT, Actor

from .helpers import card_body, create_workshop, get_db_of, join
from .phone import Phone
from .test_multiprocess import ADMIN, servers  # noqa: F401 - the two-server fixture

CLOSED_WITHIN_SECONDS = 2


def closed_in_time(phone: Phone) -> float:
    """Return how long ``phone`` took to be disconnected by the server (fail beyond the limit)."""
    start = time.monotonic()
    assert phone.disconnected.wait(CLOSED_WITHIN_SECONDS), "the socket stayed open"
    return time.monotonic() - start


@pytest.mark.server
@pytest.mark.services
def test_deleting_a_participant_closes_their_sockets_on_the_other_process(servers):  # noqa: F811
    first, second = servers
    workshop = create_workshop(first)
    leaving, staying = join(first, workshop), join(first, workshop)
    there = Phone(second, workshop["id"], leaving["token"]).connect()
    here = Phone(first, workshop["id"], leaving["token"]).connect()
    other = Phone(second, workshop["id"], staying["token"]).connect()
    try:
        response = first.api("DELETE", f"/api/v1/workshops/{workshop['id']}/participants/me",
                             leaving["token"])
        assert response.status_code == 200, response.text
        closed_in_time(there)
        closed_in_time(here)
        time.sleep(0.3)
        assert other.client.connected and not other.disconnected.is_set()
        refusal = Phone(second, workshop["id"], leaving["token"]).try_connect()
        assert refusal is not None and refusal["code"] == "forbidden", refusal
    finally:
        for phone in (there, here, other):
            phone.disconnect()


@pytest.mark.server
@pytest.mark.services
def test_deleting_a_workshop_closes_every_socket_of_it_on_the_other_process(servers):  # noqa: F811
    first, second = servers
    workshop = create_workshop(first)
    kept = create_workshop(first, title="Bliver")
    phones = [Phone(second, workshop["id"], join(first, workshop)["token"]),
              Phone(second, workshop["id"], workshop["facilitator_token"]),
              Phone(second, workshop["id"], workshop["facilitator_token"], view="projector")]
    elsewhere = Phone(second, kept["id"], join(first, kept)["token"]).connect()
    for phone in phones:
        phone.connect()
    try:
        response = first.api("DELETE", f"/api/v1/workshops/{workshop['id']}", ADMIN)
        assert response.status_code == 200, response.text
        for phone in phones:
            closed_in_time(phone)
        assert elsewhere.client.connected and not elsewhere.disconnected.is_set()
    finally:
        for phone in (*phones, elsewhere):
            phone.disconnect()


def test_a_socket_whose_participant_is_gone_gets_a_lasting_error(
        app, client, workshop, socket_client_factory):
    """A socket that outlived its participant (its close never arrived) is told so, for good."""
    person = join(client, workshop)
    phone = socket_client_factory(workshop["id"], person["token"])
    assert phone.is_connected()
    # Deleted as on another process: this process's sockets are not told.
    with get_db_of(app).write() as session:
        privacy.delete_me(session, Actor(PARTICIPANT, workshop["id"], person["participant_id"]))

    ack = phone.emit("card:create", card_body(workshop, "too-late"), callback=True)
    assert ack["ok"] is False
    assert ack["error"]["code"] == "forbidden", ack  # not "unavailable": no retrying forever
    assert "ikke længere med" in ack["error"]["message"]
