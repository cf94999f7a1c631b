"""The projector as the facilitator drives it: sort, filters, pause, and a plenary in slides.

The state lives on the workshop (``Workshop.projector``), so every projector of
the workshop shows the same, and one that reloads or reconnects comes back as
it was. Each change is one ``projector.updated`` event (to the moderators and
the projectors, ``AUDIENCE_WALL``) that carries the whole state, never a
step: applying it twice, or an old one before a newer one on catch-up, ends
in the same place.

A plenary on the wall is a deck of slides (``deck``) whose lengths the server
sets. Where the deck is comes from the clock, not from the projectors: slide
``slide`` began at ``since``, and the slides follow each other by their
``seconds`` (``position``). Paused, the deck holds ``held`` seconds into slide
``slide``. So every projector, the facilitator's phone and the server agree on
the current slide without anyone reporting it, and "next" means the slide after
the one the room sees now.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import AUDIENCE_WALL, CARD_KINDS, Plenary, Workshop, utcnow
from .access import Actor
from .errors import FIELD_LABELS, N_, BadRequest, NotFound
from .eventlog import append_event
from .moderation import moderate
from .outcome import Outcome
from .validation import require_object

SORTS = ("newest", "support")
MAX_GOAL = 17
#: How long the first slide (the window, the counts, the note) stays.
INTRO_SECONDS = 20
#: A list slide stays this long for each ITEMS_PER_PAGE of its items (a projector that
#: needs more pages at its size shows each a little shorter).
PAGE_SECONDS = 15
ITEMS_PER_PAGE = 3
#: Each card stays on screen at least this long (issue 13's rule for the wall, read from the
#: back of the room). A projector fits at least one card a page, so a slide of n cards
#: lasting n × this gives every page this long at any screen size.
MIN_SECONDS_ON_SCREEN = 8

FIELD_LABELS.update({
    "sort": N_("Order"),
    "goal": N_("Global goal"),
    "paused": N_("Paused"),
    "plenary": N_("Plenary"),
    "step": N_("Step"),
})


def default_state() -> dict:
    """Return the projector as it starts: newest first, every card, moving, no plenary."""
    return {"sort": "newest", "theme_id": None, "kind": None, "goal": None, "paused": False,
            "plenary": None}


def projector_json(workshop: Workshop) -> dict:
    """Return the projector's state as stored (or the defaults)."""
    return {**default_state(), **(workshop.projector or {})}


def _list_slide(name: str, items: list) -> dict | None:
    """Return a list slide, its length by its items; None for an empty list.

    Long enough for ``MIN_SECONDS_ON_SCREEN`` a card even where a page holds one card
    (a long card at 1280×720), and for ``PAGE_SECONDS`` per ``ITEMS_PER_PAGE``.
    """
    if not items:
        return None
    return {"name": name, "seconds": max(PAGE_SECONDS * math.ceil(len(items) / ITEMS_PER_PAGE),
                                         MIN_SECONDS_ON_SCREEN * len(items))}


def deck(summary: dict) -> list[dict]:
    """Return the slides of a plenary's summary, in the order of the story, and their lengths.

    The window and counts first, then what the facilitator starred, the most
    supported in the window and overall, new initiatives, new actors, new links,
    new alliances.
    Empty parts are left out.
    """
    top_window = summary.get("top_window") or []
    top_overall = summary.get("top_overall") or []
    if [c.get("id") for c in top_overall] == [c.get("id") for c in top_window]:
        top_overall = []  # the same cards twice say nothing new
    parts = [
        ("starred", summary.get("starred") or []),
        ("top_window", top_window),
        ("top_overall", top_overall),
        ("initiatives", summary.get("new_initiatives") or []),
        ("actors", summary.get("new_actors") or []),
        ("links", (summary.get("extras") or {}).get("links") or []),
        ("alliances", summary.get("new_alliances") or []),
    ]
    slides = [{"name": "intro", "seconds": INTRO_SECONDS}]
    slides += [s for s in (_list_slide(name, items) for name, items in parts) if s]
    return slides


def position(plenary: dict, now: datetime) -> tuple[int, float]:
    """Return (slide, seconds into it) of the deck at ``now``; slide == len(slides) when over."""
    slides = plenary["slides"]
    index = plenary["slide"]
    if plenary.get("held") is not None:
        elapsed = float(plenary["held"])
    else:
        elapsed = (now - datetime.fromisoformat(plenary["since"])).total_seconds()
    elapsed = max(0.0, elapsed)
    while index < len(slides) and elapsed >= slides[index]["seconds"]:
        elapsed -= slides[index]["seconds"]
        index += 1
    return index, elapsed


def _at(plenary: dict, index: int, into: float, paused: bool, now: datetime) -> dict:
    """Return ``plenary`` placed ``into`` seconds into slide ``index`` at ``now``."""
    return {**plenary, "slide": index, "since": (now - timedelta(seconds=into)).isoformat(),
            "held": into if paused else None}


def _opened(plenary: Plenary, paused: bool, now: datetime) -> dict:
    """Return the state of plenary ``plenary`` shown from its first slide."""
    shown = {"number": plenary.number, "slides": deck(plenary.summary or {})}
    return _at(shown, 0, 0.0, paused, now)


def _stepped(shown: dict, step: int, paused: bool, now: datetime) -> dict | None:
    """Return the deck one slide on or back from where the room is; None past the end."""
    index, _ = position(shown, now)
    index = max(0, min(index, len(shown["slides"])) + step)
    if index >= len(shown["slides"]):
        return None
    return _at(shown, index, 0.0, paused, now)


def _choice(payload: dict, name: str, choices) -> str | None:
    """Return ``payload[name]``: one of ``choices`` or null."""
    value = payload[name]
    if value is not None and (not isinstance(value, str) or value not in choices):
        raise BadRequest(N_("“%(field)s” must be one of: %(choices)s."), field=name,
                         choices=", ".join(choices))
    return value


def _goal(value) -> int | None:
    """Return a checked global goal: null or 1..17."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_GOAL:
        raise BadRequest(N_("“%(field)s” must be between %(min)d and %(max)d."), field="goal",
                         min=1, max=MAX_GOAL)
    return value


def _bool(payload: dict, name: str) -> bool:
    """Return ``payload[name]`` if it is true or false."""
    if not isinstance(payload[name], bool):
        raise BadRequest(N_("“%(field)s” must be true or false."), field=name)
    return payload[name]


def _find_plenary(session: Session, workshop: Workshop, number) -> Plenary:
    """Return plenary ``number`` of the workshop, or 404."""
    if isinstance(number, bool) or not isinstance(number, int) or not 0 < number < 2**31:
        raise BadRequest(N_("Choose a plenary of this workshop."), field="plenary")
    plenary = session.scalar(select(Plenary).where(Plenary.workshop_id == workshop.id,
                                                   Plenary.number == number))
    if plenary is None:
        raise NotFound(N_("This plenary does not exist."))
    return plenary


def _pause(state: dict, paused: bool, now: datetime) -> dict:
    """Return ``state`` paused or moving; a deck on the wall holds (or goes on from) its place."""
    shown = state["plenary"]
    if shown is not None and paused != state["paused"]:
        index, into = position(shown, now)
        shown = None if index >= len(shown["slides"]) else _at(shown, index, into, paused, now)
    return {**state, "paused": paused, "plenary": shown}


def _changed(session: Session, workshop: Workshop, payload: dict, now: datetime) -> dict:
    """Return the projector's new state from the request ``payload`` (checked)."""
    state = projector_json(workshop)
    if "sort" in payload:
        state["sort"] = _choice(payload, "sort", SORTS) or "newest"
    if "kind" in payload:
        state["kind"] = _choice(payload, "kind", CARD_KINDS)
    if "theme_id" in payload:
        state["theme_id"] = _choice(payload, "theme_id", [t.id for t in workshop.themes])
    if "goal" in payload:
        state["goal"] = _goal(payload["goal"])
    if "paused" in payload:
        state = _pause(state, _bool(payload, "paused"), now)
    if "plenary" in payload:
        number = payload["plenary"]
        state["plenary"] = (None if number is None else
                            _opened(_find_plenary(session, workshop, number), state["paused"], now))
    if "step" in payload:
        step = payload["step"]
        if step not in (-1, 1) or isinstance(step, bool):
            raise BadRequest(N_("“%(field)s” must be 1 or -1."), field="step")
        if state["plenary"] is None:
            raise BadRequest(N_("No plenary is on the projector."), field="step")
        state["plenary"] = _stepped(state["plenary"], step, state["paused"], now)
    return state


def update_projector(session: Session, actor: Actor, payload,
                     now: datetime | None = None) -> Outcome:
    """Change what every projector of the workshop shows (facilitator, organiser).

    ``payload`` holds any of ``sort``, ``theme_id``, ``kind``, ``goal``,
    ``paused``, ``plenary`` (a number to show, null to close) and ``step``
    (1 or -1 through the plenary's slides). Answers the whole new state.
    """
    payload = require_object(payload)
    workshop = moderate(session, actor)
    now = now or utcnow()
    state = _changed(session, workshop, payload, now)
    if state == projector_json(workshop):
        return Outcome(state)
    return Outcome(state, [show(session, workshop, state, actor)])


def show(session: Session, workshop: Workshop, state: dict, actor: Actor | None) -> object:
    """Store the projector's ``state`` and its ``projector.updated`` event; return the event."""
    workshop.projector = state
    event = append_event(session, workshop, "projector.updated", state, audience=AUDIENCE_WALL,
                         actor=actor)
    session.flush()
    return event


def show_plenary(session: Session, workshop: Workshop, plenary: Plenary, now: datetime,
                 actor: Actor | None) -> object:
    """Put a plenary just taken on every projector, from its first slide; return the event."""
    state = projector_json(workshop)
    return show(session, workshop, {**state, "plenary": _opened(plenary, state["paused"], now)},
                actor)
