"""Editing and deleting a card: its author while the board is open, the moderators always."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import delete
from sqlalchemy.orm import Session

from ..models import CARD_KINDS, Card, Comment, Commitment, Event, Link, Support, Theme, utcnow
from ..sdgs import parse_sdgs
from .access import FACILITATOR, ORGANISER, PARTICIPANT, Actor, require_role
from .cards import (
    MAX_TEXT,
    card_audience,
    card_json,
    find_card,
    parse_organisation,
    refuse_if_locked,
)
from .errors import N_, BadRequest, Forbidden
from .eventlog import append_event, lock_workshop
from .scrub import blank_author_name, scrub_events
from .validation import choice_field, require_object, text_field

# Events whose data is the card itself (or carries it under "card").
CARD_EVENT_TYPES = ("card.created", "card.updated", "card.hidden", "card.restored",
                    "card.approved", "card.merged", "workshop.spotlight")
COMMENT_EVENT_TYPES = ("comment.created", "comment.restored", "comment.approved")
EDITABLE_FIELDS = ("text", "sdgs", "organisation", "kind", "theme_id")


@dataclass
class EditResult:
    """What a change left behind (the card, or the deleted id) and the events to broadcast."""

    body: dict
    events: list[Event] = field(default_factory=list)


def is_author(card: Card, actor: Actor) -> bool:
    """True if ``actor`` is the participant who posted ``card``."""
    return actor.role == PARTICIPANT and card.participant_id == actor.participant_id


def _require_author_or_moderator(card: Card, actor: Actor) -> None:
    """Refuse a participant who did not post ``card``."""
    if not actor.moderates and not is_author(card, actor):
        raise Forbidden(N_("You can only change your own cards."))


def update_card(session: Session, actor: Actor, card_id: str, payload) -> EditResult:
    """Change a card's text, goals or organisation; moderators may also move it or change kind."""
    require_role(actor, PARTICIPANT, FACILITATOR, ORGANISER)
    payload = require_object(payload)
    if not any(name in payload for name in EDITABLE_FIELDS):
        raise BadRequest(N_("Nothing to change: give the text, the goals or the organisation."))
    if not actor.moderates and ("kind" in payload or "theme_id" in payload):
        raise Forbidden(N_("Only the facilitator can move a card or change its kind."))
    changes: dict = {}
    if "text" in payload:
        changes["text"] = text_field(payload, "text", max_length=MAX_TEXT, multiline=True)
    if "sdgs" in payload:
        changes["sdgs"] = parse_sdgs(payload["sdgs"])
    if "organisation" in payload:
        changes["organisation"] = parse_organisation(payload)
    if "kind" in payload:
        changes["kind"] = choice_field(payload, "kind", CARD_KINDS)
    if "theme_id" in payload:
        changes["theme_id"] = text_field(payload, "theme_id", max_length=64)

    workshop = lock_workshop(session, actor.workshop_id)
    card = find_card(session, actor, card_id)
    _require_author_or_moderator(card, actor)
    refuse_if_locked(workshop, actor)
    if "theme_id" in changes:
        theme = session.get(Theme, changes["theme_id"])
        if theme is None or theme.workshop_id != workshop.id:
            raise BadRequest(N_("Choose one of this workshop's themes."), field="theme_id")
    changed = {name: value for name, value in changes.items() if getattr(card, name) != value}
    if not changed:
        return EditResult(card_json(card))
    for name, value in changed.items():
        setattr(card, name, value)
    card.edited_at = utcnow()
    data = card_json(card)
    event = append_event(session, workshop, "card.updated", data, audience=card_audience(card),
                         actor=actor)
    session.flush()
    return EditResult(data, [event])


def delete_card(session: Session, actor: Actor, card_id: str, *,
                respect_lock: bool = True) -> EditResult:
    """Delete a card with its supports, commitments, comments and links.

    The card's text and author name are blanked in its earlier events, and so
    are its comments' texts and its commitments' names. ``respect_lock=False``
    lets a participant's own-data deletion (privacy) go through a locked board.
    """
    require_role(actor, PARTICIPANT, FACILITATOR, ORGANISER)
    workshop = lock_workshop(session, actor.workshop_id)
    card = find_card(session, actor, card_id)
    _require_author_or_moderator(card, actor)
    if respect_lock:
        refuse_if_locked(workshop, actor)
    audience = card_audience(card)
    card_id, since = card.id, card.seq
    for model in (Support, Commitment, Comment):
        session.execute(delete(model).where(model.card_id == card_id))
    session.execute(delete(Link).where((Link.actor_card_id == card_id)
                                       | (Link.target_card_id == card_id)))
    session.delete(card)
    _scrub_card_history(session, workshop.id, card_id, since)
    events = [append_event(session, workshop, "card.deleted", {"id": card_id},
                           audience=audience, actor=actor)]
    if workshop.spotlight_card_id == card_id:
        # The projector must not keep showing a card that no longer exists.
        workshop.spotlight_card_id = None
        events.append(append_event(session, workshop, "workshop.spotlight",
                                   {"card_id": None, "card": None}, actor=actor))
    session.flush()
    return EditResult({"id": card_id}, events)


def _scrub_card_history(session: Session, workshop_id: str, card_id: str, since: int) -> None:
    """Blank what the deleted card and its comments and commitments said in earlier events."""

    def about_card(data: dict) -> bool:
        """True if the event is about the card (or carries it)."""
        nested = data.get("card")
        return data.get("id") == card_id or (isinstance(nested, dict)
                                             and nested.get("id") == card_id)

    def blank_card(data: dict) -> dict:
        """Remove the card's words and its author's name."""
        if data.get("id") == card_id:
            blank_author_name(data)
            data.update(text="", organisation=None)
        nested = data.get("card")
        if isinstance(nested, dict) and nested.get("id") == card_id:
            data["card"] = blank_author_name({**nested, "text": "", "organisation": None})
        return data

    scrub_events(session, workshop_id, CARD_EVENT_TYPES, about_card, blank_card, since)
    on_card = lambda data: data.get("card_id") == card_id  # noqa: E731 - a one-line predicate
    scrub_events(session, workshop_id, COMMENT_EVENT_TYPES, on_card,
                 lambda data: blank_author_name({**data, "text": ""}), since)
    scrub_events(session, workshop_id, ("commitment.updated",), on_card,
                 lambda data: {**data, "name": None}, since)
