"""Values the pages show but must not work out themselves: field limits, plenaries so far.

The phone page used to copy the server's rules (500 characters, five goals, …) into
its scripts; now the board (GET /workshops/{id}) carries them, so a rule changes in
one place. Supports left and the next plenary's time are sent the same way
(services/supports.py, workshops.schedule_json).
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models.plenary import Plenary
from .cards import MAX_ORGANISATION, MAX_TEXT
from .comments import MAX_COMMENT
from .commitments import MAX_CONTACT, MAX_NAME  # the same 80 as participants.MAX_NAME
from .sdgs import MAX_SDGS_PER_CARD


def limits_json() -> dict:
    """Return the longest text each field takes and the most goals a card may carry."""
    return {
        "card_text": MAX_TEXT,
        "organisation": MAX_ORGANISATION,
        "comment_text": MAX_COMMENT,
        "name": MAX_NAME,
        "contact": MAX_CONTACT,
        "sdgs": MAX_SDGS_PER_CARD,
    }


def plenary_count(session: Session, workshop_id: str) -> int:
    """Return how many plenaries the workshop has had (the phone loads their section then)."""
    return session.scalar(
        select(func.count()).select_from(Plenary).where(Plenary.workshop_id == workshop_id)
    ) or 0


def derived_json(session: Session, workshop_id: str) -> dict:
    """Return the board's derived values: ``limits`` and ``plenary_count``."""
    return {"limits": limits_json(), "plenary_count": plenary_count(session, workshop_id)}
