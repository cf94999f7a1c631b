"""psycopg2 waiting for PostgreSQL cooperatively, under eventlet and gevent alike.

psycopg2 is a C extension: a query waits for its answer inside libpq, where
no green thread can run, so one request waiting on a row lock froze every
other request and socket of the process. With a *wait callback* psycopg2
hands each wait to Python instead, and the callback waits on the socket the
green way. eventlet's patching at start-up installs its own (``psycopg=True``
is among its defaults); gevent has none, so ``run.py`` installs this one
(what psycogreen does, without the dependency).

``off_the_loop`` does the same for SQLite's COMMIT, whose fsync blocks in C.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def gevent_wait_callback(connection, timeout=None) -> None:
    """Wait for ``connection`` as gevent would: other greenlets run meanwhile."""
    from gevent.socket import wait_read, wait_write
    from psycopg2 import OperationalError, extensions

    while True:
        state = connection.poll()
        if state == extensions.POLL_OK:
            return
        if state == extensions.POLL_READ:
            wait_read(connection.fileno(), timeout=timeout)
        elif state == extensions.POLL_WRITE:
            wait_write(connection.fileno(), timeout=timeout)
        else:
            raise OperationalError(f"bad result from poll: {state!r}")


def make_psycopg2_green(mode: str) -> bool:
    """Have psycopg2 wait cooperatively in async ``mode``; True if it now does.

    Without psycopg2 installed (SQLite only) there is nothing to do.
    """
    try:
        from psycopg2 import extensions
    except ImportError:
        return False
    if mode == "gevent":
        extensions.set_wait_callback(gevent_wait_callback)
    elif mode == "eventlet" and extensions.get_wait_callback() is None:
        from eventlet.support import psycopg2_patcher

        psycopg2_patcher.make_psycopg_green()
    return extensions.get_wait_callback() is not None


def green_mode() -> str | None:
    """Return the async mode this process is monkey patched for (None: plain threads)."""
    if "eventlet" in sys.modules:
        from eventlet import patcher

        if patcher.is_monkey_patched("thread"):
            return "eventlet"
    if "gevent" in sys.modules:
        from gevent import monkey

        if monkey.is_module_patched("threading"):
            return "gevent"
    return None


def off_the_loop(function: Callable[[], T]) -> T:
    """Return ``function()``, run in a native thread while the event loop goes on, if green.

    For a C call that blocks on the disk without the loop knowing (SQLite's
    fsync at COMMIT: 4–6 ms, past 30 ms on a busy disk, measured on the
    benchmark machine); it must release the GIL, as sqlite3 does. Without
    monkey patching the call runs here, in the caller's thread.
    """
    mode = green_mode()
    if mode == "eventlet":
        from eventlet import tpool

        return tpool.execute(function)
    if mode == "gevent":
        import gevent

        return gevent.get_hub().threadpool.apply(function)
    return function()
