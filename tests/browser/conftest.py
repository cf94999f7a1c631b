"""Real-browser fixtures: one real server process, headless Chromium through Playwright."""

from __future__ import annotations

import os
import shutil
import uuid

import pytest

from .. import helpers
from ..conftest import need
from ..helpers import ORGANISER_TOKEN, create_workshop
from ..server import ServerProcess

CHROMIUM = os.environ.get("OPENSPACE_CHROMIUM", "/usr/bin/chromium")
PHONE = {"viewport": {"width": 360, "height": 740}, "has_touch": True, "is_mobile": True,
         "device_scale_factor": 2}
PROJECTOR = {"viewport": {"width": 1920, "height": 1080}}
LAPTOP = {"viewport": {"width": 1280, "height": 800}}

pytestmark = pytest.mark.services


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """``python run.py`` on the loopback, for the whole browser session."""
    server = ServerProcess(tmp_path_factory.mktemp("browser") / "instance", ORGANISER_TOKEN)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium (Debian's), or a skip (a failure in CI) when it is missing."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need(False, "playwright is not installed (pip install -e '.[test]')")
    need(shutil.which(CHROMIUM) is not None or os.path.exists(CHROMIUM),
         f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def open_context(browser):
    """Return a function that opens a browser context (a separate device); all closed after."""
    contexts = []

    def open_one(**options):
        """Open a context with ``options`` (viewport, touch, locale...)."""
        context = browser.new_context(**options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield open_one
    for context in contexts:
        context.close()


@pytest.fixture
def workshop(live_server):
    """A fresh Danish workshop with three themes on the live server."""
    return create_workshop(live_server)


def post_card(live_server, workshop: dict, text: str, kind: str = "idea", theme: int = 0) -> dict:
    """Post a card as the facilitator over HTTP (a new client_id each time) and return it."""
    return helpers.post_card(live_server, workshop, workshop["facilitator_token"],
                             str(uuid.uuid4()), kind=kind, text=text, theme=theme)
