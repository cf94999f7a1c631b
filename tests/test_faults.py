"""Fault injection against a real ``python run.py`` (eventlet) and real Socket.IO clients.

* kill -9 of the server in the middle of a burst of 24 phones posting cards
  (twice), then a restart on the same port and instance folder: nothing
  acknowledged is lost, nothing is stored twice, the event log has no gaps, and
  every phone ends on the same board as the server. Four phones talk through a
  relay that swallows the server's bytes just before each kill, so some cards
  are certainly stored without their acknowledgement arriving: their resend
  must get the very same card;
* a phone that was offline while 300 cards were posted catches up with
  exactly those 300 events, in order, once;
* a database that cannot take writes (another process holds SQLite's write
  lock past the server's 5 s busy timeout) gives ``unavailable`` (ack) and
  503 (HTTP), never a false acknowledgement; once the lock is gone the same
  ``client_id`` is stored, once.

Every loop here is bounded by a count or a deadline; the tests only ever
connect to 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import socket
import sqlite3
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
import requests

from .databases import ON_POSTGRES
from .helpers import card_body, create_workshop, join
from .phone import Phone
from .server import ServerProcess, free_port

#: These tests open the server's SQLite file themselves.
sqlite_file_only = pytest.mark.skipif(
    ON_POSTGRES, reason="reads or locks the SQLite file (OPENSPACE_TEST_DATABASE=postgresql)")

pytestmark = pytest.mark.server

ADMIN = "fault-test-organiser"
WORKSHOP = {"title": "Fejl og nedbrud", "themes": ["Fritid", "Skole"]}

PHONES = 24
CARDS_PER_PHONE = 10
# These phones reach the server through a relay that can swallow the server's bytes: at
# each kill, their acknowledgement is lost after the card was stored (a lost ack, for sure).
MUTED_PHONES = (0, 6, 12, 18)
# Kill the server (SIGKILL) when this many acknowledgements have arrived in total.
KILL_AFTER_ACKS = (50, 140)
BURST_DEADLINE_SECONDS = 60
ACK_TIMEOUT_SECONDS = 10


# --- helpers -------------------------------------------------------------------------------


def new_device(server: ServerProcess, workshop: dict, token: str, via: str | None = None) -> Phone:
    """A phone that fills gaps over HTTP as the browser does (not yet connected)."""
    return Phone(server, workshop["id"], token, via=via, fill_gaps=True, connect_timeout=5)


def stored_state(server: ServerProcess, workshop: dict) -> tuple[dict, dict]:
    """Return the board (organiser's view) and every event after 0."""
    board = server.api("GET", f"/api/v1/workshops/{workshop['id']}", ADMIN)
    assert board.status_code == 200, board.text
    events = server.api("GET", f"/api/v1/workshops/{workshop['id']}/events?after=0", ADMIN)
    assert events.status_code == 200, events.text
    assert events.json()["has_more"] is False
    return board.json(), events.json()


def read_crashed_database(path: Path, workshop_id: str) -> dict:
    """Read what a killed server left in its SQLite file (the WAL is replayed on open)."""
    connection = sqlite3.connect(path, timeout=5)
    try:
        seq = connection.execute("SELECT last_seq FROM workshops WHERE id = ?",
                                 (workshop_id,)).fetchone()[0]
        events = connection.execute("SELECT seq FROM events WHERE workshop_id = ? ORDER BY seq",
                                    (workshop_id,)).fetchall()
        cards = connection.execute(
            "SELECT client_id, id FROM cards WHERE workshop_id = ?", (workshop_id,)).fetchall()
    finally:
        connection.close()
    # The file is consistent on its own: seqs 1..last_seq, one card per card.created.
    assert [row[0] for row in events] == list(range(1, seq + 1))
    assert len(cards) == len(dict(cards)) == seq
    return {"seq": seq, "cards": dict(cards)}


def stored_client_ids(path: Path, client_ids: list[str]) -> set[str]:
    """Return which of ``client_ids`` the server has committed (read beside it, WAL)."""
    connection = sqlite3.connect(path, timeout=5)
    try:
        marks = ",".join("?" * len(client_ids))
        rows = connection.execute(f"SELECT client_id FROM cards WHERE client_id IN ({marks})",
                                  client_ids).fetchall()
    finally:
        connection.close()
    return {row[0] for row in rows}


def error_shape_ok(body, code: str) -> bool:
    """True if ``body`` is the contract's error JSON with ``code``."""
    error = body.get("error") if isinstance(body, dict) else None
    return (isinstance(error, dict) and error.get("code") == code
            and isinstance(error.get("message"), str) and error["message"].strip() != "")


@pytest.fixture
def instance(tmp_path) -> Path:
    """The server's instance folder."""
    return tmp_path / "instance"


@pytest.fixture
def server(instance):
    """A running server on a free loopback port."""
    process = ServerProcess(instance, ADMIN).start()
    yield process
    process.stop()


# --- a. kill -9 during a burst ---------------------------------------------------------------


class Relay:
    """A TCP relay on 127.0.0.1 in front of the server that can swallow the server's bytes.

    :meth:`mute` makes every connection open now drop what the server sends, for good,
    while what the phone sends still arrives: an acknowledgement lost in transit. New
    connections (after the phone reconnects) are relayed normally.
    """

    def __init__(self, target_port: int):
        """Listen on a free loopback port; relay each connection to ``target_port``."""
        self.target_port = target_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.closed = threading.Event()
        self.lock = threading.Lock()
        self.connections: list[tuple[socket.socket, socket.socket, threading.Event]] = []
        threading.Thread(target=self._accept, name="relay", daemon=True).start()

    def mute(self) -> None:
        """Drop, from now on, what the server sends on every connection open now."""
        with self.lock:
            for _, _, muted in self.connections:
                muted.set()

    def _accept(self) -> None:
        """Accept phones until closed; a phone that finds no server is hung up on."""
        while not self.closed.is_set():
            try:
                phone, _ = self.listener.accept()
            except (TimeoutError, OSError):
                continue
            try:
                server = socket.create_connection(("127.0.0.1", self.target_port), timeout=2)
            except OSError:
                phone.close()
                continue
            phone.settimeout(None)
            server.settimeout(None)
            muted = threading.Event()
            with self.lock:
                self.connections.append((phone, server, muted))
            threading.Thread(target=self._pump, args=(phone, server, None), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, phone, muted), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, target: socket.socket, muted: threading.Event | None):
        """Copy bytes (unless muted) until either side closes, then close both."""
        try:
            while data := source.recv(65536):
                if muted is None or not muted.is_set():
                    target.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, target):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
                end.close()

    def close(self) -> None:
        """Stop accepting and hang up every relayed connection."""
        self.closed.set()
        self.listener.close()
        with self.lock:
            ends = [end for phone, server, _ in self.connections for end in (phone, server)]
        for end in ends:
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
            end.close()


class Tally:
    """What the phones were told, shared between the posting threads and the killer."""

    def __init__(self):
        """Start with nothing acknowledged."""
        self.changed = threading.Condition()
        self.acks = 0
        self.acked: dict[str, str] = {}  # client_id -> card id of the acknowledgement
        self.in_flight: set[str] = set()  # client_ids sent, not yet acknowledged
        self.lost_calls = 0  # calls without an answer (timeout or disconnection)
        self.retried_ids: set[str] = set()
        self.soft_errors: Counter[str] = Counter()  # unavailable, rate_limited: retried
        self.failures: list[str] = []

    def sent(self, client_id: str) -> None:
        """A call left the phone."""
        with self.changed:
            self.in_flight.add(client_id)

    def answered(self, client_id: str, ack) -> None:
        """Record an acknowledgement (None: no answer)."""
        with self.changed:
            if ack is None:
                self.lost_calls += 1
                self.retried_ids.add(client_id)
            elif ack.get("ok") is True:
                self.in_flight.discard(client_id)
                self.acks += 1
                self.acked[client_id] = ack["card"]["id"]
            self.changed.notify_all()


def post_all(device: Phone, bodies: list[dict], tally: Tally, deadline: float) -> None:
    """Send every body by ``card:create`` until it is acknowledged, reconnecting as needed."""
    try:
        for body in bodies:
            delay = 0.1
            while True:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{body['client_id']} not acknowledged by the deadline")
                if device.down.is_set():
                    device.connect_with_backoff(deadline)
                tally.sent(body["client_id"])
                device.in_flight, device.sent_at = body["client_id"], time.monotonic()
                ack = device.call("card:create", body, timeout=ACK_TIMEOUT_SECONDS)
                tally.answered(body["client_id"], ack)
                if ack is not None and ack.get("ok") is True:
                    device.in_flight = None
                    stored = ack["card"]
                    if (stored["client_id"], stored["text"]) != (body["client_id"], body["text"]):
                        raise AssertionError(f"ack for {body['client_id']} is another card")
                    break
                if ack is not None:
                    code = (ack.get("error") or {}).get("code")
                    if code not in ("unavailable", "rate_limited"):
                        raise AssertionError(f"{body['client_id']} refused: {ack}")
                    with tally.changed:
                        tally.soft_errors[code] += 1
                time.sleep(delay)
                delay = min(delay * 2, 1.0)
    except Exception as error:  # reported by the test, in the main thread
        with tally.changed:
            tally.failures.append(f"{type(error).__name__}: {error}")
            tally.changed.notify_all()


@sqlite_file_only
def test_kill_9_during_a_burst_loses_and_duplicates_nothing(instance):
    started = time.monotonic()
    port = free_port()
    database = instance / "openspace.sqlite3"
    server = ServerProcess(instance, ADMIN, port=port).start()
    relay = Relay(port)
    devices: list[Phone] = []
    try:
        workshop = create_workshop(server, **WORKSHOP)
        tokens = [join(server, workshop, f"Deltager {n}")["token"] for n in range(PHONES)]
        devices = [
            new_device(server, workshop, token, relay.url if n in MUTED_PHONES else None).connect()
            for n, token in enumerate(tokens)
        ]
        bodies = {
            n: [card_body(workshop, f"p{n:02d}-c{k}", f"Idé {k} fra telefon {n}", theme=k % 2)
                for k in range(CARDS_PER_PHONE)]
            for n in range(PHONES)
        }
        all_ids = {b["client_id"] for phone in bodies.values() for b in phone}
        total = PHONES * CARDS_PER_PHONE

        tally = Tally()
        deadline = time.monotonic() + BURST_DEADLINE_SECONDS
        workers = [
            threading.Thread(target=post_all, args=(devices[n], bodies[n], tally, deadline),
                             name=f"phone-{n}", daemon=True)
            for n in range(PHONES)
        ]
        for worker in workers:
            worker.start()

        kills, stored_unacked = [], {}
        for threshold in KILL_AFTER_ACKS:
            with tally.changed:
                reached = tally.changed.wait_for(
                    lambda t=threshold: tally.acks >= t or tally.failures,
                    max(0.0, deadline - time.monotonic()),
                )
                assert reached and not tally.failures, tally.failures
                acks_at_threshold = tally.acks
            # The muted phones' cards reach the server; their acks do not reach them. A card
            # sent after the mute certainly loses its ack; one sent before it and still
            # unanswered 0.15 s later has lost it too (the relay is local: microseconds).
            relay.mute()
            muted_at = time.monotonic()
            while True:
                muted = [devices[n] for n in MUTED_PHONES]
                waiting = [d.in_flight for d in muted]
                lost = [d.in_flight for d in muted if d.sent_at > muted_at]
                with tally.changed:
                    unanswered = None not in waiting and not set(waiting) & set(tally.acked)
                settled = len(lost) == len(muted) or time.monotonic() - muted_at > 0.15
                if unanswered and settled and stored_client_ids(database, waiting) == set(
                        waiting):
                    break
                assert time.monotonic() < muted_at + 5, f"muted phones' cards not stored: {waiting}"
                time.sleep(0.01)
            with tally.changed:
                in_flight = len(tally.in_flight)
            server.kill()  # SIGKILL, mid-burst
            down_at = time.monotonic()
            time.sleep(0.2)  # let the phones take in what the dead server had sent
            with tally.changed:
                acked_before = dict(tally.acked)
            crash = read_crashed_database(database, workshop["id"])
            # Durable: every acknowledgement the phones got is in the file the server left,
            # with the card id they were given.
            assert {cid: crash["cards"].get(cid) for cid in acked_before} == acked_before
            unacked = {cid: i for cid, i in crash["cards"].items() if cid not in acked_before}
            assert set(lost) <= set(unacked) and unacked, (lost, unacked)
            stored_unacked.update(unacked)
            server = ServerProcess(instance, ADMIN, port=port).start()  # same port and folder
            kills.append({"acks_at_threshold": acks_at_threshold, "in_flight": in_flight,
                          "acked_before_kill": len(acked_before),
                          "stored_at_crash": crash["seq"], "stored_not_acked": len(unacked),
                          "downtime": round(time.monotonic() - down_at, 2)})
            assert acks_at_threshold < total, "the burst ended before the kill: nothing tested"

        for worker in workers:  # a phone gives up at the deadline, after its current call
            worker.join(max(0.1, deadline + ACK_TIMEOUT_SECONDS + 2 - time.monotonic()))
        assert not tally.failures, (tally.failures, dict(tally.soft_errors))
        assert not any(w.is_alive() for w in workers), "phones still posting after the deadline"
        assert set(tally.acked) == all_ids
        # A card stored before a crash but never acknowledged: the resend got that card.
        assert {cid: tally.acked[cid] for cid in stored_unacked} == stored_unacked

        # The server: every card once, the acknowledged id, an event log 1..n without gaps.
        board, log = stored_state(server, workshop)
        by_client = Counter(c["client_id"] for c in board["cards"])
        assert set(by_client) == all_ids
        assert [cid for cid, count in by_client.items() if count != 1] == []
        stored_ids = {c["client_id"]: c["id"] for c in board["cards"]}
        assert stored_ids == tally.acked  # every acknowledged card is stored, as acknowledged
        seqs = [e["seq"] for e in log["events"]]
        assert seqs == list(range(1, total + 1))
        assert board["seq"] == log["seq"] == total
        assert {e["type"] for e in log["events"]} == {"card.created"}
        assert sorted(c["seq"] for c in board["cards"]) == seqs
        assert {e["data"]["id"] for e in log["events"]} == set(stored_ids.values())
        server_board = {c["id"]: c["client_id"] for c in board["cards"]}

        # Every phone: reconnect with its last_seq and end on the server's board.
        for device in devices:
            device.disconnect()
        for device in devices:
            device.connect_with_backoff(time.monotonic() + 10)
        for n, device in enumerate(devices):
            assert device.reached(total, 15), f"phone {n} stuck at {device.last_seq}"
        time.sleep(0.3)  # anything extra would arrive now
        for n, device in enumerate(devices):
            with device.lock:
                assert device.last_seq == total, n
                assert [e["seq"] for e in device.events] == seqs, n
                assert device.board == server_board, n
                assert device.pending == {}, n

        gaps = [gap for device in devices for gap in device.gaps]
        if gaps:
            print(f"\n[faults] events after a gap: {gaps}")
        print(
            f"\n[faults] kill -9 burst: {PHONES} phones x {CARDS_PER_PHONE} cards, "
            f"{len(kills)} SIGKILLs {kills}; calls without answer {tally.lost_calls} "
            f"({len(tally.retried_ids)} cards resent), soft errors {dict(tally.soft_errors)}, "
            f"connections {sum(d.connections for d in devices)}, "
            f"gap fills {sum(d.gap_fills for d in devices)}, "
            f"{time.monotonic() - started:.1f} s"
        )
    finally:
        for device in devices:
            device.disconnect()
        relay.close()
        server.stop()


# --- b. a long time offline ---------------------------------------------------------------------


def test_a_phone_offline_for_300_cards_gets_exactly_those_on_reconnect(server):
    workshop = create_workshop(server, **WORKSHOP)
    phone = new_device(server, workshop, join(server, workshop, "Asta")["token"]).connect()
    try:
        for n in range(2):
            ack = phone.call("card:create", card_body(workshop, f"a{n}", f"Før pausen {n}"))
            assert ack and ack["ok"] is True, ack
        assert phone.reached(2, 10)
        phone.disconnect()

        # Another client (the facilitator: not rate limited) posts 300 cards over HTTP.
        posted = []
        with requests.Session() as http:
            http.headers["Authorization"] = f"Bearer {workshop['facilitator_token']}"
            for n in range(300):
                body = card_body(workshop, f"f{n}", f"Mens A var væk {n}", theme=n % 2)
                answer = http.post(f"{server.url}/api/v1/workshops/{workshop['id']}/cards",
                                   json=body, timeout=10)
                assert answer.status_code == 201, answer.text
                posted.append(answer.json())
        assert [c["seq"] for c in posted] == list(range(3, 303))

        phone.connect()  # auth.last_seq = 2
        assert phone.reached(302, 20), f"stuck at {phone.last_seq}"
        time.sleep(0.5)  # a repeat or a stray event would arrive now
        with phone.lock:
            assert phone.received == list(range(3, 303))  # exactly those, in order, once
            assert phone.gap_fills == 0
            caught_up = phone.events[2:]
        assert [e["type"] for e in caught_up] == ["card.created"] * 300
        assert [e["data"] for e in caught_up] == posted
    finally:
        phone.disconnect()


# --- c. the database refuses writes -------------------------------------------------------------


@sqlite_file_only
def test_a_locked_database_gives_unavailable_not_a_false_ack(server, instance):
    workshop = create_workshop(server, **WORKSHOP)
    poster = new_device(server, workshop, join(server, workshop, "Bo")["token"]).connect()
    watcher = new_device(server, workshop, join(server, workshop)["token"]).connect()
    cards_url = f"/api/v1/workshops/{workshop['id']}/cards"
    token = poster.token
    try:
        ack = poster.call("card:create", card_body(workshop, "before", "Før låsen"))
        assert ack and ack["ok"] is True and ack["card"]["seq"] == 1

        # Another process takes SQLite's write lock and keeps it past the busy timeout (5 s).
        locker = sqlite3.connect(instance / "openspace.sqlite3", isolation_level=None, timeout=5)
        try:
            locker.execute("BEGIN EXCLUSIVE")
            began = time.monotonic()
            ack = poster.call("card:create", card_body(workshop, "during-socket", "Under låsen"),
                              timeout=20)
            socket_wait = time.monotonic() - began
            assert ack is not None, "no acknowledgement at all"
            assert ack.get("ok") is False, f"a false acknowledgement: {ack}"
            assert error_shape_ok(ack, "unavailable"), ack

            began = time.monotonic()
            answer = requests.post(f"{server.url}{cards_url}", timeout=20,
                                   headers={"Authorization": f"Bearer {token}"},
                                   json=card_body(workshop, "during-http", "Også under låsen"))
            http_wait = time.monotonic() - began
            assert answer.status_code == 503, answer.text
            assert error_shape_ok(answer.json(), "unavailable"), answer.text

            # Reads still work while writes cannot (WAL), and nothing was half-stored.
            board = server.api("GET", f"/api/v1/workshops/{workshop['id']}", token)
            assert board.status_code == 200
            assert [c["client_id"] for c in board.json()["cards"]] == ["before"]
            stored = locker.execute("SELECT count(*) FROM cards").fetchone()[0]
            assert stored == 1
        finally:
            locker.execute("ROLLBACK")
            locker.close()

        # The lock is gone: the same client_ids go through, once.
        ack = poster.call("card:create", card_body(workshop, "during-socket", "Under låsen"))
        assert ack and ack["ok"] is True and ack["card"]["seq"] == 2, ack
        answer = server.api("POST", cards_url, token,
                            json=card_body(workshop, "during-http", "Også under låsen"))
        assert answer.status_code == 201 and answer.json()["seq"] == 3, answer.text
        again = server.api("POST", cards_url, token,
                           json=card_body(workshop, "during-http", "Også under låsen"))
        assert again.status_code == 200 and again.json() == answer.json()

        board, log = stored_state(server, workshop)
        assert [c["client_id"] for c in board["cards"]] == ["before", "during-socket",
                                                           "during-http"]
        assert [e["seq"] for e in log["events"]] == [1, 2, 3] and board["seq"] == 3
        assert watcher.reached(3, 10)
        time.sleep(0.3)
        with watcher.lock:
            assert watcher.received == [1, 2, 3]  # nothing was broadcast for the failures
        print(f"\n[faults] locked database: ack after {socket_wait:.1f} s, "
              f"503 after {http_wait:.1f} s")
    finally:
        poster.disconnect()
        watcher.disconnect()
