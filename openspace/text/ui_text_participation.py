"""Strings for the participant's card tools (static/js/participation.js), merged into
``ui_text.js_strings``. Placeholders are ``{name}``, filled in the browser."""

from __future__ import annotations

from flask_babel import gettext


def participation_strings() -> dict[str, str]:
    """Return the strings of support, "Jeg er med", comments, links and card editing."""
    return {
        "support.button": gettext("Support"),
        "support.supported": gettext("You support this"),
        "support.count.one": gettext("{count} support"),
        "support.count.other": gettext("{count} supports"),
        "support.left.one": gettext("You have {count} support left"),
        "support.left.other": gettext("You have {count} supports left"),
        "commit.button": gettext("Count me in"),
        "commit.yours": gettext("You are in"),
        "commit.count.one": gettext("{count} is in"),
        "commit.count.other": gettext("{count} are in"),
        "commit.name": gettext("Your name (optional)"),
        "commit.consent": gettext(
            "The facilitator and the organiser may contact me about this initiative"),
        "commit.contact": gettext("Phone or email"),
        "commit.contact_hint": gettext(
            "Only the facilitator and the organiser can see it. You can take it back at any time."),
        "commit.withdraw": gettext("Take me off"),
        "commit.done": gettext("You are in. Thank you!"),
        "commit.withdrawn": gettext("You are no longer in. Your details are deleted."),
        "common.save": gettext("Save"),
        "common.cancel": gettext("Cancel"),
        "comments.toggle": gettext("Comments ({count})"),
        "comments.label": gettext("Write a question or a comment"),
        "comments.send": gettext("Send"),
        "comments.none": gettext("No comments yet."),
        "comments.sent": gettext("Your comment is on the card."),
        "comments.sent_pending": gettext(
            "Sent! Your comment is waiting for the facilitator's approval."),
        "comments.delete_label": gettext("Delete your comment “{text}”"),
        "pending": gettext("Waiting for approval"),
        "card.edit": gettext("Edit"),
        "card.delete": gettext("Delete"),
        "card.delete_confirm": gettext("Delete this card? This cannot be undone."),
        "card.edited": gettext("edited"),
        "card.deleted_done": gettext("The card is deleted."),
        "card.saved": gettext("Your changes are saved."),
        "card.text": gettext("Text"),
        "card.organisation": gettext("Organisation (optional)"),
        "link.button": gettext("Can help with…"),
        "link.choose": gettext("Choose an initiative or an idea"),
        "link.save": gettext("Link"),
        "link.done": gettext("The link is made."),
        "link.helps_with": gettext("Can help with:"),
        "link.helped_by": gettext("Actors who can help:"),
        "link.remove": gettext("Remove"),
        "link.remove_label": gettext("Remove the link to “{text}”"),
        "link.none_targets": gettext("There are no initiatives or ideas to choose yet."),
        "sdg.label": gettext("UN global goals"),
        "form.sent_pending": gettext(
            "Sent! Your card is waiting for the facilitator's approval. "
            "Until then only you can see it."),
    }
