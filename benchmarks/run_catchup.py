"""Benchmark: sockets and requests that ask for the whole log (issue 18.4), before and after.

    .venv/bin/python benchmarks/run_catchup.py [--before PATH]   # results/catchup.json, CATCHUP.md

On a board of 10,000 events (real ``run.py``, eventlet, SQLite, core 0):

- 30 raw websockets connect with ``last_seq: 0`` and no ``max_backlog`` and
  never read (4 KB receive buffers): the server's RSS growth after 5 s, and
  the slowest ``/healthz`` meanwhile;
- five ``GET /events?after=0`` in a row: the answer size and the slowest
  ``/healthz`` measured alongside them.

With ``--before`` the same runs on an older checkout, side by side.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import socket
import tempfile
import threading
import time
from pathlib import Path

import requests
import websocket
from run_delete import Board
from servers import ROOT, Server

RESULTS = Path(__file__).resolve().parent / "results"
EVENTS = 10_000
IDLE = 30


def idle_socket(server: Server, board: Board, token: str) -> websocket.WebSocket:
    """A socket that asks for everything and never reads."""
    ws = websocket.create_connection(
        f"ws://127.0.0.1:{server.port}/socket.io/?EIO=4&transport=websocket", timeout=30,
        sockopt=((socket.SOL_SOCKET, socket.SO_RCVBUF, 4096),))
    ws.recv()
    ws.send("40" + json.dumps({"workshop": board.id, "token": token, "last_seq": 0}))
    return ws


class HealthWatch:
    """Polls /healthz in a thread; keeps the slowest answer."""

    def __init__(self, server: Server):
        """Start polling."""
        self.server, self.slowest, self.running = server, 0.0, True
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        """Poll every 50 ms."""
        while self.running:
            start = time.perf_counter()
            with contextlib.suppress(requests.RequestException):
                requests.get(f"{self.server.url}/healthz", timeout=30)
            self.slowest = max(self.slowest, time.perf_counter() - start)
            time.sleep(0.05)

    def stop(self) -> float:
        """Stop; return the slowest answer in seconds."""
        self.running = False
        self.thread.join()
        return self.slowest


def run(root: Path, label: str) -> dict:
    """Measure one checkout."""
    with tempfile.TemporaryDirectory() as folder:
        server = Server("openspace", "eventlet", Path(folder) / "instance", root=root).start()
        try:
            board = Board(server)
            board.fill(EVENTS)
            people = [board.join()["token"] for _ in range(3)]
            time.sleep(1)
            rss = server.rss_bytes()
            watch = HealthWatch(server)
            sockets = [idle_socket(server, board, people[i % 3]) for i in range(IDLE)]
            time.sleep(5)
            grown = (server.rss_bytes() - rss) / 2**20
            socket_stall = watch.stop()
            for ws in sockets:
                ws.close()
            time.sleep(2)
            watch = HealthWatch(server)
            sizes, statuses = [], []
            for _ in range(5):
                answer = server.api("get", f"{board.base}/events?after=0", token=people[0])
                sizes.append(len(answer.content))
                statuses.append(answer.status_code)
            events_stall = watch.stop()
        finally:
            server.stop()
    row = {"code": label, "events": EVENTS, "idle_sockets": IDLE,
           "rss_growth_mb": round(grown, 1), "healthz_slowest_s_sockets": round(socket_stall, 3),
           "events_page_bytes": max(sizes), "events_statuses": statuses,
           "healthz_slowest_s_events": round(events_stall, 3)}
    print(json.dumps(row), flush=True)
    return row


def main() -> None:
    """Run and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path)
    args = parser.parse_args()
    rows = [run(ROOT, "this commit")]
    if args.before:
        rows.append(run(args.before.resolve(), "before"))
    lines = ["# Catch-up bounded", "",
             "Command: `python benchmarks/run_catchup.py"
             + (" --before ../before`" if args.before else "`"), "",
             "| code | RSS growth, 30 idle sockets from 0 (MB) | slowest /healthz meanwhile (s) "
             "| GET /events?after=0 size (bytes) | slowest /healthz over 5 of them (s) |",
             "|---|---|---|---|---|"]
    lines += [f"| {r['code']} | {r['rss_growth_mb']} | {r['healthz_slowest_s_sockets']} "
              f"| {r['events_page_bytes']} | {r['healthz_slowest_s_events']} |" for r in rows]
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "catchup.json").write_text(json.dumps(rows, indent=2) + "\n")
    (RESULTS / "CATCHUP.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
