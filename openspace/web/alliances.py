"""Alliances over HTTP: cards that say the same thing, the organisations at the table,
and who could help whom. Reads answer from a read session; changes go through
``pipeline.run_write``.
"""

from __future__ import annotations

from flask import Blueprint, jsonify

from ..db import get_db
from ..services import similar_cards
from .http import WORKSHOP
from .pipeline import actor_of

bp = Blueprint("alliances", __name__)


@bp.get(WORKSHOP + "/cards/<card_id>/similar")
def similar(workshop_id: str, card_id: str):
    """Public cards that may say the same as this one, best first (facilitator, organiser)."""
    with get_db().read() as session:
        body = similar_cards.similar_to(session, actor_of(session, workshop_id), card_id)
    return jsonify(body)


@bp.get(WORKSHOP + "/similar")
def similar_board(workshop_id: str):
    """For every card with a likely duplicate, the public cards like it (moderators)."""
    with get_db().read() as session:
        body = similar_cards.similar_board(session, actor_of(session, workshop_id))
    return jsonify(body)


@bp.get(WORKSHOP + "/themes/<theme_id>/similar-groups")
def similar_groups(workshop_id: str, theme_id: str):
    """A theme's public cards grouped by likeness, groups of two or more (moderators)."""
    with get_db().read() as session:
        body = similar_cards.similar_groups(session, actor_of(session, workshop_id), theme_id)
    return jsonify(body)
