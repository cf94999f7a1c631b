"""Plenaries reach the phones; the organiser edits a workshop and the room sees it (Chromium).

A phone that joins after two plenaries reads both, gets the third live and
downloads its PDF with its own token. The organiser changes the title, the
times and a break on the organiser page; the facilitator page shows the new
title and the next plenary after the break, without a reload.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from ..helpers import ORGANISER_TOKEN, base, join
from ..helpers import post_card as post_as
from .conftest import LAPTOP, PHONE
from .pages import expect, open_facilitator, open_phone

pytestmark = [pytest.mark.server, pytest.mark.services]


def take_plenary(live_server, workshop: dict, note: str = "") -> int:
    """Take a plenary as the facilitator; return its number."""
    answer = live_server.api("POST", base(workshop) + "/plenaries", workshop["facilitator_token"],
                             json={"note": note})
    assert answer.status_code == 201, answer.text
    return answer.json()["number"]


def test_a_phone_reads_earlier_plenaries_gets_a_new_one_live_and_downloads_it(
        open_context, live_server, workshop):
    ida = join(live_server, workshop, name="Ida")["token"]
    bo = join(live_server, workshop)["token"]
    post_as(live_server, workshop, ida, "a1", text="Lektiecafé på biblioteket")
    post_as(live_server, workshop, bo, "a2", kind="initiative", text="Madklub for unge")
    take_plenary(live_server, workshop, note="Vi talte om fritid efter skole.")
    post_as(live_server, workshop, ida, "b1", kind="actor", text="FDF Hvalsø")
    take_plenary(live_server, workshop)

    phone = open_phone(open_context(**PHONE, locale="da-DK", accept_downloads=True), workshop)
    section = phone.locator("#plenaries")
    expect(section.get_by_role("heading", name="Opsamlinger")).to_be_visible()
    items = section.locator(".ph-pl")
    expect(items).to_have_count(2)
    expect(items.nth(0)).to_contain_text("Opsamling 2")  # newest first, open
    expect(items.nth(0)).to_contain_text("1 nyt kort fra 1 person")
    expect(items.nth(0).locator(".ph-pl__card", has_text="FDF Hvalsø")).to_be_visible()
    first = items.nth(1)
    expect(first.locator(".ph-pl__body")).to_be_hidden()  # folded
    first.locator("summary").first.tap()
    expect(first).to_contain_text("2 nye kort fra 2 personer")
    expect(first).to_contain_text("Vi talte om fritid efter skole.")
    expect(first.locator(".ph-pl__card", has_text="Madklub for unge")).to_be_visible()

    phone.evaluate("window.__notReloaded = true")
    post_as(live_server, workshop, bo, "c1", kind="initiative", text="Gamerklub fra marts")
    number = take_plenary(live_server, workshop, note="Gaming samler mange.")
    expect(items).to_have_count(3)
    newest = items.nth(0)
    expect(newest).to_contain_text(f"Opsamling {number}")
    expect(newest).to_contain_text("Gaming samler mange.")
    expect(newest.locator(".ph-pl__card", has_text="Gamerklub fra marts")).to_be_visible()
    # The facilitator changes the note: the phone follows.
    live_server.api("PATCH", base(workshop) + f"/plenaries/{number}",
                    workshop["facilitator_token"], json={"note": "Gaming samler rigtig mange."})
    expect(newest).to_contain_text("Gaming samler rigtig mange.")
    assert phone.evaluate("window.__notReloaded") is True

    with phone.expect_download(timeout=60000) as download:
        newest.get_by_role("button", name="Hent PDF").tap()
    # Named after the plenary, the workshop and its day (opsamling-3-<title>-<date>.pdf).
    assert re.fullmatch(rf"opsamling-{number}-[a-z0-9-]+-\d{{4}}-\d{{2}}-\d{{2}}\.pdf",
                        download.value.suggested_filename), download.value.suggested_filename
    data = Path(download.value.path()).read_bytes()
    pages = PdfReader(io.BytesIO(data)).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert "Gamerklub fra marts" in text


def test_the_organiser_edits_a_workshop_and_the_facilitator_page_follows(
        open_context, live_server):
    answer = live_server.api("POST", "/api/v1/workshops", ORGANISER_TOKEN, json={
        "title": "Trivsel i klubberne", "language": "da", "themes": ["Fritid"],
        "day_starts_at": "2030-06-03T09:00", "day_ends_at": "2030-06-03T16:00"})
    assert answer.status_code == 201, answer.text
    workshop = answer.json()
    facilitator = open_facilitator(open_context(**LAPTOP, locale="da-DK"), workshop)
    expect(facilitator.locator("#plenary-next")).to_contain_text("10.00")
    facilitator.evaluate("window.__notReloaded = true")

    page = open_context(**LAPTOP, locale="da-DK").new_page()
    page.goto(f"{live_server.url}/organiser?lang=da#token={ORGANISER_TOKEN}")
    page.locator(f"[data-edit='{workshop['id']}']").click()
    form = page.locator("#edit-form")
    expect(form.get_by_label("Titel")).to_have_value("Trivsel i klubberne")
    expect(form.get_by_label("Starter kl.")).to_have_value("09:00")
    form.get_by_label("Titel").fill("Trivsel i klubberne – dag 2")
    form.get_by_label("Starter kl.").fill("09:30")
    form.get_by_label("Slutter kl.").fill("15:30")
    form.get_by_role("button", name="Tilføj en pause").click()
    form.get_by_label("Pause fra kl.").fill("10:15")
    form.get_by_label("til", exact=True).fill("11:00")
    form.get_by_role("button", name="Gem ændringer").click()
    expect(page.locator("#edit-status")).to_contain_text("Gemt")

    expect(facilitator.locator("#ws-title")).to_have_text("Trivsel i klubberne – dag 2")
    # 09.30 + 60 min = 10.30 falls in the break: the next plenary is 11.30.
    expect(facilitator.locator("#plenary-next")).to_contain_text("11.30")
    assert facilitator.evaluate("window.__notReloaded") is True
    state = live_server.api("GET", base(workshop), ORGANISER_TOKEN).json()
    assert state["title"] == "Trivsel i klubberne – dag 2"
    assert state["breaks"] == [{"starts_at": "2030-06-03T08:15:00+00:00",
                                "ends_at": "2030-06-03T09:00:00+00:00"}]
    assert state["day_ends_at"] == "2030-06-03T13:30:00+00:00"

    # The form stays open with what was saved; a wrong break is refused in Danish, and
    # changes nothing.
    form.get_by_label("Pause fra kl.").fill("12:00")
    form.get_by_label("til", exact=True).fill("11:00")
    form.get_by_role("button", name="Gem ændringer").click()
    expect(page.locator("#edit-status")).to_contain_text("En pause skal slutte, efter den begynder")
    expect(form.locator("[data-name=breaks]")).to_have_attribute("aria-invalid", "true")
    after = live_server.api("GET", base(workshop), ORGANISER_TOKEN).json()
    assert after["breaks"] == state["breaks"]
