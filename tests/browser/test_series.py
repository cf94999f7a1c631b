"""Issue 16, point 4: the organiser makes the next meeting from the series page and opens it.

From the organiser's list to the series page, the form for the next meeting,
and the new meeting's facilitator link: its board holds the carried cards,
marked as coming from the meeting before.
"""

from __future__ import annotations

import pytest

from ..helpers import ORGANISER_TOKEN
from .conftest import LAPTOP, post_card
from .pages import expect

pytestmark = [pytest.mark.server, pytest.mark.services]


def test_the_organiser_creates_the_next_meeting_and_opens_its_facilitator_page(
        open_context, live_server, workshop):
    post_card(live_server, workshop, "Lektiecafé hver tirsdag", kind="initiative")
    hidden = post_card(live_server, workshop, "Ring til Karin på 12 34 56 78")
    live_server.api("POST", f"/api/v1/workshops/{workshop['id']}/cards/{hidden['id']}/hide",
                    workshop["facilitator_token"])
    page = open_context(**LAPTOP, locale="da-DK").new_page()
    page.goto(f"{live_server.url}/organiser?lang=da#token={ORGANISER_TOKEN}")
    item = page.locator(".ws-item", has_text=workshop["title"]).first
    item.get_by_role("link", name="Mødeserie og næste møde").click()

    expect(page.locator("#series-app")).to_be_visible()
    expect(page.locator(".series-meeting")).to_have_count(1)
    expect(page.locator("#trail")).to_contain_text("Lektiecafé hver tirsdag")
    page.locator("#n-date").fill("2027-03-01")
    page.locator("#n-starts").fill("16:30")
    page.locator("#n-ends").fill("19:00")
    page.locator("#n-place").fill("Hvalsø Bibliotek")
    page.get_by_role("button", name="Opret næste møde").click()

    expect(page.locator("#next-result")).to_be_visible()
    expect(page.locator("#next-result-text")).to_contain_text("1 kort fra mødet før")
    expect(page.locator(".series-meeting")).to_have_count(2)
    latest = page.locator(".series-meeting").last
    expect(latest).to_contain_text("Hvalsø Bibliotek")
    expect(latest).to_contain_text("1. marts 2027")
    expect(latest).to_contain_text("16.30")
    assert "/o/series/" in page.url
    expect(page.locator("#trail thead th")).to_have_count(3)

    page.get_by_role("link", name="Åbn det nye mødes facilitatorside").click()
    expect(page.locator("#conn")).to_have_attribute("data-state", "connected")
    card = page.locator("li", has_text="Lektiecafé hver tirsdag").first
    expect(card).to_be_visible()
    expect(card).to_contain_text("Fra mødet før")
    expect(page.get_by_text("Ring til Karin")).to_have_count(0)
