"""Socket.IO handlers on the default namespace, one per event: ``connect`` (with catch-up),
``disconnect``, and ``card:create``, which runs through the same write pipeline as
``POST /cards``."""

from __future__ import annotations

import logging

from flask import current_app, request
from flask_babel import gettext
from flask_socketio import ConnectionRefusedError, join_room
from sqlalchemy.exc import SQLAlchemyError

from ..db import get_db
from ..extensions import socketio
from ..logs import log_failure
from ..models import LANGUAGES, Workshop
from ..realtime import Connection, presence, rooms_for
from ..services import cards
from ..services.catchup import catch_up
from ..services.errors import N_, BadRequest, DomainError, Unauthorized, Unavailable
from ..services.ratelimits import viewer_key
from ..services.validation import is_encodable
from ..services.visibility import projector_view
from ..text.i18n import error_body
from ..web.pipeline import guarded_actor, rate_limits, refused_by_database, run_write
from .backlog import PAGE, send_backlog

log = logging.getLogger(__name__)

# Far beyond any workshop, and within a 64-bit database integer.
MAX_SEQ = 2**53

NOT_REACHABLE = N_("The board cannot reach its database right now. It connects again by itself.")
TOO_MANY_CONNECTIONS = N_("Too many screens are connected with this link. "
                          "Close a tab or a screen you no longer use, and it connects by itself.")


class TooManyConnections(DomainError):
    """One token already holds as many live connections as it may."""

    code, status = "too_many_connections", 429


class Internal(DomainError):
    """A fault of the server, not of the request."""

    code, status = "internal", 500


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


def _sent_by_server() -> bool:
    """True when the server itself runs this ``connect`` or ``disconnect`` handler.

    A client may emit an event named ``connect`` or ``disconnect`` like any
    other, and python-socketio hands it to the same handler. The server runs
    ``connect`` before the socket counts as connected and ``disconnect`` once
    it is leaving: a socket that is connected right now sent the event itself.
    """
    return not socketio.server.manager.is_connected(request.sid, request.namespace)


def _socket_cap(actor) -> int:
    """Return how many sockets ``actor``'s token may hold open on this process."""
    name = "SOCKETS_PER_MODERATOR" if actor.moderates else "SOCKETS_PER_PARTICIPANT"
    return current_app.config[name]


def _refuse(error: DomainError, locale: str | None):
    """Refuse the connection with the contract's ``{code, message}`` as its data."""
    body = error_body(error, locale)["error"]
    # The client sees err.message (the text) and err.data ({code, message}).
    raise ConnectionRefusedError(body["message"], body) from None


@socketio.on("connect")
def connect(auth=None):
    """Accept a token of the workshop, send what was missed, then join its rooms.

    Anything that goes wrong refuses the connection with a code the client acts
    on (``unavailable``: try again soon): never a socket accepted in no room.
    """
    if not _sent_by_server():
        return  # a client's own event named "connect": no second registration
    locale = auth.get("lang") if isinstance(auth, dict) else None
    locale = locale if locale in LANGUAGES else None
    workshop_id, sid = None, request.sid
    try:
        workshop_id, token, last_seq = _parse_auth(auth)
        with get_db().read() as session:
            holder = guarded_actor(session, workshop_id, token)
            actor = holder
            if auth.get("view") == "projector":  # the wall: only what everyone may see
                actor = projector_view(actor)
            workshop = session.get(Workshop, workshop_id)  # loaded by the sign-in already
            locale, behind = locale or workshop.language, workshop.last_seq - last_seq
        limit = _max_backlog(auth)
        resync = limit is not None and behind > limit
        if not resync and behind > PAGE:
            # A long replay is work for the server: a client may not ask for it at will.
            rate_limits().hit("catchup", viewer_key(actor))
        # Counted before the backlog is read: a token over its cap costs no catch-up.
        count = presence.add(sid, Connection(actor, locale), holder, _socket_cap(holder))
        if count is None:
            raise TooManyConnections(TOO_MANY_CONNECTIONS)
        # A short backlog is all read after joining, below; only a long one goes in pages.
        sent = last_seq if resync or behind <= PAGE else send_backlog(sid, actor, last_seq)
        if sent is None:
            presence.remove(sid)
            return False  # it never read its backlog: let it go
        # Join after the long part of the backlog and read what came meanwhile: an
        # event committed in between is then sent twice rather than never (clients
        # drop seqs they have), and live events never overtake the backlog.
        # A client that announced `batch: true` takes a busy room's events as `events` lists.
        for name in rooms_for(actor, batched=auth.get("batch") is True):
            join_room(name)
        missed = []
        if not resync:
            with get_db().read() as session:
                missed = catch_up(session, actor.workshop_id, sent, actor)
    except DomainError as error:
        presence.remove(sid)
        _refuse(error, locale)
    except SQLAlchemyError as error:  # nothing could be checked: try again soon
        presence.remove(sid)
        refused_by_database(error, workshop_id)  # logs the kind of failure
        _refuse(Unavailable(NOT_REACHABLE), locale)
    except Exception:
        presence.remove(sid)
        log_failure(log, "socket connect failed")
        _refuse(Internal(N_("Something went wrong. Please try again.")), locale)
    if resync:
        # Too far behind to replay: the client reloads the whole board.
        socketio.emit("resync", {"reason": "behind"}, to=sid)
    for event in missed:
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
    """Forget the socket (a client's own event named "disconnect" changes nothing)."""
    if _sent_by_server():
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
        outcome = run_write(actor.workshop_id, actor, cards.post_card, payload,
                            counted=True)
    except DomainError as error:
        return {"ok": False, **error_body(error, connection.locale)}
    return {"ok": True, "card": outcome.body}
