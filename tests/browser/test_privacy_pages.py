"""The privacy notice and the own-data page in a real browser, against a real server.

Needs Playwright, axe-playwright-python and Chromium (skipped without them,
failed in CI with OPENSPACE_REQUIRE_SERVICES=1).
"""

from __future__ import annotations

import pytest

from ..server import ServerProcess

pytestmark = [pytest.mark.server, pytest.mark.services]

ADMIN = "browser-privacy-organiser"
PHONE = {"width": 320, "height": 700}
CONTACT = "persondata@kommune.example"


@pytest.fixture
def server(tmp_path):
    """A real server with an installation-wide data controller."""
    process = ServerProcess(tmp_path / "instance", ADMIN, env={
        "OPENSPACE_CONTROLLER_NAME": "Testrup Kommune",
        "OPENSPACE_CONTROLLER_CONTACT": CONTACT}).start()
    yield process
    process.stop()


def violations(page) -> list:
    """Return axe-core's WCAG 2.x A/AA violations on the page."""
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]})
    return [(v["id"], [n["target"] for n in v["nodes"]]) for v in result.response["violations"]]


def no_horizontal_scroll(page) -> bool:
    """True if the page fits its width."""
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def open_phone(browser, url: str):
    """Open the join page on a 320 px phone and wait until it is live."""
    page = browser.new_context(viewport=PHONE).new_page()
    page.goto(url)
    page.wait_for_selector("#conn[data-state=connected]", timeout=20000)
    return page


def test_notice_and_own_data_in_a_browser(browser, server):
    workshop = server.api("POST", "/api/v1/workshops", ADMIN, json={
        "title": "Trivsel", "themes": ["Fritid", "Skole"]}).json()
    phone = open_phone(browser, workshop["join_url"])
    notice = phone.locator("#privacy-title").bounding_box()
    assert notice["y"] < phone.locator("#compose").bounding_box()["y"]
    assert "Testrup Kommune er ansvarlig" in phone.inner_text(".privacy-notice")
    assert no_horizontal_scroll(phone)
    assert violations(phone) == []
    # The whole notice opens from the keyboard, with a visible focus.
    for _ in range(30):
        phone.keyboard.press("Tab")
        focused = phone.evaluate("document.activeElement.textContent.trim()")
        if focused == "Læs hele privatlivserklæringen":
            break
    assert focused == "Læs hele privatlivserklæringen"
    assert phone.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    phone.keyboard.press("Enter")
    assert phone.evaluate("document.querySelector('.privacy-notice__more').open")
    assert CONTACT in phone.inner_text(".privacy-notice__text")

    phone.select_option("#theme", index=1)
    phone.fill("#text", "Kort der skal slettes")
    phone.click("#compose button[type=submit]")
    phone.wait_for_selector("#cards >> text=Kort der skal slettes", timeout=15000)
    other = open_phone(browser, workshop["join_url"])
    other.wait_for_selector("#cards >> text=Kort der skal slettes", timeout=15000)

    phone.click("text=Se eller slet det, du har skrevet")
    phone.wait_for_selector("#mine-cards >> text=Kort der skal slettes", timeout=15000)
    assert no_horizontal_scroll(phone)
    assert violations(phone) == []
    phone.on("dialog", lambda dialog: dialog.accept())
    phone.click("#mine-cards button[data-delete]")
    phone.wait_for_selector("#mine-status >> text=Slettet", timeout=15000)
    other.wait_for_selector("#cards >> text=Kort der skal slettes", state="detached",
                            timeout=15000)


@pytest.mark.parametrize("path", ["/privacy", "/accessibility"])
def test_privacy_and_accessibility_pages_pass_axe(browser, server, path):
    page = browser.new_context(viewport=PHONE).new_page()
    page.goto(server.url + path)
    assert no_horizontal_scroll(page)
    assert violations(page) == []
