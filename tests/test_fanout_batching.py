"""Batched fan-out (issue 15 point 3): a busy room's events reach a phone that announced
``batch: true`` as ``events`` lists, in order, without gaps or repeats, across reconnects;
a quiet room's events go one by one at once; an old client keeps getting ``event``s.

A real ``python run.py`` (eventlet) and real python-socketio clients (``tests/phone.py``).
"""

from __future__ import annotations

import statistics
import threading
import time

import pytest

from .helpers import base, card_body, create_workshop, join
from .phone import Phone
from .server import ServerProcess

pytestmark = pytest.mark.server

ADMIN = "batching-test-organiser"
WORKSHOP = {"title": "Den store sal", "themes": ["Fritid"]}


@pytest.fixture
def server(tmp_path):
    """A running server (rate limits off: the tests post in bursts) with 50 ms windows."""
    process = ServerProcess(tmp_path / "instance", ADMIN, env={
        "OPENSPACE_RATE_LIMITS": "off", "OPENSPACE_FANOUT_BATCH_MS": "50",
        "OPENSPACE_FANOUT_BATCH_FROM": "0"}).start()
    yield process
    process.stop()


def burst(phone: Phone, workshop: dict, first: int, count: int, prefix: str = "k") -> None:
    """Send ``count`` cards over ``phone``'s socket without waiting for the acknowledgements."""
    for n in range(first, first + count):
        phone.client.emit("card:create", card_body(workshop, f"{prefix}{n}", f"Kort {n}"))


def seqs(phone: Phone) -> list[int]:
    """Return the seqs on the phone's board, in the order it applied them."""
    return [event["seq"] for event in phone.events]


def test_a_burst_comes_in_lists_to_a_new_phone_and_one_by_one_to_an_old_one(server):
    workshop = create_workshop(server, **WORKSHOP)
    new = Phone(server, workshop["id"], join(server, workshop)["token"], batch=True).connect()
    old = Phone(server, workshop["id"], join(server, workshop)["token"]).connect()
    wall = Phone(server, workshop["id"], workshop["facilitator_token"], view="projector",
                 batch=True).connect()
    poster = Phone(server, workshop["id"], join(server, workshop)["token"]).connect()
    try:
        burst(poster, workshop, 1, 60)
        for phone in (new, old, wall, poster):
            phone.wait_for_seq(60, timeout=30)
        time.sleep(0.3)  # a repeat or a stray message would arrive now
        everything = list(range(1, 61))
        for phone in (new, old, wall):
            assert seqs(phone) == everything
            assert phone.received == everything  # no repeats, nothing out of order
        # The new phones got lists (several events in one message) ...
        assert any(len(batch) > 1 for batch in new.batches), new.batches
        assert any(len(batch) > 1 for batch in wall.batches), wall.batches
        # ... each in seq order, and together with the single events exactly once each.
        listed = [seq for batch in new.batches for seq in batch]
        assert listed == sorted(listed) and len(set(listed)) == len(listed)
        # The old phones never got a list: they did not announce `batch`.
        assert old.batches == [] and poster.batches == []
        # Every card once. (The server handles one socket's events side by side, so cards
        # sent without waiting for their acknowledgements may be stored in another order.)
        texts = [e["data"]["text"] for e in new.events]
        assert sorted(texts) == sorted(f"Kort {n}" for n in range(1, 61))
    finally:
        for phone in (new, old, wall, poster):
            phone.disconnect()


def test_a_quiet_room_sends_each_event_at_once_and_alone(server):
    workshop = create_workshop(server, **WORKSHOP)
    token = join(server, workshop)["token"]
    new = Phone(server, workshop["id"], join(server, workshop)["token"], batch=True).connect()
    delays = []
    try:
        for n in range(1, 8):
            time.sleep(0.2)  # longer than the window: the room is quiet again
            response = server.api("POST", base(workshop) + "/cards", token,
                                  json=card_body(workshop, f"q{n}", f"Stille {n}"))
            answered = time.monotonic()
            assert response.status_code == 201
            # The event is sent before the answer: it is on its way already.
            new.wait_for_seq(n, timeout=10)
            delays.append(time.monotonic() - answered)
        assert new.batches == []  # one event due at a time: never a list
        assert seqs(new) == list(range(1, 8))
        # Not held for a window (50 ms): the median arrives well before one would end.
        assert statistics.median(delays) < 0.05, delays
    finally:
        new.disconnect()


def test_reconnects_during_bursts_lose_nothing_and_repeat_nothing(server):
    workshop = create_workshop(server, **WORKSHOP)
    phone = Phone(server, workshop["id"], join(server, workshop)["token"], batch=True,
                  fill_gaps=True).connect()
    poster = Phone(server, workshop["id"], join(server, workshop)["token"]).connect()
    try:
        total = 0
        for round_ in range(4):
            sender = threading.Thread(target=burst, args=(poster, workshop, total + 1, 30))
            sender.start()
            time.sleep(0.05 * round_)  # drop the socket at another point of each burst
            phone.disconnect()
            time.sleep(0.1)
            phone.connect()
            sender.join()
            total += 30
            phone.wait_for_seq(total, timeout=30)
        time.sleep(0.3)
        assert seqs(phone) == list(range(1, total + 1))  # no gap, no repeat on the board
        assert phone.gaps == []  # never a hole the phone had to fetch over HTTP
        assert phone.connections == 5
    finally:
        phone.disconnect()
        poster.disconnect()


def test_a_pending_card_is_never_listed_for_others_and_keeps_its_authors_order(server):
    workshop = create_workshop(server, **WORKSHOP)
    facilitator = workshop["facilitator_token"]
    assert server.api("PATCH", base(workshop) + "/settings", facilitator,
                      json={"premoderation": True}).status_code == 200  # seq 1
    author = Phone(server, workshop["id"], join(server, workshop)["token"], batch=True,
                   fill_gaps=True).connect()
    other = Phone(server, workshop["id"], join(server, workshop)["token"], batch=True).connect()
    moderator = Phone(server, workshop["id"], facilitator, batch=True).connect()
    try:
        # The author's cards wait for the facilitator (audience: the author and the
        # moderators); the facilitator's own cards are public. Interleaved, at once.
        both = [threading.Thread(target=burst, args=(author, workshop, 1, 20, "mine")),
                threading.Thread(target=burst, args=(moderator, workshop, 1, 20, "open"))]
        for thread in both:
            thread.start()
        for thread in both:
            thread.join()
        moderator.wait_for_seq(41, timeout=30)
        author.wait_for_seq(41, timeout=30)
        time.sleep(0.5)
        assert seqs(moderator) == list(range(1, 42)) == seqs(author)
        assert author.gaps == []  # lists never mixed audiences out of order
        assert any(len(batch) > 1 for batch in moderator.batches)
        shown = [e for e in other.events if e["type"] == "card.created"]
        assert len(shown) == 20
        assert all(not e["data"]["pending"] and e["data"]["client_id"].startswith("open")
                   for e in shown)
        assert other.received == sorted(other.received)
    finally:
        for phone in (author, other, moderator):
            phone.disconnect()


def test_a_small_room_never_waits_for_a_window(tmp_path):
    # The default: batching starts at 200 sockets in the room; three phones are sent
    # every event at once, even in a burst.
    process = ServerProcess(tmp_path / "instance", ADMIN,
                            env={"OPENSPACE_RATE_LIMITS": "off"}).start()
    try:
        workshop = create_workshop(process, **WORKSHOP)
        new = Phone(process, workshop["id"], join(process, workshop)["token"],
                    batch=True).connect()
        poster = Phone(process, workshop["id"], join(process, workshop)["token"]).connect()
        burst(poster, workshop, 1, 30)
        new.wait_for_seq(30, timeout=30)
        assert new.batches == [] and seqs(new) == list(range(1, 31))
        new.disconnect()
        poster.disconnect()
    finally:
        process.stop()
