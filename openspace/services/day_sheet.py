"""What the printed documents say about the day: date, times, place, plenary times, file names.

Pure functions of the workshop's settings (no clock, no database): the QR
poster, the report's cover, the calendar file and the download names all
read the day from here, in the workshop's language and time zone.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

from babel.dates import format_date, format_time

from ..models import Workshop
from .schedule import day_bounds, plenary_times, zone
from .workshop_fields import day_details_json

#: At most this many plenary times are printed (a 5-minute interval would fill the poster).
MAX_PLENARY_TIMES = 12

#: Letters a slug spells out rather than drops ("Ærø sammen" → "aero-sammen").
SPELLED = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ß": "ss"})

#: File name prefixes per language (the words people see in their downloads folder).
FILE_WORDS = {
    "da": {"plenary": "opsamling", "report": "rapport", "poster": "plakat", "calendar": "dagen",
           "followup": "opfoelgning"},
    "en": {"plenary": "plenary", "report": "report", "poster": "poster", "calendar": "the-day",
           "followup": "follow-up"},
}


def clock(moment: datetime, workshop: Workshop) -> str:
    """Return the local time of day as the workshop's language writes it (10.24 / 10:24)."""
    return format_time(moment.astimezone(zone(workshop.timezone)),
                       "HH:mm" if workshop.language == "en" else "HH.mm",
                       locale=workshop.language)


def printed_plenary_times(workshop: Workshop) -> list[datetime]:
    """Return the day's scheduled plenary times (UTC) as the poster and the calendar print them.

    The board's own schedule (``schedule.plenary_times``, breaks left out) from
    the day's start, cut at ``MAX_PLENARY_TIMES``: one set of rules for the
    board, the poster and the calendar file, never a second copy of them.
    """
    return plenary_times(workshop, day_bounds(workshop)[0])[:MAX_PLENARY_TIMES]


def day_info(workshop: Workshop) -> dict:
    """Return the day as the documents print it: date, times, plenary times and details."""
    start, end = day_bounds(workshop)
    local_start = start.astimezone(zone(workshop.timezone))
    return {
        **day_details_json(workshop),
        "day_date": local_start.date().isoformat(),
        "day_date_local": format_date(local_start, "full", locale=workshop.language),
        "day_starts_local": clock(start, workshop),
        "day_ends_local": clock(end, workshop),
        "plenary_times_local": [clock(t, workshop) for t in printed_plenary_times(workshop)],
    }


def slug(text: str, max_length: int = 40) -> str:
    """Return ``text`` as a file-name part: lower case ASCII words joined by dashes."""
    spelled = unicodedata.normalize("NFKD", text.lower().translate(SPELLED))
    ascii_text = spelled.encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_text)
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > max_length:
            break
        out = candidate
    return out or "workshop"


def file_name(workshop: dict, what: str, number: int | None = None, ext: str = "pdf") -> str:
    """Return the download name of a document: ``opsamling-2-aero-sammen-2026-11-30.pdf``.

    ``workshop`` is the documents' view of it (``title``, ``language``,
    ``day_date``); ``what`` is "plenary", "report", "poster", "calendar" or "followup".
    """
    words = FILE_WORDS.get(workshop.get("language"), FILE_WORDS["da"])
    parts = [words[what], *([str(number)] if number is not None else []),
             slug(workshop.get("title") or ""), workshop.get("day_date") or ""]
    return "-".join(part for part in parts if part) + f".{ext}"


def naming(workshop: Workshop) -> dict:
    """Return what ``file_name`` needs of a workshop row."""
    start = day_bounds(workshop)[0].astimezone(zone(workshop.timezone))
    return {"title": workshop.title, "language": workshop.language,
            "day_date": start.date().isoformat()}
