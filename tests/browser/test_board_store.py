"""The board store (static/js/board_store.js) the Zulip way, in Chromium on the real phone page.

For every event type: four viewers (the author's phone, another phone, the facilitator,
the projector) each take a stale board in the browser (GET, loaded into a store), follow
the live connection (static/js/live.js), an action happens over HTTP, and the stale store
with the received events applied must equal a store loaded from a fresh GET. The phone
page's own store (OS.board, fed by the page itself) must equal the author's fresh board too.
"""

from __future__ import annotations

import time
import uuid

import pytest

from ..helpers import base, join
from .conftest import PHONE
from .pages import expect

pytestmark = [pytest.mark.server, pytest.mark.services]

# In the page: open a stale store and a live connection per viewer; later compare.
START = """async ([viewers, workshopId]) => {
  const OS = window.OpenSpace;
  const path = "/api/v1/workshops/" + workshopId;
  window.__viewers = await Promise.all(viewers.map(async (v) => {
    const state = await OS.api("GET", path + (v.view ? "?view=" + v.view : ""), v.token);
    const stale = OS.boardStore({ own: v.own, moderates: v.moderates });
    stale.load(state);
    const seen = [];
    let connected;
    const ready = new Promise((resolve) => { connected = resolve; });
    const live = OS.live({ workshopId, seq: state.seq, view: v.view, token: () => v.token,
      onEvent: (evt) => { seen.push(evt.type); stale.apply(evt); }, onConnect: () => connected() });
    await ready;
    return { v, stale, live, seen };
  }));
}"""

FINISH = """async ([workshopId]) => {
  const OS = window.OpenSpace;
  const path = "/api/v1/workshops/" + workshopId;
  const out = {};
  for (const { v, stale, seen } of window.__viewers) {
    const state = await OS.api("GET", path + (v.view ? "?view=" + v.view : ""), v.token);
    const fresh = OS.boardStore({ own: v.own, moderates: v.moderates });
    fresh.load(state);
    out[v.name] = { live: stale.view(), fresh: fresh.view(), seen: seen.slice() };
    if (v.name === "ida") out.page = { live: OS.board.view(), fresh: fresh.view(), seen: [] };
  }
  return out;
}"""

STOP = "() => window.__viewers.forEach(({ live }) => live.stop())"


@pytest.fixture
def room(open_context, live_server, workshop):
    """Ida's phone page in Chromium; Bo joins over HTTP; the facilitator and the projector."""
    page = open_context(**PHONE).new_page()
    page.goto(workshop["join_url"])
    expect(page.locator("#conn")).to_have_attribute("data-state", "connected")
    key = f"openspace.participant.{workshop['id']}"
    ida = page.evaluate(f"() => JSON.parse(localStorage.getItem('{key}'))")
    bo = join(live_server, workshop, name="Bo")
    fac = workshop["facilitator_token"]
    viewers = [
        {"name": "ida", "token": ida["token"], "own": ida["participant_id"], "moderates": False},
        {"name": "bo", "token": bo["token"], "own": bo["participant_id"], "moderates": False},
        {"name": "facilitator", "token": fac, "own": None, "moderates": True},
        {"name": "projector", "token": fac, "own": None, "moderates": False, "view": "projector"},
    ]
    return {"page": page, "server": live_server, "workshop": workshop, "viewers": viewers,
            "ida": ida["token"], "bo": bo["token"], "fac": fac, "path": base(workshop)}


def call(room, method, path, who, body=None):
    """Call the API as ``who`` ("ida", "bo", "fac"); return the JSON answer."""
    answer = room["server"].api(method, room["path"] + path, room[who], json=body)
    assert answer.status_code in (200, 201, 204), answer.text
    return answer.json() if answer.content else None


def post(room, who, text, kind="idea", theme=0):
    """Post a card as ``who``; return it."""
    return call(room, "POST", "/cards", who, {
        "client_id": str(uuid.uuid4()), "kind": kind, "text": text,
        "theme_id": room["workshop"]["themes"][theme]["id"]})


def verify(room, action, expect_types=()):
    """Run ``action`` between a stale board and a fresh one; every viewer's live == fresh."""
    page, wid = room["page"], room["workshop"]["id"]
    page.evaluate(START, [room["viewers"], wid])
    action()
    deadline = time.monotonic() + 8
    while True:
        boards = page.evaluate(FINISH, [wid])
        differ = [name for name, b in boards.items() if b["live"] != b["fresh"]]
        seen = {t for b in boards.values() for t in b["seen"]}
        if not differ and set(expect_types) <= seen:
            break
        if time.monotonic() > deadline:
            name = differ[0] if differ else "ida"
            assert boards[name]["live"] == boards[name]["fresh"], f"{name} after {sorted(seen)}"
            assert set(expect_types) <= seen, sorted(seen)
        time.sleep(0.2)
    page.evaluate(STOP)
    return boards


def test_card_events_apply_like_a_fresh_load(room):
    card = {}
    verify(room, lambda: card.update(post(room, "ida", "Lektiecafé med pizza")), ["card.created"])
    cid = card["id"]
    verify(room, lambda: call(room, "PATCH", f"/cards/{cid}", "ida",
                              {"text": "Lektiecafé hver tirsdag"}), ["card.updated"])
    verify(room, lambda: call(room, "POST", f"/cards/{cid}/hide", "fac"), ["card.hidden"])
    verify(room, lambda: call(room, "POST", f"/cards/{cid}/restore", "fac"), ["card.restored"])
    call(room, "PATCH", "/settings", "fac", {"premoderation": True})
    waiting = {}
    verify(room, lambda: waiting.update(post(room, "bo", "Gåtur om søndagen")), ["card.created"])
    verify(room, lambda: call(room, "POST", f"/cards/{waiting['id']}/approve", "fac"),
           ["card.approved"])
    verify(room, lambda: call(room, "DELETE", f"/cards/{waiting['id']}", "bo"), ["card.deleted"])
    # The phone page shows what its store holds.
    expect(room["page"].locator("#cards .card")).to_have_count(1)


def test_supports_commitments_stars_merge_and_spotlight(room):
    initiative = post(room, "ida", "Lektiecafé", kind="initiative")
    twin = post(room, "bo", "Lektiecafe i biblioteket", kind="initiative")
    iid = initiative["id"]
    boards = verify(room, lambda: call(room, "PUT", f"/cards/{iid}/support", "ida", {}),
                    ["card.supported", "support.changed"])
    assert boards["page"]["live"]["supported"] == [iid]
    verify(room, lambda: call(room, "DELETE", f"/cards/{iid}/support", "ida"), ["support.changed"])
    verify(room, lambda: call(room, "PUT", f"/cards/{twin['id']}/support", "ida", {}),
           ["support.changed"])
    verify(room, lambda: call(room, "PUT", f"/cards/{iid}/commitment", "ida",
                              {"name": "Ida", "consent": False}),
           ["card.committed", "commitment.updated"])
    verify(room, lambda: call(room, "DELETE", f"/cards/{iid}/commitment", "ida"),
           ["commitment.deleted"])
    verify(room, lambda: call(room, "POST", f"/cards/{iid}/star", "fac", {"starred": True}),
           ["card.starred"])
    verify(room, lambda: call(room, "PUT", "/spotlight", "fac", {"card_id": twin["id"]}),
           ["workshop.spotlight"])
    boards = verify(room, lambda: call(room, "POST", f"/cards/{twin['id']}/merge", "fac",
                                       {"into": iid}), ["card.merged"])
    assert boards["page"]["live"]["supported"] == [iid]  # the support moved with the merge
    verify(room, lambda: call(room, "PUT", "/spotlight", "fac", {"card_id": None}),
           ["workshop.spotlight"])


def test_comment_and_link_events(room):
    initiative = post(room, "ida", "Lektiecafé", kind="initiative")
    actor = post(room, "bo", "Ungdomsskolen", kind="actor")
    iid = initiative["id"]
    made = {}
    verify(room, lambda: made.update(call(room, "POST", f"/cards/{iid}/comments", "bo",
                                          {"client_id": "m1", "text": "Godt forslag"})),
           ["comment.created"])
    mid = made["id"]
    verify(room, lambda: call(room, "POST", f"/comments/{mid}/hide", "fac"), ["comment.hidden"])
    verify(room, lambda: call(room, "POST", f"/comments/{mid}/restore", "fac"),
           ["comment.restored"])
    call(room, "PATCH", "/settings", "fac", {"premoderation": True})
    waiting = {}
    verify(room, lambda: waiting.update(call(room, "POST", f"/cards/{iid}/comments", "ida",
                                             {"client_id": "m2", "text": "Jeg kan tirsdage"})),
           ["comment.created"])
    verify(room, lambda: call(room, "POST", f"/comments/{waiting['id']}/approve", "fac"),
           ["comment.approved"])
    verify(room, lambda: call(room, "DELETE", f"/comments/{mid}", "bo"), ["comment.deleted"])
    link = {}
    verify(room, lambda: link.update(call(room, "POST", "/links", "bo",
                                          {"actor_card_id": actor["id"], "target_card_id": iid})),
           ["link.created"])
    verify(room, lambda: call(room, "DELETE", f"/links/{link['id']}", "bo"), ["link.deleted"])


def test_settings_themes_timer_projector_and_plenaries(room):
    verify(room, lambda: call(room, "PATCH", "/settings", "fac", {"support_cap": 3}),
           ["workshop.updated"])
    verify(room, lambda: call(room, "POST", "/lock", "fac"), ["workshop.updated"])
    verify(room, lambda: call(room, "POST", "/unlock", "fac"), ["workshop.updated"])
    theme = {}
    verify(room, lambda: theme.update(call(room, "POST", "/themes", "fac", {"title": "Sport"})),
           ["theme.created"])
    verify(room, lambda: call(room, "PATCH", f"/themes/{theme['id']}", "fac",
                              {"title": "Sport og leg"}), ["theme.updated"])
    order = [theme["id"]] + [t["id"] for t in room["workshop"]["themes"]]
    verify(room, lambda: call(room, "PUT", "/themes/order", "fac", {"theme_ids": order}),
           ["themes.reordered"])
    verify(room, lambda: call(room, "PUT", "/timer", "fac", {"minutes": 5, "label": "Pause"}),
           ["timer.started"])
    verify(room, lambda: call(room, "DELETE", "/timer", "fac"), ["timer.stopped"])
    verify(room, lambda: call(room, "PATCH", "/projector", "fac", {"paused": True}),
           ["projector.updated"])
    post(room, "bo", "Brætspil på biblioteket")
    boards = verify(room, lambda: call(room, "POST", "/plenaries", "fac", {}), ["plenary.created"])
    assert boards["page"]["live"]["plenary_count"] == 1
    # The phone fetched the plenaries section when the first plenary came, not before.
    expect(room["page"].locator("#plenaries")).to_be_visible()
    assert room["page"].evaluate(
        "() => [...document.scripts].some(s => s.src.includes('participant_plenaries.js'))")
