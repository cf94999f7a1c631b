"""Issue 18, point 11: nobody on a phone can look like the facilitator.

The facilitator's cards carry a role badge drawn from ``author.role`` on the
phone, the facilitator's page and the projector; a participant who types
“Facilitator” as their name is told the name is kept, and their card shows
no badge.
"""

from __future__ import annotations

import pytest

from .conftest import LAPTOP, PHONE, PROJECTOR, post_card
from .pages import (
    expect,
    open_facilitator,
    open_phone,
    open_projector,
    phone_card,
    post_from_phone,
    projector_card,
)

pytestmark = [pytest.mark.server, pytest.mark.services]

KEPT = "Det navn er forbeholdt dem, der leder workshoppen. Vælg gerne et andet navn."


def test_only_the_real_facilitator_wears_the_badge(open_context, live_server, workshop):
    phone = open_phone(open_context(**PHONE, locale="da-DK"), workshop)
    projector = open_projector(open_context(**PROJECTOR), live_server, workshop)
    facilitator = open_facilitator(open_context(**LAPTOP), workshop)

    # A participant tries the facilitator's name: told so at the field, the card goes anyway.
    phone.locator("#name").fill("Facilitator")
    phone.locator("#name").blur()
    expect(phone.locator("#name-status")).to_have_text(KEPT)
    expect(phone.locator("#name")).to_have_attribute("aria-invalid", "true")
    post_from_phone(phone, "Lektiecafé med pizza")
    expect(phone_card(phone, "Lektiecafé med pizza")).to_have_count(1)
    post_card(live_server, workshop, "Husk frokost kl. 12")

    for card in (phone_card(phone, "Husk frokost kl. 12"),
                 facilitator.locator(".card", has_text="Husk frokost"),
                 projector_card(projector, "Husk frokost kl. 12")):
        expect(card.locator(".role-badge")).to_have_text("Facilitator")
    for card in (phone_card(phone, "Lektiecafé med pizza"),
                 facilitator.locator(".card", has_text="Lektiecafé med pizza"),
                 projector_card(projector, "Lektiecafé med pizza")):
        expect(card).to_have_count(1)
        expect(card.locator(".role-badge")).to_have_count(0)
        expect(card).not_to_contain_text("Facilitator")
