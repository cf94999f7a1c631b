"""After the day: the follow-up of an initiative, its dated notes, and consent to be contacted.

A follow-up row exists once someone set something on an initiative; without
one the initiative's status is ``idea`` and the rest is empty. None of it is
personal data unless a name is written into ``lead``, ``next_step`` or a note.

``FollowupConsent`` marks a "Jeg er med" (a ``Commitment``) whose owner agreed
to be contacted about the initiative's follow-up until ``until``: retention
keeps that commitment's name and contact until then and removes them after.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime, utcnow

#: idé → i gang → afprøvet → forankret, or stoppet.
FOLLOWUP_STATUSES = ("idea", "started", "tested", "anchored", "stopped")
#: How long a follow-up consent lasts when the workshop sets nothing else.
DEFAULT_FOLLOWUP_MONTHS = 6


class Followup(Base):
    """The follow-up of one initiative card: status, lead, next step, next meeting."""

    __tablename__ = "followups"

    card_id: Mapped[str] = mapped_column(
        ForeignKey("cards.id", ondelete="CASCADE"), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16), default="idea")
    # An organisation or a name, free text: personal data only if a name is written here.
    lead: Mapped[str | None] = mapped_column(String(200), nullable=True)
    next_step: Mapped[str | None] = mapped_column(Text, nullable=True)
    next_meeting: Mapped[date | None] = mapped_column(Date, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ix_followups_workshop", "workshop_id"),)


class FollowupNote(Base):
    """A dated progress note on an initiative ("the club has tried it twice")."""

    __tablename__ = "followup_notes"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    card_id: Mapped[str] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"))
    # The date the note is about (given by the writer; today by default).
    noted_on: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    author_role: Mapped[str] = mapped_column(String(16), default="facilitator")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ix_followup_notes_card", "card_id", "noted_on"),)


class FollowupTerm(Base):
    """How many months a workshop's "Jeg er med" may agree to be contacted (absent: 6).

    A table of its own rather than a column of ``workshops``, so that code and
    migrations that write workshop rows as an earlier revision knew them keep working.
    """

    __tablename__ = "followup_terms"

    workshop_id: Mapped[str] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True)
    months: Mapped[int] = mapped_column(Integer, default=DEFAULT_FOLLOWUP_MONTHS)


class FollowupConsent(Base):
    """A commitment's owner may be contacted about the follow-up until ``until``."""

    __tablename__ = "followup_consents"

    commitment_id: Mapped[str] = mapped_column(
        ForeignKey("commitments.id", ondelete="CASCADE"), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    card_id: Mapped[str] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"))
    months: Mapped[int] = mapped_column(Integer)
    given_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # End of the day + ``months``: retention keeps the contact until then, not a day longer.
    until: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_followup_consents_workshop", "workshop_id", "until"),)
