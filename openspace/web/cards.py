"""Cards over HTTP: post, edit, delete, moderate and merge them, paper notes, supports,
"count me in", links between cards, and the list of global goals a card can name.

Every change runs through ``pipeline.run_write``; ``counted`` says whether a
participant's call counts against their limit of writes: posting, editing,
supporting, joining in and linking do; taking something back does not.
"""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask_babel import gettext

from ..db import get_db
from ..services import bulk, card_editing, cards, commitments, links, merge, moderation, supports
from ..services.sdgs import goals_json
from .http import API, WORKSHOP, answer, bearer_token, json_body
from .pipeline import actor_of, run_write

bp = Blueprint("cards", __name__)
CARD = WORKSHOP + "/cards/<card_id>"


def _write(workshop_id: str, action, *args, counted: bool):
    """Run a change of a card as the bearer of the request's token, and answer it."""
    return answer(run_write(workshop_id, bearer_token(), action, *args, counted=counted))


@bp.get(API + "/sdgs")
def list_sdgs():
    """The 17 global goals, number and short name, in the caller's language (no token)."""
    return jsonify({"goals": goals_json(gettext)})


@bp.post(WORKSHOP + "/cards")
def post_card(workshop_id: str):
    """Post a card; a repeated ``client_id`` answers 200 with the stored card."""
    return _write(workshop_id, cards.post_card, json_body(), counted=True)


@bp.post(WORKSHOP + "/cards/bulk")
def paper_notes(workshop_id: str):
    """Add many cards at once, one per line; all or nothing (facilitator, organiser)."""
    return _write(workshop_id, bulk.post_paper_notes, json_body(), counted=False)


@bp.patch(CARD)
def update_card(workshop_id: str, card_id: str):
    """Edit a card (its author while the board is open; moderators always)."""
    return _write(workshop_id, card_editing.update_card, card_id, json_body(), counted=True)


@bp.delete(CARD)
def delete_card(workshop_id: str, card_id: str):
    """Delete a card with everything on it (its author while open; moderators)."""
    return _write(workshop_id, card_editing.delete_card, card_id, counted=False)


@bp.post(CARD + "/hide")
def hide_card(workshop_id: str, card_id: str):
    """Hide a card from the board (facilitator, organiser)."""
    return _write(workshop_id, cards.set_hidden, card_id, True, counted=False)


@bp.post(CARD + "/restore")
def restore_card(workshop_id: str, card_id: str):
    """Show a hidden card again (facilitator, organiser)."""
    return _write(workshop_id, cards.set_hidden, card_id, False, counted=False)


@bp.post(CARD + "/approve")
def approve(workshop_id: str, card_id: str):
    """Let a pending card onto the board (pre-moderation)."""
    return _write(workshop_id, moderation.approve, card_id, counted=False)


@bp.post(CARD + "/pin")
def pin(workshop_id: str, card_id: str):
    """Pin a card to the top of its theme."""
    return _write(workshop_id, moderation.set_pinned, card_id, True, counted=False)


@bp.post(CARD + "/unpin")
def unpin(workshop_id: str, card_id: str):
    """Unpin a card."""
    return _write(workshop_id, moderation.set_pinned, card_id, False, counted=False)


@bp.post(CARD + "/merge")
def merge_card(workshop_id: str, card_id: str):
    """Merge a duplicate card into another; answers the card that stays."""
    return _write(workshop_id, merge.merge_cards, card_id, json_body(), counted=False)


@bp.put(CARD + "/support")
def add_support(workshop_id: str, card_id: str):
    """Support a card (participant); answers how many supports are left."""
    json_body()  # no fields, but a body that is not JSON is refused like everywhere
    return _write(workshop_id, supports.add_support, card_id, counted=True)


@bp.delete(CARD + "/support")
def remove_support(workshop_id: str, card_id: str):
    """Take a support back (participant)."""
    return _write(workshop_id, supports.remove_support, card_id, counted=False)


@bp.put(CARD + "/commitment")
def commit(workshop_id: str, card_id: str):
    """Say "count me in" on an initiative (participant); contact only with consent."""
    return _write(workshop_id, commitments.commit, card_id, json_body(), counted=True)


@bp.delete(CARD + "/commitment")
def withdraw(workshop_id: str, card_id: str):
    """Take back one's "count me in"; its name and contact are deleted (participant)."""
    return _write(workshop_id, commitments.withdraw_commitment, card_id, counted=False)


@bp.get(CARD + "/commitments")
def list_commitments(workshop_id: str, card_id: str):
    """Who said "count me in", with name and contact (facilitator, organiser)."""
    with get_db().read() as session:
        actor = actor_of(session, workshop_id)
        body = {"commitments": commitments.list_commitments(session, actor, card_id)}
    return jsonify(body)


@bp.post(WORKSHOP + "/links")
def create_link(workshop_id: str):
    """Link an actor card to an initiative or idea it can help with."""
    return _write(workshop_id, links.create_link, json_body(), counted=True)


@bp.delete(WORKSHOP + "/links/<link_id>")
def delete_link(workshop_id: str, link_id: str):
    """Remove a link (its author; moderators)."""
    return _write(workshop_id, links.delete_link, link_id, counted=False)
