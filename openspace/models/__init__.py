"""Typed SQLAlchemy 2 models, a file per resource; import them from here."""

from .base import (
    AUDIENCE_ALL,
    AUDIENCE_MODERATORS,
    AUDIENCE_WALL,
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
from .followup import (
    DEFAULT_FOLLOWUP_MONTHS,
    FOLLOWUP_STATUSES,
    Followup,
    FollowupConsent,
    FollowupNote,
    FollowupTerm,
)
from .organisation import AllianceSettings, Organisation
from .participation import Comment, Commitment, Link, Support
from .plenary import Plenary
from .safe_room import SafeRoom, SafetyFlag
from .series import Series, SeriesMeeting
from .workshop import Participant, Theme, Workshop

__all__ = [
    "AUDIENCE_ALL",
    "AUDIENCE_MODERATORS",
    "AUDIENCE_WALL",
    "CARD_KINDS",
    "CARD_ORIGINS",
    "CARRIED_ORIGINS",
    "DEFAULT_FOLLOWUP_MONTHS",
    "DEFAULT_RETENTION_DAYS",
    "FOLLOWUP_STATUSES",
    "LANGUAGES",
    "AllianceSettings",
    "Base",
    "Card",
    "Comment",
    "Commitment",
    "Event",
    "Followup",
    "FollowupConsent",
    "FollowupNote",
    "FollowupTerm",
    "Link",
    "Organisation",
    "Participant",
    "Plenary",
    "SafeRoom",
    "SafetyFlag",
    "Series",
    "SeriesMeeting",
    "Support",
    "Theme",
    "UTCDateTime",
    "Workshop",
    "utcnow",
]
