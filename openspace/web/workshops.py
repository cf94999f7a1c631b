"""Workshops over HTTP: create, read and change them, join them, lock them, their events,
and the facilitator's board controls (settings, themes, timer, spotlight)."""

from __future__ import annotations

import time

from flask import Blueprint, jsonify, request

from ..db import get_db
from ..services import moderation, participants, themes, timer, workshops
from ..services.access import require_organiser
from ..services.catchup import catch_up
from ..services.errors import N_, BadRequest
from ..services.eventlog import current_seq
from ..services.outcome import Outcome
from ..services.ratelimits import viewer_key
from ..services.visibility import projector_view
from .boards import board_response
from .http import (
    API,
    WORKSHOP,
    admin_token,
    answer,
    base_url,
    bearer_token,
    controller_defaults,
    json_body,
)
from .pipeline import (
    actor_of,
    admit_code,
    commit,
    count_join,
    counting_auth_failures,
    rate_limits,
    run_write,
)

bp = Blueprint("workshops", __name__)

# A page of catch-up: about 2 MB of JSON at most, built in a few batched queries.
MAX_EVENTS_PAGE = 2_000


def _write(workshop_id: str, action, *args):
    """Run a change of the board: never counted (participants may only rename themselves)."""
    return answer(run_write(workshop_id, bearer_token(), action, *args, counted=False))


@bp.post(API + "/workshops")
def create_workshop():
    """Create a workshop (organiser)."""
    require_organiser(bearer_token(), admin_token())
    payload, base, defaults = json_body(), base_url(), controller_defaults()

    def create(session) -> Outcome:
        """Store the workshop; answer its addresses and the facilitator token (shown once)."""
        made = workshops.create_workshop(session, payload, defaults)
        workshop, token = made.workshop, made.facilitator_token
        return Outcome({
            "id": workshop.id,
            "join_code": workshop.join_code,
            "join_url": workshops.join_url(base, workshop),
            "facilitator_token": token,
            "facilitator_url": workshops.facilitator_url(base, workshop.id, token),
            "themes": [workshops.theme_json(t) for t in workshop.themes],
            "title": workshop.title,
            "language": workshop.language,
        }, created=True)

    return answer(commit(None, create))


@bp.get(API + "/workshops")
def list_workshops():
    """List every workshop (organiser)."""
    require_organiser(bearer_token(), admin_token())
    with get_db().read() as session:
        return jsonify({"workshops": workshops.list_workshops(session, base_url())})


@bp.get(WORKSHOP)
def get_workshop(workshop_id: str):
    """Return the whole board (any token of the workshop), from the board cache."""
    started = time.perf_counter()
    with get_db().read() as session:
        actor = actor_of(session, workshop_id)
        if request.args.get("view") == "projector":  # the wall: only what everyone may see
            actor = projector_view(actor)
        return board_response(session, actor, base_url(), started)


@bp.patch(WORKSHOP)
def update_workshop(workshop_id: str):
    """Change title, vision, privacy or the plenary schedule (organiser)."""
    return _write(workshop_id, workshops.update_workshop, json_body(), base_url())


@bp.post(WORKSHOP + "/participants")
def join(workshop_id: str):
    """Join a workshop with its join code; answers the participant's token."""
    payload = json_body()

    def admit(session) -> Outcome:
        """Store the participant; answer their id and token (shown once)."""
        joined = participants.join(session, workshop_id, payload)
        return Outcome({"participant_id": joined.participant.id, "token": joined.token},
                       created=True)

    # The join code is the key: a wrong one counts against the address, checked in a read
    # (guessing never takes the write lock); only a right one counts as a join.
    with counting_auth_failures(), get_db().read() as session:
        participants.admissible(session, workshop_id, payload)
    admit_code(workshop_id)
    count_join(participants.device_of(payload))
    return answer(commit(workshop_id, admit))


@bp.patch(WORKSHOP + "/participants/me")
def rename(workshop_id: str):
    """Set the calling participant's display name."""
    return _write(workshop_id, participants.rename, json_body())


@bp.post(WORKSHOP + "/lock")
def lock(workshop_id: str):
    """Lock the board: participants can read but not post (facilitator, organiser)."""
    return _write(workshop_id, workshops.set_locked, True)


@bp.post(WORKSHOP + "/unlock")
def unlock(workshop_id: str):
    """Open the board again (facilitator, organiser)."""
    return _write(workshop_id, workshops.set_locked, False)


@bp.patch(WORKSHOP + "/settings")
def settings(workshop_id: str):
    """Change the support cap and pre-moderation."""
    return _write(workshop_id, moderation.update_settings, json_body())


@bp.put(WORKSHOP + "/spotlight")
def spotlight(workshop_id: str):
    """Show one card full-screen on the projector, or none."""
    return _write(workshop_id, moderation.set_spotlight, json_body())


@bp.post(WORKSHOP + "/themes")
def add_theme(workshop_id: str):
    """Add a theme to the board."""
    return _write(workshop_id, themes.add_theme, json_body())


@bp.put(WORKSHOP + "/themes/order")
def reorder_themes(workshop_id: str):
    """Put the themes in a new order."""
    return _write(workshop_id, themes.reorder_themes, json_body())


@bp.patch(WORKSHOP + "/themes/<theme_id>")
def rename_theme(workshop_id: str, theme_id: str):
    """Rename a theme."""
    return _write(workshop_id, themes.rename_theme, theme_id, json_body())


@bp.put(WORKSHOP + "/timer")
def start_timer(workshop_id: str):
    """Start a countdown on the projector."""
    return _write(workshop_id, timer.start_timer, json_body())


@bp.delete(WORKSHOP + "/timer")
def stop_timer(workshop_id: str):
    """Stop the countdown."""
    return _write(workshop_id, timer.stop_timer)


@bp.get(WORKSHOP + "/events")
def list_events(workshop_id: str):
    """Return every event after ``?after=N``, oldest first, and the current seq."""
    after = _non_negative_int(request.args.get("after", "0"), "after")
    limit = request.args.get("limit")
    limit = MAX_EVENTS_PAGE if limit is None else _non_negative_int(limit, "limit") or 1
    with get_db().read() as session:
        actor = actor_of(session, workshop_id)
    rate_limits().hit("catchup", viewer_key(actor))
    with get_db().read() as session:
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
