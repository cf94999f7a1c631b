"""The fields of a workshop as the organiser gives them: checked, and the privacy part shown."""

from __future__ import annotations

from ..models import DEFAULT_RETENTION_DAYS, Workshop
from .errors import N_, BadRequest
from .schedule import parse_local_time
from .validation import int_field, text_field

MAX_TITLE = 200
MAX_VISION = 5000
MAX_THEMES = 30
MAX_THEME_TITLE = 200
DEFAULT_TIMEZONE = "Europe/Copenhagen"
MAX_CONTROLLER_NAME = 200
MAX_CONTROLLER_CONTACT = 300
MAX_RETENTION_DAYS = 365


def parse_themes(payload: dict) -> list[str]:
    """Return the list of theme titles in ``payload``, checked."""
    themes = payload.get("themes")
    if not isinstance(themes, list) or not themes:
        raise BadRequest(N_("Give at least one theme."), field="themes")
    if len(themes) > MAX_THEMES:
        raise BadRequest(N_("At most %(max)d themes."), field="themes", max=MAX_THEMES)
    titles = [text_field({"theme": t}, "theme", max_length=MAX_THEME_TITLE) for t in themes]
    return titles


def parse_privacy(payload: dict, defaults: dict) -> dict:
    """Return the data controller's name and contact and the retention period, checked.

    Fields absent from ``payload`` take ``defaults`` (the installation's); an
    absent retention period takes the default of 30 days.
    """
    return {
        "controller_name": text_field(
            payload, "controller_name", max_length=MAX_CONTROLLER_NAME, required=False,
            default=defaults.get("controller_name") or "") or "",
        "controller_contact": text_field(
            payload, "controller_contact", max_length=MAX_CONTROLLER_CONTACT, required=False,
            default=defaults.get("controller_contact") or "") or "",
        "retention_days": int_field(payload, "retention_days", default=DEFAULT_RETENTION_DAYS,
                                    minimum=1, maximum=MAX_RETENTION_DAYS),
    }


def privacy_json(workshop: Workshop) -> dict:
    """Return who is responsible for a workshop's personal data and how long it is kept."""
    return {
        "controller_name": workshop.controller_name,
        "controller_contact": workshop.controller_contact,
        "retention_days": workshop.retention_days,
        "personal_data_removed_at": (workshop.personal_data_removed_at.isoformat()
                                     if workshop.personal_data_removed_at else None),
    }


def parse_day(payload: dict, timezone: str):
    """Return the day's start and end from ``payload`` (either may be None), checked."""
    starts = parse_local_time(payload.get("day_starts_at"), timezone, "day_starts_at")
    ends = parse_local_time(payload.get("day_ends_at"), timezone, "day_ends_at")
    if starts and ends and ends <= starts:
        raise BadRequest(N_("The day must end after it starts."), field="day_ends_at")
    return starts, ends


#: The day's details printed on the cover, the poster and the calendar file, with their limits.
DAY_DETAILS = {"organiser_name": 200, "place": 300, "wifi_name": 100}


def parse_day_details(payload: dict, partial: bool = False) -> dict:
    """Return the organiser's name, the place and the Wi-Fi name in ``payload``, checked.

    Each is optional plain text on one line; null or empty clears it. With
    ``partial`` (a PATCH) only the fields present in ``payload`` are returned.
    """
    return {name: text_field(payload, name, max_length=limit, required=False, default="") or ""
            for name, limit in DAY_DETAILS.items() if not partial or name in payload}


def day_details_json(workshop: Workshop) -> dict:
    """Return the day's details as the API and the documents show them."""
    return {name: getattr(workshop, name) or "" for name in DAY_DETAILS}
