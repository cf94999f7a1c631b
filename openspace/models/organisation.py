"""The organisations at the table (one register per workshop) and the alliance settings.

An organisation is named on actor cards as free text; the register groups the
spellings by a normalised key ("FDF Hvalsø", "fdf hvalsø", "FDF  Hvalsø" are
one). A row exists only for what the facilitator decided about a key: its
sector, or that it is the same organisation as another key (``merged_into``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime, utcnow


class Organisation(Base):
    """The facilitator's decisions about one organisation (by normalised name) of a workshop."""

    __tablename__ = "organisations"

    workshop_id: Mapped[str] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    # Set by the facilitator; None: guessed from the name.
    sector: Mapped[str | None] = mapped_column(String(32), nullable=True)
    # The key of the organisation this one is the same as (merged by the facilitator).
    merged_into: Mapped[str | None] = mapped_column(String(200), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class AllianceSettings(Base):
    """What the organiser wants at the table, and the funder's status page's own figures."""

    __tablename__ = "alliance_settings"

    workshop_id: Mapped[str] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True)
    # Sectors the organiser wants present; the projector says when one is missing.
    wanted_sectors: Mapped[list] = mapped_column(JSON, default=list)
    # [{"label", "value"}]: a few indicators the organiser enters for the funder.
    indicators: Mapped[list] = mapped_column(JSON, default=list)
    # The backbone organisation's contact (an organisation's, not a participant's).
    backbone: Mapped[str] = mapped_column(Text, default="")
