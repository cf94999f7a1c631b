"""Supporting cards: once per card, the workshop's cap (dot voting), live counts, no races."""

from __future__ import annotations

import threading

import pytest
import requests
from sqlalchemy import func, select

from openspace.db import Database, sqlite_url
from openspace.models import Card, Event, Support
from openspace.services import supports
from openspace.services.errors import SupportCapReached

from .conftest import need
from .databases import fresh_postgres_database, postgres_available
from .helpers import (
    base,
    build_board,
    call,
    create_workshop,
    events_of,
    join,
    post_card,
    set_settings,
    socket_events,
)
from .server import ServerProcess


def support(client, workshop, token, card_id, method="put"):
    """Support (PUT) or take back (DELETE) a card; return the response."""
    return call(client, method, base(workshop) + f"/cards/{card_id}/support", token, {})


def test_support_counts_once_and_is_sent_live_to_everyone(client, db, workshop, participant,
                                                          socket_client_factory):
    card = post_card(client, workshop, workshop["facilitator_token"], "c1")
    other = join(client, workshop, "Ali")
    watcher = socket_client_factory(workshop["id"], other["token"])
    watcher.get_received()

    first = support(client, workshop, participant["token"], card["id"])
    assert first.status_code == 200
    assert first.get_json()["card"]["supports"] == 1
    assert first.get_json()["supports_left"] is None
    again = support(client, workshop, participant["token"], card["id"])
    assert again.status_code == 200 and again.get_json()["card"]["supports"] == 1

    live = socket_events(watcher)
    assert [(e["type"], e["data"]) for e in live] == [
        ("card.supported", {"card_id": card["id"], "supports": 1})]
    state = call(client, "get", base(workshop), participant["token"]).get_json()
    assert state["me"]["supports"] == [card["id"]]
    assert state["cards"][0]["supports"] == 1

    taken_back = support(client, workshop, participant["token"], card["id"], "delete")
    assert taken_back.get_json()["card"]["supports"] == 0
    assert [e["data"] for e in socket_events(watcher)] == [{"card_id": card["id"],
                                                            "supports": 0}]
    assert support(client, workshop, participant["token"], card["id"], "delete"
                   ).get_json()["card"]["supports"] == 0
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Support)) == 0
    stored = events_of(client, workshop, workshop["facilitator_token"])
    assert [e["type"] for e in stored].count("card.supported") == 2


def test_the_cap_says_how_many_are_left_and_refuses_one_more(client, db, workshop, participant):
    set_settings(db, workshop["id"], support_cap=3)
    ids = [post_card(client, workshop, workshop["facilitator_token"], f"c{n}")["id"]
           for n in range(4)]
    lefts = [support(client, workshop, participant["token"], i).get_json()["supports_left"]
             for i in ids[:3]]
    assert lefts == [2, 1, 0]
    refused = call(client, "put", base(workshop) + f"/cards/{ids[3]}/support",
                   participant["token"], {})
    assert refused.status_code == 409
    error = refused.get_json()["error"]
    assert error["code"] == "support_cap_reached"
    assert "3" in error["message"] and "støtte" in error["message"]
    english = client.put(base(workshop) + f"/cards/{ids[3]}/support?lang=en",
                         headers={"Authorization": f"Bearer {participant['token']}"})
    assert "each person can support 3 cards" in english.get_json()["error"]["message"]
    # Supporting one already supported is still fine at the cap, and taking one back frees one.
    assert support(client, workshop, participant["token"], ids[0]).status_code == 200
    assert support(client, workshop, participant["token"], ids[0], "delete"
                   ).get_json()["supports_left"] == 1
    assert support(client, workshop, participant["token"], ids[3]).get_json()[
        "supports_left"] == 0
    state = call(client, "get", base(workshop), participant["token"]).get_json()
    assert state["support_cap"] == 3 and state["me"]["supports_left"] == 0
    assert sorted(state["me"]["supports"]) == sorted(ids[1:])


def test_the_own_tabs_hear_the_servers_supports_left(client, db, workshop, participant,
                                                    socket_client_factory):
    """support.changed carries the server's "supports left" (issue 13: pages do not work the
    cap out), live and in the catch-up; a hidden card's support no longer counts."""
    set_settings(db, workshop["id"], support_cap=2)
    fac = workshop["facilitator_token"]
    ids = [post_card(client, workshop, fac, f"c{n}")["id"] for n in range(2)]
    tab = socket_client_factory(workshop["id"], participant["token"])
    tab.get_received()
    support(client, workshop, participant["token"], ids[0])
    support(client, workshop, participant["token"], ids[1])
    call(client, "post", base(workshop) + f"/cards/{ids[1]}/hide", fac, {})
    support(client, workshop, participant["token"], ids[0], "delete")
    heard = [e["data"] for e in socket_events(tab) if e["type"] == "support.changed"]
    assert [(d["card_id"], d["supported"], d["supports_left"]) for d in heard] == [
        (ids[0], True, 1), (ids[1], True, 0), (ids[0], False, 2)]
    caught_up = [e["data"] for e in events_of(client, workshop, participant["token"])
                 if e["type"] == "support.changed"]
    assert [d["supports_left"] for d in caught_up] == [1, 0, 2]


def test_pending_hidden_and_foreign_cards_cannot_be_supported(client, db, workshop,
                                                              participant):
    hidden = post_card(client, workshop, workshop["facilitator_token"], "h")
    call(client, "post", base(workshop) + f"/cards/{hidden['id']}/hide",
         workshop["facilitator_token"])
    set_settings(db, workshop["id"], premoderation=True)
    other = join(client, workshop)
    waiting = post_card(client, workshop, other["token"], "p")
    assert waiting["pending"] is True
    for card_id in (hidden["id"], waiting["id"], "no-such-card"):
        refused = support(client, workshop, participant["token"], card_id)
        assert refused.status_code == 404, card_id
    # The author cannot push their own pending card up either.
    assert support(client, workshop, other["token"], waiting["id"]).status_code == 404


def test_a_locked_board_refuses_supports(client, workshop, participant):
    card = post_card(client, workshop, workshop["facilitator_token"], "c1")
    call(client, "post", base(workshop) + "/lock", workshop["facilitator_token"])
    refused = support(client, workshop, participant["token"], card["id"])
    assert refused.status_code == 423
    assert refused.get_json()["error"]["code"] == "workshop_locked"


@pytest.mark.parametrize("rounds", [8])
def test_two_tabs_racing_for_the_last_support_get_one(database, rounds):
    """Threads play two tabs of one phone clicking at once, round after round."""
    board = build_board(database, people=1, card_count=2 * rounds + 2, support_cap=1)
    person = board.people[0]
    outcomes = []
    for n in range(rounds):
        pair = board.card_ids[2 * n: 2 * n + 2]
        barrier = threading.Barrier(2)
        results: list = []

        def click(card_id, results=results, barrier=barrier):
            """One tab's click: wait for the other, then support."""
            barrier.wait()
            try:
                with database.write() as session:
                    supports.add_support(session, person, card_id)
                results.append("ok")
            except SupportCapReached:
                results.append("cap")

        threads = [threading.Thread(target=click, args=(card_id,)) for card_id in pair]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        outcomes.append(sorted(results))
        with database.write() as session:
            # Free the one support for the next round.
            taken = session.scalar(select(Support.card_id).where(
                Support.participant_id == person.participant_id))
            supports.remove_support(session, person, taken)
    assert outcomes == [["cap", "ok"]] * rounds
    with database.read() as session:
        counts = [c.support_count for c in session.scalars(select(Card))]
        assert sum(counts) == 0
        stored = session.scalar(select(func.count()).select_from(Event).where(
            Event.type == "card.supported"))
        assert stored == 2 * rounds


def test_many_tabs_racing_never_pass_the_cap(database):
    board = build_board(database, people=1, card_count=8, support_cap=3)
    person = board.people[0]
    barrier = threading.Barrier(len(board.card_ids))
    refused = []

    def click(card_id):
        """Support one card at the same moment as every other tab."""
        barrier.wait()
        try:
            with database.write() as session:
                supports.add_support(session, person, card_id)
        except SupportCapReached:
            refused.append(card_id)

    threads = [threading.Thread(target=click, args=(i,)) for i in board.card_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    with database.read() as session:
        stored = list(session.scalars(select(Support)))
        assert len(stored) == 3
        assert sum(c.support_count for c in session.scalars(select(Card))) == 3
    assert len(refused) == 5


ADMIN = "support-race-organiser"


@pytest.fixture(params=["sqlite", "postgresql"])
def race_server(request, tmp_path):
    """A real ``run.py`` server (eventlet) on SQLite or PostgreSQL, and its database."""
    if request.param == "sqlite":
        instance = tmp_path / "instance"
        # Named outright: this case is SQLite even when the suite runs on PostgreSQL.
        server = ServerProcess(instance, ADMIN,
                               env={"OPENSPACE_DATABASE_URL": sqlite_url(instance)}).start()
        database = Database(sqlite_url(instance))
        yield server, database
        database.dispose()
        server.stop()
        return
    need(postgres_available(), "PostgreSQL is not reachable on 127.0.0.1:5432")
    with fresh_postgres_database() as url:
        server = ServerProcess(tmp_path / "instance", ADMIN,
                               env={"OPENSPACE_DATABASE_URL": url}).start()
        database = Database(url)
        yield server, database
        database.dispose()
        server.stop()


@pytest.mark.server
def test_two_real_tabs_against_a_real_server_cannot_pass_the_cap(race_server):
    server, database = race_server
    workshop = create_workshop(server, title="Kapløb", themes=["Fritid"])
    token = join(server, workshop)["token"]
    ids = [post_card(server, workshop, workshop["facilitator_token"], f"c{n}",
                     text=f"Kort {n}")["id"] for n in range(6)]
    set_settings(database, workshop["id"], support_cap=3)
    tabs = [requests.Session(), requests.Session()]
    barrier = threading.Barrier(2)
    answers: list[tuple[int, str | None]] = []

    def tab(session: requests.Session, card_ids: list[str]):
        """One browser tab clicking support on three cards as fast as it can."""
        barrier.wait()
        for card_id in card_ids:
            response = session.put(
                f"{server.url}/api/v1/workshops/{workshop['id']}/cards/{card_id}/support",
                headers={"Authorization": f"Bearer {token}"}, json={}, timeout=20)
            body = response.json()
            answers.append((response.status_code, body.get("error", {}).get("code")))

    threads = [threading.Thread(target=tab, args=(tabs[0], ids[0::2])),
               threading.Thread(target=tab, args=(tabs[1], ids[1::2]))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(answers) == [(200, None)] * 3 + [(409, "support_cap_reached")] * 3, server.log()
    state = server.api("GET", f"/api/v1/workshops/{workshop['id']}", token).json()
    assert len(state["me"]["supports"]) == 3 and state["me"]["supports_left"] == 0
    assert sum(c["supports"] for c in state["cards"]) == 3
