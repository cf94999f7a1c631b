"""The clock: every few seconds, take the scheduled plenaries that are due; every
few minutes, remove the personal data of workshops whose retention period ended.

Runs in every server process; the database makes sure each slot's plenary is
stored once (see ``services.plenary_schedule.run_due_plenaries``) and each workshop's
personal data is removed once (see ``services.retention.run_retention``).
Needs no request and no app context: it takes the app's database, publisher
and documents service from ``app.extensions``.
"""

from __future__ import annotations

import logging
import time

from .config import absolute_base_url
from .db import database_of
from .documents import documents_of
from .extensions import socketio
from .logs import log_failure
from .models import utcnow
from .realtime import publisher_of
from .services.plenary_schedule import run_due_plenaries
from .services.retention import run_retention

log = logging.getLogger(__name__)

TICK_SECONDS = 15


def tick(app, now=None) -> list:
    """Take what is due now (or at ``now``), publish it, and start its PDFs; return the new
    events.

    A scheduled plenary has no request to take the address from: its QR code
    gets the public URL, or the LAN address and port, never a relative link.
    """
    events = run_due_plenaries(database_of(app), now or utcnow(), absolute_base_url(app.config))
    publisher_of(app).publish(events)
    documents = documents_of(app)
    for event in events:
        if event.type == "plenary.created":  # not the projectors' change that shows it
            documents.render_in_background(event.workshop_id, event.data["number"])
    return events


def retention_tick(app, now=None) -> list:
    """Remove the personal data that is due; make the affected PDFs again without names.

    Returns the results (one per workshop done). The plenary PDFs are rendered
    again from the anonymised snapshots, so the files kept carry no names either.
    """
    results = run_retention(database_of(app), now or utcnow())
    for result in results:
        publisher_of(app).publish(result.events)
        documents_of(app).renew_pdfs(result.workshop_id, result.plenaries)
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
