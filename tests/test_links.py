"""Links: an actor "can help with" an initiative or idea, shown from both sides, live."""

from __future__ import annotations

from .helpers import base, call, join, post_card, socket_events


def link(client, workshop, token, actor_id, target_id):
    """Create a link; return the response."""
    return call(client, "post", base(workshop) + "/links", token,
                {"actor_card_id": actor_id, "target_card_id": target_id})


def test_an_actor_links_to_an_initiative_once_and_everyone_sees_it(
        client, workshop, participant, socket_client_factory):
    fac = workshop["facilitator_token"]
    actor = post_card(client, workshop, fac, "a", kind="actor", text="Ungdomsklubben")
    initiative = post_card(client, workshop, fac, "i", kind="initiative", text="Lektiecafé")
    other = join(client, workshop)
    watcher = socket_client_factory(workshop["id"], other["token"])
    watcher.get_received()
    made = link(client, workshop, participant["token"], actor["id"], initiative["id"])
    assert made.status_code == 201
    body = made.get_json()
    assert (body["actor_card_id"], body["target_card_id"]) == (actor["id"], initiative["id"])
    assert body["author"] == {"participant_id": participant["participant_id"],
                              "role": "participant"}
    again = link(client, workshop, other["token"], actor["id"], initiative["id"])
    assert again.status_code == 200 and again.get_json()["id"] == body["id"]
    [live] = socket_events(watcher)
    assert live["type"] == "link.created" and live["data"] == body
    state = call(client, "get", base(workshop), other["token"]).get_json()
    assert state["links"] == [body]


def test_only_actor_to_initiative_or_idea_on_the_board(client, db, workshop, participant):
    fac = workshop["facilitator_token"]
    actor = post_card(client, workshop, fac, "a", kind="actor")
    other_actor = post_card(client, workshop, fac, "a2", kind="actor")
    idea = post_card(client, workshop, fac, "i", kind="idea")
    hidden = post_card(client, workshop, fac, "h", kind="initiative")
    call(client, "post", base(workshop) + f"/cards/{hidden['id']}/hide", fac)
    token = participant["token"]
    assert link(client, workshop, token, actor["id"], idea["id"]).status_code == 201
    assert link(client, workshop, token, idea["id"], actor["id"]).status_code == 400
    assert link(client, workshop, token, actor["id"], other_actor["id"]).status_code == 400
    assert link(client, workshop, token, actor["id"], hidden["id"]).status_code == 404
    assert link(client, workshop, fac, actor["id"], hidden["id"]).status_code == 400
    assert link(client, workshop, token, actor["id"], "nope").status_code == 404
    assert call(client, "post", base(workshop) + "/links", token,
                {"actor_card_id": 5}).status_code == 400


def test_its_author_or_a_moderator_removes_a_link(client, workshop, participant,
                                                  socket_client_factory):
    fac = workshop["facilitator_token"]
    actor = post_card(client, workshop, fac, "a", kind="actor")
    target = post_card(client, workshop, fac, "i", kind="initiative")
    made = link(client, workshop, participant["token"], actor["id"], target["id"]).get_json()
    other = join(client, workshop)
    path = base(workshop) + f"/links/{made['id']}"
    assert call(client, "delete", path, other["token"]).status_code == 403
    watcher = socket_client_factory(workshop["id"], other["token"])
    watcher.get_received()
    assert call(client, "delete", path, participant["token"]).get_json() == {"id": made["id"]}
    assert [(e["type"], e["data"]) for e in socket_events(watcher)] == [
        ("link.deleted", {"id": made["id"]})]
    again = link(client, workshop, other["token"], actor["id"], target["id"]).get_json()
    assert call(client, "delete", base(workshop) + f"/links/{again['id']}",
                fac).status_code == 200
    assert call(client, "get", base(workshop), fac).get_json()["links"] == []


def test_deleting_a_card_takes_its_links_along(client, workshop, participant):
    actor = post_card(client, workshop, participant["token"], "a", kind="actor")
    target = post_card(client, workshop, workshop["facilitator_token"], "i", kind="initiative")
    link(client, workshop, participant["token"], actor["id"], target["id"])
    call(client, "delete", base(workshop) + f"/cards/{actor['id']}", participant["token"])
    assert call(client, "get", base(workshop), participant["token"]).get_json()["links"] == []
