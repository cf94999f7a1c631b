"""Delivery through a real ``python run.py`` (eventlet) and real Socket.IO clients."""

from __future__ import annotations

import threading
import time

import pytest
import socketio

from .helpers import card_body, create_workshop, join
from .phone import Phone
from .server import ServerProcess

pytestmark = pytest.mark.server

ADMIN = "server-test-organiser"
WORKSHOP = {"title": "Ensomhed", "themes": ["Fritid"]}


@pytest.fixture
def server(tmp_path):
    """A running server on a free loopback port."""
    process = ServerProcess(tmp_path / "instance", ADMIN).start()
    yield process
    process.stop()


def test_two_phones_live_then_catch_up_after_a_disconnect(server):
    workshop = create_workshop(server, **WORKSHOP)
    first = Phone(server, workshop["id"], join(server, workshop)["token"]).connect()
    second = Phone(server, workshop["id"], join(server, workshop)["token"]).connect()
    try:
        ack = first.post(card_body(workshop, "a1", "Spis sammen på biblioteket"))
        assert ack["ok"] is True and ack["card"]["seq"] == 1
        second.wait_for_seq(1)
        assert second.events[0]["type"] == "card.created"
        assert second.events[0]["data"]["text"] == "Spis sammen på biblioteket"

        first.disconnect()
        time.sleep(0.2)
        for n in range(3):
            assert second.post(card_body(workshop, f"b{n}", f"Kort {n}"))["ok"]
        first.connect()
        first.wait_for_seq(4)
        time.sleep(0.3)  # anything extra (a repeat, a stray event) would arrive now
        assert [e["seq"] for e in first.events] == [1, 2, 3, 4]
        assert [e["data"]["text"] for e in first.events[1:]] == ["Kort 0", "Kort 1", "Kort 2"]
    finally:
        first.disconnect()
        second.disconnect()


def test_a_bad_token_is_refused_by_the_real_server(server):
    workshop = create_workshop(server, **WORKSHOP)
    client = socketio.Client(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(server.url, auth={"workshop": workshop["id"], "token": "nope"},
                       transports=["websocket"], wait_timeout=5)


def test_pages_and_qr_are_served(server):
    workshop = create_workshop(server, **WORKSHOP)
    page = server.api("GET", f"/j/{workshop['join_code']}")
    assert page.status_code == 200 and "Ensomhed" in page.text
    qr = server.api("GET", f"/w/{workshop['id']}/qr.svg")
    assert qr.status_code == 200 and qr.headers["Content-Type"].startswith("image/svg+xml")
    client = server.api("GET", "/static/vendor/socket.io.min.js")
    assert client.status_code == 200 and len(client.content) > 10_000


def test_sockets_from_foreign_origins_are_refused(server):
    workshop = create_workshop(server, **WORKSHOP)
    auth = {"workshop": workshop["id"], "token": workshop["facilitator_token"]}

    def connects(origin: str) -> bool:
        """Try a connection that claims to come from a page at ``origin``."""
        client = socketio.Client(reconnection=False)
        try:
            # Polling: the websocket client would add an Origin header of its own.
            client.connect(server.url, auth=auth, transports=["polling"],
                           headers={"Origin": origin}, wait_timeout=5)
        except socketio.exceptions.ConnectionError:
            return False
        client.disconnect()
        return True

    assert not connects("http://evil.example")
    assert connects(server.url)  # the public URL and the page's own origin


def delivery_latencies(sender: Phone, receiver: Phone, workshop: dict, prefix: str,
                       count: int = 15) -> list[float]:
    """Post ``count`` cards one by one; return how long each took to reach ``receiver``."""
    latencies = []
    for n in range(count):
        started = time.monotonic()
        ack = sender.post(card_body(workshop, f"{prefix}{n}", f"Måling {n}"))
        assert ack["ok"], ack
        receiver.wait_for_seq(ack["card"]["seq"])
        latencies.append(time.monotonic() - started)
    return sorted(latencies)


def test_a_rendering_pdf_does_not_stall_the_board(server):
    workshop = create_workshop(server, **WORKSHOP)
    sender = Phone(server, workshop["id"], workshop["facilitator_token"]).connect()
    receiver = Phone(server, workshop["id"], join(server, workshop)["token"]).connect()
    try:
        for n in range(600):  # a big day: the report of these takes seconds to render
            body = card_body(workshop, f"bulk{n}", f"Kort nummer {n} " + "æøå " * 20)
            assert server.api("POST", f"/api/v1/workshops/{workshop['id']}/cards", ADMIN,
                              json=body).status_code == 201
        receiver.wait_for_seq(600, timeout=30)
        quiet = delivery_latencies(sender, receiver, workshop, "quiet")

        rendering = threading.Event()

        def render_report():
            """Download the full-day report: a long PDF render on the server."""
            rendering.set()
            response = server.api("GET", f"/api/v1/workshops/{workshop['id']}/report.pdf", ADMIN)
            assert response.status_code == 200

        downloader = threading.Thread(target=render_report)
        downloader.start()
        rendering.wait()
        time.sleep(0.3)  # the render is under way
        busy = delivery_latencies(sender, receiver, workshop, "busy")
        still_rendering = downloader.is_alive()
        downloader.join(120)
        assert still_rendering, "the render finished before the measurement: make it bigger"
        median_quiet, median_busy = quiet[len(quiet) // 2], busy[len(busy) // 2]
        # Generous: a render on the event loop would hold deliveries for seconds.
        assert median_busy < max(4 * median_quiet, median_quiet + 0.2), (quiet, busy)
        assert busy[-1] < 1.0, busy
    finally:
        sender.disconnect()
        receiver.disconnect()
