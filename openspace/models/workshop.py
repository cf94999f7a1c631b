"""A workshop, its themes and its participants."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
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
    # Breaks (lunch …) in which no scheduled plenary fires: [[start, end], …] as UTC ISO texts.
    breaks: Mapped[list] = mapped_column(JSON, default=list)
    # A scheduled plenary with no new card since the previous one is skipped (not taken).
    skip_empty_plenaries: Mapped[bool] = mapped_column(Boolean, default=True)
    # The latest scheduled slot skipped for having nothing new: a card posted after it
    # must not take that slot's plenary late (it waits for the next slot).
    plenary_skipped_slot: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The last seq handed out; the next event gets last_seq + 1 in the same transaction.
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    # The facilitator's toolkit: dot voting, pre-moderation, a custom countdown, a spotlight.
    support_cap: Mapped[int | None] = mapped_column(Integer, nullable=True)
    premoderation: Mapped[bool] = mapped_column(Boolean, default=False)
    timer_ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    timer_label: Mapped[str | None] = mapped_column(String(120), nullable=True)
    spotlight_card_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    # What the projector shows, as the facilitator drives it (services/projector.py): sort,
    # filters, paused, the plenary on the wall and its slide. None = the defaults.
    projector: Mapped[dict | None] = mapped_column(JSON, nullable=True)

    # Privacy: who is responsible for the data (shown on the join page), how long
    # personal data is kept after the day ends, and when it was removed.
    controller_name: Mapped[str] = mapped_column(String(200), default="")
    controller_contact: Mapped[str] = mapped_column(String(300), default="")
    retention_days: Mapped[int] = mapped_column(Integer, default=DEFAULT_RETENTION_DAYS)
    personal_data_removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    # What the printed documents say about the day: who invites, where, the venue's Wi-Fi.
    organiser_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    place: Mapped[str] = mapped_column(String(300), default="", server_default="")
    wifi_name: Mapped[str] = mapped_column(String(100), default="", server_default="")

    themes: Mapped[list[Theme]] = relationship(
        back_populates="workshop", order_by="Theme.position", cascade="all, delete-orphan"
    )


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
    # The organisation the participant comes from, if they named one: counted in the
    # organisation register (services/organisations.py), never shown next to their name
    # (docs/PRIVACY.md). Removed with the name by retention.
    organisation: Mapped[str | None] = mapped_column(String(120), nullable=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ix_participants_workshop", "workshop_id"),)
