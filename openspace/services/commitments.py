""""Count me in" (Jeg er med) on an initiative: an optional name, contact only with consent.

The contact detail lives only in the commitments table. It is shown to the
facilitator and organiser (``list_commitments``) and to the participant
themselves (their state and the answer of their own call), and never goes
into the event log: events reach the projector and linger until retention,
a contact detail must do neither. Withdrawing deletes the row.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Card, Commitment, Event, Workshop, utcnow
from .access import FACILITATOR, ORGANISER, PARTICIPANT, Actor, require_role
from .cards import card_json, refuse_if_locked
from .errors import N_, BadRequest, NotFound
from .eventlog import append_event, lock_workshop
from .followup_consent import (
    consent_changes,
    consent_fields,
    parse_followup_consent,
    settle_consent,
)
from .outcome import Outcome
from .removal import remove_commitment
from .tokens import new_id
from .validation import require_object, text_field
from .visibility import (
    can_see_card,
    card_audience,
    find_card,
    find_workshop_card,
    participant_audience,
)

MAX_NAME = 80
MAX_CONTACT = 200


def commitment_json(commitment: Commitment) -> dict:
    """Return the full form of a commitment, contact included (moderators and its owner only)."""
    return {
        "id": commitment.id,
        "card_id": commitment.card_id,
        "participant_id": commitment.participant_id,
        "name": commitment.name,
        "contact": commitment.contact,
        "consent": commitment.consent,
        "created_at": commitment.created_at.isoformat(),
        **consent_fields(commitment),
    }


def commitment_event_data(commitment: Commitment) -> dict:
    """Return a commitment for the event log: whether there is a contact, never the contact."""
    data = commitment_json(commitment)
    del data["contact"]
    data["has_contact"] = commitment.contact is not None
    return data


def parse_commitment(payload) -> tuple[str | None, str | None, bool]:
    """Return (name, contact, consent) of a "count me in"; a contact needs ``consent: true``."""
    payload = require_object(payload)
    consent = payload.get("consent", False)
    if not isinstance(consent, bool):
        raise BadRequest(N_("“%(field)s” must be true or false."), field="consent")
    name = text_field(payload, "name", max_length=MAX_NAME, required=False)
    contact = text_field(payload, "contact", max_length=MAX_CONTACT, required=False)
    if contact is not None and not consent:
        raise BadRequest(
            N_("Tick the box to agree before you give your contact details."), field="consent")
    return name, contact, consent


def own_commitments(session: Session, workshop_id: str, participant_id: str) -> list[dict]:
    """Return the participant's own commitments, contact included."""
    rows = session.scalars(select(Commitment).where(
        Commitment.workshop_id == workshop_id, Commitment.participant_id == participant_id
    ).order_by(Commitment.created_at))
    return [commitment_json(c) for c in rows]


def commit(session: Session, actor: Actor, card_id: str, payload) -> Outcome:
    """Say "count me in" on an initiative, or change one's name or contact on it.

    Answers ``{"commitment", "card"}``; the commitment is the caller's own, contact included.
    """
    require_role(actor, PARTICIPANT)
    name, contact, consent = parse_commitment(payload)
    follow_up = parse_followup_consent(payload, contact, consent)
    workshop = lock_workshop(session, actor.workshop_id)
    card = find_card(session, actor, card_id)
    if card.kind != "initiative":
        raise BadRequest(N_("You can only join initiatives."))
    if card.pending:
        raise NotFound(N_("This card does not exist."))
    refuse_if_locked(workshop, actor)
    commitment = _find(session, card.id, actor.participant_id)
    events: list[Event] = []
    if commitment is None:
        commitment = Commitment(id=new_id(), workshop_id=workshop.id, card_id=card.id,
                                participant_id=actor.participant_id, name=name,
                                contact=contact, consent=consent)
        session.add(commitment)
        card.commitment_count += 1
        session.flush()
        events.append(_committed_event(session, workshop, card, actor))
    elif ((commitment.name, commitment.contact, commitment.consent) == (name, contact, consent)
          and not consent_changes(session, commitment, follow_up)):
        return Outcome({"commitment": commitment_json(commitment), "card": card_json(card)})
    else:
        # The log keeps no name (see eventlog): a name taken back is gone from catch-up too.
        commitment.name, commitment.contact, commitment.consent = name, contact, consent
    settle_consent(session, workshop, commitment, follow_up, utcnow())
    session.flush()
    events.append(append_event(session, workshop, "commitment.updated",
                               commitment_event_data(commitment),
                               audience=participant_audience(actor.participant_id), actor=actor))
    session.flush()
    return Outcome({"commitment": commitment_json(commitment), "card": card_json(card)}, events)


def withdraw_commitment(session: Session, actor: Actor, card_id: str) -> Outcome:
    """Take back one's "count me in" on a card; the name and contact go with it.

    Allowed on a locked board too: taking back one's contact detail is never refused.
    Without a commitment nothing changes.
    """
    require_role(actor, PARTICIPANT)
    workshop = lock_workshop(session, actor.workshop_id)
    card = find_workshop_card(session, workshop.id, card_id)
    commitment = _find(session, card.id, actor.participant_id)
    seen = can_see_card(card, actor)
    if commitment is None:
        if not seen:
            # Someone else's pending or hidden card: as if it did not exist.
            raise NotFound(N_("This card does not exist."))
        return Outcome({"card": card_json(card)})
    outcome = Outcome()
    remove_commitment(session, workshop, commitment, actor, outcome)
    session.flush()
    # Withdrawing works on a card hidden since; reading it does not.
    outcome.body = {"card": card_json(card) if seen else None}
    return outcome


def list_commitments(session: Session, actor: Actor, card_id: str) -> list[dict]:
    """Return who said "count me in" on a card, with name and contact (moderators only)."""
    require_role(actor, FACILITATOR, ORGANISER)
    card = find_card(session, actor, card_id)
    rows = session.scalars(select(Commitment).where(Commitment.card_id == card.id)
                           .order_by(Commitment.created_at))
    return [commitment_json(c) for c in rows]


def _find(session: Session, card_id: str, participant_id: str) -> Commitment | None:
    """Return the participant's commitment on the card, if any."""
    return session.scalar(select(Commitment).where(Commitment.card_id == card_id,
                                                   Commitment.participant_id == participant_id))


def _committed_event(session: Session, workshop: Workshop, card: Card, actor: Actor) -> Event:
    """Store ``card.committed`` with the card's new count (a count, never names)."""
    return append_event(session, workshop, "card.committed",
                        {"card_id": card.id, "commitments": card.commitment_count},
                        audience=card_audience(card), actor=actor)


