"""Strings for search, the approval badge, sign-up lists and the authors' notices
(static/js/facilitator_search.js, facilitator_signups.js, participant_focus.js,
organiser_links.js), merged into ``ui_text.js_strings``.

Placeholders are ``{name}``; plurals are ``key.one`` / ``key.other`` (see ui_text.py).
"""

from __future__ import annotations

from flask_babel import gettext


def focus_strings() -> dict[str, str]:
    """Return the strings of search, sign-up lists and notices in the request's language."""
    return {
        "search.showing": gettext("Showing {shown} of {total} cards"),
        "search.queue_badge.one": gettext("{count} card waits for approval"),
        "search.queue_badge.other": gettext("{count} cards wait for approval"),
        "card.from_paper": gettext("from paper"),
        "move.theme": gettext("Theme"),
        "move.kind": gettext("Kind"),
        "move.kind_hint": gettext("A new kind removes what no longer fits: “Count me in” is only "
                                  "for initiatives, and only actors can help with something."),
        "notice.hidden": gettext("The facilitator has taken your card “{text}” off the board. "
                                 "Only you see this message."),
        "notice.rejected": gettext("The facilitator chose not to show your card “{text}”. "
                                   "Only you see this message."),
        "notice.merged": gettext("Your card “{text}” was put together with a card like it: "
                                 "“{into}”. Your supports and comments moved with it."),
        "notice.ok": gettext("OK"),
        "link.reissue": gettext("New facilitator link"),
        "link.reissue_confirm": gettext("The old facilitator link stops working at once. "
                                        "Make a new one?"),
        "link.reissued": gettext("The new facilitator link (the old one no longer works):"),
        "support.queued": gettext("Saved on your phone: it is sent when you are online again."),
        "signups.show": gettext("Show the sign-up lists"),
        "signups.hide": gettext("Hide the sign-up lists"),
        "signups.none": gettext("Nobody has said “Count me in” yet."),
        "signups.no_name": gettext("No name given"),
        "signups.count.one": gettext("{count} is in"),
        "signups.count.other": gettext("{count} are in"),
        "signups.file": gettext("sign-ups.pdf"),
    }
