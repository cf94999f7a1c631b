"""Closing every socket of a room on every server process: deletions end their sockets.

A room's members are known only to the process that holds them, so the
request goes out like an emit, through the message queue when there is one
(Redis), and each process's client manager disconnects its own members
instead of sending anything. Imports no Flask: the managers plug into
python-socketio, and ``close_sockets`` takes the Socket.IO server to use.
"""

from __future__ import annotations

import socketio
from socketio.packet import Packet

#: The event that closes a room's sockets. It never reaches a client: the
#: managers below act on it, on every process.
CLOSE_EVENT = "openspace:close-sockets"
NAMESPACE = "/"


def _close_local(manager, namespace: str | None, room) -> None:
    """Disconnect this process's sockets in ``room`` (their token no longer works)."""
    if not room:
        return  # never everyone: a close names its room
    namespace = namespace or NAMESPACE
    for sid, _ in list(manager.get_participants(namespace, room)):
        manager.server.disconnect(sid, namespace=namespace, ignore_queue=True)


class ClosingManager(socketio.Manager):
    """One process's client manager: a close request disconnects the room's sockets."""

    def emit(self, event, data, namespace=None, room=None, skip_sid=None, callback=None,
             to=None, **kwargs):
        """Emit as usual, except a close request, which disconnects instead."""
        if event == CLOSE_EVENT:
            _close_local(self, namespace, to or room)
            return None
        return super().emit(event, data, namespace=namespace, room=to or room,
                            skip_sid=skip_sid, callback=callback, **kwargs)


#: The sender named in an emit that every process handles from the queue, this one too.
EVERY_HOST = "openspace:every-host"


class ClosingRedisManager(socketio.RedisManager):
    """The Redis message queue's manager: every process acts on a close request.

    Every process also delivers every emit in the queue's one order, its own
    emits included. python-socketio hands an emit to this process's sockets at
    once and to the others through Redis: process B's phones could then get
    seq 65 (B's, at once) before seq 64 (A's, still on its way through Redis),
    although B published 65 only after A published 64 (``PublishOrder``).
    """

    def emit(self, event, data, namespace=None, room=None, skip_sid=None, callback=None,
             to=None, **kwargs):
        """Publish the emit for every process, this one included, to deliver from the queue."""
        body = list(data) if isinstance(data, tuple) else [data]
        if callback is not None or kwargs.get("ignore_queue") or Packet.data_is_binary(body):
            return super().emit(event, data, namespace=namespace, room=to or room,
                                skip_sid=skip_sid, callback=callback, **kwargs)
        message = {"method": "emit", "event": event, "data": body, "binary": False,
                   "namespace": namespace or NAMESPACE, "room": to or room,
                   "skip_sid": skip_sid, "callback": None, "host_id": EVERY_HOST}
        if self._publish(message) is None:  # Redis is down (logged): this process's own at least
            self._handle_emit(message)
        return None

    def _handle_emit(self, message):
        """Handle an emit from the queue (or this process); a close request disconnects."""
        if message.get("event") == CLOSE_EVENT:
            _close_local(self, message.get("namespace"), message.get("room"))
            return
        super()._handle_emit(message)


def socket_manager(redis_url: str | None):
    """Return the client manager for the Socket.IO server: Redis-backed when configured.

    The channel is Flask-SocketIO's default, so every process of an
    installation shares it.
    """
    if redis_url:
        return ClosingRedisManager(redis_url, channel="flask-socketio")
    return ClosingManager()


def close_sockets(server, room: str) -> None:
    """Disconnect every socket in ``room`` on every process (``server``: python-socketio's)."""
    server.emit(CLOSE_EVENT, namespace=NAMESPACE, to=room)
