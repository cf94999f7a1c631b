"""Posting by keyboard alone, narrow screens and zoom, projector text readable across a room."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from ..helpers import ORGANISER_TOKEN
from .conftest import LAPTOP, post_card
from .pages import expect, open_phone, open_projector, phone_card

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [pytest.mark.server, pytest.mark.services]

# The projector's smallest text, in CSS px: 20 px at 1280×720 is 1/36 of the picture's
# height, about 8 cm of line height on a 3 m wide screen, readable from the back of a
# 15 m room. The projector's type grows with the width (vw), so 1080p gets at least 24 px.
PROJECTOR_MIN_FONT_PX = {(1280, 720): 20, (1920, 1080): 24}

SMALLEST_VISIBLE_TEXT = """() => {
  // Every text a person can see: not hidden, not clipped to 1 px like .sr-only.
  const shown = (el) => {
    for (let e = el; e && e !== document.body; e = e.parentElement) {
      const box = e.getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1) return false;
    }
    return el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true});
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let smallest = null;
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim() || !shown(node.parentElement)) continue;
    const size = parseFloat(getComputedStyle(node.parentElement).fontSize);
    if (!smallest || size < smallest.size) {
      smallest = {size, text: node.textContent.trim().slice(0, 40),
                  element: node.parentElement.className || node.parentElement.tagName};
    }
  }
  return smallest;
}"""

HORIZONTAL_OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


def focused(page: Page) -> str:
    """Return the id of the element that has the keyboard focus."""
    return page.evaluate("() => document.activeElement.id")


def tab_to(page: Page, element_id: str, limit: int = 15) -> int:
    """Press Tab until ``element_id`` has the focus; return how many presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if focused(page) == element_id:
            return presses
    raise AssertionError(f"#{element_id} not reached with {limit} Tab presses")


def focus_is_visible(page: Page, selector: str) -> bool:
    """True if ``selector`` (around the focused element) looks different without the focus."""
    box = page.locator(selector).bounding_box()
    clip = {"x": max(box["x"] - 8, 0), "y": max(box["y"] - 8, 0),
            "width": box["width"] + 16, "height": box["height"] + 16}
    owner = page.evaluate_handle("() => document.activeElement")
    with_focus = page.screenshot(clip=clip, animations="disabled")
    page.evaluate("() => document.activeElement.blur()")
    without_focus = page.screenshot(clip=clip, animations="disabled")
    owner.focus()  # focus given back after keyboard use keeps :focus-visible
    return with_focus != without_focus


def test_a_card_can_be_posted_with_the_keyboard_alone(open_context, workshop):
    page = open_phone(open_context(**LAPTOP, locale="da-DK"), workshop)
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "skip-link"
    assert focus_is_visible(page, ".skip-link")

    # The form in reading order: theme, kind, text, organisation (actors), goals, name, send.
    tab_to(page, "theme")
    assert focus_is_visible(page, "#theme")
    page.keyboard.press("ArrowDown")  # the first theme
    page.keyboard.press("Tab")
    assert focused(page) == "kind-idea"
    assert focus_is_visible(page, ".kind--idea")
    page.keyboard.press("ArrowDown")
    assert focused(page) == "kind-actor"
    expect(page.locator("#kind-actor")).to_be_checked()
    page.keyboard.press("Tab")
    assert focused(page) == "text"
    assert focus_is_visible(page, "#text")
    page.keyboard.type("Foreningen Gadespejl kan låne os lokaler")
    page.keyboard.press("Tab")
    assert focused(page) == "organisation"
    page.keyboard.type("Gadespejl")
    page.keyboard.press("Tab")
    # The goals fold out with Enter; closed, the next Tab goes on to the name.
    assert page.evaluate("() => document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Tab")
    assert focused(page) == "name"
    page.keyboard.type("Ahmed")
    page.keyboard.press("Tab")
    assert focused(page) == "me-organisation"  # optional, only counted: left empty here
    page.keyboard.press("Tab")
    send = page.locator("#compose button[type=submit]")
    expect(send).to_be_focused()
    assert focus_is_visible(page, "#compose button[type=submit]")
    page.keyboard.press("Enter")

    card = phone_card(page, "Foreningen Gadespejl kan låne os lokaler")
    expect(card).to_have_count(1)
    expect(card).to_have_class(re.compile(r"\bcard--actor\b.*\bcard--mine\b"))
    expect(card).to_contain_text("Ahmed")


@pytest.mark.parametrize("screen", [
    pytest.param({"viewport": {"width": 320, "height": 640}, "has_touch": True,
                  "is_mobile": True, "device_scale_factor": 2}, id="phone-320px"),
    # A 1280 px laptop window at 200 % zoom: 640 CSS px wide, two device pixels per px.
    pytest.param({"viewport": {"width": 640, "height": 400}, "device_scale_factor": 2},
                 id="laptop-zoom-200"),
])
def test_phone_page_works_narrow_and_zoomed(open_context, live_server, workshop, screen):
    post_card(live_server, workshop, "Et meget langt ord: " + "fritidsundervisningstilbud" * 3)
    page = open_phone(open_context(**screen, locale="da-DK"), workshop)
    assert page.evaluate(HORIZONTAL_OVERFLOW) <= 0, "the page scrolls sideways"

    text = "Cykelværksted for unge i weekenden"
    page.locator("#theme").select_option(label="Skole")
    page.locator("label[for='kind-initiative']").click()
    page.locator("#text").fill(text)
    send = page.locator("#compose button[type=submit]")
    send.scroll_into_view_if_needed()
    box = send.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= screen["viewport"]["width"]
    send.click()
    expect(phone_card(page, text)).to_have_count(1)
    assert page.evaluate(HORIZONTAL_OVERFLOW) <= 0, "the page scrolls sideways"


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)], ids=["720p", "1080p"])
def test_projector_text_is_readable_from_the_back(open_context, live_server, workshop, size):
    width, height = size
    minimum = PROJECTOR_MIN_FONT_PX[size]
    page = open_projector(open_context(viewport={"width": width, "height": height}),
                          live_server, workshop)
    post_card(live_server, workshop, "Fællesspisning for hele familien", kind="initiative")
    expect(page.locator(".pj-card")).to_have_count(1)
    smallest = page.evaluate(SMALLEST_VISIBLE_TEXT)
    assert smallest["size"] >= minimum - 0.5, smallest

    # The plenary summary in front of the board, too.
    answer = live_server.api("POST", f"/api/v1/workshops/{workshop['id']}/plenaries",
                             workshop["facilitator_token"], json={})
    assert answer.status_code == 201
    expect(page.locator("#plenary")).to_be_visible()
    expect(page.locator(".pj-slide__counts")).to_have_text("1 nyt kort")
    smallest = page.evaluate(SMALLEST_VISIBLE_TEXT)
    assert smallest["size"] >= minimum - 0.5, smallest
    # ... and its next slide, the new initiative.
    answer = live_server.api("PATCH", f"/api/v1/workshops/{workshop['id']}/projector",
                             workshop["facilitator_token"], json={"step": 1})
    assert answer.status_code == 200
    expect(page.locator("#plenary")).to_contain_text("Fællesspisning")
    smallest = page.evaluate(SMALLEST_VISIBLE_TEXT)
    assert smallest["size"] >= minimum - 0.5, smallest



@pytest.mark.parametrize("path", ["/", "/organiser", "/organiser#token={organiser}",
                                  "/f/{id}#token={facilitator}", "/f/{id}/downloads",
                                  "/j/NOSUCHCODE"])
def test_every_page_reflows_at_320px(open_context, live_server, workshop, path):
    post_card(live_server, workshop, "Langt ord: fritidsundervisningstilbudsordningerne")
    context = open_context(viewport={"width": 320, "height": 640}, device_scale_factor=2)
    page = context.new_page()
    page.goto(live_server.url + path.format(id=workshop["id"], organiser=ORGANISER_TOKEN,
                                            facilitator=workshop["facilitator_token"]))
    expect(page.locator("h1")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert page.evaluate(HORIZONTAL_OVERFLOW) <= 0, "the page scrolls sideways"
