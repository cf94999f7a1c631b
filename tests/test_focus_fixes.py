"""Issue 14, point 5: the fixes from a day at 300 cards, each told as a user notices it."""

from __future__ import annotations

from sqlalchemy import func, select

from openspace.models import Commitment, Link
from openspace.services import card_editing
from openspace.services.access import FACILITATOR, Actor

from . import test_catchup
from .helpers import (
    ORGANISER,
    base,
    call,
    events_of,
    join,
    post_card,
    set_settings,
    socket_events,
)
from .test_catchup import call as call_room
from .test_catchup import post as post_room
from .test_catchup import verify_action

room = test_catchup.room  # the verify_action fixture: two phones, the facilitator, the wall


def edit(client, workshop, token, card_id, body):
    """PATCH a card; return the response."""
    return call(client, "patch", base(workshop) + f"/cards/{card_id}", token, body)


def test_an_author_moves_their_card_live_to_other_phones(client, workshop, participant,
                                                        socket_client_factory):
    card = post_card(client, workshop, participant["token"], "c1", kind="idea")
    other = join(client, workshop)
    watcher = socket_client_factory(workshop["id"], other["token"])
    watcher.get_received()
    moved = edit(client, workshop, participant["token"], card["id"],
                 {"theme_id": workshop["themes"][1]["id"], "kind": "initiative"})
    assert moved.status_code == 200
    [live] = socket_events(watcher)
    assert live["type"] == "card.updated"
    assert (live["data"]["theme_id"], live["data"]["kind"]) == (workshop["themes"][1]["id"],
                                                                "initiative")
    # Not while the board is locked, and never somebody else's card.
    call(client, "post", base(workshop) + "/lock", workshop["facilitator_token"])
    assert edit(client, workshop, participant["token"], card["id"],
                {"kind": "idea"}).status_code == 423


def test_a_kind_change_drops_signups_and_links_that_no_longer_fit(client, db, workshop,
                                                                  participant,
                                                                  socket_client_factory):
    fac = workshop["facilitator_token"]
    initiative = post_card(client, workshop, fac, "i", kind="initiative", text="Lektiecafé")
    actor = post_card(client, workshop, fac, "a", kind="actor", text="Biblioteket")
    assert call(client, "put", base(workshop) + f"/cards/{initiative['id']}/commitment",
                participant["token"], {"name": "Sofie"}).status_code in (200, 201)
    assert call(client, "post", base(workshop) + "/links", fac,
                {"actor_card_id": actor["id"], "target_card_id": initiative["id"]}
                ).status_code == 201
    phone = socket_client_factory(workshop["id"], participant["token"])
    phone.get_received()
    # An initiative that becomes an actor can neither hold "Jeg er med" nor be helped.
    changed = edit(client, workshop, fac, initiative["id"], {"kind": "actor"})
    assert changed.status_code == 200
    assert changed.get_json()["kind"] == "actor" and changed.get_json()["commitments"] == 0
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Commitment)) == 0
        assert session.scalar(select(func.count()).select_from(Link)) == 0
    types = [e["type"] for e in socket_events(phone)]
    assert {"card.committed", "commitment.deleted", "link.deleted", "card.updated"} <= set(types)
    assert types[-1] == "card.updated"
    state = call(client, "get", base(workshop), participant["token"]).get_json()
    assert state["links"] == [] and state["me"]["commitments"] == []
    # An idea that becomes an initiative keeps what fits (nothing to drop).
    idea = post_card(client, workshop, fac, "x", kind="idea")
    assert edit(client, workshop, fac, idea["id"], {"kind": "initiative"}).status_code == 200


def test_the_service_reports_kind_changes_in_seq_order(db, client, workshop, participant):
    fac = workshop["facilitator_token"]
    initiative = post_card(client, workshop, fac, "i", kind="initiative")
    call(client, "put", base(workshop) + f"/cards/{initiative['id']}/commitment",
         participant["token"], {})
    with db.write() as session:
        outcome = card_editing.update_card(session, Actor(FACILITATOR, workshop["id"]),
                                           initiative["id"], {"kind": "idea"})
        seqs = [e.seq for e in outcome.events]
    assert seqs == sorted(seqs) and len(seqs) == 3


def test_a_support_on_a_card_hidden_later_frees_its_place_under_the_cap(client, db, workshop,
                                                                        participant):
    set_settings(db, workshop["id"], support_cap=1)
    fac = workshop["facilitator_token"]
    first, second = (post_card(client, workshop, fac, f"c{n}")["id"] for n in range(2))
    put = call(client, "put", base(workshop) + f"/cards/{first}/support", participant["token"], {})
    assert put.get_json()["supports_left"] == 0
    assert call(client, "put", base(workshop) + f"/cards/{second}/support",
                participant["token"], {}).status_code == 409
    call(client, "post", base(workshop) + f"/cards/{first}/hide", fac)
    state = call(client, "get", base(workshop), participant["token"]).get_json()
    assert state["me"]["supports_left"] == 1
    again = call(client, "put", base(workshop) + f"/cards/{second}/support",
                 participant["token"], {})
    assert again.status_code == 200 and again.get_json()["supports_left"] == 0


def test_a_wrong_join_code_explains_and_offers_the_field_again(client):
    page = client.get("/j/NOSUCH1")
    assert page.status_code == 404
    html = page.get_data(as_text=True)
    assert "NOSUCH1" in html and 'id="join-code"' in html and 'role="alert"' in html
    assert "Vi fandt ingen workshop" in html
    english = client.get("/j/NOSUCH1?lang=en").get_data(as_text=True)
    assert "We found no workshop" in english


def test_paper_notes_are_labelled_as_paper_not_as_the_facilitator(client, workshop):
    fac = workshop["facilitator_token"]
    answer = call(client, "post", base(workshop) + "/cards/bulk", fac, {
        "client_id": "paper-1", "theme_id": workshop["themes"][0]["id"], "kind": "idea",
        "text": "Fra tavlen"})
    assert answer.status_code in (200, 201), answer.get_json()
    strings = client.get("/j/" + workshop["join_code"]).get_data(as_text=True)
    assert "fra papir" in strings
    stored = events_of(client, workshop, fac)
    assert any(e["data"].get("origin") == "paper" for e in stored if e["type"] == "card.created")


def test_an_approved_card_edited_by_its_author_waits_for_approval_again(client, db, workshop,
                                                                       participant,
                                                                       socket_client_factory):
    set_settings(db, workshop["id"], premoderation=True)
    fac = workshop["facilitator_token"]
    card = post_card(client, workshop, participant["token"], "c1", text="Gåtur i skoven")
    call(client, "post", base(workshop) + f"/cards/{card['id']}/approve", fac)
    call(client, "put", base(workshop) + "/spotlight", fac, {"card_id": card["id"]})
    other = join(client, workshop)
    watcher = socket_client_factory(workshop["id"], other["token"])
    wall = socket_client_factory(workshop["id"], fac, view="projector")
    for socket in (watcher, wall):
        socket.get_received()
    changed = edit(client, workshop, participant["token"], card["id"],
                   {"text": "Gåtur i skoven – ring 12 34 56 78"})
    assert changed.status_code == 200 and changed.get_json()["pending"] is True
    # Others and the wall lose the card; the new text reaches none of them.
    for socket in (watcher, wall):
        heard = socket_events(socket)
        assert {"type": "card.deleted", "id": card["id"]} in [
            {"type": e["type"], "id": e["data"].get("id")} for e in heard]
        assert "12 34 56 78" not in str(heard)
    assert call(client, "get", base(workshop), fac).get_json()["spotlight_card_id"] is None
    board = call(client, "get", base(workshop), other["token"]).get_json()
    assert card["id"] not in [c["id"] for c in board["cards"]]
    queue = call(client, "get", base(workshop), fac).get_json()["cards"]
    assert [c["pending"] for c in queue if c["id"] == card["id"]] == [True]
    # The facilitator's own edits and edits without pre-moderation change nothing of this.
    assert edit(client, workshop, fac, card["id"], {"text": "Gåtur i skoven"}).get_json()[
        "pending"] is True
    call(client, "post", base(workshop) + f"/cards/{card['id']}/approve", fac)
    set_settings(db, workshop["id"], premoderation=False)
    assert edit(client, workshop, participant["token"], card["id"],
                {"text": "Gåtur i skoven hver søndag"}).get_json()["pending"] is False


def test_back_for_approval_verifies_live_and_on_catch_up(room):
    call_room(room, "patch", "/settings", "fac", {"premoderation": True})
    card = post_room(room, "ida", "c1", "Brætspil på biblioteket")
    call_room(room, "post", f"/cards/{card['id']}/approve", "fac")
    caught = verify_action(room, lambda: call_room(room, "patch", f"/cards/{card['id']}", "ida",
                                                   {"text": "Brætspil og kage"}))
    assert "Brætspil og kage" not in str(caught["bo"]) + str(caught["projector"])
    verify_action(room, lambda: call_room(room, "post", f"/cards/{card['id']}/approve", "fac"))


def test_a_second_tab_hears_its_own_supports_and_nobody_else_does(client, db, workshop,
                                                                  participant,
                                                                  socket_client_factory):
    set_settings(db, workshop["id"], support_cap=2)
    card = post_card(client, workshop, workshop["facilitator_token"], "c1")
    second_tab = socket_client_factory(workshop["id"], participant["token"])
    other = join(client, workshop)
    other_phone = socket_client_factory(workshop["id"], other["token"])
    for socket in (second_tab, other_phone):
        socket.get_received()
    path = base(workshop) + f"/cards/{card['id']}/support"
    assert call(client, "put", path, participant["token"], {}).get_json()["supports_left"] == 1
    own = [e for e in socket_events(second_tab) if e["type"] == "support.changed"]
    assert [e["data"] for e in own] == [{"card_id": card["id"], "supported": True,
                                         "supports_left": 1}]
    assert "support.changed" not in [e["type"] for e in socket_events(other_phone)]
    call(client, "delete", path, participant["token"])
    own = [e["data"] for e in socket_events(second_tab) if e["type"] == "support.changed"]
    assert own == [{"card_id": card["id"], "supported": False, "supports_left": 2}]
    # A tab that was away catches up with the same; another phone's catch-up has none of it.
    mine = [e["data"] for e in events_of(client, workshop, participant["token"])
            if e["type"] == "support.changed"]
    assert mine == [{"card_id": card["id"], "supported": True, "supports_left": 1},
                    {"card_id": card["id"], "supported": False, "supports_left": 2}]
    assert "support.changed" not in [e["type"] for e in
                                     events_of(client, workshop, other["token"])]


def test_support_events_verify(room):
    card = post_room(room, "bo", "c1", "Bålhytte")
    verify_action(room, lambda: call_room(room, "put", f"/cards/{card['id']}/support", "ida", {}))
    verify_action(room, lambda: call_room(room, "delete", f"/cards/{card['id']}/support", "ida"))


def test_the_organiser_reissues_the_facilitator_link_and_the_old_one_stops(
        client, workshop, participant, socket_client_factory):
    old = workshop["facilitator_token"]
    path = base(workshop) + "/facilitator-link"
    facilitator_socket = socket_client_factory(workshop["id"], old)
    assert facilitator_socket.is_connected()
    # Only the organiser may do it.
    assert call(client, "post", path, old).status_code == 403
    assert call(client, "post", path, participant["token"]).status_code == 403
    answer = client.post(path, headers=ORGANISER)
    assert answer.status_code == 200
    new = answer.get_json()["facilitator_token"]
    assert new != old and answer.get_json()["facilitator_url"].endswith(f"#token={new}")
    # The old link is refused at once, and its open socket is closed.
    assert call(client, "get", base(workshop), old).status_code == 403
    assert not facilitator_socket.is_connected()
    assert call(client, "post", base(workshop) + "/lock", old).status_code == 403
    assert call(client, "get", base(workshop), new).get_json()["role"] == "facilitator"
    assert socket_client_factory(workshop["id"], new).is_connected()
