"""The facilitator page asks for its board once, from the head, while its scripts load
(static/js/facilitator_early.js; issue 14 gap 5: every card painted sooner)."""

from __future__ import annotations

import re

from .conftest import PHONE, post_card
from .pages import expect, open_facilitator


def test_the_board_is_asked_for_once_before_the_scripts_have_run(open_context, live_server,
                                                                  workshop):
    for n in range(3):
        post_card(live_server, workshop, f"Kort nummer {n}")
    context = open_context(**PHONE, locale="da-DK")
    asked = []
    board = re.compile(r"/api/v1/workshops/" + re.escape(workshop["id"]) + r"$")
    context.on("request", lambda r: asked.append(r.url) if board.search(r.url) else None)
    page = open_facilitator(context, workshop)
    expect(page.locator("#themes li.card")).to_have_count(3)
    timing = page.evaluate("""(wid) => {
      const board = performance.getEntriesByType('resource')
        .find(r => r.name.endsWith('/api/v1/workshops/' + wid));
      const last = Math.max(...performance.getEntriesByType('resource')
        .filter(r => r.initiatorType === 'script').map(r => r.responseEnd));
      return {board: board.startTime, lastScript: last};
    }""", workshop["id"])
    assert len(asked) == 1, asked
    assert timing["board"] < timing["lastScript"], timing
    # Opened again from this device (token kept, no #token= in the address): the same.
    asked.clear()
    again = context.new_page()
    again.goto(f"{live_server.url}/f/{workshop['id']}")
    expect(again.locator("#themes li.card")).to_have_count(3)
    assert len(asked) == 1, asked


def test_a_wrong_token_still_gets_the_pages_own_answer(open_context, live_server, workshop):
    page = open_context(**PHONE, locale="da-DK").new_page()
    page.goto(f"{live_server.url}/f/{workshop['id']}#token=forkert")
    expect(page.locator("#auth-missing")).to_be_visible()
