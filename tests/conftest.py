"""Shared fixtures: an app on a fresh SQLite instance folder, its clients, a workshop."""

from __future__ import annotations

import os

import pytest

from openspace import create_app
from openspace.db import Database, get_db, sqlite_url
from openspace.extensions import socketio

from .databases import (
    ON_POSTGRES,
    POSTGRES_URL,
    drop_server_databases,
    fresh_postgres_database,
    postgres_available,
)

ORGANISER_TOKEN = "organiser-test-token"
PUBLIC_URL = "http://venue.test:5000"

#: Set in CI: tests that need PostgreSQL, Redis or Chromium fail instead of skipping.
REQUIRE_SERVICES = os.environ.get("OPENSPACE_REQUIRE_SERVICES") == "1"


def need(condition: bool, reason: str) -> None:
    """Skip the test when ``condition`` is false, or fail when services are required."""
    if condition:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"required service missing: {reason}")
    pytest.skip(reason)


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    """A migrated database: SQLite in a temporary folder, or a fresh PostgreSQL one."""
    if request.param == "sqlite":
        database = Database(sqlite_url(tmp_path))
        database.migrate()
        yield database
        database.dispose()
        return
    need(postgres_available(), "PostgreSQL is not reachable at " + POSTGRES_URL)
    with fresh_postgres_database() as url:
        database = Database(url)
        database.migrate()
        yield database
        database.dispose()


def pytest_sessionfinish(session, exitstatus):
    """Drop the PostgreSQL databases the test servers used (OPENSPACE_TEST_DATABASE)."""
    if ON_POSTGRES:
        drop_server_databases()


@pytest.fixture
def app_database_url():
    """The app's database URL: None (SQLite in the instance folder) or a fresh PostgreSQL one.

    ``OPENSPACE_TEST_DATABASE=postgresql`` runs the whole suite on PostgreSQL.
    """
    if not ON_POSTGRES:
        yield None
        return
    need(postgres_available(), "PostgreSQL is not reachable at " + POSTGRES_URL)
    with fresh_postgres_database() as url:
        yield url


@pytest.fixture
def app(tmp_path, app_database_url):
    """Create an app on its own instance folder (and database), in threading mode."""
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "ADMIN_TOKEN": ORGANISER_TOKEN,
            "PUBLIC_URL": PUBLIC_URL,
            "ASYNC_MODE": "threading",
            "DATABASE_URL": app_database_url,
        }
    )
    yield app
    get_db_of(app).dispose()


def get_db_of(app):
    """Return the database of ``app``."""
    with app.app_context():
        return get_db()


@pytest.fixture
def client(app):
    """A Flask test client."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """A runner for the app's CLI commands."""
    return app.test_cli_runner()


@pytest.fixture
def db(app):
    """The app's database (engines and sessions)."""
    return get_db_of(app)


def bearer(token: str) -> dict:
    """Return the Authorization header for ``token``."""
    return {"Authorization": f"Bearer {token}"}


ORGANISER = bearer(ORGANISER_TOKEN)


def create_workshop(client, **overrides) -> dict:
    """Create a workshop through the API and return its answer."""
    body = {
        "title": "Ensomhed blandt unge",
        "vision": "Ingen unge skal stå alene.",
        "language": "da",
        "themes": ["Fritid", "Skole", "Digitalt liv"],
    }
    body.update(overrides)
    response = client.post("/api/v1/workshops", json=body, headers=ORGANISER)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def join(client, workshop: dict, name: str | None = None) -> dict:
    """Join ``workshop`` as a participant and return ``{"participant_id", "token"}``."""
    body = {"join_code": workshop["join_code"]}
    if name is not None:
        body["name"] = name
    response = client.post(f"/api/v1/workshops/{workshop['id']}/participants", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


@pytest.fixture
def workshop(client):
    """A workshop with three themes."""
    return create_workshop(client)


@pytest.fixture
def participant(client, workshop):
    """A participant of ``workshop`` named Sofie."""
    return join(client, workshop, name="Sofie")


def card_body(workshop: dict, client_id: str = "c-1", text: str = "Fællesspisning på skolen",
              kind: str = "idea", theme: int = 0) -> dict:
    """Return a card:create body for ``workshop``."""
    return {"client_id": client_id, "kind": kind, "theme_id": workshop["themes"][theme]["id"],
            "text": text}


@pytest.fixture
def socket_client_factory(app):
    """Return a function that opens Socket.IO test clients; all are closed afterwards."""
    opened = []

    def open_client(workshop_id: str, token: str, last_seq: int = 0, **auth):
        """Connect a Socket.IO test client with the given auth."""
        client = socketio.test_client(
            app, auth={"workshop": workshop_id, "token": token, "last_seq": last_seq, **auth}
        )
        opened.append(client)
        return client

    yield open_client
    for client in opened:
        if client.is_connected():
            client.disconnect()
