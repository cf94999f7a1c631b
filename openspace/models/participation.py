"""What participants do with cards: supports, commitments ("Jeg er med"), comments, links."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from .workshop import Participant


class Support(Base):
    """A participant backs a card (one support per participant and card)."""

    __tablename__ = "supports"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    card_id: Mapped[str] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"))
    participant_id: Mapped[str] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("card_id", "participant_id", name="uq_supports_card_participant"),
        Index("ix_supports_workshop_participant", "workshop_id", "participant_id"),
    )


class Commitment(Base):
    """ "Count me in" on an initiative: an optional name, contact only with consent."""

    __tablename__ = "commitments"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    card_id: Mapped[str] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"))
    participant_id: Mapped[str] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
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
