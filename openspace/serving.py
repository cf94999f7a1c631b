"""Serve within the process's means: open files, connection caps, a header deadline.

Every client connection costs one open file. Left alone, eventlet accepts
until ``accept()`` fails with ``EMFILE`` (1024 files by default on Linux, 256
on macOS) and that error ends the server. Here:

- the soft open-file limit is raised at start as far as the hard limit (and
  macOS's ``OPEN_MAX``) allows, and no further than the server needs;
- the connection cap stays below that limit, leaving files for the database,
  PDFs, Redis, logs and the PDF worker's pipes; connections above the cap,
  or above the cap per address, get a short 503 and are closed at once;
- ``accept()`` errors never end the process: running out of files backs off
  briefly and serving goes on;
- a request's line and headers must arrive within the header timeout (which
  also closes idle keep-alive connections); once the application runs, the
  deadline is gone, so WebSockets and long-polls stay open as long as they
  like. A body or an answer that makes no progress for 60 s ends the request.

Flask-free: ``run.py`` hands in the WSGI application and the numbers from
``openspace.config``.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import resource
import socket
import sys
import time
from collections import Counter
from dataclasses import dataclass

log = logging.getLogger(__name__)

#: macOS refuses a soft limit above OPEN_MAX even when the hard limit says "unlimited".
DARWIN_OPEN_MAX = 10240
#: Open files kept free for everything that is not a client connection.
MIN_RESERVED_FILES, MAX_RESERVED_FILES = 64, 256
#: Once a request's headers are in, a stalled body read or response write ends after this.
IO_TIMEOUT_SECONDS = 60
#: accept() errors that mean "out of files or memory": wait, then try again.
EXHAUSTED = {errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM}
#: accept() errors about one connection that died in the queue: just take the next one.
TRANSIENT = {errno.ECONNABORTED, errno.ECONNRESET, errno.EPROTO, errno.EPERM, errno.EINTR,
             errno.ENETDOWN, errno.ENETUNREACH, errno.EHOSTDOWN, errno.EHOSTUNREACH,
             errno.ENOPROTOOPT, errno.EOPNOTSUPP, errno.ETIMEDOUT}
REFUSAL_BODY = (b'{"error": {"code": "unavailable", "message": '
                b'"The server is full right now. Try again in a moment."}}')
REFUSAL = (b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
           b"Retry-After: 5\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s"
           % (len(REFUSAL_BODY), REFUSAL_BODY))


@dataclass(frozen=True)
class Limits:
    """What one server process admits.

    ``per_address`` 0 means no cap per address (behind a trusted proxy every
    connection comes from the proxy's address).
    """

    max_connections: int
    per_address: int
    header_timeout: float
    open_files: int


class HeaderTimeout(TimeoutError):
    """The request line and headers did not arrive in time (a ``socket.timeout``)."""


def raise_open_file_limit(wanted: int) -> int:
    """Raise the soft open-file limit towards ``wanted``; return the soft limit in force.

    Never above the hard limit (nor ``OPEN_MAX`` on macOS); never lowered.
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    ceiling = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if sys.platform == "darwin":
        ceiling = min(ceiling, DARWIN_OPEN_MAX)
    if soft != resource.RLIM_INFINITY and soft < ceiling:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (ceiling, hard))
            soft = ceiling
        except (ValueError, OSError) as error:  # a kernel ceiling below the hard limit
            log.warning("could not raise the open-file limit to %d: %s", ceiling, error)
    return wanted if soft == resource.RLIM_INFINITY else soft


def reserved_files(open_files: int) -> int:
    """Return how many open files to keep free of client connections."""
    return max(MIN_RESERVED_FILES, min(MAX_RESERVED_FILES, open_files // 4))


def plan(max_connections: int, per_address: int, header_timeout: float,
         trusted_proxies: int = 0) -> Limits:
    """Raise the open-file limit and derive caps that fit inside it.

    The cap per address stays below the global cap (a tenth of the places
    remain for other addresses) and is off behind a trusted proxy.
    """
    open_files = raise_open_file_limit(max_connections + MAX_RESERVED_FILES)
    cap = max(1, min(max_connections, open_files - reserved_files(open_files)))
    if trusted_proxies or not per_address:
        per_address = 0
    else:
        per_address = max(1, min(per_address, cap - cap // 10))
    limits = Limits(cap, per_address, header_timeout, open_files)
    log.info("serving at most %d connections (%s per address), %d open files, "
             "headers within %g s", cap, per_address or "no cap", open_files, header_timeout)
    if cap < max_connections:
        log.warning("the open-file limit (%d) holds the connection cap to %d; raise it with "
                    "`ulimit -n` or LimitNOFILE= (docs/DEPLOY.md)", open_files, cap)
    return limits


class Gate:
    """Counts the open client connections, in all and per address, and admits or refuses."""

    def __init__(self, limits: Limits):
        """Start with no connections."""
        self.limits = limits
        self.open = 0
        self.by_address: Counter[str] = Counter()
        self.refused = 0
        self._last_warning = float("-inf")

    def admit(self, address: str) -> bool:
        """Count a new connection from ``address`` if the caps allow it."""
        per_address = self.limits.per_address
        if self.open >= self.limits.max_connections or (
                per_address and self.by_address[address] >= per_address):
            self.refused += 1
            self.warn("refusing connections: %d open, %d refused so far",
                      self.open, self.refused)
            return False
        self.open += 1
        self.by_address[address] += 1
        return True

    def release(self, address: str) -> None:
        """Forget a closed connection from ``address``."""
        self.open -= 1
        self.by_address[address] -= 1
        if self.by_address[address] <= 0:
            del self.by_address[address]

    def warn(self, message: str, *args) -> None:
        """Log a warning at most once a minute (a flood must not flood the log)."""
        now = time.monotonic()
        if now - self._last_warning >= 60:
            self._last_warning = now
            log.warning(message, *args)


def address_of(peer) -> str:
    """Return the host part of a socket peer address (IPv4, IPv6 or a Unix socket)."""
    return peer[0] if isinstance(peer, tuple) else str(peer)


def refuse(connection) -> None:
    """Answer 503 without waiting for anything, and close the connection."""
    try:
        connection.setblocking(False)
        with contextlib.suppress(OSError):  # read what arrived, so closing does not reset
            connection.recv(65536)
        connection.send(REFUSAL)
        connection.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    finally:
        connection.close()


class GuardedListener:
    """The listening socket, as eventlet's server sees it: ``accept()`` enforces the caps.

    ``accept()`` returns only admitted connections, refuses the others with
    :func:`refuse`, and turns out-of-files errors into a short back-off.
    """

    def __init__(self, listener, gate: Gate, sleep):
        """Wrap ``listener``; ``sleep`` is the green sleep of the async mode."""
        self._listener, self._gate, self._sleep = listener, gate, sleep

    def accept(self):
        """Wait for the next connection the caps admit."""
        delay = 0.01
        while True:
            try:
                connection, peer = self._listener.accept()
            except OSError as error:
                if error.errno in EXHAUSTED:
                    self._gate.warn("out of open files with %d connections open (%s); "
                                    "pausing accept", self._gate.open, errno.errorcode.get(
                                        error.errno, error.errno))
                    self._sleep(delay)
                    delay = min(1.0, delay * 2)
                    continue
                if error.errno in TRANSIENT:
                    continue
                raise
            delay = 0.01
            if self._gate.admit(address_of(peer)):
                return connection, peer
            refuse(connection)

    def __getattr__(self, name):
        """Everything else (getsockname, family, close) is the listening socket's."""
        return getattr(self._listener, name)


def protocol_class(gate: Gate, header_timeout: float):
    """Return eventlet's HTTP protocol with a header deadline and connection accounting."""
    import eventlet
    from eventlet import wsgi

    class BoundedProtocol(wsgi.HttpProtocol):
        """One client connection: headers within the deadline; its place freed at the end."""

        def __init__(self, conn_state, server):
            """Serve the connection, then give its place back."""
            self._deadline = None
            try:
                super().__init__(conn_state, server)
            finally:
                gate.release(address_of(conn_state[0]))

        def handle_one_request(self):
            """Read and serve one request; its line and headers must come within the deadline."""
            # eventlet's wsgi server closes the connection on a socket.timeout.
            self._deadline = eventlet.Timeout(header_timeout, HeaderTimeout("headers too slow"))
            try:
                super().handle_one_request()
            finally:
                if self._deadline is not None:
                    self._deadline.cancel()

        def handle_one_response(self):
            """Run the application: the headers are in, so the deadline is lifted."""
            self._deadline.cancel()
            # Let the timeout go: a WebSocket lives in this call for hours.
            self._deadline = None
            if self.environ.get("HTTP_UPGRADE", "").lower() == "websocket":
                # Not the 60 s of a request body: Engine.IO then sets its own
                # (ping interval + ping timeout) on the upgraded socket.
                self.connection.settimeout(None)
            super().handle_one_response()

    return BoundedProtocol


def serve_eventlet(app, host: str, port: int, limits: Limits, log_output: bool = False,
                   protocol=None) -> None:
    """Serve the WSGI ``app`` with eventlet on ``host:port`` within ``limits``.

    ``protocol``, if given, takes the bounded request handler class and returns a
    subclass to use instead (run.py adds JSON answers for eventlet's own errors).
    """
    import eventlet
    import eventlet.wsgi

    family, _type, _proto, _name, address = socket.getaddrinfo(host, port)[0]
    gate = Gate(limits)
    # A room scanning the QR code at once queues more than eventlet's 50 connections.
    listener = GuardedListener(eventlet.listen(address, family, backlog=1024), gate,
                               eventlet.sleep)
    eventlet.wsgi.server(
        listener, app, log_output=log_output,
        # Never the bottleneck: the gate refuses before the pool would be full.
        max_size=limits.max_connections + MAX_RESERVED_FILES,
        protocol=(protocol or (lambda base: base))(protocol_class(gate, limits.header_timeout)),
        socket_timeout=IO_TIMEOUT_SECONDS,
    )
