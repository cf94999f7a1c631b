"""Helpers for the socket security tests: a recording phone, a cuttable TCP proxy, the API."""

from __future__ import annotations

import contextlib
import select
import socket
import threading

import socketio

from .server import ServerProcess, free_port


class Phone:
    """A python-socketio client over websocket that records what the server sends it.

    Unlike a browser, it may send anything, reserved event names included.
    """

    def __init__(self, server: ServerProcess, workshop_id: str, token: str, **auth):
        """Prepare a client of ``server`` for ``workshop_id`` (extra ``auth`` members too)."""
        self.server, self.workshop_id, self.token = server, workshop_id, token
        self.auth = {"workshop": workshop_id, "token": token, "last_seq": 0, **auth}
        self.seqs: list[int] = []
        self.presence: list[int] = []
        self.refusal: dict | None = None
        self.disconnected = threading.Event()
        self.changed = threading.Condition()
        self.client = socketio.Client(reconnection=False)
        self.client.on("event", self._on_event)
        self.client.on("presence", self._on_presence)
        self.client.on("connect_error", self._on_refused)
        self.client.on("disconnect", lambda *reason: self.disconnected.set())

    def _on_event(self, event: dict) -> None:
        """Record an event's seq as it came (repeats too: the tests count them)."""
        with self.changed:
            self.seqs.append(event["seq"])
            self.changed.notify_all()

    def _on_presence(self, body: dict) -> None:
        """Record an online count."""
        with self.changed:
            self.presence.append(body["connected"])
            self.changed.notify_all()

    def _on_refused(self, data=None) -> None:
        """Record the server's reason for refusing the connection: ``{"code", "message"}``."""
        self.refusal = data.get("data", data) if isinstance(data, dict) else data

    def connect(self) -> Phone:
        """Connect, or fail the test."""
        self.client.connect(self.server.url, transports=["websocket"], wait_timeout=15,
                            auth=self.auth)
        return self

    def try_connect(self) -> dict | None:
        """Connect; return None, or the refusal's data (``{"code", "message"}``) if refused."""
        self.refusal = None
        try:
            self.connect()
        except socketio.exceptions.ConnectionError:
            return self.refusal or {"code": "?"}
        return None

    def wait(self, condition, what: str, timeout: float = 15) -> None:
        """Block until ``condition()`` holds."""
        with self.changed:
            assert self.changed.wait_for(condition, timeout), (
                f"waited for {what}; seqs {self.seqs[-5:]}, presence {self.presence[-3:]}")

    def close(self) -> None:
        """Disconnect if connected."""
        if self.client.connected:
            self.client.disconnect()


class TcpProxy:
    """Forward a loopback port to another address, until cut: a database outage on demand.

    Cutting closes the listening socket and every forwarded connection, so the
    server's connections break and new ones are refused, as when PostgreSQL
    stops; ``restore`` listens again on the same port.
    """

    def __init__(self, target: tuple[str, int]):
        """Prepare a proxy to ``target`` on a free loopback port (call ``start``)."""
        self.target = target
        self.port = free_port()
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._listener: socket.socket | None = None
        self._stop = threading.Event()

    def start(self) -> TcpProxy:
        """Listen and forward in a background thread."""
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener, self._stop = listener, threading.Event()
        threading.Thread(target=self._accept, args=(listener, self._stop), daemon=True).start()
        return self

    def _accept(self, listener: socket.socket, stop: threading.Event) -> None:
        """Accept clients and pipe each to the target, until cut."""
        while not stop.is_set():
            try:
                client, _ = listener.accept()
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                return
            with self._lock:
                if stop.is_set():
                    client.close()
                    upstream.close()
                    return
                self._sockets += [client, upstream]
            threading.Thread(target=self._pipe, args=(client, upstream), daemon=True).start()

    def _pipe(self, a: socket.socket, b: socket.socket) -> None:
        """Copy bytes both ways until either side closes."""
        try:
            while True:
                ready, _, _ = select.select([a, b], [], [], 1)
                for source in ready:
                    data = source.recv(65536)
                    if not data:
                        return
                    (b if source is a else a).sendall(data)
        except OSError:
            return
        finally:
            for s in (a, b):
                s.close()

    def cut(self) -> None:
        """Stop listening and break every forwarded connection."""
        self._stop.set()
        if self._listener is not None:
            # shutdown() wakes the thread blocked in accept(); close() alone would not.
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for s in sockets:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()

    def restore(self) -> None:
        """Listen again on the same port."""
        self.start()


def create_workshop(server: ServerProcess, admin: str, **body) -> dict:
    """Create a workshop on ``server`` (Danish unless ``body`` says otherwise)."""
    response = server.api("POST", "/api/v1/workshops", admin, json={
        "title": "Trygge sociale rum", "language": "da", "themes": ["Fritid"], **body})
    assert response.status_code == 201, response.text
    return response.json()


def join(server: ServerProcess, workshop: dict) -> dict:
    """Join through ``server``; return ``{"participant_id", "token"}``."""
    response = server.api("POST", f"/api/v1/workshops/{workshop['id']}/participants",
                          json={"join_code": workshop["join_code"]})
    assert response.status_code == 201, response.text
    return response.json()


def card(workshop: dict, client_id: str, text: str = "Gåtur hver onsdag") -> dict:
    """Return a card:create body."""
    return {"client_id": client_id, "kind": "idea", "theme_id": workshop["themes"][0]["id"],
            "text": text}
