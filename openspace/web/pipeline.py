"""The one way a change travels, from HTTP and from Socket.IO alike.

``run_write`` authenticates the caller, counts a participant's write against
their limit when the route says so, runs the service in one write
transaction, publishes the stored events after commit, has the PDFs it made
stale rendered again, and hands the ``Outcome`` back to be answered. The
database refusing the change (disk full, locked too long) becomes one
``Unavailable`` error here, whichever transport asked.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import contextmanager

from flask import current_app, jsonify, request
from sqlalchemy.exc import SQLAlchemyError

from ..db import get_db
from ..documents import documents_of
from ..logs import database_detail, log_failure
from ..models import Participant, Workshop
from ..realtime import publish
from ..services import cards, comments, quick_post, workshops
from ..services.access import PARTICIPANT, Actor, authenticate
from ..services.errors import N_, Forbidden, NotFound, RateLimited, Unavailable
from ..services.outcome import Outcome
from ..services.ratelimits import TOO_MANY
from .boards import board_cache
from .http import admin_token, bearer_token, client_address

log = logging.getLogger(__name__)

DATABASE_REFUSED = N_("The server could not save this right now. It will be tried again.")


def rate_limits():
    """Return the application's rate limits."""
    return current_app.extensions["openspace.ratelimits"]


@contextmanager
def counting_auth_failures():
    """Count a ``Forbidden`` inside (a wrong token or join code) against the caller's address.

    Only failures are counted and only failures are refused: past the limit a
    wrong key gets 429 instead of 403, while a right token or code from the same
    address (everyone on the venue's Wi-Fi) always passes.
    """
    try:
        yield
    except Forbidden:
        count_auth_failure()
        raise


def count_auth_failure() -> None:
    """Count one wrong key from the caller's address; past the limit, refuse with 429."""
    rate_limits().hit("auth_failure", client_address())


def guarded_actor(session, workshop_id: str, token: str | None) -> Actor:
    """Authenticate ``token`` for the workshop; wrong tokens count against the address.

    A moderator's token vouches for the workshop at that address (the venue):
    its join code then stays usable there while a guesser is refused.
    """
    with counting_auth_failures():
        actor = authenticate(session, workshop_id, token, admin_token())
    if actor.moderates:
        rate_limits().remember(_known_key(workshop_id))
    return actor


def _known_key(workshop_id: str) -> str:
    """Return the key under which the caller's address knows ``workshop_id``."""
    return f"{client_address()}|{workshop_id}"


def admit_code(workshop_id: str) -> None:
    """Let a right join code of ``workshop_id`` through, and note it as known at the address.

    Past the address's limit of wrong keys, a code the address has not used
    (nor a moderator vouched for) within ``KNOWN_FOR`` is refused like a wrong
    one: a guesser learns nothing from a lucky guess, while the room behind the
    same address goes on using its own code.
    """
    limits, key = rate_limits(), _known_key(workshop_id)
    if limits.over("auth_failure", client_address()) and not limits.known(key):
        raise RateLimited(TOO_MANY)
    limits.remember(key)


def workshop_by_code(session, code: str) -> Workshop:
    """Return the workshop a join code opens, guarded like a key.

    A code that finds nothing counts against the caller's address (past the limit:
    429) and answers 404; a right one is admitted (``admit_code``).
    """
    try:
        workshop = workshops.find_by_join_code(session, code)
    except NotFound:
        count_auth_failure()
        raise
    admit_code(workshop.id)
    return workshop


def run_read(workshop_id: str, read: Callable, *args):
    """Answer a read as JSON: authenticate the caller, then ``read(session, actor, *args)``.

    The one shape of the API's plain reads, as ``run_write`` is of its writes.
    """

    with get_db().read() as session:
        body = read(session, actor_of(session, workshop_id), *args)
    return jsonify(body)


def actor_of(session, workshop_id: str) -> Actor:
    """Return who is calling (the bearer token), for ``workshop_id``."""
    return guarded_actor(session, workshop_id, bearer_token())


# New cards and comments: what reaches the wall, so what one address may add is bounded
# across identities (supports, edits and deletions change no more than is there).
WALL_CONTENT = frozenset({cards.post_card, comments.post_comment})


def count_write(actor: Actor, action, counted: bool) -> None:
    """Count a write against the limits that apply to ``actor``; refuse it when over.

    Moderators have one generous count per workshop and role (a flood of their
    writes would stall the room); a participant's ``counted`` writes count
    against their own limit, and new wall content also against their address's
    share of the workshop, whichever identity posts it.
    """
    limits = rate_limits()
    if actor.moderates:
        limits.hit("moderator", f"{actor.workshop_id}:{actor.role}")
        return
    if counted and actor.role == PARTICIPANT:
        limits.hit("post", actor.participant_id)
        if action in WALL_CONTENT:
            limits.hit("post_address", f"{actor.workshop_id}:{client_address()}")


def count_join(device: str | None) -> None:
    """Count a join (with the right code) against the browser's id, if sent, and the address."""
    limits = rate_limits()
    if device:
        limits.hit("join_device", device)
    limits.hit("join", client_address())


def refused_by_database(error: SQLAlchemyError, workshop_id: str | None = None) -> Unavailable:
    """Log that the database refused (its kind, never the data); return the error to answer."""
    event = getattr(request, "event", None)  # a Socket.IO handler: name the event, not the path
    where = (f"socket event {event.get('message')}" if isinstance(event, dict)
             else f"{request.method} {request.path}")
    log_failure(log, "the database refused %s (workshop %s)", where, workshop_id or "-",
                detail=database_detail(error))
    return Unavailable(DATABASE_REFUSED)


@contextmanager
def database_refusal(workshop_id: str | None):
    """Turn a database failure inside into ``Unavailable``: no false success, a retry later."""
    try:
        yield
    except SQLAlchemyError as error:
        raise refused_by_database(error, workshop_id) from error


def renew_documents(workshop_id: str, numbers: list[int]) -> None:
    """Have the PDFs of plenaries ``numbers`` made (again) in the background."""
    if numbers:
        documents_of(current_app).renew_pdfs(workshop_id, numbers)


def commit(workshop_id: str | None, change: Callable[..., Outcome]) -> Outcome:
    """Run ``change(session)`` in one write transaction; then publish and renew its PDFs."""
    with database_refusal(workshop_id), get_db().write() as session:
        outcome = change(session)
    return finish(workshop_id, outcome)


def finish(workshop_id: str | None, outcome: Outcome) -> Outcome:
    """After the commit: mark the cached boards stale, publish the events, renew the PDFs."""
    if workshop_id is not None:
        board_cache().changed(workshop_id)  # a rename stores no event, yet shows on cards
    publish(outcome.events)
    renew_documents(workshop_id, outcome.stale_plenaries)
    return outcome


# Writes with a one-statement path for their usual case (``None`` from it: the whole path).
QUICK_PATHS = {cards.post_card: quick_post.post_card_quickly}


def run_write(workshop_id: str, credentials: str | Actor | None, action, *args,
              counted: bool) -> Outcome:
    """Run ``action(session, actor, *args)`` as the caller, the one way every change goes.

    ``credentials`` is the bearer token to check (HTTP), or the actor a live
    socket proved at connect. The caller is known, and the write counted
    against its limits (``counted``, declared by every route, for a
    participant's writes; every write for moderators), before and outside the
    write transaction: the limiter may start a timer thread or ask Redis, and
    a green thread that yields while holding SQLite's write lock stalls every
    other writer. Inside the transaction one primary-key look-up makes sure a
    participant deleted meanwhile (on any process) changes nothing.

    An action in ``QUICK_PATHS`` is tried in one statement first: on
    PostgreSQL on one connection in autocommit mode, token look-up included
    (see ``services.quick_post``).
    """
    quick = QUICK_PATHS.get(action)
    if quick is not None and not get_db().is_sqlite:
        with database_refusal(workshop_id), get_db().statements() as session:
            known = known_actor(session, workshop_id, credentials)
            count_write(known, action, counted)
            outcome = quick(session, known, *args)
        if outcome is not None:
            return finish(workshop_id, outcome)
        quick = None
    else:
        with database_refusal(workshop_id), get_db().read() as session:
            known = known_actor(session, workshop_id, credentials)
        count_write(known, action, counted)

    def change(session):
        """The quick path first where there is one (SQLite), else or then the whole one."""
        outcome = quick(session, known, *args) if quick is not None else None
        return outcome or action(session, still_here(session, known), *args)

    return commit(workshop_id, change)


def known_actor(session, workshop_id: str, credentials: str | Actor | None) -> Actor:
    """Return the actor of a socket as proved at connect, or the token's holder (HTTP).

    A socket's actor needs no query: the session then never takes a connection.
    """
    if isinstance(credentials, Actor):
        return credentials
    return guarded_actor(session, workshop_id, credentials)


def still_here(session, actor: Actor) -> Actor:
    """Return ``actor``, unless it is a participant deleted since it was known: a lasting no.

    A phone would retry forever on the ``unavailable`` of a refused foreign key.
    """
    if actor.participant_id is not None and session.get(Participant,
                                                        actor.participant_id) is None:
        raise Forbidden(N_("You are no longer part of this workshop."))
    return actor
