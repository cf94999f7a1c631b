"""The organiser edits the day's details on the organiser page; the projector follows (Chromium).

The organiser's name, the place and the Wi-Fi name were only settable through
the API; the edit form now carries them, and ``workshop.updated`` carries
them to the open pages: the projector shows the new Wi-Fi name without a reload.
"""

from __future__ import annotations

import pytest

from ..helpers import ORGANISER_TOKEN, base
from .conftest import LAPTOP, PROJECTOR
from .pages import expect, open_projector

pytestmark = [pytest.mark.server, pytest.mark.services]


def test_the_organiser_edits_organiser_place_and_wifi_and_the_projector_follows(
        open_context, live_server):
    answer = live_server.api("POST", "/api/v1/workshops", ORGANISER_TOKEN, json={
        "title": "Unge i Lejre", "language": "da", "themes": ["Fritid"],
        "day_starts_at": "2030-06-03T09:00", "day_ends_at": "2030-06-03T16:00",
        "wifi_name": "Gammelt-net"})
    assert answer.status_code == 201, answer.text
    workshop = answer.json()
    projector = open_projector(open_context(**PROJECTOR, locale="da-DK"), live_server, workshop)
    expect(projector.locator("#pj-wifi")).to_contain_text("Gammelt-net")
    projector.evaluate("window.__notReloaded = true")

    page = open_context(**LAPTOP, locale="da-DK").new_page()
    page.goto(f"{live_server.url}/organiser?lang=da#token={ORGANISER_TOKEN}")
    page.locator(f"[data-edit='{workshop['id']}']").click()
    form = page.locator("#edit-form")
    expect(form.get_by_label("Navn på wi-fi")).to_have_value("Gammelt-net")
    form.get_by_label("Arrangør").fill("Lejre Kommune, +DIG")
    form.get_by_label("Hvor mødet holdes").fill("Hvalsø Bibliotek, Skolevej 2")
    form.get_by_label("Navn på wi-fi").fill("Lejre-Gæst")
    form.get_by_role("button", name="Gem ændringer").click()
    expect(page.locator("#edit-status")).to_contain_text("Gemt")

    expect(projector.locator("#pj-wifi")).to_contain_text("Lejre-Gæst")
    assert projector.evaluate("window.__notReloaded") is True
    state = live_server.api("GET", base(workshop), ORGANISER_TOKEN).json()
    assert (state["organiser_name"], state["place"], state["wifi_name"]) == (
        "Lejre Kommune, +DIG", "Hvalsø Bibliotek, Skolevej 2", "Lejre-Gæst")

    # Cleared, the projector's Wi-Fi line goes away; the form shows what was saved.
    page.reload()
    page.locator(f"[data-edit='{workshop['id']}']").click()
    expect(form.get_by_label("Hvor mødet holdes")).to_have_value("Hvalsø Bibliotek, Skolevej 2")
    form.get_by_label("Navn på wi-fi").fill("")
    form.get_by_role("button", name="Gem ændringer").click()
    expect(page.locator("#edit-status")).to_contain_text("Gemt")
    expect(projector.locator("#pj-wifi")).to_be_hidden()
