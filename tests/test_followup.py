"""Follow-up of initiatives over HTTP: who may write it, what it stores, the log, the PDF."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from .helpers import ORGANISER, bearer, card_body, create_workshop, join

LEAD = "FDF Hvalsø"
STEP = "Første møde i klubhuset"


@pytest.fixture
def day(client):
    """A workshop with an initiative, an idea, an actor linked to the initiative, two phones."""
    workshop = create_workshop(client)
    ida, bo = join(client, workshop, name="Ida"), join(client, workshop)
    base = f"/api/v1/workshops/{workshop['id']}"

    def post(client_id, kind, text, theme=0):
        response = client.post(base + "/cards", json=card_body(
            workshop, client_id, text=text, kind=kind, theme=theme), headers=bearer(ida["token"]))
        assert response.status_code == 201
        return response.get_json()

    initiative = post("i1", "initiative", "Lektiecafé i biblioteket")
    other = post("i2", "initiative", "Gåtur om søndagen", theme=1)
    idea = post("d1", "idea", "Mere lys i parken")
    actor = post("a1", "actor", "Ungdomsskolen")
    client.post(base + "/links", json={"actor_card_id": actor["id"],
                                       "target_card_id": initiative["id"]},
                headers=bearer(ida["token"]))
    client.put(base + f"/cards/{initiative['id']}/commitment", json={"consent": False},
               headers=bearer(bo["token"]))
    return {"workshop": workshop, "base": base, "ida": ida, "bo": bo, "initiative": initiative,
            "other": other, "idea": idea, "actor": actor,
            "fac": bearer(workshop["facilitator_token"])}


def test_permission_matrix_only_moderators_write(client, day):
    path = day["base"] + f"/cards/{day['initiative']['id']}/followup"
    body = {"status": "started"}
    refused = {
        "participant": (bearer(day["ida"]["token"]), "", 403),
        "projector": (day["fac"], "?view=projector", 403),
        "nobody": ({}, "", 401),
        "another workshop's facilitator": (
            bearer(create_workshop(client)["facilitator_token"]), "", 403),
    }
    for who, (headers, query, status) in refused.items():
        for method, sub, payload in (("patch", "", body), ("post", "/notes", {"text": "x"})):
            response = getattr(client, method)(path + sub + query, json=payload, headers=headers)
            assert response.status_code == status, who
            assert response.get_json()["error"]["code"] in ("forbidden", "unauthorized")
    response = client.get(day["base"] + "/followup", headers=day["fac"])
    assert response.get_json()["initiatives"][0]["followup"]["status"] == "idea"
    for headers in (day["fac"], ORGANISER):
        response = client.patch(path, json=body, headers=headers)
        assert response.status_code == 200
    answer = client.patch(path, json={"lead": LEAD, "next_step": STEP,
                                      "next_meeting": "2027-03-15"}, headers=ORGANISER)
    assert answer.get_json() == {**answer.get_json(), "card_id": day["initiative"]["id"],
                                 "status": "started", "lead": LEAD, "next_step": STEP,
                                 "next_meeting": "2027-03-15"}
    assert answer.get_json()["updated_at"]
    # Every phone reads it (no contacts: a count).
    listed = client.get(day["base"] + "/followup", headers=bearer(day["bo"]["token"])).get_json()
    first = listed["initiatives"][0]
    assert first["followup"]["lead"] == LEAD and first["commitments"] == 1
    assert first["actors"] == [{"id": day["actor"]["id"], "text": "Ungdomsskolen",
                                "organisation": None}]
    assert listed["followup_months"] == 6
    assert "contact" not in str(listed)


def test_bad_input_is_refused_in_danish_and_changes_nothing(client, day):
    path = day["base"] + f"/cards/{day['initiative']['id']}/followup"
    for payload, field in (({"status": "done"}, "status"), ({"next_meeting": "15-03-2027"},
                                                             "next_meeting"),
                           ({"lead": "x" * 201}, "lead"), ({"owner": "Bo"}, "owner"),
                           ({"next_meeting": "2027-02-30"}, "next_meeting")):
        response = client.patch(path, json=payload, headers=day["fac"])
        assert response.status_code == 400, payload
        assert response.get_json()["error"]["field"] == field
    response = client.patch(day["base"] + f"/cards/{day['idea']['id']}/followup",
                            json={"status": "started"}, headers=day["fac"])
    assert response.status_code == 400
    assert "indsatser" in response.get_json()["error"]["message"]
    listed = client.get(day["base"] + "/followup", headers=day["fac"]).get_json()
    assert {i["followup"]["status"] for i in listed["initiatives"]} == {"idea"}
    assert all(i["followup"]["updated_at"] is None for i in listed["initiatives"])


def test_notes_filters_and_moderation_log(client, day):
    cid = day["initiative"]["id"]
    notes = day["base"] + f"/cards/{cid}/followup/notes"
    client.patch(day["base"] + f"/cards/{cid}/followup", json={"status": "tested"},
                 headers=day["fac"])
    first = client.post(notes, json={"text": "Prøvet to gange", "date": "2027-01-10"},
                        headers=day["fac"])
    assert first.status_code == 201 and first.get_json()["date"] == "2027-01-10"
    second = client.post(notes, json={"text": "Skolen vil være med"}, headers=ORGANISER)
    assert second.status_code == 201
    deleted = client.delete(notes + "/" + first.get_json()["id"], headers=day["fac"])
    assert deleted.status_code == 200
    assert client.delete(notes + "/" + first.get_json()["id"],
                         headers=day["fac"]).status_code == 404
    query = day["base"] + "/followup?status=tested"
    listed = client.get(query, headers=day["fac"]).get_json()["initiatives"]
    assert [i["card"]["id"] for i in listed] == [cid]
    assert [n["text"] for n in listed[0]["notes"]] == ["Skolen vil være med"]
    theme = day["workshop"]["themes"][1]["id"]
    listed = client.get(day["base"] + f"/followup?theme_id={theme}",
                        headers=day["fac"]).get_json()["initiatives"]
    assert [i["card"]["id"] for i in listed] == [day["other"]["id"]]
    assert client.get(day["base"] + "/followup?status=nope",
                      headers=day["fac"]).status_code == 400
    log = client.get(day["base"] + "/moderation-log", headers=day["fac"]).get_json()
    entries = [e for e in log["entries"] if e["action"].startswith("followup.")]
    assert [(e["action"], e["who"], e["card_id"]) for e in entries] == [
        ("followup.updated", "facilitator", cid), ("followup.note_added", "facilitator", cid),
        ("followup.note_added", "organiser", cid), ("followup.note_deleted", "facilitator", cid)]
    assert entries[0]["details"] == {"status": "tested", "changed": ["status"]}
    assert "Prøvet" not in str(log)


def test_followup_pdf_reads_back(client, day):
    cid = day["initiative"]["id"]
    client.patch(day["base"] + f"/cards/{cid}/followup",
                 json={"status": "anchored", "lead": LEAD, "next_step": STEP,
                       "next_meeting": "2027-03-15"}, headers=day["fac"])
    client.post(day["base"] + f"/cards/{cid}/followup/notes",
                json={"text": "Kommunen betaler lokalet", "date": "2027-02-01"},
                headers=day["fac"])
    assert client.get(day["base"] + "/followup.pdf",
                      headers=bearer(day["ida"]["token"])).status_code == 403
    response = client.get(day["base"] + "/followup.pdf", headers=day["fac"])
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    # Named and dated like the day's other documents (opsamling-…, rapport-…).
    assert re.search(r'filename="opfoelgning-[a-z0-9-]+-\d{4}-\d\d-\d\d\.pdf"',
                     response.headers["Content-Disposition"])
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    text = " ".join(text.split())
    assert re.search(r"Lavet \d\d\.\d\d\.\d{4} \d\d\.\d\d\.", text)  # 10.24, as Danish writes it
    for expected in ("OPFØLGNING", "Lektiecafé i biblioteket", "Forankret", LEAD, STEP,
                     "15.03.2027", "Kommunen betaler lokalet", "Ungdomsskolen",
                     "Gåtur om søndagen"):
        assert expected in text, expected
    filtered = client.get(day["base"] + "/followup.pdf?status=idea", headers=day["fac"])
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(filtered.data)).pages)
    assert "Gåtur" in text and "Lektiecafé" not in text


def test_follow_up_consent_is_separate_shown_on_own_data_and_withdrawn(client, day):
    cid, bo = day["initiative"]["id"], bearer(day["bo"]["token"])
    path = day["base"] + f"/cards/{cid}/commitment"
    refused = client.put(path, json={"consent": False, "followup_consent": True}, headers=bo)
    assert refused.status_code == 400 and refused.get_json()["error"]["field"] == "followup_consent"
    assert "kontakt" in refused.get_json()["error"]["message"]
    given = client.put(path, json={"name": "Bo", "contact": "bo@example.dk", "consent": True,
                                   "followup_consent": True}, headers=bo).get_json()
    assert given["commitment"]["followup_consent"] is True
    assert given["commitment"]["followup_until"]
    mine = client.get(day["base"] + "/participants/me/data", headers=bo).get_json()
    assert [(c["followup_consent"], c["contact"]) for c in mine["commitments"]] == [
        (True, "bo@example.dk")]
    # The same answer again changes nothing; the first consent alone keeps the second.
    again = client.put(path, json={"name": "Bo", "contact": "bo@example.dk", "consent": True},
                       headers=bo).get_json()
    assert again["commitment"]["followup_consent"] is True
    withdrawn = client.delete(day["base"] + f"/participants/me/commitments/{cid}/followup",
                              headers=bo)
    assert withdrawn.status_code == 200
    mine = client.get(day["base"] + "/participants/me/data", headers=bo).get_json()
    assert [(c["followup_consent"], c["contact"]) for c in mine["commitments"]] == [
        (False, "bo@example.dk")]
    # Taking the contact back takes a follow-up consent along.
    client.put(path, json={"contact": "bo@example.dk", "consent": True,
                           "followup_consent": True}, headers=bo)
    answer = client.put(path, json={"consent": False}, headers=bo).get_json()
    assert answer["commitment"]["followup_consent"] is False
    # The organiser sets the term; new consents get it.
    assert client.put(day["base"] + "/followup/term", json={"months": 0},
                      headers=ORGANISER).status_code == 400
    assert client.put(day["base"] + "/followup/term", json={"months": 12},
                      headers=ORGANISER).get_json() == {"followup_months": 12}
    page = client.get(f"/j/{day['workshop']['join_code']}").get_data(as_text=True)
    assert "12 måneder" in page and '"followup_months": 12' in page
