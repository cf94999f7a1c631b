"""Times on the pages follow the workshop's clock and language, not the device's."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from ..helpers import ORGANISER_TOKEN
from .conftest import LAPTOP, PHONE, post_card
from .pages import expect, open_phone

pytestmark = [pytest.mark.server, pytest.mark.services]

# A phone set to another continent's clock: the room's clock must win.
FAR_AWAY = {"timezone_id": "America/New_York", "locale": "en-US"}


def test_card_times_show_the_rooms_clock_in_danish(open_context, live_server, workshop):
    card = post_card(live_server, workshop, "Hvornår blev jeg skrevet?")
    room_clock = datetime.fromisoformat(card["created_at"]).astimezone(
        ZoneInfo("Europe/Copenhagen"))
    page = open_phone(open_context(**PHONE, **FAR_AWAY), workshop)
    time = page.locator("#cards .card", has_text="Hvornår").locator("time")
    expect(time).to_have_text(room_clock.strftime("%H.%M"))  # Danish: 10.24

    page.get_by_role("link", name="English").click()
    time = page.locator("#cards .card", has_text="Hvornår").locator("time")
    expect(time).to_have_text(room_clock.strftime("%H:%M"))  # as the projector and PDFs: 10:24


def test_organiser_sees_the_day_in_the_workshops_zone(open_context, live_server):
    answer = live_server.api("POST", "/api/v1/workshops", ORGANISER_TOKEN, json={
        "title": "Temadag om trivsel", "language": "da", "themes": ["Skole"],
        "day_starts_at": "2026-03-14T09:00", "day_ends_at": "2026-03-14T16:00",
    })
    assert answer.status_code == 201, answer.text
    page = open_context(**LAPTOP, **FAR_AWAY).new_page()
    page.goto(f"{live_server.url}/organiser?lang=da#token={ORGANISER_TOKEN}")
    item = page.locator("#ws-list li", has_text="Temadag om trivsel")
    expect(item).to_contain_text("09.00–16.00")
    expect(item).to_contain_text("14. mar")
