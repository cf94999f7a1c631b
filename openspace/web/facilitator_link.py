"""The organiser issues the facilitator link again; the old one is revoked at once."""

from __future__ import annotations

from flask import Blueprint

from ..extensions import socketio
from ..realtime import close_sockets, moderators_room
from ..services.facilitator_link import reissue_facilitator_link
from .http import WORKSHOP, answer, base_url, bearer_token
from .pipeline import run_write

bp = Blueprint("facilitator_link", __name__)


@bp.post(WORKSHOP + "/facilitator-link")
def reissue(workshop_id: str):
    """Make a new facilitator link (organiser); sockets opened with the old one are closed.

    The organiser's own sockets are in the same room: they connect again by themselves.
    """
    outcome = run_write(workshop_id, bearer_token(), reissue_facilitator_link, base_url(),
                        counted=False)
    close_sockets(socketio.server, moderators_room(workshop_id))
    return answer(outcome)
