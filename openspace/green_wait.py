"""psycopg2's wait for PostgreSQL under eventlet and gevent: a moment at once, then cooperatively.

A green wait (eventlet's own, psycogreen's for gevent) hands the loop over at
every round trip and gets it back only after every other ready green thread
has run. On a loop busy sending each card to 2000 phones that costs tens of
milliseconds per round trip, although PostgreSQL on the loopback answers in
a fraction of one: posts on PostgreSQL queued behind the fan-out (issue 15).

So the wait first blocks in the real ``poll`` for at most
``BLOCK_SECONDS``, and only if the answer is not there by then (a row lock
held elsewhere, a slow or distant server) waits cooperatively: the loop is
never held longer than that per round trip. ``run.py`` installs it right
after monkey patching. Imports no Flask.
"""

from __future__ import annotations

import select

import psycopg2
from psycopg2 import extensions

#: The longest a round trip holds the loop before it waits cooperatively.
BLOCK_SECONDS = 0.002


def install(mode: str) -> None:
    """Make psycopg2 wait briefly, then cooperatively, in async ``mode`` (eventlet, gevent)."""
    if mode == "eventlet":
        from eventlet.hubs import trampoline
        from eventlet.patcher import original

        real_poll = original("select").poll

        def green_read(fd):
            """Wait for ``fd`` to be readable, letting other green threads run."""
            trampoline(fd, read=True)

        def green_write(fd):
            """Wait for ``fd`` to be writable, letting other green threads run."""
            trampoline(fd, write=True)
    elif mode == "gevent":
        from gevent.monkey import get_original
        from gevent.socket import wait_read as green_read
        from gevent.socket import wait_write as green_write

        real_poll = get_original("select", "poll")
    else:
        return  # threading: psycopg2's own blocking wait is right
    extensions.set_wait_callback(brief_then_green(real_poll, green_read, green_write))


def brief_then_green(real_poll, green_read, green_write):
    """Return a psycopg2 wait callback: ``real_poll`` briefly, then the green waits.

    ``poll``, not ``select``: a server with 2000 phones has file descriptors past
    ``select``'s limit of 1024.
    """
    brief_ms = int(BLOCK_SECONDS * 1000)

    def ready(fd: int, event: int) -> bool:
        """Wait at most ``BLOCK_SECONDS`` for ``event`` on ``fd``, holding the loop."""
        poller = real_poll()
        poller.register(fd, event)
        return bool(poller.poll(brief_ms))

    def wait(connection, timeout=None):
        """Wait until psycopg2's connection has finished its current exchange."""
        while True:
            state = connection.poll()
            if state == extensions.POLL_OK:
                return
            fd = connection.fileno()
            if state == extensions.POLL_READ:
                if not ready(fd, select.POLLIN):
                    green_read(fd)
            elif state == extensions.POLL_WRITE:
                if not ready(fd, select.POLLOUT):
                    green_write(fd)
            else:
                raise psycopg2.OperationalError(f"Bad result from poll: {state!r}")

    return wait
