"""The plenary part of the JSON API: take plenaries, list them, download their PDFs."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify

from .api import actor_of, domain_error
from .db import get_db
from .documents import documents_of
from .realtime import publish
from .services import plenaries
from .services.access import FACILITATOR, ORGANISER, require_role
from .services.errors import DomainError
from .web import base_url, json_body

bp = Blueprint("api_plenaries", __name__, url_prefix="/api/v1")
bp.register_error_handler(DomainError, domain_error)


def _documents():
    """Return the app's PDF service."""
    return documents_of(current_app)


def _render_soon(workshop_id: str, number: int) -> None:
    """Render a plenary's PDF in the background; the room hears when it is ready."""
    _documents().render_in_background(workshop_id, number)


@bp.post("/workshops/<workshop_id>/plenaries")
def start_plenary(workshop_id: str):
    """Take a plenary now: a summary of everything since the previous one (facilitator)."""
    payload = json_body()
    with get_db().write() as session:
        plenary, events = plenaries.start_plenary(
            session, actor_of(session, workshop_id), payload, base_url()
        )
        body = plenaries.plenary_json(plenary, base_url())
    publish(events)
    _render_soon(workshop_id, body["number"])
    return jsonify(body), 201


@bp.get("/workshops/<workshop_id>/plenaries")
def list_plenaries(workshop_id: str):
    """List the plenaries with their PDF's state (facilitator, organiser)."""
    with get_db().read() as session:
        actor = actor_of(session, workshop_id)
        require_role(actor, FACILITATOR, ORGANISER)
        found = [plenaries.plenary_json(p, base_url()) for p in
                 plenaries.list_plenaries(session, actor)]
    for item in found:
        item["pdf_size"] = _documents().files.plenary_pdf_size(workshop_id, item["number"])
    return jsonify({"plenaries": found})


@bp.get("/workshops/<workshop_id>/plenaries/<int:number>")
def get_plenary(workshop_id: str, number: int):
    """Return a plenary with its frozen summary (any token: the projector shows it)."""
    with get_db().read() as session:
        actor = actor_of(session, workshop_id)
        plenary = plenaries.get_plenary(session, actor, number)
        body = {**plenaries.plenary_json(plenary, base_url()), "summary": plenary.summary}
    return jsonify(body)


@bp.patch("/workshops/<workshop_id>/plenaries/<int:number>")
def set_plenary_note(workshop_id: str, number: int):
    """Change the facilitator's note of a plenary; its PDF is made again."""
    payload = json_body()
    with get_db().write() as session:
        plenary, events = plenaries.set_note(session, actor_of(session, workshop_id), number,
                                             payload)
        body = plenaries.plenary_json(plenary, base_url())
    _documents().files.forget_plenary_pdf(workshop_id, number)
    publish(events)
    _render_soon(workshop_id, number)
    return jsonify(body)


def _pdf_response(data: bytes, filename: str) -> Response:
    """Answer a PDF download."""
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _moderator(workshop_id: str) -> None:
    """Refuse anyone but the workshop's facilitator and the organiser."""
    with get_db().read() as session:
        require_role(actor_of(session, workshop_id), FACILITATOR, ORGANISER)


@bp.get("/workshops/<workshop_id>/plenaries/<int:number>.pdf")
def plenary_pdf(workshop_id: str, number: int):
    """Download a plenary's PDF (rendered again if the file went missing)."""
    with get_db().read() as session:
        actor = actor_of(session, workshop_id)
        require_role(actor, FACILITATOR, ORGANISER)
        summary = plenaries.get_plenary(session, actor, number).summary
    path = _documents().ensure_plenary_pdf(workshop_id, number, summary)
    return _pdf_response(path.read_bytes(), f"opsamling-{number}.pdf")


@bp.get("/workshops/<workshop_id>/report.pdf")
def report_pdf(workshop_id: str):
    """Download the full-day report as it stands now (facilitator, organiser)."""
    _moderator(workshop_id)
    return _pdf_response(_documents().report_pdf(workshop_id, base_url()), "rapport.pdf")


@bp.get("/workshops/<workshop_id>/poster.pdf")
def poster_pdf(workshop_id: str):
    """Download the A4 QR poster (facilitator, organiser)."""
    _moderator(workshop_id)
    return _pdf_response(_documents().poster_pdf(workshop_id, base_url()), "plakat.pdf")
