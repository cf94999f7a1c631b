"""The database: engines, sessions, SQLite settings and migrations, start to end.

Write transactions are short and never wait on the network in the middle, so
under eventlet no other green thread runs inside one. On SQLite they start
with ``BEGIN IMMEDIATE``: the write lock is taken up front, so two writers
queue on the busy timeout instead of failing when a read turns into a write.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# One number for every openspace database on the server: migrations run once.
MIGRATION_LOCK_ID = 74_210_001


def sqlite_url(folder: Path) -> str:
    """Return the URL of the embedded SQLite database in the instance folder."""
    return f"sqlite:///{folder / 'openspace.sqlite3'}"


def create_private_sqlite_file(url: str) -> None:
    """Create the SQLite file of ``url`` with mode 0600 before SQLite does, if it is missing.

    SQLite makes a new database 0644 (less the umask), readable by every user
    of the machine, and gives its WAL and shared-memory files the mode of the
    database: an empty 0600 file made first keeps all three private.
    """
    path = make_url(url).database
    if not path or path == ":memory:" or path.startswith("file:"):
        return
    # Exists already, or no folder yet (SQLite then reports that itself).
    with suppress(FileExistsError, FileNotFoundError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _configure_sqlite(engine: Engine, immediate: bool) -> None:
    """Set the pragmas that keep committed data safe, and the transaction start."""

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        """Apply per-connection pragmas and let SQLAlchemy issue BEGIN itself."""
        # pysqlite's own implicit BEGIN is turned off so the "begin" hook decides.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # WAL: readers never block the writer, and a killed process loses nothing
        # that was committed (the WAL is replayed on the next open).
        cursor.execute("PRAGMA journal_mode=WAL")
        # FULL, not NORMAL: with NORMAL a commit survives a killed process but
        # may be lost when the laptop loses power; an acknowledged card must
        # survive both. The cost is one fsync per commit, well within budget
        # for a room posting a few cards per second.
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Wait up to 5 s for another writer (another process, a CLI) to finish.
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        """Start the transaction: IMMEDIATE for writers, deferred for readers."""
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


class Database:
    """The engines and session factories of one application."""

    def __init__(self, url: str):
        """Create the engines for ``url`` (SQLite file or PostgreSQL)."""
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        # hide_parameters: a database error in the log must not carry card texts or contacts.
        options: dict = {"future": True, "hide_parameters": True}
        if self.is_sqlite:
            create_private_sqlite_file(url)
            options.update(pool_size=10, max_overflow=20, pool_timeout=10)
            self.write_engine = create_engine(url, **options)
            self.read_engine = create_engine(url, **options)
            _configure_sqlite(self.write_engine, immediate=True)
            _configure_sqlite(self.read_engine, immediate=False)
        else:
            options.update(pool_size=10, max_overflow=20, pool_pre_ping=True)
            self.write_engine = self.read_engine = create_engine(url, **options)
        self._writer = sessionmaker(self.write_engine, expire_on_commit=False)
        self._reader = sessionmaker(self.read_engine, expire_on_commit=False)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """Yield a session in a write transaction; commit on success, roll back on error."""
        with self._writer() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """Yield a session for reading; nothing is committed.

        Closing (not rolling back) ends the transaction and leaves the loaded
        objects readable after the block.
        """
        with self._reader() as session:
            yield session

    def migrate(self) -> None:
        """Bring the schema up to date with Alembic, once even if several processes start."""
        config = AlembicConfig()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.write_engine.connect() as connection:
            if not self.is_sqlite:
                connection.execute(text("SELECT pg_advisory_lock(:id)"), {"id": MIGRATION_LOCK_ID})
                connection.commit()
            try:
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                connection.commit()
            finally:
                if not self.is_sqlite:
                    connection.execute(
                        text("SELECT pg_advisory_unlock(:id)"), {"id": MIGRATION_LOCK_ID}
                    )
                    connection.commit()

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.write_engine.dispose()
        if self.read_engine is not self.write_engine:
            self.read_engine.dispose()


def init_app(app) -> Database:
    """Create the application's database, migrate it, and register it on ``app``."""
    url = app.config.get("DATABASE_URL") or sqlite_url(Path(app.instance_path))
    database = Database(url)
    database.migrate()
    app.extensions["openspace.db"] = database
    return database


def database_of(app) -> Database:
    """Return the database of ``app`` (no app context needed)."""
    return app.extensions["openspace.db"]


def get_db() -> Database:
    """Return the database of the current application."""
    from flask import current_app

    return database_of(current_app)
