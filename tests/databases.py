"""Throwaway PostgreSQL databases for tests (skipped, or failed in CI, when absent)."""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

#: The server's maintenance database; each test gets its own database beside it.
POSTGRES_URL = os.environ.get(
    "OPENSPACE_TEST_POSTGRES_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"
)

#: ``OPENSPACE_TEST_DATABASE=postgresql`` runs the app fixture and every test
#: server on a fresh PostgreSQL database instead of SQLite.
ON_POSTGRES = os.environ.get("OPENSPACE_TEST_DATABASE", "sqlite").lower() == "postgresql"

_created_for_servers: list[str] = []


def postgres_available() -> bool:
    """True if the test PostgreSQL server answers."""
    try:
        engine = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
        return True
    except Exception:
        return False


@contextmanager
def fresh_postgres_database() -> Iterator[str]:
    """Create an empty PostgreSQL database, yield its URL, drop it afterwards."""
    name = f"openspace_test_{secrets.token_hex(6)}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield _url_of(name)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _url_of(name: str) -> str:
    """Return the URL of database ``name`` on the test server."""
    return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)


def postgres_database_for(key: str) -> str:
    """Return the URL of a PostgreSQL database kept for ``key`` (an instance folder).

    A server restarted on the same folder finds the same data, as it would in
    its SQLite file; ``drop_server_databases`` removes them all at the end.
    """
    name = "openspace_test_srv_" + hashlib.sha256(key.encode()).hexdigest()[:16]
    if name not in _created_for_servers:
        admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        _created_for_servers.append(name)
    return _url_of(name)


def drop_server_databases() -> None:
    """Drop the databases made by ``postgres_database_for``."""
    if not _created_for_servers:
        return
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        for name in _created_for_servers:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
    _created_for_servers.clear()
