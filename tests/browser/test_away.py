"""Issue 14 gaps in Chromium: comments written offline, authors told after being away, and
edits screened by the safe room, on a 360 px phone in Danish."""

from __future__ import annotations

from ..helpers import base
from .conftest import PHONE, post_card
from .pages import expect, open_phone, phone_card, post_from_phone


def comments_panel(phone, text):
    """Open the comments of the card with ``text``; return (card, panel textarea, card)."""
    card = phone_card(phone, text)
    card.locator("button", has_text="Kommentarer").tap()
    return card, card.locator("textarea")


def server_comments(live_server, workshop):
    """Return the texts of every comment on the board (the facilitator's view)."""
    board = live_server.api("GET", base(workshop), workshop["facilitator_token"]).json()
    return sorted(c["text"] for c in board["comments"])


def test_a_comment_written_offline_is_kept_waiting_sent_once_and_a_refusal_says_why(
        open_context, live_server, workshop):
    post_card(live_server, workshop, "Cykelværksted i kælderen")
    context = open_context(**PHONE, locale="da-DK")
    phone = open_phone(context, workshop)
    card, text = comments_panel(phone, "Cykelværksted i kælderen")
    context.set_offline(True)
    expect(phone.locator("#conn")).not_to_have_attribute("data-state", "connected")
    text.fill("Hvornår åbner det?")
    card.locator("button[type=submit]").tap()
    waiting = card.locator(".comment--queued")
    expect(waiting).to_contain_text("Hvornår åbner det?")
    expect(waiting).to_contain_text("Ikke sendt endnu")
    expect(card).to_contain_text("Gemt på din telefon")
    assert server_comments(live_server, workshop) == []
    stored = phone.evaluate("Object.keys(localStorage).filter(k => k.includes('comment-outbox'))"
                            ".map(k => localStorage.getItem(k)).join('')")
    assert "Hvornår åbner det?" in stored, "kept on the phone, not only on the screen"

    context.set_offline(False)
    expect(phone.locator("#conn")).to_have_attribute("data-state", "connected")
    expect(card.locator(".comment--queued")).to_have_count(0)
    expect(card.locator(".comment", has_text="Hvornår åbner det?")).to_have_count(1)
    expect(card).to_contain_text("Din kommentar er på kortet")
    assert server_comments(live_server, workshop) == ["Hvornår åbner det?"]

    # Written offline, refused on reconnect (the board was locked meanwhile): undone, and why.
    context.set_offline(True)
    expect(phone.locator("#conn")).not_to_have_attribute("data-state", "connected")
    text.fill("Kan jeg tage min cykel med?")
    card.locator("button[type=submit]").tap()
    expect(card.locator(".comment--queued")).to_have_count(1)
    assert live_server.api("POST", base(workshop) + "/lock",
                           workshop["facilitator_token"]).status_code == 200
    context.set_offline(False)
    expect(card.locator(".comment--queued")).to_have_count(0)
    expect(card).to_contain_text("Ikke sendt: Tavlen er låst lige nu")
    expect(card.locator(".comment", has_text="Kan jeg tage min cykel med?")).to_have_count(0)
    assert server_comments(live_server, workshop) == ["Hvornår åbner det?"]


def test_the_author_is_told_once_after_being_offline_or_away_and_nobody_else(
        open_context, live_server, workshop):
    fac = workshop["facilitator_token"]
    context = open_context(**PHONE, locale="da-DK")
    author = open_phone(context, workshop)
    other = open_phone(open_context(**PHONE, locale="da-DK"), workshop)
    post_from_phone(author, "Mere lys på stien")
    post_from_phone(author, "Fodbold om fredagen")
    expect(phone_card(other, "Fodbold om fredagen")).to_have_count(1)
    cards = {c["text"]: c["id"] for c in live_server.api("GET", base(workshop), fac).json()[
        "cards"]}
    notices = author.locator("#author-notices .author-notice")

    # Offline while the facilitator hides it: told on reconnect (the catch-up's reason).
    context.set_offline(True)
    expect(author.locator("#conn")).not_to_have_attribute("data-state", "connected")
    live_server.api("POST", base(workshop) + f"/cards/{cards['Mere lys på stien']}/hide", fac)
    context.set_offline(False)
    expect(notices).to_have_count(1)
    expect(notices.first).to_contain_text("taget dit kort “Mere lys på stien” af tavlen")
    expect(phone_card(author, "Mere lys på stien")).to_have_count(0)

    # Away (the page closed) while the other card is merged: told when the board opens again,
    # and what was told already is not told twice.
    author.close()
    kept = post_card(live_server, workshop, "Fodbold og musik fredag aften")
    live_server.api("POST", base(workshop) + f"/cards/{cards['Fodbold om fredagen']}/merge", fac,
                    json={"into": kept["id"]})
    author = open_phone(context, workshop)
    notices = author.locator("#author-notices .author-notice")
    expect(notices).to_have_count(1)
    expect(notices.first).to_contain_text("“Fodbold om fredagen” er lagt sammen")
    expect(notices.first).to_contain_text("Fodbold og musik fredag aften")
    author.reload()
    expect(author.locator("#conn")).to_have_attribute("data-state", "connected")
    expect(author.locator("#author-notices .author-notice")).to_have_count(0)

    # A comment removed while away: the private notice after a reload, once.
    own = live_server.api("POST", base(workshop) + f"/cards/{kept['id']}/comments",
                          author.evaluate("JSON.parse(localStorage.getItem("
                                          "Object.keys(localStorage).find(k => "
                                          "k.startsWith('openspace.participant.')))).token"),
                          json={"client_id": "k1", "text": "Jeg tager bolden med"}).json()
    author.close()
    live_server.api("POST", base(workshop) + f"/comments/{own['id']}/hide", fac)
    author = open_phone(context, workshop)
    expect(author.locator("#private-notice")).to_be_visible()
    expect(author.locator("#private-notice")).to_contain_text(
        "fjernet din kommentar “Jeg tager bolden med”")
    author.reload()
    expect(author.locator("#conn")).to_have_attribute("data-state", "connected")
    expect(author.locator("#private-notice")).to_be_hidden()

    # The other phone was never told anything.
    expect(other.locator("#author-notices")).to_be_empty()
    expect(other.locator("#private-notice")).to_be_hidden()


def test_an_edit_with_a_listed_word_waits_and_a_distress_edit_shows_the_help(
        open_context, live_server, workshop):
    context = open_context(**PHONE, locale="da-DK")
    author = open_phone(context, workshop)
    other = open_phone(open_context(**PHONE, locale="da-DK"), workshop)
    post_from_phone(author, "Fællesspisning i hallen")
    post_from_phone(author, "Skolen om morgenen")
    expect(phone_card(other, "Skolen om morgenen")).to_have_count(1)

    card = phone_card(author, "Fællesspisning i hallen")
    card.locator("button", has_text="Ret").tap()
    card.locator("textarea").fill("Fællesspisning for alle idioter")
    card.locator("form button[type=submit]").tap()
    waiting = author.locator("#cards .card", has_text="alle idioter")
    expect(waiting).to_contain_text("Venter på godkendelse")
    expect(waiting).to_contain_text("Dit kort venter på godkendelse fra facilitator")
    expect(other.locator("#cards .card", has_text="Fællesspisning")).to_have_count(0)

    card = phone_card(author, "Skolen om morgenen")
    card.locator("button", has_text="Ret").tap()
    card.locator("textarea").fill("Jeg bliver mobbet hver dag og orker ikke skolen")
    card.locator("form button[type=submit]").tap()
    expect(author.locator("#private-notice")).to_be_visible()
    expect(author.locator("#private-notice")).to_contain_text("116 111")
    expect(phone_card(other, "mobbet hver dag")).to_have_count(1)
    expect(other.locator("#private-notice")).to_be_hidden()
    assert "116 111" not in other.content()
