"""The phone's name step takes an optional organisation: typed before the phone has joined, it
is saved once the first card joins it, counted in the register, and never shown on the
phone's own card or on the projector."""

from __future__ import annotations

import pytest

from .conftest import PHONE
from .pages import expect, open_phone, phone_card, post_from_phone, projector_url

pytestmark = [pytest.mark.server, pytest.mark.services]


def test_the_organisation_typed_on_the_name_step_is_counted_not_shown(open_context, workshop,
                                                                      live_server):
    phone = open_phone(open_context(**PHONE, locale="da-DK"), workshop)
    expect(phone.get_by_label("Din organisation (valgfrit)")).to_be_visible()
    phone.locator("#name").fill("Sofie")
    phone.locator("#me-organisation").fill("Hvalsø Ungdomsklub")
    phone.locator("#me-organisation").blur()
    post_from_phone(phone, "Åben hal fredag aften")
    expect(phone_card(phone, "Åben hal fredag aften")).to_have_count(1)
    expect(phone.locator("#me-organisation-status")).to_have_text("Gemt.")
    expect(phone.locator("#cards")).not_to_contain_text("Ungdomsklub")

    path = f"/api/v1/workshops/{workshop['id']}"
    register = live_server.api("GET", path + "/organisations",
                               workshop["facilitator_token"]).json()["organisations"]
    assert [(e["name"], e["participants"]) for e in register] == [("Hvalsø Ungdomsklub", 1)]
    wall = open_context(viewport={"width": 1280, "height": 720}).new_page()
    wall.goto(projector_url(live_server, workshop))
    expect(wall.locator(".pj-card", has_text="Åben hal fredag aften")).to_have_count(1)
    expect(wall.locator("body")).not_to_contain_text("Ungdomsklub")
    # Opened again, the phone shows what it saved.
    phone.reload()
    expect(phone.locator("#me-organisation")).to_have_value("Hvalsø Ungdomsklub")
