"""Strings for the alliances scripts on the facilitator page (facilitator_similar.js,
facilitator_alliances.js), merged into ``ui_text.js_strings``.

Placeholders are ``{name}``; plurals are ``key.one`` / ``key.other`` (see ui_text.py).
"""

from __future__ import annotations

from flask_babel import gettext


def alliances_strings() -> dict[str, str]:
    """Return the alliances strings in the request's language."""
    return {
        "al.similar.one": gettext("like {count} card"),
        "al.similar.other": gettext("like {count} cards"),
        "al.score": gettext("{percent} % alike"),
        "al.merge": gettext("Merge"),
        "al.merged": gettext("The cards are merged into one."),
        "al.groups.none": gettext("No cards in this theme look alike."),
        "al.groups.title": gettext("Group {number}: {count} cards"),
        "al.groups.merge": gettext("Merge into the first card"),
        "al.confirm": gettext("Confirm"),
        "al.confirm_pair": gettext("Confirm: {pair}"),
        "al.linked": gettext("Linked: {pair}"),
        "al.reason.theme": gettext("same theme"),
        "al.reason.goals": gettext("shared global goals"),
        "al.reason.words": gettext("similar words"),
        "al.reason.sector": gettext("the sector it asks for"),
        "al.sector_of": gettext("Sector of {name}"),
        "al.same_as": gettext("{name} is the same as"),
        "al.same_as_choose": gettext("Same as …"),
        "al.orgs_merged": gettext("The two are now one organisation."),
        "al.cards.one": gettext("{count} card"),
        "al.cards.other": gettext("{count} cards"),
        "al.wanted": gettext("Sectors we want at the table"),
        "al.funder_saved": gettext("Saved. The figures go into the Collective Impact status."),
        "al.ci_file": gettext("collective-impact-status.pdf"),
        "al.wanted_saved": gettext("Saved. The projector says when a sector is missing."),
    }
