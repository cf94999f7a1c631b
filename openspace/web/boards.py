"""``GET /api/v1/workshops/{id}`` answered from the board cache (``board_cache.py``),
gzip-compressed when the client accepts it."""

from __future__ import annotations

import time

from flask import Response, current_app, request

from ..models import Workshop
from ..services.access import Actor
from ..services.visibility import board_view
from ..services.workshops import personal_state, shared_state
from .board_cache import BoardCache

BOARD_CACHE = "openspace.board_cache"


def board_cache() -> BoardCache:
    """Return the current app's board cache (made on first use)."""
    return current_app.extensions.setdefault(BOARD_CACHE, BoardCache())


def accepts_gzip() -> bool:
    """True if the request's ``Accept-Encoding`` takes gzip."""
    return request.accept_encodings["gzip"] > 0


def board_response(session, actor: Actor, base_url: str, started: float) -> Response:
    """Answer the whole board as ``actor`` may see it: the view's cached part and its own.

    ``started`` (``time.perf_counter()`` at the request's start) gives the
    ``Server-Timing`` header, the server's own time for the board.
    """
    workshop = session.get(Workshop, actor.workshop_id)  # loaded by the sign-in already
    view, viewer = board_view(session, actor)
    entry = board_cache().get(workshop.id, view, workshop.last_seq,
                              lambda: shared_state(session, workshop, viewer))
    own = personal_state(session, workshop, actor, base_url)
    if accepts_gzip():
        response = Response(entry.gzip_body(own), mimetype="application/json")
        response.headers["Content-Encoding"] = "gzip"
    else:
        response = Response(entry.body(own), mimetype="application/json")
    response.headers["Vary"] = "Accept-Encoding"
    response.headers["Server-Timing"] = (
        f"board;dur={(time.perf_counter() - started) * 1000:.1f}")
    return response
