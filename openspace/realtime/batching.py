"""Coalescing a busy workshop's events: one ``events`` frame per phone instead of one per event.

Sending is paid per frame and per phone (a queue put and a websocket write for
each of 2000 phones), not per byte, so when a workshop is busy the events that
fall due within one short window go out as one ``events`` message holding a
list. A quiet workshop loses nothing: an event with no window open is sent at
once, and only then opens a window (only in a crowded room: a few sockets cost
little per frame, so a small room never waits); events that come during it wait at most
the window (≤ 50 ms) and are flushed together when it ends. Only the sockets that take
lists wait: the others get each event at once, as in a quiet room. A window that ends
with nothing waiting closes, and the next event is sent at once again.

Clients that did not announce ``batch: true`` on connect keep getting one
``event`` per event: every socket joins, besides its ordinary rooms, either
the ``|batch`` or the ``|single`` variant of each, and a batch goes as
``events`` to the first and as single ``event``s to the second. Runs of
events with different audiences are never mixed in one message, so every
socket still receives its events in seq order.

Imports no Flask: the Socket.IO server (Flask-SocketIO's, for ``emit``,
``sleep`` and ``start_background_task``) is handed in.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

log = logging.getLogger(__name__)

#: The most events one ``events`` message carries (a flood is split, never refused).
MAX_BATCH = 100
BATCH_SUFFIX = "|batch"
SINGLE_SUFFIX = "|single"


def variant_rooms(rooms: str | list[str], batched: bool) -> list[str]:
    """Return the ``|batch`` (or ``|single``) variant of each room in ``rooms``."""
    suffix = BATCH_SUFFIX if batched else SINGLE_SUFFIX
    return [name + suffix for name in ([rooms] if isinstance(rooms, str) else rooms)]


@dataclass(frozen=True)
class Due:
    """One stored event ready to go: its seq, its rooms and its wire form."""

    seq: int
    rooms: tuple[str, ...]
    body: dict


def runs(items: list[Due]) -> list[list[Due]]:
    """Split ``items`` (in seq order) into runs of the same rooms, each at most ``MAX_BATCH``."""
    result: list[list[Due]] = []
    for item in items:
        if result and result[-1][0].rooms == item.rooms and len(result[-1]) < MAX_BATCH:
            result[-1].append(item)
        else:
            result.append([item])
    return result


class Coalescer:
    """Per workshop: send at once when quiet, collect for ``window`` seconds when busy."""

    def __init__(self, socketio, window: float, done, crowd=None):
        """Send through ``socketio``; ``done(workshop_id, seq)`` records each sent seq.

        ``crowd(workshop_id)`` says whether the workshop has enough sockets here for
        batching to pay (None: always); a small room has every event sent at once.
        """
        self._socketio = socketio
        self._window = window
        self._done = done
        self._crowd = crowd
        self._lock = threading.Lock()  # green under eventlet and gevent (run.py patches it)
        # workshop id -> the events waiting for the end of its open window
        self._waiting: dict[str, list[Due]] = {}
        # workshop id -> the last seq this process sent or holds (its successor needs no wait)
        self._last_local: dict[str, int] = {}
        # workshop id -> held while its events are emitted: a successor that needs no
        # wait (``follows_local``) must not overtake them while their emit yields (Redis).
        self._sending: dict[str, threading.Lock] = {}

    def follows_local(self, workshop_id: str, seq: int) -> bool:
        """True if this process sent or holds ``seq`` − 1 of the workshop (order is kept here)."""
        with self._lock:
            return self._last_local.get(workshop_id) == seq - 1

    def add(self, workshop_id: str, items: list[Due]) -> None:
        """Send ``items`` (one workshop, seq order) now if no window is open, else queue them."""
        if not items:
            return
        with self._lock:
            sending = self._sending.setdefault(workshop_id, threading.Lock())
        with sending:
            self._add(workshop_id, items)

    def _add(self, workshop_id: str, items: list[Due]) -> None:
        """``add``, in the workshop's turn to send."""
        with self._lock:
            self._last_local[workshop_id] = items[-1].seq
            waiting = self._waiting.get(workshop_id)
            if waiting is not None:
                waiting.extend(items)
            else:
                small = self._crowd is not None and not self._crowd(workshop_id)
                if not small:
                    self._waiting[workshop_id] = []  # the window opens once these are sent
        if waiting is not None:
            # A socket that takes one event at a time gains nothing from waiting: it gets
            # them now; the end of the window sends the lists to the others.
            for item in items:
                self._socketio.emit("event", item.body,
                                    to=variant_rooms(list(item.rooms), batched=False))
            return
        if small:  # a few sockets cost little per frame: no window, no delay
            self._send(workshop_id, items)
            return
        try:
            self._send(workshop_id, items)
        finally:
            self._socketio.start_background_task(self._flush_until_quiet, workshop_id)

    def _flush_until_quiet(self, workshop_id: str) -> None:
        """At the end of each window send what came during it; close once nothing did."""
        while True:
            self._socketio.sleep(self._window)
            with self._lock:
                waiting = self._waiting.get(workshop_id) or []
                if not waiting:
                    self._waiting.pop(workshop_id, None)
                    return
                self._waiting[workshop_id] = []
                sending = self._sending[workshop_id]
            try:
                with sending:
                    self._send(workshop_id, waiting, singles_sent=True)
            except Exception:  # the queue (Redis) is down: the next window tries anew
                log.warning("batched publishing failed", exc_info=False)

    def _send(self, workshop_id: str, items: list[Due], singles_sent: bool = False) -> None:
        """Emit ``items``: a run of one as ``event`` to all, longer runs as ``events``.

        ``singles_sent``: the sockets that take single events have had these already
        (they came during a window): only the ``|batch`` sockets get them now.
        """
        for run in runs(items):
            rooms = list(run[0].rooms)
            if len(run) == 1 and not singles_sent:
                self._socketio.emit("event", run[0].body, to=rooms)
            elif len(run) == 1:
                self._socketio.emit("event", run[0].body, to=variant_rooms(rooms, batched=True))
            else:
                self._socketio.emit("events", [item.body for item in run],
                                    to=variant_rooms(rooms, batched=True))
                if not singles_sent:
                    single = variant_rooms(rooms, batched=False)
                    for item in run:
                        self._socketio.emit("event", item.body, to=single)
            self._done(workshop_id, run[-1].seq)
