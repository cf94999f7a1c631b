"""Who is asking: turn a bearer token into an ``Actor`` bound to one workshop."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Participant, Workshop
from .errors import N_, Forbidden, NotFound, Unauthorized
from .tokens import hash_token, same_secret

ORGANISER, FACILITATOR, PARTICIPANT = "organiser", "facilitator", "participant"


@dataclass(frozen=True)
class Actor:
    """An authenticated caller: a role, and for participants their id."""

    role: str
    workshop_id: str | None = None
    participant_id: str | None = None

    @property
    def moderates(self) -> bool:
        """True for the facilitator and the organiser."""
        return self.role in (ORGANISER, FACILITATOR)


def is_organiser(token: str | None, admin_token: str) -> bool:
    """True if ``token`` is the organiser token."""
    return bool(token) and same_secret(token, admin_token)


def require_organiser(token: str | None, admin_token: str) -> Actor:
    """Return the organiser actor, or refuse."""
    if not token:
        raise Unauthorized(N_("Sign in with the organiser link."))
    if not is_organiser(token, admin_token):
        raise Forbidden(N_("Only the organiser may do this."))
    return Actor(ORGANISER)


def authenticate(session: Session, workshop_id: str, token: str | None, admin_token: str) -> Actor:
    """Return the actor that ``token`` makes of its holder in ``workshop_id``.

    A token of another workshop gets ``forbidden``; an unknown workshop ``not_found``.
    """
    if not token:
        raise Unauthorized(N_("A token is needed: open the link you were given again."))
    # PostgreSQL refuses NUL in a string parameter (a 500); no id holds one.
    workshop = session.get(Workshop, workshop_id) if "\x00" not in workshop_id else None
    if workshop is None:
        raise NotFound(N_("This workshop does not exist."))
    if is_organiser(token, admin_token):
        return Actor(ORGANISER, workshop_id)
    digest = hash_token(token)
    if same_secret(digest, workshop.facilitator_token_hash):
        return Actor(FACILITATOR, workshop_id)
    participant = session.scalar(select(Participant).where(Participant.token_hash == digest))
    if participant is not None and participant.workshop_id == workshop_id:
        return Actor(PARTICIPANT, workshop_id, participant.id)
    raise Forbidden(N_("This link or token does not belong to this workshop."))


def require_role(actor: Actor, *roles: str) -> None:
    """Refuse unless ``actor`` has one of ``roles``."""
    if actor.role not in roles:
        raise Forbidden(N_("You are not allowed to do this."))
