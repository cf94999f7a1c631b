"""Socket.IO through Flask-SocketIO's test client: connect, catch-up, card:create."""

from __future__ import annotations

from .helpers import ORGANISER_TOKEN, bearer, card_body, create_workshop, join, socket_events


def test_connect_is_refused_without_a_valid_token(socket_client_factory, workshop):
    assert not socket_client_factory(workshop["id"], "made-up-token").is_connected()
    assert not socket_client_factory("no-such-workshop", ORGANISER_TOKEN).is_connected()


def test_connect_is_refused_with_a_token_of_another_workshop(client, socket_client_factory,
                                                             workshop):
    other = create_workshop(client, title="Andet")
    stranger = join(client, other)
    assert not socket_client_factory(workshop["id"], stranger["token"]).is_connected()
    assert not socket_client_factory(workshop["id"], other["facilitator_token"]).is_connected()


def test_connect_is_refused_with_malformed_auth(app, workshop):
    from openspace.extensions import socketio

    for auth in (None, "token", {"workshop": 1, "token": 2},
                 {"workshop": workshop["id"], "token": ORGANISER_TOKEN, "last_seq": "x"}):
        test_client = socketio.test_client(app, auth=auth)
        assert not test_client.is_connected()


def test_card_create_is_acknowledged_and_reaches_another_client(socket_client_factory,
                                                                client, workshop):
    alice, bob = join(client, workshop, "Alice"), join(client, workshop)
    poster = socket_client_factory(workshop["id"], alice["token"])
    watcher = socket_client_factory(workshop["id"], bob["token"])
    projector = socket_client_factory(workshop["id"], workshop["facilitator_token"])
    assert poster.is_connected() and watcher.is_connected() and projector.is_connected()
    for c in (poster, watcher, projector):
        c.get_received()

    ack = poster.emit("card:create", card_body(workshop, text="Gåtur hver onsdag"), callback=True)
    assert ack["ok"] is True
    assert ack["card"]["text"] == "Gåtur hver onsdag"
    assert ack["card"]["author"]["name"] == "Alice"

    for receiver in (watcher, projector, poster):
        [event] = socket_events(receiver)
        assert event["seq"] == 1
        assert event["type"] == "card.created"
        assert event["data"] == ack["card"]


def test_repeated_client_id_returns_the_same_card_and_emits_nothing(socket_client_factory,
                                                                    client, workshop):
    alice, bob = join(client, workshop), join(client, workshop)
    poster = socket_client_factory(workshop["id"], alice["token"])
    watcher = socket_client_factory(workshop["id"], bob["token"])
    body = card_body(workshop, client_id="retry-me")
    first = poster.emit("card:create", body, callback=True)
    watcher.get_received()
    again = poster.emit("card:create", body, callback=True)
    assert again == first
    assert socket_events(watcher) == []
    # The HTTP API sees the very same card, once.
    http = client.post(f"/api/v1/workshops/{workshop['id']}/cards", json=body,
                       headers=bearer(alice["token"]))
    assert http.status_code == 200 and http.get_json() == first["card"]


def test_card_create_errors_are_acknowledged_not_broadcast(socket_client_factory, client,
                                                           workshop):
    alice, bob = join(client, workshop), join(client, workshop)
    poster = socket_client_factory(workshop["id"], alice["token"])
    watcher = socket_client_factory(workshop["id"], bob["token"])
    watcher.get_received()
    for bad in (None, "text", [], {"client_id": "x"}, {**card_body(workshop), "kind": "song"},
                {**card_body(workshop), "text": "x" * 501}):
        ack = poster.emit("card:create", bad, callback=True)
        assert ack["ok"] is False
        assert ack["error"]["code"] == "bad_request"
        assert ack["error"]["message"]
    assert socket_events(watcher) == []
    assert poster.is_connected()


def test_ack_errors_speak_the_workshops_language(socket_client_factory, client, workshop):
    alice = join(client, workshop)
    danish = socket_client_factory(workshop["id"], alice["token"])
    english = socket_client_factory(workshop["id"], alice["token"], lang="en")
    body = {**card_body(workshop), "text": ""}
    assert "udfyldes" in danish.emit("card:create", body, callback=True)["error"]["message"]
    assert "empty" in english.emit("card:create", body, callback=True)["error"]["message"]


def test_connect_sends_every_event_after_last_seq_in_order(socket_client_factory, client,
                                                           workshop):
    alice = join(client, workshop)
    poster = socket_client_factory(workshop["id"], alice["token"])
    for n in range(6):
        poster.emit("card:create", card_body(workshop, client_id=f"c{n}", text=f"Kort {n}"),
                    callback=True)
    late = socket_client_factory(workshop["id"], workshop["facilitator_token"], last_seq=3)
    received = socket_events(late)
    assert [e["seq"] for e in received] == [4, 5, 6]
    assert [e["data"]["text"] for e in received] == ["Kort 3", "Kort 4", "Kort 5"]
    fresh = socket_client_factory(workshop["id"], workshop["facilitator_token"])
    assert [e["seq"] for e in socket_events(fresh)] == [1, 2, 3, 4, 5, 6]


def test_events_of_one_workshop_do_not_reach_another(socket_client_factory, client, workshop):
    other = create_workshop(client, title="Andet værksted")
    outsider = socket_client_factory(other["id"], other["facilitator_token"])
    alice = join(client, workshop)
    poster = socket_client_factory(workshop["id"], alice["token"])
    outsider.get_received()
    assert poster.emit("card:create", card_body(workshop), callback=True)["ok"]
    assert socket_events(outsider) == []


def test_http_posts_are_pushed_to_sockets_too(socket_client_factory, client, workshop):
    alice = join(client, workshop)
    watcher = socket_client_factory(workshop["id"], workshop["facilitator_token"])
    watcher.get_received()
    client.post(f"/api/v1/workshops/{workshop['id']}/cards", json=card_body(workshop),
                headers=bearer(alice["token"]))
    card = client.get(f"/api/v1/workshops/{workshop['id']}",
                      headers=bearer(alice["token"])).get_json()["cards"][0]
    hide = client.post(f"/api/v1/workshops/{workshop['id']}/cards/{card['id']}/hide",
                       headers=bearer(workshop["facilitator_token"]))
    assert hide.status_code == 200
    assert [(e["seq"], e["type"]) for e in socket_events(watcher)] == [
        (1, "card.created"), (2, "card.hidden")]


def test_a_client_too_far_behind_is_told_to_reload(socket_client_factory, client, workshop):
    alice = join(client, workshop)
    poster = socket_client_factory(workshop["id"], alice["token"])
    for n in range(5):
        poster.emit("card:create", card_body(workshop, client_id=f"c{n}"), callback=True)
    behind = socket_client_factory(workshop["id"], alice["token"], last_seq=1, max_backlog=3)
    received = behind.get_received()
    assert [item["name"] for item in received if item["name"] != "presence"] == ["resync"]
    close = socket_client_factory(workshop["id"], alice["token"], last_seq=2, max_backlog=3)
    assert [e["seq"] for e in socket_events(close)] == [3, 4, 5]


def test_two_apps_in_one_process_keep_their_own_online_counts(app, client, workshop,
                                                              socket_client_factory, tmp_path):
    """The online count belongs to its app: a second app in the process does not see it."""
    from openspace import create_app
    from openspace.realtime import presence_of

    from .helpers import get_db_of

    other = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "other"),
                        "ADMIN_TOKEN": ORGANISER_TOKEN, "ASYNC_MODE": "threading"})
    try:
        phone = socket_client_factory(workshop["id"], join(client, workshop)["token"])
        assert phone.is_connected()
        assert presence_of(app).count(workshop["id"]) == 1
        assert presence_of(other).count(workshop["id"]) == 0
        phone.disconnect()
        assert presence_of(app).count(workshop["id"]) == 0
    finally:
        get_db_of(other).dispose()
