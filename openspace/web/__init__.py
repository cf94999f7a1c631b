"""The HTTP adapter: routes grouped by resource, every change through ``pipeline``.

- ``workshops``: create, read, change, join, lock; events; settings, themes, timer, spotlight
- ``cards``: post, edit, delete, moderate, merge, paper notes, supports, "count me in", links
- ``comments``: post, delete, moderate
- ``plenaries``: take, list, note; the PDFs
- ``privacy``: own data, deleting it, deleting a workshop; the privacy pages
- ``transfer``: import, export, the moderation log
- ``followup``: after the day: follow-up of initiatives, notes, consent, the read-only board
- ``pages``: the HTML pages, QR codes, the health check
"""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """Attach every blueprint of the HTTP adapter to ``app``."""
    # Imported here, not above: ``import openspace`` (the CLI, migrations) needs no views.
    from . import cards, comments, followup, pages, plenaries, privacy, transfer, workshops
    from .http import no_store_on_api

    for module in (workshops, cards, comments, plenaries, privacy, transfer, followup, pages):
        app.register_blueprint(module.bp)
    app.after_request(no_store_on_api)
