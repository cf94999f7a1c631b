"""The HTTP adapter: routes grouped by resource, every change through ``pipeline``.

- ``workshops``: create, read, change, join, lock; events; settings, themes, timer, spotlight
- ``cards``: post, edit, delete, moderate, merge, paper notes, supports, "count me in", links
- ``comments``: post, delete, moderate
- ``plenaries``: take, list, note; the PDFs
- ``privacy``: own data, deleting it, deleting a workshop; the privacy pages
- ``transfer``: import, export, the moderation log
- ``pages``: the HTML pages, QR codes, the health check
"""

from __future__ import annotations

from flask import Flask

from . import cards, comments, pages, plenaries, privacy, transfer, workshops

BLUEPRINTS = (workshops.bp, cards.bp, comments.bp, plenaries.bp, privacy.bp, transfer.bp,
              pages.bp)


def register(app: Flask) -> None:
    """Attach every blueprint of the HTTP adapter to ``app``."""
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
