"""Strings for the facilitator's toolkit scripts (facilitator_tools.js, facilitator_panels.js,
the projector and the organiser's import/export), merged into ``ui_text.js_strings``.

Placeholders are ``{name}``; plurals are ``key.one`` / ``key.other`` (see ui_text.py).
"""

from __future__ import annotations

from flask_babel import gettext


def toolkit_strings() -> dict[str, str]:
    """Return the toolkit's strings in the request's language."""
    return {
        "tk.supports.one": gettext("{count} support"),
        "tk.supports.other": gettext("{count} supports"),
        "tk.commitments.one": gettext("{count} is in"),
        "tk.commitments.other": gettext("{count} are in"),
        "tk.comments.one": gettext("{count} comment"),
        "tk.comments.other": gettext("{count} comments"),
        "tk.pending": gettext("Waiting for approval"),
        "tk.pinned": gettext("Pinned"),
        "tk.spotlit": gettext("In the spotlight"),
        "tk.origin.kickoff": gettext("From the kick-off"),
        "tk.origin.paper": gettext("From paper"),
        "tk.approve": gettext("Approve"),
        "tk.reject": gettext("Reject"),
        "tk.approved": gettext("The card is approved and shown to everyone."),
        "tk.pin": gettext("Pin"),
        "tk.unpin": gettext("Unpin"),
        "tk.pinned_done": gettext("The card is pinned at the top of its theme."),
        "tk.unpinned_done": gettext("The card is no longer pinned."),
        "tk.spotlight": gettext("Spotlight"),
        "tk.spotlight_off": gettext("End spotlight"),
        "tk.spotlight_done": gettext("The card is shown large on the projector."),
        "tk.spotlight_ended": gettext("The projector shows the board again."),
        "tk.edit": gettext("Edit"),
        "tk.edit_text": gettext("Text of the card"),
        "tk.edit_theme": gettext("Theme"),
        "tk.edited": gettext("The card is changed."),
        "tk.merge": gettext("Merge"),
        "tk.merge_into": gettext("Merge into this card"),
        "tk.merge_hint": gettext(
            "Supports, comments and sign-ups move to the card you choose. "
            "Someone who backed both counts once."),
        "tk.merge_do": gettext("Merge the cards"),
        "tk.merge_none": gettext("There is no other card to merge into."),
        "tk.merged": gettext("The cards are merged."),
        "tk.save": gettext("Save"),
        "tk.cancel": gettext("Cancel"),
        "tk.done": gettext("Done."),
        "tk.cap_range": gettext("Choose between 1 and 50, or leave it empty."),
        "tk.settings_saved": gettext("The settings are saved."),
        "tk.timer": gettext("Countdown"),
        "tk.timer_running": gettext("“{label}” runs until {time}."),
        "tk.timer_none": gettext(
            "No countdown is running. The projector counts down to the next plenary."),
        "tk.timer_started": gettext("The countdown is on the projector."),
        "tk.timer_stopped": gettext("The countdown is stopped."),
        "tk.minutes_range": gettext("Choose between 1 and 240 minutes."),
        "tk.theme_up": gettext("Move “{title}” up"),
        "tk.theme_down": gettext("Move “{title}” down"),
        "tk.theme_name": gettext("Name of theme {number}"),
        "tk.rename": gettext("Rename"),
        "tk.theme_renamed": gettext("The theme is renamed."),
        "tk.theme_moved": gettext("The order of the themes is changed."),
        "tk.theme_added": gettext("The theme is added."),
        "tk.theme_missing": gettext("Write the name of the theme."),
        "tk.paper_added.one": gettext("{count} card is added."),
        "tk.paper_added.other": gettext("{count} cards are added."),
        "tk.line_error": gettext("Line {line}: {message}"),
        "tk.downloading": gettext("Fetching the file…"),
        "tk.downloaded": gettext("The file is downloaded."),
        # Projector.
        "pj.sort_newest": gettext("Newest first"),
        "pj.sort_support": gettext("Most supported first"),
        "pj.all_goals": gettext("All goals"),
        "pj.goal": gettext("Goal {number}"),
        "pj.helps": gettext("Can help"),
        "pj.timer_ended": gettext("Time is up"),
        # Where a column is in its round: "12–18 of 41", "19 of 41", or all of it: "5 cards".
        "pj.page": gettext("{first}–{last} of {total}"),
        "pj.page_one": gettext("{first} of {total}"),
        "pj.cards.one": gettext("{count} card"),
        "pj.cards.other": gettext("{count} cards"),
        # Organiser: import and export.
        "imp.pick_workshop": gettext("Choose a workshop first."),
        "imp.pick_file": gettext("Choose a file or paste the content."),
        "imp.checking": gettext("Checking the file…"),
        "imp.ok.one": gettext("{count} card is ready to import."),
        "imp.ok.other": gettext("{count} cards are ready to import."),
        "imp.has_errors": gettext("Correct the lines below and check again. Nothing is imported."),
        "imp.new_themes": gettext("New themes: {themes}"),
        "imp.importing": gettext("Importing…"),
        "imp.done.one": gettext("{count} card is imported."),
        "imp.done.other": gettext("{count} cards are imported."),
        "imp.col_line": gettext("Line"),
        "imp.col_theme": gettext("Theme"),
        "imp.col_kind": gettext("Kind"),
        "imp.col_text": gettext("Text"),
        "imp.col_org": gettext("Organisation"),
    }
