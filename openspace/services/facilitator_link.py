"""A new facilitator link: the organiser issues it again and the old one stops working.

The token is stored only hashed, so a lost or leaked link cannot be shown again: the
organiser makes a new one instead, and whoever holds the old link is out at once (the
web layer closes the moderators' sockets; the next call with the old token is refused).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from .access import ORGANISER, Actor, require_role
from .eventlog import lock_workshop
from .outcome import Outcome
from .tokens import hash_token, new_token
from .workshops import facilitator_url


def reissue_facilitator_link(session: Session, actor: Actor, base_url: str) -> Outcome:
    """Replace the workshop's facilitator token; answer the new one (shown once) and its link."""
    require_role(actor, ORGANISER)
    workshop = lock_workshop(session, actor.workshop_id)
    token = new_token()
    workshop.facilitator_token_hash = hash_token(token)
    session.flush()
    return Outcome({"facilitator_token": token,
                    "facilitator_url": facilitator_url(base_url, workshop.id, token)})
