"""The safe room: word lists that hold a post for approval or flag possible distress.

- A participant's card or comment that matches the workshop's **held** list
  goes to the approval queue, even when pre-moderation is off; its author sees
  it waiting, as under pre-moderation.
- One that matches the **distress** list is posted as usual, and flagged to the
  moderators only (a ``SafetyFlag`` row and a ``safety.flagged`` event for
  the moderators' audience). Its author alone gets the help text, in the
  answer to their own post: never in an event, the log, the board, a PDF.

A participant's edit of their own card is screened the same way (``flag_edit``):
an innocent card edited to hold a listed word goes back to the queue.

The lists and the help text are the workshop's (``SafeRoom``), or the shipped
defaults (``safe_room_defaults``) where it has none.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..models import AUDIENCE_MODERATORS, Card, Comment, Event, SafeRoom, SafetyFlag, Workshop
from . import safe_room_defaults as defaults
from .access import FACILITATOR, ORGANISER, PARTICIPANT, Actor, require_role
from .errors import FIELD_LABELS, N_, BadRequest
from .eventlog import append_event, lock_workshop
from .outcome import Outcome
from .tokens import new_id
from .validation import is_encodable, require_object
from .wordlists import MAX_WORD_LENGTH, MAX_WORDS, WordList, clean_list, words

MAX_HELP_TEXT = 1000
LISTS = ("held_words", "distress_words")

FIELD_LABELS.update({
    "held_words": N_("Words that hold a post for approval"),
    "distress_words": N_("Words that may signal distress"),
    "help_text": N_("Help text"),
})


@dataclass
class Screening:
    """What the safe room found in a text: held for approval, a possible sign of distress."""

    held: bool = False
    distress: bool = False
    help_text: str | None = None


def _room(session: Session, workshop_id: str) -> SafeRoom | None:
    """Return the workshop's own settings row, if it has one."""
    return session.get(SafeRoom, workshop_id)


def settings_of(session: Session, workshop: Workshop) -> dict:
    """Return the lists and the help text in force (the workshop's or the defaults)."""
    room = _room(session, workshop.id)
    default_help = defaults.HELP_TEXT.get(workshop.language, defaults.HELP_TEXT["da"])
    return {
        "held_words": list(room.held_words) if room and room.held_words is not None
        else list(defaults.HELD_WORDS),
        "distress_words": list(room.distress_words) if room and room.distress_words is not None
        else list(defaults.DISTRESS_WORDS),
        "help_text": room.help_text if room and room.help_text else default_help,
        "defaults": {
            "held_words": room is None or room.held_words is None,
            "distress_words": room is None or room.distress_words is None,
            "help_text": room is None or not room.help_text,
        },
    }


def get_settings(session: Session, actor: Actor) -> Outcome:
    """Return the safe room's settings (facilitator and organiser)."""
    require_role(actor, FACILITATOR, ORGANISER)
    workshop = session.get(Workshop, actor.workshop_id)
    return Outcome(settings_of(session, workshop))


def _word_list(payload: dict, name: str) -> list[str] | None:
    """Return a checked word list: a list, or lines of text; null means the default."""
    value = payload[name]
    if value is None:
        return None
    if isinstance(value, str):
        value = value.splitlines()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise BadRequest(N_("“%(field)s” must be a list of words."), field=name)
    if any("\x00" in v or not is_encodable(v) for v in value):
        raise BadRequest(N_("“%(field)s” contains characters that are not allowed."), field=name)
    cleaned = clean_list(value)
    if len(cleaned) > MAX_WORDS:
        raise BadRequest(N_("“%(field)s” is too long: at most %(max)d words."),
                         field=name, max=MAX_WORDS)
    if any(len(v) > MAX_WORD_LENGTH for v in cleaned):
        raise BadRequest(N_("“%(field)s”: a word is too long (at most %(max)d characters)."),
                         field=name, max=MAX_WORD_LENGTH)
    return cleaned


def _help_text(payload: dict) -> str | None:
    """Return a checked help text (null or empty: the default)."""
    value = payload["help_text"]
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadRequest(N_("“%(field)s” must be text."), field="help_text")
    value = value.strip()
    if "\x00" in value or not is_encodable(value):
        raise BadRequest(N_("“%(field)s” contains characters that are not allowed."),
                         field="help_text")
    if len(value) > MAX_HELP_TEXT:
        raise BadRequest(N_("“%(field)s” is too long: at most %(max)d characters."),
                         field="help_text", max=MAX_HELP_TEXT)
    return value or None


def update_settings(session: Session, actor: Actor, payload) -> Outcome:
    """Change the word lists or the help text; a null field goes back to the default."""
    require_role(actor, FACILITATOR, ORGANISER)
    payload = require_object(payload)
    changes = {name: _word_list(payload, name) for name in LISTS if name in payload}
    if "help_text" in payload:
        changes["help_text"] = _help_text(payload)
    if not changes:
        raise BadRequest(N_("Nothing to change: give a word list or the help text."))
    workshop = lock_workshop(session, actor.workshop_id)
    room = _room(session, workshop.id)
    if room is None:
        room = SafeRoom(workshop_id=workshop.id)
        session.add(room)
    for name, value in changes.items():
        setattr(room, name, value)
    session.flush()
    body = settings_of(session, workshop)
    # The moderators' other screens learn that the lists changed (counts only, no words).
    event = append_event(session, workshop, "safe_room.updated", {
        "held_words": len(body["held_words"]), "distress_words": len(body["distress_words"])},
        audience=AUDIENCE_MODERATORS, actor=actor)
    session.flush()
    return Outcome(body, [event])


def screen(session: Session, workshop: Workshop, actor: Actor, text: str) -> Screening:
    """Test a participant's text against the workshop's lists (moderators are not screened)."""
    if actor.role != PARTICIPANT:
        return Screening()
    settings = settings_of(session, workshop)
    held = word_list(tuple(settings["held_words"])).hit(text)
    distress = word_list(tuple(settings["distress_words"])).hit(text)
    return Screening(held, distress, settings["help_text"] if distress else None)


@lru_cache(maxsize=128)
def word_list(lines: tuple[str, ...]) -> WordList:
    """Return the parsed list of ``lines``; parsed once per process (a post needs it at once)."""
    return WordList(list(lines))


def any_hit(held_words: list | None, distress_words: list | None, text: str) -> bool:
    """True if ``text`` matches the held or the distress list (None: the default list).

    For the one-statement post (``quick_post``), which leaves every hit to the
    whole path: only that one records a flag and answers with the help text.
    """
    held = defaults.HELD_WORDS if held_words is None else held_words
    distress = defaults.DISTRESS_WORDS if distress_words is None else distress_words
    tokens = words(text)
    return word_list(tuple(held)).hit_words(tokens) or word_list(tuple(distress)).hit_words(tokens)


def flag_post(session: Session, workshop: Workshop, screening: Screening, card: Card,
         comment: Comment | None = None) -> list[Event]:
    """Record what ``screening`` found on a new post; return the moderators' event, if any."""
    if not (screening.held or screening.distress):
        return []
    row = SafetyFlag(id=new_id(), workshop_id=workshop.id, card_id=card.id,
                     comment_id=comment.id if comment is not None else None,
                     held=screening.held, distress=screening.distress)
    session.add(row)
    session.flush()
    # actor=None: the system flagged it; the moderation log leaves such events out.
    return [append_event(session, workshop, "safety.flagged", flag_json(row),
                         audience=AUDIENCE_MODERATORS, actor=None)]


def flag_edit(session: Session, workshop: Workshop, screening: Screening,
              card: Card) -> list[Event]:
    """Record what ``screening`` found in a card's new text; return the moderators' event.

    The card's own flag (not a comment's) is kept up to date: a flag once raised stays
    raised (the facilitator looks at the card either way), a new finding is added to it.
    """
    if not (screening.held or screening.distress):
        return []
    row = session.scalar(select(SafetyFlag).where(SafetyFlag.card_id == card.id,
                                                  SafetyFlag.comment_id.is_(None)))
    if row is None:
        return flag_post(session, workshop, screening, card)
    if (row.held or not screening.held) and (row.distress or not screening.distress):
        return []
    row.held = row.held or screening.held
    row.distress = row.distress or screening.distress
    session.flush()
    return [append_event(session, workshop, "safety.flagged", flag_json(row),
                         audience=AUDIENCE_MODERATORS, actor=None)]


def for_author(body: dict, screening: Screening) -> dict:
    """Return the answer to the author's own post: with the help text if it may signal distress."""
    if screening.help_text:
        return {**body, "help": screening.help_text}
    return body


def flag_json(row: SafetyFlag) -> dict:
    """Return the wire form of a flag (for the moderators only)."""
    return {"card_id": row.card_id, "comment_id": row.comment_id,
            "held": row.held, "distress": row.distress}


def cleared_flag(data: dict) -> dict:
    """Return a flag that no longer stands (its post is gone): nothing to mark."""
    return {"card_id": data.get("card_id"), "comment_id": data.get("comment_id"),
            "held": False, "distress": False}


def workshop_flags(session: Session, workshop_id: str) -> list[SafetyFlag]:
    """Return every flag of the workshop, oldest first."""
    return list(session.scalars(select(SafetyFlag).where(SafetyFlag.workshop_id == workshop_id)
                                .order_by(SafetyFlag.created_at, SafetyFlag.id)))


def board_json(session: Session, workshop_id: str, viewer: Actor) -> dict:
    """Return the flags for a moderator's board (``safety_flags``); nothing for anyone else."""
    if not viewer.moderates:
        return {}
    return {"safety_flags": [flag_json(f) for f in workshop_flags(session, workshop_id)]}


def forget_flags(session: Session, workshop_id: str) -> int:
    """Delete every flag of a workshop (its personal data is removed); return how many."""
    return session.execute(delete(SafetyFlag).where(SafetyFlag.workshop_id == workshop_id)
                           ).rowcount or 0
