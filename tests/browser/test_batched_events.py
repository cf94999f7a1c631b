"""The phone page and the projector take a busy room's ``events`` lists (issue 15 point 3):
every card of a burst shows, once, in a real Chromium."""

from __future__ import annotations

import pytest
import socketio

from ..helpers import ORGANISER_TOKEN, card_body, create_workshop
from ..server import ServerProcess
from .conftest import PHONE, PROJECTOR
from .pages import expect, open_projector, phone_card, projector_card

pytestmark = [pytest.mark.server, pytest.mark.services]


@pytest.fixture
def busy_server(tmp_path):
    """A server that batches from the first socket on (a big room's behaviour, small)."""
    server = ServerProcess(tmp_path / "instance", ORGANISER_TOKEN, env={
        "OPENSPACE_RATE_LIMITS": "off", "OPENSPACE_FANOUT_BATCH_FROM": "0"}).start()
    yield server
    server.stop()


def test_a_burst_shows_every_card_once_on_the_phone_and_the_wall(open_context, busy_server):
    workshop = create_workshop(busy_server, title="Den store sal", themes=["Fritid"])
    phone_context = open_context(**PHONE, locale="da-DK")
    phone = phone_context.new_page()
    phone_frames: list[str] = []
    phone.on("websocket", lambda ws: ws.on(
        "framereceived", lambda frame: phone_frames.append(frame if isinstance(frame, str)
                                                           else "")))
    phone.goto(workshop["join_url"])
    expect(phone.locator("#conn")).to_have_attribute("data-state", "connected")
    wall = open_projector(open_context(**PROJECTOR), busy_server, workshop)
    poster = socketio.Client(reconnection=False)
    poster.connect(busy_server.url, auth={"workshop": workshop["id"],
                                          "token": workshop["facilitator_token"]},
                   transports=["websocket"], wait_timeout=10)
    try:
        texts = [f"Idé nummer {n} fra salen" for n in range(1, 26)]
        for n, text in enumerate(texts):
            poster.emit("card:create", card_body(workshop, f"burst-{n}", text))
        for text in texts:
            expect(phone_card(phone, text)).to_have_count(1, timeout=30_000)
            expect(projector_card(wall, text)).to_have_count(1, timeout=30_000)
        expect(phone.locator("#cards .card")).to_have_count(25, timeout=30_000)
        # The page announced `batch` and got lists: the burst did not come one by one.
        assert any(frame.startswith('42["events"') for frame in phone_frames), phone_frames[-5:]
    finally:
        poster.disconnect()
