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

from flask import current_app, request
from sqlalchemy.exc import SQLAlchemyError

from ..db import get_db
from ..documents import documents_of
from ..logs import database_detail, log_failure
from ..realtime import publish
from ..services.access import PARTICIPANT, Actor, authenticate
from ..services.errors import N_, Forbidden, Unavailable
from ..services.outcome import Outcome
from .http import admin_token, bearer_token, client_address

log = logging.getLogger(__name__)

DATABASE_REFUSED = N_("The server could not save this right now. It will be tried again.")


def rate_limits():
    """Return the application's rate limits."""
    return current_app.extensions["openspace.ratelimits"]


@contextmanager
def counting_auth_failures():
    """Refuse an address over its limit of wrong keys; count a ``Forbidden`` inside as one."""
    limits, address = rate_limits(), client_address()
    limits.check("auth_failure", address)
    try:
        yield
    except Forbidden:
        limits.hit("auth_failure", address)
        raise


def guarded_actor(session, workshop_id: str, token: str | None) -> Actor:
    """Authenticate ``token`` for the workshop; wrong tokens count against the address."""
    with counting_auth_failures():
        return authenticate(session, workshop_id, token, admin_token())


def actor_of(session, workshop_id: str) -> Actor:
    """Return who is calling (the bearer token), for ``workshop_id``."""
    return guarded_actor(session, workshop_id, bearer_token())


def count_post(actor: Actor) -> None:
    """Count a write against the participant's limit (moderators are not limited)."""
    if actor.role == PARTICIPANT:
        rate_limits().hit("post", actor.participant_id)


def count_join() -> None:
    """Count a join against the caller's address."""
    rate_limits().hit("join", client_address())


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
    publish(outcome.events)
    renew_documents(workshop_id, outcome.stale_plenaries)
    return outcome


def run_write(workshop_id: str, credentials: str | Actor | None, action, *args,
              counted: bool) -> Outcome:
    """Run ``action(session, actor, *args)`` as the caller, the one way every change goes.

    ``credentials`` is the bearer token to check (HTTP), or the actor a live
    socket proved at connect. ``counted`` (declared by every route) counts a
    participant's write against their limit, before and outside the write
    transaction: the in-memory limiter may start a timer thread, and a green
    thread that yields while holding SQLite's write lock stalls every other
    writer. Uncounted writes authenticate inside their transaction.
    """
    actor = credentials if isinstance(credentials, Actor) else None
    if counted:
        if actor is None:
            with database_refusal(workshop_id), get_db().read() as session:
                actor = guarded_actor(session, workshop_id, credentials)
        count_post(actor)

    def change(session) -> Outcome:
        """Authenticate (unless known) and run the service."""
        caller = actor or guarded_actor(session, workshop_id, credentials)
        return action(session, caller, *args)

    return commit(workshop_id, change)
