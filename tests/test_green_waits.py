"""A request waiting on PostgreSQL never holds the server, under eventlet and gevent alike.

A real ``run.py`` on PostgreSQL. The test holds the workshop's row lock from
its own connection, so a card posted to that workshop waits for it; meanwhile
``/healthz`` and a phone of another workshop posting a card (an acknowledged
socket event) answer within 300 ms. Once the lock is let go, the waiting card
is stored. Without a cooperative wait in psycopg2 (gevent's monkey patching
does not make one), the waiting post blocked the whole process.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import psycopg2
import pytest
from sqlalchemy.engine import make_url

from .conftest import need
from .databases import POSTGRES_URL, fresh_postgres_database, postgres_available
from .helpers import card_body, create_workshop, join
from .phone import Phone
from .server import ROOT, ServerProcess

pytestmark = [pytest.mark.server, pytest.mark.services]

ADMIN = "green-waits-organiser"
ANSWER_WITHIN = 0.3


@pytest.mark.parametrize("mode", ["eventlet", "gevent"])
def test_a_post_waiting_on_a_row_lock_holds_nothing_else(tmp_path, mode):
    need(postgres_available(), "PostgreSQL is not reachable at " + POSTGRES_URL)
    with fresh_postgres_database() as url:
        server = ServerProcess(tmp_path / "instance", ADMIN, env={
            "OPENSPACE_DATABASE_URL": url, "OPENSPACE_ASYNC_MODE": mode,
            "OPENSPACE_RATE_LIMITS": "off"}).start(timeout=60)
        locker = None
        try:
            busy, calm = create_workshop(server), create_workshop(server)
            waiting_token = join(server, busy)["token"]
            phone = Phone(server, calm["id"], join(server, calm)["token"]).connect()
            assert phone.post(card_body(calm, "warm-up", "Først"))["ok"]

            parsed = make_url(url)
            locker = psycopg2.connect(host=parsed.host, port=parsed.port, user=parsed.username,
                                      dbname=parsed.database)
            with locker.cursor() as cursor:  # holds the row until rollback
                cursor.execute("SELECT id FROM workshops WHERE id = %s FOR UPDATE", (busy["id"],))

            answered = {}

            def post_to_the_locked_workshop():
                """Post a card that must wait for the row lock."""
                answered["response"] = server.api(
                    "POST", f"/api/v1/workshops/{busy['id']}/cards", waiting_token,
                    json=card_body(busy, "waits", "Venter på låsen"))

            poster = threading.Thread(target=post_to_the_locked_workshop)
            poster.start()
            time.sleep(0.5)  # the post is now waiting on the lock inside the server
            assert "response" not in answered, "the post did not wait for the lock"

            for attempt in range(3):
                started = time.monotonic()
                health = server.api("GET", "/healthz")
                health_took = time.monotonic() - started
                started = time.monotonic()
                ack = phone.post(card_body(calm, f"meanwhile-{attempt}", "Imens"), timeout=10)
                ack_took = time.monotonic() - started
                assert health.status_code == 200 and ack["ok"], (health.text, ack)
                assert health_took < ANSWER_WITHIN, f"/healthz took {health_took:.2f} s"
                assert ack_took < ANSWER_WITHIN, f"the acknowledgement took {ack_took:.2f} s"
            assert "response" not in answered  # still waiting: the lock is still held

            locker.rollback()
            poster.join(timeout=30)
            assert answered["response"].status_code == 201, answered["response"].text
            phone.disconnect()
        finally:
            if locker is not None:
                locker.close()
            server.stop()


@pytest.mark.parametrize("mode", ["eventlet", "gevent"])
def test_the_wait_works_past_1024_open_files(mode):
    # A server with 2000 phones has sockets numbered past select()'s limit of 1024:
    # the database's socket then comes after them, and the wait must still work.
    need(postgres_available(), "PostgreSQL is not reachable at " + POSTGRES_URL)
    parsed = make_url(POSTGRES_URL)
    dsn = f"host={parsed.host} port={parsed.port} user={parsed.username} dbname={parsed.database}"
    code = f"""
import os, resource, sys
sys.path.insert(0, {str(ROOT)!r})
from run import patch
patch({mode!r})
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 4096), hard))
held = [os.open(os.devnull, os.O_RDONLY) for _ in range(1100)]
import psycopg2
connection = psycopg2.connect({dsn!r})
assert connection.fileno() > 1024, connection.fileno()
cursor = connection.cursor()
cursor.execute("SELECT 41 + 1")
print(cursor.fetchone()[0])
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, cwd=ROOT)
    assert result.stdout.strip() == "42", result.stderr[-2000:]
