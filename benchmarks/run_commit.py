"""How long a post holds the event loop, and how much of it is the commit (issue 15 point 2).

    .venv/bin/python benchmarks/run_commit.py [--posts 500] [--postgres]

Posts cards one after the other through the write pipeline's own steps
(``Database.statements`` and ``services.quick_post``) on SQLite in a folder on
this disk (``synchronous=FULL``: one fsync per commit), and on PostgreSQL
with ``--postgres``. Times each whole post and, on SQLite, its COMMIT alone
(the fsync, which runs inside the C library and holds the event loop under
eventlet). Writes ``results/commit.md`` and ``results/commit.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import event

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from openspace.db import Database, sqlite_url  # noqa: E402
from openspace.services import participants, quick_post, workshops  # noqa: E402
from openspace.services.access import PARTICIPANT, Actor  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
POSTGRES_URL = "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"


def percentile(values: list[float], share: float) -> float:
    """Return the ``share`` percentile of ``values`` in ms, rounded."""
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000, 2)


def measure(database: Database, posts: int) -> dict:
    """Post ``posts`` cards; return the whole post's and the commit's times."""
    commits: list[float] = []
    started: dict = {}

    @event.listens_for(database.write_engine, "commit")
    def before(connection):
        """Note when COMMIT starts."""
        started["at"] = time.perf_counter()

    with database.write() as session:
        workshop = workshops.create_workshop(session, {
            "title": "Commit", "language": "da", "themes": ["Fritid"]}).workshop
        workshop_id, code, theme = workshop.id, workshop.join_code, workshop.themes[0].id
    with database.write() as session:
        joined = participants.join(session, workshop_id, {"join_code": code, "name": "Bench"})
        actor = Actor(PARTICIPANT, workshop_id, joined.participant.id)
    whole: list[float] = []
    started.clear()  # the set-up's own commits
    for number in range(posts):
        began = time.perf_counter()
        with database.statements() as session:
            outcome = quick_post.post_card_quickly(session, actor, {
                "client_id": f"c-{number}", "kind": "idea", "theme_id": theme,
                "text": f"Kort nummer {number} om fællesskab"})
        ended = time.perf_counter()
        if "at" in started:
            commits.append(ended - started.pop("at"))
        assert outcome is not None
        whole.append(ended - began)
    result = {"posts": posts, "post_p50_ms": percentile(whole, 0.5),
              "post_p95_ms": percentile(whole, 0.95), "post_max_ms": round(max(whole) * 1000, 2),
              "post_mean_ms": round(statistics.mean(whole) * 1000, 2)}
    if commits:
        result.update(commit_p50_ms=percentile(commits, 0.5),
                      commit_p95_ms=percentile(commits, 0.95),
                      commit_max_ms=round(max(commits) * 1000, 2))
    return result


def main(argv=None) -> None:
    """Measure on SQLite (and PostgreSQL) and write the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=500)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args(argv)
    rows = {}
    with tempfile.TemporaryDirectory(prefix="openspace-commit-", dir=ROOT) as folder:
        database = Database(sqlite_url(Path(folder)))
        database.migrate()
        rows["sqlite (this disk, synchronous=FULL)"] = measure(database, args.posts)
        database.dispose()
    if args.postgres:
        sys.path.insert(0, str(ROOT))
        from tests.databases import fresh_postgres_database

        with fresh_postgres_database() as url:
            database = Database(url)
            database.migrate()
            rows["postgresql (loopback)"] = measure(database, args.posts)
            database.dispose()
    load = [round(x, 2) for x in os.getloadavg()]
    command = " ".join([".venv/bin/python benchmarks/run_commit.py", *(argv or sys.argv[1:])])
    (RESULTS / "commit.json").write_text(json.dumps({"command": command, "load_average": load,
                                                     "rows": rows}, indent=2) + "\n")
    lines = ["# One post, one after the other: how long it holds the loop", "",
             f"Command: `{command}` (load average at the end: {load}).", "",
             "| database | posts | post p50 / p95 / max (ms) | commit p50 / p95 / max (ms) |",
             "| --- | ---: | ---: | ---: |"]
    for name, row in rows.items():
        commit = (f"{row['commit_p50_ms']} / {row['commit_p95_ms']} / {row['commit_max_ms']}"
                  if "commit_p50_ms" in row else "in the statement")
        lines.append(f"| {name} | {row['posts']} | {row['post_p50_ms']} / {row['post_p95_ms']} "
                     f"/ {row['post_max_ms']} | {commit} |")
    (RESULTS / "commit.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
