"""Issue 14 in Chromium: search on the facilitator page and the phone (Danish letters
folded), the queue badge, the sign-up list, paper notes and the join page for a wrong code."""

from __future__ import annotations

import re

from .. import helpers
from ..helpers import ORGANISER_TOKEN, base
from .axe import axe_violations, describe
from .conftest import LAPTOP, PHONE, post_card
from .pages import (
    expect,
    open_facilitator,
    open_phone,
    open_projector,
    phone_card,
    post_from_phone,
)


def test_search_folds_danish_letters_and_counts_per_filter(open_context, live_server, workshop):
    post_card(live_server, workshop, "Fællesspisning på skolen", kind="idea")
    post_card(live_server, workshop, "Gåtur ved søen hver søndag", kind="initiative")
    post_card(live_server, workshop, "Biblioteket låner lokaler ud", kind="actor")
    facilitator = open_facilitator(open_context(**PHONE, locale="da-DK"), workshop)
    cards = facilitator.locator("#themes li.card:visible")
    expect(cards).to_have_count(3)
    search = facilitator.locator("#fac-search")
    search.fill("lektiecafé")
    expect(cards).to_have_count(0)
    search.fill("SOEEN")  # case and "ø" folded: finds "søen"
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Gåtur ved søen")
    search.fill("gaatur")
    expect(cards).to_have_count(1)
    search.fill("FAELLES")
    expect(cards).to_have_count(1)
    expect(facilitator.locator("#fac-search-count")).to_contain_text("Viser 1 af 3")
    search.fill("")
    expect(facilitator.locator('#fac-filters [data-filter="actor"] .chip__count')).to_have_text("1")
    facilitator.locator('#fac-filters [data-filter="initiative"]').tap()
    expect(cards).to_have_count(1)

    # The phone's board finds the same way, and its chips count what the search finds.
    phone = open_phone(open_context(**PHONE, locale="da-DK"), workshop)
    phone.locator("#phone-search").fill("søen")
    expect(phone.locator("#cards li.card:visible")).to_have_count(1)
    kinds = phone.locator("#filter-kind")
    expect(kinds.locator('[data-value="initiative"]')).to_have_attribute("data-count", "1")
    expect(kinds.locator('[data-value="idea"]')).to_have_attribute("data-count", "0")


def test_the_queue_badge_jumps_to_the_waiting_cards(open_context, live_server, workshop):
    live_server.api("PATCH", base(workshop) + "/settings", workshop["facilitator_token"],
                    json={"premoderation": True})
    person = helpers.join(live_server, workshop)
    helpers.post_card(live_server, workshop, person["token"], "q1", text="Vent på mig")
    facilitator = open_facilitator(open_context(**PHONE, locale="da-DK"), workshop)
    badge = facilitator.locator("#queue-badge")
    expect(badge).to_be_visible()
    expect(badge).to_contain_text("1 kort venter på godkendelse")
    facilitator.locator("#fac-search").fill("noget helt andet")  # the queue filtered away
    expect(facilitator.locator("#queue-list li", has_text="Vent på mig")).to_be_hidden()
    badge.tap()
    expect(facilitator.locator("#fac-search")).to_have_value("")
    expect(facilitator.locator("#queue-list li", has_text="Vent på mig")).to_be_in_viewport()
    facilitator.locator("#queue-list [data-action=approve]").tap()
    expect(badge).to_be_hidden()


def test_the_signup_list_and_paper_notes_on_the_facilitator_page(open_context, live_server,
                                                                 workshop):
    card = post_card(live_server, workshop, "Lektiecafé i klubben", kind="initiative")
    person = helpers.join(live_server, workshop)
    live_server.api("PUT", base(workshop) + f"/cards/{card['id']}/commitment", person["token"],
                    json={"name": "Sofie Hansen", "contact": "sofie@example.dk", "consent": True})
    live_server.api("POST", base(workshop) + "/cards/bulk", workshop["facilitator_token"],
                    json={"client_id": "paper", "theme_id": workshop["themes"][0]["id"],
                          "kind": "idea", "text": "Skrevet på en seddel"})
    facilitator = open_facilitator(open_context(**LAPTOP, locale="da-DK"), workshop)
    facilitator.locator("#signups-show").click()
    entry = facilitator.locator("#signups-list .signup", has_text="Lektiecafé i klubben")
    expect(entry).to_contain_text("Sofie Hansen")
    expect(entry).to_contain_text("sofie@example.dk")
    found = axe_violations(facilitator)
    assert found == [], describe(found)
    # A second sign-up shows up while the list is open.
    other = helpers.join(live_server, workshop)
    live_server.api("PUT", base(workshop) + f"/cards/{card['id']}/commitment", other["token"],
                    json={"name": "Ahmed"})
    expect(entry).to_contain_text("Ahmed")
    paper = facilitator.locator("#themes li.card", has_text="Skrevet på en seddel")
    expect(paper.locator(".card__author")).to_have_text("fra papir")
    with facilitator.expect_download() as download:
        facilitator.locator("#signups-pdf").click()
    assert download.value.suggested_filename.endswith(".pdf")


def test_a_wrong_join_code_offers_the_field_again(open_context, live_server, workshop):
    page = open_context(**PHONE, locale="da-DK").new_page()
    page.goto(live_server.url + "/j/FORKERT9")
    expect(page.locator('[role="alert"]')).to_contain_text("FORKERT9")
    field = page.locator("#join-code")
    expect(field).to_be_focused()
    found = axe_violations(page)
    assert found == [], describe(found)
    field.fill(workshop["join_code"])
    page.locator(".join-form button[type=submit]").tap()
    expect(page.locator("#conn")).to_have_attribute("data-state", "connected")


def test_the_post_form_is_on_the_first_screen_of_a_phone(open_context, live_server, workshop):
    page = open_phone(open_context(**PHONE, locale="da-DK"), workshop)
    notice = page.locator(".privacy-notice").bounding_box()
    form = page.locator("#compose").bounding_box()
    theme = page.locator("#theme").bounding_box()
    # The notice stays above the form, short, and the form starts on the first screen.
    assert notice["y"] + notice["height"] <= form["y"]
    assert notice["height"] < 200
    assert theme["y"] + theme["height"] <= 740
    # The whole notice is one tap away.
    page.locator(".privacy-notice__more summary").tap()
    expect(page.locator(".privacy-notice__text")).to_be_visible()


def test_a_locked_board_shows_one_indicator(open_context, live_server, workshop):
    facilitator = open_facilitator(open_context(**PHONE, locale="da-DK"), workshop)
    facilitator.locator("#lock-toggle").tap()
    expect(facilitator.locator("#lock-state")).to_have_attribute("data-state", "locked")
    expect(facilitator.locator("#lock-toggle")).to_have_text("Åbn tavlen igen")
    panel = facilitator.locator("section[aria-labelledby=lock-title]")
    assert panel.inner_text().count("Tavlen er låst") == 1, panel.inner_text()
    expect(facilitator.locator("#lock-status")).to_be_empty()


def test_the_wall_shows_its_sort_without_hover_and_beside_the_legend(open_context, live_server,
                                                                      workshop):
    for size in ({"width": 1920, "height": 1080}, {"width": 1280, "height": 720}):
        wall = open_projector(open_context(viewport=size, locale="da-DK"), live_server, workshop)
        wall.mouse.move(size["width"] // 2, size["height"] - 10)  # the pointer is not on the header
        sort = wall.locator("#pj-sort")
        expect(sort).to_have_text("Nyeste først")
        assert wall.evaluate("getComputedStyle(document.querySelector('.pj-tools')).opacity") == "1"
        a, b = sort.bounding_box(), wall.locator(".legend").bounding_box()
        apart = a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"] or \
            a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"]
        assert apart, (a, b)
    # The facilitator changes the order: every wall says so at once.
    changed = live_server.api("PATCH", base(workshop) + "/projector", live_server.admin_token,
                              json={"sort": "support"})
    assert changed.status_code == 200, changed.text
    expect(sort).to_have_text("Mest støttede først")


def test_an_author_moves_their_card_and_the_facilitator_changes_a_kind(open_context, live_server,
                                                                       workshop):
    author = open_phone(open_context(**PHONE, locale="da-DK"), workshop)
    other = open_phone(open_context(**PHONE, locale="da-DK"), workshop)
    post_from_phone(author, "Skaterbane bag hallen")
    mine = phone_card(author, "Skaterbane bag hallen")
    mine.get_by_role("button", name="Ret").tap()
    mine.get_by_label("Tema").select_option(label=workshop["themes"][1]["title"])
    mine.get_by_label("Type", exact=True).select_option("initiative")
    mine.get_by_role("button", name="Gem").tap()
    seen = phone_card(other, "Skaterbane bag hallen")
    expect(seen).to_have_attribute("data-theme", workshop["themes"][1]["id"])
    expect(seen).to_have_attribute("data-kind", "initiative")

    facilitator = open_facilitator(open_context(**LAPTOP, locale="da-DK"), workshop)
    card = facilitator.locator("#themes li.card", has_text="Skaterbane bag hallen")
    card.locator("[data-action=edit]").click()
    card.get_by_label("Type", exact=True).select_option("idea")
    card.get_by_role("button", name="Gem").click()
    expect(seen).to_have_attribute("data-kind", "idea")


def test_authors_are_told_privately_when_their_card_is_hidden_rejected_or_merged(
        open_context, live_server, workshop):
    author = open_phone(open_context(**PHONE, locale="da-DK"), workshop)
    other = open_phone(open_context(**PHONE, locale="da-DK"), workshop)
    fac = workshop["facilitator_token"]
    cards_path = base(workshop) + "/cards/"
    post_from_phone(author, "Mere lys på stien")
    post_from_phone(author, "Fodbold om fredagen")
    expect(phone_card(other, "Fodbold om fredagen")).to_have_count(1)
    ids = {c["text"]: c["id"] for c in live_server.api("GET", base(workshop), fac).json()["cards"]}
    kept = post_card(live_server, workshop, "Fodbold og musik fredag aften")
    live_server.api("POST", cards_path + ids["Mere lys på stien"] + "/hide", fac)
    live_server.api("POST", cards_path + ids["Fodbold om fredagen"] + "/merge", fac,
                    json={"into": kept["id"]})
    notices = author.locator("#author-notices")
    expect(notices).to_contain_text("taget dit kort “Mere lys på stien” af tavlen")
    expect(notices).to_contain_text("“Fodbold om fredagen” er lagt sammen")
    live_server.api("PATCH", base(workshop) + "/settings", fac, json={"premoderation": True})
    post_from_phone(author, "Grillaften")
    expect(author.locator("#cards .card", has_text="Grillaften")).to_contain_text("Venter")
    pending = next(c for c in live_server.api("GET", base(workshop), fac).json()["cards"]
                   if c["text"] == "Grillaften")
    live_server.api("POST", cards_path + pending["id"] + "/hide", fac)
    expect(notices).to_contain_text("valgt ikke at vise dit kort “Grillaften”")
    # Nobody else is told anything.
    expect(phone_card(other, "Fodbold om fredagen")).to_have_count(0)
    expect(other.locator("#author-notices")).to_be_empty()
    author.locator("#author-notices button").first.tap()
    expect(notices.locator(".author-notice")).to_have_count(2)


def test_a_second_tab_shows_supports_left_live(open_context, live_server, workshop):
    live_server.api("PATCH", base(workshop) + "/settings", workshop["facilitator_token"],
                    json={"support_cap": 3})
    post_card(live_server, workshop, "Bænke ved søen")
    context = open_context(**PHONE, locale="da-DK")
    first = open_phone(context, workshop)
    second = open_phone(context, workshop)  # the same phone, another tab
    expect(second.locator("#supports-left")).to_contain_text("3")
    phone_card(first, "Bænke ved søen").locator("button[aria-pressed]").first.tap()
    expect(second.locator("#supports-left")).to_contain_text("2")
    expect(phone_card(second, "Bænke ved søen").locator("button[aria-pressed]").first
           ).to_have_attribute("aria-pressed", "true")


def test_the_organiser_makes_a_new_facilitator_link(open_context, live_server, workshop):
    old_page = open_facilitator(open_context(**LAPTOP, locale="da-DK"), workshop)
    organiser = open_context(**LAPTOP, locale="da-DK").new_page()
    organiser.goto(f"{live_server.url}/organiser?lang=da#token={ORGANISER_TOKEN}")
    organiser.on("dialog", lambda dialog: dialog.accept())
    organiser.locator(f'button[data-reissue="{workshop["id"]}"]').click()
    field = organiser.get_by_label("Den nye facilitatorlink (den gamle virker ikke længere):")
    expect(field).to_have_value(re.compile("#token="))
    new_url = field.input_value()
    assert workshop["facilitator_token"] not in new_url
    # Whoever holds the old link is out; the new link opens the page.
    expect(old_page.locator("#auth-missing")).to_be_visible()
    fresh = open_context(**LAPTOP, locale="da-DK").new_page()
    fresh.goto(new_url)
    expect(fresh.locator("#conn")).to_have_attribute("data-state", "connected")


def test_after_creating_a_workshop_the_import_goes_to_it(open_context, live_server, workshop):
    organiser = open_context(**LAPTOP, locale="da-DK").new_page()
    organiser.goto(f"{live_server.url}/organiser?lang=da#token={ORGANISER_TOKEN}")
    select = organiser.locator("#t-workshop")
    expect(select.locator(f'option[value="{workshop["id"]}"]')).to_have_count(1)
    select.select_option(workshop["id"])
    organiser.locator("#c-title").fill("Sommerværksted i Hvalsø")
    organiser.locator("#c-themes").fill("Fritid\nSkole")
    organiser.locator("#create-form button[type=submit]").click()
    expect(organiser.locator("#r-fac-url")).to_have_value(re.compile("#token="))
    new_id = re.search(r"/f/([^/#]+)#", organiser.locator("#r-fac-url").input_value()).group(1)
    assert new_id != workshop["id"]
    expect(select).to_have_value(new_id)
    expect(organiser.locator("#t-import")).to_be_disabled()


def test_a_support_given_offline_is_queued_and_sent_on_reconnect(open_context, live_server,
                                                                   workshop):
    live_server.api("PATCH", base(workshop) + "/settings", workshop["facilitator_token"],
                    json={"support_cap": 3})
    card = post_card(live_server, workshop, "Cykelværksted i kælderen")
    context = open_context(**PHONE, locale="da-DK")
    phone = open_phone(context, workshop)
    mine = phone_card(phone, "Cykelværksted i kælderen")
    context.set_offline(True)
    expect(phone.locator("#conn")).not_to_have_attribute("data-state", "connected")
    mine.locator("button[aria-pressed]").first.tap()
    expect(mine.locator("button[aria-pressed]").first).to_have_attribute("aria-pressed", "true")
    expect(mine).to_contain_text("Gemt på din telefon")
    expect(phone.locator("#supports-left")).to_contain_text("2")
    context.set_offline(False)
    expect(phone.locator("#conn")).to_have_attribute("data-state", "connected")
    expect(mine).not_to_contain_text("Gemt på din telefon")
    board = live_server.api("GET", base(workshop), workshop["facilitator_token"]).json()
    assert next(c for c in board["cards"] if c["id"] == card["id"])["supports"] == 1
