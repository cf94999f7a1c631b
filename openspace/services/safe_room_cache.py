"""The safe room's word lists, kept per process so that screening a post costs no round trip.

A post is screened before it is stored (a held post is stored pending, a
flagged one with its flag), so the lists must be known before the one
statement that stores it. Each process keeps every workshop's lists as last
read, with their version: the ``updated_at`` of the workshop's ``SafeRoom``
row (None while it has none and the shipped defaults apply). The statement
that stores a post checks that version and stores nothing if it moved; the
lists are then read again and the post screened again (``services/posting.py``).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import SafeRoom
from . import safe_room_defaults as defaults
from .safe_room import Screening
from .wordlists import WordList


@dataclass(frozen=True)
class Lists:
    """One workshop's lists as compiled, and the version they were read at."""

    version: datetime | None
    held: WordList
    distress: WordList
    #: The workshop's own help text; None: the default in the workshop's language.
    help_text: str | None

    def screen(self, text: str, language: str | None = None) -> Screening:
        """Test ``text`` against the lists (``language``: of the default help text)."""
        held, distress = self.held.hit(text), self.distress.hit(text)
        return Screening(held, distress, self.help_for(language) if distress else None)

    def help_for(self, language: str | None) -> str:
        """Return the help text in force for a workshop in ``language``."""
        return self.help_text or defaults.HELP_TEXT.get(language or "da",
                                                        defaults.HELP_TEXT["da"])


_DEFAULT_HELD = WordList(list(defaults.HELD_WORDS))
_DEFAULT_DISTRESS = WordList(list(defaults.DISTRESS_WORDS))
_lists: dict[str, Lists] = {}
_guard = threading.Lock()
#: Workshops kept at most; past it the oldest entries go (a server holds a few at once).
MAX_WORKSHOPS = 256


def cached(workshop_id: str) -> Lists | None:
    """Return the lists of ``workshop_id`` this process has, if any (no database)."""
    return _lists.get(workshop_id)


def load(session: Session, workshop_id: str) -> Lists:
    """Read the workshop's lists (one primary-key look-up), keep them, and return them."""
    room = session.scalar(select(SafeRoom).where(SafeRoom.workshop_id == workshop_id))
    lists = Lists(
        version=room.updated_at if room is not None else None,
        held=WordList(room.held_words) if room and room.held_words is not None
        else _DEFAULT_HELD,
        distress=WordList(room.distress_words) if room and room.distress_words is not None
        else _DEFAULT_DISTRESS,
        help_text=room.help_text if room and room.help_text else None,
    )
    with _guard:
        if len(_lists) >= MAX_WORKSHOPS:
            _lists.pop(next(iter(_lists)))
        _lists[workshop_id] = lists
    return lists


def lists_of(session: Session, workshop_id: str) -> Lists:
    """Return the workshop's lists: the kept ones, or read now if this process has none."""
    return cached(workshop_id) or load(session, workshop_id)


def forget(workshop_id: str | None = None) -> None:
    """Drop the kept lists of one workshop, or of all (tests)."""
    with _guard:
        if workshop_id is None:
            _lists.clear()
        else:
            _lists.pop(workshop_id, None)
