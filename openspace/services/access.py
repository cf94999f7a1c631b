"""Who is asking: turn a bearer token into an ``Actor`` bound to one workshop."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, select
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
    digest = hash_token(token)
    # One query (one round trip): the workshop, and the participant the token is of there.
    found = None if "\x00" in workshop_id else session.execute(  # PostgreSQL refuses NUL
        select(Workshop.facilitator_token_hash, Participant.id)
        .outerjoin(Participant, and_(Participant.token_hash == digest,
                                     Participant.workshop_id == Workshop.id))
        .where(Workshop.id == workshop_id)).first()
    if found is None:
        raise NotFound(N_("This workshop does not exist."))
    if is_organiser(token, admin_token):
        return Actor(ORGANISER, workshop_id)
    if same_secret(digest, found.facilitator_token_hash):
        return Actor(FACILITATOR, workshop_id)
    if found.id is not None:
        return Actor(PARTICIPANT, workshop_id, found.id)
    raise Forbidden(N_("This link or token does not belong to this workshop."))


def require_role(actor: Actor, *roles: str) -> None:
    """Refuse unless ``actor`` has one of ``roles``."""
    if actor.role not in roles:
        raise Forbidden(N_("You are not allowed to do this."))
