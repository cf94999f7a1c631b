"""Questions and comments on a card: live, idempotent, moderated, pending under pre-moderation."""

from __future__ import annotations

from .helpers import base, call, events_of, join, post_card, set_settings, socket_events


def comment(client, workshop, token, card_id, client_id="k1", text="Hvornår starter det?"):
    """Post a comment; return the response."""
    return call(client, "post", base(workshop) + f"/cards/{card_id}/comments", token,
                {"client_id": client_id, "text": text})


def test_a_comment_is_stored_once_and_sent_live_with_the_count(client, workshop, participant,
                                                               socket_client_factory):
    card = post_card(client, workshop, workshop["facilitator_token"], "c1")
    other = join(client, workshop)
    watcher = socket_client_factory(workshop["id"], other["token"])
    watcher.get_received()
    first = comment(client, workshop, participant["token"], card["id"])
    assert first.status_code == 201
    body = first.get_json()
    assert body["text"] == "Hvornår starter det?" and body["author"]["name"] == "Sofie"
    assert body["pending"] is False and body["card_id"] == card["id"]
    retried = comment(client, workshop, participant["token"], card["id"])
    assert retried.status_code == 200 and retried.get_json()["id"] == body["id"]
    [live] = socket_events(watcher)
    assert live["type"] == "comment.created"
    assert live["data"]["id"] == body["id"] and live["data"]["card_comments"] == 1
    state = call(client, "get", base(workshop), other["token"]).get_json()
    assert [c["id"] for c in state["comments"]] == [body["id"]]
    assert state["cards"][0]["comments"] == 1
    # Someone else's client_id is not theirs to reuse.
    assert comment(client, workshop, other["token"], card["id"]).status_code == 409


def test_bad_comments_are_refused_and_change_nothing(client, workshop, participant):
    card = post_card(client, workshop, workshop["facilitator_token"], "c1")
    seq = call(client, "get", base(workshop), participant["token"]).get_json()["seq"]
    for text in ("", "   ", "x" * 501, None):
        answer = comment(client, workshop, participant["token"], card["id"], "bad", text)
        assert answer.status_code == 400, text
    assert comment(client, workshop, participant["token"], "nope").status_code == 404
    assert call(client, "get", base(workshop), participant["token"]).get_json()["seq"] == seq


def test_under_premoderation_a_comment_waits_and_only_its_author_sees_it(
        client, db, workshop, participant, socket_client_factory):
    card = post_card(client, workshop, workshop["facilitator_token"], "c1")
    set_settings(db, workshop["id"], premoderation=True)
    other = join(client, workshop)
    watcher = socket_client_factory(workshop["id"], other["token"])
    author_phone = socket_client_factory(workshop["id"], participant["token"])
    watcher.get_received()
    author_phone.get_received()

    waiting = comment(client, workshop, participant["token"], card["id"]).get_json()
    assert waiting["pending"] is True
    assert socket_events(watcher) == []
    [own] = socket_events(author_phone)
    assert own["data"]["pending"] is True and own["data"]["card_comments"] == 0
    assert call(client, "get", base(workshop), other["token"]).get_json()["comments"] == []
    assert "comment.created" not in [e["type"] for e in
                                     events_of(client, workshop, other["token"])]
    mine = call(client, "get", base(workshop), participant["token"]).get_json()
    assert [c["pending"] for c in mine["comments"]] == [True]

    approved = call(client, "post", base(workshop) + f"/comments/{waiting['id']}/approve",
                    workshop["facilitator_token"])
    assert approved.status_code == 200 and approved.get_json()["pending"] is False
    [live] = socket_events(watcher)
    assert live["type"] == "comment.approved" and live["data"]["card_comments"] == 1
    assert call(client, "get", base(workshop), other["token"]).get_json()["cards"][0][
        "comments"] == 1


def test_hide_and_restore_are_for_moderators_and_reach_everyone(client, workshop, participant,
                                                                socket_client_factory):
    card = post_card(client, workshop, workshop["facilitator_token"], "c1")
    posted = comment(client, workshop, participant["token"], card["id"]).get_json()
    other = join(client, workshop)
    watcher = socket_client_factory(workshop["id"], other["token"])
    watcher.get_received()
    path = base(workshop) + f"/comments/{posted['id']}"
    assert call(client, "post", path + "/hide", participant["token"]).status_code == 403
    assert call(client, "post", path + "/hide", workshop["facilitator_token"]).status_code == 200
    [hidden] = socket_events(watcher)
    assert hidden == {"seq": hidden["seq"], "type": "comment.hidden",
                      "data": {"id": posted["id"], "card_id": card["id"], "card_comments": 0}}
    assert call(client, "get", base(workshop), other["token"]).get_json()["comments"] == []
    # The author cannot delete it now that it is hidden; the facilitator can restore it.
    assert call(client, "delete", path, participant["token"]).status_code == 404
    call(client, "post", path + "/restore", workshop["facilitator_token"])
    [restored] = socket_events(watcher)
    assert restored["type"] == "comment.restored" and restored["data"]["text"] == posted["text"]


def test_the_author_deletes_while_open_and_the_text_leaves_the_history(
        client, workshop, participant, socket_client_factory):
    card = post_card(client, workshop, workshop["facilitator_token"], "c1")
    posted = comment(client, workshop, participant["token"], card["id"],
                     text="Ring til mig på 12345678").get_json()
    other = join(client, workshop)
    path = base(workshop) + f"/comments/{posted['id']}"
    assert call(client, "delete", path, other["token"]).status_code == 403
    call(client, "post", base(workshop) + "/lock", workshop["facilitator_token"])
    assert call(client, "delete", path, participant["token"]).status_code == 423
    call(client, "post", base(workshop) + "/unlock", workshop["facilitator_token"])
    watcher = socket_client_factory(workshop["id"], other["token"])
    watcher.get_received()
    deleted = call(client, "delete", path, participant["token"])
    assert deleted.status_code == 200 and deleted.get_json() == {"id": posted["id"]}
    [live] = socket_events(watcher)
    assert live["type"] == "comment.deleted"
    assert live["data"] == {"id": posted["id"], "card_id": card["id"], "card_comments": 0}
    history = events_of(client, workshop, workshop["facilitator_token"])
    assert "12345678" not in str(history)


def test_a_locked_board_refuses_participants_comments_not_the_facilitators(client, workshop,
                                                                           participant):
    card = post_card(client, workshop, workshop["facilitator_token"], "c1")
    call(client, "post", base(workshop) + "/lock", workshop["facilitator_token"])
    assert comment(client, workshop, participant["token"], card["id"]).status_code == 423
    assert comment(client, workshop, workshop["facilitator_token"], card["id"],
                   "f1").status_code == 201
