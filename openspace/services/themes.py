"""The day's themes, changed live by the facilitator: add, rename, reorder."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Theme, Workshop
from .access import FACILITATOR, ORGANISER, Actor, require_role
from .errors import N_, BadRequest, NotFound
from .eventlog import append_event
from .moderation import moderate
from .outcome import Outcome
from .tokens import new_id
from .validation import require_object, text_field
from .workshop_fields import MAX_THEME_TITLE, MAX_THEMES
from .workshops import theme_json


def themes_of(session: Session, workshop: Workshop) -> list[Theme]:
    """Return the workshop's themes in board order."""
    return list(session.scalars(
        select(Theme).where(Theme.workshop_id == workshop.id).order_by(Theme.position)))


def _title(payload) -> str:
    """Return the checked theme title of ``payload``."""
    return text_field(require_object(payload), "title", max_length=MAX_THEME_TITLE)


def _refuse_taken(themes: list[Theme], title: str, keep: Theme | None = None) -> None:
    """Refuse a title another theme already has (case and spacing ignored)."""
    wanted = title.casefold()
    for theme in themes:
        if theme.title.casefold() == wanted and theme is not keep:
            raise BadRequest(N_("There is already a theme called “%(title)s”."),
                             field="title", title=theme.title)


def add_theme(session: Session, actor: Actor, payload) -> Outcome:
    """Add a theme at the end of the board; everyone gets ``theme.created``."""
    require_role(actor, FACILITATOR, ORGANISER)
    title = _title(payload)
    workshop = moderate(session, actor)
    themes = themes_of(session, workshop)
    if len(themes) >= MAX_THEMES:
        raise BadRequest(N_("At most %(max)d themes."), field="title", max=MAX_THEMES)
    _refuse_taken(themes, title)
    theme = new_theme(session, workshop, title, themes)
    event = append_event(session, workshop, "theme.created", theme_json(theme), actor=actor)
    session.flush()
    return Outcome(theme_json(theme), [event], created=True)


def new_theme(session: Session, workshop: Workshop, title: str, themes: list[Theme]) -> Theme:
    """Store a theme after ``themes`` (the workshop's current ones) and return it."""
    position = max((t.position for t in themes), default=-1) + 1
    theme = Theme(id=new_id(), workshop_id=workshop.id, title=title, position=position)
    session.add(theme)
    session.flush()
    return theme


def rename_theme(session: Session, actor: Actor, theme_id: str, payload) -> Outcome:
    """Give a theme a new title; everyone gets ``theme.updated``."""
    require_role(actor, FACILITATOR, ORGANISER)
    title = _title(payload)
    workshop = moderate(session, actor)
    themes = themes_of(session, workshop)
    theme = next((t for t in themes if t.id == theme_id), None)
    if theme is None:
        raise NotFound(N_("This theme does not exist."))
    if theme.title == title:
        return Outcome(theme_json(theme))
    _refuse_taken(themes, title, keep=theme)
    theme.title = title
    event = append_event(session, workshop, "theme.updated", theme_json(theme), actor=actor)
    session.flush()
    return Outcome(theme_json(theme), [event])


def reorder_themes(session: Session, actor: Actor, payload) -> Outcome:
    """Put the themes in the order of ``theme_ids`` (every theme, each once)."""
    require_role(actor, FACILITATOR, ORGANISER)
    payload = require_object(payload)
    ids = payload.get("theme_ids")
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise BadRequest(N_("“%(field)s” must be a list of theme ids."), field="theme_ids")
    workshop = moderate(session, actor)
    themes = {t.id: t for t in themes_of(session, workshop)}
    if len(ids) != len(set(ids)) or set(ids) != set(themes):
        raise BadRequest(N_("Give every theme of the workshop once, in the new order."),
                         field="theme_ids")
    for position, theme_id in enumerate(ids):
        themes[theme_id].position = position
    body = {"themes": [theme_json(themes[i]) for i in ids]}
    event = append_event(session, workshop, "themes.reordered", body, actor=actor)
    session.flush()
    session.expire(workshop, ["themes"])
    return Outcome(body, [event])
