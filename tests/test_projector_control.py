"""The facilitator drives the projectors (PATCH /projector) and stars cards for the plenary.

Who may do it, what the room's wall does with a plenary's slides over time,
the cap on stars, and a verify_action for ``projector.updated`` and
``card.starred`` (the live events and the catch-up give the board a fresh GET
gives, for two phones, the facilitator and the projector).
"""

from __future__ import annotations

import types
from datetime import datetime, timedelta

import pytest

from openspace.services.projector import INTRO_SECONDS, deck, position

from .helpers import ORGANISER, base, bearer, call, card_body, create_workshop, join, post_card
from .test_catchup import Board, post, room, verify_action  # noqa: F401 - room is a fixture
from .test_catchup import call as room_call


def test_only_the_facilitator_and_the_organiser_drive_the_projector_and_star(client, workshop,
                                                                             participant):
    path = base(workshop)
    card = post_card(client, workshop, participant["token"], "c1")
    star = f"{path}/cards/{card['id']}/star"
    for token, status in ((participant["token"], 403), ("not-a-token", 403)):
        answer = call(client, "patch", path + "/projector", token, {"paused": True})
        assert answer.status_code == status
        assert call(client, "post", star, token, {"starred": True}).status_code == status
    # Nothing changed: the projector still moves, the card has no star.
    state = call(client, "get", path, workshop["facilitator_token"]).get_json()
    assert state["projector"]["paused"] is False and state["starred"] == []
    answer = call(client, "patch", path + "/projector", workshop["facilitator_token"],
                  {"paused": True, "sort": "support"})
    assert answer.status_code == 200
    assert answer.get_json()["paused"] is True and answer.get_json()["sort"] == "support"
    answer = client.patch(path + "/projector", json={"kind": "initiative"}, headers=ORGANISER)
    assert answer.status_code == 200 and answer.get_json()["kind"] == "initiative"
    assert call(client, "post", star, workshop["facilitator_token"],
                {"starred": True}).get_json() == {"card_id": card["id"], "starred": True}
    assert client.post(star, json={"starred": False}, headers=ORGANISER).status_code == 200
    # The projector's view sees what the wall shows, never the stars; a phone neither.
    wall = call(client, "get", path + "?view=projector", workshop["facilitator_token"]).get_json()
    assert wall["projector"]["kind"] == "initiative" and "starred" not in wall
    phone = call(client, "get", path, participant["token"]).get_json()
    assert "projector" not in phone and "starred" not in phone


def test_bad_projector_input_is_refused_in_danish_and_changes_nothing(client, workshop):
    path, fac = base(workshop), workshop["facilitator_token"]
    for body, field in (({"sort": "random"}, "sort"), ({"goal": 18}, "goal"),
                        ({"theme_id": "nope"}, "theme_id"), ({"paused": "yes"}, "paused"),
                        ({"step": 1}, "step"), ({"plenary": 7}, None), ({"kind": 3}, "kind")):
        answer = client.patch(path + "/projector", json=body,
                              headers={**bearer(fac), "Accept-Language": "da"})
        assert answer.status_code in (400, 404), body
        error = answer.get_json()["error"]
        assert error.get("field") == field and error["message"], body
    assert call(client, "get", path, fac).get_json()["projector"] == {
        "sort": "newest", "theme_id": None, "kind": None, "goal": None, "paused": False,
        "plenary": None}


def test_a_sixth_star_is_refused_with_a_clear_message_and_stars_clear_with_the_plenary(
        client, workshop, participant):
    path, fac = base(workshop), workshop["facilitator_token"]
    ids = [post_card(client, workshop, participant["token"], f"c{i}", text=f"Idé nummer {i}")["id"]
           for i in range(6)]
    for card_id in ids[:5]:
        assert call(client, "post", f"{path}/cards/{card_id}/star", fac,
                    {"starred": True}).status_code == 200
    refused = client.post(f"{path}/cards/{ids[5]}/star", json={"starred": True},
                          headers={**bearer(fac), "Accept-Language": "da"})
    assert refused.status_code == 409
    error = refused.get_json()["error"]
    assert error["code"] == "too_many_stars"
    assert "5" in error["message"] and "stjerne" in error["message"].lower()
    assert sorted(call(client, "get", path, fac).get_json()["starred"]) == sorted(ids[:5])
    assert call(client, "post", f"{path}/cards/{ids[0]}/star", fac,
                {"starred": "ja"}).status_code == 400
    # The plenary shows the starred cards, then the stars are gone for the next one.
    assert client.post(path + "/plenaries", json={}, headers=bearer(fac)).status_code == 201
    summary = call(client, "get", path + "/plenaries/1", fac).get_json()["summary"]
    assert sorted(c["id"] for c in summary["starred"]) == sorted(ids[:5])
    assert {c["text"] for c in summary["starred"]} == {f"Idé nummer {i}" for i in range(5)}
    state = call(client, "get", path, fac).get_json()
    assert state["starred"] == []
    # ... and it is on the projector, from its first slide.
    shown = state["projector"]["plenary"]
    assert shown["number"] == 1 and shown["slide"] == 0
    assert [s["name"] for s in shown["slides"]][:2] == ["intro", "starred"]


def test_the_deck_follows_the_clock_and_next_means_after_what_the_room_sees(client, workshop,
                                                                            participant):
    path, fac = base(workshop), workshop["facilitator_token"]
    for i in range(4):
        post_card(client, workshop, participant["token"], f"i{i}", kind="initiative",
                  text=f"Indsats {i}")
    client.post(path + "/plenaries", json={}, headers=bearer(fac))
    shown = call(client, "get", path, fac).get_json()["projector"]["plenary"]
    assert [s["name"] for s in shown["slides"]] == ["intro", "initiatives"]
    since = datetime.fromisoformat(shown["since"])
    # 5 s in: the intro; 25 s in: the initiatives; long after: over (the wall again).
    assert position(shown, since + timedelta(seconds=5))[0] == 0
    assert position(shown, since + timedelta(seconds=INTRO_SECONDS + 5))[0] == 1
    assert position(shown, since + timedelta(hours=1))[0] == 2
    # Step on from where it is, back, and past the end (closes).
    stepped = call(client, "patch", path + "/projector", fac, {"step": 1}).get_json()
    assert stepped["plenary"]["slide"] == 1
    back = call(client, "patch", path + "/projector", fac, {"step": -1}).get_json()
    assert back["plenary"]["slide"] == 0
    assert call(client, "patch", path + "/projector", fac,
                {"step": -1}).get_json()["plenary"]["slide"] == 0
    # Paused, the deck holds its place; shown again, it starts at the first slide.
    paused = call(client, "patch", path + "/projector", fac, {"paused": True}).get_json()
    assert paused["plenary"]["held"] is not None
    later = datetime.fromisoformat(paused["plenary"]["since"]) + timedelta(hours=1)
    assert position(paused["plenary"], later)[0] == 0
    closed = call(client, "patch", path + "/projector", fac, {"plenary": None}).get_json()
    assert closed["plenary"] is None
    again = call(client, "patch", path + "/projector", fac, {"plenary": 1}).get_json()
    assert again["plenary"]["number"] == 1 and again["plenary"]["slide"] == 0
    assert call(client, "patch", path + "/projector", fac, {"step": 1}).get_json()[
        "plenary"]["slide"] == 1
    assert call(client, "patch", path + "/projector", fac, {"step": 1}).get_json()[
        "plenary"] is None


def test_the_deck_leaves_out_empty_parts_and_lengthens_long_lists():
    summary = {"top_window": [{"id": "a"}], "top_overall": [{"id": "a"}],
               "new_actors": [{"id": str(i)} for i in range(7)], "extras": {"links": []}}
    slides = deck(summary)
    assert [s["name"] for s in slides] == ["intro", "top_window", "actors"]
    assert slides[2]["seconds"] > slides[1]["seconds"]


def _wall_board(viewer, state):
    """A viewer's board that also keeps the projector's state and (moderators) the stars."""
    board = WallBoard(state, viewer.participant_id, viewer.moderates and not viewer.projector)
    return board


class WallBoard(Board):
    """The pages' board with the projector's state and the facilitator's stars."""

    def __init__(self, state, own_participant, moderates):
        """Start from a fetched state."""
        super().__init__(state, own_participant, moderates)
        self.projector = state.get("projector")
        self.starred = set(state.get("starred") or [])

    def apply(self, event):
        """Apply one event as the pages do (the projector's and the stars' too)."""
        super().apply(event)
        if event["type"] == "projector.updated":
            self.projector = event["data"]
        elif event["type"] == "card.starred":
            (self.starred.add if event["data"]["starred"] else self.starred.discard)(
                event["data"]["card_id"])
        elif event["type"] == "plenary.created":
            self.starred = set()  # a plenary taken clears the stars

    def view(self):
        """What the viewer shows, with the projector's state and the stars on its cards."""
        shown = super().view()
        shown["projector"] = self.projector
        shown["starred"] = sorted(i for i in self.starred if i in shown["cards"])
        return shown


@pytest.fixture
def wall_room(room):  # noqa: F811 - the fixture imported above
    """The verify_action room, its viewers keeping the projector's state and the stars."""
    for viewer in room["viewers"]:
        viewer.board = types.MethodType(_wall_board, viewer)
    return room


def test_projector_and_star_events_verify(wall_room):
    """projector.updated and card.starred: live and catch-up boards equal a fresh GET."""
    room_ = wall_room
    card = post(room_, "ida", "c1", "Fællesspisning på skolen")
    verify_action(room_, lambda: room_call(room_, "patch", "/projector", "fac",
                                           {"sort": "support", "paused": True}))
    caught = verify_action(room_, lambda: room_call(room_, "post", f"/cards/{card['id']}/star",
                                                    "fac", {"starred": True}))
    # The star is the facilitator's: the phones and the wall hear nothing of it.
    for name in ("ida", "bo", "projector"):
        assert all(e["type"] != "card.starred" for e in caught[name])
    assert [e["type"] for e in caught["facilitator"]] == ["card.starred"]
    caught = verify_action(room_, lambda: room_call(room_, "post", "/plenaries", "fac", {}))
    assert "projector.updated" in [e["type"] for e in caught["projector"]]
    assert all(e["type"] != "projector.updated" for e in caught["ida"])
    verify_action(room_, lambda: room_call(room_, "patch", "/projector", "fac", {"step": 1}))
    verify_action(room_, lambda: room_call(room_, "patch", "/projector", "fac", {"plenary": None}))
    verify_action(room_, lambda: room_call(room_, "post", f"/cards/{card['id']}/star", "fac",
                                           {"starred": True}))
    verify_action(room_, lambda: room_call(room_, "delete", f"/cards/{card['id']}", "fac"))


def test_a_participant_never_receives_the_projectors_events(client, socket_client_factory):
    workshop = create_workshop(client)
    phone = join(client, workshop, name="Ida")
    socket = socket_client_factory(workshop["id"], phone["token"])
    socket.get_received()
    card = client.post(base(workshop) + "/cards", json=card_body(workshop, "c1"),
                       headers=bearer(phone["token"])).get_json()
    fac = workshop["facilitator_token"]
    call(client, "patch", base(workshop) + "/projector", fac, {"paused": True})
    call(client, "post", f"{base(workshop)}/cards/{card['id']}/star", fac, {"starred": True})
    types_ = [m["args"][0]["type"] for m in socket.get_received() if m["name"] == "event"]
    assert types_ == ["card.created"]
