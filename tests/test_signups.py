"""Sign-up lists (issue 14, point 3): per initiative who said "Jeg er med", names as given,
contacts only with consent, for the facilitator and the organiser on their page and as a
PDF; never for a participant, the projector, in events or in a plenary or report PDF."""

from __future__ import annotations

import io
import json

from pypdf import PdfReader

from openspace.services.access import FACILITATOR, PARTICIPANT, Actor
from openspace.services.errors import Forbidden
from openspace.services.signups import signup_lists

from .helpers import ORGANISER, base, call, events_of, join, post_card, socket_events

CONTACT = "sofie.hansen@example.dk"
NAME = "Sofie Hansen"


def pdf_text(data: bytes) -> str:
    """Return the text of every page of a PDF."""
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def signed_up_board(client, workshop):
    """An initiative with three sign-ups (consented contact, name only, anonymous), an idea."""
    fac = workshop["facilitator_token"]
    initiative = post_card(client, workshop, fac, "i1", kind="initiative",
                           text="Lektiecafé i klubben")
    post_card(client, workshop, fac, "i2", kind="initiative", text="Gåture om søndagen")
    post_card(client, workshop, fac, "idea", kind="idea", text="Mere lys i parken")
    people = [join(client, workshop, name=f"P{n}") for n in range(3)]
    bodies = [{"name": NAME, "contact": CONTACT, "consent": True},
              {"name": "Ahmed", "consent": False}, {"consent": False}]
    for person, body in zip(people, bodies, strict=True):
        answer = call(client, "put", base(workshop) + f"/cards/{initiative['id']}/commitment",
                      person["token"], body)
        assert answer.status_code in (200, 201), answer.get_json()
    return initiative, people


def test_the_facilitator_and_organiser_see_names_and_consented_contacts(client, workshop):
    initiative, _ = signed_up_board(client, workshop)
    for token in (workshop["facilitator_token"], ORGANISER["Authorization"].split()[1]):
        answer = call(client, "get", base(workshop) + "/signups", token)
        assert answer.status_code == 200
        items = answer.get_json()["initiatives"]
        assert [i["text"] for i in items] == ["Lektiecafé i klubben", "Gåture om søndagen"]
        first = items[0]
        assert first["card_id"] == initiative["id"] and first["theme"] == workshop["themes"][0][
            "title"]
        assert [(s["name"], s["contact"]) for s in first["signups"]] == [
            (NAME, CONTACT), ("Ahmed", None), (None, None)]
        assert items[1]["signups"] == []
    assert call(client, "get", base(workshop) + "/signups", None).status_code == 401


def test_participants_and_the_projector_never_get_the_list(client, workshop,
                                                          socket_client_factory):
    fac = workshop["facilitator_token"]
    wall = socket_client_factory(workshop["id"], fac, view="projector")
    wall.get_received()
    initiative, people = signed_up_board(client, workshop)
    for person in people:
        assert call(client, "get", base(workshop) + "/signups", person["token"]).status_code == 403
        assert call(client, "get", base(workshop) + "/signups.pdf",
                    person["token"]).status_code == 403
    # The wall hears the count, never a name or a contact; nor does any phone's catch-up.
    heard = socket_events(wall)
    assert {"card_id": initiative["id"], "commitments": 3} in [e["data"] for e in heard]
    everything = json.dumps([heard, events_of(client, workshop, people[1]["token"])],
                            ensure_ascii=False)
    assert CONTACT not in everything and NAME not in everything


def test_the_service_refuses_a_participant(db, client, workshop):
    _, people = signed_up_board(client, workshop)
    with db.read() as session:
        lists = signup_lists(session, Actor(FACILITATOR, workshop["id"]))
        assert lists[0]["signups"][0]["contact"] == CONTACT
        try:
            signup_lists(session, Actor(PARTICIPANT, workshop["id"], people[0]["participant_id"]))
        except Forbidden:
            pass
        else:
            raise AssertionError("a participant read the sign-up list")


def test_the_pdf_has_the_list_and_the_public_pdfs_do_not(client, workshop):
    signed_up_board(client, workshop)
    fac = workshop["facilitator_token"]
    answer = call(client, "get", base(workshop) + "/signups.pdf", fac)
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    assert "no-store" in answer.headers["Cache-Control"]
    text = pdf_text(answer.data)
    assert "Lektiecafé i klubben" in text and NAME in text and CONTACT in text
    assert "Ahmed" in text and "Gåture om søndagen" in text
    # The plenary and the report (shared after the day) and the poster carry no sign-up.
    plenary = call(client, "post", base(workshop) + "/plenaries", fac, {})
    assert plenary.status_code in (200, 201)
    number = plenary.get_json()["number"]
    for path in (f"/plenaries/{number}.pdf", "/report.pdf", "/poster.pdf"):
        public = call(client, "get", base(workshop) + path, fac)
        assert public.status_code == 200, path
        printed = pdf_text(public.data)
        assert CONTACT not in printed and NAME not in printed and "Ahmed" not in printed, path


def test_hidden_initiatives_leave_the_list_and_a_new_signup_reaches_no_phone(
        client, workshop, socket_client_factory):
    initiative, _ = signed_up_board(client, workshop)
    watcher_person = join(client, workshop)
    watcher = socket_client_factory(workshop["id"], watcher_person["token"])
    watcher.get_received()
    late = join(client, workshop, name="Sen")
    call(client, "put", base(workshop) + f"/cards/{initiative['id']}/commitment",
         late["token"], {"name": "Maja", "contact": "maja@example.dk", "consent": True})
    seen = json.dumps(socket_events(watcher), ensure_ascii=False)
    assert "maja@example.dk" not in seen and "Maja" not in seen
    fac = workshop["facilitator_token"]
    items = call(client, "get", base(workshop) + "/signups", fac).get_json()["initiatives"]
    assert "maja@example.dk" in [s["contact"] for s in items[0]["signups"]]
    call(client, "post", base(workshop) + f"/cards/{initiative['id']}/hide", fac)
    items = call(client, "get", base(workshop) + "/signups", fac).get_json()["initiatives"]
    assert initiative["id"] not in [i["card_id"] for i in items]
