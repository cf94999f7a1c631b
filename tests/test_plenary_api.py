"""Plenaries over HTTP and Socket.IO: take one, list, note, download the PDFs."""

from __future__ import annotations

import io
import time
from datetime import timedelta

import pypdfium2
import zxingcpp
from pypdf import PdfReader

from .helpers import (
    ORGANISER,
    ORGANISER_TOKEN,
    bearer,
    card_body,
    create_workshop,
    get_db_of,
    join,
)


def pdf_text(data: bytes) -> str:
    """Return the text of every page of a PDF."""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_start_a_plenary_answers_the_contract_and_is_an_event(client, workshop, participant,
                                                              socket_client_factory):
    base = f"/api/v1/workshops/{workshop['id']}"
    watcher = socket_client_factory(workshop["id"], participant["token"])
    client.post(f"{base}/cards", json=card_body(workshop, text="Åbne skolegårde om aftenen"),
                headers=bearer(participant["token"]))
    response = client.post(f"{base}/plenaries", json={},
                           headers=bearer(workshop["facilitator_token"]))
    assert response.status_code == 201
    body = response.get_json()
    assert {"number", "starts_at", "ends_at", "pdf_url"} <= set(body)
    assert body["number"] == 1
    assert body["pdf_url"].endswith(f"{base}/plenaries/1.pdf")
    events = [item["args"][0] for item in watcher.get_received() if item["name"] == "event"]
    assert [e["type"] for e in events] == ["card.created", "plenary.created"]
    assert events[-1]["data"]["number"] == 1


def test_only_moderators_start_plenaries_and_no_token_downloads(client, workshop, participant):
    """Participants may download (tests/test_plenaries_for_everyone.py); nobody without a token."""
    base = f"/api/v1/workshops/{workshop['id']}"
    assert client.post(f"{base}/plenaries", json={},
                       headers=bearer(participant["token"])).status_code == 403
    client.post(f"{base}/plenaries", json={}, headers=bearer(workshop["facilitator_token"]))
    assert client.get(f"{base}/plenaries/1.pdf").status_code == 401
    assert client.get(f"{base}/report.pdf").status_code == 401


def test_plenary_pdf_carries_the_windows_cards_in_danish(client, workshop, participant):
    base = f"/api/v1/workshops/{workshop['id']}"
    client.post(f"{base}/cards", json=card_body(workshop, text="Fællesspisning på plejehjemmet"),
                headers=bearer(participant["token"]))
    client.post(f"{base}/plenaries", json={"note": "Vi aftalte at mødes igen."},
                headers=bearer(workshop["facilitator_token"]))
    client.post(f"{base}/cards", json=card_body(workshop, "late", text="Kom efter opsamlingen"),
                headers=bearer(participant["token"]))
    response = client.get(f"{base}/plenaries/1.pdf", headers=ORGANISER)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    text = pdf_text(response.data)
    assert "Fællesspisning på plejehjemmet" in text
    assert "Vi aftalte at mødes igen." in text
    assert "Kom efter opsamlingen" not in text
    # The same PDF whenever it is downloaded, and made again if the file went missing.
    again = client.get(f"{base}/plenaries/1.pdf", headers=ORGANISER)
    assert again.data == response.data
    from openspace.documents import documents_of

    documents_of(client.application).plenary_pdf_path(workshop["id"], 1).unlink()
    remade = client.get(f"{base}/plenaries/1.pdf", headers=ORGANISER)
    assert "Fællesspisning på plejehjemmet" in pdf_text(remade.data)


def test_list_note_report_and_poster(client, workshop, participant):
    base = f"/api/v1/workshops/{workshop['id']}"
    boss = bearer(workshop["facilitator_token"])
    client.post(f"{base}/cards", json=card_body(workshop, text="Lektiecafé"),
                headers=bearer(participant["token"]))
    client.post(f"{base}/plenaries", json={}, headers=boss)
    client.post(f"{base}/plenaries", json={}, headers=boss)
    noted = client.patch(f"{base}/plenaries/2", json={"note": "Ny note"}, headers=boss)
    assert noted.get_json()["note"] == "Ny note"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        listing = client.get(f"{base}/plenaries", headers=boss).get_json()["plenaries"]
        if all(p["pdf_size"] for p in listing):
            break
        time.sleep(0.3)
    assert [p["number"] for p in listing] == [1, 2]
    assert all(p["pdf_size"] > 1000 for p in listing)
    summary = client.get(f"{base}/plenaries/2", headers=bearer(participant["token"])).get_json()
    assert summary["summary"]["note"] == "Ny note"
    report = client.get(f"{base}/report.pdf", headers=boss)
    assert report.status_code == 200 and "Lektiecafé" in pdf_text(report.data)
    poster = client.get(f"{base}/poster.pdf", headers=boss)
    assert poster.status_code == 200
    assert workshop["join_code"] in pdf_text(poster.data)


def test_schedule_is_part_of_the_workshop(client):
    response = client.post("/api/v1/workshops", headers=ORGANISER, json={
        "title": "Dag", "language": "da", "themes": ["A"], "plenary_every_minutes": 45,
        "day_starts_at": "2026-11-22T09:00", "day_ends_at": "2026-11-22T16:00"})
    assert response.status_code == 201
    wid = response.get_json()["id"]
    state = client.get(f"/api/v1/workshops/{wid}", headers=ORGANISER).get_json()
    assert state["day_starts_at"] == "2026-11-22T08:00:00+00:00"
    assert state["timezone"] == "Europe/Copenhagen"
    bad = client.post("/api/v1/workshops", headers=ORGANISER, json={
        "title": "Dag", "themes": ["A"], "day_starts_at": "2026-11-22T16:00",
        "day_ends_at": "2026-11-22T09:00"})
    assert bad.status_code == 400
    changed = client.patch(f"/api/v1/workshops/{wid}", headers=ORGANISER,
                           json={"plenary_every_minutes": 30, "title": "Ny titel"})
    assert changed.get_json()["plenary_every_minutes"] == 30
    assert changed.get_json()["title"] == "Ny titel"
    participant = join(client, {"id": wid, "join_code": response.get_json()["join_code"]})
    assert client.patch(f"/api/v1/workshops/{wid}", headers=bearer(participant["token"]),
                        json={"title": "x"}).status_code == 403


def qr_codes_of(data: bytes) -> list[str]:
    """Return the texts of the QR codes on the first page of a PDF."""
    document = pypdfium2.PdfDocument(data)
    try:
        image = document[0].render(scale=3).to_pil().convert("L")
    finally:
        document.close()
    return [result.text for result in zxingcpp.read_barcodes(image)]


def test_a_scheduled_plenary_links_to_a_full_address_without_a_public_url(tmp_path,
                                                                        app_database_url):
    """No OPENSPACE_PUBLIC_URL and no request: the QR code still opens on a phone."""
    from openspace import create_app, jobs
    from openspace.config import lan_url
    from openspace.documents import documents_of
    from openspace.models import Workshop, utcnow

    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "instance"),
                      "ADMIN_TOKEN": ORGANISER_TOKEN, "ASYNC_MODE": "threading",
                      "DATABASE_URL": app_database_url, "PUBLIC_URL": None, "PORT": 5123})
    try:
        workshop = create_workshop(app.test_client())
        with get_db_of(app).write() as session:  # the day began two hours ago: a slot is due
            row = session.get(Workshop, workshop["id"])
            row.day_starts_at = utcnow() - timedelta(hours=2)
            row.day_ends_at = utcnow() + timedelta(hours=5)
            row.skip_empty_plenaries = False  # nothing posted: taken all the same
        event, _on_the_wall = jobs.tick(app)
        number = event.data["number"]
        expected = f"{lan_url(None, 5123)}/j/{workshop['join_code']}"
        assert expected.startswith("http://")
        summary = app.test_client().get(
            f"/api/v1/workshops/{workshop['id']}/plenaries/{number}", headers=ORGANISER,
        ).get_json()["summary"]
        assert summary["workshop"]["join_url"] == expected
        path = documents_of(app).ensure_plenary_pdf(workshop["id"], number)
        assert qr_codes_of(path.read_bytes()) == [expected]
    finally:
        get_db_of(app).dispose()
