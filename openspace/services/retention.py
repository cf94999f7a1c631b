"""Retention: remove a workshop's personal data once its retention period has passed.

After the day ends plus ``retention_days`` (30 by default), the scheduler
clears participants' names, makes their tokens unusable, deletes the names
and contacts of commitments (except those whose owner agreed to be contacted
about the initiative's follow-up: kept until that consent ends, then removed
by ``followup_consent.expire_followup_contacts`` on a later run), and blanks
the names in the plenary snapshots (the event log holds none). The cards
(anonymous now), comments, plenaries and PDFs stay. Each workshop is done
once, in one transaction, and the fact is recorded (``personal_data_removed_at``
and a ``workshop.personal_data_removed`` event for the
moderators). A workshop that cannot be done (an odd row, a damaged snapshot)
is logged and tried again on the next run; it never stops the others.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select, update

from ..logs import log_failure
from ..models import AUDIENCE_MODERATORS, Commitment, Event, Participant, Workshop
from .errors import NotFound
from .eventlog import append_event, lock_workshop
from .followup_consent import drop_ended_consents, kept_at_removal, run_followup_expiry
from .safe_room import forget_flags
from .schedule import day_bounds, later
from .snapshots import rewrite_snapshots, without_personal_data

log = logging.getLogger(__name__)

#: Replaces a token hash. Token hashes are 64 hex digits; this has a dash, so
#: no token ever hashes to it: the old token opens nothing.
REMOVED_TOKEN_PREFIX = "removed-"  # noqa: S105 - a marker, not a secret


@dataclass
class RetentionResult:
    """One workshop whose personal data was removed: counts, the event, stale PDFs."""

    workshop_id: str
    participants: int
    commitments: int
    events: list[Event] = field(default_factory=list)
    plenaries: list[int] = field(default_factory=list)


def removal_due_at(workshop: Workshop) -> datetime:
    """Return when the workshop's personal data is to be removed: end of day + retention.

    A day ending near the end of the calendar (a row stored before dates were
    checked) is never due, instead of overflowing.
    """
    return later(day_bounds(workshop)[1], timedelta(days=workshop.retention_days))


def unusable_token_hash() -> str:
    """Return a unique value for ``token_hash`` that no token matches."""
    return REMOVED_TOKEN_PREFIX + secrets.token_hex(28)


def remove_personal_data(session, workshop_id: str, now: datetime) -> RetentionResult | None:
    """Remove the personal data of one workshop if it is due and not done yet."""
    workshop = lock_workshop(session, workshop_id)
    if workshop.personal_data_removed_at is not None or now < removal_due_at(workshop):
        return None
    participants = list(session.scalars(
        select(Participant).where(Participant.workshop_id == workshop.id)))
    for participant in participants:
        participant.name = None
        participant.organisation = None
        participant.token_hash = unusable_token_hash()
    # Follow-up consent still running: that name and contact stay until its end date.
    commitments = session.execute(
        update(Commitment).where(Commitment.workshop_id == workshop.id,
                                 Commitment.id.not_in(kept_at_removal(workshop.id, now)))
        .values(name=None, contact=None, consent=False)
    ).rowcount
    # The safe room's flags say something about a person's wellbeing: they go too.
    forget_flags(session, workshop.id)
    drop_ended_consents(session, workshop.id, now)
    plenaries = rewrite_snapshots(session, workshop.id, without_personal_data)
    workshop.personal_data_removed_at = now
    counts = {"participants": len(participants), "commitments": commitments,
              "removed_at": now.isoformat()}
    event = append_event(session, workshop, "workshop.personal_data_removed", counts,
                         audience=AUDIENCE_MODERATORS, actor=None)
    session.flush()
    return RetentionResult(workshop.id, len(participants), commitments, [event], plenaries)


def run_retention(database, now: datetime) -> list[RetentionResult]:
    """Remove the personal data of every workshop that is due; one transaction each.

    Safe to run in several processes at once: the workshop row lock and the
    ``personal_data_removed_at`` mark make each workshop done exactly once.
    One workshop failing (its row, its snapshots) is logged by id and error
    type only, and the run goes on with the others.
    """
    results = []
    for workshop_id in due_workshops(database, now):
        try:
            with database.write() as session:
                result = remove_personal_data(session, workshop_id, now)
        except NotFound:
            continue  # deleted meanwhile
        except Exception:
            # Type and stack, never the message: it may quote a name or a contact.
            log_failure(log, "retention: workshop %s skipped, tried again next run", workshop_id)
            continue
        if result is not None:
            # Counts only: never names, contacts or ids of people in the log.
            log.info("retention: removed personal data of workshop %s (%d participants, "
                     "%d commitments)", workshop_id, result.participants, result.commitments)
            results.append(result)
    # Then the contacts kept for follow-up whose consent has ended (same shape of result).
    return results + run_followup_expiry(database, now)


def due_workshops(database, now: datetime) -> list[str]:
    """Return the ids of the workshops whose personal data is due for removal.

    Read in one query; should a row not even load (a value the driver cannot
    read), each workshop is read on its own so that the others are still found.
    """
    pending = Workshop.personal_data_removed_at.is_(None)
    try:
        with database.read() as session:
            candidates = list(session.scalars(select(Workshop).where(pending)))
        return [w.id for w in candidates if _is_due(w, now)]
    except Exception:
        log_failure(log, "retention: the workshops could not be read together; one at a time")
    with database.read() as session:
        ids = list(session.scalars(select(Workshop.id).where(pending)))
    due = []
    for workshop_id in ids:
        try:
            with database.read() as session:
                workshop = session.get(Workshop, workshop_id)
                if workshop is not None and _is_due(workshop, now):
                    due.append(workshop_id)
        except Exception:
            log_failure(log, "retention: workshop %s cannot be read, skipped", workshop_id)
    return due


def _is_due(workshop: Workshop, now: datetime) -> bool:
    """True if the workshop's personal data is due; False (and logged) if that cannot be told."""
    try:
        return now >= removal_due_at(workshop)
    except Exception:
        log_failure(log, "retention: the due date of workshop %s cannot be computed", workshop.id)
        return False
