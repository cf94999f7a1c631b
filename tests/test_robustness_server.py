"""A real ``python run.py`` (eventlet): a locked SQLite file, and the server's own error answers."""

from __future__ import annotations

import json
import socket
import sqlite3
import threading
import time
from pathlib import Path

import pytest
import requests
import websocket

from .databases import ON_POSTGRES
from .server import ServerProcess

pytestmark = pytest.mark.server

ADMIN = "robustness-organiser"


@pytest.fixture
def server(tmp_path):
    """A running server on its own instance folder."""
    process = ServerProcess(tmp_path / "instance", ADMIN).start()
    yield process
    process.stop()


def create_workshop(server: ServerProcess) -> dict:
    """Create a workshop with one theme."""
    answer = server.api("POST", "/api/v1/workshops", ADMIN, json={"title": "Lås", "themes": ["A"]})
    assert answer.status_code == 201, answer.text
    return answer.json()


class SocketPing:
    """A live websocket to the server; ``ping()`` times one round trip over it.

    The round trip is a Socket.IO connect to a namespace that does not exist: the
    server refuses it at once, without the database, so the time it takes is the
    time the server's event loop needs to get to it.
    """

    def __init__(self, server: ServerProcess):
        """Open the websocket (Engine.IO handshake included)."""
        self.ws = websocket.create_connection(
            f"ws://127.0.0.1:{server.port}/socket.io/?EIO=4&transport=websocket", timeout=30)
        assert self.ws.recv().startswith("0")  # Engine.IO open

    def ping(self) -> float:
        """Return the seconds one round trip takes."""
        began = time.monotonic()
        self.ws.send("40/probe,")
        while True:
            message = self.ws.recv()
            if message.startswith("44/probe"):
                return time.monotonic() - began
            if message == "2":  # the server's own ping: answer it, as a client does
                self.ws.send("3")

    def close(self) -> None:
        """Close the websocket."""
        self.ws.close()


def timed_get(url: str) -> tuple[float, int]:
    """Return (seconds, status) of one GET."""
    began = time.monotonic()
    answer = requests.get(url, timeout=30)
    return time.monotonic() - began, answer.status_code


@pytest.mark.skipif(ON_POSTGRES, reason="locks the SQLite file (OPENSPACE_TEST_DATABASE)")
def test_a_locked_sqlite_file_answers_503_quickly_and_stalls_nobody(server):
    workshop = create_workshop(server)
    tokens = [server.api("POST", f"/api/v1/workshops/{workshop['id']}/participants",
                         json={"join_code": workshop["join_code"]}).json()["token"]
              for _ in range(4)]
    live = SocketPing(server)
    writes: list[tuple[float, int, str]] = []

    def write(n: int, token: str) -> None:
        """Post two cards while the file is locked; keep how long each answer took."""
        for attempt in range(2):
            began = time.monotonic()
            answer = requests.post(
                f"{server.url}/api/v1/workshops/{workshop['id']}/cards", timeout=60,
                headers={"Authorization": f"Bearer {token}"},
                json={"client_id": f"c{n}-{attempt}", "kind": "idea",
                      "theme_id": workshop["themes"][0]["id"], "text": "Under låsen"})
            writes.append((time.monotonic() - began, answer.status_code,
                           answer.json()["error"]["code"] if answer.status_code >= 400 else ""))

    # Another process (a backup tool, sqlite3 in a terminal) holds the file's write lock.
    locker = sqlite3.connect(Path(server.instance) / "openspace.sqlite3", isolation_level=None)
    try:
        locker.execute("BEGIN EXCLUSIVE")
        writers = [threading.Thread(target=write, args=(n, t)) for n, t in enumerate(tokens)]
        began = time.monotonic()
        for writer in writers:
            writer.start()
        health, pings = [], []
        while any(w.is_alive() for w in writers) and time.monotonic() - began < 60:
            health.append(timed_get(f"{server.url}/healthz"))
            pings.append(live.ping())
            time.sleep(0.05)
        for writer in writers:
            writer.join(60)
        took = time.monotonic() - began
    finally:
        locker.execute("ROLLBACK")
        locker.close()

    print(f"\n[robustness] locked SQLite: 8 writes answered in {took:.1f} s "
          f"(slowest {max(w[0] for w in writes):.2f} s); /healthz slowest "
          f"{max(h[0] for h in health):.3f} s of {len(health)}, socket ping slowest "
          f"{max(pings):.3f} s")
    assert [(status, code) for _, status, code in writes] == [(503, "unavailable")] * 8
    assert max(seconds for seconds, _, _ in writes) < 2.0
    assert took < 5.0  # four at a time, not one after another
    assert len(health) >= 3 and {status for _, status in health} == {200}
    assert max(seconds for seconds, _ in health) < 0.5
    assert max(pings) < 0.5

    # The lock is gone: writes go through again.
    answer = server.api("POST", f"/api/v1/workshops/{workshop['id']}/cards", tokens[0], json={
        "client_id": "after", "kind": "idea", "theme_id": workshop["themes"][0]["id"],
        "text": "Efter låsen"})
    assert answer.status_code == 201, answer.text
    live.close()


# --- the server's own refusals, before the application runs -----------------------------------


def raw_request(server: ServerProcess, data: bytes) -> tuple[int, dict, bytes]:
    """Send ``data`` as one request on a new connection; return (status, headers, body)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as connection:
        connection.sendall(data)
        received = b""
        while True:
            try:
                chunk = connection.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value.strip() for name, _, value in
               (line.partition(":") for line in lines[1:])}
    return int(lines[0].split()[1]), headers, body


API_GET = b"GET /api/v1/workshops HTTP/1.1\r\nHost: x\r\n"
REFUSALS = {
    "request line too long": (b"GET /api/v1/" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
                              414, "too_large"),
    "header line too long": (API_GET + b"X-Long: " + b"a" * 9000 + b"\r\n\r\n", 431,
                             "too_large"),
    "headers too large": (API_GET + b"".join(b"X-H%d: %s\r\n" % (n, b"a" * 7000)
                                             for n in range(12)) + b"\r\n", 431, "too_large"),
    "negative content length": (b"POST /api/v1/workshops HTTP/1.1\r\nHost: x\r\n"
                                b"Content-Length: -1\r\n\r\n", 400, "bad_request"),
    "length and chunked": (b"POST /api/v1/workshops HTTP/1.1\r\nHost: x\r\nContent-Length: 3"
                           b"\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400, "bad_request"),
    "bad request line": (b"HELLO THERE\r\n\r\n", 400, "bad_request"),
    "unknown version": (b"GET /api/v1/workshops HTTP/3.7\r\nHost: x\r\n\r\n", 505,
                        "bad_request"),
}


@pytest.mark.parametrize("name", list(REFUSALS))
def test_the_servers_own_refusals_are_the_contracts_json(server, name):
    data, status, code = REFUSALS[name]
    answer_status, headers, body = raw_request(server, data)
    assert answer_status == status, body
    assert headers["content-type"].startswith("application/json"), headers
    assert int(headers["content-length"]) == len(body)
    error = json.loads(body)["error"]
    assert error["code"] == code and error["message"].strip()
    # Danish by default (OPENSPACE_DEFAULT_LANGUAGE), like the pages.
    assert error["message"] in ("Forespørgslen er for stor.",
                                "Serveren kunne ikke læse forespørgslen.")
    assert headers.get("cache-control") == "no-store"
    # The server goes on serving, and an ordinary answer is untouched.
    assert requests.get(f"{server.url}/healthz", timeout=5).json() == {"status": "ok"}
    assert requests.get(f"{server.url}/api/v1/workshops", timeout=5).status_code == 401
