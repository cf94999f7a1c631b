"""The UN's 17 Sustainable Development Goals: numbers, short names, and checking a card's tags.

The English short names are the msgids; the Danish catalog holds the official
Danish short names (FN's Verdensmål). This module is a leaf: no Flask, the
caller passes its own ``translate``.
"""

from __future__ import annotations

from collections.abc import Callable

from .errors import N_, BadRequest

GOALS: tuple[tuple[int, str], ...] = (
    (1, N_("No poverty")),
    (2, N_("Zero hunger")),
    (3, N_("Good health and well-being")),
    (4, N_("Quality education")),
    (5, N_("Gender equality")),
    (6, N_("Clean water and sanitation")),
    (7, N_("Affordable and clean energy")),
    (8, N_("Decent work and economic growth")),
    (9, N_("Industry, innovation and infrastructure")),
    (10, N_("Reduced inequalities")),
    (11, N_("Sustainable cities and communities")),
    (12, N_("Responsible consumption and production")),
    (13, N_("Climate action")),
    (14, N_("Life below water")),
    (15, N_("Life on land")),
    (16, N_("Peace, justice and strong institutions")),
    (17, N_("Partnerships for the goals")),
)
# A card is about a few goals, not all of them.
MAX_SDGS_PER_CARD = 5


def goals_json(translate: Callable[[str], str]) -> list[dict]:
    """Return every goal as ``{"number", "name"}``, the name passed through ``translate``."""
    return [{"number": number, "name": translate(name)} for number, name in GOALS]


def parse_sdgs(value) -> list[int]:
    """Return a card's goal numbers checked, deduplicated and sorted; refuse anything else."""
    if value is None:
        return []
    if not isinstance(value, list) or any(
        isinstance(n, bool) or not isinstance(n, int) for n in value
    ):
        raise BadRequest(N_("“%(field)s” must be a list of goal numbers from 1 to 17."),
                         field="sdgs")
    numbers = sorted(set(value))
    if numbers and not (numbers[0] >= 1 and numbers[-1] <= len(GOALS)):
        raise BadRequest(N_("“%(field)s” must be a list of goal numbers from 1 to 17."),
                         field="sdgs")
    if len(numbers) > MAX_SDGS_PER_CARD:
        raise BadRequest(N_("Choose at most %(max)d global goals for a card."), field="sdgs",
                         max=MAX_SDGS_PER_CARD)
    return numbers
