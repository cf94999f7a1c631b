"""The calendar file (.ics, RFC 5545) that invites to a meeting: no personal data in it.

It holds what the poster holds: the title, the day's start and end, the place,
the join address and the vision. Never a participant's name or contact, never
a token.
"""

from __future__ import annotations

from datetime import UTC, datetime

from ..models import Workshop
from .schedule import day_bounds

PRODUCT = "-//openspace//series//EN"
#: RFC 5545 folds content lines longer than 75 octets.
LINE_OCTETS = 75


def _escape(text: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma and line breaks."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def _fold(line: str) -> str:
    """Fold one content line at 75 octets, never inside a UTF-8 character."""
    parts, current = [], ""
    for char in line:
        limit = LINE_OCTETS if not parts else LINE_OCTETS - 1  # a continuation starts with " "
        if len((current + char).encode("utf-8")) > limit:
            parts.append(current)
            current = ""
        current += char
    parts.append(current)
    return "\r\n ".join(parts)


def _stamp(moment: datetime) -> str:
    """Return a UTC date-time in the basic form (20261130T080000Z)."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def meeting_ics(workshop: Workshop, join_address: str, place: str, now: datetime) -> str:
    """Return the calendar file of one meeting: one VEVENT, times in UTC."""
    starts, ends = day_bounds(workshop)
    description = "\n\n".join(part for part in (workshop.vision, join_address) if part)
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODUCT}", "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH", "BEGIN:VEVENT",
        f"UID:{workshop.id}@openspace",
        f"DTSTAMP:{_stamp(now)}",
        f"DTSTART:{_stamp(starts)}",
        f"DTEND:{_stamp(ends)}",
        f"SUMMARY:{_escape(workshop.title)}",
        f"DESCRIPTION:{_escape(description)}",
        f"URL:{join_address}",
    ]
    if place:
        lines.append(f"LOCATION:{_escape(place)}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(_fold(line) + "\r\n" for line in lines)
