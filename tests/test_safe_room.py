"""The safe room: a word list holds posts for approval; words that may signal distress flag the
post to the moderators and show its author, and nobody else, a help text."""

from __future__ import annotations

import json
import logging
from datetime import timedelta

import pytest
from sqlalchemy import select

from openspace.models import SafetyFlag, Workshop, utcnow
from openspace.services import retention

from . import test_catchup
from .helpers import (
    ORGANISER,
    base,
    bearer,
    call,
    card_body,
    create_workshop,
    events_of,
    join,
    post_card,
    socket_events,
)
from .phone import Phone
from .server import ServerProcess
from .test_catchup import call as room_call
from .test_catchup import verify_action
from .test_plenary_api import pdf_text

room = test_catchup.room  # the four viewers: two phones, the facilitator, the projector
ADMIN = "organiser-safe-room"
DISTRESS_CARD = "Jeg bliver mobbet hver dag og orker ikke skolen"
DISTRESS_COMMENT = "ingen gider mig i klassen"
# What must never reach anyone but the author's own answer, nor any log or PDF.
SECRETS = ("116 111", "70 201 201", "BørneTelefonen", "Livslinien", "safety", "distress",
           "help")


def safe_room(client, workshop, token, body=None, method="put"):
    """Call ``…/safe-room``; return the response."""
    return call(client, method, base(workshop) + "/safe-room", token, body)


def no_secret(value, what: str) -> None:
    """Fail if ``value`` (any JSON) carries the flag or the help text."""
    text = json.dumps(value, ensure_ascii=False)
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} in {what}"


# ---------------------------------------------------------------- settings


def test_the_lists_have_defaults_and_each_workshop_edits_its_own(client, workshop, participant):
    fac = workshop["facilitator_token"]
    first = safe_room(client, workshop, fac, method="get").get_json()
    assert "idiot" in first["held_words"] and "ingen gider mig" in first["distress_words"]
    assert "116 111" in first["help_text"]
    assert first["defaults"] == {"held_words": True, "distress_words": True, "help_text": True}
    assert safe_room(client, workshop, participant["token"], method="get").status_code == 403
    assert safe_room(client, workshop, participant["token"], {"held_words": []}).status_code \
        == 403

    changed = safe_room(client, workshop, fac, {"held_words": "banan\n  Æble  \n\nbanan",
                                                "help_text": "Tal med Mette i caféen."})
    assert changed.status_code == 200
    body = changed.get_json()
    assert body["held_words"] == ["banan", "Æble"]
    assert body["help_text"] == "Tal med Mette i caféen."
    assert body["defaults"] == {"held_words": False, "distress_words": True, "help_text": False}
    other = create_workshop(client)
    assert "banan" not in safe_room(client, other, ORGANISER and other["facilitator_token"],
                                    method="get").get_json()["held_words"]
    held = post_card(client, workshop, participant["token"], "c1", text="Bananer til alle")
    assert held["pending"] is True
    # The organiser puts the defaults back.
    back = client.put(base(workshop) + "/safe-room", json={"held_words": None, "help_text": None},
                      headers=ORGANISER).get_json()
    assert "banan" not in back["held_words"] and "116 111" in back["help_text"]


@pytest.mark.parametrize(("body", "field"), [
    ({}, None),
    ([], None),
    ({"held_words": 7}, "held_words"),
    ({"held_words": ["ok", 3]}, "held_words"),
    ({"distress_words": ["x" * 61]}, "distress_words"),
    ({"held_words": [f"ord{n}" for n in range(301)]}, "held_words"),
    ({"help_text": "x" * 1001}, "help_text"),
    ({"help_text": ["liste"]}, "help_text"),
    ('{"held_words": ["\\ud800"]}', "held_words"),  # a lone surrogate, as raw JSON
])
def test_bad_lists_are_refused_clearly_and_change_nothing(client, workshop, body, field):
    fac = workshop["facilitator_token"]
    if isinstance(body, str):
        answer = client.put(base(workshop) + "/safe-room", data=body, headers=bearer(fac),
                            content_type="application/json")
    else:
        answer = safe_room(client, workshop, fac, body)
    assert answer.status_code == 400
    error = answer.get_json()["error"]
    assert error["code"] == "bad_request" and error.get("field") == field
    assert safe_room(client, workshop, fac, method="get").get_json()["defaults"]["held_words"]


# ---------------------------------------------------------------- held for approval


def test_a_listed_word_holds_a_card_or_comment_even_without_premoderation(
        client, workshop, participant, socket_client_factory):
    fac = workshop["facilitator_token"]
    other = join(client, workshop)
    watcher = socket_client_factory(workshop["id"], other["token"])
    author = socket_client_factory(workshop["id"], participant["token"])
    moderator = socket_client_factory(workshop["id"], fac)
    for socket in (watcher, author, moderator):
        socket.get_received()
    held = post_card(client, workshop, participant["token"], "c1", text="Du er en IDIOT")
    assert held["pending"] is True and "help" not in held
    assert socket_events(watcher) == []
    assert [e["type"] for e in socket_events(author)] == ["card.created"]
    created, flagged = socket_events(moderator)
    assert created["data"]["pending"] is True
    assert flagged == {"seq": flagged["seq"], "type": "safety.flagged",
                       "data": {"card_id": held["id"], "comment_id": None, "held": True,
                                "distress": False}}
    fine = post_card(client, workshop, participant["token"], "c2", text="Fællesspisning")
    assert fine["pending"] is False
    waiting = call(client, "post", base(workshop) + f"/cards/{fine['id']}/comments",
                   participant["token"], {"client_id": "k1", "text": "Sikke nogle idioter"})
    assert waiting.get_json()["pending"] is True
    # The facilitator is not held back by the list.
    own = post_card(client, workshop, fac, "f1", text="Ingen idioter her")
    assert own["pending"] is False
    # Approved, the card reaches everyone.
    call(client, "post", base(workshop) + f"/cards/{held['id']}/approve", fac)
    assert held["id"] in [c["id"] for c in call(client, "get", base(workshop),
                                                 other["token"]).get_json()["cards"]]


# ---------------------------------------------------------------- distress: private


def test_distress_shows_only_its_author_the_help_text_and_only_moderators_the_flag(
        app, client, db, workshop, participant, socket_client_factory, caplog):
    caplog.set_level(logging.DEBUG)
    for name in ("openspace", "flask", "werkzeug"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    fac = workshop["facilitator_token"]
    other = join(client, workshop)
    sockets = {
        "other": socket_client_factory(workshop["id"], other["token"]),
        "author": socket_client_factory(workshop["id"], participant["token"]),
        "facilitator": socket_client_factory(workshop["id"], fac),
        "projector": socket_client_factory(workshop["id"], fac, view="projector"),
    }
    for socket in sockets.values():
        socket.get_received()

    card = post_card(client, workshop, participant["token"], "c1", text=DISTRESS_CARD)
    assert card["pending"] is False, "a sign of distress is not held back"
    assert "116 111" in card["help"] and "70 201 201" in card["help"]
    ack = sockets["author"].emit("card:create", card_body(workshop, "c2", DISTRESS_CARD + "!"),
                                 callback=True)
    assert ack["ok"] and "116 111" in ack["card"]["help"]
    target = post_card(client, workshop, fac, "f1", text="Lektiecafé")
    answer = call(client, "post", base(workshop) + f"/cards/{target['id']}/comments",
                  participant["token"], {"client_id": "k1", "text": DISTRESS_COMMENT})
    comment = answer.get_json()
    assert comment["pending"] is False and "116 111" in comment["help"]
    # A retry whose answer was lost tells the author again; nobody else ever.
    again = call(client, "post", base(workshop) + f"/cards/{target['id']}/comments",
                 participant["token"], {"client_id": "k1", "text": DISTRESS_COMMENT})
    assert again.status_code == 200 and "116 111" in again.get_json()["help"]

    # Live: the card and the comment reach everyone, plain; the flag only the moderators.
    for name in ("other", "author", "projector"):
        got = socket_events(sockets[name])
        assert DISTRESS_CARD in json.dumps(got, ensure_ascii=False)
        no_secret(got, f"live events of {name}")
    flags = [e["data"] for e in socket_events(sockets["facilitator"])
             if e["type"] == "safety.flagged"]
    assert {(f["card_id"], f["comment_id"]) for f in flags} == {
        (card["id"], None), (ack["card"]["id"], None), (target["id"], comment["id"])}
    assert all(f["distress"] and not f["held"] for f in flags)

    # The boards, /events and a catch-up from 0: the flag for the moderators only.
    for token, query, who in ((other["token"], "", "other"), (participant["token"], "", "author"),
                              (fac, "?view=projector", "projector")):
        no_secret(call(client, "get", base(workshop) + query, token).get_json(), f"{who} board")
        wall = "&view=projector" if query else ""
        events = call(client, "get", base(workshop) + f"/events?after=0{wall}", token)
        no_secret(events.get_json(), f"{who} /events")
        late = socket_client_factory(workshop["id"], token, 0,
                                     **({"view": "projector"} if query else {}))
        no_secret(socket_events(late), f"{who} catch-up")
    fac_board = call(client, "get", base(workshop), fac).get_json()
    assert len(fac_board["safety_flags"]) == 3
    assert sum(e["type"] == "safety.flagged" for e in events_of(client, workshop, fac)) == 3

    # The moderation log does not list the flags; nor do the exports or the PDFs.
    log = client.get(base(workshop) + "/moderation-log", headers=bearer(fac))
    no_secret(log.get_json() if log.is_json else log.get_data(as_text=True), "moderation log")
    log_csv = client.get(base(workshop) + "/moderation-log?format=csv", headers=bearer(fac))
    no_secret(log_csv.get_data(as_text=True), "moderation log CSV")
    no_secret(client.get(base(workshop) + "/export.json", headers=ORGANISER).get_json(),
              "export")
    number = client.post(base(workshop) + "/plenaries", json={}, headers=ORGANISER).get_json()[
        "number"]
    for path in (f"/plenaries/{number}.pdf", "/report.pdf"):
        for headers in (bearer(fac), ORGANISER):
            response = client.get(base(workshop) + path, headers=headers)
            assert response.status_code == 200, path
            text = pdf_text(response.data)
            assert "mobbet" in text, "the post itself is in the plenary as usual"
            no_secret(text, f"{path} as read back")
            assert "Vær opmærksom" not in text and "mistrivsel" not in text
    # The server's logs hold neither the post, the flag nor the help text.
    output = "\n".join(r.getMessage() + "\n" + (r.exc_text or "") for r in caplog.records)
    output += caplog.text
    for secret in ("116 111", "Livslinien", "mobbet", "ingen gider", "safety.flagged"):
        assert secret not in output, f"{secret!r} in the logs"


def test_a_flag_goes_with_its_post_and_with_the_workshops_personal_data(
        client, db, workshop, participant):
    fac = workshop["facilitator_token"]
    card = post_card(client, workshop, participant["token"], "c1", text=DISTRESS_CARD)
    other = post_card(client, workshop, participant["token"], "c2", text="Jeg hader mig selv")
    call(client, "delete", base(workshop) + f"/cards/{card['id']}", participant["token"])
    flags = call(client, "get", base(workshop), fac).get_json()["safety_flags"]
    assert [f["card_id"] for f in flags] == [other["id"]]
    # A catch-up shows the deleted card's flag cleared.
    rendered = [e["data"] for e in events_of(client, workshop, fac)
                if e["type"] == "safety.flagged"]
    assert {f["card_id"]: f["distress"] for f in rendered} == {card["id"]: False,
                                                              other["id"]: True}
    with db.write() as session:
        row = session.get(Workshop, workshop["id"])
        row.day_ends_at = utcnow() - timedelta(days=400)
        row.day_starts_at = row.day_ends_at - timedelta(hours=6)
    with db.write() as session:
        assert retention.remove_personal_data(session, workshop["id"], utcnow()) is not None
    with db.read() as session:
        assert list(session.scalars(select(SafetyFlag))) == []


# ---------------------------------------------------------------- verify_action


def flags_view(viewer, events: list[dict], stale: dict) -> dict:
    """Apply ``safety.flagged`` events to a stale board's flags, as the facilitator page does."""
    flags = {(f["card_id"], f["comment_id"]): f for f in stale.get("safety_flags", [])}
    for event in events:
        if event["type"] == "safety.flagged":
            flags[(event["data"]["card_id"], event["data"]["comment_id"])] = event["data"]
    return {k: v for k, v in flags.items() if v["held"] or v["distress"]}


def test_safe_room_events_verify(room):
    """card.created held by the list, safety.flagged (card and comment), safe_room.updated;
    the flags a moderator's board gets equal what the events give."""
    facilitator = next(v for v in room["viewers"] if v.name == "facilitator")
    stale = facilitator.fetch()
    held, card = {}, {}
    caught = verify_action(room, lambda: held.update(test_catchup.post(
        room, "ida", "c1", "Sikke en kælling")))
    assert caught["bo"] == [] and caught["projector"] == []
    verify_action(room, lambda: card.update(test_catchup.post(
        room, "bo", "c2", "Ingen gider mig herinde")))
    verify_action(room, lambda: room_call(room, "post", f"/cards/{card['id']}/comments", "ida", {
        "client_id": "m1", "text": "Jeg bliver mobbet i frikvarteret"}))
    caught = verify_action(room, lambda: room_call(room, "put", "/safe-room", "fac", {
        "held_words": ["banan"]}))
    assert [e["type"] for e in caught["facilitator"]] == ["safe_room.updated"]
    assert caught["bo"] == caught["ida"] == caught["projector"] == []
    verify_action(room, lambda: room_call(room, "post", f"/cards/{held['id']}/approve", "fac"))
    fresh = facilitator.fetch()
    expected = {(f["card_id"], f["comment_id"]): f for f in fresh["safety_flags"]}
    assert flags_view(facilitator, facilitator.caught_up(stale["seq"]), stale) == expected
    assert flags_view(facilitator, facilitator.caught_up(0), {}) == expected
    assert len(expected) == 3
    for name in ("ida", "bo", "projector"):
        viewer = next(v for v in room["viewers"] if v.name == name)
        no_secret(viewer.caught_up(0), f"{name} catch-up")
        assert "safety_flags" not in viewer.fetch()


# ---------------------------------------------------------------- a real server


@pytest.fixture
def server(tmp_path):
    """A running server on a free loopback port."""
    process = ServerProcess(tmp_path / "instance", ADMIN).start()
    yield process
    process.stop()


@pytest.mark.server
def test_on_a_real_server_only_the_author_gets_help_and_the_log_keeps_none(server):
    workshop = create_workshop(server)
    fac = workshop["facilitator_token"]
    ida, bo = join(server, workshop, "Ida"), join(server, workshop, "Bo")
    phones = {"ida": Phone(server, workshop["id"], ida["token"]),
              "bo": Phone(server, workshop["id"], bo["token"]),
              "facilitator": Phone(server, workshop["id"], fac),
              "projector": Phone(server, workshop["id"], fac, view="projector")}
    for phone in phones.values():
        phone.connect()
    try:
        ack = phones["ida"].post(card_body(workshop, "c1", DISTRESS_CARD))
        assert ack["ok"] and "116 111" in ack["card"]["help"]
        seq = phones["facilitator"].wait_for("safety.flagged")["seq"]
        for name in ("ida", "bo", "projector"):
            phones[name].wait(lambda n=name: any(e["type"] == "card.created"
                                                 for e in phones[n].events), name)
            no_secret(phones[name].all_events, f"{name} on a real server")
        assert seq == ack["card"]["seq"] + 1
    finally:
        for phone in phones.values():
            phone.disconnect()
    for secret in ("116 111", "mobbet", "safety"):
        assert secret not in server.log()
