"""Privacy over HTTP: a participant's own data, deleting it, deleting a workshop, and the
pages around them (the privacy notice, the own-data page, the accessibility statement and
the organiser's page for deleting a workshop)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, render_template

from ..db import get_db
from ..documents import documents_of
from ..extensions import socketio
from ..models import DEFAULT_FOLLOWUP_MONTHS, DEFAULT_RETENTION_DAYS
from ..realtime import close_sockets, moderators_room, participant_room, room
from ..services import privacy, workshops
from ..services.errors import NotFound
from .http import WORKSHOP, answer, base_url, bearer_token
from .page_strings import strings_for
from .pages import public_workshop
from .pipeline import actor_of, run_write

bp = Blueprint("privacy", __name__)
MINE = WORKSHOP + "/participants/me"


def _disconnect(room_name: str) -> None:
    """Close the sockets of ``room_name`` on every process (their token no longer works)."""
    close_sockets(socketio.server, room_name)


def _remove(workshop_id: str, action, *args):
    """Run a deletion (a right: never counted, allowed on a locked board too)."""
    return run_write(workshop_id, bearer_token(), action, *args, counted=False)


@bp.get(MINE + "/data")
def own_data(workshop_id: str):
    """Everything stored about the calling participant (participant)."""
    with get_db().read() as session:
        return jsonify(privacy.own_data(session, actor_of(session, workshop_id)))


@bp.delete(MINE)
def delete_me(workshop_id: str):
    """Delete everything the participant posted, and the participant (participant)."""
    outcome = _remove(workshop_id, privacy.delete_me)
    _disconnect(participant_room(outcome.body["participant_id"]))
    return answer(outcome)


@bp.delete(MINE + "/cards/<card_id>")
def delete_own_card(workshop_id: str, card_id: str):
    """Delete one of the participant's own cards (participant)."""
    return answer(_remove(workshop_id, privacy.delete_own_card, card_id))


@bp.delete(MINE + "/comments/<comment_id>")
def delete_own_comment(workshop_id: str, comment_id: str):
    """Delete one of the participant's own comments (participant)."""
    return answer(_remove(workshop_id, privacy.delete_own_comment, comment_id))


@bp.delete(MINE + "/commitments/<card_id>")
def withdraw_own_commitment(workshop_id: str, card_id: str):
    """Withdraw the participant's "count me in" on a card, contact and all (participant)."""
    return answer(_remove(workshop_id, privacy.withdraw_own_commitment, card_id))


@bp.delete(WORKSHOP)
def delete_workshop(workshop_id: str):
    """Delete a workshop: every row and every file of it (organiser)."""
    outcome = _remove(workshop_id, privacy.delete_workshop)
    documents_of(current_app).delete_workshop_files(workshop_id)
    for name in (room(workshop_id), moderators_room(workshop_id)):
        _disconnect(name)
    return answer(outcome)


def notice_context(info: dict | None) -> dict:
    """Return who is responsible and how long data is kept (the workshop's, else the default)."""
    details = (info or {}).get("privacy") or {}
    return {
        "controller_name": details.get("controller_name") or current_app.config.get(
            "CONTROLLER_NAME") or "",
        "controller_contact": details.get("controller_contact") or current_app.config.get(
            "CONTROLLER_CONTACT") or "",
        "retention_days": details.get("retention_days") or DEFAULT_RETENTION_DAYS,
        "followup_months": (info or {}).get("followup_months") or DEFAULT_FOLLOWUP_MONTHS,
    }


@bp.get("/privacy")
def privacy_notice():
    """The privacy notice of this installation (its default data controller)."""
    return render_template("privacy.html", js_strings=strings_for("privacy.html"), workshop=None,
                           notice=notice_context(None))


@bp.get("/privacy/<code>")
def workshop_privacy_notice(code: str):
    """The whole privacy notice of one workshop (the phone page links here)."""
    info = public_workshop(code=code)
    return render_template("privacy.html", js_strings=strings_for("privacy.html"), workshop=info,
                           notice=notice_context(info))


@bp.get("/j/<code>/mine")
def own_data_page(code: str):
    """The participant's own data: what they posted, to see and delete."""
    info = public_workshop(code=code)
    return render_template("mine.html", js_strings=strings_for("mine.html"), workshop=info,
                           notice=notice_context(info))


@bp.get("/accessibility")
def accessibility_statement():
    """The accessibility statement, with the contact for feedback."""
    return render_template("accessibility.html", js_strings=strings_for("accessibility.html"),
                           notice=notice_context(None))


@bp.get("/organiser/workshops/<workshop_id>/delete")
def delete_workshop_page(workshop_id: str):
    """The organiser's page to export a workshop and then delete it for good."""
    with get_db().read() as session:
        try:
            workshop = workshops.get_workshop(session, workshop_id)
        except NotFound:
            abort(404)
        info = workshops.public_info(workshop, base_url())
    return render_template("delete_workshop.html", js_strings=strings_for("delete_workshop.html"),
                           workshop=info)
