"""An approved card its author edits under pre-moderation goes back to the queue (issue 14,
gap 4): every phone's own support marks and supports left stay right, and the comments and
links on that card are tidied live exactly as a fresh load or a catch-up shows them.

``PageBoard`` applies events as the pages do in full: a card leaving a board takes its
comments and links with it (participation.js ``forget``; the facilitator page likewise), a
tombstone never takes one's own card (participant.js) nor any card of the facilitator's
(facilitator.js), supports stay marked on a card off the board but count toward the cap only
while it is on it (participation.js ``settings``). A returning card must bring its comments
and links back by events.
"""

from __future__ import annotations

import pytest

from . import test_catchup
from .test_catchup import Board, Viewer, verify_action
from .test_catchup import call as call_room
from .test_catchup import post as post_room

room = test_catchup.room  # the verify_action fixture: page_room builds on it


class PageBoard(Board):
    """The board as the pages keep it (see the module's docstring)."""

    def __init__(self, state: dict, own_participant: str | None, moderates: bool):
        """Start from a fetched state, with the participant's own supports."""
        super().__init__(state, own_participant, moderates)
        self.supports = set((state.get("me") or {}).get("supports", []))
        self.cap = state.get("support_cap")

    def forget(self, card_id: str) -> None:
        """Drop what hangs on a card that left this board."""
        self.comments = {i: c for i, c in self.comments.items() if c["card_id"] != card_id}
        self.links = {i: link for i, link in self.links.items()
                      if card_id not in (link["actor_card_id"], link["target_card_id"])}

    def _put_card(self, card: dict) -> None:
        """Keep a card the viewer sees; one it no longer sees leaves with what hangs on it."""
        if not self.sees(card) and card["id"] in self.cards:
            self.forget(card["id"])
        super()._put_card(card)

    def apply(self, event: dict) -> None:
        """Apply one event as the pages do."""
        kind, data = event["type"], event["data"]
        if kind == "card.deleted":
            card = self.cards.get(data["id"])
            own = card is not None and (card.get("author") or {}).get(
                "participant_id") == self.own
            if data.get("tombstone") and (self.moderates or own):
                return
            self.forget(data["id"])
            self.cards.pop(data["id"], None)
            if not data.get("tombstone"):
                self.supports.discard(data["id"])
            return
        if kind == "card.merged":
            self.forget(data["id"])
            if data["id"] in self.supports:
                self.supports.discard(data["id"])
                self.supports.add(data["into"])
        if kind == "support.changed":
            (self.supports.add if data["supported"] else self.supports.discard)(data["card_id"])
        if kind == "workshop.updated" and "support_cap" in data:
            self.cap = data["support_cap"]
        super().apply(event)

    def view(self) -> dict:
        """The view, with the own support marks and the supports left the phone shows."""
        view = super().view()
        view["supports"] = sorted(self.supports)
        view["supports_left"] = (None if self.cap is None else
                                 max(0, self.cap - len(self.supports & set(self.cards))))
        return view


class PageViewer(Viewer):
    """A viewer whose board is a ``PageBoard``."""

    def board(self, state: dict) -> Board:
        """Return this viewer's board, kept as the pages keep it."""
        return PageBoard(state, self.participant_id, self.moderates and not self.projector)


@pytest.fixture
def page_room(room):
    """The verify_action room, its viewers keeping their boards as the pages do."""
    for viewer in room["viewers"]:
        viewer.__class__ = PageViewer
    return room


def supports_left_agree(room) -> None:
    """Each phone's supports left (counted as the page counts) is the server's figure."""
    for viewer in room["viewers"][:2]:
        state = viewer.fetch()
        assert viewer.board(state).view()["supports_left"] == state["me"]["supports_left"], (
            viewer.name)


def test_back_for_approval_keeps_supports_comments_and_links_right(page_room):
    room = page_room
    call_room(room, "patch", "/settings", "fac", {"premoderation": True, "support_cap": 3})
    card = post_room(room, "ida", "c1", "Lektiecafé i klubben", kind="initiative")
    actor = post_room(room, "bo", "a1", "Ungdomsskolen", kind="actor")
    for item in (card, actor):
        call_room(room, "post", f"/cards/{item['id']}/approve", "fac")
    cid = card["id"]
    for who in ("ida", "bo"):
        call_room(room, "put", f"/cards/{cid}/support", who, {})
    call_room(room, "put", f"/cards/{actor['id']}/support", "bo", {})
    comment = call_room(room, "post", f"/cards/{cid}/comments", "bo",
                        {"client_id": "m1", "text": "Hvornår starter den?"})
    call_room(room, "post", f"/comments/{comment['id']}/approve", "fac")
    call_room(room, "post", "/links", "bo", {"actor_card_id": actor["id"], "target_card_id": cid})
    call_room(room, "put", f"/cards/{cid}/commitment", "bo", {"name": "Bo", "consent": False})
    supports_left_agree(room)

    caught = verify_action(room, lambda: call_room(room, "patch", f"/cards/{cid}", "ida",
                                                   {"text": "Lektiecafé i klubben, tirsdag"}))
    assert "tirsdag" not in str(caught["bo"]) + str(caught["projector"])
    # Bo's support waits with the card: still his, not counted until the card is back.
    bo = room["viewers"][1].fetch()["me"]
    assert cid in bo["supports"] and bo["supports_left"] == 2
    supports_left_agree(room)

    caught = verify_action(room, lambda: call_room(room, "post", f"/cards/{cid}/approve", "fac"))
    # The card's comment and link come back to the phones that dropped them.
    types = [e["type"] for e in caught["bo"]]
    assert "comment.restored" in types and "link.created" in types
    assert room["viewers"][1].fetch()["me"]["supports_left"] == 1
    supports_left_agree(room)

    # Hidden and restored by the facilitator: the same, for every viewer.
    verify_action(room, lambda: call_room(room, "post", f"/cards/{cid}/hide", "fac"))
    supports_left_agree(room)
    verify_action(room, lambda: call_room(room, "post", f"/cards/{cid}/restore", "fac"))
    supports_left_agree(room)


def test_the_authors_own_support_and_comments_stay_through_re_approval(page_room):
    room = page_room
    call_room(room, "patch", "/settings", "fac", {"premoderation": True, "support_cap": 2})
    card = post_room(room, "ida", "c1", "Gåtur om søndagen")
    call_room(room, "post", f"/cards/{card['id']}/approve", "fac")
    call_room(room, "put", f"/cards/{card['id']}/support", "ida", {})
    own = call_room(room, "post", f"/cards/{card['id']}/comments", "ida",
                    {"client_id": "m1", "text": "Vi mødes ved kirken"})
    call_room(room, "post", f"/comments/{own['id']}/approve", "fac")
    caught = verify_action(room, lambda: call_room(room, "patch", f"/cards/{card['id']}", "ida",
                                                   {"text": "Gåtur om søndagen kl. 10"}))
    # Ida's phone keeps her card (waiting), her support mark and her supports left.
    assert {e["type"] for e in caught["ida"]} == {"card.updated"}
    ida = room["viewers"][0].fetch()
    assert ida["me"]["supports"] == [card["id"]] and ida["me"]["supports_left"] == 1
    assert [c["id"] for c in ida["comments"]] == [own["id"]]
    supports_left_agree(room)
