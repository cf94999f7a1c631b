"""Cards: hiding or restoring them, the spotlight, and (from ``posting``) posting them.

Posting, idempotent on ``client_id``, is ``services/posting.py``; the wire
form is ``services/card_wire.py``. Both are named here too, where callers look.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..models import AUDIENCE_ALL, Card, Event, Workshop
from .access import FACILITATOR, ORGANISER, Actor, require_role
from .card_wire import MAX_CLIENT_ID as MAX_CLIENT_ID
from .card_wire import MAX_ORGANISATION as MAX_ORGANISATION
from .card_wire import MAX_TEXT as MAX_TEXT
from .card_wire import card_json
from .card_wire import carried_from as carried_from
from .card_wire import parse_organisation as parse_organisation
from .errors import N_, WorkshopLocked
from .eventlog import append_event, lock_workshop
from .outcome import Outcome
from .posting import post_card as post_card
from .snapshots import drop_cards
from .visibility import find_workshop_card, participant_audience


def refuse_if_locked(workshop: Workshop, actor: Actor) -> None:
    """Refuse a participant's change while the facilitator has locked the board."""
    if workshop.state == "locked" and not actor.moderates:
        raise WorkshopLocked(N_("The board is locked for now. Ask the facilitator."))


def put_in_spotlight(session: Session, workshop: Workshop, card: Card | None,
                     actor: Actor | None) -> Event:
    """Show ``card`` big on the projector, or nothing (None); return the event to publish.

    The one way the spotlight changes: the facilitator's choice, and a spotlit card
    that leaves the board (hidden, deleted, merged into another).
    """
    workshop.spotlight_card_id = card.id if card is not None else None
    return append_event(session, workshop, "workshop.spotlight",
                        {"card_id": workshop.spotlight_card_id,
                         "card": card_json(card) if card is not None else None}, actor=actor)


def set_hidden(session: Session, actor: Actor, card_id: str, hidden: bool) -> Outcome:
    """Hide a card from the board, or restore it (facilitator and organiser only)."""
    require_role(actor, FACILITATOR, ORGANISER)
    workshop = lock_workshop(session, actor.workshop_id)
    card = find_workshop_card(session, workshop.id, card_id)
    if card.hidden == hidden:
        return Outcome(card_json(card))
    card.hidden = hidden
    data = card_json(card)
    # A rejected pending card was only ever shown to its author: tell only them.
    audience = (participant_audience(card.participant_id)
                if card.pending and card.participant_id else AUDIENCE_ALL)
    event = append_event(session, workshop, "card.hidden" if hidden else "card.restored", data,
                         audience=audience, actor=actor)
    events = [event]
    if not hidden:
        # The phones dropped its comments and links with it: they come back with it.
        # Imported here: back_on_board builds on comments and links, which build on cards.
        from .back_on_board import comments_and_links_back
        events += comments_and_links_back(session, workshop, card)
    if hidden and workshop.spotlight_card_id == card.id:
        # The wall must not keep a hidden card big on the screen.
        events.append(put_in_spotlight(session, workshop, None, actor))
    # A hidden card (abusive, or holding a phone number) also leaves the plenaries
    # already taken; their PDFs are made again. Restoring does not put it back.
    stale = drop_cards(session, workshop.id, [card]) if hidden else []
    session.flush()
    return Outcome(data, events, stale_plenaries=stale)
