"""Files holding personal data are the server user's alone, and token answers are never cached."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from openspace import create_app

from .databases import ON_POSTGRES
from .helpers import ORGANISER, bearer, card_body, get_db_of, join

SQLITE_FILES = ("openspace.sqlite3", "openspace.sqlite3-wal", "openspace.sqlite3-shm")


def mode(path: Path) -> int:
    """Return the permission bits of ``path``."""
    return stat.S_IMODE(os.stat(path).st_mode)


def new_app(folder: Path, **config):
    """Create an app on ``folder`` that makes its own organiser token and secret key."""
    return create_app({"TESTING": True, "INSTANCE_PATH": str(folder), "ASYNC_MODE": "threading",
                       "PUBLIC_URL": "http://venue.test:5000", **config})


def use_the_board(app) -> Path:
    """Create a workshop with a named participant and a card, take a plenary; return its PDF."""
    client = app.test_client()
    token = (Path(app.instance_path) / "admin_token").read_text().strip()
    organiser = bearer(token)
    workshop = client.post("/api/v1/workshops", headers=organiser, json={
        "title": "Filer", "themes": ["Fritid"]}).get_json()
    person = client.post(f"/api/v1/workshops/{workshop['id']}/participants", json={
        "join_code": workshop["join_code"], "name": "Navnet Ingeborg"}).get_json()
    client.post(f"/api/v1/workshops/{workshop['id']}/cards", headers=bearer(person["token"]),
                json=card_body(workshop, text="Bænke ved søen"))
    plenary = client.post(f"/api/v1/workshops/{workshop['id']}/plenaries", json={},
                          headers=organiser).get_json()
    answer = client.get(f"/api/v1/workshops/{workshop['id']}/plenaries/{plenary['number']}.pdf",
                        headers=organiser)
    assert answer.status_code == 200
    return Path(app.instance_path) / "pdfs" / workshop["id"] / f"plenary-{plenary['number']}.pdf"


def assert_private(folder: Path, pdf: Path) -> None:
    """Every file with personal data or a key is 0600, every folder holding them 0700."""
    assert mode(folder) == 0o700
    files = ["admin_token", "secret_key"] + ([] if ON_POSTGRES else list(SQLITE_FILES))
    found = {name: oct(mode(folder / name)) for name in files}
    assert found == {name: oct(0o600) for name in files}
    assert (mode(pdf.parent.parent), mode(pdf.parent), mode(pdf)) == (0o700, 0o700, 0o600)


@pytest.fixture
def loose_umask():
    """Run with umask 000, as a careless service unit might: modes must not depend on it."""
    old = os.umask(0)
    yield
    os.umask(old)


def test_personal_data_files_are_private_whatever_the_umask(tmp_path, loose_umask,
                                                           app_database_url):
    folder = tmp_path / "instance"
    app = new_app(folder, DATABASE_URL=app_database_url)
    try:
        pdf = use_the_board(app)
        assert_private(folder, pdf)
    finally:
        get_db_of(app).dispose()


def test_an_older_instance_with_open_files_is_made_private_on_start(tmp_path, app_database_url):
    folder = tmp_path / "instance"
    app = new_app(folder, DATABASE_URL=app_database_url)
    pdf = use_the_board(app)
    get_db_of(app).dispose()
    # As an earlier version left them: readable by every user of the machine.
    for path in [folder, pdf.parent.parent, pdf.parent]:
        path.chmod(0o755)
    for path in [pdf, *(p for p in folder.iterdir() if p.is_file())]:
        path.chmod(0o644)

    again = new_app(folder, DATABASE_URL=app_database_url)
    try:
        again.test_client().get("/healthz")
        assert_private(folder, pdf)
    finally:
        get_db_of(again).dispose()


# --- Cache-Control: no-store on answers with tokens or personal data -------------------------


def no_store(answer) -> bool:
    """True if no cache (browser, proxy) may keep the answer."""
    return "no-store" in answer.headers.get("Cache-Control", "")


def test_answers_that_carry_tokens_or_personal_data_are_never_stored(client, workshop):
    created = client.post("/api/v1/workshops", headers=ORGANISER,
                          json={"title": "Ny", "themes": ["A"]})
    assert "facilitator_token" in created.get_json() and no_store(created)

    joined = client.post(f"/api/v1/workshops/{workshop['id']}/participants",
                         json={"join_code": workshop["join_code"], "name": "Navnet Ingeborg"})
    assert "token" in joined.get_json() and no_store(joined)
    person = joined.get_json()
    mine = bearer(person["token"])
    base = f"/api/v1/workshops/{workshop['id']}"

    answers = {
        "own data": client.get(f"{base}/participants/me", headers=mine),
        "board": client.get(base, headers=mine),
        "events": client.get(f"{base}/events?after=0", headers=mine),
        "workshops": client.get("/api/v1/workshops", headers=ORGANISER),
        "moderation log": client.get(f"{base}/moderation-log", headers=ORGANISER),
        "refusal": client.get(base, headers=bearer("wrong")),
    }
    for name, answer in answers.items():
        assert answer.status_code < 500, name
        assert no_store(answer), f"{name}: {answer.headers.get('Cache-Control')}"


def test_pages_and_static_files_keep_their_caching(client):
    page = client.get("/")
    assert not no_store(page)
    script = client.get("/static/js/common.js")
    assert script.status_code == 200 and not no_store(script)


def test_the_list_of_who_counts_in_is_never_stored(client, workshop):
    person = join(client, workshop, name="Navnet Ingeborg")
    card = client.post(f"/api/v1/workshops/{workshop['id']}/cards",
                       headers=bearer(person["token"]), json=card_body(workshop)).get_json()
    answer = client.get(f"/api/v1/workshops/{workshop['id']}/cards/{card['id']}/commitments",
                        headers=ORGANISER)
    assert answer.status_code == 200 and no_store(answer), answer.headers.get("Cache-Control")
