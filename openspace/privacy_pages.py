"""The privacy and accessibility pages: the full privacy notice, the own-data page,
the accessibility statement and the organiser's page for deleting a workshop."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template

from .db import get_db
from .models import DEFAULT_RETENTION_DAYS
from .pages import public_workshop
from .services import workshops
from .services.errors import NotFound
from .text.ui_text import js_strings
from .web import base_url

bp = Blueprint("privacy_pages", __name__)


def notice_context(info: dict | None) -> dict:
    """Return who is responsible and how long data is kept (the workshop's, else the default)."""
    privacy = (info or {}).get("privacy") or {}
    return {
        "controller_name": privacy.get("controller_name") or current_app.config.get(
            "CONTROLLER_NAME") or "",
        "controller_contact": privacy.get("controller_contact") or current_app.config.get(
            "CONTROLLER_CONTACT") or "",
        "retention_days": privacy.get("retention_days") or DEFAULT_RETENTION_DAYS,
    }


@bp.get("/privacy")
def privacy_notice():
    """The privacy notice of this installation (its default data controller)."""
    return render_template("privacy.html", js_strings=js_strings(), workshop=None,
                           notice=notice_context(None))


@bp.get("/privacy/<code>")
def workshop_privacy_notice(code: str):
    """The whole privacy notice of one workshop (the phone page links here)."""
    info = public_workshop(code=code)
    return render_template("privacy.html", js_strings=js_strings(), workshop=info,
                           notice=notice_context(info))


@bp.get("/j/<code>/mine")
def own_data_page(code: str):
    """The participant's own data: what they posted, to see and delete."""
    info = public_workshop(code=code)
    return render_template("mine.html", js_strings=js_strings(), workshop=info,
                           notice=notice_context(info))


@bp.get("/accessibility")
def accessibility_statement():
    """The accessibility statement, with the contact for feedback."""
    return render_template("accessibility.html", js_strings=js_strings(),
                           notice=notice_context(None))


@bp.get("/organiser/workshops/<workshop_id>/delete")
def delete_workshop_page(workshop_id: str):
    """The organiser's page to export a workshop and then delete it for good."""
    with get_db().read() as session:
        try:
            workshop = workshops.get_workshop(session, workshop_id)
        except NotFound:
            abort(404)
        info = workshops.public_info(workshop, base_url())
    return render_template("delete_workshop.html", js_strings=js_strings(), workshop=info)
