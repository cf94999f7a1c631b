"""The live board while the 2000-card report renders (issue 15, point 4), one command.

    .venv/bin/python benchmarks/run_render.py                      # 500 phones x 10 cards/s
    .venv/bin/python benchmarks/run_render.py --phones 200 --rounds 3
    OPENSPACE_BENCH_SERVER_CORE= .venv/bin/python benchmarks/run_render.py --name render-unpinned
    .venv/bin/python benchmarks/run_render.py --pdf-cpus off --name render-same-core

Starts the bare Flask-SocketIO server and openspace side by side (pinned to
core 0 unless ``OPENSPACE_BENCH_SERVER_CORE`` says otherwise), connects the
same number of phones to each, fills a second openspace workshop with a board
of 2000 cards, then per round runs these cells at 10 cards/s: the bare server,
openspace quiet, openspace while the report renders again and again (before
each download a card is added to the big board, so the organiser's
``report.pdf`` is made afresh, never served from the stored copy), openspace
quiet again. Writes ``results/<name>.json`` and ``results/<name>.md`` with
``uptime`` at the start and the end: the machine is shared, so compare
ratios within one run, not absolute times across runs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from statistics import mean

from board import fill_board
from run_fanout import RESULTS, Run
from servers import SERVER_CORE, can_pin


def uptime() -> str:
    """Return what ``uptime`` says (load averages of a shared machine)."""
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


class Renders:
    """A thread downloading the big board's report again and again, each a fresh render."""

    def __init__(self, run: Run, board: dict):
        """Render ``board``'s report through ``run``'s first openspace server."""
        self.server, self.board = run.servers[0], board
        self.stop, self.done, self.thread = threading.Event(), [], None
        self.theme = board["themes"][0]["id"]

    def _loop(self) -> None:
        """Add a card (the stored report is then stale), download the report; again."""
        number = 0
        while not self.stop.is_set():
            number += 1
            self.server.api("POST", f"/api/v1/workshops/{self.board['id']}/cards", json={
                "client_id": f"render-{time.monotonic_ns()}-{number}", "kind": "idea",
                "theme_id": self.theme, "text": f"Ny under rapporten {number}"})
            started = time.monotonic()
            response = self.server.api("GET", f"/api/v1/workshops/{self.board['id']}/report.pdf")
            self.done.append({"status": response.status_code, "bytes": len(response.content),
                              "seconds": round(time.monotonic() - started, 2)})

    def __enter__(self) -> Renders:
        """Start rendering; the first render is under way when this returns."""
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()
        time.sleep(1)
        return self

    def __exit__(self, *exc) -> None:
        """Stop after the render under way."""
        self.stop.set()
        self.thread.join(180)


def renderer_cpus(run: Run) -> list[str]:
    """Return the cores and niceness of the server's PDF children (the spare), from /proc."""
    found = []
    for server in run.servers:
        children = Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children")
        for pid in children.read_text().split():
            try:
                status = Path(f"/proc/{pid}/status").read_text().splitlines()
                cpus = next(line.split(":", 1)[1].strip() for line in status
                            if line.startswith("Cpus_allowed_list"))
                nice = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[16]
                found.append(f"pid {pid}: cores {cpus}, nice {nice}")
            except (OSError, StopIteration):
                continue
    return found


def summary(cell: dict) -> dict:
    """Return the figures of one cell that the report shows."""
    return {"scenario": cell["scenario"], "p50_ms": cell["all_phones_ms"]["p50"],
            "p95_ms": cell["all_phones_ms"]["p95"], "p99_ms": cell["all_phones_ms"]["p99"],
            "one_phone_p95_ms": cell["delivery_ms"]["p95"], "lost": cell["lost"],
            "server_cpu_percent": cell["server_cpu_percent"],
            "loadgen_cpu_percent": cell["loadgen_cpu_percent"],
            "load_average": cell["load_average"],
            **({"renders": cell["renders"]} if "renders" in cell else {})}


def main(argv=None) -> None:
    """Run the rounds and write the results."""
    parser = argparse.ArgumentParser(description="live p95 while the big report renders")
    parser.add_argument("--phones", type=int, default=500)
    parser.add_argument("--rate", type=float, default=10)
    parser.add_argument("--duration", type=float, default=12)
    parser.add_argument("--cards", type=int, default=2000, help="cards on the big board")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--pdf-cpus", default="auto", help="OPENSPACE_PDF_CPUS of openspace")
    parser.add_argument("--name", default="render")
    args = parser.parse_args(argv)
    command = " ".join([*([f"OPENSPACE_BENCH_SERVER_CORE={SERVER_CORE}"]
                          if SERVER_CORE != "0" else []),
                        ".venv/bin/python benchmarks/run_render.py", *(argv or sys.argv[1:])])
    started, start_uptime = time.time(), uptime()
    print(start_uptime, flush=True)
    cells: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="openspace-render-") as tmp:
        folder = Path(tmp)
        bare = Run(folder, "reference", "eventlet", args.phones)
        app = None
        try:
            app = Run(folder, "openspace", "eventlet", args.phones,
                      env={"OPENSPACE_PDF_CPUS": args.pdf_cpus})
            board = fill_board(app.servers[0], args.cards)
            app.servers[0].api("GET", f"/api/v1/workshops/{board['id']}/report.pdf")  # warm
            time.sleep(3)  # the next spare has started and set its cores and niceness
            children = renderer_cpus(app)
            print("  renderer:", children, flush=True)
            for round_number in range(args.rounds):
                for scenario in ("bare", "quiet", "rendering", "quiet again"):
                    run = bare if scenario == "bare" else app
                    if scenario == "rendering":
                        with Renders(app, board) as renders:
                            cell = run.cell(args.rate, args.duration, scenario=scenario)
                        cell["renders"] = renders.done
                    else:
                        cell = run.cell(args.rate, args.duration, scenario=scenario)
                    cell["round"] = round_number + 1
                    cell["load_average"] = [round(x, 2) for x in os.getloadavg()]
                    cells.append(cell)
        finally:
            if app:
                app.close()
            bare.close()
    write(args, command, started, start_uptime, children, cells)


def write(args, command: str, started: float, start_uptime: str, children: list[str],
          cells: list[dict]) -> None:
    """Write ``results/<name>.json`` and its markdown."""
    def p95s(scenario: str) -> list[float]:
        """Return the all-phones p95 of every cell of ``scenario``."""
        return [c["all_phones_ms"]["p95"] for c in cells if c["scenario"] == scenario
                and c["all_phones_ms"]["p95"] is not None]

    quiet = mean(p95s("quiet") + p95s("quiet again"))
    rendering, bare = mean(p95s("rendering")), mean(p95s("bare"))
    renders = [r for c in cells for r in c.get("renders", [])]
    result = {
        "name": args.name, "command": command,
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
        "minutes": round((time.time() - started) / 60, 1),
        "settings": vars(args), "uptime_start": start_uptime, "uptime_end": uptime(),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform(),
                    "server_core": SERVER_CORE if can_pin() and SERVER_CORE else "unpinned"},
        "renderer": children,
        "p95_ms": {"bare": round(bare, 1), "quiet": round(quiet, 1),
                   "rendering": round(rendering, 1)},
        "rendering_over_quiet": round(rendering / quiet, 2),
        "rendering_over_bare": round(rendering / bare, 2),
        "quiet_over_bare": round(quiet / bare, 2),
        "renders": {"count": len(renders), "all_200": all(r["status"] == 200 for r in renders),
                    "seconds": [r["seconds"] for r in renders]},
        "cells": [summary(c) | {"round": c["round"]} for c in cells],
        "raw_cells": cells,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{args.name}.json").write_text(json.dumps(result, indent=1, ensure_ascii=False)
                                               + "\n", encoding="utf-8")
    moved = 100 * (result["rendering_over_quiet"] - 1)
    lines = [
        f"# Live board while the {args.cards}-card report renders: {args.name}", "",
        f"Run {result['started']} ({result['minutes']} min). Command:", "",
        "```sh", command, "```", "",
        f"- uptime at the start: `{start_uptime}`",
        f"- uptime at the end: `{result['uptime_end']}`",
        f"- {args.phones} phones, {args.rate:g} cards/s, {args.duration:g} s per cell, "
        f"{args.rounds} rounds; server core: {result['machine']['server_core']}; "
        f"OPENSPACE_PDF_CPUS={args.pdf_cpus}",
        f"- the PDF children (from /proc): {'; '.join(children) or 'none found'}",
        f"- renders during the rendering cells: {len(renders)}, "
        f"{', '.join(f'{s} s' for s in result['renders']['seconds'])}", "",
        "| target | result | verdict |", "| --- | --- | --- |",
        f"| live p95 moves ≤ 20 % while the report renders | {quiet:.1f} → {rendering:.1f} ms "
        f"({moved:+.0f} %) | {'met' if moved <= 20 else '**missed**'} |",
        f"| (for reference) openspace ÷ bare, quiet / rendering | {result['quiet_over_bare']} / "
        f"{result['rendering_over_bare']} (bare p95 {bare:.1f} ms) | |", "",
        "| round | scenario | all phones p50 / p95 / p99 (ms) | one phone p95 | lost | "
        "server CPU | loadgen CPU | load avg | renders (s) |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for cell in result["cells"]:
        lines.append(
            f"| {cell['round']} | {cell['scenario']} | {cell['p50_ms']} / {cell['p95_ms']} / "
            f"{cell['p99_ms']} | {cell['one_phone_p95_ms']} | {cell['lost']} | "
            f"{cell['server_cpu_percent']} % | {cell['loadgen_cpu_percent']} % | "
            f"{cell['load_average']} | "
            f"{', '.join(str(r['seconds']) for r in cell.get('renders', []))} |")
    lines += ["", "*all phones*: from the post to the moment the last phone had the card. "
              "The quiet p95 is the mean of the quiet cells before and after; the rendering "
              "p95 the mean of the rendering cells. Server CPU excludes the PDF child.", ""]
    (RESULTS / f"{args.name}.md").write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {RESULTS / (args.name + '.md')}")


if __name__ == "__main__":
    main()
