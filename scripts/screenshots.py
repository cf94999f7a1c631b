"""Screenshots of the demo workshop for the README: phone, projector, facilitator, organiser.

Usage: ``.venv/bin/python scripts/screenshots.py`` (needs the test extra and Chromium:
``apt-get install chromium``). Starts ``run.py --demo`` on a fresh instance folder, opens
each page in headless Chromium, and writes ``docs/screenshots/*.png`` (palette PNGs, small).
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import urlopen

from PIL import Image
from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "screenshots"
# The address the demo's QR code and join line show: a laptop on a venue's Wi-Fi.
SHOWN_ADDRESS = "http://192.168.1.20:5000"
LINK_LABELS = {"organiser": "Organiser page", "join": "Demo join page",
               "facilitator": "Demo facilitator", "projector": "Demo projector"}


def free_port() -> int:
    """Return a free TCP port on the loopback."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_demo(instance: Path, port: int) -> tuple[subprocess.Popen, dict[str, str]]:
    """Start ``run.py --demo`` and return the process and its printed links (as local URLs)."""
    env = {**os.environ, "OPENSPACE_INSTANCE_PATH": str(instance),
           "OPENSPACE_ADMIN_TOKEN": secrets.token_urlsafe(24),
           "OPENSPACE_PUBLIC_URL": SHOWN_ADDRESS, "PYTHONUNBUFFERED": "1"}
    log = instance.parent / "server.log"
    command = [sys.executable, str(ROOT / "run.py"), "--demo", "--host", "127.0.0.1",
               "--port", str(port)]
    # Our own run.py with fixed arguments, no shell.
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("wb"),  # noqa: S603
                               stderr=subprocess.STDOUT)
    local = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server stopped:\n{log.read_text()}")
        try:
            with urlopen(local + "/healthz", timeout=1):  # noqa: S310 - our own loopback server
                break
        except OSError:
            time.sleep(0.2)
    else:
        process.terminate()
        raise SystemExit(f"the server did not start:\n{log.read_text()}")
    printed = log.read_text(encoding="utf-8")
    links = {}
    for name, label in LINK_LABELS.items():
        found = re.search(rf"{label}:\s+(\S+)", printed)
        if not found:
            process.terminate()
            raise SystemExit(f"no '{label}' line in the server's output:\n{printed}")
        parts = urlsplit(found.group(1))
        links[name] = local + parts.path + (f"#{parts.fragment}" if parts.fragment else "")
    return process, links


def save(page, name: str) -> Path:
    """Screenshot ``page`` into docs/screenshots/<name>.png as a small palette PNG."""
    path = OUTPUT / f"{name}.png"
    page.screenshot(path=str(path), animations="disabled", caret="hide")
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)
    return path


def take_screenshots(links: dict[str, str], chromium: str) -> list[Path]:
    """Open every page as its user would see it and save the pictures."""
    taken = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        options = {"locale": "da-DK", "timezone_id": "Europe/Copenhagen"}

        phone = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True,
                                    has_touch=True, device_scale_factor=1.5, **options)
        page = phone.new_page()
        page.goto(links["join"])
        expect(page.locator("#conn")).to_have_attribute("data-state", "connected")
        expect(page.locator("#cards .card").first).to_be_visible()
        taken.append(save(page, "phone"))

        projector = browser.new_context(viewport={"width": 1920, "height": 1080}, **options)
        page = projector.new_page()
        page.goto(links["projector"])
        expect(page.locator(".pj-card").first).to_be_visible()
        page.wait_for_timeout(2500)  # the new-card highlight fades
        taken.append(save(page, "projector"))

        laptop = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
        page = laptop.new_page()
        page.goto(links["facilitator"])
        expect(page.locator("#conn")).to_have_attribute("data-state", "connected")
        expect(page.locator("#themes .card").first).to_be_visible()
        taken.append(save(page, "facilitator"))

        page = laptop.new_page()
        page.goto(links["organiser"])
        expect(page.locator("#ws-list li").first).to_be_visible()
        # Down to the list of workshops: the day and times in the workshop's own clock.
        page.locator("#create-form button[type=submit]").scroll_into_view_if_needed()
        page.mouse.wheel(0, 120)
        page.wait_for_timeout(300)
        taken.append(save(page, "organiser"))
        browser.close()
    return taken


def main(argv: list[str] | None = None) -> None:
    """Start the demo, take the screenshots, stop the demo."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default=os.environ.get("OPENSPACE_CHROMIUM",
                                                             "/usr/bin/chromium"))
    args = parser.parse_args(argv)
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        process, links = start_demo(Path(folder) / "instance", free_port())
        try:
            for path in take_screenshots(links, args.chromium):
                print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1000} kB")
        finally:
            process.terminate()
            process.wait(10)


if __name__ == "__main__":
    main()
