"""Snapshots made ready for the PDF templates: defaults for older snapshots, lists ranked.

A leaf module (plain dicts in and out, no Flask). Snapshots taken before cards
kept their origin and "Jeg er med" count lack those keys; they read as
posted on the board, with no one in.
"""

from __future__ import annotations

#: A plenary's page 1 holds the whole summary: a longer note (up to 5000 characters) is
#: cut there, at a word, and printed whole at the top of page 2.
NOTE_ON_PAGE_ONE = 240
NOTE_LINES_ON_PAGE_ONE = 3

CARD_DEFAULTS = {"origin": "board", "organisation": None, "sdgs": [], "commitments": 0,
                 "supports": 0}


def _card(card: dict) -> dict:
    """Return a summary card with every key the templates read."""
    return {**CARD_DEFAULTS, **{k: v for k, v in card.items() if v is not None}} \
        if isinstance(card, dict) else card


def _rank(cards: list[dict]) -> list[dict]:
    """Return initiatives with the most "Jeg er med" first, then the most supported."""
    return sorted(cards, key=lambda c: (-(c.get("commitments") or 0), -(c.get("supports") or 0)))


def note_on_page_one(note: str) -> tuple[str, bool]:
    """Return the part of a facilitator's note page 1 prints, and whether it was cut.

    At most ``NOTE_LINES_ON_PAGE_ONE`` lines and ``NOTE_ON_PAGE_ONE`` characters, cut
    after a whole word; the note as it is when it is short enough.
    """
    note = (note or "").strip()
    lines = note.splitlines()
    first = "\n".join(lines[:NOTE_LINES_ON_PAGE_ONE])
    if len(first) <= NOTE_ON_PAGE_ONE and len(lines) <= NOTE_LINES_ON_PAGE_ONE:
        return note, False
    first = first[:NOTE_ON_PAGE_ONE + 1]
    cut = max(first.rfind(" "), first.rfind("\n"))
    first = first[:cut] if cut > NOTE_ON_PAGE_ONE // 2 else first[:NOTE_ON_PAGE_ONE]
    return first.rstrip(" ,.;:–-\n"), True


def plenary_view(summary: dict) -> dict:
    """Return a plenary snapshot as the templates read it."""
    view = dict(summary)
    for key in ("carried", "top_window", "top_overall", "new_actors", "new_initiatives",
                "starred"):
        view[key] = [_card(c) for c in summary.get(key) or []]
    view["themes"] = [{**theme, **{kind: [_card(c) for c in theme.get(kind) or []]
                                   for kind in ("idea", "actor", "initiative")}}
                      for theme in summary.get("themes") or []]
    view["initiatives_ranked"] = _rank(view["new_initiatives"])
    # Most supported so far, less what this window's own list already shows.
    in_window = {c.get("id") for c in view["top_window"]}
    view["top_earlier"] = [c for c in view["top_overall"] if c.get("id") not in in_window][:3]
    view["counts"] = {"carried": 0, **(summary.get("counts") or {})}
    view["note_page_one"], view["note_continued"] = note_on_page_one(summary.get("note") or "")
    return view


def report_view(report: dict) -> dict:
    """Return the day's report as the templates read it (its plenaries made ready too)."""
    view = dict(report)
    view["plenaries"] = [plenary_view(p) for p in report.get("plenaries") or []]
    view["board"] = [{**theme, **{kind: [_card(c) for c in theme.get(kind) or []]
                                  for kind in ("idea", "actor", "initiative")}}
                     for theme in report.get("board") or []]
    for key in ("top_overall", "starred"):
        view[key] = [_card(c) for c in report.get(key) or []]
    commitments = (report.get("extras") or {}).get("commitments") or []
    view["committed"] = [{**_card(item["card"]), "commitments": item["count"]}
                         for item in commitments]
    view["counts"] = {"carried": 0, **(report.get("counts") or {})}
    return view
