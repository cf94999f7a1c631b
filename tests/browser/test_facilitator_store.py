"""Issue 13 point 8: the facilitator page and the wall on the board store (board_store.js).

The page's own store, fed by its live connection, must equal a store loaded from a fresh
GET after every kind of card and theme event, and the columns must show exactly the cards
the store holds, each in its theme (the Zulip-style check of tests/browser/test_board_store.py,
on the facilitator's page itself); the projector's store equals a fresh wall board."""

from __future__ import annotations

import time
import uuid

import pytest

from ..helpers import base
from .conftest import LAPTOP
from .pages import expect, open_facilitator, open_projector

pytestmark = [pytest.mark.server, pytest.mark.services]

COMPARE = """async ([workshopId, token]) => {
  const OS = window.OpenSpace;
  const fresh = OS.boardStore({ moderates: true });
  fresh.load(await OS.api("GET", "/api/v1/workshops/" + workshopId, token));
  const shown = {};
  const nodes = document.querySelectorAll("#themes li.card[data-id], #queue-list li.card[data-id]");
  nodes.forEach((li) => {
    const section = li.closest("section");
    const title = section ? section.querySelector("h3 span").textContent : "queue";
    shown[li.getAttribute("data-id")] = title;
  });
  return { live: OS.facilitatorBoard.view(), fresh: fresh.view(), shown };
}"""


WALL = """async ([workshopId, token]) => {
  const OS = window.OpenSpace;
  const fresh = OS.boardStore({ moderates: false });
  fresh.load(await OS.api("GET", "/api/v1/workshops/" + workshopId + "?view=projector", token));
  return { live: OS.projectorBoard.view(), fresh: fresh.view() };
}"""


def settle(page, workshop, script=COMPARE):
    """Wait until the page's store equals a fresh load; return the last comparison."""
    deadline = time.monotonic() + 8
    while True:
        got = page.evaluate(script, [workshop["id"], workshop["facilitator_token"]])
        if got["live"] == got["fresh"] or time.monotonic() > deadline:
            return got
        time.sleep(0.2)


def test_the_facilitator_page_follows_the_store(open_context, live_server, workshop):
    fac = workshop["facilitator_token"]
    path = base(workshop)
    context = open_context(**LAPTOP, locale="da-DK")
    page = open_facilitator(context, workshop)
    wall = open_projector(context, live_server, workshop)

    def api(method, sub, body=None):
        """Call the API as the facilitator; return the JSON answer."""
        answer = live_server.api(method, path + sub, fac, json=body)
        assert answer.status_code in (200, 201, 204), answer.text
        return answer.json() if answer.content else None

    def post(text, theme=0):
        """Post a card in a theme; return it."""
        return api("POST", "/cards", {"client_id": str(uuid.uuid4()), "kind": "idea",
                                      "text": text, "theme_id": workshop["themes"][theme]["id"]})

    one, two, three = post("Lektiecafé"), post("Gåtur", 1), post("Lektiehjælp")
    api("POST", f"/cards/{one['id']}/hide")
    api("PATCH", f"/cards/{two['id']}", {"theme_id": workshop["themes"][2]["id"]})
    api("POST", f"/cards/{three['id']}/merge", {"into": two["id"]})
    theme = api("POST", "/themes", {"title": "Mad"})
    four = post("Fællesspisning", 0)
    api("PATCH", f"/cards/{four['id']}", {"theme_id": theme["id"]})
    api("PATCH", f"/themes/{theme['id']}", {"title": "Mad og drikke"})

    got = settle(page, workshop)
    assert got["live"] == got["fresh"]
    titles = {t[0]: t[1] for t in got["fresh"]["themes"]}
    cards = got["fresh"]["cards"]
    assert set(got["shown"]) == set(cards)
    assert three["id"] not in got["shown"]
    for cid, card in cards.items():
        assert got["shown"][cid] == titles[card["theme_id"]], (cid, got["shown"][cid])
    expect(page.locator("#themes h3", has_text="Mad og drikke")).to_have_count(1)
    on_wall = settle(wall, workshop, WALL)
    assert on_wall["live"] == on_wall["fresh"]
    assert one["id"] not in on_wall["fresh"]["cards"]  # hidden: not on the wall
    assert four["id"] in on_wall["fresh"]["cards"]
