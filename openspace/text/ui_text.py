"""Strings for the page scripts (static/js), translated at request time.

Templates render ``js_strings()`` as JSON in ``<script type="application/json" id="i18n">``;
``OpenSpace.t(key, params)`` in static/js/common.js looks them up. Placeholders are
``{name}`` (filled in the browser, never by gettext), so no ``%`` formatting happens here.
Plurals: Danish and English both have two forms, kept as ``key.one`` / ``key.other``.
"""

from __future__ import annotations

from flask_babel import gettext

from .ui_text_alliance_summary import alliance_summary_strings
from .ui_text_alliances import alliances_strings
from .ui_text_away import away_strings
from .ui_text_comments import comments_strings
from .ui_text_focus import focus_strings
from .ui_text_followup import followup_strings
from .ui_text_participation import participation_strings
from .ui_text_plenaries import plenary_strings
from .ui_text_projector import projector_strings
from .ui_text_series import series_strings
from .ui_text_toolkit import toolkit_strings


def js_strings() -> dict[str, str]:
    """Return every string the page scripts need, in the request's language."""
    return {
        # Kinds of cards.
        "kind.idea": gettext("Idea"),
        "kind.actor": gettext("Actor"),
        "kind.initiative": gettext("Initiative"),
        # Languages (workshop list on the organiser page).
        "language.da": gettext("Danish"),
        "language.en": gettext("English"),
        # Connection status line.
        "status.connecting": gettext("Connecting…"),
        "status.connected": gettext("Connected"),
        "status.reconnecting": gettext("Reconnecting…"),
        "status.offline": gettext("No connection"),
        "status.offline_phone": gettext(
            "No connection. Your cards are kept on this device and sent when you are back online."
        ),
        "status.gone": gettext("This workshop no longer exists."),
        # Generic errors.
        "error.generic": gettext("Something went wrong. Please try again."),
        "error.network": gettext("Could not reach the server. Check your connection."),
        # The post form on the phone page.
        "form.text_label.idea": gettext("Your idea"),
        "form.text_label.actor": gettext("Who can help?"),
        "form.text_label.initiative": gettext("What should be done?"),
        "form.placeholder.idea": gettext("Write your idea here"),
        "form.placeholder.actor": gettext("Write the name of the person or organisation"),
        "form.placeholder.initiative": gettext("Write what should be done"),
        "form.choose_theme": gettext("Choose a theme first."),
        "form.write_something": gettext("Write something first."),
        "form.too_long": gettext("The text is too long. At most {max} characters."),
        "form.locked": gettext(
            "The board is locked for now. Your text stays here until it opens again."
        ),
        "form.sending": gettext("Sending…"),
        "form.sent": gettext("Sent! Your card is on the board."),
        "form.saved_offline": gettext(
            "Saved on your phone. It will be sent when the connection is back."
        ),
        "counter.left.one": gettext("{count} character left"),
        "counter.left.other": gettext("{count} characters left"),
        # Cards.
        "card.anonymous": gettext("Anonymous"),
        "card.by_facilitator": gettext("Facilitator"),
        "card.by_facilitator_named": gettext("{name} (facilitator)"),
        "card.yours": gettext("Yours"),
        "card.sending": gettext("Sending…"),
        "card.failed": gettext("Not sent: {message}"),
        "card.edit_again": gettext("Edit and try again"),
        "card.hidden": gettext("Hidden"),
        "card.hide": gettext("Hide"),
        "card.restore": gettext("Show again"),
        **participation_strings(),
        # The board.
        "board.loading": gettext("Loading the cards…"),
        "board.empty": gettext("No cards yet. Be the first to share!"),
        "board.no_match": gettext("No cards match your choice."),
        "board.showing": gettext("Showing {shown} of {total} cards"),
        "board.count.one": gettext("{count} card"),
        "board.count.other": gettext("{count} cards"),
        "presence.connected.one": gettext("{count} online now"),
        "presence.connected.other": gettext("{count} online now"),
        # Facilitator page.
        "facilitator.no_theme": gettext("Without a theme"),
        "facilitator.hidden_count.one": gettext("{count} hidden card"),
        "facilitator.hidden_count.other": gettext("{count} hidden cards"),
        "facilitator.hidden_done": gettext("The card is hidden."),
        "facilitator.restored_done": gettext("The card is shown again."),
        "facilitator.added": gettext("The card is on the board."),
        "facilitator.state_open": gettext("Participants can post."),
        "facilitator.state_locked": gettext("The board is locked: participants cannot post."),
        "facilitator.lock": gettext("Lock the board"),
        "facilitator.unlock": gettext("Open the board again"),
        "plenary.starting": gettext("Making the summary…"),
        "plenary.title": gettext("Plenary {number}"),
        "plenary.window": gettext("What came up from {start} to {end}"),
        "plenary.counts": gettext("{cards} new cards from {people} people"),
        "plenary.note": gettext("Said in the plenary"),
        "plenary.nothing": gettext("Nothing new on the board this time."),
        "plenary.back": gettext("Back to the board"),
        "countdown.next": gettext("Next plenary in {time}"),
        "countdown.now": gettext("Plenary now"),
        "plenary.ready": gettext("Plenary {number} is ready."),
        "plenary.item": gettext("Plenary {number}, {time}"),
        "plenary.download": gettext("Download PDF of plenary {number}"),
        "plenary.new_cards.one": gettext("{count} new card"),
        "plenary.new_cards.other": gettext("{count} new cards"),
        "plenary.scheduled": gettext("Scheduled"),
        "plenary.none": gettext("No plenaries yet."),
        "plenary.next": gettext("Next scheduled plenary at {time}"),
        "plenary.next_none": gettext("No more scheduled plenaries today."),
        "plenary.notes": gettext("Notes"),
        "plenary.note_label": gettext("Notes from plenary {number}"),
        "plenary.note_add": gettext("Write notes"),
        "plenary.note_edit": gettext("Edit notes"),
        "plenary.note_save": gettext("Save notes"),
        "plenary.note_cancel": gettext("Cancel"),
        "plenary.note_saving": gettext("Saving…"),
        "plenary.note_saved": gettext("The notes are saved. The PDF is being made again."),
        # PDF files (facilitator page and downloads page).
        "pdf.ready": gettext("PDF ready · {size}"),
        "pdf.pending": gettext("Making the PDF…"),
        "pdf.download": gettext("Download PDF"),
        "pdf.downloading": gettext("Fetching the PDF…"),
        "pdf.downloaded": gettext("The PDF is downloaded."),
        "report.making": gettext("Making the report. It can take a little while…"),
        "poster.making": gettext("Making the poster…"),
        "file.plenary": gettext("plenary-{number}.pdf"),
        "file.report": gettext("full-day-report.pdf"),
        "file.poster": gettext("qr-poster.pdf"),
        "downloads.loading": gettext("Loading the list…"),
        "downloads.updated": gettext("The list is up to date."),
        # Organiser page.
        "organiser.loading": gettext("Loading the workshops…"),
        "organiser.none": gettext("No workshops yet."),
        "organiser.cards.one": gettext("{count} card"),
        "organiser.cards.other": gettext("{count} cards"),
        "organiser.created": gettext("created {when}"),
        "organiser.join_link": gettext("Join link"),
        "organiser.join_code": gettext("Join code"),
        "organiser.open_facilitator": gettext("Open the facilitator view"),
        "organiser.open_projector": gettext("Open projector view"),
        "organiser.qr_png": gettext("Download QR code (PNG)"),
        "organiser.downloads": gettext("Download PDFs"),
        "organiser.day": gettext("{date}, {time}"),
        "organiser.date_missing": gettext("Choose the date of the day."),
        "organiser.time_missing": gettext("Write when the day starts and ends, e.g. 09:00."),
        "organiser.end_before_start": gettext("The day must end after it starts."),
        "organiser.key_missing": gettext("Paste the organiser key first."),
        "organiser.key_wrong": gettext("The organiser key is not right."),
        "organiser.title_missing": gettext("Give the workshop a title."),
        "organiser.themes_missing": gettext("Write at least one theme."),
        "organiser.themes_too_many": gettext("At most {max} themes."),
        "organiser.every_range": gettext("Choose between 5 and 1440 minutes."),
        "organiser.creating": gettext("Creating the workshop…"),
        "copy.done": gettext("The link is copied."),
        "copy.done_short": gettext("Copied"),
        "copy.failed": gettext("Could not copy. Select the link and copy it yourself."),
        # Own data (mine.html) and deleting a workshop (delete_workshop.html).
        "mine.empty": gettext("Nothing."),
        "mine.delete": gettext("Delete"),
        "mine.withdraw": gettext("Withdraw"),
        "mine.delete_named": gettext("Delete “{what}”"),
        "mine.withdraw_named": gettext("Withdraw “count me in” on “{what}”"),
        "mine.confirm_item": gettext("Delete this for good?"),
        "mine.confirm_all": gettext(
            "Delete everything about you in this workshop? It cannot be undone."),
        "mine.deleted": gettext("Deleted. It is gone from every screen."),
        "mine.all_deleted": gettext("Everything about you in this workshop is deleted."),
        "mine.no_name": gettext("You have not given a name: you are anonymous."),
        "mine.on_card": gettext("On the card: {text}"),
        "mine.card_gone": gettext("On a card that is not shown any more."),
        "mine.as_name": gettext("Name: {name}"),
        "mine.contact": gettext("Contact: {contact}"),
        "mine.hidden": gettext("Hidden by the facilitator."),
        "mine.pending": gettext("Waiting for approval."),
        "mine.link": gettext("An actor card linked to an initiative or idea."),
        "organiser.delete": gettext("Export or delete the workshop"),
        "delete.exported": gettext("The export is downloaded."),
        "delete.confirm_missing": gettext("Tick the box first to confirm."),
        "delete.deleting": gettext("Deleting the workshop…"),
        "delete.done": gettext("The workshop and all its data are deleted."),
        **toolkit_strings(),
        **series_strings(),
        **comments_strings(),
        **plenary_strings(),
        **projector_strings(),
        **alliance_summary_strings(),
        **followup_strings(),
        **alliances_strings(),
        **focus_strings(),
        **away_strings(),
    }
