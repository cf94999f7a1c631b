"""A workshop, its themes and its participants."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import DEFAULT_RETENTION_DAYS, Base, UTCDateTime, utcnow


class Workshop(Base):
    """One workshop day: its board, its join code and its event sequence."""

    __tablename__ = "workshops"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    vision: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(5), default="da")
    state: Mapped[str] = mapped_column(String(16), default="open")
    join_code: Mapped[str] = mapped_column(String(16), unique=True)
    facilitator_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    plenary_every_minutes: Mapped[int] = mapped_column(Integer, default=60)
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Copenhagen")
    # The day's plenary schedule (UTC); unset start means "from creation".
    day_starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    day_ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The last seq handed out; the next event gets last_seq + 1 in the same transaction.
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    # The facilitator's toolkit: dot voting, pre-moderation, a custom countdown, a spotlight.
    support_cap: Mapped[int | None] = mapped_column(Integer, nullable=True)
    premoderation: Mapped[bool] = mapped_column(Boolean, default=False)
    timer_ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    timer_label: Mapped[str | None] = mapped_column(String(120), nullable=True)
    spotlight_card_id: Mapped[str | None] = mapped_column(String(32), nullable=True)

    # Privacy: who is responsible for the data (shown on the join page), how long
    # personal data is kept after the day ends, and when it was removed.
    controller_name: Mapped[str] = mapped_column(String(200), default="")
    controller_contact: Mapped[str] = mapped_column(String(300), default="")
    retention_days: Mapped[int] = mapped_column(Integer, default=DEFAULT_RETENTION_DAYS)
    personal_data_removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    # What the printed documents say about the day: who invites, where, the venue's Wi-Fi.
    # Loaded together when first read: the event log and catch-up never need them, and
    # code that reads workshops under an older schema (migration tests at 0004) keeps working.
    organiser_name: Mapped[str] = mapped_column(String(200), server_default="", deferred=True,
                                                deferred_group="day_details")
    place: Mapped[str] = mapped_column(String(300), server_default="", deferred=True,
                                       deferred_group="day_details")
    wifi_name: Mapped[str] = mapped_column(String(100), server_default="", deferred=True,
                                           deferred_group="day_details")

    themes: Mapped[list[Theme]] = relationship(
        back_populates="workshop", order_by="Theme.position", cascade="all, delete-orphan"
    )

    # The day's details come from their server default when not given: not fetched back
    # with RETURNING on insert, but read when first needed (see above).
    __mapper_args__ = {"eager_defaults": False}  # noqa: RUF012 - read by SQLAlchemy only


class Theme(Base):
    """A theme of the day: an area of the board."""

    __tablename__ = "themes"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)

    workshop: Mapped[Workshop] = relationship(back_populates="themes")

    __table_args__ = (Index("ix_themes_workshop", "workshop_id", "position"),)


class Participant(Base):
    """A phone that joined a workshop; anonymous unless it gives a name."""

    __tablename__ = "participants"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    name: Mapped[str | None] = mapped_column(String(80), nullable=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ix_participants_workshop", "workshop_id"),)
