"""Strings for what a phone says about what happened while it was offline
(static/js/participation.js): a comment written offline and not sent yet.

Placeholders are ``{name}``; merged into ``ui_text.js_strings``.
"""

from __future__ import annotations

from flask_babel import gettext


def away_strings() -> dict[str, str]:
    """Return the strings of offline comments in the request's language."""
    return {
        # Offline comments otherwise say what offline supports and refused cards say.
        "comments.waiting": gettext("Not sent yet"),
    }
