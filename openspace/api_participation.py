"""The participants' toolkit over HTTP: edit and delete cards, support, "count me in",
comments, links, and the list of global goals. Parse, call one service, publish."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from flask_babel import gettext

from .db import get_db
from .documents import documents_of
from .services import card_editing, comments, commitments, links, supports
from .services.errors import DomainError
from .services.sdgs import goals_json
from .text.i18n import error_body
from .web import bearer_token, guarded_actor, json_body, write_and_publish

bp = Blueprint("participation", __name__, url_prefix="/api/v1")
WORKSHOP = "/workshops/<workshop_id>"


@bp.errorhandler(DomainError)
def domain_error(error: DomainError):
    """Answer a refused request with the contract's error JSON."""
    return jsonify(error_body(error)), error.status


def _write(workshop_id: str, action, *args, counted: bool = True):
    """A participant's toolkit write: counted against their limit unless ``counted=False``."""
    return write_and_publish(workshop_id, action, *args, counted=counted)


@bp.get("/sdgs")
def list_sdgs():
    """The 17 global goals, number and short name, in the caller's language (no token)."""
    return jsonify({"goals": goals_json(gettext)})


@bp.patch(WORKSHOP + "/cards/<card_id>")
def update_card(workshop_id: str, card_id: str):
    """Edit a card (its author while the board is open; moderators always)."""
    result = _write(workshop_id, card_editing.update_card, card_id, json_body())
    return jsonify(result.body)


@bp.delete(WORKSHOP + "/cards/<card_id>")
def delete_card(workshop_id: str, card_id: str):
    """Delete a card with everything on it (its author while open; moderators)."""
    result = _write(workshop_id, card_editing.delete_card, card_id, counted=False)
    documents_of(current_app).renew_pdfs(workshop_id, result.plenaries)
    return jsonify(result.body)


@bp.put(WORKSHOP + "/cards/<card_id>/support")
def add_support(workshop_id: str, card_id: str):
    """Support a card (participant); answers how many supports are left."""
    json_body()
    return jsonify(_write(workshop_id, supports.add_support, card_id).body())


@bp.delete(WORKSHOP + "/cards/<card_id>/support")
def remove_support(workshop_id: str, card_id: str):
    """Take a support back (participant)."""
    return jsonify(_write(workshop_id, supports.remove_support, card_id, counted=False).body())


@bp.put(WORKSHOP + "/cards/<card_id>/commitment")
def commit(workshop_id: str, card_id: str):
    """Say "count me in" on an initiative (participant); contact only with consent."""
    result = _write(workshop_id, commitments.commit, card_id, json_body())
    return jsonify({"commitment": result.commitment, "card": result.card})


@bp.delete(WORKSHOP + "/cards/<card_id>/commitment")
def withdraw(workshop_id: str, card_id: str):
    """Take back one's "count me in"; its name and contact are deleted (participant)."""
    result = _write(workshop_id, commitments.withdraw_commitment, card_id, counted=False)
    return jsonify({"card": result.card})


@bp.get(WORKSHOP + "/cards/<card_id>/commitments")
def list_commitments(workshop_id: str, card_id: str):
    """Who said "count me in", with name and contact (facilitator, organiser)."""
    with get_db().read() as session:
        actor = guarded_actor(session, workshop_id, bearer_token())
        body = {"commitments": commitments.list_commitments(session, actor, card_id)}
    return jsonify(body)


@bp.post(WORKSHOP + "/cards/<card_id>/comments")
def post_comment(workshop_id: str, card_id: str):
    """Comment on a card; a repeated ``client_id`` answers 200 with the stored comment."""
    result = _write(workshop_id, comments.post_comment, card_id, json_body())
    return jsonify(result.comment), 201 if result.created else 200


@bp.delete(WORKSHOP + "/comments/<comment_id>")
def delete_comment(workshop_id: str, comment_id: str):
    """Delete a comment (its author while open; moderators)."""
    result = _write(workshop_id, comments.delete_comment, comment_id, counted=False)
    return jsonify(result.comment)


@bp.post(WORKSHOP + "/comments/<comment_id>/<any(hide, restore, approve):action>")
def moderate_comment(workshop_id: str, comment_id: str, action: str):
    """Hide, show again or approve a comment (facilitator, organiser)."""
    result = _write(workshop_id, comments.moderate_comment, comment_id, action, counted=False)
    return jsonify(result.comment)


@bp.post(WORKSHOP + "/links")
def create_link(workshop_id: str):
    """Link an actor card to an initiative or idea it can help with."""
    result = _write(workshop_id, links.create_link, json_body())
    return jsonify(result.link), 201 if result.created else 200


@bp.delete(WORKSHOP + "/links/<link_id>")
def delete_link(workshop_id: str, link_id: str):
    """Remove a link (its author; moderators)."""
    result = _write(workshop_id, links.delete_link, link_id, counted=False)
    return jsonify(result.link)
