"""The plenary schedule of a workshop day: when the next plenary is due.

Plenaries fall at day start + k × interval (k ≥ 1) up to the day's end. Pure
functions of the workshop's settings and the time: no clock, no database.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..models import Workshop
from .errors import N_, BadRequest

DEFAULT_DAY_HOURS = 10


def day_bounds(workshop: Workshop) -> tuple[datetime, datetime]:
    """Return the start and end of the workshop's day (UTC)."""
    start = workshop.day_starts_at or workshop.created_at
    end = workshop.day_ends_at or start + timedelta(hours=DEFAULT_DAY_HOURS)
    return start, end


def due_slot(workshop: Workshop, now: datetime) -> datetime | None:
    """Return the latest scheduled plenary time at or before ``now``, if the day has one."""
    start, end = day_bounds(workshop)
    interval = timedelta(minutes=workshop.plenary_every_minutes)
    if now < start + interval:
        return None
    last_possible = min(now, end)
    steps = (last_possible - start) // interval
    return start + steps * interval if steps >= 1 else None


def next_slot(workshop: Workshop, now: datetime) -> datetime | None:
    """Return the next scheduled plenary time after ``now``, or None after the day's end."""
    start, end = day_bounds(workshop)
    interval = timedelta(minutes=workshop.plenary_every_minutes)
    steps = 1 if now < start else (now - start) // interval + 1
    slot = start + steps * interval
    return slot if slot <= end else None


def zone(name: str) -> ZoneInfo:
    """Return the time zone ``name`` or refuse it."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise BadRequest(N_("Unknown time zone."), field="timezone") from None


def parse_local_time(value, timezone: str, field: str) -> datetime | None:
    """Parse an ISO 8601 time; without an offset it is read in the workshop's zone."""
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > 40:
        raise BadRequest(N_("“%(field)s” must be a date and time."), field=field)
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise BadRequest(N_("“%(field)s” must be a date and time."), field=field) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone(timezone))
    return parsed
