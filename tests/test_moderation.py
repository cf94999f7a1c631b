"""The facilitator's toolkit: approve, pin, merge, spotlight, settings, timer.

Services run on SQLite and PostgreSQL (the ``database`` fixture); the HTTP
endpoints, their events on real Socket.IO test clients, and a permission
matrix over every new endpoint run through the Flask app.
"""

from __future__ import annotations

import itertools
import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from openspace.models import Card, Comment, Commitment, Event, Link, Support, Workshop
from openspace.services import merge, moderation, timer
from openspace.services.access import authenticate
from openspace.services.catchup import render_events
from openspace.services.errors import BadRequest, Forbidden, NotFound
from openspace.services.tokens import new_id

from .helpers import (
    ORGANISER_TOKEN,
    bearer,
    card_body,
    create_workshop,
    get_db_of,
    join,
    socket_events,
)
from .test_services import ADMIN, make_participant, make_workshop, post

# ---------------------------------------------------------------- helpers


def facilitator(database, workshop_id, token):
    """Return the facilitator actor of the workshop."""
    with database.read() as session:
        return authenticate(session, workshop_id, token, ADMIN)


def run(database, action, *args):
    """Run a service in a write transaction and return its outcome."""
    with database.write() as session:
        return action(session, *args)


def add_rows(database, workshop_id, *rows):
    """Insert model rows directly (part A's services are not in this branch)."""
    with database.write() as session:
        for row in rows:
            row.id = getattr(row, "id", None) or new_id()
            row.workshop_id = workshop_id
            session.add(row)
        session.flush()
        for card_id in {r.card_id for r in rows if hasattr(r, "card_id")}:
            merge.recount(session, session.get(Card, card_id))


def card_row(database, card_id) -> Card:
    """Return a detached copy of the card's stored row."""
    with database.read() as session:
        card = session.get(Card, card_id)
        session.expunge(card)
        return card


def counts(database, model, card_id) -> int:
    """Return how many rows of ``model`` belong to the card."""
    with database.read() as session:
        return session.scalar(select(func.count()).select_from(model)
                              .where(model.card_id == card_id))


@pytest.fixture
def day(database):
    """A workshop with a facilitator, three participants and two initiative cards."""
    wid, token, themes, code = make_workshop(database)
    fac = facilitator(database, wid, token)
    people = [make_participant(database, wid, code, name)[0] for name in ("Ali", "Bo", "Cy")]
    first = post(database, people[0], themes[0], "a", "Lektiecafé", "initiative").body
    second = post(database, people[1], themes[0], "b", "Lektiecafe på biblioteket",
                  "initiative").body
    return {"wid": wid, "fac": fac, "people": people, "themes": themes,
            "first": first["id"], "second": second["id"]}


# ---------------------------------------------------------------- merge


def test_merge_keeps_every_support_comment_and_commitment_counted_once(database, day):
    ali, bo, cy = day["people"]
    src, kept, wid = day["second"], day["first"], day["wid"]
    actor_card = post(database, cy, day["themes"][0], "act", "Røde Kors", "actor").body["id"]
    add_rows(database, wid,
             # Bo backed both cards: he must count once on the card that stays.
             Support(card_id=kept, participant_id=bo.participant_id),
             Support(card_id=src, participant_id=bo.participant_id),
             Support(card_id=src, participant_id=ali.participant_id),
             Support(card_id=src, participant_id=cy.participant_id))
    add_rows(database, wid,
             Commitment(card_id=kept, participant_id=bo.participant_id, name=None,
                        consent=False),
             Commitment(card_id=src, participant_id=bo.participant_id, name="Bo",
                        contact="bo@example.dk", consent=True),
             Commitment(card_id=src, participant_id=ali.participant_id, name="Ali",
                        consent=False))
    add_rows(database, wid,
             Comment(card_id=src, client_id="k1", text="Hvornår?", seq=90,
                     participant_id=cy.participant_id),
             Comment(card_id=src, client_id="k2", text="Skjult", seq=91, hidden=True),
             Comment(card_id=kept, client_id="k3", text="Godt!", seq=92))
    add_rows(database, wid,
             Link(actor_card_id=actor_card, target_card_id=src),
             Link(actor_card_id=actor_card, target_card_id=kept))

    outcome = run(database, merge.merge_cards, day["fac"], src, {"into": kept})

    assert outcome.body["id"] == kept
    assert (outcome.body["supports"], outcome.body["commitments"],
            outcome.body["comments"]) == (3, 2, 2)
    assert counts(database, Support, kept) == 3 and counts(database, Support, src) == 0
    assert counts(database, Commitment, kept) == 2 and counts(database, Comment, kept) == 3
    with database.read() as session:
        bos = session.scalar(select(Commitment).where(
            Commitment.card_id == kept, Commitment.participant_id == bo.participant_id))
        # Bo's consented contact given on the duplicate is not lost.
        assert (bos.name, bos.contact, bos.consent) == ("Bo", "bo@example.dk", True)
        links = session.execute(select(Link.actor_card_id, Link.target_card_id)).all()
        assert links == [(actor_card, kept)]
        source = session.get(Card, src)
        assert source.merged_into_id == kept
        [event] = session.scalars(select(Event).where(Event.type == "card.merged"))
        assert event.data["id"] == src and event.data["into"] == kept
        # The log keeps ids only; catch-up shows the kept card as it is now.
        assert "card" not in event.data
        [caught_up] = render_events(session, [event], day["fac"])
        assert caught_up["data"]["card"]["supports"] == 3
        assert event.actor == "facilitator" and event.audience == "all"


def test_a_merged_card_leaves_every_board(database, day):
    run(database, merge.merge_cards, day["fac"], day["second"], {"into": day["first"]})
    from openspace.services.visibility import visible_cards
    with database.read() as session:
        for actor in (day["fac"], day["people"][1]):
            ids = [c.id for c in visible_cards(session, day["wid"], actor)]
            assert day["second"] not in ids and day["first"] in ids


@pytest.mark.parametrize("into", ["same", "missing", None, 7])
def test_merge_with_a_bad_target_changes_nothing(database, day, into):
    target = {"same": day["second"], "missing": "nope"}.get(into, into)
    with database.read() as session:
        seq = session.get(Workshop, day["wid"]).last_seq
    with pytest.raises((BadRequest, NotFound)):
        run(database, merge.merge_cards, day["fac"], day["second"], {"into": target})
    assert card_row(database, day["second"]).merged_into_id is None
    with database.read() as session:
        assert session.get(Workshop, day["wid"]).last_seq == seq


def test_merge_into_a_hidden_card_is_refused(database, day):
    from openspace.services.cards import set_hidden
    run(database, set_hidden, day["fac"], day["first"], True)
    with pytest.raises(BadRequest):
        run(database, merge.merge_cards, day["fac"], day["second"], {"into": day["first"]})


# ---------------------------------------------------------------- approve, reject, pin


def pending_card(database, day, author=0, client_id="p1"):
    """Post a card and mark it pending, as part A's pre-moderation stores it."""
    card_id = post(database, day["people"][author], day["themes"][1], client_id,
                   "Venter").body["id"]
    with database.write() as session:
        session.get(Card, card_id).pending = True
    return card_id


def test_approve_lets_a_pending_card_onto_the_board_for_everyone(database, day):
    card_id = pending_card(database, day)
    outcome = run(database, moderation.approve, day["fac"], card_id)
    assert outcome.body["pending"] is False
    [event] = outcome.events
    assert (event.type, event.audience, event.actor) == ("card.approved", "all", "facilitator")
    # Approving again stores nothing new.
    assert run(database, moderation.approve, day["fac"], card_id).events == []


def test_rejecting_a_pending_card_tells_only_its_author(database, day):
    from openspace.services.cards import set_hidden
    card_id = pending_card(database, day)
    result = run(database, set_hidden, day["fac"], card_id, True)
    [event] = result.events
    assert event.type == "card.hidden"
    assert event.audience == "participant:" + day["people"][0].participant_id
    assert event.actor == "facilitator"


def test_pin_and_unpin_announce_the_card(database, day):
    outcome = run(database, moderation.set_pinned, day["fac"], day["first"], True)
    assert outcome.body["pinned"] is True
    assert [(e.type, e.audience) for e in outcome.events] == [("card.updated", "all")]
    assert run(database, moderation.set_pinned, day["fac"], day["first"], True).events == []
    assert run(database, moderation.set_pinned, day["fac"], day["first"],
               False).body["pinned"] is False


def test_participants_may_not_moderate(database, day):
    ali = day["people"][0]
    for action, args in ((moderation.approve, (day["first"],)),
                         (moderation.set_pinned, (day["first"], True)),
                         (merge.merge_cards, (day["second"], {"into": day["first"]})),
                         (moderation.set_spotlight, ({"card_id": None},)),
                         (moderation.update_settings, ({"premoderation": True},)),
                         (timer.start_timer, ({"minutes": 5},))):
        with pytest.raises(Forbidden):
            run(database, action, ali, *args)


# ---------------------------------------------------------------- spotlight, settings, timer


def test_spotlight_shows_a_visible_card_and_clears(database, day):
    outcome = run(database, moderation.set_spotlight, day["fac"], {"card_id": day["first"]})
    assert outcome.body["card"]["id"] == day["first"]
    assert [e.type for e in outcome.events] == ["workshop.spotlight"]
    cleared = run(database, moderation.set_spotlight, day["fac"], {"card_id": None})
    assert cleared.body == {"card_id": None, "card": None}
    with database.read() as session:
        assert session.get(Workshop, day["wid"]).spotlight_card_id is None


def test_a_pending_card_cannot_be_spotlighted(database, day):
    card_id = pending_card(database, day)
    with pytest.raises(BadRequest):
        run(database, moderation.set_spotlight, day["fac"], {"card_id": card_id})


def test_settings_change_only_what_was_given_and_refuse_bad_values(database, day):
    outcome = run(database, moderation.update_settings, day["fac"], {"support_cap": 3})
    assert outcome.body == {"support_cap": 3, "premoderation": False}
    assert outcome.events[0].data == {"support_cap": 3}
    for bad in ({"support_cap": 0}, {"support_cap": 51}, {"support_cap": "3"},
                {"support_cap": True}, {"premoderation": "yes"}):
        with pytest.raises(BadRequest):
            run(database, moderation.update_settings, day["fac"], bad)
    outcome = run(database, moderation.update_settings, day["fac"],
                  {"support_cap": None, "premoderation": True})
    assert outcome.body == {"support_cap": None, "premoderation": True}


def test_timer_counts_down_from_now_and_stops(database, day):
    now = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
    outcome = run(database, timer.start_timer, day["fac"],
                  {"minutes": 5, "label": "5 minutters stille skrivning"}, now)
    assert outcome.body == {"ends_at": "2026-11-22T10:05:00+00:00",
                            "label": "5 minutters stille skrivning"}
    for bad in ({}, {"minutes": 0}, {"minutes": 241}, {"minutes": 5, "label": "x" * 121}):
        with pytest.raises(BadRequest):
            run(database, timer.start_timer, day["fac"], bad)
    assert [e.type for e in run(database, timer.stop_timer, day["fac"]).events] == [
        "timer.stopped"]
    assert run(database, timer.stop_timer, day["fac"]).events == []


# ---------------------------------------------------------------- HTTP and live events


def test_toolkit_actions_reach_participants_live(client, socket_client_factory):
    w = create_workshop(client)
    fac = bearer(w["facilitator_token"])
    base = f"/api/v1/workshops/{w['id']}"
    phone = join(client, w)
    a = client.post(f"{base}/cards", json=card_body(w, "x1"), headers=fac).get_json()
    b = client.post(f"{base}/cards", json=card_body(w, "x2", "Dublet"), headers=fac).get_json()
    waiting = client.post(f"{base}/cards", json=card_body(w, "x3", "Venter"),
                          headers=bearer(phone["token"])).get_json()
    with get_db_of(client.application).write() as session:
        session.get(Card, waiting["id"]).pending = True  # as part A's pre-moderation stores it
    listener = socket_client_factory(w["id"], phone["token"], last_seq=3)
    listener.get_received()

    assert client.post(f"{base}/cards/{a['id']}/pin", headers=fac).get_json()["pinned"]
    assert client.put(f"{base}/spotlight", json={"card_id": a["id"]},
                      headers=fac).status_code == 200
    assert client.patch(f"{base}/settings", json={"support_cap": 3},
                        headers=fac).get_json() == {"support_cap": 3, "premoderation": False}
    started = client.put(f"{base}/timer", json={"minutes": 5, "label": "Stille skrivning"},
                         headers=fac)
    assert started.status_code == 200
    merged = client.post(f"{base}/cards/{b['id']}/merge", json={"into": a["id"]}, headers=fac)
    assert merged.get_json()["id"] == a["id"]
    assert client.delete(f"{base}/timer", headers=fac).status_code == 200
    approved = client.post(f"{base}/cards/{waiting['id']}/approve", headers=fac).get_json()
    assert approved["pending"] is False

    received = socket_events(listener)
    assert [e["type"] for e in received] == [
        "card.updated", "workshop.spotlight", "workshop.updated", "timer.started",
        "card.merged", "timer.stopped", "card.approved"]
    assert received[6]["data"]["id"] == waiting["id"]
    assert received[1]["data"]["card"]["id"] == a["id"]
    assert received[3]["data"]["label"] == "Stille skrivning"
    assert received[4]["data"]["id"] == b["id"]
    state = client.get(base, headers=bearer(phone["token"])).get_json()
    assert state["support_cap"] == 3 and state["spotlight_card_id"] == a["id"]
    assert state["timer"] is None
    assert b["id"] not in [c["id"] for c in state["cards"]]


def test_bad_input_gets_a_clear_error_in_the_users_language(client, workshop):
    fac = bearer(workshop["facilitator_token"])
    response = client.patch(f"/api/v1/workshops/{workshop['id']}/settings?lang=da",
                            json={"support_cap": 99}, headers=fac)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["field"] == "support_cap"
    assert "mellem 1 og 50" in error["message"]


# ---------------------------------------------------------------- permission matrix

ROLES = ("nobody", "participant_a", "participant_b", "facilitator_a", "facilitator_b",
         "organiser")
MODERATORS_OF_A = {"facilitator_a", "organiser"}
ACTIONS = ("approve", "pin", "unpin", "merge", "spotlight", "settings", "add_theme",
           "rename_theme", "reorder_themes", "start_timer", "stop_timer", "paper_notes",
           "moderation_log", "moderation_log_csv", "import_preview", "import", "export_json",
           "export_zip")
_unique = itertools.count()


@pytest.fixture
def world(client):
    """Two workshops, a participant and a facilitator in each."""
    a = create_workshop(client, title="A")
    b = create_workshop(client, title="B")
    tokens = {"nobody": None, "participant_a": join(client, a)["token"],
              "participant_b": join(client, b)["token"],
              "facilitator_a": a["facilitator_token"], "facilitator_b": b["facilitator_token"],
              "organiser": ORGANISER_TOKEN}
    return {"a": a, "tokens": tokens}


def request_for(client, world, action: str):
    """Return (method, path, body) for ``action`` on workshop A, with fresh cards as needed."""
    a = world["a"]
    base = f"/api/v1/workshops/{a['id']}"
    n = next(_unique)
    fac = bearer(a["facilitator_token"])

    def new_card() -> str:
        """Post a fresh card as the facilitator and return its id."""
        body = card_body(a, f"m{n}-{next(_unique)}")
        return client.post(f"{base}/cards", json=body, headers=fac).get_json()["id"]

    theme = a["themes"][0]["id"]
    themes = client.get(base, headers=fac).get_json()["themes"]
    csv_file = "theme,kind,text\nFritid,idea,Spil i parken\n"
    return {
        "approve": ("post", f"{base}/cards/{new_card()}/approve", None),
        "pin": ("post", f"{base}/cards/{new_card()}/pin", None),
        "unpin": ("post", f"{base}/cards/{new_card()}/unpin", None),
        "merge": ("post", f"{base}/cards/{new_card()}/merge", {"into": new_card()}),
        "spotlight": ("put", f"{base}/spotlight", {"card_id": new_card()}),
        "settings": ("patch", f"{base}/settings", {"support_cap": 1 + n % 50}),
        "add_theme": ("post", f"{base}/themes", {"title": f"Tema {n}"}),
        "rename_theme": ("patch", f"{base}/themes/{theme}", {"title": f"Fritid {n}"}),
        "reorder_themes": ("put", f"{base}/themes/order",
                           {"theme_ids": [t["id"] for t in reversed(themes)]}),
        "start_timer": ("put", f"{base}/timer", {"minutes": 5}),
        "stop_timer": ("delete", f"{base}/timer", None),
        "paper_notes": ("post", f"{base}/cards/bulk",
                        {"client_id": f"bulk{n}", "theme_id": theme, "kind": "idea",
                         "text": "En\nTo"}),
        "moderation_log": ("get", f"{base}/moderation-log", None),
        "moderation_log_csv": ("get", f"{base}/moderation-log?format=csv", None),
        "import_preview": ("post", f"{base}/import?dry_run=1",
                           {"format": "csv", "content": csv_file}),
        "import": ("post", f"{base}/import", {"format": "csv", "content": csv_file}),
        "export_json": ("get", f"{base}/export.json", None),
        "export_zip": ("get", f"{base}/export.zip", None),
    }[action]


@pytest.mark.parametrize("action", ACTIONS)
def test_exactly_the_moderators_of_the_workshop_may(client, world, action):
    allowed = set()
    for role in ROLES:
        method, path, body = request_for(client, world, action)
        token = world["tokens"][role]
        headers = bearer(token) if token else {}
        response = getattr(client, method)(path, json=body, headers=headers)
        if response.status_code < 300:
            allowed.add(role)
            continue
        assert response.status_code in (401, 403), (action, role, response.get_json())
        assert response.get_json()["error"]["code"] in ("unauthorized", "forbidden")
    assert allowed == MODERATORS_OF_A


# ---------------------------------------------------------------- random input


def test_random_input_to_the_toolkit_never_breaks_the_server(client, world):
    """Any JSON body to any toolkit endpoint: a 2xx or a clear 4xx, never a 5xx."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    a = world["a"]
    base = f"/api/v1/workshops/{a['id']}"
    fac = bearer(a["facilitator_token"])
    card = client.post(f"{base}/cards", json=card_body(a, "fuzz-seed"), headers=fac).get_json()
    paths = [("post", f"{base}/cards/{card['id']}/merge"), ("put", f"{base}/spotlight"),
             ("patch", f"{base}/settings"), ("post", f"{base}/themes"),
             ("patch", f"{base}/themes/{a['themes'][0]['id']}"), ("put", f"{base}/themes/order"),
             ("put", f"{base}/timer"), ("post", f"{base}/cards/bulk"),
             ("post", f"{base}/import?dry_run=1"), ("post", f"{base}/import")]
    text = st.text(max_size=40) | st.sampled_from(["", "\x00", "\ud800", "x" * 700, "a\nb"])
    scalars = st.none() | st.booleans() | st.integers() | st.floats() | text
    values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                          | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=8)
    keys = st.sampled_from(["into", "card_id", "support_cap", "premoderation", "title",
                            "theme_ids", "minutes", "label", "client_id", "theme_id", "kind",
                            "text", "origin", "format", "content"])
    bodies = st.dictionaries(keys, values | st.just(card["id"]) | st.just("csv"), max_size=5)

    @settings(max_examples=25, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(body=bodies | values)
    def attempt(body):
        for method, path in paths:
            # ASCII escapes, so lone surrogates travel as JSON allows them.
            response = getattr(client, method)(path, data=json.dumps(body, ensure_ascii=True),
                                               content_type="application/json", headers=fac)
            assert response.status_code < 500, (path, body, response.get_data()[:200])
            if response.status_code >= 400:
                error = response.get_json()["error"]
                assert error["code"] in ("bad_request", "not_found") and error["message"]

    attempt()
    assert client.get("/healthz").status_code == 200
