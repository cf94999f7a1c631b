"""A TCP proxy a test can cut and restore: an outage of the database or of the Wi-Fi."""

from __future__ import annotations

import contextlib
import select
import socket
import threading

from sqlalchemy.engine import make_url

from .server import free_port


class TcpProxy:
    """Forward a loopback port to another address, until cut: a database outage on demand.

    Cutting closes the listening socket and every forwarded connection, so the
    server's connections break and new ones are refused, as when PostgreSQL
    stops; ``restore`` listens again on the same port.
    """

    def __init__(self, target: tuple[str, int]):
        """Prepare a proxy to ``target`` on a free loopback port (call ``start``)."""
        self.target = target
        self.port = free_port()
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._listener: socket.socket | None = None
        self._stop = threading.Event()

    def start(self) -> TcpProxy:
        """Listen and forward in a background thread."""
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener, self._stop = listener, threading.Event()
        threading.Thread(target=self._accept, args=(listener, self._stop), daemon=True).start()
        return self

    def _accept(self, listener: socket.socket, stop: threading.Event) -> None:
        """Accept clients and pipe each to the target, until cut."""
        while not stop.is_set():
            try:
                client, _ = listener.accept()
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                return
            with self._lock:
                if stop.is_set():
                    client.close()
                    upstream.close()
                    return
                self._sockets += [client, upstream]
            threading.Thread(target=self._pipe, args=(client, upstream), daemon=True).start()

    def _pipe(self, a: socket.socket, b: socket.socket) -> None:
        """Copy bytes both ways until either side closes."""
        try:
            while True:
                ready, _, _ = select.select([a, b], [], [], 1)
                for source in ready:
                    data = source.recv(65536)
                    if not data:
                        return
                    if source is a:
                        self.from_client(a, data)
                    (b if source is a else a).sendall(data)
        except (OSError, ValueError):  # ValueError: closed by ``cut`` meanwhile
            return
        finally:
            for s in (a, b):
                s.close()

    def from_client(self, client: socket.socket, data: bytes) -> None:
        """See the bytes a client sends, before they are forwarded (a hook: nothing here)."""

    def cut(self) -> None:
        """Stop listening and break every forwarded connection."""
        self._stop.set()
        if self._listener is not None:
            # shutdown() wakes the thread blocked in accept(); close() alone would not.
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for s in sockets:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()

    def restore(self) -> None:
        """Listen again on the same port."""
        self.start()


def in_front_of(url: str, proxy_class=TcpProxy, **query) -> tuple[TcpProxy, str]:
    """Start a proxy in front of the PostgreSQL server of ``url``; return it and the URL
    that goes through it (``query``: connection options to add, e.g. ``sslmode``)."""
    real = make_url(url)
    proxy = proxy_class((real.host or "127.0.0.1", real.port or 5432)).start()
    proxied = real.set(host="127.0.0.1", port=proxy.port, query={**real.query, **query})
    return proxy, proxied.render_as_string(hide_password=False)


class PostgresQueryCounter(TcpProxy):
    """A proxy in front of PostgreSQL that counts the queries its clients send.

    psycopg2 sends every statement, BEGIN and COMMIT as one simple-protocol
    ``Query`` message and waits for the answer: each one is a round trip. The
    client must not use TLS (``sslmode=disable``), so the messages can be read.
    """

    def __init__(self, target: tuple[str, int]):
        """Prepare the proxy (call ``start``); ``queries`` lists the SQL sent, in order."""
        super().__init__(target)
        self.queries: list[str] = []
        self._pending: dict[int, bytes] = {}
        self._started: set[int] = set()

    def from_client(self, client: socket.socket, data: bytes) -> None:
        """Split the client's stream into protocol messages and note each query."""
        key = client.fileno()
        buffer = self._pending.get(key, b"") + data
        while True:
            if key not in self._started:  # the start-up message has no type byte
                if len(buffer) < 4 or len(buffer) < int.from_bytes(buffer[:4], "big"):
                    break
                buffer = buffer[int.from_bytes(buffer[:4], "big"):]
                self._started.add(key)
                continue
            if len(buffer) < 5:
                break
            size = int.from_bytes(buffer[1:5], "big")
            if len(buffer) < 1 + size:
                break
            if buffer[:1] == b"Q":
                with self._lock:
                    self.queries.append(buffer[5:1 + size].rstrip(b"\0").decode("utf-8",
                                                                                   "replace"))
            buffer = buffer[1 + size:]
        self._pending[key] = buffer

    def take(self) -> list[str]:
        """Return the queries sent since the last call, and forget them."""
        with self._lock:
            queries, self.queries = self.queries, []
        return queries
