"""Who is connected right now: this process's sockets and the online count per workshop.

Imports no Flask: the Socket.IO server is handed in, and the app factory keeps
one ``Presence`` per app (see ``openspace.realtime``).
"""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from dataclasses import dataclass

import redis

from ..services.access import Actor
from .publishing import room

PRESENCE_INTERVAL_SECONDS = 1.0
# With Redis, each process stores its own count under a key that expires unless
# refreshed: a killed process drops out of the online count within the TTL.
SHARED_COUNT_TTL_SECONDS = 30
SHARED_COUNT_REFRESH_SECONDS = 10


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

    def __init__(self, socketio, redis_url: str | None = None):
        """Start empty, sending through ``socketio``; with ``redis_url``, count every process.

        The sender task starts with the first connection and ends once nobody
        is connected and every change was sent, so an app that is dropped (a
        test's) leaves no task behind.
        """
        self._socketio = socketio
        self._lock = threading.Lock()
        self._connections: dict[str, Connection] = {}
        self._counts: Counter[str] = Counter()
        self._holders: dict[str, object] = {}  # sid -> who holds its token
        self._per_holder: Counter[object] = Counter()
        self._dirty: set[str] = set()
        self._sender_running = False
        self._shared = SharedCounts(redis_url) if redis_url else None
        self._sent: dict[str, int] = {}

    def add(self, sid: str, connection: Connection, holder: object = None,
            limit: int | None = None) -> int | None:
        """Register a socket; return how many are now connected to its workshop.

        ``holder`` names the token behind the socket: when it already holds
        ``limit`` sockets here, nothing is registered and None is returned.
        A sid counts once however often it is added (the latest connection wins).
        """
        workshop_id = connection.actor.workshop_id
        with self._lock:
            self._forget(sid)
            if limit is not None and self._per_holder[holder] >= limit:
                return None
            self._connections[sid] = connection
            self._holders[sid] = holder
            self._per_holder[holder] += 1
            self._counts[workshop_id] += 1
            self._dirty.add(workshop_id)
            start = not self._sender_running
            self._sender_running = True
        if start:
            self._socketio.start_background_task(self._send_counts)
        return self.count(workshop_id)

    def remove(self, sid: str) -> None:
        """Forget a socket that has gone (a sid not registered changes nothing)."""
        with self._lock:
            self._forget(sid)

    def _forget(self, sid: str) -> None:
        """Drop ``sid`` from every count; the caller holds the lock."""
        connection = self._connections.pop(sid, None)
        if connection is None:
            return
        holder = self._holders.pop(sid, None)
        self._per_holder[holder] -= 1
        if self._per_holder[holder] <= 0:
            del self._per_holder[holder]
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
        """Every interval, send the changed counts to their rooms; stop when nobody is left."""
        ticks_per_refresh = round(SHARED_COUNT_REFRESH_SECONDS / PRESENCE_INTERVAL_SECONDS)
        tick = 0
        while True:
            self._socketio.sleep(PRESENCE_INTERVAL_SECONDS)
            tick += 1
            with self._lock:
                if not self._dirty and not self._counts:
                    # Checked under the lock that ``add`` takes: a socket arriving
                    # now finds the sender stopped and starts a new one.
                    self._sender_running = False
                    return
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
                    self._socketio.emit("presence", {"connected": count}, to=room(workshop_id))
