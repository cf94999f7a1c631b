"""Helpers shared by the HTTP views and socket events: tokens, bodies, limits, the address."""

from __future__ import annotations

from contextlib import contextmanager

from flask import current_app, request

from .db import get_db
from .realtime import publish
from .services.access import PARTICIPANT, Actor, authenticate
from .services.errors import N_, BadRequest, Forbidden


def bearer_token() -> str | None:
    """Return the token of the ``Authorization: Bearer`` header, if any."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None


def json_body():
    """Return the parsed JSON body; an empty body counts as ``{}``."""
    if not request.get_data(cache=True):
        return {}
    try:
        data = request.get_json(force=True, silent=True)
    except RecursionError:  # nesting deep enough to exhaust the parser
        data = None
    if data is None:
        raise BadRequest(N_("The request body is not valid JSON."))
    return data


def base_url() -> str:
    """Return the address phones use: ``OPENSPACE_PUBLIC_URL``, else this request's host."""
    return current_app.config.get("PUBLIC_URL") or request.host_url.rstrip("/")


def admin_token() -> str:
    """Return the organiser token of this installation."""
    return current_app.config["ADMIN_TOKEN"]


def controller_defaults() -> dict:
    """Return the installation's data controller, for workshops that name none."""
    return {"controller_name": current_app.config.get("CONTROLLER_NAME") or "",
            "controller_contact": current_app.config.get("CONTROLLER_CONTACT") or ""}


def rate_limits():
    """Return the application's rate limits."""
    return current_app.extensions["openspace.ratelimits"]


def client_address() -> str:
    """Return the caller's address (the proxy's, unless a proxy fix is configured)."""
    return request.remote_addr or "unknown"


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


def count_post(actor: Actor) -> None:
    """Count a post against the participant's limit (moderators are not limited)."""
    if actor.role == PARTICIPANT:
        rate_limits().hit("post", actor.participant_id)


def count_join() -> None:
    """Count a join against the caller's address."""
    rate_limits().hit("join", client_address())


def write_and_publish(workshop_id: str, action, *args, counted: bool = False):
    """Run ``action(session, actor, *args)`` in a write transaction, then publish its events.

    The caller is authenticated from the bearer token. With ``counted`` a
    participant's write is counted against their limit first, outside the
    write transaction: the in-memory limiter may start a timer thread, and a
    green thread that yields while holding SQLite's write lock stalls every
    other writer. Returns what ``action`` returned (it has ``.events``).
    """
    actor = None
    if counted:
        with get_db().read() as session:
            actor = guarded_actor(session, workshop_id, bearer_token())
        count_post(actor)
    with get_db().write() as session:
        outcome = action(session, actor or guarded_actor(session, workshop_id, bearer_token()),
                         *args)
    publish(outcome.events)
    return outcome
