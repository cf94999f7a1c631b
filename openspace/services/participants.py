"""Joining a workshop with its join code, anonymously or with a name."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..models import Participant
from .access import PARTICIPANT, Actor, require_role
from .errors import N_, Forbidden
from .outcome import Outcome
from .tokens import hash_token, new_id, new_token, normalize_join_code, same_secret
from .validation import require_object, text_field
from .workshops import get_workshop

MAX_NAME = 80


@dataclass(frozen=True)
class Joined:
    """A new participant and their token (shown once, stored only hashed)."""

    participant: Participant
    token: str


def join(session: Session, workshop_id: str, payload) -> Joined:
    """Add a participant to the workshop if ``payload`` carries its join code."""
    payload = require_object(payload)
    code = text_field(payload, "join_code", max_length=32)
    name = text_field(payload, "name", max_length=MAX_NAME, required=False)
    workshop = get_workshop(session, workshop_id)
    if not same_secret(normalize_join_code(code), workshop.join_code):
        raise Forbidden(N_("The join code is not right for this workshop."), field="join_code")
    token = new_token()
    participant = Participant(
        id=new_id(), workshop_id=workshop.id, name=name, token_hash=hash_token(token)
    )
    session.add(participant)
    session.flush()
    return Joined(participant, token)


def rename(session: Session, actor: Actor, payload) -> Outcome:
    """Set or clear the participant's display name (shown on their cards)."""
    require_role(actor, PARTICIPANT)
    payload = require_object(payload)
    participant = session.get(Participant, actor.participant_id)
    participant.name = text_field(payload, "name", max_length=MAX_NAME, required=False)
    return Outcome(participant_json(participant))


def participant_json(participant: Participant) -> dict:
    """Return the wire form of a participant (never the token)."""
    return {"participant_id": participant.id, "name": participant.name}
