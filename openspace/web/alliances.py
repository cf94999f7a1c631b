"""Alliances over HTTP: cards that say the same thing, the organisations at the table,
and who could help whom. Reads answer from a read session; changes go through
``pipeline.run_write``.
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from flask_babel import gettext

from ..db import get_db
from ..documents import documents_of
from ..documents.ci_status import ci_status_pdf
from ..services import alliance_settings, organisations, similar_cards, suggestions
from ..services.access import FACILITATOR, ORGANISER, require_organiser, require_role
from ..services.ci_series import series_status_data
from ..services.ci_status import status_data
from ..services.sectors import SECTORS
from .http import API, WORKSHOP, admin_token, answer, base_url, bearer_token, download, json_body
from .pipeline import actor_of, run_read, run_write

bp = Blueprint("alliances", __name__)


@bp.get(WORKSHOP + "/cards/<card_id>/similar")
def similar(workshop_id: str, card_id: str):
    """Public cards that may say the same as this one, best first (facilitator, organiser)."""
    return run_read(workshop_id, similar_cards.similar_to, card_id)


@bp.get(WORKSHOP + "/similar")
def similar_board(workshop_id: str):
    """For every card with a likely duplicate, the public cards like it (moderators)."""
    return run_read(workshop_id, similar_cards.similar_board)


@bp.get(WORKSHOP + "/themes/<theme_id>/similar-groups")
def similar_groups(workshop_id: str, theme_id: str):
    """A theme's public cards grouped by likeness, groups of two or more (moderators)."""
    return run_read(workshop_id, similar_cards.similar_groups, theme_id)


@bp.get(WORKSHOP + "/organisations")
def organisations_register(workshop_id: str):
    """The register of organisations with their sectors, and the counts (moderators)."""
    with get_db().read() as session:
        body = organisations.list_register(session, actor_of(session, workshop_id))
    body["sector_names"] = {code: gettext(name) for code, name in SECTORS.items()}
    return jsonify(body)


@bp.get(WORKSHOP + "/organisations/summary")
def organisations_summary(workshop_id: str):
    """Organisations by sector and the wanted sectors still missing (any token: counts only)."""
    with get_db().read() as session:
        actor_of(session, workshop_id)
        body = organisations.sector_summary(session, workshop_id)
    body["line"] = organisations_line(body)
    return jsonify(body)


def organisations_line(summary: dict) -> str:
    """Return "14 organisationer – ingen virksomheder endnu" in the caller's language."""
    count = summary["count"]
    line = (gettext("%(num)s organisation", num=count) if count == 1
            else gettext("%(num)s organisations", num=count))
    if summary["missing_names"]:
        sectors = ", ".join(gettext(name) for name in summary["missing_names"])
        line += " – " + gettext("no %(sectors)s yet", sectors=sectors)
    return line


@bp.patch(WORKSHOP + "/organisations/<key>")
def set_sector(workshop_id: str, key: str):
    """Set an organisation's sector (moderators)."""
    return answer(run_write(workshop_id, bearer_token(), organisations.set_sector, key,
                            json_body(), counted=False))


@bp.post(WORKSHOP + "/organisations/<key>/merge")
def merge_organisation(workshop_id: str, key: str):
    """Say that two entries of the register are one organisation (moderators)."""
    return answer(run_write(workshop_id, bearer_token(), organisations.merge_organisations, key,
                            json_body(), counted=False))


@bp.get(WORKSHOP + "/alliance-settings")
def get_alliance_settings(workshop_id: str):
    """The sectors wanted, the funder's indicators and the backbone (moderators)."""
    return run_read(workshop_id, alliance_settings.get_settings)


@bp.patch(WORKSHOP + "/alliance-settings")
def update_alliance_settings(workshop_id: str):
    """Change the sectors wanted, the indicators or the backbone (moderators)."""
    return answer(run_write(workshop_id, bearer_token(), alliance_settings.update_settings,
                            json_body(), counted=False))


@bp.get(WORKSHOP + "/cards/<card_id>/link-suggestions")
def link_suggestions(workshop_id: str, card_id: str):
    """Initiatives and ideas ranked by how well this actor could help (any token of it)."""
    return run_read(workshop_id, suggestions.rank_targets, card_id)


@bp.get(WORKSHOP + "/alliance-suggestions")
def alliance_suggestions(workshop_id: str):
    """The best actor ↔ initiative pairs not linked yet (facilitator, organiser)."""
    return run_read(workshop_id, suggestions.suggested_pairs)


@bp.get(WORKSHOP + "/ci-status.pdf")
def ci_status(workshop_id: str):
    """The Collective Impact status for the funder, two pages of counts (moderators)."""
    with get_db().read() as session:
        require_role(actor_of(session, workshop_id), FACILITATOR, ORGANISER)
        status = status_data(session, workshop_id, base_url())
    data = ci_status_pdf(documents_of(current_app), status)
    return download(data, "application/pdf", gettext("collective-impact-status.pdf"))


@bp.get(API + "/series/<series_id>/ci-status.pdf")
def series_ci_status(series_id: str):
    """The Collective Impact status of a whole series, two pages of counts (organiser)."""
    require_organiser(bearer_token(), admin_token())
    with get_db().read() as session:
        status = series_status_data(session, series_id, base_url())
    data = ci_status_pdf(documents_of(current_app), status)
    return download(data, "application/pdf", gettext("collective-impact-status.pdf"))
