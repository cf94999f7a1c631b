"""The whole board at 2000 cards (issue 15 point 5): time and bytes on the wire, before and after.

    .venv/bin/python benchmarks/run_board.py                       # this checkout
    .venv/bin/python benchmarks/run_board.py --before /tmp/before  # and an older checkout beside it

For each checkout: a server (pinned like the fan-out benchmark's), a board of
``--cards`` cards posted through the API by a few participants, then the board
loaded ``--times`` times by the organiser, a participant and the projector,
plain (``Accept-Encoding: identity``) and gzip. Reports the wall time on the
loopback (p50, max, the first load of each viewer: the cache is cold), the
server's own time where it says it (``Server-Timing``), and the bytes on the
wire. Writes ``results/BOARD.md`` and ``results/board.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from servers import ROOT, Server

RESULTS = Path(__file__).resolve().parent / "results"
VIEWERS = ("organiser", "participant", "projector")


def fill(server: Server, cards: int) -> dict:
    """Create a workshop with ``cards`` cards from 20 participants; return its tokens."""
    workshop = server.api("POST", "/api/v1/workshops", json={
        "title": "Stor tavle", "language": "da",
        "themes": ["Fritid", "Skole", "Digitalt liv"]}).json()
    people = [server.api("POST", f"/api/v1/workshops/{workshop['id']}/participants", None,
                         json={"join_code": workshop["join_code"], "name": f"Deltager {n}"}
                         ).json()["token"] for n in range(20)]

    def post(number: int) -> None:
        """Post one card as one of the participants."""
        response = server.api("POST", f"/api/v1/workshops/{workshop['id']}/cards",
                              people[number % len(people)], json={
                                  "client_id": f"board-{number}", "kind": "idea",
                                  "theme_id": workshop["themes"][number % 3]["id"],
                                  "text": f"Kort nummer {number}: "
                                          + "æøå fællesskab i klubben " * 4})
        assert response.status_code == 201, response.text

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(post, range(cards)))
    return {"id": workshop["id"], "organiser": server.env["OPENSPACE_ADMIN_TOKEN"],
            "participant": people[0], "projector": workshop["facilitator_token"]}


def load(server: Server, board: dict, viewer: str, encoding: str) -> dict:
    """Load the board once as ``viewer``; return wall ms, server ms and the wire bytes."""
    query = "?view=projector" if viewer == "projector" else ""
    started = time.perf_counter()
    response = requests.get(f"{server.url}/api/v1/workshops/{board['id']}{query}", stream=True,
                            headers={"Authorization": f"Bearer {board[viewer]}",
                                     "Accept-Encoding": encoding}, timeout=60)
    wire = response.raw.read(decode_content=False)
    took = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, response.status_code
    timing = response.headers.get("Server-Timing", "")
    server_ms = float(timing.split("dur=")[1]) if "dur=" in timing else None
    return {"wall_ms": took, "server_ms": server_ms, "bytes": len(wire),
            "encoding": response.headers.get("Content-Encoding", "identity")}


def measure(root: Path, label: str, cards: int, times: int) -> dict:
    """Start ``root``'s server, fill the board, load it; return the figures per viewer."""
    with tempfile.TemporaryDirectory(prefix="openspace-board-") as folder:
        server = Server("openspace", "eventlet", Path(folder) / "instance", root=root).start()
        try:
            board = fill(server, cards)
            figures = {}
            for viewer in VIEWERS:
                for encoding in ("identity", "gzip"):
                    runs = [load(server, board, viewer, encoding) for _ in range(times)]
                    walls = sorted(r["wall_ms"] for r in runs)
                    servers = sorted(r["server_ms"] for r in runs if r["server_ms"] is not None)
                    figures[f"{viewer} {encoding}"] = {
                        "first_wall_ms": round(runs[0]["wall_ms"], 1),
                        "p50_wall_ms": round(statistics.median(walls), 1),
                        "max_wall_ms": round(walls[-1], 1),
                        "p50_server_ms": round(statistics.median(servers), 1) if servers
                        else None,
                        "bytes": runs[-1]["bytes"], "encoding": runs[-1]["encoding"]}
                    print(f"  {label:6} {viewer:11} {encoding:8} {figures[f'{viewer} {encoding}']}",
                          flush=True)
            return figures
        finally:
            server.stop()


def markdown(results: dict) -> str:
    """Return the report."""
    lines = [f"# The whole board at {results['cards']} cards (issue 15 point 5)", "",
             f"Command: `{results['command']}`", "",
             f"Run {results['started']} UTC; load average at the start "
             f"{results['load_start']}, at the end {results['load_end']} (2 cores, shared).",
             "Wall time is on the loopback (the client's, an upper bound of the server's);"
             " server time is the `Server-Timing` header (the new code only).", "",
             "| checkout | viewer | asked → sent | first load (ms) | p50 wall (ms) | max wall (ms) "
             "| p50 server (ms) | bytes on the wire |",
             "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |"]
    for label, figures in results["runs"].items():
        for name, f in figures.items():
            viewer, encoding = name.split()
            lines.append(f"| {label} | {viewer} | {encoding} → {f['encoding']} | "
                         f"{f['first_wall_ms']} | "
                         f"{f['p50_wall_ms']} | {f['max_wall_ms']} | "
                         f"{f['p50_server_ms'] if f['p50_server_ms'] is not None else '–'} | "
                         f"{f['bytes']:,} |")
    return "\n".join(lines) + "\n"


def main(argv=None) -> None:
    """Measure this checkout (and ``--before``), write the results."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", type=Path, help="an older checkout to measure beside")
    parser.add_argument("--cards", type=int, default=2000)
    parser.add_argument("--times", type=int, default=15)
    parser.add_argument("--name", default="board")
    args = parser.parse_args(argv)
    results = {"command": " ".join([".venv/bin/python benchmarks/run_board.py",
                                    *(argv or sys.argv[1:])]),
               "started": time.strftime("%Y-%m-%d %H:%M", time.gmtime()), "cards": args.cards,
               "load_start": [round(x, 2) for x in os.getloadavg()], "runs": {}}
    if args.before:
        results["runs"]["before"] = measure(args.before, "before", args.cards, args.times)
    results["runs"]["after"] = measure(ROOT, "after", args.cards, args.times)
    results["load_end"] = [round(x, 2) for x in os.getloadavg()]
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{args.name}.json").write_text(json.dumps(results, indent=1) + "\n")
    (RESULTS / f"{args.name.upper()}.md").write_text(markdown(results))
    print(markdown(results))


if __name__ == "__main__":
    main()
