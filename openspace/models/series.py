"""A series of meetings: a kick-off, an open workshop, a follow-up three months later …

Each meeting is a workshop of its own (its own join code, tokens and retention);
``SeriesMeeting`` puts it in a series, in order. A workshop that never had a
next meeting belongs to no series. Deleting a workshop takes its place in the
series with it; the series and its other meetings stay.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime, utcnow


class Series(Base):
    """Meetings that carry one another's board forward; titled after the first meeting."""

    __tablename__ = "series"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SeriesMeeting(Base):
    """One workshop's place in a series: its position and the meeting it was made from."""

    __tablename__ = "series_meetings"

    workshop_id: Mapped[str] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True)
    series_id: Mapped[str] = mapped_column(ForeignKey("series.id", ondelete="CASCADE"))
    # 1 for the first meeting; a next meeting gets the series' highest position + 1.
    position: Mapped[int] = mapped_column(Integer)
    # The meeting whose board was carried into this one (None for the first); a plain
    # id, not a key: the earlier workshop may be deleted while this one goes on.
    previous_workshop_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    # Where the meeting is held is the workshop's own ``place`` (one copy, edited there).

    __table_args__ = (Index("ix_series_meetings_series", "series_id", "position"),)
