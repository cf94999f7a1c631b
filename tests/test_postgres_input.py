"""Input PostgreSQL refuses outright (NUL in a string) is a 404, not a 500."""

from __future__ import annotations

import pytest

from openspace import create_app
from openspace.db import get_db

from .conftest import PUBLIC_URL, need
from .databases import POSTGRES_URL, migrated_postgres_database, postgres_available
from .helpers import ORGANISER, ORGANISER_TOKEN, create_workshop


@pytest.fixture
def postgres_client(tmp_path):
    """A test client of an app on an empty PostgreSQL database at head."""
    need(postgres_available(), "PostgreSQL is not reachable at " + POSTGRES_URL)
    with migrated_postgres_database() as url:
        app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "instance"),
                          "ADMIN_TOKEN": ORGANISER_TOKEN, "PUBLIC_URL": PUBLIC_URL,
                          "ASYNC_MODE": "threading", "DATABASE_URL": url})
        yield app.test_client()
        with app.app_context():
            get_db().dispose()


@pytest.mark.services
def test_a_nul_in_a_path_id_is_not_found_on_postgresql(postgres_client):
    workshop = create_workshop(postgres_client)
    answers = [
        postgres_client.post("/api/v1/workshops/%00/participants",
                             json={"join_code": workshop["join_code"]}),
        postgres_client.patch("/api/v1/workshops/%00", json={"title": "x"}, headers=ORGANISER),
        postgres_client.get("/j/%00"),
        postgres_client.get("/w/a%00b/qr.svg"),
    ]
    assert [a.status_code for a in answers] == [404, 404, 404, 404]
    assert answers[0].get_json()["error"]["code"] == "not_found"
