"""What the organiser wants at the table and enters for the funder: the sectors wanted,
a few indicators, the backbone's contact (an organisation's, never a participant's)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..models import AllianceSettings
from .access import FACILITATOR, ORGANISER, Actor, require_role
from .errors import N_, BadRequest
from .eventlog import lock_workshop
from .organisations import settings_of
from .outcome import Outcome
from .sectors import SECTORS
from .validation import require_object, text_field

MAX_INDICATORS = 6
MAX_LABEL = 80
MAX_VALUE = 40
MAX_BACKBONE = 300


def settings_json(settings: AllianceSettings) -> dict:
    """Return the wire form of the alliance settings."""
    return {"wanted_sectors": list(settings.wanted_sectors or []),
            "indicators": list(settings.indicators or []),
            "backbone": settings.backbone or ""}


def _wanted(value) -> list[str]:
    """Return the wanted sectors checked, in the order of ``SECTORS``."""
    if not isinstance(value, list) or any(v not in SECTORS for v in value):
        raise BadRequest(N_("Choose one of the sectors."), field="wanted_sectors")
    return [code for code in SECTORS if code in value]


def _indicators(value) -> list[dict]:
    """Return the organiser's indicators checked: at most six ``{"label", "value"}``."""
    if not isinstance(value, list) or len(value) > MAX_INDICATORS:
        raise BadRequest(N_("Give at most %(max)d indicators."), field="indicators",
                         max=MAX_INDICATORS)
    result = []
    for item in value:
        if not isinstance(item, dict):
            raise BadRequest(N_("“%(field)s” must be text."), field="indicators")
        label = text_field(item, "label", max_length=MAX_LABEL)
        shown = text_field(item, "value", max_length=MAX_VALUE)
        result.append({"label": label, "value": shown})
    return result


def get_settings(session: Session, actor: Actor) -> dict:
    """Return the alliance settings (facilitator, organiser)."""
    require_role(actor, FACILITATOR, ORGANISER)
    return settings_json(settings_of(session, actor.workshop_id))


def update_settings(session: Session, actor: Actor, payload) -> Outcome:
    """Change the wanted sectors, the indicators or the backbone (facilitator, organiser)."""
    require_role(actor, FACILITATOR, ORGANISER)
    payload = require_object(payload)
    lock_workshop(session, actor.workshop_id)
    changes = {}
    if "wanted_sectors" in payload:
        changes["wanted_sectors"] = _wanted(payload["wanted_sectors"])
    if "indicators" in payload:
        changes["indicators"] = _indicators(payload["indicators"])
    if "backbone" in payload:
        changes["backbone"] = text_field(payload, "backbone", max_length=MAX_BACKBONE,
                                         required=False, default="", multiline=True)
    if not changes:
        raise BadRequest(N_("Nothing to change: give the sectors, the indicators or the "
                            "backbone."))
    settings = session.get(AllianceSettings, actor.workshop_id)
    if settings is None:
        settings = AllianceSettings(workshop_id=actor.workshop_id, wanted_sectors=[],
                                    indicators=[], backbone="")
        session.add(settings)
    for name, value in changes.items():
        setattr(settings, name, value)
    session.flush()
    return Outcome(settings_json(settings))
