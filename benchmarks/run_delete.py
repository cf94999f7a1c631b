"""Benchmark: "delete me" late in the day, and a card posted by someone else meanwhile.

One command (about 5 minutes on 2 cores):

    .venv/bin/python benchmarks/run_delete.py                 # results/delete.json, DELETE.md
    .venv/bin/python benchmarks/run_delete.py --before PATH   # also a checkout of an older commit

For each board size (3,000 and 20,000 events, and 3,000 with six plenaries
taken), a real ``run.py`` server (eventlet, SQLite, pinned to core 0) gets the
board through the API. Then, interleaved, ``--trials`` times each:

- *alone*: participant Q posts a card over HTTP; a live phone (a
  python-socketio client) notes when the card's ``event`` arrives;
- *beside another post*: the same, 5 ms after participant R posted a card
  (the normal contention of a busy room);
- *with delete*: a participant with 20 own cards, a comment and a support
  sends ``DELETE /participants/me``; 5 ms later Q posts a card the same way.

The result is the time "delete me" takes to answer, and the card's latency
to the phone with the delete against without it, side by side in the same
run (the ratio is the figure; the absolute times depend on the machine).
With ``--before`` the same cells run on the other checkout's server too.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import threading
import time
from pathlib import Path

import socketio
from servers import ROOT, Server

RESULTS = Path(__file__).resolve().parent / "results"
OWN_CARDS = 20
BULK_LINES = 300


def percentile(values: list[float], share: float) -> float:
    """Return the ``share`` percentile (0..1) of ``values``, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


class Board:
    """A workshop on a running server, filled to a number of events."""

    def __init__(self, server: Server):
        """Create the workshop."""
        self.server = server
        body = {"title": "Benchmark", "language": "da", "themes": ["Fritid", "Skole", "Job"]}
        created = server.api("post", "/api/v1/workshops", json=body).json()
        self.id, self.code = created["id"], created["join_code"]
        self.themes = [t["id"] for t in created["themes"]]
        self.facilitator = created["facilitator_token"]
        self.base = f"/api/v1/workshops/{self.id}"
        self.serial = 0

    def join(self, name: str | None = None) -> dict:
        """Join as a participant."""
        return self.server.api("post", f"{self.base}/participants", token=None,
                               json={"join_code": self.code, "name": name}).json()

    def fill(self, events: int) -> None:
        """Post paper notes (300 a request) until the log holds ``events`` events."""
        while True:
            seq = self.server.api("get", self.base, token=self.facilitator).json()["seq"]
            missing = events - seq
            if missing <= 0:
                return
            lines = min(BULK_LINES, missing)
            self.serial += 1
            text = "\n".join(f"Idé nummer {self.serial}-{i}: fællesspisning og lektiehjælp"
                             for i in range(lines))
            answer = self.server.api("post", f"{self.base}/cards/bulk", token=self.facilitator,
                                     json={"client_id": f"bulk-{self.serial}", "kind": "idea",
                                           "theme_id": self.themes[self.serial % 3],
                                           "text": text})
            assert answer.status_code == 201, answer.text

    def post(self, token: str, client_id: str, text: str) -> None:
        """Post a card over HTTP."""
        answer = self.server.api("post", f"{self.base}/cards", token=token, json={
            "client_id": client_id, "kind": "idea", "theme_id": self.themes[0], "text": text})
        assert answer.status_code == 201, answer.text

    def leaver(self, index: int) -> str:
        """Return the token of a participant with 20 own cards, a comment and a support."""
        person = self.join(f"Deltager {index}")
        token = person["token"]
        first = None
        for n in range(OWN_CARDS):
            client_id = f"leaver-{index}-{n}"
            answer = self.server.api("post", f"{self.base}/cards", token=token, json={
                "client_id": client_id, "kind": "idea", "theme_id": self.themes[n % 3],
                "text": f"Min idé {n}: ring til mig på 12 34 56 {index:02d}"})
            first = first or answer.json()["id"]
        self.server.api("post", f"{self.base}/cards/{first}/comments", token=token,
                        json={"client_id": f"leaver-{index}-m", "text": "Hvem er med?"})
        self.server.api("put", f"{self.base}/cards/{first}/support", token=token, json={})
        return token


class Phone:
    """A live phone: notes when each card's event arrives, by its client_id."""

    def __init__(self, server: Server, board: Board, token: str):
        """Connect from the board's current seq."""
        self.arrived: dict[str, float] = {}
        self.client = socketio.Client(reconnection=False)
        self.client.on("event", self._on_event)
        seq = server.api("get", board.base, token=token).json()["seq"]
        self.client.connect(server.url, auth={"workshop": board.id, "token": token,
                                              "last_seq": seq}, transports=["websocket"])

    def _on_event(self, event: dict) -> None:
        """Note a card's arrival."""
        if event.get("type") == "card.created":
            self.arrived.setdefault(event["data"].get("client_id", ""), time.perf_counter())

    def wait_for(self, client_id: str, timeout: float = 30) -> float:
        """Return when the card arrived."""
        deadline = time.monotonic() + timeout
        while client_id not in self.arrived:
            if time.monotonic() > deadline:
                raise TimeoutError(client_id)
            time.sleep(0.001)
        return self.arrived[client_id]


def run_cell(server: Server, events: int, plenaries: int, trials: int) -> dict:
    """Fill a board and time the trials with and without a delete."""
    board = Board(server)
    step = events // (plenaries + 1) if plenaries else events
    for number in range(plenaries):
        board.fill(step * (number + 1))
        server.api("post", f"{board.base}/plenaries", token=board.facilitator, json={})
    board.fill(events - OWN_CARDS * trials - 10)
    poster = board.join("Q")["token"]
    neighbour = board.join("R")["token"]
    phone = Phone(server, board, board.join("P")["token"])
    leavers = [board.leaver(i) for i in range(trials)]
    if plenaries:
        time.sleep(10)  # let the plenary PDFs render before measuring
    final_seq = server.api("get", board.base, token=board.facilitator).json()["seq"]
    baseline, with_post, with_delete, deletes = [], [], [], []

    def card_latency(client_id: str, text: str, meanwhile=None) -> float:
        """Post a card (5 ms after starting ``meanwhile`` in a thread); return its latency."""
        worker = threading.Thread(target=meanwhile) if meanwhile else None
        if worker:
            worker.start()
            time.sleep(0.005)
        sent = time.perf_counter()
        board.post(poster, client_id, text)
        try:
            latency = phone.wait_for(client_id) - sent
        except TimeoutError:
            latency = float("inf")  # never arrived: the server dropped the phone meanwhile
        if worker:
            worker.join()
        time.sleep(0.05)
        return latency

    for trial in range(trials):
        baseline.append(card_latency(f"plain-{trial}", "Et kort midt på dagen"))
        # Normal contention: someone else posts a card 5 ms before.
        with_post.append(card_latency(
            f"beside-{trial}", "Et kort ved siden af et andet",
            lambda trial=trial: board.post(neighbour, f"other-{trial}", "Hej")))
        took = {}

        def delete_me(token=leavers[trial], took=took):
            """Send "delete me" and time the answer."""
            start = time.perf_counter()
            answer = server.api("delete", f"{board.base}/participants/me", token=token)
            took["s"] = time.perf_counter() - start
            took["status"] = answer.status_code

        with_delete.append(card_latency(f"during-{trial}", "Et kort mens nogen sletter sig",
                                        delete_me))
        assert took["status"] == 200, took
        deletes.append(took["s"])
    phone.client.disconnect()
    return {
        "events": final_seq, "plenaries": plenaries, "trials": trials,
        "delete_me_ms": {"p50": 1000 * statistics.median(deletes),
                         "p95": 1000 * percentile(deletes, 0.95), "max": 1000 * max(deletes)},
        "card_ms_without_delete": {"p50": 1000 * statistics.median(baseline),
                                   "p95": 1000 * percentile(baseline, 0.95)},
        "card_ms_with_post": {"p50": 1000 * statistics.median(with_post),
                              "p95": 1000 * percentile(with_post, 0.95)},
        "card_ms_with_delete": {"p50": 1000 * statistics.median(with_delete),
                                "p95": 1000 * percentile(with_delete, 0.95)},
        "ratio_p50": statistics.median(with_delete) / statistics.median(baseline),
        "ratio_p95": percentile(with_delete, 0.95) / percentile(baseline, 0.95),
    }


def run(root: Path, label: str, cells, trials: int) -> list[dict]:
    """Run every cell on a fresh server from ``root``."""
    rows = []
    for events, plenaries in cells:
        with tempfile.TemporaryDirectory() as folder:
            server = Server("openspace", "eventlet", Path(folder) / "instance", root=root).start()
            try:
                row = run_cell(server, events, plenaries, trials)
            finally:
                server.stop()
        row["code"] = label
        print(json.dumps(row), flush=True)
        rows.append(row)
    return rows


def report(rows: list[dict], command: str) -> str:
    """Return the markdown table of the results."""
    lines = [
        "# \"Delete me\" late in the day",
        "",
        f"Command: `{command}` (one server process, eventlet, SQLite, pinned to core 0).",
        "",
        "| code | events | plenaries | delete me p50 / p95 / max (ms) "
        "| card to phone p50 / p95 alone (ms) | beside another post (ms) | with delete (ms) "
        "| delete / alone p50 / p95 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        d, a, b = r["delete_me_ms"], r["card_ms_without_delete"], r["card_ms_with_delete"]
        p = r["card_ms_with_post"]
        lines.append(
            f"| {r['code']} | {r['events']} | {r['plenaries']} "
            f"| {d['p50']:.0f} / {d['p95']:.0f} / {d['max']:.0f} "
            f"| {a['p50']:.1f} / {a['p95']:.1f} | {p['p50']:.1f} / {p['p95']:.1f} "
            f"| {b['p50']:.1f} / {b['p95']:.1f} "
            f"| {r['ratio_p50']:.2f} / {r['ratio_p95']:.2f} |")
    if any(r["card_ms_without_delete"]["p50"] == float("inf") for r in rows):
        lines += ["", "`inf`: the card never reached the phone: the server held its loop "
                  "through each delete for seconds, past the socket's ping time-out, and "
                  "dropped the phone."]
    lines += ["", "Target: delete me ≤ 100 ms at 3,000 and 20,000 events; the card's latency "
              "with the delete close to its normal latency (alone, or beside another post)."]
    return "\n".join(lines) + "\n"


def main() -> None:
    """Run the cells and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=15)
    parser.add_argument("--before", type=Path, help="a checkout of an older commit to compare")
    parser.add_argument("--before-trials", type=int, default=5,
                        help="trials on the older checkout (each delete may take seconds)")
    parser.add_argument("--quick", action="store_true", help="3,000 events only, 5 trials")
    args = parser.parse_args()
    cells = [(3000, 0)] if args.quick else [(3000, 0), (20000, 0), (3000, 6)]
    trials = 5 if args.quick else args.trials
    rows = run(ROOT, "this commit", cells, trials)
    if args.before:
        rows += run(args.before.resolve(), "before", cells,
                    min(trials, args.before_trials))
    command = "python benchmarks/run_delete.py" + (" --quick" if args.quick else "") + (
        " --before ../before" if args.before else "")
    RESULTS.mkdir(exist_ok=True)
    name = "delete-quick" if args.quick else "delete"
    (RESULTS / f"{name}.json").write_text(json.dumps(rows, indent=2) + "\n")
    (RESULTS / f"{name.upper()}.md").write_text(report(rows, command))
    print(report(rows, command))


if __name__ == "__main__":
    main()
