"""The plenary clock: every few seconds, take the scheduled plenaries that are due.

Runs in every server process; the database makes sure each slot's plenary is
stored once (see ``services.plenaries.run_due_plenaries``).
"""

from __future__ import annotations

import logging

from . import exports
from .db import get_db
from .extensions import socketio
from .models import utcnow
from .realtime import publish
from .services.plenaries import run_due_plenaries

log = logging.getLogger(__name__)

TICK_SECONDS = 15


def tick(app) -> list:
    """Take what is due now, publish it, and start its PDFs; return the new events."""
    with app.app_context():
        events = run_due_plenaries(get_db(), utcnow(), app.config.get("PUBLIC_URL") or "")
    publish(events)
    for event in events:
        exports.render_in_background(app, event.workshop_id, event.data["number"])
    return events


def start(app) -> None:
    """Run ``tick`` forever in a background task of the serving loop."""

    def loop():
        """Tick, survive errors, sleep."""
        while True:
            try:
                tick(app)
            except Exception:
                log.exception("plenary scheduler tick failed")
            socketio.sleep(TICK_SECONDS)

    socketio.start_background_task(loop)
