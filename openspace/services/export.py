"""Export a whole workshop at any time: JSON, or a zip of CSV files for spreadsheets.

For the organiser and the facilitator only. Commitments carry a contact only
where the participant consented; participants appear by their pseudonymous id.
"""

from __future__ import annotations

import csv
import io
import zipfile

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Card, Comment, Commitment, Link, Plenary, Support, Workshop, utcnow
from .access import FACILITATOR, ORGANISER, Actor, require_role
from .cards import card_json
from .workshops import get_workshop, theme_json


def _rows(session: Session, model, workshop_id: str, order) -> list:
    """Return the workshop's rows of ``model`` in a stable order."""
    return list(session.scalars(select(model).where(model.workshop_id == workshop_id)
                                .order_by(order)))


def _when(value) -> str | None:
    """Return a timestamp as ISO 8601 (or None)."""
    return value.isoformat() if value is not None else None


def _commitment(c: Commitment) -> dict:
    """Return a commitment for the export: the contact only with consent."""
    return {"id": c.id, "card_id": c.card_id, "participant_id": c.participant_id,
            "name": c.name, "contact": c.contact if c.consent else None,
            "consent": c.consent, "created_at": _when(c.created_at)}


def _comment(c: Comment) -> dict:
    """Return a comment for the export."""
    return {"id": c.id, "card_id": c.card_id, "text": c.text,
            "author": {"participant_id": c.participant_id,
                       "name": c.participant.name if c.participant is not None else None,
                       "role": c.author_role},
            "created_at": _when(c.created_at), "hidden": c.hidden, "pending": c.pending}


def _workshop(workshop: Workshop) -> dict:
    """Return the workshop's own fields for the export."""
    return {"id": workshop.id, "title": workshop.title, "vision": workshop.vision,
            "language": workshop.language, "state": workshop.state,
            "timezone": workshop.timezone, "support_cap": workshop.support_cap,
            "premoderation": workshop.premoderation, "created_at": _when(workshop.created_at)}


def export_data(session: Session, actor: Actor) -> dict:
    """Return everything about the workshop, as it is now."""
    require_role(actor, FACILITATOR, ORGANISER)
    workshop = get_workshop(session, actor.workshop_id)
    wid = workshop.id
    cards = []
    for card in _rows(session, Card, wid, Card.seq):
        cards.append({**card_json(card), "merged_into": card.merged_into_id})
    return {
        "exported_at": utcnow().isoformat(),
        "workshop": _workshop(workshop),
        "themes": [theme_json(t) for t in workshop.themes],
        "cards": cards,
        "supports": [{"card_id": s.card_id, "participant_id": s.participant_id,
                      "created_at": _when(s.created_at)}
                     for s in _rows(session, Support, wid, Support.created_at)],
        "commitments": [_commitment(c) for c in
                        _rows(session, Commitment, wid, Commitment.created_at)],
        "links": [{"id": link.id, "actor_card_id": link.actor_card_id,
                   "target_card_id": link.target_card_id,
                   "author": {"participant_id": link.participant_id, "role": link.author_role},
                   "created_at": _when(link.created_at)}
                  for link in _rows(session, Link, wid, Link.created_at)],
        "comments": [_comment(c) for c in _rows(session, Comment, wid, Comment.seq)],
        "plenaries": [{"number": p.number, "starts_at": _when(p.starts_at),
                       "ends_at": _when(p.ends_at), "note": p.note,
                       "scheduled": p.scheduled_for is not None, "summary": p.summary}
                      for p in _rows(session, Plenary, wid, Plenary.number)],
    }


def safe_cell(value) -> str:
    """Return a CSV cell that a spreadsheet shows as text, never runs as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = " ".join(str(v) for v in value)
    text = str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def _csv(header: list[str], rows: list[list]) -> bytes:
    """Return a CSV file (UTF-8 with a BOM, so spreadsheets show æøå) of ``rows``."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def export_zip(data: dict) -> bytes:
    """Return the export as a zip of CSV files: one per kind of thing."""
    themes = {t["id"]: t["title"] for t in data["themes"]}
    tables = {
        "themes.csv": (["id", "title", "position"],
                       [[t["id"], t["title"], i] for i, t in enumerate(data["themes"])]),
        "cards.csv": (
            ["id", "theme", "kind", "text", "organisation", "author_name", "author_role",
             "participant_id", "created_at", "origin", "hidden", "pending", "pinned", "sdgs",
             "supports", "commitments", "comments", "merged_into"],
            [[c["id"], themes.get(c["theme_id"], ""), c["kind"], c["text"], c["organisation"],
              c["author"]["name"], c["author"]["role"], c["author"]["participant_id"],
              c["created_at"], c["origin"], c["hidden"], c["pending"], c["pinned"], c["sdgs"],
              c["supports"], c["commitments"], c["comments"], c["merged_into"]]
             for c in data["cards"]]),
        "supports.csv": (["card_id", "participant_id", "created_at"],
                         [[s["card_id"], s["participant_id"], s["created_at"]]
                          for s in data["supports"]]),
        "commitments.csv": (
            ["id", "card_id", "participant_id", "name", "contact", "consent", "created_at"],
            [[c["id"], c["card_id"], c["participant_id"], c["name"], c["contact"],
              c["consent"], c["created_at"]] for c in data["commitments"]]),
        "links.csv": (["id", "actor_card_id", "target_card_id", "author_role", "created_at"],
                      [[k["id"], k["actor_card_id"], k["target_card_id"], k["author"]["role"],
                        k["created_at"]] for k in data["links"]]),
        "comments.csv": (
            ["id", "card_id", "text", "author_name", "author_role", "participant_id",
             "created_at", "hidden", "pending"],
            [[c["id"], c["card_id"], c["text"], c["author"]["name"], c["author"]["role"],
              c["author"]["participant_id"], c["created_at"], c["hidden"], c["pending"]]
             for c in data["comments"]]),
        "plenaries.csv": (["number", "starts_at", "ends_at", "scheduled", "cards", "note"],
                          [[p["number"], p["starts_at"], p["ends_at"], p["scheduled"],
                            p["summary"].get("counts", {}).get("cards", 0), p["note"]]
                           for p in data["plenaries"]]),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, (header, rows) in tables.items():
            archive.writestr(name, _csv(header, rows))
    return buffer.getvalue()
