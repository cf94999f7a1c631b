"""Plenary snapshots: take out what was deleted, and names once the retention period ends.

A plenary's summary is a frozen copy of the cards of its window (text and the
author's name, never ids of people or contact details), printed into its
PDF. When a card is deleted it leaves every snapshot; when the retention
period ends the names go. A workshop has a handful of plenaries, so this
costs the same at 9.00 and at 16.00; the event log needs no such care (it
keeps no copies, see ``eventlog``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Card, Plenary
from .summary_cards import recount

#: Keys that hold a person's name or contact details in a snapshot.
PERSONAL_KEYS = ("name", "author_name", "contact")


def without_personal_data(value: Any) -> Any:
    """Return ``value`` with every name and contact detail set to null."""
    if isinstance(value, dict):
        return {key: (None if key in PERSONAL_KEYS and item is not None
                      else without_personal_data(item)) for key, item in value.items()}
    if isinstance(value, list):
        return [without_personal_data(item) for item in value]
    return value


def _mentions(item: Any, card_ids: set[str]) -> bool:
    """True if a list entry is one of the cards, or a line about one (``{"card": …}``)."""
    if not isinstance(item, dict):
        return False
    if item.get("id") in card_ids:
        return True
    return any(isinstance(inner, dict) and inner.get("id") in card_ids
               for inner in item.values())


def without_cards(value: Any, card_ids: set[str]) -> Any:
    """Return ``value`` with every list entry about one of ``card_ids`` removed."""
    if isinstance(value, dict):
        return {key: without_cards(item, card_ids) for key, item in value.items()}
    if isinstance(value, list):
        return [without_cards(item, card_ids) for item in value
                if not _mentions(item, card_ids)]
    return value


def with_card_text(value: Any, card_id: str, text: str) -> Any:
    """Return ``value`` with the text of every copy of card ``card_id`` replaced."""
    if isinstance(value, dict):
        changed = {key: with_card_text(item, card_id, text) for key, item in value.items()}
        if changed.get("id") == card_id and "text" in changed:
            changed["text"] = text
        return changed
    if isinstance(value, list):
        return [with_card_text(item, card_id, text) for item in value]
    return value


def rewrite_snapshots(session: Session, workshop_id: str, change: Callable[[Any], Any],
                      since_seq: int = 0) -> list[int]:
    """Apply ``change`` to the plenary snapshots; return the numbers of those that changed.

    Only plenaries taken after seq ``since_seq`` are read: a snapshot holds the
    cards with a seq up to its ``last_seq``, so a card posted after the latest
    plenary costs nothing here. Their stored PDFs must then be made again.
    """
    numbers = []
    for plenary in session.scalars(select(Plenary).where(Plenary.workshop_id == workshop_id,
                                                         Plenary.last_seq >= since_seq)):
        summary = change(plenary.summary)
        if summary != plenary.summary:
            plenary.summary = summary
            numbers.append(plenary.number)
    return numbers


def drop_cards(session: Session, workshop_id: str, cards: Iterable[Card]) -> list[int]:
    """Take the cards out of every snapshot; return the plenaries whose PDF is now stale.

    The counts follow: a PDF must not say "2 new cards" above a list of one.
    """
    cards = list(cards)
    if not cards:
        return []
    card_ids = {card.id for card in cards}
    since = min(card.seq for card in cards)
    numbers = []
    for plenary in session.scalars(select(Plenary).where(Plenary.workshop_id == workshop_id,
                                                         Plenary.last_seq >= since)):
        summary = without_cards(plenary.summary, card_ids)
        if summary != plenary.summary:
            summary = recount(summary, _visible_up_to(session, workshop_id, plenary.last_seq,
                                                     card_ids))
            plenary.summary = summary
            numbers.append(plenary.number)
    return numbers


def _visible_up_to(session: Session, workshop_id: str, last_seq: int,
                   leaving: set[str]) -> int:
    """Return how many cards up to ``last_seq`` everyone sees now, less those ``leaving``."""
    return session.scalar(
        select(func.count()).select_from(Card).where(
            Card.workshop_id == workshop_id, Card.hidden.is_(False), Card.pending.is_(False),
            Card.merged_into_id.is_(None), Card.seq <= last_seq, Card.id.not_in(leaving)))


def retext_card(session: Session, card: Card) -> list[int]:
    """Put a card's new text into every snapshot that holds it; return the stale plenaries."""
    return rewrite_snapshots(session, card.workshop_id,
                             lambda s: with_card_text(s, card.id, card.text), since_seq=card.seq)
