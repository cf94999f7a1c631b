"""A series of meetings over HTTP: the next meeting, the series page, its calendar file."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, redirect, render_template, request
from flask_babel import gettext

from ..db import get_db
from ..services import series
from ..services.access import require_organiser
from ..services.errors import NotFound
from ..services.workshops import get_workshop
from .http import (
    API,
    WORKSHOP,
    admin_token,
    answer,
    base_url,
    bearer_token,
    controller_defaults,
    json_body,
)
from .page_strings import strings_for
from .pipeline import run_write

bp = Blueprint("series", __name__)


@bp.post(WORKSHOP + "/next")
def create_next(workshop_id: str):
    """Create the next meeting of the series from this workshop (organiser)."""
    return answer(run_write(workshop_id, bearer_token(), series.create_next, json_body(),
                            base_url(), controller_defaults(), counted=False))


@bp.get(API + "/series/<series_id>")
def get_series(series_id: str):
    """Return a series: its meetings with dates and counts, its initiatives (organiser)."""
    require_organiser(bearer_token(), admin_token())
    with get_db().read() as session:
        found = series.get_series(session, series_id)
        return jsonify(_with_words(series.series_json(session, found, base_url())))


@bp.get(WORKSHOP + "/series")
def workshop_series(workshop_id: str):
    """Return the series of a workshop, or one of it alone with ``id`` null (organiser)."""
    require_organiser(bearer_token(), admin_token())
    with get_db().read() as session:
        return jsonify(_with_words(series.series_of_workshop(session, workshop_id, base_url())))


def _with_words(body: dict) -> dict:
    """Add the organisations' line ("14 organisationer – 3 nye siden sidste møde") and the
    sectors' names in the caller's language to a series."""
    orgs = body["organisations"]
    count, new = orgs["count"], orgs["new_since_last"]
    line = (gettext("%(num)s organisation", num=count) if count == 1
            else gettext("%(num)s organisations", num=count))
    if len(body["meetings"]) > 1:
        line += " – " + (gettext("%(num)s new since the last meeting", num=new) if new != 1
                         else gettext("1 new since the last meeting"))
    orgs["line"] = line
    for sector in orgs["sectors"]:
        sector["label"] = gettext(sector["name"])
    return body


@bp.get("/w/<workshop_id>/meeting.ics")
def meeting_calendar(workshop_id: str):
    """The meeting's calendar file lives at ``/j/<code>/day.ics``: send the calendar there.

    One calendar file for a day (``documents/day_calendar.py``); this older
    address stays for links already sent out. As public as the QR code of the
    same address (``/w/<id>/qr.svg``).
    """
    with get_db().read() as session:
        try:
            workshop = get_workshop(session, workshop_id)
        except NotFound:
            abort(404)
        code = workshop.join_code
    return redirect(f"{request.script_root}{series.calendar_path(code)}", code=301)


def _page(**context) -> str:
    """Render the series page; its script fetches the series with the organiser key."""
    return render_template("series.html", js_strings=strings_for("series.html"), **context)


@bp.get("/o/series/<series_id>")
def series_page(series_id: str):
    """The organiser's series page: meetings, initiatives, the next meeting, its invitation."""
    return _page(series_id=series_id, workshop_id=None)


@bp.get("/o/workshops/<workshop_id>/series")
def workshop_series_page(workshop_id: str):
    """The series page reached from a workshop (which may have no series yet)."""
    return _page(series_id=None, workshop_id=workshop_id)
