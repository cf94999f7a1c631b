"""Memory per connected phone: openspace against the bare Flask-SocketIO server, one command.

    .venv/bin/python benchmarks/run_memory.py                     # 500 and 2000 phones
    .venv/bin/python benchmarks/run_memory.py --phones 500 --profile

Per number of phones, the bare server and openspace (SQLite; PostgreSQL too
when it answers on the loopback) each start fresh, the phones join and
connect, and after 3 s the server's RSS is read: (RSS connected − RSS idle) ÷
phones, as in ``run_fanout.py``. The order of the setups alternates between
sizes. ``--profile`` also runs openspace (SQLite) under tracemalloc
and the bare server likewise (``tracing/sitecustomize.py``) and writes what
the phones' connections allocated in openspace beyond the bare server, by
file and by line, to ``results/<name>-tracemalloc.txt``.
Writes ``results/<name>.json`` and ``.md`` with ``uptime`` at the start and end.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from run_fanout import RESULTS, Run, fresh_postgres
from run_render import uptime

TRACING = Path(__file__).resolve().parent / "tracing"
#: The server closes an idle keep-alive connection after its header timeout
#: (20 s): the phones' join requests leave one each for that long.
SETTLE_SECONDS = 25


def measure(folder: Path, kind: str, phones: int, env: dict | None = None,
            label: str | None = None) -> dict:
    """Start one server, connect the phones, return its memory figures."""
    # Every phone comes from 127.0.0.1: no cap per address (issue 18's 1000).
    env = {**(env or {}), "OPENSPACE_MAX_CONNECTIONS_PER_ADDRESS": "0"}
    run = Run(folder, kind, "eventlet", phones, env=env, label=label)
    try:
        figures = {**run.describe(), "setup": label or kind,
                   "load_average": [round(x, 2) for x in os.getloadavg()]}
        time.sleep(SETTLE_SECONDS)
        settled = sum(s.rss_bytes() for s in run.servers)
        figures["settled_rss_mb"] = round(settled / 2**20, 1)
        figures["kb_per_connection_settled"] = round((settled - run.idle_rss) / phones / 1024, 1)
    finally:
        run.close()
    print(f"  {figures['setup']:12} {phones:5} phones: {figures['kb_per_connection']} KB/conn, "
          f"{figures['kb_per_connection_settled']} once settled", flush=True)
    return figures


class TracedRun(Run):
    """openspace under tracemalloc: a snapshot before the phones join and one after."""

    def _connect(self, kind: str, phones: int) -> None:
        """Snapshot, connect as usual, snapshot again."""
        self._snapshot(1)
        super()._connect(kind, phones)
        self._snapshot(2)

    def _snapshot(self, number: int) -> None:
        """Ask the server for snapshot ``number`` and wait until it is written."""
        path = Path(self.servers[0].env["OPENSPACE_BENCH_TRACEMALLOC"]) / \
            f"snapshot-{number}.pickle"
        os.kill(self.servers[0].process.pid, signal.SIGUSR1)
        deadline = time.monotonic() + 300
        while not path.exists() and time.monotonic() < deadline:
            time.sleep(0.5)


def traced(folder: Path, kind: str, phones: int) -> tuple[tracemalloc.Snapshot, ...]:
    """Run ``kind`` under tracemalloc; return its snapshots before and after the phones."""
    snaps = folder / f"snapshots-{kind}"
    snaps.mkdir()
    env = {"OPENSPACE_BENCH_TRACEMALLOC": str(snaps),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(TRACING),
                                                       os.environ.get("PYTHONPATH")]))}
    run = TracedRun(folder, kind, "eventlet", phones, env=env, label="tracemalloc")
    run.close()
    return (tracemalloc.Snapshot.load(str(snaps / "snapshot-1.pickle")),
            tracemalloc.Snapshot.load(str(snaps / "snapshot-2.pickle")))


def where(frame) -> str:
    """Return a frame's file (below site-packages) and line."""
    return f"{frame.filename.split('site-packages/')[-1]}:{frame.lineno}"


def profile(folder: Path, phones: int, out: Path) -> None:
    """Write what ``phones`` connections allocate in openspace beyond the bare server."""
    bare_before, bare_after = traced(folder, "reference", phones)
    before, after = traced(folder, "openspace", phones)
    lines = [f"tracemalloc: what {phones} phones joining and connecting left allocated "
             f"(Python objects only; SQLite's and libpq's own memory is not traced), "
             f"openspace (SQLite, eventlet) against the bare server; {uptime()}", ""]
    for key, top in (("filename", 30), ("lineno", 40)):
        mine = {d.traceback[0].filename if key == "filename" else where(d.traceback[0]): d
                for d in after.compare_to(before, key)}
        bare = {d.traceback[0].filename if key == "filename" else where(d.traceback[0]): d
                for d in bare_after.compare_to(bare_before, key)}
        total, bare_total = (sum(d.size_diff for d in x.values()) for x in (mine, bare))
        lines.append(f"## by {key}: openspace {total / phones:.0f} B per phone, bare "
                     f"{bare_total / phones:.0f} B per phone, beyond bare "
                     f"{(total - bare_total) / phones:.0f} B per phone")
        lines.append("   beyond   openspace      bare  (B per phone)")
        extra = sorted(((mine[k].size_diff if k in mine else 0)
                        - (bare[k].size_diff if k in bare else 0), k)
                       for k in set(mine) | set(bare))
        for size, name in sorted(extra, reverse=True)[:top]:
            own = mine[name].size_diff if name in mine else 0
            theirs = bare[name].size_diff if name in bare else 0
            lines.append(f"{size / phones:9.0f} {own / phones:11.0f} {theirs / phones:9.0f}  "
                         f"{name.split('site-packages/')[-1]}")
        lines.append("")
    lines.append("## openspace: the 15 largest by traceback")
    for d in after.compare_to(before, "traceback")[:15]:
        lines.append(f"{d.size_diff / phones:.0f} B/phone, {d.count_diff / phones:.2f} blocks")
        lines += [f"    {where(frame)}" for frame in d.traceback[:8]]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {out}")


def main(argv=None) -> None:
    """Measure and write the results."""
    parser = argparse.ArgumentParser(description="memory per connected phone")
    parser.add_argument("--phones", type=int, nargs="+", default=[500, 2000])
    parser.add_argument("--profile", action="store_true", help="also tracemalloc openspace")
    parser.add_argument("--profile-phones", type=int, default=200,
                        help="phones of the tracemalloc runs (tracing is slow)")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--name", default="memory")
    args = parser.parse_args(argv)
    command = " ".join([".venv/bin/python benchmarks/run_memory.py", *(argv or sys.argv[1:])])
    started, start_uptime, rows, notes = time.time(), uptime(), [], []
    print(start_uptime, flush=True)
    with tempfile.TemporaryDirectory(prefix="openspace-memory-") as tmp:
        folder = Path(tmp)
        for index, phones in enumerate(args.phones):
            setups = [("reference", None, None), ("openspace", None, "sqlite")]
            database = None if args.no_postgres else fresh_postgres()
            if database:
                setups.append(("openspace", {"OPENSPACE_DATABASE_URL": database}, "postgresql"))
            for kind, env, label in (setups if index % 2 == 0 else setups[::-1]):
                try:
                    rows.append(measure(folder, kind, phones, env, label))
                except RuntimeError as error:  # e.g. refused connects on a swamped machine
                    print(f"  {label or kind} {phones} phones failed: {error}", flush=True)
                    notes.append(f"{label or kind} at {phones} phones failed: "
                                 f"{str(error)[:300]}")
        if args.profile:
            profile(folder, args.profile_phones, RESULTS / f"{args.name}-tracemalloc.txt")
    write(args, command, started, start_uptime, rows, notes)


def write(args, command: str, started: float, start_uptime: str, rows: list[dict],
          notes: list[str]) -> None:
    """Write ``results/<name>.json`` and ``.md``."""
    bare = {r["phones"]: r for r in rows if r["setup"] == "reference"}
    for row in rows:
        row["ratio_to_bare"] = round(row["kb_per_connection"]
                                     / bare[row["phones"]]["kb_per_connection"], 2)
        row["ratio_to_bare_settled"] = round(
            row["kb_per_connection_settled"] / bare[row["phones"]]["kb_per_connection_settled"], 2)
    result = {"name": args.name, "command": command,
              "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
              "minutes": round((time.time() - started) / 60, 1), "uptime_start": start_uptime,
              "uptime_end": uptime(), "notes": notes, "rows": rows}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{args.name}.json").write_text(json.dumps(result, indent=1) + "\n",
                                               encoding="utf-8")
    lines = [f"# Memory per connected phone: {args.name}", "",
             f"Run {result['started']} ({result['minutes']} min). Command:", "",
             "```sh", command, "```", "",
             f"- uptime at the start: `{start_uptime}`",
             f"- uptime at the end: `{result['uptime_end']}`",
             *(f"- {note}" for note in notes), "",
             "| setup | phones | RSS idle (MB) | RSS connected, 3 s / settled (MB) | "
             "KB per connection, 3 s / settled | ÷ bare, 3 s / settled (target ≤ 1.1) | "
             "load avg |",
             "| --- | ---: | ---: | ---: | ---: | ---: | --- |"]
    for row in sorted(rows, key=lambda r: (r["phones"], r["setup"] != "reference")):
        lines.append(f"| {row['setup']} | {row['phones']} | {row['idle_rss_mb']} | "
                     f"{row['connected_rss_mb']} / {row['settled_rss_mb']} | "
                     f"{row['kb_per_connection']} / {row['kb_per_connection_settled']} | "
                     f"{row['ratio_to_bare']} / {row['ratio_to_bare_settled']} | "
                     f"{row['load_average']} |")
    lines += ["", "KB per connection: (RSS with the phones connected − RSS idle) ÷ phones, "
              "3 s after the last phone connected (as `run_fanout.py` measures) and again "
              f"{SETTLE_SECONDS} s later (*settled*), when the idle keep-alive connection each "
              "openspace phone's join request left open has been closed by the server's "
              "header timeout (20 s). An openspace phone joins (a participant row, a token) "
              "before it connects; a bare-server phone only connects.", ""]
    (RESULTS / f"{args.name}.md").write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {RESULTS / (args.name + '.md')}")


if __name__ == "__main__":
    main()
