"""The real projector page through a database outage (issue 18, point 9)."""

from __future__ import annotations

import time

import pytest

from ..helpers import card_body, create_workshop, join
from ..tcp_proxy import TcpProxy
from ..test_sockets_outage import outage  # noqa: F401 - the fixture
from .pages import expect, projector_card

pytestmark = [pytest.mark.server, pytest.mark.services]


def test_a_projector_that_reconnects_during_an_outage_comes_back_by_itself(
        outage, open_context):  # noqa: F811 - the fixture imported above
    """The real projector page: its socket drops while the database is down, and it returns."""
    server, database = outage
    workshop = create_workshop(server)
    author = join(server, workshop)
    # The browser reaches the server through a second proxy, to drop its socket at will.
    front = TcpProxy(("127.0.0.1", server.port)).start()
    try:
        page = open_context(viewport={"width": 1280, "height": 800}).new_page()
        page.goto(f"http://127.0.0.1:{front.port}/f/{workshop['id']}/projector"
                  f"#token={workshop['facilitator_token']}")
        status = page.locator("#conn")
        expect(status).to_have_attribute("data-state", "connected")

        database.cut()
        front.cut()  # the wall's Wi-Fi blinks during the outage
        expect(status).not_to_have_attribute("data-state", "connected")
        front.restore()
        time.sleep(4)  # it reaches the server again, which cannot check its token
        expect(status).to_have_attribute("data-state", "reconnecting")

        database.restore()
        expect(status).to_have_attribute("data-state", "connected", timeout=30_000)
        response = server.api("POST", f"/api/v1/workshops/{workshop['id']}/cards",
                              author["token"],
                              json=card_body(workshop, "back", text="Vi er tilbage"))
        assert response.status_code == 201, response.text
        expect(projector_card(page, "Vi er tilbage")).to_have_count(1)
    finally:
        front.cut()
