"""The markdown table of a fan-out benchmark run, with ratios to the bare server and targets."""

from __future__ import annotations

from pathlib import Path

P95_RATIO_TARGET = 1.2
MEMORY_RATIO_TARGET = 1.2
PDF_P95_TARGET = 0.20
BOARD_LOAD_TARGET_MS = 100


def _ratio(ours, theirs) -> float | None:
    """Return ours / theirs, or None when either is missing."""
    if ours is None or not theirs:
        return None
    return round(ours / theirs, 2)


def _fmt(value) -> str:
    """Format a number or a missing value for the table."""
    return "–" if value is None else str(value)


def _key(cell: dict) -> tuple:
    """Return what identifies a matrix cell apart from the server kind."""
    return (cell["mode"], cell["processes"], cell["phones"], cell["rate"])


def cell_table(cells: list[dict]) -> list[str]:
    """Return the table of every cell."""
    lines = ["| server | mode | procs | phones | cards/s | database, queue, scenario "
             "| all phones p50 / p95 / p99 (ms) | one phone p95 (ms) | lost | dup | deliveries/s "
             "| server CPU | loadgen CPU | KB/conn |",
             "| --- | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: "
             "| ---: | ---: |"]
    for c in cells:
        a = c["all_phones_ms"]
        lines.append(
            f"| {c['server']} | {c['mode']} | {c['processes']} | {c['phones']} | {c['rate']} | "
            f"{c.get('scenario') or c.get('setup') or ''} | "
            f"{_fmt(a['p50'])} / {_fmt(a['p95'])} / {_fmt(a['p99'])} | "
            f"{_fmt(c['delivery_ms']['p95'])} | {c['lost']} | {c['duplicates']} | "
            f"{c['deliveries_per_second']} | {c['server_cpu_percent']} % | "
            f"{c['loadgen_cpu_percent']} % | {c['kb_per_connection']} |")
    return lines


def ratio_rows(cells: list[dict]) -> list[dict]:
    """Pair openspace and reference cells of the same setup; return their ratios."""
    plain = [c for c in cells if "scenario" not in c]
    reference = {_key(c): c for c in plain if c["server"] == "reference"}
    rows = []
    for ours in (c for c in plain if c["server"] == "openspace"):
        theirs = reference.get(_key(ours))
        if theirs is None:
            continue
        rows.append({
            "database": ("postgresql" if "postgresql" in (ours.get("setup") or "")
                         else ours.get("setup") or "sqlite"),
            "mode": ours["mode"], "processes": ours["processes"], "phones": ours["phones"],
            "rate": ours["rate"],
            "p95_all": (ours["all_phones_ms"]["p95"], theirs["all_phones_ms"]["p95"]),
            "p95_ratio": _ratio(ours["all_phones_ms"]["p95"], theirs["all_phones_ms"]["p95"]),
            "delivery_p95_ratio": _ratio(ours["delivery_ms"]["p95"], theirs["delivery_ms"]["p95"]),
            "memory_ratio": _ratio(ours["kb_per_connection"], theirs["kb_per_connection"]),
            "lost": (ours["lost"], theirs["lost"]),
        })
    return rows


def ratio_table(rows: list[dict]) -> list[str]:
    """Return the openspace ÷ reference table."""
    lines = ["| openspace on | mode | procs | phones | cards/s | all-phones p95 openspace / bare "
             "(ms) | ratio | one-phone p95 ratio | memory/conn ratio | lost openspace / bare |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        lines.append(f"| {r['database']} | {r['mode']} | {r['processes']} | {r['phones']} | "
                     f"{r['rate']} | "
                     f"{_fmt(r['p95_all'][0])} / {_fmt(r['p95_all'][1])} | "
                     f"**{_fmt(r['p95_ratio'])}** | {_fmt(r['delivery_p95_ratio'])} | "
                     f"{_fmt(r['memory_ratio'])} | {r['lost'][0]} / {r['lost'][1]} |")
    return lines


def target_lines(results: dict, rows: list[dict]) -> list[str]:
    """Return one line per target of issue 6: met or missed, by how much."""
    main = [r for r in rows if r["mode"] == "eventlet" and r["processes"] == 1]
    lines = []
    for database in ("sqlite", "postgresql"):
        big = [r for r in main if r["phones"] >= 500 and r["p95_ratio"] is not None
               and r["database"] == database]
        worst = max(big, key=lambda r: r["p95_ratio"], default=None)
        if worst:
            verdict = "met" if worst["p95_ratio"] <= P95_RATIO_TARGET else "MISSED"
            lines.append(f"- p95 ratio to the bare server ≤ {P95_RATIO_TARGET} at ≥ 500 phones, "
                         f"openspace on {database}: worst {worst['p95_ratio']} ({worst['phones']} "
                         f"phones, {worst['rate']} cards/s): **{verdict}**")
    cells = results["cells"]
    top = max((c["phones"] for c in cells), default=0)
    fastest = [c for c in cells if c["server"] == "openspace" and c["mode"] == "eventlet"
               and c["processes"] == 1 and c["phones"] == top and "scenario" not in c
               and "setup" not in c]
    if fastest:
        c = max(fastest, key=lambda c: c["rate"])
        lines.append(f"- nothing lost at {c['rate']} cards/s to {top} phones: lost {c['lost']} "
                     f"of {c['expected_deliveries']}: **{'met' if c['lost'] == 0 else 'MISSED'}**")
    memory = [r["memory_ratio"] for r in main if r["memory_ratio"] is not None]
    if memory:
        worst_memory = max(memory)
        verdict = "met" if worst_memory <= MEMORY_RATIO_TARGET else "MISSED"
        lines.append(f"- memory per connection ≤ {MEMORY_RATIO_TARGET} × bare: worst "
                     f"{worst_memory}: **{verdict}**")
    quiet = [c["all_phones_ms"]["p95"] for c in cells
             if c.get("scenario", "").startswith("pdf: quiet") and c["all_phones_ms"]["p95"]]
    busy = next((c for c in cells if c.get("scenario") == "pdf: rendering"), None)
    if quiet and busy and busy["all_phones_ms"]["p95"]:
        before = sum(quiet) / len(quiet)
        change = busy["all_phones_ms"]["p95"] / before - 1
        lines.append(f"- p95 moves ≤ {PDF_P95_TARGET:.0%} while a large PDF renders: "
                     f"{before:.1f} (mean of the quiet cells before and after) → "
                     f"{busy['all_phones_ms']['p95']} ms ({change:+.0%}): "
                     f"**{'met' if change <= PDF_P95_TARGET else 'MISSED'}**")
    board = results.get("board_load")
    if board:
        lines.append(f"- full board ({board['cards']} cards, {board['bytes'] // 1024} KB) loads "
                     f"in < {BOARD_LOAD_TARGET_MS} ms: p50 {board['p50_ms']} ms, max "
                     f"{board['max_ms']} ms (loopback wall time, an upper bound of server "
                     f"time): **{'met' if board['p50_ms'] < BOARD_LOAD_TARGET_MS else 'MISSED'}**")
    return lines


def comparison_table(cells: list[dict], left: dict, right: dict, title: str) -> list[str]:
    """Return a table of openspace cells matching ``left`` beside those matching ``right``."""

    def matching(fields: dict) -> dict:
        """Return the openspace cells with these fields, by (phones, rate)."""
        return {(c["phones"], c["rate"]): c for c in cells if c["server"] == "openspace"
                and "scenario" not in c and all(c.get(k) == v for k, v in fields.items())}

    lefts, rights = matching(left), matching(right)
    lines = [f"| phones | cards/s | {title}: all-phones p95 (ms) | right ÷ left | server CPU "
             "| lost |",
             "| ---: | ---: | ---: | ---: | ---: | ---: |"]
    for key in sorted(set(lefts) & set(rights)):
        a, b = lefts[key], rights[key]
        lines.append(f"| {key[0]} | {key[1]} | {_fmt(a['all_phones_ms']['p95'])} / "
                     f"{_fmt(b['all_phones_ms']['p95'])} | "
                     f"{_fmt(_ratio(b['all_phones_ms']['p95'], a['all_phones_ms']['p95']))} | "
                     f"{a['server_cpu_percent']} % / {b['server_cpu_percent']} % | "
                     f"{a['lost']} / {b['lost']} |")
    return lines


def write_markdown(results: dict, path: Path) -> None:
    """Write the run's markdown report to ``path``."""
    rows = ratio_rows(results["cells"])
    machine = results["machine"]
    lines = [
        f"# Fan-out benchmark: {results['name']}", "",
        f"Run {results['started']} ({results['minutes']} min). Command:", "",
        "```sh", results["command"], "```", "",
        f"Machine: {machine['cpus']} cores, Python {machine['python']}, {machine['platform']}; "
        f"server pinned to core 0: {machine['server_pinned_to_core_0']}; load generator on the "
        f"other core; load average at the end {machine['load_average_at_end']}.",
        "", "## Targets", "", *target_lines(results, rows),
        *(f"- note: {note}" for note in results["notes"]),
        "", "## openspace ÷ bare Flask-SocketIO server (same run, same async mode)", "",
        *ratio_table(rows), "",
        "## openspace: eventlet against gevent (one process, SQLite)", "",
        *comparison_table(results["cells"], {"mode": "eventlet", "processes": 1, "setup": None},
                          {"mode": "gevent", "processes": 1}, "eventlet / gevent"), "",
        "## openspace: one process against two with Redis (PostgreSQL, eventlet)", "",
        *comparison_table(results["cells"], {"setup": "postgresql", "mode": "eventlet"},
                          {"setup": "postgresql + redis"}, "1 process / 2 processes"), "",
        "## openspace: SQLite against PostgreSQL (one process, eventlet)", "",
        *comparison_table(results["cells"], {"setup": None, "mode": "eventlet", "processes": 1},
                          {"setup": "postgresql"}, "SQLite / PostgreSQL"), "",
        "## Every cell", "", *cell_table(results["cells"]), "",
        "*all phones*: from the post to the moment the last phone had the card (per card). "
        "*one phone*: every single delivery. *lost*: deliveries that never arrived (the "
        "drain waits until 5 s pass without one). *KB/conn*: (server RSS with the phones "
        "connected − RSS before) ÷ phones. CPU: share of one core during the cell.", "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
