"""Catch-up: the stored events, with their data built from the rows as the viewer sees them now.

The log keeps only ids and counts (``eventlog.STORED_FIELDS``). A client that
catches up (``last_seq`` on connect, ``GET …/events``) gets each event with
the current card, comment, link or commitment, as far as it may see it:

- an item it sees now: its current form (today's text, never a replaced one);
- a card it no longer sees (deleted, hidden, merged away, pending for others):
  a tombstone, ``card.deleted`` ``{"id", "tombstone": true}``, so the client
  drops it; the same for comments (``comment.deleted``), links
  (``link.deleted``) and commitments (``commitment.deleted``).

Every client already applies those types, and applying the catch-up to a
stale board gives the board a fresh ``GET /workshops/{id}`` gives
(``tests/test_catchup.py``). The rows are read in a few batched queries,
however long the log.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Card, Comment, Commitment, Event, Link
from .access import Actor
from .cards import card_json
from .comments import comment_json
from .commitments import commitment_event_data
from .eventlog import events_after
from .followup_events import RENDERERS as FOLLOWUP_RENDERERS
from .links import link_json
from .safe_room import cleared_flag, flag_json, workshop_flags
from .visibility import can_see_card, can_see_comment, can_see_commitment, removal_notice

#: Rows fetched per ``IN (…)`` query: far below SQLite's and PostgreSQL's parameter limits.
BATCH = 500


class Rows:
    """The current cards, comments, links and commitments that a page of events names."""

    def __init__(self, session: Session, events: list[Event]):
        """Load, in batches, every row the events refer to."""
        card_ids, comment_ids, link_ids, commitment_ids = set(), set(), set(), set()
        for event in events:
            data, family = event.data or {}, event.type.split(".")[0]
            card_ids.update(data.get(key) for key in
                            ("card_id", "into", "actor_card_id", "target_card_id"))
            if family == "card":
                card_ids.add(data.get("id"))
            elif family == "comment":
                comment_ids.add(data.get("id"))
            elif family == "link":
                link_ids.add(data.get("id"))
            elif family == "commitment":
                commitment_ids.add(data.get("id"))
        self.comments: dict[str, Comment] = _load(session, Comment, comment_ids)
        card_ids.update(c.card_id for c in self.comments.values())
        self.links: dict[str, Link] = _load(session, Link, link_ids)
        self.commitments: dict[str, Commitment] = _load(session, Commitment, commitment_ids)
        self.cards: dict[str, Card] = _load(session, Card, card_ids)
        self.session = session
        self.flags: dict | None = None  # the safe room's flags, read on the first flag event


def _load(session: Session, model, ids: Iterable) -> dict:
    """Return the rows of ``model`` with the given ids, by id."""
    wanted = sorted(i for i in ids if isinstance(i, str))
    rows = {}
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start:start + BATCH]
        rows.update((row.id, row) for row in session.scalars(
            select(model).where(model.id.in_(chunk))))
    return rows


def card_tombstone(card_id) -> tuple[str, dict]:
    """Return the event that takes a card the viewer may not see off their board."""
    return "card.deleted", {"id": card_id, "tombstone": True}


def _card_event(type_: str, data: dict, rows: Rows, viewer: Actor) -> tuple[str, dict]:
    """A card's created/updated/hidden/restored/approved event: the card as it is now.

    Its author, who no longer sees their own card because it was hidden, gets the
    ``card.hidden`` itself, with ids only (``removal_notice``): their phone tells them.
    """
    card = rows.cards.get(data.get("id"))
    if not can_see_card(card, viewer):
        if type_ == "card.hidden":
            notice = removal_notice(card, viewer)
            if notice is not None:
                return type_, {"id": card.id, "hidden": True, "pending": card.pending,
                               "removed": notice}
        return card_tombstone(data.get("id"))
    return type_, card_json(card)


def _deleted(type_: str, data: dict, rows: Rows, viewer: Actor) -> tuple[str, dict]:
    """``card.deleted``: gone for good, or a tombstone for a card still there (back for approval).

    A card that still exists was taken off the others' boards, not deleted: whoever sees
    it now gets it as it is now (its author, the moderators, everyone once approved
    again), the others a tombstone, which keeps their support and "count me in" on it.
    """
    card = rows.cards.get(data.get("id"))
    if card is None:
        return type_, {"id": data.get("id")}
    if can_see_card(card, viewer):
        return "card.updated", card_json(card)
    return card_tombstone(card.id)


def _counted(key: str, column: str) -> Callable:
    """Return the renderer of a count event (``card.supported``, ``card.committed``)."""

    def render(type_: str, data: dict, rows: Rows, viewer: Actor) -> tuple[str, dict]:
        """The card's current count, if the viewer sees the card."""
        card = rows.cards.get(data.get("card_id"))
        if not can_see_card(card, viewer):
            return card_tombstone(data.get("card_id"))
        return type_, {"card_id": card.id, key: getattr(card, column)}

    return render


def _merged(type_: str, data: dict, rows: Rows, viewer: Actor) -> tuple[str, dict]:
    """``card.merged``: the merged card's id and the kept card as it is now (if seen)."""
    kept = rows.cards.get(data.get("into"))
    return type_, {"id": data.get("id"), "into": data.get("into"),
                   "card": card_json(kept) if can_see_card(kept, viewer) else None}


def _comment_event(type_: str, data: dict, rows: Rows, viewer: Actor) -> tuple[str, dict]:
    """A comment's event: the comment as it is now, or its tombstone; the card's count."""
    card = rows.cards.get(data.get("card_id"))
    if not can_see_card(card, viewer):
        return card_tombstone(data.get("card_id"))
    comment = rows.comments.get(data.get("id"))
    if (type_ == "comment.hidden" and comment is not None and comment.hidden
            and not viewer.moderates):
        # As it went live (ids only), so its author's phone can tell them it was removed.
        return type_, {"id": comment.id, "card_id": card.id, "card_comments": card.comment_count}
    if type_ == "comment.deleted" or not can_see_comment(comment, card, viewer):
        return "comment.deleted", {"id": data.get("id"), "card_id": card.id,
                                   "card_comments": card.comment_count}
    return type_, {**comment_json(comment), "card_comments": card.comment_count}


def _commitment_event(type_: str, data: dict, rows: Rows, viewer: Actor) -> tuple[str, dict]:
    """A "count me in" of the viewer (or seen by a moderator): as it is now, or withdrawn."""
    commitment = rows.commitments.get(data.get("id"))
    if (type_ == "commitment.updated" and commitment is not None
            and can_see_commitment(commitment.participant_id, viewer)
            and can_see_card(rows.cards.get(commitment.card_id), viewer)):
        return type_, commitment_event_data(commitment)
    return "commitment.deleted", {key: data.get(key) for key in
                                  ("id", "card_id", "participant_id")}


def _link_created(type_: str, data: dict, rows: Rows, viewer: Actor) -> tuple[str, dict]:
    """``link.created``: the link if it still stands and the viewer sees both cards."""
    link = rows.links.get(data.get("id"))
    if link is None or not all(can_see_card(rows.cards.get(cid), viewer)
                               for cid in (link.actor_card_id, link.target_card_id)):
        return "link.deleted", {"id": data.get("id")}
    return type_, link_json(link)


def _spotlight(type_: str, data: dict, rows: Rows, viewer: Actor) -> tuple[str, dict]:
    """``workshop.spotlight``: the card shown big, if the viewer sees it (else none)."""
    card = rows.cards.get(data.get("card_id"))
    if not can_see_card(card, viewer):
        return type_, {"card_id": None, "card": None}
    return type_, {"card_id": card.id, "card": card_json(card)}


def _flag(type_: str, data: dict, rows: Rows, viewer: Actor) -> tuple[str, dict]:
    """``safety.flagged`` (moderators only): the flag as it stands, or cleared once gone."""
    if rows.flags is None:
        rows.flags = {(f.card_id, f.comment_id): f
                      for f in workshop_flags(rows.session, viewer.workshop_id)}
    row = rows.flags.get((data.get("card_id"), data.get("comment_id")))
    if row is None or not viewer.moderates:
        return type_, cleared_flag(data)
    return type_, flag_json(row)
def _starred(type_: str, data: dict, rows: Rows, viewer: Actor) -> tuple[str, dict]:
    """``card.starred`` (moderators only): the card's star as it is now, if it is still seen."""
    card = rows.cards.get(data.get("card_id"))
    if not can_see_card(card, viewer):
        return card_tombstone(data.get("card_id"))
    return type_, {"card_id": card.id, "starred": card.starred}


RENDERERS: dict[str, Callable] = {
    **dict.fromkeys(("card.created", "card.updated", "card.hidden", "card.restored",
                     "card.approved"), _card_event),
    "card.merged": _merged,
    "card.deleted": _deleted,
    "card.supported": _counted("supports", "support_count"),
    "card.committed": _counted("commitments", "commitment_count"),
    **dict.fromkeys(("comment.created", "comment.hidden", "comment.restored",
                     "comment.approved", "comment.deleted"), _comment_event),
    **dict.fromkeys(("commitment.updated", "commitment.deleted"), _commitment_event),
    "link.created": _link_created,
    "workshop.spotlight": _spotlight,
    "safety.flagged": _flag,
    "card.starred": _starred,
    **FOLLOWUP_RENDERERS,
}


def render_events(session: Session, events: list[Event], viewer: Actor) -> list[dict]:
    """Return the wire form of stored events as ``viewer`` may see them now.

    Types without a renderer (ids-only deletions, themes, settings, plenaries) go as stored.
    """
    rows = Rows(session, events)
    wire = []
    for event in events:
        render = RENDERERS.get(event.type)
        type_, data = (render(event.type, event.data or {}, rows, viewer) if render
                       else (event.type, event.data))
        wire.append({"seq": event.seq, "type": type_, "data": data})
    return wire


def catch_up(session: Session, workshop_id: str, after: int, viewer: Actor,
             limit: int | None = None) -> list[dict]:
    """Return the events after seq ``after`` that ``viewer`` receives, as it sees them now."""
    return render_events(session, events_after(session, workshop_id, after, limit, viewer=viewer),
                         viewer)
