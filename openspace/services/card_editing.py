"""Editing and deleting a card: its author while the board is open, the moderators always."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..models import AUDIENCE_ALL, CARD_KINDS, Card, Theme, utcnow
from .access import FACILITATOR, ORGANISER, PARTICIPANT, Actor, require_role
from .cards import MAX_TEXT, card_json, parse_organisation, put_in_spotlight, refuse_if_locked
from .errors import N_, BadRequest, Forbidden
from .eventlog import append_event, lock_workshop
from .kind_change import drop_what_no_longer_fits
from .outcome import Outcome
from .removal import remove_card
from .safe_room import Screening, flag_edit, for_author, screen
from .sdgs import parse_sdgs
from .snapshots import retext_card
from .validation import choice_field, require_object, text_field
from .visibility import card_audience, find_card

EDITABLE_FIELDS = ("text", "sdgs", "organisation", "kind", "theme_id")


def is_author(card: Card, actor: Actor) -> bool:
    """True if ``actor`` is the participant who posted ``card``."""
    return actor.role == PARTICIPANT and card.participant_id == actor.participant_id


def _require_author_or_moderator(card: Card, actor: Actor) -> None:
    """Refuse a participant who did not post ``card``."""
    if not actor.moderates and not is_author(card, actor):
        raise Forbidden(N_("You can only change your own cards."))


def update_card(session: Session, actor: Actor, card_id: str, payload) -> Outcome:
    """Change a card's text, goals, organisation, theme or kind (its author or a moderator).

    A new kind takes away the "count me in" and links it cannot have (``kind_change``).
    A participant's new text is screened by the safe room as a new post is: a held
    word sends the card back to the approval queue, a distress word flags it to the
    moderators and gives the author (only, in this answer) the help text.
    """
    require_role(actor, PARTICIPANT, FACILITATOR, ORGANISER)
    payload = require_object(payload)
    if not any(name in payload for name in EDITABLE_FIELDS):
        raise BadRequest(N_("Nothing to change: give the text, the goals or the organisation."))
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
        return Outcome(card_json(card))
    for name, value in changed.items():
        setattr(card, name, value)
    card.edited_at = utcnow()
    outcome = Outcome()
    if "kind" in changed:
        drop_what_no_longer_fits(session, workshop, card, actor, outcome)
    screening = (screen(session, workshop, actor, card.text) if "text" in changed
                 else Screening())
    # The tombstone for the others (if any) goes before card.updated, in seq order.
    _back_for_approval(session, workshop, card, actor, outcome, screening.held)
    data = card_json(card)
    outcome.events.append(append_event(session, workshop, "card.updated", data,
                                       audience=card_audience(card), actor=actor))
    outcome.events.extend(flag_edit(session, workshop, screening, card))
    # A text replaced (a phone number taken out) is replaced in the plenaries taken too.
    outcome.stale_plenaries = retext_card(session, card) if "text" in changed else []
    outcome.body = for_author(data, screening)
    session.flush()
    return outcome


def _back_for_approval(session: Session, workshop, card: Card, actor: Actor,
                       outcome: Outcome, held: bool = False) -> bool:
    """Under pre-moderation, an approved card its author changed waits for approval again.

    So does one whose new text the safe room holds (``held``), pre-moderation or not.

    Everyone but the author and the moderators gets the tombstone a catch-up would give
    them for a card they may not see (``card.deleted`` with ``tombstone: true``): the new
    text reaches nobody before the facilitator approves it. The wall lets go of it too.
    """
    if (not ((workshop.premoderation or held) and is_author(card, actor))
            or card.pending or card.hidden):
        return False
    card.pending = True
    outcome.events.append(append_event(session, workshop, "card.deleted",
                                       {"id": card.id, "tombstone": True},
                                       audience=AUDIENCE_ALL, actor=actor))
    if workshop.spotlight_card_id == card.id:
        outcome.events.append(put_in_spotlight(session, workshop, None, actor))
    return True


def delete_card(session: Session, actor: Actor, card_id: str) -> Outcome:
    """Delete a card with its supports, commitments, comments and links.

    The event log keeps no copy of it, and it leaves the plenary snapshots
    (see ``removal``); the PDFs of those plenaries are stale. A participant's
    own-data deletion, which also works while the board is locked, is
    ``privacy.delete_own_card``.
    """
    require_role(actor, PARTICIPANT, FACILITATOR, ORGANISER)
    workshop = lock_workshop(session, actor.workshop_id)
    card = find_card(session, actor, card_id)
    _require_author_or_moderator(card, actor)
    refuse_if_locked(workshop, actor)
    outcome = Outcome({"id": card.id})
    remove_card(session, workshop, card, actor, outcome)
    session.flush()
    return outcome
