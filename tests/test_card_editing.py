"""Edit and delete one's own card while the board is open; SDG tags; pre-moderated posting."""

from __future__ import annotations

from sqlalchemy import func, select

from openspace.models import Comment, Commitment, Link, Support

from .helpers import base, call, events_of, join, post_card, set_settings, socket_events


def edit(client, workshop, token, card_id, body):
    """PATCH a card; return the response."""
    return call(client, "patch", base(workshop) + f"/cards/{card_id}", token, body)


def test_the_author_edits_text_goals_and_organisation_live(client, workshop, participant,
                                                           socket_client_factory):
    card = post_card(client, workshop, participant["token"], "c1", kind="actor",
                     sdgs=[10, 3, 3], organisation="Ungdomsskolen")
    assert card["sdgs"] == [3, 10] and card["organisation"] == "Ungdomsskolen"
    other = join(client, workshop)
    watcher = socket_client_factory(workshop["id"], other["token"])
    watcher.get_received()
    changed = edit(client, workshop, participant["token"], card["id"],
                   {"text": "Klubben i Nørregade", "sdgs": [4], "organisation": ""})
    assert changed.status_code == 200
    body = changed.get_json()
    assert (body["text"], body["sdgs"], body["organisation"]) == ("Klubben i Nørregade", [4],
                                                                  None)
    assert body["edited_at"] is not None
    [live] = socket_events(watcher)
    assert live["type"] == "card.updated" and live["data"]["text"] == "Klubben i Nørregade"
    # The same again stores nothing new.
    assert edit(client, workshop, participant["token"], card["id"],
                {"text": "Klubben i Nørregade"}).status_code == 200
    assert socket_events(watcher) == []


def test_others_moving_and_locked_boards_are_refused(client, workshop, participant):
    card = post_card(client, workshop, participant["token"], "c1")
    other = join(client, workshop)
    assert edit(client, workshop, other["token"], card["id"], {"text": "Mit nu"}
                ).status_code == 403
    # Its author may move it (tests/test_focus_fixes.py); somebody else may not.
    assert edit(client, workshop, other["token"], card["id"],
                {"theme_id": workshop["themes"][1]["id"]}).status_code == 403
    assert edit(client, workshop, other["token"], card["id"], {"kind": "actor"}
                ).status_code == 403
    assert edit(client, workshop, participant["token"], card["id"], {}).status_code == 400
    for bad in ({"sdgs": [0]}, {"sdgs": [18]}, {"sdgs": "3"}, {"sdgs": [True]},
                {"sdgs": [1, 2, 3, 4, 5, 6]}, {"text": ""}, {"text": "x" * 501}):
        answer = edit(client, workshop, participant["token"], card["id"], bad)
        assert answer.status_code == 400, bad
    call(client, "post", base(workshop) + "/lock", workshop["facilitator_token"])
    locked = edit(client, workshop, participant["token"], card["id"], {"text": "Sent"})
    assert locked.status_code == 423
    assert call(client, "delete", base(workshop) + f"/cards/{card['id']}",
                participant["token"]).status_code == 423
    # The facilitator may always edit, move and change the kind.
    moved = edit(client, workshop, workshop["facilitator_token"], card["id"],
                 {"theme_id": workshop["themes"][1]["id"], "kind": "initiative"})
    assert moved.status_code == 200
    assert moved.get_json()["theme_id"] == workshop["themes"][1]["id"]
    assert moved.get_json()["kind"] == "initiative"


def test_deleting_takes_everything_on_the_card_and_blanks_its_history(
        client, db, workshop, participant, socket_client_factory):
    card = post_card(client, workshop, participant["token"], "c1", kind="initiative",
                     text="Mit hemmelige forslag")
    actor = post_card(client, workshop, workshop["facilitator_token"], "a", kind="actor")
    other = join(client, workshop)
    call(client, "put", base(workshop) + f"/cards/{card['id']}/support", other["token"], {})
    call(client, "put", base(workshop) + f"/cards/{card['id']}/commitment", other["token"],
         {"name": "Ali", "contact": "ali@example.dk", "consent": True})
    call(client, "post", base(workshop) + f"/cards/{card['id']}/comments", other["token"],
         {"client_id": "k", "text": "Godt forslag"})
    call(client, "post", base(workshop) + "/links", other["token"],
         {"actor_card_id": actor["id"], "target_card_id": card["id"]})
    watcher = socket_client_factory(workshop["id"], other["token"])
    watcher.get_received()
    assert call(client, "delete", base(workshop) + f"/cards/{card['id']}",
                other["token"]).status_code == 403
    deleted = call(client, "delete", base(workshop) + f"/cards/{card['id']}",
                   participant["token"])
    assert deleted.status_code == 200 and deleted.get_json() == {"id": card["id"]}
    assert [(e["type"], e["data"]) for e in socket_events(watcher)] == [
        ("card.deleted", {"id": card["id"]})]
    with db.read() as session:
        for model in (Support, Commitment, Comment, Link):
            assert session.scalar(select(func.count()).select_from(model)) == 0, model
    history = str(events_of(client, workshop, workshop["facilitator_token"]))
    for secret in ("Mit hemmelige forslag", "Godt forslag", "Ali", "ali@example.dk"):
        assert secret not in history
    state = call(client, "get", base(workshop), other["token"]).get_json()
    assert [c["id"] for c in state["cards"]] == [actor["id"]]
    assert state["me"]["supports"] == [] and state["me"]["commitments"] == []


def test_the_facilitator_deletes_any_card(client, workshop, participant):
    card = post_card(client, workshop, participant["token"], "c1")
    assert call(client, "delete", base(workshop) + f"/cards/{card['id']}",
                workshop["facilitator_token"]).status_code == 200
    assert call(client, "delete", base(workshop) + f"/cards/{card['id']}",
                workshop["facilitator_token"]).status_code == 404


def test_premoderated_cards_wait_and_only_the_author_sees_them(
        client, db, workshop, participant, socket_client_factory):
    set_settings(db, workshop["id"], premoderation=True)
    other = join(client, workshop)
    watcher = socket_client_factory(workshop["id"], other["token"])
    author_phone = socket_client_factory(workshop["id"], participant["token"])
    watcher.get_received()
    author_phone.get_received()
    card = post_card(client, workshop, participant["token"], "c1", text="Venter")
    assert card["pending"] is True
    assert socket_events(watcher) == []
    [own] = socket_events(author_phone)
    assert own["type"] == "card.created" and own["data"]["pending"] is True
    mine = call(client, "get", base(workshop), participant["token"]).get_json()
    assert [c["pending"] for c in mine["cards"]] == [True]
    assert call(client, "get", base(workshop), other["token"]).get_json()["cards"] == []
    assert events_of(client, workshop, other["token"]) == []
    # Editing a pending card keeps it between the author and the moderators.
    edit(client, workshop, participant["token"], card["id"], {"text": "Venter stadig"})
    assert socket_events(watcher) == []
    assert socket_events(author_phone)[0]["type"] == "card.updated"
    # The facilitator's own cards need no approval.
    fac_card = post_card(client, workshop, workshop["facilitator_token"], "f1")
    assert fac_card["pending"] is False
    assert [e["type"] for e in socket_events(watcher)] == ["card.created"]


def test_sdg_list_in_both_languages(client):
    danish = client.get("/api/v1/sdgs?lang=da").get_json()["goals"]
    english = client.get("/api/v1/sdgs?lang=en").get_json()["goals"]
    assert [g["number"] for g in danish] == list(range(1, 18))
    assert danish[2] == {"number": 3, "name": "Sundhed og trivsel"}
    assert danish[9] == {"number": 10, "name": "Mindre ulighed"}
    assert english[2] == {"number": 3, "name": "Good health and well-being"}
    assert english[16]["name"] == "Partnerships for the goals"


def test_deleting_from_the_phone_also_takes_the_card_out_of_plenary_snapshots(
        client, db, workshop, participant):
    from openspace.models import Plenary

    card = post_card(client, workshop, participant["token"], "p1", text="Kun til mig 9137")
    started = client.post(base(workshop) + "/plenaries", json={},
                          headers={"Authorization": f"Bearer {workshop['facilitator_token']}"})
    assert started.status_code == 201
    with db.read() as session:
        [before] = session.scalars(select(Plenary)).all()
        assert "9137" in str(before.summary)
    answer = call(client, "delete", base(workshop) + f"/cards/{card['id']}", participant["token"])
    assert answer.status_code == 200
    with db.read() as session:
        [after] = session.scalars(select(Plenary)).all()
        # The summary (and so the PDF made again from it) no longer holds the card.
        assert "9137" not in str(after.summary)
