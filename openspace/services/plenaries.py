"""Plenaries: freeze what came since the previous one into a summary, on time and once.

A plenary's window is a range of event seqs, not of clock times, so a card
belongs to exactly one plenary however close to the boundary it was posted.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from babel.dates import format_date, format_time
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..models import CARD_KINDS, Card, Participant, Plenary, Workshop, utcnow
from .access import FACILITATOR, ORGANISER, Actor, require_role
from .errors import N_, NotFound
from .eventlog import append_event, lock_workshop
from .organisations import summary_extras
from .outcome import Outcome
from .schedule import day_bounds, due_slot, zone
from .summary_lines import most_supported, toolkit_extras
from .tokens import new_id
from .validation import require_object, text_field
from .workshops import public_info

MAX_NOTE = 5000
TIMELINE_BUCKET_MINUTES = 10


def local_clock(moment: datetime, workshop: Workshop) -> str:
    """Return the local time of day, as the workshop's language writes it (10.24 / 10:24)."""
    return format_time(moment.astimezone(zone(workshop.timezone)), "HH:mm" if
                       workshop.language == "en" else "HH.mm", locale=workshop.language)


def local_date(moment: datetime, workshop: Workshop) -> str:
    """Return the local date in words (22. november 2026 / 22 November 2026)."""
    return format_date(moment.astimezone(zone(workshop.timezone)), "long",
                       locale=workshop.language)


def summary_card(card: Card, workshop: Workshop, themes: dict[str, str]) -> dict:
    """Return a card as a summary shows it: no participant id, no contact."""
    return {
        "id": card.id,
        "kind": card.kind,
        "theme_id": card.theme_id,
        "theme_title": themes.get(card.theme_id, ""),
        "text": card.text,
        "author_name": card.participant.name if card.participant is not None else None,
        "created_local": local_clock(card.created_at, workshop),
        "supports": card.support_count,
    }


def workshop_summary_info(workshop: Workshop, base_url: str) -> dict:
    """Return what every PDF says about the workshop: its public view and time zone."""
    public = public_info(workshop, base_url)
    keys = ("id", "title", "vision", "language", "join_url", "join_code")
    return {**{key: public[key] for key in keys}, "timezone": workshop.timezone}


def timeline(workshop: Workshop, cards: list[Card], until: datetime,
             window_start: datetime) -> dict:
    """Return posts per 10 minutes from the day's start until ``until``."""
    start, _ = day_bounds(workshop)
    start = min([start, *(c.created_at for c in cards)])
    step = timedelta(minutes=TIMELINE_BUCKET_MINUTES)
    counts = Counter(int((c.created_at - start) / step) for c in cards if c.created_at <= until)
    buckets = []
    index = 0
    while start + index * step <= until and index < 24 * 6:
        bucket_start = start + index * step
        buckets.append({
            "label": local_clock(bucket_start, workshop),
            "count": counts.get(index, 0),
            "in_window": bucket_start + step > window_start,
        })
        index += 1
    return {"bucket_minutes": TIMELINE_BUCKET_MINUTES, "buckets": buckets}


def build_summary(session: Session, workshop: Workshop, number: int, first_seq: int,
                  last_seq: int, starts_at: datetime, ends_at: datetime, note: str,
                  base_url: str) -> dict:
    """Return the frozen summary of the cards with first_seq < seq <= last_seq."""
    themes = {t.id: t.title for t in workshop.themes}
    visible = list(session.scalars(
        select(Card).where(Card.workshop_id == workshop.id, Card.hidden.is_(False),
                           Card.pending.is_(False), Card.merged_into_id.is_(None),
                           Card.seq <= last_seq).order_by(Card.seq)
    ))
    window = [c for c in visible if c.seq > first_seq]
    as_summary = {c.id: summary_card(c, workshop, themes) for c in visible}
    by_theme = []
    for theme in workshop.themes:
        entry = {"id": theme.id, "title": theme.title}
        for kind in CARD_KINDS:
            entry[kind] = [as_summary[c.id] for c in window
                           if c.theme_id == theme.id and c.kind == kind]
        by_theme.append(entry)
    joined = session.scalar(
        select(func.count()).select_from(Participant).where(
            Participant.workshop_id == workshop.id, Participant.created_at > starts_at,
            Participant.created_at <= ends_at)
    )
    kinds = Counter(c.kind for c in window)
    return {
        "workshop": workshop_summary_info(workshop, base_url),
        "number": number,
        "starts_at": starts_at.isoformat(),
        "ends_at": ends_at.isoformat(),
        "starts_local": local_clock(starts_at, workshop),
        "ends_local": local_clock(ends_at, workshop),
        "date_local": local_date(ends_at, workshop),
        "note": note,
        "counts": {
            "participants_joined": joined,
            "participants_posting": len({c.participant_id for c in window if c.participant_id}),
            "cards": len(window),
            **{kind: kinds.get(kind, 0) for kind in CARD_KINDS},
            "cards_total": len(visible),
        },
        "themes": by_theme,
        "top_window": most_supported(window, as_summary),
        "top_overall": most_supported(visible, as_summary),
        "new_actors": [as_summary[c.id] for c in window if c.kind == "actor"],
        "new_initiatives": [as_summary[c.id] for c in window if c.kind == "initiative"],
        "timeline": timeline(workshop, visible, ends_at, starts_at),
        "extras": {**toolkit_extras(session, workshop, visible, as_summary, starts_at, ends_at),
                   "organisations": summary_extras(session, workshop.id, visible)},
    }


def plenary_json(plenary: Plenary, base_url: str | None = None) -> dict:
    """Return the wire form of a plenary (without its summary)."""
    pdf_url = f"/api/v1/workshops/{plenary.workshop_id}/plenaries/{plenary.number}.pdf"
    return {
        "number": plenary.number,
        "starts_at": plenary.starts_at.isoformat(),
        "ends_at": plenary.ends_at.isoformat(),
        "pdf_url": f"{base_url.rstrip('/')}{pdf_url}" if base_url else pdf_url,
        "note": plenary.note,
        "scheduled": plenary.scheduled_for is not None,
        "cards": plenary.summary["counts"]["cards"],
    }


def _take_plenary(session: Session, workshop: Workshop, note: str, now: datetime,
                  base_url: str, scheduled_for: datetime | None, actor: Actor | None = None):
    """Store the next plenary of the (locked) workshop and its event."""
    previous = session.scalar(
        select(Plenary).where(Plenary.workshop_id == workshop.id)
        .order_by(Plenary.number.desc()).limit(1)
    )
    number = previous.number + 1 if previous else 1
    starts_at = previous.ends_at if previous else day_bounds(workshop)[0]
    starts_at = min(starts_at, now)
    first_seq = previous.last_seq if previous else 0
    last_seq = workshop.last_seq
    plenary = Plenary(
        id=new_id(), workshop_id=workshop.id, number=number, scheduled_for=scheduled_for,
        starts_at=starts_at, ends_at=now, first_seq=first_seq, last_seq=last_seq, note=note,
        summary=build_summary(session, workshop, number, first_seq, last_seq, starts_at, now,
                              note, base_url),
    )
    session.add(plenary)
    session.flush()
    event = append_event(session, workshop, "plenary.created", plenary_json(plenary),
                         actor=actor)
    session.flush()
    return plenary, event


def start_plenary(session: Session, actor: Actor, payload, base_url: str,
                  now: datetime | None = None) -> Outcome:
    """Take a plenary now, at the facilitator's request; its PDF is to be made."""
    require_role(actor, FACILITATOR, ORGANISER)
    payload = require_object(payload)
    note = text_field(payload, "note", max_length=MAX_NOTE, required=False, default="",
                      multiline=True)
    workshop = lock_workshop(session, actor.workshop_id)
    plenary, event = _take_plenary(session, workshop, note, now or utcnow(), base_url, None,
                                   actor)
    return Outcome(plenary_json(plenary, base_url), [event], stale_plenaries=[plenary.number],
                   created=True)


def take_due_plenary(session: Session, workshop_id: str, now: datetime, base_url: str):
    """Take the scheduled plenary that is due now, unless it exists; return (plenary, events).

    Only the latest slot counts: a server that was down for three slots takes
    one plenary for the current slot, not three, and never repeats one.
    """
    workshop = lock_workshop(session, workshop_id)
    slot = due_slot(workshop, now)
    if slot is None:
        return None, []
    exists = session.scalar(
        select(Plenary.id).where(Plenary.workshop_id == workshop.id,
                                 Plenary.scheduled_for == slot)
    )
    if exists is not None:
        return None, []
    plenary, event = _take_plenary(session, workshop, "", now, base_url, slot)
    return plenary, [event]


def run_due_plenaries(database, now: datetime, base_url: str) -> list:
    """Take every due scheduled plenary, one transaction per workshop; return the events.

    Safe to run in several processes at once: the workshop row lock and the
    unique (workshop, slot) constraint let exactly one of them store it.
    """
    with database.read() as session:
        candidates = list(session.scalars(select(Workshop.id)))
    events = []
    for workshop_id in candidates:
        try:
            with database.write() as session:
                _, new = take_due_plenary(session, workshop_id, now, base_url)
                events.extend(new)
        except IntegrityError:
            continue  # another process took this slot first
        except NotFound:
            continue  # deleted meanwhile
    return events


def get_plenary(session: Session, actor: Actor, number: int) -> Plenary:
    """Return plenary ``number`` of the actor's workshop."""
    if not 0 < number < 2**31:  # beyond any day, and beyond what the database can compare
        raise NotFound(N_("This plenary does not exist."))
    plenary = session.scalar(
        select(Plenary).where(Plenary.workshop_id == actor.workshop_id, Plenary.number == number)
    )
    if plenary is None:
        raise NotFound(N_("This plenary does not exist."))
    return plenary


def list_plenaries(session: Session, actor: Actor) -> list[Plenary]:
    """Return the workshop's plenaries, oldest first."""
    return list(session.scalars(
        select(Plenary).where(Plenary.workshop_id == actor.workshop_id).order_by(Plenary.number)
    ))


def set_note(session: Session, actor: Actor, number: int, payload, base_url: str) -> Outcome:
    """Change a plenary's note (the points said aloud); its PDF is made again."""
    require_role(actor, FACILITATOR, ORGANISER)
    payload = require_object(payload)
    note = text_field(payload, "note", max_length=MAX_NOTE, required=False, default="",
                      multiline=True)
    workshop = lock_workshop(session, actor.workshop_id)
    plenary = get_plenary(session, actor, number)
    plenary.note = note
    plenary.summary = {**plenary.summary, "note": note}
    event = append_event(session, workshop, "plenary.updated", plenary_json(plenary),
                         actor=actor)
    session.flush()
    return Outcome(plenary_json(plenary, base_url), [event], stale_plenaries=[number])


def report_data(session: Session, workshop_id: str, base_url: str) -> dict:
    """Return the full-day report: every plenary's summary and the final board by theme."""
    workshop = session.get(Workshop, workshop_id)
    if workshop is None:
        raise NotFound(N_("This workshop does not exist."))
    plenaries = list(session.scalars(
        select(Plenary).where(Plenary.workshop_id == workshop_id).order_by(Plenary.number)
    ))
    final = build_summary(session, workshop, 0, 0, workshop.last_seq,
                          day_bounds(workshop)[0], utcnow(), "", base_url)
    return {
        "workshop": final["workshop"],
        "plenaries": [p.summary for p in plenaries],
        "board": final["themes"],
        "counts": final["counts"],
        "timeline": final["timeline"],
        "organisations": final["extras"]["organisations"],
        "generated_local": f"{final['date_local']} {final['ends_local']}",
    }
