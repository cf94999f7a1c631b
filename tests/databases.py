"""Test databases: migrated templates made once per run, throwaway PostgreSQL databases.

Running Alembic for every test app costs about 50 ms on SQLite and, with
``CREATE DATABASE`` and ``DROP DATABASE``, half a second on PostgreSQL. So the
schema is migrated once per test run: SQLite tests get a copy of a migrated
file, PostgreSQL tests a database made from a migrated template and emptied
for the next test after use. ``fresh_postgres_database`` still gives an empty,
unmigrated database, for the tests that run migrations themselves.
"""

from __future__ import annotations

import functools
import hashlib
import os
import secrets
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from openspace.db import Database, sqlite_url
from openspace.models import Base

#: The server's maintenance database; each test gets its own database beside it.
POSTGRES_URL = os.environ.get(
    "OPENSPACE_TEST_POSTGRES_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"
)

#: ``OPENSPACE_TEST_DATABASE=postgresql`` runs the app fixture and every test
#: server on a fresh PostgreSQL database instead of SQLite.
ON_POSTGRES = os.environ.get("OPENSPACE_TEST_DATABASE", "sqlite").lower() == "postgresql"

#: The name ``sqlite_url`` gives the database file in an instance folder.
SQLITE_FILE = Path(make_url(sqlite_url(Path("x"))).database).name

_created_for_servers: list[str] = []
_template_folders: list[Path] = []
_postgres: dict = {"template": None, "version": None, "idle": [], "made": []}


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


# --- SQLite: one migrated file, copied -------------------------------------------------------


@functools.cache
def sqlite_template() -> Path:
    """Return a SQLite database file migrated to head, made once per test run."""
    folder = Path(tempfile.mkdtemp(prefix="openspace-template-"))
    _template_folders.append(folder)
    database = Database(sqlite_url(folder))
    database.migrate()
    database.dispose()
    path = folder / SQLITE_FILE
    # Everything in the main file, no write-ahead log beside it: one file to copy.
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return path


def migrated_instance(folder: Path) -> Path:
    """Make ``folder`` an instance folder whose SQLite database is already at head.

    ``create_app`` and ``Database.migrate`` then find nothing to do, as on a
    server's second start.
    """
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(sqlite_template(), folder / SQLITE_FILE)
    return folder


# --- PostgreSQL ------------------------------------------------------------------------------


def _admin_execute(*statements: str) -> None:
    """Run statements on the maintenance database, outside a transaction."""
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        admin.dispose()


def _url_of(name: str) -> str:
    """Return the URL of database ``name`` on the test server."""
    return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)


@contextmanager
def fresh_postgres_database() -> Iterator[str]:
    """Create an empty (unmigrated) PostgreSQL database, yield its URL, drop it afterwards."""
    name = f"openspace_test_{secrets.token_hex(6)}"
    _admin_execute(f'CREATE DATABASE "{name}"')
    try:
        yield _url_of(name)
    finally:
        _admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _postgres_template() -> str:
    """Return the name of a PostgreSQL database migrated to head, made once per test run."""
    if _postgres["template"] is None:
        name = f"openspace_test_template_{secrets.token_hex(6)}"
        _admin_execute(f'CREATE DATABASE "{name}"')
        _postgres["made"].append(name)
        database = Database(_url_of(name))
        try:
            database.migrate()
            with database.read() as session:
                _postgres["version"] = session.execute(
                    text("SELECT version_num FROM alembic_version")).scalar_one()
        finally:
            database.dispose()  # CREATE DATABASE … TEMPLATE needs it without connections
        _postgres["template"] = name
    return _postgres["template"]


def _empty_for_reuse(name: str) -> bool:
    """Delete every row of database ``name``; False if it cannot serve as a fresh one."""
    engine = create_engine(_url_of(name))
    try:
        with engine.begin() as connection:
            connection.execute(text("SET LOCAL lock_timeout = '2s'"))
            others = connection.execute(text(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                "AND backend_type = 'client backend'")).scalar_one()
            tables = set(connection.execute(text(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars())
            version = connection.execute(text("SELECT version_num FROM alembic_version")).all()
            models = [table.name for table in Base.metadata.sorted_tables]
            if others or tables != {*models, "alembic_version"} or version != [
                    (_postgres["version"],)]:
                return False  # still in use, or its schema was changed by the test
            # DELETE, not TRUNCATE: on a few rows it takes milliseconds, TRUNCATE 0.1 s.
            for table in reversed(models):
                connection.execute(text(f'DELETE FROM "{table}"'))
            for sequence in connection.execute(text(
                    "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'")).scalars():
                connection.execute(text(f'ALTER SEQUENCE "{sequence}" RESTART'))
        return True
    except Exception:
        return False
    finally:
        engine.dispose()


@contextmanager
def migrated_postgres_database() -> Iterator[str]:
    """Yield the URL of an empty PostgreSQL database at head, as if just created and migrated.

    The first ones are made from a migrated template; each is emptied after its
    test (rows deleted, sequences restarted) and handed to the next one. One
    that cannot be emptied safely is dropped instead.
    """
    if _postgres["idle"]:
        name = _postgres["idle"].pop()
    else:
        name = f"openspace_test_{secrets.token_hex(6)}"
        _admin_execute(f'CREATE DATABASE "{name}" TEMPLATE "{_postgres_template()}"')
        _postgres["made"].append(name)
    try:
        yield _url_of(name)
    finally:
        if _empty_for_reuse(name):
            _postgres["idle"].append(name)
        else:
            _admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            _postgres["made"].remove(name)


def postgres_database_for(key: str) -> str:
    """Return the URL of a PostgreSQL database kept for ``key`` (an instance folder).

    A server restarted on the same folder finds the same data, as it would in
    its SQLite file; ``drop_test_databases`` removes them all at the end.
    """
    name = "openspace_test_srv_" + hashlib.sha256(key.encode()).hexdigest()[:16]
    if name not in _created_for_servers:
        _admin_execute(f'CREATE DATABASE "{name}"')
        _created_for_servers.append(name)
    return _url_of(name)


def drop_test_databases() -> None:
    """Drop the PostgreSQL databases and remove the SQLite template this run made."""
    for folder in _template_folders:
        shutil.rmtree(folder, ignore_errors=True)
    _template_folders.clear()
    sqlite_template.cache_clear()
    names = [*_created_for_servers, *_postgres["made"]]
    if names:
        _admin_execute(*(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)' for name in names))
    _created_for_servers.clear()
    _postgres.update(template=None, version=None, idle=[], made=[])
