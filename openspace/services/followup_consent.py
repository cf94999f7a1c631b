"""Follow-up consent: a "Jeg er med" may agree to be contacted about the initiative's follow-up.

A second choice, separate from the first consent (to be contacted about the
day): "I may be contacted about this initiative's follow-up for N months",
N per workshop (``FollowupTerm``, 6 by default). It needs a contact detail
given with the first consent. It lasts until the end of the day plus N
months (``until``, fixed when given). Retention (``services/retention.py``)
then keeps exactly these commitments' name and contact when it removes the
workshop's personal data, and ``expire_followup_contacts`` removes them once
``until`` has passed. Withdrawing (the phone, the own-data page) deletes the
consent at once; withdrawing the "Jeg er med" or its contact takes it along.
"""

from __future__ import annotations

import calendar
import logging
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, object_session

from ..logs import log_failure
from ..models import AUDIENCE_MODERATORS, Commitment, Event, FollowupConsent, Workshop
from .access import PARTICIPANT, Actor, require_role
from .errors import N_, BadRequest, NotFound
from .eventlog import append_event, lock_workshop
from .followup import followup_months
from .outcome import Outcome
from .schedule import day_bounds
from .visibility import participant_audience

log = logging.getLogger(__name__)


def add_months(moment: datetime, months: int) -> datetime:
    """Return ``moment`` plus calendar months (31 January + 1 month = 28/29 February)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def consent_fields(commitment: Commitment) -> dict:
    """Return a commitment's follow-up consent for its wire form: whether, and until when."""
    session = object_session(commitment)
    consent = session.get(FollowupConsent, commitment.id) if session is not None else None
    return {"followup_consent": consent is not None,
            "followup_until": consent.until.isoformat() if consent is not None else None}


def parse_followup_consent(payload: dict, contact: str | None, consent: bool) -> bool | None:
    """Return the wanted follow-up consent (``None``: not given, keep it); it needs a contact."""
    wanted = payload.get("followup_consent")
    if wanted is None:
        return None
    if not isinstance(wanted, bool):
        raise BadRequest(N_("“%(field)s” must be true or false."), field="followup_consent")
    if wanted and (contact is None or not consent):
        raise BadRequest(N_("To be contacted about the follow-up, give a contact and agree to "
                            "be contacted first."), field="followup_consent")
    return wanted


def consent_changes(session: Session, commitment: Commitment, wanted: bool | None) -> bool:
    """True if applying ``wanted`` (and the commitment's contact) would change the consent."""
    has = session.get(FollowupConsent, commitment.id) is not None
    if commitment.contact is None or not commitment.consent:
        return has
    return wanted is not None and wanted != has


def settle_consent(session: Session, workshop: Workshop, commitment: Commitment,
                   wanted: bool | None, now: datetime) -> None:
    """Give or take back the follow-up consent; without a contact there is none."""
    existing = session.get(FollowupConsent, commitment.id)
    if commitment.contact is None or not commitment.consent or wanted is False:
        if existing is not None:
            session.delete(existing)
        return
    if wanted and existing is None:
        months = followup_months(session, workshop.id)
        start = max(now, day_bounds(workshop)[1])
        session.add(FollowupConsent(commitment_id=commitment.id, workshop_id=workshop.id,
                                    card_id=commitment.card_id, months=months, given_at=now,
                                    until=add_months(start, months)))


def withdraw_followup_consent(session: Session, actor: Actor, card_id: str) -> Outcome:
    """Take back one's follow-up consent on an initiative; the "Jeg er med" stays.

    Answers the commitment (with its contact: the caller's own). Always
    allowed, also on a locked board.
    """
    require_role(actor, PARTICIPANT)
    workshop = lock_workshop(session, actor.workshop_id)
    commitment = session.scalar(select(Commitment).where(
        Commitment.workshop_id == workshop.id, Commitment.card_id == card_id,
        Commitment.participant_id == actor.participant_id)) if isinstance(card_id, str) else None
    if commitment is None:
        raise NotFound(N_("You have not said “count me in” on this card."))
    # Here, not above: services/commitments imports this module.
    from .commitments import commitment_event_data, commitment_json
    consent = session.get(FollowupConsent, commitment.id)
    if consent is None:
        return Outcome({"commitment": commitment_json(commitment)})
    session.delete(consent)
    session.flush()
    event = append_event(session, workshop, "commitment.updated",
                         commitment_event_data(commitment),
                         audience=participant_audience(actor.participant_id), actor=actor)
    return Outcome({"commitment": commitment_json(commitment)}, [event])


def kept_at_removal(workshop_id: str, now: datetime):
    """Return the SQL of the commitments whose follow-up consent still runs at ``now``."""
    return select(FollowupConsent.commitment_id).where(
        FollowupConsent.workshop_id == workshop_id, FollowupConsent.until > now)


def drop_ended_consents(session: Session, workshop_id: str, now: datetime) -> None:
    """Delete the follow-up consents of a workshop that have ended by ``now``."""
    session.execute(delete(FollowupConsent).where(FollowupConsent.workshop_id == workshop_id,
                                                  FollowupConsent.until <= now))


@dataclass
class Expired:
    """One workshop whose ended follow-up contacts were removed."""

    workshop_id: str
    commitments: int
    events: list[Event] = field(default_factory=list)
    plenaries: list[int] = field(default_factory=list)


def expire_followup_contacts(session: Session, workshop_id: str, now: datetime) -> Expired | None:
    """Remove the names and contacts whose follow-up consent ended, once retention has run."""
    workshop = lock_workshop(session, workshop_id)
    if workshop.personal_data_removed_at is None:
        return None  # the day's own retention has not run: it decides then
    ended = select(FollowupConsent.commitment_id).where(
        FollowupConsent.workshop_id == workshop.id, FollowupConsent.until <= now)
    ids = list(session.scalars(ended))
    if not ids:
        return None
    session.execute(update(Commitment).where(Commitment.id.in_(ids))
                    .values(name=None, contact=None, consent=False))
    drop_ended_consents(session, workshop.id, now)
    event = append_event(session, workshop, "followup.contacts_removed",
                         {"commitments": len(ids), "removed_at": now.isoformat()},
                         audience=AUDIENCE_MODERATORS, actor=None)
    session.flush()
    return Expired(workshop.id, len(ids), [event])


def run_followup_expiry(database, now: datetime) -> list[Expired]:
    """Remove every ended follow-up contact; one transaction per workshop, failures logged."""
    with database.read() as session:
        workshop_ids = sorted(set(session.scalars(
            select(FollowupConsent.workshop_id).where(FollowupConsent.until <= now))))
    results = []
    for workshop_id in workshop_ids:
        try:
            with database.write() as session:
                result = expire_followup_contacts(session, workshop_id, now)
        except NotFound:
            continue
        except Exception:
            log_failure(log, "follow-up expiry: workshop %s skipped, tried again next run",
                        workshop_id)
            continue
        if result is not None:
            log.info("follow-up expiry: removed %d contacts of workshop %s", result.commitments,
                     workshop_id)
            results.append(result)
    return results
