"""Benchmark of the PDFs: plenary summaries of 50, 300 and 2000 cards, the full-day report.

Builds synthetic snapshots (the shape of docs/PLENARY_SPEC.md, Danish text with
æøå), renders the templates through an app's documents service exactly as the server
does, then times ``PdfWorkers.html_to_pdf`` (child process start, WeasyPrint,
PDF/UA tagging, pipe back). Each render runs in a fresh driver process so that
the child's peak memory (``ru_maxrss`` of RUSAGE_CHILDREN) belongs to that one
render. Each case runs ``--runs`` times (default 3); the median is reported.

Run from the repository root:

    /work/venv/bin/python benchmarks/pdf/bench_pdf.py

Writes benchmarks/pdf/results.json and benchmarks/pdf/RESULTS.md.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

NOTES = """\
## What the numbers rest on

- The report case is a day of 7 hourly plenaries sharing 2000 cards: every card
  appears in its plenary's section and again on the final board, actors and
  initiatives a third time in the plenaries' "Nye aktører" / "Nye indsatser" lists
  (about 5,000 list items in all).
- Time grows linearly with the cards (about 2 ms of CPU per printed card, plus the
  fixed start-up). The fixed part is the worker's start: Python + WeasyPrint import
  (about 0.5 s), hidden by the spare worker in a running server.
- Found while profiling, and fixed (openspace/documents/pdf_worker.py, templates/pdf,
  print.css):
  - the cyclic garbage collector cost about 30 % of a large render and freed almost
    nothing: the one-shot worker runs with `gc.disable()` (peak RSS +2 %);
  - pydyf rebuilds the tuple of all page references on every access and WeasyPrint's
    PDF/UA tagging reads it once per tagged box: quadratic, several seconds on a
    170-page report; the worker caches it (same result);
  - one block per card (text and a small inline meta line) instead of nested blocks
    and spans, no whitespace between list items, no flex/grid: half the boxes;
  - the worker ends with `os._exit` after writing the PDF, skipping the interpreter's
    teardown of WeasyPrint's objects (about 0.1 s);
  - the worker is started by file path, not `-m openspace.documents.pdf_worker`, so it does not
    import the openspace package (Flask, SQLAlchemy: about 0.8 s).
"""

#: How long the warm driver waits for the spare worker to load WeasyPrint.
SPARE_READY_SECONDS = 2.0

#: Targets from the brief: seconds of wall time.
TARGETS = {"plenary-300": 1.5, "report-2000": 10.0}

THEMES = [
    ("t1", "Fællesskaber i klubber og foreninger"),
    ("t2", "Skolen og fritiden"),
    ("t3", "Sundhed og trivsel"),
    ("t4", "Forældre og familie"),
    ("t5", "Unge der står uden for"),
]
IDEAS = [
    "Lektiecafé i klubben hver tirsdag, så de unge får et fast sted at være efter skole",
    "Åben hal fredag aften med musik og en voksen, der kender de unge",
    "Fælles madlavning for børn og forældre i frivilligcentret",
    "Gå-grupper: en voksen og tre unge går en tur sammen hver uge",
    "Kontingentfri første sæson, så økonomi ikke holder nogen ude",
    "Unge-ambassadører der tager en ny med til træning",
    "Et kort over alle gratis fritidstilbud i kommunen, på dansk, engelsk og arabisk",
    "Flere pladser på holdene om eftermiddagen",
]
ACTORS = [
    "Ungdomsskolen", "Røde Kors Ungdom", "SSP-konsulenten", "Frivilligcentret",
    "Boldklubben Ørsted", "Sundhedsplejen", "Biblioteket", "FDF Søndermarken",
]
INITIATIVES = [
    "Søren laver en aftale med hallen om fredag aften",
    "Vi samler foreningerne til et møde i januar om kontingentstøtte",
    "Biblioteket åbner et rum for lektiehjælp to dage om ugen",
    "Kommunen undersøger om bussen kan køre senere om aftenen",
]
NAMES = [None, None, None, "Åse", "Søren", "Mette Ø.", "Jens Peter"]


def clock(minutes: int) -> str:
    """Return a Danish clock time for ``minutes`` after midnight."""
    return f"{minutes // 60:02d}.{minutes % 60:02d}"


def workshop() -> dict:
    """Return the workshop part of every snapshot."""
    return {
        "id": "w-bench", "title": "Unge og fællesskaber – ensomhed blandt børn og unge",
        "vision": "Vi vil finde ud af, hvordan flere børn og unge får et fællesskab, "
                  "de hører til i.",
        "language": "da", "timezone": "Europe/Copenhagen",
        "join_url": "http://192.168.1.20:5000/j/K7MNP2QR", "join_code": "K7MNP2QR",
    }


def make_cards(count: int, first: int, start_min: int, end_min: int,
               rng: random.Random) -> list[dict]:
    """Return ``count`` cards posted between two clock times."""
    cards = []
    for index in range(first, first + count):
        theme_id, theme_title = THEMES[rng.randrange(len(THEMES))]
        kind = rng.choice(["idea", "idea", "idea", "actor", "initiative"])
        source = {"idea": IDEAS, "actor": ACTORS, "initiative": INITIATIVES}[kind]
        text = rng.choice(source)
        if kind == "idea" and rng.random() < 0.3:
            text += ". " + rng.choice(IDEAS).lower()
        posted = start_min + (index - first) * (end_min - start_min) // max(count, 1)
        cards.append({
            "id": f"c{index}", "kind": kind, "theme_id": theme_id, "theme_title": theme_title,
            "text": f"{text} (#{index})", "author_name": rng.choice(NAMES),
            "created_local": clock(posted), "supports": rng.choice([0, 0, 0, 1, 2, 4, 9]),
        })
    return cards


def by_theme(cards: list[dict]) -> list[dict]:
    """Group cards by theme and kind, oldest first."""
    themes = [{"id": tid, "title": title, "idea": [], "actor": [], "initiative": []}
              for tid, title in THEMES]
    index = {t["id"]: t for t in themes}
    for card in cards:
        index[card["theme_id"]][card["kind"]].append(card)
    return themes


def snapshot(number: int, window: list[dict], before: list[dict], start_min: int,
             end_min: int, day_start: int = 9 * 60) -> dict:
    """Return the snapshot of a plenary whose window holds ``window``."""
    everything = before + window
    buckets = []
    for bucket_start in range(day_start, end_min, 10):
        count = sum(1 for c in everything
                    if bucket_start <= int(c["created_local"][:2]) * 60
                    + int(c["created_local"][3:]) < bucket_start + 10)
        buckets.append({"label": clock(bucket_start), "count": count,
                        "in_window": bucket_start + 10 > start_min})
    top = sorted(window, key=lambda c: -c["supports"])[:5]
    return {
        "workshop": workshop(), "number": number,
        "starts_at": "2026-11-22T08:00:00+00:00", "ends_at": "2026-11-22T09:00:00+00:00",
        "starts_local": clock(start_min), "ends_local": clock(end_min),
        "date_local": "22. november 2026",
        "note": "Vi aftalte at mødes igen i januar.\nSøren tager kontakt til hallen.",
        "counts": {
            "participants_joined": 12 + number, "participants_posting": 9 + number,
            "cards": len(window),
            **{k: sum(1 for c in window if c["kind"] == k)
               for k in ("idea", "actor", "initiative")},
            "cards_total": len(everything),
        },
        "themes": by_theme(window),
        "top_window": top, "top_overall": sorted(everything, key=lambda c: -c["supports"])[:5],
        "new_actors": [c for c in window if c["kind"] == "actor"],
        "new_initiatives": [c for c in window if c["kind"] == "initiative"],
        "timeline": {"bucket_minutes": 10, "buckets": buckets},
        "extras": {},
    }


def plenary_case(cards: int) -> dict:
    """Plenary 2 (10.00-11.00) with ``cards`` new cards, after 40 earlier ones."""
    rng = random.Random(cards)
    before = make_cards(40, 0, 9 * 60, 10 * 60, rng)
    window = make_cards(cards, 40, 10 * 60, 11 * 60, rng)
    return snapshot(2, window, before, 10 * 60, 11 * 60)


def report_case(cards: int, plenaries: int = 7) -> dict:
    """A day of ``plenaries`` hourly plenaries from 9.00 sharing ``cards`` cards."""
    rng = random.Random(cards)
    snapshots, everything = [], []
    for number in range(1, plenaries + 1):
        start, end = (8 + number) * 60, (9 + number) * 60
        share = cards // plenaries + (1 if number <= cards % plenaries else 0)
        window = make_cards(share, len(everything), start, end, rng)
        snapshots.append(snapshot(number, window, list(everything), start, end))
        everything += window
    final = snapshots[-1]
    counts = {**final["counts"], "cards": len(everything), "cards_total": len(everything),
              **{k: sum(1 for c in everything if c["kind"] == k)
                 for k in ("idea", "actor", "initiative")}}
    return {
        "workshop": workshop(), "plenaries": snapshots, "board": by_theme(everything),
        "counts": counts, "timeline": final["timeline"],
        "generated_local": f"22. november 2026 {final['ends_local']}",
    }


def render_html(case: str, cards: int) -> tuple[str, str]:
    """Render the template of a case through the app's documents service, as the server does."""
    from openspace import create_app
    from openspace.documents import charts, documents_of, qr

    app = create_app({"TESTING": True, "INSTANCE_PATH": tempfile.mkdtemp(prefix="bench-pdf-"),
                      "ADMIN_TOKEN": "bench", "ASYNC_MODE": "threading", "PDF_SPARE": False})
    documents = documents_of(app)
    if case == "plenary":
        s = plenary_case(cards)
        html = documents.html(
            "pdf/plenary.html", "da", s=s,
            qr_svg=qr.svg(s["workshop"]["join_url"]).decode("utf-8"),
            chart_svg=charts.timeline_svg(s["timeline"]))
        return html, f"{s['workshop']['title']} – {s['number']}"
    r = report_case(cards)
    html = documents.html(
        "pdf/report.html", "da", r=r,
        qr_svg=qr.svg(r["workshop"]["join_url"]).decode("utf-8"),
        chart_svgs={p["number"]: charts.timeline_svg(p["timeline"]) for p in r["plenaries"]})
    return html, r["workshop"]["title"]


def render_once(html_path: str, title: str, mode: str) -> dict:
    """Driver mode: render one HTML file, report wall time, child CPU and peak RSS.

    ``cold``: the worker process starts on demand (Python + WeasyPrint import
    inside the measured time). ``warm``: the spare worker has been started and
    has had time to load WeasyPrint, as in a server between two downloads.
    """
    from openspace.documents.pdf import PdfWorkers

    html = Path(html_path).read_text(encoding="utf-8")
    workers = PdfWorkers(keep_spare=mode == "warm")
    if workers.keep_spare:
        workers.warm_up()
        time.sleep(SPARE_READY_SECONDS)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    data = workers.html_to_pdf(html, timeout=300, title=title, language="da")
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "wall_s": wall,
        "cpu_s": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        "peak_rss_mb": after.ru_maxrss / 1024,  # KiB on Linux; this driver has one child
        "pdf_bytes": len(data),
        "pages": len(PdfReader(io.BytesIO(data)).pages),
    }


def main() -> None:
    """Run every case ``--runs`` times and write results.json and RESULTS.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--one", nargs=3, metavar=("HTML", "TITLE", "MODE"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(render_once(*args.one)))
        return

    cases = [("plenary", 50), ("plenary", 300), ("plenary", 2000), ("report", 2000)]
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as folder:
        for case, cards in cases:
            html, title = render_html(case, cards)
            path = Path(folder) / f"{case}-{cards}.html"
            path.write_text(html, encoding="utf-8")
            for mode in ("warm", "cold"):
                runs = []
                for _ in range(args.runs):
                    out = subprocess.run(
                        [sys.executable, __file__, "--one", str(path), title, mode],
                        check=True, capture_output=True, text=True, cwd=ROOT,
                    )
                    runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
                name = f"{case}-{cards}"
                row = {
                    "case": name, "mode": mode, "cards": cards,
                    "html_bytes": len(html.encode("utf-8")),
                    "pages": runs[0]["pages"], "pdf_bytes": runs[0]["pdf_bytes"],
                    "wall_s_median": statistics.median(r["wall_s"] for r in runs),
                    "cpu_s_median": statistics.median(r["cpu_s"] for r in runs),
                    "peak_rss_mb_median": statistics.median(r["peak_rss_mb"] for r in runs),
                    "wall_s_runs": [round(r["wall_s"], 3) for r in runs],
                    "target_wall_s": TARGETS.get(name),
                }
                results.append(row)
                print(f"{name:14s} {mode:4s} wall {row['wall_s_median']:6.2f} s"
                      f"  cpu {row['cpu_s_median']:6.2f} s"
                      f"  rss {row['peak_rss_mb_median']:6.0f} MB  pages {row['pages']:4d}"
                      f"  runs {row['wall_s_runs']}", flush=True)
    write_results(results, args.runs)


def machine() -> dict:
    """Describe the machine the numbers come from."""
    load = os.getloadavg()
    import weasyprint

    return {
        "nproc": os.cpu_count(), "python": platform.python_version(),
        "platform": platform.platform(), "weasyprint": weasyprint.__version__,
        "loadavg_at_end": [round(x, 2) for x in load],
    }


def write_results(results: list[dict], runs: int) -> None:
    """Write results.json and the RESULTS.md table."""
    info = machine()
    command = "/work/venv/bin/python benchmarks/pdf/bench_pdf.py" + (
        f" --runs {runs}" if runs != 3 else "")
    (HERE / "results.json").write_text(json.dumps(
        {"command": command, "runs": runs, "machine": info, "results": results},
        indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    lines = [
        "# PDF rendering benchmark",
        "",
        "Wall time of `PdfWorkers.html_to_pdf` (HTML through the pipe, WeasyPrint, PDF/UA-1",
        "tagging, PDF back), the worker's CPU time (including its start-up) and peak memory",
        f"(max RSS). Median of {runs} runs, each in a fresh driver process; synthetic Danish",
        "snapshots (see bench_pdf.py). *warm*: the spare worker had already loaded WeasyPrint",
        "(the normal case in a running server); *cold*: the worker starts on demand",
        "(`OPENSPACE_PDF_SPARE=0`, or a second render right after the first).",
        "",
        "| case | worker | cards | pages | wall (s) | CPU (s) | peak RSS (MB) | PDF (KB) "
        "| target |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in results:
        target = f"≤ {row['target_wall_s']:g} s" if row["target_wall_s"] else ""
        lines.append(
            f"| {row['case']} | {row['mode']} | {row['cards']} | {row['pages']} | "
            f"{row['wall_s_median']:.2f} | "
            f"{row['cpu_s_median']:.2f} | {row['peak_rss_mb_median']:.0f} | "
            f"{row['pdf_bytes'] / 1024:.0f} | {target} |")
    lines += [
        "",
        "Command (from the repository root):",
        "",
        "```sh",
        command,
        "```",
        "",
        f"Machine: nproc {info['nproc']}, Python {info['python']}, WeasyPrint "
        f"{info['weasyprint']}, {info['platform']}; load average at the end "
        f"{info['loadavg_at_end']} (a shared machine: wall times vary with other load).",
        "",
        NOTES,
    ]
    (HERE / "RESULTS.md").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
