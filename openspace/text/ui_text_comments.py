"""Strings for the phone's private notices (participant_safe_room.js), merged into
``ui_text.js_strings``. Placeholders are ``{name}``, filled in the browser.

The facilitator's strings for comments and the safe room are rendered by their own
template partial (templates/_comments_queue.html), so the phone page does not carry them.
"""

from __future__ import annotations

from flask_babel import gettext


def comments_strings() -> dict[str, str]:
    """Return the phone's strings of the safe room, in the request's language."""
    return {
        "safe.comment_removed": gettext("The facilitator has removed your comment “{text}”."),
        "safe.comment_rejected": gettext(
            "The facilitator did not approve your comment “{text}”, so it is not shown."),
    }
