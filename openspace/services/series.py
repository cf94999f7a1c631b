"""The next meeting of a series, and the series as the organiser sees it.

``create_next`` makes a new workshop from any meeting: the same themes, vision,
language, schedule and privacy settings, on a new date, with the board carried
across (``services/carry.py``). Both meetings then belong to one series; the
source joins it as its first meeting if it had none.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Card, FollowupTerm, Participant, Series, SeriesMeeting, Workshop, utcnow
from .access import ORGANISER, Actor, require_role
from .carry import (
    carry_cards,
    carry_commitments,
    carry_followups,
    carry_links,
    initiative_statuses,
)
from .errors import N_, BadRequest, NotFound
from .eventlog import lock_workshop
from .outcome import Outcome
from .schedule import day_bounds, zone
from .series_register import carry_register, series_organisations
from .tokens import new_id
from .validation import require_object, text_field
from .workshop_fields import MAX_TITLE
from .workshops import create_workshop, facilitator_url, join_url, theme_json

MAX_PLACE = 300
#: Without a date the next meeting is 13 weeks on: the same weekday, about three months later.
DEFAULT_WEEKS_LATER = 13


def _date_field(payload: dict, name: str) -> date | None:
    """Return the ``YYYY-MM-DD`` date in ``payload[name]``, checked, or None if absent."""
    value = payload.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or len(value) != 10:
        raise BadRequest(N_("“%(field)s” must be a date (YYYY-MM-DD)."), field=name)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadRequest(N_("“%(field)s” must be a date (YYYY-MM-DD)."), field=name) from None


def _clock_field(payload: dict, name: str, default: str) -> str:
    """Return the ``HH:MM`` time of day in ``payload[name]``, checked, or ``default``."""
    value = payload.get(name, default)
    try:
        valid = isinstance(value, str) and len(value) == 5 and bool(
            datetime.strptime(value, "%H:%M"))
    except ValueError:
        valid = False
    if not valid:
        raise BadRequest(N_("“%(field)s” must be a time of day (HH:MM)."), field=name)
    return value


#: The times of day proposed when the source's own make no day (it crossed midnight).
FALLBACK_DAY = ("09:00", "16:00")


def _next_day(source: Workshop, payload: dict) -> tuple[str, str]:
    """Return the next meeting's local start and end (``YYYY-MM-DDTHH:MM``) from ``payload``.

    The times of day default to the source's; the date to 13 weeks after it.
    """
    tz = zone(source.timezone)
    starts, ends = (moment.astimezone(tz) for moment in day_bounds(source))
    day = _date_field(payload, "date") or starts.date() + timedelta(weeks=DEFAULT_WEEKS_LATER)
    start = _clock_field(payload, "starts", starts.strftime("%H:%M"))
    end = _clock_field(payload, "ends", ends.strftime("%H:%M"))
    if end <= start and "starts" not in payload and "ends" not in payload:
        # The source's day ran past midnight (or was made late in the evening): its times
        # of day make no day, so an ordinary one is proposed; the organiser can change it.
        start, end = FALLBACK_DAY
    if end <= start:
        raise BadRequest(N_("The day must end after it starts."), field="ends")
    return f"{day.isoformat()}T{start}", f"{day.isoformat()}T{end}"


def meeting_of(session: Session, workshop_id: str) -> SeriesMeeting | None:
    """Return the workshop's place in a series, if it has one."""
    return session.get(SeriesMeeting, workshop_id)


def _series_for(session: Session, source: Workshop) -> SeriesMeeting:
    """Return the source's place in its series, making a series (it the first meeting) if new."""
    meeting = meeting_of(session, source.id)
    if meeting is None:
        series = Series(id=new_id(), title=source.title)
        session.add(series)
        session.flush()
        meeting = SeriesMeeting(workshop_id=source.id, series_id=series.id, position=1,
                                previous_workshop_id=None)
        session.add(meeting)
        session.flush()
    return meeting


def create_next(session: Session, actor: Actor, payload, base_url: str,
                controller_defaults: dict) -> Outcome:
    """Create the next meeting of the series from this workshop (organiser only).

    Body ``{"title"?, "date"?, "starts"?, "ends"?, "place"?}``; answers what creating a
    workshop answers, plus ``series_id`` and ``carried`` (how many cards, links).
    """
    require_role(actor, ORGANISER)
    payload = require_object(payload)
    source = lock_workshop(session, actor.workshop_id)
    # Absent (or null), the title stays; given, it must be a real title.
    title = (text_field(payload, "title", max_length=MAX_TITLE)
             if payload.get("title") is not None else source.title)
    # Without a place the meeting is where the previous one was (the organiser may edit it).
    place = (text_field(payload, "place", max_length=MAX_PLACE, required=False, default="")
             or source.place or "")
    starts, ends = _next_day(source, payload)
    made = create_workshop(session, {
        "title": title, "vision": source.vision, "language": source.language,
        "themes": [t.title for t in source.themes],
        "plenary_every_minutes": source.plenary_every_minutes, "timezone": source.timezone,
        "day_starts_at": starts, "day_ends_at": ends,
        "controller_name": source.controller_name,
        "controller_contact": source.controller_contact,
        "retention_days": source.retention_days, "place": place,
        # The same organiser; the same Wi-Fi where the meeting is in the same place.
        "organiser_name": source.organiser_name or "",
        "wifi_name": (source.wifi_name or "") if place == (source.place or "") else "",
    }, controller_defaults)
    target = made.workshop
    target.support_cap, target.premoderation = source.support_cap, source.premoderation
    term = session.get(FollowupTerm, source.id)
    if term is not None:  # how long "Jeg er med" may agree to be contacted, as before
        session.add(FollowupTerm(workshop_id=target.id, months=term.months))
    previous = _series_for(session, source)
    last = session.scalar(select(func.max(SeriesMeeting.position))
                          .where(SeriesMeeting.series_id == previous.series_id))
    session.add(SeriesMeeting(workshop_id=target.id, series_id=previous.series_id,
                              position=(last or 0) + 1, previous_workshop_id=source.id))
    themes = dict(zip((t.id for t in source.themes), target.themes, strict=True))
    carried, events = carry_cards(session, source, target, themes, actor)
    events += carry_links(session, source, target, carried, actor)
    events += carry_followups(session, source, target, carried, actor)
    events += carry_commitments(session, source, target, carried, utcnow())
    carry_register(session, source.id, target.id)  # one organisation register per series
    session.flush()
    return Outcome({
        "id": target.id, "join_code": target.join_code, "join_url": join_url(base_url, target),
        "facilitator_token": made.facilitator_token,
        "facilitator_url": facilitator_url(base_url, target.id, made.facilitator_token),
        "themes": [theme_json(t) for t in target.themes], "title": target.title,
        "language": target.language, "series_id": previous.series_id,
        "carried": {"cards": len(carried), "links": sum(e.type == "link.created"
                                                        for e in events)},
    }, events, created=True)


def get_series(session: Session, series_id: str) -> Series:
    """Return the series or raise ``NotFound``."""
    series = session.get(Series, series_id) if "\x00" not in series_id else None
    if series is None:
        raise NotFound(N_("This series does not exist."))
    return series


def _meetings(session: Session, series_id: str) -> list[tuple[SeriesMeeting, Workshop]]:
    """Return the series' meetings and their workshops, in order."""
    return list(session.execute(
        select(SeriesMeeting, Workshop).join(Workshop, Workshop.id == SeriesMeeting.workshop_id)
        .where(SeriesMeeting.series_id == series_id).order_by(SeriesMeeting.position)).all())


def _counts(session: Session, workshop: Workshop) -> dict:
    """Return a meeting's public counts: cards (new and carried), initiatives, supports …"""
    cards = list(session.scalars(select(Card).where(
        Card.workshop_id == workshop.id, Card.hidden.is_(False), Card.pending.is_(False),
        Card.merged_into_id.is_(None))))
    carried = [c for c in cards if c.origin == "carried"]
    participants = session.scalar(select(func.count()).select_from(Participant).where(
        Participant.workshop_id == workshop.id,
        Participant.token_hash.not_like("carried-%"))) or 0
    return {
        "cards": len(cards) - len(carried), "carried": len(carried),
        "initiatives": sum(c.kind == "initiative" for c in cards),
        "supports": sum(c.support_count - c.carried_supports for c in cards),
        "commitments": sum(c.commitment_count for c in cards if c.kind == "initiative"),
        "participants": participants,
    }


def meeting_json(meeting: SeriesMeeting, workshop: Workshop, base_url: str,
                 counts: dict) -> dict:
    """Return one meeting of a series: when, where, its addresses and counts."""
    starts, ends = day_bounds(workshop)
    return {
        "workshop_id": workshop.id, "title": workshop.title, "position": meeting.position,
        "previous_workshop_id": meeting.previous_workshop_id, "place": workshop.place or "",
        "timezone": workshop.timezone, "day_starts_at": starts.isoformat(),
        "day_ends_at": ends.isoformat(),
        "date": starts.astimezone(zone(workshop.timezone)).date().isoformat(),
        "state": workshop.state, "join_code": workshop.join_code,
        "join_url": join_url(base_url, workshop), "counts": counts,
        "poster_url": f"/api/v1/workshops/{workshop.id}/poster.pdf",
        "calendar_url": calendar_path(workshop.join_code),
    }


def calendar_path(join_code: str) -> str:
    """Return the address of a meeting's calendar file (the day's .ics, public by join code)."""
    return f"/j/{join_code}/day.ics"


def initiative_trails(session: Session, workshop_ids: list[str]) -> list[dict]:
    """Return how each initiative moved across the meetings: its card and status in each.

    An initiative is followed through ``carried_from_card_id``; one that came up
    in a later meeting starts there. Its text is the latest meeting's.
    """
    cards = list(session.scalars(select(Card).where(
        Card.workshop_id.in_(workshop_ids), Card.kind == "initiative", Card.hidden.is_(False),
        Card.pending.is_(False), Card.merged_into_id.is_(None)).order_by(Card.seq)))
    statuses = initiative_statuses(session, [c.id for c in cards])
    root_of: dict[str, str] = {}
    trails: dict[str, dict] = {}
    order = {wid: i for i, wid in enumerate(workshop_ids)}
    for card in sorted(cards, key=lambda c: (order[c.workshop_id], c.seq)):
        root = root_of.get(card.carried_from_card_id or "", card.id)
        root_of[card.id] = root
        trail = trails.setdefault(root, {"id": root, "text": card.text,
                                         "meetings": [None] * len(workshop_ids)})
        trail["text"] = card.text
        trail["meetings"][order[card.workshop_id]] = {
            "card_id": card.id, "status": statuses.get(card.id, "idea"),
            "supports": card.support_count, "commitments": card.commitment_count,
            "carried": card.origin == "carried"}
    return list(trails.values())


def series_json(session: Session, series: Series | None, base_url: str,
                only: Workshop | None = None) -> dict:
    """Return a series with its meetings and initiatives; ``only`` a workshop without one."""
    if series is None:
        pairs = [(SeriesMeeting(workshop_id=only.id, series_id="", position=1,
                                previous_workshop_id=None), only)]
    else:
        pairs = _meetings(session, series.id)
    ids = [w.id for _, w in pairs]
    return {
        "id": series.id if series else None,
        "title": series.title if series else only.title,
        "meetings": [meeting_json(m, w, base_url, _counts(session, w)) for m, w in pairs],
        "initiatives": initiative_trails(session, ids),
        "organisations": series_organisations(session, ids),
    }


def series_of_workshop(session: Session, workshop_id: str, base_url: str) -> dict:
    """Return the series the workshop belongs to, or a series of it alone (``id`` null)."""
    workshop = session.get(Workshop, workshop_id) if "\x00" not in workshop_id else None
    if workshop is None:
        raise NotFound(N_("This workshop does not exist."))
    meeting = meeting_of(session, workshop_id)
    if meeting is None:
        return series_json(session, None, base_url, only=workshop)
    return series_json(session, get_series(session, meeting.series_id), base_url)
