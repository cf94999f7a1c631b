"""Logging without personal data.

openspace's own log lines carry ids, counts, paths and error types, never card
texts, names or contact details. Some libraries write request data at their
verbose levels: SQLAlchemy logs statements and result rows (card texts,
contacts) at INFO and DEBUG, Engine.IO and Socket.IO log whole packets at
INFO. Those loggers are held at WARNING/ERROR here, whatever level the root
logger is set to (``OPENSPACE_LOG_LEVEL``), so turning on debug logging never
writes what participants posted into the log.
"""

from __future__ import annotations

import logging
import sys
import traceback

#: Loggers whose verbose output contains what users sent or what the database holds.
QUIET_LOGGERS = {
    "sqlalchemy": logging.WARNING,
    "engineio": logging.ERROR,
    "socketio": logging.ERROR,
}

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def quiet_verbose_libraries() -> None:
    """Hold the libraries that log request data or database rows at a safe level."""
    for name, level in QUIET_LOGGERS.items():
        logging.getLogger(name).setLevel(level)


def configure(level: str = "INFO") -> None:
    """Log to stderr at ``level`` (a name such as "DEBUG"; unknown: INFO), libraries held quiet.

    The level comes from ``config.log_level()`` (``OPENSPACE_LOG_LEVEL``).
    """
    level = level.strip().upper()
    logging.basicConfig(level=getattr(logging, level, logging.INFO), format=LOG_FORMAT)
    quiet_verbose_libraries()


def log_failure(logger: logging.Logger, message: str, *args, detail: str | None = None) -> None:
    """Log the exception being handled: its type and where it happened, never its message.

    An exception's message may quote what a participant sent (a card text, a
    contact); the type and the stack (file, line, code) say enough to find the
    bug. ``detail`` adds a text known to hold no user data (e.g. "disk full").
    """
    kind, _error, trace = sys.exc_info()
    name = f"{kind.__module__}.{kind.__qualname__}" if kind else "no exception"
    frames = "".join(traceback.format_tb(trace)).rstrip() if trace else ""
    suffix = f": {detail}" if detail else ""
    logger.error(f"{message} [%s{suffix}]\n%s", *args, name, frames)


def database_detail(error: Exception) -> str | None:
    """Return the database's own words for an operational failure (locked, disk full), if any.

    Statements are logged without their parameters (``hide_parameters``), and only
    the driver's message of an ``OperationalError`` is kept: it names the fault,
    not the data. Other database errors (constraint violations) may quote values.
    """
    from sqlalchemy.exc import OperationalError

    if isinstance(error, OperationalError) and error.orig is not None:
        return str(error.orig).splitlines()[0][:200]
    return None
