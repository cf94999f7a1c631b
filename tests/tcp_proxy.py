"""A TCP proxy a test can cut and restore: an outage of the database or of the Wi-Fi."""

from __future__ import annotations

import contextlib
import select
import socket
import threading

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
                    (b if source is a else a).sendall(data)
        except OSError:
            return
        finally:
            for s in (a, b):
                s.close()

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
