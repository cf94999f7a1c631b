"""What a person does on the pages, in Playwright terms: open a page, post a card."""

from __future__ import annotations

from typing import TYPE_CHECKING

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture then skips (or fails in CI) and says why
    expect = None

if TYPE_CHECKING:
    from playwright.sync_api import Page


def projector_url(live_server, workshop: dict) -> str:
    """Return the projector address with the facilitator token in its fragment."""
    return f"{live_server.url}/f/{workshop['id']}/projector#token={workshop['facilitator_token']}"


def open_phone(context, workshop: dict) -> Page:
    """Open the join address on a phone and wait until it is connected."""
    page = context.new_page()
    page.goto(workshop["join_url"])
    expect(page.locator("#conn")).to_have_attribute("data-state", "connected")
    return page


def open_projector(context, live_server, workshop: dict) -> Page:
    """Open the projector view and wait until it is connected."""
    page = context.new_page()
    page.goto(projector_url(live_server, workshop))
    expect(page.locator("#conn")).to_have_attribute("data-state", "connected")
    return page


def open_facilitator(context, workshop: dict) -> Page:
    """Open the facilitator link and wait until it is connected."""
    page = context.new_page()
    page.goto(workshop["facilitator_url"])
    expect(page.locator("#conn")).to_have_attribute("data-state", "connected")
    return page


def post_from_phone(page: Page, text: str, kind: str = "idea", theme: str = "Fritid") -> None:
    """Fill in and send the phone's post form by tapping, as a thumb would."""
    page.locator("#theme").select_option(label=theme)
    page.locator(f"label[for='kind-{kind}']").tap()
    page.locator("#text").fill(text)
    page.locator("#compose button[type=submit]").tap()


def phone_card(page: Page, text: str):
    """The phone's card (sent, not pending) with ``text``."""
    return page.locator("#cards .card:not(.card--pending)", has_text=text)


def projector_card(page: Page, text: str):
    """The projector's card with ``text``."""
    return page.locator(".pj-card", has_text=text)
