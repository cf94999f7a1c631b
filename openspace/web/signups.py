"""Sign-up lists over HTTP: who said "Jeg er med" per initiative, and its PDF.

Facilitator and organiser only; the answers are never cached (``download`` and the
API's no-store).
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from ..db import get_db
from ..documents import documents_of
from ..services import signups
from .http import WORKSHOP, base_url, download
from .pipeline import actor_of

bp = Blueprint("signups", __name__)


@bp.get(WORKSHOP + "/signups")
def signup_lists(workshop_id: str):
    """Return every initiative with who said "Jeg er med" (names; contacts with consent)."""
    with get_db().read() as session:
        body = {"initiatives": signups.signup_lists(session, actor_of(session, workshop_id))}
    return jsonify(body)


@bp.get(WORKSHOP + "/signups.pdf")
def signups_pdf(workshop_id: str):
    """Download the sign-up lists as a printable PDF (facilitator, organiser)."""
    with get_db().read() as session:
        document = signups.signups_document(session, actor_of(session, workshop_id), base_url())
    return download(documents_of(current_app).render_signups(document), "application/pdf",
                    "tilmeldinger.pdf")
