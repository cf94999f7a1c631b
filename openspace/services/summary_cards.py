"""The cards and counts of a plenary summary: what came during the day, and what was carried in.

A summary card keeps what the PDFs and the projector print about a card (its
origin, organisation, global goals, supports and "Jeg er med" count), never
who the author is beyond the name they chose, and never contact details.
Cards carried in (kick-off import, an earlier meeting of a series:
``CARRIED_ORIGINS``) are counted as ``carried`` and listed apart, never as new.

``recount`` rebuilds the window's counts from the lists of a stored summary,
so a card dropped from a snapshot afterwards (hidden or deleted after the
plenary) leaves its numbers too.
"""

from __future__ import annotations

from collections import Counter

from ..models import CARD_KINDS, CARRIED_ORIGINS, Card


def is_carried(card: Card | dict) -> bool:
    """True if the card was brought in (kick-off, an earlier meeting), not made during the day."""
    origin = card.get("origin") if isinstance(card, dict) else card.origin
    return origin in CARRIED_ORIGINS


def summary_card(card: Card, themes: dict[str, str], clock) -> dict:
    """Return a card as a summary shows it: no participant id, no contact.

    ``clock(moment)`` writes a time of day in the workshop's language.
    """
    return {
        "id": card.id,
        "kind": card.kind,
        "theme_id": card.theme_id,
        "theme_title": themes.get(card.theme_id, ""),
        "text": card.text,
        "author_name": card.participant.name if card.participant is not None else None,
        "created_local": clock(card.created_at),
        "supports": card.support_count,
        "commitments": card.commitment_count,
        "origin": card.origin,
        "organisation": card.organisation,
        "sdgs": list(card.sdgs or []),
    }


def window_counts(new: list[dict], carried: list[dict]) -> dict:
    """Return the window's card counts: new cards by kind, and the carried ones apart."""
    kinds = Counter(c["kind"] for c in new)
    return {"cards": len(new), **{kind: kinds.get(kind, 0) for kind in CARD_KINDS},
            "carried": len(carried)}


def listed_new_cards(summary: dict) -> list[dict]:
    """Return the new cards a summary lists by theme (each once)."""
    return [card for theme in summary.get("themes") or [] for kind in CARD_KINDS
            for card in theme.get(kind) or []]


def recount(summary: dict, cards_total: int | None = None) -> dict:
    """Return ``summary`` with its window counts rebuilt from the cards it still lists.

    ``cards_total`` (the visible cards up to the plenary, as they stand now)
    lowers the "cards so far" count when given; it never raises it.
    """
    if not isinstance(summary, dict) or "counts" not in summary:
        return summary
    counts = {**summary["counts"], **window_counts(listed_new_cards(summary),
                                                   summary.get("carried") or [])}
    if cards_total is not None and "cards_total" in counts:
        counts["cards_total"] = min(counts["cards_total"], cards_total)
    return {**summary, "counts": counts}


def board_by_support(summary: dict) -> list[dict]:
    """Return a whole-board summary's themes with every card once, the most supported first.

    The carried cards join their theme; on a tie the day's cards come before the carried.
    """
    carried = summary.get("carried") or []
    board = []
    for theme in summary.get("themes") or []:
        entry = {"id": theme["id"], "title": theme["title"]}
        for kind in CARD_KINDS:
            cards = list(theme.get(kind) or []) + [
                c for c in carried if c["theme_id"] == theme["id"] and c["kind"] == kind]
            entry[kind] = sorted(cards, key=lambda c: (-(c.get("supports") or 0),
                                                       -(c.get("commitments") or 0)))
        board.append(entry)
    return board
