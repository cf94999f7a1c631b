"""Comments are moderated like cards: hide, show again, approve and reject; in the queue
under pre-moderation; live to every phone and the projector; in the moderation log."""

from __future__ import annotations

import pytest

from openspace.services import comments as comment_service
from openspace.services import modlog
from openspace.services.errors import BadRequest, Forbidden

from . import test_catchup
from .helpers import (
    ORGANISER,
    base,
    build_board,
    call,
    create_workshop,
    join,
    post_card,
    set_settings,
    socket_events,
)
from .phone import Phone
from .server import ServerProcess
from .test_catchup import call as room_call
from .test_catchup import post, verify_action

room = test_catchup.room  # the four viewers: two phones, the facilitator, the projector

ADMIN = "organiser-comment-moderation"


def comment(client, workshop, token, card_id, client_id="k1", text="Hvornår starter det?"):
    """Post a comment over HTTP; return the response."""
    return call(client, "post", base(workshop) + f"/cards/{card_id}/comments", token,
                {"client_id": client_id, "text": text})


def moderate(client, workshop, token, comment_id, action):
    """Hide, restore, approve or reject a comment; return the response."""
    return call(client, "post", base(workshop) + f"/comments/{comment_id}/{action}", token)


# ---------------------------------------------------------------- services


def test_reject_is_for_a_waiting_comment_and_moderators_only(database):
    board = build_board(database, people=2, card_count=1, premoderation=True)
    ida, bo = board.people
    with database.write() as session:
        waiting = comment_service.post_comment(session, ida, board.card_ids[0], {
            "client_id": "k1", "text": "Må man tage sin lillebror med?"}).body
    assert waiting["pending"] is True
    with database.write() as session, pytest.raises(Forbidden):
        comment_service.moderate_comment(session, bo, waiting["id"], "reject")
    with database.write() as session:
        outcome = comment_service.moderate_comment(session, board.facilitator, waiting["id"],
                                                   "reject")
    assert outcome.body["hidden"] is True and outcome.body["pending"] is True
    [event] = outcome.events
    # Only its author (and the moderators) ever saw it: only they hear of it.
    assert event.type == "comment.hidden"
    assert event.audience == f"participant:{ida.participant_id}"
    with database.write() as session:
        again = comment_service.moderate_comment(session, board.facilitator, waiting["id"],
                                                 "reject")
    assert again.events == []
    # Shown again, a rejected comment goes back to the queue, not onto the board.
    with database.write() as session:
        back = comment_service.moderate_comment(session, board.facilitator, waiting["id"],
                                                "restore").body
    assert back["hidden"] is False and back["pending"] is True
    with database.write() as session:
        shown = comment_service.post_comment(session, board.facilitator, board.card_ids[0], {
            "client_id": "f1", "text": "Ja, alle er velkomne."}).body
    with database.write() as session, pytest.raises(BadRequest):
        comment_service.moderate_comment(session, board.facilitator, shown["id"], "reject")


def test_the_moderation_log_names_the_comment_and_what_was_done(database):
    board = build_board(database, people=1, card_count=1, premoderation=True)
    [ida] = board.people
    with database.write() as session:
        first = comment_service.post_comment(session, ida, board.card_ids[0], {
            "client_id": "k1", "text": "Kan vi mødes om lørdagen?"}).body
        second = comment_service.post_comment(session, ida, board.card_ids[0], {
            "client_id": "k2", "text": "Dumme forslag"}).body
    for comment_id, action in ((first["id"], "approve"), (second["id"], "reject"),
                               (first["id"], "hide"), (first["id"], "restore")):
        with database.write() as session:
            comment_service.moderate_comment(session, board.facilitator, comment_id, action)
    with database.read() as session:
        log = modlog.moderation_log(session, board.facilitator)
    done = [(e["action"], e["details"].get("comment_text")) for e in log
            if e["action"].startswith("comment.")]
    assert done == [("comment.approved", "Kan vi mødes om lørdagen?"),
                    ("comment.hidden", "Dumme forslag"),
                    ("comment.hidden", "Kan vi mødes om lørdagen?"),
                    ("comment.restored", "Kan vi mødes om lørdagen?")]
    assert all(e["who"] == "facilitator" for e in log if e["action"].startswith("comment."))
    assert {e["card_text"] for e in log if e["action"].startswith("comment.")} == {"Kort 0"}


# ---------------------------------------------------------------- HTTP and Socket.IO


def test_the_facilitator_sees_every_comment_the_projector_only_the_public_ones(
        client, workshop, participant):
    card = post_card(client, workshop, workshop["facilitator_token"], "c1")
    shown = comment(client, workshop, participant["token"], card["id"], "k1",
                    "Godt forslag").get_json()
    hidden = comment(client, workshop, participant["token"], card["id"], "k2", "Dumt").get_json()
    moderate(client, workshop, workshop["facilitator_token"], hidden["id"], "hide")
    set_settings_http = call(client, "patch", base(workshop) + "/settings",
                             workshop["facilitator_token"], {"premoderation": True})
    assert set_settings_http.status_code == 200
    waiting = comment(client, workshop, participant["token"], card["id"], "k3",
                      "Hvem betaler?").get_json()
    fac = call(client, "get", base(workshop), workshop["facilitator_token"]).get_json()
    states = {c["id"]: (c["hidden"], c["pending"]) for c in fac["comments"]}
    assert states == {shown["id"]: (False, False), hidden["id"]: (True, False),
                      waiting["id"]: (False, True)}
    wall = call(client, "get", base(workshop) + "?view=projector",
                workshop["facilitator_token"]).get_json()
    assert [c["id"] for c in wall["comments"]] == [shown["id"]]
    assert wall["cards"][0]["comments"] == 1


def test_moderating_comments_over_http_answers_and_refuses_clearly(client, workshop,
                                                                    participant):
    card = post_card(client, workshop, workshop["facilitator_token"], "c1")
    posted = comment(client, workshop, participant["token"], card["id"]).get_json()
    for action in ("hide", "restore", "approve", "reject"):
        assert moderate(client, workshop, participant["token"], posted["id"],
                        action).status_code == 403
        assert moderate(client, workshop, workshop["facilitator_token"], "nope",
                        action).status_code == 404
    refused = moderate(client, workshop, workshop["facilitator_token"], posted["id"], "reject")
    assert refused.status_code == 400
    assert refused.get_json()["error"]["code"] == "bad_request"
    assert moderate(client, workshop, workshop["facilitator_token"], posted["id"],
                    "delete-all").status_code in (404, 405)
    # The organiser moderates too.
    hidden = client.post(base(workshop) + f"/comments/{posted['id']}/hide", headers=ORGANISER)
    assert hidden.status_code == 200 and hidden.get_json()["hidden"] is True


def test_a_waiting_comment_reaches_the_board_only_once_approved(
        client, db, workshop, participant, socket_client_factory):
    card = post_card(client, workshop, workshop["facilitator_token"], "c1")
    set_settings(db, workshop["id"], premoderation=True)
    other = join(client, workshop)
    fac = workshop["facilitator_token"]
    watcher = socket_client_factory(workshop["id"], other["token"])
    author = socket_client_factory(workshop["id"], participant["token"])
    moderator = socket_client_factory(workshop["id"], fac)
    wall = socket_client_factory(workshop["id"], fac, view="projector")
    for socket in (watcher, author, moderator, wall):
        socket.get_received()

    waiting = comment(client, workshop, participant["token"], card["id"]).get_json()
    [queued] = socket_events(moderator)
    assert queued["type"] == "comment.created" and queued["data"]["pending"] is True
    assert queued["data"]["text"] == "Hvornår starter det?"
    assert socket_events(watcher) == [] and socket_events(wall) == []
    assert len(socket_events(author)) == 1

    assert moderate(client, workshop, fac, waiting["id"], "approve").status_code == 200
    for socket in (watcher, author, moderator, wall):
        [approved] = socket_events(socket)
        assert approved["type"] == "comment.approved"
        assert approved["data"]["card_comments"] == 1
    board = call(client, "get", base(workshop), other["token"]).get_json()
    assert [c["text"] for c in board["comments"]] == ["Hvornår starter det?"]

    # Rejected: its author hears of it (ids only), nobody else does.
    second = comment(client, workshop, participant["token"], card["id"], "k2",
                     "Det er en dum idé").get_json()
    for socket in (watcher, author, moderator, wall):
        socket.get_received()
    assert moderate(client, workshop, fac, second["id"], "reject").status_code == 200
    [told] = socket_events(author)
    assert told["type"] == "comment.hidden"
    assert told["data"] == {"id": second["id"], "card_id": card["id"], "card_comments": 1}
    assert socket_events(watcher) == [] and socket_events(wall) == []
    assert [e["type"] for e in socket_events(moderator)] == ["comment.hidden"]


@pytest.fixture
def server(tmp_path):
    """A running server on a free loopback port."""
    process = ServerProcess(tmp_path / "instance", ADMIN).start()
    yield process
    process.stop()


@pytest.mark.server
def test_comment_moderation_reaches_every_phone_and_the_projector_live(server):
    workshop = create_workshop(server)
    fac = workshop["facilitator_token"]
    ida, bo = join(server, workshop, "Ida"), join(server, workshop, "Bo")
    card = post_card(server, workshop, fac, "c1", text="Lektiecafé på biblioteket")
    assert server.api("PATCH", base(workshop) + "/settings", fac,
                      json={"premoderation": True}).status_code == 200
    phones = {
        "ida": Phone(server, workshop["id"], ida["token"]),
        "bo": Phone(server, workshop["id"], bo["token"]),
        "facilitator": Phone(server, workshop["id"], fac),
        "projector": Phone(server, workshop["id"], fac, view="projector"),
    }
    for phone in phones.values():
        phone.connect()
    try:
        def types(name, after):
            """The event types a phone got after seq ``after``."""
            return [e["type"] for e in phones[name].events if e["seq"] > after]

        answer = server.api("POST", base(workshop) + f"/cards/{card['id']}/comments",
                            ida["token"], json={"client_id": "k1", "text": "Hvornår?"})
        comment_id = answer.json()["id"]
        seq = answer.json()["seq"]
        phones["facilitator"].wait_for_seq(seq)
        phones["ida"].wait_for_seq(seq)
        approved = server.api("POST", base(workshop) + f"/comments/{comment_id}/approve", fac)
        assert approved.status_code == 200
        hidden = server.api("POST", base(workshop) + f"/comments/{comment_id}/hide", fac)
        restored = server.api("POST", base(workshop) + f"/comments/{comment_id}/restore", fac)
        assert hidden.status_code == restored.status_code == 200
        last = phones["facilitator"].last_seq
        phones["facilitator"].wait(lambda: phones["facilitator"].last_seq >= seq + 3, "restore")
        for name in ("ida", "bo", "projector"):
            phones[name].wait(lambda n=name: "comment.restored" in types(n, seq), name)
        for name in ("bo", "projector"):
            assert types(name, seq - 1) == ["comment.approved", "comment.hidden",
                                            "comment.restored"], name
        assert types("ida", seq - 1) == ["comment.created", "comment.approved",
                                         "comment.hidden", "comment.restored"]
        assert last >= seq
        counts = [e["data"]["card_comments"] for e in phones["projector"].events
                  if e["type"].startswith("comment.")]
        assert counts == [1, 0, 1]
        # The projector and the other phone never got the text of the hidden comment again.
        hidden_events = [e for e in phones["bo"].events if e["type"] == "comment.hidden"]
        assert "text" not in hidden_events[0]["data"]
    finally:
        for phone in phones.values():
            phone.disconnect()


# ---------------------------------------------------------------- verify_action


def test_comment_moderation_events_verify(room):
    """comment.created (waiting), comment.approved, comment.hidden (reject and hide),
    comment.restored (back to the queue, back on the board), for all four viewers."""
    card = post(room, "ida", "c1", "Lektiecafé")
    room_call(room, "patch", "/settings", "fac", {"premoderation": True})
    waiting, other = {}, {}
    verify_action(room, lambda: waiting.update(room_call(
        room, "post", f"/cards/{card['id']}/comments", "bo", {"client_id": "m1",
                                                              "text": "Hvor mødes vi?"})))
    verify_action(room, lambda: other.update(room_call(
        room, "post", f"/cards/{card['id']}/comments", "bo", {"client_id": "m2",
                                                              "text": "Dumt forslag"})))
    caught = verify_action(room, lambda: room_call(
        room, "post", f"/comments/{other['id']}/reject", "fac"))
    assert [e["type"] for e in caught["bo"]] == ["comment.hidden"]
    assert caught["ida"] == [] and caught["projector"] == []
    verify_action(room, lambda: room_call(room, "post", f"/comments/{other['id']}/restore",
                                          "fac"))
    verify_action(room, lambda: room_call(room, "post", f"/comments/{waiting['id']}/approve",
                                          "fac"))
    caught = verify_action(room, lambda: room_call(
        room, "post", f"/comments/{waiting['id']}/hide", "fac"))
    # Hidden after it was public: every viewer drops it; the phones get ids only.
    assert caught["ida"][0]["data"] == {"id": waiting["id"], "card_id": card["id"],
                                        "card_comments": 0}
    verify_action(room, lambda: room_call(room, "post", f"/comments/{waiting['id']}/restore",
                                          "fac"))
    verify_action(room, lambda: room_call(room, "post", f"/comments/{other['id']}/approve",
                                          "fac"))
