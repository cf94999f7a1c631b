"""After the day in a real browser: a phone agrees to follow an initiative, the facilitator
follows it up on the "Opfølgning" page, retention runs, and the phone's old link still shows
what became of it (read-only, the followed initiative first, no names)."""

from __future__ import annotations

import os
from datetime import timedelta

from openspace.db import Database, sqlite_url
from openspace.models import utcnow
from openspace.services.retention import run_retention

from ..helpers import set_settings
from .conftest import LAPTOP, PHONE, post_card
from .pages import expect

SHOTS = os.environ.get("OPENSPACE_SCREENSHOTS")  # a folder: also save the pages as PNG


def test_a_phone_reads_the_status_of_its_initiative_after_retention(
        live_server, workshop, open_context):
    post_card(live_server, workshop, "Gåtur om søndagen", kind="initiative")
    post_card(live_server, workshop, "Lektiecafé i biblioteket", kind="initiative")
    url = f"{live_server.url}/j/{workshop['join_code']}"
    phone = open_context(**PHONE).new_page()
    phone.goto(url)
    expect(phone.locator("#conn")).to_have_attribute("data-state", "connected", timeout=20000)
    card = phone.locator("#cards > li[data-id]", has_text="Gåtur om søndagen")
    card.locator(".tool-commit").click()
    card.locator(".tool-panel input[id^='cc-']").check()
    card.locator("input[autocomplete=email]").fill("asta@example.dk")
    follow = card.locator(".tool-panel input[id^='cf-']")
    expect(card.locator("[id^=p-commitPanel]")).to_contain_text(
        "opfølgningen på denne indsats i 6 måneder")
    follow.check()
    card.locator(".tool-panel button[type=submit]").click()
    expect(card.locator(".tool-commit")).to_contain_text("Du er med")

    laptop = open_context(**LAPTOP).new_page()
    laptop.goto(f"{live_server.url}/f/{workshop['id']}/followup#token="
                f"{workshop['facilitator_token']}")
    item = laptop.locator(".fu-item", has_text="Gåtur om søndagen")
    expect(item).to_be_visible(timeout=20000)
    item.locator("summary").click()
    item.locator("select[name=status]").select_option("started")
    item.locator("input[name=lead]").fill("Karin fra DGI")
    item.locator(".fu-form button[type=submit]").click()
    expect(laptop.locator("#fu-status-line")).to_contain_text("Gemt")
    item = laptop.locator(".fu-item", has_text="Gåtur om søndagen")
    item.locator("input[name=text]").fill("Første tur gik rundt om søen")
    item.locator(".fu-note-form button[type=submit]").click()
    expect(laptop.locator(".fu-item", has_text="Gåtur om søndagen")).to_contain_text(
        "Første tur gik rundt om søen")
    laptop.select_option("#fu-status", "started")
    expect(laptop.locator(".fu-item")).to_have_count(1)

    # The day ended 60 days ago and retention runs: names and tokens go.
    database = Database(live_server.env.get("OPENSPACE_DATABASE_URL")
                        or sqlite_url(live_server.instance))
    ended = utcnow() - timedelta(days=60)
    set_settings(database, workshop["id"], day_starts_at=ended - timedelta(hours=6),
                 day_ends_at=ended)
    # The server is shared with other tests: other workshops may be due as well.
    assert workshop["id"] in [r.workshop_id for r in run_retention(database, utcnow())]
    database.dispose()

    phone.goto(url)
    first = phone.locator("#after-list > li").first
    expect(first).to_contain_text("Gåtur om søndagen", timeout=20000)
    expect(first).to_contain_text("Du følger denne")
    expect(first).to_contain_text("I gang")
    expect(first).to_contain_text("Første tur gik rundt om søen")
    expect(phone.locator("main")).to_contain_text("Der kan ikke længere skrives")
    content = phone.content()
    for private in ("asta@example.dk", "Karin fra DGI"):
        assert private not in content
    assert phone.locator("#compose").count() == 0
    if SHOTS:
        phone.screenshot(path=os.path.join(SHOTS, "readonly-board.png"), full_page=True)
