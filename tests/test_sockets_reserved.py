"""Reserved event names, the online count and the cap of sockets per token (issue 18, point 8).

A real ``run.py`` and real python-socketio clients, which, unlike a browser,
may emit events named ``connect`` and ``disconnect``.
"""

from __future__ import annotations

import time

import pytest

from .helpers import card_body, create_workshop, join
from .phone import Phone
from .server import ServerProcess

pytestmark = pytest.mark.server

ADMIN = "reserved-organiser"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One server for the module (SQLite), with its default caps."""
    process = ServerProcess(tmp_path_factory.mktemp("reserved") / "instance", ADMIN,
                            env={"OPENSPACE_RATE_LIMITS": "off"}).start()
    yield process
    process.stop()


def test_emitted_connect_and_disconnect_events_change_nothing(server):
    workshop = create_workshop(server)
    author = join(server, workshop)
    assert server.api("POST", f"/api/v1/workshops/{workshop['id']}/cards", author["token"],
                      json=card_body(workshop, "first")).status_code == 201
    phone = Phone(server, workshop["id"], join(server, workshop)["token"]).connect()
    later = Phone(server, workshop["id"], join(server, workshop)["token"])
    try:
        phone.wait(lambda: phone.seqs == [1], "the backlog")
        for _ in range(200):  # as a connect handler would be called: (environ, auth)
            phone.client.emit("connect", (None, phone.auth))
        phone.client.emit("disconnect", "client namespace disconnect")
        # The socket is still itself: it may post, and nothing was replayed to it.
        ack = phone.client.call("card:create", card_body(workshop, "after"), timeout=10)
        assert ack["ok"] is True, ack
        time.sleep(0.5)
        assert phone.seqs == [1, 2]

        later.connect()
        later.wait(lambda: later.presence, "the online count")
        assert later.presence[0] == 2  # was 202 before the fix
        phone.disconnect()
        later.wait(lambda: later.presence[-1] == 1, "the count to come down")
    finally:
        phone.disconnect()
        later.disconnect()


def test_one_token_opens_a_bounded_number_of_sockets(server):
    workshop = create_workshop(server)
    token = join(server, workshop)["token"]
    phones = [Phone(server, workshop["id"], token) for _ in range(21)]
    moderators = [Phone(server, workshop["id"], workshop["facilitator_token"],
                        **({"view": "projector"} if n == 0 else {})) for n in range(51)]
    try:
        for phone in phones[:20]:
            phone.connect()
        refusal = phones[20].try_connect()
        assert refusal is not None and refusal["code"] == "too_many_connections", refusal
        assert "skærme" in refusal["message"]  # the workshop's language: Danish
        phones[0].disconnect()
        time.sleep(0.3)
        assert phones[20].try_connect() is None  # a closed tab frees its place

        # The facilitator's link opens more: projector, laptop, phones of co-facilitators.
        for phone in moderators[:50]:
            phone.connect()
        refusal = moderators[50].try_connect()
        assert refusal is not None and refusal["code"] == "too_many_connections", refusal
        counter = Phone(server, workshop["id"], join(server, workshop)["token"], lang="en")
        phones.append(counter)
        counter.connect().wait(lambda: counter.presence, "the online count")
        assert counter.presence[0] == 20 + 50 + 1
    finally:
        for phone in phones + moderators:
            phone.disconnect()


def test_presence_counts_each_socket_once_and_caps_each_holder():
    from openspace.realtime import Connection, Presence
    from openspace.services.access import PARTICIPANT, Actor

    class Quiet:
        """A Socket.IO stand-in that starts no sender task."""

        def start_background_task(self, target):
            """Start nothing: the test reads the counts directly."""

    presence = Presence(Quiet())
    phone = Connection(Actor(PARTICIPANT, "w1", "p1"), "da")
    assert presence.add("sid-1", phone, "token-1", 2) == 1
    assert presence.add("sid-1", phone, "token-1", 2) == 1  # the same socket again
    assert presence.add("sid-2", phone, "token-1", 2) == 2
    assert presence.add("sid-3", phone, "token-1", 2) is None  # over the token's cap
    assert presence.add("sid-4", phone, "token-2", 2) == 3  # another token is not held back
    presence.remove("sid-1")
    presence.remove("sid-1")  # gone already: changes nothing
    assert presence.count("w1") == 2
    assert presence.add("sid-3", phone, "token-1", 2) == 3  # a place came free
