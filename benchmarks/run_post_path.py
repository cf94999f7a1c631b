"""The post path (issue 15, points 1–2): before and after, SQLite and PostgreSQL, side by side.

    .venv/bin/python benchmarks/run_post_path.py --before /path/to/older/checkout
    .venv/bin/python benchmarks/run_post_path.py --before DIR --phones 2000 --rates 2 10 20

Every setup of one async mode runs at once (its phones connected), and the
setups take turns at each rate, the order reversed at the next, so that
background load on a shared machine hits them alike (``run_fanout.side_by_side``):
the bare reference server, openspace at ``--before`` and at this checkout, each on
SQLite and on PostgreSQL. A participant posts (``card:create``, screened by the
safe room, as phones do). Measured per cell: the post's acknowledgement
(p50/p95), the card reaching every phone (p95), server CPU per card, and
``/healthz`` asked every 100 ms meanwhile (how long the event loop made a
request wait: SQLite's fsync on the loop shows here). Ratios are against the
reference server of the same mode in the same run. Writes
``results/<name>.json`` and ``results/<name>.md`` with the command and
``uptime`` (the machine is shared).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests
from cells import percentile
from run_fanout import RESULTS, Run, fresh_postgres


class HealthProbe:
    """Ask ``/healthz`` every ``every`` seconds in a thread; keep how long each answer took."""

    def __init__(self, url: str, every: float = 0.1):
        """Prepare the probe of the server at ``url``."""
        self.url, self.every = url, every
        self.times: list[float] = []
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        """Probe until stopped."""
        session = requests.Session()
        while not self.stopped.wait(self.every):
            started = time.monotonic()
            with contextlib.suppress(requests.RequestException):
                session.get(f"{self.url}/healthz", timeout=10)
            self.times.append(time.monotonic() - started)

    def __enter__(self) -> HealthProbe:
        """Start probing."""
        self.thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        """Stop probing."""
        self.stopped.set()
        self.thread.join(15)


def uptime() -> str:
    """Return ``uptime``'s line (the load of the shared machine)."""
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


def setups(mode: str, before: Path, postgres: bool) -> list[dict]:
    """Return the setups of one async mode: reference, before and after on each database."""
    chosen = [{"kind": "reference", "mode": mode, "label": "reference"}]
    for name, root in (("before", before), ("after", None)):
        chosen.append({"kind": "openspace", "mode": mode, "label": f"{name} sqlite",
                       "root": root, "poster": "participant"})
        if postgres:
            url = fresh_postgres()
            if url:
                chosen.append({"kind": "openspace", "mode": mode, "label": f"{name} postgresql",
                               "root": root, "poster": "participant",
                               "env": {"OPENSPACE_DATABASE_URL": url}})
    return chosen


def run_mode(folder: Path, mode: str, args, cells: list) -> None:
    """Start every setup of ``mode``, then run each rate on each in turn."""
    runs, spies = [], []
    try:
        for setup in setups(mode, args.before, not args.no_postgres):
            if args.only and setup["label"] not in args.only:
                continue
            runs.append(Run(folder, phones=args.phones, **setup))
            if setup["label"] in args.profile:
                spies.append(profile(runs[-1], f"{mode}-{setup['label'].replace(' ', '-')}"))
        for index, rate in enumerate(args.rates):
            for run in (runs if index % 2 == 0 else runs[::-1]):
                with HealthProbe(run.servers[0].url) as probe:
                    cell = run.cell(rate, args.duration)
                cell["healthz_ms"] = {"p50": percentile(probe.times, 0.5),
                                      "p95": percentile(probe.times, 0.95),
                                      "max": percentile(probe.times, 1.0)}
                cell["uptime"] = uptime()
                print(f"    ack p95 {cell['ack_ms']['p95']} ms, cpu/card "
                      f"{cell['server_cpu_ms_per_card']} ms, healthz p95 "
                      f"{cell['healthz_ms']['p95']} ms", flush=True)
                cells.append(cell)
    finally:
        for spy in spies:
            spy.send_signal(signal.SIGINT)
            spy.wait(60)
        for run in runs:
            run.close()


def profile(run: Run, name: str) -> subprocess.Popen:
    """Record the run's server with py-spy until stopped (collapsed stacks in ``results/``)."""
    output = RESULTS / f"profile-post-path-{args_phones(run)}-{name}.txt"
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    return subprocess.Popen([spy, "record", "--pid", str(run.servers[0].process.pid),
                             "--format", "raw", "--output", str(output), "--rate", "200",
                             "--nonblocking"], stdout=subprocess.DEVNULL)


def args_phones(run: Run) -> int:
    """Return how many phones ``run`` has."""
    return run.phones.count


def ratio(value, reference) -> str:
    """Return ``value / reference`` as text (— if either is missing)."""
    if value is None or not reference:
        return "—"
    return f"{value / reference:.2f}×"


def markdown(results: dict) -> str:
    """Return the report: one table per async mode and rate, ratios against the reference."""
    lines = [f"# The post path: before and after ({results['started']})", "",
             f"Command: `{results['command']}`", "",
             f"Before: `{results['before']}` at {results['before_commit']}; after: "
             f"{results['after_commit']}. Server pinned to core 0, phones on core 1; "
             f"{results['phones']} phones, {results['duration']} s per cell, a participant "
             "posting over its socket.", "",
             f"`uptime` at the start: {results['uptime_start']}", "",
             f"`uptime` at the end: {results['uptime_end']}", ""]
    for mode, rate, rows in rounds(results["cells"]):
        ref = next((c for c in rows if c.get("setup") == "reference"), None)
        lines += [f"## {mode}, {rate} cards/s (setups in the order they ran)", "",
                  "| setup | ack p50 ms | ack p95 ms | all phones p95 ms (× ref) | "
                  "CPU ms/card (× ref) | /healthz p95 ms (max) | lost | uptime load |",
                  "| --- | --- | --- | --- | --- | --- | --- | --- |"]
        for c in rows:
            load = c["uptime"].split("load average:")[-1].strip()
            lines.append(
                f"| {c.get('setup')} | {c['ack_ms']['p50']} | {c['ack_ms']['p95']} | "
                f"{c['all_phones_ms']['p95']} ({ratio(c['all_phones_ms']['p95'], ref and ref['all_phones_ms']['p95'])}) | "  # noqa: E501
                f"{c['server_cpu_ms_per_card']} ({ratio(c['server_cpu_ms_per_card'], ref and ref['server_cpu_ms_per_card'])}) | "  # noqa: E501
                f"{c['healthz_ms']['p95']} ({c['healthz_ms']['max']}) | {c['lost']} | {load} |")
        lines.append("")
    return "\n".join(lines) + "\n"


def rounds(cells: list[dict]):
    """Yield ``(mode, rate, cells)`` per round: every setup of a mode once, in the order run."""
    modes = list(dict.fromkeys(c["mode"] for c in cells))
    for mode in modes:
        ran = [c for c in cells if c["mode"] == mode]
        size = len({c.get("setup") for c in ran})
        for start in range(0, len(ran), size):
            chunk = ran[start:start + size]
            yield mode, chunk[0]["rate"], chunk


def commit_of(folder: Path | None) -> str:
    """Return the short commit of a checkout."""
    return subprocess.run(["git", "-C", str(folder or Path(__file__).parent), "rev-parse",
                           "--short", "HEAD"], capture_output=True, text=True,
                          check=False).stdout.strip()


def main(argv=None) -> None:
    """Run the cells and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="the older checkout (required to run)")
    parser.add_argument("--phones", type=int, default=300)
    parser.add_argument("--rates", type=float, nargs="+", default=[5, 20])
    parser.add_argument("--duration", type=float, default=12)
    parser.add_argument("--modes", nargs="+", default=["eventlet", "gevent"])
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--name", default="post-path")
    parser.add_argument("--only", nargs="*", default=[],
                        help='setups to run, by label ("reference", "after postgresql", ...)')
    parser.add_argument("--profile", nargs="*", default=[],
                        help="setups whose server py-spy records, by label")
    parser.add_argument("--report", type=Path, help="only write the markdown of a JSON result")
    args = parser.parse_args(argv)
    if args.report:
        results = json.loads(args.report.read_text(encoding="utf-8"))
        args.report.with_suffix(".md").write_text(markdown(results), encoding="utf-8")
        return
    args.before = args.before.resolve()
    started, cells = time.time(), []
    results = {"command": " ".join([".venv/bin/python benchmarks/run_post_path.py",
                                    *(argv or sys.argv[1:])]),
               "started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(started)),
               "before": str(args.before), "before_commit": commit_of(args.before),
               "after_commit": commit_of(None), "phones": args.phones,
               "duration": args.duration, "cpus": os.cpu_count(), "uptime_start": uptime()}
    with tempfile.TemporaryDirectory(prefix="openspace-postpath-") as tmp:
        for mode in args.modes:
            run_mode(Path(tmp), mode, args, cells)
    results.update(cells=cells, uptime_end=uptime(),
                   minutes=round((time.time() - started) / 60, 1))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{args.name}.json").write_text(json.dumps(results, indent=1) + "\n",
                                               encoding="utf-8")
    (RESULTS / f"{args.name}.md").write_text(markdown(results), encoding="utf-8")
    print(f"wrote {RESULTS / args.name}.md")


if __name__ == "__main__":
    main()
