"""Edits are screened by the safe room's word lists as new posts are (issue 14, gap 3).

An innocent card edited to hold a listed word goes back to the approval queue (its author
sees it wait, nobody else sees the new text); a distress word in an edit flags the card to
the moderators and shows its author, and nobody else, the help text.
"""

from __future__ import annotations

import json
import logging

from .helpers import ORGANISER, base, bearer, call, events_of, join, post_card, socket_events
from .test_catchup import call as room_call
from .test_catchup import post as room_post
from .test_catchup import (
    room,  # noqa: F401 (the verify_action fixture)
    verify_action,
)
from .test_safe_room import DISTRESS_CARD, flags_view, no_secret

HELD_TEXT = "Fællesspisning for alle idioter"


def edit(client, workshop, token, card_id, text):
    """PATCH a card's text; return the JSON answer (asserting success)."""
    answer = call(client, "patch", base(workshop) + f"/cards/{card_id}", token, {"text": text})
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def test_an_edit_with_a_listed_word_goes_back_to_the_queue_without_premoderation(
        client, workshop, participant, socket_client_factory):
    fac = workshop["facilitator_token"]
    card = post_card(client, workshop, participant["token"], "c1", text="Fællesspisning")
    assert card["pending"] is False
    other = join(client, workshop)
    sockets = {"other": socket_client_factory(workshop["id"], other["token"]),
               "author": socket_client_factory(workshop["id"], participant["token"]),
               "facilitator": socket_client_factory(workshop["id"], fac),
               "projector": socket_client_factory(workshop["id"], fac, view="projector")}
    for socket in sockets.values():
        socket.get_received()

    answer = edit(client, workshop, participant["token"], card["id"], HELD_TEXT)
    assert answer["pending"] is True and answer["text"] == HELD_TEXT and "help" not in answer
    # The others lose the card; the listed word reaches none of them, live or on catch-up.
    for name in ("other", "projector"):
        heard = socket_events(sockets[name])
        assert [(e["type"], e["data"]) for e in heard] == [
            ("card.deleted", {"id": card["id"], "tombstone": True})], name
    for token, query in ((other["token"], ""), (fac, "&view=projector")):
        caught = call(client, "get", base(workshop) + f"/events?after=0{query}", token).get_json()
        assert "idioter" not in json.dumps(caught, ensure_ascii=False)
    assert card["id"] not in [c["id"] for c in call(client, "get", base(workshop),
                                                     other["token"]).get_json()["cards"]]
    # The author's phone keeps it, waiting.
    mine = [e for e in socket_events(sockets["author"]) if e["type"] == "card.updated"]
    assert [(e["data"]["id"], e["data"]["pending"]) for e in mine] == [(card["id"], True)]
    own_board = call(client, "get", base(workshop), participant["token"]).get_json()
    assert [c["pending"] for c in own_board["cards"] if c["id"] == card["id"]] == [True]
    # The facilitator has it in the queue, flagged as held.
    heard = socket_events(sockets["facilitator"])
    flags = [e["data"] for e in heard if e["type"] == "safety.flagged"]
    assert flags == [{"card_id": card["id"], "comment_id": None, "held": True,
                      "distress": False}]
    fac_board = call(client, "get", base(workshop), fac).get_json()
    assert [c["pending"] for c in fac_board["cards"] if c["id"] == card["id"]] == [True]
    assert fac_board["safety_flags"] == flags
    # Approved, it is back for everyone; an innocent edit afterwards stays on the board.
    call(client, "post", base(workshop) + f"/cards/{card['id']}/approve", fac)
    assert card["id"] in [c["id"] for c in call(client, "get", base(workshop),
                                                 other["token"]).get_json()["cards"]]
    assert edit(client, workshop, participant["token"], card["id"],
                "Fællesspisning hver torsdag")["pending"] is False
    # The facilitator's own wording is not screened.
    assert edit(client, workshop, fac, card["id"], HELD_TEXT)["pending"] is False


def test_a_distress_word_in_an_edit_tells_only_its_author_and_flags_the_moderators(
        client, workshop, participant, socket_client_factory, caplog):
    caplog.set_level(logging.DEBUG)
    fac = workshop["facilitator_token"]
    card = post_card(client, workshop, participant["token"], "c1", text="Skolen om morgenen")
    other = join(client, workshop)
    sockets = {"other": socket_client_factory(workshop["id"], other["token"]),
               "author": socket_client_factory(workshop["id"], participant["token"]),
               "facilitator": socket_client_factory(workshop["id"], fac),
               "projector": socket_client_factory(workshop["id"], fac, view="projector")}
    for socket in sockets.values():
        socket.get_received()

    answer = edit(client, workshop, participant["token"], card["id"], DISTRESS_CARD)
    assert answer["pending"] is False, "a sign of distress is not held back"
    assert "116 111" in answer["help"] and "70 201 201" in answer["help"]
    for name in ("other", "author", "projector"):
        heard = socket_events(sockets[name])
        assert DISTRESS_CARD in json.dumps(heard, ensure_ascii=False), name
        no_secret(heard, f"live events of {name}")
    flags = [e["data"] for e in socket_events(sockets["facilitator"])
             if e["type"] == "safety.flagged"]
    assert flags == [{"card_id": card["id"], "comment_id": None, "held": False,
                      "distress": True}]
    # A second edit with the same finding raises no new flag; the board keeps one.
    edit(client, workshop, participant["token"], card["id"], DISTRESS_CARD + "!")
    assert [e for e in socket_events(sockets["facilitator"]) if e["type"] == "safety.flagged"
            ] == []
    assert len(call(client, "get", base(workshop), fac).get_json()["safety_flags"]) == 1
    # Boards, /events, the moderation log, exports and PDFs: the flag and help nowhere else.
    for token, query, who in ((other["token"], "", "other"), (participant["token"], "", "author"),
                              (fac, "?view=projector", "projector")):
        no_secret(call(client, "get", base(workshop) + query, token).get_json(), f"{who} board")
        wall = "&view=projector" if query else ""
        no_secret(call(client, "get", base(workshop) + f"/events?after=0{wall}",
                       token).get_json(), f"{who} /events")
    log = client.get(base(workshop) + "/moderation-log", headers=bearer(fac)).get_json()
    no_secret(log, "moderation log")
    no_secret(client.get(base(workshop) + "/export.json", headers=ORGANISER).get_json(),
              "export")
    assert sum(e["type"] == "safety.flagged" for e in events_of(client, workshop, fac)) == 1
    output = caplog.text + "\n".join(r.getMessage() for r in caplog.records)
    for secret in ("116 111", "Livslinien", "mobbet", "safety.flagged"):
        assert secret not in output, f"{secret!r} in the logs"


def test_edits_screened_by_the_safe_room_verify(room):  # noqa: F811
    """card.updated held back by the list and flagged; a distress edit flagged; approval."""
    facilitator = next(v for v in room["viewers"] if v.name == "facilitator")
    stale = facilitator.fetch()
    card = room_post(room, "ida", "c1", "Fællesspisning")
    other = room_post(room, "bo", "c2", "Gåtur om søndagen")
    caught = verify_action(room, lambda: room_call(room, "patch", f"/cards/{card['id']}", "ida",
                                                   {"text": HELD_TEXT}))
    assert "idioter" not in json.dumps(caught["bo"] + caught["projector"], ensure_ascii=False)
    # Its author's catch-up never takes the card off their board (the others' tombstone
    # comes to them as their card as it is now).
    assert {e["type"] for e in caught["ida"]} == {"card.updated"}
    assert all(e["data"]["pending"] for e in caught["ida"])
    verify_action(room, lambda: room_call(room, "patch", f"/cards/{other['id']}", "bo",
                                          {"text": DISTRESS_CARD}))
    verify_action(room, lambda: room_call(room, "post", f"/cards/{card['id']}/approve", "fac"))
    fresh = facilitator.fetch()
    expected = {(f["card_id"], f["comment_id"]): f for f in fresh["safety_flags"]}
    assert len(expected) == 2
    assert flags_view(facilitator, facilitator.caught_up(stale["seq"]), stale) == expected
    assert flags_view(facilitator, facilitator.caught_up(0), {}) == expected
    for name in ("ida", "bo", "projector"):
        viewer = next(v for v in room["viewers"] if v.name == name)
        no_secret(viewer.caught_up(0), f"{name} catch-up")
