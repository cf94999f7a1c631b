"""The safe room over HTTP: read and change a workshop's word lists and help text."""

from __future__ import annotations

from flask import Blueprint

from ..db import get_db
from ..services import safe_room
from .http import WORKSHOP, answer, bearer_token, json_body
from .pipeline import actor_of, run_write

bp = Blueprint("safe_room", __name__)
SAFE_ROOM = WORKSHOP + "/safe-room"


@bp.get(SAFE_ROOM)
def get_safe_room(workshop_id: str):
    """The word lists and the help text in force (facilitator, organiser)."""
    with get_db().read() as session:
        return answer(safe_room.get_settings(session, actor_of(session, workshop_id)))


@bp.put(SAFE_ROOM)
def put_safe_room(workshop_id: str):
    """Change the word lists or the help text; null goes back to the default."""
    return answer(run_write(workshop_id, bearer_token(), safe_room.update_settings, json_body(),
                            counted=False))
