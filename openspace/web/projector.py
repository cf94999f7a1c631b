"""The facilitator's hold on the projector over HTTP: what every wall shows, and the stars
on cards "for the plenary". Moderators only; both go through ``pipeline.run_write``."""

from __future__ import annotations

from flask import Blueprint

from ..services import projector, stars
from .http import WORKSHOP, answer, bearer_token, json_body
from .pipeline import run_write

bp = Blueprint("projector", __name__)


@bp.patch(WORKSHOP + "/projector")
def drive(workshop_id: str):
    """Sort, filter, pause the wall; show, step or close a plenary (facilitator, organiser)."""
    return answer(run_write(workshop_id, bearer_token(), projector.update_projector, json_body(),
                            counted=False))


@bp.post(WORKSHOP + "/cards/<card_id>/star")
def star(workshop_id: str, card_id: str):
    """Star a card for the next plenary, or take the star off (facilitator, organiser)."""
    return answer(run_write(workshop_id, bearer_token(), stars.set_starred, card_id, json_body(),
                            counted=False))
