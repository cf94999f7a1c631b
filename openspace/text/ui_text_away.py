"""Strings for what a phone says about things that happened while it was away or offline
(static/js/participation.js, participant_focus.js, participant_safe_room.js): comments
written offline, an edit sent back for approval, notices kept for a reload.

Placeholders are ``{name}``; merged into ``ui_text.js_strings``.
"""

from __future__ import annotations

from flask_babel import gettext


def away_strings() -> dict[str, str]:
    """Return the strings of offline comments and kept notices in the request's language."""
    return {
        "card.saved_pending": gettext("Saved. Your card waits for the facilitator's approval "
                                      "again. Until then only you can see it."),
        "comments.queued": gettext("Saved on your phone: your comment is sent when you are "
                                   "online again."),
        "comments.waiting": gettext("Not sent yet"),
        "comments.failed": gettext("Your comment “{text}” could not be sent: {message}"),
    }
