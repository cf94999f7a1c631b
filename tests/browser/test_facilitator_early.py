"""The facilitator page asks for its board once, from the head, while its scripts load
(static/js/facilitator_early.js; issue 14 gap 5: every card painted sooner)."""

from __future__ import annotations

import re

from .conftest import PHONE, post_card
from .pages import expect


def open_watched(context, url: str, workshop: dict) -> tuple[object, list[str]]:
    """Open ``url``; return the page and the scripts that asked for the board (initiators)."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    board = re.compile(r"/api/v1/workshops/" + re.escape(workshop["id"]) + r"$")
    asked: list[str] = []

    def sent(params):
        """Note which script asked for the board."""
        if board.search(params["request"]["url"]):
            frames = (params.get("initiator", {}).get("stack") or {}).get("callFrames") or []
            asked.append(frames[-1]["url"].rsplit("/", 1)[-1].split("?")[0] if frames else "?")

    cdp.on("Network.requestWillBeSent", sent)
    page.goto(url)
    expect(page.locator("#conn")).to_have_attribute("data-state", "connected")
    expect(page.locator("#themes li.card")).to_have_count(3)
    return page, asked


def test_the_board_is_asked_for_once_from_the_head(open_context, live_server, workshop):
    for n in range(3):
        post_card(live_server, workshop, f"Kort nummer {n}")
    context = open_context(**PHONE, locale="da-DK")
    _page, asked = open_watched(context, workshop["facilitator_url"], workshop)
    assert asked == ["facilitator_early.js"]
    # Opened again from this device (token kept, no #token= in the address): the same.
    _again, asked = open_watched(context, f"{live_server.url}/f/{workshop['id']}", workshop)
    assert asked == ["facilitator_early.js"]


def test_a_wrong_token_still_gets_the_pages_own_answer(open_context, live_server, workshop):
    page = open_context(**PHONE, locale="da-DK").new_page()
    page.goto(f"{live_server.url}/f/{workshop['id']}#token=forkert")
    expect(page.locator("#auth-missing")).to_be_visible()
