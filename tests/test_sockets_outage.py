"""A socket connecting while the database is down is refused, then gets in (issue 18, point 9).

A real ``run.py`` on PostgreSQL reached through a TCP proxy in the test: cutting
the proxy is the outage, without touching the machine's PostgreSQL.
"""

from __future__ import annotations

import time

import pytest

from .conftest import need
from .databases import POSTGRES_URL, fresh_postgres_database, postgres_available
from .helpers import card_body, create_workshop, join
from .phone import Phone
from .server import ServerProcess
from .tcp_proxy import in_front_of

pytestmark = [pytest.mark.server, pytest.mark.services]

ADMIN = "outage-organiser"


@pytest.fixture
def outage(tmp_path):
    """A server whose PostgreSQL is behind a proxy the test can cut: (server, proxy)."""
    need(postgres_available(), "PostgreSQL is not reachable at " + POSTGRES_URL)
    with fresh_postgres_database() as url:
        proxy, proxied = in_front_of(url)
        server = ServerProcess(tmp_path / "instance", ADMIN,
                               env={"OPENSPACE_DATABASE_URL": proxied}).start(timeout=60)
        try:
            yield server, proxy
        finally:
            server.stop()
            proxy.cut()


def test_a_connect_during_an_outage_is_refused_as_unavailable_then_succeeds(outage):
    server, proxy = outage
    workshop = create_workshop(server)
    author = join(server, workshop)
    wall = Phone(server, workshop["id"], workshop["facilitator_token"], view="projector")
    wall.connect().disconnect()

    proxy.cut()
    # Nothing can be checked: a junk token, an unknown workshop and the wall's
    # own token are all refused, and told to try again, never let in.
    for workshop_id, token in ((workshop["id"], "junk-token"),
                               ("no-such-workshop", workshop["facilitator_token"]),
                               (workshop["id"], workshop["facilitator_token"])):
        refusal = Phone(server, workshop_id, token, view="projector").try_connect()
        assert refusal is not None, f"accepted during the outage: {workshop_id}, {token}"
        assert refusal["code"] == "unavailable", refusal

    proxy.restore()
    deadline = time.monotonic() + 15
    while (refusal := wall.try_connect()) is not None:  # the client's retry, with back-off
        assert refusal["code"] == "unavailable" and time.monotonic() < deadline, refusal
        time.sleep(0.5)
    try:
        response = server.api("POST", f"/api/v1/workshops/{workshop['id']}/cards",
                              author["token"], json=card_body(workshop, "after-the-outage"))
        assert response.status_code == 201, response.text
        wall.wait(lambda: response.json()["seq"] in wall.seqs, "the card on the wall")
    finally:
        wall.disconnect()
