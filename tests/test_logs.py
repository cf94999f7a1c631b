"""The logs hold no card text and no contact detail: in the app and in a real server's output."""

from __future__ import annotations

import logging
import time

import pytest

from openspace.db import Database, sqlite_url
from openspace.services import cards as card_service

from .helpers import ORGANISER, bearer, card_body, create_workshop, join
from .phone import Phone
from .privacy_rows import add_comment, add_commitment
from .server import ServerProcess

TEXT = "Markørtekst-7Q4Z kun på kortet"
CONTACT = "kontakt-7Q4Z@example.dk"
NAME = "Navnemarkør-7Q4Z"
MARKERS = ("7Q4Z", TEXT, CONTACT, NAME)


def assert_clean(output: str) -> None:
    """Fail if any marker is in ``output``."""
    for marker in MARKERS:
        assert marker not in output, f"{marker!r} found in the log"


def test_app_logs_at_debug_hold_no_card_text_or_contact(app, client, db, caplog, monkeypatch,
                                                        socket_client_factory):
    caplog.set_level(logging.DEBUG)
    for name in ("openspace", "flask", "werkzeug", "alembic", "urllib3"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    workshop = create_workshop(client)
    person = join(client, workshop, name=NAME)
    base = f"/api/v1/workshops/{workshop['id']}"
    token = bearer(person["token"])
    posted = client.post(f"{base}/cards", json=card_body(workshop, "c1", TEXT, "initiative"),
                         headers=token).get_json()
    phone = socket_client_factory(workshop["id"], person["token"])
    assert phone.emit("card:create", card_body(workshop, "c2", TEXT + " 2"), callback=True)["ok"]
    add_comment(db, posted["id"], person["participant_id"], TEXT + " kommentar")
    add_commitment(db, posted["id"], person["participant_id"], NAME, CONTACT)
    # Bad input of every kind, with the markers in it.
    for body in (card_body(workshop, "c3", TEXT * 40), {**card_body(workshop, "c4", TEXT),
                 "theme_id": TEXT}, {"client_id": CONTACT, "kind": TEXT}):
        assert client.post(f"{base}/cards", json=body, headers=token).status_code == 400
    assert client.post(f"{base}/cards", data=TEXT + "{", headers=token).status_code == 400
    assert client.post(f"{base}/cards", data="x" * 300_000, headers=token).status_code == 413
    assert client.get(f"/api/v1/{TEXT}", headers=token).status_code == 404
    assert client.patch(f"{base}/participants/me", json={"name": CONTACT * 5},
                        headers=token).status_code == 400
    phone.emit("card:create", {**card_body(workshop, "c5", TEXT), "kind": TEXT}, callback=True)
    # A bug whose message quotes the card: logged as type and place, not the text.

    def broken(session, actor, payload):
        """Fail as a careless bug would, quoting the input."""
        raise ValueError(f"could not store {payload}")

    monkeypatch.setattr(card_service, "post_card", broken)
    assert client.post(f"{base}/cards", json=card_body(workshop, "c6", TEXT),
                       headers=token).status_code == 500
    ack = phone.emit("card:create", card_body(workshop, "c7", TEXT), callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "internal"
    monkeypatch.undo()
    # Own data, deletion, a plenary and its PDF.
    assert CONTACT in client.get(f"{base}/participants/me/data", headers=token).get_data(
        as_text=True)
    number = client.post(f"{base}/plenaries", json={}, headers=ORGANISER).get_json()["number"]
    assert client.get(f"{base}/plenaries/{number}.pdf", headers=ORGANISER).status_code == 200
    assert client.delete(f"{base}/participants/me", headers=token).status_code == 200

    output = "\n".join(r.getMessage() + "\n" + (r.exc_text or "") for r in caplog.records)
    output += caplog.text
    assert "unexpected error on POST" in output and "ValueError" in output
    assert "socket handler failed" in output
    assert_clean(output)


@pytest.mark.server
def test_a_real_servers_output_holds_no_card_text_or_contact(tmp_path):
    admin = "logs-test-organiser"
    server = ServerProcess(tmp_path / "instance", admin,
                           env={"OPENSPACE_LOG_LEVEL": "DEBUG"}).start()
    phones = []
    try:
        workshop = create_workshop(server, title="Logtest", themes=["Fritid"])
        base = f"/api/v1/workshops/{workshop['id']}"
        people = [join(server, workshop, NAME) for _ in range(2)]
        phones = [Phone(server, workshop["id"], p["token"]).connect() for p in people]
        ack = phones[0].post(card_body(workshop, "c1", TEXT, "initiative"))
        assert ack["ok"], ack
        card_id = ack["card"]["id"]
        phones[1].wait_for("card.created")
        posted = server.api("POST", f"{base}/cards", people[1]["token"],
                            json=card_body(workshop, "c2", TEXT + " 2"))
        assert posted.status_code == 201
        database = Database(server.env.get("OPENSPACE_DATABASE_URL")
                            or sqlite_url(tmp_path / "instance"))
        add_commitment(database, card_id, people[1]["participant_id"], NAME, CONTACT)
        add_comment(database, card_id, people[1]["participant_id"], TEXT + " kommentar")
        database.dispose()
        for body in (card_body(workshop, "c3", TEXT * 40), {"client_id": CONTACT, "kind": TEXT}):
            assert server.api("POST", f"{base}/cards", people[0]["token"],
                              json=body).status_code == 400
        assert server.api("POST", f"{base}/cards", people[0]["token"],
                          data=TEXT + "{").status_code == 400
        assert server.api("POST", f"{base}/cards", f"{TEXT}-token").status_code == 403
        assert server.api("GET", f"/j/{TEXT}").status_code == 404
        bad = phones[0].post({"client_id": TEXT, "kind": CONTACT})
        assert bad["ok"] is False
        mine = server.api("GET", f"{base}/participants/me/data", people[1]["token"])
        assert CONTACT in mine.text
        assert server.api("DELETE", f"{base}/participants/me/commitments/{card_id}",
                          people[1]["token"]).status_code == 200
        number = server.api("POST", f"{base}/plenaries", admin, json={}).json()["number"]
        pdf = server.api("GET", f"{base}/plenaries/{number}.pdf", admin)
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        # Deleting is pushed live to a real second phone.
        assert server.api("DELETE", f"{base}/participants/me/cards/{card_id}",
                          people[0]["token"]).status_code == 200
        assert phones[1].wait_for("card.deleted")["data"] == {"id": card_id}
        time.sleep(1)  # let the server write what it would log
    finally:
        for phone in phones:
            phone.disconnect()
        server.stop()
    output = server.log()
    assert "rendered plenary" in output  # the log was on, at INFO and below
    assert_clean(output)
