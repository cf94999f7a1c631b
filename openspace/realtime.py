"""Pushing stored events to a workshop's room, and who is connected right now."""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass

import redis

from .extensions import socketio
from .models import AUDIENCE_ALL, AUDIENCE_MODERATORS
from .services.access import Actor
from .services.eventlog import event_json
from .services.visibility import PARTICIPANT_AUDIENCE_PREFIX

PRESENCE_INTERVAL_SECONDS = 1.0
# With Redis, each process stores its own count under a key that expires unless
# refreshed: a killed process drops out of the online count within the TTL.
SHARED_COUNT_TTL_SECONDS = 30
SHARED_COUNT_REFRESH_SECONDS = 10


def room(workshop_id: str) -> str:
    """Return the Socket.IO room of a workshop."""
    return f"workshop:{workshop_id}"


def moderators_room(workshop_id: str) -> str:
    """Return the room of a workshop's facilitator and organiser sockets."""
    return f"workshop:{workshop_id}:moderators"


def participant_room(participant_id: str) -> str:
    """Return the room of one participant's sockets (a phone may have several tabs)."""
    return f"participant:{participant_id}"


def rooms_for(actor: Actor) -> list[str]:
    """Return every room a socket of ``actor`` joins."""
    rooms = [room(actor.workshop_id)]
    if actor.moderates:
        rooms.append(moderators_room(actor.workshop_id))
    if actor.participant_id is not None:
        rooms.append(participant_room(actor.participant_id))
    return rooms


def audience_rooms(workshop_id: str, audience: str) -> str | list[str]:
    """Return the room(s) an event with ``audience`` goes to."""
    if audience == AUDIENCE_ALL:
        return room(workshop_id)
    if audience == AUDIENCE_MODERATORS:
        return moderators_room(workshop_id)
    participant_id = audience.removeprefix(PARTICIPANT_AUDIENCE_PREFIX)
    # A socket in both rooms gets the event once (the manager merges by sid).
    return [moderators_room(workshop_id), participant_room(participant_id)]


def publish(events) -> None:
    """Send stored events to their audience in their workshop, in seq order."""
    for event in events:
        # Every stored event passes here in seq order, whatever its audience,
        # or the next seq of the workshop would wait for it (see PublishOrder).
        publish_order.wait_turn(event.workshop_id, event.seq)
        to = audience_rooms(event.workshop_id, event.audience)
        socketio.emit("event", event_json(event), to=to)
        publish_order.done(event.workshop_id, event.seq)


class PublishOrder:
    """With several processes, publish each workshop's events in seq order.

    Process A may commit seq 27 and process B seq 28 a moment later, yet B's
    message reach Redis first: every phone would see a gap and fetch the
    missing event, 2000 requests at once. So a process publishes seq N only
    after seq N − 1 was published (Redis keeps the last published seq), or
    after ``WAIT_SECONDS`` if that never happens (its process died). One
    process alone publishes right after its commit and needs none of this.
    """

    WAIT_SECONDS = 1.0
    # Raise the mark, never lower it: a late publisher after a timeout must not rewind it.
    RAISE_MARK = """
        if tonumber(redis.call('get', KEYS[1]) or '0') < tonumber(ARGV[1]) then
            redis.call('set', KEYS[1], ARGV[1], 'EX', 86400)
        end"""

    def __init__(self):
        """Start without Redis (one process)."""
        self._redis: redis.Redis | None = None
        self._raise_mark = None

    def share_through(self, redis_url: str | None) -> None:
        """Order publishing through the Redis at ``redis_url`` (None: this process only)."""
        self._redis = redis.Redis.from_url(redis_url, socket_timeout=5) if redis_url else None
        self._raise_mark = self._redis.register_script(self.RAISE_MARK) if self._redis else None

    def wait_turn(self, workshop_id: str, seq: int) -> None:
        """Return once seq − 1 is published, or after the wait."""
        if self._redis is None:
            return
        deadline = time.monotonic() + self.WAIT_SECONDS
        try:
            while int(self._redis.get(self._key(workshop_id)) or 0) < seq - 1:
                if time.monotonic() > deadline:
                    return
                time.sleep(0.002)  # green under eventlet and gevent (run.py patches time)
        except redis.RedisError:
            return  # the emit itself will report a queue that is down

    def done(self, workshop_id: str, seq: int) -> None:
        """Record that ``seq`` is published."""
        if self._raise_mark is not None:
            try:
                self._raise_mark(keys=[self._key(workshop_id)], args=[seq])
            except redis.RedisError:
                return

    @staticmethod
    def _key(workshop_id: str) -> str:
        """Return the key of the workshop's last published seq."""
        return f"openspace:published:{workshop_id}"


publish_order = PublishOrder()


def share_through(redis_url: str | None) -> None:
    """Share the online count and the publishing order with other processes through Redis."""
    presence.share_through(redis_url)
    publish_order.share_through(redis_url)


def announce_pdf(workshop_id: str, number: int, size: int) -> None:
    """Tell the workshop's screens that a plenary's PDF is ready to download."""
    socketio.emit("pdf", {"number": number, "ready": True, "size": size}, to=room(workshop_id))


@dataclass(frozen=True)
class Connection:
    """One live socket: who it is and which language it speaks."""

    actor: Actor
    locale: str


class SharedCounts:
    """Every server process's connected count per workshop, kept in Redis.

    Process P's count of workshop W lives in ``openspace:presence:W:P`` (with a
    TTL); the set ``openspace:presence:W`` names the processes to add up.
    """

    def __init__(self, url: str):
        """Connect lazily to the Redis at ``url``; this process gets a fresh id."""
        self._redis = redis.Redis.from_url(url, socket_timeout=5)
        self._process = uuid.uuid4().hex

    def store(self, workshop_id: str, count: int) -> None:
        """Record this process's count for the workshop (0 removes it)."""
        members, key = f"openspace:presence:{workshop_id}", self._key(workshop_id, self._process)
        with self._redis.pipeline() as pipe:
            if count > 0:
                pipe.set(key, count, ex=SHARED_COUNT_TTL_SECONDS).sadd(members, self._process)
                pipe.expire(members, SHARED_COUNT_TTL_SECONDS * 4)
            else:
                pipe.delete(key).srem(members, self._process)
            pipe.execute()

    def total(self, workshop_id: str) -> int:
        """Return the count over every live process; forget processes whose key expired."""
        members = f"openspace:presence:{workshop_id}"
        processes = sorted(p.decode() for p in self._redis.smembers(members))
        if not processes:
            return 0
        values = self._redis.mget([self._key(workshop_id, p) for p in processes])
        gone = [p for p, value in zip(processes, values, strict=True) if value is None]
        if gone:
            self._redis.srem(members, *gone)
        return sum(int(value) for value in values if value is not None)

    @staticmethod
    def _key(workshop_id: str, process: str) -> str:
        """Return the key of one process's count for a workshop."""
        return f"openspace:presence:{workshop_id}:{process}"


class Presence:
    """The sockets of this process, by sid, and a throttled count per workshop.

    A burst of 80 phones joining would otherwise send 80 counts to 80 screens;
    the count goes out at most once a second per workshop instead. With Redis
    configured (several processes), the count sent is the sum over all of them.
    """

    def __init__(self):
        """Start empty; the sender task starts with the first connection."""
        self._lock = threading.Lock()
        self._connections: dict[str, Connection] = {}
        self._counts: Counter[str] = Counter()
        self._dirty: set[str] = set()
        self._sender_started = False
        self._shared: SharedCounts | None = None
        self._sent: dict[str, int] = {}

    def share_through(self, redis_url: str | None) -> None:
        """Add up the counts of every process through Redis (None: this process only)."""
        self._shared = SharedCounts(redis_url) if redis_url else None

    def add(self, sid: str, connection: Connection) -> int:
        """Register a socket; return how many are now connected to its workshop."""
        workshop_id = connection.actor.workshop_id
        with self._lock:
            self._connections[sid] = connection
            self._counts[workshop_id] += 1
            self._dirty.add(workshop_id)
            start = not self._sender_started
            self._sender_started = True
        if start:
            socketio.start_background_task(self._send_counts)
        return self.count(workshop_id)

    def remove(self, sid: str) -> None:
        """Forget a socket that has gone."""
        with self._lock:
            connection = self._connections.pop(sid, None)
            if connection is None:
                return
            workshop_id = connection.actor.workshop_id
            self._counts[workshop_id] -= 1
            if self._counts[workshop_id] <= 0:
                del self._counts[workshop_id]
            self._dirty.add(workshop_id)

    def get(self, sid: str) -> Connection | None:
        """Return the connection of ``sid`` if it is connected."""
        return self._connections.get(sid)

    def count(self, workshop_id: str) -> int:
        """Return how many sockets are connected to the workshop (every process with Redis)."""
        local = self._counts.get(workshop_id, 0)
        if self._shared is None:
            return local
        try:
            self._shared.store(workshop_id, local)
            return max(local, self._shared.total(workshop_id))
        except redis.RedisError:
            return local  # the online count is a nicety: never refuse a phone for it

    def _send_counts(self) -> None:
        """Forever: every interval, send the changed counts to their rooms."""
        ticks_per_refresh = round(SHARED_COUNT_REFRESH_SECONDS / PRESENCE_INTERVAL_SECONDS)
        tick = 0
        while True:
            socketio.sleep(PRESENCE_INTERVAL_SECONDS)
            tick += 1
            with self._lock:
                dirty, self._dirty = self._dirty, set()
                refresh = set()
                if self._shared is not None and tick % ticks_per_refresh == 0:
                    # Keep this process's keys alive, and notice processes that died.
                    refresh = set(self._counts) - dirty
            for workshop_id in dirty | refresh:
                count = self.count(workshop_id)
                # A refresh speaks only when the sum changed (a process died).
                if workshop_id in dirty or self._sent.get(workshop_id) != count:
                    self._sent[workshop_id] = count
                    socketio.emit("presence", {"connected": count}, to=room(workshop_id))


presence = Presence()
