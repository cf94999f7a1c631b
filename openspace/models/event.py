"""The numbered event log: ids and counts only, never personal copies."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import AUDIENCE_ALL, Base, UTCDateTime, utcnow


class Event(Base):
    """One stored change of a workshop, numbered by a gap-free per-workshop seq."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    workshop_id: Mapped[str] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(40))
    data: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Who receives it: AUDIENCE_ALL, AUDIENCE_MODERATORS or "participant:<id>".
    audience: Mapped[str] = mapped_column(String(48), default=AUDIENCE_ALL)
    # Who caused it, for the moderation log: a role, or "participant:<id>".
    actor: Mapped[str | None] = mapped_column(String(48), nullable=True)

    __table_args__ = (UniqueConstraint("workshop_id", "seq", name="uq_events_workshop_seq"),)
