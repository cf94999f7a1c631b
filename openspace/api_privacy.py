"""The privacy part of the JSON API: a participant's own data, deleting it, deleting a workshop."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from .api import actor_of, domain_error
from .db import get_db
from .documents import documents_of
from .extensions import socketio
from .realtime import moderators_room, participant_room, publish, room
from .services import privacy
from .services.errors import DomainError
from .services.removal import Removal
from .web import write_and_publish

bp = Blueprint("api_privacy", __name__, url_prefix="/api/v1/workshops/<workshop_id>")
bp.register_error_handler(DomainError, domain_error)


def _disconnect(room_name: str) -> None:
    """Close the sockets of ``room_name`` on this process (their token no longer works)."""
    server = socketio.server
    for sid, _ in list(server.manager.get_participants("/", room_name)):
        server.disconnect(sid, namespace="/")


def _remove(workshop_id: str, action, *args) -> Removal:
    """Run a removal, publish its events and renew the PDFs whose snapshot lost something."""
    removal = write_and_publish(workshop_id, action, *args)
    documents_of(current_app).renew_pdfs(workshop_id, removal.plenaries)
    return removal


@bp.get("/participants/me/data")
def own_data(workshop_id: str):
    """Everything stored about the calling participant (participant)."""
    with get_db().read() as session:
        return jsonify(privacy.own_data(session, actor_of(session, workshop_id)))


@bp.delete("/participants/me")
def delete_me(workshop_id: str):
    """Delete everything the participant posted, and the participant (participant)."""
    removal = _remove(workshop_id, privacy.delete_me)
    _disconnect(participant_room(removal.body["participant_id"]))
    return jsonify(removal.body)


@bp.delete("/participants/me/cards/<card_id>")
def delete_own_card(workshop_id: str, card_id: str):
    """Delete one of the participant's own cards (participant)."""
    return jsonify(_remove(workshop_id, privacy.delete_own_card, card_id).body)


@bp.delete("/participants/me/comments/<comment_id>")
def delete_own_comment(workshop_id: str, comment_id: str):
    """Delete one of the participant's own comments (participant)."""
    return jsonify(_remove(workshop_id, privacy.delete_own_comment, comment_id).body)


@bp.delete("/participants/me/commitments/<card_id>")
def withdraw_own_commitment(workshop_id: str, card_id: str):
    """Withdraw the participant's "count me in" on a card, contact and all (participant)."""
    return jsonify(_remove(workshop_id, privacy.withdraw_own_commitment, card_id).body)


@bp.delete("")
def delete_workshop(workshop_id: str):
    """Delete a workshop: every row and every file of it (organiser)."""
    with get_db().write() as session:
        removal = privacy.delete_workshop(session, actor_of(session, workshop_id))
    documents_of(current_app).delete_workshop_files(workshop_id)
    publish(removal.events)
    for name in (room(workshop_id), moderators_room(workshop_id)):
        _disconnect(name)
    return jsonify(removal.body)
