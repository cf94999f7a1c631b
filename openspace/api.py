"""The JSON API under ``/api/v1``: parse, call a service, answer, publish the events."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from .db import get_db
from .realtime import publish
from .services import cards, participants, workshops
from .services.access import require_organiser
from .services.catchup import catch_up
from .services.errors import N_, BadRequest, DomainError
from .services.eventlog import current_seq
from .services.visibility import projector_view
from .text.i18n import error_body
from .web import (
    admin_token,
    base_url,
    bearer_token,
    controller_defaults,
    count_join,
    count_post,
    counting_auth_failures,
    guarded_actor,
    json_body,
)

bp = Blueprint("api", __name__, url_prefix="/api/v1")

MAX_EVENTS_PAGE = 10_000


@bp.errorhandler(DomainError)
def domain_error(error: DomainError):
    """Answer a refused request with the contract's error JSON."""
    return jsonify(error_body(error)), error.status


def actor_of(session, workshop_id: str):
    """Return who is calling, for ``workshop_id``."""
    return guarded_actor(session, workshop_id, bearer_token())


@bp.post("/workshops")
def create_workshop():
    """Create a workshop (organiser)."""
    require_organiser(bearer_token(), admin_token())
    payload = json_body()
    with get_db().write() as session:
        created = workshops.create_workshop(session, payload, controller_defaults())
        workshop = created.workshop
        base = base_url()
        body = {
            "id": workshop.id,
            "join_code": workshop.join_code,
            "join_url": workshops.join_url(base, workshop),
            "facilitator_token": created.facilitator_token,
            "facilitator_url": workshops.facilitator_url(
                base, workshop.id, created.facilitator_token
            ),
            "themes": [workshops.theme_json(t) for t in workshop.themes],
            "title": workshop.title,
            "language": workshop.language,
        }
    return jsonify(body), 201


@bp.get("/workshops")
def list_workshops():
    """List every workshop (organiser)."""
    require_organiser(bearer_token(), admin_token())
    with get_db().read() as session:
        return jsonify({"workshops": workshops.list_workshops(session, base_url())})


@bp.get("/workshops/<workshop_id>")
def get_workshop(workshop_id: str):
    """Return the whole board (any token of the workshop)."""
    with get_db().read() as session:
        actor = actor_of(session, workshop_id)
        if request.args.get("view") == "projector":  # the wall: only what everyone may see
            actor = projector_view(actor)
        return jsonify(workshops.workshop_state(session, actor, base_url()))


@bp.patch("/workshops/<workshop_id>")
def update_workshop(workshop_id: str):
    """Change title, vision or the plenary schedule (organiser)."""
    payload = json_body()
    with get_db().write() as session:
        actor = actor_of(session, workshop_id)
        events = workshops.update_workshop(session, actor, payload)
        body = workshops.workshop_state(session, actor, base_url())
    publish(events)
    return jsonify(body)


@bp.post("/workshops/<workshop_id>/participants")
def join(workshop_id: str):
    """Join a workshop with its join code; answers the participant's token."""
    payload = json_body()
    with counting_auth_failures():
        count_join()
        with get_db().write() as session:
            joined = participants.join(session, workshop_id, payload)
            body = {"participant_id": joined.participant.id, "token": joined.token}
    return jsonify(body), 201


@bp.patch("/workshops/<workshop_id>/participants/me")
def rename(workshop_id: str):
    """Set the calling participant's display name."""
    payload = json_body()
    with get_db().write() as session:
        participant = participants.rename(session, actor_of(session, workshop_id), payload)
        body = participants.participant_json(participant)
    return jsonify(body)


@bp.post("/workshops/<workshop_id>/cards")
def post_card(workshop_id: str):
    """Post a card; a repeated ``client_id`` answers 200 with the stored card."""
    payload = json_body()
    with get_db().read() as session:
        actor = actor_of(session, workshop_id)
    # Counted outside the write transaction: the limiter may yield (eventlet),
    # and a green thread that yields holding SQLite's write lock stalls all writers.
    count_post(actor)
    with get_db().write() as session:
        result = cards.post_card(session, actor, payload)
    publish(result.events)
    return jsonify(result.card), 201 if result.created else 200


@bp.post("/workshops/<workshop_id>/cards/<card_id>/hide")
def hide_card(workshop_id: str, card_id: str):
    """Hide a card from the board (facilitator, organiser)."""
    with get_db().write() as session:
        result = cards.set_hidden(session, actor_of(session, workshop_id), card_id, True)
    publish(result.events)
    return jsonify(result.card)


@bp.post("/workshops/<workshop_id>/cards/<card_id>/restore")
def restore_card(workshop_id: str, card_id: str):
    """Show a hidden card again (facilitator, organiser)."""
    with get_db().write() as session:
        result = cards.set_hidden(session, actor_of(session, workshop_id), card_id, False)
    publish(result.events)
    return jsonify(result.card)


@bp.post("/workshops/<workshop_id>/lock")
def lock(workshop_id: str):
    """Lock the board: participants can read but not post (facilitator, organiser)."""
    with get_db().write() as session:
        body, events = workshops.set_locked(session, actor_of(session, workshop_id), True)
    publish(events)
    return jsonify(body)


@bp.post("/workshops/<workshop_id>/unlock")
def unlock(workshop_id: str):
    """Open the board again (facilitator, organiser)."""
    with get_db().write() as session:
        body, events = workshops.set_locked(session, actor_of(session, workshop_id), False)
    publish(events)
    return jsonify(body)


@bp.get("/workshops/<workshop_id>/events")
def list_events(workshop_id: str):
    """Return every event after ``?after=N``, oldest first, and the current seq."""
    after = _non_negative_int(request.args.get("after", "0"), "after")
    limit = request.args.get("limit")
    limit = MAX_EVENTS_PAGE if limit is None else _non_negative_int(limit, "limit") or 1
    with get_db().read() as session:
        actor = actor_of(session, workshop_id)
        if request.args.get("view") == "projector":  # the wall: only what everyone may see
            actor = projector_view(actor)
        seq = current_seq(session, workshop_id)
        page = min(limit, MAX_EVENTS_PAGE)
        events = catch_up(session, workshop_id, after, actor, page)
        # A short page is the end; the seqs after it were meant for others.
        has_more = len(events) == page and events[-1]["seq"] < seq
        body = {"events": events, "seq": seq, "has_more": has_more}
    return jsonify(body)


def _non_negative_int(raw: str, name: str) -> int:
    """Parse a query parameter that must be a whole number ≥ 0."""
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 12:
        raise BadRequest(N_("“%(field)s” must be a whole number."), field=name)
    return int(raw)
