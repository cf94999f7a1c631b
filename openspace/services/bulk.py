"""Paper notes: many cards typed or pasted at once, one per line, all or nothing."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import CARD_KINDS, Card, Theme, Workshop
from .access import FACILITATOR, ORGANISER, Actor, require_role
from .cards import MAX_TEXT, card_json
from .errors import N_, BadRequest, DomainError, line_errors
from .eventlog import append_event, live_data
from .moderation import moderate
from .outcome import Outcome
from .tokens import new_id
from .validation import choice_field, require_object, text_field

MAX_LINES = 300
MAX_BULK_TEXT = MAX_LINES * (MAX_TEXT + 2)
# The cards get client ids "<client_id>:<n>", within the 64 characters a client id may have.
MAX_BULK_CLIENT_ID = 56
BULK_ORIGINS = ("paper", "kickoff")


class LineErrors(BadRequest):
    """Some lines of a pasted text or an imported file are wrong: nothing was stored.

    ``errors`` holds ``(line number, DomainError)`` pairs; they ride on the
    error as ``errors: [{"line", "message"}]`` (see ``DomainError.details``).
    """

    def __init__(self, errors: list[tuple[int, DomainError]]):
        """Keep the errors by line; the message says how many lines to correct."""
        self.errors = errors
        super().__init__(N_("Nothing was stored. Correct the lines with errors and try again "
                            "(%(count)d)."), count=len(errors),
                         details={"errors": line_errors(errors)})


def checked_line(text: str) -> str:
    """Return one card text from a line, checked like any card's text."""
    return text_field({"text": text}, "text", max_length=MAX_TEXT)


def store_card(session: Session, workshop: Workshop, actor: Actor, *, theme: Theme, kind: str,
               text: str, client_id: str, origin: str, organisation: str | None = None):
    """Store one card made by a moderator and its ``card.created`` event; return the event."""
    card = Card(
        id=new_id(), workshop_id=workshop.id, theme_id=theme.id, client_id=client_id,
        kind=kind, text=text, author_role=actor.role, participant_id=None, hidden=False,
        seq=workshop.last_seq + 1, pending=False, pinned=False, origin=origin,
        organisation=organisation, sdgs=[],
    )
    session.add(card)
    session.flush()
    return append_event(session, workshop, "card.created", card_json(card), actor=actor)


def post_paper_notes(session: Session, actor: Actor, payload) -> Outcome:
    """Store one card per non-empty line of ``text`` under one theme and kind.

    Every line is checked first; any bad line refuses the whole text with its
    line number. A retry with the same ``client_id`` answers the stored cards.
    """
    require_role(actor, FACILITATOR, ORGANISER)
    payload = require_object(payload)
    client_id = text_field(payload, "client_id", max_length=MAX_BULK_CLIENT_ID)
    kind = choice_field(payload, "kind", CARD_KINDS)
    theme_id = text_field(payload, "theme_id", max_length=64)
    origin = choice_field(payload, "origin", BULK_ORIGINS, default="paper")
    raw = payload.get("text")
    if not isinstance(raw, str):
        raise BadRequest(N_("“%(field)s” must be text."), field="text")
    if len(raw) > MAX_BULK_TEXT:
        raise BadRequest(N_("“%(field)s” is too long: at most %(max)d characters."),
                         field="text", max=MAX_BULK_TEXT)
    lines, errors = [], []
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue  # blank lines between notes are fine
        try:
            lines.append(checked_line(line))
        except DomainError as error:
            errors.append((number, error))
    if errors:
        raise LineErrors(errors)
    if not lines:
        raise BadRequest(N_("Write at least one card, one per line."), field="text")
    if len(lines) > MAX_LINES:
        raise BadRequest(N_("At most %(max)d cards at a time."), field="text", max=MAX_LINES)

    workshop = moderate(session, actor)
    ids = [f"{client_id}:{n}" for n in range(1, len(lines) + 1)]
    stored = list(session.scalars(select(Card).where(
        Card.workshop_id == workshop.id, Card.client_id.in_(ids)).order_by(Card.seq)))
    if stored:
        return Outcome({"cards": [card_json(c) for c in stored], "created": False})
    theme = session.get(Theme, theme_id)
    if theme is None or theme.workshop_id != workshop.id:
        raise BadRequest(N_("Choose one of this workshop's themes."), field="theme_id")
    events = [store_card(session, workshop, actor, theme=theme, kind=kind, text=text,
                         client_id=card_client_id, origin=origin)
              for card_client_id, text in zip(ids, lines, strict=True)]
    session.flush()
    return Outcome({"cards": [live_data(e) for e in events], "created": True}, events,
                   created=True)
