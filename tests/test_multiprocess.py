"""Two real ``run.py`` processes sharing PostgreSQL and a Redis message queue.

Phones on each process, cards posted through both at once: every phone sees
every event exactly once and in seq order, seqs are unique and gap-free, the
scheduled plenary is stored once and its PDF rendered once.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
import redis
import socketio

from .conftest import need
from .databases import POSTGRES_URL, fresh_postgres_database, postgres_available
from .server import ServerProcess

pytestmark = [pytest.mark.server, pytest.mark.services]

ADMIN = "multiprocess-organiser"
REDIS_URL = "redis://127.0.0.1:6379/0"
PHONES_PER_PROCESS = 3
POSTS_PER_PHONE = 12


def redis_available() -> bool:
    """True if the test Redis answers."""
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=3).ping())
    except redis.RedisError:
        return False


class Phone:
    """A websocket Socket.IO client that records every event and presence count it receives."""

    def __init__(self, server: ServerProcess, workshop_id: str, token: str):
        """Prepare a client of ``server`` for ``workshop_id``."""
        self.server, self.workshop_id, self.token = server, workshop_id, token
        self.seqs: list[int] = []
        self.events: list[dict] = []
        self.presence: list[int] = []
        self.pdfs: list[dict] = []
        self.changed = threading.Condition()
        self.client = socketio.Client(reconnection=False)
        self.client.on("event", self._on_event)
        self.client.on("presence", self._on_presence)
        self.client.on("pdf", self._on_pdf)

    def _on_event(self, event: dict) -> None:
        """Record an event as it came (duplicates too: the test counts them)."""
        with self.changed:
            self.seqs.append(event["seq"])
            self.events.append(event)
            self.changed.notify_all()

    def _on_presence(self, body: dict) -> None:
        """Record an online count."""
        with self.changed:
            self.presence.append(body["connected"])
            self.changed.notify_all()

    def _on_pdf(self, body: dict) -> None:
        """Record a PDF-ready announcement."""
        with self.changed:
            self.pdfs.append(body)
            self.changed.notify_all()

    def connect(self) -> Phone:
        """Connect over websocket, as a phone behind the proxy does."""
        self.client.connect(self.server.url, transports=["websocket"], wait_timeout=15,
                            auth={"workshop": self.workshop_id, "token": self.token,
                                  "last_seq": 0})
        return self

    def post(self, body: dict) -> dict:
        """Send card:create and return the acknowledgement."""
        return self.client.call("card:create", body, timeout=30)

    def wait(self, condition, what: str, timeout: float = 60) -> None:
        """Block until ``condition()`` holds."""
        with self.changed:
            assert self.changed.wait_for(condition, timeout), (
                f"{self.server.port}: waited for {what}; seqs {self.seqs[-5:]}, "
                f"presence {self.presence[-3:]}, pdfs {self.pdfs}")


@pytest.fixture
def servers(tmp_path):
    """Two servers on one PostgreSQL database and one Redis, sharing an instance folder."""
    need(postgres_available(), "PostgreSQL is not reachable at " + POSTGRES_URL)
    need(redis_available(), "Redis is not reachable at " + REDIS_URL)
    with fresh_postgres_database() as url:
        env = {"OPENSPACE_DATABASE_URL": url, "OPENSPACE_REDIS_URL": REDIS_URL,
               "OPENSPACE_SECRET_KEY": "multiprocess-secret", "OPENSPACE_RATE_LIMITS": "off"}
        # One host: the PDF folder is shared, as on one machine behind nginx.
        instance = tmp_path / "instance"
        first = ServerProcess(instance, ADMIN, env=env).start(timeout=60)
        second = ServerProcess(instance, ADMIN, env=env)
        try:
            second.start(timeout=60)
            yield first, second
        finally:
            second.stop()
            first.stop()


def create_workshop(server: ServerProcess, day_starts_at: datetime) -> dict:
    """Create a workshop whose first plenary (every 5 minutes) falls soon."""
    response = server.api("POST", "/api/v1/workshops", ADMIN, json={
        "title": "Fællesskab i klubberne", "language": "da", "themes": ["Fritid", "Skole"],
        "plenary_every_minutes": 5, "timezone": "UTC",
        "day_starts_at": day_starts_at.isoformat(timespec="seconds")})
    assert response.status_code == 201, response.text
    return response.json()


def join(server: ServerProcess, workshop: dict) -> str:
    """Join through ``server`` and return the participant token."""
    response = server.api("POST", f"/api/v1/workshops/{workshop['id']}/participants",
                          json={"join_code": workshop["join_code"]})
    assert response.status_code == 201, response.text
    return response.json()["token"]


def card(workshop: dict, client_id: str) -> dict:
    """Return a card:create body."""
    return {"client_id": client_id, "kind": "idea", "theme_id": workshop["themes"][0]["id"],
            "text": f"Kort {client_id}"}


def test_two_processes_deliver_every_card_once_in_order_to_every_phone(servers):
    first, second = servers
    # The first slot is 20 s away: it falls due while the phones post, and both
    # schedulers (ticking every 15 s) race for it.
    workshop = create_workshop(first, datetime.now(UTC) - timedelta(minutes=5, seconds=-20))
    phones = [Phone(server, workshop["id"], join(server, workshop)).connect()
              for server in (first, second) for _ in range(PHONES_PER_PROCESS)]
    try:
        everyone = len(phones)
        for phone in phones:  # the online count adds up both processes
            phone.wait(lambda p=phone: p.presence and p.presence[-1] == everyone,
                       f"{everyone} online")

        def post_all(index_and_phone):
            """Post this phone's cards one after the other; return the acknowledgements."""
            index, phone = index_and_phone
            return [phone.post(card(workshop, f"p{index}-{n}")) for n in range(POSTS_PER_PHONE)]

        with ThreadPoolExecutor(len(phones)) as pool:
            acks = [ack for acks in pool.map(post_all, enumerate(phones)) for ack in acks]
        assert all(ack["ok"] for ack in acks), [a for a in acks if not a["ok"]][:3]
        card_seqs = sorted(ack["card"]["seq"] for ack in acks)
        assert len(set(card_seqs)) == len(acks)

        # The first phone retries its first card through the other process: nothing new.
        again = Phone(second, workshop["id"], phones[0].token).connect()
        try:
            retry = again.post(card(workshop, "p0-0"))
        finally:
            again.client.disconnect()
        assert retry["ok"] and retry["card"]["id"] == acks[0]["card"]["id"], retry

        # Wait for the scheduled plenary and its PDF, announced on both processes.
        for phone in phones:
            phone.wait(lambda p=phone: p.pdfs, "the plenary PDF", timeout=120)
        state = first.api("GET", f"/api/v1/workshops/{workshop['id']}",
                          workshop["facilitator_token"]).json()
        last = state["seq"]
        for phone in phones:
            phone.wait(lambda p=phone: p.seqs and p.seqs[-1] >= last, f"seq {last}")
            assert phone.seqs == list(range(1, last + 1)), "a gap, a repeat or out of order"

        plenaries = [e for e in phones[0].events if e["type"] == "plenary.created"]
        assert [p["data"]["number"] for p in plenaries] == [1]
        assert len(card_seqs) == sum(e["type"] == "card.created" for e in phones[0].events)
        assert {p["number"] for phone in phones for p in phone.pdfs} == {1}

        stored = first.instance / "pdfs" / workshop["id"] / "plenary-1.pdf"
        rendered = stored.stat()
        for server in (first, second):
            response = server.api("GET", f"/api/v1/workshops/{workshop['id']}/plenaries/1.pdf",
                                  workshop["facilitator_token"])
            assert response.status_code == 200
            assert response.content == stored.read_bytes()
        # Rendered once: the downloads were served from the stored file, not redrawn.
        assert (stored.stat().st_ino, stored.stat().st_mtime_ns) == (
            rendered.st_ino, rendered.st_mtime_ns)
    finally:
        for phone in phones:
            phone.client.disconnect()


def test_a_phone_leaving_one_process_lowers_the_count_on_the_other(servers):
    first, second = servers
    workshop = create_workshop(first, datetime.now(UTC))
    on_first = Phone(first, workshop["id"], join(first, workshop)).connect()
    on_second = [Phone(second, workshop["id"], join(second, workshop)).connect()
                 for _ in range(2)]
    try:
        on_first.wait(lambda: on_first.presence and on_first.presence[-1] == 3, "3 online")
        on_second[0].client.disconnect()
        on_first.wait(lambda: on_first.presence[-1] == 2, "2 online")
    finally:
        for phone in (on_first, *on_second):
            phone.client.disconnect()


def test_a_later_seq_waits_for_the_earlier_one_to_be_published():
    need(redis_available(), "Redis is not reachable at " + REDIS_URL)
    from openspace.realtime import PublishOrder

    # Two processes' publishers: seq 2 was committed after seq 1 but is ready first.
    first, second = PublishOrder(REDIS_URL), PublishOrder(REDIS_URL)
    workshop_id = f"order-test-{datetime.now(UTC).timestamp()}"
    published: list[int] = []

    def publish_second():
        """Publish seq 2 as soon as it is its turn."""
        second.wait_turn(workshop_id, 2)
        published.append(2)
        second.done(workshop_id, 2)

    later = threading.Thread(target=publish_second)
    later.start()
    later.join(0.3)
    assert later.is_alive() and published == []  # still waiting for seq 1
    first.wait_turn(workshop_id, 1)
    published.append(1)
    first.done(workshop_id, 1)
    later.join(5)
    assert published == [1, 2]
