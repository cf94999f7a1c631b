"""Plenaries: freeze what came since the previous one into a summary.

Scheduled plenaries (on time, once, not in breaks): ``plenary_schedule``.

A plenary's window is a range of event seqs, not of clock times, so a card
belongs to exactly one plenary however close to the boundary it was posted.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from babel.dates import format_date
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import CARD_KINDS, Card, Participant, Plenary, Workshop, utcnow
from . import summary_cards
from .access import FACILITATOR, ORGANISER, Actor, require_role
from .alliance_summary import new_alliances
from .day_sheet import day_info
from .errors import N_, NotFound
from .eventlog import append_event, lock_workshop
from .organisations import summary_extras
from .outcome import Outcome
from .pacing import paced, unpaced
from .projector import show_plenary
from .schedule import day_bounds, zone
from .stars import clear_stars
from .summary_cards import board_by_support, is_carried, window_counts
from .summary_lines import most_supported, toolkit_extras
from .tokens import new_id
from .validation import require_object, text_field
from .workshops import public_info

MAX_NOTE = 5000
TIMELINE_BUCKET_MINUTES = 10


def local_clock(moment: datetime, workshop: Workshop) -> str:
    """Return the local time of day, as the workshop's language writes it (10.24 / 10:24).

    What Babel's ``HH.mm`` / ``HH:mm`` writes, by ``strftime``: Babel parses the
    locale on every call, a third of the report's data time at 2000 cards.
    """
    return moment.astimezone(zone(workshop.timezone)).strftime(
        "%H:%M" if workshop.language == "en" else "%H.%M")


def local_date(moment: datetime, workshop: Workshop) -> str:
    """Return the local date in words (22. november 2026 / 22 November 2026)."""
    return format_date(moment.astimezone(zone(workshop.timezone)), "long",
                       locale=workshop.language)


def summary_card(card: Card, workshop: Workshop, themes: dict[str, str]) -> dict:
    """Return a card as a summary shows it: no participant id, no contact."""
    return summary_cards.summary_card(card, themes, lambda moment: local_clock(moment, workshop))


def workshop_summary_info(workshop: Workshop, base_url: str) -> dict:
    """Return what every PDF says about the workshop: its public view and time zone."""
    public = public_info(workshop, base_url)
    keys = ("id", "title", "vision", "language", "join_url", "join_code")
    return {**{key: public[key] for key in keys}, "timezone": workshop.timezone,
            **day_info(workshop)}


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
                  base_url: str, pace=unpaced) -> dict:
    """Return the frozen summary of the cards with first_seq < seq <= last_seq.

    ``pace`` wraps the loops over every card (``pacing.paced`` for a report read
    while the live board runs; never inside a write transaction).
    """
    themes = {t.id: t.title for t in workshop.themes}
    visible = list(pace(session.scalars(
        select(Card).where(Card.workshop_id == workshop.id, Card.hidden.is_(False),
                           Card.pending.is_(False), Card.merged_into_id.is_(None),
                           Card.seq <= last_seq).order_by(Card.seq)
        .execution_options(yield_per=100)
    )))
    window = [c for c in visible if c.seq > first_seq]
    # Material carried in (kick-off, an earlier meeting) is listed apart, never as new.
    carried = [c for c in window if is_carried(c)]
    new = [c for c in window if not is_carried(c)]
    as_summary = {c.id: summary_card(c, workshop, themes) for c in pace(visible)}
    by_theme = []
    for theme in workshop.themes:
        entry = {"id": theme.id, "title": theme.title}
        for kind in CARD_KINDS:
            entry[kind] = [as_summary[c.id] for c in new
                           if c.theme_id == theme.id and c.kind == kind]
        by_theme.append(entry)
    joined = session.scalar(
        select(func.count()).select_from(Participant).where(
            Participant.workshop_id == workshop.id, Participant.created_at > starts_at,
            Participant.created_at <= ends_at)
    )
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
            "participants_posting": len({c.participant_id for c in new if c.participant_id}),
            **window_counts([as_summary[c.id] for c in new], [as_summary[c.id] for c in carried]),
            "cards_total": len(visible),
        },
        "themes": by_theme,
        "carried": [as_summary[c.id] for c in carried],
        "top_window": most_supported(window, as_summary),
        "top_overall": most_supported(visible, as_summary),
        "new_actors": [as_summary[c.id] for c in new if c.kind == "actor"],
        "starred": [as_summary[c.id] for c in visible if c.starred],
        "new_initiatives": [as_summary[c.id] for c in new if c.kind == "initiative"],
        "new_alliances": new_alliances(session, workshop.id, visible, starts_at, ends_at),
        "timeline": timeline(workshop, [c for c in visible if not is_carried(c)], ends_at,
                             starts_at),
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
    """Store the next plenary of the (locked) workshop; return it and its events (taken, on
    the projectors)."""
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
    clear_stars(session, workshop)  # the stars were for this plenary; the next starts afresh
    session.flush()
    return plenary, [event, show_plenary(session, workshop, plenary, now, actor)]


def start_plenary(session: Session, actor: Actor, payload, base_url: str,
                  now: datetime | None = None) -> Outcome:
    """Take a plenary now, at the facilitator's request; its PDF is to be made."""
    require_role(actor, FACILITATOR, ORGANISER)
    payload = require_object(payload)
    note = text_field(payload, "note", max_length=MAX_NOTE, required=False, default="",
                      multiline=True)
    workshop = lock_workshop(session, actor.workshop_id)
    plenary, events = _take_plenary(session, workshop, note, now or utcnow(), base_url, None,
                                    actor)
    return Outcome(plenary_json(plenary, base_url), events, stale_plenaries=[plenary.number],
                   created=True)


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
    now = utcnow()
    final = build_summary(session, workshop, 0, 0, workshop.last_seq,
                          day_bounds(workshop)[0], now, "", base_url, pace=paced)
    return {
        "workshop": final["workshop"],
        "plenaries": [p.summary for p in plenaries],
        "board": board_by_support(final),
        "counts": final["counts"],
        "top_overall": final["top_overall"],
        "extras": final["extras"],
        "starred": [card for p in plenaries for card in p.summary.get("starred") or []],
        "timeline": final["timeline"],
        "organisations": final["extras"]["organisations"],
        "generated_local": f"{final['date_local']} {final['ends_local']}",
        "generated_clock": final["ends_local"],
        # Before the day's end the board is "the board at 11.40", not "at the end of the day".
        "day_over": now >= day_bounds(workshop)[1],
    }
