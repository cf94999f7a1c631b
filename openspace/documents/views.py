"""Snapshots made ready for the PDF templates: defaults for older snapshots, lists ranked.

A leaf module (plain dicts in and out, no Flask). Snapshots taken before cards
kept their origin and "Jeg er med" count lack those keys; they read as
posted on the board, with no one in.
"""

from __future__ import annotations

CARD_DEFAULTS = {"origin": "board", "organisation": None, "sdgs": [], "commitments": 0,
                 "supports": 0}


def _card(card: dict) -> dict:
    """Return a summary card with every key the templates read."""
    return {**CARD_DEFAULTS, **{k: v for k, v in card.items() if v is not None}} \
        if isinstance(card, dict) else card


def _rank(cards: list[dict]) -> list[dict]:
    """Return initiatives with the most "Jeg er med" first, then the most supported."""
    return sorted(cards, key=lambda c: (-(c.get("commitments") or 0), -(c.get("supports") or 0)))


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
