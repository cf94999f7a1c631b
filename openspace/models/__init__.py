"""Typed SQLAlchemy 2 models, a file per resource; import them from here."""

from .base import (
    AUDIENCE_ALL,
    AUDIENCE_MODERATORS,
    CARD_KINDS,
    CARD_ORIGINS,
    CARRIED_ORIGINS,
    DEFAULT_RETENTION_DAYS,
    LANGUAGES,
    Base,
    UTCDateTime,
    utcnow,
)
from .card import Card
from .event import Event
from .organisation import AllianceSettings, Organisation
from .participation import Comment, Commitment, Link, Support
from .plenary import Plenary
from .workshop import Participant, Theme, Workshop

__all__ = [
    "AUDIENCE_ALL",
    "AUDIENCE_MODERATORS",
    "CARD_KINDS",
    "CARD_ORIGINS",
    "CARRIED_ORIGINS",
    "DEFAULT_RETENTION_DAYS",
    "LANGUAGES",
    "AllianceSettings",
    "Base",
    "Card",
    "Comment",
    "Commitment",
    "Event",
    "Link",
    "Organisation",
    "Participant",
    "Plenary",
    "Support",
    "Theme",
    "UTCDateTime",
    "Workshop",
    "utcnow",
]
