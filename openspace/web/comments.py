"""Questions and comments on a card over HTTP: post, delete, hide, restore, approve, reject."""

from __future__ import annotations

from flask import Blueprint

from ..services import comments
from .http import WORKSHOP, answer, bearer_token, json_body
from .pipeline import run_write

bp = Blueprint("comments", __name__)
COMMENT = WORKSHOP + "/comments/<comment_id>"


@bp.post(WORKSHOP + "/cards/<card_id>/comments")
def post_comment(workshop_id: str, card_id: str):
    """Comment on a card; a repeated ``client_id`` answers 200 with the stored comment."""
    return answer(run_write(workshop_id, bearer_token(), comments.post_comment, card_id,
                            json_body(), counted=True))


@bp.delete(COMMENT)
def delete_comment(workshop_id: str, comment_id: str):
    """Delete a comment (its author while open; moderators)."""
    return answer(run_write(workshop_id, bearer_token(), comments.delete_comment, comment_id,
                            counted=False))


@bp.post(COMMENT + "/<any(hide, restore, approve, reject):action>")
def moderate_comment(workshop_id: str, comment_id: str, action: str):
    """Hide, show again, approve or reject a comment (facilitator, organiser)."""
    return answer(run_write(workshop_id, bearer_token(), comments.moderate_comment, comment_id,
                            action, counted=False))
