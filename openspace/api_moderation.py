"""The facilitator's toolkit over HTTP: approve, pin, merge, spotlight, settings, themes,
timer, paper notes and the moderation log. Thin: parse, call one service, publish."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from .api import actor_of, domain_error
from .db import get_db
from .realtime import publish
from .services import bulk, merge, moderation, modlog, themes, timer
from .services.errors import DomainError
from .text.i18n import error_body, error_message
from .web import json_body, write_and_publish

bp = Blueprint("api_moderation", __name__, url_prefix="/api/v1/workshops/<workshop_id>")


@bp.errorhandler(DomainError)
def toolkit_error(error: DomainError):
    """Answer a refused request; line errors add ``errors: [{"line", "message"}]``."""
    if isinstance(error, bulk.LineErrors):
        body = error_body(error)
        body["errors"] = line_errors(error.errors)
        return jsonify(body), error.status
    return domain_error(error)


def line_errors(errors) -> list[dict]:
    """Return ``(line, error)`` pairs as translated ``{"line", "message"}`` objects."""
    return [{"line": line, "message": error_message(error)} for line, error in errors]


def _run(workshop_id: str, action, *args, status: int = 200):
    """Call ``action(session, actor, *args)`` in a write transaction; publish; answer."""
    return jsonify(write_and_publish(workshop_id, action, *args).body), status


@bp.post("/cards/<card_id>/approve")
def approve(workshop_id: str, card_id: str):
    """Let a pending card onto the board (pre-moderation)."""
    return _run(workshop_id, moderation.approve, card_id)


@bp.post("/cards/<card_id>/pin")
def pin(workshop_id: str, card_id: str):
    """Pin a card to the top of its theme."""
    return _run(workshop_id, moderation.set_pinned, card_id, True)


@bp.post("/cards/<card_id>/unpin")
def unpin(workshop_id: str, card_id: str):
    """Unpin a card."""
    return _run(workshop_id, moderation.set_pinned, card_id, False)


@bp.post("/cards/<card_id>/merge")
def merge_card(workshop_id: str, card_id: str):
    """Merge a duplicate card into another; answers the card that stays."""
    return _run(workshop_id, merge.merge_cards, card_id, json_body())


@bp.put("/spotlight")
def spotlight(workshop_id: str):
    """Show one card full-screen on the projector, or none."""
    return _run(workshop_id, moderation.set_spotlight, json_body())


@bp.patch("/settings")
def settings(workshop_id: str):
    """Change the support cap and pre-moderation."""
    return _run(workshop_id, moderation.update_settings, json_body())


@bp.post("/themes")
def add_theme(workshop_id: str):
    """Add a theme to the board."""
    return _run(workshop_id, themes.add_theme, json_body(), status=201)


@bp.put("/themes/order")
def reorder_themes(workshop_id: str):
    """Put the themes in a new order."""
    return _run(workshop_id, themes.reorder_themes, json_body())


@bp.patch("/themes/<theme_id>")
def rename_theme(workshop_id: str, theme_id: str):
    """Rename a theme."""
    return _run(workshop_id, themes.rename_theme, theme_id, json_body())


@bp.put("/timer")
def start_timer(workshop_id: str):
    """Start a countdown on the projector."""
    return _run(workshop_id, timer.start_timer, json_body())


@bp.delete("/timer")
def stop_timer(workshop_id: str):
    """Stop the countdown."""
    return _run(workshop_id, timer.stop_timer)


@bp.post("/cards/bulk")
def paper_notes(workshop_id: str):
    """Add many cards at once, one per line; all or nothing."""
    payload = json_body()
    with get_db().write() as session:
        outcome = bulk.post_paper_notes(session, actor_of(session, workshop_id), payload)
    publish(outcome.events)
    return jsonify(outcome.body), 201 if outcome.body["created"] else 200


@bp.get("/moderation-log")
def moderation_log(workshop_id: str):
    """Who did what when (``?format=json`` or ``csv``); never contact details."""
    wanted = request.args.get("format", "json")
    with get_db().read() as session:
        entries = modlog.moderation_log(session, actor_of(session, workshop_id))
    if wanted == "csv":
        response = Response(modlog.log_csv(entries), mimetype="text/csv")
        response.headers["Content-Disposition"] = 'attachment; filename="moderation-log.csv"'
        response.headers["Cache-Control"] = "private, no-store"
        return response
    return jsonify({"entries": entries})
