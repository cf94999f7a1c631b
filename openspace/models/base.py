"""The declarative base, the UTC timestamp type and the constants every model shares."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, TypeDecorator
from sqlalchemy.orm import DeclarativeBase

CARD_KINDS = ("idea", "actor", "initiative")
LANGUAGES = ("da", "en")
# Where a card came from: posted on the board, imported kick-off material, typed in from paper.
# "carried" is a card brought over from an earlier meeting of a series.
CARD_ORIGINS = ("board", "kickoff", "paper", "carried")
# Material brought in rather than made during the day: never counted as new in a plenary.
CARRIED_ORIGINS = ("kickoff", "carried")
# Who may receive an event: everyone in the workshop, only its moderators, the wall, or
# (``participant:<id>``) that one participant and the moderators.
AUDIENCE_ALL = "all"
AUDIENCE_MODERATORS = "moderators"
# What the projectors show (the facilitator drives them): the moderators and the projectors.
AUDIENCE_WALL = "wall"
DEFAULT_RETENTION_DAYS = 30


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timestamp stored as naive UTC and always read back as aware UTC.

    SQLite keeps no offset, so every value is normalised to UTC on the way in
    and tagged with UTC on the way out; the API then prints ISO 8601 with offset.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        """Store ``value`` as naive UTC."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware one")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        """Read back a stored value as aware UTC."""
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    """Declarative base of every model."""
