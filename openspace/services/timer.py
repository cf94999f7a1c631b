"""A countdown on the projector: "5 minutes of silent writing", set by the facilitator."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from ..models import utcnow
from .access import FACILITATOR, ORGANISER, Actor, require_role
from .errors import N_, BadRequest
from .eventlog import append_event
from .moderation import moderate
from .outcome import Outcome
from .validation import int_field, require_object, text_field

MAX_MINUTES = 240
MAX_LABEL = 120


def start_timer(session: Session, actor: Actor, payload, now: datetime | None = None) -> Outcome:
    """Start (or restart) a countdown of ``minutes`` with an optional ``label``."""
    require_role(actor, FACILITATOR, ORGANISER)
    payload = require_object(payload)
    if payload.get("minutes") is None:
        raise BadRequest(N_("“%(field)s” is missing."), field="minutes")
    minutes = int_field(payload, "minutes", default=0, minimum=1, maximum=MAX_MINUTES)
    label = text_field(payload, "label", max_length=MAX_LABEL, required=False)
    workshop = moderate(session, actor)
    workshop.timer_ends_at = (now or utcnow()) + timedelta(minutes=minutes)
    workshop.timer_label = label
    body = {"ends_at": workshop.timer_ends_at.isoformat(), "label": label}
    event = append_event(session, workshop, "timer.started", body, actor=actor)
    session.flush()
    return Outcome(body, [event])


def stop_timer(session: Session, actor: Actor) -> Outcome:
    """Stop the countdown; the projector goes back to the time of the next plenary."""
    workshop = moderate(session, actor)
    if workshop.timer_ends_at is None:
        return Outcome({})
    workshop.timer_ends_at = None
    workshop.timer_label = None
    event = append_event(session, workshop, "timer.stopped", {}, actor=actor)
    session.flush()
    return Outcome({}, [event])
