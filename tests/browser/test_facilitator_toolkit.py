"""The facilitator runs the day from a phone while the projector follows live."""

from __future__ import annotations

import re

from .conftest import PHONE, PROJECTOR
from .pages import (
    expect,
    open_facilitator,
    open_phone,
    open_projector,
    phone_card,
    post_from_phone,
    projector_card,
)


def test_premoderation_approval_spotlight_and_timer_from_a_phone(open_context, live_server,
                                                                 workshop):
    facilitator = open_facilitator(open_context(**PHONE, locale="da-DK"), workshop)
    projector = open_projector(open_context(**PROJECTOR, locale="da-DK"), live_server, workshop)
    phone = open_phone(open_context(**PHONE, locale="da-DK"), workshop)

    # Pre-moderation on: the next card waits for approval.
    facilitator.locator("#set-premoderation").check()
    facilitator.locator("#settings-form button[type=submit]").tap()
    expect(facilitator.locator("#settings-status")).not_to_be_empty()
    post_from_phone(phone, "Gåtur hver søndag fra biblioteket")
    expect(phone.locator("#cards .card", has_text="Gåtur hver søndag")).to_contain_text(
        "Venter på godkendelse")
    queued = facilitator.locator("#queue-list li", has_text="Gåtur hver søndag")
    expect(queued).to_have_count(1)
    expect(projector_card(projector, "Gåtur hver søndag")).to_have_count(0)

    # Approved: on the projector and no longer waiting on the author's phone.
    queued.locator("button[data-action=approve]").tap()
    expect(projector_card(projector, "Gåtur hver søndag")).to_have_count(1)
    expect(phone_card(phone, "Gåtur hver søndag")).not_to_contain_text("Venter på godkendelse")

    # Spotlight: the card fills the projector; stopping it brings the wall back.
    card = facilitator.locator("#themes li", has_text="Gåtur hver søndag")
    card.locator("button[data-action=spotlight]").tap()
    expect(projector.locator("#spotlight")).to_be_visible()
    expect(projector.locator("#spotlight-text")).to_have_text("Gåtur hver søndag fra biblioteket")
    facilitator.locator("#spotlight-stop").tap()
    expect(projector.locator("#spotlight")).to_be_hidden()

    # A custom countdown with its own words on the projector.
    facilitator.locator("#timer-minutes").fill("5")
    facilitator.locator("#timer-label").fill("Stille skrivning")
    facilitator.locator("#timer-form button[type=submit]").tap()
    expect(projector.locator("#countdown")).to_contain_text("Stille skrivning")
    expect(projector.locator("#countdown-time")).to_have_text(re.compile(r"^[45]:\d\d$"))
