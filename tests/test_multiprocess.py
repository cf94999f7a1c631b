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

from .conftest import need
from .databases import POSTGRES_URL, fresh_postgres_database, postgres_available
from .helpers import card_body, create_workshop, join
from .phone import Phone
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


def workshop_on(server: ServerProcess, day_starts_at: datetime) -> dict:
    """Create a workshop whose first plenary (every 5 minutes) falls soon."""
    return create_workshop(server, title="Fællesskab i klubberne", themes=["Fritid", "Skole"],
                           plenary_every_minutes=5, timezone="UTC",
                           skip_empty_plenaries=False,  # due even if the cards come late
                           day_starts_at=day_starts_at.isoformat(timespec="seconds"))


def phone_on(server: ServerProcess, workshop: dict, token: str | None = None) -> Phone:
    """A phone connected to ``server`` (as a new participant unless ``token`` is given)."""
    token = token or join(server, workshop)["token"]
    return Phone(server, workshop["id"], token, connect_timeout=15).connect()


def test_two_processes_deliver_every_card_once_in_order_to_every_phone(servers):
    first, second = servers
    # The first slot is 20 s away: it falls due while the phones post, and both
    # schedulers (ticking every 15 s) race for it.
    workshop = workshop_on(first, datetime.now(UTC) - timedelta(minutes=5, seconds=-20))
    phones = [phone_on(server, workshop)
              for server in (first, second) for _ in range(PHONES_PER_PROCESS)]
    try:
        everyone = len(phones)
        for phone in phones:  # the online count adds up both processes
            phone.wait(lambda p=phone: p.presence and p.presence[-1] == everyone,
                       f"{everyone} online")

        def post_all(index_and_phone):
            """Post this phone's cards one after the other; return the acknowledgements."""
            index, phone = index_and_phone
            return [phone.post(card_body(workshop, f"p{index}-{n}", f"Kort p{index}-{n}"),
                               timeout=30) for n in range(POSTS_PER_PHONE)]

        with ThreadPoolExecutor(len(phones)) as pool:
            acks = [ack for acks in pool.map(post_all, enumerate(phones)) for ack in acks]
        assert all(ack["ok"] for ack in acks), [a for a in acks if not a["ok"]][:3]
        card_seqs = sorted(ack["card"]["seq"] for ack in acks)
        assert len(set(card_seqs)) == len(acks)

        # The first phone retries its first card through the other process: nothing new.
        again = phone_on(second, workshop, phones[0].token)
        try:
            retry = again.post(card_body(workshop, "p0-0", "Kort p0-0"), timeout=30)
        finally:
            again.disconnect()
        assert retry["ok"] and retry["card"]["id"] == acks[0]["card"]["id"], retry

        # Wait for the scheduled plenary and its PDF, announced on both processes.
        for phone in phones:
            phone.wait(lambda p=phone: p.pdfs, "the plenary PDF", timeout=120)
        state = first.api("GET", f"/api/v1/workshops/{workshop['id']}",
                          workshop["facilitator_token"]).json()
        # A phone receives every event meant for it (the wall's own events are not): exactly
        # the seqs its catch-up lists, each once, in order.
        seen = first.api("GET", f"/api/v1/workshops/{workshop['id']}/events?after=0&limit=1000",
                         phones[0].token).json()
        assert not seen["has_more"] and seen["seq"] >= state["seq"]
        meant = [event["seq"] for event in seen["events"]]
        assert meant[-1] > len(card_seqs)
        for phone in phones:
            phone.wait(lambda p=phone: p.received and p.received[-1] >= meant[-1],
                       f"seq {meant[-1]}")
            assert phone.received == meant, "a gap, a repeat or out of order"

        plenaries = [e for e in phones[0].all_events if e["type"] == "plenary.created"]
        assert [p["data"]["number"] for p in plenaries] == [1]
        assert len(card_seqs) == sum(e["type"] == "card.created" for e in phones[0].all_events)
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
            phone.disconnect()


def test_a_phone_leaving_one_process_lowers_the_count_on_the_other(servers):
    first, second = servers
    workshop = workshop_on(first, datetime.now(UTC))
    on_first = phone_on(first, workshop)
    on_second = [phone_on(second, workshop) for _ in range(2)]
    try:
        on_first.wait(lambda: on_first.presence and on_first.presence[-1] == 3, "3 online")
        on_second[0].disconnect()
        on_first.wait(lambda: on_first.presence[-1] == 2, "2 online")
    finally:
        for phone in (on_first, *on_second):
            phone.disconnect()


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
