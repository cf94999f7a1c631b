"""Posting cards (idempotent on ``client_id``), hiding or restoring them, and who sees a card."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import AUDIENCE_ALL, CARD_KINDS, Card, Event, Theme, Workshop, utcnow
from .access import FACILITATOR, ORGANISER, PARTICIPANT, Actor, require_role
from .errors import N_, BadRequest, Conflict, WorkshopLocked
from .eventlog import append_event, lock_workshop
from .outcome import Outcome
from .safe_room import flag_post, for_author, screen
from .sdgs import parse_sdgs
from .snapshots import drop_cards
from .tokens import new_id
from .validation import choice_field, require_object, text_field
from .visibility import card_audience, find_workshop_card, participant_audience

MAX_TEXT = 500
MAX_CLIENT_ID = 64
MAX_ORGANISATION = 200


def card_json(card: Card) -> dict:
    """Return the wire form of a card."""
    participant = card.participant
    return {
        "id": card.id,
        "client_id": card.client_id,
        "kind": card.kind,
        "theme_id": card.theme_id,
        "text": card.text,
        "author": {
            "participant_id": card.participant_id,
            "name": participant.name if participant is not None else None,
            "role": card.author_role,
        },
        "created_at": card.created_at.isoformat(),
        "seq": card.seq,
        "hidden": card.hidden,
        "pending": card.pending,
        "pinned": card.pinned,
        "origin": card.origin,
        "organisation": card.organisation,
        "sdgs": list(card.sdgs or ()),
        "edited_at": card.edited_at.isoformat() if card.edited_at else None,
        "supports": card.support_count,
        "commitments": card.commitment_count,
        "comments": card.comment_count,
        "carried_from": carried_from(card),
    }


def carried_from(card: Card) -> dict | None:
    """Return where a carried card came from (``{"workshop_id", "card_id"}``), else None."""
    if card.carried_from_card_id is None:
        return None
    return {"workshop_id": card.carried_from_workshop_id, "card_id": card.carried_from_card_id}


def refuse_if_locked(workshop: Workshop, actor: Actor) -> None:
    """Refuse a participant's change while the facilitator has locked the board."""
    if workshop.state == "locked" and not actor.moderates:
        raise WorkshopLocked(N_("The board is locked for now. Ask the facilitator."))


def parse_organisation(payload: dict) -> str | None:
    """Return the optional organisation of a card (an actor's organisation), checked."""
    return text_field(payload, "organisation", max_length=MAX_ORGANISATION, required=False)


def _same_author(card: Card, actor: Actor) -> bool:
    """True if ``actor`` is who posted ``card``."""
    if actor.role == PARTICIPANT:
        return card.participant_id == actor.participant_id
    return card.author_role == actor.role


@dataclass(frozen=True)
class NewCard:
    """A new card's fields as checked from the request (the payload of ``card:create``)."""

    client_id: str
    kind: str
    theme_id: str
    text: str
    sdgs: list
    organisation: str | None


def parse_new_card(actor: Actor, payload) -> NewCard:
    """Check who posts and what: the same refusals whichever way the card is then stored."""
    require_role(actor, PARTICIPANT, FACILITATOR, ORGANISER)
    payload = require_object(payload)
    return NewCard(
        client_id=text_field(payload, "client_id", max_length=MAX_CLIENT_ID),
        kind=choice_field(payload, "kind", CARD_KINDS),
        theme_id=text_field(payload, "theme_id", max_length=64),
        text=text_field(payload, "text", max_length=MAX_TEXT, multiline=True),
        sdgs=parse_sdgs(payload.get("sdgs")),
        organisation=parse_organisation(payload),
    )


def new_card(fields: NewCard, actor: Actor, workshop_id: str, seq: int, pending: bool) -> Card:
    """Return the row of a card posted on the board (not yet added to a session)."""
    return Card(
        id=new_id(), workshop_id=workshop_id, theme_id=fields.theme_id,
        client_id=fields.client_id, kind=fields.kind, text=fields.text,
        author_role=actor.role, participant_id=actor.participant_id, hidden=False,
        created_at=utcnow(), seq=seq, pending=pending, pinned=False, starred=False,
        origin="board", organisation=fields.organisation, sdgs=fields.sdgs,
        support_count=0, commitment_count=0, comment_count=0,
        carried_supports=0, carried_commitments=0,
    )


def post_card(session: Session, actor: Actor, payload) -> Outcome:
    """Store a new card, or return the stored one if its ``client_id`` was seen before.

    The usual case (a new card, nothing on the safe room's lists) is stored by
    ``quick_post.post_card_quickly`` in one statement; this is the whole path,
    for everything else and for SQLite's second step.
    """
    fields = parse_new_card(actor, payload)
    workshop = lock_workshop(session, actor.workshop_id)
    existing = session.scalar(
        select(Card).where(Card.workshop_id == workshop.id, Card.client_id == fields.client_id)
    )
    if existing is not None:
        if not _same_author(existing, actor):
            raise Conflict(N_("This client_id is already used by another card."),
                           field="client_id")
        # A retry whose first answer was lost still tells its author what it told them then.
        return Outcome(for_author(card_json(existing),
                                  screen(session, workshop, actor, existing.text)))
    refuse_if_locked(workshop, actor)
    theme = session.get(Theme, fields.theme_id)
    if theme is None or theme.workshop_id != workshop.id:
        raise BadRequest(N_("Choose one of this workshop's themes."), field="theme_id")
    screening = screen(session, workshop, actor, fields.text)
    # Under pre-moderation, or held by the safe room's word list, a participant's
    # card waits for the facilitator.
    pending = (workshop.premoderation or screening.held) and not actor.moderates
    card = new_card(fields, actor, workshop.id, workshop.last_seq + 1, pending)
    session.add(card)
    session.flush()
    data = card_json(card)
    event = append_event(session, workshop, "card.created", data, audience=card_audience(card),
                         actor=actor)
    events = [event, *flag_post(session, workshop, screening, card)]
    session.flush()
    return Outcome(for_author(data, screening), events, created=True)


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
