"""The safe room: a workshop's word lists and help text, and the posts they flagged."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime, utcnow


class SafeRoom(Base):
    """A workshop's own word lists and help text; no row means the shipped defaults."""

    __tablename__ = "safe_rooms"

    workshop_id: Mapped[str] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True)
    # Words that send a post to the approval queue; None: the default list.
    held_words: Mapped[list | None] = mapped_column(JSON, nullable=True)
    # Words that may signal distress: the post is flagged to the facilitator; None: default.
    distress_words: Mapped[list | None] = mapped_column(JSON, nullable=True)
    # Shown privately to the author of a post that may signal distress; None: default.
    help_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SafetyFlag(Base):
    """A card or comment that matched a list: held for approval, or a possible sign of distress.

    Seen by the facilitator and the organiser only; it goes with its card or comment.
    """

    __tablename__ = "safety_flags"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    card_id: Mapped[str] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"))
    comment_id: Mapped[str | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), nullable=True)
    held: Mapped[bool] = mapped_column(Boolean, default=False)
    distress: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ix_safety_flags_workshop", "workshop_id"),
                      Index("ix_safety_flags_card", "card_id"))
