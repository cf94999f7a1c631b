"""Strings of the "new alliances since the last plenary" slide (projector_slides.js),
merged into ``ui_text.js_strings``.

Placeholders are ``{name}``; plurals are ``key.one`` / ``key.other`` (see ui_text.py).
"""

from __future__ import annotations

from flask_babel import gettext


def alliance_summary_strings() -> dict[str, str]:
    """Return the strings of the new-alliances slide in the request's language."""
    return {
        "pw.alliances": gettext("New alliances since the last plenary"),
        "pw.alliance_actors.one": gettext("{count} actor will help"),
        "pw.alliance_actors.other": gettext("{count} actors will help"),
        "pw.alliance_more.one": gettext("and {count} more actor"),
        "pw.alliance_more.other": gettext("and {count} more actors"),
        # The phone's organisation field (participant_organisation.js).
        "po.saved": gettext("Saved."),
    }
