"""Pushing stored events to a workshop's rooms, in seq order even across processes.

Imports no Flask: the Socket.IO server is handed in (``Publisher(socketio, order)``),
and the app factory keeps one ``Publisher`` per app (see ``openspace.realtime``).
"""

from __future__ import annotations

import time

import redis

from ..models import AUDIENCE_ALL, AUDIENCE_MODERATORS, AUDIENCE_WALL
from ..services.access import Actor
from ..services.eventlog import event_json
from ..services.visibility import PARTICIPANT_AUDIENCE_PREFIX, PROJECTOR
from .batching import Coalescer, Due, variant_rooms


def room(workshop_id: str) -> str:
    """Return the Socket.IO room of a workshop."""
    return f"workshop:{workshop_id}"


def moderators_room(workshop_id: str) -> str:
    """Return the room of a workshop's facilitator and organiser sockets."""
    return f"workshop:{workshop_id}:moderators"


def participant_room(participant_id: str) -> str:
    """Return the room of one participant's sockets (a phone may have several tabs)."""
    return f"participant:{participant_id}"


def wall_room(workshop_id: str) -> str:
    """Return the room of a workshop's projector sockets."""
    return f"workshop:{workshop_id}:wall"


def rooms_for(actor: Actor, batched: bool = False) -> list[str]:
    """Return every room a socket of ``actor`` joins.

    Besides the ordinary rooms, the ``|batch`` variants for a client that takes
    ``events`` lists (``batched``), else the ``|single`` ones (see ``batching``).
    """
    rooms = [room(actor.workshop_id)]
    if actor.moderates:
        rooms.append(moderators_room(actor.workshop_id))
    if actor.role == PROJECTOR:
        rooms.append(wall_room(actor.workshop_id))
    if actor.participant_id is not None:
        rooms.append(participant_room(actor.participant_id))
    return rooms + variant_rooms(rooms, batched)


def audience_rooms(workshop_id: str, audience: str) -> str | list[str]:
    """Return the room(s) an event with ``audience`` goes to."""
    if audience == AUDIENCE_ALL:
        return room(workshop_id)
    if audience == AUDIENCE_MODERATORS:
        return moderators_room(workshop_id)
    if audience == AUDIENCE_WALL:
        return [moderators_room(workshop_id), wall_room(workshop_id)]
    participant_id = audience.removeprefix(PARTICIPANT_AUDIENCE_PREFIX)
    # A socket in both rooms gets the event once (the manager merges by sid).
    return [moderators_room(workshop_id), participant_room(participant_id)]


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

    def __init__(self, redis_url: str | None = None):
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


class Publisher:
    """One app's way out to the rooms: stored events in seq order, and "PDF ready"."""

    def __init__(self, socketio, order: PublishOrder, batch_seconds: float = 0,
                 batch_from: int = 0):
        """Emit through ``socketio`` (Flask-SocketIO's server), ordered by ``order``.

        ``batch_seconds`` > 0 coalesces a busy workshop's events for that long
        (``realtime.batching``) once its room holds ``batch_from`` sockets on this
        process; 0 sends every event at once, one by one.
        """
        self._socketio = socketio
        self._order = order
        self._batch_from = batch_from
        self._coalescer = (Coalescer(socketio, batch_seconds, order.done, self._crowded)
                           if batch_seconds > 0 else None)

    def _crowded(self, workshop_id: str) -> bool:
        """True if the workshop's room holds at least ``batch_from`` sockets on this process."""
        if self._batch_from <= 0:
            return True
        rooms = self._socketio.server.manager.rooms.get("/", {})
        return len(rooms.get(room(workshop_id), ())) >= self._batch_from

    def publish(self, events) -> None:
        """Send stored events to their audience in their workshop, in seq order."""
        if self._coalescer is not None:
            self._publish_coalesced(events)
            return
        for event in events:
            # Every stored event passes here in seq order, whatever its audience,
            # or the next seq of the workshop would wait for it (see PublishOrder).
            self._order.wait_turn(event.workshop_id, event.seq)
            to = audience_rooms(event.workshop_id, event.audience)
            self._socketio.emit("event", event_json(event), to=to)
            self._order.done(event.workshop_id, event.seq)

    def _publish_coalesced(self, events) -> None:
        """Hand the events to the coalescer per workshop, each after its predecessor."""
        by_workshop: dict[str, list[Due]] = {}
        for event in events:
            due = by_workshop.setdefault(event.workshop_id, [])
            # The events of one write follow each other; the first one's predecessor
            # may come from another process (see PublishOrder), unless this one has it.
            if not due and not self._coalescer.follows_local(event.workshop_id, event.seq):
                self._order.wait_turn(event.workshop_id, event.seq)
            to = audience_rooms(event.workshop_id, event.audience)
            due.append(Due(event.seq, tuple([to] if isinstance(to, str) else to),
                           event_json(event)))
        for workshop_id, due in by_workshop.items():
            self._coalescer.add(workshop_id, due)

    def announce_pdf(self, workshop_id: str, number: int, size: int) -> None:
        """Tell the workshop's screens that a plenary's PDF is ready to download."""
        self._socketio.emit("pdf", {"number": number, "ready": True, "size": size},
                            to=room(workshop_id))
