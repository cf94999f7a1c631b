"""The clock: every few seconds, take the scheduled plenaries that are due; every
few minutes, remove the personal data of workshops whose retention period ended.

Runs in every server process; the database makes sure each slot's plenary is
stored once (see ``services.plenaries.run_due_plenaries``) and each workshop's
personal data is removed once (see ``services.retention.run_retention``).
"""

from __future__ import annotations

import logging
import time

from . import exports
from .db import get_db
from .extensions import socketio
from .logs import log_failure
from .models import utcnow
from .realtime import publisher_of
from .services.plenaries import run_due_plenaries
from .services.retention import run_retention

log = logging.getLogger(__name__)

TICK_SECONDS = 15


def tick(app) -> list:
    """Take what is due now, publish it, and start its PDFs; return the new events."""
    with app.app_context():
        events = run_due_plenaries(get_db(), utcnow(), app.config.get("PUBLIC_URL") or "")
    publisher_of(app).publish(events)
    for event in events:
        exports.render_in_background(app, event.workshop_id, event.data["number"])
    return events


def retention_tick(app, now=None) -> list:
    """Remove the personal data that is due; make the affected PDFs again without names.

    Returns the results (one per workshop done). The plenary PDFs are rendered
    again from the anonymised snapshots, so the files kept carry no names either.
    """
    with app.app_context():
        results = run_retention(get_db(), now or utcnow())
        for result in results:
            publisher_of(app).publish(result.events)
            for number in result.plenaries:
                exports.plenary_pdf_path(result.workshop_id, number).unlink(missing_ok=True)
                exports.render_in_background(app, result.workshop_id, number)
    return results


def start(app) -> None:
    """Run ``tick`` forever in a background task of the serving loop, and retention now and then."""

    def loop():
        """Tick, survive errors, sleep."""
        last_retention = 0.0
        while True:
            try:
                tick(app)
            except Exception:
                log_failure(log, "plenary scheduler tick failed")
            if time.monotonic() - last_retention >= app.config["RETENTION_CHECK_SECONDS"]:
                last_retention = time.monotonic()
                try:
                    retention_tick(app)
                except Exception:
                    log_failure(log, "retention tick failed")
            socketio.sleep(TICK_SECONDS)

    socketio.start_background_task(loop)
