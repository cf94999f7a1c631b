"""A post on PostgreSQL takes at most three round trips, the token look-up included.

Counted on the wire: the app talks to PostgreSQL through a proxy that reads
the protocol and lists every query psycopg2 sends (``BEGIN`` and ``COMMIT``
are queries too). The workshop row is locked only inside the one statement
that stores the card: no ``BEGIN``, no ``SELECT … FOR UPDATE`` on the way.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from openspace import create_app
from openspace.extensions import socketio

from .conftest import PUBLIC_URL, need
from .databases import POSTGRES_URL, migrated_postgres_database, postgres_available
from .helpers import (
    ORGANISER_TOKEN,
    base,
    call,
    card_body,
    create_workshop,
    events_of,
    get_db_of,
    join,
    set_settings,
    socket_events,
)
from .tcp_proxy import PostgresQueryCounter, in_front_of

pytestmark = pytest.mark.services


@pytest.fixture
def counted(tmp_path):
    """An app on PostgreSQL behind a query-counting proxy: (app, proxy)."""
    need(postgres_available(), "PostgreSQL is not reachable at " + POSTGRES_URL)
    with migrated_postgres_database() as url:
        proxy, proxied = in_front_of(url, PostgresQueryCounter, sslmode="disable")
        app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "instance"),
                          "ADMIN_TOKEN": ORGANISER_TOKEN, "PUBLIC_URL": PUBLIC_URL,
                          "ASYNC_MODE": "threading", "DATABASE_URL": proxied})
        try:
            yield app, proxy
        finally:
            get_db_of(app).dispose()
            proxy.cut()


def _ready(app, proxy, name="Alice"):
    """A workshop, a participant, and one card posted already (the pool is warm)."""
    client = app.test_client()
    workshop = create_workshop(client)
    alice = join(client, workshop, name)
    call(client, "post", base(workshop) + "/cards", alice["token"],
         card_body(workshop, "warm-up", "Først"))
    proxy.take()
    return client, workshop, alice


def test_a_participants_post_over_http_takes_three_round_trips(counted):
    app, proxy = counted
    client, workshop, alice = _ready(app, proxy)
    response = call(client, "post", base(workshop) + "/cards", alice["token"],
                    card_body(workshop, "c-2", "Lektiecafé i biblioteket"))
    queries = proxy.take()
    assert response.status_code == 201
    assert len(queries) <= 3, queries
    assert not any(q.startswith("BEGIN") or "FOR UPDATE" in q for q in queries), queries
    card = response.get_json()
    assert card["seq"] == 2 and card["author"]["name"] == "Alice" and not card["pending"]
    # Stored with its event, as the whole path would store it.
    [event] = events_of(client, workshop, alice["token"], after=1)
    assert event == {"seq": 2, "type": "card.created", "data": card}


def test_a_post_on_a_live_socket_takes_two(counted):
    app, proxy = counted
    _client, workshop, alice = _ready(app, proxy)
    phone = socketio.test_client(app, auth={"workshop": workshop["id"], "token": alice["token"],
                                            "last_seq": 1})
    watcher = socketio.test_client(app, auth={"workshop": workshop["id"],
                                              "token": workshop["facilitator_token"],
                                              "last_seq": 1})
    try:
        proxy.take()
        ack = phone.emit("card:create", card_body(workshop, "c-3", "Gåtur"), callback=True)
        queries = proxy.take()
        assert ack["ok"], ack
        assert len(queries) <= 2, queries
        assert [e["data"]["id"] for e in socket_events(watcher)] == [ack["card"]["id"]]
    finally:
        phone.disconnect()
        watcher.disconnect()


def test_the_facilitators_post_takes_two_and_premoderation_still_three(counted):
    app, proxy = counted
    client, workshop, alice = _ready(app, proxy)
    response = call(client, "post", base(workshop) + "/cards", workshop["facilitator_token"],
                    card_body(workshop, "f-1", "Velkommen"))
    assert response.status_code == 201 and len(proxy.take()) <= 2
    set_settings(get_db_of(app), workshop["id"], premoderation=True)
    proxy.take()
    response = call(client, "post", base(workshop) + "/cards", alice["token"],
                    card_body(workshop, "c-4", "Vente på godkendelse"))
    assert response.status_code == 201 and len(proxy.take()) <= 3
    assert response.get_json()["pending"] is True
    # The waiting card reaches its author and the moderators, not another phone.
    bob = join(client, workshop, "Bob")
    assert not any(e["type"] == "card.created" and e["data"]["id"] == response.get_json()["id"]
                   for e in events_of(client, workshop, bob["token"]))


def test_the_unusual_cases_still_answer_as_before(counted):
    app, proxy = counted
    client, workshop, alice = _ready(app, proxy)
    # A retry is the stored card; a listed word is held and flagged; a wrong theme is refused.
    retry = call(client, "post", base(workshop) + "/cards", alice["token"],
                 card_body(workshop, "warm-up", "Først"))
    assert retry.status_code == 200 and retry.get_json()["seq"] == 1
    bad = call(client, "post", base(workshop) + "/cards", alice["token"],
               {**card_body(workshop, "c-5"), "theme_id": "nope"})
    assert bad.status_code == 400 and bad.get_json()["error"]["field"] == "theme_id"
    call(client, "post", base(workshop) + "/lock", workshop["facilitator_token"])
    locked = call(client, "post", base(workshop) + "/cards", alice["token"],
                  card_body(workshop, "c-6"))
    assert locked.status_code == 423
    call(client, "post", base(workshop) + "/unlock", workshop["facilitator_token"])
    held = call(client, "post", base(workshop) + "/cards", alice["token"],
                card_body(workshop, "c-7", "Han er en idiot"))
    distress = call(client, "post", base(workshop) + "/cards", alice["token"],
                    card_body(workshop, "c-8", "Jeg vil ikke leve mere"))
    assert held.get_json()["pending"] is True and "help" not in held.get_json()
    assert distress.get_json()["help"] and not distress.get_json()["pending"]
    state = call(client, "get", base(workshop), workshop["facilitator_token"]).get_json()
    assert [c["client_id"] for c in state["cards"]] == ["warm-up", "c-7", "c-8"]
    assert [e["type"] for e in events_of(client, workshop, workshop["facilitator_token"])] == [
        "card.created", "workshop.updated", "workshop.updated",
        "card.created", "safety.flagged", "card.created", "safety.flagged"]


def test_the_same_client_id_from_many_requests_at_once_is_one_card(counted):
    app, proxy = counted
    client, workshop, alice = _ready(app, proxy)

    def post(_):
        """Post the same card from its own test client; return status and id."""
        response = call(app.test_client(), "post", base(workshop) + "/cards", alice["token"],
                        card_body(workshop, "same", "Samme kort"))
        return response.status_code, response.get_json()["id"]

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(post, range(8)))
    assert sorted(status for status, _ in answers) == [200] * 7 + [201]
    assert len({card_id for _, card_id in answers}) == 1
    seqs = [e["seq"] for e in events_of(client, workshop, workshop["facilitator_token"])]
    assert seqs == [1, 2]  # one event, no gap
