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
import os

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


def configure_from_environment() -> None:
    """Log to stderr at ``OPENSPACE_LOG_LEVEL`` (default INFO), libraries held quiet."""
    level = (os.environ.get("OPENSPACE_LOG_LEVEL") or "INFO").strip().upper()
    logging.basicConfig(level=getattr(logging, level, logging.INFO), format=LOG_FORMAT)
    quiet_verbose_libraries()
