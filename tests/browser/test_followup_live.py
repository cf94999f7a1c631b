"""The follow-up page and the phone's board follow another facilitator's changes live (Chromium).

Two people follow up at once: the organiser changes a status and adds a note over the
API while the facilitator has the "Opfølgning" page open — it shows both without a
reload, and a form the facilitator is typing in is left alone. The phone's board shows
a small status badge on the initiative once its status is other than "idé": only the
status, never the lead.
"""

from __future__ import annotations

import pytest

from ..helpers import ORGANISER_TOKEN, base
from .conftest import LAPTOP, PHONE, post_card
from .pages import expect, open_phone

pytestmark = [pytest.mark.server, pytest.mark.services]

LEAD = "Karin Sørensen fra DGI"


def test_followup_changes_reach_the_followup_page_and_the_phone_live(
        live_server, workshop, open_context):
    walk = post_card(live_server, workshop, "Gåtur om søndagen", kind="initiative")
    cafe = post_card(live_server, workshop, "Lektiecafé i biblioteket", kind="initiative")
    phone = open_phone(open_context(**PHONE, locale="da-DK"), workshop)
    phone_walk = phone.locator("#cards > li[data-id]", has_text="Gåtur om søndagen")
    expect(phone_walk).to_be_visible()
    expect(phone_walk.locator(".card__followup")).to_have_count(0)  # "idé": no badge

    laptop = open_context(**LAPTOP, locale="da-DK").new_page()
    laptop.goto(f"{live_server.url}/f/{workshop['id']}/followup?lang=da#token="
                f"{workshop['facilitator_token']}")
    expect(laptop.locator("#conn")).to_have_attribute("data-state", "connected")
    item = laptop.locator(".fu-item", has_text="Gåtur om søndagen")
    expect(item.locator(".fu-badge")).to_have_text("Idé")
    laptop.evaluate("window.__notReloaded = true")
    # The facilitator is halfway through the café's form when the organiser saves.
    other = laptop.locator(".fu-item", has_text="Lektiecafé i biblioteket")
    other.locator("summary").click()
    other.locator("input[name=lead]").fill("Biblioteket")

    path = base(workshop) + f"/cards/{walk['id']}/followup"
    answer = live_server.api("PATCH", path, ORGANISER_TOKEN,
                             json={"status": "started", "lead": LEAD})
    assert answer.status_code == 200, answer.text
    expect(item.locator(".fu-badge")).to_have_text("I gang")
    expect(item).to_contain_text(LEAD)
    answer = live_server.api("POST", path + "/notes", ORGANISER_TOKEN,
                             json={"text": "Første tur gik rundt om søen"})
    assert answer.status_code == 201, answer.text
    expect(item).to_contain_text("Første tur gik rundt om søen")
    assert laptop.evaluate("window.__notReloaded") is True
    expect(other.locator("input[name=lead]")).to_have_value("Biblioteket")  # left alone

    # The phone: the status as a badge, live; not the lead, not the note.
    expect(phone_walk.locator(".card__followup")).to_have_text("I gang")
    assert LEAD not in phone.locator("#cards").inner_text()
    assert "Første tur" not in phone.locator("#cards").inner_text()
    phone_cafe = phone.locator("#cards > li[data-id]", has_text="Lektiecafé i biblioteket")
    expect(phone_cafe.locator(".card__followup")).to_have_count(0)
    # A phone that opens the board later sees it from the start.
    late = open_phone(open_context(**PHONE, locale="da-DK"), workshop)
    expect(late.locator("#cards > li[data-id]", has_text="Gåtur om søndagen")
           .locator(".card__followup")).to_have_text("I gang")
    # Back to "idé": the badge goes.
    live_server.api("PATCH", path, ORGANISER_TOKEN, json={"status": "idea"})
    expect(phone_walk.locator(".card__followup")).to_have_count(0)
    expect(item.locator(".fu-badge")).to_have_text("Idé")
    assert cafe["id"]
