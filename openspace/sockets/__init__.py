"""The Socket.IO adapter: live events out, ``card:create`` in (through ``web.pipeline``)."""

from __future__ import annotations


def register() -> None:
    """Load the handlers; importing ``events`` registers them on the shared ``socketio``."""
    from . import events  # noqa: F401
