"""The same idea twice on the facilitator page: "ligner 1 kort", merged with one tap, and a
theme's cards grouped by likeness. The phone that posted it is never told anything."""

from __future__ import annotations

from .. import helpers
from .conftest import LAPTOP, PHONE, post_card
from .pages import expect, open_facilitator, open_phone, phone_card, post_from_phone


def test_the_facilitator_sees_look_alikes_and_merges_them_in_one_tap(open_context, workshop,
                                                                     live_server):
    post_card(live_server, workshop, "Brætspilsaftener på biblioteket for unge og ældre")
    post_card(live_server, workshop, "Cykelværksted for unge om eftermiddagen")
    facilitator = open_facilitator(open_context(**LAPTOP, locale="da-DK"), workshop)
    phone = open_phone(open_context(**PHONE, locale="da-DK"), workshop)
    post_from_phone(phone, "brætspilsaften på biblioteket for ældre og unge")
    expect(phone_card(phone, "brætspilsaften på biblioteket")).to_have_count(1)
    expect(phone.get_by_text("ligner")).to_have_count(0)  # participants are never warned

    newer = facilitator.locator("#themes li", has_text="brætspilsaften på biblioteket for ældre")
    badge = newer.locator(".al-similar__badge")
    expect(badge).to_have_text("ligner 1 kort")
    expect(facilitator.locator("#themes li", has_text="Cykelværksted").locator(
        ".al-similar__badge")).to_have_count(0)
    badge.click()
    expect(badge).to_have_attribute("aria-expanded", "true")
    newer.locator(".al-similar__item button").click()
    expect(facilitator.locator("#mod-status")).to_contain_text("slået sammen")
    # The newer card went into the older one, which no longer looks like anything.
    expect(facilitator.locator("#themes li", has_text="for ældre og unge")).to_have_count(0)
    older = facilitator.locator("#themes li", has_text="Brætspilsaftener på biblioteket")
    expect(older).to_have_count(1)
    expect(older.locator(".al-similar__badge")).to_have_count(0)


def test_a_theme_grouped_by_likeness(open_context, workshop, live_server):
    for text in ("Fællesspisning i forsamlingshuset en gang om måneden",
                 "fælles spisning i forsamlingshuset hver måned",
                 "Krolfbane ved plejecenteret"):
        post_card(live_server, workshop, text)
    facilitator = open_facilitator(open_context(**LAPTOP, locale="da-DK"), workshop)
    facilitator.locator("#al-groups-form button[type=submit]").click()
    group = facilitator.locator("#al-groups .al-group")
    expect(group).to_have_count(1)
    expect(group.locator("h4")).to_have_text("Gruppe 1: 2 kort")
    expect(group).not_to_contain_text("Krolfbane")


def test_a_suggested_pair_is_confirmed_with_one_tap(open_context, workshop, live_server):
    helpers.post_card(live_server, workshop, workshop["facilitator_token"], "a1", kind="actor",
                      text="Vi har ledere og en spejderhytte til friluftsliv for unge",
                      organisation="FDF Hvalsø")
    post_card(live_server, workshop, "Fritidsguide: unge følges ind i en spejdergruppe",
              kind="initiative")
    facilitator = open_facilitator(open_context(**LAPTOP, locale="da-DK"), workshop)
    pair = facilitator.locator("#al-pairs li", has_text="FDF Hvalsø ↔ Fritidsguide")
    expect(pair).to_have_count(1)
    expect(facilitator.locator("#al-orgs")).to_contain_text("FDF Hvalsø (1 kort)")
    pair.get_by_role("button", name="Bekræft").click()
    expect(facilitator.locator("#mod-status")).to_contain_text("Koblet: FDF Hvalsø")
    expect(facilitator.locator("#al-pairs li", has_text="FDF Hvalsø")).to_have_count(0)


def test_the_phone_offers_the_best_fitting_initiative_first(open_context, workshop, live_server):
    post_card(live_server, workshop, "Krolfbane ved plejecenteret", kind="initiative")
    post_card(live_server, workshop, "Fællesspisning for ældre i forsamlingshuset",
              kind="initiative", theme=1)
    post_card(live_server, workshop, "Fritidsguide: unge følges ind i en spejdergruppe",
              kind="initiative")
    helpers.post_card(live_server, workshop, workshop["facilitator_token"], "a1", kind="actor",
                      text="Vi har ledere og en spejderhytte til friluftsliv for unge",
                      organisation="FDF Hvalsø")
    phone = open_phone(open_context(**PHONE, locale="da-DK"), workshop)
    card = phone_card(phone, "spejderhytte")
    card.get_by_role("button", name="Kan hjælpe med").click()
    first = card.locator("select option").first
    expect(first).to_contain_text("Fritidsguide")
    expect(card.locator("select option:checked")).to_contain_text("Fritidsguide")


def test_the_funders_figures_are_entered_on_the_facilitator_page(open_context, workshop,
                                                                 live_server):
    facilitator = open_facilitator(open_context(**LAPTOP, locale="da-DK"), workshop)
    facilitator.get_by_text("Tal til den, der støtter projektet").click()
    facilitator.locator("#al-indicators").fill(
        "Frivillige timer: 1.240\nuden kolon\nNye medlemmer: 35")
    facilitator.locator("#al-backbone").fill("Lejre Frivilligcenter")
    facilitator.locator("#al-funder-form button[type=submit]").click()
    expect(facilitator.locator("#al-orgs-status")).to_contain_text("Gemt")
    saved = live_server.api("GET", f"/api/v1/workshops/{workshop['id']}/alliance-settings",
                            workshop["facilitator_token"]).json()
    assert saved["indicators"] == [{"label": "Frivillige timer", "value": "1.240"},
                                   {"label": "Nye medlemmer", "value": "35"}]
    assert saved["backbone"] == "Lejre Frivilligcenter"


def test_look_alikes_update_live_asking_about_the_new_card_only(open_context, workshop,
                                                               live_server):
    """A card posted or edited while the facilitator page is open: "ligner 1 kort" appears
    (and goes) on both cards without a reload; the page asks about that card alone, never
    the whole board again; the phone that posted asks nothing and is told nothing."""
    post_card(live_server, workshop, "Cykelværksted for unge om eftermiddagen")
    facilitator = open_facilitator(open_context(**LAPTOP, locale="da-DK"), workshop)
    expect(facilitator.locator("#themes li", has_text="Cykelværksted")).to_have_count(1)
    asked = []
    facilitator.on("request", lambda r: asked.append(r.url) if "similar" in r.url else None)
    phone = open_phone(open_context(**PHONE, locale="da-DK"), workshop)
    phone_asked = []
    phone.on("request", lambda r: phone_asked.append(r.url) if "similar" in r.url else None)

    first = post_card(live_server, workshop, "Brætspilsaftener på biblioteket for unge og ældre")
    post_from_phone(phone, "brætspilsaften på biblioteket for ældre og unge")
    for text in ("Brætspilsaftener på biblioteket", "brætspilsaften på biblioteket for ældre"):
        expect(facilitator.locator("#themes li", has_text=text).locator(
            ".al-similar__badge")).to_have_text("ligner 1 kort")
    expect(facilitator.locator("#themes li", has_text="Cykelværksted").locator(
        ".al-similar__badge")).to_have_count(0)
    assert asked and all("/cards/" in url for url in asked), asked

    # Edited into another idea: both badges go, again without a reload.
    edited = live_server.api("PATCH", helpers.base(workshop) + f"/cards/{first['id']}",
                             workshop["facilitator_token"],
                             json={"text": "Krolfbane ved plejecentret"})
    assert edited.status_code == 200, edited.text
    expect(facilitator.locator(".al-similar__badge")).to_have_count(0)
    expect(phone.get_by_text("ligner")).to_have_count(0)  # participants are never told
    assert phone_asked == []
