"""Alembic environment: runs on the connection that ``Database.migrate`` passes in."""

from contextlib import contextmanager

from alembic import context

from openspace.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    """Run the migrations on the given connection (or a fresh one for the CLI)."""
    connection = config.attributes.get("connection")
    if connection is None:
        from sqlalchemy import create_engine

        engine = create_engine(config.get_main_option("sqlalchemy.url"))
        with engine.begin() as connection:
            context.configure(connection=connection, target_metadata=target_metadata,
                              render_as_batch=True)
            with context.begin_transaction():
                context.run_migrations()
        return
    with sqlite_foreign_keys_off(connection):
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


@contextmanager
def sqlite_foreign_keys_off(connection):
    """On SQLite, run the migrations with foreign keys off, then on again.

    A batch migration on SQLite copies a table and drops the old one; with foreign keys
    on, that DROP TABLE would cascade and delete every comment, support and "count me in"
    of the cards table. The pragma only takes effect outside a transaction, so it is set
    on the driver's connection before Alembic begins one.
    """
    raw = connection.connection.dbapi_connection
    switch = connection.dialect.name == "sqlite" and not connection.in_transaction()
    if switch:
        raw.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        if switch:
            # The pragma is a no-op inside a transaction: end the migrations' one first,
            # or the connection would go back to the pool with foreign keys off.
            if connection.in_transaction():
                connection.commit()
            raw.execute("PRAGMA foreign_keys=ON")


run_migrations_online()
