"""A plenary: a frozen summary of what came since the previous one."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime, utcnow


class Plenary(Base):
    """A frozen summary of what came since the previous plenary."""

    __tablename__ = "plenaries"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    # The schedule slot it was created for; None when the facilitator started it.
    scheduled_for: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The window in event seqs: cards with first_seq < seq <= last_seq belong here.
    first_seq: Mapped[int] = mapped_column(Integer)
    last_seq: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("workshop_id", "number", name="uq_plenaries_workshop_number"),
        UniqueConstraint("workshop_id", "scheduled_for", name="uq_plenaries_workshop_slot"),
    )
