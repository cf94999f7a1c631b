""""Jeg er med" on initiatives: consent before contact, contact seen by no other participant
and never by the projector, the count public, withdrawal deletes."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from openspace.models import Commitment, Event

from .helpers import base, call, create_workshop, events_of, join, post_card, socket_events
from .phone import Phone
from .server import ServerProcess

CONTACT = "sofie.hansen@example.dk"
NAME = "Sofie Hansen"


def commit(client, workshop, token, card_id, body):
    """PUT the commitment; return the response."""
    return call(client, "put", base(workshop) + f"/cards/{card_id}/commitment", token, body)


@pytest.fixture
def initiative(client, workshop):
    """An initiative card posted by the facilitator."""
    return post_card(client, workshop, workshop["facilitator_token"], "i1", kind="initiative",
                     text="Lektiecafé i klubben")


def stored_commitments(db) -> list[Commitment]:
    """Return every commitment row."""
    with db.read() as session:
        return list(session.scalars(select(Commitment)))


def everything_stored(db) -> str:
    """Return every commitment and event as one text, to search for leaks."""
    with db.read() as session:
        events = [e.data for e in session.scalars(select(Event))]
    return json.dumps(events, ensure_ascii=False)


def test_without_the_consent_box_no_contact_is_stored(client, db, workshop, participant,
                                                      initiative):
    refused = commit(client, workshop, participant["token"], initiative["id"],
                     {"name": NAME, "contact": CONTACT, "consent": False})
    assert refused.status_code == 400
    assert refused.get_json()["error"]["field"] == "consent"
    assert "kontakt" in refused.get_json()["error"]["message"].lower()
    missing = commit(client, workshop, participant["token"], initiative["id"],
                     {"contact": CONTACT})
    assert missing.status_code == 400
    assert stored_commitments(db) == []
    assert CONTACT not in everything_stored(db)

    # Saying "count me in" without the box is fine: nothing but the name is kept.
    anonymous = commit(client, workshop, participant["token"], initiative["id"],
                       {"name": NAME, "consent": False})
    assert anonymous.status_code == 200
    assert anonymous.get_json()["commitment"]["contact"] is None
    assert anonymous.get_json()["card"]["commitments"] == 1
    [row] = stored_commitments(db)
    assert (row.name, row.contact, row.consent) == (NAME, None, False)


def test_consent_stores_the_contact_and_unticking_deletes_it(client, db, workshop, participant,
                                                             initiative):
    given = commit(client, workshop, participant["token"], initiative["id"],
                   {"name": NAME, "contact": CONTACT, "consent": True})
    assert given.status_code == 200
    assert given.get_json()["commitment"]["contact"] == CONTACT
    assert [(r.contact, r.consent) for r in stored_commitments(db)] == [(CONTACT, True)]
    # The same again changes nothing and stores no event.
    seq = call(client, "get", base(workshop), participant["token"]).get_json()["seq"]
    assert commit(client, workshop, participant["token"], initiative["id"],
                  {"name": NAME, "contact": CONTACT, "consent": True}).status_code == 200
    assert call(client, "get", base(workshop), participant["token"]).get_json()["seq"] == seq
    unticked = commit(client, workshop, participant["token"], initiative["id"],
                      {"name": NAME, "consent": False})
    assert unticked.get_json()["commitment"]["contact"] is None
    assert [(r.contact, r.consent) for r in stored_commitments(db)] == [(None, False)]
    assert unticked.get_json()["card"]["commitments"] == 1


def test_only_initiatives_can_be_joined(client, workshop, participant):
    idea = post_card(client, workshop, workshop["facilitator_token"], "idea")
    refused = commit(client, workshop, participant["token"], idea["id"], {"consent": False})
    assert refused.status_code == 400
    assert commit(client, workshop, participant["token"], "nope", {}).status_code == 404


def test_withdrawing_deletes_name_and_contact_everywhere(client, db, workshop, participant,
                                                         initiative, socket_client_factory):
    phone = socket_client_factory(workshop["id"], participant["token"])
    commit(client, workshop, participant["token"], initiative["id"],
           {"name": NAME, "contact": CONTACT, "consent": True})
    phone.get_received()
    withdrawn = call(client, "delete", base(workshop) + f"/cards/{initiative['id']}/commitment",
                     participant["token"])
    assert withdrawn.status_code == 200
    assert withdrawn.get_json()["card"]["commitments"] == 0
    assert stored_commitments(db) == []
    stored = everything_stored(db)
    assert CONTACT not in stored and NAME not in stored
    live = socket_events(phone)
    assert [e["type"] for e in live] == ["card.committed", "commitment.deleted"]
    assert live[0]["data"] == {"card_id": initiative["id"], "commitments": 0}
    assert live[1]["data"]["participant_id"] == participant["participant_id"]
    state = call(client, "get", base(workshop), participant["token"]).get_json()
    assert state["me"]["commitments"] == []
    # Again: nothing to withdraw, nothing new.
    assert call(client, "delete", base(workshop) + f"/cards/{initiative['id']}/commitment",
                participant["token"]).status_code == 200
    assert call(client, "get", base(workshop), participant["token"]).get_json()["seq"] == \
        state["seq"]


def test_moderators_see_name_and_contact_participants_do_not(client, workshop, participant,
                                                             initiative):
    commit(client, workshop, participant["token"], initiative["id"],
           {"name": NAME, "contact": CONTACT, "consent": True})
    path = base(workshop) + f"/cards/{initiative['id']}/commitments"
    listed = call(client, "get", path, workshop["facilitator_token"])
    assert listed.status_code == 200
    [row] = listed.get_json()["commitments"]
    assert (row["name"], row["contact"], row["consent"]) == (NAME, CONTACT, True)
    assert call(client, "get", path, participant["token"]).status_code == 403


def test_contact_never_reaches_another_participant_or_the_projector(
        client, workshop, participant, initiative, socket_client_factory):
    """The second phone and the projector: state, the events list, and live socket events."""
    other = join(client, workshop, "Ali")
    other_phone = socket_client_factory(workshop["id"], other["token"])
    # The projector page runs on the facilitator's token.
    projector = socket_client_factory(workshop["id"], workshop["facilitator_token"])
    own_phone = socket_client_factory(workshop["id"], participant["token"])
    for socket in (other_phone, projector, own_phone):
        socket.get_received()

    answer = commit(client, workshop, participant["token"], initiative["id"],
                    {"name": NAME, "contact": CONTACT, "consent": True})
    assert answer.get_json()["commitment"]["contact"] == CONTACT
    commit(client, workshop, participant["token"], initiative["id"],
           {"name": NAME, "contact": "+45 12 34 56 78", "consent": True})

    other_live = socket_events(other_phone)
    projector_live = socket_events(projector)
    own_live = socket_events(own_phone)
    # Everyone sees the count go up.
    assert {"card_id": initiative["id"], "commitments": 1} in [e["data"] for e in other_live]
    assert "card.committed" in [e["type"] for e in projector_live]
    # The participant's own phone hears that its commitment changed.
    assert [e["type"] for e in own_live].count("commitment.updated") == 2
    for token, live in ((other["token"], other_live),
                        (workshop["facilitator_token"], projector_live)):
        seen = json.dumps([
            call(client, "get", base(workshop), token).get_json(),
            events_of(client, workshop, token),
            live,
        ], ensure_ascii=False)
        assert CONTACT not in seen and "12 34 56 78" not in seen
    other_text = json.dumps([call(client, "get", base(workshop), other["token"]).get_json(),
                             events_of(client, workshop, other["token"]), other_live],
                            ensure_ascii=False)
    # Another participant does not even learn who signed up.
    assert NAME not in other_text
    assert "commitment.updated" not in other_text
    # The projector's state lists no commitments at all, only the counts on the cards.
    projector_state = call(client, "get", base(workshop), workshop["facilitator_token"]
                           ).get_json()
    assert projector_state["me"] is None
    assert projector_state["cards"][0]["commitments"] == 1
    # The participant's own state has the contact, for them to see and change.
    own = call(client, "get", base(workshop), participant["token"]).get_json()
    assert own["me"]["commitments"][0]["contact"] == "+45 12 34 56 78"


def test_a_locked_board_refuses_new_commitments_but_never_a_withdrawal(
        client, workshop, participant, initiative):
    commit(client, workshop, participant["token"], initiative["id"], {"consent": False})
    call(client, "post", base(workshop) + "/lock", workshop["facilitator_token"])
    other = join(client, workshop)
    refused = commit(client, workshop, other["token"], initiative["id"], {"consent": False})
    assert refused.status_code == 423
    withdrawn = call(client, "delete", base(workshop) + f"/cards/{initiative['id']}/commitment",
                     participant["token"])
    assert withdrawn.status_code == 200
    assert withdrawn.get_json()["card"]["commitments"] == 0


@pytest.mark.server
def test_contact_stays_off_real_sockets_of_another_phone_and_the_projector(tmp_path):
    """A real server, real Socket.IO clients: the second phone and the projector get the
    count live, never the contact, also after reconnecting (catch-up) and in GET /events."""
    admin = "leak-test-organiser"
    server = ServerProcess(tmp_path / "instance", admin).start()
    phones = []
    try:
        workshop = create_workshop(server, title="Ensomhed", themes=["Fritid"])
        wid = workshop["id"]
        sofie, ali = join(server, workshop)["token"], join(server, workshop)["token"]
        card = post_card(server, workshop, workshop["facilitator_token"], "i",
                         kind="initiative", text="Lektiecafé")

        def listen(token: str) -> Phone:
            """Connect a real phone with ``token`` (from seq 0)."""
            phones.append(Phone(server, wid, token).connect())
            return phones[-1]

        phone = listen(ali)
        projector = listen(workshop["facilitator_token"])
        answer = server.api("PUT", f"/api/v1/workshops/{wid}/cards/{card['id']}/commitment",
                            sofie, json={"name": NAME, "contact": CONTACT, "consent": True})
        assert answer.status_code == 200, answer.text
        for listener in (phone, projector):
            with listener.changed:
                assert listener.changed.wait_for(lambda r=listener.all_events: any(
                    e["type"] == "card.committed" for e in r), 10)
        # The projector's socket hears of the commitment (it is a moderator's) but not the contact.
        with projector.changed:
            projector.changed.wait_for(lambda: any(e["type"] == "commitment.updated"
                                                   for e in projector.all_events), 10)
        late = listen(workshop["facilitator_token"])  # catch-up from seq 0
        with late.changed:
            assert late.changed.wait_for(
                lambda: len(late.all_events) >= len(projector.all_events), 10)
        for token, received in ((ali, phone.all_events),
                                (workshop["facilitator_token"], projector.all_events),
                                (workshop["facilitator_token"], late.all_events)):
            seen = json.dumps([received,
                               server.api("GET", f"/api/v1/workshops/{wid}/events", token).json(),
                               server.api("GET", f"/api/v1/workshops/{wid}", token).json()],
                              ensure_ascii=False)
            assert CONTACT not in seen
        assert NAME not in json.dumps(phone.all_events, ensure_ascii=False)
    finally:
        for listener in phones:
            listener.disconnect()
        server.stop()
