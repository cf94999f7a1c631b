"""Plenaries over HTTP: take them, list them, change their note, download their PDFs.

Every token of the workshop reads the plenaries and downloads their PDFs and
the day's report: they hold only the public content (what the projector
shows). A participant's downloads are counted (``download``) and served from
the stored files, so a room of phones makes the server render nothing twice.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify

from ..db import get_db
from ..documents import documents_of
from ..documents.day_calendar import day_ics
from ..services import plenaries, workshops
from ..services.access import FACILITATOR, ORGANISER, Actor, require_role
from ..services.day_sheet import file_name, naming
from ..services.plenary_digest import digest
from ..services.ratelimits import viewer_key
from ..services.schedule import day_bounds
from .http import WORKSHOP, answer, base_url, bearer_token, download, json_body
from .pipeline import actor_of, rate_limits, run_write, workshop_by_code

bp = Blueprint("plenaries", __name__)
PLENARY = WORKSHOP + "/plenaries/<int:number>"


@bp.post(WORKSHOP + "/plenaries")
def start_plenary(workshop_id: str):
    """Take a plenary now: a summary of everything since the previous one (facilitator).

    Its PDF is rendered in the background; the room hears when it is ready.
    """
    return answer(run_write(workshop_id, bearer_token(), plenaries.start_plenary, json_body(),
                            base_url(), counted=False))


@bp.get(WORKSHOP + "/plenaries")
def list_plenaries(workshop_id: str):
    """List the plenaries with their PDF's state and each one's digest (any token)."""
    with get_db().read() as session:
        actor = actor_of(session, workshop_id)
        found = [{**plenaries.plenary_json(p, base_url()), "digest": digest(p.summary)}
                 for p in plenaries.list_plenaries(session, actor)]
    for item in found:
        item["pdf_size"] = _documents().files.plenary_pdf_size(workshop_id, item["number"])
    return jsonify({"plenaries": found})


@bp.get(PLENARY)
def get_plenary(workshop_id: str, number: int):
    """Return a plenary with its frozen summary (any token: the projector shows it)."""
    with get_db().read() as session:
        actor = actor_of(session, workshop_id)
        plenary = plenaries.get_plenary(session, actor, number)
        body = {**plenaries.plenary_json(plenary, base_url()), "summary": plenary.summary,
                "digest": digest(plenary.summary)}
    return jsonify(body)


@bp.patch(PLENARY)
def set_plenary_note(workshop_id: str, number: int):
    """Change the facilitator's note of a plenary; its PDF is made again."""
    return answer(run_write(workshop_id, bearer_token(), plenaries.set_note, number, json_body(),
                            base_url(), counted=False))


def _documents():
    """Return the app's PDF service."""
    return documents_of(current_app)


def _moderator(workshop_id: str) -> dict:
    """Refuse anyone but the workshop's facilitator and the organiser; return its naming."""
    with get_db().read() as session:
        require_role(actor_of(session, workshop_id), FACILITATOR, ORGANISER)
        return naming(workshops.get_workshop(session, workshop_id))


def _downloader(workshop_id: str) -> Actor:
    """Return the caller (any token of the workshop); a participant's download is counted."""
    with get_db().read() as session:
        actor = actor_of(session, workshop_id)
    if not actor.moderates:
        rate_limits().hit("download", viewer_key(actor))
    return actor


@bp.get(PLENARY + ".pdf")
def plenary_pdf(workshop_id: str, number: int):
    """Download a plenary's PDF, the stored file (rendered again if it went missing).

    Any token of the workshop: the file holds the frozen public summary only.
    """
    actor = _downloader(workshop_id)
    with get_db().read() as session:
        summary = plenaries.get_plenary(session, actor, number).summary
        named = naming(workshops.get_workshop(session, workshop_id))
    path = _documents().ensure_plenary_pdf(workshop_id, number, summary)
    return download(path.read_bytes(), "application/pdf", file_name(named, "plenary", number))


@bp.get(WORKSHOP + "/report.pdf")
def report_pdf(workshop_id: str):
    """Download the full-day report: as it stands now for the moderators; for everyone
    else the stored copy, made again at most every couple of minutes (any token)."""
    actor = _downloader(workshop_id)
    with get_db().read() as session:
        named = naming(workshops.get_workshop(session, workshop_id))
    data = _documents().stored_report_pdf(workshop_id, base_url(), current=actor.moderates)
    return download(data, "application/pdf", file_name(named, "report"))


@bp.get(WORKSHOP + "/poster.pdf")
def poster_pdf(workshop_id: str):
    """Download the A4 QR poster (facilitator, organiser)."""
    named = _moderator(workshop_id)
    return download(_documents().poster_pdf(workshop_id, base_url()), "application/pdf",
                    file_name(named, "poster"))


@bp.get("/j/<code>/day.ics")
def day_calendar(code: str):
    """The workshop day as a calendar file; public, the join code is the key (as on the poster).

    A wrong code counts against the address like a wrong join code.
    """
    with get_db().read() as session:
        workshop = workshop_by_code(session, code)
        info = plenaries.workshop_summary_info(workshop, base_url())
        starts, ends = day_bounds(workshop)
        named = naming(workshop)
    response = Response(day_ics(info, starts, ends), mimetype="text/calendar")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{file_name(named, "calendar", ext="ics")}"')
    response.headers["Cache-Control"] = "private, no-store"
    return response
