"""The fan-out benchmark, one command: openspace against a bare Flask-SocketIO server.

    .venv/bin/python benchmarks/run_fanout.py            # the full matrix (~15 minutes)
    .venv/bin/python benchmarks/run_fanout.py --quick    # a smoke run (~3 minutes)

Writes ``benchmarks/results/<name>.json`` and ``benchmarks/results/RESULTS.md``.
Needs PostgreSQL and Redis on the loopback for the two-process runs (skipped
with a note when absent). Not run by pytest.
"""

from __future__ import annotations

import argparse
import json
import platform
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis
from board import pdf_cells
from cells import Phones, Poster, run_cell
from report import write_markdown
from servers import ADMIN_TOKEN, Server, can_pin
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

RESULTS = Path(__file__).resolve().parent / "results"
POSTGRES_URL = "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"
REDIS_URL = "redis://127.0.0.1:6379/0"

FULL = {"phones": [100, 500, 2000], "rates": [2, 10, 20], "duration": 12, "board_cards": 2000,
        "compare_phones": 2000, "pdf_phones": 500}
QUICK = {"phones": [50, 200], "rates": [5, 20], "duration": 4, "board_cards": 300,
         "compare_phones": 200, "pdf_phones": 200}


def fresh_postgres() -> str | None:
    """Create an empty PostgreSQL database and return its URL (None if unreachable)."""
    try:
        admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT",
                              connect_args={"connect_timeout": 3})
        name = f"openspace_bench_{secrets.token_hex(4)}"
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    except Exception:
        return None


def redis_up() -> bool:
    """True if Redis answers."""
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=3).ping())
    except redis.RedisError:
        return False


class Run:
    """One server setup (kind, async mode, processes) with its phones connected."""

    def __init__(self, folder: Path, kind: str, mode: str, phones: int, processes: int = 1,
                 env: dict | None = None, label: str | None = None, batch: bool = False):
        """Start the servers, create the workshop, join and connect the phones."""
        self.kind, self.mode, self.processes, self.label = kind, mode, processes, label
        self.batch = batch  # the phones announce `batch: true` (issue 15 point 3)
        print(f"{kind} {mode} {processes}p {label or ''}, {phones} phones", flush=True)
        instance = folder / f"{kind}-{mode}-{processes}p-{phones}-{secrets.token_hex(2)}"
        self.servers = [Server(kind, mode, instance, env) for _ in range(processes)]
        self.phones = self.poster = None
        try:
            for server in self.servers:
                server.start()
            self._connect(kind, phones)
        except BaseException:
            self.close()
            raise

    def _connect(self, kind: str, phones: int) -> None:
        """Create the workshop, measure idle memory, join and connect the phones."""
        self.number = 1
        plan = {"kind": kind, "last_seq": 0, "batch": self.batch}
        if kind == "openspace":
            self.workshop = self.servers[0].api("POST", "/api/v1/workshops", json={
                "title": "Fan-out", "language": "da", "themes": ["Fritid"]}).json()
            plan.update(workshop=self.workshop["id"], join_code=self.workshop["join_code"])
            auth = {"workshop": self.workshop["id"], "token": self.workshop["facilitator_token"]}
            theme_id = self.workshop["themes"][0]["id"]
        else:
            auth, theme_id = {"workshop": "bench", "token": "none"}, "t"
        time.sleep(1)
        self.idle_rss = sum(s.rss_bytes() for s in self.servers)
        workers = 1 if phones <= 100 else 4
        self.phones = Phones(self.servers, phones, plan, workers)
        time.sleep(3)  # let the presence counts and the connect backlog settle
        self.connected_rss = sum(s.rss_bytes() for s in self.servers)
        self.poster = Poster(self.servers[0], auth, theme_id)

    def describe(self) -> dict:
        """Return what this run is and its memory per connection."""
        return {"server": self.kind, "mode": self.mode, "processes": self.processes,
                "phones": self.phones.count, "idle_rss_mb": round(self.idle_rss / 2**20, 1),
                "connected_rss_mb": round(self.connected_rss / 2**20, 1),
                "kb_per_connection": round((self.connected_rss - self.idle_rss)
                                           / self.phones.count / 1024, 1)}

    def cell(self, rate: float, duration: float, **extra) -> dict:
        """Run one posting cell and label it."""
        if not self.poster.client.connected:
            # On a loaded machine an idle poster may miss its pings while other
            # setups connect their phones: connect it again.
            self.poster = Poster(self.servers[0], self.poster.auth, self.poster.theme_id)
        result = run_cell(self.servers, self.phones, self.poster, rate, duration, self.number)
        self.number += int(rate * duration) + 1
        cell = {**self.describe(), **result, **({"setup": self.label} if self.label else {}),
                **extra}
        print(f"  {self.kind:9} {self.mode:8} {self.processes}p {cell['phones']:5} phones "
              f"{rate:4} c/s  p95 all {cell['all_phones_ms']['p95']} ms  lost {cell['lost']}  "
              f"server {cell['server_cpu_percent']}%  loadgen {cell['loadgen_cpu_percent']}%",
              flush=True)
        return cell

    def close(self) -> None:
        """Disconnect everyone and stop the servers."""
        if self.poster:
            self.poster.close()
        if self.phones:
            self.phones.stop()
        for server in self.servers:
            server.stop()


def profile(phones: int, rate: float, duration: float, processes: int = 1) -> None:
    """Record where the openspace server spends its time during one cell (py-spy).

    ``processes`` 2: two servers on PostgreSQL and Redis, one profile each.
    """
    env, label = None, ""
    if processes > 1:
        database = fresh_postgres()
        if not (database and redis_up()):
            raise SystemExit("two processes need PostgreSQL and Redis on the loopback")
        env = {"OPENSPACE_DATABASE_URL": database, "OPENSPACE_REDIS_URL": REDIS_URL}
        label = f"-{processes}p-postgresql-redis"
    with tempfile.TemporaryDirectory(prefix="openspace-profile-") as tmp:
        run = Run(Path(tmp), "openspace", "eventlet", phones, processes=processes, env=env)
        outputs = [RESULTS / f"profile-{phones}-phones-{int(rate)}-per-s{label}"
                          f"{'-' + str(n + 1) if processes > 1 else ''}.txt"
                   for n in range(processes)]
        spies = [subprocess.Popen(["py-spy", "record", "--pid", str(server.process.pid),
                                   "--format", "raw", "--output", str(output), "--rate", "200",
                                   "--nonblocking"], stdout=subprocess.DEVNULL)
                 for server, output in zip(run.servers, outputs, strict=True)]
        try:
            time.sleep(1)
            run.cell(rate, duration)
        finally:
            for spy in spies:
                spy.send_signal(signal.SIGINT)
                spy.wait(60)
            run.close()
    for output in outputs:
        print(f"wrote {output} (collapsed stacks: flamegraph.pl or speedscope.app read it)")


def side_by_side(folder: Path, settings: dict, cells: list, phones: int,
                 setups: list[dict]) -> None:
    """Start every setup with its phones, then post at each rate on each in turn.

    Taking turns (and reversing the order at every rate) gives the servers the
    same background load on a shared machine.
    """
    runs = []
    try:
        for setup in setups:
            runs.append(Run(folder, phones=phones, **setup))
        for index, rate in enumerate(settings["rates"]):
            for run in (runs if index % 2 == 0 else runs[::-1]):
                cells.append(run.cell(rate, settings["duration"]))
    finally:
        for run in runs:
            run.close()


def batching(folder: Path, settings: dict, cells: list, phones: int) -> None:
    """The bare server, openspace to old phones (one ``event`` each), and openspace to
    phones that take ``events`` lists, side by side (issue 15 point 3)."""
    side_by_side(folder, settings, cells, phones, [
        {"kind": "reference", "mode": "eventlet"},
        {"kind": "openspace", "mode": "eventlet", "label": "single events",
         "env": {"OPENSPACE_FANOUT_BATCH_MS": "0"}},
        {"kind": "openspace", "mode": "eventlet", "label": "batched (50 ms)", "batch": True,
         "env": {"OPENSPACE_FANOUT_BATCH_MS": "50"}},
    ])


def modes(folder: Path, settings: dict, cells: list, phones: int) -> None:
    """eventlet against gevent, on SQLite and on PostgreSQL, beside both bare servers
    (issue 15 point 2: psycopg2 waits cooperatively under both)."""
    setups = [{"kind": "reference", "mode": "eventlet"}, {"kind": "reference", "mode": "gevent"},
              {"kind": "openspace", "mode": "eventlet", "label": "sqlite"},
              {"kind": "openspace", "mode": "gevent", "label": "sqlite"}]
    for mode in ("eventlet", "gevent"):
        database = fresh_postgres()
        if database:
            setups.append({"kind": "openspace", "mode": mode, "label": "postgresql",
                           "env": {"OPENSPACE_DATABASE_URL": database}})
    side_by_side(folder, settings, cells, phones, setups)


def pair(folder: Path, settings: dict, cells: list, phones: int) -> None:
    """One process of openspace on SQLite beside the bare server, nothing else."""
    side_by_side(folder, settings, cells, phones, [{"kind": "reference", "mode": "eventlet"},
                                                   {"kind": "openspace", "mode": "eventlet"}])


def diagnose_disk(folder: Path, settings: dict, cells: list, phones: int) -> None:
    """openspace on SQLite on disk, and on tmpfs (no fsync wait), beside the bare server.

    Not a deployment: a database in memory is lost with the machine. It shows
    how much of openspace's latency is waiting for the disk.
    """
    memory = Path(tempfile.mkdtemp(prefix="openspace-tmpfs-", dir="/dev/shm"))
    try:
        side_by_side(folder, settings, cells, phones, [
            {"kind": "reference", "mode": "eventlet"},
            {"kind": "openspace", "mode": "eventlet"},
            {"kind": "openspace", "mode": "eventlet", "label": "sqlite on tmpfs",
             "env": {"OPENSPACE_INSTANCE_PATH": str(memory)}},
        ])
    finally:
        shutil.rmtree(memory, ignore_errors=True)


def main(argv=None) -> None:
    """Run the whole matrix and write the results."""
    parser = argparse.ArgumentParser(description="openspace fan-out benchmark")
    parser.add_argument("--quick", action="store_true", help="a short smoke run")
    parser.add_argument("--name", help="results file name (default: fanout or fanout-quick)")
    parser.add_argument("--diagnose-disk", metavar="PHONES", type=int,
                        help="only compare SQLite on disk and on tmpfs with the bare server")
    parser.add_argument("--batching", metavar="PHONES", type=int,
                        help="only compare single and batched fan-out with the bare server")
    parser.add_argument("--rates", help="comma-separated cards per second (default: the matrix's)")
    parser.add_argument("--pdf-only", metavar="PHONES", type=int,
                        help="only the board-load and PDF-render cells")
    parser.add_argument("--modes", metavar="PHONES", type=int,
                        help="only eventlet and gevent, SQLite and PostgreSQL, beside the bare "
                             "servers")
    parser.add_argument("--pair", metavar="PHONES", type=int,
                        help="only openspace on SQLite beside the bare server")
    parser.add_argument("--profile", metavar="PHONES", type=int,
                        help="only profile openspace (py-spy): phones at the top rate")
    parser.add_argument("--processes", type=int, default=1,
                        help="with --profile: 2 profiles two processes on PostgreSQL and Redis")
    args = parser.parse_args(argv)
    settings = dict(QUICK if args.quick else FULL)
    if args.rates:
        settings["rates"] = [float(rate) for rate in args.rates.split(",")]
    if args.profile:
        profile(args.profile, max(settings["rates"]), settings["duration"], args.processes)
        return
    name = args.name or ("fanout-quick" if args.quick else "fanout")
    command = " ".join([".venv/bin/python benchmarks/run_fanout.py", *(argv or sys.argv[1:])])
    started, cells, notes, board = time.time(), [], [], None
    with tempfile.TemporaryDirectory(prefix="openspace-bench-") as tmp:
        folder = Path(tmp)
        if args.diagnose_disk:
            name = args.name or "disk-diagnosis"
            diagnose_disk(folder, settings, cells, args.diagnose_disk)
        elif args.batching:
            name = args.name or "batching"
            batching(folder, settings, cells, args.batching)
        elif args.modes:
            name = args.name or f"modes-{args.modes}"
            modes(folder, settings, cells, args.modes)
        elif args.pair:
            name = args.name or f"pair-{args.pair}"
            pair(folder, settings, cells, args.pair)
        elif args.pdf_only:
            name = args.name or "pdf-render"
            board = pdf_run(folder, settings, cells, args.pdf_only)
        else:
            board = matrix(folder, settings, cells, notes)
    write_results(name, command, started, settings, notes, board, cells,
                  RESULTS / (f"{name}.md" if args.diagnose_disk or args.pdf_only or args.name
                             or args.batching or args.modes or args.pair else
                             "RESULTS-quick.md" if args.quick else "RESULTS.md"))


def matrix(folder: Path, settings: dict, cells: list, notes: list) -> dict:
    """Run the whole matrix; return the board-load figures."""
    for phones in settings["phones"]:
        setups = [{"kind": "reference", "mode": "eventlet"},
                  {"kind": "openspace", "mode": "eventlet"}]
        database = fresh_postgres()
        if database:
            # SQLite (the laptop default) commits with fsync on the event loop;
            # PostgreSQL (bigger installations) waits for its commit cooperatively.
            setups.append({"kind": "openspace", "mode": "eventlet", "label": "postgresql",
                           "env": {"OPENSPACE_DATABASE_URL": database}})
        side_by_side(folder, settings, cells, phones, setups)
    compare = settings["compare_phones"]
    side_by_side(folder, settings, cells, compare, [{"kind": "reference", "mode": "gevent"},
                                                    {"kind": "openspace", "mode": "gevent"}])
    two_db = fresh_postgres()
    if two_db and redis_up():
        side_by_side(folder, settings, cells, compare, [
            {"kind": "reference", "mode": "eventlet", "processes": 2,
             "env": {"OPENSPACE_REDIS_URL": REDIS_URL}, "label": "redis"},
            {"kind": "openspace", "mode": "eventlet", "processes": 2, "label":
             "postgresql + redis", "env": {"OPENSPACE_DATABASE_URL": two_db,
                                           "OPENSPACE_REDIS_URL": REDIS_URL}},
        ])
    else:
        notes.append("PostgreSQL or Redis unreachable: the two-process runs were skipped.")

    return pdf_run(folder, settings, cells, settings["pdf_phones"])


def pdf_run(folder: Path, settings: dict, cells: list, phones: int) -> dict:
    """Board load and the p95 without and with a large PDF rendering; return the load."""
    run = Run(folder, "openspace", "eventlet", phones)
    try:
        more, board = pdf_cells(run, settings)
        cells.extend(more)
    finally:
        run.close()
    return board


def write_results(name: str, command: str, started: float, settings: dict, notes: list,
                  board: dict | None, cells: list, markdown: Path) -> None:
    """Write the JSON of a run and its markdown report."""
    machine = {"cpus": __import__("os").cpu_count(), "python": sys.version.split()[0],
               "platform": platform.platform(), "server_pinned_to_core_0": can_pin(),
               "load_average_at_end": [round(x, 2) for x in __import__("os").getloadavg()]}
    results = {"name": name, "command": command, "started": time.strftime(
        "%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)), "minutes": round((time.time() - started)
                                                                     / 60, 1),
        "settings": settings, "machine": machine, "notes": notes, "board_load": board,
        "cells": cells, "admin_token_used": ADMIN_TOKEN}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(results, indent=1, ensure_ascii=False)
                                          + "\n", encoding="utf-8")
    write_markdown(results, markdown)
    print(f"wrote {RESULTS / (name + '.json')}")


if __name__ == "__main__":
    main()
