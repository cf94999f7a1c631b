"""The day as a calendar file (iCalendar, RFC 5545): a leaf module, dict in, text out.

Not named calendar.py: the PDF worker runs from this folder and must still
find the standard library's ``calendar``.

One event for the workshop day: its title, place, start and end, and in the
description the vision, the join address and the plenary times, in the
workshop's language (Babel catalogs, as ``charts`` does, no request needed).
Nothing about any participant: the same facts as the QR poster.
"""

from __future__ import annotations

from datetime import UTC, datetime

from .charts import N_, _catalog

JOIN = N_("Join: %(url)s")
PLENARIES = N_("Plenaries at %(times)s")
ORGANISER = N_("Organiser")
WIFI = N_("Wi-Fi: %(name)s")


def _escape(text: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma and line breaks."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _fold(line: str) -> str:
    """Fold a content line at 75 octets, continuation lines starting with a space."""
    data = line.encode("utf-8")
    parts = []
    while len(data) > 75:
        cut = 75 if not parts else 74
        while cut and (data[cut] & 0xC0) == 0x80:  # never inside a UTF-8 character
            cut -= 1
        parts.append(data[:cut].decode("utf-8"))
        data = data[cut:]
    parts.append(data.decode("utf-8"))
    return "\r\n ".join(parts)


def _utc(moment: datetime) -> str:
    """Return a UTC date-time value (``20261130T080000Z``)."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def day_ics(workshop: dict, starts_at: datetime, ends_at: datetime,
            now: datetime | None = None) -> str:
    """Return the calendar file of a workshop day.

    ``workshop`` is the documents' view of it (``id``, ``title``, ``vision``,
    ``language``, ``join_url``, ``place``, ``organiser_name``, ``wifi_name``,
    ``plenary_times_local``).
    """
    translate = _catalog(workshop.get("language") or "da").gettext
    about = [workshop.get("vision") or "", translate(JOIN) % {"url": workshop["join_url"]}]
    if workshop.get("plenary_times_local"):
        about.append(translate(PLENARIES) % {
            "times": ", ".join(workshop["plenary_times_local"])})
    if workshop.get("wifi_name"):
        about.append(translate(WIFI) % {"name": workshop["wifi_name"]})
    if workshop.get("organiser_name"):
        about.append(f"{translate(ORGANISER)}: {workshop['organiser_name']}")
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//openspace//workshop day//EN",
        "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{workshop['id']}-day@openspace",
        f"DTSTAMP:{_utc(now or datetime.now(UTC))}",
        f"DTSTART:{_utc(starts_at)}",
        f"DTEND:{_utc(ends_at)}",
        f"SUMMARY:{_escape(workshop['title'])}",
        *([f"LOCATION:{_escape(workshop['place'])}"] if workshop.get("place") else []),
        f"DESCRIPTION:{_escape(chr(10).join(part for part in about if part))}",
        f"URL:{workshop['join_url']}",
        "END:VEVENT", "END:VCALENDAR",
    ]
    return "".join(_fold(line) + "\r\n" for line in lines)
