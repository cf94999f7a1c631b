"""The tests' one phone: a real Socket.IO client of a real server that keeps the board as the
browser client (``static/js/common.js``) does."""

from __future__ import annotations

import threading
import time

import requests
import socketio

from .server import ServerProcess


class Phone:
    """A python-socketio client (websocket) of a :class:`ServerProcess` that tracks ``last_seq``.

    What it keeps:

    * ``events``: the board's events, each seq once and in order (a seq it
      already has is dropped, as the browser does);
    * ``received``: the seqs as they came over the socket since the latest
      connect, repeats and all; ``all_events``: every event as it came;
    * ``batches``: the seqs of each ``events`` list (only with ``batch=True``);
    * ``presence`` (online counts), ``pdfs`` (PDF-ready notices), ``board``
      (card id -> client_id).

    After a gap, the browser holds the later event back and fetches the gap
    over HTTP; so does this phone with ``fill_gaps=True``. Without it, a later
    event is taken as it is (a test then sees the gap). Every (re)connection
    sends ``auth.last_seq``. ``via`` connects through another address (a
    relay) while HTTP goes to the server itself.
    """

    def __init__(self, server: ServerProcess, workshop_id: str, token: str, *,
                 via: str | None = None, fill_gaps: bool = False, connect_timeout: float = 10,
                 **auth):
        """Prepare (not connect) a phone of ``server`` for ``workshop_id``.

        Extra keywords go into the connect ``auth`` as they are (``view="projector"``).
        """
        self.server, self.workshop_id, self.token = server, workshop_id, token
        self.extra_auth = auth
        self.auth: dict = {}
        self.refusal: dict | None = None  # the server's {code, message} on a refused connect
        self.url = via or server.url
        self.fill_gaps, self.connect_timeout = fill_gaps, connect_timeout
        self.lock = threading.RLock()
        self.changed = threading.Condition(self.lock)
        self.last_seq = 0
        self.events: list[dict] = []
        self.all_events: list[dict] = []
        self.received: list[int] = []
        self.batches: list[list[int]] = []  # the seqs of each `events` list (auth.batch)
        self.presence: list[int] = []
        self.pdfs: list[dict] = []
        self.board: dict[str, str] = {}
        self.pending: dict[int, dict] = {}  # events after a gap, waiting for the gap
        self.gap_fills = 0
        self.gaps: list[dict] = []  # every event that came after a gap, with its context
        self.connected_with = 0  # the last_seq sent on the latest connect
        self.connections = 0
        self.in_flight: str | None = None  # a caller's note: client_id sent, not yet answered
        self.sent_at = 0.0  # when in_flight was (last) sent
        self.client: socketio.Client | None = None
        self.down = threading.Event()
        self.down.set()

    # events ----------------------------------------------------------------------------

    def _on_event(self, event: dict) -> None:
        """Take an event from the socket."""
        with self.changed:
            self.received.append(event["seq"])
            self.all_events.append(event)
            self._offer(event)
            self.changed.notify_all()

    def _on_events(self, events: list) -> None:
        """Take an ``events`` list (``auth.batch``): each in turn, as ``event`` would."""
        with self.changed:
            self.batches.append([event["seq"] for event in events])
        for event in events:
            self._on_event(event)

    def _on_presence(self, body: dict) -> None:
        """Keep an online count."""
        with self.changed:
            self.presence.append(body["connected"])
            self.changed.notify_all()

    def _on_pdf(self, body: dict) -> None:
        """Keep a PDF-ready notice."""
        with self.changed:
            self.pdfs.append(body)
            self.changed.notify_all()

    def _offer(self, event: dict) -> None:
        """Apply ``event`` if it is new; with ``fill_gaps``, hold it back after a gap."""
        seq = event["seq"]
        if seq <= self.last_seq:
            return
        if seq > self.last_seq + 1 and self.fill_gaps:
            self.pending[seq] = event
            self.gaps.append({"connection": self.connections, "auth_last_seq": self.connected_with,
                              "last_seq": self.last_seq, "seq": seq,
                              "received": list(self.received)})
            self._fill_gap()
        else:
            self._apply(event)
        self._drain()

    def _drain(self) -> None:
        """Apply held-back events that now follow ``last_seq``; forget those already had."""
        while self.last_seq + 1 in self.pending:
            self._apply(self.pending.pop(self.last_seq + 1))
        for stale in [s for s in self.pending if s <= self.last_seq]:
            del self.pending[stale]

    def _apply(self, event: dict) -> None:
        """Put one event on the board."""
        assert not self.fill_gaps or event["seq"] == self.last_seq + 1
        self.last_seq = event["seq"]
        self.events.append(event)
        if event["type"] == "card.created":
            self.board[event["data"]["id"]] = event["data"]["client_id"]

    def _fill_gap(self) -> None:
        """Fetch the events after ``last_seq`` over HTTP (bounded: one page, one try)."""
        self.gap_fills += 1
        try:
            answer = requests.get(
                f"{self.server.url}/api/v1/workshops/{self.workshop_id}/events",
                params={"after": self.last_seq},
                headers={"Authorization": f"Bearer {self.token}"},
                timeout=5,
            )
            answer.raise_for_status()
        except requests.RequestException:
            return  # the server is down: the next connect sends the backlog anyway
        for event in answer.json()["events"]:
            if event["seq"] == self.last_seq + 1:
                self._apply(event)

    # connection ------------------------------------------------------------------------

    def connect(self) -> Phone:
        """Open a new connection, sending ``last_seq`` (raises if refused or unreachable)."""
        client = socketio.Client(reconnection=False)
        # python-engineio's client hands every message to a new thread, which can reorder
        # them; handle them one by one, in the order the socket delivered them, so that
        # the order a test checks is the server's.
        trigger = client.eio._trigger_event
        client.eio._trigger_event = lambda event, *args, **kwargs: trigger(
            event, *args, **{**kwargs, "run_async": False})
        client.on("event", self._on_event)
        client.on("events", self._on_events)
        client.on("presence", self._on_presence)
        client.on("pdf", self._on_pdf)
        client.on("disconnect", lambda *reason: self._gone(client))
        client.on("connect_error", self._on_refused)
        with self.lock:
            auth = {"workshop": self.workshop_id, "token": self.token, "last_seq": self.last_seq,
                    **self.extra_auth}
            self.auth, self.refusal = auth, None
            self.received = []
            self.connected_with = self.last_seq
            self.client = client
            self.down.clear()
        try:
            client.connect(self.url, auth=auth, transports=["websocket"],
                           wait_timeout=self.connect_timeout)
        except Exception:
            self._gone(client)
            raise
        self.connections += 1
        return self

    def _on_refused(self, data=None) -> None:
        """Keep the server's reason for refusing the connection: ``{"code", "message"}``."""
        self.refusal = data.get("data", data) if isinstance(data, dict) else data

    def try_connect(self) -> dict | None:
        """Connect; return None, or the refusal (``{"code", "message"}``) if refused."""
        try:
            self.connect()
        except socketio.exceptions.ConnectionError:
            return self.refusal or {"code": "?"}
        return None

    @property
    def seqs(self) -> list[int]:
        """The seqs as they came since the latest connect (repeats too)."""
        return self.received

    @property
    def disconnected(self) -> threading.Event:
        """Set once the connection is gone (the server closed it, or the phone did)."""
        return self.down

    def _gone(self, client: socketio.Client) -> None:
        """Note that ``client`` lost its connection (a late notice from an old one is ignored)."""
        with self.lock:
            if client is self.client:
                self.down.set()

    def connect_with_backoff(self, deadline: float) -> None:
        """Connect, retrying with back-off (0.1 s doubling to 1 s) until ``deadline``."""
        delay = 0.1
        while True:
            try:
                self.connect()
                return
            except socketio.exceptions.ConnectionError:
                if time.monotonic() + delay > deadline:
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 1.0)

    def disconnect(self) -> None:
        """Close the connection, if any."""
        with self.lock:
            client, self.client = self.client, None
            self.down.set()
        if client is not None:
            client.disconnect()

    # sending and waiting ---------------------------------------------------------------

    def post(self, body: dict, timeout: float = 10) -> dict:
        """Send ``card:create`` and return the acknowledgement (raises on timeout)."""
        return self.client.call("card:create", body, timeout=timeout)

    def call(self, event: str, data, timeout: float = 10):
        """Emit with an acknowledgement; return it, or None on timeout or disconnection."""
        client = self.client
        if client is None or self.down.is_set():
            return None
        done, answer = threading.Event(), []

        def acknowledged(*args):
            """Keep the acknowledgement."""
            answer.append(args[0] if args else None)
            done.set()

        try:
            client.emit(event, data, callback=acknowledged)
        except socketio.exceptions.SocketIOError:
            return None
        end = time.monotonic() + timeout
        while not done.wait(0.05):
            if self.down.is_set() or time.monotonic() > end:
                return None
        return answer[0]

    def reached(self, seq: int, timeout: float) -> bool:
        """Block until the board has reached ``seq``; False on timeout."""
        with self.changed:
            return self.changed.wait_for(lambda: self.last_seq >= seq, timeout)

    def wait_for_seq(self, seq: int, timeout: float = 10) -> None:
        """Block until the board has reached ``seq``; fail the test on timeout."""
        assert self.reached(seq, timeout), f"waited for seq {seq}, have {self.last_seq}"

    def wait(self, condition, what: str, timeout: float = 60) -> None:
        """Block until ``condition()`` holds; fail the test, saying what was missing, if not."""
        with self.changed:
            assert self.changed.wait_for(condition, timeout), (
                f"{self.server.port}: waited for {what}; seqs {self.received[-5:]}, "
                f"presence {self.presence[-3:]}, pdfs {self.pdfs}")

    def wait_for(self, kind: str, timeout: float = 15) -> dict:
        """Return the first event of type ``kind``, waiting for it."""
        with self.changed:
            assert self.changed.wait_for(
                lambda: any(e["type"] == kind for e in self.events), timeout), kind
            return next(e for e in self.events if e["type"] == kind)
