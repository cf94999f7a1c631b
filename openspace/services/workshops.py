"""Create workshops and read their state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import LANGUAGES, Card, Followup, Participant, Theme, Workshop, utcnow
from . import safe_room
from .access import FACILITATOR, ORGANISER, PARTICIPANT, Actor, require_role
from .author_notices import removed_json
from .board_extras import derived_json
from .cards import card_json
from .comments import comment_json
from .commitments import own_commitments
from .errors import N_, BadRequest, NotFound
from .eventlog import append_event, lock_workshop
from .links import link_json
from .outcome import Outcome
from .projector import projector_json
from .schedule import day_bounds, next_slot, plenary_times, zone
from .stars import MAX_STARRED, starred_ids
from .supports import supported_card_ids, supports_left
from .tokens import hash_token, new_id, new_join_code, new_token, normalize_join_code
from .validation import choice_field, int_field, require_object, text_field
from .visibility import PROJECTOR, visible_card_rows, visible_comments, visible_links
from .workshop_fields import (
    DEFAULT_TIMEZONE,
    MAX_TITLE,
    MAX_VISION,
    breaks_json,
    day_details_json,
    parse_breaks,
    parse_day,
    parse_day_details,
    parse_privacy,
    parse_skip_empty,
    parse_themes,
    privacy_json,
)


@dataclass(frozen=True)
class CreatedWorkshop:
    """A new workshop and its facilitator token (shown once, stored only hashed)."""

    workshop: Workshop
    facilitator_token: str


def join_url(base_url: str, workshop: Workshop) -> str:
    """Return the address that goes into the QR code."""
    return f"{base_url.rstrip('/')}/j/{workshop.join_code}"


def facilitator_url(base_url: str, workshop_id: str, token: str) -> str:
    """Return the facilitator link; the token rides in the fragment, never sent to servers."""
    return f"{base_url.rstrip('/')}/f/{workshop_id}#token={token}"


def create_workshop(session: Session, payload, controller_defaults: dict | None = None
                    ) -> CreatedWorkshop:
    """Create a workshop with its themes from an organiser's request.

    ``controller_defaults`` (``{"controller_name", "controller_contact"}``) are the
    installation's data controller, used when the request names none.
    """
    payload = require_object(payload)
    title = text_field(payload, "title", max_length=MAX_TITLE)
    vision = text_field(payload, "vision", max_length=MAX_VISION, required=False, default="",
                        multiline=True)
    language = choice_field(payload, "language", LANGUAGES, default="da")
    themes = parse_themes(payload)
    every = int_field(payload, "plenary_every_minutes", default=60, minimum=5, maximum=24 * 60)
    timezone = text_field(payload, "timezone", max_length=64, required=False,
                          default=DEFAULT_TIMEZONE)
    zone(timezone)
    starts, ends = parse_day(payload, timezone)
    privacy = parse_privacy(payload, controller_defaults or {})
    details = parse_day_details(payload)

    token = new_token()
    workshop = Workshop(
        id=new_id(),
        title=title,
        vision=vision,
        language=language,
        state="open",
        join_code=_unused_join_code(session),
        facilitator_token_hash=hash_token(token),
        plenary_every_minutes=every,
        timezone=timezone,
        day_starts_at=starts,
        day_ends_at=ends,
        breaks=parse_breaks(payload, timezone),
        skip_empty_plenaries=parse_skip_empty(payload),
        last_seq=0,
        **privacy,
        **details,
    )
    workshop.themes = [Theme(id=new_id(), title=t, position=i) for i, t in enumerate(themes)]
    session.add(workshop)
    session.flush()
    return CreatedWorkshop(workshop, token)


def _unused_join_code(session: Session) -> str:
    """Return a join code no workshop uses yet."""
    while True:
        code = new_join_code()
        if session.scalar(select(Workshop.id).where(Workshop.join_code == code)) is None:
            return code


def theme_json(theme: Theme) -> dict:
    """Return the wire form of a theme."""
    return {"id": theme.id, "title": theme.title}


def get_workshop(session: Session, workshop_id: str) -> Workshop:
    """Return the workshop or raise ``NotFound``."""
    workshop = session.get(Workshop, workshop_id)
    if workshop is None:
        raise NotFound(N_("This workshop does not exist."))
    return workshop


def find_by_join_code(session: Session, raw_code: str) -> Workshop:
    """Return the workshop whose join code is ``raw_code`` (any case, dashes ignored)."""
    code = normalize_join_code(raw_code)
    workshop = session.scalar(select(Workshop).where(Workshop.join_code == code))
    if workshop is None:
        raise NotFound(N_("No workshop has this code. Check the code on the screen."))
    return workshop


def public_info(workshop: Workshop, base_url: str) -> dict:
    """Return what anyone with the join code may see: title, vision, themes."""
    return {
        "id": workshop.id,
        "title": workshop.title,
        "vision": workshop.vision,
        "language": workshop.language,
        "state": workshop.state,
        "join_code": workshop.join_code,
        "join_url": join_url(base_url, workshop),
        "themes": [theme_json(t) for t in workshop.themes],
        "privacy": privacy_json(workshop),
        **day_details_json(workshop),
    }


def workshop_state(session: Session, actor: Actor, base_url: str) -> dict:
    """Return the whole board as ``actor`` may see it, with the seq it is current to."""
    workshop = get_workshop(session, actor.workshop_id)
    return {**shared_state(session, workshop, actor),
            **personal_state(session, workshop, actor, base_url)}


def shared_state(session: Session, workshop: Workshop, viewer: Actor) -> dict:
    """Return the part of the board that only changes with the workshop's seq.

    Everyone who sees the same cards gets the same dict (the board cache keeps
    it pre-serialised per view: ``web/board_cache.py``, ``visibility.board_view``); what depends on
    the clock, the address asked or the caller is ``personal_state``.
    """
    state = public_info(workshop, "")
    del state["join_url"]
    shown = visible_card_rows(session, workshop.id, viewer)  # a whole board: no ORM objects
    state["cards"] = [card_json(c) for c in shown]
    state.update(participation_json(session, workshop, viewer, {c.id: c for c in shown}))
    statuses = followup_statuses(session, shown)
    if statuses:  # most of the day none: not a byte on the phone's first load
        state["followup_statuses"] = statuses
    state.update(board_settings_json(workshop))
    state.update(derived_json(session, workshop.id))  # limits, plenaries so far
    state.update(safe_room.board_json(session, workshop.id, viewer))  # moderators only
    if viewer.moderates or viewer.role == PROJECTOR:
        # What the projectors show.
        state["projector"] = projector_json(workshop)
    if viewer.moderates:
        state["starred"] = starred_ids(shown)
        state["max_starred"] = MAX_STARRED
    state["seq"] = workshop.last_seq
    return state


def personal_state(session: Session, workshop: Workshop, actor: Actor, base_url: str) -> dict:
    """Return the part of the board made for this request: the clock, the address, the caller."""
    state = {"join_url": join_url(base_url, workshop), **schedule_json(workshop)}
    if actor.moderates or actor.role == PROJECTOR:
        # The server's clock to place a plenary's slides by.
        state["server_time"] = utcnow().isoformat()
    state["role"] = actor.role
    state["me"] = None
    if actor.role == PARTICIPANT:
        me = session.get(Participant, actor.participant_id)
        state["me"] = {"participant_id": me.id, "name": me.name, "organisation": me.organisation,
                       **own_participation_json(session, workshop, me.id),
                       # Their own cards and comments taken off the board, for them alone.
                       "removed": removed_json(session, workshop.id, actor)}
    return state


def followup_statuses(session: Session, shown: list[Card]) -> dict[str, str]:
    """Return how far each shown initiative came, where not "idea" (the phones' badge).

    The status only (public, as on the read-only board after the day): never the lead,
    the next step or the notes. ``followup.updated`` keeps it current.
    """
    ids = [c.id for c in shown if c.kind == "initiative"]
    if not ids:
        return {}
    rows = session.execute(select(Followup.card_id, Followup.status).where(
        Followup.card_id.in_(ids), Followup.status != "idea"))
    return dict(rows.all())


def participation_json(session: Session, workshop: Workshop, actor: Actor, shown: dict) -> dict:
    """Return the comments and links on the cards ``shown`` to ``actor``."""
    return {
        "comments": [comment_json(c) for c in visible_comments(session, workshop.id, actor,
                                                                set(shown))],
        "links": [link_json(link) for link in visible_links(session, workshop.id, shown)],
    }


def own_participation_json(session: Session, workshop: Workshop, participant_id: str) -> dict:
    """Return a participant's own supports, supports left and commitments (with contact)."""
    return {
        "supports": supported_card_ids(session, workshop.id, participant_id),
        "supports_left": supports_left(session, workshop, participant_id),
        "commitments": own_commitments(session, workshop.id, participant_id),
    }


def board_settings_json(workshop: Workshop) -> dict:
    """Return the facilitator's live settings: dot-voting cap, pre-moderation, timer, spotlight."""
    timer = None
    if workshop.timer_ends_at is not None:
        timer = {"ends_at": workshop.timer_ends_at.isoformat(), "label": workshop.timer_label}
    return {
        "support_cap": workshop.support_cap,
        "premoderation": workshop.premoderation,
        "timer": timer,
        "spotlight_card_id": workshop.spotlight_card_id,
    }


def schedule_json(workshop: Workshop, now=None) -> dict:
    """Return the workshop's schedule, its breaks and the plenary times still to come.

    ``plenary_times`` are derived here (breaks left out) so that the pages show
    "next plenary at …" without knowing the schedule's rules.
    """
    now = now or utcnow()
    starts, ends = day_bounds(workshop)
    upcoming = next_slot(workshop, now)
    return {
        "plenary_every_minutes": workshop.plenary_every_minutes,
        "timezone": workshop.timezone,
        "day_starts_at": starts.isoformat(),
        "day_ends_at": ends.isoformat(),
        "breaks": breaks_json(workshop),
        "skip_empty_plenaries": workshop.skip_empty_plenaries,
        "next_plenary_at": upcoming.isoformat() if upcoming else None,
        "plenary_times": [slot.isoformat() for slot in plenary_times(workshop, now)],
    }


def list_workshops(session: Session, base_url: str) -> list[dict]:
    """Return every workshop, newest first, for the organiser."""
    counts = dict(
        session.execute(select(Card.workshop_id, func.count()).group_by(Card.workshop_id)).all()
    )
    workshops = session.scalars(select(Workshop).order_by(Workshop.created_at.desc()))
    return [
        {
            "id": w.id,
            "title": w.title,
            "language": w.language,
            "state": w.state,
            "join_code": w.join_code,
            "join_url": join_url(base_url, w),
            "created_at": w.created_at.isoformat(),
            "card_count": counts.get(w.id, 0),
            # The organiser's list shows the day and dates in the workshop's zone.
            "timezone": w.timezone,
            "day_starts_at": day_bounds(w)[0].isoformat(),
            "day_ends_at": day_bounds(w)[1].isoformat(),
        }
        for w in workshops
    ]


def set_locked(session: Session, actor: Actor, locked: bool) -> Outcome:
    """Lock the board against participants' changes, or open it again (moderators)."""
    require_role(actor, FACILITATOR, ORGANISER)
    workshop = lock_workshop(session, actor.workshop_id)
    state = "locked" if locked else "open"
    if workshop.state == state:
        return Outcome({"state": state})
    workshop.state = state
    event = append_event(session, workshop, "workshop.updated", {"state": state}, actor=actor)
    session.flush()
    return Outcome({"state": state}, [event])


def update_workshop(session: Session, actor: Actor, payload, base_url: str) -> Outcome:
    """Change a workshop's title, vision, day details (organiser, place, Wi-Fi), schedule
    (breaks too) or privacy fields (organiser); answer the whole board.

    ``workshop.updated`` carries the title, vision, state, day details and schedule, so
    that open pages (the projector's Wi-Fi line, the next-plenary time) follow at once.
    """
    require_role(actor, ORGANISER)
    payload = require_object(payload)
    workshop = lock_workshop(session, actor.workshop_id)
    if "title" in payload:
        workshop.title = text_field(payload, "title", max_length=MAX_TITLE)
    if "vision" in payload:
        workshop.vision = text_field(payload, "vision", max_length=MAX_VISION, required=False,
                                     default="", multiline=True)
    if "plenary_every_minutes" in payload:
        workshop.plenary_every_minutes = int_field(payload, "plenary_every_minutes", default=60,
                                                   minimum=5, maximum=24 * 60)
    if "timezone" in payload:
        workshop.timezone = text_field(payload, "timezone", max_length=64)
        zone(workshop.timezone)
    for name, value in parse_privacy(payload, {}).items():
        if name in payload:
            setattr(workshop, name, value)
    for name, value in parse_day_details(payload, partial=True).items():
        setattr(workshop, name, value)
    starts, ends = parse_day(payload, workshop.timezone)
    # In UTC, as a fresh read gives them: the answer and workshop.updated say the same.
    if "day_starts_at" in payload:
        workshop.day_starts_at = starts.astimezone(UTC) if starts else None
    if "day_ends_at" in payload:
        workshop.day_ends_at = ends.astimezone(UTC) if ends else None
    if "breaks" in payload:
        workshop.breaks = parse_breaks(payload, workshop.timezone)
    if "skip_empty_plenaries" in payload:
        workshop.skip_empty_plenaries = parse_skip_empty(payload)
    start, end = day_bounds(workshop)
    if end <= start:
        raise BadRequest(N_("The day must end after it starts."), field="day_ends_at")
    event = append_event(session, workshop, "workshop.updated", {
        "title": workshop.title, "vision": workshop.vision, "state": workshop.state,
        **day_details_json(workshop), **schedule_json(workshop)}, actor=actor)
    session.flush()
    return Outcome(workshop_state(session, actor, base_url), [event])
