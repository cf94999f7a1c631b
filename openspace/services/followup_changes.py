"""After the day, written: a facilitator or the organiser sets an initiative's follow-up.

Status, lead, next step and next meeting (``update_followup``), dated
progress notes (``add_note``, ``delete_note``) and the workshop's term of
follow-up consent (``set_term``). Every change is one event, live to everyone
who sees the card and in the moderation log. The log keeps the card id and
the status only (``eventlog.STORED_FIELDS``): the lead, the next step and a
note may hold a name, so catch-up reads them from the rows.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from ..models import (
    AUDIENCE_ALL,
    FOLLOWUP_STATUSES,
    Card,
    Followup,
    FollowupNote,
    FollowupTerm,
    utcnow,
)
from .access import FACILITATOR, ORGANISER, Actor, require_role
from .errors import N_, BadRequest, NotFound
from .eventlog import append_event, lock_workshop
from .followup import followup_json, note_json
from .outcome import Outcome
from .tokens import new_id
from .validation import choice_field, int_field, require_object, text_field
from .visibility import card_audience, find_workshop_card

MAX_LEAD = 200
MAX_NEXT_STEP = 1000
MAX_NOTE = 2000
MIN_MONTHS, MAX_MONTHS = 1, 36
EDITABLE = ("status", "lead", "next_step", "next_meeting")


def date_field(payload: dict, name: str, *, required: bool = False) -> date | None:
    """Return ``payload[name]`` as a date from ``YYYY-MM-DD``; ``null`` clears it."""
    value = payload.get(name)
    if value is None:
        if required:
            raise BadRequest(N_("“%(field)s” is missing."), field=name)
        return None
    if not isinstance(value, str) or len(value) != 10:
        raise BadRequest(N_("“%(field)s” must be a date like 2027-03-15."), field=name)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadRequest(N_("“%(field)s” must be a date like 2027-03-15."), field=name) from None


def _initiative(session: Session, actor: Actor, card_id: str) -> Card:
    """Return the workshop's initiative card ``card_id``; another kind is refused."""
    card = find_workshop_card(session, actor.workshop_id, card_id)
    if card.merged_into_id is not None:
        raise NotFound(N_("This card does not exist."))
    if card.kind != "initiative":
        raise BadRequest(N_("Only initiatives have a follow-up."), field="card_id")
    return card


def update_followup(session: Session, actor: Actor, card_id: str, payload) -> Outcome:
    """Set some of an initiative's status, lead, next step and next meeting.

    Only the fields given change; ``null`` clears a text or the date. Answers
    the follow-up; nothing given, or nothing new, changes nothing and stores no event.
    """
    require_role(actor, FACILITATOR, ORGANISER)
    payload = require_object(payload)
    unknown = sorted(set(payload) - set(EDITABLE))
    if unknown:
        raise BadRequest(N_("“%(field)s” cannot be changed here."), field=unknown[0])
    wanted = {}
    if "status" in payload:
        wanted["status"] = choice_field(payload, "status", FOLLOWUP_STATUSES)
    if "lead" in payload:
        wanted["lead"] = text_field(payload, "lead", max_length=MAX_LEAD, required=False)
    if "next_step" in payload:
        wanted["next_step"] = text_field(payload, "next_step", max_length=MAX_NEXT_STEP,
                                         required=False, multiline=True)
    if "next_meeting" in payload:
        wanted["next_meeting"] = date_field(payload, "next_meeting")
    workshop = lock_workshop(session, actor.workshop_id)
    card = _initiative(session, actor, card_id)
    followup = session.get(Followup, card.id)
    if followup is None:
        followup = Followup(card_id=card.id, workshop_id=workshop.id, status="idea")
        session.add(followup)
    changed = {k: v for k, v in wanted.items() if getattr(followup, k) != v}
    if not changed:
        if followup in session.new:
            session.expunge(followup)
            return Outcome(followup_json(card.id, None))
        return Outcome(followup_json(card.id, followup))
    for key, value in changed.items():
        setattr(followup, key, value)
    followup.updated_at = _now()
    session.flush()
    body = followup_json(card.id, followup)
    event = append_event(session, workshop, "followup.updated",
                         {**body, "changed": sorted(changed)},
                         audience=card_audience(card), actor=actor)
    return Outcome(body, [event])


def add_note(session: Session, actor: Actor, card_id: str, payload) -> Outcome:
    """Add a dated progress note to an initiative (``date`` defaults to today); answers 201."""
    require_role(actor, FACILITATOR, ORGANISER)
    payload = require_object(payload)
    text = text_field(payload, "text", max_length=MAX_NOTE, multiline=True)
    noted_on = date_field(payload, "date") or _now().date()
    workshop = lock_workshop(session, actor.workshop_id)
    card = _initiative(session, actor, card_id)
    note = FollowupNote(id=new_id(), workshop_id=workshop.id, card_id=card.id, noted_on=noted_on,
                        text=text, author_role=actor.role)
    session.add(note)
    session.flush()
    event = append_event(session, workshop, "followup.note_added", note_json(note),
                         audience=card_audience(card), actor=actor)
    return Outcome(note_json(note), [event], created=True)


def delete_note(session: Session, actor: Actor, card_id: str, note_id: str) -> Outcome:
    """Delete a progress note; answers ``{"id", "card_id"}``."""
    require_role(actor, FACILITATOR, ORGANISER)
    workshop = lock_workshop(session, actor.workshop_id)
    card = _initiative(session, actor, card_id)
    note = session.get(FollowupNote, note_id) if isinstance(note_id, str) else None
    if note is None or note.card_id != card.id:
        raise NotFound(N_("This note does not exist."))
    session.delete(note)
    body = {"id": note_id, "card_id": card.id}
    event = append_event(session, workshop, "followup.note_deleted", body,
                         audience=card_audience(card), actor=actor)
    session.flush()
    return Outcome(body, [event])


def set_term(session: Session, actor: Actor, payload) -> Outcome:
    """Set how many months a "Jeg er med" may agree to be contacted about follow-up.

    Applies to consents given from now on; consents already given keep their end date.
    """
    require_role(actor, FACILITATOR, ORGANISER)
    payload = require_object(payload)
    months = int_field(payload, "months", default=None, minimum=MIN_MONTHS, maximum=MAX_MONTHS)
    if months is None:
        raise BadRequest(N_("“%(field)s” is missing."), field="months")
    workshop = lock_workshop(session, actor.workshop_id)
    term = session.get(FollowupTerm, workshop.id)
    if term is not None and term.months == months:
        return Outcome({"followup_months": months})
    if term is None:
        session.add(FollowupTerm(workshop_id=workshop.id, months=months))
    else:
        term.months = months
    event = append_event(session, workshop, "followup.term_updated",
                         {"followup_months": months}, audience=AUDIENCE_ALL, actor=actor)
    session.flush()
    return Outcome({"followup_months": months}, [event])


def _now():
    """Return now (aware UTC)."""
    return utcnow()
