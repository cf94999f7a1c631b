"""Strings for the projector's plenary slides (projector_slides.js) and the facilitator's
"Projektor" panel and stars (facilitator_projector.js), merged into ``ui_text.js_strings``.

Placeholders are ``{name}``; plurals are ``key.one`` / ``key.other`` (see ui_text.py).
"""

from __future__ import annotations

from flask_babel import gettext


def projector_strings() -> dict[str, str]:
    """Return the strings of the slides and the projector panel in the request's language."""
    return {
        "pw.cards.one": gettext("{count} new card"),
        "pw.cards.other": gettext("{count} new cards"),
        "pw.people.one": gettext("from {count} person"),
        "pw.people.other": gettext("from {count} people"),
        "pw.carried.one": gettext("{count} from the kick-off"),
        "pw.carried.other": gettext("{count} from the kick-off"),
        # After a facilitator's note too long for the slide.
        "pw.note_more": gettext("(the whole note is in the plenary's PDF)"),
        # Brought from an earlier meeting of the series (not all from a kick-off import).
        "pw.carried_meeting.one": gettext("{count} from earlier meetings"),
        "pw.carried_meeting.other": gettext("{count} from earlier meetings"),
        "pw.starred": gettext("For the plenary"),
        "pw.top_window": gettext("Most supported since the last plenary"),
        "pw.top_overall": gettext("Most supported today"),
        "pw.initiatives": gettext("New initiatives"),
        "pw.actors": gettext("New actors"),
        "pw.links": gettext("New links"),
        "pw.helps": gettext("Can help with: {targets}"),
        "pw.helps_with": gettext("can help with"),
        "pw.nobody_yet": gettext("No one has said “count me in” yet"),
        "pw.page": gettext("Page {number} of {total}"),
        "fp.wall": gettext("The projector shows the board."),
        "fp.wall_paused": gettext("The projector shows the board, paused."),
        "fp.showing": gettext("Plenary {number} on the projector: slide {slide} of {total}."),
        "fp.showing_paused": gettext(
            "Plenary {number} on the projector: slide {slide} of {total}, paused."),
        "fp.pause": gettext("Pause the wall"),
        "fp.resume": gettext("Start the wall again"),
        "fp.star": gettext("Star for the plenary"),
        "fp.unstar": gettext("Remove star"),
        "fp.starred": gettext("For the plenary"),
        "fp.stars": gettext("{count} of {max} stars for the next plenary."),
    }
