"""Moving a workshop's content in and out over HTTP: import kick-off material, export the
whole workshop, and the moderation log (facilitator, organiser)."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from ..db import get_db
from ..services import export, modlog, transfer
from ..text.i18n import localized
from .http import WORKSHOP, bearer_token, download, json_body
from .pipeline import actor_of, run_write

bp = Blueprint("transfer", __name__)


@bp.post(WORKSHOP + "/import")
def import_cards(workshop_id: str):
    """Preview (``?dry_run=1``) or import kick-off cards from CSV or JSON."""
    dry_run = request.args.get("dry_run") in ("1", "true", "yes")
    outcome = run_write(workshop_id, bearer_token(), transfer.import_cards, json_body(), dry_run,
                        counted=False)
    # A preview's errors by line are domain errors: answered in the caller's language.
    return jsonify(localized(outcome.body)), 201 if outcome.created else 200


@bp.get(WORKSHOP + "/export.json")
def export_json(workshop_id: str):
    """Everything about the workshop as one JSON document."""
    with get_db().read() as session:
        data = export.export_data(session, actor_of(session, workshop_id))
    response = jsonify(data)
    response.headers["Content-Disposition"] = 'attachment; filename="workshop.json"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get(WORKSHOP + "/export.zip")
def export_zip(workshop_id: str):
    """Everything about the workshop as a zip of CSV files."""
    with get_db().read() as session:
        data = export.export_data(session, actor_of(session, workshop_id))
    return download(export.export_zip(data), "application/zip", "workshop-csv.zip")


@bp.get(WORKSHOP + "/moderation-log")
def moderation_log(workshop_id: str):
    """Who did what when (``?format=json`` or ``csv``); never contact details."""
    wanted = request.args.get("format", "json")
    with get_db().read() as session:
        entries = modlog.moderation_log(session, actor_of(session, workshop_id))
    if wanted == "csv":
        return download(modlog.log_csv(entries), "text/csv", "moderation-log.csv")
    return jsonify({"entries": entries})
