"""verify_action for the follow-up events: a stale follow-up list + the events == a fresh one.

For the author's phone, another phone, the facilitator and the projector (the
``room`` of tests/test_catchup.py): applying the live events, or a catch-up's,
to the list each held before must give the list a fresh ``GET …/followup``
gives; and the main board stays right too (``verify_action`` there).
"""

from __future__ import annotations

import copy
import json

from . import test_catchup
from .test_catchup import call, post, verify_action

#: The room of tests/test_catchup.py: two phones, the facilitator and the projector.
room = test_catchup.room

NAMED_LEAD = "Karin Sørensen fra FDF"


class FollowupList:
    """A client's follow-up list, changed by events the way static/js/followup.js does."""

    def __init__(self, state: dict, moderates: bool):
        """Start from a fetched list: follow-ups and notes by card."""
        self.moderates = moderates
        self.items = {i["card"]["id"]: {"followup": i["followup"],
                                        "notes": {n["id"]: n for n in i["notes"]}}
                      for i in state["initiatives"]}

    def apply(self, event: dict) -> None:
        """Apply one event."""
        kind, data = event["type"], event["data"]
        if kind == "followup.updated" and data["card_id"] in self.items:
            self.items[data["card_id"]]["followup"] = {k: v for k, v in data.items()
                                                       if k != "changed"}
        elif kind == "followup.note_added" and data["card_id"] in self.items:
            self.items[data["card_id"]]["notes"][data["id"]] = data
        elif kind == "followup.note_deleted" and data["card_id"] in self.items:
            self.items[data["card_id"]]["notes"].pop(data["id"], None)
        elif kind == "card.deleted" or (kind == "card.hidden" and not self.moderates):
            self.items.pop(data["id"], None)


def verify_followup(room, action) -> dict:
    """Run ``action`` under ``verify_action``; check every viewer's follow-up list too."""
    before = {}
    for viewer in room["viewers"]:
        query = "?view=projector" if viewer.projector else ""
        before[viewer.name] = viewer.client.get(viewer.base + "/followup" + query,
                                                headers={"Authorization":
                                                         f"Bearer {viewer.token}"}).get_json()
    caught = verify_action(room, action)
    for viewer in room["viewers"]:
        query = "?view=projector" if viewer.projector else ""
        moderates = viewer.moderates and not viewer.projector
        fresh = FollowupList(viewer.client.get(
            viewer.base + "/followup" + query,
            headers={"Authorization": f"Bearer {viewer.token}"}).get_json(), moderates)
        stale = FollowupList(copy.deepcopy(before[viewer.name]), moderates)
        for event in caught[viewer.name]:
            stale.apply(event)
        assert stale.items == fresh.items, f"follow-up catch-up for {viewer.name}"
    return caught


def test_followup_events_verify(room):
    """followup.updated, followup.note_added, followup.note_deleted, and a hidden initiative."""
    initiative = post(room, "ida", "i1", "Lektiecafé", kind="initiative")
    cid = initiative["id"]
    caught = verify_followup(room, lambda: call(room, "patch", f"/cards/{cid}/followup", "fac",
                                                {"status": "started", "lead": NAMED_LEAD}))
    assert caught["bo"][0]["type"] == "followup.updated"
    assert caught["projector"][0]["data"]["status"] == "started"
    verify_followup(room, lambda: call(room, "patch", f"/cards/{cid}/followup", "organiser",
                                       {"next_meeting": "2027-03-15", "next_step": "Møde"}))
    note = {}
    verify_followup(room, lambda: note.update(call(
        room, "post", f"/cards/{cid}/followup/notes", "fac", {"text": "Prøvet i januar"})))
    verify_followup(room, lambda: call(room, "delete", f"/cards/{cid}/followup/notes/{note['id']}",
                                       "fac"))
    verify_followup(room, lambda: call(room, "patch", f"/cards/{cid}/followup", "fac",
                                       {"lead": None}))
    # A lead taken back is gone from every catch-up, also the old events'.
    for viewer in room["viewers"]:
        assert NAMED_LEAD not in json.dumps(viewer.caught_up(0), ensure_ascii=False)
    call(room, "post", f"/cards/{cid}/followup/notes", "fac", {"text": "Kommunen betaler"})
    caught = verify_followup(room, lambda: call(room, "post", f"/cards/{cid}/hide", "fac"))
    # A hidden initiative: its follow-up and notes leave the phones and the wall.
    for name in ("ida", "bo", "projector"):
        viewer = next(v for v in room["viewers"] if v.name == name)
        assert "Kommunen betaler" not in json.dumps(viewer.caught_up(0), ensure_ascii=False)
    assert "Kommunen betaler" in json.dumps(
        next(v for v in room["viewers"] if v.name == "facilitator").caught_up(0),
        ensure_ascii=False)


def test_term_event_is_stored_whole_and_reaches_the_phones(room):
    caught = verify_action(room, lambda: call(room, "put", "/followup/term", "fac",
                                              {"months": 12}))
    assert caught["bo"][0] == {**caught["bo"][0], "type": "followup.term_updated",
                               "data": {"followup_months": 12}}
    call(room, "put", "/followup/term", "bo", {"months": 3}, status=(403,))
