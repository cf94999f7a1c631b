"""Strings for the plenaries on the phone (participant_plenaries.js) and the organiser's
edit form (organiser_edit.js), merged into ``ui_text.js_strings``.

Placeholders are ``{name}``; plurals are ``key.one`` / ``key.other`` (see ui_text.py).
"""

from __future__ import annotations

from flask_babel import gettext


def plenary_strings() -> dict[str, str]:
    """Return the phone's plenary strings and the organiser's edit strings."""
    return {
        "ph.pl.title": gettext("Plenary {number} · {start}–{end}"),
        "ph.pl.cards.one": gettext("{count} new card"),
        "ph.pl.cards.other": gettext("{count} new cards"),
        "ph.pl.people.one": gettext("from {count} person"),
        "ph.pl.people.other": gettext("from {count} people"),
        "ph.pl.carried.one": gettext("{count} card brought along"),
        "ph.pl.carried.other": gettext("{count} cards brought along"),
        "ph.pl.nothing": gettext("Nothing new this time."),
        "ph.pl.note": gettext("The facilitator’s notes"),
        "ph.pl.top": gettext("Most supported"),
        "ph.pl.initiatives": gettext("New initiatives"),
        "ph.pl.actors": gettext("New actors"),
        "ph.pl.show_all": gettext("Show all {count}"),
        "ph.pl.more.one": gettext("{count} more in the PDF"),
        "ph.pl.more.other": gettext("{count} more in the PDF"),
        "ph.pl.supports.one": gettext("{count} support"),
        "ph.pl.supports.other": gettext("{count} supports"),
        "ph.pl.in.one": gettext("{count} is in"),
        "ph.pl.in.other": gettext("{count} are in"),
        "ph.pl.pdf": gettext("Download PDF"),
        "ph.pl.downloading": gettext("Getting the PDF…"),
        "ph.pl.new": gettext("New plenary: number {number}."),
        "ph.pl.file": gettext("plenary-{number}.pdf"),
        "ph.pl.report_file": gettext("report.pdf"),
        # The organiser's edit form.
        "org.edit": gettext("Edit"),
        "org.edit_title": gettext("Edit “{title}”"),
        "org.saved": gettext("Saved. Everyone sees the change now."),
        "org.break_starts": gettext("Break from"),
        "org.break_ends": gettext("to"),
        "org.break_remove": gettext("Remove break"),
    }
