"""Reading or downloading a sign-up list is recorded in the moderation log (issue 14 gap 6):
who (facilitator or organiser), when, which workshop, how many; never a name or a contact."""

from __future__ import annotations

import json

from .helpers import ORGANISER, base, call, events_of, join, socket_events
from .test_catchup import call as call_room
from .test_catchup import (
    room,  # noqa: F401 (the verify_action fixture)
    verify_action,
)
from .test_signups import CONTACT, NAME, signed_up_board


def log_of(client, workshop, form="json"):
    """Return the workshop's moderation log (JSON entries, or the CSV text)."""
    answer = call(client, "get", base(workshop) + f"/moderation-log?format={form}",
                  workshop["facilitator_token"])
    assert answer.status_code == 200
    return answer.get_json()["entries"] if form == "json" else answer.data.decode("utf-8")


def test_reading_and_downloading_a_signup_list_are_logged_without_contacts(
        client, workshop, socket_client_factory):
    signed_up_board(client, workshop)
    fac = workshop["facilitator_token"]
    other_screen = socket_client_factory(workshop["id"], fac)
    wall = socket_client_factory(workshop["id"], fac, view="projector")
    phone_person = join(client, workshop)
    phone = socket_client_factory(workshop["id"], phone_person["token"])
    for socket in (other_screen, wall, phone):
        socket.get_received()
    assert not [e for e in log_of(client, workshop) if e["action"] == "signups.read"]

    assert call(client, "get", base(workshop) + "/signups", fac).status_code == 200
    organiser = ORGANISER["Authorization"].split()[1]
    assert call(client, "get", base(workshop) + "/signups.pdf", organiser).status_code == 200
    # A participant's refused attempt reads nothing and is not an entry.
    assert call(client, "get", base(workshop) + "/signups",
                phone_person["token"]).status_code == 403

    entries = [e for e in log_of(client, workshop) if e["action"] == "signups.read"]
    assert [(e["who"], e["details"]) for e in entries] == [
        ("facilitator", {"format": "list", "initiatives": 2, "people": 3}),
        ("organiser", {"format": "pdf", "initiatives": 2, "people": 3})]
    assert all(e["at"] and e["card_id"] is None for e in entries)
    csv_text = log_of(client, workshop, "csv")
    assert csv_text.count("signups.read") == 2
    # Never the names or contacts: not in the log, its CSV, the events or any screen.
    heard = [socket_events(s) for s in (other_screen, wall, phone)]
    stored = [e for e in events_of(client, workshop, fac) if e["type"] == "signups.read"]
    assert len(stored) == 2
    everything = json.dumps([entries, csv_text, heard, stored], ensure_ascii=False)
    assert CONTACT not in everything and NAME not in everything and "Ahmed" not in everything
    # The facilitator's other screen hears it; the wall and the phones do not.
    assert "signups.read" in [e["type"] for e in heard[0]]
    assert "signups.read" not in [e["type"] for e in heard[1] + heard[2]]
    assert "signups.read" not in [e["type"] for e in
                                  events_of(client, workshop, phone_person["token"])]


def test_each_workshop_logs_only_its_own_readings(client, workshop):
    from .helpers import create_workshop

    signed_up_board(client, workshop)
    second = create_workshop(client)
    call(client, "get", base(second) + "/signups", second["facilitator_token"])
    assert not [e for e in log_of(client, workshop) if e["action"] == "signups.read"]
    assert [e["details"]["initiatives"] for e in log_of(client, second)
            if e["action"] == "signups.read"] == [0]


def test_a_signup_reading_verifies_for_every_viewer(room):  # noqa: F811
    caught = verify_action(room, lambda: call_room(room, "get", "/signups", "fac"))
    assert [e["type"] for e in caught["facilitator"]] == ["signups.read"]
    assert caught["ida"] == caught["bo"] == caught["projector"] == []
