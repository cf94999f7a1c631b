"""What the projector and the public plenary summary may show: never contact details,
never pending or hidden cards; most supported cards, sign-up counts and links."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from openspace.documents import documents_of
from openspace.models import Card, Commitment, Link, Support, Workshop
from openspace.services.eventlog import append_event
from openspace.services.tokens import new_id
from openspace.services.visibility import participant_audience

from .helpers import bearer, card_body, get_db_of, join, socket_events

CONTACT = "mette.secret@example.dk"
COMMITTER = "Mette Hemmelig"


def post(client, workshop, token, client_id, text, kind="idea"):
    """Post a card and return it."""
    response = client.post(f"/api/v1/workshops/{workshop['id']}/cards",
                           json=card_body(workshop, client_id, text, kind), headers=bearer(token))
    assert response.status_code == 201
    return response.get_json()


def back(app, workshop, card_id, people, commit=False):
    """Let ``people`` support (or sign up for) a card, as part A's services would."""
    with get_db_of(app).write() as session:
        for pid in people:
            if commit:
                session.add(Commitment(id=new_id(), workshop_id=workshop["id"], card_id=card_id,
                                       participant_id=pid, name=COMMITTER, contact=CONTACT,
                                       consent=True))
            else:
                session.add(Support(id=new_id(), workshop_id=workshop["id"], card_id=card_id,
                                    participant_id=pid))
        card = session.get(Card, card_id)
        if commit:
            card.commitment_count += len(people)
        else:
            card.support_count += len(people)


def test_plenary_summary_and_pdf_show_counts_and_links_but_no_contact(app, client, workshop):
    fac = workshop["facilitator_token"]
    people = [join(client, workshop, f"P{i}") for i in range(3)]
    ids = [p["participant_id"] for p in people]
    idea = post(client, workshop, people[0]["token"], "i1", "Åben hal fredag")
    plan = post(client, workshop, people[1]["token"], "i2", "Lektiecafé på biblioteket",
                "initiative")
    helper = post(client, workshop, people[2]["token"], "a1", "Røde Kors Ungdom", "actor")
    hidden = post(client, workshop, people[2]["token"], "h1", "Skjult kort")
    pending = post(client, workshop, people[2]["token"], "p1", "Venter på godkendelse")
    back(app, workshop, idea["id"], ids[:1])
    back(app, workshop, plan["id"], ids)
    back(app, workshop, hidden["id"], ids)
    back(app, workshop, plan["id"], ids[:2], commit=True)
    with get_db_of(app).write() as session:
        session.add(Link(id=new_id(), workshop_id=workshop["id"], actor_card_id=helper["id"],
                         target_card_id=plan["id"]))
        session.get(Card, pending["id"]).pending = True
    client.post(f"/api/v1/workshops/{workshop['id']}/cards/{hidden['id']}/hide",
                headers=bearer(fac))

    number = client.post(f"/api/v1/workshops/{workshop['id']}/plenaries", json={},
                         headers=bearer(fac)).get_json()["number"]
    summary = client.get(f"/api/v1/workshops/{workshop['id']}/plenaries/{number}",
                         headers=bearer(people[0]["token"])).get_json()["summary"]
    assert [c["text"] for c in summary["top_window"]] == ["Lektiecafé på biblioteket",
                                                         "Åben hal fredag"]
    assert summary["top_window"][0]["supports"] == 3
    assert summary["extras"]["commitments"] == [
        {"card": summary["top_window"][0], "count": 2}]
    [link] = summary["extras"]["links"]
    assert (link["actor"]["text"], link["target"]["text"]) == (
        "Røde Kors Ungdom", "Lektiecafé på biblioteket")
    raw = str(summary)
    assert CONTACT not in raw and COMMITTER not in raw
    assert "Skjult kort" not in raw and "Venter på godkendelse" not in raw

    data = documents_of(app).render_plenary(summary)  # no request, no app context
    pages = PdfReader(io.BytesIO(data)).pages
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pages))
    # Page 1 sums up: the new initiative with its "Jeg er med" count, and the new link.
    assert "Nye indsatser (1) Lektiecafé på biblioteket Fritid · 3 støtter · 2 personer er med" \
        in text
    assert "Aktører, der kan hjælpe (1) Røde Kors Ungdom → Lektiecafé på biblioteket" in text
    assert "Mest støttet i denne opsamling" in text and "3 støtter" in text
    assert CONTACT not in text and COMMITTER not in text
    assert "Skjult kort" not in text and "Venter på godkendelse" not in text


def test_the_projector_view_gets_only_what_everyone_may_see(app, client, workshop,
                                                           socket_client_factory):
    fac = workshop["facilitator_token"]
    phone = join(client, workshop)
    post(client, workshop, phone["token"], "pub", "Synligt kort")
    with get_db_of(app).write() as session:
        w = session.get(Workshop, workshop["id"])
        append_event(session, w, "commitment.updated",
                     {"card_id": "x", "name": COMMITTER, "contact": CONTACT},
                     audience=participant_audience(phone["participant_id"]))
        append_event(session, w, "card.created", {"id": "p", "text": "Venter", "pending": True},
                     audience=participant_audience(phone["participant_id"]))
        append_event(session, w, "comment.hidden", {"id": "c"}, audience="moderators")

    projector = socket_client_factory(workshop["id"], fac, view="projector")
    desk = socket_client_factory(workshop["id"], fac)
    assert [e["seq"] for e in socket_events(projector)] == [1]
    assert [e["seq"] for e in socket_events(desk)] == [1, 2, 3, 4]
    listed = client.get(f"/api/v1/workshops/{workshop['id']}/events?after=0&view=projector",
                        headers=bearer(fac)).get_json()
    assert [e["seq"] for e in listed["events"]] == [1] and listed["seq"] == 4
    assert CONTACT not in str(listed)
    # The board the projector loads has no pending or hidden cards either.
    hidden = post(client, workshop, phone["token"], "hid", "Skjult")
    waiting = post(client, workshop, phone["token"], "wait", "Venter")
    client.post(f"/api/v1/workshops/{workshop['id']}/cards/{hidden['id']}/hide",
                headers=bearer(fac))
    with get_db_of(app).write() as session:
        session.get(Card, waiting["id"]).pending = True
    board = client.get(f"/api/v1/workshops/{workshop['id']}?view=projector",
                       headers=bearer(fac)).get_json()
    assert [c["text"] for c in board["cards"]] == ["Synligt kort"]
    assert board["role"] == "projector" and board["me"] is None
    # A projector socket cannot post or moderate.
    ack = projector.emit("card:create", card_body(workshop, "pj"), callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "forbidden"
