"""Plenaries for everyone: any token of the workshop reads them and downloads the public PDFs.

Role × endpoint over HTTP; the participant's files read back with pypdf hold
the public board and nothing else (no contact, no pending or hidden card);
a room of phones asking for the day's report gets one render.
"""

from __future__ import annotations

import pytest

from .helpers import (
    ORGANISER_TOKEN,
    base,
    bearer,
    card_body,
    count_report_renders,
    create_workshop,
    join,
)
from .test_plenary_api import pdf_text

ROLES = ("nobody", "participant_a", "participant_b", "facilitator_a", "facilitator_b",
         "organiser")
ALLOWED = {"participant_a", "facilitator_a", "organiser"}
PATHS = ("/plenaries", "/plenaries/1", "/plenaries/1.pdf", "/report.pdf")

PUBLIC = "Lektiecafé i biblioteket"
HIDDEN = "Ring til Ida på 12 34 56 78"
PENDING = "Venter på godkendelse: sommerlejr"
CONTACT = "karin@example.dk"
COMMITTER = "Karin Sørensen"


def post(client, workshop, token, client_id, text, kind="idea"):
    """Post a card; return it."""
    response = client.post(base(workshop) + "/cards", headers=bearer(token),
                           json=card_body(workshop, client_id, text=text, kind=kind))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


@pytest.fixture
def two_workshops(client):
    """Workshops A and B, a participant and a plenary in each; the tokens by role."""
    a = create_workshop(client, title="A")
    b = create_workshop(client, title="B")
    tokens = {"nobody": None, "participant_a": join(client, a)["token"],
              "participant_b": join(client, b)["token"], "facilitator_a": a["facilitator_token"],
              "facilitator_b": b["facilitator_token"], "organiser": ORGANISER_TOKEN}
    for workshop in (a, b):
        post(client, workshop, workshop["facilitator_token"], "seed", PUBLIC)
        assert client.post(base(workshop) + "/plenaries", json={},
                           headers=bearer(workshop["facilitator_token"])).status_code == 201
    return a, tokens


@pytest.mark.parametrize("path", PATHS)
def test_every_token_of_the_workshop_reads_plenaries_and_downloads_them(client, two_workshops,
                                                                        path):
    a, tokens = two_workshops
    for role in ROLES:
        headers = bearer(tokens[role]) if tokens[role] else {}
        response = client.get(base(a) + path, headers=headers)
        if role in ALLOWED:
            assert response.status_code == 200, (role, path, response.get_data(as_text=True))
            if path.endswith(".pdf"):
                assert response.mimetype == "application/pdf"
                assert response.data.startswith(b"%PDF")
        else:
            assert response.status_code in (401, 403), (role, path, response.status_code)
            assert response.get_json()["error"]["code"] in ("unauthorized", "forbidden")


def test_the_participants_files_hold_the_public_board_only(client, workshop):
    fac = bearer(workshop["facilitator_token"])
    author = join(client, workshop, name="Ida")
    reader = join(client, workshop, name="Bo")
    post(client, workshop, author["token"], "p", PUBLIC, kind="initiative")
    initiative = post(client, workshop, author["token"], "i", "Fælles madklub", kind="initiative")
    hidden = post(client, workshop, author["token"], "h", HIDDEN)
    answer = client.put(base(workshop) + f"/cards/{initiative['id']}/commitment",
                        headers=bearer(reader["token"]),
                        json={"name": COMMITTER, "contact": CONTACT, "consent": True})
    assert answer.status_code in (200, 201), answer.get_json()
    assert client.post(base(workshop) + f"/cards/{hidden['id']}/hide",
                       headers=fac).status_code == 200
    client.patch(base(workshop) + "/settings", headers=fac, json={"premoderation": True})
    post(client, workshop, author["token"], "q", PENDING)
    assert client.post(base(workshop) + "/plenaries", json={}, headers=fac).status_code == 201

    for path in ("/plenaries/1.pdf", "/report.pdf"):
        response = client.get(base(workshop) + path, headers=bearer(reader["token"]))
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        text = " ".join(pdf_text(response.data).split())
        assert PUBLIC in text and "Fælles madklub" in text, path
        for secret in (HIDDEN, "12 34 56 78", PENDING, CONTACT, COMMITTER):
            assert secret not in text, (path, secret)
    # The same stored file the facilitator gets: no second, richer variant exists.
    mine = client.get(base(workshop) + "/plenaries/1.pdf", headers=bearer(reader["token"])).data
    assert mine == client.get(base(workshop) + "/plenaries/1.pdf", headers=fac).data
    # The phone's digest of it: counts and public cards, never the committer or a contact.
    listed = client.get(base(workshop) + "/plenaries", headers=bearer(reader["token"])).get_json()
    flat = str(listed)
    assert PUBLIC in flat and CONTACT not in flat and COMMITTER not in flat
    assert HIDDEN not in flat and PENDING not in flat
    digest = listed["plenaries"][0]["digest"]
    assert digest["new_initiatives"]["items"][1]["commitments"] == 1


def test_a_room_of_phones_asking_for_the_report_makes_one_render(app, client, workshop,
                                                                 monkeypatch):
    renders = count_report_renders(app, monkeypatch)
    post(client, workshop, workshop["facilitator_token"], "a", PUBLIC)
    phones = [join(client, workshop, device=f"device-{n:02d}-phone")["token"] for n in range(30)]
    files = {client.get(base(workshop) + "/report.pdf", headers=bearer(token)).data
             for token in phones}
    assert len(renders) == 1 and len(files) == 1
    # A new card: phones keep the stored copy for a while; the facilitator gets it as it is now.
    post(client, workshop, workshop["facilitator_token"], "b", "Fællesspisning")
    assert client.get(base(workshop) + "/report.pdf", headers=bearer(phones[0])).data in files
    assert len(renders) == 1
    now = client.get(base(workshop) + "/report.pdf", headers=bearer(workshop["facilitator_token"]))
    assert "Fællesspisning" in pdf_text(now.data) and len(renders) == 2


def test_a_card_hidden_after_the_report_was_stored_is_not_served_to_phones(client, workshop):
    fac = bearer(workshop["facilitator_token"])
    phone = join(client, workshop)["token"]
    card = post(client, workshop, workshop["facilitator_token"], "h", HIDDEN)
    assert HIDDEN in " ".join(pdf_text(client.get(base(workshop) + "/report.pdf",
                                                  headers=bearer(phone)).data).split())
    client.post(base(workshop) + f"/cards/{card['id']}/hide", headers=fac)
    again = client.get(base(workshop) + "/report.pdf", headers=bearer(phone))
    assert "12 34 56 78" not in pdf_text(again.data)


def test_one_phone_cannot_download_without_end(client, workshop):
    client.post(base(workshop) + "/plenaries", json={},
                headers=bearer(workshop["facilitator_token"]))
    phone = bearer(join(client, workshop)["token"])
    answers = [client.get(base(workshop) + "/plenaries/1.pdf", headers=phone).status_code
               for _ in range(13)]
    assert answers[:12] == [200] * 12 and answers[12] == 429
    other = bearer(join(client, workshop)["token"])
    assert client.get(base(workshop) + "/plenaries/1.pdf", headers=other).status_code == 200
