"""Socket.IO handlers on the default namespace, one per event: ``connect`` (with catch-up),
``disconnect``, and ``card:create``, which runs through the same write pipeline as
``POST /cards``."""

from __future__ import annotations

import logging

from flask import request
from flask_babel import gettext
from flask_socketio import ConnectionRefusedError, join_room

from ..db import get_db
from ..extensions import socketio
from ..logs import log_failure
from ..models import LANGUAGES, Workshop
from ..realtime import Connection, presence, rooms_for
from ..services import cards
from ..services.catchup import catch_up
from ..services.errors import N_, BadRequest, DomainError, Unauthorized
from ..services.eventlog import current_seq
from ..services.ratelimits import viewer_key
from ..services.validation import is_encodable
from ..services.visibility import projector_view
from ..text.i18n import error_body
from ..web.pipeline import guarded_actor, rate_limits, run_write
from .backlog import PAGE, send_backlog

log = logging.getLogger(__name__)

# Far beyond any workshop, and within a 64-bit database integer.
MAX_SEQ = 2**53


def _parse_auth(auth) -> tuple[str, str, int]:
    """Return (workshop id, token, last seq) from the connect ``auth`` object."""
    if not isinstance(auth, dict):
        raise Unauthorized(N_("A token is needed: open the link you were given again."))
    workshop_id, token, last_seq = auth.get("workshop"), auth.get("token"), auth.get("last_seq", 0)
    if not isinstance(workshop_id, str) or not isinstance(token, str) or not (
        is_encodable(workshop_id) and is_encodable(token)
    ):
        raise Unauthorized(N_("A token is needed: open the link you were given again."))
    if last_seq is None:
        last_seq = 0
    if (isinstance(last_seq, bool) or not isinstance(last_seq, int)
            or not 0 <= last_seq <= MAX_SEQ):
        raise BadRequest(N_("“%(field)s” must be a whole number."), field="last_seq")
    return workshop_id[:64], token[:256], last_seq


def _max_backlog(auth: dict) -> int | None:
    """Return the client's ``max_backlog`` (extension): beyond it, it prefers a full reload."""
    value = auth.get("max_backlog")
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value


def _behind(actor, last_seq: int) -> int:
    """Return how many events the workshop has after ``last_seq``."""
    with get_db().read() as session:
        return current_seq(session, actor.workshop_id) - last_seq


@socketio.on("connect")
def connect(auth=None):
    """Accept a token of the workshop, send what was missed, then join its rooms."""
    locale = auth.get("lang") if isinstance(auth, dict) else None
    locale = locale if locale in LANGUAGES else None
    try:
        workshop_id, token, last_seq = _parse_auth(auth)
        with get_db().read() as session:
            actor = guarded_actor(session, workshop_id, token)
            if auth.get("view") == "projector":  # the wall: only what everyone may see
                actor = projector_view(actor)
            locale = locale or session.get(Workshop, workshop_id).language
        limit, behind = _max_backlog(auth), _behind(actor, last_seq)
        resync = limit is not None and behind > limit
        if not resync and behind > PAGE:
            # A long replay is work for the server: a client may not ask for it at will.
            rate_limits().hit("catchup", viewer_key(actor))
    except DomainError as error:
        body = error_body(error, locale)["error"]
        # The client sees err.message (the text) and err.data ({code, message}).
        raise ConnectionRefusedError(body["message"], body) from None
    sid = request.sid
    sent = last_seq
    if not resync:
        sent = send_backlog(sid, actor, last_seq)
        if sent is None:
            return False  # it never read its backlog: let it go
    # Join after the long part of the backlog and read what came meanwhile: an
    # event committed in between is then sent twice rather than never (clients
    # drop seqs they have), and live events never overtake the backlog.
    for name in rooms_for(actor):
        join_room(name)
    count = presence.add(sid, Connection(actor, locale))
    if resync:
        # Too far behind to replay: the client reloads the whole board.
        socketio.emit("resync", {"reason": "behind"}, to=sid)
    else:
        with get_db().read() as session:
            for event in catch_up(session, actor.workshop_id, sent, actor):
                socketio.emit("event", event, to=sid)
    socketio.emit("presence", {"connected": count}, to=sid)


@socketio.on_error_default
def unexpected_error(error):
    """A bug in a handler: log its type and place (never the payload), acknowledge cleanly.

    Without this, Engine.IO would log the exception with its message, which may
    quote the card the phone sent.
    """
    log_failure(log, "socket handler failed")
    return {"ok": False, "error": {"code": "internal",
                                   "message": gettext("Something went wrong. Please try again.")}}


@socketio.on("disconnect")
def disconnect(reason=None):
    """Forget the socket."""
    presence.remove(request.sid)


@socketio.on("card:create")
def card_create(payload=None):
    """Post a card; the acknowledgement carries the stored card or the error.

    The database refusing the card answers ``unavailable``, never a false
    acknowledgement: the phone keeps the card in its outbox and sends it again.
    """
    connection = presence.get(request.sid)
    if connection is None:
        return {"ok": False, **error_body(Unauthorized(N_("Connect again to continue.")))}
    actor = connection.actor
    try:
        outcome = run_write(actor.workshop_id, actor, cards.post_card, payload, counted=True)
    except DomainError as error:
        return {"ok": False, **error_body(error, connection.locale)}
    return {"ok": True, "card": outcome.body}
