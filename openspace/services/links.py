"""Links: an actor card that "can help with" an initiative or idea card, shown from both sides."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Link
from .access import FACILITATOR, ORGANISER, PARTICIPANT, Actor, require_role
from .cards import refuse_if_locked
from .errors import N_, BadRequest, Forbidden
from .eventlog import append_event, lock_workshop
from .outcome import Outcome
from .tokens import new_id
from .validation import require_object
from .visibility import find_card, find_link, is_public

TARGET_KINDS = ("initiative", "idea")


def link_json(link: Link) -> dict:
    """Return the wire form of a link."""
    return {
        "id": link.id,
        "actor_card_id": link.actor_card_id,
        "target_card_id": link.target_card_id,
        "author": {"participant_id": link.participant_id, "role": link.author_role},
        "created_at": link.created_at.isoformat(),
    }


def create_link(session: Session, actor: Actor, payload) -> Outcome:
    """Say that an actor card can help with an initiative or idea; the same pair again: no-op."""
    require_role(actor, PARTICIPANT, FACILITATOR, ORGANISER)
    payload = require_object(payload)
    ids = {}
    for name in ("actor_card_id", "target_card_id"):
        value = payload.get(name)
        if not isinstance(value, str) or not value:
            raise BadRequest(N_("“%(field)s” is missing."), field=name)
        ids[name] = value
    workshop = lock_workshop(session, actor.workshop_id)
    actor_card = find_card(session, actor, ids["actor_card_id"])
    target = find_card(session, actor, ids["target_card_id"])
    if actor_card.kind != "actor":
        raise BadRequest(N_("Choose an actor card: only actors can help with something."),
                         field="actor_card_id")
    if target.kind not in TARGET_KINDS:
        raise BadRequest(N_("An actor can help with an initiative or an idea."),
                         field="target_card_id")
    if not (is_public(actor_card) and is_public(target)):
        raise BadRequest(N_("Both cards must be on the board before they can be linked."))
    existing = session.scalar(select(Link).where(Link.actor_card_id == actor_card.id,
                                                 Link.target_card_id == target.id))
    if existing is not None:
        return Outcome(link_json(existing))
    refuse_if_locked(workshop, actor)
    link = Link(id=new_id(), workshop_id=workshop.id, actor_card_id=actor_card.id,
                target_card_id=target.id, author_role=actor.role,
                participant_id=actor.participant_id)
    session.add(link)
    session.flush()
    data = link_json(link)
    event = append_event(session, workshop, "link.created", data, actor=actor)
    session.flush()
    return Outcome(data, [event], created=True)


def delete_link(session: Session, actor: Actor, link_id: str) -> Outcome:
    """Remove a link (its author while the board is open; moderators always)."""
    require_role(actor, PARTICIPANT, FACILITATOR, ORGANISER)
    workshop = lock_workshop(session, actor.workshop_id)
    link = find_link(session, actor, link_id)
    mine = (actor.participant_id is not None and link.participant_id == actor.participant_id)
    if not actor.moderates and not mine:
        raise Forbidden(N_("You can only remove links you made."))
    refuse_if_locked(workshop, actor)
    session.delete(link)
    event = append_event(session, workshop, "link.deleted", {"id": link.id}, actor=actor)
    session.flush()
    return Outcome({"id": link.id}, [event])
