"""The HTTP adapter: routes grouped by resource, every change through ``pipeline``.

- ``workshops``: create, read, change, join, lock; events; settings, themes, timer, spotlight
- ``cards``: post, edit, delete, moderate, merge, paper notes, supports, "count me in", links
- ``comments``: post, delete, moderate
- ``safe_room``: the word lists and help text of the safe room
- ``plenaries``: take, list, note; the PDFs
- ``privacy``: own data, deleting it, deleting a workshop; the privacy pages
- ``transfer``: import, export, the moderation log
- ``series``: the next meeting, the series page, a meeting's calendar file
- ``followup``: after the day: follow-up of initiatives, notes, consent, the read-only board
- ``pages``: the HTML pages, QR codes, the health check
- ``projector``: the facilitator drives the projectors; stars for the plenary
- ``alliances``: cards that say the same thing, organisations, who could help whom
- ``signups``: who said "Jeg er med" per initiative, and its PDF
- ``facilitator_link``: the organiser issues the facilitator link again (the old one revoked)
"""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """Attach every blueprint of the HTTP adapter to ``app``."""
    # Imported here, not above: ``import openspace`` (the CLI, migrations) needs no views.
    from . import (
        alliances,
        cards,
        comments,
        facilitator_link,
        followup,
        pages,
        plenaries,
        privacy,
        projector,
        safe_room,
        series,
        signups,
        transfer,
        workshops,
    )
    from .http import no_store_on_api

    for module in (workshops, cards, comments, safe_room, plenaries, privacy, signups,
                   facilitator_link, transfer, series, followup, pages, projector, alliances):
        app.register_blueprint(module.bp)
    app.after_request(no_store_on_api)
