"""Joining a workshop with its join code, anonymously or with a name.

A participant's name may not be a role's (“Facilitator”, “Arrangør”…): the
pages mark the real role from ``author.role``, and a name that reads like one
would still confuse a room looking at the projector.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..models import Participant, Workshop
from .access import PARTICIPANT, Actor, require_role
from .errors import N_, BadRequest, Forbidden, WorkshopLocked
from .outcome import Outcome
from .tokens import hash_token, new_id, new_token, normalize_join_code, same_secret
from .validation import require_object, text_field
from .workshops import get_workshop

MAX_NAME = 80
MAX_ORGANISATION = 120

# Role words, Danish and English, in the folded form of ``_folded``: a name holding one
# anywhere (“Anne (facilitator)”, “F a c i l i t a t o r”) is refused.
ROLE_STEMS = ("facilitat", "moderator", "organiser", "organizer", "organisator", "arrangor",
              "arrangoer", "ordstyrer", "tovholder", "administrator")
# Short role words, refused only as a whole word (“Badminton-Bo” is welcome).
ROLE_WORDS = frozenset({"admin", "admins"})
# Letters from other scripts that look like Latin ones, digits that stand in for letters.
LOOK_ALIKES = str.maketrans({
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "х": "x", "у": "y", "і": "i",
    "ј": "j", "ѕ": "s", "ԁ": "d", "ɑ": "a", "α": "a", "ο": "o", "ι": "i", "κ": "k",
    "ν": "v", "τ": "t", "ρ": "p", "ø": "o", "æ": "ae", "0": "o", "1": "l", "3": "e",
    "4": "a", "5": "s", "7": "t", "@": "a", "$": "s",
})
ROLE_NAME = N_("That name is kept for the people who run the workshop, like the facilitator. "
               "Please choose another name.")
# The id the phone page keeps for its browser (random, URL-safe); anything else is ignored.
DEVICE_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")


@dataclass(frozen=True)
class Joined:
    """A new participant and their token (shown once, stored only hashed)."""

    participant: Participant
    token: str


def _folded(name: str) -> str:
    """Return ``name`` as plain lower-case Latin letters and spaces, for comparing."""
    text = unicodedata.normalize("NFKC", name).casefold().translate(LOOK_ALIKES)
    text = "".join(ch for ch in unicodedata.normalize("NFD", text)
                   if unicodedata.category(ch) not in ("Mn", "Cf"))
    return re.sub(r"[^a-z]+", " ", text).strip()


def is_role_name(name: str) -> bool:
    """True if ``name`` reads like a role: the facilitator's, the organiser's, a moderator's."""
    folded = _folded(name)
    joined = folded.replace(" ", "")
    return (any(stem in joined for stem in ROLE_STEMS)
            or any(word in ROLE_WORDS for word in folded.split()))


def name_field(payload: dict) -> str | None:
    """Return the optional display name of ``payload``; a role's name is refused."""
    name = text_field(payload, "name", max_length=MAX_NAME, required=False)
    if name is not None and is_role_name(name):
        raise BadRequest(ROLE_NAME, field="name")
    return name


def device_of(payload) -> str | None:
    """Return the browser id the phone page sent with a join, if it is one (else None)."""
    device = payload.get("device") if isinstance(payload, dict) else None
    return device if isinstance(device, str) and DEVICE_ID.fullmatch(device) else None


def admissible(session: Session, workshop_id: str, payload) -> tuple[Workshop, str | None]:
    """Return the workshop and the name if ``payload`` may join it; refuse a wrong code.

    A wrong code is ``Forbidden``, which the caller counts against the address.
    """
    payload = require_object(payload)
    code = text_field(payload, "join_code", max_length=32)
    name = name_field(payload)
    workshop = get_workshop(session, workshop_id)
    if not same_secret(normalize_join_code(code), workshop.join_code):
        raise Forbidden(N_("The join code is not right for this workshop."), field="join_code")
    return workshop, name


def organisation_field(payload: dict) -> str | None:
    """Return the optional organisation the participant comes from (None when empty)."""
    return text_field(payload, "organisation", max_length=MAX_ORGANISATION, required=False)


def join(session: Session, workshop_id: str, payload) -> Joined:
    """Add a participant to the workshop if ``payload`` carries its join code."""
    workshop, name = admissible(session, workshop_id, payload)
    organisation = organisation_field(payload)
    if workshop.personal_data_removed_at is not None:
        # After retention the link opens the read-only board (services/followup.py).
        raise WorkshopLocked(N_("This workshop is over. You can still read what became of "
                                "the initiatives, but not write."))
    token = new_token()
    participant = Participant(
        id=new_id(), workshop_id=workshop.id, name=name, organisation=organisation,
        token_hash=hash_token(token))
    session.add(participant)
    session.flush()
    return Joined(participant, token)


def rename(session: Session, actor: Actor, payload) -> Outcome:
    """Set or clear the participant's display name (shown on their cards) and, when the body
    has ``organisation``, the organisation they come from (counted, never shown by the name).

    A body without ``name`` leaves the name as it is.
    """
    require_role(actor, PARTICIPANT)
    payload = require_object(payload)
    participant = session.get(Participant, actor.participant_id)
    if "name" in payload:
        participant.name = name_field(payload)
    if "organisation" in payload:
        participant.organisation = organisation_field(payload)
    return Outcome(participant_json(participant))


def participant_json(participant: Participant) -> dict:
    """Return the wire form of a participant (never the token)."""
    return {"participant_id": participant.id, "name": participant.name,
            "organisation": participant.organisation}
