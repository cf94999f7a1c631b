"""Typed SQLAlchemy 2 models: workshops, themes, participants, cards and the event log."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

CARD_KINDS = ("idea", "actor", "initiative")
LANGUAGES = ("da", "en")
# Where a card came from: posted on the board, imported kick-off material, typed in from paper.
CARD_ORIGINS = ("board", "kickoff", "paper")
# Who may receive an event: everyone in the workshop, only its moderators, or
# (``participant:<id>``) that one participant and the moderators.
AUDIENCE_ALL = "all"
AUDIENCE_MODERATORS = "moderators"
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
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ix_participants_workshop", "workshop_id"),)


class Card(Base):
    """An idea, actor or initiative posted under a theme."""

    __tablename__ = "cards"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    theme_id: Mapped[str] = mapped_column(ForeignKey("themes.id", ondelete="CASCADE"))
    # The poster's own id for this card; a retry with the same id is the same card.
    client_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    author_role: Mapped[str] = mapped_column(String(16), default="participant")
    participant_id: Mapped[str | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL"), nullable=True
    )
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The seq of the card.created event.
    seq: Mapped[int] = mapped_column(Integer)

    # Waiting for the facilitator's approval (pre-moderation): only the author
    # and the moderators see it until then.
    pending: Mapped[bool] = mapped_column(Boolean, default=False)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    origin: Mapped[str] = mapped_column(String(16), default="board")
    organisation: Mapped[str | None] = mapped_column(String(200), nullable=True)
    # UN Sustainable Development Goals, numbers 1–17, ascending.
    sdgs: Mapped[list] = mapped_column(JSON, default=list)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Set when merged into another card; the card then leaves the board.
    merged_into_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    # Counters kept in step under the workshop lock, so a board of 2000 cards
    # loads without a count query per card.
    support_count: Mapped[int] = mapped_column(Integer, default=0)
    commitment_count: Mapped[int] = mapped_column(Integer, default=0)
    comment_count: Mapped[int] = mapped_column(Integer, default=0)

    participant: Mapped[Participant | None] = relationship(lazy="joined")

    __table_args__ = (
        UniqueConstraint("workshop_id", "client_id", name="uq_cards_workshop_client"),
        Index("ix_cards_workshop_seq", "workshop_id", "seq"),
    )


class Support(Base):
    """A participant backs a card (one support per participant and card)."""

    __tablename__ = "supports"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    card_id: Mapped[str] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"))
    participant_id: Mapped[str] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("card_id", "participant_id", name="uq_supports_card_participant"),
        Index("ix_supports_workshop_participant", "workshop_id", "participant_id"),
    )


class Commitment(Base):
    """"Count me in" on an initiative: an optional name, contact only with consent."""

    __tablename__ = "commitments"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    card_id: Mapped[str] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"))
    participant_id: Mapped[str] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE")
    )
    name: Mapped[str | None] = mapped_column(String(80), nullable=True)
    # Stored only when consent is true; visible to facilitator and organiser only.
    contact: Mapped[str | None] = mapped_column(String(200), nullable=True)
    consent: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("card_id", "participant_id", name="uq_commitments_card_participant"),
        Index("ix_commitments_workshop", "workshop_id"),
    )


class Comment(Base):
    """A question or comment on a card, moderated like cards."""

    __tablename__ = "comments"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    card_id: Mapped[str] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"))
    client_id: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    author_role: Mapped[str] = mapped_column(String(16), default="participant")
    participant_id: Mapped[str | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL"), nullable=True
    )
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    pending: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    seq: Mapped[int] = mapped_column(Integer)

    participant: Mapped[Participant | None] = relationship(lazy="joined")

    __table_args__ = (
        UniqueConstraint("workshop_id", "client_id", name="uq_comments_workshop_client"),
        Index("ix_comments_card", "card_id"),
    )


class Link(Base):
    """An actor card that "can help with" an initiative or idea card."""

    __tablename__ = "links"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    actor_card_id: Mapped[str] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"))
    target_card_id: Mapped[str] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"))
    author_role: Mapped[str] = mapped_column(String(16), default="participant")
    participant_id: Mapped[str | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("actor_card_id", "target_card_id", name="uq_links_actor_target"),
        Index("ix_links_workshop", "workshop_id"),
    )


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
