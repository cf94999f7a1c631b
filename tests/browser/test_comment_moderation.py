"""Comments moderated from the facilitator's page; the help text on its author's phone only."""

from __future__ import annotations

from .conftest import LAPTOP, PHONE, post_card
from .pages import expect, open_facilitator, open_phone, phone_card


def open_comments(page, text: str):
    """Open the comments of the phone's card with ``text``; return the card."""
    card = phone_card(page, text)
    card.locator(".card__tools .tool-row button.btn--quiet").first.tap()
    return card


def send_comment(page, text_of_card: str, comment: str):
    """Write and send a comment on the phone's card with ``text_of_card``."""
    card = open_comments(page, text_of_card)
    card.locator("textarea").fill(comment)
    card.locator(".tool-panel form button[type=submit]").tap()
    return card


def test_a_waiting_comment_is_approved_from_the_queue_and_reaches_another_phone(
        open_context, live_server, workshop):
    post_card(live_server, workshop, "Lektiecafé på biblioteket")
    facilitator = open_facilitator(open_context(**LAPTOP, locale="da-DK"), workshop)
    author = open_phone(open_context(**PHONE, locale="da-DK"), workshop)
    other = open_phone(open_context(**PHONE, locale="da-DK"), workshop)

    facilitator.locator("#set-premoderation").check()
    facilitator.locator("#settings-form button[type=submit]").click()
    expect(facilitator.locator("#settings-status")).not_to_be_empty()

    card = send_comment(author, "Lektiecafé", "Kan man også få hjælp til matematik?")
    expect(card.locator(".comment")).to_contain_text("Venter på godkendelse")
    queued = facilitator.locator("#queue-comments li", has_text="hjælp til matematik")
    expect(queued).to_have_count(1)
    expect(facilitator.locator("#queue")).to_be_visible()
    expect(queued).to_contain_text("Lektiecafé på biblioteket")
    other_card = open_comments(other, "Lektiecafé")
    expect(other_card.locator(".comment")).to_have_count(0)

    queued.locator("button[data-comment-action=approve]").click()
    expect(facilitator.locator("#mod-status")).to_contain_text("godkendt")
    expect(other_card.locator(".comment", has_text="hjælp til matematik")).to_have_count(1)
    expect(card.locator(".comment")).not_to_contain_text("Venter på godkendelse")
    shown = facilitator.locator("#themes .fc-comment", has_text="hjælp til matematik")
    expect(shown).to_have_count(1)

    # Hidden from the facilitator's page: gone from the other phone; its author is told.
    shown.locator("button[data-comment-action=hide]").click()
    expect(other_card.locator(".comment", has_text="hjælp til matematik")).to_have_count(0)
    expect(author.locator("#private-notice")).to_be_visible()
    expect(author.locator("#private-notice")).to_contain_text("fjernet din kommentar")
    expect(other.locator("#private-notice")).to_be_hidden()
    expect(facilitator.locator("#themes .fc-comment--hidden",
                               has_text="hjælp til matematik")).to_have_count(1)


def test_a_flagged_post_shows_the_help_text_only_on_its_authors_phone(
        open_context, live_server, workshop):
    facilitator = open_facilitator(open_context(**LAPTOP, locale="da-DK"), workshop)
    author = open_phone(open_context(**PHONE, locale="da-DK"), workshop)
    other = open_phone(open_context(**PHONE, locale="da-DK"), workshop)

    author.locator("#theme").select_option(label="Fritid")
    author.locator("#text").fill("Ingen gider mig i klassen, jeg er altid alene")
    author.locator("#compose button[type=submit]").tap()
    notice = author.locator("#private-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("116 111")
    expect(notice).to_contain_text("Kun du kan se denne besked")

    # The post itself is on the board as usual; the other phone sees no help text.
    expect(phone_card(other, "Ingen gider mig")).to_have_count(1)
    expect(other.locator("#private-notice")).to_be_hidden()
    assert "116 111" not in other.content()
    # The facilitator sees a discreet mark, not the help text.
    flagged = facilitator.locator("#themes li", has_text="Ingen gider mig")
    expect(flagged.locator(".fc-mark--care")).to_have_count(1)
    assert "116 111" not in facilitator.content()

    author.locator("#private-notice-close").tap()
    expect(notice).to_be_hidden()
