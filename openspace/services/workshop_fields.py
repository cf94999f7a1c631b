"""The fields of a workshop as the organiser gives them: checked, and the privacy part shown."""

from __future__ import annotations

from datetime import UTC

from ..models import DEFAULT_RETENTION_DAYS, Workshop
from .errors import N_, BadRequest
from .schedule import breaks_of, parse_local_time
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


MAX_BREAKS = 10


def parse_breaks(payload: dict, timezone: str) -> list[list[str]]:
    """Return the breaks in ``payload`` as [[start, end], …] UTC ISO texts, checked.

    ``breaks`` is a list of ``{"starts_at", "ends_at"}`` (ISO 8601; without an
    offset read in the workshop's zone); each must end after it starts.
    """
    raw = payload.get("breaks")
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise BadRequest(N_("Give each break a start and an end."), field="breaks")
    if len(raw) > MAX_BREAKS:
        raise BadRequest(N_("At most %(max)d breaks."), field="breaks", max=MAX_BREAKS)
    pairs = []
    for item in raw:
        if not isinstance(item, dict):
            raise BadRequest(N_("Give each break a start and an end."), field="breaks")
        starts = parse_local_time(item.get("starts_at"), timezone, "breaks")
        ends = parse_local_time(item.get("ends_at"), timezone, "breaks")
        if starts is None or ends is None:
            raise BadRequest(N_("Give each break a start and an end."), field="breaks")
        if ends <= starts:
            raise BadRequest(N_("A break must end after it starts."), field="breaks")
        pairs.append([starts.astimezone(UTC).isoformat(), ends.astimezone(UTC).isoformat()])
    return sorted(pairs)


def breaks_json(workshop: Workshop) -> list[dict]:
    """Return the workshop's breaks as the API shows them."""
    return [{"starts_at": start.isoformat(), "ends_at": end.isoformat()}
            for start, end in breaks_of(workshop)]


def parse_skip_empty(payload: dict) -> bool:
    """Return ``skip_empty_plenaries`` from ``payload`` (default: skip), checked."""
    value = payload.get("skip_empty_plenaries", True)
    if not isinstance(value, bool):
        raise BadRequest(N_("“%(field)s” must be true or false."), field="skip_empty_plenaries")
    return value
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
