"""Sign-up lists over HTTP: who said "Jeg er med" per initiative, and its PDF.

Facilitator and organiser only; the answers are never cached (``download`` and the
API's no-store). Each reading is a write: it is recorded in the moderation log.
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from ..documents import documents_of
from ..services import signups
from .http import WORKSHOP, base_url, bearer_token, download
from .pipeline import run_write

bp = Blueprint("signups", __name__)


@bp.get(WORKSHOP + "/signups")
def signup_lists(workshop_id: str):
    """Return every initiative with who said "Jeg er med" (names; contacts with consent)."""
    outcome = run_write(workshop_id, bearer_token(), signups.read_lists, counted=False)
    return jsonify(outcome.body)


@bp.get(WORKSHOP + "/signups.pdf")
def signups_pdf(workshop_id: str):
    """Download the sign-up lists as a printable PDF (facilitator, organiser)."""
    document = run_write(workshop_id, bearer_token(), signups.read_document, base_url(),
                         counted=False).body
    return download(documents_of(current_app).render_signups(document), "application/pdf",
                    "tilmeldinger.pdf")
