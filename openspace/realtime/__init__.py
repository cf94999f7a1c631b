"""The live side of an app: publishing events to rooms, and who is connected.

Each app holds its own ``Publisher`` and ``Presence`` in ``app.extensions``
(made by ``init_app`` in the app factory), so two apps in one process share
neither their publishing order nor their online counts. HTTP views and socket
handlers reach the current app's through ``publish(events)`` and ``presence``;
code outside a request (the scheduler) passes its app: ``publisher_of(app)``.
"""

from __future__ import annotations

from flask import Flask, current_app
from werkzeug.local import LocalProxy

from .closing import close_sockets, socket_manager
from .presence import Connection, Presence, SharedCounts
from .publishing import (
    Publisher,
    PublishOrder,
    audience_rooms,
    moderators_room,
    participant_room,
    room,
    rooms_for,
)

__all__ = [
    "Connection", "Presence", "PublishOrder", "Publisher", "SharedCounts", "audience_rooms",
    "close_sockets", "current_presence", "init_app", "moderators_room", "participant_room",
    "presence", "presence_of", "publish", "publisher_of", "room", "rooms_for", "socket_manager",
]

PUBLISHER = "openspace.publisher"
PRESENCE = "openspace.presence"


def init_app(app: Flask, socketio) -> None:
    """Give ``app`` its publisher and presence, shared through its Redis if it has one."""
    redis_url = app.config.get("REDIS_URL")
    # Batching needs a green sleep between windows: the real servers (eventlet,
    # gevent). The threading mode, for tests with Flask-SocketIO's test client,
    # sends every event at once, as those tests expect.
    green = app.config["ASYNC_MODE"] != "threading"
    batch_ms = app.config.get("FANOUT_BATCH_MS", 0) if green else 0
    app.extensions[PUBLISHER] = Publisher(socketio, PublishOrder(redis_url), batch_ms / 1000,
                                          app.config.get("FANOUT_BATCH_FROM", 0))
    app.extensions[PRESENCE] = Presence(socketio, redis_url)


def publisher_of(app: Flask) -> Publisher:
    """Return the publisher of ``app``."""
    return app.extensions[PUBLISHER]


def presence_of(app: Flask) -> Presence:
    """Return the presence (connected sockets, online counts) of ``app``."""
    return app.extensions[PRESENCE]


def current_presence() -> Presence:
    """Return the presence of the app handling the current request or socket event."""
    return presence_of(current_app)


#: The current app's ``Presence``, for socket handlers (``presence.add(sid, ...)``).
presence: Presence = LocalProxy(current_presence)  # type: ignore[assignment]


def publish(events) -> None:
    """Send stored events to their rooms through the current app's publisher."""
    publisher_of(current_app).publish(events)
