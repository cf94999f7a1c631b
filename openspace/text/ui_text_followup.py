"""Strings for the after-the-day scripts (followup.js, participant_after.js and the follow-up
consent on the phone and the own-data page), merged into ``ui_text.js_strings``.

Placeholders are ``{name}``.
"""

from __future__ import annotations

from flask_babel import gettext


def followup_strings() -> dict[str, str]:
    """Return the after-the-day strings in the request's language."""
    return {
        "fu.status.idea": gettext("Idea"),
        "fu.status.started": gettext("Started"),
        "fu.status.tested": gettext("Tested"),
        "fu.status.anchored": gettext("Anchored"),
        "fu.status.stopped": gettext("Stopped"),
        "fu.status": gettext("Status"),
        "fu.lead": gettext("Lead"),
        "fu.next_step": gettext("Next step"),
        "fu.next_meeting": gettext("Next meeting"),
        "fu.notes": gettext("Progress notes"),
        "fu.page": gettext("Follow-up"),
        "fu.save": gettext("Save"),
        "fu.edit": gettext("Edit follow-up"),
        "fu.saved": gettext("Saved."),
        "fu.add_note": gettext("Add note"),
        "fu.note_text": gettext("New note"),
        "fu.note_date": gettext("Date"),
        "fu.delete_note": gettext("Delete note"),
        "fu.in": gettext("“Count me in”: {count}"),
        "fu.actors": gettext("Actors who can help"),
        "fu.none": gettext("No initiatives match."),
        "fu.count": gettext("{count} initiatives"),
        "fu.yours": gettext("You follow this"),
        "fu.no_notes": gettext("No notes yet."),
        "fu.consent": gettext("I may be contacted about this initiative’s follow-up for "
                              "{months} months"),
        "fu.consent_until": gettext("May be contacted about the follow-up until {date}"),
        "fu.consent_withdraw": gettext("Withdraw follow-up consent"),
    }
