"""Issue 13 point 8 in Chromium: the phone shows what the server works out (supports left,
field limits) instead of copying the server's rules into its scripts.

The board is passed through unchanged except for the server-derived values, which are set
to figures the page could not compute itself: if the page shows them, it took them from
the server."""

from __future__ import annotations

import re

import pytest

from ..helpers import base
from .conftest import PHONE, post_card
from .pages import expect, phone_card, post_from_phone

pytestmark = [pytest.mark.server, pytest.mark.services]

BOARD = re.compile(r".*/api/v1/workshops/[^/?#]+(\?[^#]*)?$")


def test_the_phone_shows_the_servers_supports_left_and_field_limits(open_context, live_server,
                                                                     workshop):
    """Supports left comes from the board and the support's answer; a comment's and an
    edit's longest text and the most goals come from the board's `limits`."""
    live_server.api("PATCH", base(workshop) + "/settings", workshop["facilitator_token"],
                    json={"support_cap": 3})
    post_card(live_server, workshop, "Bænke ved søen")
    page = open_context(**PHONE, locale="da-DK").new_page()

    def altered(route):
        """Answer the board with the server's own body, its derived values changed."""
        response = route.fetch()
        body = response.json()
        if route.request.method == "GET" and "cards" in body:
            body["me"]["supports_left"] = 1  # not 3 − 0: the page must not work it out
            body["limits"] = dict(body["limits"], comment_text=42, card_text=99, sdgs=2)
        route.fulfill(response=response, json=body)

    page.route(BOARD, altered)
    page.goto(workshop["join_url"])
    expect(page.locator("#conn")).to_have_attribute("data-state", "connected")
    expect(page.locator("#supports-left")).to_contain_text("1")

    card = phone_card(page, "Bænke ved søen")
    card.locator("button[aria-pressed]").first.tap()
    # The support's answer: the real server's figure (3 − 1).
    expect(page.locator("#supports-left")).to_contain_text("2")

    card.locator("button[aria-controls^='p-talkPanel-']").tap()
    expect(card.locator("textarea[id^='ck-']")).to_have_attribute("maxlength", "42")


def test_an_own_card_edit_takes_the_servers_limits(open_context, live_server, workshop):
    """Editing one's own card: the text's limit and the most goals are the board's."""
    page = open_context(**PHONE, locale="da-DK").new_page()

    def altered(route):
        """Answer the board with the server's own body, its limits changed."""
        response = route.fetch()
        body = response.json()
        if route.request.method == "GET" and "cards" in body:
            body["limits"] = dict(body["limits"], card_text=99, sdgs=2)
        route.fulfill(response=response, json=body)

    page.route(BOARD, altered)
    page.goto(workshop["join_url"])
    expect(page.locator("#conn")).to_have_attribute("data-state", "connected")
    post_from_phone(page, "Fællesspisning i hallen")
    card = phone_card(page, "Fællesspisning i hallen")
    card.locator("button[aria-controls^='p-editPanel-']").tap()
    expect(card.locator("textarea[id^='et-']")).to_have_attribute("maxlength", "99")
    goals = card.locator("[id^='p-editPanel-'] input[type=checkbox]")
    goals.nth(0).check()
    goals.nth(1).check()
    expect(goals.nth(2)).to_be_disabled()
