"""The HTML pages, the QR images and the health check; the pages are thin shells whose
behaviour lives in static/js."""

from __future__ import annotations

from flask import Blueprint, Response, abort, g, redirect, render_template, request, url_for
from flask_babel import gettext
from werkzeug.exceptions import NotFound as HTTPNotFound

from ..db import get_db
from ..documents import qr
from ..models import FOLLOWUP_STATUSES, LANGUAGES, utcnow
from ..services import workshops
from ..services.board_extras import limits_json
from ..services.cards import MAX_TEXT
from ..services.errors import NotFound
from ..services.followup import day_is_over, followup_months
from ..services.sdgs import goals_json
from ..services.tokens import normalize_join_code
from ..text.i18n import LANGUAGE_COOKIE
from .http import base_url
from .page_strings import strings_for
from .pipeline import workshop_by_code

bp = Blueprint("pages", __name__)

LANGUAGE_NAMES = (("da", "Dansk"), ("en", "English"))
# A year: the participant's language choice should outlive the day.
LANGUAGE_COOKIE_MAX_AGE = 365 * 24 * 3600


def _render(template: str, **context) -> str:
    """Render a page with the strings its scripts need (web/page_strings.py), no more."""
    return render_template(template, js_strings=strings_for(template), **context)


def _with_time_zone(info: dict, workshop) -> dict:
    """Add the workshop's time zone: pages show every time as the room's clock shows it."""
    return {**info, "timezone": workshop.timezone}


def public_workshop(workshop_id: str | None = None, *, code: str | None = None) -> dict:
    """Return the public view of a workshop, by id or by join code, or answer 404.

    A code that finds nothing counts against the address like a wrong join code
    (past the limit: 429); a right one is never counted, nor refused. The page
    then speaks the workshop's language unless the visitor chose one.
    """
    with get_db().read() as session:
        try:
            workshop = (workshop_by_code(session, code) if code is not None
                        else workshops.get_workshop(session, workshop_id))
        except NotFound:
            abort(404)
        g.workshop_language = workshop.language
        info = _with_time_zone(workshops.public_info(workshop, base_url()), workshop)
        return {**info, "day_over": day_is_over(workshop, utcnow()),
                "followup_months": followup_months(session, workshop.id)}


@bp.get("/")
def index():
    """The start page: what this is, and a field for a join code."""
    return _render("index.html")


@bp.get("/join")
def join_by_code():
    """Send a typed join code on to its participant page."""
    code = normalize_join_code(request.args.get("code", ""))[:32]
    if not code:
        return redirect(url_for("pages.index"))
    return redirect(url_for("pages.participant", code=code))


@bp.get("/j/<code>")
def participant(code: str):
    """The participant's phone page (the address in the QR code).

    A code that finds no workshop answers 404 with the start page: what went wrong, in
    plain words, and the field to type the code again. After the day the link opens the
    read-only board (services/followup.day_is_over).
    """
    try:
        info = public_workshop(code=code)
    except HTTPNotFound:
        page = _render("index.html", join_error=True, join_code=code[:32])
        return Response(page, status=404)
    if info.get("day_over"):
        return _render("participant_after.html", workshop=info)
    canonical = url_for("pages.participant", code=info["join_code"])
    response = Response(
        _render(
            "participant.html",
            workshop=info,
            max_text=MAX_TEXT,
            limits=limits_json(),
            languages=LANGUAGE_NAMES,
            switch_urls={lang: f"{canonical}?lang={lang}" for lang in LANGUAGES},
            sdgs=goals_json(gettext),
        )
    )
    chosen = request.args.get("lang")
    if chosen in LANGUAGES:
        response.set_cookie(
            LANGUAGE_COOKIE, chosen, max_age=LANGUAGE_COOKIE_MAX_AGE, samesite="Lax",
            httponly=True,
        )
    return response


@bp.get("/organiser")
def organiser():
    """The organiser's page: create workshops, see them all."""
    return _render("organiser.html")


@bp.get("/f/<workshop_id>")
def facilitator(workshop_id: str):
    """The facilitator's page for one workshop."""
    info = public_workshop(workshop_id)
    return _render("facilitator.html", workshop_id=workshop_id, workshop=info)


@bp.get("/f/<workshop_id>/projector")
def projector(workshop_id: str):
    """The projector view: the live wall, the QR code and the join code."""
    info = public_workshop(workshop_id)
    return _render("projector.html", workshop=info)


@bp.get("/f/<workshop_id>/downloads")
def downloads(workshop_id: str):
    """Every PDF of a workshop, for the facilitator and the organiser."""
    info = public_workshop(workshop_id)
    return _render("downloads.html", workshop=info)


@bp.get("/f/<workshop_id>/followup")
def followup_page(workshop_id: str):
    """The "Opfølgning" page: the initiatives after the day (facilitator, organiser)."""
    info = public_workshop(workshop_id)
    return _render("followup.html", workshop=info, statuses=FOLLOWUP_STATUSES)


@bp.get("/w/<workshop_id>/qr.svg")
def qr_svg(workshop_id: str):
    """The QR code of the join address, as SVG."""
    info = public_workshop(workshop_id)
    response = Response(qr.svg(info["join_url"]), mimetype="image/svg+xml")
    response.cache_control.max_age = 300
    return response


@bp.get("/w/<workshop_id>/qr.png")
def qr_png(workshop_id: str):
    """The QR code of the join address, as a PNG to download and print."""
    info = public_workshop(workshop_id)
    response = Response(qr.png(info["join_url"]), mimetype="image/png")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="openspace-qr-{info["join_code"]}.png"'
    )
    return response


@bp.get("/healthz")
def healthz():
    """Answer 200 once the server accepts connections and the database answers."""
    with get_db().read() as session:
        session.connection().exec_driver_sql("SELECT 1")
    return {"status": "ok"}
