"""The big-board cells: a board of 2000 cards loading, and a large PDF rendering meanwhile."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from cells import percentile
from servers import Server


def fill_board(server: Server, cards: int) -> dict:
    """Create a second workshop holding ``cards`` cards; return it."""
    workshop = server.api("POST", "/api/v1/workshops", json={
        "title": "Stor tavle", "language": "da", "themes": ["Fritid", "Skole", "Digitalt liv"]}
    ).json()

    def post(number: int) -> None:
        """Post one card through the HTTP API."""
        response = server.api("POST", f"/api/v1/workshops/{workshop['id']}/cards", json={
            "client_id": f"board-{number}", "kind": "idea",
            "theme_id": workshop["themes"][number % 3]["id"],
            "text": f"Kort nummer {number}: " + "æøå fællesskab i klubben " * 4})
        assert response.status_code == 201, response.text

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(post, range(cards)))
    return workshop


def board_load(server: Server, workshop: dict, times: int = 15) -> dict:
    """Load the whole board ``times`` times; return its size and times (loopback wall time)."""
    took = []
    for _ in range(times):
        started = time.monotonic()
        response = server.api("GET", f"/api/v1/workshops/{workshop['id']}")
        took.append(time.monotonic() - started)
        assert response.status_code == 200
    return {"cards": len(response.json()["cards"]), "bytes": len(response.content),
            "p50_ms": percentile(took, 0.5), "max_ms": round(max(took) * 1000, 1)}


def pdf_cells(run, settings: dict) -> tuple[list[dict], dict]:
    """Board load of a big board, then p95 without and with a large PDF rendering.

    ``run`` is a ``run_fanout.Run`` of openspace with its phones connected.
    """
    server = run.servers[0]
    board = fill_board(server, settings["board_cards"])
    load = board_load(server, board)
    print(f"  board of {load['cards']} cards loads in {load['p50_ms']} ms (p50)", flush=True)
    quiet = run.cell(10, settings["duration"], scenario="pdf: quiet")
    rendering, renders = threading.Event(), []

    def render_reports():
        """Download the full-day report again and again: a long render each time."""
        while not rendering.is_set():
            started = time.monotonic()
            response = server.api("GET", f"/api/v1/workshops/{board['id']}/report.pdf")
            renders.append((response.status_code, time.monotonic() - started))

    downloader = threading.Thread(target=render_reports, daemon=True)
    downloader.start()
    time.sleep(1)
    busy = run.cell(10, settings["duration"], scenario="pdf: rendering")
    rendering.set()
    downloader.join(120)
    busy["pdf_renders"] = [{"status": s, "seconds": round(t, 1)} for s, t in renders]
    again = run.cell(10, settings["duration"], scenario="pdf: quiet again")
    return [quiet, busy, again], load
