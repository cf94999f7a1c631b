"""Strings for the organiser's series page (static/js/series.js), merged into
``ui_text.js_strings``. Placeholders are ``{name}``; plurals ``key.one`` / ``key.other``.
"""

from __future__ import annotations

from flask_babel import gettext


def series_strings() -> dict[str, str]:
    """Return the series page's strings in the request's language."""
    return {
        # The follow-up statuses as the series page names them (idé → i gang → afprøvet →
        # forankret, or stoppet).
        "series.status.idea": gettext("At the idea stage"),
        "series.status.started": gettext("Under way"),
        "series.status.tested": gettext("Tried out"),
        "series.status.anchored": gettext("Anchored for good"),
        "series.status.stopped": gettext("Stopped for now"),
        "series.new_cards.one": gettext("{count} new card"),
        "series.new_cards.other": gettext("{count} new cards"),
        "series.carried_cards.one": gettext("{count} card from the meeting before"),
        "series.carried_cards.other": gettext("{count} cards from the meeting before"),
        "series.initiatives.one": gettext("{count} initiative on the board"),
        "series.initiatives.other": gettext("{count} initiatives on the board"),
        "series.participants.one": gettext("{count} participant joined"),
        "series.participants.other": gettext("{count} participants joined"),
        "series.in.one": gettext("{count} is in"),
        "series.in.other": gettext("{count} are in"),
        "series.when": gettext("{date}, {time}"),
        "series.meeting_n": gettext("Meeting {n}"),
        "series.initiative": gettext("Initiative"),
        "series.trail_caption": gettext("The status of each initiative at each meeting"),
        "series.open_facilitator": gettext("Open the facilitator view"),
        "series.poster": gettext("Poster (PDF)"),
        "series.poster_file": gettext("poster-{code}.pdf"),
        "series.calendar": gettext("Calendar file (.ics)"),
        "series.loading": gettext("Loading the series…"),
        "series.creating": gettext("Creating the next meeting…"),
        "series.created": gettext("“{title}” is ready, with {cards} cards from the meeting "
                                  "before."),
        "tk.origin.carried": gettext("From the meeting before"),
        "organiser.series": gettext("Series and next meeting"),
    }
