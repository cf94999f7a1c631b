"""Pushing stored events to a workshop's room, and who is connected right now."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass

from .extensions import socketio
from .models import AUDIENCE_ALL, AUDIENCE_MODERATORS
from .services.access import Actor
from .services.eventlog import PARTICIPANT_AUDIENCE_PREFIX, event_json

PRESENCE_INTERVAL_SECONDS = 1.0


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
        to = audience_rooms(event.workshop_id, event.audience)
        socketio.emit("event", event_json(event), to=to)


def announce_pdf(workshop_id: str, number: int, size: int) -> None:
    """Tell the workshop's screens that a plenary's PDF is ready to download."""
    socketio.emit("pdf", {"number": number, "ready": True, "size": size}, to=room(workshop_id))


@dataclass(frozen=True)
class Connection:
    """One live socket: who it is and which language it speaks."""

    actor: Actor
    locale: str


class Presence:
    """The sockets of this process, by sid, and a throttled count per workshop.

    A burst of 80 phones joining would otherwise send 80 counts to 80 screens;
    the count goes out at most once a second per workshop instead.
    """

    def __init__(self):
        """Start empty; the sender task starts with the first connection."""
        self._lock = threading.Lock()
        self._connections: dict[str, Connection] = {}
        self._counts: Counter[str] = Counter()
        self._dirty: set[str] = set()
        self._sender_started = False

    def add(self, sid: str, connection: Connection) -> int:
        """Register a socket; return how many are now connected to its workshop."""
        workshop_id = connection.actor.workshop_id
        with self._lock:
            self._connections[sid] = connection
            self._counts[workshop_id] += 1
            self._dirty.add(workshop_id)
            start = not self._sender_started
            self._sender_started = True
            count = self._counts[workshop_id]
        if start:
            socketio.start_background_task(self._send_counts)
        return count

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
        """Return how many sockets of this process are connected to the workshop."""
        return self._counts.get(workshop_id, 0)

    def _send_counts(self) -> None:
        """Forever: every interval, send the changed counts to their rooms."""
        while True:
            socketio.sleep(PRESENCE_INTERVAL_SECONDS)
            with self._lock:
                dirty, self._dirty = self._dirty, set()
                counts = {w: self._counts.get(w, 0) for w in dirty}
            for workshop_id, count in counts.items():
                socketio.emit("presence", {"connected": count}, to=room(workshop_id))


presence = Presence()
