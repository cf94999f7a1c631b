"""Sending a connecting socket what it missed: page by page, at the pace it reads.

The contract promises every event after ``last_seq``. A long backlog (a phone
asking from 0 on a board of 20,000 events) is read and sent in pages of
``PAGE`` events, and the next page waits until the socket has taken the
previous one: a socket that never reads holds one page of memory, not the
whole log, and is refused after ``REPLAY_DRAIN_SECONDS`` (config). Between pages the
loop is free for everyone else. A replay longer than one page also counts
against the viewer's ``catchup`` rate limit (``GET …/events`` does too).
"""

from __future__ import annotations

import time

from flask import current_app

from ..db import get_db
from ..extensions import socketio
from ..services.access import Actor
from ..services.catchup import catch_up

#: Events read and sent at a time.
PAGE = 100
DRAIN_POLL_SECONDS = 0.05


def send_backlog(sid: str, actor: Actor, after: int) -> int | None:
    """Send ``sid`` the events after seq ``after``; return the last seq read.

    Returns None when the socket does not read (the caller lets it go).
    """
    cursor = after
    while True:
        # Let waiting requests in before each page: a crowd reconnecting at once
        # must not hold /healthz or a post behind all their backlogs.
        socketio.sleep(0)
        with get_db().read() as session:
            page = catch_up(session, actor.workshop_id, cursor, actor, PAGE)
        for event in page:
            socketio.emit("event", event, to=sid)
        if page:
            cursor = page[-1]["seq"]
        if len(page) < PAGE:
            return cursor
        if not _drained(sid):
            return None


def _drained(sid: str) -> bool:
    """Wait (cooperatively) until the socket's outgoing queue is empty; False on time-out."""
    server = socketio.server
    eio_sid = server.manager.eio_sid_from_sid(sid, "/")
    deadline = time.monotonic() + current_app.config["REPLAY_DRAIN_SECONDS"]
    while True:
        socket = server.eio.sockets.get(eio_sid)
        if socket is None:
            return True  # no transport queue to wait for (Flask-SocketIO's test client)
        if socket.closed:
            return False
        if socket.queue.qsize() == 0:
            return True
        if time.monotonic() > deadline:
            return False
        socketio.sleep(DRAIN_POLL_SECONDS)
