"""Links: an actor card that "can help with" an initiative or idea card, shown from both sides."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Card, Link
from .access import FACILITATOR, ORGANISER, PARTICIPANT, Actor, require_role
from .cards import can_see_card, find_card, refuse_if_locked
from .errors import N_, BadRequest, Forbidden, NotFound
from .eventlog import append_event, lock_workshop
from .outcome import Outcome
from .tokens import new_id
from .validation import require_object

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


def _public(card: Card) -> bool:
    """True if everyone sees ``card`` (links are shown to everyone)."""
    return not card.hidden and not card.pending and card.merged_into_id is None


def visible_links(session: Session, workshop_id: str, actor: Actor,
                  cards_by_id: dict[str, Card]) -> list[Link]:
    """Return the links whose two cards ``actor`` sees (``cards_by_id``: the visible cards)."""
    links = session.scalars(select(Link).where(Link.workshop_id == workshop_id)
                            .order_by(Link.created_at))
    return [link for link in links
            if link.actor_card_id in cards_by_id and link.target_card_id in cards_by_id]


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
    if not (_public(actor_card) and _public(target)):
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
    link = session.get(Link, link_id) if isinstance(link_id, str) else None
    if link is None or link.workshop_id != workshop.id or not all(
        can_see_card(session.get(Card, cid), actor)
        for cid in (link.actor_card_id, link.target_card_id)
    ):
        raise NotFound(N_("This link does not exist."))
    mine = (actor.participant_id is not None and link.participant_id == actor.participant_id)
    if not actor.moderates and not mine:
        raise Forbidden(N_("You can only remove links you made."))
    refuse_if_locked(workshop, actor)
    session.delete(link)
    event = append_event(session, workshop, "link.deleted", {"id": link.id}, actor=actor)
    session.flush()
    return Outcome({"id": link.id}, [event])
