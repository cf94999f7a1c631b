"""The facilitator's moderation: approve pending cards, pin, spotlight, board settings.

Hiding and restoring live in ``cards.set_hidden`` (reject = hide); merging
duplicates lives in ``merge``. Every action here is for moderators only, takes
the workshop lock first and records who did it for the moderation log.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..models import Workshop
from .access import FACILITATOR, ORGANISER, Actor, require_role
from .back_on_board import comments_and_links_back
from .cards import card_json, put_in_spotlight
from .errors import FIELD_LABELS, N_, BadRequest
from .eventlog import append_event, live_data, lock_workshop
from .outcome import Outcome
from .validation import require_object
from .visibility import card_audience, find_any_card, is_public

MIN_SUPPORT_CAP, MAX_SUPPORT_CAP = 1, 50

# What the user calls the facilitator's input fields (kept here, next to their
# use, so errors.py stays as it is).
FIELD_LABELS.update({
    "card_id": N_("Card"),
    "into": N_("The card to keep"),
    "support_cap": N_("Supports per participant"),
    "premoderation": N_("Approve cards first"),
    "minutes": N_("Minutes"),
    "label": N_("Label"),
    "theme_ids": N_("Themes"),
    "origin": N_("Origin"),
    "format": N_("Format"),
    "content": N_("Content"),
    "organisation": N_("Organisation"),
})




def moderate(session: Session, actor: Actor) -> Workshop:
    """Refuse anyone but the facilitator and the organiser; lock and return the workshop."""
    require_role(actor, FACILITATOR, ORGANISER)
    return lock_workshop(session, actor.workshop_id)


def approve(session: Session, actor: Actor, card_id: str) -> Outcome:
    """Let a pending card onto the board (pre-moderation); everyone gets ``card.approved``."""
    workshop = moderate(session, actor)
    card = find_any_card(session, workshop, card_id)
    if not card.pending:
        return Outcome(card_json(card))
    card.pending = False
    data = card_json(card)
    event = append_event(session, workshop, "card.approved", data,
                         audience=card_audience(card), actor=actor)
    # A card back from re-approval: the phones that dropped it get its comments and links.
    events = [event, *comments_and_links_back(session, workshop, card)]
    session.flush()
    return Outcome(data, events)


def set_pinned(session: Session, actor: Actor, card_id: str, pinned: bool) -> Outcome:
    """Pin a card to the top of its theme on the projector, or unpin it."""
    workshop = moderate(session, actor)
    card = find_any_card(session, workshop, card_id)
    if card.pinned == pinned:
        return Outcome(card_json(card))
    card.pinned = pinned
    data = card_json(card)
    event = append_event(session, workshop, "card.updated", data,
                         audience=card_audience(card), actor=actor)
    session.flush()
    return Outcome(data, [event])


def set_spotlight(session: Session, actor: Actor, payload) -> Outcome:
    """Show one card full-screen on the projector (``card_id``), or none (null)."""
    require_role(actor, FACILITATOR, ORGANISER)
    payload = require_object(payload)
    workshop = moderate(session, actor)
    if "card_id" not in payload:
        raise BadRequest(N_("“%(field)s” is missing."), field="card_id")
    card = None
    if payload["card_id"] is not None:
        card = find_any_card(session, workshop, payload["card_id"])
        if not is_public(card):
            raise BadRequest(N_("Only a card that everyone can see can be in the spotlight."),
                             field="card_id")
    card_id = card.id if card is not None else None
    if workshop.spotlight_card_id == card_id:
        return Outcome({"card_id": card_id, "card": card_json(card) if card is not None else None})
    event = put_in_spotlight(session, workshop, card, actor)
    session.flush()
    return Outcome(live_data(event), [event])


def _support_cap(value):
    """Return a checked support cap: null (no cap) or a whole number 1..50."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadRequest(N_("“%(field)s” must be a whole number."), field="support_cap")
    if not MIN_SUPPORT_CAP <= value <= MAX_SUPPORT_CAP:
        raise BadRequest(N_("“%(field)s” must be between %(min)d and %(max)d."),
                         field="support_cap", min=MIN_SUPPORT_CAP, max=MAX_SUPPORT_CAP)
    return value


def update_settings(session: Session, actor: Actor, payload) -> Outcome:
    """Change the support cap (dot voting) and pre-moderation; announce what changed."""
    require_role(actor, FACILITATOR, ORGANISER)
    payload = require_object(payload)
    changes = {}
    if "support_cap" in payload:
        changes["support_cap"] = _support_cap(payload["support_cap"])
    if "premoderation" in payload:
        if not isinstance(payload["premoderation"], bool):
            raise BadRequest(N_("“%(field)s” must be true or false."), field="premoderation")
        changes["premoderation"] = payload["premoderation"]
    workshop = moderate(session, actor)
    changed = {key: value for key, value in changes.items()
               if getattr(workshop, key) != value}
    for key, value in changed.items():
        setattr(workshop, key, value)
    body = {"support_cap": workshop.support_cap, "premoderation": workshop.premoderation}
    if not changed:
        return Outcome(body)
    event = append_event(session, workshop, "workshop.updated", changed, actor=actor)
    session.flush()
    return Outcome(body, [event])
