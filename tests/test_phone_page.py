"""The phone page with the participant toolkit: its weight, its markup, and two real phones."""

from __future__ import annotations

import gzip
import importlib.util
import re
from pathlib import Path

import pytest

from .conftest import need
from .server import ServerProcess

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
LIMIT_BYTES = 60 * 1024


def test_the_phone_page_stays_under_60_kb_gzip(client, workshop):
    html = client.get(f"/j/{workshop['join_code']}").get_data()
    total = len(gzip.compress(html, 9))
    assets = re.findall(rb'(?:src|href)="/static/([^"?]+)"', html)
    assert b"js/participation.js" in assets and b"css/participant.css" in assets
    for asset in assets:
        total += len(gzip.compress((ROOT / "static" / asset.decode()).read_bytes(), 9))
    assert total < LIMIT_BYTES, f"{total} bytes gzip"


def test_the_page_offers_the_17_goals_in_the_page_language(client, workshop):
    danish = client.get(f"/j/{workshop['join_code']}").get_data(as_text=True)
    assert len(re.findall(r'name="sdgs" value="\d+"', danish)) == 17
    assert "Sundhed og trivsel" in danish and "Alle verdensmål" in danish
    assert "Venter på godkendelse" in danish  # the phone script's string
    english = client.get(f"/j/{workshop['join_code']}?lang=en").get_data(as_text=True)
    assert "Good health and well-being" in english and "Waiting for approval" in english


ADMIN = "phone-page-organiser"


@pytest.fixture
def server(tmp_path):
    """A real server for the browser."""
    process = ServerProcess(tmp_path / "instance", ADMIN).start()
    yield process
    process.stop()


@pytest.mark.server
@pytest.mark.services
def test_two_phones_support_join_and_keep_the_contact_private(server):
    need(CHROMIUM.exists() and importlib.util.find_spec("playwright") is not None,
         "Chromium and playwright are needed for the browser test")
    from playwright.sync_api import expect, sync_playwright

    workshop = server.api("POST", "/api/v1/workshops", ADMIN, json={
        "title": "Ensomhed", "language": "da", "themes": ["Fritid"]}).json()
    url = f"{server.url}/j/{workshop['join_code']}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                             args=["--no-sandbox"])
        try:
            phones = [browser.new_context(viewport={"width": 320, "height": 800}).new_page()
                      for _ in range(2)]
            for phone in phones:
                phone.goto(url)
                expect(phone.locator("#conn")).to_have_attribute("data-state", "connected",
                                                                 timeout=20000)
            sofie, ali = phones
            sofie.check("#kind-initiative", force=True)
            sofie.fill("#text", "Lektiecafé i klubben")
            sofie.click("#sdg-pick summary")
            sofie.check("input[name=sdgs][value='4']")
            sofie.click("#compose button[type=submit]")
            card = ali.locator("#cards > li[data-id]").first
            expect(card.locator(".sdg-tags")).to_contain_text("Kvalitetsuddannelse",
                                                              timeout=20000)

            card.locator(".tool-support").focus()
            ali.keyboard.press("Enter")
            expect(card.locator(".tool-support")).to_have_attribute("aria-pressed", "true")
            # The card is drawn anew with the count; the keyboard focus stays on the button.
            expect(card.locator(".tool-support")).to_be_focused()
            own = sofie.locator("#cards > li[data-id]").first
            expect(own.locator(".tool-support")).to_contain_text("1 støtte", timeout=20000)

            card.locator(".tool-commit").click()
            contact = card.locator("input[autocomplete=email]")
            expect(contact).to_be_hidden()
            card.locator(".tool-panel input[type=checkbox]").check()
            contact.fill("ali@example.dk")
            card.locator(".tool-panel button[type=submit]").click()
            expect(card.locator(".tool-commit")).to_contain_text("Du er med")
            expect(own.locator(".tool-commit")).to_contain_text("1 er med", timeout=20000)
            assert "ali@example.dk" not in sofie.content()
            # The own phone keeps its contact after a reload: it comes from its own state.
            ali.reload()
            card = ali.locator("#cards > li[data-id]").first
            card.locator(".tool-commit").click()
            expect(card.locator("input[autocomplete=email]")).to_have_value("ali@example.dk")
        finally:
            browser.close()
