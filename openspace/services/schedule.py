"""The plenary schedule of a workshop day: when the next plenary is due.

Plenaries fall at day start + k × interval (k ≥ 1) up to the day's end. Pure
functions of the workshop's settings and the time: no clock, no database.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..models import Workshop
from .errors import N_, BadRequest

DEFAULT_DAY_HOURS = 10

#: A workshop's day falls in these years. Wide enough for any real workshop, and
#: far from datetime's own limits (years 1 and 9999), so that adding a time zone,
#: a plenary interval or a retention period to a day never overflows.
FIRST_YEAR = 2000
LAST_YEAR = 2099
EARLIEST = datetime(FIRST_YEAR, 1, 1, tzinfo=UTC)
LATEST = datetime(LAST_YEAR + 1, 1, 1, tzinfo=UTC)

#: "Never": what a sum past the end of the calendar saturates to.
NEVER = datetime.max.replace(tzinfo=UTC)


def later(moment: datetime, delta: timedelta) -> datetime:
    """Return ``moment + delta``, or ``NEVER`` past the end of the calendar.

    Rows stored before dates were checked may lie in year 9999: whatever is
    computed from them must not fail (retention and the scheduler run over
    every workshop, and one odd row must not stop them for the others).
    """
    try:
        return moment + delta
    except OverflowError:
        return NEVER


def day_bounds(workshop: Workshop) -> tuple[datetime, datetime]:
    """Return the start and end of the workshop's day (UTC)."""
    start = workshop.day_starts_at or workshop.created_at
    end = workshop.day_ends_at or later(start, timedelta(hours=DEFAULT_DAY_HOURS))
    return start, end


def breaks_of(workshop: Workshop) -> list[tuple[datetime, datetime]]:
    """Return the workshop's breaks as (start, end) UTC pairs, earliest first."""
    pairs = []
    for item in workshop.breaks or []:
        try:
            pairs.append((datetime.fromisoformat(item[0]), datetime.fromisoformat(item[1])))
        except (TypeError, ValueError, IndexError):
            continue  # a row written by hand: one odd break must not stop the scheduler
    return sorted(pairs)


def break_at(workshop: Workshop, moment: datetime) -> tuple[datetime, datetime] | None:
    """Return the break that ``moment`` falls in (start included, end not), if any."""
    for start, end in breaks_of(workshop):
        if start <= moment < end:
            return start, end
    return None


def _steps_before(start: datetime, moment: datetime, interval: timedelta) -> int:
    """Return the number k of the last slot start + k × interval strictly before ``moment``."""
    return -((start - moment) // interval) - 1  # ceil((moment - start) / interval) - 1


def due_slot(workshop: Workshop, now: datetime) -> datetime | None:
    """Return the latest scheduled plenary time at or before ``now``, if the day has one.

    Slots inside a break do not count, and nothing is due while a break lasts:
    a plenary never fires over lunch, not even one left over from before it.
    """
    if break_at(workshop, now) is not None:
        return None
    start, end = day_bounds(workshop)
    interval = timedelta(minutes=workshop.plenary_every_minutes)
    if now - start < interval:  # a difference, not a sum: no overflow near year 9999
        return None
    steps = (min(now, end) - start) // interval
    # Each pass jumps over one whole break: as many passes as breaks, at most.
    while steps >= 1:
        slot = start + steps * interval
        inside = break_at(workshop, slot)
        if inside is None:
            return slot
        steps = min(steps - 1, _steps_before(start, inside[0], interval))
    return None


def next_slot(workshop: Workshop, now: datetime) -> datetime | None:
    """Return the next scheduled plenary time after ``now`` (outside breaks), or None
    after the day's end."""
    start, end = day_bounds(workshop)
    interval = timedelta(minutes=workshop.plenary_every_minutes)
    steps = 1 if now < start else (now - start) // interval + 1
    while True:
        slot = later(start, steps * interval)
        if slot is NEVER or slot > end:
            return None
        inside = break_at(workshop, slot)
        if inside is None:
            return slot
        # The first slot at or after the break's end (a break ends before the next starts).
        steps = max(steps + 1, _steps_before(start, inside[1], interval) + 1)


#: A day of 5-minute plenaries has 288; the list the pages get stops here.
MAX_LISTED_SLOTS = 300


def plenary_times(workshop: Workshop, now: datetime) -> list[datetime]:
    """Return the day's scheduled plenary times after ``now``, breaks left out.

    Sent to the pages, so that "next plenary at …" stays right as the day
    goes on without the pages knowing the rules of breaks.
    """
    times = []
    moment = now
    while len(times) < MAX_LISTED_SLOTS:
        slot = next_slot(workshop, moment)
        if slot is None:
            break
        times.append(slot)
        moment = slot
    return times


def zone(name: str) -> ZoneInfo:
    """Return the time zone ``name`` or refuse it."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise BadRequest(N_("Unknown time zone."), field="timezone") from None


def parse_local_time(value, timezone: str, field: str) -> datetime | None:
    """Parse an ISO 8601 time; without an offset it is read in the workshop's zone.

    The time must fall in the years ``FIRST_YEAR`` to ``LAST_YEAR`` (in UTC).
    """
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
    try:
        in_range = EARLIEST <= parsed.astimezone(UTC) < LATEST
    except OverflowError:  # year 1 east of UTC, year 9999 west of it
        in_range = False
    if not in_range:
        raise BadRequest(N_("“%(field)s” must be a date between the years %(first)d and "
                            "%(last)d."), field=field, first=FIRST_YEAR, last=LAST_YEAR)
    return parsed
