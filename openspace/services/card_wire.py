"""The wire form of a card: what the API, the events and the phones see of it."""

from __future__ import annotations

from ..models import Card
from .validation import text_field

MAX_TEXT = 500
MAX_CLIENT_ID = 64
MAX_ORGANISATION = 200


def card_json(card: Card) -> dict:
    """Return the wire form of a card."""
    participant = card.participant
    return {
        "id": card.id,
        "client_id": card.client_id,
        "kind": card.kind,
        "theme_id": card.theme_id,
        "text": card.text,
        "author": {
            "participant_id": card.participant_id,
            "name": participant.name if participant is not None else None,
            "role": card.author_role,
        },
        "created_at": card.created_at.isoformat(),
        "seq": card.seq,
        "hidden": card.hidden,
        "pending": card.pending,
        "pinned": card.pinned,
        "origin": card.origin,
        "organisation": card.organisation,
        "sdgs": list(card.sdgs or ()),
        "edited_at": card.edited_at.isoformat() if card.edited_at else None,
        "supports": card.support_count,
        "commitments": card.commitment_count,
        "comments": card.comment_count,
        "carried_from": carried_from(card),
    }


def carried_from(card: Card) -> dict | None:
    """Return where a carried card came from (``{"workshop_id", "card_id"}``), else None."""
    if card.carried_from_card_id is None:
        return None
    return {"workshop_id": card.carried_from_workshop_id, "card_id": card.carried_from_card_id}


def parse_organisation(payload: dict) -> str | None:
    """Return the optional organisation of a card (an actor's organisation), checked."""
    return text_field(payload, "organisation", max_length=MAX_ORGANISATION, required=False)
