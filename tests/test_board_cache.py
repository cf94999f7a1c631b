"""The cached board (issue 15 point 5): after every kind of change, the board each viewer
gets from the cache equals a fresh, uncached build for them; no viewer ever gets another's
pending or a hidden card from a shared copy; gzip answers decode to the same JSON."""

from __future__ import annotations

import gzip
import json

import pytest

from openspace.services.access import authenticate
from openspace.services.cards import card_json
from openspace.services.visibility import visible_cards
from openspace.services.workshops import workshop_state
from openspace.web.board_cache import BoardCache

from .conftest import PUBLIC_URL
from .helpers import ORGANISER_TOKEN, bearer, card_body, create_workshop, get_db_of, join

VOLATILE = ("server_time",)  # the clock at the moment of asking


@pytest.fixture
def room(app, client):
    """A workshop with two phones (Ida, Bo), the facilitator, the organiser and the wall."""
    app.extensions["openspace.ratelimits"].enabled = False
    workshop = create_workshop(client)
    ida, bo = join(client, workshop, name="Ida"), join(client, workshop, name="Bo")
    fac = workshop["facilitator_token"]
    viewers = {"ida": (ida["token"], ""), "bo": (bo["token"], ""), "facilitator": (fac, ""),
               "organiser": (ORGANISER_TOKEN, ""), "projector": (fac, "?view=projector")}
    return {"app": app, "client": client, "workshop": workshop, "viewers": viewers,
            "tokens": {"ida": ida["token"], "bo": bo["token"], "fac": fac,
                       "organiser": ORGANISER_TOKEN},
            "base": f"/api/v1/workshops/{workshop['id']}"}


def cached(room, name: str, gzipped: bool = False) -> dict:
    """GET the board as viewer ``name`` (through the cache)."""
    token, query = room["viewers"][name]
    headers = {**bearer(token), **({"Accept-Encoding": "gzip"} if gzipped else {})}
    response = room["client"].get(room["base"] + query, headers=headers)
    assert response.status_code == 200
    assert "board;dur=" in response.headers["Server-Timing"]
    if gzipped:
        assert response.headers["Content-Encoding"] == "gzip"
        return json.loads(gzip.decompress(response.data))
    assert "Content-Encoding" not in response.headers
    return response.get_json()


def fresh(room, name: str) -> dict:
    """Build the board for viewer ``name`` without any cache, straight from the services."""
    token, query = room["viewers"][name]
    with get_db_of(room["app"]).read() as session:
        actor = authenticate(session, room["workshop"]["id"], token, ORGANISER_TOKEN)
        if query:
            actor = type(actor)("projector", actor.workshop_id)
        return workshop_state(session, actor, PUBLIC_URL)


def without_clock(state: dict) -> dict:
    """Return ``state`` without what changes with every request."""
    return {key: value for key, value in state.items() if key not in VOLATILE}


def orm_cards(room, name: str) -> list[dict]:
    """Return viewer ``name``'s cards read as ORM objects (``visible_cards``), as JSON."""
    token, query = room["viewers"][name]
    with get_db_of(room["app"]).read() as session:
        actor = authenticate(session, room["workshop"]["id"], token, ORGANISER_TOKEN)
        if query:
            actor = type(actor)("projector", actor.workshop_id)
        return [card_json(c) for c in visible_cards(session, actor.workshop_id, actor)]


def check_everyone(room, what: str) -> None:
    """Assert that every viewer's cached board (plain and gzip) equals a fresh build, and
    that the board's fast card rows give the same cards as the ORM's."""
    for name in room["viewers"]:
        expected = without_clock(fresh(room, name))
        assert without_clock(cached(room, name)) == expected, f"{name} after {what}"
        assert without_clock(cached(room, name, gzipped=True)) == expected, f"{name} (gzip)"
        assert expected["cards"] == orm_cards(room, name), f"{name}'s card rows after {what}"


def call(room, method: str, path: str, who: str, body=None) -> dict:
    """Call the API as ``who``; return the answer."""
    response = getattr(room["client"], method)(room["base"] + path, json=body,
                                               headers=bearer(room["tokens"][who]))
    assert response.status_code in (200, 201, 204), (path, response.get_json())
    return response.get_json() if response.data else {}


def post(room, who: str, client_id: str, text: str, kind: str = "idea") -> dict:
    """Post a card as ``who``."""
    return call(room, "post", "/cards", who,
                card_body(room["workshop"], client_id, text=text, kind=kind))


def test_every_kind_of_change_reaches_every_cached_view(room):
    made: dict = {}
    check_everyone(room, "the start")  # and warm every view's cache entry

    def step(what: str, action) -> None:
        """Run ``action`` with every view cached beforehand, then compare every view."""
        for name in room["viewers"]:
            cached(room, name)
        action()
        check_everyone(room, what)

    step("a card", lambda: made.update(c1=post(room, "ida", "c1", "Lektiecafé", "initiative")))
    step("an actor card", lambda: made.update(a1=post(room, "bo", "a1", "FDF", "actor")))
    c1, a1 = made["c1"]["id"], made["a1"]["id"]
    step("an edit", lambda: call(room, "patch", f"/cards/{c1}", "ida", {"text": "Lektiecafe"}))
    step("a pin", lambda: call(room, "post", f"/cards/{c1}/pin", "fac"))
    step("a support", lambda: call(room, "put", f"/cards/{c1}/support", "bo", {}))
    step("a commitment", lambda: call(room, "put", f"/cards/{c1}/commitment", "bo",
                                      {"name": "Bo", "contact": "bo@example.dk",
                                       "consent": True}))
    step("a comment", lambda: made.update(m1=call(room, "post", f"/cards/{c1}/comments", "bo",
                                                  {"client_id": "m1", "text": "Hvornår?"})))
    step("a link", lambda: call(room, "post", "/links", "bo",
                                {"actor_card_id": a1, "target_card_id": c1}))
    step("a rename (no event)", lambda: call(room, "patch", "/participants/me", "ida",
                                             {"name": "Ida K"}))
    step("a star", lambda: call(room, "post", f"/cards/{c1}/star", "fac", {"starred": True}))
    step("the settings", lambda: call(room, "patch", "/settings", "fac",
                                      {"premoderation": True, "support_cap": 3}))
    step("a pending card", lambda: made.update(p1=post(room, "ida", "p1", "Hemmelig plan")))
    step("a pending comment", lambda: made.update(m2=call(
        room, "post", f"/cards/{c1}/comments", "bo", {"client_id": "m2", "text": "Hvor?"})))
    step("an approval", lambda: call(room, "post", f"/cards/{made['p1']['id']}/approve", "fac"))
    step("a comment approval", lambda: call(room, "post",
                                            f"/comments/{made['m2']['id']}/approve", "fac"))
    step("a hide", lambda: call(room, "post", f"/cards/{a1}/hide", "fac"))
    step("a restore", lambda: call(room, "post", f"/cards/{a1}/restore", "fac"))
    step("a comment hidden", lambda: call(room, "post", f"/comments/{made['m1']['id']}/hide",
                                          "fac"))
    step("a lock", lambda: call(room, "post", "/lock", "fac"))
    step("an unlock", lambda: call(room, "post", "/unlock", "fac"))
    step("a theme", lambda: made.update(t=call(room, "post", "/themes", "fac",
                                               {"title": "Foreninger"})))
    step("a theme renamed", lambda: call(room, "patch", f"/themes/{made['t']['id']}", "fac",
                                         {"title": "Foreningsliv"}))
    step("a timer", lambda: call(room, "put", "/timer", "fac", {"minutes": 5}))
    step("a spotlight", lambda: call(room, "put", "/spotlight", "fac", {"card_id": c1}))
    step("the projector", lambda: call(room, "patch", "/projector", "fac", {"sort": "support"}))
    step("the workshop edited", lambda: call(room, "patch", "", "organiser",
                                             {"title": "Ny titel", "vision": "Sammen"}))
    step("a plenary", lambda: call(room, "post", "/plenaries", "fac", {}))
    step("a merge", lambda: call(room, "post", f"/cards/{made['p1']['id']}/merge", "fac",
                                 {"into": c1}))
    step("an own card deleted", lambda: call(room, "delete", f"/participants/me/cards/{a1}",
                                             "bo"))
    step("a join", lambda: join(room["client"], room["workshop"], name="Sara"))
    del room["viewers"]["bo"]
    step("delete me", lambda: call(room, "delete", "/participants/me", "bo"))


def test_no_viewer_gets_another_ones_pending_or_a_hidden_card(room):
    call(room, "patch", "/settings", "fac", {"premoderation": True})
    for name in room["viewers"]:
        cached(room, name)  # the shared copies exist before Ida's card does
    pending = post(room, "ida", "p1", "Kun Ida og facilitatoren")
    public = post(room, "fac", "f1", "Alle ser dette")
    call(room, "post", f"/cards/{public['id']}/hide", "fac")
    for _ in range(2):  # built, then from the cache
        ids = {name: {c["id"] for c in cached(room, name)["cards"]} for name in room["viewers"]}
        assert pending["id"] in ids["ida"] and pending["id"] in ids["facilitator"]
        assert pending["id"] not in ids["bo"] and pending["id"] not in ids["projector"]
        assert public["id"] not in ids["bo"] | ids["ida"] | ids["projector"]
        assert public["id"] in ids["facilitator"] and public["id"] in ids["organiser"]
    # Bo's board is the shared public copy; Ida's is her own while her card waits.
    assert cached(room, "bo")["me"]["name"] == "Bo" and cached(room, "ida")["me"]["name"] == "Ida"


def test_gzip_is_used_only_when_accepted_and_is_much_smaller(room):
    for n in range(60):
        post(room, "ida", f"c{n}", f"Kort nummer {n}: fællesskab i klubben og på skolen")
    plain = room["client"].get(room["base"], headers=bearer(room["tokens"]["bo"]))
    packed = room["client"].get(room["base"], headers={**bearer(room["tokens"]["bo"]),
                                                       "Accept-Encoding": "br, gzip;q=0.8"})
    refused = room["client"].get(room["base"], headers={**bearer(room["tokens"]["bo"]),
                                                        "Accept-Encoding": "gzip;q=0"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in refused.headers and "Content-Encoding" not in plain.headers
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert json.loads(gzip.decompress(packed.data)) == plain.get_json() == refused.get_json()
    assert len(packed.data) * 4 < len(plain.data)


def test_the_cache_keeps_few_entries_and_a_write_renews_the_workshops_views():
    cache, builds = BoardCache(max_entries=3), []

    def build(seq):
        """Return a builder of a tiny shared state that notes each build."""
        return lambda: builds.append(seq) or {"seq": seq, "cards": [{"text": "æøå"}]}

    for seq in range(5):
        cache.get("w1", ("public",), seq, build(seq))
    assert len(cache._entries) == 3 and builds == [0, 1, 2, 3, 4]
    entry = cache.get("w1", ("public",), 4, build(4))
    assert builds == [0, 1, 2, 3, 4]  # from the cache
    own = {"role": "participant", "me": None}
    whole = {"seq": 4, "cards": [{"text": "æøå"}], **own}
    assert json.loads(entry.body(own)) == whole == json.loads(gzip.decompress(entry.gzip_body(own)))
    cache.changed("w1")  # a write without an event (a rename): built again at the same seq
    cache.get("w1", ("public",), 4, build(4))
    assert builds == [0, 1, 2, 3, 4, 4]


def test_the_callers_own_part_is_compressed_apart_from_the_cards():
    # Whatever the cards say (anyone may write them), the caller's own part (their
    # contact) compresses to the same bytes: its length tells nothing about either.
    own = {"me": {"commitments": [{"contact": "sofie@example.dk", "name": "Sofie"}]}}
    tails = []
    for text in ("sofie@example.dk", "helt andet indhold", "sofie@example.dk Sofie"):
        entry = BoardCache().get("w", ("public",), 1, lambda text=text: {"cards": [text] * 3})
        packed = entry.gzip_body(own)
        assert json.loads(gzip.decompress(packed)) == {"cards": [text] * 3, **own}
        tails.append(packed[len(entry.gzip_head):-8])  # the trailer's CRC covers everything
    assert tails[0] == tails[1] == tails[2]
