"""Shared fixtures: an app on its own migrated database, its clients, a workshop.

The helpers (``create_workshop``, ``join``, ``card_body``, ...) live in
``tests/helpers.py``; the few re-exported here keep older imports working.
"""

from __future__ import annotations

import os

import pytest

from openspace import create_app
from openspace.db import Database, sqlite_url
from openspace.extensions import socketio

from .databases import (
    ON_POSTGRES,
    POSTGRES_URL,
    drop_test_databases,
    migrated_instance,
    migrated_postgres_database,
    postgres_available,
)
from .helpers import ORGANISER as ORGANISER
from .helpers import ORGANISER_TOKEN as ORGANISER_TOKEN
from .helpers import bearer as bearer
from .helpers import card_body as card_body
from .helpers import create_workshop, get_db_of, join

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
    """An empty database at head: SQLite in a temporary folder, or PostgreSQL.

    Both come from a template migrated once per run (``tests/databases.py``).
    """
    if request.param == "sqlite":
        database = Database(sqlite_url(migrated_instance(tmp_path)))
        yield database
        database.dispose()
        return
    need(postgres_available(), "PostgreSQL is not reachable at " + POSTGRES_URL)
    with migrated_postgres_database() as url:
        database = Database(url)
        yield database
        database.dispose()


def pytest_sessionfinish(session, exitstatus):
    """Drop the PostgreSQL databases and the SQLite template this run made."""
    drop_test_databases()


@pytest.fixture
def app_database_url():
    """The app's database URL: None (SQLite in the instance folder) or an empty PostgreSQL one.

    ``OPENSPACE_TEST_DATABASE=postgresql`` runs the whole suite on PostgreSQL.
    """
    if not ON_POSTGRES:
        yield None
        return
    need(postgres_available(), "PostgreSQL is not reachable at " + POSTGRES_URL)
    with migrated_postgres_database() as url:
        yield url


@pytest.fixture
def app(tmp_path, app_database_url):
    """Create an app on its own instance folder (and database), in threading mode.

    Its database comes from a template migrated once per run, so ``create_app``
    finds the schema at head and Alembic has nothing to do.
    """
    instance = tmp_path / "instance"
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(instance if app_database_url else migrated_instance(instance)),
            "ADMIN_TOKEN": ORGANISER_TOKEN,
            "PUBLIC_URL": PUBLIC_URL,
            "ASYNC_MODE": "threading",
            "DATABASE_URL": app_database_url,
        }
    )
    yield app
    get_db_of(app).dispose()


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


@pytest.fixture
def workshop(client):
    """A workshop with three themes."""
    return create_workshop(client)


@pytest.fixture
def participant(client, workshop):
    """A participant of ``workshop`` named Sofie."""
    return join(client, workshop, name="Sofie")


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
