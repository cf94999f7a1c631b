"""The author is told privately, even after being away (issue 14, gap 2).

When a card or comment of theirs is hidden, rejected or merged while their phone is offline
or before a reload, the author's own board lists it (``me.removed``: ids, the reason, their
own text) and their catch-up carries the reason; no other phone, the wall or the log ever
learns anything of it.
"""

from __future__ import annotations

import json

from . import test_catchup
from .test_catchup import call, post, verify_action

room = test_catchup.room  # the verify_action fixture: two phones, the facilitator, the wall


def viewer(room, name):
    """Return the room's viewer called ``name``."""
    return next(v for v in room["viewers"] if v.name == name)


def removed(room, name):
    """Return ``me.removed`` of a viewer's fresh board (None for the moderators' screens)."""
    me = viewer(room, name).fetch()["me"]
    return None if me is None else me["removed"]


def assert_only_the_author_knows(room, caught, secret):
    """Nobody but Ida hears a reason or her text, live or on catch-up from zero."""
    for name in ("bo", "projector"):
        assert "removed" not in json.dumps(caught[name])
        everything = json.dumps([viewer(room, name).caught_up(0), viewer(room, name).fetch()],
                                ensure_ascii=False)
        assert secret not in everything and '"removed"' not in everything.replace(
            '"removed": []', ""), name
    assert removed(room, "bo") == []
    assert removed(room, "facilitator") is None and removed(room, "projector") is None


def test_a_hidden_card_is_told_to_its_author_after_being_away_and_to_nobody_else(room):
    card = post(room, "ida", "c1", "Ring til mig på 11 22 33 44")
    caught = verify_action(room, lambda: call(room, "post", f"/cards/{card['id']}/hide", "fac"))
    # Ida's phone, away meanwhile, catches up with the reason (ids only: no text travels).
    hidden = [e["data"] for e in caught["ida"] if e["type"] == "card.hidden"]
    assert hidden == [{"id": card["id"], "hidden": True, "pending": False,
                       "removed": "hidden"}]
    # After a reload her own board still says so.
    assert removed(room, "ida") == [{"type": "card", "id": card["id"], "reason": "hidden",
                                     "text": "Ring til mig på 11 22 33 44", "into": None}]
    assert caught["bo"] == [{"seq": caught["bo"][0]["seq"], "type": "card.deleted",
                             "data": {"id": card["id"], "tombstone": True}}]
    assert_only_the_author_knows(room, caught, "11 22 33 44")
    # Restored, there is nothing to tell any more.
    verify_action(room, lambda: call(room, "post", f"/cards/{card['id']}/restore", "fac"))
    assert removed(room, "ida") == []


def test_a_rejected_card_and_a_merged_card_are_told_with_their_reason(room):
    call(room, "patch", "/settings", "fac", {"premoderation": True})
    waiting = post(room, "ida", "c1", "Grillaften ved søen")
    caught = verify_action(room, lambda: call(room, "post", f"/cards/{waiting['id']}/hide",
                                              "fac"))
    assert [e["data"]["removed"] for e in caught["ida"] if e["type"] == "card.hidden"] == [
        "rejected"]
    assert caught["bo"] == [] and caught["projector"] == []
    twin = post(room, "ida", "c2", "Fodbold om fredagen")
    kept = post(room, "fac", "f1", "Fodbold og musik fredag aften")
    call(room, "post", f"/cards/{twin['id']}/approve", "fac")
    verify_action(room, lambda: call(room, "post", f"/cards/{twin['id']}/merge", "fac",
                                     {"into": kept["id"]}))
    assert [(i["id"], i["reason"], i["into"]) for i in removed(room, "ida")] == [
        (waiting["id"], "rejected", None), (twin["id"], "merged", kept["id"])]
    assert_only_the_author_knows(room, {"bo": [], "projector": []}, "Grillaften")


def test_a_hidden_or_rejected_comment_is_told_to_its_author_only(room):
    card = post(room, "bo", "b1", "Lektiecafé")
    comment = call(room, "post", f"/cards/{card['id']}/comments", "ida",
                   {"client_id": "m1", "text": "Du er dum"})
    caught = verify_action(room, lambda: call(room, "post", f"/comments/{comment['id']}/hide",
                                              "fac"))
    assert [e["type"] for e in caught["ida"]] == ["comment.hidden"]
    assert removed(room, "ida") == [{"type": "comment", "id": comment["id"], "reason": "hidden",
                                     "text": "Du er dum", "card_id": card["id"]}]
    assert_only_the_author_knows(room, caught, "Du er dum")
    call(room, "patch", "/settings", "fac", {"premoderation": True})
    waiting = call(room, "post", f"/cards/{card['id']}/comments", "ida",
                   {"client_id": "m2", "text": "Hvornår?"})
    verify_action(room, lambda: call(room, "post", f"/comments/{waiting['id']}/reject", "fac"))
    assert [i["reason"] for i in removed(room, "ida")] == ["hidden", "rejected"]
    # Bo's board, whose card it was on, knows nothing of it.
    assert removed(room, "bo") == []
