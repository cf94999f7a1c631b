"""The facilitator drives every projector from the facilitator page (a phone here), live.

Two projector pages watch; the facilitator's "Projektor" panel filters by kind and theme,
sorts, pauses (and the wall really stands still, measured on the page's own clock), and a
projector that reloads comes back as the facilitator left it. The star goes on a card and
off again, and a sixth is refused with the reason.
"""

from __future__ import annotations

import time

import pytest

from .conftest import PHONE, post_card
from .pages import expect, open_facilitator, projector_url

pytestmark = [pytest.mark.server, pytest.mark.services]

# Cards wholly inside their column's visible area (the wall pages the rest).
SHOWN = """() => [...document.querySelectorAll('.pj-col .pj-card[data-id]')].filter((c) => {
  if (!c.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) return false;
  const r = c.getBoundingClientRect(), b = c.closest('.pj-cards').getBoundingClientRect();
  return r.height > 2 && r.top >= b.top - 1 && r.bottom <= b.bottom + 1 && r.bottom <= innerHeight;
}).map((c) => c.dataset.id).sort()"""


def open_wall(open_context, live_server, workshop, clock: bool = False):
    """A projector at 1280x720 (on a paused clock of its own when ``clock``), connected."""
    page = open_context(viewport={"width": 1280, "height": 720}, locale="da-DK",
                        reduced_motion="reduce").new_page()
    if clock:
        page.clock.install(time=time.time())
        page.clock.pause_at(time.time() + 1)
    page.goto(projector_url(live_server, workshop))
    expect(page.locator("#conn")).to_have_attribute("data-state", "connected")
    return page


def test_the_facilitators_controls_change_every_projector_live_and_after_a_reload(
        open_context, live_server, workshop):
    post_card(live_server, workshop, "Fællesspisning på skolen", kind="idea", theme=0)
    post_card(live_server, workshop, "Lektiecafé hver torsdag", kind="initiative", theme=0)
    post_card(live_server, workshop, "Gåture fra havnen", kind="idea", theme=1)
    walls = [open_wall(open_context, live_server, workshop) for _ in range(2)]
    for wall in walls:
        expect(wall.locator(".pj-card", has_text="Fællesspisning")).to_be_visible()
    facilitator = open_facilitator(open_context(locale="da-DK", **PHONE), workshop)
    panel = facilitator.locator("#fp")
    expect(panel.locator("#fp-state")).to_have_text("Projektoren viser tavlen.")

    panel.locator("#fp-kind").select_option("initiative")
    for wall in walls:
        expect(wall.locator(".pj-card", has_text="Fællesspisning")).to_have_count(0)
        expect(wall.locator(".pj-card", has_text="Lektiecafé")).to_be_visible()
    panel.locator("#fp-kind").select_option("")
    panel.locator("#fp-theme").select_option(label=workshop["themes"][1]["title"])
    for wall in walls:
        expect(wall.locator(".pj-col")).to_have_count(1)
        expect(wall.locator(".pj-card", has_text="Gåture")).to_be_visible()
        expect(wall.locator(".pj-card", has_text="Lektiecafé")).to_have_count(0)
    panel.locator("#fp-pause").click()
    expect(panel.locator("#fp-pause")).to_have_attribute("aria-pressed", "true")
    for wall in walls:
        expect(wall.locator("html")).to_have_attribute("data-paused", "true")

    # A projector that reloads (or a new one) comes back as the facilitator left it.
    walls[0].reload()
    expect(walls[0].locator("#conn")).to_have_attribute("data-state", "connected")
    expect(walls[0].locator("html")).to_have_attribute("data-paused", "true")
    expect(walls[0].locator(".pj-col")).to_have_count(1)
    expect(walls[0].locator(".pj-card", has_text="Gåture")).to_be_visible()
    late = open_wall(open_context, live_server, workshop)
    expect(late.locator(".pj-col")).to_have_count(1)
    expect(late.locator("html")).to_have_attribute("data-paused", "true")


def test_pause_really_stops_the_wall(open_context, live_server, workshop):
    for i in range(30):  # far more than one column shows at 720p: the wall pages
        post_card(live_server, workshop, f"Kort nummer {i}: en idé til fællesskabet i byen.",
                  theme=0)
    wall = open_wall(open_context, live_server, workshop, clock=True)
    expect(wall.locator(".pj-card[data-id]:not([hidden])").first).to_be_visible()
    path = f"/api/v1/workshops/{workshop['id']}/projector"
    token = workshop["facilitator_token"]
    first = wall.evaluate(SHOWN)
    wall.clock.run_for(40_000)
    assert wall.evaluate(SHOWN) != first, "the wall should move on by itself"

    assert live_server.api("PATCH", path, token, json={"paused": True}).status_code == 200
    expect(wall.locator("html")).to_have_attribute("data-paused", "true")
    held = wall.evaluate(SHOWN)
    for _ in range(6):
        wall.clock.run_for(20_000)
        assert wall.evaluate(SHOWN) == held, "paused, the wall stands still"

    assert live_server.api("PATCH", path, token, json={"paused": False}).status_code == 200
    expect(wall.locator("html")).to_have_attribute("data-paused", "false")
    wall.clock.run_for(40_000)
    assert wall.evaluate(SHOWN) != held


def test_the_star_goes_on_a_card_and_a_sixth_is_refused(open_context, live_server, workshop):
    texts = [f"Idé {i} til opsamlingen" for i in range(6)]
    for text in texts:
        post_card(live_server, workshop, text)
    facilitator = open_facilitator(open_context(locale="da-DK", viewport={"width": 1280,
                                                                          "height": 800}),
                                   workshop)
    for text in texts[:5]:
        card = facilitator.locator(".card", has_text=text)
        card.locator("button[data-star]").click()
        expect(card.locator(".badge--star")).to_have_text("Til opsamlingen")
    expect(facilitator.locator("#fp-stars")).to_have_text("5 af 5 stjerner til næste opsamling.")
    facilitator.locator(".card", has_text=texts[5]).locator("button[data-star]").click()
    expect(facilitator.locator("#fp-status")).to_contain_text("højst give 5 kort en stjerne")
    expect(facilitator.locator(".card", has_text=texts[5]).locator(".badge--star")).to_have_count(0)
    # Off again, live on a second facilitator page too.
    other = open_facilitator(open_context(locale="da-DK", **PHONE), workshop)
    facilitator.locator(".card", has_text=texts[0]).locator("button[data-star]").click()
    expect(other.locator(".card", has_text=texts[0]).locator(".badge--star")).to_have_count(0)
    expect(other.locator("#fp-stars")).to_have_text("4 af 5 stjerner til næste opsamling.")
    # A participant's token may not star.
    joined = live_server.api("POST", f"/api/v1/workshops/{workshop['id']}/participants", None,
                             json={"join_code": workshop["join_code"]}).json()
    card_id = live_server.api("GET", f"/api/v1/workshops/{workshop['id']}",
                              workshop["facilitator_token"]).json()["cards"][0]["id"]
    refused = live_server.api("POST", f"/api/v1/workshops/{workshop['id']}/cards/{card_id}/star",
                              joined["token"], json={"starred": True})
    assert refused.status_code == 403
