"""The database: engines, sessions, SQLite settings and migrations, start to end.

Write transactions are short and never wait on the network in the middle, so
under eventlet no other green thread runs inside one. On SQLite they start
with ``BEGIN IMMEDIATE``: the write lock is taken up front, so two writers
queue for it instead of failing when a read turns into a write.

Waiting for SQLite's lock never holds the event loop: SQLite's own busy
timeout sleeps inside the C library, where eventlet cannot switch, so one
request waiting 5 s froze every other request and socket. Here SQLite gives
up at once (busy timeout 0) and the transaction start is tried again after
short cooperative sleeps (``time.sleep`` is green under eventlet and gevent),
for at most ``lock_wait`` seconds; then the request answers 503 ``unavailable``.
Writers of one process queue for their turn on a lock of their own first (a
fair queue, also green under eventlet), so that only other processes are waited
for by trying again.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext, suppress
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from .config import PRIVATE_FILE

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# One number for every openspace database on the server: migrations run once.
MIGRATION_LOCK_ID = 74_210_001

#: How long a request waits for another process's lock on the SQLite file before it
#: answers 503 (``OPENSPACE_SQLITE_LOCK_WAIT_MS``); a normal write holds it for milliseconds.
LOCK_WAIT_SECONDS = 1.0
#: The database may still be locked by a process that is just starting: wait longer there.
MIGRATION_LOCK_WAIT_SECONDS = 10.0
#: The pauses between attempts: short first (the lock is usually free within
#: milliseconds), doubling up to the longest.
FIRST_PAUSE_SECONDS = 0.002
LONGEST_PAUSE_SECONDS = 0.1
#: SQLite's result codes for a lock held elsewhere (extended codes keep them in the low byte).
SQLITE_BUSY, SQLITE_LOCKED = 5, 6


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
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))


#: The page cache of each SQLite reading connection, in KiB.
READER_CACHE_KIB = 256


def _configure_sqlite(engine: Engine, immediate: bool, database: Database) -> None:
    """Set the pragmas that keep committed data safe, and the transaction start."""

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        """Apply per-connection pragmas and let SQLAlchemy issue BEGIN itself."""
        # pysqlite's own implicit BEGIN is turned off so the "begin" hook decides.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # First: a busy SQLite answers at once instead of sleeping in C (which holds
        # the event loop); ``on_begin`` waits for the lock cooperatively instead.
        cursor.execute("PRAGMA busy_timeout=0")
        # WAL: readers never block the writer, and a killed process loses nothing
        # that was committed (the WAL is replayed on the next open).
        cursor.execute("PRAGMA journal_mode=WAL")
        # FULL, not NORMAL: with NORMAL a commit survives a killed process but
        # may be lost when the laptop loses power; an acknowledged card must
        # survive both. The cost is one fsync per commit, well within budget
        # for a room posting a few cards per second.
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        if not immediate:
            # A reader's page cache (2 MB by default) stays allocated while the
            # connection waits in the pool, and the pool keeps ten: read pages of
            # every participant, they grew with each phone that joined (issue 15,
            # memory per connection). The operating system's file cache keeps
            # the pages anyway; a re-read is a system call.
            cursor.execute(f"PRAGMA cache_size=-{READER_CACHE_KIB}")
        cursor.close()

    # Writers take the write lock up front; readers take their snapshot (the read
    # lock, which only an exclusive locking mode elsewhere can refuse) up front
    # too, so that nothing later in the transaction meets a lock.
    statements = ("BEGIN IMMEDIATE",) if immediate else ("BEGIN", "PRAGMA schema_version")

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        """Start the transaction, waiting cooperatively while another process holds the lock."""
        raw = connection.connection.dbapi_connection
        deadline = database.lock_deadline()
        pause = FIRST_PAUSE_SECONDS
        while time.monotonic() + pause < deadline:
            try:
                for statement in statements:
                    raw.execute(statement)
                return
            except sqlite3.OperationalError as error:
                if raw.in_transaction:
                    raw.execute("ROLLBACK")
                if not _is_busy(error):
                    break  # not a lock: the attempt below raises it as SQLAlchemy's error
            time.sleep(pause)  # green under eventlet/gevent: other requests run meanwhile
            pause = min(pause * 2, LONGEST_PAUSE_SECONDS)
        # The last attempt goes through SQLAlchemy, so that a refusal is its
        # OperationalError, answered 503 ``unavailable`` like any database failure.
        for statement in statements:
            connection.exec_driver_sql(statement)


def _is_busy(error: sqlite3.OperationalError) -> bool:
    """True if SQLite refused because another connection holds a lock."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (SQLITE_BUSY, SQLITE_LOCKED)
    return "locked" in str(error) or "busy" in str(error)


class Database:
    """The engines and session factories of one application."""

    def __init__(self, url: str, lock_wait: float = LOCK_WAIT_SECONDS):
        """Create the engines for ``url`` (SQLite file or PostgreSQL).

        ``lock_wait``: on SQLite, how long a transaction waits for another
        process's lock before it fails (and the request answers 503).
        """
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        self.lock_wait = lock_wait
        # This process's writers take turns here (SQLite has one writer at a time).
        self._write_turn = threading.RLock()
        # The deadline of the write waiting in this thread (green thread under eventlet).
        self._waiting = threading.local()
        # hide_parameters: a database error in the log must not carry card texts or contacts.
        options: dict = {"future": True, "hide_parameters": True}
        if self.is_sqlite:
            create_private_sqlite_file(url)
            # timeout=0: pysqlite's own busy wait (5 s) would hold the event loop.
            options.update(pool_size=10, max_overflow=20, pool_timeout=10,
                           connect_args={"timeout": 0})
            self.write_engine = create_engine(url, **options)
            self.read_engine = create_engine(url, **options)
            _configure_sqlite(self.write_engine, immediate=True, database=self)
            _configure_sqlite(self.read_engine, immediate=False, database=self)
        else:
            # No pre-ping: it costs a round trip at every checkout (a post takes two
            # or three in all). A connection PostgreSQL closed fails one request
            # instead, which answers 503 and is sent again; SQLAlchemy then drops
            # every pooled connection older than the failure.
            options.update(pool_size=10, max_overflow=20)
            self.write_engine = self.read_engine = create_engine(url, **options)
            # Its own small pool: a connection of the main pool set to autocommit for
            # one request would be set back with one more round trip when returned.
            self.statement_engine = create_engine(url, **{
                **options, "pool_size": 5, "max_overflow": 10, "isolation_level": "AUTOCOMMIT"})
        self._writer = sessionmaker(self.write_engine, expire_on_commit=False)
        self._reader = sessionmaker(self.read_engine, expire_on_commit=False)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """Yield a session in a write transaction; commit on success, roll back on error."""
        turn = self._turn() if self.is_sqlite else nullcontext()
        with turn, self._writer() as session, session.begin():
            yield session

    @contextmanager
    def statements(self) -> Iterator[Session]:
        """Yield a session whose every statement commits by itself (PostgreSQL).

        For writes made in one statement (``services.quick_post``): no BEGIN and
        no COMMIT round trip, and row locks held only while the statement runs.
        On SQLite, a write transaction as ``write()`` gives.
        """
        if self.is_sqlite:
            with self.write() as session:
                yield session
            return
        with Session(self.statement_engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def _turn(self) -> Iterator[None]:
        """Wait (cooperatively, at most ``lock_wait``) for this process's turn to write."""
        deadline = time.monotonic() + self.lock_wait
        if not self._write_turn.acquire(timeout=self.lock_wait):
            # As SQLite would say it: answered 503 like any refusal of the database.
            raise OperationalError("BEGIN IMMEDIATE", None,
                                   sqlite3.OperationalError("database is locked"))
        outer = getattr(self._waiting, "deadline", None)
        self._waiting.deadline = outer or deadline
        try:
            yield
        finally:
            self._waiting.deadline = outer
            self._write_turn.release()

    def lock_deadline(self) -> float:
        """Return until when a transaction starting now may wait for SQLite's lock."""
        deadline = getattr(self._waiting, "deadline", None)
        return deadline if deadline is not None else time.monotonic() + self.lock_wait

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
        usual_wait, self.lock_wait = self.lock_wait, max(self.lock_wait,
                                                          MIGRATION_LOCK_WAIT_SECONDS)
        try:
            self._upgrade(config)
        finally:
            self.lock_wait = usual_wait

    def _upgrade(self, config: AlembicConfig) -> None:
        """Run the migrations up to head on one connection (under PostgreSQL's advisory lock)."""
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
        if not self.is_sqlite:
            self.statement_engine.dispose()


def init_app(app) -> Database:
    """Create the application's database, migrate it, and register it on ``app``."""
    url = app.config.get("DATABASE_URL") or sqlite_url(Path(app.instance_path))
    database = Database(url, lock_wait=app.config.get("SQLITE_LOCK_WAIT_SECONDS",
                                                      LOCK_WAIT_SECONDS))
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
