"""Import of kick-off material and export of a whole workshop (organiser, facilitator)."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from .api import actor_of
from .api_moderation import line_errors, toolkit_error
from .db import get_db
from .realtime import publish
from .services import export, transfer
from .services.errors import DomainError
from .web import json_body

bp = Blueprint("api_transfer", __name__, url_prefix="/api/v1/workshops/<workshop_id>")
bp.register_error_handler(DomainError, toolkit_error)


@bp.post("/import")
def import_cards(workshop_id: str):
    """Preview (``?dry_run=1``) or import kick-off cards from CSV or JSON."""
    dry_run = request.args.get("dry_run") in ("1", "true", "yes")
    payload = json_body()
    with get_db().write() as session:
        outcome = transfer.import_cards(session, actor_of(session, workshop_id), payload,
                                        dry_run)
    if dry_run:
        return jsonify({**outcome.body, "errors": line_errors(outcome.body["errors"])})
    publish(outcome.events)
    return jsonify(outcome.body), 201


def _download(data: bytes, mimetype: str, filename: str) -> Response:
    """Answer a file download that no cache keeps."""
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/export.json")
def export_json(workshop_id: str):
    """Everything about the workshop as one JSON document."""
    with get_db().read() as session:
        data = export.export_data(session, actor_of(session, workshop_id))
    response = jsonify(data)
    response.headers["Content-Disposition"] = 'attachment; filename="workshop.json"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/export.zip")
def export_zip(workshop_id: str):
    """Everything about the workshop as a zip of CSV files."""
    with get_db().read() as session:
        data = export.export_data(session, actor_of(session, workshop_id))
    return _download(export.export_zip(data), "application/zip", "workshop-csv.zip")
