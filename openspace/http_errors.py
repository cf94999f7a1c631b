"""The answers eventlet's HTTP server writes by itself, as the contract's JSON.

Before a request reaches Flask, eventlet's WSGI server refuses some on its own:
a request line over 8 KiB (414), a header line over 8 KiB or 64 KiB of headers
("400 Header Line Too Long", "400 Headers Too Large"), a bad Content-Length,
Content-Length together with Transfer-Encoding, and what the standard
library's request parser refuses (bad syntax, an unknown HTTP version). Those
answers have an empty or an HTML body, where every other error is
``{"error": {"code", "message"}}``. ``protocol()`` returns eventlet's request
handler with these answers written as that JSON, in the server's default
language (the request's own headers may be what was refused): ``run.py``
passes it to ``eventlet.wsgi.server`` as ``protocol``.

Flask-free and import-light: eventlet is only imported when ``protocol()`` is called.
"""

from __future__ import annotations

import json
from http import HTTPStatus
from pathlib import Path

from babel.support import NullTranslations, Translations

from .services.errors import N_

TRANSLATIONS = Path(__file__).resolve().parent / "translations"

TOO_LARGE = N_("The request is too large.")
UNREADABLE = N_("The server could not read this request.")

#: eventlet's own refusals, by their status line: (status sent instead, code, message).
CANNED = {
    b"414": (HTTPStatus.REQUEST_URI_TOO_LONG, "too_large", TOO_LARGE),
    b"400 Header Line Too Long": (HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "too_large",
                                  TOO_LARGE),
    b"400 Headers Too Large": (HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "too_large",
                               TOO_LARGE),
}
#: Any other answer eventlet writes by itself before the application runs.
OTHER = (HTTPStatus.BAD_REQUEST, "bad_request", UNREADABLE)


def error_response(status: HTTPStatus, code: str, message: str) -> bytes:
    """Return a whole HTTP answer: the contract's error JSON, closing the connection."""
    body = json.dumps({"error": {"code": code, "message": message}},
                      ensure_ascii=False).encode("utf-8")
    head = (f"HTTP/1.1 {status.value} {status.phrase}\r\n"
            "Content-Type: application/json; charset=utf-8\r\n"
            f"Content-Length: {len(body)}\r\n"
            "Cache-Control: no-store\r\n"
            "X-Content-Type-Options: nosniff\r\n"
            "Connection: close\r\n\r\n")
    return head.encode("latin-1") + body


def catalog(language: str):
    """Return the message catalog of ``language`` (English, the source text, if none)."""
    try:
        return Translations.load(str(TRANSLATIONS), [language])
    except OSError:
        return NullTranslations()


class _RefusalWriter:
    """The connection's write file: rewrites eventlet's own refusals while it is armed.

    Armed from the start of a request until the application is called; an
    application's answer (and anything after it) passes untouched.
    """

    def __init__(self, wfile, answers: dict[bytes, bytes], other: bytes):
        """Wrap ``wfile``; ``answers`` by status-line start, ``other`` for the rest."""
        self._wfile = wfile
        self._answers = answers
        self._other = other
        self.armed = False

    def write(self, data):
        """Write ``data``, or the JSON answer instead if it is one of eventlet's refusals."""
        if self.armed and bytes(data[:9]) in (b"HTTP/1.0 ", b"HTTP/1.1 "):
            status_line = bytes(data).split(b"\r\n", 1)[0][9:]
            for start, answer in self._answers.items():
                if status_line.startswith(start):
                    return self._wfile.write(answer)
            if status_line[:1] == b"4":
                return self._wfile.write(self._other)
        return self._wfile.write(data)

    def __getattr__(self, name):
        """Everything else is the wrapped file's."""
        return getattr(self._wfile, name)


def protocol(language: str = "da", base=None):
    """Return eventlet's request handler (or ``base``) writing its own refusals as JSON."""
    if base is None:
        from eventlet.wsgi import HttpProtocol as base  # noqa: N813 - eventlet's class

    translate = catalog(language).gettext
    answers = {start: error_response(status, code, translate(message))
               for start, (status, code, message) in CANNED.items()}
    other = error_response(OTHER[0], OTHER[1], translate(OTHER[2]))

    class JsonErrorProtocol(base):
        """eventlet's HTTP handler, with the contract's JSON for the errors it writes itself."""

        def setup(self):
            """Open the connection's files; wrap the write side."""
            super().setup()
            self.wfile = _RefusalWriter(self.wfile, answers, other)

        def handle_one_request(self):
            """Read and answer one request; eventlet's refusals until the app runs are JSON."""
            self.wfile.armed = True
            try:
                super().handle_one_request()
            finally:
                self.wfile.armed = False

        def handle_one_response(self):
            """Run the application: its answer is its own."""
            self.wfile.armed = False
            super().handle_one_response()

        def send_error(self, code, message=None, explain=None):
            """Answer what the standard library's request parser refused, as JSON."""
            self.close_connection = True
            try:
                status = HTTPStatus(code)
            except ValueError:
                status = OTHER[0]
            if status in (HTTPStatus.REQUEST_URI_TOO_LONG,
                          HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE):
                answer = error_response(status, "too_large", translate(TOO_LARGE))
            else:
                answer = error_response(status, "bad_request", translate(UNREADABLE))
            self.wfile.armed = False
            self.wfile.write(answer)

    return JsonErrorProtocol
