"""A card on the board: an idea, an actor or an initiative."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from .workshop import Participant


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
    # Starred by the facilitator "for the plenary" (a handful at once); cleared when one is taken.
    starred: Mapped[bool] = mapped_column(Boolean, default=False)
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

    # A card carried from an earlier meeting of a series (origin "carried"): where it came
    # from (plain ids: the earlier workshop may be deleted), and the supports and "count me
    # in" it brought as counts only. Those counts are part of ``support_count`` and
    # ``commitment_count`` but have no rows: nobody of this meeting gave them.
    carried_from_workshop_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    carried_from_card_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    carried_supports: Mapped[int] = mapped_column(Integer, default=0)
    carried_commitments: Mapped[int] = mapped_column(Integer, default=0)

    participant: Mapped[Participant | None] = relationship(lazy="joined")

    __table_args__ = (
        UniqueConstraint("workshop_id", "client_id", name="uq_cards_workshop_client"),
        Index("ix_cards_workshop_seq", "workshop_id", "seq"),
    )
