"""After the day over HTTP: initiatives' follow-up, progress notes, follow-up consent, the
"Opfølgning" page and its PDF, and the read-only board a phone opens after the day.

Writes go through ``pipeline.run_write``. The projector is a view of the
facilitator's token (``?view=projector``): it reads the follow-up and never writes it.
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request

from ..db import get_db
from ..documents import documents_of
from ..models import utcnow
from ..services import followup, followup_changes, followup_consent, workshops
from ..services.access import FACILITATOR, ORGANISER, PARTICIPANT, authenticate, require_role
from ..services.day_sheet import clock, file_name, naming
from ..services.errors import DomainError
from ..services.plenaries import workshop_summary_info
from ..services.schedule import zone
from ..services.visibility import projector_view
from .http import API, WORKSHOP, admin_token, answer, base_url, bearer_token, download, json_body
from .pipeline import actor_of, run_write, workshop_by_code

bp = Blueprint("followup", __name__)
CARD_FOLLOWUP = WORKSHOP + "/cards/<card_id>/followup"


def _credentials(workshop_id: str):
    """Return who writes: the token, or the projector's view of it (which may not write)."""
    if request.args.get("view") != "projector":
        return bearer_token()
    with get_db().read() as session:
        return projector_view(actor_of(session, workshop_id))


def _write(workshop_id: str, action, *args):
    """Run a follow-up change (moderators' writes are counted per role by the pipeline)."""
    return answer(run_write(workshop_id, _credentials(workshop_id), action, *args,
                            counted=True))


@bp.patch(CARD_FOLLOWUP)
def update_followup(workshop_id: str, card_id: str):
    """Set an initiative's status, lead, next step or next meeting (facilitator, organiser)."""
    return _write(workshop_id, followup_changes.update_followup, card_id, json_body())


@bp.post(CARD_FOLLOWUP + "/notes")
def add_note(workshop_id: str, card_id: str):
    """Add a dated progress note to an initiative (facilitator, organiser); 201."""
    return _write(workshop_id, followup_changes.add_note, card_id, json_body())


@bp.delete(CARD_FOLLOWUP + "/notes/<note_id>")
def delete_note(workshop_id: str, card_id: str, note_id: str):
    """Delete a progress note (facilitator, organiser)."""
    return _write(workshop_id, followup_changes.delete_note, card_id, note_id)


@bp.get(WORKSHOP + "/followup/term")
def get_term(workshop_id: str):
    """The months a follow-up consent lasts here (facilitator, organiser: the page's key check)."""
    with get_db().read() as session:
        require_role(actor_of(session, workshop_id), FACILITATOR, ORGANISER)
        return jsonify({"followup_months": followup.followup_months(session, workshop_id)})


@bp.put(WORKSHOP + "/followup/term")
def set_term(workshop_id: str):
    """Set the months a follow-up consent lasts in this workshop (facilitator, organiser)."""
    return _write(workshop_id, followup_changes.set_term, json_body())


@bp.delete(WORKSHOP + "/participants/me/commitments/<card_id>/followup")
def withdraw_consent(workshop_id: str, card_id: str):
    """Take back one's follow-up consent; the "Jeg er med" stays (participant, never counted)."""
    return answer(run_write(workshop_id, bearer_token(),
                            followup_consent.withdraw_followup_consent, card_id, counted=False))


def _reader(session, workshop_id: str):
    """Return the caller of a read; ``?view=projector`` reads as the wall."""
    actor = actor_of(session, workshop_id)
    return projector_view(actor) if request.args.get("view") == "projector" else actor


@bp.get(WORKSHOP + "/followup")
def list_followups(workshop_id: str):
    """The initiatives with follow-up, notes, "Jeg er med" counts, linked actors (any token)."""
    with get_db().read() as session:
        actor = _reader(session, workshop_id)
        status, theme_id = followup.parse_filters(request.args)
        return jsonify(followup.list_followups(session, actor, status, theme_id))


@bp.get(WORKSHOP + "/followup.pdf")
def followup_pdf(workshop_id: str):
    """The follow-up list as a PDF, with the page's filters (facilitator, organiser)."""
    with get_db().read() as session:
        actor = actor_of(session, workshop_id)
        require_role(actor, FACILITATOR, ORGANISER)
        status, theme_id = followup.parse_filters(request.args)
        data = followup.list_followups(session, actor, status, theme_id)
        workshop = workshops.get_workshop(session, workshop_id)
        info = workshop_summary_info(workshop, base_url())
        themes = {t.id: t.title for t in workshop.themes}
        now = utcnow()
        # Written as the other documents write a time (10.24 in Danish), named like them.
        made = f"{now.astimezone(zone(info['timezone'])):%d.%m.%Y} {clock(now, workshop)}"
        named = naming(workshop)
    pdf = documents_of(current_app).render_followup(
        info, data, themes=themes, status=status, theme=themes.get(theme_id or ""), made=made)
    return download(pdf, "application/pdf", file_name(named, "followup"))


@bp.get(API + "/boards/<code>")
def public_board(code: str):
    """The read-only board of what became of the initiatives: the join code is the key.

    A participant's token, if sent and still valid, puts the initiatives they
    agreed to follow first; nothing else about anyone is in the answer.
    """
    with get_db().read() as session:
        workshop = workshop_by_code(session, code)
        mine = set()
        token = bearer_token()
        if token:
            try:  # not counted as a wrong key: after retention every old token is one
                actor = authenticate(session, workshop.id, token, admin_token())
            except DomainError:
                actor = None
            if actor is not None and actor.role == PARTICIPANT:
                mine = followup.consented_cards(session, workshop.id, actor.participant_id)
        return jsonify(followup.public_board(session, workshop, utcnow(), mine))
